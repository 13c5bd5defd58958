"""Per-replication indicators: the simulator's own, from `summary`, and a few derived ones.

The summary table holds every indicator the simulator forms (docs/output.md, /names/indicators).
Two more come from the tables every file has:

- er_front_door_share (flows): of the entries into care from the community (moves from level
  `none`), the share whose first level was an emergency-kind level — the ER as the front door;
- full_share_<level> (occupancy): the share of region-days on which a level with a finite
  capacity was at or over it.

The result is long — one row per case, replication and indicator — which is what the interval
and difference code and the CSV want.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from retzef_analysis import aggregates, catalogue
from retzef_analysis.file import NO_LEVEL, RetzefFile

LONG_COLUMNS = ["case", "design", "replication", "indicator", "value"]


def per_replication(rf: RetzefFile, occupancy: dict[str, pd.DataFrame] | None = None,
                    flows: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every indicator of every replication of every case, long: LONG_COLUMNS.

    `occupancy` and `flows` (from aggregates, per case) are read from the file when not given.
    """
    summary = rf.summary()
    names = [c for c in summary.columns if c not in ("case", "design", "replication")]
    long = summary.melt(id_vars=["case", "design", "replication"], value_vars=names,
                        var_name="indicator", value_name="value")
    long["case"] = long["case"].astype(str)
    long["design"] = long["design"].astype(str)
    # A case whose scenario lacks an indicator another case has (other levels or groups) gets
    # NaN from the wide summary; those rows are not values, so they go.
    present = {(c, n) for c in rf.cases for n in rf.summary_fields(c)}
    long = long[[(c, n) in present for c, n in zip(long["case"], long["indicator"])]]
    derived = []
    for case in rf.cases:
        occ = occupancy[case] if occupancy is not None else aggregates.occupancy(rf, case)
        flw = flows[case] if flows is not None else aggregates.flows(rf, case)
        derived.append(_derived(rf, case, occ, flw))
    result = pd.concat([long] + derived, ignore_index=True)[LONG_COLUMNS]
    result["value"] = result["value"].astype(float)
    result["replication"] = result["replication"].astype(int)
    return result


def catalogue_rows(rf: RetzefFile) -> dict[str, dict[str, str]]:
    """The catalogue row (file.INDICATOR_COLUMNS) of every indicator: the file's /names/indicators,
    and the derived indicators' own rows."""
    rows = {r["name"]: r for r in rf.indicator_table.to_dict("records")}
    for row in _derived_rows(rf):
        rows.setdefault(row["name"], row)
    return rows


def descriptions(rf: RetzefFile, indicators: list[str]) -> dict[str, catalogue.IndicatorInfo]:
    """What each indicator means, from its catalogue row; one the catalogue lacks is described
    by its name alone, as descriptive."""
    rows = catalogue_rows(rf)
    return {name: catalogue.describe(rows.get(name, {"name": name})) for name in indicators}


def level_order(rf: RetzefFile) -> tuple[str, ...]:
    """Every level of every case, in the order the cases declare them."""
    return tuple(dict.fromkeys(lv for c in rf.cases for lv in rf.case(c).levels))


def ordered(rf: RetzefFile, indicators) -> list[str]:
    """Indicators in report order (the key indicators first)."""
    names = list(dict.fromkeys(indicators))
    return catalogue.order(names, descriptions(rf, names), level_order(rf))


def _derived_rows(rf: RetzefFile) -> list[dict[str, str]]:
    """Catalogue rows of the indicators formed here (the module's docstring), in the file's
    columns."""
    def row(name, family, level, meaning, better):
        return {"name": name, "unit": "share", "meaning": meaning, "family": family,
                "level": level, "group": "", "payer": "", "better": better}

    rows = [row("er_front_door_share", "er_front_door_share", "",
                "entries into care from the community whose first level was an emergency level",
                "lower")]
    rows += [row(f"full_share_{level}", "full_share", level,
                 f"share of region-days on which {level} was at or over its capacity", "neither")
             for level in level_order(rf)]
    return rows


def _derived(rf: RetzefFile, case: str, occ: pd.DataFrame, flw: pd.DataFrame) -> pd.DataFrame:
    c = rf.case(case)
    reps = rf.replications(case)
    rows = []
    emergency = [lv for lv in c.levels if c.level_kind(lv) == "emergency"]
    if emergency:
        for rep in reps:
            f = flw[(flw["replication"] == rep) & (flw["from_level"] == NO_LEVEL)]
            entries = f["moves"].sum()
            via_er = f[f["to_level"].isin(emergency)]["moves"].sum()
            rows.append((rep, "er_front_door_share",
                         float(via_er / entries) if entries > 0 else math.nan))
    if not occ.empty:
        full = occ.groupby(["level", "replication"], observed=True)[
            ["regions_limited", "regions_full"]].sum().reset_index()
        for level in c.levels:
            part = full[full["level"] == level]
            if part["regions_limited"].sum() == 0:
                continue  # unlimited, or given no places in this case: no share to form
            by_rep = dict(zip(part["replication"],
                              zip(part["regions_limited"], part["regions_full"])))
            for rep in reps:
                limited, n_full = by_rep.get(rep, (0, 0))
                rows.append((rep, f"full_share_{level}",
                             float(n_full / limited) if limited > 0 else math.nan))
    frame = pd.DataFrame(rows, columns=["replication", "indicator", "value"])
    frame.insert(0, "design", c.design)
    frame.insert(0, "case", case)
    frame["value"] = frame["value"].astype(np.float64)
    return frame
