"""Per-replication indicators: the simulator's own, from `summary`, and a few derived ones.

The summary table holds every indicator the simulator forms (docs/output.md, /names/indicators).
Two more come from the tables every file has:

- er_front_door_share (flows): of the entries into care from the community (moves from level
  `none`), the share whose first level was an emergency-kind level — the ER as the front door;
- full_share_<level> (occupancy): the share of region-days on which a level with a finite
  capacity was at or over it;
- people_waiting (summary): everyone on a level's waiting list, summed over the levels (the
  indicators of family `waiting`);
- money in NIS per year, when the file predates the simulator's own (budget_per_year,
  spending_per_year and spending_per_year_<payer>): the budget and the care delivered per
  resident times the population, spending split by payer in the proportions of the cost per
  person-year each payer bears. The report says so in a footnote (`money_derived`).

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
                    flows: dict[str, pd.DataFrame] | None = None,
                    summary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every indicator of every replication of every case, long: LONG_COLUMNS.

    `occupancy` and `flows` (from aggregates, per case) and `summary` (from `summary_long`) are
    read from the file when not given.
    """
    long = summary if summary is not None else summary_long(rf)
    derived = []
    families = {r["name"]: r for r in catalogue_rows(rf).values()}
    for case in rf.cases:
        occ = occupancy[case] if occupancy is not None else aggregates.occupancy(rf, case)
        flw = flows[case] if flows is not None else aggregates.flows(rf, case)
        derived.append(_derived(rf, case, occ, flw))
        derived.append(_from_summary(rf, case, long[long["case"] == case], families))
    result = pd.concat([long] + derived, ignore_index=True)[LONG_COLUMNS]
    result["value"] = result["value"].astype(float)
    result["replication"] = result["replication"].astype(int)
    return result


def summary_long(rf: RetzefFile) -> pd.DataFrame:
    """The indicators the simulator wrote in each replication's summary, long: LONG_COLUMNS (the
    values as written; `per_replication` adds the derived ones)."""
    summary = rf.summary()
    names = [c for c in summary.columns if c not in ("case", "design", "replication")]
    long = summary.melt(id_vars=["case", "design", "replication"], value_vars=names,
                        var_name="indicator", value_name="value")
    long["case"] = long["case"].astype(str)
    long["design"] = long["design"].astype(str)
    # A case whose scenario lacks an indicator another case has (other levels or groups) gets
    # NaN from the wide summary; those rows are not values, so they go.
    present = {(c, n) for c in rf.cases for n in rf.summary_fields(c)}
    return long[[(c, n) in present for c, n in zip(long["case"], long["indicator"])]]


MONEY_TOTALS = ("budget_per_year", "spending_per_year")


def money_derived(rf: RetzefFile) -> bool:
    """Whether the money in NIS per year is formed here (the file predates the simulator's)."""
    return "budget_per_year" not in set(rf.indicator_table["name"]) \
        if len(rf.indicator_table) else True


def payers(rf: RetzefFile) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for c in rf.cases for p in rf.case(c).payers))


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
    rows.append(dict(row("people_waiting", "people_waiting", "",
                         "people on the waiting list of any level", "lower"), unit="person"))
    if money_derived(rf):
        nis = "NIS per year"
        rows.append(dict(row("budget_per_year", "budget_per_year", "",
                             "the budget: capacity provided, all payers", "lower"), unit=nis))
        rows.append(dict(row("spending_per_year", "spending_per_year", "",
                             "care delivered, all payers", "neither"), unit=nis))
        rows += [dict(row(f"spending_per_year_{p}", "spending_per_year", "",
                          f"care delivered, paid by {p}", "neither"), unit=nis, payer=p)
                 for p in payers(rf)]
    return rows


def _from_summary(rf: RetzefFile, case: str, long: pd.DataFrame, rows: dict) -> pd.DataFrame:
    """The derived indicators formed from a case's summary values (the module's docstring)."""
    wide = long.pivot_table(index="replication", columns="indicator", values="value",
                            aggfunc="first", dropna=False)
    out = {}
    waiting = [n for n in wide.columns if rows.get(n, {}).get("family") == "waiting"]
    if waiting:
        out["people_waiting"] = wide[waiting].sum(axis=1, min_count=1)
    if money_derived(rf):
        population = rf.case(case).population
        for name, per_capita in (("budget_per_year", "budget_per_capita"),
                                 ("spending_per_year", "cost_per_capita")):
            if per_capita in wide.columns and math.isfinite(population):
                out[name] = wide[per_capita] * population
        total = wide.get("cost_per_person_year")
        if "spending_per_year" in out and total is not None:
            for p in rf.case(case).payers:
                part = wide.get(f"cost_per_person_year_{p}")
                if part is not None:
                    share = (part / total).where(total > 0)
                    out[f"spending_per_year_{p}"] = out["spending_per_year"] * share
    frames = [pd.DataFrame({"replication": s.index.astype(int), "indicator": n,
                            "value": s.to_numpy(dtype=float)}) for n, s in out.items()]
    frame = (pd.concat(frames, ignore_index=True) if frames else
             pd.DataFrame(columns=["replication", "indicator", "value"]))
    frame.insert(0, "design", rf.case(case).design)
    frame.insert(0, "case", case)
    return frame


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
