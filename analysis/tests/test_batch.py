"""The report of a real `retzef batch` run (tests/small_experiment.toml).

Needs the simulator: CTest passes it as RETZEF_BINARY; run by hand, the release build is used.
Without a binary the test fails (it does not skip): the report must work on what the simulator
really writes, not only on the fixture.
"""

import json
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from conftest import ANALYSIS, TESTS, run_report
from retzef_analysis import discharges, intervals, validation
from retzef_analysis.file import RetzefFile

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
    # Every indicator formed is formed in every replication, but for a small group's means over
    # its new cases (a time to remission with none remitted in a short run) and its readmission
    # shares (no discharge of the group in a replication of a small region).
    small_group = csv["indicator"].str.startswith("time_to_remission_") | csv[
        "indicator"].str.match(r"(crisis_)?readmission_(30|90)_")
    assert (csv.loc[(csv["n"] > 0) & ~small_group, "n"] == 3).all()
    key = csv[csv["indicator"] == "bed_days_per_1000"].set_index("case")
    assert key["mean"].notna().all()
    assert key.loc["fewer_beds", "difference_n"] == 3
    page = (tmp_path / "index.html").read_text()
    for section in ("verdict", "groups", "money", "indicators", "occupancy", "flows", "sweeps",
                    "provenance"):
        assert f'<section id="{section}">' in page
    # groups, money, occupancy, new cases, flows, SMI flows and the sweep; in this small run
    # nobody waits
    assert page.count("<img ") == 7
    assert "Nobody waited for any level, nor in place, on any day." in page
    assert "CIs not available" not in page


def test_the_experiment_files_minimum_differences_reach_the_report(small_file, tmp_path):
    """[report.minimum_difference] is copied into /meta by the batch and used by the report:
    readmission_30's threshold is 0.05 absolute, bed-days' 10% of the baseline's mean."""
    import json

    import h5py

    with h5py.File(small_file, "r") as f:
        assert json.loads(f["meta"].attrs["report_minimum_difference"]) == {
            "bed_days_per_1000": "10%", "readmission_30": 0.05}
    run_report(small_file, "-o", tmp_path, check=True)
    csv = pd.read_csv(tmp_path / "indicators.csv").set_index(["case", "indicator"])
    assert csv.loc[("recovery@review_days=60", "readmission_30"), "minimum_difference"] == \
        pytest.approx(0.05)
    base = csv.loc[("medical", "bed_days_per_1000"), "mean"]
    assert csv.loc[("fewer_beds", "bed_days_per_1000"), "minimum_difference"] == \
        pytest.approx(0.1 * base)
    assert "readmission_30 = 0.05" in (tmp_path / "index.html").read_text()


def test_a_real_file_follows_the_layout_it_carries(small_file):
    """Every object of the file is one the layout in /meta describes, every table has the
    layout's fields in order (per-level and per-indicator fields expanded), and each enumerated
    column carries the names of its label list."""
    import json
    import re

    import h5py

    from retzef_analysis import RetzefFile

    with h5py.File(small_file, "r") as f:
        layout = json.loads(f["meta"].attrs["layout"])
        cases = list(f["meta"].attrs["cases"])
        patterns = {re.sub(r"<case>|<rep>", "[^/]+", d["path"]): d for d in layout["datasets"]}
        objects = []
        f.visit(lambda name: objects.append("/" + name))
        indicators = [n.decode() for n in f["names/indicators"]["name"]]
        for name in objects:
            matches = [d for p, d in patterns.items() if re.fullmatch(p, name)]
            assert len(matches) == 1, f"{name} matches {len(matches)} layout entries"
            dataset = matches[0]
            kind = "group" if isinstance(f[name], h5py.Group) else "dataset"
            assert (kind == "group") == (dataset["kind"] == "group"), name
            for attribute in dataset.get("attributes", ()):
                assert attribute["name"] in f[name].attrs, (name, attribute["name"])
            if dataset["kind"] != "table":
                continue
            case = name.split("/")[2] if name.startswith(("/runs/", "/designs/")) else None
            levels = [v.decode() for v in f[f"designs/{case}/levels"]] if case else []
            groups = [v.decode() for v in f[f"designs/{case}/groups"]] if case else []
            expected = []
            for field in dataset["fields"]:
                each = field.get("each")
                if each == "levels":
                    expected += [field["name"].replace("<level>", lv) for lv in levels]
                elif each == "groups":
                    expected += [field["name"].replace("<group>", g) for g in groups]
                elif each == "indicators":
                    expected += indicators
                else:
                    expected.append(field["name"])
            assert list(f[name].dtype.names) == expected, name
            for field in dataset["fields"]:
                if "labels" not in field:
                    continue
                lists = {entry["name"]: entry for entry in layout["label_lists"]}
                entry = lists[field["labels"]]
                table = entry["table"].replace("<case>", case)
                names = entry["fixed"] + [v.decode() for v in f[table]]
                mapping = h5py.check_enum_dtype(f[name].dtype[field["name"]])
                assert mapping == {n: entry["first_code"] + i for i, n in enumerate(names)}, \
                    (name, field["name"])
        assert all(f"/runs/{c.decode() if isinstance(c, bytes) else c}" in objects for c in cases)
    with RetzefFile(small_file) as rf:
        labels = rf.labels("medical", "levels")
        assert labels.names[0] == "none" and labels.first_code == -1


def test_inspect_json_gives_a_share_the_report_s_interval(small_file):
    """`inspect --indicators --json` and the report agree on a share's interval: the Student-t
    interval of its replications, the lower end cut at zero where it reached below it."""
    out = subprocess.run([str(retzef_binary()), "inspect", str(small_file), "--indicators",
                          "--json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    with RetzefFile(small_file) as rf:
        summary = rf.summary()
    cut = 0
    for row in rows:
        if row.get("unit") != "share" or "lower" not in row:
            continue
        ci = intervals.mean_interval(summary.loc[summary["case"] == row["design"],
                                                 row["indicator"]].to_numpy())
        cut += ci.lower < 0
        # JSON numbers carry 10 significant digits.
        assert row["lower"] == pytest.approx(max(ci.lower, 0.0), rel=1e-8, abs=1e-12), row
        assert row["upper"] == pytest.approx(ci.upper, rel=1e-8, abs=1e-12), row
    assert cut > 0  # the small experiment has rare shares: the test sees the cut


def test_inspect_scenario_as_json_holds_the_same_text(small_file):
    """`inspect --scenario CASE --json`: one JSON line with the case and the scenario's text,
    the same text the plain form prints."""
    def inspect(*extra):
        out = subprocess.run([str(retzef_binary()), "inspect", str(small_file), "--scenario",
                              "medical", *extra], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        return out.stdout
    line = inspect("--json")
    assert line.count("\n") == 1
    assert json.loads(line) == {"case": "medical", "scenario": inspect()}


def test_discharges_by_destination_add_up_to_the_models_readmission(small_file):
    """Worked out from the trace (retzef_analysis.discharges), the share of followed ward
    discharges readmitted within 30 days is the model's own `readmission_30`, in every
    replication of every case: one definition, counted twice. (Before the model counted only
    readmissions after discharges its denominator holds, it was higher by the returns after
    discharges in the last 30 days.)"""
    with RetzefFile(str(small_file)) as rf:
        summary = rf.summary()
        compared = 0
        for case in rf.cases:
            for rep in rf.case(case).replications:
                d = discharges.discharges(validation.read_arm(rf, case, rep))
                row = summary[(summary["case"] == case) & (summary["replication"] == int(rep))]
                indicator = float(row["readmission_30"].iloc[0])
                assert len(d) > 0, (case, rep)
                assert d["readmitted"].mean() == pytest.approx(indicator, rel=1e-12, abs=0), \
                    (case, rep)
                compared += 1
            table = discharges.by_destination(rf, case)
            places = table[table["destination"] != "all"]
            assert places["share"].sum() == pytest.approx(1.0)
            everyone = table[table["destination"] == "all"].iloc[0]
            mean = summary.loc[summary["case"] == case, "readmission_30"].mean()
            assert everyone["readmitted"] == pytest.approx(mean, rel=1e-12)
        assert compared == 12


def test_retzef_validate_prints_the_discharge_table(small_file):
    done = subprocess.run(["/usr/bin/python3", str(ANALYSIS / "retzef-validate"), "--discharges",
                           str(small_file)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "| medical | home | 3-4 |" in done.stdout
    assert "| fewer_beds | all | any | 100% |" in done.stdout
