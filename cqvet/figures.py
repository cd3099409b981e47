"""Percentages as cqvet shows them: rounded half up (四舍五入) and written one way in every format.

The one rounding rule for every percentage shown (expected progress, mean
completion, the change since last quarter, target attainment), in every
format: `round_half_up`, decimal ROUND_HALF_UP, so 26.25 → 26.3 and 31.25 →
31.3, as Chinese reports round (Python's `round` and `format` round half to
even, and 26.25 → 26.2). A change is computed from the exact values and then
rounded, never from two rounded figures.

The one way of writing a percentage: to one decimal place, the decimal
dropped when it is zero (`49.6%`, `50%`); a change always signed, with a true
minus sign (`+31.5`, `−2`). Excel cells hold the rounded number under the
format `PERCENT_FORMAT`, which writes it the same way.

Pure: numbers in, numbers or text out; nothing here reads the ledger.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# Excel's number formats writing a rounded figure as `percent_text` and `signed_text` do.
PERCENT_FORMAT = 'General"%"'
CHANGE_FORMAT = '"+"General;"−"General;"+"General'
MINUS = "−"


def round_half_up(value: float | Fraction | int, places: int = 1) -> float:
    """`value` rounded to `places` decimals, halves away from zero (四舍五入).

    A float is read as written (26.25 is 26.25, not its binary neighbour); a Fraction exactly.
    """
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    elif isinstance(value, int):
        exact = Decimal(value)
    else:
        exact = Decimal(repr(float(value)))
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return float(rounded) + 0.0  # + 0.0 turns −0.0 into 0.0


def percent_share(part: int | Fraction, whole: int | Fraction) -> Fraction:
    """100 × part / whole, exactly (0 when `whole` is 0)."""
    return Fraction(100) * Fraction(part) / Fraction(whole) if whole else Fraction(0)


def decimal_fraction(value: float) -> Fraction:
    """A float as the decimal it was written as (0.1 is 1/10, not its binary neighbour)."""
    return Fraction(repr(float(value)))


def ratio_percent(actual: float, target: float) -> float | None:
    """Attainment as a percentage, rounded half up: 133 of 150 → 88.7; None without a target value."""
    if not target:
        return None
    return round_half_up(percent_share(decimal_fraction(actual), decimal_fraction(target)))


def number_text(value: float) -> str:
    """A rounded figure without a trailing `.0`: 50.0 → `50`, 49.6 → `49.6`."""
    value = round_half_up(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def percent_text(value: float) -> str:
    """`49.6%`, `50%`: a percentage as every format writes it."""
    return f"{number_text(value)}%"


def signed_text(value: float) -> str:
    """`+31.5`, `−2`, `+0`: a change, signed, with a true minus sign."""
    value = round_half_up(value)
    return ("+" if value >= 0 else MINUS) + number_text(abs(value))
