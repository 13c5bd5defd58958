"""The in-silico trials' outcomes on hand-made traces, the pass rule, and the trial files.

The outcomes are checked against counts worked out by hand on a few people's moves; the trial
experiments are checked to override only what defines a trial, never a treatment effect, so that
the trials test the built-in defaults (docs/validation.md).
"""

import math
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from retzef_analysis import intervals, validation

TRIALS = Path(__file__).resolve().parents[2] / "experiments" / "validation"
COSTS = {"inpatient": 1000.0, "balancing_house": 500.0, "day_care": 300.0, "clinic": 10.0,
         "emergency": 2000.0}


def arm(rows, horizon=1000.0) -> validation.Arm:
    """rows: (person, t, from kind, to kind)."""
    frame = pd.DataFrame(rows, columns=["person", "t", "from", "to"])
    return validation.Arm(frame, horizon, COSTS)


def test_readmission_after_the_index_discharge():
    a = arm([
        (1, 0, "none", "emergency"), (1, 0.3, "emergency", "inpatient"),
        (1, 20, "inpatient", "clinic"), (1, 200, "clinic", "inpatient"),  # back within a year
        (2, 1, "none", "inpatient"), (2, 30, "inpatient", "clinic"),
        (2, 400, "clinic", "inpatient"),  # back after more than a year: not counted
        (3, 2, "none", "inpatient"), (3, 10, "inpatient", "clinic"),  # never back
        (4, 5, "none", "inpatient"), (4, 700, "inpatient", "clinic"),  # discharged too late
    ])
    assert validation.admitted_after_discharge(a, 365) == (1, 3)


def test_admission_within_weeks_of_first_contact():
    a = arm([
        (1, 0, "none", "home_care"), (1, 50, "home_care", "inpatient"),  # day 50: counted
        (2, 10, "none", "clinic"), (2, 70, "clinic", "inpatient"),  # day 60 after: not counted
        (3, 20, "none", "clinic"),
        (4, 990, "none", "clinic"),  # first contact too late to follow for 56 days
    ])
    assert validation.admitted_after_onset(a, 56) == (1, 3)


def test_episode_runs_through_a_transfer_and_is_costed_by_level():
    a = arm([
        (1, 0, "none", "balancing_house"), (1, 10, "balancing_house", "inpatient"),
        (1, 15, "inpatient", "rehabilitation"), (1, 100, "rehabilitation", "inpatient"),
        (2, 5, "none", "balancing_house"), (2, 25, "balancing_house", "rehabilitation"),
        (3, 7, "none", "inpatient"),  # still on the ward at the end: left out
    ])
    ep = validation.episodes(a, validation.CRISIS_CARE)
    assert list(ep.index) == [1, 2]
    assert ep.loc[1, "days"] == 15 and ep.loc[1, "cost"] == 10 * 500 + 5 * 1000
    assert ep.loc[2, "days"] == 20 and ep.loc[2, "cost"] == 20 * 500
    assert ep["transferred"].tolist() == [True, False]


def test_a_transfer_through_the_emergency_room_stays_inside_the_episode():
    # An out-of-hours crisis goes from the crisis house (or day hospital) to the ward through the
    # emergency room: one episode, transferred, the ER half-day costed; a visit to the ER that
    # leads home ends the episode there.
    a = arm([
        (1, 0, "none", "balancing_house"), (1, 10, "balancing_house", "emergency"),
        (1, 10.5, "emergency", "inpatient"), (1, 30, "inpatient", "rehabilitation"),
        (2, 0, "none", "balancing_house"), (2, 20, "balancing_house", "emergency"),
        (2, 20.5, "emergency", "rehabilitation"),
    ])
    ep = validation.episodes(a, validation.CRISIS_CARE)
    assert ep.loc[1, "days"] == 30 and ep.loc[1, "cost"] == 10 * 500 + 0.5 * 2000 + 19.5 * 1000
    assert ep.loc[2, "days"] == 20.5 and ep.loc[2, "cost"] == 20 * 500 + 0.5 * 2000
    assert ep["transferred"].tolist() == [True, False]
    day = arm([
        (1, 0, "none", "day_care"), (1, 10, "day_care", "emergency"),
        (1, 10.5, "emergency", "inpatient"), (1, 40, "inpatient", "rehabilitation"),
        (2, 0, "none", "day_care"), (2, 30, "day_care", "rehabilitation"),
        (2, 100, "rehabilitation", "emergency"), (2, 100.5, "emergency", "inpatient"),
    ])
    # Person 1's ward stay is the index episode's transfer, not a readmission; person 2's
    # admission through the ER after the episode is one.
    assert validation._readmitted_after_episode(day, 365) == 0.5


def test_day_hospital_readmission_counts_a_return_to_either_acute_service():
    day = arm([
        (1, 0, "none", "day_care"), (1, 40, "day_care", "rehabilitation"),
        (1, 100, "rehabilitation", "day_care"),  # a return to the day hospital is a readmission
        (2, 0, "none", "day_care"), (2, 30, "day_care", "rehabilitation"),
    ])
    assert validation._readmitted_after_episode(day, 365) == 0.5


def test_pass_rule_is_the_point_estimate_inside_the_published_interval():
    outcome = validation.Outcome("x", 0.5, 0.4, 0.6, "s", lambda a, b: math.nan)
    inside = validation.Result("t", outcome, intervals.mean_interval([0.55, 0.57, 0.59]), ())
    outside_but_overlapping = validation.Result(
        "t", outcome, intervals.mean_interval([0.5, 0.7, 0.9]), ())
    assert inside.passes and inside.overlaps
    assert not outside_but_overlapping.passes and outside_but_overlapping.overlaps


# What a trial file may override: the trial's cohort and its enrolment (who, how many, when,
# in what state), the arms' capacities, and a few arm definitions named with their reason.
# Anything else (a treatment effect, a cost, a group's rates, a stay) would let a trial tune its
# own outcome, so it is refused: an allow-list, since a list of forbidden names misses new keys.
ALLOWED_OVERRIDES = {
    r"scenario\.(horizon_days|warmup_days)": "the trial's follow-up",
    r"groups\.[a-z_]+\.(prevalence|incidence_per_1000|onset_acuity)": "the cohort and its enrolment",
    r"surges(\.0\.(groups|points))?": "enrolment closes after its window",
    r"regions\.[a-z_]+\.(capacity|initial_occupancy|coordinators)": "the arms' places",
    r"policy\.(admit_acuity|early_detection)": "who the arms admit (the trials' inclusion)",
    r"levels\.primary_care\.capacity_unit": "no queue before the trial's services",
    # Johnson's crisis resolution team: 24-hour, no family-support rule (docs/validation.md).
    r"levels\.home_care\.(needs_family_support|restrictiveness)": "the trial's crisis team",
    r"policy\.out_of_hours_share": "the trial's crisis team is there out of hours",
    # The family trial's cohort: every family qualifying, children as its population.
    r"groups\.children_at_risk\.(family_support|involuntary_share)": "the family trial's cohort",
}


@pytest.mark.parametrize("path", sorted(TRIALS.glob("*.toml")), ids=lambda p: p.stem)
def test_trials_override_only_their_cohort_and_name_a_known_trial(path):
    doc = tomllib.loads(path.read_text())
    validation.trial_named(doc["experiment"]["name"])
    assert doc["experiment"]["trace"] == "transitions"
    assert len(doc["designs"]) == 2  # control first, then the experimental arm
    keys = list(doc.get("overrides", {}))
    for design in doc["designs"].values():
        keys += list(design.get("overrides", {}))
    for key in keys:
        assert any(re.fullmatch(allowed, key) for allowed in ALLOWED_OVERRIDES), (path.name, key)


@pytest.mark.parametrize("key", ["levels.act.improve_factor", "levels.day_care.length_of_stay",
                                 "levels.balancing_house.cost_per_day",
                                 "groups.smi.involuntary_share", "groups.smi.worsen_per_year"])
def test_a_treatment_effect_cost_or_rate_is_not_an_allowed_override(key):
    assert not any(re.fullmatch(allowed, key) for allowed in ALLOWED_OVERRIDES), key


def test_every_trial_has_its_experiment():
    names = {tomllib.loads(p.read_text())["experiment"]["name"] for p in TRIALS.glob("*.toml")}
    assert names == {t.experiment for t in validation.TRIALS}
