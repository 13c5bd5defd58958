"""The report of a real `retzef batch` run (tests/small_experiment.toml).

Needs the simulator: CTest passes it as RETZEF_BINARY; run by hand, the release build is used.
Without a binary the test fails (it does not skip): the report must work on what the simulator
really writes, not only on the fixture.
"""

import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from conftest import ANALYSIS, TESTS, run_report

CASES = {"medical", "recovery@review_days=60", "recovery@review_days=180", "fewer_beds"}


def retzef_binary() -> Path:
    binary = os.environ.get("RETZEF_BINARY")
    path = Path(binary) if binary else ANALYSIS.parent / "build" / "release" / "experiments" / \
        "retzef"
    if not path.is_file():
        pytest.fail(f"no retzef binary at {path}: build it (cmake --workflow --preset test) or "
                    "set RETZEF_BINARY")
    return path


@pytest.fixture(scope="module")
def small_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "small.h5"
    result = subprocess.run([str(retzef_binary()), "--quiet", "batch",
                             str(TESTS / "small_experiment.toml"), "-o", str(out),
                             "--threads", "2"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"retzef batch failed:\n{result.stdout}\n{result.stderr}"
    assert out.is_file()
    return out


def test_report_of_a_real_batch(small_file, tmp_path):
    result = run_report(small_file, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    csv = pd.read_csv(tmp_path / "indicators.csv")
    assert set(csv["case"]) == CASES
    assert (csv["baseline"] == "medical").all()
    assert (csv.loc[csv["n"] > 0, "n"] == 3).all()
    key = csv[csv["indicator"] == "bed_days_per_1000"].set_index("case")
    assert key["mean"].notna().all()
    assert key.loc["fewer_beds", "difference_n"] == 3
    page = (tmp_path / "index.html").read_text()
    for section in ("indicators", "occupancy", "flows", "costs", "sweeps", "provenance"):
        assert f'<section id="{section}">' in page
    assert page.count("<img ") == 4
    assert "CIs not available" not in page
