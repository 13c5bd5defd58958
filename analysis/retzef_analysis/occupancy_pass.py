"""Each replication's occupancy table read once for all the report derives from it.

The report needs three things of a case's occupancy tables: the levels summed over regions (the
plots and the derived indicators, `aggregates.occupancy`), each region's means over the measured
days (the regions side by side, `aggregates.by_region`) and each region's and level's daily
series (the warm-up check, `warmup.ensemble`). Each reads every replication's table, which for
the national scenario is 230,000 rows a replication, inflated by libhdf5 each time: three reads
of the national flagship's 90 tables were most of its report's time. Here one read of each
table feeds all three, with the same per-replication steps, so the results are the same.
"""

from __future__ import annotations

import dataclasses
import math

import pandas as pd

from retzef_analysis import aggregates, warmup
from retzef_analysis.file import RetzefFile


@dataclasses.dataclass
class OccupancyPass:
    summed: pd.DataFrame  # aggregates.occupancy's frame
    by_region: pd.DataFrame | None  # aggregates.by_region's frame, when asked for
    series: tuple[warmup.Series, float] | None  # what warmup.ensemble reads, when asked for


def read(rf: RetzefFile, case: str, by_region: bool, series: bool) -> OccupancyPass:
    """The summed frame of `case`, with the regions' means and the warm-up series where asked
    for, from one read of each replication's occupancy table."""
    if not rf.has_table(case, "occupancy"):
        return OccupancyPass(aggregates.occupancy(rf, case),
                             aggregates.by_region(rf, case) if by_region else None,
                             ({}, math.nan) if series else None)
    levels = rf.labels(case, "levels")
    regions = rf.labels(case, "regions") if by_region else None
    warmup_days = rf.case(case).warmup_days
    names = rf.case(case).replications
    summed, measured = [], []
    days: warmup.Series = {}
    first = math.nan
    for i, (rep_name, rep) in enumerate(zip(names, rf.replications(case))):
        raw = rf.table(case, rep_name, "occupancy", names=False)
        if raw.empty:
            continue
        if series:
            first = warmup.add_series(raw, f"/runs/{case}/{rep_name}/occupancy", i, len(names),
                                      days, first)
        if by_region:
            measured.append(aggregates.measured_by_region(raw, warmup_days))
        summed.append(aggregates.summed_over_regions(raw, rep, levels.first_code))
    return OccupancyPass(aggregates.occupancy_frame(summed, list(levels.names)),
                         aggregates.region_means(measured, levels, regions) if by_region else None,
                         (dict(sorted(days.items())), first) if series else None)
