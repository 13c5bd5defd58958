// The indicators of a run described as data, once, from the scenario alone: each one's name,
// the family it belongs to, the level, condition group or payer it concerns, its unit and
// meaning, and which direction is better. The summary tables, the printed tables and the
// file's /names/indicators table (docs/output.md) are all laid out from this list, and
// `indicators` (indicators.hpp) forms the values in its order, so a report reads what an
// indicator is about from these columns instead of from its name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario.hpp"

namespace retzef::models {

inline constexpr std::uint32_t kNoGroup = kNoLevel;
inline constexpr std::uint32_t kNoPayer = kNoLevel;

/// What an indicator measures, whatever level, group or payer it is formed for: a family with
/// a level, group or payer in its entry is that quantity for it alone, without, for all (a cost
/// with both a group and a payer is what that payer paid for that group's care). Families
/// formed for one condition group: admissions, readmission_30, crisis_readmission_30,
/// bed_days_per_1000, wait_first_care, functioning_gain, time_to_remission,
/// cost_per_person_year and crisis_days_per_person_year.
enum class IndicatorFamily : std::uint8_t {
  bed_days_per_1000,    ///< everyone's, or those of one condition group
  admissions_per_1000,  ///< all admissions, or those of one condition group
  inpatient_occupancy,
  mean_inpatient_stay,
  avoidable_admission_share,
  involuntary_share,
  readmission_30,
  readmission_90,
  crisis_readmission_30,  ///< returns to any 24-hour crisis care (crisis_care.hpp)
  crisis_readmission_90,
  follow_up_14,
  blocked_days_per_1000,  ///< all levels, or one
  community_share,
  wait_first_care,
  time_to_remission,
  functioning_gain,
  functioning_end,
  people_in_system,
  new_cases_per_1000,
  coordinator_caseload,
  waiting_for_coordinator,
  cost_per_capita,
  budget_per_capita,
  budget_per_year,              ///< NIS a year: all payers, or what one payer budgets
  spending_per_year,            ///< NIS a year: all payers, or what one payer spent
  budget_used,                  ///< spending over budget
  cost_per_person_year,         ///< all payers, or what one payer paid
  occupancy,                    ///< of one level
  wait,                         ///< days waiting to enter one level
  waiting,                      ///< people waiting for one level
  entries_per_1000,             ///< entries into one level
  boarding_days_per_1000,       ///< days boarding in one emergency level for a crisis place
  crisis_days_per_person_year,  ///< days at acuity 4, of one condition group
  mser_truncation_days,         ///< MSER-5 truncation point: of all levels, or of one
  warmup_passes_mser,           ///< 1 when the warm-up is at least the run's truncation point
  // Coordinators' contacts (contact_rule.hpp).
  contacts_per_person_month,   ///< all coordinated people, or those at one acuity
  detection_delay,             ///< days from a rise in need to its finding
  found_by_coordinator,        ///< share of rises found at a contact or review
  found_by_reach_out,          ///< share found when the person or family reached out
  found_by_crisis,             ///< share found by the crisis itself
  coordinator_time_need,       ///< share of coordinators' contact time on contacts by need
  coordinator_time_target,     ///< on short contacts to meet a contact target
  coordinator_time_reach_out,  ///< on contacts the person or family asked for
  // A level's queueing figures (docs/output.md, "Queueing figures per level"): counts per year
  // or per 1,000 population per year (counts_per_year), shares, days and people.
  arrivals,          ///< requests for a place at one level
  lost,              ///< requests turned away: no free place, no room to wait
  loss_probability,  ///< lost over arrivals
  entries,           ///< entries into one level per year (pathway networks)
  completed_stays,   ///< stays that ended
  waited_share,      ///< entries that waited more than 0 days: the probability of waiting
  wait_p50,          ///< percentiles of the days from asking to entering
  wait_p90,
  wait_p95,
  blocked_per_entry,    ///< days waiting in place for a full next level, per entry
  blocked_per_blocked,  ///< the same, per stay that was blocked
  sojourn,              ///< days from entering to leaving, blocked time included
  blocked,              ///< people waiting in place for a full next level, time average
  utilisation,          ///< places occupied over places; people present where unlimited
  // Staff (workforce.hpp).
  staffed_share,           ///< places the staff present could run over funded ones, of a level
  vacancy,                 ///< empty posts over funded posts, of a profession
  unstaffed_budget_share,  ///< the budget paying for funded places no staff could run
  staff_cost_per_year,     ///< NIS a year: salaries of the staff in post, all payers or one
  // Families (household.hpp): formed where some group's people come in households.
  families_known,                 ///< households known to the services in the observed years
  placements_per_year,            ///< entries into levels of kind placement
  placement_days_per_year,        ///< days in placement (one a child a day)
  placement_days_per_family,      ///< the same over the observed years, per family known
  family_interventions_per_year,  ///< households starting at a level counted in families
  cost_per_family,  ///< care at the levels over the observed years per family: all payers, or one
};

inline constexpr std::uint8_t kNoAcuity = 0xff;
inline constexpr std::uint8_t kNoProfession = 0xff;

/// Which way a difference is an improvement; `neither` for a quantity to read with the others
/// (occupancy, say, where both idle and full places are problems).
enum class Better : std::uint8_t { lower, higher, neither };

struct IndicatorSpec {
  std::string name;  ///< the summary field
  IndicatorFamily family = IndicatorFamily::bed_days_per_1000;
  std::uint32_t level = kNoLevel;  ///< index into Scenario::levels, or kNoLevel
  std::uint32_t group = kNoGroup;  ///< index into Scenario::groups, or kNoGroup
  std::uint32_t payer = kNoPayer;  ///< index into Scenario::payers, or kNoPayer (a cost)
  /// The acuity an indicator is formed for (contacts per person-month), or kNoAcuity. Not a
  /// column of the file's catalogue: the name and meaning carry it.
  std::uint8_t acuity = kNoAcuity;
  /// The profession an indicator is formed for (vacancy), an index into
  /// Scenario::professions, or kNoProfession. In the name only, as the acuity.
  std::uint8_t profession = kNoProfession;
  std::string unit;
  std::string meaning;
  Better better = Better::neither;
};

/// Whether the scenario's counts are plain counts per year rather than per 1,000 population per
/// year: a pathway network (policy `pathway`) has no population to speak of, while the care
/// model's rates compare regions of different sizes. It decides every count's unit and name
/// (`bed_days_per_year` or `bed_days_per_1000`, and so on). A pathway network's catalogue also
/// leaves out what only the care model forms: money per resident, the coordinators' figures,
/// and entries per 1,000 beside its entries per year.
bool counts_per_year(const Scenario& scenario);

/// Every indicator of a run of `scenario`, in the order of the summary table.
std::vector<IndicatorSpec> indicator_catalogue(const Scenario& scenario);

/// The family's name as the file writes it: the indicator's own name for one formed once.
std::string_view family_name(IndicatorFamily family);
/// "lower", "higher" or "neither".
std::string_view better_name(Better better);

}  // namespace retzef::models
