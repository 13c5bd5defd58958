// The warm-up check (models/daily_series.hpp, sim/stats/mser.hpp) on whole runs: a warm-up far
// shorter than the medical design's start-up transient is flagged, a long one on a queueing
// network that settles in days is not; the daily series hold each day's opening state. Demand
// that changes after the warm-up (a surge, an arrival schedule) is found from its first change.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "models/care_model.hpp"
#include "models/daily_series.hpp"
#include "models/demand_change.hpp"
#include "models/indicator_catalogue.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/replications.hpp"

using namespace retzef;
using models::Scenario;

namespace {

Scenario default_design(const std::string& name) {
  const std::filesystem::path root =
      std::filesystem::path(RETZEF_TEST_SCENARIOS).parent_path().parent_path().parent_path();
  return models::load_scenario((root / "experiments" / "scenarios" / (name + ".toml")).string());
}

/// The design's region at a tenth of its size, capacities and coordinators with it.
Scenario small(Scenario s) {
  models::RegionSpec& r = s.regions.at(0);
  const auto scaled = [](std::uint32_t n) { return n == 0 ? 0u : std::max(1u, n / 10); };
  r.population /= 10;
  r.coordinators = scaled(r.coordinators);
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].capacity_unit != models::CapacityUnit::unlimited) {
      r.capacity[l] = scaled(r.capacity[l]);
    }
  }
  return s;
}

/// The named indicators of each of `replications` runs of `s`.
std::vector<std::vector<double>> run(const Scenario& s, std::uint32_t replications,
                                     const std::vector<std::string>& names) {
  const models::CareModel model(s);
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  const auto catalogue = models::indicator_catalogue(s);
  std::vector<std::vector<double>> out;
  for (const auto& r : sim::run_replications(model, o, 0, replications, 2)) {
    const auto values = models::indicators(r.summary, s, catalogue);
    std::vector<double> picked;
    for (const auto& name : names) {
      const auto it = std::find_if(catalogue.begin(), catalogue.end(),
                                   [&](const auto& i) { return i.name == name; });
      REQUIRE(it != catalogue.end());
      picked.push_back(values[static_cast<std::size_t>(it - catalogue.begin())]);
    }
    out.push_back(std::move(picked));
  }
  return out;
}

}  // namespace

TEST_CASE("warm-up check: a too-short warm-up on the medical design is flagged", "[warmup]") {
  Scenario s = small(default_design("medical"));
  s.horizon_days = 730;
  for (const double warmup : {0.0, 30.0}) {
    INFO("warm-up " << warmup);
    s.warmup_days = warmup;
    const auto runs =
        run(s, 2, {"mser_truncation_days", "warmup_passes_mser", "mser_truncation_days_inpatient"});
    for (const auto& r : runs) {
      CHECK(r[0] > warmup);
      CHECK(r[1] == 0);
      CHECK(r[2] <= r[0]);
      CHECK(r[0] <= s.horizon_days / 2 + 1);  // searched over the first half only
    }
  }
}

TEST_CASE("warm-up check: a long warm-up on a settled queueing network passes", "[warmup]") {
  // An M/M/50 station at a fifth of its capacity: it fills in days and nobody waits.
  const Scenario s =
      models::load_scenario(std::string(RETZEF_TEST_SCENARIOS) + "/settled_station.toml");
  for (const auto& r : run(s, 4, {"mser_truncation_days", "warmup_passes_mser"})) {
    CHECK(r[0] <= 200);
    CHECK(r[1] == 1);
  }
}

TEST_CASE("daily series: each day holds the state it began with, from day 0", "[warmup]") {
  std::array<models::CareLevel, models::kMaxLevels> levels{};
  levels[0].open(10, 10, models::kUnlimited, 0);
  levels[1].open(models::kUnlimited, models::kUnlimited, models::kUnlimited, 0);
  models::CoordinatorPool coordinators;
  coordinators.open(0, 0);
  models::DailySeries series;
  series.open(2, 1, 5.5);  // days 0 .. 5
  series.catch_up(0, levels, coordinators);
  levels[0].occupy(0.2);
  levels[0].occupy(0.7);
  series.catch_up(0.7, levels, coordinators);  // no day due
  series.count_new_case(0);                    // on day 0
  CHECK(series.occupancy(0).size() == 1);
  series.catch_up(3.0, levels, coordinators);  // days 1, 2 and 3, before the events at day 3
  levels[1].join_list(models::Ticket{}, false, 3.0);
  coordinators.wait(models::Ticket{}, 3.0);
  series.count_new_case(0);  // two on day 3
  series.count_new_case(0);
  series.count_new_case(1);                    // a person of no group the series knows: not counted
  series.catch_up(100, levels, coordinators);  // the horizon ends the series
  const std::vector<float> occupancy(series.occupancy(0).begin(), series.occupancy(0).end());
  const std::vector<float> waiting(series.waiting(1).begin(), series.waiting(1).end());
  CHECK(occupancy == std::vector<float>{0, 2, 2, 2, 2, 2});
  CHECK(waiting == std::vector<float>{0, 0, 0, 0, 1, 1});
  CHECK(series.occupancy(1).size() == 6);
  const std::vector<float> line(series.coordinator_waiting().begin(),
                                series.coordinator_waiting().end());
  CHECK(line == std::vector<float>{0, 0, 0, 0, 1, 1});
  const std::vector<std::uint32_t> cases(series.new_cases(0).begin(), series.new_cases(0).end());
  CHECK(cases == std::vector<std::uint32_t>{1, 0, 0, 2, 0, 0});
  CHECK(series.truncation_days(0, 0)[0] == 0);  // one batch of five: nothing to truncate
}

TEST_CASE(
    "warm-up check: demand changes from the first sloping stretch of a curve after the "
    "warm-up",
    "[warmup]") {
  using models::curve_change_day;
  const models::CurvePoints rise = {{100, 1.0}, {200, 1.0}, {300, 2.0}, {400, 2.0}};
  CHECK(curve_change_day(rise, 0, 1000) == 200);         // flat before the first point, to day 200
  CHECK(curve_change_day(rise, 250, 1000) == 250);       // in the middle of the rise
  CHECK(std::isnan(curve_change_day(rise, 400, 1000)));  // constant after the last point
  CHECK(std::isnan(curve_change_day(rise, 0, 150)));     // the run ends before it rises
  CHECK(std::isnan(curve_change_day({}, 0, 1000)));
  CHECK(std::isnan(curve_change_day({{0, 3.0}}, 0, 1000)));  // a constant multiplier

  Scenario s = default_design("medical");
  s.warmup_days = 365;
  s.horizon_days = 3650;
  s.surges.clear();
  CHECK(std::isnan(models::demand_change_day(s)));
  models::SurgeSpec surge;
  surge.points = {{0, 2.0}, {1095, 2.0}, {3650, 2.5}};
  s.surges.push_back(surge);
  CHECK(models::demand_change_day(s) == 1095);
  // The earliest change of all the curves, a pathway stream's schedule among them.
  models::PathwaySpec::Arrival stream;
  stream.schedule = {{500, 1.0}, {600, 4.0}};
  s.pathway.arrivals.push_back(stream);
  CHECK(models::demand_change_day(s) == 500);
  s.warmup_days = 4000;  // longer than the run: nothing after it
  s.horizon_days = 5000;
  s.surges[0].points = {{0, 2.0}, {1095, 2.0}, {3650, 2.5}};
  CHECK(std::isnan(models::demand_change_day(s)));
}
