#include "models/indicator_catalogue.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "models/hospital_level.hpp"
#include "models/household.hpp"

namespace retzef::models {
namespace {

using F = IndicatorFamily;

/// How a scenario's counts are named and measured (counts_per_year).
struct CountScale {
  std::string suffix;  ///< "_per_year" or "_per_1000"
  std::string per;     ///< " per year" or " per 1,000 population per year"
};

CountScale count_scale(const Scenario& s) {
  if (counts_per_year(s)) return {"_per_year", " per year"};
  return {"_per_1000", " per 1,000 population per year"};
}

/// A count family's run-wide name under that scale: "bed_days" + "_per_year" for the family
/// bed_days_per_1000.
std::string count_name(F family, const CountScale& c) {
  std::string name(family_name(family));
  const std::string_view old_suffix = "_per_1000";
  return name.substr(0, name.size() - old_suffix.size()) + c.suffix;
}

/// The indicators formed once per run, in the summary's order. Units and meanings are written
/// into every summary table, so their wording is part of the output format.
void add_run_wide(std::vector<IndicatorSpec>& out, const Scenario& s) {
  const bool network = counts_per_year(s);
  const CountScale c = count_scale(s);
  const auto add = [&](F family, std::string unit, std::string meaning, Better better) {
    IndicatorSpec spec;
    spec.name = std::string(family_name(family));
    spec.family = family;
    spec.unit = std::move(unit);
    spec.meaning = std::move(meaning);
    spec.better = better;
    out.push_back(std::move(spec));
  };
  const auto add_count = [&](F family, const std::string& unit, std::string meaning,
                             Better better) {
    add(family, unit + c.per, std::move(meaning), better);
    out.back().name = count_name(family, c);
  };
  add_count(F::bed_days_per_1000, "bed-day", "inpatient bed-days", Better::lower);
  add_count(F::admissions_per_1000, "admission", "inpatient admissions", Better::lower);
  add(F::inpatient_occupancy, "share", "mean beds occupied over beds", Better::neither);
  add(F::mean_inpatient_stay, "day", "mean length of completed admissions", Better::neither);
  add(F::avoidable_admission_share, "share",
      "admissions a community level could have served (voluntary, within its acuity range and "
      "remit)",
      Better::lower);
  // Its denominator is admissions: fewer voluntary admissions raise it with no one more
  // coerced, so it is read with the admissions, not scored.
  add(F::involuntary_share, "share", "admissions that were involuntary", Better::neither);
  add(F::readmission_30, "share", "discharges followed by a readmission within 30 days",
      Better::lower);
  add(F::readmission_90, "share", "discharges followed by a readmission within 90 days",
      Better::lower);
  add(F::crisis_readmission_30, "share",
      "departures from 24-hour crisis care (inpatient, balancing house, home care, ER boarding) "
      "followed by a return to any of it within 30 days",
      Better::lower);
  add(F::crisis_readmission_90, "share",
      "departures from 24-hour crisis care followed by a return to any of it within 90 days",
      Better::lower);
  add(F::follow_up_14, "share", "discharges followed by community care within 14 days",
      Better::higher);
  add_count(F::blocked_days_per_1000, "day", "days in a higher level waiting to step down",
            Better::lower);
  add(F::community_share, "share",
      "share of person-days in the system spent outside hospital and ER", Better::higher);
  add(F::wait_first_care, "day", "days from onset to the first care, new cases", Better::lower);
  add(F::time_to_remission, "day",
      "days from onset to the first remission, new cases that remitted", Better::lower);
  add(F::functioning_gain, "functioning (0-1)", "mean change in functioning over the observation",
      Better::higher);
  add(F::functioning_end, "functioning (0-1)", "mean functioning at the end or at exit",
      Better::higher);
  add(F::people_in_system, "person", "mean number of people in the system", Better::neither);
  add_count(F::new_cases_per_1000, "person", "incidence realised", Better::neither);
  if (!network) {  // a pathway network has no coordinators and no residents
    add(F::coordinator_caseload, "person per coordinator",
        "people per full-time coordinator, time average", Better::neither);
    add(F::waiting_for_coordinator, "person", "people waiting for a coordinator, time average",
        Better::lower);
    // Care delivered is care used, not money spent: more of it at a fixed budget is not worse.
    // The budget, paid whether used or not, is what should be smaller at equal results.
    add(F::cost_per_capita, "NIS per resident per year",
        "care delivered, all payers, over the whole population", Better::neither);
    add(F::budget_per_capita, "NIS per resident per year",
        "what the design pays for (places, overflow places in use, coordinators, levels paid by "
        "use), over the whole population",
        Better::lower);
  }
  add(F::budget_per_year, "NIS per year",
      "what the design pays for: places whether used or not, overflow places and unlimited "
      "levels by use, coordinators' salaries",
      Better::lower);
  add(F::spending_per_year, "NIS per year", "care used at every level, and coordinators' salaries",
      Better::neither);
  add(F::budget_used, "share", "spending over budget: the share of what was paid for that was used",
      Better::higher);
  add(F::cost_per_person_year, "NIS per person-year", "all payers, per person-year in the system",
      Better::neither);
}

/// An indicator's description; the caller sets what it is formed for (level, payer, ...).
IndicatorSpec describe(std::string indicator, F family, std::string unit, std::string meaning,
                       Better better) {
  IndicatorSpec spec;
  spec.name = std::move(indicator);
  spec.family = family;
  spec.unit = std::move(unit);
  spec.meaning = std::move(meaning);
  spec.better = better;
  return spec;
}

/// One indicator of level `l`: the per-level sections share this.
void add_level_indicator(std::vector<IndicatorSpec>& out, std::uint32_t l, F family,
                         std::string indicator, std::string unit, std::string meaning,
                         Better better) {
  IndicatorSpec spec =
      describe(std::move(indicator), family, std::move(unit), std::move(meaning), better);
  spec.level = l;
  out.push_back(std::move(spec));
}

void add_per_level(std::vector<IndicatorSpec>& out, const Scenario& s) {
  const CountScale c = count_scale(s);
  for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
    const std::string& name = s.levels[l].name;
    const auto add = [&](F family, std::string indicator, std::string unit, std::string meaning,
                         Better better) {
      add_level_indicator(out, l, family, std::move(indicator), std::move(unit), std::move(meaning),
                          better);
    };
    add(F::occupancy, "occupancy_" + name, "share", "mean occupied over capacity at " + name,
        Better::neither);
    add(F::wait, "wait_" + name, "day", "mean days from asking to entering " + name, Better::lower);
    add(F::waiting, "waiting_" + name, "person",
        "people waiting for " + name + " (on its list or in another level), time average",
        Better::lower);
    // Entering hospital is what community care tries to avoid; entering another level is
    // neither good nor bad by itself. (A pathway network counts its entries per year with the
    // queueing figures, add_queueing.)
    if (!counts_per_year(s)) {
      add(F::entries_per_1000, "entries_" + name + "_per_1000",
          "entry per 1,000 population per year", "people entering " + name,
          is_hospital_level(s.levels[l].kind) ? Better::lower : Better::neither);
    }
    add(F::blocked_days_per_1000, "blocked_days_" + name + c.suffix, "day" + c.per,
        "days in " + name + " waiting to step down", Better::lower);
    if (s.levels[l].kind == LevelKind::emergency) {
      add(F::boarding_days_per_1000, "boarding_days_" + name + c.suffix, "day" + c.per,
          "days in " + name + " waiting for a 24-hour crisis place (boarding)", Better::lower);
    }
  }
}

/// The person-level outcomes of one condition group: the headline outcomes are those of the
/// severe groups (docs/model.md), which the run-wide means, over everyone seen, dilute.
void add_per_group(std::vector<IndicatorSpec>& out, const Scenario& s, std::uint32_t g) {
  const std::string& name = s.groups[g].name;
  const auto add = [&](F family, std::string indicator, std::string unit, std::string meaning,
                       Better better, std::uint32_t payer = kNoPayer) {
    IndicatorSpec spec;
    spec.name = std::move(indicator);
    spec.family = family;
    spec.group = g;
    spec.payer = payer;
    spec.unit = std::move(unit);
    spec.meaning = std::move(meaning);
    spec.better = better;
    out.push_back(std::move(spec));
  };
  const CountScale c = count_scale(s);
  const std::string of = " of people in group " + name;
  add(F::admissions_per_1000, "admissions_" + name + c.suffix, "admission" + c.per,
      "inpatient admissions" + of, Better::lower);
  add(F::readmission_30, "readmission_30_" + name, "share",
      "discharges" + of + " followed by a readmission within 30 days", Better::lower);
  add(F::crisis_readmission_30, "crisis_readmission_30_" + name, "share",
      "departures from 24-hour crisis care" + of + " followed by a return within 30 days",
      Better::lower);
  add(F::bed_days_per_1000, "bed_days_" + name + c.suffix, "bed-day" + c.per,
      "inpatient bed-days" + of, Better::lower);
  add(F::wait_first_care, "wait_first_care_" + name, "day",
      "days from onset to the first care, new cases" + of, Better::lower);
  add(F::functioning_gain, "functioning_gain_" + name, "functioning (0-1)",
      "mean change in functioning over the observation" + of, Better::higher);
  add(F::time_to_remission, "time_to_remission_" + name, "day",
      "days from onset to the first remission, new cases that remitted" + of, Better::lower);
  // Care at the levels only: coordinators are salaried and serve every group.
  add(F::cost_per_person_year, "cost_per_person_year_" + name, "NIS per person-year",
      "care at the levels, all payers, per person-year in the system" + of, Better::neither);
  for (std::uint32_t p = 0; p < s.payers.size(); ++p) {
    add(F::cost_per_person_year, "cost_per_person_year_" + name + "_" + s.payers[p],
        "NIS per person-year", "care at the levels" + of + ", paid by " + s.payers[p],
        Better::neither, p);
  }
  add(F::crisis_days_per_person_year, "crisis_days_" + name + "_per_person_year",
      "day per person-year", "days at acuity 4 (crisis) per person-year in the system" + of,
      Better::lower);
}

/// Coordinators' contacts (contact_rule.hpp): how often people are seen, how soon a rise in
/// need is found and by whom, and what the coordinators' time goes on. NaN where the design has
/// no coordinators, or finds rises instantly (no contacts).
void add_coordination(std::vector<IndicatorSpec>& out) {
  const auto add = [&](F family, std::string name, std::string unit, std::string meaning,
                       Better better, std::uint8_t acuity = kNoAcuity) {
    IndicatorSpec spec;
    spec.name = std::move(name);
    spec.family = family;
    spec.acuity = acuity;
    spec.unit = std::move(unit);
    spec.meaning = std::move(meaning);
    spec.better = better;
    out.push_back(std::move(spec));
  };
  const std::string per_month = "contact per person-month";
  add(F::contacts_per_person_month, "contacts_per_person_month", per_month,
      "coordinators' contacts per month with a coordinator", Better::neither);
  for (std::uint8_t a = 0; a < kAcuityLevels; ++a) {
    const std::string at = std::to_string(a);
    add(F::contacts_per_person_month, "contacts_per_person_month_acuity_" + at, per_month,
        "coordinators' contacts per month with a coordinator, people at acuity " + at,
        Better::neither, a);
  }
  add(F::detection_delay, "detection_delay", "day",
      "days from a coordinated person's rise in need to its finding", Better::lower);
  add(F::found_by_coordinator, "found_by_coordinator", "share",
      "rises in need found by the coordinator (at a contact or review)", Better::higher);
  add(F::found_by_reach_out, "found_by_reach_out", "share",
      "rises in need found when the person or family reached out", Better::neither);
  add(F::found_by_crisis, "found_by_crisis", "share",
      "rises in need found only by the crisis (ER or crisis care)", Better::lower);
  const std::string time = "share of coordinators' contact time";
  add(F::coordinator_time_need, "coordinator_time_need", time,
      "coordinators' contact time spent on contacts by need", Better::neither);
  add(F::coordinator_time_target, "coordinator_time_target", time,
      "coordinators' contact time spent on short contacts to meet a contact target",
      Better::neither);
  add(F::coordinator_time_reach_out, "coordinator_time_reach_out", time,
      "coordinators' contact time spent on contacts the person or family asked for",
      Better::neither);
}

/// The warm-up check (daily_series.hpp), last so that the indicators before it keep their
/// places in the summary.
void add_warmup_check(std::vector<IndicatorSpec>& out, const Scenario& s) {
  const auto add = [&](F family, std::string name, std::uint32_t level, std::string unit,
                       std::string meaning) {
    IndicatorSpec spec;
    spec.name = std::move(name);
    spec.family = family;
    spec.level = level;
    spec.unit = std::move(unit);
    spec.meaning = std::move(meaning);
    spec.better = Better::neither;
    out.push_back(std::move(spec));
  };
  const std::string series = "MSER-5 truncation point of the daily occupancy and waiting series";
  const std::string days = "day from the start of the run";
  add(F::mser_truncation_days, "mser_truncation_days", kNoLevel, days,
      series + ", largest over levels and regions");
  add(F::warmup_passes_mser, "warmup_passes_mser", kNoLevel, "share",
      "runs whose warm-up is at least mser_truncation_days");
  for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
    add(F::mser_truncation_days, "mser_truncation_days_" + s.levels[l].name, l, days,
        series + " of " + s.levels[l].name + ", largest over regions");
  }
}

/// Per-level queueing figures as PathSimR or Ciw report them (docs/output.md, "Queueing figures
/// per level"), for every policy, after the warm-up check so that the indicators before them
/// keep their places. Counts are per year in a pathway network and per 1,000 population per
/// year in the care model (counts_per_year).
void add_queueing(std::vector<IndicatorSpec>& out, const Scenario& s) {
  const bool plain = counts_per_year(s);
  const auto [suffix, per] = count_scale(s);
  for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
    const std::string& name = s.levels[l].name;
    const auto add = [&](F family, std::string indicator, std::string unit, std::string meaning,
                         Better better) {
      add_level_indicator(out, l, family, std::move(indicator), std::move(unit), std::move(meaning),
                          better);
    };
    add(F::arrivals, "arrivals_" + name + suffix, "request" + per,
        "requests for a place at " + name + " (entered at once, waited or turned away)",
        Better::neither);
    add(F::lost, "lost_" + name + suffix, "request" + per,
        "requests for " + name + " turned away: no free place and no room to wait", Better::lower);
    add(F::loss_probability, "loss_probability_" + name, "share",
        "requests for " + name + " turned away, over all requests for it", Better::lower);
    if (plain) {  // the care model has entries_<level>_per_1000
      add(F::entries, "entries_" + name + suffix, "entry" + per, "people entering " + name,
          Better::neither);
    }
    add(F::completed_stays, "completed_" + name + suffix, "stay" + per,
        "stays at " + name + " that ended (the place freed)", Better::neither);
    add(F::waited_share, "waited_share_" + name, "share",
        "entries to " + name + " that waited (more than 0 days)", Better::lower);
    for (const auto& [family, label] :
         {std::pair{F::wait_p50, "50th"}, std::pair{F::wait_p90, "90th"},
          std::pair{F::wait_p95, "95th"}}) {
      add(family, std::string(family_name(family)) + "_" + name, "day",
          std::string(label) + " percentile of the days from asking to entering " + name +
              " (zero waits included; histogram, within 7.5%)",
          Better::lower);
    }
    add(F::blocked_per_entry, "blocked_per_entry_" + name, "day",
        "days in " + name + " waiting in place for a full next level (any level), per entry",
        Better::lower);
    add(F::blocked_per_blocked, "blocked_per_blocked_" + name, "day",
        "days in " + name + " waiting in place for a full next level, per stay that did",
        Better::lower);
    add(F::sojourn, "sojourn_" + name, "day",
        "mean days from entering " + name +
            " to leaving it, blocked time included (stays entered after the warm-up)",
        Better::neither);
    add(F::blocked, "blocked_" + name, "person",
        "people in " + name + " waiting in place for a full next level (any level), time average",
        Better::lower);
    const bool unlimited = std::all_of(s.regions.begin(), s.regions.end(),
                                       [&](const auto& r) { return r.capacity[l] == kUnlimited; });
    add(F::utilisation, "utilisation_" + name, unlimited ? "person" : "share",
        unlimited ? "people present at " + name + " (no limit on places), time average"
                  : "places occupied at " + name + " over places, time average",
        Better::neither);
  }
}

/// Staff (workforce.hpp), last so that the indicators before keep their places: how much of
/// each staffed level its staff could run, how many posts stood empty, and the budget that
/// bought places nobody could staff.
void add_staffing(std::vector<IndicatorSpec>& out, const Scenario& s) {
  std::array<bool, kMaxProfessions> needed{};
  for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
    const LevelSpec& level = s.levels[l];
    if (level.capacity_unit == CapacityUnit::unlimited || !level.staff.any()) continue;
    for (std::size_t p = 0; p < s.professions.size(); ++p)
      needed[p] = needed[p] || level.staff.per_place[p] > 0;
    add_level_indicator(out, l, F::staffed_share, "staffed_share_" + level.name, "share",
                        "places the staff present could run over the places funded at " +
                            level.name + ", time average",
                        Better::higher);
  }
  // The coordinators' posts are the regions' coordinators (workforce.hpp): always listed, so
  // that designs with and without coordinators share one catalogue (NaN where none are hired).
  for (std::uint32_t p = 0; p < s.professions.size(); ++p) {
    if (!needed[p] && s.professions[p] != "coordinators") continue;
    out.push_back(describe("vacancy_" + s.professions[p], F::vacancy, "share",
                           "funded posts of " + s.professions[p] + " standing empty, time average",
                           Better::lower));
    out.back().profession = static_cast<std::uint8_t>(p);
  }
  out.push_back(describe(
      std::string(family_name(F::unstaffed_budget_share)), F::unstaffed_budget_share, "share",
      "the budget paying for funded places the staff present could not run (their place-days at "
      "the level's cost over the whole budget)",
      Better::lower));
  // The salaries of the staff in post, by the payer of what their posts are for: a part of the
  // levels' costs a day (which include them) and the coordinators' cost.
  for (std::uint32_t p = 0; p <= s.payers.size(); ++p) {
    const bool all = p == s.payers.size();
    out.push_back(
        describe(std::string(family_name(F::staff_cost_per_year)) + (all ? "" : "_" + s.payers[p]),
                 F::staff_cost_per_year, "NIS per year",
                 all ? "salaries of the staff in post (scenario.salaries), all payers"
                     : "salaries of the staff in post paid by " + s.payers[p],
                 Better::neither));
    out.back().payer = all ? kNoPayer : p;
  }
}

/// Families (household.hpp), last so that the indicators before keep their places: listed only
/// where some group's people come in households, so that other scenarios' catalogues are as
/// they were. "Per family" is over the observed years, per family known to the services in them.
void add_families(std::vector<IndicatorSpec>& out, const Scenario& s) {
  bool any = false;
  for (std::size_t g = 0; g < s.groups.size(); ++g)
    any = any || forms_households(s, g);
  if (!any) return;
  const auto add = [&](F family, std::string unit, std::string meaning, Better better,
                       std::uint32_t payer = kNoPayer) {
    std::string name(family_name(family));
    if (payer != kNoPayer) name += "_" + s.payers[payer];
    out.push_back(describe(std::move(name), family, std::move(unit), std::move(meaning), better));
    out.back().payer = payer;
  };
  add(F::families_known, "family",
      "families (households) known to the services during the observed years", Better::neither);
  add(F::placements_per_year, "placement per year",
      "children placed out of home (entries into levels of kind placement)", Better::lower);
  add(F::placement_days_per_year, "child-day per year", "days children spent placed out of home",
      Better::lower);
  add(F::placement_days_per_family, "child-day per family",
      "days children spent placed out of home over the observed years, per family known",
      Better::lower);
  add(F::family_interventions_per_year, "family per year",
      "families starting at a level counted in families (a family intervention)", Better::neither);
  add(F::cost_per_family, "NIS per family",
      "care of the families' members at the levels over the observed years, per family known",
      Better::lower);
  for (std::uint32_t p = 0; p < s.payers.size(); ++p) {
    add(F::cost_per_family, "NIS per family", "the same, paid by " + s.payers[p], Better::lower, p);
  }
}

}  // namespace

bool counts_per_year(const Scenario& s) {
  return s.policy.name == "pathway";
}

std::vector<IndicatorSpec> indicator_catalogue(const Scenario& s) {
  std::vector<IndicatorSpec> out;
  add_run_wide(out, s);
  for (std::uint32_t p = 0; p < s.payers.size(); ++p) {
    IndicatorSpec spec;
    spec.name = "cost_per_person_year_" + s.payers[p];
    spec.family = F::cost_per_person_year;
    spec.payer = p;
    spec.unit = "NIS per person-year";
    spec.meaning = "paid by " + s.payers[p];
    out.push_back(std::move(spec));
  }
  for (std::uint32_t p = 0; p < s.payers.size(); ++p) {
    for (const F family : {F::budget_per_year, F::spending_per_year}) {
      IndicatorSpec spec;
      spec.name = std::string(family_name(family)) + "_" + s.payers[p];
      spec.family = family;
      spec.payer = p;
      spec.unit = "NIS per year";
      spec.meaning =
          std::string(family == F::budget_per_year ? "budgeted" : "spent") + " by " + s.payers[p];
      // Descriptive, as the payers' costs are: a design that moves a place from one payer to
      // another is not better for one and worse for the other; the total budget is scored.
      out.push_back(std::move(spec));
    }
  }
  for (std::uint32_t g = 0; g < s.groups.size(); ++g)
    add_per_group(out, s, g);
  add_per_level(out, s);
  if (!counts_per_year(s)) add_coordination(out);
  add_warmup_check(out, s);
  add_queueing(out, s);
  add_staffing(out, s);
  add_families(out, s);
  return out;
}

std::string_view family_name(IndicatorFamily family) {
  switch (family) {
    case F::bed_days_per_1000:
      return "bed_days_per_1000";
    case F::admissions_per_1000:
      return "admissions_per_1000";
    case F::inpatient_occupancy:
      return "inpatient_occupancy";
    case F::mean_inpatient_stay:
      return "mean_inpatient_stay";
    case F::avoidable_admission_share:
      return "avoidable_admission_share";
    case F::involuntary_share:
      return "involuntary_share";
    case F::readmission_30:
      return "readmission_30";
    case F::readmission_90:
      return "readmission_90";
    case F::crisis_readmission_30:
      return "crisis_readmission_30";
    case F::crisis_readmission_90:
      return "crisis_readmission_90";
    case F::follow_up_14:
      return "follow_up_14";
    case F::blocked_days_per_1000:
      return "blocked_days_per_1000";
    case F::community_share:
      return "community_share";
    case F::wait_first_care:
      return "wait_first_care";
    case F::time_to_remission:
      return "time_to_remission";
    case F::functioning_gain:
      return "functioning_gain";
    case F::functioning_end:
      return "functioning_end";
    case F::people_in_system:
      return "people_in_system";
    case F::new_cases_per_1000:
      return "new_cases_per_1000";
    case F::coordinator_caseload:
      return "coordinator_caseload";
    case F::waiting_for_coordinator:
      return "waiting_for_coordinator";
    case F::cost_per_capita:
      return "cost_per_capita";
    case F::budget_per_capita:
      return "budget_per_capita";
    case F::budget_per_year:
      return "budget_per_year";
    case F::spending_per_year:
      return "spending_per_year";
    case F::budget_used:
      return "budget_used";
    case F::cost_per_person_year:
      return "cost_per_person_year";
    case F::occupancy:
      return "occupancy";
    case F::wait:
      return "wait";
    case F::waiting:
      return "waiting";
    case F::entries_per_1000:
      return "entries_per_1000";
    case F::boarding_days_per_1000:
      return "boarding_days_per_1000";
    case F::crisis_days_per_person_year:
      return "crisis_days_per_person_year";
    case F::mser_truncation_days:
      return "mser_truncation_days";
    case F::warmup_passes_mser:
      return "warmup_passes_mser";
    case F::contacts_per_person_month:
      return "contacts_per_person_month";
    case F::detection_delay:
      return "detection_delay";
    case F::found_by_coordinator:
      return "found_by_coordinator";
    case F::found_by_reach_out:
      return "found_by_reach_out";
    case F::found_by_crisis:
      return "found_by_crisis";
    case F::coordinator_time_need:
      return "coordinator_time_need";
    case F::coordinator_time_target:
      return "coordinator_time_target";
    case F::coordinator_time_reach_out:
      return "coordinator_time_reach_out";
    case F::arrivals:
      return "arrivals";
    case F::lost:
      return "lost";
    case F::loss_probability:
      return "loss_probability";
    case F::entries:
      return "entries";
    case F::completed_stays:
      return "completed_stays";
    case F::waited_share:
      return "waited_share";
    case F::wait_p50:
      return "wait_p50";
    case F::wait_p90:
      return "wait_p90";
    case F::wait_p95:
      return "wait_p95";
    case F::blocked_per_entry:
      return "blocked_per_entry";
    case F::blocked_per_blocked:
      return "blocked_per_blocked";
    case F::sojourn:
      return "sojourn";
    case F::blocked:
      return "blocked";
    case F::utilisation:
      return "utilisation";
    case F::staffed_share:
      return "staffed_share";
    case F::vacancy:
      return "vacancy";
    case F::unstaffed_budget_share:
      return "unstaffed_budget_share";
    case F::staff_cost_per_year:
      return "staff_cost_per_year";
    case F::families_known:
      return "families_known";
    case F::placements_per_year:
      return "placements_per_year";
    case F::placement_days_per_year:
      return "placement_days_per_year";
    case F::placement_days_per_family:
      return "placement_days_per_family";
    case F::family_interventions_per_year:
      return "family_interventions_per_year";
    case F::cost_per_family:
      return "cost_per_family";
  }
  throw std::logic_error("family_name: unknown indicator family " +
                         std::to_string(static_cast<int>(family)));
}

std::string_view better_name(Better better) {
  switch (better) {
    case Better::lower:
      return "lower";
    case Better::higher:
      return "higher";
    case Better::neither:
      return "neither";
  }
  throw std::logic_error("better_name: unknown direction " +
                         std::to_string(static_cast<int>(better)));
}

}  // namespace retzef::models
