"""Page one of the report: which differences matter, the marks, and the verdict in sentences.

A paired difference is marked better or worse only when its 95% interval excludes zero *and*
its mean is at least the indicator's minimum meaningful difference; otherwise it is "no
meaningful difference". Which way is better is the indicator's `better` metadata in the file's
catalogue (catalogue.IndicatorInfo.direction), never decided here. An indicator with no better
direction (a budget, a count of people in care) gets "higher" or "lower" under the same rule,
with no judgement.

The minimum differences have defaults (MINIMUM_DIFFERENCES, by indicator or family; the
reasoning for each is in docs/analysis.md) that an experiment file overrides in its
`[report.minimum_difference]` table, which `retzef batch` checks and copies into /meta
(attribute `report_minimum_difference`, a JSON object): a number is an absolute difference in
the indicator's unit as the file stores it (shares as fractions: 0.02 is 2 percentage points),
a string "N%" a difference relative to the baseline's mean.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re

from retzef_analysis import catalogue, intervals, rounding
from retzef_analysis.file import text

BETTER, WORSE, NO_DIFFERENCE, HIGHER, LOWER, NO_INTERVAL, MISSING = (
    "better", "worse", "no meaningful difference", "higher", "lower", "no interval",
    "not available")
META_ATTRIBUTE = "report_minimum_difference"


@dataclasses.dataclass(frozen=True)
class Minimum:
    """A minimum meaningful difference: `amount` absolute, or relative to the baseline mean."""

    amount: float
    relative: bool
    source: str = "default"  # "default" or "experiment file"

    def threshold(self, baseline_mean: float) -> float:
        if not self.relative:
            return self.amount
        return self.amount * abs(baseline_mean) if math.isfinite(baseline_mean) else math.inf

    def text(self) -> str:
        return f"{100 * self.amount:g}% of the baseline" if self.relative else f"{self.amount:g}"


def _rel(fraction: float) -> Minimum:
    return Minimum(fraction, True)


def _abs(amount: float) -> Minimum:
    return Minimum(amount, False)


# Defaults by indicator name or family (a name wins); docs/analysis.md gives the reasoning.
MINIMUM_DIFFERENCES = {
    "bed_days_per_1000": _rel(0.05),
    "admissions_per_1000": _rel(0.05),
    "blocked_days_per_1000": _rel(0.10),
    "boarding_days_per_1000": _rel(0.10),
    "entries_per_1000": _rel(0.05),
    "readmission_30": _abs(0.02),
    "readmission_90": _abs(0.02),
    "crisis_readmission_30": _abs(0.02),
    "crisis_readmission_90": _abs(0.02),
    "wait_first_care": _rel(0.10),
    "wait": _rel(0.10),
    "time_to_remission": _rel(0.05),
    "waiting": _rel(0.10),
    "people_waiting": _rel(0.10),
    "waiting_for_coordinator": _rel(0.10),
    "functioning_gain": _abs(0.02),
    "functioning_end": _abs(0.02),
    "crisis_days_per_person_year": _rel(0.05),
    "budget_per_year": _rel(0.01),
    "spending_per_year": _rel(0.01),
    "budget_per_capita": _rel(0.01),
    "cost_per_capita": _rel(0.01),
    "cost_per_person_year": _rel(0.02),
}
SHARE_DEFAULT = _abs(0.01)  # any other share: one percentage point
OTHER_DEFAULT = _rel(0.05)


class MinimumDifferenceError(ValueError):
    """An override the report cannot read; str() names the key and what was expected."""


def parse_overrides(raw) -> dict[str, Minimum]:
    """The /meta attribute (JSON text) or a mapping, as Minimum per indicator name or family."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        try:
            raw = json.loads(text(raw))
        except json.JSONDecodeError as e:
            raise MinimumDifferenceError(f"/meta attribute {META_ATTRIBUTE} is not JSON: {e}") \
                from None
        if not isinstance(raw, dict):
            raise MinimumDifferenceError(f"/meta attribute {META_ATTRIBUTE}: expected an object")
    out = {}
    for key, v in raw.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) \
                and v >= 0:
            out[key] = Minimum(float(v), False, "experiment file")
            continue
        match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?)\s*%\s*", v) if isinstance(v, str) else None
        if match is None:
            raise MinimumDifferenceError(
                f"report.minimum_difference.{key}: expected a number >= 0 (in the indicator's "
                f"unit) or a percentage such as \"5%\", got {v!r}")
        out[key] = Minimum(float(match.group(1)) / 100, True, "experiment file")
    return out


def minimum_for(info: catalogue.IndicatorInfo, overrides: dict[str, Minimum]) -> Minimum:
    """The minimum meaningful difference of an indicator: the experiment's by name, by family,
    else the default by name, by family, by unit."""
    for table in (overrides, MINIMUM_DIFFERENCES):
        for key in (info.name, info.family):
            if key and key in table:
                return table[key]
    return SHARE_DEFAULT if info.is_share else OTHER_DEFAULT


def mark(direction: int, d: intervals.Interval, baseline_mean: float,
         minimum: Minimum) -> str:
    """better / worse / no meaningful difference (or higher / lower for an indicator with no
    better direction); no interval with fewer than two complete pairs."""
    if d.n == 0 or not math.isfinite(d.mean):
        return MISSING
    if not d.available:
        return NO_INTERVAL
    if not d.excludes_zero() or abs(d.mean) < minimum.threshold(baseline_mean):
        return NO_DIFFERENCE
    if direction == catalogue.DESCRIPTIVE:
        return HIGHER if d.mean > 0 else LOWER
    return BETTER if (d.mean > 0) == (direction == catalogue.HIGHER) else WORSE


@dataclasses.dataclass(frozen=True)
class Comparison:
    """One design against another on one indicator."""

    case: str
    against: str
    indicator: str
    difference: intervals.Interval
    against_mean: float
    minimum: Minimum
    mark: str

    def relative(self) -> tuple[float, float, float] | None:
        """The difference and its interval as fractions of the other design's mean."""
        m = self.against_mean
        if not math.isfinite(m) or m == 0:
            return None
        d = self.difference
        return d.mean / abs(m), d.lower / abs(m), d.upper / abs(m)


def comparisons_of(cases: list[str], baseline: str) -> list[tuple[str, str]]:
    """The pairs the verdict compares: every case against the baseline, and, for a few designs,
    each later one against the first reform (cost_target against recovery)."""
    others = [c for c in cases if c != baseline]
    pairs = [(c, baseline) for c in others]
    if 2 <= len(others) <= 3:
        pairs += [(c, others[0]) for c in others[1:]]
    return pairs


def by_replication(long) -> dict:
    """indicators.per_replication's long frame as {(case, indicator): values by replication}."""
    return {key: g.set_index("replication")["value"]
            for key, g in long.groupby(["case", "indicator"], sort=False)}


def compare(per_rep: dict, case: str, against: str, info: catalogue.IndicatorInfo,
            overrides: dict[str, Minimum]) -> Comparison | None:
    """The paired difference case − against on one indicator, with its mark; None when either
    case lacks the indicator. `per_rep` maps (case, indicator) to the values by replication
    (by_replication)."""
    a, b = per_rep.get((case, info.name)), per_rep.get((against, info.name))
    if a is None or b is None:
        return None
    d = intervals.paired_difference(a, b)
    base = intervals.mean_interval(b.to_numpy()).mean
    minimum = minimum_for(info, overrides)
    return Comparison(case, against, info.name, d, base, minimum,
                      mark(info.direction, d, base, minimum))


# --- The verdict in sentences -----------------------------------------------------------------

# The budget frames every sentence: at the same budget the other differences are gains or
# losses; at another budget the reader must weigh them against it.
BUDGET_INDICATORS = ("budget_per_year", "budget_per_capita")
# What each design spends of that budget, named beside it: the same budget says nothing of how
# much of it buys care used (a design may leave a third of it in empty places).
SPENDING_OF = {"budget_per_year": "spending_per_year", "budget_per_capita": "cost_per_capita"}


def percent_range(c: Comparison) -> tuple[str, str]:
    """("26%", " [24–28%]"): the relative difference and its interval (the interval only when
    it lies on one side of zero), with no more digits than the interval supports."""
    rel = c.relative()
    lo, hi = sorted((abs(rel[1]), abs(rel[2])))
    half = 100 * (hi - lo) / 2 if math.isfinite(lo) else None
    places = max(0, min(1, rounding.decimals(half, 100 * rel[0]) or 0))

    def pct(v: float) -> str:
        return rounding.rounded(100 * v, places)

    span = f" [{pct(lo)}–{pct(hi)}%]" if half is not None and (rel[1] > 0) == (rel[2] > 0) else ""
    return f"{pct(abs(rel[0]))}%", span


def spent_shares(budget: Comparison, spending: Comparison | None) -> tuple[float, float] | None:
    """The share of its budget each design spends (the case's, the other's), from the means;
    None without spending or a budget."""
    if spending is None:
        return None
    case_budget = budget.against_mean + budget.difference.mean
    case_spent = spending.against_mean + spending.difference.mean
    shares = (case_spent / case_budget if case_budget > 0 else math.nan,
              spending.against_mean / budget.against_mean if budget.against_mean > 0 else math.nan)
    return shares if all(math.isfinite(x) for x in shares) else None


def budget_clause(c: Comparison | None, spending: Comparison | None = None) -> str:
    if c is None or c.relative() is None or not c.difference.available:
        return ""
    if c.mark == NO_DIFFERENCE:
        bound = max(abs(c.relative()[1]), abs(c.relative()[2]))
        shares = spent_shares(c, spending)
        spent = ("" if shares is None else f", of which {c.case} spends {100 * shares[0]:.0f}% "
                 f"and {c.against} {100 * shares[1]:.0f}%")
        return f"With the same budget (±{100 * bound:.1f}%){spent}, "
    if c.mark in (BETTER, WORSE, HIGHER, LOWER):
        pct, span = percent_range(c)
        return f"With a budget {pct}{span} {'larger' if c.difference.mean > 0 else 'smaller'}, "
    return ""


def phrase(c: Comparison, info: catalogue.IndicatorInfo, short: str) -> str | None:
    """"bed-days 26% lower [24–28%]" for one marked difference; None when not marked."""
    if c.mark not in (BETTER, WORSE):
        return None
    way = "higher" if c.difference.mean > 0 else "lower"
    if c.relative() is not None and not info.is_share:
        pct, span = percent_range(c)
        return f"{short} {pct} {way}{span}"
    points = 100 if info.is_share else 1
    unit = " percentage points" if info.is_share else ""
    d = c.difference
    lo, hi = sorted((abs(d.lower) * points, abs(d.upper) * points))
    places = rounding.decimals((hi - lo) / 2, d.mean * points)
    return (f"{short} {rounding.rounded(abs(d.mean) * points, places)}{unit} {way} "
            f"[{rounding.rounded(lo, places)}–{rounding.rounded(hi, places)}]")


def sentence(case: str, against: str, comparisons: list[Comparison], infos: dict,
             shorts: dict[str, str]) -> str:
    """One design's verdict against another, from the marked key indicators."""
    if not any(c.difference.available for c in comparisons):
        return (f"{case} compared with {against}: no verdict, since an interval needs at least "
                "two complete pairs of replications.")
    by_name = {c.indicator: c for c in comparisons}
    budget = next((by_name[n] for n in BUDGET_INDICATORS if n in by_name), None)
    judged = [c for c in comparisons if c.indicator not in BUDGET_INDICATORS]
    better = [phrase(c, infos[c.indicator], shorts.get(c.indicator, infos[c.indicator].label))
              for c in judged if c.mark == BETTER]
    worse = [phrase(c, infos[c.indicator], shorts.get(c.indicator, infos[c.indicator].label))
             for c in judged if c.mark == WORSE]
    same = [shorts.get(c.indicator, infos[c.indicator].label) for c in judged
            if c.mark == NO_DIFFERENCE and infos[c.indicator].direction != catalogue.DESCRIPTIVE]
    opening = budget_clause(budget, by_name.get(SPENDING_OF.get(budget.indicator, ""))
                            if budget is not None else None)
    subject = f"{case} compared with {against}"
    parts = []
    if better:
        parts.append("is better on " + _join(better))
    if worse:
        parts.append(("but " if better else "") + "is worse on " + _join(worse))
    if not parts:
        parts.append("makes no meaningful difference on any key indicator")
    text_ = (opening + subject if opening else subject[:1].upper() + subject[1:]) + " " \
        + "; ".join(parts) + "."
    if same and (better or worse):
        text_ += " No meaningful difference in " + _join(same) + "."
    return text_


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
