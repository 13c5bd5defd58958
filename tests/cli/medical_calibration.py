#!/usr/bin/python3
"""The medical design meets the Israeli figures it was calibrated to (docs/parameters.md,
"Calibration"): `retzef run medical` (the default region at its steady state, three years of
warm-up) over REPLICATIONS replications, each indicator's mean inside its published target. The
in-silico trials check the recovery design's levels against their trials as ratios and
differences; without this test nothing held the baseline's absolute figures, and a change that
left a fifth of the beds empty or cut the follow-up after discharge to a third passed every
test.

The targets are the calibration table's, read from analysis/retzef_analysis/evidence.toml (the
report's "Against the evidence" sets the same figures beside every medical design), with their
sources there. The involuntary share's source gives one figure (25.3%); its band, 22-29%, is an
assumption (about the spread of the other targets), said there.

Usage: medical_calibration.py RETZEF [SCENARIO [REPLICATIONS]]
(SCENARIO: `medical`, the built-in, by default; a file to see a changed one fail.)
"""
import json
import os
import subprocess
import sys
import tomllib

# The published figures and their bands, with their sources: the report's "Against the
# evidence" reads the same file.
FIGURES = os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "analysis",
                       "retzef_analysis", "evidence.toml")


def targets():
    """indicator: (lowest, highest, what was published) for the medical design."""
    with open(FIGURES, "rb") as f:
        figures = tomllib.load(f)
    return {c["indicator"]: (c["low"], c["high"], f"{c['published']} ({'; '.join(c['sources'])})")
            for c in figures["calibration"] if "medical" in c["designs"] and c.get("held", True)}


def main(retzef, scenario="medical", replications="8"):
    goals = targets()
    assert len(goals) == 6, f"expected the six calibration targets, got {sorted(goals)}"
    out = subprocess.run([retzef, "-q", "run", scenario, "-r", replications, "--json"],
                         check=True, capture_output=True, text=True).stdout
    means = {}
    for line in out.splitlines():
        row = json.loads(line)
        if row.get("indicator") in goals:  # one design: the scenario's
            means[row["indicator"]] = row["mean"]
    missing = sorted(set(goals) - set(means))
    assert not missing, f"not in the output: {missing}"
    off = []
    for name, (low, high, what) in goals.items():
        mean = means[name]
        verdict = "ok" if low <= mean <= high else "OFF"
        print(f"{verdict:>3} {name} = {mean:.4g}, target {low:g}-{high:g} {what}")
        if verdict != "ok":
            off.append(name)
    assert not off, f"the medical design is off its calibration targets: {off}"


if __name__ == "__main__":
    main(*sys.argv[1:])
