#include "experiments/experiment_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string_view>

#include "experiments/experiment.hpp"
#include "experiments/group_name.hpp"
#include "experiments/json_line.hpp"
#include "sim/input/toml_reader.hpp"

namespace retzef::experiments {

using sim::input::Bounds;
using sim::input::describe_value;
using sim::input::FilePosition;
using sim::input::format_number;
using sim::input::Need;
using sim::input::position_of;
using sim::input::ProblemLog;
using sim::input::TableReader;

namespace {

constexpr std::string_view kScenarioExpected = "a scenario file or built-in name";
constexpr std::string_view kKeyPathExpected =
    "a dotted key path of the scenario such as \"regions.catchment.capacity.inpatient\"";
constexpr std::string_view kRangeExpected = "[from, to, step] with from ≤ to and step > 0";

bool is_key_path(std::string_view path) {
  const auto parts = split_key_path(path);
  return std::none_of(parts.begin(), parts.end(), [](const auto& p) { return p.empty(); });
}

/// A scenario named by `key`, with where it was written; false when absent or not a name.
bool read_scenario_name(TableReader& t, std::string_view key, std::string& out, FilePosition& at) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return false;
  if (!node->is_string() || node->as_string()->get().empty()) {
    t.log().add(position_of(*node), t.child(key),
                "expected " + std::string(kScenarioExpected) + ", got " + describe_value(*node));
    return false;
  }
  out = node->as_string()->get();
  at = position_of(*node);
  return true;
}

std::optional<std::string> read_key_path(const toml::node& node, const std::string& path,
                                         ProblemLog& log) {
  if (!node.is_string() || !is_key_path(node.as_string()->get())) {
    log.add(position_of(node), path,
            "expected " + std::string(kKeyPathExpected) + ", got " + describe_value(node));
    return std::nullopt;
  }
  return node.as_string()->get();
}

/// A sweep value becomes part of case names, which are HDF5 groups: its strings (also inside
/// arrays and tables) must be fit for one. Returns whether they are.
bool check_sweep_label(const toml::node& node, const std::string& path, ProblemLog& log) {
  if (const auto* s = node.as_string()) {
    const auto problem = group_name_problem(s->get());
    // An empty string is a fine value; only the separators and controls break a case name.
    if (!problem || s->get().empty() || s->get() == "." || s->get() == "..") return true;
    log.add(position_of(node), path,
            "expected a value that can be part of a case name (an HDF5 group: no '/', NUL or "
            "control characters), got " +
                shown_name(s->get()) + ": " + *problem);
    return false;
  }
  bool ok = true;
  if (const auto* a = node.as_array()) {
    for (std::size_t i = 0; i < a->size(); ++i)
      ok = check_sweep_label(*a->get(i), path + "[" + std::to_string(i) + "]", log) && ok;
  } else if (const auto* t = node.as_table()) {
    for (auto&& [key, value] : *t)
      ok = check_sweep_label(value, path + "." + std::string(key.str()), log) && ok;
  }
  return ok;
}

/// `overrides = { "key.path" = value, ... }`: the values are judged when a case applies them.
void read_overrides(TableReader& t) {
  t.table("overrides", Need::optional, [](TableReader& o) {
    o.entries([&o](const toml::key& key, const toml::node&, const std::string&) {
      if (is_key_path(key.str())) return;
      o.log().add(
          position_of(key), override_key(o.path(), key.str()),
          "expected " + std::string(kKeyPathExpected) + ", got \"" + std::string(key.str()) + "\"");
    });
  });
}

/// The number of a percentage written "N%" or "N.M%" (spaces allowed around both), if it is one
/// and finite. Read by hand: std::regex matches recursively, a frame a character, and a string
/// of 200,000 digits overflowed the stack; and strtod, not stod, since hundreds of digits
/// overflow to infinity, which is refused, where stod threw out_of_range past the reader's
/// messages ("FILE: stod", no line or key).
std::optional<std::string> percentage_number(std::string_view text) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i]))
    ++i;
  const std::size_t start = i;
  while (i < text.size() && is_digit(text[i]))
    ++i;
  if (i == start) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i]))
      ++i;
  }
  const std::string number(text.substr(start, i - start));
  while (i < text.size() && is_space(text[i]))
    ++i;
  if (i == text.size() || text[i] != '%') return std::nullopt;
  ++i;
  while (i < text.size() && is_space(text[i]))
    ++i;
  if (i != text.size() || !std::isfinite(std::strtod(number.c_str(), nullptr))) return std::nullopt;
  return number;
}

/// `[report.minimum_difference]`: indicator or family names, each a number >= 0 (an absolute
/// difference in the indicator's unit) or a string "N%" (relative to the baseline's mean). The
/// report alone reads them (docs/analysis.md); here they are checked and kept as JSON.
void read_report_table(TableReader& t, ExperimentPlan& plan) {
  t.table("minimum_difference", Need::optional, [&plan](TableReader& m) {
    JsonLine json;
    m.entries([&](const toml::key& key, const toml::node& value, const std::string& path) {
      const std::string name(key.str());
      const bool plain_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      });
      if (!plain_name) {
        m.log().add(position_of(key), path,
                    "expected an indicator or family name (lower-case letters, digits and "
                    "'_'), got \"" +
                        name + "\"");
        return;
      }
      if (value.is_integer() || value.is_floating_point()) {
        const double v = *value.value<double>();
        if (std::isfinite(v) && v >= 0) {
          json.add(name, v);
          return;
        }
      } else if (const auto* s = value.as_string()) {
        if (const auto number = percentage_number(s->get())) {
          json.add(name, *number + "%");
          return;
        }
      }
      m.log().add(position_of(value), path,
                  "expected a number >= 0 (an absolute difference in the indicator's unit) or a "
                  "percentage such as \"5%\", got " +
                      describe_value(value));
    });
    plan.minimum_difference_json = json.str();
  });
}

void read_experiment_table(TableReader& t, ExperimentPlan& plan, FilePosition& base_at) {
  t.string("name", plan.name);
  std::string description;
  t.string("description", description);
  read_scenario_name(t, "base", plan.base, base_at);
  if (const toml::node* n = t.get("replications")) {
    const Bounds bounds = Bounds::between(1, models::kMaxReplications);
    if (auto r = sim::input::read_integer(*n, t.child("replications"), bounds, t.log())) {
      plan.replications = static_cast<std::uint32_t>(*r);
    }
  }
  if (const toml::node* n = t.get("seed")) {
    if (auto s = sim::input::read_integer(*n, t.child("seed"), Bounds::at_least(0), t.log())) {
      plan.seed = static_cast<std::uint64_t>(*s);
    }
  }
  models::TraceLevel trace{};
  if (t.choice("trace", trace, models::kTraceLevelNames)) plan.trace = trace;
}

Design read_design(TableReader& t, const toml::key& key, const ExperimentPlan& plan,
                   const FilePosition& base_at) {
  Design d{std::string(key.str()), position_of(key), plan.base, "experiment.base", base_at};
  // Case names are `design@key=value` and name HDF5 groups.
  auto problem = group_name_problem(d.name);
  if (!problem && d.name.find('@') != std::string::npos) problem = "contains '@'";
  if (problem) {
    t.log().add(d.at, t.path(),
                "expected a design name that can name an HDF5 group (not \"\", \".\" or \"..\", "
                "without '/', '@', NUL or control characters), got " +
                    shown_name(d.name) + ": " + *problem);
  }
  if (read_scenario_name(t, "scenario", d.scenario, d.scenario_at)) {
    d.scenario_key = t.child("scenario");
  } else if (plan.base.empty() && !t.table().contains("scenario")) {
    t.log().add(
        d.at, t.child("scenario"),
        "missing; expected " + std::string(kScenarioExpected) + " (or a base in [experiment])");
  }
  std::string description;
  t.string("description", description);
  read_overrides(t);
  return d;
}

void read_designs(TableReader& root, ExperimentPlan& plan, const FilePosition& base_at) {
  const toml::node* node = root.get("designs", Need::required, "at least one [designs.<name>]");
  if (node == nullptr) return;
  const toml::table* designs = node->as_table();
  if (designs == nullptr || designs->empty()) {
    root.log().add(position_of(*node), "designs",
                   "expected at least one [designs.<name>], got " +
                       (designs == nullptr ? describe_value(*node) : "none"));
    return;
  }
  for (auto&& [key, value] : *designs) {
    const std::string path = "designs." + std::string(key.str());
    const toml::table* t = value.as_table();
    if (t == nullptr) {
      root.log().add(position_of(value), path, "expected a table, got " + describe_value(value));
      continue;
    }
    TableReader design(*t, path, root.log());
    plan.designs.push_back(read_design(design, key, plan, base_at));
    design.finish();
  }
  // toml++ keeps keys sorted; the experiment's order is the order they were written in.
  std::stable_sort(plan.designs.begin(), plan.designs.end(), [](const Design& a, const Design& b) {
    return std::pair(a.at.line, a.at.column) < std::pair(b.at.line, b.at.column);
  });
}

void read_sweep_designs(TableReader& t, const std::vector<std::string>& names, Sweep& sw) {
  if (const toml::node* n = t.get("design")) {
    if (auto i = sim::input::read_reference(*n, t.child("design"), names, "design", t.log())) {
      sw.designs.push_back(names[*i]);
    }
  }
  std::vector<std::uint32_t> listed;
  t.references("designs", listed, names, "design");
  for (const auto i : listed)
    sw.designs.push_back(names[i]);
}

bool read_range(TableReader& t, const toml::node& node, Sweep& sw) {
  const toml::array* a = node.as_array();
  std::array<double, 3> r{};
  bool ok = a != nullptr && a->size() == 3;
  for (std::size_t j = 0; ok && j < 3; ++j) {
    const auto v = (*a)[j].value<double>();
    ok = v.has_value() && std::isfinite(*v);
    if (ok) r[j] = *v;
  }
  if (!ok || r[2] <= 0 || r[1] < r[0]) {
    std::string got = describe_value(node);
    if (ok)
      got =
          "[" + format_number(r[0]) + ", " + format_number(r[1]) + ", " + format_number(r[2]) + "]";
    t.log().add(position_of(node), t.child("range"),
                "expected " + std::string(kRangeExpected) + ", got " + got);
    return false;
  }
  const double count = std::floor((r[1] - r[0]) / r[2] + 1e-9) + 1;
  if (count > static_cast<double>(kMaxCases)) {
    t.log().add(
        position_of(node), t.child("range"),
        "expected at most " + std::to_string(kMaxCases) + " points, got " + format_number(count));
    return false;
  }
  sw.range = r;
  sw.integer_range =
      std::all_of(a->begin(), a->end(), [](const toml::node& n) { return n.is_integer(); });
  sw.range_source = node.source();
  sw.points = static_cast<std::size_t>(count);
  return true;
}

/// `key` with `values = [...]` or `range = [from, to, step]`.
bool read_one_key(TableReader& t, Sweep& sw) {
  const toml::node* key = t.get("key");
  const auto path = read_key_path(*key, t.child("key"), t.log());
  if (path) {
    sw.keys.push_back(*path);
    sw.key_sources.push_back(key->source());
  }
  const toml::node* values = t.get("values");
  const toml::node* range = t.get("range");
  if (const toml::node* points = t.get("points")) {
    t.log().add(position_of(*points), t.child("points"),
                "expected no points with `key`: points go with `keys = [...]`");
  }
  if ((values == nullptr) == (range == nullptr)) {
    t.log().add(t.position(), t.path(),
                "expected either `values = [...]` or `range = [from, to, step]` with `key`");
    return false;
  }
  if (range != nullptr) return read_range(t, *range, sw) && path;
  const toml::array* a = values->as_array();
  if (a == nullptr || a->empty()) {
    t.log().add(position_of(*values), t.child("values"),
                "expected a non-empty array of values, got " +
                    (a == nullptr ? describe_value(*values) : "an empty array"));
    return false;
  }
  sw.points = a->size();
  bool labels_ok = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    labels_ok =
        check_sweep_label(*a->get(i), t.child("values") + "[" + std::to_string(i) + "]", t.log()) &&
        labels_ok;
  }
  return path.has_value() && labels_ok;
}

/// `keys = [...]` with `points = [[...], ...]`, one value per key in each point.
bool read_key_list(TableReader& t, Sweep& sw) {
  const toml::node* keys = t.get("keys");
  const toml::array* a = keys->as_array();
  bool ok = a != nullptr && !a->empty();
  if (!ok) {
    t.log().add(position_of(*keys), t.child("keys"),
                "expected a non-empty array of key paths, got " +
                    (a == nullptr ? describe_value(*keys) : "an empty array"));
  }
  for (std::size_t j = 0; a != nullptr && j < a->size(); ++j) {
    const std::string path = t.child("keys") + "[" + std::to_string(j) + "]";
    if (auto k = read_key_path(*a->get(j), path, t.log())) {
      sw.keys.push_back(*k);
      sw.key_sources.push_back(a->get(j)->source());
    } else {
      ok = false;
    }
  }
  for (const char* other : {"values", "range"}) {
    if (const toml::node* n = t.get(other)) {
      t.log().add(position_of(*n), t.child(other),
                  std::string("expected no ") + other + " with `keys`: give `points = [[...]]`");
    }
  }
  const std::size_t key_count = a != nullptr ? a->size() : 0;
  const std::string expected = "an array of " + std::to_string(key_count) + " values";
  const toml::node* points =
      t.get("points", Need::required, "a non-empty array of points, each " + expected);
  const toml::array* pa = points != nullptr ? points->as_array() : nullptr;
  if (points != nullptr && (pa == nullptr || pa->empty())) {
    t.log().add(position_of(*points), t.child("points"),
                "expected a non-empty array of points, got " +
                    (pa == nullptr ? describe_value(*points) : "an empty array"));
  }
  if (pa == nullptr || pa->empty()) return false;
  for (std::size_t j = 0; j < pa->size(); ++j) {
    const toml::array* row = pa->get(j)->as_array();
    if (row != nullptr && row->size() == key_count) {
      ok =
          check_sweep_label(*row, t.child("points") + "[" + std::to_string(j) + "]", t.log()) && ok;
      continue;
    }
    t.log().add(position_of(*pa->get(j)), t.child("points") + "[" + std::to_string(j) + "]",
                "expected " + expected + " (one per key), got " +
                    (row == nullptr ? describe_value(*pa->get(j))
                                    : sim::input::count_of(row->size(), "value")));
    ok = false;
  }
  sw.points = pa->size();
  return ok;
}

void read_sweep(TableReader& t, std::size_t index, const std::vector<std::string>& design_names,
                ExperimentPlan& plan) {
  Sweep sw;
  sw.index = index;
  read_sweep_designs(t, design_names, sw);
  const bool one_key = t.table().contains("key");
  if (one_key == t.table().contains("keys")) {
    for (const char* key : {"key", "keys", "values", "range", "points"})
      t.get(key);
    t.log().add(t.position(), t.path(),
                "expected either `key` (with `values` or `range`) or `keys` (with `points`)");
    return;
  }
  if (one_key ? read_one_key(t, sw) : read_key_list(t, sw)) plan.sweeps.push_back(std::move(sw));
}

bool share_a_design(const Sweep& a, const Sweep& b) {
  if (a.designs.empty() || b.designs.empty()) return true;
  return std::any_of(a.designs.begin(), a.designs.end(), [&](const std::string& d) {
    return std::find(b.designs.begin(), b.designs.end(), d) != b.designs.end();
  });
}

/// The swept keys, once every sweep is read. A case's name holds a label for each key swept, so
/// many keys make names no one can read (and 20,000 one-point sweeps took a minute to refuse
/// for their keys); and a key swept twice for one design gives cases that differ in name only,
/// the later sweep's value overwriting the earlier's.
void check_swept_keys(const ExperimentPlan& plan, ProblemLog& log) {
  const auto at = [](const Sweep& sw, std::size_t k) { return position_of(sw.key_sources[k]); };
  const auto key_path = [](const Sweep& sw, std::size_t k) {
    const std::string table = "sweeps[" + std::to_string(sw.index) + "]";
    return sw.keys.size() == 1 && sw.key_sources.size() == 1
               ? table + ".key"
               : table + ".keys[" + std::to_string(k) + "]";
  };
  std::size_t total = 0;
  for (const auto& sw : plan.sweeps)
    total += sw.keys.size();
  if (total > kMaxSweptKeys) {
    std::size_t seen = 0;
    for (const auto& sw : plan.sweeps) {
      if (seen + sw.keys.size() <= kMaxSweptKeys) {
        seen += sw.keys.size();
        continue;
      }
      const std::size_t k = kMaxSweptKeys - seen;
      log.add(at(sw, k), key_path(sw, k),
              "expected at most " + std::to_string(kMaxSweptKeys) +
                  " swept keys in an experiment, got " + std::to_string(total));
      return;
    }
  }
  for (std::size_t j = 0; j < plan.sweeps.size(); ++j) {
    const Sweep& later = plan.sweeps[j];
    for (std::size_t k = 0; k < later.keys.size(); ++k) {
      const auto same = [&](const std::string& key) { return key == later.keys[k]; };
      // Within the sweep itself, then in the sweeps before it that reach one of its designs.
      const auto repeat = std::find_if(later.keys.begin(), later.keys.begin() + k, same);
      std::string where;
      if (repeat != later.keys.begin() + k) {
        where = key_path(later, static_cast<std::size_t>(repeat - later.keys.begin()));
      }
      for (std::size_t i = 0; where.empty() && i < j; ++i) {
        const Sweep& earlier = plan.sweeps[i];
        const auto it = std::find_if(earlier.keys.begin(), earlier.keys.end(), same);
        if (it != earlier.keys.end() && share_a_design(earlier, later)) {
          where = key_path(earlier, static_cast<std::size_t>(it - earlier.keys.begin()));
        }
      }
      if (where.empty()) continue;
      log.add(at(later, k), key_path(later, k),
              "expected a key no other sweep sets for the same design, got \"" + later.keys[k] +
                  "\", which " + where +
                  " sweeps too: its cases would differ in name only, the later value overwriting "
                  "the earlier");
    }
  }
}

}  // namespace

std::vector<std::string> split_key_path(std::string_view path) {
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

std::string override_key(std::string_view table_path, std::string_view key_path) {
  return std::string(table_path) + ".\"" + std::string(key_path) + "\"";
}

ExperimentPlan read_experiment_plan(const toml::table& document, const std::string& file,
                                    ProblemLog& log) {
  ExperimentPlan plan;
  plan.name = std::filesystem::path(file).stem().string();
  FilePosition base_at;
  TableReader root(document, "", log);
  root.table("experiment", Need::required,
             [&](TableReader& t) { read_experiment_table(t, plan, base_at); });
  read_overrides(root);
  read_designs(root, plan, base_at);
  std::vector<std::string> design_names;  // once: 10,000 designs times many sweeps
  for (const auto& d : plan.designs)
    design_names.push_back(d.name);
  root.tables("sweeps", Need::optional,
              [&](TableReader& t, std::size_t i) { read_sweep(t, i, design_names, plan); });
  check_swept_keys(plan, log);
  root.table("report", Need::optional, [&plan](TableReader& t) { read_report_table(t, plan); });
  root.finish();
  return plan;
}

}  // namespace retzef::experiments
