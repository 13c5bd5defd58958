"""The flows and occupancy tables of a case, summed over regions, one frame per case.

The occupancy table has a row per day, region and level for each replication, which for many
regions and long runs is far more than a report needs; it is reduced here, one replication at a
time, to a row per day and level, keeping what the region detail is needed for (how many regions
were full). Both the derived indicators and the plots read these frames, so each table is read
once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from retzef_analysis.file import RetzefFile

OCCUPANCY_COLUMNS = ["replication", "t", "level", "occupied", "waiting", "blocked", "capacity",
                     "regions_limited", "regions_full"]


def occupancy(rf: RetzefFile, case: str) -> pd.DataFrame:
    """Occupancy per replication, day and level, summed over regions.

    Columns: replication, t, level (categorical of level names), occupied, waiting, blocked,
    capacity (inf when any region's is unlimited), regions_limited (regions with a finite,
    positive capacity) and regions_full (those of them at or over capacity that day).
    """
    labels = rf.labels(case, "levels")  # the file's: "none" then the levels, from code -1
    levels = list(labels.names)
    frames = []
    for rep_name, rep in zip(rf.case(case).replications, rf.replications(case)):
        raw = rf.table(case, rep_name, "occupancy", names=False)
        if raw.empty:
            continue
        capacity = raw["capacity"].astype(float)
        limited = np.isfinite(capacity) & (capacity > 0)
        # pandas 1.5 sums groups with Kahan summation, which turns inf + inf into NaN; so
        # unlimited places are counted apart and the sum made infinite afterwards.
        raw = raw.assign(
            capacity=capacity.where(np.isfinite(capacity), 0.0),
            unlimited=(~np.isfinite(capacity)).astype(np.int64),
            regions_limited=limited.astype(np.int64),
            regions_full=(limited & (raw["occupied"] >= capacity)).astype(np.int64),
            level=raw["level"].astype(np.int64) - labels.first_code,  # category index
        )
        for column in ("occupied", "waiting", "blocked"):
            raw[column] = raw[column].astype(np.int64)
        summed = raw.groupby(["t", "level"], sort=True).agg(
            occupied=("occupied", "sum"), waiting=("waiting", "sum"),
            blocked=("blocked", "sum"), capacity=("capacity", "sum"),
            regions_limited=("regions_limited", "sum"), regions_full=("regions_full", "sum"),
            unlimited=("unlimited", "sum"),
        ).reset_index()
        summed.loc[summed["unlimited"] > 0, "capacity"] = np.inf
        summed.insert(0, "replication", rep)
        frames.append(summed)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in OCCUPANCY_COLUMNS})
    frame = pd.concat(frames, ignore_index=True)
    frame["level"] = pd.Categorical.from_codes(frame["level"].clip(0, len(levels) - 1),
                                               categories=levels)
    return frame[OCCUPANCY_COLUMNS]


def flows(rf: RetzefFile, case: str) -> pd.DataFrame:
    """Moves between levels per replication: replication, from_level, to_level, moves."""
    frame = rf.tables(case, "flows")
    frame["moves"] = frame["moves"].astype(float)
    return frame[["replication", "from_level", "to_level", "moves"]]


def mean_flows(flow_frame: pd.DataFrame, replications: int) -> pd.DataFrame:
    """The mean moves per (from_level, to_level) over `replications` replications.

    A pair a replication did not write had no move in it, so it counts as 0 in the mean.
    """
    if flow_frame.empty or replications == 0:
        return pd.DataFrame(columns=["from_level", "to_level", "moves"])
    total = (flow_frame.groupby(["from_level", "to_level"], observed=True)["moves"].sum()
             .reset_index())
    total["moves"] = total["moves"] / replications
    return total[total["moves"] > 0].reset_index(drop=True)


def occupancy_series(occ: pd.DataFrame, column: str, low: float = 0.05,
                     high: float = 0.95) -> pd.DataFrame:
    """Per level and day: the mean of `column` over replications and its `low`-`high` band.

    Columns: level, t, mean, low, high, replications.
    """
    if occ.empty:
        return pd.DataFrame(columns=["level", "t", "mean", "low", "high", "replications"])
    grouped = occ.groupby(["level", "t"], observed=True)[column]
    result = pd.DataFrame({
        "mean": grouped.mean(),
        "low": grouped.quantile(low),
        "high": grouped.quantile(high),
        "replications": grouped.count(),
    }).reset_index()
    return result
