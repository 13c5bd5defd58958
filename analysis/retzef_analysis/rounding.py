"""Numbers printed with no more digits than their uncertainty supports.

A mean whose 95% interval is ±0.4 says nothing about the second decimal, so printing it invites
a reader to compare noise. The rule: the last digit printed is at the place of the first
significant digit of the interval's half-width (±0.035 → hundredths, ±230 → hundreds), and never
finer than four significant digits of the quantity's own scale (a difference of 2e-14 on a
share near 100% prints as 0.0). A number with no interval, or an interval of width 0 (a value
that does not vary), gets three significant digits.
"""

from __future__ import annotations

import math

DEFAULT_DIGITS = 3  # with no interval to go by
SCALE_DIGITS = 4  # never finer than this many digits of the quantity's scale


def decimals(half_width: float | None, scale: float | None = None) -> int | None:
    """Decimal places to print (negative: round to tens, hundreds, ...); None for the default
    of three significant digits of the value."""
    by_interval = None
    if half_width is not None and math.isfinite(half_width) and half_width > 0:
        by_interval = -_magnitude(half_width)
    by_scale = None
    if scale is not None and math.isfinite(scale) and scale != 0:
        by_scale = SCALE_DIGITS - 1 - _magnitude(abs(scale))
    if by_interval is None:
        return by_scale
    return by_interval if by_scale is None else min(by_interval, by_scale)


def _magnitude(x: float) -> int:
    """The power of ten of x's first significant digit; 0.1 computed as 0.09999999 still 0.1."""
    return math.floor(math.log10(x) + 1e-9)


def rounded(v: float, places: int | None) -> str:
    """`v` at `places` decimals (None: three significant digits), with thousands separators."""
    if v is None or not math.isfinite(v):
        return "–"
    if places is None:
        places = (DEFAULT_DIGITS - 1 - _magnitude(abs(v))) if v != 0 else 0
    if places <= 0:
        step = 10 ** (-places)
        text = f"{round(v / step) * step:,.0f}"
    else:
        text = f"{v:,.{places}f}"
    # -0.00 is 0.00: a sign the digits cannot show is noise.
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]
    return text


def significant_places(text: str) -> int | None:
    """The decimal place of the last digit of a printed number ("1,230" → 0, "0.035" → 3,
    "+4.0 pp" → 1); None when it holds no digit. The tests use it to check the rule."""
    digits = "".join(ch for ch in text if ch.isdigit() or ch == ".")
    if not any(ch.isdigit() for ch in digits):
        return None
    if "." in digits:
        return len(digits.split(".", 1)[1])
    return 0


def signed(text: str, v: float) -> str:
    """A difference's sign: "+" before a positive one that does not print as zero."""
    if v is not None and math.isfinite(v) and v > 0 and any(ch in "123456789" for ch in text):
        return "+" + text
    return text
