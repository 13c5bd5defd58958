"""The warm-up check in the report: a case whose warm-up is shorter than the MSER-5 truncation
point in some replication gets a visible warning naming the case, the level and the day."""

import math

import h5py
import numpy as np
import pytest
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
    # Three replications are too few to re-judge the points, and the fixture keeps no daily
    # table for a mean: a banner that says what the points may be, not "too short".
    assert "Warm-up too short" not in page
    assert page.count('<p class="banner warmup">Warm-up check: ') == 1
    text = page[page.index('<p class="banner warmup">Warm-up check: '):]
    text = text[:text.index("</p>")]
    assert "medical" in text and "recovery" not in text
    assert "warm-up of 180 days" in text
    assert "inpatient (up to day 400" in text and "clinic (up to day 200" in text
    assert "2 of 3 replications" in text
    assert "Its indicators include part of the start-up transient" not in text
    assert ("may include part of the start-up transient, or the level may only swing slowly, "
            "which a replication&#x27;s own series cannot tell apart") in text
    assert "run 5 replications or more to have the points re-judged" in text


def test_no_check_where_demand_changes_after_the_warmup(tmp_path):
    """The same short warm-up, but the case's demand rises after it (a surge): its series are not
    meant to settle, so the report gives a note saying why no check is made, not the banner."""
    path = tmp_path / "surge.h5"
    fx.write(path, mser={"medical": {"inpatient": [150.0, 400.0, 150.0],
                                     "clinic": [200.0, 30.0, 30.0]}})
    with h5py.File(path, "r+") as f:
        f["designs/medical"].attrs["demand_change_day"] = 180.0
    with RetzefFile(path) as rf:
        assert rf.case("medical").demand_change_day == 180.0
        assert math.isnan(rf.case("recovery@review_days=60").demand_change_day)
    run_report(path, "-o", tmp_path / "r", check=True)
    page = (tmp_path / "r" / "index.html").read_text()
    assert "Warm-up too short" not in page
    note = page[page.index("Warm-up check: medical: demand changes after the warm-up"):]
    assert "from day 180" in note[:note.index("</p>")]
    # Provenance says the same of the case, not how many replications passed.
    assert "warm-up check not made (demand changes from day 180)" in page


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


def _ar1(rng, phi, sd, level, height=0.0, tau=1.0, days=3650):
    """level + a stationary AR(1) (started from its stationary distribution) +
    height * exp(-t / tau), as tests/sim/replication_bias_test.cpp draws them."""
    noise = rng.normal(0, sd, days)
    x = np.empty(days)
    x[0] = noise[0] / math.sqrt(1 - phi * phi)
    for t in range(1, days):
        x[t] = phi * x[t - 1] + noise[t]
    return level + x + height * np.exp(-np.arange(days) / tau)


def _judge(reps):
    """Each replication's own material MSER-5 point (no warm-up), re-judged against the others:
    (how many the per-replication rule flags, those the spread of the replications keeps)."""
    matrix = np.vstack(reps)
    own, kept = 0, []
    for r, series in enumerate(reps):
        point = warmup.material_point(series)
        if point == 0:
            continue
        own += 1
        if warmup.replication_bias(matrix, r, point).material:
            kept.append(r)
    return own, kept


def test_the_gap_and_the_leave_one_out_spread_by_hand():
    matrix = np.array([[a, a, 0, 0] for a in (10.0, 1, 2, 3, 4)])
    b = warmup.replication_bias(matrix, 0, 2)
    assert b.judged and b.gap == 10 and b.kept_mean == 0
    assert b.spread == pytest.approx(math.sqrt(5 / 3))  # 1, 2, 3, 4 with ddof 1
    assert b.z == pytest.approx(10 / math.sqrt(5 / 3)) and b.material
    assert not warmup.replication_bias(matrix, 1, 2).material
    assert not warmup.replication_bias(matrix, 0, 0).judged
    assert warmup.replication_bias(matrix, 0, 4).material  # not judged: the flag stands


def test_slow_stationary_swings_are_within_the_replications_spread():
    # phi 0.999: years of memory, which 20 batch means of one run understate.
    rng = np.random.default_rng(0)
    own, kept = _judge([_ar1(rng, 0.999, 1.0, 200) for _ in range(30)])
    assert own > 0
    assert len(kept) <= 1


def test_a_transient_the_replications_share_is_kept():
    rng = np.random.default_rng(1)
    own, kept = _judge([_ar1(rng, 0.9, 2.0, 200, 50, 150) for _ in range(30)])
    assert own == 30 and len(kept) == 30


def test_one_replications_own_transient_is_kept_and_no_other():
    rng = np.random.default_rng(2)
    own, kept = _judge([_ar1(rng, 0.99, 1.0, 200, 150 if k == 0 else 0, 150)
                        for k in range(30)])
    assert own >= 1 and kept == [0]


def test_with_fewer_than_five_replications_the_own_verdict_stands():
    rng = np.random.default_rng(0)
    matrix = np.vstack([_ar1(rng, 0.999, 1.0, 200) for _ in range(4)])
    for r in range(4):
        b = warmup.replication_bias(matrix, r, 500)
        assert not b.judged and b.material


def _series(values_by_rep):
    """One level's occupancy series per replication (waiting all 0), in region 0."""
    return {(0, 0, 0): [np.asarray(v, dtype=float) for v in values_by_rep],
            (0, 0, 1): [np.zeros(len(v)) for v in values_by_rep]}


def test_the_check_on_the_mean_names_a_transient_the_replications_share():
    rng = np.random.default_rng(3)
    # Every replication still falls from 130 to 100 over its first 200 measured days.
    shared = [np.concatenate([np.linspace(130, 100, 200), np.full(1800, 100.0)])
              + rng.normal(0, 2, 2000) for _ in range(5)]
    e = warmup.ensemble_of(_series(shared), ("inpatient",), 365.0, {}, 365.0)
    assert e.worst == "inpatient occupancy (region 0)" and e.warning
    assert "5 replications, inpatient occupancy (region 0) still settles" in e.mean_text()
    # How far it still settles: the mean over those days against the level after them.
    assert abs(e.worst_after - 100) < 0.5 and e.worst_before > 105
    assert (f"({e.worst_before:.4g} in those days against {e.worst_after:.4g} after, +"
            in e.mean_text())
    # And what those days put on the series' average over the 2,000 measured: the stretch's
    # excess spread over them all, as the indicators counting the level's days carry it.
    assert e.measured_days == 2000
    measured_mean = np.mean(np.mean(shared, axis=0))
    put_on = 100 * (measured_mean - e.worst_after) / e.worst_after
    assert 0 < put_on < 3
    assert f"; {put_on:+.2f}% on its average over the 2000 days measured)" in e.mean_text()
    # Where the file names its regions, the series is named by its region's name, as retzef
    # inspect names it and as the report's tables by region do.
    named = warmup.ensemble_of(_series(shared), ("inpatient",), 365.0, {}, 365.0, ("north",))
    assert named.worst == "inpatient occupancy (north)"


def test_the_check_on_the_mean_passes_swings_of_single_replications():
    rng = np.random.default_rng(4)
    # Each replication swings by 10 beds over a year, at its own phase: nothing shared.
    swings = [100 + 10 * np.sin(2 * np.pi * (np.arange(2000) / 365 + rng.uniform()))
              + rng.normal(0, 2, 2000) for _ in range(30)]
    e = warmup.ensemble_of(_series(swings), ("inpatient",), 365.0, {}, 365.0)
    assert e.worst == "" and not e.warning
    assert "none of the 2 daily series still settles" in e.mean_text()
    assert warmup.material_point(np.full(100, 3.0)) == 0


def test_a_late_point_within_the_spread_is_cleared_and_said_so():
    rng = np.random.default_rng(0)
    reps = [_ar1(rng, 0.999, 1.0, 200) for _ in range(30)]
    # Points from day 0 of the run; the measured days start at the warm-up (day 0 here too).
    points = {(0, r): float(warmup.material_point(v)) for r, v in enumerate(reps)}
    e = warmup.ensemble_of(_series(reps), ("rehabilitation",), 0.0, points, 0.0)
    assert e.rejudged and e.flagged == sum(p > 0 for p in points.values()) > 0
    assert e.transient <= 1
    assert e.largest is not None and abs(e.largest.z) > 0


def test_a_tiny_gap_is_large_in_z_but_not_quoted():
    # Ten replications all but flat; replication 0 is a tenth of a person higher before the cut:
    # many spreads wide, but not a person, so neither material nor the largest |z| to quote.
    rng = np.random.default_rng(1)
    reps = [np.full(200, 5.0) + rng.normal(0, 1e-3, 200) for _ in range(10)]
    reps[0][:50] += 0.1
    b = warmup.replication_bias(np.vstack(reps), 0, 50)
    assert b.judged and abs(b.z) > warmup.MATERIAL_Z
    assert not b.large and not b.material
    e = warmup.ensemble_of(_series(reps), ("ward",), 0.0, {(0, 0): 50.0}, 0.0)
    assert e.transient == 0 and e.largest is None


def test_a_later_stretch_as_far_from_the_rest_by_hand():
    # Replication 0 opens two days at 10 above its rest; replication 1 has such a stretch
    # later, replication 2 one as far the other way (a flood does not match a dip).
    matrix = np.array([[10.0, 10, 0, 0, 0, 0, 0, 0],
                       [0.0, 0, 0, 0, 10, 10, 0, 0],
                       [0.0, 0, 0, 0, -10, -10, 0, 0]])
    m = warmup.midrun_match(matrix, 10.0, 2)
    assert m.stretches == 3 * 5  # starts 2 .. 6 of each replication
    assert m.as_far == 1 and m.matched
    assert (m.replication, m.start, m.gap) == (1, 4, 10.0)
    dip = warmup.midrun_match(matrix, -10.0, 2)
    assert dip.as_far == 1 and (dip.replication, dip.start) == (2, 4)
    assert not warmup.midrun_match(matrix, 10.5, 2).matched
    assert warmup.midrun_match(matrix, 10.0, 5).stretches == 0  # no room after the opening
    with pytest.raises(ValueError):
        warmup.midrun_match(matrix, 1.0, 0)


def _dips(rng, opening, later):
    """Thirty replications of a stationary AR(1) around 46 (a house of 48 places) in which
    replication 0 opens its measured days `opening` below for 35 days, and, if `later`,
    replication 11 has a dip four places deeper half-way through its run."""
    reps = [_ar1(rng, 0.95, 0.6, 46.0) for _ in range(30)]
    reps[0][:35] -= opening
    if later:
        reps[11][2000:2035] -= opening + 4
    return reps


def test_an_opening_excursion_the_design_also_makes_later_is_cleared():
    rng = np.random.default_rng(5)
    reps = _dips(rng, 13.0, later=True)
    points = {(0, 0): 35.0}
    e = warmup.ensemble_of(_series(reps), ("balancing_house",), 0.0, points, 0.0)
    # Many spreads wide against the other openings, but a later dip is deeper.
    assert e.flagged == 1 and e.transient == 0 and e.excursions == 1 and not e.warning
    assert e.matched is not None and e.matched.cut.z < -warmup.MATERIAL_Z
    assert (e.matched.replication, e.matched.day) == (11, 2000.0)
    text = warmup.verdict_text(warmup.ShortWarmup("recovery", 0.0, 30, 1, {"x": 35.0}), e,
                               "recovery")
    assert "1 has a material gap that a later stretch of the same length matches" in text
    assert "as far in replication 11 from day 2000" in text
    # The same opening with nothing like it later is that replication's own transient.
    alone = warmup.ensemble_of(_series(_dips(np.random.default_rng(5), 13.0, later=False)),
                               ("balancing_house",), 0.0, points, 0.0)
    assert alone.transient == 1 and alone.excursions == 0 and alone.warning
    assert alone.worst_transient.replication == 0


# The flagship's three designs with eight replications: medical for three years with a month of
# warm-up (its lists still filling: a transient every replication shares), the others for five
# years with two of warm-up, where some replications' late points are transients and others
# swings of single replications.
AGREEMENT_EXPERIMENT = """
[experiment]
name = "warmup-agreement"
replications = 8
seed = 11
trace = "summary"

[overrides]
"scenario.horizon_days" = 1825
"scenario.warmup_days" = 730

[designs.medical]
scenario = "medical"
[designs.medical.overrides]
"scenario.horizon_days" = 1095
"scenario.warmup_days" = 30

[designs.recovery]
scenario = "recovery"

[designs.cost_target]
scenario = "cost_target"
"""


def _phrases(e: warmup.Ensemble) -> list[str]:
    """What inspect's line and the report's text must both say of a case's check."""
    out = []
    if e.flagged and e.rejudged:
        out.append(f"in {e.flagged} of {e.replications} replications")
        if e.transient:
            w = e.worst_transient
            verb = "carries" if e.transient == 1 else "carry"
            out += [f"{e.transient} of them still {verb} a material gap",
                    f"worst: {w.series}, replication {w.replication}, day {w.point_days:g}, "
                    f"z {w.z:.1f}"]
        elif e.largest is None:
            out.append("no gap of a person and 1% of the level")
        else:
            big = e.largest
            out += [f"largest |z| {math.floor(abs(big.z) * 10) / 10:.1f}",
                    f"{big.series}, replication {big.replication}, day {big.point_days:g}"]
        if e.excursions:
            m = e.matched
            out += [f"{e.excursions} {'has' if e.excursions == 1 else 'have'} a material gap "
                    "that a later stretch of the same length matches",
                    f"largest: {m.cut.series}, replication {m.cut.replication}, day "
                    f"{m.cut.point_days:g}, z {m.cut.z:.1f}; as far in replication "
                    f"{m.replication} from day {m.day:g}"]
    if e.worst:
        out.append(f"{e.worst} still settl")
    return out


def test_inspect_and_the_report_give_the_same_verdict(tmp_path):
    import html
    import subprocess
    from test_batch import retzef_binary

    experiment = tmp_path / "agreement.toml"
    experiment.write_text(AGREEMENT_EXPERIMENT)
    path = tmp_path / "agreement.h5"
    subprocess.run([str(retzef_binary()), "--quiet", "batch", str(experiment), "-o", str(path),
                    "--threads", "2"], check=True, capture_output=True, timeout=600)
    inspect = subprocess.run([str(retzef_binary()), "inspect", str(path), "--indicators"],
                             check=True, capture_output=True, text=True, timeout=300)
    lines = {}
    for line in inspect.stderr.splitlines():
        level, _, text = line.partition("] ")
        case = text.partition(":")[0]
        if "warm-up" in text and case in ("medical", "recovery", "cost_target"):
            lines[case] = (level.strip("["), text)
    run_report(path, "-o", tmp_path / "r", check=True)
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    checks = {}
    with RetzefFile(path) as rf:
        per_rep = indicators.per_replication(rf)
        for case in ("medical", "recovery", "cost_target"):
            e = warmup.ensemble(rf, case, per_rep)
            assert e.replications == 8 and e.rejudged
            level, line = lines[case]
            assert level == ("warning" if e.warning else "info"), line
            short = [s for s in warmup.short_warmups(rf, per_rep) if s.case == case]
            text = warmup.verdict_text(short[0] if short else None, e, case)
            for phrase in _phrases(e):
                assert phrase in line, (phrase, line)
                assert phrase in text, (phrase, text)
            if e.flagged:  # a banner when the line warns, else a note
                # "too short" only for a transient the replications share; a gap kept by
                # single replications is a banner under the check's own name.
                shared = bool(e.worst)
                prefix = ("Warm-up too short: " if e.warning and shared else "Warm-up check: ")
                assert prefix + html.escape(text, quote=True) in page
                if not shared:  # warning or not, a mean that settles makes no such claim
                    assert "Its indicators include part of the start-up transient" not in text
            checks[case] = e
    # The medical lists fill well past a month in every replication: flagged, and kept.
    assert checks["medical"].flagged == checks["medical"].transient == 8
    # Elsewhere the spread of the replications clears some late points.
    assert any(0 < e.flagged and e.transient < e.flagged for e in checks.values())


def test_the_verdict_claims_a_transient_only_when_the_mean_still_settles():
    """The same late points in four states of the checks across replications: the report says
    the indicators include part of the start-up transient only when the mean of the replications
    still settles; points nothing re-judged are said for what they may be, and why they stand."""
    short = warmup.ShortWarmup(case="medical", warmup_days=365, replications=6, short=2,
                               levels={"clinic": 900.0})
    claim = "Its indicators include part of the start-up transient."
    # Re-judged, all within the spread, the mean settled: swings, not a transient.
    cleared = warmup.Ensemble(replications=6, series=4, flagged=2, rejudged=True,
                              largest=warmup.Cut("clinic waiting (region 0)", 3, 900.0, 2.5))
    text = warmup.verdict_text(short, cleared, "medical")
    assert claim not in text and "not a start-up transient" in text
    # Re-judged, one keeps a gap, the mean settled: that replication's own, no claim either.
    kept = warmup.Ensemble(replications=6, series=4, flagged=2, rejudged=True, transient=1,
                           worst_transient=warmup.Cut("clinic waiting (region 0)", 3, 900.0, 9.0))
    text = warmup.verdict_text(short, kept, "medical")
    assert claim not in text and "which the mean of the replications does not show" in text
    # The mean still settles: the claim, whatever the single replications show.
    shared = warmup.Ensemble(replications=6, series=4, flagged=2, rejudged=True, transient=1,
                             worst="clinic waiting (region 0)", worst_days=120.0,
                             worst_before=40.0, worst_after=30.0)
    assert claim in warmup.verdict_text(short, shared, "medical")
    # Three replications: nothing re-judged, and the mean settled.
    few = warmup.Ensemble(replications=3, series=4, flagged=2)
    text = warmup.verdict_text(short, few, "medical")
    assert claim not in text
    assert ("may include part of the start-up transient, or the level may only swing slowly, "
            "which a replication's own series cannot tell apart; 3 replications are too few to "
            "re-judge it against their spread (5 or more are needed).") in text
    # Three replications whose mean still settles: too few to average a slow swing away, so
    # still no claim, and the mean's point is said for what it may be.
    few_settling = warmup.Ensemble(replications=3, series=4, flagged=2,
                                   worst="clinic waiting (region 0)", worst_days=120.0,
                                   worst_before=40.0, worst_after=30.0)
    text = warmup.verdict_text(short, few_settling, "medical")
    assert claim not in text and not few_settling.shared
    assert "3 replications are too few to re-judge it" in text
    assert ("On the mean of its 3 replications, clinic waiting (region 0) still settles 120 days "
            "after the warm-up (40 in those days against 30 after, +33.3%). With fewer than 5 "
            "replications that may be a slow swing as well as the start-up transient.") in text
    # One replication: its own series, not a "mean of 1 replications".
    one = warmup.Ensemble(replications=1, series=4, flagged=1)
    assert ("On its one replication's daily series none of the 4 daily series still settles"
            in warmup.verdict_text(short, one, "medical"))
    # No daily table at all.
    none = warmup.verdict_text(short, warmup.Ensemble(), "medical")
    assert claim not in none and "the file has no daily occupancy table" in none
