// A region's staff (models/workforce.hpp): posts from what the levels need, the steady-state
// share of them filled at the start and kept on average over a long run, a level's places cut to
// what its scarcest profession covers; and in the care model, a region short of staff runs fewer
// places - never more than its staff can run - while one with every vacancy at zero runs exactly
// as before.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>

#include "models/care_model.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "models/workforce.hpp"
#include "sim/engine/simulate.hpp"
#include "tests/support/builtin_scenario_path.hpp"

using namespace retzef;
using models::Scenario;

namespace {

/// Two levels: a ward of 40 beds needing 0.5 nurses and 0.1 psychiatrists a bed, a clinic of 300
/// places needing 0.01 psychologists each.
Scenario two_levels(double vacancy) {
  Scenario s;
  s.professions = {"psychiatrists", "nurses", "psychologists"};
  models::LevelSpec ward;
  ward.name = "ward";
  ward.staff.per_place[0] = 0.1;
  ward.staff.per_place[1] = 0.5;
  models::LevelSpec clinic;
  clinic.name = "clinic";
  clinic.staff.per_place[2] = 0.01;
  models::LevelSpec doctor;  // unlimited: its staff are not counted
  doctor.name = "family_doctor";
  doctor.capacity_unit = models::CapacityUnit::unlimited;
  doctor.staff.per_place[1] = 1;
  s.levels = {ward, clinic, doctor};
  models::RegionSpec r;
  r.name = "r";
  r.capacity[0] = 40;
  r.capacity[1] = 300;
  for (auto& w : r.workforce)
    w.vacancy = vacancy;
  s.regions = {r};
  return s;
}

constexpr std::array<double, models::kMaxProfessions> kSteadyTurnover{1, 1, 1, 1, 1, 1, 1, 1};

/// Posts changing one at a time, as a region's do, until day `until` (returns the last
/// change's day); no profession ever has more filled posts than posts.
double run_changes(models::Workforce& w, std::uint64_t seed, double until,
                   const std::array<double, models::kMaxProfessions>& turnover) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::exponential_distribution<double> wait(1);
  double t = 0;
  while (t < until) {
    t += wait(gen) / w.change_rate();
    w.change(u(gen), t, turnover);
    for (std::size_t p = 0; p < 3; ++p)
      REQUIRE(w.filled(p) <= w.posts(p));
  }
  return t;
}

}  // namespace

TEST_CASE("workforce: posts are what the levels need, and full strength runs every place",
          "[staff]") {
  const Scenario s = two_levels(0);
  models::Workforce w;
  w.open(s, s.regions[0], 0, 0);
  CHECK(w.posts(0) == 4);   // 40 × 0.1
  CHECK(w.posts(1) == 20);  // 40 × 0.5; the unlimited level's need is not a post
  CHECK(w.posts(2) == 3);   // 300 × 0.01
  CHECK(w.filled(1) == 20);
  CHECK(w.change_rate() == 0);  // nothing ever changes
  CHECK(w.staffed_places(s.levels[0], 40) == 40);
  CHECK(w.staffed_places(s.levels[1], 300) == 300);
}

TEST_CASE("workforce: the scarcest profession sets the places, and the vacancy holds on average",
          "[staff]") {
  const Scenario s = two_levels(0.25);
  models::Workforce w;
  w.open(s, s.regions[0], 0, 0);
  CHECK(w.filled(0) == 3);   // 4 × 0.75
  CHECK(w.filled(1) == 15);  // 20 × 0.75
  CHECK(w.filled(2) == 2);   // 3 × 0.75, rounded
  // The ward: 3 of 4 psychiatrists and 15 of 20 nurses: three quarters of 40 beds.
  CHECK(w.staffed_places(s.levels[0], 40) == 30);
  CHECK(w.staffed_places(s.levels[1], 300) == 200);  // 2 of 3 psychologists
  // A long run of changes: the time-average vacancy of each profession is the one asked for.
  const double t = run_changes(w, 5, 200'000, kSteadyTurnover);
  for (std::size_t p = 0; p < 3; ++p) {
    INFO("profession " << p);
    CHECK(w.vacant_post_days(p, t) / w.post_days(p, t) == Approx(0.25).margin(0.02));
  }
}

TEST_CASE("workforce: burnout's turnover is drawn exactly: thinning at the most it can reach",
          "[staff]") {
  Scenario s = two_levels(0.25);
  s.regions[0].burnout = 2;  // at the most pressure, turnover five times the steady one
  const auto long_run = [&](double turnover) {
    models::Workforce w;
    w.open(s, s.regions[0], 0, 0);
    std::array<double, models::kMaxProfessions> multipliers;
    multipliers.fill(turnover);
    const double t = run_changes(w, 11, 300'000, multipliers);
    return w.vacant_post_days(1, t) / w.post_days(1, t);  // the nurses
  };
  CHECK(models::Workforce().turnover_at(0.5) == 1);
  // No pressure: the vacancy asked for, however much burnout could raise turnover.
  CHECK(long_run(1) == Approx(0.25).margin(0.02));
  // The most: leaving five times as fast, v = 5·(1/3) / (1 + 5·(1/3)) = 0.625.
  CHECK(long_run(5) == Approx(0.625).margin(0.02));
}

TEST_CASE("workforce: posts funded apart from the places buffer vacancies, or cap the places",
          "[staff]") {
  Scenario more = two_levels(0.25);
  more.regions[0].workforce[0].posts = 6;   // psychiatrists: the ward needs 4
  more.regions[0].workforce[1].posts = 30;  // nurses: the ward needs 20
  models::Workforce w;
  w.open(more, more.regions[0], 0, 0);
  CHECK(w.posts(1) == 30);
  CHECK(w.filled(0) == 5);   // 6 × 0.75, rounded
  CHECK(w.filled(1) == 23);  // 30 × 0.75, rounded
  // A quarter of the posts empty, and still more staff in post than the 40 beds need.
  CHECK(w.staffed_places(more.levels[0], 40) == 40);
  Scenario fewer = two_levels(0);
  fewer.regions[0].workforce[1].posts = 10;  // half the nurses the ward needs
  w.open(fewer, fewer.regions[0], 0, 0);
  CHECK(w.filled(1) == 10);
  CHECK(w.staffed_places(fewer.levels[0], 40) == 20);  // at full strength, half the beds
  CHECK(w.staffed_places(fewer.levels[1], 300) == 300);
}

TEST_CASE("workforce: the staff in post are paid by the payers of what their posts are for",
          "[staff]") {
  Scenario s = two_levels(0);
  s.payers = {"health_fund", "ministry_of_health"};
  s.levels[0].payer = 1;  // the ward
  s.levels[1].payer = 0;  // the clinic
  s.professions.push_back("coordinators");
  s.coordinator_payer = 1;
  s.salaries = {700'000, 260'000, 300'000, 240'000};
  models::Workforce w;
  w.open(s, s.regions[0], 10, 0);
  std::array<double, models::kMaxPayers> cost{};
  models::add_staff_cost(s, s.regions[0], w, 10, 365, cost);
  // A year at full strength: the ward's 4 psychiatrists and 20 nurses and the 10
  // coordinators from the Ministry of Health; the clinic's 3 psychologists from the fund.
  CHECK(cost[1] == Approx(4 * 700'000 + 20 * 260'000 + 10 * 240'000));
  CHECK(cost[0] == Approx(3 * 300'000));
  // A profession whose posts serve two payers is shared in proportion to their need.
  s.levels[1].staff.per_place[1] = 0.05;  // the clinic's 300 places need 15 nurses
  w.open(s, s.regions[0], 10, 0);
  std::array<double, models::kMaxPayers> shared{};
  models::add_staff_cost(s, s.regions[0], w, 10, 365, shared);
  CHECK(shared[0] - cost[0] == Approx(15 * 260'000));
  CHECK(shared[1] == Approx(cost[1]));
  // The defaults: by profession; the coordinators' is their cost a day, a year.
  const Scenario recovery = models::load_scenario(testing::builtin_scenario_path("recovery"));
  REQUIRE(recovery.professions[1] == "nurses");
  REQUIRE(recovery.professions[5] == "coordinators");
  CHECK(recovery.salaries[1] == 260'000);
  CHECK(recovery.salaries[5] == Approx(recovery.coordinator_cost_per_day * 365));
}

TEST_CASE("staff: a region short of staff runs fewer places, never more than its staff can",
          "[staff][care]") {
  Scenario s = models::load_scenario(testing::builtin_scenario_path("recovery"));
  // A small region, so that the invariants are checked after every event.
  auto& r = s.regions[0];
  const double f = 4000.0 / double(r.population);
  r.population = 4000;
  r.coordinators = 1;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].capacity_unit == models::CapacityUnit::unlimited) continue;
    r.capacity[l] = std::max(1u, static_cast<std::uint32_t>(std::lround(r.capacity[l] * f)));
    r.initial_occupancy[l] = std::min(
        r.capacity[l], static_cast<std::uint32_t>(std::lround(r.initial_occupancy[l] * f)));
  }
  s.horizon_days = 3 * 365;
  s.warmup_days = 365;
  const auto run = [&](double vacancy, double burnout = 0) {
    Scenario v = s;
    v.regions[0].burnout = burnout;
    for (auto& w : v.regions[0].workforce) {
      w.vacancy = vacancy;
      w.fill_days = 30;  // quick turnover: many changes in a short run
    }
    models::CareModel model(v);
    model.check_invariants(true);  // staffed places = what the staff can run, after every event
    sim::RunOptions o;
    o.end = v.horizon_days;
    o.seed = v.seed;
    const auto result = sim::simulate(model, o);
    return std::pair{result, models::indicators(result.summary, v)};
  };
  const auto catalogue = models::indicator_catalogue(s);
  const auto at = [&](const std::vector<double>& values, const std::string& name) {
    for (std::size_t i = 0; i < catalogue.size(); ++i) {
      if (catalogue[i].name == name) return values[i];
    }
    FAIL("no indicator " << name);
    return 0.0;
  };
  const auto [full, full_values] = run(0);
  const auto [short_staffed, short_values] = run(0.4);
  CHECK(at(full_values, "staffed_share_inpatient") == 1);
  CHECK(at(full_values, "unstaffed_budget_share") == 0);
  CHECK(at(short_values, "staffed_share_inpatient") < 0.75);
  CHECK(at(short_values, "vacancy_nurses") == Approx(0.4).margin(0.15));
  CHECK(at(short_values, "unstaffed_budget_share") > 0.05);
  // Burnout: with places short of staff and lists growing, turnover rises and the posts empty
  // further than the vacancy the region started from.
  const auto burnt = run(0.4, 2).second;
  CHECK(at(burnt, "vacancy_nurses") > at(short_values, "vacancy_nurses") + 0.1);
  CHECK(at(burnt, "staffed_share_inpatient") < at(short_values, "staffed_share_inpatient"));
  // Empty posts draw no salary; the payers' parts add up to the whole.
  CHECK(at(short_values, "staff_cost_per_year") < 0.75 * at(full_values, "staff_cost_per_year"));
  CHECK(at(full_values, "staff_cost_per_year") ==
        Approx(at(full_values, "staff_cost_per_year_health_fund") +
               at(full_values, "staff_cost_per_year_ministry_of_health") +
               at(full_values, "staff_cost_per_year_ministry_of_welfare")));
  CHECK(short_staffed.summary.admissions != full.summary.admissions);
  // Coordinators alone short: fewer caseloads carried, a longer line for a coordinator.
  const auto coordinators_short = [&] {
    Scenario v = s;
    // About 7 of the region's people are coordinated at a time: 4 coordinators with up to 3
    // each have room for them, half of them in post do not.
    v.regions[0].coordinators = 4;
    v.policy.params["caseload"] = 3;
    auto& w = v.regions[0].workforce[5];  // "coordinators"
    REQUIRE(v.professions[5] == "coordinators");
    w.vacancy = 0.5;
    w.fill_days = 30;
    models::CareModel model(v);
    model.check_invariants(true);  // caseloads carried = what the coordinators in post can
    sim::RunOptions o;
    o.end = v.horizon_days;
    o.seed = v.seed;
    Scenario full_v = v;
    full_v.regions[0].workforce[5].vacancy = 0;
    const auto a = sim::simulate(model, o).summary;
    const auto b = sim::simulate(models::CareModel(full_v), o).summary;
    return std::pair{a.coordinator_wait_days, b.coordinator_wait_days};
  }();
  CHECK(coordinators_short.first > coordinators_short.second);
}

TEST_CASE("staff: every vacancy at zero is the run without staff, event for event", "[staff]") {
  Scenario s = models::load_scenario(testing::builtin_scenario_path("medical"));
  s.regions[0].population = 20'000;
  s.horizon_days = 400;
  s.warmup_days = 100;
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    s.regions[0].capacity[l] = std::min(s.regions[0].capacity[l], 30u);
  s.regions[0].initial_occupancy = {};
  Scenario unstaffed = s;
  for (auto& level : unstaffed.levels)
    level.staff = {};
  for (auto& w : s.regions[0].workforce)
    w.fill_days = 10;  // a fill time changes nothing while nothing is empty
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = 9;
  const auto a = sim::simulate(models::CareModel(s), o);
  const auto b = sim::simulate(models::CareModel(unstaffed), o);
  CHECK(a.events == b.events);
  CHECK(a.checksum == b.checksum);
  CHECK(a.summary.admissions == b.summary.admissions);
}

TEST_CASE("staff: the loader reads burnout and funded posts, and refuses them out of range",
          "[staff][scenario]") {
  const std::string text = testing::builtin_scenario_text("recovery");
  const std::string at = "population = 500000\n";
  REQUIRE(text.find(at) != std::string::npos);
  const auto with = [&](const std::string& keys) {
    std::string t = text;
    t.insert(t.find(at) + at.size(), keys);
    return t;
  };
  const Scenario s = models::load_scenario_text(
      with("burnout = 1.5\nworkforce = { nurses = { posts = 70 } }\n"), "staff.toml");
  CHECK(s.regions[0].burnout == 1.5);
  CHECK(s.regions[0].workforce[1].posts == 70);
  CHECK(s.regions[0].workforce[0].posts == models::WorkforceSpec::kPostsAsNeeded);
  const auto problems = [&](const std::string& keys) -> std::string {
    try {
      models::load_scenario_text(with(keys), "staff.toml");
    } catch (const models::ScenarioError& e) {
      return e.what();
    }
    return "";
  };
  CHECK_THAT(problems("burnout = 11\n"),
             Catch::Contains("regions[0].burnout: expected a number in [0, 10], got 11"));
  CHECK_THAT(problems("workforce = { nurses = { posts = -1 } }\n"),
             Catch::Contains("regions[0].workforce.nurses.posts: expected an integer in"));
}
