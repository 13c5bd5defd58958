"""Ward discharges by destination (retzef_analysis.discharges) on hand-made traces.

The definitions are checked against counts worked out by hand; that they are the model's own
(the share readmitted over every destination is the `readmission_30` indicator) is checked on a
real run, in test_batch.py.
"""

import subprocess

import h5py
import pandas as pd
import retzef_fixture

from conftest import ANALYSIS
from retzef_analysis import discharges, validation


def arm(rows, horizon=1000.0) -> validation.Arm:
    """rows: (person, t, from kind, to kind, acuity)."""
    frame = pd.DataFrame(rows, columns=["person", "t", "from", "to", "acuity"])
    return validation.Arm(frame, horizon, {})


def test_a_discharge_is_a_move_off_the_ward_followed_for_30_days():
    d = discharges.discharges(arm([
        (1, 0, "none", "inpatient", 4), (1, 20, "inpatient", "none", 3),
        (2, 0, "none", "inpatient", 4), (2, 5, "inpatient", "inpatient", 4),  # ward to ward
        (2, 40, "inpatient", "balancing_house", 3),
        (3, 0, "none", "inpatient", 4), (3, 975, "inpatient", "clinic", 1),  # too late to follow
        (4, 0, "none", "inpatient", 4), (4, 970, "inpatient", "clinic", 1),  # just in time
    ]))
    assert list(d["person"]) == [1, 2, 4]
    assert list(d["destination"]) == ["home", "balancing_house", "clinic"]
    assert list(d["acute"]) == [True, True, False]


def test_readmitted_is_back_on_a_ward_within_the_window_by_any_route():
    d = discharges.discharges(arm([
        # through the emergency room, back on day 30 after the discharge: readmitted
        (1, 0, "none", "inpatient", 4), (1, 10, "inpatient", "none", 3),
        (1, 39, "none", "emergency", 4), (1, 40, "emergency", "inpatient", 4),
        # the second discharge of person 1 is followed on its own: not back
        (1, 60, "inpatient", "clinic", 2),
        # back on day 31: not within 30 days
        (2, 0, "none", "inpatient", 4), (2, 10, "inpatient", "home_care", 3),
        (2, 41, "home_care", "inpatient", 4), (2, 50, "inpatient", "none", 2),
        # someone else's admission says nothing of person 3
        (3, 0, "none", "inpatient", 4), (3, 100, "inpatient", "none", 1),
        (4, 105, "none", "inpatient", 4),
    ]))
    assert list(zip(d["person"], d["t"], d["readmitted"])) == [
        (1, 10.0, True), (1, 60.0, False), (2, 10.0, False), (2, 50.0, False),
        (3, 100.0, False)]


def test_a_shorter_window_follows_later_discharges():
    a = arm([(1, 0, "none", "inpatient", 4), (1, 985, "inpatient", "none", 2),
             (1, 990, "none", "inpatient", 4)], horizon=1000.0)
    assert discharges.discharges(a, 30).empty
    d = discharges.discharges(a, 7)
    assert list(d["readmitted"]) == [True]


def test_a_file_without_the_moves_is_one_line_saying_how_to_get_them(tmp_path):
    path = tmp_path / "summary.h5"
    retzef_fixture.write(path, events=False)  # every case at trace summary
    script = ANALYSIS / "retzef-validate"
    done = subprocess.run(["/usr/bin/python3", str(script), "--discharges", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--trace transitions" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_table_standard_output_cannot_take_is_one_line_and_a_failure(tmp_path):
    path = tmp_path / "moves.h5"
    retzef_fixture.write(path, cases=retzef_fixture.CASES[:1])  # the case with its moves
    script = ANALYSIS / "retzef-validate"
    with open("/dev/full", "w") as full:
        done = subprocess.run(["/usr/bin/python3", str(script), "--discharges", str(path)],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("cannot write to standard output") == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_a_stored_scenario_without_its_levels_is_refused_by_name(tmp_path):
    path = tmp_path / "moves.h5"
    retzef_fixture.write(path, cases=retzef_fixture.CASES[:1])
    with h5py.File(path, "r+") as f:
        f["designs/medical"].attrs["scenario"] = "[scenario]\nname = \"medical\"\n"
    script = ANALYSIS / "retzef-validate"
    done = subprocess.run(["/usr/bin/python3", str(script), "--discharges", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert str(path) in done.stderr and "[[levels]]" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_error_no_handler_foresaw_names_its_kind(monkeypatch, capsys):
    # A bare KeyError printed as `'x'` told the user nothing; it is now an unexpected error,
    # named as such, with its type.
    from retzef_analysis import validate_cli

    def broken(path):
        raise KeyError("x")
    monkeypatch.setattr(validate_cli.discharges, "markdown", broken)
    assert validate_cli.print_discharges(["any.h5"]) == 2
    err = capsys.readouterr().err
    assert "unexpected error" in err and "KeyError: 'x'" in err, err


def test_a_case_s_scenario_is_parsed_once_for_all_its_replications(tmp_path, monkeypatch):
    path = tmp_path / "moves.h5"
    retzef_fixture.write(path, cases=retzef_fixture.CASES[:1])
    parsed = []
    loads = validation.tomllib.loads
    monkeypatch.setattr(validation.tomllib, "loads", lambda text: parsed.append(1) or loads(text))
    validation._level_costs.cache_clear()
    from retzef_analysis.file import RetzefFile
    with RetzefFile(str(path)) as rf:
        case = rf.cases[0]
        reps = rf.case(case).replications
        arms = [validation.read_arm(rf, case, rep) for rep in reps * 3]
    assert len(arms) == 3 * len(reps) and len(parsed) == 1
    assert arms[0].cost_per_day == arms[-1].cost_per_day
