"""The one rounding rule (cqvet.figures): half up, from exact values, written one way."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from cqvet.figures import percent_text, ratio_percent, round_half_up, signed_text


def test_halves_round_up_as_chinese_reports_round() -> None:
    """26.25 → 26.3 and 31.25 → 31.3, where Python's round gives 26.2 and 31.2."""
    assert (round_half_up(26.25), round_half_up(31.25), round_half_up(0.05)) == (26.3, 31.3, 0.1)
    assert (round(26.25, 1), round(31.25, 1)) == (26.2, 31.2)
    assert round_half_up(-2.25) == -2.3  # away from zero, as 四舍五入 is read for a fall
    assert round_half_up(Fraction(1, 16) * 100) == 6.3


@given(st.integers(min_value=-(10**7), max_value=10**7))
def test_a_value_written_with_two_decimals_rounds_half_away_from_zero(hundredths: int) -> None:
    value = hundredths / 100
    tenths, rest = divmod(abs(hundredths), 10)
    expected = (tenths + (1 if rest >= 5 else 0)) / 10
    assert round_half_up(value) == (expected if hundredths >= 0 else -expected + 0.0)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_an_exact_fraction_rounds_to_the_nearest_tenth_halves_up(part: int, whole: int) -> None:
    exact = Fraction(100 * part, whole)
    rounded = Fraction(str(round_half_up(exact)))
    assert abs(rounded - exact) <= Fraction(1, 20)
    if abs(rounded - exact) == Fraction(1, 20):
        assert rounded > exact


@given(st.integers(min_value=-1000, max_value=1000))
def test_percentages_and_changes_are_written_one_way(tenths: int) -> None:
    value = tenths / 10
    text = percent_text(value)
    assert text.endswith("%") and not text.endswith(".0%")
    assert float(text[:-1]) == value
    signed = signed_text(value)
    assert signed[0] in "+−" and float(signed[1:]) == abs(value)
    assert (signed[0] == "−") == (value < 0)


def test_attainment_is_a_rounded_percentage_of_the_target() -> None:
    assert ratio_percent(133, 150) == 88.7
    assert ratio_percent(132.075, 150) == 88.1  # 88.05 exactly: half up
    assert ratio_percent(1, 0) is None
