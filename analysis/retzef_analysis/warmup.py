"""The warm-up check: cases whose warm-up is shorter than the MSER-5 truncation point.

The simulator keeps each level's daily occupancy and waiting series from day 0 and forms, per
replication, the MSER-5 truncation point of each (White 1997; White, Cobb & Spratt 2000): from
which day on the series looks settled, the largest over regions (`mser_truncation_days_<level>`)
and over levels (`mser_truncation_days`). A replication whose warm-up is shorter measures part
of the start-up transient; the report says so in a warning naming the case, the levels and
their truncation points against the warm-up (docs/model.md, "Warm-up check"). Files written
before the check have none of these indicators and get no warning.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from retzef_analysis.file import RetzefFile

OVERALL = "mser_truncation_days"
LEVEL_PREFIX = "mser_truncation_days_"


@dataclasses.dataclass(frozen=True)
class ShortWarmup:
    case: str
    warmup_days: float
    replications: int  # replications of the case with a truncation point
    short: int  # of which the warm-up is shorter than the truncation point
    levels: dict[str, float]  # level: the largest truncation point past the warm-up
    search_limit: float = math.inf  # the last point MSER searches: half the run

    def text(self) -> str:
        def point(days: float) -> str:
            limit = ", the search limit: never settled" if days >= self.search_limit else ""
            return f"up to day {days:,.0f}{limit}"

        levels = ", ".join(f"{lv} ({point(days)})" for lv, days in self.levels.items())
        return (f"{self.case}: the warm-up of {self.warmup_days:,.0f} days is shorter than the "
                f"MSER-5 truncation point in {self.short} of {self.replications} replications, "
                f"at {levels}. Its indicators include part of the start-up transient.")


def search_limit(horizon_days: float) -> float:
    """The largest truncation point MSER-5 can give for a run of this horizon: half the batches
    of five of the days 0 .. horizon (sim/stats/mser.hpp)."""
    if not math.isfinite(horizon_days):
        return math.inf
    days = math.floor(horizon_days) + 1
    return float((days // 5 // 2) * 5)


def short_warmups(rf: RetzefFile, per_rep: pd.DataFrame) -> list[ShortWarmup]:
    """Every case with a replication whose warm-up is shorter than its truncation point, from
    the long per-replication frame (indicators.per_replication)."""
    out = []
    for case in rf.cases:
        rows = per_rep[per_rep["case"] == case]
        overall = rows.loc[rows["indicator"] == OVERALL, "value"].dropna()
        if overall.empty:
            continue
        warmup = rf.case(case).warmup_days
        short = int((overall > warmup).sum())
        if short == 0:
            continue
        per_level = rows[rows["indicator"].str.startswith(LEVEL_PREFIX)]
        late = per_level[per_level["value"] > warmup]
        worst = late.groupby("indicator", sort=False)["value"].max().sort_values(ascending=False)
        levels = {name[len(LEVEL_PREFIX):]: float(days) for name, days in worst.items()}
        out.append(ShortWarmup(case, warmup, len(overall), short, levels,
                               search_limit(rf.case(case).horizon_days)))
    return out


# The same check on the mean of the replications (experiments/ensemble_warmup.hpp, which
# `retzef inspect --indicators` prints): a start-up transient is what all replications share,
# while the slow swings of levels whose people stay for years, which fail single
# replications, average away. MSER-5 and the materiality rule as in sim/stats/mser.cpp: a
# point counts when the deleted days' mean is a person and 1% of the kept mean away from it,
# and four standard errors (20 batch means of the kept part).
MATERIAL_SHARE = 0.01
MATERIAL_Z = 4.0
MIN_GAP = 1.0


def mser5(series: np.ndarray) -> int:
    """The MSER-5 truncation point of `series`, in observations (0: nothing to delete)."""
    b = len(series) // 5
    if b < 2:
        return 0
    means = series[: b * 5].reshape(b, 5).mean(axis=1)
    best, best_stat = 0, math.inf
    for d in range(b // 2 + 1):
        kept = means[d:]
        stat = float(((kept - kept.mean()) ** 2).sum()) / len(kept) ** 2
        if stat < best_stat:
            best, best_stat = d, stat
    return best * 5


def material_point(series: np.ndarray) -> int:
    """The MSER-5 point of `series` if what it deletes is materially biased, else 0."""
    point = mser5(series)
    if point == 0:
        return 0
    kept = series[point: len(series) // 5 * 5]
    gap = float(series[:point].mean() - kept.mean())
    if abs(gap) < max(MIN_GAP, MATERIAL_SHARE * abs(kept.mean())):
        return 0
    if len(kept) >= 40:
        q = len(kept) // 20
        batches = kept[: q * 20].reshape(20, q).mean(axis=1)
        per_obs = float(batches.var(ddof=1)) * q
        se = math.sqrt(per_obs / len(kept) + per_obs / point)
        if se > 0 and abs(gap) / se < MATERIAL_Z:
            return 0
    return point


def ensemble_text(occupancy: pd.DataFrame) -> str:
    """One sentence on the check on the mean of the replications of one case's occupancy frame
    (aggregates.occupancy: from the warm-up on, summed over regions), "" without one."""
    if occupancy.empty:
        return ""
    reps = occupancy["replication"].nunique()
    mean = occupancy.groupby(["level", "t"], observed=True)[["occupied", "waiting"]].mean()
    worst = None
    for level, frame in mean.groupby(level="level", observed=True):
        for column in ("occupied", "waiting"):
            series = frame[column].to_numpy(dtype=float)
            point = material_point(series) if series.any() else 0
            if point and (worst is None or point > worst[2]):
                worst = (level, "occupancy" if column == "occupied" else "waiting", point)
    if worst is None:
        return (f"On the mean of its {reps} replications no level's occupancy or waiting still "
                "settles after the warm-up: the points above are swings of single "
                "replications, not a transient they share.")
    level, what, days = worst
    return (f"On the mean of its {reps} replications too, {level} {what} still settles "
            f"{days:,} days after the warm-up.")
