"""A pathway network's per-level queueing figures (docs/output.md, "Queueing figures per level")
against the same figures derived independently from the run's trace: the `events` table's moves
and the `patients` table's onsets and days per level. Counts, sojourns and utilisation agree to
rounding; the wait percentiles to the histogram's resolution (7.5%). Needs the simulator
(test_batch.retzef_binary).

Run by hand (`/usr/bin/python3 analysis/tests/test_pathway_figures.py SCENARIO.toml [REPS]`,
the scenario with `trace = "full"`), it prints the two side by side.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_batch import retzef_binary  # noqa: E402

# A tandem whose first level turns people away when its buffer is full and whose second blocks
# them in the first (blocking after service): loss, waits and blocking all happen.
TANDEM = """
[scenario]
name = "tandem"
horizon_days = 4000
warmup_days = 100
trace = "full"

[[levels]]
name = "assessment"
kind = "clinic"
length_of_stay = { distribution = "exponential", mean = 1.0 }
queue_limit = 3

[[levels]]
name = "ward"
kind = "inpatient"
length_of_stay = { distribution = "exponential", mean = 2.0 }
queue_limit = 1

[[regions]]
name = "site"
population = 1
capacity = { assessment = 1, ward = 2 }

[policy]
name = "pathway"

[pathway]
block_after_service = true

[[pathway.arrivals]]
level = "assessment"
per_day = 0.9

[[pathway.routes]]
from = "assessment"
to = { ward = 0.8 }
"""

BIN = 10 ** (1 / 32) - 1  # the wait histogram's relative resolution


def derive(rep, levels: list[str], warmup: float, horizon: float,
           capacity: dict[str, int]) -> dict[str, float]:
    """The figures of one replication from its trace alone (arrivals only at the first level;
    `capacity`: each level's places, from the scenario)."""
    events, patients = rep["events"][:], rep["patients"][:]
    kinds = h5py.check_enum_dtype(rep["events"].dtype["kind"])
    years = (horizon - warmup) / 365.0
    moves = events[events["kind"] == kinds["move"]]
    onset = {int(p["person"]): float(p["onset"]) for p in patients}
    out: dict[str, float] = {}
    arrived = patients[patients["onset"] >= warmup]
    moved = set(int(x) for x in moves["person"])
    # An arrival that left at once without a move was turned away at the first level.
    lost = [p for p in arrived
            if int(p["person"]) not in moved and p["exited"] and p["end"] == p["onset"]]
    out[f"arrivals_{levels[0]}_per_year"] = len(arrived) / years
    out[f"lost_{levels[0]}_per_year"] = len(lost) / years
    out[f"loss_probability_{levels[0]}"] = len(lost) / len(arrived)
    for code, name in enumerate(levels):
        into = moves[moves["to_level"] == code]
        out_of = moves[moves["from_level"] == code]
        out[f"entries_{name}_per_year"] = len(into) / years
        out[f"completed_{name}_per_year"] = len(out_of) / years
        # Stays entered and left in the observation period, matched by person in time order.
        entered: dict[int, float] = {}
        stays = []
        for m in moves:
            who = int(m["person"])
            if m["to_level"] == code:
                entered[who] = float(m["t"])
            elif m["from_level"] == code and who in entered:
                stays.append(float(m["t"]) - entered.pop(who))
        out[f"sojourn_{name}"] = float(np.mean(stays))
        days = float(np.sum(patients[f"days_{name}"], dtype=np.float64))
        out[f"utilisation_{name}"] = days / (horizon - warmup) / capacity[name]
    # Blocking from the full trace's block_start / block_end pairs (docs/output.md, "events"):
    # person-days waiting in place in each level, clipped to the observation; a wait open at
    # the end of the warm-up has its end but no start row, one open at the end only a start.
    starts = events[events["kind"] == kinds["block_start"]]
    ends = events[events["kind"] == kinds["block_end"]]
    blocked = np.zeros(len(levels))
    open_since: dict[int, tuple[int, float]] = {}
    for row in np.sort(np.concatenate([starts, ends]), order="t", kind="stable"):
        who, t = int(row["person"]), float(row["t"])
        if row["kind"] == kinds["block_start"]:
            assert who not in open_since, "two waits in place at once"
            open_since[who] = (int(row["from_level"]), t)
        else:
            level, since = open_since.pop(who, (int(row["from_level"]), warmup))
            assert level == int(row["from_level"]), "a block ends in another level"
            blocked[level] += t - since
    for level, since in open_since.values():
        blocked[level] += horizon - since
    for code, name in enumerate(levels):
        out[f"blocked_{name}"] = blocked[code] / (horizon - warmup)
    # The first level's waits: everyone entering it asked at their onset.
    waits = np.array([float(m["t"]) - onset[int(m["person"])]
                      for m in moves if m["to_level"] == 0 and m["from_level"] == -1])
    out[f"waited_share_{levels[0]}"] = float(np.mean(waits > 0))
    for q in (50, 90, 95):
        out[f"wait_p{q}_{levels[0]}"] = float(np.quantile(waits, q / 100, method="inverted_cdf"))
    return out


def compare(path: Path) -> list[tuple[str, float, float]]:
    """(figure, retzef, from the trace) for every replication of the file's one case."""
    import tomllib
    rows = []
    with h5py.File(path, "r") as f:
        case = list(f["runs"])[0]
        attrs = f["designs"][case].attrs
        levels = [x.decode() if isinstance(x, bytes) else x for x in f["designs"][case]["levels"][:]]
        warmup, horizon = float(attrs["warmup_days"]), float(attrs["horizon_days"])
        text = attrs["scenario"]
        scenario = tomllib.loads(text.decode() if isinstance(text, bytes) else text)
        capacity = scenario["regions"][0]["capacity"]
        for rep in f["runs"][case].values():
            summary = rep["summary"][0]
            for name, value in derive(rep, levels, warmup, horizon, capacity).items():
                rows.append((name, float(summary[name]), value))
    return rows


def run(scenario: Path, out: Path, replications: int) -> Path:
    result = subprocess.run([str(retzef_binary()), "--quiet", "run", str(scenario), "-r",
                             str(replications), "-t", "2", "-o", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"retzef run failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_pathway_figures_match_the_trace(tmp_path):
    scenario = tmp_path / "tandem.toml"
    scenario.write_text(TANDEM)
    rows = compare(run(scenario, tmp_path / "tandem.h5", 2))
    assert len(rows) == 2 * 17
    for name, reported, derived in rows:
        if name.startswith("wait_p"):  # the histogram's resolution
            assert abs(reported - derived) <= BIN * derived + 1e-9, (name, reported, derived)
        elif name.startswith("utilisation"):  # the trace's days are single precision
            assert reported == pytest.approx(derived, rel=1e-5), name
        else:
            assert reported == pytest.approx(derived, rel=1e-9, abs=1e-12), (
                name, reported, derived)
    # The case is not trivial: people were lost, waited and blocked.
    got = {name: reported for name, reported, _ in rows}
    assert got["loss_probability_assessment"] > 0.01
    assert got["waited_share_assessment"] > 0.1
    assert got["blocked_assessment"] > 0.01


def test_the_worked_example_of_the_docs(tmp_path):
    """experiments/pathways/crisis_pathway.toml (docs/scenario.md, "From Ciw or PathSimR"): the
    figures the docs quote are those retzef reports, and the trace gives the same."""
    example = Path(__file__).resolve().parents[2] / "experiments/pathways/crisis_pathway.toml"
    scenario = tmp_path / "crisis_pathway.toml"
    scenario.write_text(example.read_text().replace('[scenario]\n', '[scenario]\ntrace = "full"\n', 1))
    rows = compare(run(scenario, tmp_path / "crisis.h5", 2))
    assert len(rows) == 2 * 22
    for name, reported, derived in rows:
        if name.startswith("wait_p"):
            assert abs(reported - derived) <= BIN * derived + 1e-9, (name, reported, derived)
        elif name.startswith("utilisation"):
            assert reported == pytest.approx(derived, rel=1e-5), name
        else:
            assert reported == pytest.approx(derived, rel=1e-9, abs=1e-12), (
                name, reported, derived)
    got = {name: reported for name, reported, _ in rows}
    assert got["blocked_assessment"] > 0.1 and got["blocked_ward"] > 0.1


def test_a_pathway_report_counts_per_year_and_needs_no_population(tmp_path):
    """The worked example declares no population: its file and its report count per year, with
    no rate per 1,000 residents and none of the care model's money per resident."""
    from conftest import run_report
    example = Path(__file__).resolve().parents[2] / "experiments/pathways/crisis_pathway.toml"
    assert "population" not in example.read_text()
    path = run(example, tmp_path / "crisis.h5", 2)
    with h5py.File(path, "r") as f:
        names = [n.decode() for n in f["names/indicators"]["name"]]
        units = [u.decode() for u in f["names/indicators"]["unit"]]
    assert "bed_days_per_year" in names and "blocked_days_ward_per_year" in names
    assert not [n for n in names if "per_1000" in n or "per_capita" in n]
    assert not [u for u in units if "1,000" in u]
    run_report(path, "-o", tmp_path / "report", check=True)
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "Inpatient bed-days a year" in page
    assert "1,000 residents" not in page
    # Its key table is the network's figures per level, in the network's order.
    key = page[page.index('<table id="key-table">'):]
    key = key[:key.index("</table>")]
    rows = [key.index(f"{lv}: utilisation") for lv in ("Assessment", "Ward", "Home team")]
    assert rows == sorted(rows)
    assert "Ward: share of requests turned away" in key and "Budget" not in key
    # A pathway has no condition groups and no money per resident: no link to those sections.
    from test_report import nav_targets_missing
    assert nav_targets_missing(page) == []
    assert 'href="#groups"' not in page and 'href="#money"' not in page
    # Nor the care model's demand panel: its arrivals are not new cases of illness.
    assert "Waiting for a coordinator, and new cases" not in page
    assert "No new cases" not in page


SCHEDULED = """
[scenario]
name = "calendar"
horizon_days = 600
warmup_days = 0
trace = "full"
seed = 5

[[levels]]
name = "clinic"
kind = "clinic"
capacity_unit = "unlimited"
length_of_stay = { distribution = "exponential", mean = 1.0 }

[[regions]]
name = "site"
population = 1

[policy]
name = "pathway"

[[pathway.arrivals]]
level = "clinic"
per_day = 2
# A step to four times the rate for days 200-400, then back; the first stream's calendar.
schedule = [[200, 1], [200.001, 4], [400, 4], [400.001, 1]]

[[pathway.arrivals]]
level = "clinic"
per_day = 3
# A ramp from nothing to the full rate over the run.
schedule = [[0, 0], [600, 1]]
"""


def test_arrival_schedules_shape_the_arrivals(tmp_path):
    """A stream's `schedule` multiplies its rate by a piecewise-linear curve over days (as
    PathSimR's arrival calendars): arrivals counted from the full trace follow it, within five
    Poisson standard deviations."""
    scenario = tmp_path / "calendar.toml"
    scenario.write_text(SCHEDULED)
    path = run(scenario, tmp_path / "calendar.h5", 1)
    with h5py.File(path, "r") as f:
        case = list(f["runs"])[0]
        rep = list(f["runs"][case].values())[0]
        events = rep["events"][:]
        kinds = h5py.check_enum_dtype(rep["events"].dtype["kind"])
        moves = events[events["kind"] == kinds["move"]]
        onsets = events[events["kind"] == kinds["onset"]]
    assert len(onsets) == len(moves[moves["from_level"] == -1])  # everyone arriving enters
    t = onsets["t"]

    def expect(lo: float, hi: float) -> float:
        step = 2 * ((hi - lo) + 3 * (min(hi, 400) - max(lo, 200)) * (lo < 400 and hi > 200))
        ramp = 3 * (hi ** 2 - lo ** 2) / (2 * 600)
        return step + ramp

    for lo, hi in ((0, 200), (200.001, 400), (400.001, 600), (0, 100), (500, 600)):
        n = float(np.sum((t > lo) & (t <= hi)))
        mean = expect(lo, hi)
        assert abs(n - mean) <= 5 * mean ** 0.5, (lo, hi, n, mean)


def test_the_full_trace_has_every_handled_event(tmp_path):
    """Under `full` the events table holds, besides moves and exits, each arrival and end of
    stay, and every wait in place as a block_start / block_end pair (docs/output.md)."""
    scenario = tmp_path / "tandem.toml"
    scenario.write_text(TANDEM)
    path = run(scenario, tmp_path / "tandem.h5", 1)
    with h5py.File(path, "r") as f:
        case = list(f["runs"])[0]
        rep = list(f["runs"][case].values())[0]
        events = rep["events"][:]
        kinds = h5py.check_enum_dtype(rep["events"].dtype["kind"])
        count = {name: int(np.sum(events["kind"] == code)) for name, code in kinds.items()}
        summary = rep["summary"][0]
        years = (float(f["designs"][case].attrs["horizon_days"]) -
                 float(f["designs"][case].attrs["warmup_days"])) / 365.0
    # Every arrival after the warm-up is a row, before the decision that places or loses it.
    assert count["onset"] == pytest.approx(summary["arrivals_assessment_per_year"] * years,
                                           abs=0.5)
    # Every completed stay ends with a stay_end row (blocked ones too: the end of service).
    completed = sum(summary[f"completed_{n}_per_year"] for n in ("assessment", "ward")) * years
    assert count["stay_end"] >= completed - 0.5
    assert count["block_start"] > 0
    assert abs(count["block_start"] - count["block_end"]) <= 2  # open at either end


if __name__ == "__main__":
    import tempfile
    from collections import defaultdict
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as work:
        rows = compare(run(Path(sys.argv[1]), Path(work) / "figures.h5", reps))
    by_name = defaultdict(list)
    for name, reported, derived in rows:
        by_name[name].append((reported, derived))
    print(f"| figure (mean of {reps} replications) | retzef | from the trace |")
    print("|---|---|---|")
    for name, pairs in by_name.items():
        print(f"| `{name}` | {np.mean([p[0] for p in pairs]):.6g} | "
              f"{np.mean([p[1] for p in pairs]):.6g} |")
