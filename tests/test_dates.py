"""Tests for cqvet.dates: reading and writing dates and quarters."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqvet.dates import (
    MAX_YEAR,
    MIN_YEAR,
    Period,
    Quarter,
    format_date,
    format_month_day,
    month_end,
    parse_date,
    parse_period,
    parse_quarter,
    quarter_of,
)
from cqvet.errors import InvalidDate, InvalidQuarter, UsageError

# A leap year, and not the year written in the examples, so a test can tell
# an explicit year from the plan's.
PLAN = 2024
TODAY = datetime.date(2021, 7, 1)
D = datetime.date


def read(text: str) -> datetime.date:
    return parse_date(text, plan_year=PLAN, today=TODAY)


# --- western and numeric forms ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2021-06-30",
        "2021/6/30",
        "2021.6.30",
        "2021/06/30",
        "20210630",
        "30 June 2021",
        "June 30, 2021",
        "Jun 30 2021",
        "30-Jun-2021",
        "Jun. 30, 2021",
        "june 30 2021",
        "30th of June 2021",
        "２０２１－０６－３０",
        "  2021-06-30\n",
    ],
)
def test_it_reads_iso_and_western_dates_with_a_year_exactly_as_written(text: str) -> None:
    assert read(text) == D(2021, 6, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June 30", D(PLAN, 6, 30)),
        ("30 June", D(PLAN, 6, 30)),
        ("Sept 3", D(PLAN, 9, 3)),
        ("Feb 29", D(PLAN, 2, 29)),
        ("6/30", D(PLAN, 6, 30)),
        ("6.30", D(PLAN, 6, 30)),
        ("30.6", D(PLAN, 6, 30)),
    ],
)
def test_it_gives_a_western_date_without_a_year_the_plans_year(text: str, expected: datetime.date) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13/02/2021", D(2021, 2, 13)),
        ("02/13/2021", D(2021, 2, 13)),
        ("30-6-2021", D(2021, 6, 30)),
        ("6.30.2021", D(2021, 6, 30)),
        ("01/01/2021", D(2021, 1, 1)),
        ("12/12/2021", D(2021, 12, 12)),
    ],
)
def test_it_reads_a_day_first_or_month_first_date_when_only_one_order_makes_sense(
    text: str, expected: datetime.date
) -> None:
    """A day above 12 can only be the day; equal day and month read the same either way."""
    assert read(text) == expected


@pytest.mark.parametrize("text", ["01/02/2021", "1-2-2021", "1.2.2021", "12/11/2021", "1/2", "3.5"])
def test_it_refuses_a_numeric_date_whose_day_and_month_could_be_swapped(text: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        read(text)
    assert caught.value.key == "ambiguous_date"
    assert caught.value.params == {"text": text}


# --- Chinese forms -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年6月30日", D(2021, 6, 30)),
        ("2021年6月30号", D(2021, 6, 30)),
        ("2021年06月30日", D(2021, 6, 30)),
        ("２０２１年６月３０日", D(2021, 6, 30)),
        ("二〇二一年六月三十日", D(2021, 6, 30)),
        ("2021 年 6 月 30 日", D(2021, 6, 30)),
        ("6月30日", D(PLAN, 6, 30)),
        ("6月30号", D(PLAN, 6, 30)),
        ("6月30", D(PLAN, 6, 30)),
        ("六月三十日", D(PLAN, 6, 30)),
        ("十二月二十一日", D(PLAN, 12, 21)),
        ("十月十日", D(PLAN, 10, 10)),
        ("2月29日", D(PLAN, 2, 29)),
    ],
)
def test_it_reads_a_chinese_date_with_or_without_a_year(text: str, expected: datetime.date) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年6月底", D(2021, 6, 30)),
        ("6月底", D(PLAN, 6, 30)),
        ("6月末", D(PLAN, 6, 30)),
        ("2月底", D(PLAN, 2, 29)),
        ("2021年2月底", D(2021, 2, 28)),
        ("十二月底", D(PLAN, 12, 31)),
        ("9月上旬", D(PLAN, 9, 10)),
        ("9月中旬", D(PLAN, 9, 20)),
        ("9月下旬", D(PLAN, 9, 30)),
        ("十一月中旬", D(PLAN, 11, 20)),
        ("2021年6月", D(2021, 6, 30)),
        ("6月", D(PLAN, 6, 30)),
        ("6月份", D(PLAN, 6, 30)),
        ("一月", D(PLAN, 1, 31)),
        ("十月", D(PLAN, 10, 31)),
        ("十二月", D(PLAN, 12, 31)),
    ],
)
def test_it_reads_a_month_or_part_of_one_as_the_deadline_it_ends_on(
    text: str, expected: datetime.date
) -> None:
    """6月底 and 6月 end on the last day of June; 上旬 on the 10th, 中旬 on the 20th, 下旬 on the last."""
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年底", D(PLAN, 12, 31)),
        ("年末", D(PLAN, 12, 31)),
        ("年底前", D(PLAN, 12, 31)),
        ("年内", D(PLAN, 12, 31)),
        ("全年", D(PLAN, 12, 31)),
        ("年中", D(PLAN, 6, 30)),
        ("2021年底", D(2021, 12, 31)),
        ("2021年年底", D(2021, 12, 31)),
        ("2021年末", D(2021, 12, 31)),
        ("2021年中", D(2021, 6, 30)),
        ("上半年", D(PLAN, 6, 30)),
        ("下半年", D(PLAN, 12, 31)),
        ("2021年上半年", D(2021, 6, 30)),
        ("2021年下半年", D(2021, 12, 31)),
    ],
)
def test_it_reads_a_part_of_a_year_as_the_day_that_part_ends(text: str, expected: datetime.date) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一季度末", D(PLAN, 3, 31)),
        ("第一季度末", D(PLAN, 3, 31)),
        ("1季度末", D(PLAN, 3, 31)),
        ("二季度末", D(PLAN, 6, 30)),
        ("三季度末", D(PLAN, 9, 30)),
        ("第三季度末", D(PLAN, 9, 30)),
        ("四季度底", D(PLAN, 12, 31)),
        ("一季度", D(PLAN, 3, 31)),
        ("第三季度", D(PLAN, 9, 30)),
        ("2021年第三季度末", D(2021, 9, 30)),
        ("2021年一季度", D(2021, 3, 31)),
    ],
)
def test_it_reads_a_quarter_as_the_last_day_of_that_quarter(text: str, expected: datetime.date) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "截至6月30日",
        "截止6月30日",
        "于6月30日",
        "在6月底",
        "6月底前",
        "6月底之前",
        "6月底以前",
        "6月30日止",
        "6月30日截止",
        "截至6月底前",
        "  6月底  ",
        "\u30006月底\u3000",
    ],
)
def test_it_ignores_the_words_and_spaces_around_a_deadline(text: str) -> None:
    assert read(text) == D(PLAN, 6, 30)


# --- relative words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Today", TODAY),
        ("今天", TODAY),
        ("今日", TODAY),
        ("yesterday", TODAY - datetime.timedelta(days=1)),
        ("昨天", TODAY - datetime.timedelta(days=1)),
    ],
)
def test_it_reads_today_and_yesterday_relative_to_the_given_day(text: str, expected: datetime.date) -> None:
    assert read(text) == expected


def test_it_takes_today_from_the_clock_when_not_given_one() -> None:
    before = datetime.date.today()
    read_today = parse_date("today", plan_year=PLAN)
    assert before <= read_today <= datetime.date.today()


# --- refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "前",
        "hello",
        "2月30日",
        "2021年2月29日",
        "6月32日",
        "13月底",
        "0月",
        "十十月",
        "6月初",
        "第五季度末",
        "2021年",
        "2021-13-01",
        "2021-02-30",
        "2021-06",
        "2021",
        "10",
        "21-06-30",
        "30/06/21",
        "2021-6/30",
        "June",
        "June 2021",
        "June 31 2021",
        "Monday",
        "10am",
        "2021-06-30 10:00",
        "June 30 2021 XYZ",
        "Q3",
        "1899-12-31",
        "2101-01-01",
        "2101年底",
    ],
)
def test_it_refuses_text_that_names_no_date(text: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        read(text)
    assert caught.value.key == "invalid_date"
    assert caught.value.params == {"text": text}


def test_it_refuses_a_yearless_date_when_the_plans_year_is_out_of_range() -> None:
    with pytest.raises(InvalidDate):
        parse_date("6月底", plan_year=10**30)


def test_it_refuses_yesterday_when_today_is_the_first_day_there_is() -> None:
    with pytest.raises(InvalidDate):
        parse_date("yesterday", plan_year=PLAN, today=datetime.date.min)


# --- quarters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021Q2", Quarter(2021, 2)),
        ("2021q2", Quarter(2021, 2)),
        ("2021-Q2", Quarter(2021, 2)),
        ("2021 Q2", Quarter(2021, 2)),
        ("Q2", Quarter(PLAN, 2)),
        ("q4", Quarter(PLAN, 4)),
        ("２０２１Ｑ２", Quarter(2021, 2)),
        ("2021年第二季度", Quarter(2021, 2)),
        ("2021年二季度", Quarter(2021, 2)),
        ("2021年第2季度", Quarter(2021, 2)),
        ("２０２１年第２季度", Quarter(2021, 2)),
        ("二〇二一年第二季度", Quarter(2021, 2)),
        ("第二季度", Quarter(PLAN, 2)),
        ("二季度", Quarter(PLAN, 2)),
        ("2季度", Quarter(PLAN, 2)),
        ("第一季度", Quarter(PLAN, 1)),
        ("  2021Q3 ", Quarter(2021, 3)),
    ],
)
def test_it_reads_a_quarter_in_each_accepted_form(text: str, expected: Quarter) -> None:
    assert parse_quarter(text, plan_year=PLAN) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Q",
        "Q0",
        "Q5",
        "2021Q5",
        "2021",
        "2021-2",
        "第五季度",
        "二季度末",
        "2021年",
        "1899Q4",
        "2101Q1",
        "Q2 2021",
    ],
)
def test_it_refuses_text_that_names_no_quarter(text: str) -> None:
    with pytest.raises(InvalidQuarter) as caught:
        parse_quarter(text, plan_year=PLAN)
    assert caught.value.key == "invalid_quarter"
    assert caught.value.params == {"text": text}


def test_a_quarter_knows_its_first_and_last_day() -> None:
    assert (Quarter(2021, 1).start, Quarter(2021, 1).end) == (D(2021, 1, 1), D(2021, 3, 31))
    assert (Quarter(2021, 2).start, Quarter(2021, 2).end) == (D(2021, 4, 1), D(2021, 6, 30))
    assert (Quarter(2021, 4).start, Quarter(2021, 4).end) == (D(2021, 10, 1), D(2021, 12, 31))


def test_a_quarter_is_labelled_in_chinese_and_english_and_prints_compactly() -> None:
    quarter = Quarter(2021, 2)
    assert quarter.label_zh == "2021年第二季度"
    assert quarter.label_en == "2021 Q2"
    assert str(quarter) == "2021Q2"


def test_the_quarters_before_and_after_cross_into_the_neighbouring_years() -> None:
    assert Quarter(2021, 1).previous() == Quarter(2020, 4)
    assert Quarter(2021, 3).previous() == Quarter(2021, 2)
    assert Quarter(2021, 4).next() == Quarter(2022, 1)
    assert Quarter(2021, 2).next() == Quarter(2021, 3)


def test_quarters_sort_by_year_then_number() -> None:
    assert sorted([Quarter(2022, 1), Quarter(2021, 4), Quarter(2021, 2)]) == [
        Quarter(2021, 2),
        Quarter(2021, 4),
        Quarter(2022, 1),
    ]


def test_a_quarter_numbered_outside_one_to_four_cannot_be_made() -> None:
    """Neither directly nor through NamedTuple's `_make` and `_replace`."""
    with pytest.raises(ValueError):
        Quarter(2021, 5)
    with pytest.raises(ValueError):
        Quarter._make((2021, 0))
    with pytest.raises(ValueError):
        Quarter(2021, 2)._replace(number=7)
    assert Quarter(2021, 2)._replace(number=3) == Quarter(2021, 3)


@given(st.integers(1900, 2100), st.integers(1, 4), st.integers(1900, 2100), st.integers(1, 4))
def test_quarters_order_by_year_then_number(y1: int, n1: int, y2: int, n2: int) -> None:
    a, b = Quarter(y1, n1), Quarter(y2, n2)
    assert (a < b) == ((y1, n1) < (y2, n2))
    assert (a == b) == (hash(a) == hash(b) and (y1, n1) == (y2, n2))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2021, 1, 1), Quarter(2021, 1)),
        (D(2021, 6, 30), Quarter(2021, 2)),
        (D(2021, 7, 1), Quarter(2021, 3)),
    ],
)
def test_it_finds_the_quarter_a_day_falls_in(day: datetime.date, expected: Quarter) -> None:
    assert quarter_of(day) == expected


# --- formatting and helpers --------------------------------------------------------


def test_it_writes_a_date_in_chinese_or_as_iso_in_english() -> None:
    assert format_date(D(2021, 6, 30), "zh") == "2021年6月30日"
    assert format_date(D(2021, 6, 3), "en") == "2021-06-03"


def test_it_writes_a_month_and_day_without_the_year_in_either_language() -> None:
    assert format_month_day(D(2021, 6, 30), "zh") == "6月30日"
    assert format_month_day(D(2021, 6, 30), "en") == "30 Jun"
    assert format_month_day(D(2021, 9, 3), "en") == "3 Sep"


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2024, 2, D(2024, 2, 29)),
        (2021, 2, D(2021, 2, 28)),
        (2021, 4, D(2021, 4, 30)),
        (2021, 12, D(2021, 12, 31)),
    ],
)
def test_month_end_is_the_last_day_of_the_month(year: int, month: int, expected: datetime.date) -> None:
    assert month_end(year, month) == expected


@pytest.mark.parametrize("month", [0, 13])
def test_month_end_refuses_a_month_that_does_not_exist(month: int) -> None:
    with pytest.raises(ValueError):
        month_end(2021, month)


# --- properties ------------------------------------------------------------------------

PIECES = [
    *"0123456789",
    "2021",
    "12",
    "30",
    *"年月日号底末旬上中下季度半前第全内份止",
    *"一二三四五六七八九十〇",
    "Q",
    "q",
    "-",
    "/",
    ".",
    " ",
    "截至",
    "之前",
    "June",
    "Jun",
    "st",
    "today",
    "０",
    "１",
]
plausible = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
any_year = st.integers(min_value=-(10**20), max_value=10**20) | st.integers(MIN_YEAR, MAX_YEAR)
valid_dates = st.dates(min_value=D(MIN_YEAR, 1, 1), max_value=D(MAX_YEAR, 12, 31))
valid_quarters = st.builds(Quarter, st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 4))


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(text=st.text() | plausible, plan_year=any_year)
def test_reading_any_text_as_a_date_gives_a_date_or_invalid_date_and_nothing_else(
    text: str, plan_year: int
) -> None:
    try:
        result = parse_date(text, plan_year=plan_year)
    except InvalidDate:
        return
    assert isinstance(result, datetime.date)
    assert MIN_YEAR <= result.year <= MAX_YEAR


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(text=st.text() | plausible, plan_year=any_year)
def test_reading_any_text_as_a_quarter_gives_a_quarter_or_invalid_quarter_and_nothing_else(
    text: str, plan_year: int
) -> None:
    try:
        result = parse_quarter(text, plan_year=plan_year)
    except InvalidQuarter:
        return
    assert isinstance(result, Quarter)
    assert MIN_YEAR <= result.year <= MAX_YEAR


@settings(max_examples=200, deadline=None)
@given(d=valid_dates, plan_year=st.integers(MIN_YEAR, MAX_YEAR))
def test_a_date_written_in_chinese_or_iso_reads_back_as_itself(d: datetime.date, plan_year: int) -> None:
    assert parse_date(format_date(d, "zh"), plan_year=plan_year) == d
    assert parse_date(format_date(d, "en"), plan_year=plan_year) == d
    assert parse_date(d.isoformat(), plan_year=plan_year) == d


@settings(max_examples=100, deadline=None)
@given(d=valid_dates)
def test_a_date_written_with_an_english_month_name_reads_back_as_itself(d: datetime.date) -> None:
    month = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"][d.month - 1]  # fmt: skip
    assert parse_date(f"{d.day} {month} {d.year}", plan_year=PLAN) == d
    assert parse_date(f"{month[:3]} {d.day}, {d.year}", plan_year=PLAN) == d


@settings(max_examples=200, deadline=None)
@given(d=valid_dates)
def test_a_day_above_twelve_is_read_as_the_day_whichever_side_of_the_month_it_is(d: datetime.date) -> None:
    if d.day <= 12:
        return
    assert parse_date(f"{d.day}/{d.month}/{d.year}", plan_year=PLAN) == d
    assert parse_date(f"{d.month}/{d.day}/{d.year}", plan_year=PLAN) == d


@settings(max_examples=100, deadline=None)
@given(day=st.integers(1, 12), month=st.integers(1, 12), year=st.integers(MIN_YEAR, MAX_YEAR))
def test_a_day_and_month_both_twelve_or_under_and_different_are_always_ambiguous(
    day: int, month: int, year: int
) -> None:
    if day == month:
        return
    with pytest.raises(InvalidDate) as caught:
        parse_date(f"{day:02d}/{month:02d}/{year}", plan_year=PLAN)
    assert caught.value.key == "ambiguous_date"


@settings(max_examples=100, deadline=None)
@given(quarter=valid_quarters)
def test_a_quarter_reads_back_from_each_of_its_labels_and_contains_its_own_ends(quarter: Quarter) -> None:
    assert parse_quarter(str(quarter), plan_year=PLAN) == quarter
    assert parse_quarter(quarter.label_zh, plan_year=PLAN) == quarter
    assert parse_quarter(quarter.label_en, plan_year=PLAN) == quarter
    assert quarter_of(quarter.start) == quarter == quarter_of(quarter.end)
    assert quarter.previous().next() == quarter == quarter.next().previous()


# --- start-up cost ------------------------------------------------------------------------


def test_importing_the_module_and_reading_numeric_or_chinese_dates_leaves_dateutil_parser_unloaded() -> None:
    """dateutil.parser takes tens of milliseconds to import; only a month name should pay for it."""
    script = (
        "import sys\n"
        "import cqvet.dates as dates\n"
        "print('dateutil.parser' in sys.modules)\n"
        "dates.parse_date('2021-06-30', plan_year=2021)\n"
        "dates.parse_date('6月底', plan_year=2021)\n"
        "print('dateutil.parser' in sys.modules)\n"
        "dates.parse_date('June 30', plan_year=2021)\n"
        "print('dateutil.parser' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False", "True"]


# --- periods ahead: `due --within`, `notices --near` ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("30d", Period(30, "days")),
        ("30", Period(30, "days")),
        ("2w", Period(2, "weeks")),
        ("1m", Period(1, "months")),
        ("3M", Period(3, "months")),
        ("30天", Period(30, "days")),
        ("2周", Period(2, "weeks")),
        ("1个月", Period(1, "months")),
    ],
)
def test_a_period_is_read_in_days_weeks_or_months(text: str, period: Period) -> None:
    """The forms `--within` and `--near` take."""
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["soon", "", "1y", "-1d", "12345d", "1.5m"])
def test_a_period_in_no_known_form_is_refused(text: str) -> None:
    """One clear refusal naming the text, with the forms to write."""
    with pytest.raises(UsageError) as refused:
        parse_period(text)
    assert refused.value.key == "within_invalid"


def test_a_month_ahead_is_a_calendar_month_ending_on_the_months_last_day_when_shorter() -> None:
    """31 January + 1m is 28 February (not 30 days later, 2 March); 20 June + 3m is 20 September."""
    assert Period(1, "months").after(D(2021, 1, 31)) == D(2021, 2, 28)
    assert Period(3, "months").after(D(2021, 6, 20)) == D(2021, 9, 20)
    assert Period(1, "months").days_after(D(2021, 2, 1)) == 28


@given(st.dates(D(1900, 1, 1), D(2100, 12, 31)), st.integers(0, 9999))
def test_months_ahead_land_in_the_month_that_many_later_on_the_same_day_or_its_last(
    on: datetime.date, months: int
) -> None:
    """The month moves by exactly `months`; the day stays, or is the month's last day when it has fewer."""
    end = Period(months, "months").after(on)
    assert end.year * 12 + end.month == on.year * 12 + on.month + months
    assert end.day == min(on.day, month_end(end.year, end.month).day)


@given(st.dates(D(1900, 1, 1), D(2100, 12, 31)), st.integers(0, 9999), st.sampled_from(["days", "weeks"]))
def test_days_and_weeks_ahead_are_that_many_days(on: datetime.date, amount: int, unit: str) -> None:
    """A week is seven days; neither depends on the calendar."""
    assert Period(amount, unit).days_after(on) == amount * (7 if unit == "weeks" else 1)


@settings(max_examples=100, deadline=None)
@given(month=st.integers(1, 12), day=st.integers(1, 31), plan_year=st.integers(MIN_YEAR, MAX_YEAR))
def test_a_western_date_without_a_year_is_that_day_of_the_plans_year_or_refused(
    month: int, day: int, plan_year: int
) -> None:
    """dateutil reads `June 30` in the plan's year; a day its month lacks (29 Feb 2021) is refused."""
    name = _MONTHS[month - 1]
    try:
        wanted = datetime.date(plan_year, month, day)
    except ValueError:
        with pytest.raises(InvalidDate):
            parse_date(f"{name} {day}", plan_year=plan_year)
        return
    assert parse_date(f"{name} {day}", plan_year=plan_year) == wanted
    assert parse_date(f"{day} {name[:3]}", plan_year=plan_year) == wanted


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
