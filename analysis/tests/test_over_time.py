"""The daily table (coordinators' line, new cases), the flows by condition group, and the
pruning of shares that mirror each other, on fixture files whose values are known."""

import re

import numpy as np
import pandas as pd
import pytest

import retzef_fixture as fx
from conftest import run_report
from retzef_analysis import aggregates, report
from retzef_analysis.file import RetzefFile


@pytest.fixture(scope="module")
def page(fixture_report):
    return (fixture_report / "index.html").read_text(encoding="utf-8")


def test_daily_is_summed_over_regions_from_day_0(fixture_file):
    with RetzefFile(fixture_file) as rf:
        medical = aggregates.daily(rf, "medical")
        recovery = aggregates.daily(rf, "recovery@review_days=60")
    days = int(fx.WARMUP) + fx.DAYS
    assert len(medical) == 3 * days  # a row per replication and day, regions summed
    assert medical["t"].min() == 0 and medical["t"].max() == days - 1
    assert (medical["coordinator_waiting"] == 0).all()
    odd = recovery["t"] % 2 == 1
    assert (recovery.loc[odd, "coordinator_waiting"] == 8).all()
    assert (recovery.loc[~odd, "coordinator_waiting"] == 6).all()
    assert (recovery["new_cases_smi"] == 2).all()
    assert (recovery["new_cases_ptsd"] == 2 * (1 + recovery["t"] // 60)).all()
    assert (recovery["new_cases"] == recovery["new_cases_smi"] + recovery["new_cases_ptsd"]).all()


def test_new_cases_per_period_show_the_rise(fixture_file):
    with RetzefFile(fixture_file) as rf:
        frame = aggregates.daily(rf, "medical")
    ptsd = aggregates.monthly_new_cases(frame, "new_cases_ptsd", days=30)
    # 210 days: seven whole periods; two regions, 1 + day // 60 cases a day each
    assert list(ptsd["t"]) == [15 + 30 * k for k in range(7)]
    assert list(ptsd["mean"]) == [60, 60, 120, 120, 180, 180, 240]
    assert (ptsd["low"] == ptsd["mean"]).all() and (ptsd["high"] == ptsd["mean"]).all()
    # a last period cut short is left out rather than drawn as a fall
    cut = aggregates.monthly_new_cases(frame[frame["t"] < 200], "new_cases_smi", days=30)
    assert list(cut["mean"]) == [60] * 6


def test_the_page_draws_the_coordinators_line_and_new_cases(page):
    assert "<h3>Waiting for a coordinator, and new cases</h3>" in page
    assert 'alt="Waiting for a coordinator and new cases over time"' in page
    assert "Nobody waited for a care coordinator" not in page
    assert "not in the file's daily tables" not in page


def test_a_file_without_the_daily_table_says_so(tmp_path):
    fx.write(tmp_path / "old.h5", daily=False)
    run_report(tmp_path / "old.h5", "-o", tmp_path / "r", check=True)
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "This file has no daily table" in page
    assert 'alt="Waiting for a coordinator and new cases over time"' not in page
    assert "<h3>People with SMI</h3>" not in page  # nor the group flows


def test_the_smi_group_flows_are_drawn_per_case(fixture_file, page):
    assert "<h3>People with SMI</h3>" in page
    assert 'alt="Flows of the SMI group, per case"' in page
    with RetzefFile(fixture_file) as rf:
        smi = aggregates.group_flows(rf, "medical", "smi")
        everyone = aggregates.flows(rf, "medical")
        assert aggregates.group_flows(rf, "medical", "no_such_group") is None
    # the fixture's SMI group makes half of each flow (rounded down)
    merged = everyone.merge(smi, on=["replication", "from_level", "to_level"], how="left",
                            suffixes=("", "_smi")).fillna({"moves_smi": 0})
    assert (merged["moves_smi"] == np.floor(merged["moves"] / 2)).all()


def _series(values):
    return pd.Series(values, index=range(len(values)), dtype=float)


def test_complements_are_found_from_the_numbers_not_the_names():
    infos = {n: type("Info", (), {"is_share": True})() for n in ("a", "b", "c", "d", "e")}
    per_rep = {}
    for case, shift in (("x", 0.0), ("y", 0.1)):
        per_rep[(case, "a")] = _series([0.2 + shift, 0.3 + shift, 0.25])
        per_rep[(case, "b")] = 1 - per_rep[(case, "a")]                  # mirrors a
        per_rep[(case, "c")] = _series([0.8 - shift, 0.7, 0.75])           # not in every run
        per_rep[(case, "d")] = _series([0.0, 0.0, 0.0])                   # constant: says nothing
        per_rep[(case, "e")] = _series([1.0, 1.0, 1.0])                   # ... about this one
    found = report.complements(per_rep, list("abcde"), infos, ["x", "y"])
    assert found == {"b": "a"}
    # a key indicator is kept, whichever comes first
    key = report.catalogue.KEY_INDICATORS[0]
    infos[key] = infos["a"]
    for case in ("x", "y"):
        per_rep[(case, key)] = per_rep[(case, "b")]
    assert report.complements(per_rep, ["a", key], infos, ["x", "y"]) == {"a": key}


def test_a_share_that_mirrors_another_goes_to_the_appendix(tmp_path):
    involuntary = {c: [0.2 + 0.1 * i, 0.25 + 0.1 * i, 0.3] for i, (c, _, _) in
                   enumerate(fx.CASES)}
    avoidable = {c: [1 - v for v in vs] for c, vs in involuntary.items()}
    fx.write(tmp_path / "f.h5", values={"involuntary_share": involuntary,
                                         "avoidable_admission_share": avoidable})
    run_report(tmp_path / "f.h5", "-o", tmp_path / "r", check=True)
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    body = page[page.index('<section id="indicators">'):page.index('<section id="appendix">')]
    appendix = page[page.index('<section id="appendix">'):]
    assert re.search(r">involuntary_share</span>", body)
    assert "avoidable_admission_share" not in body
    assert ("avoidable_admission_share</span>: exactly 1 − involuntary_share in every "
            "replication of every design") in appendix
    # the CSV keeps every indicator
    csv = pd.read_csv(tmp_path / "r" / "indicators.csv")
    assert "avoidable_admission_share" in set(csv["indicator"])


def test_new_cases_the_same_in_every_design_are_one_line():
    a = pd.DataFrame({"t": [15.0, 45.0], "mean": [60.0, 61.0], "low": [58.0, 59.0],
                      "high": [62.0, 63.0]})
    same = report._one_if_same({"medical": a, "recovery": a.copy()})
    assert list(same) == [report.plots.EVERY_DESIGN]
    other = a.assign(mean=[60.0, 62.0])
    assert list(report._one_if_same({"medical": a, "recovery": other})) == ["medical", "recovery"]
    assert list(report._one_if_same({"medical": a})) == ["medical"]


@pytest.mark.parametrize("panels", [1, 2, 5])
def test_a_legend_above_the_panels_fits_its_figure(panels):
    """Six entries in a row are wider than a figure of one panel: the legend takes fewer columns
    and more rows rather than running past the figure's edges."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.lines import Line2D
    from retzef_analysis import plots
    fig, _ = plots._grid(panels, 5, 4.6, 2.9)
    labels = ["medical", "recovery@review_days=60", "capacity", "over capacity",
              "5%-95% of replications", "warm-up"]
    plots._legend_on_top(fig, [Line2D([], [], label=label) for label in labels])
    renderer = FigureCanvasAgg(fig).get_renderer()
    box = fig.legends[-1].get_window_extent(renderer)
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width
