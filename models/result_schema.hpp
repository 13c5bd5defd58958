// The layout of a result file (docs/output.md), described once: every dataset's path, the
// columns of each table with their types, units, meanings and label lists, the name tables and
// the attributes of each group. The writers follow it — the care model's own tables
// (CareModel::tables), a replication's summary and flows, the name tables under /names and
// /designs — and the file carries it, as JSON in /meta's attribute `layout`, so that a reader
// finds columns and turns codes into names from what the file says rather than from knowledge
// of its own. It lives with the model, not with the command line, because the model's tables
// come from it and models/ cannot see experiments/; it is data only and knows nothing of HDF5.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario.hpp"
#include "sim/output/column_table.hpp"
#include "sim/output/sink.hpp"

namespace retzef::models {

/// Names that the codes of enumerated columns index: code first_code + i is entry i of
/// `fixed` followed by the name table at `table`. The levels' list is {"none", levels...} from
/// code -1: "none" (no care) is a code like the others.
struct LabelListLayout {
  std::string name;
  std::vector<std::string> fixed;
  std::int64_t first_code = 0;
  std::string table;  ///< the name table's path, e.g. "/designs/<case>/levels"
};

/// One column of a table, or one attribute of a group or dataset.
struct FieldLayout {
  /// With `each`, a pattern in which "<level>", "<group>" or "<indicator>" stands for each entry.
  std::string name;
  /// float64, float32, int64, uint64, uint32, int16, uint8; string, string[] (attributes).
  std::string type;
  std::string unit;  ///< "" for dimensionless
  std::string meaning;
  std::string labels{};  ///< the label list the codes index (an enumeration); "" if none
  /// "levels", "groups" or "indicators": one field per entry of that name table, in its order,
  /// taking its unit and meaning from /names/indicators for indicators.
  std::string each{};
};

enum class DatasetKind { group, table, strings };

struct DatasetLayout {
  std::string path;  ///< "<case>" and "<rep>" stand for each case and replication
  DatasetKind kind = DatasetKind::table;
  std::string meaning;
  std::string written = "always";  ///< or the trace levels under which it is written
  std::vector<FieldLayout> fields{};
  std::vector<FieldLayout> attributes{};
  std::string meaning_full_trace{};  ///< the meaning under trace full, where it differs
};

struct ResultLayout {
  std::int64_t format_version = 1;
  std::vector<LabelListLayout> label_lists;
  /// Attributes every table of kind `table` under /runs carries.
  std::vector<FieldLayout> table_attributes;
  std::vector<DatasetLayout> datasets;
};

/// The paths of a replication's group, a case's group under /designs, and of /names.
inline constexpr std::string_view kReplicationPath = "/runs/<case>/<rep>";
inline constexpr std::string_view kDesignPath = "/designs/<case>";
inline constexpr std::string_view kNamesPath = "/names";

const ResultLayout& result_layout();
/// The dataset or group at `path`; throws std::out_of_range naming it if there is none.
const DatasetLayout& dataset_layout(std::string_view path);
/// The layout as one JSON object: what /meta's attribute `layout` holds.
std::string layout_json();

/// A label list resolved for one scenario: code first_code + i is names[i].
struct Labels {
  std::vector<std::string> names;
  std::int64_t first_code = 0;
};
Labels labels(std::string_view list, const Scenario& s);

/// The name table of one scenario at `path` (a `strings` dataset of the layout, e.g.
/// "/designs/<case>/levels" or "/names/event_kinds").
std::vector<std::string> name_table(std::string_view path, const Scenario& s);

/// A table of the layout (`path`, e.g. "/runs/<case>/<rep>/flows") as written for one scenario:
/// patterns expanded, label lists resolved.
sim::TableSpec table_spec(std::string_view path, const Scenario& s);

/// The tables a care model run writes through its sink at the scenario's trace level, in the
/// order of their table ids: occupancy, then patients and events unless the trace is summary.
std::vector<sim::TableSpec> record_tables(const Scenario& s);

/// /names/indicators for the cases of an experiment: the indicator catalogue
/// (indicator_catalogue.hpp) of every case, each indicator once in the order the cases first
/// give it, with the level, group and payer it concerns by name, so a reader never parses
/// indicator names.
sim::ColumnTable indicator_table(const std::vector<const Scenario*>& cases);

}  // namespace retzef::models
