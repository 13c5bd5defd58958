"""In-silico trials: published randomised trials re-run inside the model, and their check.

Each trial is an experiment in experiments/validation/ with two designs, the trial's control arm
first and its experimental arm second (docs/validation.md). Its outcome is computed here from
the `events` table (trace `transitions`: every move between levels), the way the trial defines
it, once per replication; the model's value is the mean over replications and its interval the
Student-t interval of that mean (replications are independent; the two arms of one replication
meet the same people, so the arm contrast is formed within each replication). A trial passes
when the model's point estimate lies inside the published 95% interval; whether the two
intervals overlap is shown as well.

Outcomes read only the event trace and the scenario each case ran (/designs/<case>/scenario),
so they are the same whether the people were placed at the start or arrived later: the trials
enrol people by onset during a short window and follow them from there.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import tomllib
from collections.abc import Callable

import numpy as np
import pandas as pd

from retzef_analysis import intervals
from retzef_analysis.file import RetzefFile, RetzefFileError

CRISIS_CARE = ("inpatient", "balancing_house")  # 24-hour residential crisis care (Fenton)
# Levels an episode passes through without ending: a crisis out of the team's hours reaches the
# ward through the emergency room, and that transfer is part of the episode, as in the trials.
PASSAGE = ("emergency",)


@dataclasses.dataclass(frozen=True)
class Arm:
    """One arm's moves: a row per move (person, t, from and to level kinds, and the person's
    acuity as they moved, where the trace gives it), in event order."""
    moves: pd.DataFrame
    horizon: float
    cost_per_day: dict[str, float]  # by level kind


@dataclasses.dataclass(frozen=True)
class Outcome:
    name: str  # e.g. "admission risk ratio"
    published: float
    lower: float  # the published 95% interval (or the interval this project defines, see doc)
    upper: float
    source: str
    statistic: Callable[[Arm, Arm], float]  # (control, experimental) -> value of one replication


@dataclasses.dataclass(frozen=True)
class Trial:
    experiment: str  # the experiment's [experiment] name
    title: str
    outcomes: tuple[Outcome, ...]


@dataclasses.dataclass(frozen=True)
class Result:
    trial: str
    outcome: Outcome
    model: intervals.Interval
    values: tuple[float, ...]

    @property
    def passes(self) -> bool:
        return self.outcome.lower <= self.model.mean <= self.outcome.upper

    @property
    def overlaps(self) -> bool:
        return (self.model.available and self.model.lower <= self.outcome.upper
                and self.model.upper >= self.outcome.lower)


# --- Reading an arm ---------------------------------------------------------------------------

def read_arm(rf: RetzefFile, case: str, replication: str) -> Arm:
    """The moves of one replication of one case, with level kinds instead of level names."""
    info = rf.case(case)
    if info.trace not in ("transitions", "full"):
        raise RetzefFileError(rf.path, f"case {case!r} was run at trace {info.trace!r}; moves "
                              f"are read from trace transitions (every move between levels): "
                              f"run it with `retzef batch --trace transitions`")
    events = rf.table(case, replication, "events")
    moves = events[events["kind"].astype(str) == "move"]
    kind_of = dict(zip(info.levels, info.level_kinds))
    kind_of["none"] = "none"
    frame = pd.DataFrame({
        "person": moves["person"].to_numpy(np.int64)
        + moves["region"].cat.codes.to_numpy(np.int64) * (1 << 32),
        "t": moves["t"].to_numpy(float),
        "from": moves["from_level"].astype(str).map(kind_of).to_numpy(),
        "to": moves["to_level"].astype(str).map(kind_of).to_numpy(),
        "acuity": moves["acuity"].to_numpy(np.int64),
    })
    return Arm(frame, info.horizon_days, _cost_per_day_by_kind(rf, case, info.scenario))


def _cost_per_day_by_kind(rf: RetzefFile, case: str, scenario: str) -> dict[str, float]:
    """Each level kind's cost per day, from the scenario the case was run with (kept in the
    file); a file whose copy cannot be read that way is refused by name, not with a bare key."""
    try:
        return dict(_level_costs(scenario))
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError) as e:
        raise RetzefFileError(rf.path, f"case {case!r}: the scenario it was run with, kept in "
                              f"the file, has no readable [[levels]] with their kinds "
                              f"({type(e).__name__}: {e})") from e


@functools.lru_cache(maxsize=16)
def _level_costs(scenario: str) -> tuple[tuple[str, float], ...]:
    """(kind, cost per day) of each level of a scenario's text: parsed once per case, not once
    per replication (every replication of a case keeps the same text)."""
    levels = tomllib.loads(scenario)["levels"]
    return tuple((level["kind"], float(level.get("cost_per_day", 0.0))) for level in levels)


# --- Outcome building blocks ------------------------------------------------------------------

def _first_move(moves: pd.DataFrame, mask: np.ndarray) -> pd.Series:
    """Time of each person's first move that matches `mask`."""
    return moves[mask].groupby("person")["t"].min()


def _any_move_between(moves: pd.DataFrame, mask: np.ndarray, start: pd.Series,
                      days: float) -> pd.Series:
    """For each person of `start`: a move matching `mask` in (start, start + days]."""
    hits = moves[mask].merge(start.rename("start"), left_on="person", right_index=True)
    inside = hits[(hits["t"] > hits["start"]) & (hits["t"] <= hits["start"] + days)]
    return start.index.isin(inside["person"].unique())


def admitted_after_discharge(arm: Arm, days: float) -> tuple[int, int]:
    """(readmitted, followed): people discharged from their index admission (their first move
    out of the ward) at least `days` before the end, and those of them admitted to the ward
    again within `days` of that discharge."""
    m = arm.moves
    discharge = _first_move(m, (m["from"] == "inpatient") & (m["to"] != "inpatient").to_numpy())
    discharge = discharge[discharge <= arm.horizon - days]
    readmitted = _any_move_between(m, (m["to"] == "inpatient").to_numpy(), discharge, days)
    return int(readmitted.sum()), len(discharge)


def entered_after_onset(arm: Arm, days: float, kind: str) -> tuple[int, int]:
    """(entered, followed): people whose first contact with care (their first move) was at
    least `days` before the end, and those of them who entered a level of `kind` within `days`
    of it, the first contact itself included (someone in crisis may go there at once)."""
    m = arm.moves
    first = m.groupby("person")["t"].min()
    first = first[first <= arm.horizon - days]
    entered = m[(m["to"] == kind).to_numpy()].merge(
        first.rename("start"), left_on="person", right_index=True)
    entered = entered[entered["t"] <= entered["start"] + days]
    return int(first.index.isin(entered["person"].unique()).sum()), len(first)


def admitted_after_onset(arm: Arm, days: float) -> tuple[int, int]:
    """(admitted, followed): admitted to the ward within `days` of the first contact."""
    return entered_after_onset(arm, days, "inpatient")


def placed_after_onset(arm: Arm, days: float) -> tuple[int, int]:
    """(placed, followed): children placed out of home within `days` of the first contact."""
    return entered_after_onset(arm, days, "placement")


def episodes(arm: Arm, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Each person's first episode in the levels of `kinds`: from the first move into one of
    them to the first move out of them to anything else (a move between them, such as a
    transfer from a crisis house to the ward, stays inside the episode, and so does one through
    the emergency room, PASSAGE). Episodes still open at the end are left out. Columns: start,
    end, days and cost (the days at each kind, the emergency room included, times its cost per
    day), transferred (the episode used the ward after starting elsewhere)."""
    m = arm.moves
    inside_to = m["to"].isin(kinds).to_numpy()
    inside_from = m["from"].isin(kinds).to_numpy()
    start = _first_move(m, inside_to & ~inside_from)
    rows = m.merge(start.rename("start"), left_on="person", right_index=True)
    rows = rows[rows["t"] >= rows["start"]]
    held = tuple(kinds) + PASSAGE
    leaving = rows[rows["from"].isin(held) & ~rows["to"].isin(held)]
    end = leaving.groupby("person")["t"].min().rename("end")
    rows = rows.merge(end, left_on="person", right_index=True)
    rows = rows[rows["t"] <= rows["end"]].sort_values(["person", "t"], kind="stable")
    # Days at each stop: from a move into a level to the next move of the same person.
    nxt = rows.groupby("person")["t"].shift(-1)
    stay = (nxt - rows["t"]).fillna(0.0)
    cost = stay * rows["to"].map(arm.cost_per_day).fillna(0.0)
    first_kind = rows.groupby("person")["to"].first()
    ward = rows[rows["to"] == "inpatient"].groupby("person").size()
    out = pd.DataFrame({"start": start.reindex(end.index), "end": end})
    out["days"] = out["end"] - out["start"]
    out["cost"] = cost.groupby(rows["person"]).sum().reindex(out.index).fillna(0.0)
    out["transferred"] = (first_kind.reindex(out.index) != "inpatient") & \
        ward.reindex(out.index).fillna(0).gt(0)
    return out


def _share(counts: tuple[int, int]) -> float:
    hits, n = counts
    return hits / n if n else math.nan


def _odds(counts: tuple[int, int]) -> float:
    hits, n = counts
    return hits / (n - hits) if 0 < hits < n else math.nan


# --- The trials -------------------------------------------------------------------------------

def _act_risk_ratio(control: Arm, act: Arm) -> float:
    return _share(admitted_after_discharge(act, 365)) / _share(
        admitted_after_discharge(control, 365))


def _crisis_odds_ratio(control: Arm, home: Arm) -> float:
    return _odds(admitted_after_onset(home, 56)) / _odds(admitted_after_onset(control, 56))


def _residential_cost_ratio(hospital: Arm, residential: Arm) -> float:
    return episodes(residential, CRISIS_CARE)["cost"].mean() / \
        episodes(hospital, CRISIS_CARE)["cost"].mean()


def _residential_transferred(_hospital: Arm, residential: Arm) -> float:
    return float(episodes(residential, CRISIS_CARE)["transferred"].mean())


DAY_HOSPITAL_EPISODE = ("day_care", "inpatient")


def _day_hospital_extra_days(ward: Arm, day: Arm) -> float:
    return episodes(day, DAY_HOSPITAL_EPISODE)["days"].mean() - \
        episodes(ward, DAY_HOSPITAL_EPISODE)["days"].mean()


def _readmitted_after_episode(arm: Arm, days: float) -> float:
    ep = episodes(arm, DAY_HOSPITAL_EPISODE)
    ep = ep[ep["end"] <= arm.horizon - days]
    m = arm.moves
    # Readmission to acute care: a new stay in the day hospital or on the ward, whichever the
    # arm sends an acute relapse to (the day hospital arm sends it to the day hospital first).
    back = (m["to"].isin(DAY_HOSPITAL_EPISODE) & ~m["from"].isin(DAY_HOSPITAL_EPISODE)).to_numpy()
    hit = _any_move_between(m, back, ep["end"], days)
    return float(hit.mean()) if len(ep) else math.nan


def _day_hospital_readmission_ratio(ward: Arm, day: Arm) -> float:
    return _readmitted_after_episode(day, 365) / _readmitted_after_episode(ward, 365)


def _placement_risk_ratio(usual: Arm, home: Arm) -> float:
    return _share(placed_after_onset(home, 365)) / _share(placed_after_onset(usual, 365))


TRIALS: tuple[Trial, ...] = (
    Trial("trial_act", "ACT vs standard care", (
        Outcome("admission within a year of discharge, risk ratio", 0.71, 0.50, 0.97,
                "Marshall & Lockwood, Cochrane Database Syst Rev (ACT for people with severe "
                "mental disorders)", _act_risk_ratio),)),
    Trial("trial_crisis_home", "crisis home treatment vs standard care", (
        Outcome("admission within 8 weeks of the crisis, odds ratio", 0.19, 0.11, 0.32,
                "Johnson et al., BMJ 2005;331:599", _crisis_odds_ratio),)),
    Trial("trial_residential_crisis", "residential crisis programme vs hospital", (
        Outcome("episode cost, residential / hospital", 0.55, 0.44, 0.66,
                "Fenton et al., Arch Gen Psychiatry 2002 (interval: docs/validation.md)",
                _residential_cost_ratio),
        Outcome("share of residential episodes transferred to hospital", 0.13, 0.07, 0.23,
                "Fenton et al., Am J Psychiatry 1998 (interval: docs/validation.md)",
                _residential_transferred))),
    Trial("trial_day_hospital", "day hospital vs admission", (
        Outcome("index episode, extra days in day hospital", 27.47, 3.96, 50.98,
                "Marshall et al., Cochrane Database Syst Rev 2011, CD004026",
                _day_hospital_extra_days),
        Outcome("readmission to acute care within a year of the index episode, risk ratio",
                0.91, 0.72, 1.15,
                "Marshall et al., Cochrane Database Syst Rev 2011, CD004026",
                _day_hospital_readmission_ratio))),
    Trial("trial_family_intervention", "intensive family preservation vs usual services", (
        Outcome("children placed within a year, risk ratio", 0.60, 0.48, 0.76,
                "Bezeczky et al., Child Abuse Negl 2020;102:104394 (child level, 12 months)",
                _placement_risk_ratio),)),
)


def trial_named(experiment: str) -> Trial:
    for trial in TRIALS:
        if trial.experiment == experiment:
            return trial
    known = ", ".join(t.experiment for t in TRIALS)
    raise ValueError(f"no in-silico trial for experiment {experiment!r}; expected one of: {known}")


def evaluate(path: str) -> list[Result]:
    """The trial a result file holds, checked outcome by outcome."""
    with RetzefFile(path) as rf:
        try:
            trial = trial_named(rf.meta.get("experiment_name", ""))
        except ValueError as e:
            raise RetzefFileError(path, str(e)) from None
        cases = rf.cases
        if len(cases) != 2:
            raise RetzefFileError(path, f"a trial has two arms (control first), got cases "
                                  f"{cases}")
        control, experimental = cases
        reps = rf.case(control).replications
        values: dict[str, list[float]] = {o.name: [] for o in trial.outcomes}
        for rep in reps:
            a, b = read_arm(rf, control, rep), read_arm(rf, experimental, rep)
            for o in trial.outcomes:
                values[o.name].append(float(o.statistic(a, b)))
    return [Result(trial.title, o, intervals.mean_interval(values[o.name]),
                   tuple(values[o.name])) for o in trial.outcomes]


def table(results: list[Result]) -> str:
    """The trial table as Markdown (docs/validation.md has the same columns)."""
    lines = ["| trial | outcome | published (95% CI) | model (95% CI) | pass | overlap |",
             "|---|---|---|---|---|---|"]
    for r in results:
        o, m = r.outcome, r.model
        lines.append(f"| {r.trial} | {o.name} | {o.published:.3g} ({o.lower:.3g}–{o.upper:.3g}) "
                     f"| {m.mean:.3g} ({m.lower:.3g}–{m.upper:.3g}) | "
                     f"{'yes' if r.passes else 'NO'} | {'yes' if r.overlaps else 'no'} |")
    return "\n".join(lines)
