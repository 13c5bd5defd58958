"""The model's numbers beside what was published: would a trial, or another system, agree?

evidence.toml (beside this module) holds the published figures, each with its source: Israel's
hospital-centred system as the medical design is calibrated to it, how far community
alternatives moved an indicator against hospital-centred care, and what other systems report.
`checks` sets each design of a file beside the figures that apply to it (by its policy), and
says where the model's mean lies: within the published band, below it or above it. The report
shows every check ("Against the evidence") and names, beside its verdict, each one that lies
outside: a difference the evidence does not reach is one a planner should read as a bound, not
as an estimate.
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

DEFAULT_FILE = Path(__file__).with_name("evidence.toml")

CALIBRATION = "calibration"
EFFECT = "effect"
SYSTEMS = "systems"
KINDS = (CALIBRATION, EFFECT, SYSTEMS)

WITHIN = "within"
BELOW = "below"
ABOVE = "above"


class EvidenceError(Exception):
    """A figures file that cannot be read; str() names the file, the entry and the key."""


@dataclasses.dataclass(frozen=True)
class Figure:
    """One published figure: a band [low, high] of `indicator` (of its relative difference
    against a design of `against`, for an effect) for designs whose policy is in `designs`."""

    kind: str
    indicator: str
    designs: tuple[str, ...]
    low: float
    high: float
    published: str
    sources: tuple[str, ...]
    against: tuple[str, ...] = ()
    # A calibration figure the design is held to (tests/cli/medical_calibration.py); False for
    # one it was set toward and misses, which the report shows beside the others all the same.
    held: bool = True


@dataclasses.dataclass(frozen=True)
class Check:
    """A design (against another, for an effect) beside one figure: the model's mean and 95%
    interval (a relative difference for an effect) and where the mean lies."""

    figure: Figure
    case: str
    against: str  # "" unless an effect
    mean: float
    lower: float
    upper: float
    position: str  # WITHIN, BELOW or ABOVE


def _entry(path: Path, kind: str, index: int, raw: dict) -> Figure:
    where = f"{path}: {kind}[{index}]"
    keys = {"indicator", "designs", "low", "high", "published", "sources"}
    if kind == EFFECT:
        keys.add("against")
    optional = {"held"} if kind == CALIBRATION else set()
    missing = sorted(keys - raw.keys())
    unknown = sorted(raw.keys() - keys - optional)
    if missing or unknown:
        raise EvidenceError(f"{where}: " + "; ".join(
            ([f"missing {', '.join(missing)}"] if missing else [])
            + ([f"unknown {', '.join(unknown)}"] if unknown else [])))

    def names(key: str) -> tuple[str, ...]:
        value = raw[key]
        if not isinstance(value, list) or not value or not all(
                isinstance(v, str) and v for v in value):
            raise EvidenceError(f"{where}.{key}: expected a non-empty list of names, got "
                                f"{value!r}")
        return tuple(value)

    def number(key: str) -> float:
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not math.isfinite(value):
            raise EvidenceError(f"{where}.{key}: expected a finite number, got {value!r}")
        return float(value)

    for key in ("indicator", "published"):
        if not isinstance(raw[key], str) or not raw[key]:
            raise EvidenceError(f"{where}.{key}: expected a non-empty string, got {raw[key]!r}")
    low, high = number("low"), number("high")
    if low > high:
        raise EvidenceError(f"{where}: expected low <= high, got {low:g} > {high:g}")
    held = raw.get("held", True)
    if not isinstance(held, bool):
        raise EvidenceError(f"{where}.held: expected true or false, got {held!r}")
    return Figure(kind, raw["indicator"], names("designs"), low, high, raw["published"],
                  names("sources"), names("against") if kind == EFFECT else (), held)


def load(path: Path = DEFAULT_FILE) -> list[Figure]:
    """Every figure of the file, in its order, calibration first; EvidenceError when the file
    cannot be read or an entry lacks a key, has one it should not or a band upside down."""
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise EvidenceError(f"{path}: {e}") from e
    unknown = sorted(raw.keys() - set(KINDS))
    if unknown:
        raise EvidenceError(f"{path}: unknown table {', '.join(unknown)}; expected "
                            f"{', '.join(KINDS)}")
    figures = []
    for kind in KINDS:
        entries = raw.get(kind, [])
        if not isinstance(entries, list):
            raise EvidenceError(f"{path}: {kind}: expected [[{kind}]] tables")
        figures += [_entry(path, kind, i, e) for i, e in enumerate(entries)]
    return figures


def position(mean: float, low: float, high: float) -> str:
    """Where a mean lies against a band."""
    if mean < low:
        return BELOW
    if mean > high:
        return ABOVE
    return WITHIN


Interval = tuple[float, float, float]  # mean, lower, upper


def checks(figures: Iterable[Figure], policies: dict[str, str], pairs: list[tuple[str, str]],
           value: Callable[[str, str], Interval | None],
           relative: Callable[[str, str, str], Interval | None]) -> list[Check]:
    """Each case (by its policy, `policies`: case -> policy) beside each figure that applies:
    its value (`value(case, indicator)`) for calibration and systems figures, and for an effect
    its relative difference (`relative(case, against, indicator)`) against each design it is
    compared with (`pairs`, as the report's verdict compares them). A figure whose indicator a
    case lacks (None, or a NaN mean) is left out for it."""
    out = []
    for figure in figures:
        if figure.kind == EFFECT:
            candidates = [(c, a) for c, a in pairs if policies.get(c) in figure.designs
                          and policies.get(a) in figure.against]
        else:
            candidates = [(c, "") for c in policies if policies[c] in figure.designs]
        for case, against in candidates:
            got = relative(case, against, figure.indicator) if against else \
                value(case, figure.indicator)
            if got is None or not math.isfinite(got[0]):
                continue
            out.append(Check(figure, case, against, *got,
                             position(got[0], figure.low, figure.high)))
    return out
