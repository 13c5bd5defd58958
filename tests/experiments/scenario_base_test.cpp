// A scenario that starts from another (`base`): sections merged or replaced as documented,
// problems reported in the file and line they were written at, bad bases refused at the key; and
// the national scenarios built that way keep the catchment designs' groups, levels and
// capacities per resident.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/scenario_base.hpp"
#include "experiments/scenario_source.hpp"
#include "models/scenario_loader.hpp"
#include "tests/support/scratch_path.hpp"

using namespace retzef;
using experiments::ScenarioSource;

namespace {

/// A finder over texts held here, as the fuzzing harness has one: no file system.
experiments::ScenarioFinder finder(const std::vector<ScenarioSource>& known) {
  return [known](const std::string& what, const std::filesystem::path&) {
    for (const auto& s : known) {
      if (s.path == what + ".toml") return s;
    }
    throw std::invalid_argument("no scenario " + what);
  };
}

/// The problems of loading `source` with `find`, empty when it loads.
std::vector<std::string> problems(const ScenarioSource& source,
                                  const experiments::ScenarioFinder& find) {
  try {
    experiments::load_scenario_with_base(source, find);
    return {};
  } catch (const models::ScenarioError& e) {
    return e.problems();
  }
}

bool any_has(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& l : lines) {
    if (l.find(part) != std::string::npos) return true;
  }
  return false;
}

std::uint32_t level_of(const models::Scenario& s, const std::string& name) {
  for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].name == name) return l;
  }
  FAIL("no level " << name);
  return 0;
}

}  // namespace

TEST_CASE("scenario base: tables merge by key, arrays of tables are replaced", "[scenario]") {
  const auto medical = experiments::find_scenario("medical");
  const ScenarioSource derived{R"(# a smaller town under the medical design
[scenario]
base = "medical"
name = "town"
horizon_days = 800
warmup_days = 365

[[regions]]
name = "town"
population = 50000
capacity = { inpatient = 13, clinic = 330, rehabilitation = 150 }

[policy]
follow_up_probability = 0.5
)",
                               "town.toml"};
  const models::Scenario base = experiments::load_scenario_source("medical");
  const models::Scenario s =
      experiments::load_scenario_with_base(derived, experiments::find_scenario);
  CHECK(s.name == "town");
  CHECK(s.horizon_days == 800);
  CHECK(s.seed == base.seed);  // a key the file leaves alone is the base's
  REQUIRE(s.regions.size() == 1);
  CHECK(s.regions[0].population == 50000);
  CHECK(s.groups.size() == base.groups.size());
  CHECK(s.levels.size() == base.levels.size());
  CHECK(s.surges.size() == base.surges.size());
  // The policy keeps the base's parameters but the one the file sets.
  CHECK(s.policy.name == "medical");
  CHECK(s.policy.params.at("follow_up_probability") == 0.5);
  CHECK(s.policy.params.at("book_clinic_probability") ==
        base.policy.params.at("book_clinic_probability"));
  // What a result file keeps is the whole merged scenario, which loads on its own.
  CHECK(s.source_text.find("base") == std::string::npos);
  const models::Scenario again = models::load_scenario_text(s.source_text, "again.toml");
  CHECK(again.groups.size() == base.groups.size());
  CHECK(again.policy.params.at("follow_up_probability") == 0.5);
  // A [policy] naming another policy replaces the base's: the medical parameters would be
  // unknown to it.
  const ScenarioSource other{"[scenario]\nbase = \"medical\"\n[policy]\nname = \"recovery\"\n",
                             "other.toml"};
  const models::Scenario r =
      experiments::load_scenario_with_base(other, experiments::find_scenario);
  CHECK(r.policy.name == "recovery");
  CHECK(r.policy.params.count("book_clinic_probability") == 0);
}

TEST_CASE("scenario base: a bad base is refused at its key, and problems keep their file",
          "[scenario]") {
  const auto find = experiments::find_scenario;
  CHECK(any_has(problems({"[scenario]\nbase = \"medcal\"\n", "a.toml"}, find),
                "a.toml:2:8: scenario.base: no such file, and no built-in scenario \"medcal\""));
  CHECK(any_has(problems({"[scenario]\nbase = 3\n", "a.toml"}, find),
                "a.toml:2:8: scenario.base: expected the name of a built-in scenario or of a "
                "scenario file, got"));
  // A cycle through files.
  const auto a =
      finder({{"[scenario]\nbase = \"b\"\n", "a.toml"}, {"[scenario]\nbase = \"a\"\n", "b.toml"}});
  CHECK(any_has(problems({"[scenario]\nbase = \"a\"\n", "c.toml"}, a),
                "scenario.base: expected a chain of at most 8 bases"));
  // An experiment is not a scenario.
  const auto e = finder({{"[experiment]\nname = \"x\"\n", "exp.toml"}});
  CHECK(any_has(problems({"[scenario]\nbase = \"exp\"\n", "a.toml"}, e),
                "scenario.base: expected a scenario, got the experiment exp.toml"));
  // A problem in an inherited value is reported in the base's file, one in the file's own in
  // the file.
  const auto bad_base = finder({{"[scenario]\nname = \"b\"\nhorizon_days = -1\n", "b.toml"}});
  const auto lines = problems({"[scenario]\nbase = \"b\"\nwarmup_days = -2\n", "a.toml"}, bad_base);
  CHECK(any_has(lines, "b.toml:3:16: scenario.horizon_days"));
  CHECK(any_has(lines, "a.toml:3:15: scenario.warmup_days"));
  // A syntax error in the base is the base's.
  const auto broken = finder({{"[scenario\n", "b.toml"}});
  CHECK(any_has(problems({"[scenario]\nbase = \"b\"\n", "a.toml"}, broken), "b.toml:"));
}

TEST_CASE("scenario base: a built-in scenario's base is a built-in one", "[scenario]") {
  // A file called "medical" beside the run does not replace the base of a built-in scenario.
  const auto folder = testing::scratch_path("retzef_scenario_base", "");
  std::ofstream(folder / "medical") << "[scenario]\nname = \"impostor\"\n";
  const auto israel = experiments::find_scenario("israel");
  REQUIRE(israel.builtin);
  const models::Scenario s = experiments::load_scenario_with_base(
      israel, [&](const std::string& what, const std::filesystem::path&) {
        return experiments::find_scenario(what, folder);
      });
  CHECK(s.groups.size() == 5);
}

TEST_CASE(
    "national scenarios: Israel's districts with the catchment designs' capacities per "
    "resident",
    "[scenario]") {
  for (const auto& [name, base_name] :
       {std::pair{"israel", "medical"}, std::pair{"israel_recovery", "recovery"},
        std::pair{"israel_cost_target", "cost_target"}}) {
    INFO(name);
    const models::Scenario s = experiments::load_scenario_source(name);
    const models::Scenario base = experiments::load_scenario_source(base_name);
    CHECK(s.policy.name == base.policy.name);
    CHECK(s.groups.size() == base.groups.size());
    REQUIRE(s.levels.size() == base.levels.size());
    REQUIRE(s.regions.size() == 7);
    std::uint64_t people = 0;
    for (const auto& r : s.regions)
      people += r.population;
    CHECK(people == 9'453'100);  // the Bureau's districts at the end of 2021 (docs/parameters.md)
    // Judea and Samaria has no ward: it refers to Jerusalem, whose beds cover both.
    const std::uint32_t ward = level_of(s, "inpatient");
    const auto& js = s.regions[6];
    CHECK(js.name == "judea_samaria");
    CHECK(js.capacity[ward] == 0);
    REQUIRE(s.referrals.size() == 1);
    CHECK(s.referrals[0].from == 6);
    CHECK(s.referrals[0].to == 0);
    // Every other level, and the coordinators, per resident as in the catchment (rounding to a
    // place); the ward per resident served.
    const auto& catchment = base.regions[0];
    const double per = 1.0 / static_cast<double>(catchment.population);
    for (std::size_t r = 0; r < s.regions.size(); ++r) {
      const auto& region = s.regions[r];
      INFO(region.name);
      const double people_served =
          static_cast<double>(region.population) + (r == 0 ? double(js.population) : 0.0);
      for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
        if (s.levels[l].capacity_unit == models::CapacityUnit::unlimited) continue;
        if (region.capacity[l] == 0 && catchment.capacity[l] > 0) continue;  // referred
        const double served = l == ward ? people_served : double(region.population);
        // The national cost_target design's basket holds what is left of its budget, as the
        // catchment's does, but against the national medical design's budget (its file says why).
        const double catchment_places =
            std::string_view(name) == "israel_cost_target" && l == level_of(s, "rehabilitation")
                ? 1285.0
                : double(catchment.capacity[l]);
        CHECK(std::abs(double(region.capacity[l]) - catchment_places * per * served) <= 1.0);
      }
      CHECK(std::abs(double(region.coordinators) -
                     double(catchment.coordinators) * per * double(region.population)) <= 1.0);
    }
  }
}
