"""The report built from fixture files: its files, its numbers, its page."""

import math
import re

import h5py
import pandas as pd
import pytest

import retzef_fixture as fx
from conftest import run_report

T2 = 4.30265273  # t(0.975; 2)


@pytest.fixture(scope="module")
def csv(fixture_report):
    return pd.read_csv(fixture_report / "indicators.csv").set_index(["case", "indicator"])


@pytest.fixture(scope="module")
def page(fixture_report):
    return (fixture_report / "index.html").read_text(encoding="utf-8")


def test_writes_the_page_and_the_csvs(fixture_report):
    for name in ("index.html", "indicators.csv", "flows.csv", "evidence.csv"):
        assert (fixture_report / name).stat().st_size > 0
    # nothing else (no temporary files left behind)
    assert sorted(p.name for p in fixture_report.iterdir()) == [
        "evidence.csv", "flows.csv", "index.html", "indicators.csv"]


def test_csv_is_tidy_and_complete(csv, fixture_report):
    assert list(pd.read_csv(fixture_report / "indicators.csv", nrows=1).columns[:10]) == [
        "case", "design", "indicator", "label", "unit", "direction", "mean", "lower", "upper",
        "n"]
    cases = {c for c, _ in csv.index}
    assert cases == {c for c, _, _ in fx.CASES}
    names = {n for _, n in csv.index}
    assert {n for n, _ in fx.indicator_names()} <= names
    assert "er_front_door_share" in names
    assert (csv["baseline"] == "medical").all()


def test_csv_values_match_the_hand_computed_ones(csv):
    row = csv.loc[("medical", "bed_days_per_1000")]
    assert row["mean"] == pytest.approx(110.0)
    assert row["lower"] == pytest.approx(110 - T2 * 10 / math.sqrt(3), rel=1e-8)
    assert row["upper"] == pytest.approx(110 + T2 * 10 / math.sqrt(3), rel=1e-8)
    assert row["n"] == 3 and row["direction"] == "lower" and row["verdict"] == "baseline"
    row = csv.loc[("recovery@review_days=60", "bed_days_per_1000")]
    assert row["difference"] == pytest.approx(-70 / 3)
    assert row["difference_lower"] == pytest.approx(-30.5044210, rel=1e-7)
    assert row["difference_upper"] == pytest.approx(-16.1622457, rel=1e-7)
    assert row["difference_n"] == 3 and row["verdict"] == "better"
    # 180 days: -10, -10, -25 -> the interval straddles 0
    row = csv.loc[("recovery@review_days=180", "bed_days_per_1000")]
    assert row["difference"] == pytest.approx(-15.0) and row["verdict"] == "no clear difference"
    # NaN in medical replication 1: two pairs of -0.1
    row = csv.loc[("recovery@review_days=60", "readmission_30")]
    assert (row["difference"], row["difference_n"]) == (pytest.approx(-0.1), 2)
    assert row["verdict"] == "better"
    # one value: a mean, but no interval, and no verdict on the one pair
    row = csv.loc[("medical", "follow_up_14")]
    assert row["n"] == 1 and row["mean"] == pytest.approx(0.3)
    assert math.isnan(row["lower"]) and math.isnan(row["upper"])
    row = csv.loc[("recovery@review_days=60", "follow_up_14")]
    assert row["difference_n"] == 1 and row["verdict"] == "no interval"
    assert math.isnan(row["difference_lower"])
    # never formed
    row = csv.loc[("medical", "coordinator_caseload")]
    assert row["n"] == 0 and math.isnan(row["mean"])
    # descriptive indicators get no verdict of better or worse
    row = csv.loc[("recovery@review_days=60", "involuntary_share")]
    assert row["verdict"] == "descriptive"
    assert csv.loc[("medical", "er_front_door_share"), "mean"] == pytest.approx(
        (10 / 40 + 11 / 41 + 12 / 42) / 3)


def test_flows_csv(fixture_report):
    flows = pd.read_csv(fixture_report / "flows.csv").set_index(
        ["case", "from_level", "to_level"])["mean_moves"]
    assert flows[("medical", "none", "emergency_room")] == pytest.approx(11.0)
    assert flows[("recovery@review_days=60", "none", "clinic")] == pytest.approx(21.0)


def test_page_has_every_section(page):
    assert '<table id="headline">' in page
    for section in ("verdict", "evidence", "groups", "money", "indicators", "occupancy", "flows",
                    "sweeps", "provenance"):
        assert f'<section id="{section}">' in page
    # the group, money, occupancy, waiting, demand, flow, SMI flow and sweep figures, embedded
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', page)) == 8
    assert "Experiment file" in page and "fixture.toml" in page


def nav_targets_missing(page: str) -> list[str]:
    """The anchors the page's navigation links to that no element of the page has."""
    nav = page[page.index("<nav>"):page.index("</nav>")]
    ids = set(re.findall(r'id="([^"]+)"', page))
    return [a for a in re.findall(r'href="#([^"]+)"', nav) if a not in ids]


def test_every_link_of_the_navigation_finds_its_section(page):
    assert nav_targets_missing(page) == []


def test_group_tables_name_each_outcome_not_the_group(page):
    """A group's table is headed by the group; its rows name the outcome, whether the label put
    the group first ("SMI: days in crisis ...") or last ("Admissions ... a year: SMI")."""
    for group, heading in (("smi", "SMI"), ("ptsd", "PTSD")):
        start = page.index(f'<table id="group-{group}">')
        table = page[start:page.index("</table>", start)]
        labels = re.findall(r'<td class="indicator">(.*?)</td>', table)
        assert "Admissions per 1,000 residents a year" in labels
        assert labels and not [lb for lb in labels if lb == heading or heading + ":" in lb
                               or lb.endswith(": " + heading)], labels


def test_headline_table_puts_the_key_indicators_first(page):
    start = page.index('<table id="headline">')
    table = page[start:page.index("</table>", start)]
    codes = re.findall(r'<span class="code"[^>]*>([a-z0-9_]+)</span>', table)
    assert codes[:3] == ["bed_days_per_1000", "community_share", "readmission_30"]
    assert "Inpatient bed-days per 1,000 residents a year" in table
    assert 'class="better"' in table and 'class="worse"' in table
    assert "CI not available (n = 1)" in table  # follow_up_14


def test_page_escapes_text_from_the_file(page):
    assert "<b>not html</b>" not in page
    assert "&lt;b&gt;not html&lt;/b&gt;" in page


def test_prints_where_the_report_is(fixture_report):
    stdout = (fixture_report.parent / "stdout.txt").read_text()
    assert str(fixture_report / "index.html") in stdout


def test_baseline_option(fixture_file, tmp_path):
    run_report(fixture_file, "-o", tmp_path, "--baseline", "recovery@review_days=60",
               check=True)
    csv = pd.read_csv(tmp_path / "indicators.csv").set_index(["case", "indicator"])
    assert (csv["baseline"] == "recovery@review_days=60").all()
    assert csv.loc[("medical", "bed_days_per_1000"), "difference"] == pytest.approx(70 / 3)
    assert csv.loc[("medical", "bed_days_per_1000"), "verdict"] == "worse"


def test_unknown_baseline_is_refused(fixture_file, tmp_path):
    result = run_report(fixture_file, "-o", tmp_path, "--baseline", "nope")
    assert result.returncode != 0
    assert "nope" in result.stderr and "medical" in result.stderr
    assert "Traceback" not in result.stderr


def test_default_baseline_without_medical_is_the_first_case(tmp_path):
    path = tmp_path / "nomedical.h5"
    fx.write(path, cases=[("alpha", "alpha", {}), ("beta", "beta", {})])
    run_report(path, "-o", tmp_path / "r", check=True)
    csv = pd.read_csv(tmp_path / "r" / "indicators.csv")
    assert (csv["baseline"] == "alpha").all()
    assert "sweeps" not in (tmp_path / "r" / "index.html").read_text()


def test_one_replication_says_cis_are_not_available(single_replication_file, tmp_path):
    run_report(single_replication_file, "-o", tmp_path, check=True)
    page = (tmp_path / "index.html").read_text()
    assert "CIs not available" in page
    assert "no verdict, since an interval needs at least two complete pairs" in page
    assert "no meaningful difference" not in page[:page.index('<table id="key-table">')]
    csv = pd.read_csv(tmp_path / "indicators.csv")
    assert csv["lower"].isna().all() and csv["upper"].isna().all()
    assert csv["difference_lower"].isna().all()
    assert not csv["verdict"].isin(["better", "worse", "no clear difference"]).any()
    assert (csv.loc[csv["n"] > 0, "n"] == 1).all()


def test_files_without_events_or_patients(tmp_path):
    path = tmp_path / "summary_only.h5"
    fx.write(path, events=False)
    with h5py.File(path) as f:
        assert "events" not in f["runs/medical/0000"]
    run_report(path, "-o", tmp_path / "r", check=True)
    assert '<table id="headline">' in (tmp_path / "r" / "index.html").read_text()


def _rows(page, table_id):
    start = page.index(f'<table id="{table_id}">')
    table = page[start:page.index("</table>", start)]
    return [r for r in table.split("<tr>")[1:] if '<td class="indicator">' in r]


def test_no_cell_prints_more_digits_than_its_interval_supports(page, csv):
    """Every mean and interval bound of the headline table: its last digit is no finer than the
    first significant digit of the interval's half-width."""
    from retzef_analysis import rounding
    checked = 0
    for row in _rows(page, "headline"):
        name = re.search(r'<span class="code"[^>]*>([a-z0-9_]+)</span>', row).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)[1:]
        cases = [c for c, _, _ in fx.CASES]
        for case, cell in zip(cases, cells):
            mean = re.search(r'<span class="mean">([^<]*)</span>', cell)
            if mean is None or (case, name) not in csv.index:
                continue
            r = csv.loc[(case, name)]
            if not (math.isfinite(r["lower"]) and r["upper"] > r["lower"]):
                continue
            scale = {"share": 100, "NIS per year": 1e-6}.get(r["unit"], 1)
            half = (r["upper"] - r["lower"]) / 2 * scale
            allowed = -math.floor(math.log10(half) + 1e-9)
            assert rounding.significant_places(mean.group(1)) <= max(allowed, 0), \
                (case, name, mean.group(1), half)
            checked += 1
    assert checked > 30


def test_no_row_of_dashes_or_zeros_in_the_body(page):
    for table in ("key-table", "headline"):
        for row in _rows(page, table):
            means = re.findall(r'<span class="mean">([^<]*)</span>', row)
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row)[1:]
            shown = [m for m in means] + [c for c in cells if c == "–"]
            assert not all(re.fullmatch(r"[–+0.,%p ]*", s) for s in shown), row[:200]
    # the never-formed and all-zero ones are in the appendix
    appendix = page[page.index('<section id="appendix">'):]
    assert "coordinator_caseload" not in appendix  # formed in two cases
    assert "cost_per_person_year_ministry_of_welfare</span>: zero in every design" in appendix
