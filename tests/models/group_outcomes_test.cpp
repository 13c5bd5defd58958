// Outcomes by condition group and crisis care counted alike in every design: the groups' sums
// add up to the run's (admissions, bed-days, cost, functioning weighted by people), a return to
// any 24-hour crisis care is at least as frequent as a return to the ward where the ward is the
// only 24-hour care, and on a pathway of fixed stays the crisis readmissions are what the stays
// make them.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>

#include "models/care_model.hpp"
#include "models/crisis_care.hpp"
#include "models/indicator_catalogue.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/replications.hpp"

using namespace retzef;
using models::RunTotals;
using models::Scenario;

namespace {

/// A default design on a region a tenth of the default's size, for runs that must be quick.
Scenario small_design(const std::string& name) {
  const std::filesystem::path root =
      std::filesystem::path(RETZEF_TEST_SCENARIOS).parent_path().parent_path().parent_path();
  Scenario s =
      models::load_scenario((root / "experiments" / "scenarios" / (name + ".toml")).string());
  models::RegionSpec& r = s.regions[0];
  const auto scaled = [](std::uint32_t n) { return n == 0 ? 0u : std::max(1u, n / 10); };
  r.population /= 10;
  r.coordinators = scaled(r.coordinators);
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].capacity_unit != models::CapacityUnit::unlimited) {
      r.capacity[l] = scaled(r.capacity[l]);
      r.initial_occupancy[l] = std::min(r.capacity[l], r.initial_occupancy[l] / 10);
    }
  }
  s.horizon_days = 3 * 365;
  s.warmup_days = 365;
  return s;
}

RunTotals run(const Scenario& s) {
  const models::CareModel model(s);
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  return sim::simulate(model, o).summary;
}

double value(const Scenario& s, const RunTotals& t, const std::string& name) {
  const auto catalogue = models::indicator_catalogue(s);
  const auto values = models::indicators(t, s, catalogue);
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    if (catalogue[i].name == name) return values[i];
  }
  FAIL("no indicator " << name);
  return 0;
}

}  // namespace

TEST_CASE("group outcomes: the groups add up to the run's totals", "[indicators]") {
  for (const std::string design : {"medical", "recovery", "cost_target"}) {
    INFO(design);
    const Scenario s = small_design(design);
    const RunTotals t = run(s);
    REQUIRE(t.admissions > 50);
    std::uint64_t admissions = 0, discharges = 0, readmissions = 0, departures = 0, returns = 0;
    std::uint64_t functioning_people = 0, waits = 0, remissions = 0;
    double person_days = 0, functioning = 0, care_cost = 0, crisis_days = 0;
    std::array<double, models::kMaxLevels> level_days{};
    for (std::size_t g = 0; g < s.groups.size(); ++g) {
      const models::GroupTotals& x = t.groups[g];
      admissions += x.admissions;
      discharges += x.discharges_30;
      readmissions += x.readmissions_30;
      departures += x.crisis_departures_30;
      returns += x.crisis_readmissions_30;
      person_days += x.person_days;
      crisis_days += x.crisis_days;
      functioning_people += x.functioning_gain.count();
      functioning += x.functioning_gain.mean() * double(x.functioning_gain.count());
      waits += x.first_care_wait.count();
      remissions += x.remission_time.count();
      for (std::size_t l = 0; l < s.levels.size(); ++l) {
        level_days[l] += x.level_days[l];
        care_cost += x.level_days[l] * s.levels[l].cost_per_day;
      }
    }
    CHECK(admissions == t.admissions);
    CHECK(discharges == t.discharges_30);
    CHECK(readmissions == t.readmissions_30);
    CHECK(departures == t.crisis_departures_30);
    CHECK(returns == t.crisis_readmissions_30);
    CHECK(person_days == Approx(t.person_days).epsilon(1e-9));
    CHECK(crisis_days > 0);
    CHECK(crisis_days < person_days);
    for (std::size_t l = 0; l < s.levels.size(); ++l) {
      INFO(s.levels[l].name);
      CHECK(level_days[l] == Approx(t.level_days[l]).epsilon(1e-9).margin(1e-6));
    }
    // Every cost but the coordinators' salaries, which no group is charged.
    double total_cost = 0;
    for (std::size_t p = 0; p < s.payers.size(); ++p)
      total_cost += t.cost[p];
    const double salaries = t.coordinators * t.observed_days * s.coordinator_cost_per_day;
    const double charged =
        total_cost - (models::CareModel(s).policy().caseload() > 0 ? salaries : 0);
    CHECK(care_cost == Approx(charged).epsilon(1e-9));
    CHECK(functioning_people == t.functioning_gain.count());
    CHECK(functioning / double(functioning_people) ==
          Approx(t.functioning_gain.mean()).epsilon(1e-9));
    CHECK(waits == t.first_care_wait.count());
    CHECK(remissions == t.remission_time.count());

    // The indicators: rates over the same population add up; a group's means lie between the
    // groups' extremes, which the run-wide mean does too.
    double admissions_rate = 0, bed_days_rate = 0;
    for (const auto& g : s.groups) {
      admissions_rate += value(s, t, "admissions_" + g.name + "_per_1000");
      bed_days_rate += value(s, t, "bed_days_" + g.name + "_per_1000");
    }
    CHECK(admissions_rate == Approx(value(s, t, "admissions_per_1000")).epsilon(1e-9));
    CHECK(bed_days_rate == Approx(value(s, t, "bed_days_per_1000")).epsilon(1e-9));
    double blocked = 0;
    for (const auto& l : s.levels)
      blocked += value(s, t, "blocked_days_" + l.name + "_per_1000");
    CHECK(blocked == Approx(value(s, t, "blocked_days_per_1000")).epsilon(1e-9).margin(1e-12));
  }
}

TEST_CASE("group outcomes: crisis readmission where only the ward is 24-hour care",
          "[indicators]") {
  // The medical design funds no balancing house and no home care: its 24-hour crisis care is
  // the ward and boarding in the ER for it.
  const Scenario s = small_design("medical");
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].kind != models::LevelKind::inpatient &&
        models::is_crisis_care_level(s.levels[l].kind)) {
      REQUIRE(s.regions[0].capacity[l] == 0);
    }
  }
  const RunTotals t = run(s);
  CAPTURE(t.discharges_30, t.readmissions_30, t.crisis_departures_30, t.crisis_readmissions_30);
  REQUIRE(t.discharges_30 > 100);
  CHECK(t.crisis_readmissions_30 >= t.readmissions_30);
  CHECK(value(s, t, "crisis_readmission_30") >= value(s, t, "readmission_30"));
  CHECK(value(s, t, "crisis_readmission_90") >= value(s, t, "readmission_90"));
  // ER boarding is counted at the ER, and only there.
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    INFO(s.levels[l].name);
    if (s.levels[l].kind == models::LevelKind::emergency) {
      CHECK(t.boarding_days[l] > 0);
      CHECK(value(s, t, "boarding_days_" + s.levels[l].name + "_per_1000") > 0);
    } else {
      CHECK(t.boarding_days[l] == 0);
    }
  }
}

namespace {

/// A cycle of fixed stays: a week on the ward, a week in a balancing house (a move within
/// crisis care, not a departure), then `gap` days of day care, and back to the ward, nine times
/// in ten (else out of the system).
Scenario cycle(double gap) {
  const std::string text = R"(
[scenario]
name = "cycle"
horizon_days = 2000
warmup_days = 200

[[levels]]
name = "ward"
kind = "inpatient"
capacity_unit = "unlimited"
length_of_stay = { distribution = "fixed", mean = 7 }

[[levels]]
name = "house"
kind = "balancing_house"
capacity_unit = "unlimited"
length_of_stay = { distribution = "fixed", mean = 7 }

[[levels]]
name = "day"
kind = "day_care"
capacity_unit = "unlimited"
length_of_stay = { distribution = "fixed", mean = )" +
                           std::to_string(gap) + R"( }

[[regions]]
name = "site"
population = 1000

[policy]
name = "pathway"

[[pathway.arrivals]]
level = "ward"
per_day = 0.5

[[pathway.routes]]
from = "ward"
to = { house = 1.0 }

[[pathway.routes]]
from = "house"
to = { day = 1.0 }

[[pathway.routes]]
from = "day"
to = { ward = 0.9 }
)";
  return models::load_scenario_text(text, "cycle.toml");
}

}  // namespace

TEST_CASE("group outcomes: crisis readmissions on a cycle of fixed stays", "[indicators]") {
  SECTION("back within 30 days") {
    const Scenario s = cycle(20);
    const RunTotals t = run(s);
    REQUIRE(t.crisis_departures_30 > 1000);
    // Nine departures in ten are followed by a return 20 days later, all within 30 days.
    CHECK(value(s, t, "crisis_readmission_30") == Approx(0.9).margin(0.02));
    CHECK(value(s, t, "crisis_readmission_90") == Approx(0.9).margin(0.02));
    CHECK(t.crisis_readmissions_90 <= t.crisis_readmissions_30);
    // The ward sees the person again 27 days after its discharge, also within 30 days.
    CHECK(value(s, t, "readmission_30") == Approx(0.9).margin(0.02));
  }
  SECTION("back after 40 days") {
    const Scenario s = cycle(40);
    const RunTotals t = run(s);
    REQUIRE(t.crisis_departures_90 > 1000);
    // None within 30 days: the ward's discharges to the house are no departures from crisis
    // care, or they would be followed by a return the same day.
    CHECK(t.crisis_readmissions_30 == 0);
    CHECK(value(s, t, "crisis_readmission_30") == 0.0);
    CHECK(value(s, t, "crisis_readmission_90") == Approx(0.9).margin(0.02));
    CHECK(t.readmissions_30 == 0);
  }
}
