// The result file's layout: the tables a run writes are the layout's, expanded for the
// scenario (per-level and per-indicator columns, label lists resolved); the levels' label list
// is {"none", levels...} from code -1; every name table and label list the layout names has
// values; and the JSON it writes into /meta names every dataset once.
#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/care_model.hpp"
#include "models/indicator_catalogue.hpp"
#include "models/indicators.hpp"
#include "models/result_schema.hpp"
#include "models/scenario_loader.hpp"

using namespace retzef;

namespace {

models::Scenario care_scenario(models::TraceLevel trace) {
  auto s = models::load_scenario(std::string(RETZEF_TEST_SCENARIOS) + "/valid_care.toml");
  s.trace = trace;
  return s;
}

const sim::Column& column(const sim::TableSpec& t, const std::string& name) {
  for (const auto& c : t.columns) {
    if (c.name == name) return c;
  }
  FAIL("table " << t.name << " has no column " << name);
  return t.columns.front();
}

}  // namespace

TEST_CASE("result schema: the levels' labels are none and the levels, from code -1", "[schema]") {
  const auto s = care_scenario(models::TraceLevel::summary);
  const models::Labels levels = models::labels("levels", s);
  REQUIRE(levels.names.size() == s.levels.size() + 1);
  CHECK(levels.first_code == -1);
  CHECK(levels.names.front() == "none");
  for (std::size_t i = 0; i < s.levels.size(); ++i)
    CHECK(levels.names[i + 1] == s.levels[i].name);
  // Every level column of every table carries exactly that list.
  const std::string r(models::kReplicationPath);
  for (const auto& [table, name] :
       std::vector<std::pair<std::string, std::string>>{{"flows", "from_level"},
                                                        {"flows", "to_level"},
                                                        {"occupancy", "level"},
                                                        {"events", "from_level"},
                                                        {"events", "to_level"}}) {
    const sim::TableSpec spec = models::table_spec(r + "/" + table, s);
    const sim::Column& c = column(spec, name);
    CHECK(c.labels == levels.names);
    CHECK(c.first_code == -1);
    CHECK(c.type == sim::ColumnType::i16);
  }
}

TEST_CASE("result schema: a run's tables are the layout's, expanded for the scenario", "[schema]") {
  const auto summary_only = care_scenario(models::TraceLevel::summary);
  const auto full = care_scenario(models::TraceLevel::full);
  CHECK(models::record_tables(summary_only).size() == 2);
  const auto tables = models::CareModel(full).tables();
  REQUIRE(tables.size() == 4);
  CHECK(tables[0].name == "occupancy");
  CHECK(tables[1].name == "daily");
  CHECK(tables[2].name == "patients");
  CHECK(tables[3].name == "events");
  CHECK(tables[3].description == "every event after the warm-up");
  CHECK(models::record_tables(care_scenario(models::TraceLevel::transitions))[3].description ==
        "moves between levels and exits after the warm-up");

  // daily: the coordinators' line, then one new_cases_<group> column per group, in group order.
  const auto& daily = tables[1];
  REQUIRE(daily.columns.size() == 3 + full.groups.size());
  CHECK(daily.columns[2].name == "coordinator_waiting");
  for (std::size_t g = 0; g < full.groups.size(); ++g) {
    CHECK(daily.columns[3 + g].name == "new_cases_" + full.groups[g].name);
    CHECK(daily.columns[3 + g].description == "new cases of " + full.groups[g].name + " that day");
  }

  // patients: one days_<level> column per level, at the end, in level order.
  const auto& patients = tables[2];
  REQUIRE(patients.columns.size() > full.levels.size());
  const std::size_t first_day = patients.columns.size() - full.levels.size();
  for (std::size_t l = 0; l < full.levels.size(); ++l) {
    CHECK(patients.columns[first_day + l].name == "days_" + full.levels[l].name);
    CHECK(patients.columns[first_day + l].description == "days at " + full.levels[l].name);
  }
  CHECK(column(patients, "region").labels.size() == full.regions.size());
  CHECK(column(tables[3], "kind").labels == models::event_kind_names());

  // summary: one float64 column per indicator, with its unit and meaning.
  const auto summary = models::table_spec(std::string(models::kReplicationPath) + "/summary", full);
  const auto indicators = models::indicator_catalogue(full);
  REQUIRE(summary.columns.size() == indicators.size());
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    CHECK(summary.columns[i].name == indicators[i].name);
    CHECK(summary.columns[i].unit == indicators[i].unit);
    CHECK(summary.columns[i].type == sim::ColumnType::f64);
  }
  // /names/indicators: a row per summary column, its columns those the layout lists.
  const auto names = models::indicator_table({&full});
  CHECK(names.rows() == indicators.size());
  const auto& listed = models::dataset_layout("/names/indicators").fields;
  REQUIRE(names.columns.size() == listed.size());
  for (std::size_t c = 0; c < listed.size(); ++c)
    CHECK(names.columns[c].name == listed[c].name);
}

TEST_CASE(
    "result schema: every name table and label list has values, and the JSON names each "
    "dataset once",
    "[schema]") {
  const auto s = care_scenario(models::TraceLevel::full);
  const auto& layout = models::result_layout();
  std::set<std::string> paths;
  for (const auto& d : layout.datasets) {
    CHECK(paths.insert(d.path).second);
    if (d.kind == models::DatasetKind::strings) CHECK_NOTHROW(models::name_table(d.path, s));
    if (d.kind == models::DatasetKind::table && d.path.rfind("/runs/", 0) == 0) {
      CHECK_NOTHROW(models::table_spec(d.path, s));
    }
  }
  for (const auto& l : layout.label_lists) {
    CHECK(paths.count(l.table) == 1);
    CHECK_NOTHROW(models::labels(l.name, s));
  }
  CHECK(models::name_table("/designs/<case>/levels", s).size() == s.levels.size());
  CHECK_THROWS_AS(models::name_table("/designs/<case>/nothing", s), std::out_of_range);

  const std::string json = models::layout_json();
  CHECK(json.front() == '{');
  CHECK(json.back() == '}');
  for (const auto& p : paths) {
    const std::string key = "\"path\":\"" + p + "\"";
    CHECK(json.find(key) != std::string::npos);
    CHECK(json.find(key) == json.rfind(key));
  }
  CHECK(json.find(R"({"name":"levels","fixed":["none"],"first_code":-1,)") != std::string::npos);
}
