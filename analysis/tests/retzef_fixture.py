"""Writes small retzef files in the documented layout (docs/output.md), with known values.

The tests check the analysis against numbers worked out by hand, so the file is written here
with h5py, independently of the simulator: three cases (`medical`, and a `recovery` design swept
over `policy.review_days` = 60 and 180), two regions, four levels, and summary values chosen so
that means, intervals and paired differences are easy to compute by hand (see KNOWN).
"""

from __future__ import annotations

import json
import math

import h5py
import numpy as np

NAN = math.nan
LEVELS = ("emergency_room", "inpatient", "clinic", "primary_care")
LEVEL_KINDS = ("emergency", "inpatient", "clinic", "primary_care")
LEVEL_PAYERS = ("ministry_of_health", "ministry_of_health", "health_fund", "health_fund")
REGIONS = ("north", "south")
GROUPS = ("smi", "ptsd")
PAYERS = ("health_fund", "ministry_of_health", "ministry_of_welfare")
AGE_BANDS = ("18-44", "45+")
ENTRY_POINTS = ("emergency_room", "family_doctor")
EVENT_KINDS = ("onset", "move", "exit")
CASES = (
    ("medical", "medical", {}),
    ("recovery@review_days=60", "recovery", {"policy.review_days": 60}),
    ("recovery@review_days=180", "recovery", {"policy.review_days": 180}),
)
WARMUP = 180.0
DAYS = 30  # observed days in the occupancy table

# Summary values by case and replication that the tests compute by hand.
KNOWN = {
    "bed_days_per_1000": {
        "medical": [100.0, 110.0, 120.0],
        "recovery@review_days=60": [80.0, 85.0, 95.0],
        "recovery@review_days=180": [90.0, 100.0, 95.0],
    },
    "readmission_30": {  # NaN in one medical replication: that pair drops out
        "medical": [0.2, NAN, 0.3],
        "recovery@review_days=60": [0.1, 0.15, 0.2],
        "recovery@review_days=180": [0.1, 0.1, 0.1],
    },
    "follow_up_14": {  # one medical value, one complete pair: no interval anywhere
        "medical": [0.3, NAN, NAN],
        "recovery@review_days=60": [0.5, 0.6, NAN],
        "recovery@review_days=180": [NAN, NAN, NAN],
    },
    "wait_first_care": {  # identical values: an interval of width 0
        "medical": [5.0, 5.0, 5.0],
        "recovery@review_days=60": [5.0, 5.0, 5.0],
        "recovery@review_days=180": [4.0, 4.0, 4.0],
    },
    "coordinator_caseload": {  # the medical design has no coordinators
        "medical": [NAN, NAN, NAN],
        "recovery@review_days=60": [30.0, 32.0, 34.0],
        "recovery@review_days=180": [40.0, 41.0, 45.0],
    },
    "cost_per_person_year_health_fund": {
        "medical": [500.0, 600.0, 700.0],
        "recovery@review_days=60": [1200.0, 1300.0, 1400.0],
        "recovery@review_days=180": [1100.0, 1100.0, 1300.0],
    },
    "cost_per_person_year_ministry_of_health": {
        "medical": [2500.0, 2600.0, 2700.0],
        "recovery@review_days=60": [4000.0, 4100.0, 4300.0],
        "recovery@review_days=180": [3900.0, 4000.0, 4200.0],
    },
}

_FIXED = [
    ("bed_days_per_1000", "bed-day per 1,000 population per year"),
    ("admissions_per_1000", "admission per 1,000 population per year"),
    ("inpatient_occupancy", "share"),
    ("mean_inpatient_stay", "day"),
    ("avoidable_admission_share", "share"),
    ("involuntary_share", "share"),
    ("readmission_30", "share"),
    ("readmission_90", "share"),
    ("follow_up_14", "share"),
    ("blocked_days_per_1000", "day per 1,000 population per year"),
    ("community_share", "share"),
    ("wait_first_care", "day"),
    ("time_to_remission", "day"),
    ("functioning_gain", "functioning (0-1)"),
    ("functioning_end", "functioning (0-1)"),
    ("people_in_system", "person"),
    ("new_cases_per_1000", "person per 1,000 population per year"),
    ("coordinator_caseload", "person per coordinator"),
    ("waiting_for_coordinator", "person"),
    ("cost_per_capita", "NIS per resident per year"),
    ("budget_per_capita", "NIS per resident per year"),
    ("cost_per_person_year", "NIS per person-year"),
]


# Which direction is better, as the simulator's catalogue says, for the indicators formed once.
_BETTER = {
    "bed_days_per_1000": "lower", "admissions_per_1000": "lower", "avoidable_admission_share":
    "lower", "readmission_30": "lower", "readmission_90": "lower", "follow_up_14": "higher",
    "blocked_days_per_1000": "lower", "community_share": "higher", "wait_first_care": "lower",
    "time_to_remission": "lower", "functioning_gain": "higher", "functioning_end": "higher",
    "waiting_for_coordinator": "lower", "budget_per_capita": "lower",
}
CATALOGUE_COLUMNS = ("name", "unit", "meaning", "family", "level", "group", "payer", "better")


def indicator_catalogue() -> list[tuple[str, ...]]:
    """The rows of /names/indicators (CATALOGUE_COLUMNS), in the simulator's order."""
    out = [(n, u, f"meaning of {n}", n, "", "", "", _BETTER.get(n, "neither")) for n, u in _FIXED]
    out += [(f"cost_per_person_year_{p}", "NIS per person-year", f"paid by {p}",
             "cost_per_person_year", "", "", p, "neither") for p in PAYERS]
    out += [(f"admissions_{g}_per_1000", "admission per 1,000 population per year",
             f"inpatient admissions of people in group {g}", "admissions_per_1000", "", g, "",
             "lower") for g in GROUPS]
    for lv, kind in zip(LEVELS, LEVEL_KINDS):
        hospital = kind in ("inpatient", "emergency")
        out += [(f"occupancy_{lv}", "share", f"occupancy of {lv}", "occupancy", lv, "", "",
                 "neither"),
                (f"wait_{lv}", "day", f"wait for {lv}", "wait", lv, "", "", "lower"),
                (f"waiting_{lv}", "person", f"waiting for {lv}", "waiting", lv, "", "", "lower"),
                (f"entries_{lv}_per_1000", "entry per 1,000 population per year",
                 f"people entering {lv}", "entries_per_1000", lv, "", "",
                 "lower" if hospital else "neither")]
    # The warm-up check, last as in the simulator's catalogue.
    days = "day from the start of the run"
    out += [("mser_truncation_days", days, "MSER-5 truncation point", "mser_truncation_days",
             "", "", "", "neither"),
            ("warmup_passes_mser", "share", "runs whose warm-up is long enough",
             "warmup_passes_mser", "", "", "", "neither")]
    out += [(f"mser_truncation_days_{lv}", days, f"MSER-5 truncation point of {lv}",
             "mser_truncation_days", lv, "", "", "neither") for lv in LEVELS]
    return out


def indicator_names() -> list[tuple[str, str]]:
    """(name, unit) of every summary field, in the simulator's order."""
    return [(row[0], row[1]) for row in indicator_catalogue()]


def summary_value(name: str, case_index: int, case: str, rep: int) -> float:
    if name in KNOWN:
        return _known(name, case_index, case)[rep]
    if name == "cost_per_person_year":
        return sum(_known(f"cost_per_person_year_{p}", case_index, case)[rep]
                   for p in ("health_fund", "ministry_of_health"))
    if name == "cost_per_person_year_ministry_of_welfare":
        return 0.0
    if "share" in name or name.startswith(("occupancy_", "readmission", "follow")):
        return 0.1 + 0.2 * case_index + 0.01 * rep
    # Any other: a distinct positive number per indicator, case and replication.
    return 10.0 * (1 + case_index) + rep + 0.5 * (len(name) % 7)


def warmup_check_value(name: str, case: str, rep: int, mser: dict | None) -> float:
    """The warm-up check's indicators: `mser` gives {case: {level: [days per replication]}};
    levels and cases it leaves out settle on day 20, well inside the warm-up."""
    def level_days(lv: str) -> float:
        return (mser or {}).get(case, {}).get(lv, [20.0] * (rep + 1))[rep]

    overall = max(level_days(lv) for lv in LEVELS)
    if name == "mser_truncation_days":
        return overall
    if name == "warmup_passes_mser":
        return 1.0 if WARMUP >= overall else 0.0
    return level_days(name[len("mser_truncation_days_"):])


def _known(name: str, case_index: int, case: str) -> list[float]:
    # Cases named otherwise (tests of other case lists) take the values by position.
    by_case = KNOWN[name]
    return by_case.get(case, list(by_case.values())[case_index % len(by_case)])


def level_enum() -> np.dtype:
    return h5py.enum_dtype({"none": -1, **{lv: i for i, lv in enumerate(LEVELS)}}, basetype="i2")


def region_enum() -> np.dtype:
    return h5py.enum_dtype({r: i for i, r in enumerate(REGIONS)}, basetype="u4")


def flow_rows(case_index: int, rep: int) -> list[tuple[int, int, int]]:
    """(from, to, moves) for one replication; -1 is `none` (the community)."""
    er, inpatient, clinic, primary = range(4)
    if case_index == 0:
        return [(-1, er, 10 + rep), (-1, clinic, 30), (er, inpatient, 5), (er, -1, 5 + rep),
                (inpatient, clinic, 4), (inpatient, -1, 1), (clinic, -1, 20)]
    return [(-1, er, 2), (-1, clinic, 20 + rep), (-1, primary, 18), (er, inpatient, 1),
            (er, clinic, 1), (inpatient, clinic, 1), (clinic, primary, 10), (primary, -1, 25)]


def occupancy_rows(case_index: int, rep: int) -> list[tuple]:
    """Daily rows per region and level. The inpatient ward (10 beds a region) is full in the
    north on even days in the medical case, so full_share_inpatient is 0.25 there (half the
    days, one region in two), and never full in the other cases."""
    rows = []
    capacity = {0: math.inf, 1: 10.0, 2: 50.0, 3: math.inf}
    for day in range(DAYS):
        t = WARMUP + day
        for region in range(len(REGIONS)):
            for level in range(len(LEVELS)):
                if case_index == 0:
                    occupied = {0: 1, 1: 10 if (region == 0 and day % 2 == 0) else 7,
                                2: 30 + rep, 3: 0}[level]
                    waiting = {2: 5 + day % 3}.get(level, 0)
                else:
                    occupied = {0: 0, 1: 3, 2: 35, 3: 20 + rep}[level]
                    waiting = {2: 1}.get(level, 0)
                rows.append((t, region, level, occupied, waiting, 0, capacity[level]))
    return rows


def group_flow_rows(case_index: int, rep: int) -> list[tuple[int, int, int, int]]:
    """(group, from, to, moves): the SMI group makes half of each flow's moves (rounded down),
    the PTSD group the rest, so that they add up to flow_rows."""
    rows = []
    for group in range(len(GROUPS)):
        for a, b, moves in flow_rows(case_index, rep):
            part = moves // 2 if group == 0 else moves - moves // 2
            if part:
                rows.append((group, a, b, part))
    return rows


def daily_rows(case_index: int) -> list[tuple]:
    """The daily table from day 0, per region: nobody waits for a coordinator in the medical
    case, 3 (even days) or 4 (odd days) per region in the others; every region has one SMI new
    case a day, and 1 + day // 60 PTSD new cases a day (a surge, by steps of 60 days)."""
    rows = []
    for day in range(int(WARMUP) + DAYS):
        for region in range(len(REGIONS)):
            line = 0 if case_index == 0 else 3 + day % 2
            rows.append((float(day), region, line, 1, 1 + day // 60))
    return rows


def layout() -> dict:
    """The part of /meta's `layout` (docs/output.md) that the analysis reads: the label lists
    and the enumerated columns of each table."""
    design = "/designs/<case>"

    def table(name, fields):
        return {"path": f"/runs/<case>/<rep>/{name}", "kind": "table",
                "fields": [{"name": n, "type": t, **({"labels": lab} if lab else {})}
                           for n, t, lab in fields]}

    return {
        "format_version": 1,
        "label_lists": [
            {"name": "levels", "fixed": ["none"], "first_code": -1, "table": f"{design}/levels"},
            {"name": "regions", "fixed": [], "first_code": 0, "table": f"{design}/regions"},
            {"name": "groups", "fixed": [], "first_code": 0, "table": f"{design}/groups"},
            {"name": "event_kinds", "fixed": [], "first_code": 0,
             "table": "/names/event_kinds"},
        ],
        "datasets": [
            table("flows", [("from_level", "int16", "levels"), ("to_level", "int16", "levels"),
                            ("moves", "uint64", "")]),
            table("occupancy", [("t", "float64", ""), ("region", "uint32", "regions"),
                                ("level", "int16", "levels"), ("occupied", "uint32", ""),
                                ("waiting", "uint32", ""), ("blocked", "uint32", ""),
                                ("capacity", "float64", "")]),
            table("group_flows", [("group", "uint8", "groups"), ("from_level", "int16", "levels"),
                                  ("to_level", "int16", "levels"), ("moves", "uint64", "")]),
            table("daily", [("t", "float64", ""), ("region", "uint32", "regions"),
                            ("coordinator_waiting", "uint32", ""),
                            ("new_cases_<group>", "uint32", "")]),
            table("events", [("t", "float64", ""), ("region", "uint32", "regions"),
                             ("person", "uint32", ""), ("kind", "uint8", "event_kinds"),
                             ("from_level", "int16", "levels"), ("to_level", "int16", "levels"),
                             ("acuity", "uint8", "")]),
        ],
    }


def _strings(group, name, values):
    group.create_dataset(name, data=np.array(values, dtype=object), dtype=h5py.string_dtype())


def _table(group, name, rows, dtype, description, units):
    data = np.array(rows, dtype=dtype)
    ds = group.create_dataset(name, data=data, chunks=True if len(rows) else None,
                              compression="gzip" if len(rows) else None,
                              shuffle=bool(len(rows)), maxshape=(None,))
    ds.attrs["description"] = description
    ds.attrs.create("units", data=np.array(units, dtype=object), dtype=h5py.string_dtype())
    ds.attrs.create("descriptions", data=np.array([""] * len(units), dtype=object),
                    dtype=h5py.string_dtype())


def write(path, replications: int = 3, cases=CASES, events: bool = True,
          mser: dict | None = None, extra_indicators=(), values: dict | None = None,
          meta_attributes: dict | None = None, daily: bool = True) -> None:
    """Writes the fixture file: `cases` of (name, design, sweep), `replications` each, with the
    daily and group_flows tables unless `daily` is False (a file written before them); `mser`
    sets warm-up check truncation points (warmup_check_value). `extra_indicators` are more
    catalogue rows (CATALOGUE_COLUMNS), `values` sets {indicator: {case: [value per
    replication]}} (for those and any other; unset extra ones are 0), `meta_attributes` more
    /meta attributes."""
    catalogue = indicator_catalogue() + [tuple(r) for r in extra_indicators]
    names = [(row[0], row[1]) for row in catalogue]
    extra = {row[0] for row in extra_indicators}
    chosen = dict(values or {})

    def value(n, case_index, case, rep):
        if n in chosen and case in chosen[n]:
            return chosen[n][case][rep]
        if n in extra:
            return 0.0
        if n.startswith(("mser_truncation_days", "warmup_passes_mser")):
            return warmup_check_value(n, case, rep, mser)
        return summary_value(n, case_index, case, rep)

    s = h5py.string_dtype()
    with h5py.File(path, "w") as f:
        meta = f.create_group("meta")
        meta.attrs["format_version"] = np.int32(1)
        meta.attrs["retzef_version"] = "0.1.0"
        meta.attrs["experiment"] = "[experiment]\nname = \"fixture\"\n"
        meta.attrs["experiment_file"] = "fixture.toml"
        meta.attrs["experiment_name"] = "fixture"
        meta.attrs["seed"] = np.uint64(7)
        meta.attrs["replications"] = np.uint32(replications)
        meta.attrs.create("cases", data=np.array([c[0] for c in cases], dtype=object), dtype=s)
        meta.attrs["created"] = "2026-01-01T00:00:00Z"
        meta.attrs["host"] = "test"
        meta.attrs["threads"] = np.int32(2)
        meta.attrs["ranks"] = np.int32(1)
        meta.attrs["wall_seconds"] = 0.5
        meta.attrs["layout"] = json.dumps(layout())
        for key, v in (meta_attributes or {}).items():
            meta.attrs[key] = v
        names_group = f.create_group("names")
        _strings(names_group, "event_kinds", EVENT_KINDS)
        names_group.create_dataset(
            "indicators", data=np.array(catalogue, dtype=[(c, s) for c in CATALOGUE_COLUMNS]))
        level_t, region_t = level_enum(), region_enum()
        for case_index, (case, design, sweep) in enumerate(cases):
            g = f.create_group(f"designs/{case}")
            g.attrs["design"] = design
            g.attrs["sweep"] = json.dumps(sweep)
            g.attrs["scenario"] = (f"[scenario]\nname = \"{design}\"\n# <b>not html</b>\n"
                                   + "".join(f"\n[[levels]]\nname = \"{name}\"\nkind = \"{kind}\"\n"
                                             for name, kind in zip(LEVELS, LEVEL_KINDS)))
            g.attrs["policy"] = design
            g.attrs["horizon_days"] = WARMUP + DAYS
            g.attrs["warmup_days"] = WARMUP
            g.attrs["population"] = 100000.0
            for table, values in (("levels", LEVELS), ("level_kinds", LEVEL_KINDS),
                                  ("level_payers", LEVEL_PAYERS), ("regions", REGIONS),
                                  ("groups", GROUPS), ("payers", PAYERS),
                                  ("age_bands", AGE_BANDS), ("entry_points", ENTRY_POINTS)):
                _strings(g, table, values)
            runs = f.create_group(f"runs/{case}")
            trace = "transitions" if events and case_index == 0 else "summary"
            runs.attrs["trace"] = trace
            for rep in range(replications):
                r = runs.create_group(f"{rep:04d}")
                r.attrs["replication"] = np.uint32(rep)
                r.attrs["events"] = np.uint64(1000 + rep)
                r.attrs["checksum"] = "00ff"
                row = tuple(value(n, case_index, case, rep) for n, _ in names)
                _table(r, "summary", [row], [(n, "<f8") for n, _ in names],
                       "indicators", [u for _, u in names])
                _table(r, "flows", flow_rows(case_index, rep),
                       [("from_level", level_t), ("to_level", level_t), ("moves", "<u8")],
                       "moves between levels", ["", "", "move"])
                _table(r, "occupancy", occupancy_rows(case_index, rep),
                       [("t", "<f8"), ("region", region_t), ("level", level_t),
                        ("occupied", "<u4"), ("waiting", "<u4"), ("blocked", "<u4"),
                        ("capacity", "<f8")],
                       "daily occupancy", ["day", "", "", "person", "person", "person", "place"])
                if daily:
                    group_t = h5py.enum_dtype({g: i for i, g in enumerate(GROUPS)},
                                              basetype="u1")
                    _table(r, "group_flows", group_flow_rows(case_index, rep),
                           [("group", group_t), ("from_level", level_t), ("to_level", level_t),
                            ("moves", "<u8")], "moves by condition group", ["", "", "", "move"])
                    _table(r, "daily", daily_rows(case_index),
                           [("t", "<f8"), ("region", region_t), ("coordinator_waiting", "<u4")]
                           + [(f"new_cases_{g}", "<u4") for g in GROUPS],
                           "per day and region from day 0", ["day", "", "person"]
                           + ["person"] * len(GROUPS))
                if trace != "summary":
                    kind_t = h5py.enum_dtype({k: i for i, k in enumerate(EVENT_KINDS)},
                                             basetype="u1")
                    _table(r, "events", [(WARMUP + 1, 0, 3, 1, -1, 0, 4),
                                         (WARMUP + 2, 1, 5, 2, 1, -1, 1)],
                           [("t", "<f8"), ("region", region_t), ("person", "<u4"),
                            ("kind", kind_t), ("from_level", level_t), ("to_level", level_t),
                            ("acuity", "u1")],
                           "events", ["day", "", "", "", "", "", ""])
