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
