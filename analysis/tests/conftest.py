"""Shared fixtures: small retzef files written by the tests themselves, and the report script.

The package and the fixture writer are imported from the source tree, so the tests run without
installing anything: `/usr/bin/python3 -m pytest -q analysis/tests`.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ANALYSIS = TESTS.parent
sys.path[:0] = [str(ANALYSIS), str(TESTS)]

import retzef_fixture  # noqa: E402 - after the path is set

SCRIPT = ANALYSIS / "retzef-report"


def run_report(*args, check: bool = False) -> subprocess.CompletedProcess:
    """Runs analysis/retzef-report as a user would, through its #! line."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("RETZEF_DEBUG", None)
    result = subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                            env=env, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def report_page(result_file: Path, out: Path) -> str:
    """The report of `result_file` written into `out` as a user would, and its page's HTML."""
    run_report(result_file, "-o", out, check=True)
    return (out / "index.html").read_text(encoding="utf-8")


def page_section(page: str, section_id: str) -> str:
    """The HTML of the page's <section id=...>, up to its end."""
    section = page[page.index(f'<section id="{section_id}">'):]
    return section[:section.index("</section>")]


@pytest.fixture(scope="session")
def fixture_file(tmp_path_factory) -> Path:
    """Three cases (medical and a two-point sweep of recovery), three replications each."""
    path = tmp_path_factory.mktemp("fixture") / "fixture.h5"
    retzef_fixture.write(path)
    return path


@pytest.fixture(scope="session")
def single_replication_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("single") / "single.h5"
    retzef_fixture.write(path, replications=1)
    return path


@pytest.fixture(scope="session")
def fixture_report(fixture_file, tmp_path_factory) -> Path:
    """The report of the fixture file, built once for the tests that read it."""
    out = tmp_path_factory.mktemp("report")
    result = run_report(fixture_file, "-o", out, check=True)
    (out.parent / "stdout.txt").write_text(result.stdout)
    return out
