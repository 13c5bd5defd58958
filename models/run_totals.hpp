// What one region contributes to a run's results: sums, integrals over time and streaming
// statistics, all after the warm-up. Plain data of fixed size (it is the care model's Summary,
// which travels between threads and MPI ranks as bytes) and mergeable, so the totals of a run
// are the same however its regions were spread over threads and ranks. Ratios — occupancy,
// rates per 1,000, shares — are formed from the merged totals (indicators.hpp), never averaged.
#pragma once

#include <array>
#include <cstdint>

#include "models/contact_rule.hpp"
#include "models/scenario.hpp"
#include "sim/stats/log_histogram.hpp"
#include "sim/stats/welford.hpp"

namespace retzef::models {

/// What the people of one condition group contribute: the person-level outcomes formed per
/// group, counted as RunTotals counts them for everyone, so the groups add up to the whole.
struct GroupTotals {
  std::uint64_t admissions = 0;  ///< inpatient admissions
  std::uint64_t discharges_30 = 0;
  std::uint64_t readmissions_30 = 0;
  std::uint64_t crisis_departures_30 = 0;
  std::uint64_t crisis_readmissions_30 = 0;
  double person_days = 0;  ///< days the group's people spent in the system
  double crisis_days = 0;  ///< of which at acuity 4 (crisis)
  /// Person-days at each level; at a level counted in families, the households' place-days
  /// (what the level's cost is paid for).
  std::array<double, kMaxLevels> level_days{};
  std::uint64_t households = 0;     ///< families known during the observation (household.hpp)
  std::uint64_t family_places = 0;  ///< households taking a place at a level counted in families
  sim::Welford first_care_wait;
  sim::Welford remission_time;
  sim::Welford functioning_gain;
  /// The group's moves between levels, indexed as RunTotals::moves (its part of them).
  std::array<std::array<std::uint64_t, kMaxLevels + 1>, kMaxLevels + 1> moves{};

  void merge(const GroupTotals& o);
};

/// Days from asking for a place to entering it: 32 bins a decade from 0.001 day (under 1.5
/// minutes) to 100,000 days, so a quantile is within 7.5% (sim/stats/log_histogram.hpp), and
/// waits of 0 counted exactly.
using WaitHistogram = sim::LogHistogram<32, -3, 5>;

/// A level's figures as a queueing network reports them (PathSimR, Ciw), beside the level's
/// entries, losses, waits and place-days kept in RunTotals. Blocking here is any wait in place
/// for a full next level, whatever the kinds; RunTotals::blocked_days is the part of it that
/// steps down (a less restrictive next level), the care model's blocked days.
struct LevelQueueing {
  std::uint64_t arrivals = 0;       ///< requests for a place (entered at once, waited or lost)
  std::uint64_t completed = 0;      ///< stays that ended (the person left, freeing the place)
  std::uint64_t waited = 0;         ///< entries after a wait of more than 0 days
  std::uint64_t blocked_stays = 0;  ///< stays with a wait in place for a full next level
  double blocked_days = 0;          ///< person-days in the level waiting in place, any kind
  sim::Welford sojourn;  ///< days from entering to leaving, blocked time included (stays entered
                         ///< after the warm-up)
  WaitHistogram wait;    ///< days from asking to entering

  void merge(const LevelQueueing& o);
};

struct RunTotals {
  double observed_days = 0;          ///< length of the observation period (after the warm-up)
  double population = 0;             ///< people living in the regions
  double person_days = 0;            ///< days people spent in the system
  double coordinators = 0;           ///< full-time coordinators
  double coordinated_days = 0;       ///< person-days with a coordinator
  double coordinator_wait_days = 0;  ///< person-days waiting for a coordinator
  /// Coordinators' contacts (contact_rule.hpp): person-days with a coordinator at each acuity,
  /// contacts at each acuity and of each kind, rises in need found by whom, and the days from
  /// a rise to its finding.
  std::array<double, kAcuityLevels> coordinated_days_at{};
  std::array<std::uint64_t, kAcuityLevels> contacts{};
  std::array<std::uint64_t, kContactKinds> contacts_by_kind{};
  std::array<std::uint64_t, kFoundBy> found{};
  sim::Welford detection_delay;
  std::array<double, kMaxLevels> level_days{};      ///< person-days at each level
  std::array<double, kMaxLevels> capacity_days{};   ///< place-days offered at each level
  std::array<double, kMaxLevels> staffed_days{};    ///< of them, place-days the staff could run
  std::array<double, kMaxProfessions> post_days{};  ///< funded post-days per profession
  std::array<double, kMaxProfessions> vacant_post_days{};  ///< of them, days posts stood empty
  std::array<double, kMaxPayers> staff_cost{};     ///< NIS: salaries of the staff in post, by payer
  std::array<double, kMaxLevels> overflow_days{};  ///< person-days beyond the funded places
  std::array<double, kMaxLevels> queued_days{};    ///< person-days on each waiting list
  std::array<double, kMaxLevels> in_place_days{};  ///< person-days waiting in place for it
  std::array<double, kMaxLevels> blocked_days{};   ///< person-days blocked in each level
  std::array<double, kMaxLevels> peak_occupied{};
  /// MSER-5 truncation points of the daily occupancy and waiting series from day 0, in days
  /// from the start of the run (daily_series.hpp); merged as the largest over regions.
  std::array<double, kMaxLevels> mser_occupancy_days{};
  std::array<double, kMaxLevels> mser_waiting_days{};
  std::array<sim::Welford, kMaxLevels> wait;        ///< days from asking to entering, per level
  std::array<std::uint64_t, kMaxLevels> entries{};  ///< admissions to each level
  std::array<std::uint64_t, kMaxLevels> lost{};     ///< turned away (full, no room to wait)
  std::array<std::uint64_t, kMaxLevels> dropouts{};
  std::array<double, kMaxLevels> boarding_days{};  ///< person-days boarding in each ER level
  std::array<LevelQueueing, kMaxLevels> queueing{};
  std::array<double, kMaxPayers> cost{};         ///< NIS, by payer
  std::array<GroupTotals, kMaxGroups> groups{};  ///< the person-level sums, by condition group
  /// Moves between levels: [from + 1][to + 1], with index 0 for no care (arriving from or going
  /// back to the community, or leaving the system).
  std::array<std::array<std::uint64_t, kMaxLevels + 1>, kMaxLevels + 1> moves{};

  std::uint64_t onsets = 0;      ///< new cases
  std::uint64_t exits = 0;       ///< left the system (recovered, died, moved, lost)
  std::uint64_t admissions = 0;  ///< to levels of kind inpatient
  std::uint64_t involuntary_admissions = 0;
  std::uint64_t avoidable_admissions = 0;  ///< voluntary, and a community level could treat them
  std::uint64_t discharges = 0;
  std::uint64_t discharges_30 = 0;  ///< discharges at least 30 days before the end
  std::uint64_t discharges_90 = 0;
  std::uint64_t readmissions_30 = 0;  ///< within 30 days of a discharge counted above
  std::uint64_t readmissions_90 = 0;
  std::uint64_t follow_up_14 = 0;  ///< discharges followed by community care within 14 days
  /// Departures from 24-hour crisis care (crisis_care.hpp) and returns to it, counted as the
  /// inpatient discharges and readmissions above are.
  std::uint64_t crisis_departures_30 = 0;
  std::uint64_t crisis_departures_90 = 0;
  std::uint64_t crisis_readmissions_30 = 0;
  std::uint64_t crisis_readmissions_90 = 0;

  sim::Welford inpatient_stay;    ///< days, completed admissions
  sim::Welford first_care_wait;   ///< days from onset to first care, new cases
  sim::Welford remission_time;    ///< days from onset to first remission, new cases
  sim::Welford functioning_gain;  ///< change in functioning over the observation, per person
  sim::Welford functioning_end;   ///< functioning at the end (or exit)

  void merge(const RunTotals& o);
};

}  // namespace retzef::models
