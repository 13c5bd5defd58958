"""What each indicator means to a planner: a plain-language label, and which direction is better.

The file's /names/indicators table gives each summary field's unit and a terse meaning; this
module adds what a report needs on top: the order planners read them in (the key indicators
first), a label in plain words, and a direction — lower is better, higher is better, or
descriptive (neither: a quantity to read alongside others, not a score). docs/analysis.md
explains each direction; keep the two in step.
"""

from __future__ import annotations

import dataclasses
import re

LOWER = -1
HIGHER = 1
DESCRIPTIVE = 0

KEY = "Key indicators"
SECTIONS = (KEY, "Hospital use", "Access and outcomes", "Coordination", "Costs",
            "Admissions by condition group")
LEVEL_SECTION = "Level: "

# The key planner indicators, in the order the headline table shows them; the per-payer costs
# (cost_per_person_year_<payer>) follow cost_per_person_year.
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

    @property
    def is_share(self) -> bool:
        """A share 0..1, shown as a percentage (differences in percentage points)."""
        return self.unit == "share"


# name: (label, section, direction, why)
_FIXED = {
    "bed_days_per_1000": (
        "Inpatient bed-days per 1,000 residents a year", KEY, LOWER,
        "Admission is the most restrictive and most expensive level; the reform aims to need "
        "less of it."),
    "community_share": (
        "Share of time in care spent outside hospital and ER", KEY, HIGHER,
        "Continuous care in the community, near home, is what the reform is for."),
    "readmission_30": (
        "Discharges readmitted within 30 days", KEY, LOWER,
        "A quick return signals a discharge too early or no follow-up."),
    "admissions_per_1000": (
        "Inpatient admissions per 1,000 residents a year", KEY, LOWER,
        "Every admission a community level could avoid is care in a less restrictive place."),
    "blocked_days_per_1000": (
        "Days stuck waiting to step down, per 1,000 residents a year", KEY, LOWER,
        "Days spent in a higher level only because the next one is full are wasted places."),
    "wait_first_care": (
        "Days from onset to first care (new cases)", KEY, LOWER,
        "Earlier treatment prevents deterioration; soft entry points aim to shorten it."),
    "involuntary_share": (
        "Share of admissions that are involuntary", KEY, DESCRIPTIVE,
        "Its denominator is admissions: diverting voluntary admissions to the community raises "
        "the share with no one more coerced. Read it with admissions per 1,000."),
    "budget_per_capita": (
        "Budget: capacity provided, NIS per resident a year", KEY, LOWER,
        "What the places and coordinators cost whether used or not; at equal results, a "
        "smaller budget is better."),
    "cost_per_person_year": (
        "Care delivered, NIS per person-year in care", KEY, DESCRIPTIVE,
        "Care used, not money spent: at a fixed budget more care delivered is not worse. "
        "Compare budgets with the budget per resident."),
    "inpatient_occupancy": (
        "Inpatient beds occupied", "Hospital use", DESCRIPTIVE,
        "Both empty beds and overcrowded wards are problems."),
    "mean_inpatient_stay": (
        "Mean inpatient stay, days", "Hospital use", DESCRIPTIVE,
        "A shorter stay is better only if people do not come back: read it with readmissions."),
    "avoidable_admission_share": (
        "Admissions a community level could have served", "Hospital use", LOWER,
        "Voluntary admissions within a community level's range need not have been admissions."),
    "er_front_door_share": (
        "Entries from the community through the ER", "Hospital use", LOWER,
        "The emergency room as the front door to care is the problem the reform addresses."),
    "readmission_90": (
        "Discharges readmitted within 90 days", "Hospital use", LOWER,
        "A return soon after discharge signals a discharge too early or no follow-up."),
    "follow_up_14": (
        "Discharges followed by community care within 14 days", "Access and outcomes", HIGHER,
        "Contact soon after discharge is the standard that prevents readmission."),
    "time_to_remission": (
        "Days from onset to first remission", "Access and outcomes", LOWER,
        "Faster recovery, for new cases that remitted."),
    "functioning_gain": (
        "Gain in functioning (0-1 scale)", "Access and outcomes", HIGHER,
        "Recovery-oriented care aims at functioning, not only at symptoms."),
    "functioning_end": (
        "Functioning at the end (0-1 scale)", "Access and outcomes", HIGHER,
        "Recovery-oriented care aims at functioning, not only at symptoms."),
    "people_in_system": (
        "People in care at a time", "Access and outcomes", DESCRIPTIVE,
        "How many people the system serves; neither more nor fewer is better by itself."),
    "new_cases_per_1000": (
        "New cases per 1,000 residents a year", "Access and outcomes", DESCRIPTIVE,
        "Demand: the same population falls ill under every design."),
    "coordinator_caseload": (
        "People per care coordinator", "Coordination", DESCRIPTIVE,
        "A small caseload gives each person more time but needs more coordinators."),
    "waiting_for_coordinator": (
        "People waiting for a care coordinator", "Coordination", LOWER,
        "People with no coordinator yet are not being moved to the level they need."),
    "cost_per_capita": (
        "Care delivered, NIS per resident a year", "Costs", DESCRIPTIVE,
        "Care used, not money spent; compare budgets with the budget per resident."),
}

_LEVEL_PATTERNS = (
    # (regular expression on the name, label template, direction, why)
    (r"occupancy_(.+)", "{level}: places occupied", DESCRIPTIVE,
     "Both idle places and full ones with waiting lists are problems."),
    (r"waiting_(.+)", "{level}: people waiting", LOWER,
     "People waiting are not getting the care they need."),
    (r"wait_(.+)", "{level}: days waiting to enter", LOWER,
     "Waiting delays care and worsens the condition."),
    (r"entries_(.+)_per_1000", "{level}: entries per 1,000 residents a year", DESCRIPTIVE,
     "How much a level is used; better or worse depends on the level."),
    (r"full_share_(.+)", "{level}: share of region-days full", DESCRIPTIVE,
     "A full level makes people wait or be blocked; an empty one wastes places."),
)

# Entering these levels is what the reform tries to avoid, so fewer entries are better.
_AVOIDED_KINDS = ("inpatient", "emergency")


def plain(name: str) -> str:
    """A name from the file (level, group, payer) in plain words."""
    words = name.replace("_", " ")
    special = {"er": "ER", "act": "ACT", "emergency room": "Emergency room"}
    return special.get(words, words[:1].upper() + words[1:])


def describe(name: str, unit: str = "", level_kinds: dict[str, str] | None = None,
             payers: tuple[str, ...] = (), groups: tuple[str, ...] = (),
             levels: tuple[str, ...] = ()) -> IndicatorInfo:
    """What an indicator means. `level_kinds` maps level names to kinds (inpatient, clinic, ...);
    `payers`, `groups` and `levels` disambiguate the per-payer, per-group and per-level names."""
    level_kinds = level_kinds or {}
    if name in _FIXED:
        label, section, direction, why = _FIXED[name]
        return IndicatorInfo(name, label, unit, direction, section, why)
    if name.startswith("cost_per_person_year_"):
        payer = name[len("cost_per_person_year_"):]
        return IndicatorInfo(name, f"… paid by {plain(payer)}", unit, DESCRIPTIVE, KEY,
                             "Shows who pays for the care: each payer sees only its own part.")
    match = re.fullmatch(r"admissions_(.+)_per_1000", name)
    if match and (not groups or match.group(1) in groups):
        group = match.group(1)
        return IndicatorInfo(name, f"Admissions per 1,000 residents a year: {plain(group)}",
                             unit, LOWER, "Admissions by condition group",
                             "Every admission a community level could avoid is care in a less "
                             "restrictive place.")
    for pattern, template, direction, why in _LEVEL_PATTERNS:
        match = re.fullmatch(pattern, name)
        if not match or (levels and match.group(1) not in levels):
            continue
        level = match.group(1)
        if pattern.startswith("entries") and level_kinds.get(level) in _AVOIDED_KINDS:
            direction = LOWER
            why = "Entering hospital or the ER is what community care tries to avoid."
        return IndicatorInfo(name, template.format(level=plain(level)), unit, direction,
                             LEVEL_SECTION + level, why)
    return IndicatorInfo(name, plain(name), unit, DESCRIPTIVE, "Other",
                         "Not one this report knows; shown as it is.")


def order(names: list[str], levels: tuple[str, ...] = ()) -> list[str]:
    """Indicators in report order: the key indicators first, then by section, then as given."""
    infos = {n: describe(n, levels=levels) for n in names}
    sections = list(SECTIONS) + [LEVEL_SECTION + lv for lv in levels]

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
