// Reading an experiment file: first its own structure (every key known, every value of the
// right type), then every case it expands to, each validated as a scenario. All problems of
// both passes are reported together, each with the file and line it comes from.
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

#include "experiments/experiment.hpp"
#include "experiments/json_line.hpp"
#include "experiments/scenario_source.hpp"
#include "models/scenario_document.hpp"
#include "sim/input/problem_log.hpp"
#include "models/scenario_loader.hpp"

namespace retzef::experiments {
namespace {

using sim::input::FilePosition;
using sim::input::ProblemLog;

constexpr std::uint32_t kMaxReplications = 100'000;  // as a scenario's `replications`
constexpr std::size_t kMaxCases = 10'000;

FilePosition at(const toml::node& n) {
  return {std::max<std::uint32_t>(n.source().begin.line, 1),
          std::max<std::uint32_t>(n.source().begin.column, 1), nullptr};
}
FilePosition at(const toml::key& k) {
  return {std::max<std::uint32_t>(k.source().begin.line, 1),
          std::max<std::uint32_t>(k.source().begin.column, 1), nullptr};
}

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date or time";
  }
}

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

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.emplace_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

/// Checks that a table has only the keys named; reports the others.
void known_keys(const toml::table& t, const std::string& where,
                std::initializer_list<std::string_view> keys, ProblemLog& log) {
  for (const auto& [k, v] : t) {
    if (std::find(keys.begin(), keys.end(), k.str()) != keys.end()) continue;
    std::string list;
    for (const auto key : keys)
      list += (list.empty() ? "" : ", ") + std::string(key);
    log.add(at(k), where.empty() ? std::string(k.str()) : where + "." + std::string(k.str()),
            "unknown key (expected one of: " + list + ")");
  }
}

/// One swept dimension of a design: the key paths it sets and, per point, where each value is.
struct Sweep {
  std::size_t index = 0;  ///< position in [[sweeps]]
  std::vector<std::string> designs;
  std::vector<std::string> keys;
  std::size_t points = 0;
  std::optional<std::array<double, 3>> range;  ///< from, to, step (values generated)
  bool integer_range = false;
};

struct Design {
  std::string name;
  std::string scenario;  ///< empty: the experiment's base
  std::uint32_t line = 0;
  FilePosition scenario_at{};  ///< where the scenario (or the base) is named
  std::string scenario_key;
};

struct Plan {
  std::string name;
  std::string base;
  std::optional<std::uint32_t> replications;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> trace;
  std::vector<Design> designs;
  std::vector<Sweep> sweeps;
};

void check_override_table(const toml::node* node, const std::string& where, ProblemLog& log) {
  if (node == nullptr) return;
  const auto* t = node->as_table();
  if (t == nullptr) {
    log.add(at(*node), where, "expected a table of key paths and values, got " + type_name(*node));
    return;
  }
  for (const auto& [k, v] : *t) {
    for (const auto& part : split_path(k.str())) {
      if (part.empty()) {
        log.add(at(k), where + ".\"" + std::string(k.str()) + "\"",
                "expected a dotted key path such as \"regions.catchment.capacity.inpatient\"");
        break;
      }
    }
  }
}

Plan read_plan(const toml::table& doc, ProblemLog& log, const std::string& file) {
  Plan plan;
  FilePosition base_at{1, 1, nullptr};
  known_keys(doc, "", {"experiment", "overrides", "designs", "sweeps"}, log);
  const auto* experiment = doc.get_as<toml::table>("experiment");
  if (experiment == nullptr) {
    log.add({1, 1}, "experiment", "expected an [experiment] table");
  } else {
    known_keys(*experiment, "experiment",
               {"name", "description", "base", "replications", "seed", "trace"}, log);
    plan.name = std::filesystem::path(file).stem().string();
    if (const auto* n = experiment->get("name")) {
      if (const auto* s = n->as_string()) {
        plan.name = s->get();
      } else {
        log.add(at(*n), "experiment.name", "expected a string, got " + type_name(*n));
      }
    }
    if (const auto* n = experiment->get("base")) {
      if (const auto* s = n->as_string()) {
        plan.base = s->get();
        base_at = at(*n);
      } else {
        log.add(at(*n), "experiment.base",
                "expected a scenario file or built-in name, got " + type_name(*n));
      }
    }
    if (const auto* n = experiment->get("replications")) {
      const auto* i = n->as_integer();
      if (i == nullptr || i->get() < 1 || i->get() > kMaxReplications) {
        log.add(
            at(*n), "experiment.replications",
            "expected an integer from 1 to " + std::to_string(kMaxReplications) +
                (i != nullptr ? ", got " + std::to_string(i->get()) : ", got " + type_name(*n)));
      } else {
        plan.replications = static_cast<std::uint32_t>(i->get());
      }
    }
    if (const auto* n = experiment->get("seed")) {
      const auto* i = n->as_integer();
      if (i == nullptr || i->get() < 0) {
        log.add(at(*n), "experiment.seed", "expected a non-negative integer");
      } else {
        plan.seed = static_cast<std::uint64_t>(i->get());
      }
    }
    if (const auto* n = experiment->get("trace")) {
      const auto* s = n->as_string();
      if (s == nullptr ||
          (s->get() != "summary" && s->get() != "transitions" && s->get() != "full")) {
        log.add(at(*n), "experiment.trace", "expected \"summary\", \"transitions\" or \"full\"");
      } else {
        plan.trace = s->get();
      }
    }
  }
  check_override_table(doc.get("overrides"), "overrides", log);

  const auto* designs = doc.get("designs");
  if (designs == nullptr || designs->as_table() == nullptr || designs->as_table()->empty()) {
    log.add(designs != nullptr ? at(*designs) : FilePosition{1, 1, nullptr}, "designs",
            "expected at least one design: [designs.<name>]");
  } else {
    for (const auto& [k, v] : *designs->as_table()) {
      const std::string where = "designs." + std::string(k.str());
      Design d{std::string(k.str()), "", at(k).line, base_at, "experiment.base"};
      if (d.name.find('/') != std::string::npos || d.name.find('@') != std::string::npos) {
        log.add(at(k), where, "a design name may not contain '/' or '@'");
      }
      const auto* t = v.as_table();
      if (t == nullptr) {
        log.add(at(v), where, "expected a table, got " + type_name(v));
        continue;
      }
      known_keys(*t, where, {"scenario", "description", "overrides"}, log);
      if (const auto* n = t->get("scenario")) {
        if (const auto* s = n->as_string()) {
          d.scenario = s->get();
          d.scenario_at = at(*n);
          d.scenario_key = where + ".scenario";
        } else {
          log.add(at(*n), where + ".scenario",
                  "expected a scenario file or built-in name, got " + type_name(*n));
        }
      }
      check_override_table(t->get("overrides"), where + ".overrides", log);
      if (d.scenario.empty() && plan.base.empty()) {
        log.add(at(k), where,
                "expected a scenario: give `scenario = ...` here or `base = ...` in [experiment]");
      }
      plan.designs.push_back(std::move(d));
    }
    // toml++ keeps keys sorted; the experiment's order is the order they were written in.
    std::stable_sort(plan.designs.begin(), plan.designs.end(),
                     [](const Design& a, const Design& b) { return a.line < b.line; });
  }

  if (const auto* sweeps = doc.get("sweeps")) {
    const auto* list = sweeps->as_array();
    if (list == nullptr) {
      log.add(at(*sweeps), "sweeps", "expected an array of tables: [[sweeps]]");
      return plan;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string where = "sweeps[" + std::to_string(i) + "]";
      const auto* t = (*list)[i].as_table();
      if (t == nullptr) {
        log.add(at((*list)[i]), where, "expected a table");
        continue;
      }
      known_keys(*t, where, {"design", "designs", "key", "keys", "values", "range", "points"}, log);
      Sweep sw;
      sw.index = i;
      for (const char* name : {"design", "designs"}) {
        const auto* n = t->get(name);
        if (n == nullptr) continue;
        std::vector<const toml::node*> items;
        if (const auto* a = n->as_array()) {
          for (const auto& e : *a)
            items.push_back(&e);
        } else {
          items.push_back(n);
        }
        for (const auto* e : items) {
          const auto* s = e->as_string();
          const bool known =
              s != nullptr && std::any_of(plan.designs.begin(), plan.designs.end(),
                                          [&](const Design& d) { return d.name == s->get(); });
          if (!known) {
            std::string names;
            for (const auto& d : plan.designs)
              names += (names.empty() ? "" : ", ") + d.name;
            log.add(at(*e), where + "." + name, "expected the name of a design (" + names + ")");
          } else {
            sw.designs.push_back(s->get());
          }
        }
      }
      const auto* key = t->get("key");
      const auto* keys = t->get("keys");
      if ((key == nullptr) == (keys == nullptr)) {
        log.add(at(*t), where,
                "expected either `key` (with `values` or `range`) or `keys` (with `points`)");
        continue;
      }
      if (key != nullptr) {
        const auto* s = key->as_string();
        if (s == nullptr || s->get().empty()) {
          log.add(at(*key), where + ".key", "expected a dotted key path of the scenario");
          continue;
        }
        sw.keys.push_back(s->get());
        const auto* values = t->get("values");
        const auto* range = t->get("range");
        if ((values == nullptr) == (range == nullptr)) {
          log.add(at(*t), where, "expected either `values = [...]` or `range = [from, to, step]`");
          continue;
        }
        if (values != nullptr) {
          const auto* a = values->as_array();
          if (a == nullptr || a->empty()) {
            log.add(at(*values), where + ".values", "expected a non-empty array of values");
            continue;
          }
          sw.points = a->size();
        } else {
          const auto* a = range->as_array();
          std::array<double, 3> r{};
          bool ok = a != nullptr && a->size() == 3;
          bool integers = ok;
          for (std::size_t j = 0; ok && j < 3; ++j) {
            const auto v = (*a)[j].value<double>();
            ok = v.has_value() && std::isfinite(*v);
            if (ok) r[j] = *v;
            integers = integers && (*a)[j].is_integer();
          }
          if (!ok || r[2] <= 0 || r[1] < r[0]) {
            log.add(at(*range), where + ".range",
                    "expected [from, to, step] with from <= to and step > 0");
            continue;
          }
          const double count = std::floor((r[1] - r[0]) / r[2] + 1e-9) + 1;
          if (count > static_cast<double>(kMaxCases)) {
            log.add(at(*range), where + ".range",
                    "expected at most " + std::to_string(kMaxCases) + " points");
            continue;
          }
          sw.range = r;
          sw.integer_range = integers;
          sw.points = static_cast<std::size_t>(count);
        }
      } else {
        const auto* a = keys->as_array();
        if (a == nullptr || a->empty()) {
          log.add(at(*keys), where + ".keys", "expected a non-empty array of key paths");
          continue;
        }
        for (const auto& e : *a) {
          if (const auto* s = e.as_string()) {
            sw.keys.push_back(s->get());
          } else {
            log.add(at(e), where + ".keys", "expected key paths (strings)");
          }
        }
        const auto* points = t->get("points");
        const auto* pa = points != nullptr ? points->as_array() : nullptr;
        if (pa == nullptr || pa->empty()) {
          log.add(points != nullptr ? at(*points) : at(*t), where + ".points",
                  "expected a non-empty array of points, each an array of one value per key");
          continue;
        }
        bool ok = true;
        for (const auto& p : *pa) {
          const auto* row = p.as_array();
          if (row == nullptr || row->size() != sw.keys.size()) {
            log.add(at(p), where + ".points",
                    "expected an array of " + std::to_string(sw.keys.size()) + " values");
            ok = false;
          }
        }
        if (!ok) continue;
        sw.points = pa->size();
      }
      for (const auto& k : sw.keys) {
        for (const auto& part : split_path(k)) {
          if (part.empty()) {
            log.add(at(*t), where,
                    "\"" + k +
                        "\": expected a dotted key path such as \"policy.review_interval_days\"");
            break;
          }
        }
      }
      plan.sweeps.push_back(std::move(sw));
    }
  }
  return plan;
}

/// Sets `path` in a scenario document to `value` (moved, so it keeps its file and line). Array
/// elements are chosen by their `name` (levels, groups, regions) or by index.
void apply(toml::table& doc, const std::string& path, toml::node&& value, FilePosition where,
           const std::string& key_for_messages, ProblemLog& log) {
  const auto parts = split_path(path);
  toml::table* current = &doc;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    toml::node* n = current->get(parts[i]);
    if (n == nullptr) {
      current = current->insert(parts[i], toml::table{}).first->second.as_table();
      continue;
    }
    if (auto* t = n->as_table()) {
      current = t;
      continue;
    }
    if (auto* a = n->as_array()) {
      const std::string& want = parts[i + 1];
      toml::table* found = nullptr;
      std::string have;
      for (std::size_t j = 0; j < a->size(); ++j) {
        auto* element = (*a)[j].as_table();
        if (element == nullptr) continue;
        const auto name = element->get_as<std::string>("name");
        const std::string element_name = name != nullptr ? name->get() : std::to_string(j);
        have += (have.empty() ? "" : ", ") + element_name;
        if (element_name == want || std::to_string(j) == want) found = element;
      }
      if (found == nullptr) {
        log.add(
            where, key_for_messages,
            "the scenario has no " + parts[i] + " element '" + want + "' (it has: " + have + ")");
        return;
      }
      if (i + 2 == parts.size()) {
        log.add(where, key_for_messages,
                "names a whole element of " + parts[i] + "; give a key inside it");
        return;
      }
      current = found;
      ++i;
      continue;
    }
    log.add(where, key_for_messages, "'" + parts[i] + "' is a value in the scenario, not a table");
    return;
  }
  // The key carries the value's place too, so "unknown key" points into the experiment file.
  const toml::key key(parts.back(), value.source());
  std::move(value).visit([&](auto&& v) { current->insert_or_assign(key, std::move(v)); });
}

/// Applies every entry of an override table (moved out of a throw-away copy of the document).
void apply_overrides(toml::table& scenario, toml::node* overrides, const std::string& where,
                     ProblemLog& log) {
  if (overrides == nullptr || overrides->as_table() == nullptr) return;
  for (auto&& [k, v] : *overrides->as_table()) {
    apply(scenario, std::string(k.str()), std::move(v), at(k),
          where + ".\"" + std::string(k.str()) + "\"", log);
  }
}

}  // namespace

bool is_experiment_text(std::string_view text) {
  try {
    const toml::table doc = toml::parse(text);
    return doc.contains("experiment");
  } catch (const toml::parse_error&) {
    return text.find("[experiment]") != std::string_view::npos;
  }
}

Experiment load_experiment(const std::filesystem::path& file,
                           const ExperimentOverrides& overrides) {
  const std::string& trace = overrides.trace;
  Experiment ex;
  ex.file = file.string();
  {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      throw models::ScenarioError({ex.file + ": cannot read: no such file"});
    }
    ex.text = read_text_file(file);
  }
  const toml::table doc = models::parse_scenario_text(ex.text, ex.file);
  ProblemLog log(ex.file);
  Plan plan = read_plan(doc, log, ex.file);
  if (!trace.empty()) {
    if (trace != "summary" && trace != "transitions" && trace != "full") {
      throw std::invalid_argument("--trace: expected summary, transitions or full, got '" + trace +
                                  "'");
    }
    plan.trace = trace;
  }
  if (overrides.replications > 0) plan.replications = overrides.replications;
  if (!log.empty()) throw models::ScenarioError(log.lines());
  ex.name = plan.name;
  const auto folder = file.parent_path();

  // Expand: each design, times the full factorial of the sweeps that apply to it.
  std::vector<std::string> problems;
  std::map<std::string, std::vector<std::string>>
      problem_cases;  // a problem, and the cases with it
  for (const Design& design : plan.designs) {
    std::vector<const Sweep*> sweeps;
    for (const auto& sw : plan.sweeps) {
      if (sw.designs.empty() ||
          std::find(sw.designs.begin(), sw.designs.end(), design.name) != sw.designs.end()) {
        sweeps.push_back(&sw);
      }
    }
    std::size_t combinations = 1;
    for (const auto* sw : sweeps)
      combinations *= sw->points;
    if (combinations + ex.cases.size() > kMaxCases) {
      throw models::ScenarioError({ex.file + ": designs." + design.name + ": its sweeps make " +
                                   std::to_string(combinations) + " cases; at most " +
                                   std::to_string(kMaxCases) + " are allowed"});
    }
    const std::string& scenario_name = design.scenario.empty() ? plan.base : design.scenario;
    ScenarioSource source;
    try {
      source = find_scenario(scenario_name, folder);
    } catch (const std::invalid_argument& e) {
      problems.push_back(ex.file + ":" + std::to_string(design.scenario_at.line) + ":" +
                         std::to_string(design.scenario_at.column) + ": " + design.scenario_key +
                         ": " + e.what());
      continue;
    }
    for (std::size_t c = 0; c < combinations; ++c) {
      // A fresh copy of both documents per case: values are moved, not copied, into the
      // scenario so that they keep their place in the experiment file for messages.
      toml::table exp = models::parse_scenario_text(ex.text, ex.file);
      toml::table scenario;
      try {
        scenario = models::parse_scenario_text(source.text, source.path);
      } catch (const models::ScenarioError& e) {
        for (const auto& p : e.problems())
          problems.push_back(p);
        break;
      }
      ProblemLog case_log(ex.file);
      apply_overrides(scenario, exp.get("overrides"), "overrides", case_log);
      auto* d = exp["designs"][design.name].as_table();
      if (d != nullptr) {
        apply_overrides(scenario, d->get("overrides"), "designs." + design.name + ".overrides",
                        case_log);
      }
      std::string name = design.name;
      JsonLine sweep_json;
      std::size_t rest = c;
      std::vector<std::pair<std::string, std::string>> labels;
      for (const auto* sw : sweeps) {
        const std::size_t point = rest % sw->points;
        rest /= sw->points;
        auto& sweep_table = *exp["sweeps"].as_array()->get(sw->index)->as_table();
        for (std::size_t k = 0; k < sw->keys.size(); ++k) {
          const std::string where = "sweeps[" + std::to_string(sw->index) + "]";
          toml::node* value = nullptr;
          std::optional<toml::value<double>> generated_f;
          std::optional<toml::value<std::int64_t>> generated_i;
          if (sw->range) {
            const double v = (*sw->range)[0] + static_cast<double>(point) * (*sw->range)[2];
            if (sw->integer_range) {
              generated_i.emplace(static_cast<std::int64_t>(std::llround(v)));
              value = &*generated_i;
            } else {
              generated_f.emplace(v);
              value = &*generated_f;
            }
          } else if (sweep_table.contains("values")) {
            value = sweep_table["values"].as_array()->get(point);
          } else {
            value = sweep_table["points"].as_array()->get(point)->as_array()->get(k);
          }
          labels.emplace_back(sw->keys[k], label(*value));
          add_json(sweep_json, sw->keys[k], *value);
          const FilePosition position = sw->range ? at(*sweep_table.get("range")) : at(*value);
          std::move(*value).visit([&](auto&& v) {
            toml::node&& moved = std::move(v);
            apply(scenario, sw->keys[k], std::move(moved), position, where + ".key", case_log);
          });
        }
      }
      if (!labels.empty()) {
        // The last component of each key names the point, unless two would read the same.
        std::vector<std::string> shown;
        for (const auto& [key, value] : labels) {
          const auto dot = key.rfind('.');
          shown.push_back(dot == std::string::npos ? key : key.substr(dot + 1));
        }
        for (std::size_t i = 0; i < shown.size(); ++i) {
          if (std::count(shown.begin(), shown.end(), shown[i]) > 1) shown[i] = labels[i].first;
        }
        name += "@";
        for (std::size_t i = 0; i < labels.size(); ++i)
          name += (i > 0 ? "," : "") + shown[i] + "=" + labels[i].second;
      }
      // What the experiment decides for every case, written into the scenario so that its
      // text (kept in the output) says what actually ran.
      auto* settings = scenario["scenario"].as_table();
      if (settings == nullptr)
        settings = scenario.insert("scenario", toml::table{}).first->second.as_table();
      if (plan.seed) settings->insert_or_assign("seed", static_cast<std::int64_t>(*plan.seed));
      if (plan.replications) {
        settings->insert_or_assign("replications", static_cast<std::int64_t>(*plan.replications));
      }
      if (plan.trace) settings->insert_or_assign("trace", *plan.trace);
      for (const auto& p : case_log.lines())
        problem_cases[p].push_back(name);
      if (!case_log.empty()) continue;

      std::ostringstream text;
      text << toml::toml_formatter(scenario);
      try {
        Case k;
        k.scenario = models::load_scenario_document(scenario, text.str(), source.path);
        k.name = name;
        k.design = design.name;
        k.sweep = labels.empty() ? "{}" : sweep_json.str();
        ex.cases.push_back(std::move(k));
      } catch (const models::ScenarioError& e) {
        for (const auto& p : e.problems())
          problem_cases[p].push_back(name);
      }
    }
  }
  for (const auto& [problem, cases] : problem_cases) {
    std::string list;
    for (std::size_t i = 0; i < cases.size() && i < 3; ++i)
      list += (i > 0 ? ", " : "") + cases[i];
    if (cases.size() > 3) list += ", ... (" + std::to_string(cases.size()) + " cases)";
    problems.push_back(problem + " (in case " + list + ")");
  }
  if (!problems.empty()) throw models::ScenarioError(problems);
  std::vector<std::string> names;
  for (const auto& k : ex.cases) {
    if (std::find(names.begin(), names.end(), k.name) != names.end()) {
      throw models::ScenarioError({ex.file + ": two cases are both named '" + k.name +
                                   "': give the sweeps distinct values"});
    }
    names.push_back(k.name);
  }
  ex.seed = ex.cases.front().scenario.seed;
  ex.replications = ex.cases.front().scenario.replications;
  for (const auto& k : ex.cases) {
    if (k.scenario.seed != ex.seed || k.scenario.replications != ex.replications) {
      throw models::ScenarioError(
          {ex.file + ": experiment: the designs' scenarios differ in seed or replications (" +
           k.name + "); set `seed` and `replications` in [experiment] so that the cases pair up"});
    }
  }
  return ex;
}

}  // namespace retzef::experiments
