"""Means with Student-t confidence intervals, and paired differences between cases.

Replications of one case are independent, so the interval of a mean over n of them is
mean ± t(n-1) · sd / sqrt(n). Replication k of every case uses the same random keys for the same
people (common random numbers), so the difference between two cases is formed replication by
replication and its interval is that of the mean of the differences — much narrower than the
two separate intervals suggest, because the shared noise cancels.

Values that are not finite (NaN: an indicator that could not be formed in that replication) are
left out; in a difference, a replication is left out when either case's value is missing, so the
pairs stay pairs. With fewer than two values no interval exists: lower and upper are NaN and
`available` is False. Nothing is ever invented to fill the gap.

The same formulas as the simulator's own `retzef run` (sim/stats/confidence.hpp).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.95


@dataclasses.dataclass(frozen=True)
class Interval:
    mean: float  # NaN when n == 0
    lower: float  # NaN when no interval is available
    upper: float
    n: int  # values used (finite ones; for differences, complete pairs)
    sd: float  # sample standard deviation; NaN when n < 2
    level: float = LEVEL

    @property
    def available(self) -> bool:
        return self.n >= 2

    @property
    def half_width(self) -> float:
        return (self.upper - self.lower) / 2 if self.available else math.nan

    def excludes_zero(self) -> bool:
        """Whether the interval lies entirely on one side of 0 (a clear difference)."""
        return self.available and (self.lower > 0 or self.upper < 0)


def t_quantile(level: float, dof: int) -> float:
    """The two-sided Student-t quantile: P(|T| <= t) = level with `dof` degrees of freedom."""
    return float(stats.t.ppf(0.5 + level / 2, dof))


def mean_interval(values, level: float = LEVEL) -> Interval:
    """The mean of the finite values with its Student-t interval."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0, math.nan, level)
    mean = float(x.mean())
    if n < 2:
        return Interval(mean, math.nan, math.nan, n, math.nan, level)
    sd = float(x.std(ddof=1))
    half = t_quantile(level, n - 1) * sd / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, n, sd, level)


def paired_difference(a: pd.Series, b: pd.Series, level: float = LEVEL) -> Interval:
    """The interval of the mean of a[k] - b[k], pairing by the index (the replication number).

    Replications present in only one of the two, or with a non-finite value in either, are left
    out.
    """
    a = pd.Series(a, dtype=float)
    b = pd.Series(b, dtype=float)
    joined = pd.concat([a.rename("a"), b.rename("b")], axis=1, join="inner")
    complete = joined[np.isfinite(joined["a"]) & np.isfinite(joined["b"])]
    return mean_interval(complete["a"] - complete["b"], level)


COLUMNS = ["case", "design", "indicator", "mean", "lower", "upper", "n", "sd", "baseline",
           "difference", "difference_lower", "difference_upper", "difference_n"]


def summarise(per_replication: pd.DataFrame, baseline: str, level: float = LEVEL) -> pd.DataFrame:
    """Intervals of every indicator of every case, and each case's difference from `baseline`.

    `per_replication` is long: columns case, design, replication, indicator, value. The result
    has one row per (case, indicator), in the order the input lists them, with the columns
    COLUMNS; the difference columns are NaN on the baseline's own rows and for indicators the
    baseline lacks.
    """
    frame = per_replication.copy()
    frame["case"] = frame["case"].astype(str)
    frame["design"] = frame["design"].astype(str)
    cases = list(dict.fromkeys(frame["case"]))
    indicators = list(dict.fromkeys(frame["indicator"]))
    grouped = {key: g.set_index("replication")["value"]
               for key, g in frame.groupby(["case", "indicator"], sort=False)}
    designs = dict(zip(frame["case"], frame["design"]))
    rows = []
    for case in cases:
        for indicator in indicators:
            values = grouped.get((case, indicator))
            if values is None:
                continue
            ci = mean_interval(values.to_numpy(), level)
            row = {"case": case, "design": designs[case], "indicator": indicator,
                   "mean": ci.mean, "lower": ci.lower, "upper": ci.upper, "n": ci.n, "sd": ci.sd,
                   "baseline": baseline, "difference": math.nan, "difference_lower": math.nan,
                   "difference_upper": math.nan, "difference_n": 0}
            base = grouped.get((baseline, indicator))
            if case != baseline and base is not None:
                d = paired_difference(values, base, level)
                row.update(difference=d.mean, difference_lower=d.lower,
                           difference_upper=d.upper, difference_n=d.n)
            rows.append(row)
    result = pd.DataFrame(rows, columns=COLUMNS)
    result["n"] = result["n"].astype(int)
    result["difference_n"] = result["difference_n"].astype(int)
    return result


def shares_at_least_zero(summary: pd.DataFrame, shares: set[str]) -> pd.DataFrame:
    """`summary` (as summarise() makes it) with the lower end of each share's interval cut at
    zero. A share of rare events (readmissions of a small group, 0.02%) has a Student-t interval
    that reaches below zero, and a planner reads "[-0.01%, 0.04%]" as an error; no share is
    below zero, so the interval is the part of it that can hold the share. Only the lower end:
    an occupancy is a share that can pass 1 (overflow beds). Differences keep their sign.
    """
    out = summary.copy()
    rows = out["indicator"].isin(shares)
    out.loc[rows, "lower"] = out.loc[rows, "lower"].clip(lower=0.0)
    return out

