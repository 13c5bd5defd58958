"""What each indicator means to a planner: a plain-language label, a section, and a reason.

The file's /names/indicators table (docs/output.md) is the indicator catalogue: each summary
field's unit, meaning, family (what it measures, whatever level, group or payer it is formed
for), the level, condition group or payer it concerns ("" for none) and which direction is
better — lower, higher, or neither (descriptive: a quantity to read alongside others, not a
score). This module adds what a report needs on top, keyed by family rather than parsed from
names: the order planners read them in (the key indicators first), a label in plain words, a
section and why the direction is what it is. docs/analysis.md explains each direction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

LOWER = -1
HIGHER = 1
DESCRIPTIVE = 0

# The file's `better` column, as directions.
DIRECTIONS = {"lower": LOWER, "higher": HIGHER, "neither": DESCRIPTIVE}

KEY = "Key indicators"
GROUP_OUTCOMES = "Outcomes by condition group"
WARMUP = "Warm-up check"
FAMILIES = "Families"
SECTIONS = (KEY, "Hospital use", "Access and outcomes", "Coordination", "Costs", FAMILIES,
            "Admissions by condition group", GROUP_OUTCOMES)
LEVEL_SECTION = "Level: "

# The key planner indicators, in the order the headline table shows them; the per-payer costs
# (family cost_per_person_year with a payer) follow cost_per_person_year.
KEY_INDICATORS = (
    "bed_days_per_1000",
    "community_share",
    "readmission_30",
    "admissions_per_1000",
    "blocked_days_per_1000",
    "wait_first_care",
    "involuntary_share",
    "budget_per_capita",
    "cost_per_person_year",
)


@dataclasses.dataclass(frozen=True)
class IndicatorInfo:
    name: str
    label: str
    unit: str
    direction: int  # LOWER, HIGHER or DESCRIPTIVE
    section: str
    why: str = ""
    family: str = ""
    level: str = ""  # the level, group and payer it concerns, "" for none
    group: str = ""
    payer: str = ""

    @property
    def is_share(self) -> bool:
        """A share 0..1, shown as a percentage (differences in percentage points)."""
        return self.unit == "share"

    @property
    def is_money_per_year(self) -> bool:
        """Shekels a year for everyone the scenario covers, shown in millions."""
        return self.unit == "NIS per year"


# Indicators formed once per run, by family: (label, section, why).
_RUN_WIDE = {
    "bed_days_per_1000": (
        "Inpatient bed-days per 1,000 residents a year", KEY,
        "Admission is the most restrictive and most expensive level; the reform aims to need "
        "less of it."),
    "community_share": (
        "Share of time in care spent outside hospital and ER", KEY,
        "Continuous care in the community, near home, is what the reform is for."),
    "readmission_30": (
        "Discharges readmitted within 30 days", KEY,
        "A quick return signals a discharge too early or no follow-up."),
    "admissions_per_1000": (
        "Inpatient admissions per 1,000 residents a year", KEY,
        "Every admission a community level could avoid is care in a less restrictive place."),
    "blocked_days_per_1000": (
        "Days stuck waiting to step down, per 1,000 residents a year", KEY,
        "Days spent in a higher level only because the next one is full are wasted places."),
    "wait_first_care": (
        "Days from onset to first care (new cases)", KEY,
        "Earlier treatment prevents deterioration; soft entry points aim to shorten it."),
    "involuntary_share": (
        "Share of admissions that are involuntary", KEY,
        "Its denominator is admissions: diverting voluntary admissions to the community raises "
        "the share with no one more coerced. Read it with admissions per 1,000."),
    "budget_per_capita": (
        "Budget: capacity provided, NIS per resident a year", KEY,
        "What the places and coordinators cost whether used or not; at equal results, a "
        "smaller budget is better."),
    "cost_per_person_year": (
        "Care delivered, NIS per person-year in care", KEY,
        "Care used, not money spent: at a fixed budget more care delivered is not worse. "
        "Compare budgets with the budget per resident."),
    "unstaffed_budget_share": (
        "Share of the budget paying for places no staff could run", "Costs",
        "Money that buys nothing: funded places standing idle for want of staff."),
    "staff_cost_per_year": (
        "Salaries of the staff in post, all payers", "Costs",
        "Who pays the people: a part of the levels' costs, falling as posts stand empty."),
    # Families (docs/model.md, "Families").
    "families_known": (
        "Families known to the services in the observed years", FAMILIES,
        "The denominator of the per-family figures."),
    "placements_per_year": (
        "Children placed out of home a year", FAMILIES,
        "Removal from home is the most restrictive thing done to a child; the home intervention "
        "aims to need less of it."),
    "placement_days_per_year": (
        "Days children spent placed out of home, a year", FAMILIES,
        "Time away from the family: what the home intervention tries to save."),
    "placement_days_per_family": (
        "Days children spent placed out of home, per family (observed years)", FAMILIES,
        "Its difference between designs is the placement-days avoided per family known."),
    "family_interventions_per_year": (
        "Families starting a home intervention a year", FAMILIES,
        "The programme's scale: how many families it takes on."),
    "cost_per_family": (
        "Cost per family (observed years), all payers", FAMILIES,
        "The care of a family's members at the levels: at equal placements, less is better."),
    "inpatient_occupancy": (
        "Inpatient beds occupied", "Hospital use",
        "Both empty beds and overcrowded wards are problems."),
    "mean_inpatient_stay": (
        "Mean inpatient stay, days", "Hospital use",
        "A shorter stay is better only if people do not come back: read it with readmissions."),
    "avoidable_admission_share": (
        "Admissions a community level could have served", "Hospital use",
        "Voluntary admissions within a community level's range need not have been admissions."),
    "er_front_door_share": (
        "Entries from the community through the ER", "Hospital use",
        "The emergency room as the front door to care is the problem the reform addresses."),
    "readmission_90": (
        "Discharges readmitted within 90 days", "Hospital use",
        "A return soon after discharge signals a discharge too early or no follow-up."),
    "crisis_readmission_30": (
        "Departures from 24-hour crisis care followed by a return within 30 days",
        "Hospital use",
        "Counts a return to any round-the-clock crisis care (ward, balancing house, home "
        "care, ER boarding), so designs that treat crises in different places compare fairly."),
    "crisis_readmission_90": (
        "Departures from 24-hour crisis care followed by a return within 90 days",
        "Hospital use",
        "Counts a return to any round-the-clock crisis care, whatever the level."),
    "follow_up_14": (
        "Discharges followed by community care within 14 days", "Access and outcomes",
        "Contact soon after discharge is the standard that prevents readmission."),
    "time_to_remission": (
        "Days from onset to first remission", "Access and outcomes",
        "Faster recovery, for new cases that remitted."),
    "functioning_gain": (
        "Gain in functioning (0-1 scale)", "Access and outcomes",
        "Recovery-oriented care aims at functioning, not only at symptoms."),
    "functioning_end": (
        "Functioning at the end (0-1 scale)", "Access and outcomes",
        "Recovery-oriented care aims at functioning, not only at symptoms."),
    "people_in_system": (
        "People in care at a time", "Access and outcomes",
        "How many people the system serves; neither more nor fewer is better by itself."),
    "new_cases_per_1000": (
        "New cases per 1,000 residents a year", "Access and outcomes",
        "Demand: the same population falls ill under every design."),
    "coordinator_caseload": (
        "People per care coordinator", "Coordination",
        "A small caseload gives each person more time but needs more coordinators."),
    "waiting_for_coordinator": (
        "People waiting for a care coordinator", "Coordination",
        "People with no coordinator yet are not being moved to the level they need."),
    "detection_delay": (
        "Days from a rise in need to its finding", "Coordination",
        "A rise found late is a step up made late: the later, the more crises."),
    "found_by_coordinator": (
        "Rises in need found by the coordinator", "Coordination",
        "Found at a contact or review, before a crisis forces it."),
    "found_by_reach_out": (
        "Rises in need reported by the person or family", "Coordination",
        "The soft entry points at work; neither more nor fewer is better by itself."),
    "found_by_crisis": (
        "Rises in need found only by a crisis", "Coordination",
        "A deterioration nobody saw until the crisis is what coordination tries to prevent."),
    "coordinator_time_need": (
        "Coordinators' contact time: contacts by need", "Coordination",
        "Time spent where the need is."),
    "coordinator_time_target": (
        "Coordinators' contact time: short contacts for a target", "Coordination",
        "Recorded contacts that find little, taken from the time for contacts by need."),
    "coordinator_time_reach_out": (
        "Coordinators' contact time: contacts asked for", "Coordination",
        "Contacts the person or family asked for."),
    "cost_per_capita": (
        "Care delivered, NIS per resident a year", "Costs",
        "Care used, not money spent; compare budgets with the budget per resident."),
    "budget_per_year": (
        "Budget: capacity provided, all payers", "Costs",
        "What the places and coordinators cost whether used or not; at equal results, a "
        "smaller budget is better."),
    "spending_per_year": (
        "Spending: care delivered, all payers", "Costs",
        "Care used, valued at its unit costs; more care delivered at the same budget is not "
        "worse."),
    "people_waiting": (
        "People on a waiting list (any level)", "Access and outcomes",
        "People waiting are not getting the care they need."),
}

# Indicators formed for one payer, by family: (label template, section, why).
_PER_PAYER = {
    "cost_per_person_year": ("… paid by {payer}", KEY,
                             "Shows who pays for the care: each payer sees only its own part."),
    "budget_per_year": ("Budget paid by {payer}", "Costs",
                        "Each payer sees only its own part of the budget: a design can move "
                        "places from one payer to another, so the total is what is scored."),
    "spending_per_year": ("Spending paid by {payer}", "Costs",
                          "Each payer sees only its own part: a design can shift care from "
                          "one payer to another."),
    "staff_cost_per_year": ("Salaries of the staff in post paid by {payer}", "Costs",
                            "Who pays the people: a part of the levels' costs, falling as posts "
                            "stand empty."),
    "cost_per_family": ("Cost per family paid by {payer}", FAMILIES,
                        "Each payer sees only its own part of what a family's care costs."),
}

# Indicators formed for one condition group, by family: (label template, section, why).
_PER_GROUP = {
    "admissions_per_1000": (
        "Admissions per 1,000 residents a year: {group}", "Admissions by condition group",
        "Every admission a community level could avoid is care in a less restrictive place."),
    "readmission_30": (
        "{group}: discharges readmitted within 30 days", GROUP_OUTCOMES,
        "A quick return signals a discharge too early or no follow-up."),
    "crisis_readmission_30": (
        "{group}: returns to 24-hour crisis care within 30 days", GROUP_OUTCOMES,
        "A return to any round-the-clock crisis care, whatever the level."),
    "bed_days_per_1000": (
        "{group}: inpatient bed-days per 1,000 residents a year", GROUP_OUTCOMES,
        "Admission is the most restrictive and most expensive level."),
    "wait_first_care": (
        "{group}: days from onset to first care (new cases)", GROUP_OUTCOMES,
        "Earlier treatment prevents deterioration."),
    "functioning_gain": (
        "{group}: gain in functioning (0-1 scale)", GROUP_OUTCOMES,
        "Averaged over everyone seen, the severe groups' gains are diluted by the many "
        "non-severe; by group they are not."),
    "time_to_remission": (
        "{group}: days from onset to first remission", GROUP_OUTCOMES,
        "Faster recovery, for new cases that remitted."),
    "cost_per_person_year": (
        "{group}: care at the levels, NIS per person-year", GROUP_OUTCOMES,
        "Care used by the group's people; coordinators' salaries are not split by group."),
    "crisis_days_per_person_year": (
        "{group}: days in crisis per person-year", GROUP_OUTCOMES,
        "Time in crisis is the harm crisis care and prevention aim to cut."),
}

# Indicators formed for one condition group and paid by one payer: (label template, why).
_PER_GROUP_PAYER = {
    "cost_per_person_year": ("{group}: … paid by {payer}",
                             "Shows who pays for the group's care."),
}

# Indicators formed for one level, by family: (label template, why by direction). Their
# section is the level's.
_PER_LEVEL = {
    "occupancy": ("{level}: places occupied",
                  {DESCRIPTIVE: "Both idle places and full ones with waiting lists are problems."}),
    "waiting": ("{level}: people waiting",
                {LOWER: "People waiting are not getting the care they need."}),
    "wait": ("{level}: days waiting to enter",
             {LOWER: "Waiting delays care and worsens the condition."}),
    "entries_per_1000": (
        "{level}: entries per 1,000 residents a year",
        {LOWER: "Entering hospital or the ER is what community care tries to avoid.",
         DESCRIPTIVE: "How much a level is used; better or worse depends on the level."}),
    "blocked_days_per_1000": (
        "{level}: days stuck waiting to step down, per 1,000 residents a year",
        {LOWER: "Days spent here only because the next level is full are wasted places."}),
    "boarding_days_per_1000": (
        "{level}: days boarding for a crisis place, per 1,000 residents a year",
        {LOWER: "Waiting in the ER for a bed is crisis care in the wrong place."}),
    "full_share": (
        "{level}: share of region-days full",
        {DESCRIPTIVE: "A full level makes people wait or be blocked; an empty one wastes "
                      "places."}),
    # The queueing figures (docs/output.md, "Queueing figures per level"); their counts are per
    # year in a pathway network, per 1,000 residents a year in the care model (the unit says).
    "arrivals": ("{level}: requests for a place", {DESCRIPTIVE: "Demand for the level."}),
    "lost": ("{level}: requests turned away",
             {LOWER: "Turned away: no place and no room to wait."}),
    "loss_probability": ("{level}: share of requests turned away",
                         {LOWER: "Turned away: no place and no room to wait."}),
    "entries": ("{level}: entries", {DESCRIPTIVE: "How much a level is used."}),
    "completed_stays": ("{level}: completed stays", {DESCRIPTIVE: "Throughput of the level."}),
    "waited_share": ("{level}: share of entries that waited",
                     {LOWER: "Waiting delays care."}),
    "wait_p50": ("{level}: median days waiting to enter", {LOWER: "Waiting delays care."}),
    "wait_p90": ("{level}: 90th percentile of days waiting to enter",
                 {LOWER: "The long waits are the ones that harm."}),
    "wait_p95": ("{level}: 95th percentile of days waiting to enter",
                 {LOWER: "The long waits are the ones that harm."}),
    "blocked_per_entry": ("{level}: days blocked per entry, any next level",
                          {LOWER: "Days here only because the next level is full."}),
    "blocked_per_blocked": ("{level}: days blocked per blocked stay",
                            {LOWER: "Days here only because the next level is full."}),
    "sojourn": ("{level}: mean days in the level, blocked time included",
                {DESCRIPTIVE: "Time in the level, service and blocking together."}),
    "blocked": ("{level}: people blocked, any next level",
                {LOWER: "Places held by people who are done here."}),
    "utilisation": ("{level}: utilisation",
                    {DESCRIPTIVE: "Places occupied over places; people present where unlimited."}),
    # Staff (docs/model.md, "Staff"): beside the level's occupancy.
    "staffed_share": ("{level}: share of funded places the staff could run",
                      {HIGHER: "A place without the staff to run it is a place nobody can use."}),
}

# The families of the queueing figures: for a care-model experiment they go to the appendix
# (the indicators CSV has them all), so that the main table keeps to what planners read; a
# pathway network (which alone has the family "entries") shows them in the main table.
QUEUEING_FAMILIES = ("arrivals", "lost", "loss_probability", "entries", "completed_stays",
                     "waited_share", "wait_p50", "wait_p90", "wait_p95", "blocked_per_entry",
                     "blocked_per_blocked", "sojourn", "blocked", "utilisation")


# The queueing figures that are counts: their label says per what.
_COUNTS = ("arrivals", "lost", "entries", "completed_stays")


def is_pathway(infos: Mapping[str, IndicatorInfo]) -> bool:
    """A pathway network's catalogue: the only one with entries counted per year."""
    return any(info.family == "entries" for info in infos.values())


# The warm-up check (docs/model.md), by family: (label, label template for one level, why). Its
# own section, after the levels': it says whether the other numbers can be trusted, not how a
# design does.
_WARMUP_CHECK = {
    "mser_truncation_days": (
        "MSER-5 truncation point, days from the start", "{level}: MSER-5 truncation point, days",
        "The day from which the daily occupancy and waiting look settled; a warm-up shorter "
        "than it measures part of the start-up transient."),
    "warmup_passes_mser": (
        "Replications whose warm-up passes the MSER-5 check", "",
        "Below 100% the indicators include part of the start-up transient."),
}


def plain(name: str) -> str:
    """A name from the file (level, group, payer) in plain words."""
    words = name.replace("_", " ")
    special = {"er": "ER", "act": "ACT", "emergency room": "Emergency room", "smi": "SMI",
               "ptsd": "PTSD", "non severe": "Non-severe", "tel aviv": "Tel Aviv",
               "judea samaria": "Judea and Samaria"}
    return special.get(words, words[:1].upper() + words[1:])


def describe(entry: Mapping[str, str]) -> IndicatorInfo:
    """What an indicator means, from its row of the catalogue (a mapping with
    file.INDICATOR_COLUMNS; missing ones count as "")."""
    info = _describe(entry)
    # A pathway network counts per year (its unit says so, not per 1,000 population): the
    # care model's labels of the same families say per 1,000 residents.
    if "1,000" in info.label and "per year" in info.unit and "1,000" not in info.unit:
        label = info.label.replace(", per 1,000 residents a year", " a year")
        label = label.replace(" per 1,000 residents a year", " a year")
        info = dataclasses.replace(info, label=label)
    return info


def _describe(entry: Mapping[str, str]) -> IndicatorInfo:
    name, unit, family = entry["name"], entry.get("unit", ""), entry.get("family", "")
    level, group, payer = entry.get("level", ""), entry.get("group", ""), entry.get("payer", "")
    direction = DIRECTIONS.get(entry.get("better", ""), DESCRIPTIVE)
    about = dict(family=family, level=level, group=group, payer=payer)
    if family in _WARMUP_CHECK and not (group or payer):
        label, template, why = _WARMUP_CHECK[family]
        if level:
            label = template.format(level=plain(level))
        return IndicatorInfo(name, label, unit, direction, WARMUP, why, **about)
    if level and family in _PER_LEVEL:
        template, why = _PER_LEVEL[family]
        label = template.format(level=plain(level))
        if family in _COUNTS:  # per year in a pathway network, per 1,000 in the care model
            label += " per 1,000 residents a year" if "1,000" in unit else " a year"
        return IndicatorInfo(name, label, unit, direction, LEVEL_SECTION + level,
                             why.get(direction, ""), **about)
    if group and payer and family in _PER_GROUP_PAYER:
        template, why = _PER_GROUP_PAYER[family]
        return IndicatorInfo(name, template.format(group=plain(group), payer=plain(payer)), unit,
                             direction, GROUP_OUTCOMES, why, **about)
    if group and family in _PER_GROUP:
        template, section, why = _PER_GROUP[family]
        return IndicatorInfo(name, template.format(group=plain(group)), unit, direction,
                             section, why, **about)
    if payer and family in _PER_PAYER:
        template, section, why = _PER_PAYER[family]
        return IndicatorInfo(name, template.format(payer=plain(payer)), unit, direction,
                             section, why, **about)
    if family == "contacts_per_person_month":  # all coordinated people, or one acuity
        label = "Coordinators' contacts per person-month" + (
            ", acuity " + name.rsplit("_", 1)[1] if name != family else "")
        return IndicatorInfo(name, label, unit, direction, "Coordination",
                             "How often people are seen: the intensity a caseload buys.", **about)
    if not (level or group or payer) and family in _RUN_WIDE:
        label, section, why = _RUN_WIDE[family]
        return IndicatorInfo(name, label, unit, direction, section, why, **about)
    if family == "vacancy" and name.startswith("vacancy_"):  # one profession: in the name
        return IndicatorInfo(name, f"Posts standing empty: {plain(name[len('vacancy_'):])}", unit,
                             direction, "Costs", "Empty posts close places: the scarcest "
                             "profession a level needs sets how many of its places run.", **about)
    # A family this report has no words for: the file's own meaning, in its level's section
    # when it has one.
    label = plain(entry.get("meaning", "") or name)
    section = LEVEL_SECTION + level if level else "Other"
    return IndicatorInfo(name, label, unit, direction, section,
                         "Not one this report knows; shown as it is.", **about)


def order(names: list[str], infos: Mapping[str, IndicatorInfo],
          levels: tuple[str, ...] = ()) -> list[str]:
    """Indicators in report order: the key indicators first, then by section, then as given."""
    sections = list(SECTIONS) + [LEVEL_SECTION + lv for lv in levels] + [WARMUP]

    def rank(item):
        position, name = item
        info = infos[name]
        section = sections.index(info.section) if info.section in sections else len(sections)
        if name in KEY_INDICATORS:
            within = KEY_INDICATORS.index(name)
        elif info.section == KEY:
            within = len(KEY_INDICATORS) + position  # the per-payer costs, after the total
        else:
            within = position
        return (section, within)

    return [name for _, name in sorted(enumerate(names), key=rank)]
