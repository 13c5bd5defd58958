"""Wrong files get one clear message naming the file, a non-zero exit and no traceback."""

import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest

from conftest import run_report


def not_hdf5(tmp_path, fixture_file):
    path = tmp_path / "notes.h5"
    path.write_text("this is not HDF5\n" * 100)
    return path, "not an HDF5 file"


def truncated(tmp_path, fixture_file):
    path = tmp_path / "truncated.h5"
    data = fixture_file.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path, "truncated"


def other_hdf5(tmp_path, fixture_file):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["data"] = [1, 2, 3]
    return path, "not a retzef output file: no /meta attribute format_version"


def missing_table(tmp_path, fixture_file):
    path = tmp_path / "missing.h5"
    path.write_bytes(fixture_file.read_bytes())
    with h5py.File(path, "r+") as f:
        del f["runs/recovery@review_days=60/0001/flows"]
    return path, "missing /runs/recovery@review_days=60/0001/flows"


def missing_file(tmp_path, fixture_file):
    return tmp_path / "absent.h5", "no such file"


def newer_format(tmp_path, fixture_file):
    path = tmp_path / "v2.h5"
    path.write_bytes(fixture_file.read_bytes())
    with h5py.File(path, "r+") as f:
        f["meta"].attrs["format_version"] = 2
    return path, "unsupported format_version 2"


def catalogue_before_columns(tmp_path, fixture_file):
    path = tmp_path / "old.h5"
    path.write_bytes(fixture_file.read_bytes())
    with h5py.File(path, "r+") as f:
        data = f["names/indicators"][:]
        del f["names/indicators"]
        old = [(c, h5py.string_dtype()) for c in ("name", "unit", "meaning")]
        f["names"].create_dataset("indicators", data=np.array(
            [tuple(row[c] for c, _ in old) for row in data], dtype=old))
    return path, "lacks the column(s) family, level, group, payer, better"


def empty_file(tmp_path, fixture_file):
    path = tmp_path / "empty.h5"
    path.write_bytes(b"")
    return path, "not an HDF5 file"


@pytest.mark.parametrize("make", [not_hdf5, truncated, other_hdf5, missing_table, missing_file,
                                  newer_format, catalogue_before_columns, empty_file],
                         ids=lambda f: f.__name__)
def test_bad_file_gets_one_message(make, tmp_path, fixture_file):
    path, expected = make(tmp_path, fixture_file)
    result = run_report(path, "-o", tmp_path / "report")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "report" / "index.html").exists()


def test_unwritable_output_directory(tmp_path, fixture_file):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run_report(fixture_file, "-o", blocker / "report")
    assert result.returncode != 0
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_usage_errors_exit_non_zero(tmp_path):
    result = run_report()
    assert result.returncode == 2 and "usage" in result.stderr
    assert run_report("--help").returncode == 0


def test_validate_refuses_a_file_that_holds_no_trial(fixture_file):
    """A result file of any other experiment: a line naming the file and the known trials."""
    script = Path(__file__).resolve().parents[1] / "retzef-validate"
    result = subprocess.run([str(script), str(fixture_file)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    # (The fixture is written without a checksum, which a warning says before the error.)
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"retzef-validate: {fixture_file}: no in-silico trial for experiment")
    assert "expected one of: trial_act," in line
