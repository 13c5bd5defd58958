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

/// One named indicator over `replications` paired replications.
std::vector<double> values(const Scenario& s, const std::string& name, std::uint32_t replications) {
  const models::CareModel model(s);
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
  for (const auto& r : sim::run_replications(model, o, 0, replications, 2))
    out.push_back(models::indicators(r.summary, s, catalogue)[at]);
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
  Scenario none = design("cost_target", 45, 12);
  none.policy.params["contact_target_days"] = 0;
  const Scenario weekly = design("cost_target", 45, 12);
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
    // the rates, fixed when each contact is drawn, miss of the changes in caseload since.
    CHECK(need_weekly[r] + target_weekly[r] <= 1.02);
  }
}

TEST_CASE("coordination: the counts by acuity hold over a long run", "[care]") {
  Scenario s = design("cost_target", 45, 12);
  s.regions[0].population = 20'000;
  models::CareModel model(s);
  model.check_invariants(true);
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  REQUIRE_NOTHROW(sim::run_replications(model, o, 0, 1, 1));
}
