#include "models/indicators.hpp"

#include <cmath>

namespace retzef::models {

// Means of empty statistics are NaN already (sim::Welford::mean), which is what an indicator
// that cannot be formed should be.
namespace {

double ratio(double a, double b) {
  return b > 0 ? a / b : std::nan("");
}

}  // namespace

std::vector<Indicator> indicators(const RunTotals& t, const Scenario& s) {
  std::vector<Indicator> out;
  const auto add = [&](std::string name, std::string unit, double value, std::string meaning) {
    out.push_back({std::move(name), std::move(unit), value, std::move(meaning)});
  };
  const double years = t.observed_days / 365.0;
  const double thousands = t.population / 1000.0;
  const double person_years = t.person_days / 365.0;
  double inpatient_days = 0;
  double inpatient_capacity = 0;
  double hospital_days = 0;
  double blocked = 0;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    blocked += t.blocked_days[l];
    if (s.levels[l].kind == LevelKind::inpatient) {
      inpatient_days += t.level_days[l];
      inpatient_capacity += t.capacity_days[l];
    }
    if (s.levels[l].kind == LevelKind::inpatient || s.levels[l].kind == LevelKind::emergency) {
      hospital_days += t.level_days[l];
    }
  }
  const double total_cost = [&] {
    double c = 0;
    for (std::size_t p = 0; p < s.payers.size(); ++p)
      c += t.cost[p];
    return c;
  }();

  add("bed_days_per_1000", "bed-day per 1,000 population per year",
      ratio(inpatient_days, thousands * years), "inpatient bed-days");
  add("admissions_per_1000", "admission per 1,000 population per year",
      ratio(static_cast<double>(t.admissions), thousands * years), "inpatient admissions");
  add("inpatient_occupancy", "share", ratio(inpatient_days, inpatient_capacity),
      "mean beds occupied over beds");
  add("mean_inpatient_stay", "day", t.inpatient_stay.mean(), "mean length of completed admissions");
  add("avoidable_admission_share", "share",
      ratio(static_cast<double>(t.avoidable_admissions), static_cast<double>(t.admissions)),
      "admissions a community level could have served (voluntary, within its acuity range)");
  add("involuntary_share", "share",
      ratio(static_cast<double>(t.involuntary_admissions), static_cast<double>(t.admissions)),
      "admissions that were involuntary");
  add("readmission_30", "share",
      ratio(static_cast<double>(t.readmissions_30), static_cast<double>(t.discharges_30)),
      "discharges followed by a readmission within 30 days");
  add("readmission_90", "share",
      ratio(static_cast<double>(t.readmissions_90), static_cast<double>(t.discharges_90)),
      "discharges followed by a readmission within 90 days");
  add("follow_up_14", "share",
      ratio(static_cast<double>(t.follow_up_14), static_cast<double>(t.discharges)),
      "discharges followed by community care within 14 days");
  add("blocked_days_per_1000", "day per 1,000 population per year",
      ratio(blocked, thousands * years), "days in a higher level waiting to step down");
  add("community_share", "share", 1 - ratio(hospital_days, t.person_days),
      "share of person-days in the system spent outside hospital and ER");
  add("wait_first_care", "day", t.first_care_wait.mean(),
      "days from onset to the first care, new cases");
  add("time_to_remission", "day", t.remission_time.mean(),
      "days from onset to the first remission, new cases that remitted");
  add("functioning_gain", "functioning (0-1)", t.functioning_gain.mean(),
      "mean change in functioning over the observation");
  add("functioning_end", "functioning (0-1)", t.functioning_end.mean(),
      "mean functioning at the end or at exit");
  add("people_in_system", "person", ratio(t.person_days, t.observed_days),
      "mean number of people in the system");
  add("new_cases_per_1000", "person per 1,000 population per year",
      ratio(static_cast<double>(t.onsets), thousands * years), "incidence realised");
  add("coordinator_caseload", "person per coordinator",
      ratio(t.coordinated_days, t.observed_days * t.coordinators),
      "people per full-time coordinator, time average");
  add("waiting_for_coordinator", "person", ratio(t.coordinator_wait_days, t.observed_days),
      "people waiting for a coordinator, time average");
  add("cost_per_capita", "NIS per resident per year", ratio(total_cost, t.population * years),
      "care delivered, all payers, over the whole population");
  // The budget: places are paid for whether used or not; unlimited levels by use.
  double budget = t.coordinators * t.observed_days * s.coordinator_cost_per_day;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    budget +=
        (t.capacity_days[l] > 0 ? t.capacity_days[l] : t.level_days[l]) * s.levels[l].cost_per_day;
  }
  add("budget_per_capita", "NIS per resident per year", ratio(budget, t.population * years),
      "cost of the capacity provided (places and coordinators), over the whole population");
  add("cost_per_person_year", "NIS per person-year", ratio(total_cost, person_years),
      "all payers, per person-year in the system");
  for (std::size_t p = 0; p < s.payers.size(); ++p) {
    add("cost_per_person_year_" + s.payers[p], "NIS per person-year",
        ratio(t.cost[p], person_years), "paid by " + s.payers[p]);
  }
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    add("admissions_" + s.groups[g].name + "_per_1000", "admission per 1,000 population per year",
        ratio(static_cast<double>(t.group_admissions[g]), thousands * years),
        "inpatient admissions of people in group " + s.groups[g].name);
  }
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const std::string& name = s.levels[l].name;
    add("occupancy_" + name, "share", ratio(t.level_days[l], t.capacity_days[l]),
        "mean occupied over capacity at " + name);
    add("wait_" + name, "day", t.wait[l].mean(), "mean days from asking to entering " + name);
    add("waiting_" + name, "person", ratio(t.queued_days[l] + t.in_place_days[l], t.observed_days),
        "people waiting for " + name + " (on its list or in another level), time average");
    add("entries_" + name + "_per_1000", "entry per 1,000 population per year",
        ratio(static_cast<double>(t.entries[l]), thousands * years), "people entering " + name);
  }
  return out;
}

}  // namespace retzef::models
