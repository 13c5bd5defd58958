// Loading an experiment file: its own structure first (experiment_plan.hpp), then every case it
// expands to — each design at each point of the full factorial of its sweeps — built from the
// design's scenario with the overrides and the point's values set, and validated as a scenario.
// Every problem of both steps is reported together, each as FILE:LINE:COL: key.path: what was
// expected, at the place of the experiment file (or scenario file) that has to change.
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "experiments/experiment.hpp"
#include "experiments/experiment_plan.hpp"
#include "experiments/json_line.hpp"
#include "experiments/scenario_base.hpp"
#include "experiments/scenario_override.hpp"
#include "experiments/scenario_source.hpp"
#include "models/scenario_document.hpp"
#include "models/scenario_loader.hpp"
#include "sim/input/closest_name.hpp"
#include "sim/input/input_file.hpp"
#include "sim/input/key_depth.hpp"
#include "sim/input/toml_reader.hpp"
#include "sim/input/toml_writer.hpp"

namespace retzef::experiments {
namespace {

using sim::input::ProblemLog;

/// The problems the cases' scenarios have, each with the cases that have it, in the order they
/// were first found: one mistake in a swept design would otherwise be listed once per point.
class CaseProblems {
 public:
  /// `case_name` empty: a problem of the scenario itself, before any case was built.
  void add(const std::string& problem, const std::string& case_name) {
    // Found by hash, not by a search of every problem so far: 20,000 unknown override keys took
    // a minute. Only the cases a message names are kept, and how many there were.
    const auto [at, first] = index_.try_emplace(problem, entries_.size());
    if (first) entries_.push_back(Entry{problem, {}, 0});
    Entry& e = entries_[at->second];
    if (case_name.empty()) return;
    if (e.named.size() < kNamed) e.named.push_back(case_name);
    ++e.cases;
  }
  bool empty() const { return entries_.empty(); }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const auto& e : entries_) {
      if (e.cases == 0) {
        out.push_back(e.problem);
        continue;
      }
      std::string list;
      for (std::size_t i = 0; i < e.named.size(); ++i)
        list += (i > 0 ? ", " : "") + e.named[i];
      if (e.cases > kNamed) list += ", ... (" + std::to_string(e.cases) + " cases)";
      out.push_back(e.problem + " (in case " + list + ")");
    }
    return out;
  }

 private:
  static constexpr std::size_t kNamed = 3;
  struct Entry {
    std::string problem;
    std::vector<std::string> named;  ///< the first kNamed cases that have it
    std::size_t cases;
  };
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> index_;  ///< problem -> its entry
};

/// A value as it appears in a case name: 90, 0.5, recovery.
std::string label(const toml::node& n) {
  if (const auto* i = n.as_integer()) return std::to_string(i->get());
  if (const auto* f = n.as_floating_point()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", f->get());
    return buf;
  }
  if (const auto* s = n.as_string()) return s->get();
  if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
  std::ostringstream os;
  n.visit([&os](const auto& v) { os << v; });
  return os.str();
}

void add_json(JsonLine& line, const std::string& key, const toml::node& n) {
  if (const auto* i = n.as_integer()) {
    line.add(key, static_cast<double>(i->get()));
  } else if (const auto* f = n.as_floating_point()) {
    line.add(key, f->get());
  } else if (const auto* b = n.as_boolean()) {
    line.add(key, b->get());
  } else {
    line.add(key, label(n));
  }
}

/// `design`, or `design@key=value,...` with the last component of each key path, unless two
/// would read the same.
std::string case_name(const std::string& design,
                      const std::vector<std::pair<std::string, std::string>>& labels) {
  if (labels.empty()) return design;
  std::vector<std::string> shown;
  for (const auto& [key, value] : labels) {
    const auto dot = key.rfind('.');
    shown.push_back(dot == std::string::npos ? key : key.substr(dot + 1));
  }
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (std::count(shown.begin(), shown.end(), shown[i]) > 1) shown[i] = labels[i].first;
  }
  std::string name = design + "@";
  for (std::size_t i = 0; i < labels.size(); ++i)
    name += (i > 0 ? "," : "") + shown[i] + "=" + labels[i].second;
  return name;
}

/// Point `point` of a range, as a one-key document (`v`) whose value sits where the range is
/// written: a value the scenario then refuses is reported at the range, not at line 1 of the
/// scenario. The text is exact (17 digits), and the value is checked to be the one computed.
toml::table range_value(const Sweep& sw, std::size_t point) {
  const double v = (*sw.range)[0] + static_cast<double>(point) * (*sw.range)[2];
  const std::int64_t rounded = std::llround(v);
  std::string text = std::to_string(rounded);
  if (!sw.integer_range) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    text = buf;
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
  }
  const auto line = std::max<std::uint32_t>(sw.range_source.begin.line, 1);
  const auto column = std::max<std::uint32_t>(sw.range_source.begin.column, 4);
  // `v`, spaces and `= ` put the value's first character at the range's column.
  const std::string document =
      std::string(line - 1, '\n') + "v" + std::string(column - 4, ' ') + "= " + text + "\n";
  toml::table placed;
  try {
    placed = toml::parse(document, sw.range_source.path ? *sw.range_source.path : "");
  } catch (const toml::parse_error&) {
  }
  const toml::node* n = placed.get("v");
  const bool same = n != nullptr && (sw.integer_range ? n->value<std::int64_t>() == rounded
                                                      : n->is_floating_point() &&
                                                            n->as_floating_point()->get() == v);
  if (!same) {
    placed = toml::table{};
    if (sw.integer_range) {
      placed.insert("v", rounded);
    } else {
      placed.insert("v", v);
    }
  }
  return placed;
}

struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> labels;  ///< key path, value as named
  JsonLine json;
};

/// Sets the values of point `c` of the sweeps' full factorial (the first varies fastest),
/// lending them from `experiment`, the experiment document; values a range generates are kept
/// in `generated` until they are given back.
SweepPoint apply_sweep_point(toml::table& scenario, toml::table& experiment,
                             std::span<const Sweep* const> sweeps, std::size_t c, ProblemLog& log,
                             Loans& loans, std::vector<toml::table>& generated) {
  SweepPoint out;
  std::size_t rest = c;
  for (const Sweep* sw : sweeps) {
    const std::size_t point = rest % sw->points;
    rest /= sw->points;
    auto& table = *experiment["sweeps"].as_array()->get(sw->index)->as_table();
    const std::string where = "sweeps[" + std::to_string(sw->index) + "]";
    for (std::size_t k = 0; k < sw->keys.size(); ++k) {
      toml::node* value = nullptr;
      if (sw->range) {
        generated.push_back(range_value(*sw, point));
        value = generated.back().get("v");
      } else if (auto* values = table["values"].as_array()) {
        value = values->get(point);
      } else {
        value = table["points"].as_array()->get(point)->as_array()->get(k);
      }
      out.labels.emplace_back(sw->keys[k], label(*value));
      add_json(out.json, sw->keys[k], *value);
      const std::string key_name =
          table.contains("key") ? where + ".key" : where + ".keys[" + std::to_string(k) + "]";
      set_key_path(scenario, sw->keys[k], std::move(*value), sw->key_sources[k], key_name, log,
                   &loans);
    }
  }
  return out;
}

/// What the experiment decides for every case, written into the scenario so that its text
/// (kept in the output) says what actually ran.
/// What it replaces is given back by `loans`.
void write_run_settings(toml::table& scenario, const ExperimentPlan& plan, Loans& loans) {
  auto* settings = scenario["scenario"].as_table();
  if (settings == nullptr && !scenario.contains("scenario")) {
    settings = scenario.insert("scenario", toml::table{}).first->second.as_table();
  }
  // A `scenario` that an override made something other than a table is the scenario reader's
  // to report, with its key; there is nowhere to write the settings.
  if (settings == nullptr) return;
  if (plan.seed) loans.set(*settings, "seed", toml::value(static_cast<std::int64_t>(*plan.seed)));
  if (plan.replications) {
    loans.set(*settings, "replications",
              toml::value(static_cast<std::int64_t>(*plan.replications)));
  }
  if (plan.trace) {
    loans.set(*settings, "trace", toml::value(std::string(models::trace_level_name(*plan.trace))));
  }
}

/// A design's scenario as found, and its document with its base filled in.
struct DesignScenario {
  ScenarioSource source;
  toml::table document;
};

/// Expands the designs of one experiment into its cases, recording what goes wrong. Each
/// design's scenario is parsed once and the experiment document once for all: a case borrows
/// its overrides and sweep values from the experiment document (Loans) and gives them back
/// once it is validated, so that validation time grows with the number of cases, not with
/// cases times the files' size.
class CaseBuilder {
 public:
  CaseBuilder(const ExperimentPlan& plan, Experiment& ex, toml::table& experiment, ProblemLog& log,
              std::size_t max_cases)
      : plan_(plan), ex_(ex), experiment_(experiment), log_(log), max_cases_(max_cases) {}

  void expand(const Design& design, DesignScenario& found) {
    const ScenarioSource& source = found.source;
    std::vector<const Sweep*> sweeps;
    for (const auto& sw : plan_.sweeps) {
      if (sw.designs.empty() ||
          std::find(sw.designs.begin(), sw.designs.end(), design.name) != sw.designs.end()) {
        sweeps.push_back(&sw);
      }
    }
    double count = 1;  // in floating point: several long sweeps would overflow an integer
    for (const auto* sw : sweeps)
      count *= static_cast<double>(sw->points);
    if (static_cast<double>(planned_) + count > static_cast<double>(max_cases_)) {
      // Reported at the first design past the limit; the ones after it say nothing new.
      if (!too_many_) {
        log_.add(design.at, "designs." + design.name,
                 "expected at most " + std::to_string(max_cases_) +
                     " cases in the experiment, got " +
                     sim::input::format_number(static_cast<double>(planned_) + count) +
                     " with this design's sweep points");
      }
      too_many_ = true;
      return;
    }
    const auto combinations = static_cast<std::size_t>(count);
    planned_ += combinations;
    toml::table scenario = std::move(found.document);
    ProblemLog design_log(ex_.file);
    Loans overrides;  // given back once the design's cases are built
    apply_override_table(scenario, experiment_.get("overrides"), "overrides", design_log,
                         &overrides);
    if (auto* d = experiment_["designs"][design.name].as_table()) {
      apply_override_table(scenario, d->get("overrides"), "designs." + design.name + ".overrides",
                           design_log, &overrides);
    }
    for (std::size_t c = 0; c < combinations; ++c)
      build_case(design, sweeps, scenario, source, design_log, c);
  }

  const CaseProblems& problems() const { return problems_; }
  /// Past the case limit: the designs after say nothing new, and are not expanded.
  bool too_many() const { return too_many_; }

 private:
  void build_case(const Design& design, std::span<const Sweep* const> sweeps, toml::table& scenario,
                  const ScenarioSource& source, const ProblemLog& design_log, std::size_t c) {
    ProblemLog case_log = design_log;
    std::vector<toml::table> generated;  // before the loans, which give back into it
    Loans loans;
    const SweepPoint point =
        apply_sweep_point(scenario, experiment_, sweeps, c, case_log, loans, generated);
    const std::string name = case_name(design.name, point.labels);
    // Set here and not once per design: a sweep may set a key these replace.
    Loans settings;
    write_run_settings(scenario, plan_, settings);
    for (const auto& p : case_log.lines())
      problems_.add(p, name);
    if (!case_log.empty()) return;
    try {
      Case k;
      k.scenario = models::load_scenario_document(scenario, {}, source.path);
      // The text the case ran is made only once the case is valid: formatting the whole
      // document is a large part of a case's cost, and a sweep's cases may all fail alike.
      k.scenario.source_text = sim::input::toml_text(scenario);
      k.name = name;
      k.design = design.name;
      k.sweep = point.labels.empty() ? "{}" : point.json.str();
      ex_.cases.push_back(std::move(k));
    } catch (const models::ScenarioError& e) {
      for (const auto& p : e.problems())
        problems_.add(p, name);
    }
  }

  const ExperimentPlan& plan_;
  Experiment& ex_;
  toml::table& experiment_;
  ProblemLog& log_;
  CaseProblems problems_;
  std::size_t planned_ = 0;
  std::size_t max_cases_;
  bool too_many_ = false;
};

/// The designs' scenarios: each scenario a design names found and parsed once, whatever number
/// of designs name it (an experiment of 200,000 designs on one base held 200,000 parsed copies,
/// 18 GB, before its case count was checked).
struct FoundScenarios {
  std::vector<DesignScenario> distinct;
  std::vector<std::optional<std::size_t>> of_design;  ///< into `distinct`; none if not had
};

/// What finding one scenario name gave: its place in FoundScenarios::distinct, or why it has
/// none, so that each design naming it is answered as if it had been looked for anew.
struct ScenarioLookup {
  std::optional<std::size_t> index;
  std::string experiment_file;  ///< non-empty: the name found this experiment file
  std::exception_ptr error;     ///< what finding or parsing it threw
};

/// The scenario of every design (none where it cannot be had), each found, parsed and its base
/// filled in before any case is built, so that a misnamed scenario is reported with the
/// experiment's own problems. Problems of a scenario file itself go to `problems`.
FoundScenarios find_scenarios(const ExperimentPlan& plan, const std::filesystem::path& folder,
                              const ScenarioFinder& find, ProblemLog& log, CaseProblems& problems) {
  FoundScenarios found;
  std::map<std::string, ScenarioLookup> lookups;
  std::set<std::string> unfound;  // designs that share the base would each say so
  for (const Design& design : plan.designs) {
    found.of_design.emplace_back();
    if (design.scenario.empty()) continue;
    auto [lookup, first] = lookups.try_emplace(design.scenario);
    if (first) {
      try {
        ScenarioSource source = find(design.scenario, folder);
        if (!source.builtin && is_experiment_text(source.text)) {
          lookup->second.experiment_file = source.path;
        } else {
          toml::table document = scenario_document(source, find).table;
          lookup->second.index = found.distinct.size();
          found.distinct.push_back(DesignScenario{std::move(source), std::move(document)});
        }
      } catch (...) {
        lookup->second.error = std::current_exception();
      }
    }
    try {
      if (lookup->second.error) std::rethrow_exception(lookup->second.error);
      if (!lookup->second.experiment_file.empty()) {
        // Else a problem for every table a scenario needs and an experiment lacks.
        if (unfound.insert(design.scenario_key).second) {
          log.add(design.scenario_at, design.scenario_key,
                  "expected a scenario, got " + lookup->second.experiment_file +
                      ", an experiment file");
        }
        continue;
      }
      found.of_design.back() = lookup->second.index;
    } catch (const std::invalid_argument& e) {
      if (unfound.insert(design.scenario_key).second) {
        log.add(design.scenario_at, design.scenario_key, e.what());
      }
    } catch (const sim::input::UnreadableFile& e) {
      log.add(design.scenario_at, design.scenario_key, e.what());
    } catch (const models::ScenarioError& e) {
      for (const auto& p : e.problems())
        problems.add(p, "");
    }
  }
  return found;
}

[[noreturn]] void refuse(const ProblemLog& log, const CaseProblems& problems) {
  auto lines = log.lines();
  for (auto& p : problems.lines())
    lines.push_back(std::move(p));
  throw models::ScenarioError(std::move(lines));
}

const Design& design_named(const ExperimentPlan& plan, const std::string& name) {
  return *std::find_if(plan.designs.begin(), plan.designs.end(),
                       [&](const Design& d) { return d.name == name; });
}

/// Cases are told apart by name, and paired by replication: every one needs the same seed and
/// replication count. Sets the experiment's seed and replications from the first case.
void check_cases_pair_up(const ExperimentPlan& plan, Experiment& ex, ProblemLog& log) {
  if (ex.cases.empty()) return;
  ex.seed = ex.cases.front().scenario.seed;
  ex.replications = ex.cases.front().scenario.replications;
  std::set<std::string> names, reported;
  for (const auto& k : ex.cases) {
    const Design& design = design_named(plan, k.design);
    if (!names.insert(k.name).second && reported.insert(k.name).second) {
      log.add(design.at, "designs." + design.name,
              "expected distinct case names, got \"" + k.name +
                  "\" twice: give the sweeps distinct values");
    }
    const auto& s = k.scenario;
    if ((s.seed != ex.seed || s.replications != ex.replications) &&
        reported.insert(design.name).second) {
      log.add(
          design.at, "designs." + design.name,
          "expected seed " + std::to_string(ex.seed) + " and " + std::to_string(ex.replications) +
              " replications, as in case " + ex.cases.front().name + ", got seed " +
              std::to_string(s.seed) + " and " + std::to_string(s.replications) +
              " replications; set seed and replications in [experiment] so that the cases pair up");
    }
  }
}

/// The command line decides over the file, as if written in its [experiment] table.
void apply_command_line(const ExperimentOverrides& overrides, ExperimentPlan& plan) {
  if (!overrides.trace.empty()) {
    const auto& names = models::kTraceLevelNames;
    const auto it = std::find(names.begin(), names.end(), overrides.trace);
    if (it == names.end()) {
      throw std::invalid_argument(
          "--trace: expected one of " +
          sim::input::join_names(std::vector<std::string>(names.begin(), names.end())) +
          ", got \"" + overrides.trace + "\"");
    }
    plan.trace = static_cast<models::TraceLevel>(it - names.begin());
  }
  if (overrides.replications > 0) plan.replications = overrides.replications;
}

}  // namespace

bool is_experiment_text(std::string_view text) {
  // Too deep for the parser: the reader that follows refuses it with its line.
  if (sim::input::find_too_deep_key(text))
    return text.find("[experiment]") != std::string_view::npos;
  try {
    const toml::table doc = toml::parse(text);
    return doc.contains("experiment");
  } catch (const toml::parse_error&) {
    return text.find("[experiment]") != std::string_view::npos;
  }
}

Experiment load_experiment(const std::filesystem::path& file,
                           const ExperimentOverrides& overrides) {
  std::string text;
  try {
    text = read_text_file(file);
  } catch (const sim::input::UnreadableFile& e) {
    throw models::ScenarioError({e.what()});
  }
  return load_experiment_text(std::move(text), file, overrides);
}

Experiment load_experiment_text(std::string text, const std::filesystem::path& file,
                                const ExperimentOverrides& overrides, const ScenarioFinder& find) {
  Experiment ex;
  ex.file = file.string();
  ex.text = std::move(text);
  ProblemLog log(ex.file);
  auto document = sim::input::parse_toml(ex.text, ex.file, log);
  if (!document) throw models::ScenarioError(log.lines());
  ExperimentPlan plan = read_experiment_plan(*document, ex.file, log);
  apply_command_line(overrides, plan);
  CaseProblems problems;
  const FoundScenarios found = find_scenarios(plan, file.parent_path(), find, log, problems);
  if (!log.empty() || !problems.empty()) refuse(log, problems);
  ex.name = plan.name;
  ex.minimum_difference_json = plan.minimum_difference_json;

  // The plan holds what it needs of the document; the cases borrow its values from here on.
  CaseBuilder builder(plan, ex, *document, log, overrides.max_cases);
  for (std::size_t d = 0; d < plan.designs.size() && !builder.too_many(); ++d) {
    if (!found.of_design[d]) continue;
    DesignScenario copy = found.distinct[*found.of_design[d]];  // the design overrides its own
    builder.expand(plan.designs[d], copy);
  }
  check_cases_pair_up(plan, ex, log);
  if (!log.empty() || !builder.problems().empty()) refuse(log, builder.problems());
  return ex;
}

}  // namespace retzef::experiments
