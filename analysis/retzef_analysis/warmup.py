"""The warm-up check: cases whose warm-up is shorter than the MSER-5 truncation point.

The simulator keeps each level's daily occupancy and waiting series from day 0 and forms, per
replication, the MSER-5 truncation point of each (White 1997; White, Cobb & Spratt 2000): from
which day on the series looks settled, the largest over regions (`mser_truncation_days_<level>`)
and over levels (`mser_truncation_days`). A replication whose warm-up is shorter measures part
of the start-up transient, unless its late point is a swing within the spread of the
replications; the report gives the same verdict as `retzef inspect --indicators`, a warning
naming the case, the levels and their truncation points against the warm-up when a transient
remains (docs/model.md, "Warm-up check"). Files written before the check have none of these
indicators and get no warning.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from retzef_analysis.file import RetzefFile

OVERALL = "mser_truncation_days"
LEVEL_PREFIX = "mser_truncation_days_"


@dataclasses.dataclass(frozen=True)
class ShortWarmup:
    case: str
    warmup_days: float
    replications: int  # replications of the case with a truncation point
    short: int  # of which the warm-up is shorter than the truncation point
    levels: dict[str, float]  # level: the largest truncation point past the warm-up
    search_limit: float = math.inf  # the last point MSER searches: half the run

    def text(self, transient: bool = True) -> str:
        """The warning; without its last sentence when the points are not a transient."""
        def point(days: float) -> str:
            limit = ", the search limit: never settled" if days >= self.search_limit else ""
            return f"up to day {days:,.0f}{limit}"

        levels = ", ".join(f"{lv} ({point(days)})" for lv, days in self.levels.items())
        return (f"{self.case}: the warm-up of {self.warmup_days:,.0f} days is shorter than the "
                f"MSER-5 truncation point in {self.short} of {self.replications} replications, "
                f"at {levels}." + (" Its indicators include part of the start-up transient."
                                   if transient else ""))


def search_limit(horizon_days: float) -> float:
    """The largest truncation point MSER-5 can give for a run of this horizon: half the batches
    of five of the days 0 .. horizon (sim/stats/mser.hpp)."""
    if not math.isfinite(horizon_days):
        return math.inf
    days = math.floor(horizon_days) + 1
    return float((days // 5 // 2) * 5)


def short_warmups(rf: RetzefFile, per_rep: pd.DataFrame) -> list[ShortWarmup]:
    """Every case with a replication whose warm-up is shorter than its truncation point, from
    the long per-replication frame (indicators.per_replication)."""
    out = []
    for case in rf.cases:
        rows = per_rep[per_rep["case"] == case]
        overall = rows.loc[rows["indicator"] == OVERALL, "value"].dropna()
        if overall.empty:
            continue
        warmup = rf.case(case).warmup_days
        short = int((overall > warmup).sum())
        if short == 0:
            continue
        per_level = rows[rows["indicator"].str.startswith(LEVEL_PREFIX)]
        late = per_level[per_level["value"] > warmup]
        worst = late.groupby("indicator", sort=False)["value"].max().sort_values(ascending=False)
        levels = {name[len(LEVEL_PREFIX):]: float(days) for name, days in worst.items()}
        out.append(ShortWarmup(case, warmup, len(overall), short, levels,
                               search_limit(rf.case(case).horizon_days)))
    return out


# The checks across the replications (experiments/ensemble_warmup.hpp, whose verdict `retzef
# inspect --indicators` prints; both work per region on the file's daily `occupancy` tables, so
# they say the same on any file). One replication cannot tell a start-up transient from the slow
# swings of levels whose people stay for years. So each replication whose own point lies past
# the warm-up is re-judged at that point against the spread of the other replications' gaps
# (sim/stats/replication_bias.hpp), and MSER-5 runs on the mean of the replications, where a
# transient they share shows and the swings average away. The materiality rule as in
# sim/stats/mser.cpp: a gap counts when it is a person and 1% of the kept mean, and four
# standard errors (on the mean: 20 batch means of the kept part; re-judged: the standard
# deviation of the other replications' gaps).
MATERIAL_SHARE = 0.01

# What the check says of a case whose demand changes after its warm-up (a surge, an arrival
# schedule; the file's /designs/<case> attribute demand_change_day): it is not made. Its daily
# series follow the change and are not meant to settle, and MSER-5 would read the change as a
# start-up transient. The same words as `retzef inspect --indicators`.
DEMAND_CHANGE_NOTE = ("demand changes after the warm-up (a surge or an arrival schedule, from "
                      "day {day:g}): the daily series follow it and are not meant to settle, so "
                      "the warm-up check is not made; check the warm-up on the design with the "
                      "demand held constant.")
MATERIAL_Z = 4.0
MIN_GAP = 1.0


def mser5(series: np.ndarray) -> int:
    """The MSER-5 truncation point of `series`, in observations (0: nothing to delete)."""
    b = len(series) // 5
    if b < 2:
        return 0
    means = series[: b * 5].reshape(b, 5).mean(axis=1)
    best, best_stat = 0, math.inf
    for d in range(b // 2 + 1):
        kept = means[d:]
        stat = float(((kept - kept.mean()) ** 2).sum()) / len(kept) ** 2
        if stat < best_stat:
            best, best_stat = d, stat
    return best * 5


def material_point(series: np.ndarray) -> int:
    """The MSER-5 point of `series` if what it deletes is materially biased, else 0."""
    point = mser5(series)
    if point == 0:
        return 0
    kept = series[point: len(series) // 5 * 5]
    gap = float(series[:point].mean() - kept.mean())
    if abs(gap) < max(MIN_GAP, MATERIAL_SHARE * abs(kept.mean())):
        return 0
    if len(kept) >= 40:
        q = len(kept) // 20
        batches = kept[: q * 20].reshape(20, q).mean(axis=1)
        per_obs = float(batches.var(ddof=1)) * q
        se = math.sqrt(per_obs / len(kept) + per_obs / point)
        if se > 0 and abs(gap) / se < MATERIAL_Z:
            return 0
    return point


MIN_REPLICATIONS_FOR_SPREAD = 5


@dataclasses.dataclass(frozen=True)
class ReplicationBias:
    gap: float  # D_r: mean of [0, cut) minus mean of [cut, end) of replication r
    kept_mean: float
    spread: float  # standard deviation (ddof 1) of the other replications' gaps at the cut
    z: float
    judged: bool  # enough replications and a cut with days on both sides
    material: bool  # True when not judged: the replication's own verdict stands
    large: bool = False  # the gap is a person and 1% of the level or more, whatever z says


def replication_bias(series: np.ndarray, r: int, cut: int,
                     min_gap: float = MIN_GAP) -> ReplicationBias:
    """Replication r's cut at `cut` days of `series` (replications x days, the measured days)
    judged against the spread of the other replications' gaps at the same cut
    (sim::replication_bias)."""
    reps, days = series.shape
    if reps < MIN_REPLICATIONS_FOR_SPREAD or cut <= 0 or cut >= days:
        return ReplicationBias(0.0, 0.0, 0.0, 0.0, False, True)
    gaps = series[:, :cut].mean(axis=1) - series[:, cut:].mean(axis=1)
    kept = float(series[r, cut:].mean())
    gap = float(gaps[r])
    spread = float(np.delete(gaps, r).std(ddof=1))
    if spread > 0:
        z = gap / spread
    else:
        z = 0.0 if gap == 0 else math.copysign(math.inf, gap)
    large = abs(gap) >= max(min_gap, MATERIAL_SHARE * abs(kept))
    material = large and abs(z) >= MATERIAL_Z
    return ReplicationBias(gap, kept, spread, z, True, material, large)


@dataclasses.dataclass(frozen=True)
class MidRunMatch:
    stretches: int  # later stretches compared: starts len .. n - len of every replication
    as_far: int  # of them, those with the opening gap's sign and at least its size
    replication: int  # the farthest of them the opening's way
    start: int
    gap: float

    @property
    def matched(self) -> bool:
        return self.as_far > 0


def midrun_match(series: np.ndarray, opening_gap: float, length: int) -> MidRunMatch:
    """The opening gap of a replication at cut `length` against the gap of every later stretch
    of `length` days (its mean minus the mean of the rest of its run) of every replication of
    `series` (replications x days): an opening some later stretch matches, as far from the rest
    the same way, is an excursion the design makes at its steady state, not a transient
    (sim::midrun_match, sim/stats/midrun_excursion.hpp)."""
    if length <= 0:
        raise ValueError("midrun_match: a stretch of 0 observations")
    reps, days = series.shape
    if reps == 0 or days < 2 * length:
        return MidRunMatch(0, 0, 0, 0, 0.0)
    sign = -1.0 if opening_gap < 0 else 1.0
    prefix = np.concatenate([np.zeros((reps, 1)), np.cumsum(series, axis=1)], axis=1)
    starts = np.arange(length, days - length + 1)
    inside = prefix[:, starts + length] - prefix[:, starts]
    gaps = inside / length - (prefix[:, -1:] - inside) / (days - length)
    signed = sign * gaps
    k, i = np.unravel_index(int(np.argmax(signed)), signed.shape)
    return MidRunMatch(int(signed.size), int((signed >= sign * opening_gap).sum()), int(k),
                       int(starts[i]), float(gaps[k, i]))


@dataclasses.dataclass(frozen=True)
class Matched:
    """A material cut cleared because a later stretch lies as far from the rest of its run."""
    cut: Cut
    replication: int  # of the farthest later stretch
    day: float  # its first day, from the start of the run
    gap: float


@dataclasses.dataclass(frozen=True)
class Cut:
    """A replication's MSER-5 point re-judged on one series."""
    series: str  # "<level> occupancy|waiting (region <r>)"
    replication: int  # its position in the case
    point_days: float  # from the start of the run
    z: float


@dataclasses.dataclass
class Ensemble:
    """Both checks across a case's replications (experiments::EnsembleWarmup)."""
    replications: int = 0  # 0: no daily occupancy table
    series: int = 0
    worst: str = ""  # the mean's series with the largest material point, "" if none
    worst_days: float = 0.0
    # the mean series' average over the days still settling and over the days after them
    worst_before: float = 0.0
    worst_after: float = 0.0
    # the days the mean series holds after the warm-up: the stretch still settling, as a share
    # of them, is what it puts on the series' average, and so on the indicators counting it
    measured_days: float = 0.0
    flagged: int = 0  # replications whose own point for some level lies past the warm-up
    rejudged: bool = False
    transient: int = 0  # of the flagged, those still carrying a transient after it
    worst_transient: Cut | None = None
    largest: Cut | None = None  # the largest |z| the spread clears, among gaps that matter
    excursions: int = 0  # of the flagged, those whose material gaps a later stretch all matches
    matched: Matched | None = None  # the matched cut with the largest |z|

    def mean_text(self) -> str:
        if self.replications == 0:
            return ""
        on = ("On its one replication's daily series" if self.replications == 1 else
              f"On the mean of its {self.replications} replications")
        if not self.worst:
            return (f"{on} none of the {self.series} daily series still settles after the "
                    "warm-up.")
        size = f"{self.worst_before:.4g} in those days against {self.worst_after:.4g} after"
        if self.worst_after != 0:
            gap = (self.worst_before - self.worst_after) / self.worst_after
            size += f", {100 * gap:+.1f}%"
            if self.measured_days > 0:
                size += (f"; {100 * gap * self.worst_days / self.measured_days:+.2f}% on its "
                         f"average over the {self.measured_days:g} days measured")
        text = f"{on}, {self.worst} still settles {self.worst_days:g} days after the warm-up ({size})."
        if not self.shared:
            # Too few to average a slow level's swings away (experiments/ensemble_warmup.cpp).
            text += (f" With fewer than {MIN_REPLICATIONS_FOR_SPREAD} replications that may be a "
                     "slow swing as well as the start-up transient.")
        return text

    @property
    def warning(self) -> bool:
        return bool(self.worst) or self.transient > 0

    @property
    def shared(self) -> bool:
        """Whether a transient left in is one the replications share (their mean still
        settles, and they are enough to average a slow level's swings away); otherwise any gap
        left is single replications' own, or unjudged."""
        return bool(self.worst) and self.replications >= MIN_REPLICATIONS_FOR_SPREAD


def _series_name(levels: tuple[str, ...], key: tuple[int, int, int],
                 regions: tuple[str, ...] = ()) -> str:
    """"rehabilitation occupancy (southern)": the region by its name where the file names it,
    as the report's tables do, else by its number."""
    region, level, which = key
    name = levels[level] if 0 <= level < len(levels) else f"level {level}"
    where = regions[region] if 0 <= region < len(regions) else f"region {region}"
    return f"{name} {'occupancy' if which == 0 else 'waiting'} ({where})"


Series = dict[tuple[int, int, int], list]  # (region, level, 0 | 1): per replication, days or None


def _read_series(rf: RetzefFile, case: str) -> tuple[Series, float]:
    """Each (region, level, 0 occupancy | 1 waiting) series of each replication, from the first
    day of the first replication's table (the end of the warm-up); ({}, nan) when some
    replication has no table."""
    if not rf.has_table(case, "occupancy"):
        return {}, math.nan
    reps = rf.case(case).replications
    out: Series = {}
    first = math.nan
    for i, rep in enumerate(reps):
        raw = rf.table(case, rep, "occupancy", names=False)
        if not raw.empty:
            first = add_series(raw, f"/runs/{case}/{rep}/occupancy", i, len(reps), out, first)
    return dict(sorted(out.items())), first


def add_series(raw: pd.DataFrame, where: str, i: int, reps: int, out: Series,
               first: float) -> float:
    """Puts replication `i`'s (of `reps`) occupancy table `raw`, read from `where`, into `out` as
    its series, in days from `first` (this table's first day when `first` is NaN: the first
    replication's), and returns that first day."""
    if math.isnan(first):
        first = float(raw["t"].iloc[0])
    days = raw["t"].to_numpy(dtype=float) - first
    if (days < 0).any() or (days != np.floor(days)).any():
        raise ValueError(f"{where}: a row is not a day after the first")
    raw = raw.assign(day=days.astype(np.int64))
    for (region, level), rows in raw.groupby(["region", "level"], sort=True):
        for which, column in enumerate(("occupied", "waiting")):
            v = np.zeros(int(rows["day"].max()) + 1)
            v[rows["day"].to_numpy()] = rows[column].to_numpy(dtype=float)
            out.setdefault((int(region), int(level), which), [None] * reps)[i] = v
    return first


def ensemble(rf: RetzefFile, case: str, per_rep: pd.DataFrame,
             read: tuple[Series, float] | None = None) -> Ensemble:
    """Both checks across the replications of `case`, as `retzef inspect --indicators` makes them
    (experiments/ensemble_warmup.cpp), with the points from `per_rep`, the per-replication frame
    or the summaries' (`indicators.summary_long`); on the series `read` holds (from
    `occupancy_pass`), or on those it reads."""
    series, first = read if read is not None else _read_series(rf, case)
    if not series:
        return Ensemble()
    levels = rf.case(case).levels
    numbers = rf.replications(case)
    rows = per_rep[(per_rep["case"] == case) & per_rep["indicator"].str.startswith(LEVEL_PREFIX)]
    by_number = {(str(n)[len(LEVEL_PREFIX):], int(r)): float(v)
                 for n, r, v in zip(rows["indicator"], rows["replication"], rows["value"])}
    points = {(level, i): by_number[(name, number)] for level, name in enumerate(levels)
              for i, number in enumerate(numbers) if (name, number) in by_number}
    return ensemble_of(series, levels, first, points, rf.case(case).warmup_days,
                       rf.case(case).regions)


def ensemble_of(series: Series, levels: tuple[str, ...], first_day: float,
                points: dict[tuple[int, int], float], warmup_days: float,
                regions: tuple[str, ...] = ()) -> Ensemble:
    """Both checks on `series` (per key, each replication's days from `first_day`, the first
    measured day), with `points`: (level, replication) -> that replication's MSER-5 point of the
    level, in days from the start of the run."""
    reps = len(next(iter(series.values()))) if series else 0
    out = Ensemble(replications=reps)
    for key, per_rep in sorted(series.items()):
        out.series += 1
        width = max(len(v) for v in per_rep if v is not None)
        mean = np.zeros(width)
        for v in per_rep:
            if v is not None:
                mean[:len(v)] += v
        mean /= reps
        point = material_point(mean)
        if point > out.worst_days:
            out.worst, out.worst_days = _series_name(levels, key, regions), float(point)
            out.measured_days = float(len(mean))
            out.worst_before = float(mean[:point].mean())
            out.worst_after = float(mean[point:].mean()) if point < len(mean) else 0.0
    out.rejudged = reps >= MIN_REPLICATIONS_FOR_SPREAD
    for r in range(reps):
        flagged = transient = matched = False
        for level in range(len(levels)):
            point = points.get((level, r), math.nan)
            if not point > warmup_days:
                continue
            flagged = True
            # Too few replications to measure their spread: the replication's own verdict stands.
            if not out.rejudged:
                transient = True
                continue
            kept, cleared = _rejudge_level(series, levels, r, level, point, first_day, out, regions)
            transient = transient or kept
            matched = matched or cleared
        out.flagged += flagged
        out.transient += transient
        out.excursions += (not transient) and matched
    return out


def _rejudge_level(series: Series, levels: tuple[str, ...], r: int, level: int, point: float,
                   first_day: float, out: Ensemble,
                   regions: tuple[str, ...] = ()) -> tuple[bool, bool]:
    """Replication r's cut at `point` on every series of `level`: (some series keeps a material
    gap no later stretch matches, some material gap is matched by a later stretch)."""
    transient = matched = False
    for key, per_rep in sorted(series.items()):
        if key[1] != level or per_rep[r] is None:
            continue
        if any(v is None or len(v) != len(per_rep[r]) for v in per_rep):
            raise ValueError(f"{_series_name(levels, key, regions)}: the replications' tables "
                             "differ in length")
        matrix = np.vstack(per_rep)
        # The point is a day from the start of the run; the table starts at the warm-up.
        cut = int(min(max(math.ceil(point - first_day), 0), matrix.shape[1]))
        b = replication_bias(matrix, r, cut)
        seen = Cut(_series_name(levels, key, regions), r, point, b.z)
        # Not judged (a cut at an end of the table): z means nothing, and the flag stands. The
        # largest |z| only among gaps large enough to matter that the spread clears, as inspect
        # reports it.
        if (b.judged and b.large and not b.material
                and (out.largest is None or abs(b.z) > abs(out.largest.z))):
            out.largest = seen
        if not b.material:
            continue
        m = midrun_match(matrix, b.gap, cut) if b.judged else None
        if m is not None and m.matched:
            matched = True
            if out.matched is None or abs(b.z) > abs(out.matched.cut.z):
                out.matched = Matched(seen, m.replication, first_day + m.start, m.gap)
            continue
        transient = True
        if b.judged and (out.worst_transient is None or abs(b.z) > abs(out.worst_transient.z)):
            out.worst_transient = seen
    return transient, matched


def verdict_text(short: ShortWarmup | None, e: Ensemble, case: str) -> str:
    """The warm-up check's verdict for a case in the words of the report (the same counts,
    series and z as `retzef inspect --indicators`), "" when there is nothing to say."""
    mean = e.mean_text()
    # "Its indicators include part of the start-up transient" only when the replications share
    # it (their mean still settles); points nothing re-judged, or a gap single replications
    # keep, are said below for what they may be.
    parts = [short.text(transient=e.shared)] if short is not None else []
    if short is not None and not e.rejudged:
        # Nothing re-judged the points, and so few replications' mean shows no transient they
        # share: say what they may be, and why they stand, in inspect's words
        # (experiments/warmup_warning.cpp).
        n = e.replications
        why = ("the file has no daily occupancy table to re-judge it against the spread of the "
               "replications" if n == 0 else
               f"{n} {'replication is' if n == 1 else 'replications are'} too few to re-judge it "
               f"against their spread ({MIN_REPLICATIONS_FOR_SPREAD} or more are needed)")
        parts.append("Its indicators may include part of the start-up transient, or the level "
                     "may only swing slowly, which a replication's own series cannot tell apart; "
                     f"{why}.")
    if short is not None and e.rejudged:
        n = e.replications
        m = e.matched
        matched = ("" if e.excursions == 0 or m is None else
                   f" {e.excursions} {'has' if e.excursions == 1 else 'have'} a material gap that "
                   "a later stretch of the same length matches, as far from the rest of its run "
                   "the same way: an excursion the design also makes at its steady state "
                   f"(largest: {m.cut.series}, replication {m.cut.replication}, day "
                   f"{m.cut.point_days:g}, z {m.cut.z:.1f}; as far in replication "
                   f"{m.replication} from day {m.day:g}).")
        if e.transient > 0:
            w = e.worst_transient
            worst = (f" (worst: {w.series}, replication {w.replication}, day {w.point_days:g}, "
                     f"z {w.z:.1f})") if w is not None else ""
            verb = "carries" if e.transient == 1 else "carry"
            what = ("the indicators include part of the start-up transient" if e.worst else
                    "a start-up transient of those replications, which the mean of the "
                    "replications does not show")
            parts.append(f"Against the spread of the {n} replications, {e.transient} of them "
                         f"still {verb} a material gap, farther from the rest than any later "
                         f"stretch of the same length{worst}: {what}.{matched}")
        else:
            big = e.largest
            largest = ("no gap of a person and 1% of the level" if big is None else
                       f"largest |z| {math.floor(abs(big.z) * 10) / 10:.1f}, below "
                       f"{MATERIAL_Z:g}: {big.series}, "
                       f"replication {big.replication}, day {big.point_days:g}")
            within = e.flagged - e.excursions
            if e.excursions == 0:
                parts.append(f"All {e.flagged} are within the spread of the {n} replications "
                             f"({largest}): swings of single replications, not a start-up "
                             "transient.")
            else:
                parts.append(f"{within} of them are within the spread of the {n} replications "
                             f"({largest}).{matched} None is a start-up transient.")
    if mean:
        parts.append(mean)
    if not parts:
        return ""
    text = " ".join(parts)
    return text if short is not None else f"{case}: {text}"
