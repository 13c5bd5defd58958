// The coordinator policies, one decision at a time. Each test builds a person and a region in a
// chosen state (capacities, occupancy, waiting lines) and asks the policy what should happen,
// so a rule of the design — the ER as the front door, the least restrictive level that can
// treat, blocking while stepping down, the voluntary-only and family-support conditions,
// discharge targets, pathway routing probabilities — is checked directly, not through what a
// whole run happens to show. The levels are those of the default scenarios (kinds, acuity
// ranges, conditions and cost order), written out here so that tuning the scenario files does
// not change what these tests mean.
#include <array>
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/policy.hpp"
#include "models/policy_registry.hpp"
#include "models/scenario_loader.hpp"

using namespace retzef;
using models::CareLevel;
using models::Decision;
using models::Fallback;
using models::kLeaveSystem;
using models::kMaxLevels;
using models::kNoLevel;
using models::kStay;
using models::Person;
using models::Scenario;
using models::Trigger;
using models::WaitMode;

namespace {

// The levels of experiments/scenarios/*.toml, reduced to what decisions look at.
const char* const kLevels = R"(
[[levels]]
name = "emergency_room"
kind = "emergency"
capacity_unit = "unlimited"
length_of_stay = { distribution = "fixed", mean = 0.3 }
cost_per_day = 1500

[[levels]]
name = "inpatient"
kind = "inpatient"
capacity_unit = "beds"
acuity = [3, 4]
length_of_stay = { distribution = "lognormal", mean = 31, sd = 28 }
cost_per_day = 1530

[[levels]]
name = "balancing_house"
kind = "balancing_house"
acuity = [2, 4]
voluntary_only = true
length_of_stay = { distribution = "uniform", min = 30, max = 45 }
cost_per_day = 920

[[levels]]
name = "home_care"
kind = "home_care"
acuity = [3, 4]
voluntary_only = true
needs_family_support = true
length_of_stay = { distribution = "lognormal", mean = 24, sd = 14 }
cost_per_day = 700

[[levels]]
name = "day_care"
kind = "day_care"
acuity = [2, 3]
length_of_stay = { distribution = "lognormal", mean = 65, sd = 30 }
cost_per_day = 600

[[levels]]
name = "act"
kind = "act"
capacity_unit = "caseload"
acuity = [1, 3]
length_of_stay = { distribution = "fixed", mean = 365 }
cost_per_day = 120

[[levels]]
name = "clinic"
kind = "clinic"
capacity_unit = "caseload"
acuity = [1, 3]
length_of_stay = { distribution = "exponential", mean = 180 }
cost_per_day = 8

[[levels]]
name = "primary_care"
kind = "primary_care"
capacity_unit = "unlimited"
acuity = [0, 1]
length_of_stay = { distribution = "fixed", mean = 365 }
cost_per_day = 0.5

[[levels]]
name = "rehabilitation"
kind = "rehabilitation"
acuity = [0, 2]
length_of_stay = { distribution = "fixed", mean = 365 }
cost_per_day = 113
)";

/// A care scenario with the default levels under `policy` with `params` (TOML lines).
Scenario care_scenario(const std::string& policy, const std::string& params) {
  const std::string text = R"([scenario]
name = "policy_test"

[[groups]]
name = "smi"
prevalence = 0.01
initial_acuity = [0.2, 0.2, 0.2, 0.2, 0.2]
onset_acuity = [0.2, 0.2, 0.2, 0.2, 0.2]
worsen_per_year = [1, 1, 1, 1]
improve_per_year = [1, 1, 1, 1]
crisis_per_year = [0, 0, 0, 0]
)" + std::string(kLevels) + R"(
[[regions]]
name = "r"
population = 1000
coordinators = 1

[policy]
name = ")" + policy + "\"\n" +
                           params;
  return models::load_scenario_text(text, policy + ".toml");
}

std::uint32_t level(const Scenario& s, const std::string& name) {
  for (std::uint32_t i = 0; i < s.levels.size(); ++i) {
    if (s.levels[i].name == name) return i;
  }
  FAIL("no level " << name);
  return kNoLevel;
}

/// A region's levels in a chosen state: every level offered with free places unless told.
struct Region {
  const Scenario* s;
  std::array<CareLevel, kMaxLevels> levels{};
  double now = 1000;

  explicit Region(const Scenario& scenario) : s(&scenario) {
    for (std::size_t l = 0; l < scenario.levels.size(); ++l) {
      const bool unlimited = scenario.levels[l].capacity_unit == models::CapacityUnit::unlimited;
      const std::uint32_t places = unlimited ? models::kUnlimited : 10;
      levels[l].open(places, places, models::kUnlimited, 0);
    }
  }
  CareLevel& operator[](const std::string& name) { return levels[level(*s, name)]; }
  /// Every place taken, and `waiting` people on its list.
  void fill(const std::string& name, std::uint32_t waiting = 0) {
    CareLevel& l = (*this)[name];
    while (l.has_free_place())
      l.occupy(now);
    for (std::uint32_t i = 0; i < waiting; ++i)
      l.join_list(models::Ticket{}, false, now);
  }
  void close(const std::string& name) {
    CareLevel& l = (*this)[name];
    l = CareLevel{};
    l.open(0, 0, models::kUnlimited, now);
  }
  models::RegionView view() const { return models::RegionView(*s, levels.data(), nullptr, now); }
};

Person person(std::uint32_t at, int acuity) {
  Person p;
  p.active = true;
  p.level = at;
  p.acuity = static_cast<std::uint8_t>(acuity);
  p.family_support = true;
  p.ever_treated = at != kNoLevel;
  return p;
}

std::unique_ptr<models::Policy> make_policy(const Scenario& s) {
  const models::PolicyInfo* info = models::find_policy(s.policy.name);
  REQUIRE(info != nullptr);
  return info->make(s);
}

sim::RandomStream stream(std::uint64_t entity = 0) {
  return sim::RandomStream(sim::StreamKey{20240601, 0, sim::kFirstModelPurpose, entity});
}

/// Pearson's chi-square of observed counts against expected probabilities.
double chi_square(const std::vector<double>& counts, const std::vector<double>& probabilities) {
  double n = 0;
  for (const double c : counts)
    n += c;
  double x2 = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double e = n * probabilities[i];
    x2 += (counts[i] - e) * (counts[i] - e) / e;
  }
  return x2;
}

// The 0.999 quantile of chi-square with 2 degrees of freedom: −2 ln 0.001.
constexpr double kChiSquare2Dof999 = 13.8155;

const char* const kMedicalParams = R"(book_clinic_probability = 0.45
follow_up_probability = 0.38
er_acuity = 3
admit_acuity = 4
rehabilitation_probability = 0.2
)";

// The team is always reachable here (out_of_hours_share = 0): these tests are about where the
// team places people; the out-of-hours route to the ER has its own test.
const char* const kRecoveryParams = R"(review_days = 90
caseload = 30
early_detection = 0.8
inpatient_los_factor = 0.75
close_case_days = 180
out_of_hours_share = 0
)";

}  // namespace

// --- medical ------------------------------------------------------------------------------------

TEST_CASE("medical: an acute person at home goes to the emergency room", "[policy]") {
  const Scenario s = care_scenario("medical", kMedicalParams);
  const auto policy = make_policy(s);
  const Region region(s);
  auto rng = stream();
  const std::uint32_t er = level(s, "emergency_room");
  for (const int acuity : {3, 4}) {
    INFO("acuity " << acuity);
    const Decision d =
        policy->decide(Trigger::acuity_change, person(kNoLevel, acuity), region.view(), rng);
    CHECK(d.target == er);
    CHECK(d.wait == WaitMode::in_queue);
    const Decision onset =
        policy->decide(Trigger::onset, person(kNoLevel, acuity), region.view(), rng);
    CHECK(onset.target == er);
  }
  // Below the ER threshold nothing brings them in: the hospital has no outreach.
  const Decision d =
      policy->decide(Trigger::acuity_change, person(kNoLevel, 2), region.view(), rng);
  CHECK(d.target == kStay);
  // A crisis in community care goes through the ER as well: there is no other way in.
  const Decision in_clinic =
      policy->decide(Trigger::acuity_change, person(level(s, "clinic"), 4), region.view(), rng);
  CHECK(in_clinic.target == er);
}

TEST_CASE("medical: the ER admits those still in crisis, boarding until a bed frees", "[policy]") {
  const Scenario s = care_scenario("medical", kMedicalParams);
  const auto policy = make_policy(s);
  Region region(s);
  region.fill("inpatient", 3);
  auto rng = stream();
  const std::uint32_t er = level(s, "emergency_room");
  const Decision d = policy->decide(Trigger::stay_end, person(er, 4), region.view(), rng);
  CHECK(d.target == level(s, "inpatient"));
  CHECK(d.wait == WaitMode::in_place);  // waiting in the ER, not sent home
  CHECK(d.if_full == Fallback::in_place);
  // Below the admission threshold: home, with or without a clinic appointment, never a bed.
  int clinic = 0;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    const Decision e = policy->decide(Trigger::stay_end, person(er, 3), region.view(), rng);
    REQUIRE((e.target == level(s, "clinic") || e.target == kNoLevel));
    clinic += e.target == level(s, "clinic");
  }
  // book_clinic_probability = 0.45; four binomial standard deviations (~0.031).
  CHECK(double(clinic) / n == Approx(0.45).margin(0.032));
}

TEST_CASE("medical: nobody is discharged in crisis", "[policy]") {
  const Scenario s = care_scenario("medical", kMedicalParams);
  const auto policy = make_policy(s);
  const Region region(s);
  auto rng = stream();
  const std::uint32_t inpatient = level(s, "inpatient");
  for (int i = 0; i < 100; ++i) {
    CHECK(policy->decide(Trigger::stay_end, person(inpatient, 4), region.view(), rng).target ==
          kStay);
  }
  // A change of acuity during an admission decides nothing either.
  CHECK(policy->decide(Trigger::acuity_change, person(inpatient, 2), region.view(), rng).target ==
        kStay);
}

TEST_CASE("medical: discharge goes to rehabilitation, an urgent clinic place or no care",
          "[policy]") {
  const Scenario s = care_scenario("medical", kMedicalParams);
  const auto policy = make_policy(s);
  const Region region(s);
  auto rng = stream();
  const std::uint32_t inpatient = level(s, "inpatient");
  const std::uint32_t clinic = level(s, "clinic");
  const std::uint32_t rehabilitation = level(s, "rehabilitation");
  const int n = 20000;
  // Acuity 2: rehabilitation can take them. P = 0.2 rehabilitation, 0.8 × 0.38 clinic, rest none.
  std::vector<double> counts(3, 0);
  for (int i = 0; i < n; ++i) {
    const Decision d = policy->decide(Trigger::stay_end, person(inpatient, 2), region.view(), rng);
    if (d.target == rehabilitation) {
      ++counts[0];
    } else if (d.target == clinic) {
      ++counts[1];
      CHECK(d.urgent);  // the discharge letter gets the next appointment
      CHECK(d.wait == WaitMode::in_queue);
    } else {
      REQUIRE(d.target == kNoLevel);
      ++counts[2];
    }
  }
  const std::vector<double> expected{0.2, 0.8 * 0.38, 0.8 * 0.62};
  INFO("rehabilitation " << counts[0] << ", clinic " << counts[1] << ", none " << counts[2]);
  CHECK(chi_square(counts, expected) < kChiSquare2Dof999);
  // The same counts against a design with no rehabilitation referrals would be far off.
  CHECK(chi_square(counts, {0.01, 0.38, 0.61}) > 100);

  // Acuity 3 is outside rehabilitation's range: clinic or nothing.
  int to_clinic = 0;
  for (int i = 0; i < n; ++i) {
    const Decision d = policy->decide(Trigger::stay_end, person(inpatient, 3), region.view(), rng);
    REQUIRE((d.target == clinic || d.target == kNoLevel));
    to_clinic += d.target == clinic;
  }
  CHECK(double(to_clinic) / n == Approx(0.38).margin(0.014));  // four sd
}

TEST_CASE("medical: no coordinators, no reviews", "[policy]") {
  const Scenario s = care_scenario("medical", kMedicalParams);
  const auto policy = make_policy(s);
  CHECK(policy->review_days() == 0);
  CHECK(policy->caseload() == 0);
  const Region region(s);
  auto rng = stream();
  for (const auto at : {kNoLevel, level(s, "clinic"), level(s, "inpatient")}) {
    for (const auto trigger : {Trigger::review, Trigger::coordinator_assigned}) {
      const Decision d = policy->decide(trigger, person(at, 3), region.view(), rng);
      CHECK(d.target == kStay);
      CHECK_FALSE(d.assign_coordinator);
    }
  }
  // Stays are what was drawn.
  CHECK(policy->stay_days(person(level(s, "inpatient"), 4), level(s, "inpatient"), 40) == 40);
}

// --- recovery -----------------------------------------------------------------------------------

namespace {

Person coordinated(std::uint32_t at, int acuity) {
  Person p = person(at, acuity);
  p.has_coordinator = true;
  return p;
}

}  // namespace

TEST_CASE("recovery: steps up as soon as the need exceeds the level's range", "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  const Region region(s);
  auto rng = stream();
  const std::uint32_t clinic = level(s, "clinic");
  // Crisis in the clinic (range 1-3): the least restrictive level for a crisis, home care.
  const Decision up =
      policy->decide(Trigger::acuity_change, coordinated(clinic, 4), region.view(), rng);
  CHECK(up.target == level(s, "home_care"));
  // Still within the range: no move.
  CHECK(policy->decide(Trigger::acuity_change, coordinated(clinic, 2), region.view(), rng).target ==
        kStay);
  // Better than the range needs is not a reason to move before the review.
  CHECK(
      policy
          ->decide(Trigger::acuity_change, coordinated(level(s, "day_care"), 1), region.view(), rng)
          .target == kStay);
}

TEST_CASE("recovery: the least restrictive level that can treat and has a place", "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  const auto at_home = [&] {
    return policy->decide(Trigger::acuity_change, coordinated(kNoLevel, 2), region.view(), rng);
  };
  // Acuity 2, by restrictiveness: clinic (2), rehabilitation (2), ACT (3), day care (4), the
  // balancing house (5).
  CHECK(at_home().target == level(s, "clinic"));
  region.fill("clinic");
  CHECK(at_home().target == level(s, "rehabilitation"));
  region.close("rehabilitation");  // not offered here at all
  CHECK(at_home().target == level(s, "act"));
  region.fill("act");
  CHECK(at_home().target == level(s, "day_care"));
  region.fill("day_care");
  CHECK(at_home().target == level(s, "balancing_house"));
  // Everything full: the least restrictive, at home on its list.
  region.fill("balancing_house");
  const Decision d = at_home();
  CHECK(d.target == level(s, "clinic"));
  CHECK(d.wait == WaitMode::in_queue);
  CHECK_FALSE(d.urgent);  // not just discharged from anywhere
}

TEST_CASE("recovery: stepping down with no place waits in the current level", "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  const std::uint32_t inpatient = level(s, "inpatient");
  // Acuity 3 in hospital: clinic, act, home care, day care and the balancing house could all
  // treat; with a place in ACT only, that is where they go.
  region.fill("clinic", 50);
  region.fill("home_care", 2);
  region.fill("day_care", 4);
  region.fill("balancing_house", 3);
  const Decision to_act =
      policy->decide(Trigger::stay_end, coordinated(inpatient, 3), region.view(), rng);
  CHECK(to_act.target == level(s, "act"));
  // With ACT full as well: stay in hospital, blocked, for the lower level with the shortest
  // line (home care, 2 waiting).
  region.fill("act", 7);
  for (const auto trigger : {Trigger::stay_end, Trigger::review}) {
    const Decision d = policy->decide(trigger, coordinated(inpatient, 3), region.view(), rng);
    CHECK(d.target == level(s, "home_care"));
    CHECK(d.wait == WaitMode::in_place);
    CHECK(d.if_full == Fallback::stay);
    CHECK(s.levels[d.target].restrictiveness < s.levels[inpatient].restrictiveness);
  }
  // Someone only the hospital can treat (an involuntary crisis) stays in it.
  Person committed = coordinated(inpatient, 4);
  committed.involuntary = true;
  CHECK(policy->decide(Trigger::stay_end, committed, region.view(), rng).target == kStay);
}

TEST_CASE("recovery: a crisis with everything full goes to the most restrictive fitting level",
          "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  for (const auto& name : {"inpatient", "balancing_house", "home_care", "day_care", "act", "clinic",
                           "rehabilitation"}) {
    region.fill(name, 1);
  }
  const Decision d =
      policy->decide(Trigger::acuity_change, coordinated(kNoLevel, 4), region.view(), rng);
  CHECK(d.target == level(s, "inpatient"));
  // From a level that cannot hold them (the clinic) as well: wait there for the bed.
  const Decision from_clinic = policy->decide(
      Trigger::acuity_change, coordinated(level(s, "clinic"), 4), region.view(), rng);
  CHECK(from_clinic.target == level(s, "inpatient"));
  CHECK(from_clinic.wait == WaitMode::in_place);
  // Someone the centre does not know yet comes through the ER in a crisis.
  const Decision unknown =
      policy->decide(Trigger::acuity_change, person(kNoLevel, 4), region.view(), rng);
  CHECK(unknown.target == level(s, "emergency_room"));
}

TEST_CASE("recovery: a free bed does not stand in for a full community level below the threshold",
          "[policy]") {
  // The medical ER admits only in crisis (admit_acuity 4); the coordinator designs admit from
  // outside a ward on the same terms, so bed use follows need, not the beds on offer.
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  REQUIRE(s.policy.params.at("admit_acuity") == 4);  // the default
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  const std::uint32_t inpatient = level(s, "inpatient");
  REQUIRE(region["inpatient"].has_free_place());
  for (const auto& name : {"balancing_house", "home_care", "day_care", "act", "clinic"}) {
    region.fill(name, 1);
  }
  // Acute at home with every community level that fits full: the list of the least
  // restrictive one, not the free bed.
  const Decision acute =
      policy->decide(Trigger::acuity_change, coordinated(kNoLevel, 3), region.view(), rng);
  CHECK(acute.target == level(s, "clinic"));
  CHECK(acute.wait == WaitMode::in_queue);
  // In crisis the ward takes them.
  CHECK(
      policy->decide(Trigger::acuity_change, coordinated(kNoLevel, 4), region.view(), rng).target ==
      inpatient);
  // Someone already on the ward at acuity 3 is not sent out by the threshold: they step down
  // when a place below is free, and wait on the ward until then.
  const Decision on_ward =
      policy->decide(Trigger::stay_end, coordinated(inpatient, 3), region.view(), rng);
  CHECK(on_ward.wait == WaitMode::in_place);
  CHECK(s.levels[on_ward.target].restrictiveness < s.levels[inpatient].restrictiveness);
  // At admit_acuity 3 (the in-silico trials' populations: people the services would admit)
  // the free bed is where the acute person goes.
  const Scenario trial =
      care_scenario("recovery", std::string(kRecoveryParams) + "admit_acuity = 3\n");
  const auto trial_policy = make_policy(trial);
  Region trial_region(trial);
  for (const auto& name : {"balancing_house", "home_care", "day_care", "act", "clinic"}) {
    trial_region.fill(name, 1);
  }
  CHECK(trial_policy
            ->decide(Trigger::acuity_change, coordinated(kNoLevel, 3), trial_region.view(), rng)
            .target == level(trial, "inpatient"));
}

TEST_CASE("recovery: with nothing that fits, the recovered go home and the worse stay",
          "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  const std::uint32_t act = level(s, "act");
  // Only ACT (acuity 1-3) is offered: someone in remission at the end of a stay has nowhere
  // that fits and leaves; someone whose need rose past every offered level stays in ACT.
  for (const auto& name : {"inpatient", "balancing_house", "home_care", "day_care", "clinic",
                           "primary_care", "rehabilitation"}) {
    region.close(name);
  }
  Person recovered = person(act, 0);
  CHECK(policy->decide(Trigger::stay_end, recovered, region.view(), rng).target == kNoLevel);
  region.close("emergency_room");
  Person worse = coordinated(act, 4);
  CHECK(policy->decide(Trigger::acuity_change, worse, region.view(), rng).target == kStay);
}

TEST_CASE("recovery: an involuntary crisis never goes to a voluntary-only level", "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  Person p = coordinated(kNoLevel, 4);
  p.involuntary = true;
  // Places everywhere: a voluntary patient would go to home care; this one to hospital.
  CHECK(policy->decide(Trigger::acuity_change, p, region.view(), rng).target ==
        level(s, "inpatient"));
  Person voluntary = p;
  voluntary.involuntary = false;
  CHECK(policy->decide(Trigger::acuity_change, voluntary, region.view(), rng).target ==
        level(s, "home_care"));
  // The hospital full and the voluntary-only levels free: still the hospital.
  region.fill("inpatient", 5);
  for (const auto trigger : {Trigger::acuity_change, Trigger::review, Trigger::dropout}) {
    const Decision d = policy->decide(trigger, p, region.view(), rng);
    CHECK(d.target == level(s, "inpatient"));
  }
  // Out of crisis the restriction no longer applies.
  Person settled = coordinated(level(s, "inpatient"), 3);
  settled.involuntary = true;
  region.fill("clinic");
  region.fill("act");
  CHECK(policy->decide(Trigger::review, settled, region.view(), rng).target ==
        level(s, "home_care"));
}

TEST_CASE("recovery: out of hours, a coordinated person's crisis goes to the ER", "[policy]") {
  const Scenario s = care_scenario("recovery", R"(review_days = 90
out_of_hours_share = 1
)");
  const auto policy = make_policy(s);
  const Region region(s);
  auto rng = stream();
  const std::uint32_t er = level(s, "emergency_room");
  // At home, or in a level that cannot treat a crisis: the ER, as anyone's crisis.
  CHECK(
      policy->decide(Trigger::acuity_change, coordinated(kNoLevel, 4), region.view(), rng).target ==
      er);
  CHECK(
      policy->decide(Trigger::acuity_change, coordinated(level(s, "clinic"), 4), region.view(), rng)
          .target == er);
  // In a level that treats it, the crisis is met there.
  const std::uint32_t ward = level(s, "inpatient");
  const Decision d =
      policy->decide(Trigger::acuity_change, coordinated(ward, 4), region.view(), rng);
  CHECK(d.target != er);
  CHECK((d.target == kStay || d.target == ward));
  // Below crisis, the coordinator steps up as ever.
  CHECK(
      policy->decide(Trigger::acuity_change, coordinated(kNoLevel, 3), region.view(), rng).target !=
      er);
}

TEST_CASE("recovery: home care only with a supporting adult at home", "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  Person alone = coordinated(kNoLevel, 4);
  alone.family_support = false;
  CHECK(policy->decide(Trigger::acuity_change, alone, region.view(), rng).target ==
        level(s, "balancing_house"));
  Person supported = alone;
  supported.family_support = true;
  CHECK(policy->decide(Trigger::acuity_change, supported, region.view(), rng).target ==
        level(s, "home_care"));
  // Even when home care is the only level with a place, it is not for someone living alone.
  region.fill("balancing_house", 1);
  region.fill("inpatient", 1);
  const Decision d = policy->decide(Trigger::acuity_change, alone, region.view(), rng);
  CHECK(d.target != level(s, "home_care"));
  CHECK(d.target == level(s, "inpatient"));
}

TEST_CASE("recovery: the coordinator closes the case after close_case_days stable", "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  CHECK(policy->review_days() == 90);
  CHECK(policy->caseload() == 30);
  Region region(s);
  auto rng = stream();
  Person p = coordinated(level(s, "clinic"), 1);
  p.stable_since = region.now - 200;  // close_case_days = 180
  const Decision closed = policy->decide(Trigger::review, p, region.view(), rng);
  CHECK(closed.release_coordinator);
  CHECK(closed.target == level(s, "primary_care"));  // the least restrictive care that fits
  p.stable_since = region.now - 100;
  const Decision open = policy->decide(Trigger::review, p, region.view(), rng);
  CHECK_FALSE(open.release_coordinator);
  p.stable_since = -1;  // unstable now
  CHECK_FALSE(policy->decide(Trigger::review, p, region.view(), rng).release_coordinator);
  // In remission and stable long enough, with nothing that fits offered: no care at all.
  region.close("primary_care");
  region.close("rehabilitation");
  Person remitted = coordinated(level(s, "clinic"), 0);
  remitted.stable_since = region.now - 365;
  const Decision none = policy->decide(Trigger::stay_end, remitted, region.view(), rng);
  CHECK(none.release_coordinator);
  CHECK(none.target == kNoLevel);
}

TEST_CASE("recovery: a closed case is renewed with the family doctor and reopened only when unwell",
          "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  const std::uint32_t primary = level(s, "primary_care");
  // Known to the services and stable at the start: left with the family doctor, a closed case.
  Person known = person(kNoLevel, 1);
  known.ever_treated = true;
  const Decision start = policy->decide(Trigger::onset, known, region.view(), rng);
  CHECK(start.target == primary);
  CHECK(start.release_coordinator);
  CHECK_FALSE(start.assign_coordinator);
  // Its yearly stay there ends: renewed, no coordinator.
  Person closed = person(primary, 1);
  closed.case_closed = true;
  const Decision renewed = policy->decide(Trigger::stay_end, closed, region.view(), rng);
  CHECK(renewed.target == primary);
  CHECK_FALSE(renewed.assign_coordinator);
  // Unwell at the renewal: the case is reopened.
  closed.acuity = 2;
  CHECK(policy->decide(Trigger::stay_end, closed, region.view(), rng).assign_coordinator);
  // Someone never coordinated whose stay ends (an ER visit's end) is a first contact; so is a
  // closed case's, whose crisis brought them there.
  Person visitor = person(level(s, "emergency_room"), 1);
  CHECK(policy->decide(Trigger::stay_end, visitor, region.view(), rng).assign_coordinator);
  visitor.case_closed = true;
  CHECK(policy->decide(Trigger::stay_end, visitor, region.view(), rng).assign_coordinator);
}

TEST_CASE("recovery: continuity through admission shortens inpatient stays only", "[policy]") {
  const Scenario s = care_scenario("recovery", kRecoveryParams);
  const auto policy = make_policy(s);
  const Person p = coordinated(level(s, "inpatient"), 4);
  CHECK(policy->stay_days(p, level(s, "inpatient"), 40) == Approx(30));  // × 0.75
  CHECK(policy->stay_days(p, level(s, "clinic"), 40) == 40);
}

// --- cost_target --------------------------------------------------------------------------------

namespace {

const std::string kCostTargetParams =
    std::string(kRecoveryParams) + "discharge_acuity = 2\ninpatient_max_days = 14\n";

}  // namespace

TEST_CASE("cost_target: at review, people at or below the target go to the cheapest level",
          "[policy]") {
  const Scenario s = care_scenario("cost_target", kCostTargetParams);
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  const std::uint32_t primary = level(s, "primary_care");
  for (const auto& from : {"clinic", "day_care", "act", "balancing_house"}) {
    for (const int acuity : {0, 1, 2}) {
      INFO(from << " at acuity " << acuity);
      const Decision d =
          policy->decide(Trigger::review, coordinated(level(s, from), acuity), region.view(), rng);
      CHECK(d.target == primary);  // fit or not: primary care treats acuity 0-1 only
    }
  }
  // Above the target, the coordinator's usual placement.
  const Decision above =
      policy->decide(Trigger::review, coordinated(level(s, "day_care"), 3), region.view(), rng);
  CHECK(above.target != primary);
  // The cheapest level this region offers: without primary care, the clinic.
  region.close("primary_care");
  CHECK(
      policy->decide(Trigger::review, coordinated(level(s, "act"), 2), region.view(), rng).target ==
      level(s, "clinic"));
}

TEST_CASE("cost_target: someone already at the cheapest level stays there", "[policy]") {
  const Scenario s = care_scenario("cost_target", kCostTargetParams);
  const auto policy = make_policy(s);
  const Region region(s);
  auto rng = stream();
  const std::uint32_t primary = level(s, "primary_care");
  for (const auto trigger : {Trigger::review, Trigger::stay_end}) {
    for (const int acuity : {0, 1}) {
      INFO("acuity " << acuity);
      const Decision d = policy->decide(trigger, coordinated(primary, acuity), region.view(), rng);
      // The target is met: moving them to a dearer level (off to the clinic's waiting list)
      // would undo it, and the next review would move them back.
      CHECK((d.target == kStay || d.target == primary));
    }
  }
}

TEST_CASE("cost_target: admissions are capped by the budget", "[policy]") {
  const Scenario s = care_scenario("cost_target", kCostTargetParams);
  const auto policy = make_policy(s);
  CHECK(policy->review_days() == 90);
  const Person p = coordinated(level(s, "inpatient"), 4);
  CHECK(policy->stay_days(p, level(s, "inpatient"), 100) == 14);
  CHECK(policy->stay_days(p, level(s, "inpatient"), 10) == Approx(7.5));  // × 0.75, under the cap
  CHECK(policy->stay_days(p, level(s, "day_care"), 100) == 100);
}

// --- pathway ------------------------------------------------------------------------------------

namespace {

Scenario pathway_scenario(bool block_after_service) {
  const std::string text = R"([scenario]
name = "routes"

[[levels]]
name = "triage"
kind = "emergency"
length_of_stay = { distribution = "exponential", mean = 1 }

[[levels]]
name = "ward"
kind = "inpatient"
length_of_stay = { distribution = "exponential", mean = 5 }

[[levels]]
name = "clinic"
kind = "clinic"
length_of_stay = { distribution = "exponential", mean = 30 }

[[levels]]
name = "hostel"
kind = "balancing_house"
length_of_stay = { distribution = "exponential", mean = 30 }

[[regions]]
name = "site"
population = 1
capacity = { triage = 2, ward = 5, clinic = 20, hostel = 4 }

[policy]
name = "pathway"

[pathway]
block_after_service = )" + std::string(block_after_service ? "true" : "false") +
                           R"(

[[pathway.arrivals]]
level = "triage"
per_day = 3

[[pathway.arrivals]]
level = "clinic"
per_day = 0.5

[[pathway.routes]]
from = "triage"
to = { ward = 0.5, clinic = 0.3 }

[[pathway.routes]]
from = "ward"
to = { hostel = 1.0 }
)";
  return models::load_scenario_text(text, "routes.toml");
}

}  // namespace

TEST_CASE("pathway: routes are drawn with their probabilities, the rest leave", "[policy]") {
  const Scenario s = pathway_scenario(true);
  const auto policy = make_policy(s);
  CHECK_FALSE(policy->follows_course());
  const Region region(s);
  auto rng = stream();
  const std::uint32_t triage = level(s, "triage");
  const std::uint32_t ward = level(s, "ward");
  const std::uint32_t clinic = level(s, "clinic");
  std::vector<double> counts(3, 0);
  const int n = 30000;
  for (int i = 0; i < n; ++i) {
    const Decision d = policy->decide(Trigger::stay_end, person(triage, 0), region.view(), rng);
    if (d.target == ward) {
      ++counts[0];
    } else if (d.target == clinic) {
      ++counts[1];
    } else {
      REQUIRE(d.target == kLeaveSystem);
      ++counts[2];
      continue;
    }
    CHECK(d.wait == WaitMode::in_queue);
    CHECK(d.if_full == Fallback::in_place);  // blocking after service
  }
  INFO("ward " << counts[0] << ", clinic " << counts[1] << ", leave " << counts[2]);
  CHECK(chi_square(counts, {0.5, 0.3, 0.2}) < kChiSquare2Dof999);
  // Enough draws to tell the routes from a near miss.
  CHECK(chi_square(counts, {0.48, 0.32, 0.2}) > kChiSquare2Dof999);

  // A route with probability 1, and levels without routes: certain.
  for (int i = 0; i < 100; ++i) {
    CHECK(policy->decide(Trigger::stay_end, person(ward, 0), region.view(), rng).target ==
          level(s, "hostel"));
    CHECK(policy->decide(Trigger::stay_end, person(clinic, 0), region.view(), rng).target ==
          kLeaveSystem);
  }
}

TEST_CASE("pathway: arrivals go to their stream's level, and without blocking the full are lost",
          "[policy]") {
  const Scenario s = pathway_scenario(false);
  const auto policy = make_policy(s);
  const Region region(s);
  auto rng = stream();
  Person arrival = person(kNoLevel, 0);
  arrival.entry = 1;  // the second arrival stream
  const Decision a = policy->decide(Trigger::onset, arrival, region.view(), rng);
  CHECK(a.target == level(s, "clinic"));
  CHECK(a.if_full == Fallback::leave_system);
  const Decision moved =
      policy->decide(Trigger::stay_end, person(level(s, "ward"), 0), region.view(), rng);
  CHECK(moved.target == level(s, "hostel"));
  CHECK(moved.if_full == Fallback::leave_system);
  // Nothing else moves anyone.
  for (const auto trigger : {Trigger::review, Trigger::acuity_change, Trigger::dropout}) {
    CHECK(policy->decide(trigger, person(level(s, "ward"), 0), region.view(), rng).target == kStay);
  }
}

// --- eligibility --------------------------------------------------------------------------------

namespace {

/// The default levels with remits: `remits` maps a level's name to the TOML lines that narrow
/// it (`serves = [...]`, `serves_age_bands = [...]`); two groups, smi and ptsd.
Scenario remit_scenario(const std::string& policy, const std::string& params,
                        const std::map<std::string, std::string>& remits) {
  std::string levels = kLevels;
  for (const auto& [name, lines] : remits) {
    const std::string at = "name = \"" + name + "\"\n";
    const auto pos = levels.find(at);
    REQUIRE(pos != std::string::npos);
    levels.insert(pos + at.size(), lines + "\n");
  }
  const std::string group_rates = R"(
initial_acuity = [0.2, 0.2, 0.2, 0.2, 0.2]
onset_acuity = [0.2, 0.2, 0.2, 0.2, 0.2]
worsen_per_year = [1, 1, 1, 1]
improve_per_year = [1, 1, 1, 1]
crisis_per_year = [0, 0, 0, 0]
)";
  const std::string text = "[scenario]\nname = \"remits\"\n\n[[groups]]\nname = \"smi\"" +
                           group_rates + "\n[[groups]]\nname = \"ptsd\"" + group_rates + levels +
                           "\n[[regions]]\nname = \"r\"\npopulation = 1000\ncoordinators = 1\n\n"
                           "[policy]\nname = \"" +
                           policy + "\"\n" + params;
  return models::load_scenario_text(text, policy + ".toml");
}

// Severe-condition services for smi only, the clinic for ptsd only, day care for the young,
// primary care for smi: every kind of decision has a remit to respect somewhere.
const std::map<std::string, std::string> kRemits{
    {"inpatient", R"(serves = ["smi"])"},
    {"balancing_house", R"(serves = ["smi"])"},
    {"act", R"(serves = ["smi"])"},
    {"rehabilitation", R"(serves = ["smi"])"},
    {"clinic", R"(serves = ["ptsd"])"},
    {"primary_care", R"(serves = ["smi"])"},
    {"day_care", R"(serves_age_bands = ["18-24", "25-44"])"},
};

constexpr std::uint8_t kSmi = 0;
constexpr std::uint8_t kPtsd = 1;

bool acceptable(const Scenario& s, const Decision& d, const Person& p) {
  if (d.target == kStay || d.target == kNoLevel || d.target == kLeaveSystem) return true;
  return d.target < s.levels.size() && models::serves(s.levels[d.target], p);
}

// Every trigger, acuity, group, age band, starting level (one in the person's remit, or none),
// coordinator and involuntary state, with places everywhere and with everything full.
void check_never_outside_remits(const std::string& policy, const std::string& params) {
  const Scenario s = remit_scenario(policy, params, kRemits);
  const auto p_policy = make_policy(s);
  Region free(s);
  Region full(s);
  for (const auto& l : s.levels)
    if (l.capacity_unit != models::CapacityUnit::unlimited) full.fill(l.name, 1);
  auto rng = stream();
  std::size_t placed = 0;
  for (const Region* region : {&free, &full}) {
    for (std::uint32_t at = 0; at <= s.levels.size(); ++at) {
      for (const std::uint8_t group : {kSmi, kPtsd}) {
        for (std::uint8_t band = 0; band < s.age_bands.size(); ++band) {
          for (int acuity = 0; acuity < 5; ++acuity) {
            for (const bool coordinator : {false, true}) {
              for (const bool involuntary : {false, true}) {
                Person p = person(at == s.levels.size() ? kNoLevel : at, acuity);
                p.group = group;
                p.age_band = band;
                p.has_coordinator = coordinator;
                p.involuntary = involuntary;
                if (p.level != kNoLevel && !models::serves(s.levels[p.level], p)) continue;
                for (const auto trigger :
                     {Trigger::onset, Trigger::acuity_change, Trigger::stay_end, Trigger::review,
                      Trigger::dropout, Trigger::coordinator_assigned}) {
                  const Decision d = p_policy->decide(trigger, p, region->view(), rng);
                  INFO(policy << ": group " << int(group) << ", band " << int(band) << ", acuity "
                              << acuity << ", at " << at << ", trigger " << int(trigger) << " -> "
                              << d.target);
                  CHECK(acceptable(s, d, p));
                  placed += d.target < s.levels.size() ? 1 : 0;
                }
              }
            }
          }
        }
      }
    }
  }
  CHECK(placed > 100);  // the policy did place people, so the check meant something
}

}  // namespace

TEST_CASE("eligibility: no policy places or steps anyone into a level outside its remit",
          "[policy]") {
  check_never_outside_remits("medical", kMedicalParams);
  check_never_outside_remits("recovery", kRecoveryParams);
  check_never_outside_remits("cost_target", kCostTargetParams);
}

TEST_CASE("eligibility: the crisis fallback is the most restrictive level that serves them",
          "[policy]") {
  const Scenario s = remit_scenario("recovery", kRecoveryParams, kRemits);
  const auto policy = make_policy(s);
  Region region(s);
  auto rng = stream();
  for (const auto& name : {"inpatient", "balancing_house", "home_care", "day_care", "act", "clinic",
                           "rehabilitation"}) {
    region.fill(name, 1);
  }
  Person smi = coordinated(kNoLevel, 4);
  smi.group = kSmi;
  CHECK(policy->decide(Trigger::acuity_change, smi, region.view(), rng).target ==
        level(s, "inpatient"));
  // The ward and the balancing house are for smi: a ptsd crisis waits for home care.
  Person ptsd = smi;
  ptsd.group = kPtsd;
  const Decision d = policy->decide(Trigger::acuity_change, ptsd, region.view(), rng);
  CHECK(d.target == level(s, "home_care"));
  CHECK(d.wait == WaitMode::in_place);
  // Involuntary, with home care voluntary only: nothing in the remit can hold them.
  ptsd.involuntary = true;
  CHECK(policy->decide(Trigger::acuity_change, ptsd, region.view(), rng).target == kStay);
}

TEST_CASE("eligibility: medical sends a crisis to the first ER, then ward, that serves them",
          "[policy]") {
  const Scenario s = remit_scenario(
      "medical", kMedicalParams,
      {{"emergency_room", R"(serves = ["ptsd"])"}, {"clinic", R"(serves = ["ptsd"])"}});
  const auto policy = make_policy(s);
  const Region region(s);
  auto rng = stream();
  Person p = person(kNoLevel, 4);
  p.group = kPtsd;
  CHECK(policy->decide(Trigger::acuity_change, p, region.view(), rng).target ==
        level(s, "emergency_room"));
  p.group = kSmi;  // no ER of theirs: straight to the ward
  CHECK(policy->decide(Trigger::acuity_change, p, region.view(), rng).target ==
        level(s, "inpatient"));
  // A discharge letter to a clinic outside their remit is a discharge home.
  for (int i = 0; i < 50; ++i) {
    const Decision d =
        policy->decide(Trigger::stay_end, person(level(s, "inpatient"), 2), region.view(), rng);
    CHECK(d.target != level(s, "clinic"));
  }
}

TEST_CASE("eligibility: cost_target's cheapest level is the cheapest in their remit", "[policy]") {
  const Scenario s = remit_scenario("cost_target", kCostTargetParams, kRemits);
  const auto policy = make_policy(s);
  const Region region(s);
  auto rng = stream();
  // Primary care serves smi only: a ptsd patient in the clinic (the cheapest of theirs) stays.
  Person p = coordinated(level(s, "clinic"), 1);
  p.group = kPtsd;
  const Decision d = policy->decide(Trigger::review, p, region.view(), rng);
  CHECK((d.target == kStay || d.target == level(s, "clinic")));
  // smi in ACT goes to primary care, fit or not, as without remits.
  Person q = coordinated(level(s, "act"), 2);
  q.group = kSmi;
  CHECK(policy->decide(Trigger::review, q, region.view(), rng).target == level(s, "primary_care"));
}
