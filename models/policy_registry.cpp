#include "models/policy_registry.hpp"

#include <array>

#include "models/policies/builtin_policies.hpp"

namespace retzef::models {

namespace {

// The coordinators' contacts (models/contact_rule.hpp); sources in docs/parameters.md.
void add_contact_params(std::vector<PolicyParam>& v, double target_days) {
  const std::vector<PolicyParam> contacts{
      {"instant_detection", 0, 0, 1, "flag",
       "1: coordinators know at once when a person's need rises (no contacts modelled)"},
      {"contacts_per_month", 48, 1, 400, "contact",
       "contacts a full-time coordinator makes in a month, shared among their people"},
      {"priority_remission", 0.5, 0, 20, "factor",
       "share of contact time of a person in remission, relative to one at acuity 1"},
      {"priority_unstable", 2, 0, 20, "factor",
       "share of contact time of a person at acuity 2, relative to one at acuity 1"},
      {"priority_acute", 3, 0, 20, "factor",
       "share of contact time of a person at acuity 3 or 4, relative to one at acuity 1"},
      {"reach_out_stable", 0.05, 0, 1, "probability",
       "a rise to acuity 1 is reported at once by the person or family"},
      {"reach_out_unstable", 0.15, 0, 1, "probability",
       "a rise to acuity 2 is reported at once by the person or family"},
      {"reach_out_acute", 0.3, 0, 1, "probability",
       "a rise to acuity 3 is reported at once by the person or family"},
      {"contact_effect", 0, 0, 1, "probability",
       "a contact by need brings the person's acuity one step down"},
      {"contact_target_days", target_days, 0, 365, "day",
       "a short recorded contact with every coordinated person this often on average (0: none)"},
      {"target_contact_time", 0.25, 0, 1, "factor",
       "a target contact's time, as a share of a contact by need's"},
      {"target_detection", 0.3, 0, 1, "probability",
       "a target contact finds a rise in need (a contact by need always does)"},
  };
  v.insert(v.end(), contacts.begin(), contacts.end());
}

// Parameters every coordinator-led policy shares.
std::vector<PolicyParam> coordinator_params(double review_days, double caseload,
                                            double los_factor) {
  return {
      {"review_days", review_days, 1, 180, "day",
       "a coordinator reviews each person's level at least this often (at most 180)"},
      {"caseload", caseload, 1, 200, "person", "people per full-time coordinator"},
      {"early_detection", 0.8, 0, 1, "probability",
       "share of new cases met at onset through soft entry points (the rest arrive in crisis)"},
      {"inpatient_los_factor", los_factor, 0.1, 2, "factor",
       "multiplies inpatient stays: the community team keeps responsibility during admission"},
      {"close_case_days", 180, 0, 3650, "day",
       "the coordinator closes the case after this long at acuity 1 or below (0: never)"},
      {"out_of_hours_share", 0.5, 0, 1, "probability",
       "share of crises of coordinated people at home or in a level that cannot treat a crisis "
       "that come when the team cannot be reached, and go to the emergency room"},
      {"admit_acuity", 4, 2, 4, "acuity",
       "lowest acuity at which someone outside a ward is admitted to it; below it a full "
       "community level is waited for, not replaced by a free bed (as the medical design's ER "
       "admits); a child is placed out of home from it on the same terms"},
  };
}

const std::vector<PolicyInfo>& table() {
  static const std::vector<PolicyInfo> t = [] {
    std::vector<PolicyInfo> v;
    v.push_back({"medical",
                 "hospital-centred: the ER is the front door, admission on crisis, discharge to a "
                 "clinic waiting list the person must book, no follow-up",
                 {
                     {"book_clinic_probability", 0.45, 0, 1, "probability",
                      "share of new cases who book a clinic appointment themselves"},
                     {"follow_up_probability", 0.38, 0, 1, "probability",
                      "share of discharged patients who reach community care"},
                     {"er_acuity", 3, 2, 4, "acuity",
                      "acuity at which an untreated person comes to the emergency room"},
                     {"admit_acuity", 4, 2, 4, "acuity", "lowest acuity the emergency room admits"},
                     {"rehabilitation_probability", 0.2, 0, 1, "probability",
                      "share of discharged patients who reach the rehabilitation basket"},
                 },
                 make_medical_policy});
    auto recovery = coordinator_params(90, 30, 0.75);
    add_contact_params(recovery, 0);
    v.push_back({"recovery",
                 "regional, recovery-oriented: a coordinator from first contact, the least "
                 "restrictive level that meets the need, step up and down, continuity through "
                 "admission, regular review, soft entry points",
                 recovery, make_recovery_policy});
    auto cost = coordinator_params(180, 45, 0.5);
    add_contact_params(cost, 7);
    cost.push_back({"discharge_acuity", 2, 0, 4, "acuity",
                    "discharge targets: at each review people at or below this acuity are moved "
                    "to the cheapest level, fit or not"});
    cost.push_back({"inpatient_max_days", 14, 1, 365, "day",
                    "discharge target: the longest admission the budget allows"});
    v.push_back({"cost_target",
                 "recovery in name, with discharge targets that push people out early", cost,
                 make_cost_target_policy});
    v.push_back({"pathway",
                 "fixed pathway network: Poisson arrivals, transition probabilities, lengths of "
                 "stay, capacities and blocking after service, as in [pathway]",
                 {},
                 make_pathway_policy});
    return v;
  }();
  return t;
}

}  // namespace

std::span<const PolicyInfo> policies() {
  return table();
}

const PolicyInfo* find_policy(std::string_view name) {
  for (const auto& p : table()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace retzef::models
