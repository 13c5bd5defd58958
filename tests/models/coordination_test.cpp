// Coordinators' contacts (models/contact_rule.hpp) on the default recovery and cost_target
// designs, scaled down: a heavier caseload at the same coverage finds rises in need later (and
// so changes the results, where before every caseload gave identical indicators); a contact
// target takes coordinators' time from contacts by need; the counts hold their invariants.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "models/care_model.hpp"
#include "models/idle_contacts.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/replications.hpp"
#include "sim/stats/confidence.hpp"
#include "tests/support/builtin_scenario_path.hpp"

using namespace retzef;
using models::Scenario;

namespace {

/// A default design on a region of 100,000 (a fifth of the default: capacities scaled), over
/// three years with one of warm-up, with `coordinators` at `caseload`.
Scenario design(const std::string& name, double caseload, std::uint32_t coordinators) {
  Scenario s = models::load_scenario(testing::builtin_scenario_path(name));
  models::RegionSpec& r = s.regions[0];
  const double f = 100'000.0 / double(r.population);
  r.population = 100'000;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].capacity_unit == models::CapacityUnit::unlimited || r.capacity[l] == 0) {
      continue;
    }
    r.capacity[l] = std::max(1u, static_cast<std::uint32_t>(std::lround(r.capacity[l] * f)));
  }
  r.coordinators = coordinators;
  s.policy.params["caseload"] = caseload;
  s.horizon_days = 3 * 365;
  s.warmup_days = 365;
  return s;
}

/// One named indicator over `replications` paired replications; with `every_contact`, each
/// coordinator's contact simulated as an event, even those that change nothing.
std::vector<double> values(const Scenario& s, const std::string& name, std::uint32_t replications,
                           bool every_contact = false, std::uint64_t* events = nullptr) {
  models::CareModel model(s);
  model.simulate_every_contact(every_contact);
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  const auto catalogue = models::indicator_catalogue(s);
  std::size_t at = catalogue.size();
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    if (catalogue[i].name == name) at = i;
  }
  REQUIRE(at < catalogue.size());
  std::vector<double> out;
  for (const auto& r : sim::run_replications(model, o, 0, replications, 2)) {
    out.push_back(models::indicators(r.summary, s, catalogue)[at]);
    if (events != nullptr) *events += r.events;
  }
  return out;
}

std::string show(const sim::ConfidenceInterval& ci) {
  return std::to_string(ci.mean) + " [" + std::to_string(ci.lower) + ", " +
         std::to_string(ci.upper) + "]";
}

}  // namespace

TEST_CASE("coordination: detection delay rises with caseload at equal coverage", "[care]") {
  // 360 coordinated places in every design: only the intensity of contact differs.
  constexpr std::uint32_t kReplications = 4;
  const auto light = values(design("recovery", 10, 36), "detection_delay", kReplications);
  const auto standard = values(design("recovery", 30, 12), "detection_delay", kReplications);
  const auto heavy = values(design("recovery", 45, 8), "detection_delay", kReplications);
  const auto standard_light = sim::paired_difference(standard, light);
  const auto heavy_light = sim::paired_difference(heavy, light);
  const auto heavy_standard = sim::paired_difference(heavy, standard);
  INFO("detection delay, caseload 30 - 10: " << show(standard_light)
                                             << "; 45 - 10: " << show(heavy_light)
                                             << "; 45 - 30: " << show(heavy_standard));
  for (const double d : light)
    CHECK(d > 0);
  CHECK(standard_light.lower > 0);
  CHECK(heavy_light.lower > 0);
  CHECK(heavy_standard.mean > 0);
}

TEST_CASE("coordination: caseload 15 with twice the coordinators no longer equals caseload 30",
          "[care]") {
  // Before contacts were modelled these two gave identical indicators to the last digit.
  for (const std::string name : {"bed_days_per_1000", "found_by_crisis"}) {
    const auto light = values(design("recovery", 15, 24), name, 2);
    const auto standard = values(design("recovery", 30, 12), name, 2);
    INFO(name);
    CHECK(light != standard);
  }
}

TEST_CASE("coordination: instant detection has no contacts and finds every rise at once",
          "[care]") {
  Scenario s = design("recovery", 30, 12);
  s.policy.params["instant_detection"] = 1;
  CHECK(std::isnan(values(s, "contacts_per_person_month", 1)[0]));
  CHECK(std::isnan(values(s, "detection_delay", 1)[0]));
  s.policy.params["instant_detection"] = 0;
  CHECK(values(s, "contacts_per_person_month", 1)[0] > 0);
}

TEST_CASE("coordination: a contact target takes time from contacts by need", "[care]") {
  // Four coordinators carry about 45 people each, the design's caseload.
  Scenario none = design("cost_target", 45, 4);
  none.policy.params["contact_target_days"] = 0;
  const Scenario weekly = design("cost_target", 45, 4);
  REQUIRE(weekly.policy.params.at("contact_target_days") == 7);
  const auto need_none = values(none, "coordinator_time_need", 2);
  const auto need_weekly = values(weekly, "coordinator_time_need", 2);
  const auto target_weekly = values(weekly, "coordinator_time_target", 2);
  const auto target_none = values(none, "coordinator_time_target", 2);
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK(target_none[r] == 0);
    CHECK(target_weekly[r] > 0);
    CHECK(need_weekly[r] < need_none[r]);
    // The time spent on targets and by need is what the coordinators have, give or take what
    // the rates of the people with a rise unnoticed, fixed when each contact is drawn, miss of
    // the changes in caseload since.
    CHECK(need_weekly[r] + target_weekly[r] <= 1.005);
  }
}

TEST_CASE("coordination: the counts by acuity hold over a long run", "[care]") {
  for (const std::string name : {"cost_target", "recovery"}) {
    Scenario s = design(name, 45, 12);
    s.regions[0].population = 20'000;
    models::CareModel model(s);
    model.check_invariants(true);
    sim::RunOptions o;
    o.end = s.horizon_days;
    o.seed = s.seed;
    INFO(name);
    REQUIRE_NOTHROW(sim::run_replications(model, o, 0, 1, 1));
  }
}

TEST_CASE("coordination: contacts that change nothing, counted, agree with simulating each",
          "[care]") {
  // In the cost-target design everyone's rate is mostly the target's, the same for all, so
  // counting a contact from its rate and simulating it must give the same contacts, the same
  // finding of rises and the same results, from fewer events. Four coordinators carry about
  // 45 people each, the design's caseload, so that the target takes most of their time.
  constexpr std::uint32_t kReplications = 12;
  const Scenario s = design("cost_target", 45, 4);
  std::uint64_t counted_events = 0;
  std::uint64_t simulated_events = 0;
  for (const std::string name :
       {"contacts_per_person_month", "contacts_per_person_month_acuity_0",
        "contacts_per_person_month_acuity_2", "detection_delay", "found_by_coordinator",
        "found_by_crisis", "bed_days_per_1000", "admissions_per_1000", "functioning_gain"}) {
    const auto counted =
        sim::confidence_interval(values(s, name, kReplications, false, &counted_events));
    const auto simulated =
        sim::confidence_interval(values(s, name, kReplications, true, &simulated_events));
    INFO(name << ": counted " << show(counted) << ", simulated " << show(simulated));
    // Two independent estimates of one mean: their difference within its own 95% interval.
    const double half = std::hypot(counted.upper - counted.mean, simulated.upper - simulated.mean);
    CHECK(std::abs(counted.mean - simulated.mean) <= half);
    if (name.rfind("contacts_per_person_month", 0) == 0) {
      CHECK(std::abs(counted.mean / simulated.mean - 1) < 0.01);
    }
  }
  INFO("events: counted " << counted_events << ", simulated " << simulated_events);
  // About a quarter fewer (76%): most of the coordinated are unwell, whose contacts can change
  // something; before closed cases were kept closed at their yearly renewal, the coordinators
  // also carried many stable people, and the share spared was larger (under 60%).
  CHECK(10 * counted_events < 8 * simulated_events);  // fewer than 80% of the events
}

TEST_CASE("coordination: counted contacts spend what the coordinators have, not more", "[care]") {
  // Contacts by need share the coordinators' time by the acuity each knows of. Simulated one by
  // one, a contact's rate is fixed when it is drawn: a rise found at a contact takes its larger
  // share at once (the next contact is drawn then), but a person whose acuity fell keeps theirs
  // until their next contact, so the coordinators worked more than their time. Counted from the
  // region's rates of each moment, they work all of it and no more.
  // The default region, whole: 80 coordinators, about 92,000 contacts by need a replication in
  // two observed years, so a count is within 0.33% of its mean (one standard deviation) and the
  // mean of four within 0.17%.
  Scenario s = models::load_scenario(testing::builtin_scenario_path("recovery"));
  s.horizon_days = 3 * 365;
  s.warmup_days = 365;
  const auto counted = sim::confidence_interval(values(s, "coordinator_time_need", 4));
  const auto simulated = sim::confidence_interval(values(s, "coordinator_time_need", 4, true));
  INFO("coordinator time by need, counted " << show(counted) << "; simulated " << show(simulated));
  CHECK(std::abs(counted.mean - 1) < 0.006);
  CHECK(simulated.lower > 1.0);
  CHECK(simulated.mean > counted.mean + 0.005);
}

TEST_CASE("coordination: counted contacts accrue at the rates of each stretch", "[care]") {
  models::IdleContacts idle;
  models::IdleContacts::Rates rates;
  rates.need = {0.1, 0.2, 0.3, 0.4, 0.5};
  rates.target = 1.0 / 7;
  idle.accrue(5, rates);  // nobody here yet
  idle.add(1);
  idle.add(1);
  idle.accrue(15, rates);  // two people at acuity 1 for ten days
  CHECK(idle.expected(1, models::ContactKind::need) == Approx(2 * 0.2 * 10));
  CHECK(idle.expected(1, models::ContactKind::target) == Approx(2 * 10.0 / 7));
  idle.remove(1);
  idle.add(3);
  rates.need[1] = 0.05;  // the pool changed: one at acuity 1, one at 3, for four days
  idle.accrue(19, rates);
  CHECK(idle.expected(1, models::ContactKind::need) == Approx(4 + 0.05 * 4));
  CHECK(idle.expected(3, models::ContactKind::need) == Approx(0.4 * 4));
  CHECK(idle.expected(0, models::ContactKind::need) == 0);
  idle.restart(20);  // the warm-up ends: only what follows counts
  idle.accrue(21, rates);
  CHECK(idle.expected(1, models::ContactKind::need) == Approx(0.05));
  CHECK(idle.people(1) == 1);
  CHECK(idle.people(3) == 1);
}
