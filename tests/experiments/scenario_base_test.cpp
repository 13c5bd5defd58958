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

TEST_CASE("scenario base: [provision] from = \"base\" takes the base design's per resident",
          "[scenario]") {
  const auto find = experiments::find_scenario;
  // Two towns on the medical design's provision: its one region's figures for its 500,000.
  const ScenarioSource towns{R"([scenario]
base = "medical"
name = "towns"

[provision]
from = "base"
capacity = { inpatient = 130 }   # five more beds per 500,000 than the base

[[regions]]
name = "east"
population = 250000

[[regions]]
name = "west"
population = 6000
initial_occupancy = { rehabilitation = 10 }
)",
                             "towns.toml"};
  const models::Scenario s = experiments::load_scenario_with_base(towns, find);
  const models::Scenario medical = experiments::load_scenario_source("medical");
  const auto ward = level_of(s, "inpatient");
  const auto clinic = level_of(s, "clinic");
  const auto basket = level_of(s, "rehabilitation");
  REQUIRE(s.regions.size() == 2);
  CHECK(s.provision.residents == medical.regions[0].population);
  CHECK(s.provision.capacity[ward] == 130u);  // the file's own entry
  CHECK(s.provision.capacity[clinic] == medical.regions[0].capacity[clinic]);
  CHECK(s.provision.initial_occupancy[basket] == medical.regions[0].initial_occupancy[basket]);
  CHECK(s.regions[0].capacity[ward] == 65);  // 130 for half the residents
  CHECK(s.regions[0].capacity[clinic] == 1650);
  CHECK(s.regions[0].capacity[basket] == 750);
  CHECK(s.regions[0].initial_occupancy[basket] == 715);
  CHECK(s.regions[1].capacity[ward] == 2);  // 1.56
  CHECK(s.regions[1].capacity[basket] == 18);
  CHECK(s.regions[1].initial_occupancy[basket] == 10);  // its own
  // What a result file keeps states the provision taken, and loads without the base.
  CHECK(s.source_text.find("from") == std::string::npos);
  const models::Scenario again = models::load_scenario_text(s.source_text, "again.toml");
  REQUIRE(again.regions.size() == 2);
  CHECK(again.regions[0].capacity == s.regions[0].capacity);
  CHECK(again.regions[1].initial_occupancy == s.regions[1].initial_occupancy);
  // A base that has a [provision] of its own gives that one (the national scenarios' is the
  // catchment design's), with the file's entries on top.
  const ScenarioSource chained{R"(referrals = []   # the country's, between its districts

[scenario]
base = "israel_recovery"
name = "one_district"

[provision]
from = "base"
coordinators = 100

[[regions]]
name = "galilee"
population = 1000000
)",
                               "one.toml"};
  const models::Scenario one = experiments::load_scenario_with_base(chained, find);
  const models::Scenario recovery = experiments::load_scenario_source("recovery");
  REQUIRE(one.regions.size() == 1);
  CHECK(one.regions[0].capacity[ward] == 2 * recovery.regions[0].capacity[ward]);
  CHECK(one.regions[0].coordinators == 200);
  // Misuse, at the key.
  const auto refused = [&](const std::string& provision) {
    return problems({"[scenario]\nbase = \"medical\"\n" + provision +
                         "[[regions]]\nname = \"a\"\npopulation = 1000\n",
                     "a.toml"},
                    find);
  };
  CHECK(any_has(refused("[provision]\nfrom = \"medical\"\n"),
                "a.toml:4:8: provision.from: expected \"base\" (the base scenario's provision "
                "per resident), got \"medical\""));
  CHECK(any_has(refused("[provision]\nfrom = \"base\"\nresidents = 10\n"),
                "a.toml:5:13: provision.residents: expected no residents beside from = "
                "\"base\""));
  CHECK(any_has(refused("[provision]\nfrom = \"base\"\ncapacity = { inpatent = 1 }\n"),
                "provision.capacity.inpatent: unknown level"));
  // A base region whose figures are not whole numbers is refused where it was written.
  const auto odd =
      finder({{"[[regions]]\nname = \"b\"\npopulation = 1000\ncapacity = { "
               "inpatient = 1.5 }\n",
               "b.toml"}});
  CHECK(
      any_has(problems({"[scenario]\nbase = \"b\"\n[provision]\nfrom = \"base\"\n", "a.toml"}, odd),
              "b.toml:4:26: regions[0].capacity.inpatient: expected a whole number ≥ 0 to "
              "take [provision] from, got 1.5"));
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
    CHECK(s.regions[0].provides_for[ward] == std::vector<std::uint32_t>{6});
    // The provision is the catchment's, for its residents: no figure of the country's own but
    // the national cost_target design's basket, which holds what is left of its budget as the
    // catchment's does, but against the national medical design's budget (its file says why).
    const auto& catchment = base.regions[0];
    const auto basket = level_of(s, "rehabilitation");
    CHECK(s.provision.residents == catchment.population);
    for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
      if (s.levels[l].capacity_unit == models::CapacityUnit::unlimited) continue;
      const std::uint32_t expected = std::string_view(name) == "israel_cost_target" && l == basket
                                         ? 1285
                                         : catchment.capacity[l];
      CHECK(s.provision.capacity[l].value_or(0) == expected);
      CHECK(s.provision.initial_occupancy[l].value_or(0) == catchment.initial_occupancy[l]);
    }
    // Each district's share, the nearest place to the provision per resident (worked out here
    // in floating point, away from any half); the ward's for the residents it serves.
    const double per = 1.0 / static_cast<double>(catchment.population);
    std::uint64_t beds = 0;
    for (std::size_t r = 0; r < s.regions.size(); ++r) {
      const auto& region = s.regions[r];
      INFO(region.name);
      beds += region.capacity[ward];
      for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
        if (s.levels[l].capacity_unit == models::CapacityUnit::unlimited) continue;
        if (r == 6 && l == ward) continue;  // referred
        const double served =
            double(region.population) + (r == 0 && l == ward ? double(js.population) : 0.0);
        const double places = double(s.provision.capacity[l].value_or(0)) * per * served;
        CHECK(double(region.capacity[l]) == std::round(places));
        const double start = double(s.provision.initial_occupancy[l].value_or(0)) * per * served;
        CHECK(double(region.initial_occupancy[l]) == std::round(start));
      }
      CHECK(double(region.coordinators) ==
            std::round(double(catchment.coordinators) * per * double(region.population)));
    }
    // Jerusalem's ward is for 1,675,100 residents.
    CHECK(s.regions[0].capacity[ward] ==
          std::round(double(catchment.capacity[ward]) * per * 1'675'100.0));
    if (std::string_view(name) == "israel") CHECK(beds == 2363);
  }
}
