#include "models/indicators.hpp"

#include <algorithm>
#include <cmath>

#include "models/contact_rule.hpp"
#include "models/hospital_level.hpp"
#include "models/household.hpp"

namespace retzef::models {

// Means of empty statistics are NaN already (sim::Welford::mean), which is what an indicator
// that cannot be formed should be.
namespace {

double ratio(double a, double b) {
  return b > 0 ? a / b : std::nan("");
}

/// The sums over levels and payers that several indicators share, formed once per run.
struct Sums {
  double years = 0;
  double thousands = 0;
  /// What a count is divided by: years in a pathway network, 1,000s of population × years in
  /// the care model (counts_per_year).
  double count_scale = 0;
  double person_years = 0;
  double inpatient_days = 0;
  double inpatient_capacity = 0;
  double hospital_days = 0;
  double blocked = 0;
  double total_cost = 0;
  double budget = 0;
  std::array<double, kMaxPayers> budget_by_payer{};
  double warmup_days = 0;
  double truncation_days = 0;  ///< the warm-up check's, largest over levels and both series
};

Sums sums(const RunTotals& t, const Scenario& s) {
  Sums m;
  m.years = t.observed_days / 365.0;
  m.thousands = t.population / 1000.0;
  m.count_scale = counts_per_year(s) ? m.years : m.thousands * m.years;
  m.person_years = t.person_days / 365.0;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    m.blocked += t.blocked_days[l];
    if (s.levels[l].kind == LevelKind::inpatient) {
      m.inpatient_days += t.level_days[l];
      m.inpatient_capacity += t.capacity_days[l];
    }
    if (is_hospital_level(s.levels[l].kind)) m.hospital_days += t.level_days[l];
  }
  for (std::size_t p = 0; p < s.payers.size(); ++p)
    m.total_cost += t.cost[p];
  m.warmup_days = s.warmup_days;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    m.truncation_days =
        std::max({m.truncation_days, t.mser_occupancy_days[l], t.mser_waiting_days[l]});
  }
  // The budget (docs/model.md, "Budget and spending"): places are paid for whether used or
  // not; overflow places and unlimited levels by use, so no person-day is ever free and
  // spending never exceeds the budget; coordinators are salaried.
  if (t.coordinators > 0) {
    m.budget_by_payer[s.coordinator_payer] +=
        t.coordinators * t.observed_days * s.coordinator_cost_per_day;
  }
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const double paid_days =
        t.capacity_days[l] > 0 ? t.capacity_days[l] + t.overflow_days[l] : t.level_days[l];
    m.budget_by_payer[s.levels[l].payer] += paid_days * s.levels[l].cost_per_day;
  }
  for (std::size_t p = 0; p < s.payers.size(); ++p)
    m.budget += m.budget_by_payer[p];
  return m;
}

double count(std::uint64_t n) {
  return static_cast<double>(n);
}

/// An indicator of one condition group's people: the run-wide quantity, formed from their sums.
double group_value(const IndicatorSpec& i, const GroupTotals& g, const Scenario& s, const Sums& m) {
  using F = IndicatorFamily;
  const double rate = m.count_scale;
  const double person_years = g.person_days / 365.0;
  switch (i.family) {
    case F::admissions_per_1000:
      return ratio(count(g.admissions), rate);
    case F::readmission_30:
      return ratio(count(g.readmissions_30), count(g.discharges_30));
    case F::crisis_readmission_30:
      return ratio(count(g.crisis_readmissions_30), count(g.crisis_departures_30));
    case F::wait_first_care:
      return g.first_care_wait.mean();
    case F::time_to_remission:
      return g.remission_time.mean();
    case F::functioning_gain:
      return g.functioning_gain.mean();
    case F::crisis_days_per_person_year:
      return ratio(g.crisis_days, person_years);
    default:
      break;
  }
  double days = 0, cost = 0;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].kind == LevelKind::inpatient) days += g.level_days[l];
    if (i.payer == kNoPayer || s.levels[l].payer == i.payer) {
      cost += g.level_days[l] * s.levels[l].cost_per_day;
    }
  }
  if (i.family == F::bed_days_per_1000) return ratio(days, rate);
  if (i.family == F::cost_per_person_year) return ratio(cost, person_years);
  return std::nan("");
}

/// The coordinators' contacts (contact_rule.hpp); NaN where they are not modelled.
double coordination_value(const IndicatorSpec& i, const RunTotals& t, const Scenario& s) {
  using F = IndicatorFamily;
  const ContactRule rule = contact_rule(s);
  if (!rule.modelled || rule.instant) return std::nan("");
  std::uint64_t found = 0;
  for (const auto n : t.found)
    found += n;
  const auto by = [&](FoundBy who) {
    return ratio(count(t.found[static_cast<std::size_t>(who)]), count(found));
  };
  // Contact time is counted in contacts by need; the coordinators' is what they could give.
  const double capacity = t.coordinators * rule.per_day * t.observed_days;
  const auto time = [&](ContactKind kind) {
    return ratio(count(t.contacts_by_kind[static_cast<std::size_t>(kind)]) * rule.time(kind),
                 capacity);
  };
  constexpr double kDaysPerMonth = 365.25 / 12;
  switch (i.family) {
    case F::contacts_per_person_month: {
      if (i.acuity != kNoAcuity) {
        return ratio(count(t.contacts[i.acuity]), t.coordinated_days_at[i.acuity] / kDaysPerMonth);
      }
      std::uint64_t all = 0;
      for (const auto n : t.contacts)
        all += n;
      return ratio(count(all), t.coordinated_days / kDaysPerMonth);
    }
    case F::detection_delay:
      return t.detection_delay.mean();
    case F::found_by_coordinator:
      return by(FoundBy::coordinator);
    case F::found_by_reach_out:
      return by(FoundBy::reach_out);
    case F::found_by_crisis:
      return by(FoundBy::crisis);
    case F::coordinator_time_need:
      return time(ContactKind::need);
    case F::coordinator_time_target:
      return time(ContactKind::target);
    case F::coordinator_time_reach_out:
      return time(ContactKind::reach_out);
    default:
      return std::nan("");
  }
}

/// A level's queueing figures (indicator_catalogue.cpp, add_queueing); NaN for other families.
double queueing_value(const IndicatorSpec& i, const RunTotals& t, const Sums& m) {
  using F = IndicatorFamily;
  if (i.level == kNoLevel) return std::nan("");
  const std::uint32_t l = i.level;
  const LevelQueueing& q = t.queueing[l];
  const double per = m.count_scale;
  switch (i.family) {
    case F::arrivals:
      return ratio(count(q.arrivals), per);
    case F::lost:
      return ratio(count(t.lost[l]), per);
    case F::loss_probability:
      return ratio(count(t.lost[l]), count(q.arrivals));
    case F::entries:
      return ratio(count(t.entries[l]), per);
    case F::completed_stays:
      return ratio(count(q.completed), per);
    case F::waited_share:
      return ratio(count(q.waited), count(t.entries[l]));
    case F::wait_p50:
      return q.wait.quantile(0.50);
    case F::wait_p90:
      return q.wait.quantile(0.90);
    case F::wait_p95:
      return q.wait.quantile(0.95);
    // Little's law: days blocked over the entries (or the blocked stays) that spent them.
    case F::blocked_per_entry:
      return ratio(q.blocked_days, count(t.entries[l]));
    case F::blocked_per_blocked:
      return ratio(q.blocked_days, count(q.blocked_stays));
    case F::sojourn:
      return q.sojourn.mean();
    case F::blocked:
      return ratio(q.blocked_days, t.observed_days);
    case F::utilisation:  // a level with no limit has no places to fill: its mean head count
      return t.capacity_days[l] > 0 ? t.level_days[l] / t.capacity_days[l]
                                    : ratio(t.level_days[l], t.observed_days);
    default:
      return std::nan("");
  }
}

/// Families (household.hpp): over the groups whose people come in households.
double family_value(const IndicatorSpec& i, const RunTotals& t, const Scenario& s, const Sums& m) {
  using F = IndicatorFamily;
  double families = 0, places = 0, cost = 0;
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    if (!forms_households(s, g)) continue;
    const GroupTotals& group = t.groups[g];
    families += count(group.households);
    places += count(group.family_places);
    for (std::size_t l = 0; l < s.levels.size(); ++l) {
      if (i.payer == kNoPayer || s.levels[l].payer == i.payer) {
        cost += group.level_days[l] * s.levels[l].cost_per_day;
      }
    }
  }
  double placements = 0, placement_days = 0;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].kind != LevelKind::placement) continue;
    placements += count(t.entries[l]);
    placement_days += t.level_days[l];
  }
  switch (i.family) {
    case F::families_known:
      return families;
    case F::placements_per_year:
      return ratio(placements, m.years);
    case F::placement_days_per_year:
      return ratio(placement_days, m.years);
    case F::placement_days_per_family:
      return ratio(placement_days, families);
    case F::family_interventions_per_year:
      return ratio(places, m.years);
    default:
      return ratio(cost, families);
  }
}

double value(const IndicatorSpec& i, const RunTotals& t, const Scenario& s, const Sums& m) {
  using F = IndicatorFamily;
  if (i.group != kNoGroup) return group_value(i, t.groups[i.group], s, m);
  switch (i.family) {  // staff (workforce.hpp)
    case F::staffed_share:
      return ratio(t.staffed_days[i.level], t.capacity_days[i.level]);
    case F::vacancy:
      return ratio(t.vacant_post_days[i.profession], t.post_days[i.profession]);
    case F::families_known:
    case F::placements_per_year:
    case F::placement_days_per_year:
    case F::placement_days_per_family:
    case F::family_interventions_per_year:
    case F::cost_per_family:
      return family_value(i, t, s, m);
    case F::staff_cost_per_year: {
      double cost = 0;
      for (std::size_t p = 0; p < s.payers.size(); ++p) {
        if (i.payer == kNoPayer || i.payer == p) cost += t.staff_cost[p];
      }
      return ratio(cost, m.years);
    }
    case F::unstaffed_budget_share: {
      double unstaffed = 0;
      for (std::size_t l = 0; l < s.levels.size(); ++l) {
        if (t.capacity_days[l] > 0) {
          unstaffed += (t.capacity_days[l] - t.staffed_days[l]) * s.levels[l].cost_per_day;
        }
      }
      return ratio(unstaffed, m.budget);
    }
    default:
      break;
  }
  // The queueing families follow the arrivals in the enum (indicator_catalogue.hpp).
  if (i.family >= F::arrivals) return queueing_value(i, t, m);
  const double rate = m.count_scale;  // per year, or per 1,000 population per year
  switch (i.family) {
    case F::bed_days_per_1000:
      return ratio(m.inpatient_days, rate);
    case F::admissions_per_1000:
      return ratio(count(t.admissions), rate);
    case F::inpatient_occupancy:
      return ratio(m.inpatient_days, m.inpatient_capacity);
    case F::mean_inpatient_stay:
      return t.inpatient_stay.mean();
    case F::avoidable_admission_share:
      return ratio(count(t.avoidable_admissions), count(t.admissions));
    case F::involuntary_share:
      return ratio(count(t.involuntary_admissions), count(t.admissions));
    case F::readmission_30:
      return ratio(count(t.readmissions_30), count(t.discharges_30));
    case F::readmission_90:
      return ratio(count(t.readmissions_90), count(t.discharges_90));
    case F::crisis_readmission_30:
      return ratio(count(t.crisis_readmissions_30), count(t.crisis_departures_30));
    case F::crisis_readmission_90:
      return ratio(count(t.crisis_readmissions_90), count(t.crisis_departures_90));
    case F::follow_up_14:
      return ratio(count(t.follow_up_14), count(t.discharges));
    case F::blocked_days_per_1000:
      return ratio(i.level != kNoLevel ? t.blocked_days[i.level] : m.blocked, rate);
    case F::boarding_days_per_1000:
      return ratio(t.boarding_days[i.level], rate);
    case F::crisis_days_per_person_year:  // formed per group only
      return std::nan("");
    case F::community_share:
      return 1 - ratio(m.hospital_days, t.person_days);
    case F::wait_first_care:
      return t.first_care_wait.mean();
    case F::time_to_remission:
      return t.remission_time.mean();
    case F::functioning_gain:
      return t.functioning_gain.mean();
    case F::functioning_end:
      return t.functioning_end.mean();
    case F::people_in_system:
      return ratio(t.person_days, t.observed_days);
    case F::new_cases_per_1000:
      return ratio(count(t.onsets), rate);
    case F::coordinator_caseload:
      return ratio(t.coordinated_days, t.observed_days * t.coordinators);
    case F::waiting_for_coordinator:
      return ratio(t.coordinator_wait_days, t.observed_days);
    case F::cost_per_capita:
      return ratio(m.total_cost, t.population * m.years);
    case F::budget_per_capita:
      return ratio(m.budget, t.population * m.years);
    case F::budget_per_year:
      return ratio(i.payer != kNoPayer ? m.budget_by_payer[i.payer] : m.budget, m.years);
    case F::spending_per_year:
      return ratio(i.payer != kNoPayer ? t.cost[i.payer] : m.total_cost, m.years);
    case F::budget_used:
      return ratio(m.total_cost, m.budget);
    case F::cost_per_person_year:
      return ratio(i.payer != kNoPayer ? t.cost[i.payer] : m.total_cost, m.person_years);
    case F::occupancy:
      return ratio(t.level_days[i.level], t.capacity_days[i.level]);
    case F::wait:
      return t.wait[i.level].mean();
    case F::waiting:
      return ratio(t.queued_days[i.level] + t.in_place_days[i.level], t.observed_days);
    case F::entries_per_1000:
      return ratio(count(t.entries[i.level]), rate);
    case F::mser_truncation_days:
      return i.level != kNoLevel
                 ? std::max(t.mser_occupancy_days[i.level], t.mser_waiting_days[i.level])
                 : m.truncation_days;
    case F::warmup_passes_mser:
      return m.warmup_days >= m.truncation_days ? 1.0 : 0.0;
    default:
      return coordination_value(i, t, s);
  }
}

}  // namespace

std::vector<double> indicators(const RunTotals& t, const Scenario& s,
                               const std::vector<IndicatorSpec>& catalogue) {
  const Sums m = sums(t, s);
  std::vector<double> out;
  out.reserve(catalogue.size());
  for (const auto& i : catalogue)
    out.push_back(value(i, t, s, m));
  return out;
}

std::vector<double> indicators(const RunTotals& t, const Scenario& s) {
  return indicators(t, s, indicator_catalogue(s));
}

}  // namespace retzef::models
