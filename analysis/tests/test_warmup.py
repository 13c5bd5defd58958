"""The warm-up check in the report: a case whose warm-up is shorter than the MSER-5 truncation
point in some replication gets a visible warning naming the case, the level and the day."""

import retzef_fixture as fx
from conftest import run_report

from retzef_analysis import catalogue, indicators, warmup
from retzef_analysis.file import RetzefFile


def test_no_warning_when_every_warmup_is_long_enough(fixture_report):
    page = (fixture_report / "index.html").read_text(encoding="utf-8")
    assert "Warm-up too short" not in page
    assert "Warm-up check" in page  # the truncation points have their own section


def test_a_short_warmup_is_named_with_its_level_and_day(tmp_path):
    path = tmp_path / "short.h5"
    # The medical ward settles on day 400 in one replication of three, 150 in the others; the
    # fixture's warm-up is 180 days.
    fx.write(path, mser={"medical": {"inpatient": [150.0, 400.0, 150.0],
                                     "clinic": [200.0, 30.0, 30.0]}})
    with RetzefFile(path) as rf:
        short = warmup.short_warmups(rf, indicators.per_replication(rf))
    assert [s.case for s in short] == ["medical"]
    assert short[0].short == 2 and short[0].replications == 3
    assert short[0].levels == {"inpatient": 400.0, "clinic": 200.0}
    run_report(path, "-o", tmp_path / "r", check=True)
    page = (tmp_path / "r" / "index.html").read_text()
    assert page.count("Warm-up too short") == 1
    text = page[page.index("Warm-up too short"):]
    text = text[:text.index("</p>")]
    assert "medical" in text and "recovery" not in text
    assert "warm-up of 180 days" in text
    assert "inpatient (up to day 400" in text and "clinic (up to day 200" in text
    assert "2 of 3 replications" in text


def test_files_without_the_check_get_no_warning(tmp_path):
    path = tmp_path / "old.h5"
    fx.write(path)
    with RetzefFile(path) as rf:
        per_rep = indicators.per_replication(rf)
        per_rep = per_rep[~per_rep["indicator"].str.startswith(("mser_", "warmup_"))]
        assert warmup.short_warmups(rf, per_rep) == []


def test_the_check_has_its_own_section_and_labels():
    info = catalogue.describe({"name": "mser_truncation_days_inpatient", "unit": "day",
                               "family": "mser_truncation_days", "level": "inpatient",
                               "better": "neither"})
    assert info.section == catalogue.WARMUP
    assert info.label == "Inpatient: MSER-5 truncation point, days"
    assert info.direction == catalogue.DESCRIPTIVE


def test_a_point_at_the_search_limit_says_the_series_never_settled():
    assert warmup.search_limit(4015) == 2005  # 803 batches of five, 401 searched
    short = warmup.ShortWarmup("medical", 365.0, 10, 10, {"rehabilitation": 2005.0,
                                                          "inpatient": 1925.0},
                               warmup.search_limit(4015))
    text = short.text()
    assert "rehabilitation (up to day 2,005, the search limit: never settled)" in text
    assert "inpatient (up to day 1,925)" in text


def _occupancy(values_by_rep):
    """An occupancy frame (aggregates.occupancy's columns that the check reads) for one level."""
    import pandas as pd
    rows = []
    for rep, values in enumerate(values_by_rep):
        for t, v in enumerate(values):
            rows.append({"replication": rep, "t": 365.0 + t, "level": "inpatient",
                         "occupied": v, "waiting": 0})
    frame = pd.DataFrame(rows)
    frame["level"] = pd.Categorical(frame["level"])
    return frame


def test_the_check_on_the_mean_names_a_transient_the_replications_share():
    import numpy as np
    rng = np.random.default_rng(3)
    # Every replication still falls from 130 to 100 over its first 200 measured days.
    shared = [np.concatenate([np.linspace(130, 100, 200), np.full(1800, 100.0)])
              + rng.normal(0, 2, 2000) for _ in range(5)]
    text = warmup.ensemble_text(_occupancy(shared))
    assert "inpatient occupancy still settles" in text and "5 replications" in text


def test_the_check_on_the_mean_passes_swings_of_single_replications():
    import numpy as np
    rng = np.random.default_rng(4)
    # Each replication swings by 10 beds over a year, at its own phase: nothing shared.
    swings = [100 + 10 * np.sin(2 * np.pi * (np.arange(2000) / 365 + rng.uniform()))
              + rng.normal(0, 2, 2000) for _ in range(30)]
    text = warmup.ensemble_text(_occupancy(swings))
    assert "no level's occupancy or waiting still settles" in text
    assert warmup.material_point(np.full(100, 3.0)) == 0
