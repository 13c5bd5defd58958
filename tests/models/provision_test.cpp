// [provision] and each region's share of it: a region that leaves a figure out gets the
// provision's figure scaled to the residents it serves, rounded to the nearest whole; its own
// figures win; `provides_for` counts the residents of neighbours referred to it; every misuse is
// refused at its key with what was expected.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/scenario_file/provision.hpp"
#include "models/scenario_loader.hpp"

using namespace retzef::models;

namespace {

/// tests/models/scenarios/valid_care.toml with its regions and referrals replaced by `regions`
/// (which holds the provision, the regions and the referrals under test).
std::string care_scenario_with(const std::string& regions) {
  std::ifstream in(std::string(RETZEF_TEST_SCENARIOS) + "/valid_care.toml");
  std::stringstream whole;
  whole << in.rdbuf();
  const std::string text = whole.str();
  const auto from = text.find("[[regions]]");
  const auto to = text.find("[[surges]]");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  return text.substr(0, from) + regions + "\n" + text.substr(to);
}

std::vector<std::string> problems(const std::string& regions) {
  try {
    load_scenario_text(care_scenario_with(regions), "p.toml");
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  FAIL("loaded without a problem");
  return {};
}

bool any_has(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& l : lines) {
    if (l.find(part) != std::string::npos) return true;
  }
  return false;
}

// valid_care.toml's levels, in its order.
constexpr std::size_t kInpatient = 0;
constexpr std::size_t kDayCare = 1;
constexpr std::size_t kHomeCare = 2;
constexpr std::size_t kClinic = 3;

const char* const kProvision = R"(
[provision]
residents = 500000
capacity = { inpatient = 125, day_care = 40, clinic = 2000 }
initial_occupancy = { day_care = 30 }
coordinators = 60
)";

}  // namespace

TEST_CASE("provision: a share is the nearest whole, a half up, in integers", "[scenario]") {
  CHECK(share_of(125, 500000, 500000) == 125u);  // the provision's own residents: its figure
  CHECK(share_of(125, 6000, 500000) == 2u);      // 1.5
  CHECK(share_of(125, 5999, 500000) == 1u);      // 1.49975
  CHECK(share_of(40, 6000, 500000) == 0u);       // 0.48
  CHECK(share_of(3300, 1209700, 500000) == 7984u);
  CHECK(share_of(0, 1'000'000'000, 1) == 0u);
  CHECK(share_of(10'000'000, 1'000'000'000, 1) == 10'000'000'000'000'000u);
  CHECK_FALSE(share_of(10'000'000'000, 1'000'000'000'000, 1).has_value());  // past 64 bits
  CHECK_FALSE(share_of(1, 1, 0).has_value());
}

TEST_CASE("provision: regions get their share by the residents they serve", "[scenario]") {
  const Scenario s = load_scenario_text(care_scenario_with(std::string(kProvision) + R"(
[[regions]]
name = "north"
population = 500000
capacity = { inpatient = 0 }          # referred to the national ward

[[regions]]
name = "national"
population = 300000
provides_for = { inpatient = ["north"] }
capacity = { home_care = 12 }
initial_occupancy = { day_care = 5 }

[[regions]]
name = "village"
population = 6000
coordinators = 1

[[referrals]]
from = "north"
to = "national"
levels = ["inpatient"]
)"),
                                        "p.toml");
  REQUIRE(s.regions.size() == 3);
  CHECK(s.provision.residents == 500000);
  CHECK(s.provision.capacity[kInpatient] == 125u);
  CHECK_FALSE(s.provision.capacity[kHomeCare].has_value());
  const auto& north = s.regions[0];
  const auto& national = s.regions[1];
  const auto& village = s.regions[2];
  // A region of the provision's residents gets its figures; its own win.
  CHECK(north.capacity[kInpatient] == 0);
  CHECK(north.capacity[kDayCare] == 40);
  CHECK(north.capacity[kHomeCare] == 0);  // neither its own nor the provision's
  CHECK(north.capacity[kClinic] == 2000);
  CHECK(north.initial_occupancy[kDayCare] == 30);
  CHECK(north.coordinators == 60);
  // The ward for 800,000: its own 300,000 and north's 500,000; the rest for 300,000.
  CHECK(national.capacity[kInpatient] == 200);
  CHECK(national.provides_for[kInpatient] == std::vector<std::uint32_t>{0});
  CHECK(national.capacity[kDayCare] == 24);
  CHECK(national.capacity[kHomeCare] == 12);
  CHECK(national.capacity[kClinic] == 1200);
  CHECK(national.initial_occupancy[kDayCare] == 5);
  CHECK(national.coordinators == 36);
  // 6,000 residents: 1.5 beds is 2, 0.48 day-care places none (and so nobody in them).
  CHECK(village.capacity[kInpatient] == 2);
  CHECK(village.capacity[kDayCare] == 0);
  CHECK(village.initial_occupancy[kDayCare] == 0);
  CHECK(village.capacity[kClinic] == 24);
  CHECK(village.coordinators == 1);
}

TEST_CASE("provision: misuse is refused at its key", "[scenario]") {
  const std::string north_national = R"(
[[regions]]
name = "north"
population = 500000
capacity = { inpatient = 0 }

[[regions]]
name = "national"
population = 300000
)";
  const std::string referral = R"(
[[referrals]]
from = "north"
to = "national"
levels = ["inpatient"]
)";
  // A neighbour with places of its own would have them counted twice.
  auto lines = problems(std::string(kProvision) + R"(
[[regions]]
name = "north"
population = 500000

[[regions]]
name = "national"
population = 300000
provides_for = { inpatient = ["north"] }
)" + referral);
  CHECK(any_has(lines,
                "regions[1].provides_for.inpatient: expected regions without inpatient "
                "of their own, got north with 125 (give it capacity.inpatient = 0)"));
  // Nor is it the region's unless the neighbour is referred there.
  lines = problems(std::string(kProvision) + north_national +
                   "provides_for = { inpatient = [\"north\"] }\n");
  CHECK(any_has(lines,
                "regions[1].provides_for.inpatient: expected regions referred here for "
                "inpatient, got north (no [[referrals]] from it to national for "
                "inpatient)"));
  // A level whose places are the region's own, or that the provision does not give.
  lines = problems(std::string(kProvision) + north_national +
                   "capacity = { inpatient = 200 }\nprovides_for = { inpatient = [\"north\"], "
                   "home_care = [\"north\"], nowhere = [\"north\"] }\n" +
                   referral);
  CHECK(any_has(lines,
                "regions[1].provides_for.inpatient: expected a level whose places this "
                "region takes from [provision], got inpatient (its own capacity gives "
                "them)"));
  CHECK(any_has(lines,
                "regions[1].provides_for.home_care: expected a level whose places this "
                "region takes from [provision], got home_care ([provision] gives none)"));
  CHECK(any_has(lines, "regions[1].provides_for.nowhere: unknown level"));
  // Itself, and a region nobody declared.
  lines = problems(std::string(kProvision) + north_national +
                   "provides_for = { inpatient = [\"national\"] }\n" + referral);
  CHECK(any_has(lines,
                "regions[1].provides_for.inpatient: expected other regions, got national "
                "itself"));
  lines = problems(std::string(kProvision) + north_national +
                   "provides_for = { inpatient = [\"south\"] }\n" + referral);
  CHECK(any_has(lines, "regions[1].provides_for.inpatient[0]: unknown region \"south\""));
  // A share of the starting occupancy beyond the region's own places.
  lines = problems(std::string(kProvision) + north_national + "capacity = { day_care = 3 }\n" +
                   referral);
  CHECK(any_has(lines,
                "regions[1].initial_occupancy.day_care: expected at most 3 (the "
                "region's places; give its own initial_occupancy.day_care), got 18, "
                "[provision]'s share for the 300000 residents it serves"));
  // A share past what any level may have.
  lines = problems("[provision]\nresidents = 1\ncapacity = { clinic = 10000000 }\n" +
                   north_national + referral);
  CHECK(any_has(lines,
                "regions[0].capacity.clinic: expected at most 10000000 (the most a level "
                "has), got 5000000000000"));
  // The provision's own keys.
  lines = problems(
      "[provision]\ncapacity = { inpatient = -1, inpatent = 3 }\n"
      "initial_occupancy = { primary_care = 1, day_care = 50 }\n"
      "coordinators = 1.5\n" +
      north_national + referral);
  CHECK(any_has(lines, "provision.residents: missing"));
  CHECK(any_has(lines, "provision.capacity.inpatient: expected"));
  CHECK(any_has(lines, "provision.capacity.inpatent: unknown level"));
  CHECK(any_has(lines, "provision.initial_occupancy.primary_care: expected a level with places"));
  CHECK(any_has(lines, "provision.coordinators: expected"));
  lines = problems(
      "[provision]\nresidents = 100\ncapacity = { day_care = 2 }\n"
      "initial_occupancy = { day_care = 3 }\n" +
      north_national + referral);
  CHECK(any_has(lines, "provision.initial_occupancy.day_care: expected"));
  // `from` is for a scenario with a base (experiments/provision_from_base.hpp).
  lines = problems("[provision]\nfrom = \"base\"\n" + north_national + referral);
  CHECK(any_has(lines,
                "provision.from: expected [scenario] base to take the provision from, "
                "got a scenario without one"));
}
