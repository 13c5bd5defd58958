"""Means, Student-t intervals and paired differences against values worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from retzef_analysis import intervals

NAN = math.nan
# Two-sided 95% Student-t quantiles from the tables: t(0.975; dof).
T95 = {1: 12.7062047, 2: 4.30265273, 29: 2.04522964}


@pytest.mark.parametrize("dof", sorted(T95))
def test_t_quantiles_match_the_tables(dof):
    assert intervals.t_quantile(0.95, dof) == pytest.approx(T95[dof], abs=1e-6)


def test_mean_interval_by_hand():
    # mean 110, sd 10, half-width t(2) * 10 / sqrt(3)
    ci = intervals.mean_interval([100.0, 110.0, 120.0])
    half = T95[2] * 10 / math.sqrt(3)
    assert ci.n == 3 and ci.available
    assert ci.mean == pytest.approx(110.0)
    assert ci.sd == pytest.approx(10.0)
    assert ci.lower == pytest.approx(110 - half) and ci.lower == pytest.approx(85.1586228, 1e-7)
    assert ci.upper == pytest.approx(110 + half)
    assert ci.half_width == pytest.approx(half)


def test_mean_interval_leaves_out_nan_and_inf():
    ci = intervals.mean_interval([0.2, NAN, 0.3, math.inf])
    sd = math.sqrt(((0.2 - 0.25) ** 2 + (0.3 - 0.25) ** 2) / 1)
    assert ci.n == 2
    assert ci.mean == pytest.approx(0.25)
    assert ci.sd == pytest.approx(sd)
    assert ci.half_width == pytest.approx(T95[1] * sd / math.sqrt(2))


def test_one_value_has_no_interval():
    ci = intervals.mean_interval([0.3, NAN, NAN])
    assert ci.n == 1 and not ci.available
    assert ci.mean == pytest.approx(0.3)
    assert math.isnan(ci.lower) and math.isnan(ci.upper) and math.isnan(ci.sd)
    assert not ci.excludes_zero()


def test_no_value_has_no_mean():
    ci = intervals.mean_interval([NAN, NAN])
    assert ci.n == 0 and math.isnan(ci.mean) and math.isnan(ci.lower)
    assert intervals.mean_interval([]).n == 0


def test_identical_values_give_an_interval_of_width_zero():
    ci = intervals.mean_interval([5.0, 5.0, 5.0])
    assert ci.available and ci.lower == ci.upper == 5.0


def test_paired_difference_by_hand():
    # recovery - medical by replication: 80-100, 85-110, 95-120 = -20, -25, -25
    medical = pd.Series([100.0, 110.0, 120.0], index=[0, 1, 2])
    recovery = pd.Series([80.0, 85.0, 95.0], index=[0, 1, 2])
    d = intervals.paired_difference(recovery, medical)
    sd = np.std([-20.0, -25.0, -25.0], ddof=1)
    assert d.n == 3
    assert d.mean == pytest.approx(-70 / 3)
    assert d.sd == pytest.approx(sd) and sd == pytest.approx(2.8867513)
    assert d.lower == pytest.approx(-70 / 3 - T95[2] * sd / math.sqrt(3))
    assert d.lower == pytest.approx(-30.5044210, 1e-7)
    assert d.upper == pytest.approx(-16.1622457, 1e-7)
    assert d.excludes_zero()


def test_paired_difference_is_narrower_than_the_separate_intervals():
    # The common random numbers cancel: the pair's interval is far narrower than either mean's.
    medical = pd.Series([100.0, 110.0, 120.0])
    recovery = pd.Series([80.0, 85.0, 95.0])
    d = intervals.paired_difference(recovery, medical)
    assert d.half_width < intervals.mean_interval(recovery).half_width / 2


def test_paired_difference_drops_incomplete_pairs():
    # Replication 1 of the baseline is NaN, so pair 1 goes; 0 and 2 remain: -0.1, -0.1.
    medical = pd.Series([0.2, NAN, 0.3])
    recovery = pd.Series([0.1, 0.15, 0.2])
    d = intervals.paired_difference(recovery, medical)
    assert d.n == 2
    assert d.mean == pytest.approx(-0.1)
    assert d.lower == pytest.approx(-0.1) and d.upper == pytest.approx(-0.1)


def test_paired_difference_pairs_by_replication_number_not_position():
    a = pd.Series([1.0, 2.0, 4.0], index=[0, 1, 2])
    b = pd.Series([10.0, 1.0, 3.0], index=[3, 1, 2])  # only 1 and 2 are in both
    d = intervals.paired_difference(a, b)
    assert d.n == 2 and d.mean == pytest.approx(1.0)


def test_paired_difference_with_one_pair_has_no_interval():
    d = intervals.paired_difference(pd.Series([0.5, 0.6, NAN]), pd.Series([0.3, NAN, NAN]))
    assert d.n == 1 and not d.available
    assert d.mean == pytest.approx(0.2)
    assert math.isnan(d.lower) and math.isnan(d.upper)


def test_summarise_long_frame():
    rows = [("base", "d0", r, "x", v) for r, v in enumerate([1.0, 2.0, 3.0])]
    rows += [("other", "d1", r, "x", v) for r, v in enumerate([2.0, 4.0, 6.0])]
    rows += [("other", "d1", r, "y", v) for r, v in enumerate([1.0, NAN, 1.0])]
    frame = pd.DataFrame(rows, columns=["case", "design", "replication", "indicator", "value"])
    s = intervals.summarise(frame, "base").set_index(["case", "indicator"])
    assert s.loc[("base", "x"), "mean"] == pytest.approx(2.0)
    assert s.loc[("base", "x"), "difference_n"] == 0
    assert math.isnan(s.loc[("base", "x"), "difference"])
    # other - base: 1, 2, 3 -> mean 2, sd 1
    assert s.loc[("other", "x"), "difference"] == pytest.approx(2.0)
    assert s.loc[("other", "x"), "difference_upper"] == pytest.approx(2 + T95[2] / math.sqrt(3))
    assert s.loc[("other", "x"), "difference_n"] == 3
    # y exists only in `other`: its own interval, no difference
    assert s.loc[("other", "y"), "n"] == 2
    assert s.loc[("other", "y"), "difference_n"] == 0
    assert ("base", "y") not in s.index


def test_a_share_interval_stops_at_zero_and_nothing_else_is_cut():
    """Rare events: the t interval of 0, 0, 0.001 reaches below zero. A share's lower end is
    cut at 0 (never its upper end: an occupancy passes 1), other indicators and the
    differences are left as they are."""
    rows = [{"case": c, "design": c, "replication": r, "indicator": name, "value": v}
            for c in ("a", "b") for name in ("rare_share", "gain", "occupancy")
            for r, v in enumerate({"rare_share": [0.0, 0.0, 0.001], "gain": [-0.1, 0.0, 0.1],
                                   "occupancy": [1.2, 1.0, 1.1]}[name])]
    summary = intervals.summarise(pd.DataFrame(rows), "a")
    assert (summary.set_index(["case", "indicator"]).loc[("a", "rare_share"), "lower"] < 0)
    cut = intervals.shares_at_least_zero(summary, {"rare_share", "occupancy"}).set_index(
        ["case", "indicator"])
    before = summary.set_index(["case", "indicator"])
    assert cut.loc[("a", "rare_share"), "lower"] == 0.0
    assert cut.loc[("a", "rare_share"), "upper"] == before.loc[("a", "rare_share"), "upper"]
    assert cut.loc[("a", "gain"), "lower"] == before.loc[("a", "gain"), "lower"] < 0
    assert cut.loc[("a", "occupancy"), "upper"] > 1
    assert cut["difference_lower"].equals(before["difference_lower"])
