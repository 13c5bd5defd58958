// Families (models/household.hpp): siblings arrive as a household and share its situation; a
// level counted in families holds one place per household, whoever of it is there (an
// invariant checked after every event); the indicators count families; the loader refuses
// what the model cannot honour; and scenarios without families are as they were.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "models/care_model.hpp"
#include "models/indicator_catalogue.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/simulate.hpp"
#include "tests/support/builtin_scenario_path.hpp"

using namespace retzef;
using models::Scenario;

namespace {

std::uint32_t level_index(const Scenario& s, const std::string& name) {
  for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].name == name) return l;
  }
  FAIL("no level " << name);
  return 0;
}

/// The families scenario in a small area: few enough people that the invariants are checked
/// after every event, and a programme small enough to fill.
Scenario small_area() {
  Scenario s = models::load_scenario(testing::builtin_scenario_path("families"));
  auto& r = s.regions[0];
  r.population = 100'000;
  r.capacity[level_index(s, "family_intervention")] = 10;
  r.capacity[level_index(s, "placement")] = 100;
  r.initial_occupancy[level_index(s, "placement")] = 72;
  s.horizon_days = 4 * 365;
  s.warmup_days = 365;
  return s;
}

sim::RunResult<models::RunTotals> run(const Scenario& s, bool check = true) {
  models::CareModel model(s);
  model.check_invariants(check);
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  return sim::simulate(model, o);
}

std::string problems(const std::string& text) {
  try {
    models::load_scenario_text(text, "families.toml");
  } catch (const models::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("families: a household's place is one however many of its children it serves",
          "[families][care]") {
  const Scenario s = small_area();
  // The invariants after every event: the intervention's occupancy is the number of distinct
  // households in it, each household's count of members where they are is right.
  const auto result = run(s);
  const models::RunTotals& t = result.summary;
  const std::uint32_t intervention = level_index(s, "family_intervention");
  const models::GroupTotals& children = t.groups[0];
  REQUIRE(children.family_places > 0);
  // Some households had two or more children in the intervention at once: more children
  // entered it than households took places there.
  CHECK(t.entries[intervention] > children.family_places);
  // What the level's cost is paid for: its place-days, the households', never more.
  CHECK(children.level_days[intervention] == Approx(t.level_days[intervention]).epsilon(1e-9));
  CHECK(t.level_days[intervention] <= 10 * t.observed_days + 1e-6);
}

TEST_CASE("families: siblings arrive together, a household's worth of new cases at a time",
          "[families][care]") {
  Scenario s = small_area();
  s.regions[0].population = 200'000;
  s.regions[0].initial_occupancy = {};
  s.groups[0].prevalence = 0;  // only new cases: each arrival is one household
  const auto three = run(s, false).summary;
  Scenario single = s;
  single.groups[0].household_size = 1;
  const auto one = run(single, false).summary;
  // Incidence counts children: the same number of them either way, in a third as many
  // households when they come three at a time.
  const double expected = 200 * s.groups[0].incidence_per_1000 * 3;  // three observed years
  CHECK(double(three.onsets) == Approx(expected).epsilon(0.08));
  CHECK(double(one.onsets) == Approx(expected).epsilon(0.08));
  CHECK(three.onsets % 3 == 0);
  CHECK(double(three.groups[0].households) ==
        Approx(double(one.groups[0].households) / 3).epsilon(0.1));
}

TEST_CASE("families: the indicators count families, and only where there are households",
          "[families]") {
  const Scenario s = small_area();
  const auto catalogue = models::indicator_catalogue(s);
  const auto values = models::indicators(run(s, false).summary, s, catalogue);
  const auto at = [&](const std::string& name) {
    for (std::size_t i = 0; i < catalogue.size(); ++i) {
      if (catalogue[i].name == name) return values[i];
    }
    FAIL("no indicator " << name);
    return 0.0;
  };
  CHECK(at("families_known") > 0);
  CHECK(at("placements_per_year") > 0);
  CHECK(at("family_interventions_per_year") > 0);
  CHECK(at("placement_days_per_family") ==
        Approx(at("placement_days_per_year") * 3 / at("families_known")));
  CHECK(at("cost_per_family") == Approx(at("cost_per_family_ministry_of_welfare")));
  CHECK(at("cost_per_family_health_fund") == 0);
  for (const char* name : {"medical", "recovery", "cost_target"}) {
    const auto defaults =
        models::indicator_catalogue(models::load_scenario(testing::builtin_scenario_path(name)));
    CHECK(std::none_of(defaults.begin(), defaults.end(),
                       [](const auto& i) { return i.name == "families_known"; }));
  }
}

TEST_CASE("families: the loader refuses what the model cannot honour", "[families][scenario]") {
  const std::string text = testing::builtin_scenario_text("families");
  CHECK(problems(text).empty());
  std::string medical = text;
  medical.replace(medical.find("name = \"recovery\""), 17, "name = \"medical\"");
  CHECK_THAT(problems(medical),
             Catch::Contains("levels[1].kind: the medical policy has no rule for a level of kind "
                             "family_intervention"));
  std::string referred = text + R"(
[[regions]]
name = "next_town"
population = 50000

[[referrals]]
from = "next_town"
to = "programme_area"
levels = ["family_intervention"]
)";
  CHECK_THAT(problems(referred),
             Catch::Contains("referrals[0].levels: level family_intervention counts its places in "
                             "families, which cannot be referred to another region"));
  std::string zero = text;
  zero.replace(zero.find("household_size = 3"), 18, "household_size = 0");
  CHECK_THAT(problems(zero), Catch::Contains("groups[0].household_size: expected an integer in "
                                             "[1, 12], got 0"));
}
