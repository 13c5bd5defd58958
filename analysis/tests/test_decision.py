"""Page one on constructed inputs: the metadata-driven marks, the minimum meaningful
differences and their overrides, the rounding rule, the verdict's sentences, and a constructed
file where cost_target is worse than recovery, which the marks must say."""

import json
import math
import re

import pandas as pd
import pytest

import retzef_fixture as fx
from conftest import run_report
from retzef_analysis import catalogue, decision, rounding
from retzef_analysis.intervals import Interval


def info(name="x", unit="day", better="lower", family=None):
    return catalogue.describe({"name": name, "unit": unit, "family": family or name,
                               "better": better})


def interval(mean, half, n=10):
    return Interval(mean, mean - half, mean + half, n, 1.0)


# --- Marks ------------------------------------------------------------------------------------

def test_the_better_direction_comes_from_the_metadata():
    d = interval(-10.0, 2.0)  # clearly lower
    minimum = decision.Minimum(1.0, False)
    assert decision.mark(info(better="lower").direction, d, 100.0, minimum) == decision.BETTER
    assert decision.mark(info(better="higher").direction, d, 100.0, minimum) == decision.WORSE
    assert decision.mark(info(better="neither").direction, d, 100.0, minimum) == decision.LOWER
    assert decision.mark(info(better="neither").direction, interval(10.0, 2.0), 100.0,
                         minimum) == decision.HIGHER


def test_a_clear_but_small_difference_is_not_meaningful():
    lower = info(better="lower").direction
    # +0.035 day with an interval excluding 0: clear, but under a 10% minimum of 20 days
    small = interval(0.035, 0.01)
    assert small.excludes_zero()
    assert decision.mark(lower, small, 20.0, decision.Minimum(0.10, True)) == \
        decision.NO_DIFFERENCE
    # large but the interval includes 0
    assert decision.mark(lower, interval(5.0, 6.0), 20.0, decision.Minimum(0.10, True)) == \
        decision.NO_DIFFERENCE
    # large and clear
    assert decision.mark(lower, interval(5.0, 1.0), 20.0, decision.Minimum(0.10, True)) == \
        decision.WORSE
    # the threshold is inclusive of the minimum itself: 2.0 >= 10% of 20
    assert decision.mark(lower, interval(2.0, 0.5), 20.0, decision.Minimum(0.10, True)) == \
        decision.WORSE
    # no interval, no mark
    assert decision.mark(lower, Interval(5.0, math.nan, math.nan, 1, math.nan), 20.0,
                         decision.Minimum(0.1, True)) == decision.NO_INTERVAL


def test_minimum_differences_default_by_name_family_and_unit_and_are_overridden():
    bed = info("bed_days_smi_per_1000", family="bed_days_per_1000")
    assert decision.minimum_for(bed, {}) == decision.MINIMUM_DIFFERENCES["bed_days_per_1000"]
    share = info("some_share", unit="share")
    assert decision.minimum_for(share, {}) == decision.SHARE_DEFAULT
    assert decision.minimum_for(info("unknown"), {}) == decision.OTHER_DEFAULT
    overrides = decision.parse_overrides(json.dumps(
        {"bed_days_per_1000": "10%", "bed_days_smi_per_1000": 3}))
    assert decision.minimum_for(bed, overrides) == decision.Minimum(3.0, False,
                                                                     "experiment file")
    other = info("bed_days_ptsd_per_1000", family="bed_days_per_1000")
    assert decision.minimum_for(other, overrides) == decision.Minimum(0.1, True,
                                                                       "experiment file")
    assert decision.minimum_for(other, overrides).threshold(200.0) == pytest.approx(20.0)


@pytest.mark.parametrize("bad", [{"x": -1}, {"x": "ten"}, {"x": True}, "[1, 2]", "not json"])
def test_bad_overrides_are_refused_with_the_key(bad):
    with pytest.raises(decision.MinimumDifferenceError) as e:
        decision.parse_overrides(json.dumps(bad) if isinstance(bad, dict) else bad)
    assert "x" in str(e.value) or "minimum_difference" in str(e.value)


# --- Rounding ---------------------------------------------------------------------------------

@pytest.mark.parametrize("half, scale, places", [
    (0.035, None, 2), (0.35, None, 1), (3.5, None, 0), (230.0, None, -2), (0.0, None, None),
    (math.nan, None, None), (3.4e-13, 100.0, 1), (0.0004, 0.36, 4), (0.0004, 120.0, 1),
    (1.0000000000000002, None, 0), (0.09999999999999, None, 1)])
def test_decimals_follow_the_half_width_and_never_exceed_three_digits_of_scale(half, scale,
                                                                                places):
    assert rounding.decimals(half, scale) == places


@pytest.mark.parametrize("v, places, text", [
    (0.0353, 2, "0.04"), (1234.5, 0, "1,234"), (1234.5, -2, "1,200"), (-0.0004, 2, "0.00"),
    (2.3e-14, 0, "0"), (88.91, None, "88.9"), (0.3604, None, "0.360"), (math.nan, 1, "–")])
def test_rounded(v, places, text):
    assert rounding.rounded(v, places) == text


def test_no_more_digits_than_the_interval_supports():
    """The issue's examples: noise printed as precision is gone."""
    from retzef_analysis.report import interval_text
    share = info("s", unit="share")
    mean, ci = interval_text(2.3e-16, -3.4e-15, 3.8e-15, share, difference=True, scale_of=1.0)
    assert mean == "0.0 pp" and ci == "[0.0 pp, 0.0 pp]"  # four digits of the scale, 100%
    mean, ci = interval_text(0.99999, 0.99998, 1.0, share)
    assert mean == "100.00%" and ci == "[100.00%, 100.00%]"
    mean, ci = interval_text(0.035, 0.03, 0.04, info(), difference=True, scale_of=20.0)
    assert (mean, ci) == ("+0.04", "[+0.03, +0.04]")
    assert rounding.significant_places("+0.04") == 2


# --- Sentences --------------------------------------------------------------------------------

def comparison(name, mean, half, base, mark, minimum=decision.Minimum(0.01, True)):
    return decision.Comparison("recovery", "medical", name, interval(mean, half), base, minimum,
                               mark)


INFOS = {
    "budget_per_year": info("budget_per_year", unit="NIS per year"),
    "bed_days_per_1000": info("bed_days_per_1000"),
    "readmission_30": info("readmission_30", unit="share"),
    "wait_first_care": info("wait_first_care"),
}
SHORT = {"bed_days_per_1000": "bed-days", "readmission_30": "readmissions within 30 days",
         "wait_first_care": "the wait to first care"}


def test_sentence_with_the_same_budget():
    found = [comparison("budget_per_year", 0.001e8, 0.003e8, 1.0e8, decision.NO_DIFFERENCE),
             comparison("bed_days_per_1000", -26.0, 2.0, 100.0, decision.BETTER),
             comparison("readmission_30", 0.05, 0.01, 0.2, decision.WORSE),
             comparison("wait_first_care", 0.1, 0.3, 10.0, decision.NO_DIFFERENCE)]
    text = decision.sentence("recovery", "medical", found, INFOS, SHORT)
    assert text == ("With the same budget (±0.4%), recovery compared with medical is better on "
                    "bed-days 26% lower [24–28%]; but is worse on readmissions within 30 days "
                    "5 percentage points higher [4–6]. No meaningful difference in the wait to "
                    "first care.")


def test_sentence_says_what_each_design_spends_of_the_same_budget():
    # Medical spends 95 of its 100; recovery 67 of 100.1: the same budget, a third of it unused.
    found = [comparison("budget_per_year", 0.001e8, 0.003e8, 1.0e8, decision.NO_DIFFERENCE),
             comparison("spending_per_year", -0.28e8, 0.01e8, 0.95e8, decision.LOWER),
             comparison("bed_days_per_1000", -26.0, 2.0, 100.0, decision.BETTER)]
    infos = dict(INFOS, spending_per_year=info("spending_per_year", unit="NIS per year"))
    text = decision.sentence("recovery", "medical", found, infos, SHORT)
    assert text.startswith("With the same budget (±0.4%), of which recovery spends 67% and "
                           "medical 95%, recovery compared with medical is better on bed-days")
    # Another budget: the spending is in the table, not in the opening.
    found[0] = comparison("budget_per_year", 0.05e8, 0.01e8, 1.0e8, decision.WORSE)
    assert decision.sentence("recovery", "medical", found, infos, SHORT).startswith(
        "With a budget 5% [4–6%] larger, recovery")


def test_sentence_with_another_budget_and_nothing_marked():
    found = [comparison("budget_per_year", 0.05e8, 0.01e8, 1.0e8, decision.WORSE),
             comparison("bed_days_per_1000", -0.5, 2.0, 100.0, decision.NO_DIFFERENCE)]
    text = decision.sentence("recovery", "medical", found, INFOS, SHORT)
    assert text == ("With a budget 5% [4–6%] larger, recovery compared with medical makes no "
                    "meaningful difference on any key indicator.")


# --- A constructed file where the answer is known ----------------------------------------------

TRIO = (("medical", "medical", {}), ("recovery", "recovery", {}),
        ("cost_target", "cost_target", {}))
SMI_FUNCTIONING = ("functioning_gain_smi", "functioning (0-1)", "gain of people with SMI",
                   "functioning_gain", "", "smi", "", "higher")


@pytest.fixture(scope="module")
def trio_report(tmp_path_factory):
    """medical, recovery and cost_target, where cost_target is better than medical but worse
    than recovery on readmission, bed-days and SMI functioning, by far more than the minimum."""
    out = tmp_path_factory.mktemp("trio")
    values = {
        "bed_days_per_1000": {"medical": [100.0, 104.0, 98.0], "recovery": [70.0, 73.0, 69.0],
                              "cost_target": [85.0, 89.0, 84.0]},
        "readmission_30": {"medical": [0.30, 0.31, 0.29], "recovery": [0.10, 0.12, 0.11],
                           "cost_target": [0.20, 0.22, 0.21]},
        "functioning_gain_smi": {"medical": [0.30, 0.31, 0.30],
                                 "recovery": [0.45, 0.46, 0.44],
                                 "cost_target": [0.36, 0.37, 0.36]},
    }
    fx.write(out / "trio.h5", cases=TRIO, extra_indicators=[SMI_FUNCTIONING], values=values)
    run_report(out / "trio.h5", "-o", out / "report", check=True)
    return out / "report"


def key_cell(page, row_label, column):
    table = page[page.index('<table id="key-table">'):]
    table = table[:table.index("</table>")]
    heads = re.findall(r"<th[^>]*>(.*?)</th>", table)
    row = next(r for r in table.split("<tr>") if row_label in r)
    cells = re.findall(r"<td[^>]*>.*?</td>", row)
    return cells[heads.index(column)]


@pytest.mark.parametrize("label", ["Inpatient bed-days per 1,000", "Discharges readmitted",
                                   "SMI: gain in functioning"])
def test_cost_target_is_marked_worse_than_recovery_when_it_is(trio_report, label):
    page = (trio_report / "index.html").read_text()
    assert 'class="worse"' in key_cell(page, label, "cost_target vs recovery")
    assert ">worse<" in key_cell(page, label, "cost_target vs recovery")
    assert ">better<" in key_cell(page, label, "cost_target vs medical")
    assert ">better<" in key_cell(page, label, "recovery vs medical")


def test_the_verdict_says_it_in_words(trio_report):
    page = (trio_report / "index.html").read_text()
    verdict = page[page.index('id="verdict-text"'):page.index('<table id="key-table">')]
    sentence = next(s for s in re.findall(r"<p>(.*?)</p>", verdict)
                    if "cost_target compared with recovery" in s)
    better, worse = sentence.split("is worse on")
    for words in ("bed-days", "readmissions within 30 days",
                  "the functioning gain of people with SMI"):
        assert words in worse and words not in better


def test_money_in_nis_a_year_derived_when_the_file_lacks_it(trio_report):
    csv = pd.read_csv(trio_report / "indicators.csv").set_index(["case", "indicator"])
    # budget_per_capita × population (100,000 in the fixture)
    budget = csv.loc[("medical", "budget_per_capita"), "mean"]
    assert csv.loc[("medical", "budget_per_year"), "mean"] == pytest.approx(1e5 * budget)
    spending = csv.loc[("medical", "spending_per_year"), "mean"]
    parts = sum(csv.loc[("medical", f"spending_per_year_{p}"), "mean"] for p in fx.PAYERS)
    assert parts == pytest.approx(spending)
    page = (trio_report / "index.html").read_text()
    assert "this file predates the simulator's own totals" in page
    assert '<table id="money-table">' in page


def test_money_the_file_holds_is_used_as_it_is(tmp_path):
    nis = "NIS per year"
    extra = [("budget_per_year", nis, "budget", "budget_per_year", "", "", "", "lower"),
             ("spending_per_year", nis, "spending", "spending_per_year", "", "", "", "neither")]
    extra += [(f"{family}_{p}", nis, family, family, "", "", p, "neither")
              for family in ("budget_per_year", "spending_per_year") for p in fx.PAYERS]
    values = {"budget_per_year": {c: [5e7, 5e7, 5e7] for c, _, _ in TRIO},
              "budget_per_year_health_fund": {c: [2e7, 2e7, 2e7] for c, _, _ in TRIO}}
    fx.write(tmp_path / "money.h5", cases=TRIO, extra_indicators=extra, values=values)
    run_report(tmp_path / "money.h5", "-o", tmp_path / "r", check=True)
    csv = pd.read_csv(tmp_path / "r" / "indicators.csv").set_index(["case", "indicator"])
    assert csv.loc[("medical", "budget_per_year"), "mean"] == pytest.approx(5e7)
    assert csv.loc[("medical", "budget_per_year_health_fund"), "mean"] == pytest.approx(2e7)
    page = (tmp_path / "r" / "index.html").read_text()
    assert "predates" not in page
    money = page[page.index('<table id="money-table">'):]
    assert "Budget paid by Health fund" in money[:money.index("</table>")]
    assert "With the same budget" in page


def test_overrides_in_the_file_change_the_marks(tmp_path):
    """A minimum of 50 bed-days per 1,000 makes recovery's 30 fewer no meaningful difference."""
    values = {"bed_days_per_1000": {"medical": [100.0, 104.0, 98.0],
                                    "recovery": [70.0, 73.0, 69.0],
                                    "cost_target": [85.0, 89.0, 84.0]}}
    fx.write(tmp_path / "o.h5", cases=TRIO, values=values, meta_attributes={
        decision.META_ATTRIBUTE: json.dumps({"bed_days_per_1000": 50})})
    run_report(tmp_path / "o.h5", "-o", tmp_path / "r", check=True)
    page = (tmp_path / "r" / "index.html").read_text()
    cell = key_cell(page, "Inpatient bed-days per 1,000", "recovery vs medical")
    assert "no meaningful difference" in cell
    fx.write(tmp_path / "bad.h5", cases=TRIO, meta_attributes={
        decision.META_ATTRIBUTE: json.dumps({"bed_days_per_1000": "lots"})})
    result = run_report(tmp_path / "bad.h5", "-o", tmp_path / "r2")
    assert result.returncode == 1 and "bed_days_per_1000" in result.stderr
    assert "Traceback" not in result.stderr
