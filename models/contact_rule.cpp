#include "models/contact_rule.hpp"

namespace retzef::models {

namespace {
// Days in an average month: contacts are counted per month in the sources (docs/parameters.md).
constexpr double kDaysPerMonth = 365.25 / 12;
}  // namespace

ContactRule contact_rule(const Scenario& s) {
  ContactRule r;
  const auto& params = s.policy.params;
  const auto per_month = params.find("contacts_per_month");
  if (per_month == params.end()) return r;
  const auto at = [&](const char* name) { return params.at(name); };
  r.modelled = true;
  r.instant = at("instant_detection") != 0;
  r.per_day = per_month->second / kDaysPerMonth;
  // The priority rule, relative to acuity 1: crisis is weighed as acute (a person in crisis is
  // seen by crisis care; the coordinator's share stays at its acute level).
  r.priority = {at("priority_remission"), 1.0, at("priority_unstable"), at("priority_acute"),
                at("priority_acute")};
  // A rise to crisis is found by the crisis itself: no reaching out is needed.
  r.reach_out = {0.0, at("reach_out_stable"), at("reach_out_unstable"), at("reach_out_acute"), 1.0};
  r.effect = at("contact_effect");
  const double every = at("contact_target_days");
  r.target_per_day = every > 0 ? 1.0 / every : 0.0;
  r.target_time = at("target_contact_time");
  r.target_detection = at("target_detection");
  return r;
}

}  // namespace retzef::models
