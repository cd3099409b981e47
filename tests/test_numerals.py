"""Chinese numerals are written and read in one place, and what is written reads back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqvet.numerals import DIGITS, chinese_number, chinese_value, digit_value


@given(st.integers(1, 99))
def test_every_number_from_1_to_99_reads_back_as_itself(n: int) -> None:
    """A numeral written for 1..99 reads back as the same number."""
    assert chinese_value(chinese_number(n)) == n


@given(st.text(alphabet="一二三四五六七八九十〇零", min_size=1, max_size=4))
def test_a_numeral_that_reads_writes_back_the_same_or_as_its_one_ten_form(text: str) -> None:
    """Whatever reads as a number is that number's numeral (or its 一十 form); the rest is refused."""
    try:
        value = chinese_value(text)
    except ValueError:
        return
    assert chinese_number(value) in (text, text.removeprefix("一") if text.startswith("一十") else text)


@given(st.integers(1000, 2999))
def test_a_year_written_digit_by_digit_reads_back(year: int) -> None:
    """二〇二一 is 2021, whichever of 〇 and 零 writes the zero."""
    written = "".join(DIGITS[int(c)] for c in str(year))
    assert digit_value(written) == year
    assert digit_value(written.replace("〇", "零")) == year


@pytest.mark.parametrize(
    ("text", "value"), [("一", 1), ("十", 10), ("十二", 12), ("一十二", 12), ("二十", 20), ("九十九", 99)]
)
def test_the_usual_numerals_read_as_expected(text: str, value: int) -> None:
    """The forms a plan uses for its sections read as their numbers."""
    assert chinese_value(text) == value


@pytest.mark.parametrize("text", ["", "十十", "一一", "〇", "零", "十〇", "百", "一二十", "1"])
def test_what_is_not_a_numeral_is_refused(text: str) -> None:
    """A sentence that opens with numeral characters (`十十、`) is not taken for a section number."""
    with pytest.raises(ValueError):
        chinese_value(text)


@pytest.mark.parametrize("n", [0, 100, -1])
def test_numbers_outside_1_to_99_have_no_section_numeral(n: int) -> None:
    """Only 1..99 are written: a plan with a hundredth section is refused before this."""
    with pytest.raises(ValueError):
        chinese_number(n)
