#include "models/result_schema.hpp"

#include <cstdio>
#include <set>
#include <stdexcept>
#include <utility>
#include <variant>

#include "models/care_model.hpp"
#include "models/indicator_catalogue.hpp"

namespace retzef::models {
namespace {

std::string path(std::string_view parent, std::string_view leaf) {
  return std::string(parent) + "/" + std::string(leaf);
}

FieldLayout level_field(std::string name, std::string meaning) {
  return {std::move(name), "int16", "", std::move(meaning), "levels"};
}

FieldLayout region_field() {
  return {"region", "uint32", "", "region", "regions"};
}

DatasetLayout strings(std::string_view parent, std::string_view leaf, std::string meaning) {
  return {path(parent, leaf), DatasetKind::strings, std::move(meaning)};
}

std::vector<LabelListLayout> label_lists() {
  const std::string d(kDesignPath);
  return {{"levels", {"none"}, -1, path(d, "levels")},
          {"regions", {}, 0, path(d, "regions")},
          {"groups", {}, 0, path(d, "groups")},
          {"age_bands", {}, 0, path(d, "age_bands")},
          {"entry_points", {}, 0, path(d, "entry_points")},
          {"event_kinds", {}, 0, path(kNamesPath, "event_kinds")}};
}

std::vector<DatasetLayout> name_tables() {
  return {
      strings(kNamesPath, "event_kinds", "the event kind names, by code"),
      {path(kNamesPath, "indicators"),
       DatasetKind::table,
       "the summary's fields, in order",
       "always",
       {{"name", "string", "", "the summary field"},
        {"unit", "string", "", "its unit"},
        {"meaning", "string", "", "what it measures"},
        {"family", "string", "", "what it measures, whatever level, group or payer"},
        {"level", "string", "", "the level it concerns; \"\" for none"},
        {"group", "string", "", "the condition group it concerns; \"\" for none"},
        {"payer", "string", "", "the payer it concerns; \"\" for none"},
        {"better", "string", "", "lower, higher or neither"}}},
      strings(kDesignPath, "levels", "level names, by level index"),
      strings(kDesignPath, "level_kinds", "each level's kind (inpatient, clinic, ...)"),
      strings(kDesignPath, "level_payers", "who pays for each level"),
      strings(kDesignPath, "regions", "region names, by region index"),
      strings(kDesignPath, "groups", "condition group names"),
      strings(kDesignPath, "payers", "payer names"),
      strings(kDesignPath, "age_bands", "age band names"),
      strings(kDesignPath, "entry_points", "entry point names"),
  };
}

std::vector<DatasetLayout> groups() {
  return {
      {"/meta",
       DatasetKind::group,
       "provenance; attributes only",
       "always",
       {},
       {{"format_version", "int64", "", "the layout's version"},
        {"retzef_version", "string", "", "the program's version"},
        {"experiment", "string", "", "the experiment file's text, verbatim"},
        {"experiment_file", "string", "", "its path as given on the command line"},
        {"experiment_name", "string", "", "[experiment] name"},
        {"seed", "uint64", "", "the experiment seed"},
        {"replications", "uint64", "", "replications per case"},
        {"cases", "string[]", "", "every case, in experiment order"},
        {"key", "string", "", "a hash of every replication's inputs"},
        {"layout", "string", "", "this layout, as JSON"},
        {"created", "string", "", "ISO 8601 UTC time the file was completed"},
        {"host", "string", "", "machine name (not deterministic)"},
        {"threads", "int64", "", "threads of the batch (not deterministic)"},
        {"ranks", "int64", "", "MPI ranks of the batch (not deterministic)"},
        {"wall_seconds", "float64", "s", "wall time of the batch (not deterministic)"}}},
      {std::string(kNamesPath), DatasetKind::group, "the name tables every case shares"},
      {"/designs", DatasetKind::group, "one group per case"},
      {std::string(kDesignPath),
       DatasetKind::group,
       "a case: the scenario it ran and its name tables",
       "always",
       {},
       {{"design", "string", "", "the design's name in the experiment file"},
        {"sweep", "string", "", "the sweep point as a JSON object; {} if none"},
        {"scenario", "string", "", "the full scenario the case ran, as TOML"},
        {"policy", "string", "", "policy name"},
        {"horizon_days", "float64", "day", "run length"},
        {"warmup_days", "float64", "day", "warm-up; records start here"},
        {"population", "float64", "person", "people living in the regions"},
        {"demand_change_day", "float64", "day",
         "first day after the warm-up a surge or arrival schedule changes demand; NaN: none"}}},
      {"/runs", DatasetKind::group, "one group per case"},
      {"/runs/<case>",
       DatasetKind::group,
       "a case's replications",
       "always",
       {},
       {{"trace", "string", "", "summary, transitions or full"}}},
      {std::string(kReplicationPath),
       DatasetKind::group,
       "one replication; <rep> is zero-padded to four digits (more past 9,999)",
       "always",
       {},
       {{"replication", "uint64", "", "the replication number"},
        {"events", "uint64", "event", "events handled"},
        {"checksum", "string", "", "hex fingerprint of the event order"}}},
  };
}

std::vector<DatasetLayout> run_tables() {
  const std::string r(kReplicationPath);
  return {
      {path(r, "summary"),
       DatasetKind::table,
       "the replication's indicators (NaN: cannot be formed)",
       "always",
       {{"<indicator>", "float64", "", "", "", "indicators"}}},
      {path(r, "flows"),
       DatasetKind::table,
       "moves between levels after the warm-up",
       "always",
       {level_field("from_level", "level left (none: from the community)"),
        level_field("to_level", "level entered (none: to the community or out)"),
        {"moves", "uint64", "move", "moves over the observation period"}}},
      {path(r, "group_flows"),
       DatasetKind::table,
       "moves between levels after the warm-up, by condition group",
       "always",
       {{"group", "uint8", "", "condition group", "groups"},
        level_field("from_level", "level left (none: from the community)"),
        level_field("to_level", "level entered (none: to the community or out)"),
        {"moves", "uint64", "move", "moves of the group's people over the observation period"}}},
      {path(r, "occupancy"),
       DatasetKind::table,
       "daily occupancy after the warm-up",
       "always",
       {{"t", "float64", "day", "day of the sample, from the start of the run"},
        region_field(),
        level_field("level", "level"),
        {"occupied", "uint32", "person", "people in the level"},
        {"waiting", "uint32", "person", "people on its waiting list"},
        {"blocked", "uint32", "person", "people in it waiting to step down"},
        {"capacity", "float64", "place", "its capacity (inf: unlimited)"},
        {"staffed", "float64", "place",
         "the places its staff present could run (docs/model.md, \"Staff\"; inf: unlimited)"}}},
      {path(r, "daily"),
       DatasetKind::table,
       "per day and region from day 0, the warm-up included: the coordinators' line and new cases",
       "always",
       {{"t", "float64", "day", "the day, from the start of the run"},
        region_field(),
        {"coordinator_waiting", "uint32", "person", "people waiting for a coordinator as it began"},
        {"new_cases_<group>", "uint32", "person", "new cases of <group> that day", "", "groups"}}},
      {path(r, "patients"),
       DatasetKind::table,
       "one row per person seen after the warm-up",
       "trace transitions or full",
       {region_field(),
        {"person", "uint32", "", "person number within the region"},
        {"group", "uint8", "", "condition group", "groups"},
        {"age_band", "uint8", "", "age band", "age_bands"},
        {"entry", "uint8", "", "entry point", "entry_points"},
        {"onset", "float64", "day", "entered the system"},
        {"end", "float64", "day", "left the system, or the end of the run"},
        {"exited", "uint8", "", "1 if they left before the end"},
        {"time_to_first_care", "float32", "day", "from onset; NaN if never"},
        {"time_to_remission", "float32", "day", "from onset; NaN if never"},
        {"admissions", "uint32", "admission", "inpatient admissions"},
        {"readmissions_30", "uint32", "admission", "within 30 days of a discharge"},
        {"readmissions_90", "uint32", "admission", "within 90 days of a discharge"},
        {"functioning_start", "float32", "", "0..1, at onset or the end of the warm-up"},
        {"functioning_end", "float32", "", "0..1"},
        {"cost", "float64", "NIS", "cost of their care after the warm-up"},
        {"days_<level>", "float32", "day", "days at <level>", "", "levels"}}},
      {path(r, "events"),
       DatasetKind::table,
       "moves between levels and exits after the warm-up",
       "trace transitions or full",
       {{"t", "float64", "day", "when it happened, from the start of the run"},
        region_field(),
        {"person", "uint32", "", "person number within the region"},
        {"kind", "uint8", "", "event kind", "event_kinds"},
        level_field("from_level", "level before (none: no care)"),
        level_field("to_level", "level after (none: no care)"),
        {"acuity", "uint8", "", "acuity after the event, 0..4"}},
       {},
       "every event after the warm-up"},
  };
}

ResultLayout build_layout() {
  ResultLayout layout;
  layout.format_version = 1;
  layout.label_lists = label_lists();
  layout.table_attributes = {
      {"description", "string", "", "what the table holds"},
      {"units", "string[]", "", "each field's unit, in field order; \"\" if dimensionless"},
      {"descriptions", "string[]", "", "each field's meaning, in field order"}};
  for (auto&& list : {groups(), name_tables(), run_tables()}) {
    layout.datasets.insert(layout.datasets.end(), list.begin(), list.end());
  }
  return layout;
}

sim::ColumnType column_type(const FieldLayout& f) {
  static const std::pair<std::string_view, sim::ColumnType> kTypes[] = {
      {"float64", sim::ColumnType::f64}, {"float32", sim::ColumnType::f32},
      {"int64", sim::ColumnType::i64},   {"uint64", sim::ColumnType::u64},
      {"uint32", sim::ColumnType::u32},  {"int16", sim::ColumnType::i16},
      {"uint8", sim::ColumnType::u8}};
  for (const auto& [name, type] : kTypes) {
    if (name == f.type) return type;
  }
  throw std::logic_error("result layout: column " + f.name + " has no storage type (" + f.type +
                         ")");
}

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// --- JSON -----------------------------------------------------------------------------------

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

template <class T, class F>
std::string array(const std::vector<T>& items, F&& one) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += one(items[i]);
  }
  return out + "]";
}

std::string field_json(const FieldLayout& f) {
  std::string out = "{\"name\":" + quoted(f.name) + ",\"type\":" + quoted(f.type) +
                    ",\"unit\":" + quoted(f.unit) + ",\"meaning\":" + quoted(f.meaning);
  if (!f.labels.empty()) out += ",\"labels\":" + quoted(f.labels);
  if (!f.each.empty()) out += ",\"each\":" + quoted(f.each);
  return out + "}";
}

std::string_view kind_name(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::group:
      return "group";
    case DatasetKind::table:
      return "table";
    case DatasetKind::strings:
      return "strings";
  }
  return "table";
}

std::string dataset_json(const DatasetLayout& d) {
  std::string out = "{\"path\":" + quoted(d.path) + ",\"kind\":" + quoted(kind_name(d.kind)) +
                    ",\"meaning\":" + quoted(d.meaning) + ",\"written\":" + quoted(d.written);
  if (!d.meaning_full_trace.empty()) {
    out += ",\"meaning_full_trace\":" + quoted(d.meaning_full_trace);
  }
  if (!d.fields.empty()) out += ",\"fields\":" + array(d.fields, field_json);
  if (!d.attributes.empty()) out += ",\"attributes\":" + array(d.attributes, field_json);
  return out + "}";
}

std::string label_list_json(const LabelListLayout& l) {
  return "{\"name\":" + quoted(l.name) + ",\"fixed\":" + array(l.fixed, quoted) +
         ",\"first_code\":" + std::to_string(l.first_code) + ",\"table\":" + quoted(l.table) + "}";
}

/// One indicator's entry in a column of /names/indicators; level, group and payer by name.
std::variant<std::string, double> indicator_field(const IndicatorSpec& i, const Scenario& s,
                                                  std::string_view column) {
  if (column == "name") return i.name;
  if (column == "unit") return i.unit;
  if (column == "meaning") return i.meaning;
  if (column == "family") return std::string(family_name(i.family));
  if (column == "level") return i.level < s.levels.size() ? s.levels[i.level].name : "";
  if (column == "group") return i.group < s.groups.size() ? s.groups[i.group].name : "";
  if (column == "payer") return i.payer < s.payers.size() ? s.payers[i.payer] : "";
  if (column == "better") return std::string(better_name(i.better));
  throw std::logic_error("result layout: no values for /names/indicators column " +
                         std::string(column));
}

}  // namespace

const ResultLayout& result_layout() {
  static const ResultLayout layout = build_layout();
  return layout;
}

const DatasetLayout& dataset_layout(std::string_view where) {
  for (const auto& d : result_layout().datasets) {
    if (d.path == where) return d;
  }
  throw std::out_of_range("result layout: no dataset " + std::string(where));
}

std::string layout_json() {
  const ResultLayout& l = result_layout();
  return "{\"format_version\":" + std::to_string(l.format_version) +
         ",\"label_lists\":" + array(l.label_lists, label_list_json) +
         ",\"table_attributes\":" + array(l.table_attributes, field_json) +
         ",\"datasets\":" + array(l.datasets, dataset_json) + "}";
}

std::vector<std::string> name_table(std::string_view where, const Scenario& s) {
  const std::string_view leaf = where.substr(where.rfind('/') + 1);
  (void)dataset_layout(where);  // only the name tables the layout declares
  std::vector<std::string> out;
  if (leaf == "event_kinds") return event_kind_names();
  if (leaf == "payers") return s.payers;
  if (leaf == "age_bands") return s.age_bands;
  if (leaf == "entry_points") return s.entry_points;
  if (leaf == "regions") {
    for (const auto& r : s.regions)
      out.push_back(r.name);
  } else if (leaf == "groups") {
    for (const auto& g : s.groups)
      out.push_back(g.name);
  } else if (leaf == "levels") {
    for (const auto& l : s.levels)
      out.push_back(l.name);
  } else if (leaf == "level_kinds") {
    for (const auto& l : s.levels)
      out.emplace_back(level_kind_name(l.kind));
  } else if (leaf == "level_payers") {
    for (const auto& l : s.levels)
      out.push_back(s.payers.at(l.payer));
  } else {
    throw std::logic_error("result layout: no values for the name table " + std::string(where));
  }
  return out;
}

Labels labels(std::string_view list, const Scenario& s) {
  for (const auto& l : result_layout().label_lists) {
    if (l.name != list) continue;
    Labels out{l.fixed, l.first_code};
    for (auto& name : name_table(l.table, s))
      out.names.push_back(std::move(name));
    return out;
  }
  throw std::out_of_range("result layout: no label list " + std::string(list));
}

sim::TableSpec table_spec(std::string_view where, const Scenario& s) {
  const DatasetLayout& d = dataset_layout(where);
  sim::TableSpec spec{std::string(where.substr(where.rfind('/') + 1)), {}, d.meaning};
  if (!d.meaning_full_trace.empty() && s.trace == TraceLevel::full) {
    spec.description = d.meaning_full_trace;
  }
  for (const FieldLayout& f : d.fields) {
    if (f.each == "indicators") {
      for (const auto& i : indicator_catalogue(s))
        spec.columns.push_back({i.name, column_type(f), i.unit, i.meaning});
    } else if (f.each == "groups") {
      for (const auto& group : s.groups) {
        spec.columns.push_back({replace_all(f.name, "<group>", group.name), column_type(f), f.unit,
                                replace_all(f.meaning, "<group>", group.name)});
      }
    } else if (f.each == "levels") {
      for (const auto& level : s.levels) {
        spec.columns.push_back({replace_all(f.name, "<level>", level.name), column_type(f), f.unit,
                                replace_all(f.meaning, "<level>", level.name)});
      }
    } else if (!f.labels.empty()) {
      Labels l = labels(f.labels, s);
      spec.columns.push_back(
          {f.name, column_type(f), f.unit, f.meaning, std::move(l.names), l.first_code});
    } else {
      spec.columns.push_back({f.name, column_type(f), f.unit, f.meaning});
    }
  }
  return spec;
}

std::vector<sim::TableSpec> record_tables(const Scenario& s) {
  const std::string r(kReplicationPath);
  std::vector<sim::TableSpec> t{table_spec(path(r, "occupancy"), s),
                                table_spec(path(r, "daily"), s)};
  if (s.trace == TraceLevel::summary) return t;
  t.push_back(table_spec(path(r, "patients"), s));
  t.push_back(table_spec(path(r, "events"), s));
  return t;
}

sim::ColumnTable indicator_table(const std::vector<const Scenario*>& cases) {
  const std::string where = path(kNamesPath, "indicators");
  // Every case's catalogue, each indicator once, in the order the cases first give it.
  std::vector<std::pair<IndicatorSpec, const Scenario*>> list;
  std::set<std::string> seen;
  for (const Scenario* s : cases) {
    for (auto& i : indicator_catalogue(*s)) {
      if (seen.insert(i.name).second) list.emplace_back(std::move(i), s);
    }
  }
  sim::ColumnTable table{"indicators", {}};
  // The columns in the layout's order, strings or numbers as its types say; a column added there
  // needs its values in indicator_field.
  for (const FieldLayout& f : dataset_layout(where).fields) {
    std::vector<std::string> strings;
    std::vector<double> numbers;
    for (const auto& [i, s] : list) {
      auto value = indicator_field(i, *s, f.name);
      if (auto* text = std::get_if<std::string>(&value)) {
        strings.push_back(std::move(*text));
      } else {
        numbers.push_back(std::get<double>(value));
      }
    }
    if (f.type == "string") {
      if (strings.size() != list.size())
        throw std::logic_error(where + ": " + f.name + " not text");
      table.columns.push_back({f.name, std::move(strings)});
    } else {
      if (numbers.size() != list.size())
        throw std::logic_error(where + ": " + f.name + " not numbers");
      table.columns.push_back({f.name, std::move(numbers)});
    }
  }
  return table;
}

}  // namespace retzef::models
