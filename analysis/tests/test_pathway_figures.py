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


def derive(rep, levels: list[str], warmup: float, horizon: float) -> dict[str, float]:
    """The figures of one replication from its trace alone."""
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
        capacity = {"assessment": 1, "ward": 2}.get(name)
        out[f"utilisation_{name}"] = days / (horizon - warmup) / capacity
    # The first level's waits: everyone entering it asked at their onset.
    waits = np.array([float(m["t"]) - onset[int(m["person"])]
                      for m in moves if m["to_level"] == 0 and m["from_level"] == -1])
    out[f"waited_share_{levels[0]}"] = float(np.mean(waits > 0))
    for q in (50, 90, 95):
        out[f"wait_p{q}_{levels[0]}"] = float(np.quantile(waits, q / 100, method="inverted_cdf"))
    return out


def compare(path: Path) -> list[tuple[str, float, float]]:
    """(figure, retzef, from the trace) for every replication of the file's one case."""
    rows = []
    with h5py.File(path, "r") as f:
        case = list(f["runs"])[0]
        attrs = f["designs"][case].attrs
        levels = [x.decode() if isinstance(x, bytes) else x for x in f["designs"][case]["levels"][:]]
        warmup, horizon = float(attrs["warmup_days"]), float(attrs["horizon_days"])
        for rep in f["runs"][case].values():
            summary = rep["summary"][0]
            for name, value in derive(rep, levels, warmup, horizon).items():
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
    assert len(rows) == 2 * 15
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
