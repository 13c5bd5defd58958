"""The flows, occupancy and daily tables of a case, summed over regions, one frame per case.

The occupancy table has a row per day, region and level for each replication, which for many
regions and long runs is far more than a report needs; it is reduced here, one replication at a
time, to a row per day and level, keeping what the region detail is needed for (how many regions
were full). Both the derived indicators and the plots read these frames, so each table is read
once.
"""

from __future__ import annotations

import math
import tomllib

import numpy as np
import pandas as pd

from retzef_analysis.file import Labels, RetzefFile

OCCUPANCY_COLUMNS = ["replication", "t", "level", "occupied", "waiting", "blocked", "capacity",
                     "staffed", "regions_limited", "regions_full"]


def occupancy(rf: RetzefFile, case: str) -> pd.DataFrame:
    """Occupancy per replication, day and level, summed over regions.

    Columns: replication, t, level (categorical of level names), occupied, waiting, blocked,
    capacity (inf when any region's is unlimited), staffed (the places the staff present could
    run; the capacity in a file written before staff were modelled), regions_limited (regions
    with a finite, positive capacity) and regions_full (those of them at or over capacity that
    day).
    """
    labels = rf.labels(case, "levels")  # the file's: "none" then the levels, from code -1
    frames = []
    for rep_name, rep in zip(rf.case(case).replications, rf.replications(case)):
        raw = rf.table(case, rep_name, "occupancy", names=False)
        if not raw.empty:
            frames.append(summed_over_regions(raw, rep, labels.first_code))
    return occupancy_frame(frames, list(labels.names))


def summed_over_regions(raw: pd.DataFrame, rep: int, first_code: int) -> pd.DataFrame:
    """One replication's occupancy table (level codes from `first_code`) summed over regions:
    a row per day and level (its index among the file's labels), as `occupancy` gathers."""
    capacity = raw["capacity"].astype(float)
    staffed = raw["staffed"].astype(float) if "staffed" in raw else capacity
    limited = np.isfinite(capacity) & (capacity > 0)
    # pandas 1.5 sums groups with Kahan summation, which turns inf + inf into NaN; so
    # unlimited places are counted apart and the sum made infinite afterwards.
    raw = raw.assign(
        capacity=capacity.where(np.isfinite(capacity), 0.0),
        staffed=staffed.where(np.isfinite(staffed), 0.0),
        unlimited=(~np.isfinite(capacity)).astype(np.int64),
        regions_limited=limited.astype(np.int64),
        regions_full=(limited & (raw["occupied"] >= capacity)).astype(np.int64),
        level=raw["level"].astype(np.int64) - first_code,  # category index
    )
    for column in ("occupied", "waiting", "blocked"):
        raw[column] = raw[column].astype(np.int64)
    summed = raw.groupby(["t", "level"], sort=True).agg(
        occupied=("occupied", "sum"), waiting=("waiting", "sum"),
        blocked=("blocked", "sum"), capacity=("capacity", "sum"), staffed=("staffed", "sum"),
        regions_limited=("regions_limited", "sum"), regions_full=("regions_full", "sum"),
        unlimited=("unlimited", "sum"),
    ).reset_index()
    summed.loc[summed["unlimited"] > 0, ["capacity", "staffed"]] = np.inf
    summed.insert(0, "replication", rep)
    return summed


def occupancy_frame(frames: list[pd.DataFrame], levels: list[str]) -> pd.DataFrame:
    """The replications' `summed_over_regions` frames as one, levels by name."""
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


def group_flows(rf: RetzefFile, case: str, group: str) -> pd.DataFrame | None:
    """The moves of one condition group's people per replication (from the group_flows table):
    replication, from_level, to_level, moves; None when the file predates the table or the
    case has no such group."""
    if not rf.has_table(case, "group_flows") or group not in rf.case(case).groups:
        return None
    frame = rf.tables(case, "group_flows")
    frame = frame[frame["group"].astype(str) == group]
    frame = frame.assign(moves=frame["moves"].astype(float))
    return frame[["replication", "from_level", "to_level", "moves"]].reset_index(drop=True)


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


def region_populations(scenario_text: str) -> dict[str, float]:
    """Each region's population, from the scenario the case ran (its TOML text); {} when the
    text cannot be read (a file from a release that did not keep it)."""
    try:
        regions = tomllib.loads(scenario_text).get("regions", [])
    except (tomllib.TOMLDecodeError, AttributeError):
        return {}
    return {str(r.get("name")): float(r.get("population", math.nan))
            for r in regions if isinstance(r, dict)}


def by_region(rf: RetzefFile, case: str) -> pd.DataFrame:
    """Per region and level over the measured days (from the warm-up on) and the replications:
    the mean number present, the mean capacity (inf when unlimited) and the mean number waiting.

    Columns: region, level (names, in the file's order), occupied, capacity, waiting.
    """
    warmup = rf.case(case).warmup_days
    frames = []
    for rep_name in rf.case(case).replications:
        raw = rf.table(case, rep_name, "occupancy", names=False)
        if not raw.empty:
            frames.append(measured_by_region(raw, warmup))
    return region_means(frames, rf.labels(case, "levels"), rf.labels(case, "regions"))


def measured_by_region(raw: pd.DataFrame, warmup_days: float) -> pd.DataFrame:
    """One replication's occupancy rows from the warm-up on, the columns `by_region` averages."""
    return raw[raw["t"] >= warmup_days][["region", "level", "occupied", "capacity", "waiting"]]


def region_means(frames: list[pd.DataFrame], levels: Labels, regions: Labels) -> pd.DataFrame:
    """The replications' `measured_by_region` rows averaged per region and level, named by the
    file's `levels` and `regions` labels. Empties `frames`: once joined, the country's rows are
    140 MB a case, and the parts need not be held beside them."""
    if not frames:
        return pd.DataFrame(columns=["region", "level", "occupied", "capacity", "waiting"])
    rows = pd.concat(frames, ignore_index=True)
    frames.clear()
    rows["capacity"] = rows["capacity"].astype(float)
    mean = rows.groupby(["region", "level"], sort=True).mean().reset_index()
    mean["region"] = [regions.names[int(c) - regions.first_code] for c in mean["region"]]
    mean["level"] = [levels.names[int(c) - levels.first_code] for c in mean["level"]]
    return mean


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


def daily(rf: RetzefFile, case: str) -> pd.DataFrame | None:
    """The daily table summed over regions: replication, t, coordinator_waiting, a
    new_cases_<group> column per group and new_cases (all groups), from day 0.

    None when the file predates the table (docs/output.md, "daily").
    """
    if not rf.has_table(case, "daily"):
        return None
    frames = []
    for rep_name, rep in zip(rf.case(case).replications, rf.replications(case)):
        raw = rf.table(case, rep_name, "daily", names=False).drop(columns="region")
        summed = raw.astype(np.float64).groupby("t", sort=True).sum().reset_index()
        summed.insert(0, "replication", rep)
        frames.append(summed)
    frame = pd.concat(frames, ignore_index=True)
    groups = [c for c in frame.columns if c.startswith("new_cases_")]
    frame["new_cases"] = frame[groups].sum(axis=1)
    return frame


def monthly_new_cases(frame: pd.DataFrame, column: str, low: float = 0.05,
                      high: float = 0.95, days: int = 30) -> pd.DataFrame:
    """New cases per `days`-day period: summed per replication over whole periods (a last,
    shorter one is left out), then the mean over replications and its `low`-`high` band.

    Columns: t (the period's middle, in days), mean, low, high.
    """
    last = int(frame["t"].max()) + 1 if not frame.empty else 0
    whole = frame[frame["t"] < last - last % days]
    sums = (whole.assign(period=(whole["t"] // days).astype(np.int64))
            .groupby(["period", "replication"])[column].sum())
    grouped = sums.groupby(level="period")
    result = pd.DataFrame({"mean": grouped.mean(), "low": grouped.quantile(low),
                           "high": grouped.quantile(high)}).reset_index()
    result.insert(0, "t", result.pop("period") * days + days / 2)
    return result


def daily_series(frame: pd.DataFrame, column: str, low: float = 0.05,
                 high: float = 0.95) -> pd.DataFrame:
    """Per day: the mean of `column` over replications and its `low`-`high` band.

    Columns: t, mean, low, high.
    """
    grouped = frame.groupby("t")[column]
    return pd.DataFrame({"mean": grouped.mean(), "low": grouped.quantile(low),
                         "high": grouped.quantile(high)}).reset_index()
