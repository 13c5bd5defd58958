#include "models/run_totals.hpp"

#include <algorithm>

namespace retzef::models {

void GroupTotals::merge(const GroupTotals& o) {
  admissions += o.admissions;
  discharges_30 += o.discharges_30;
  readmissions_30 += o.readmissions_30;
  crisis_departures_30 += o.crisis_departures_30;
  crisis_readmissions_30 += o.crisis_readmissions_30;
  person_days += o.person_days;
  crisis_days += o.crisis_days;
  households += o.households;
  family_places += o.family_places;
  for (std::size_t i = 0; i < kMaxLevels; ++i)
    level_days[i] += o.level_days[i];
  first_care_wait.merge(o.first_care_wait);
  remission_time.merge(o.remission_time);
  functioning_gain.merge(o.functioning_gain);
  for (std::size_t i = 0; i <= kMaxLevels; ++i) {
    for (std::size_t j = 0; j <= kMaxLevels; ++j)
      moves[i][j] += o.moves[i][j];
  }
}

void LevelQueueing::merge(const LevelQueueing& o) {
  arrivals += o.arrivals;
  completed += o.completed;
  waited += o.waited;
  blocked_stays += o.blocked_stays;
  blocked_days += o.blocked_days;
  sojourn.merge(o.sojourn);
  wait.merge(o.wait);
}

void RunTotals::merge(const RunTotals& o) {
  observed_days = std::max(observed_days, o.observed_days);
  population += o.population;
  person_days += o.person_days;
  coordinators += o.coordinators;
  coordinated_days += o.coordinated_days;
  coordinator_wait_days += o.coordinator_wait_days;
  for (std::size_t a = 0; a < kAcuityLevels; ++a) {
    coordinated_days_at[a] += o.coordinated_days_at[a];
    contacts[a] += o.contacts[a];
  }
  for (std::size_t k = 0; k < kContactKinds; ++k)
    contacts_by_kind[k] += o.contacts_by_kind[k];
  for (std::size_t k = 0; k < kFoundBy; ++k)
    found[k] += o.found[k];
  detection_delay.merge(o.detection_delay);
  for (std::size_t p = 0; p < kMaxProfessions; ++p) {
    post_days[p] += o.post_days[p];
    vacant_post_days[p] += o.vacant_post_days[p];
  }
  for (std::size_t p = 0; p < kMaxPayers; ++p) {
    staff_cost[p] += o.staff_cost[p];
  }
  for (std::size_t i = 0; i < kMaxLevels; ++i) {
    level_days[i] += o.level_days[i];
    capacity_days[i] += o.capacity_days[i];
    staffed_days[i] += o.staffed_days[i];
    overflow_days[i] += o.overflow_days[i];
    queued_days[i] += o.queued_days[i];
    in_place_days[i] += o.in_place_days[i];
    blocked_days[i] += o.blocked_days[i];
    boarding_days[i] += o.boarding_days[i];
    peak_occupied[i] += o.peak_occupied[i];
    // The worst region decides: a region still in its transient is not settled by others.
    mser_occupancy_days[i] = std::max(mser_occupancy_days[i], o.mser_occupancy_days[i]);
    mser_waiting_days[i] = std::max(mser_waiting_days[i], o.mser_waiting_days[i]);
    wait[i].merge(o.wait[i]);
    entries[i] += o.entries[i];
    lost[i] += o.lost[i];
    dropouts[i] += o.dropouts[i];
    queueing[i].merge(o.queueing[i]);
  }
  for (std::size_t i = 0; i < kMaxPayers; ++i)
    cost[i] += o.cost[i];
  for (std::size_t i = 0; i < kMaxGroups; ++i)
    groups[i].merge(o.groups[i]);
  for (std::size_t i = 0; i <= kMaxLevels; ++i) {
    for (std::size_t j = 0; j <= kMaxLevels; ++j)
      moves[i][j] += o.moves[i][j];
  }
  onsets += o.onsets;
  exits += o.exits;
  admissions += o.admissions;
  involuntary_admissions += o.involuntary_admissions;
  avoidable_admissions += o.avoidable_admissions;
  discharges += o.discharges;
  discharges_30 += o.discharges_30;
  discharges_90 += o.discharges_90;
  readmissions_30 += o.readmissions_30;
  readmissions_90 += o.readmissions_90;
  follow_up_14 += o.follow_up_14;
  crisis_departures_30 += o.crisis_departures_30;
  crisis_departures_90 += o.crisis_departures_90;
  crisis_readmissions_30 += o.crisis_readmissions_30;
  crisis_readmissions_90 += o.crisis_readmissions_90;
  inpatient_stay.merge(o.inpatient_stay);
  first_care_wait.merge(o.first_care_wait);
  remission_time.merge(o.remission_time);
  functioning_gain.merge(o.functioning_gain);
  functioning_end.merge(o.functioning_end);
}

}  // namespace retzef::models
