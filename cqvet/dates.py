"""Chinese and western date and quarter parsing and formatting.

This module owns how a date or a quarter typed by a person (or written in a
工作要点 document) becomes a `datetime.date` or a `Quarter`, and how dates are
written back in each language. A deadline written as a span (a month, a
旬, a quarter, half a year) means the last day of that span.

It is pure: no I/O, no terminal, no typer or rich. Every reading failure is an
`InvalidDate` or `InvalidQuarter` and nothing else, so callers need catch only
`CqvetError` (a period ahead, `parse_period`: UsageError). python-dateutil does
three things here: its parser reads dates with an English month name; its
relativedelta moves a date by calendar months (`Period.after`); (its rrule reads
the reporting rhythm, in `cqvet.supervision`). Numeric forms (2021-06-30,
2021/6/30, 6/30/2021) are read by cqvet itself, for two reasons: deciding that
01/02/2021 is ambiguous needs the fields as typed, where dateutil quietly
picks one reading (2 January); and `dateutil.parser` costs about
50-80 ms to import, which numeric and Chinese forms, the commonest, never pay.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from cqvet.errors import InvalidDate, InvalidQuarter, UsageError
from cqvet.numerals import chinese_number, chinese_value, digit_value

MIN_YEAR = 1900
MAX_YEAR = 2100

_DAY = datetime.timedelta(days=1)

# Full-width ASCII (U+FF01..U+FF5E) sits at a fixed offset from ASCII; Chinese
# input methods produce it for digits, letters and punctuation alike.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Patterns are kept as strings and compiled by `re` on first use (it caches them):
# compiling all of them at import cost every command, `cqvet list` included, about
# 5 ms, though most commands never read a date.

# Words around a deadline that do not change its day: "截至6月底前" is 6月底.
_PREFIX = r"^(?:截至|截止|于|在)"
_SUFFIX = r"(?:截止|之前|以前|前|止)$"

_TODAY_WORDS = frozenset({"today", "今天", "今日"})
_YESTERDAY_WORDS = frozenset({"yesterday", "昨天"})

# --- numeric forms ---------------------------------------------------------
_COMPACT_ISO = r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"
_THREE_PARTS = r"(?P<a>[0-9]{1,4})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<c>[0-9]{1,4})"
_TWO_PARTS = r"(?P<a>[0-9]{1,2})[-/.](?P<b>[0-9]{1,2})"

# --- Chinese forms ---------------------------------------------------------
_NUMBER = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_YEAR = r"[0-9]{4}|[〇零一二三四五六七八九]{4}"
_CN_WITH_YEAR = rf"(?:(?P<year>{_YEAR})年)?(?P<rest>.+)"
_CN_MONTH_DAY = rf"(?P<month>{_NUMBER})月(?P<day>{_NUMBER})[日号]?"
_CN_MONTH = rf"(?P<month>{_NUMBER})月份?(?P<part>底|末|上旬|中旬|下旬)?"
_CN_QUARTER_END = r"第?(?P<number>[1-4一二三四])季度(?:末|底)?"
# Parts of a year as (month, day); 年内 and 全年 are how plans say "by year end".
_CN_YEAR_PARTS = {
    "年底": (12, 31),
    "年末": (12, 31),
    "年内": (12, 31),
    "全年": (12, 31),
    "年中": (6, 30),
    "上半年": (6, 30),
    "下半年": (12, 31),
}
# After an explicit "2021年" the 年 is already spent: 2021年底 leaves 底.
_CN_AFTER_YEAR = {"底": (12, 31), "末": (12, 31), "内": (12, 31), "中": (6, 30)}
_TEN_DAYS = {"上旬": 10, "中旬": 20}

# --- western forms ---------------------------------------------------------
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_WORDS = {name.lower(): i for i, name in enumerate(_MONTH_NAMES, 1)} | {
    name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, 1)
}
_MONTH_WORDS["sept"] = 9
_FILLER_WORDS = frozenset({"of", "the", "st", "nd", "rd", "th"})
_WESTERN_TEXT = r"[A-Za-z0-9 ,./-]+"

# --- periods ahead (`due --within`, `notices --near`) -----------------------
_PERIOD = r"(?i)^\s*(\d{1,4})\s*(d|w|m|天|日|周|个月|月)?\s*$"
_PERIOD_UNITS = {
    "d": "days", "天": "days", "日": "days", "w": "weeks", "周": "weeks",
    "m": "months", "月": "months", "个月": "months",
}  # fmt: skip

# --- quarters --------------------------------------------------------------
_Q_WESTERN = r"(?:(?P<year>[0-9]{4})\s*-?\s*)?[Qq](?P<number>[1-4])"
_Q_CHINESE = rf"(?:(?P<year>{_YEAR})年)?第?(?P<number>[1-4一二三四])季度"


class _Ambiguous(ValueError):
    """A numeric date whose day and month could be read either way round."""


class _YearAndNumber(NamedTuple):
    year: int
    number: int


class Quarter(_YearAndNumber):
    """A calendar quarter; ordered by year, then number.

    A NamedTuple rather than a frozen dataclass, like the records in
    `cqvet.models`: as immutable, and a millisecond cheaper to define on every
    start. The subclass exists only to refuse a number outside 1..4.
    """

    __slots__ = ()

    def __new__(cls, year: int, number: int) -> Quarter:
        if not 1 <= number <= 4:
            raise ValueError(f"quarter number must be 1..4, not {number}")
        return super().__new__(cls, year, number)

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Quarter:  # type: ignore[override]  # same call, checked
        """Through the check too: NamedTuple's `_make` (and so `_replace`) skip `__new__`."""
        return cls(*iterable)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        return month_end(self.year, 3 * self.number)

    @property
    def label_zh(self) -> str:
        return f"{self.year}年第{chinese_number(self.number)}季度"

    @property
    def label_en(self) -> str:
        return f"{self.year} Q{self.number}"

    def label(self, lang: str) -> str:
        """The quarter in words: `2021年第二季度`, or `2021 Q2` in English."""
        return self.label_en if lang == "en" else self.label_zh

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)


class Period(NamedTuple):
    """A span ahead typed as `30d`, `2w` or `1m`: a count of days, weeks or calendar months."""

    amount: int
    unit: str  # days, weeks or months

    def after(self, on: datetime.date) -> datetime.date:
        """The day the span ends, from `on`. A month is a calendar month (dateutil's relativedelta):
        31 January + 1m is 28 February, not 2 March; 20 June + 3m is 20 September."""
        if self.unit == "months":
            from dateutil.relativedelta import relativedelta  # only a span in months needs it

            return on + relativedelta(months=self.amount)
        return on + datetime.timedelta(**{self.unit: self.amount})

    def days_after(self, on: datetime.date) -> int:
        """How many days the span covers from `on`."""
        return (self.after(on) - on).days


def parse_period(text: str) -> Period:
    """`30d`, `2w`, `1m`, `30` (days), `30天`, `2周`, `1个月` → a `Period`; UsageError otherwise."""
    match = re.match(_PERIOD, text)
    if not match:
        raise UsageError("within_invalid", text=text)
    return Period(int(match[1]), _PERIOD_UNITS[(match[2] or "d").lower()])


def month_end(year: int, month: int) -> datetime.date:
    """The last day of `month` in `year`; ValueError for a month outside 1..12."""
    if not 1 <= month <= 12:
        # Without this, month 0 would quietly become December of the year before.
        raise ValueError(f"month must be 1..12, not {month}")
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - _DAY


def quarter_of(d: datetime.date) -> Quarter:
    """The quarter that contains `d`."""
    return Quarter(d.year, (d.month - 1) // 3 + 1)


def parse_date(text: str, *, plan_year: int, today: datetime.date | None = None) -> datetime.date:
    """The date `text` names; forms without a year take `plan_year`.

    Raises `InvalidDate` (key "ambiguous_date" when day and month could be
    swapped) and nothing else.
    """
    cleaned = _clean(text)
    try:
        found = _read_date(cleaned, plan_year, today)
    except _Ambiguous:
        raise InvalidDate(text, key="ambiguous_date") from None
    except (ValueError, OverflowError):
        # Out-of-range fields (2月30日, 13月底) and date arithmetic past
        # date.min/max all mean the same thing to the person typing.
        found = None
    if found is None or not MIN_YEAR <= found.year <= MAX_YEAR:
        raise InvalidDate(text)
    return found


def parse_quarter(text: str, *, plan_year: int) -> Quarter:
    """The quarter `text` names; forms without a year take `plan_year`.

    Raises `InvalidQuarter` and nothing else.
    """
    cleaned = text.translate(_HALF_WIDTH).strip()
    match = re.fullmatch(_Q_WESTERN, cleaned) or re.fullmatch(_Q_CHINESE, re.sub(r"\s+", "", cleaned))
    if match is None:
        raise InvalidQuarter(text)
    year = _year(match["year"], plan_year)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidQuarter(text)
    return Quarter(year, _quarter_number(match["number"]))


def format_date(d: datetime.date, lang: str) -> str:
    """`d` as written in `lang`: 2021年6月30日 in Chinese, 2021-06-30 in English."""
    if lang == "en":
        return d.isoformat()
    return f"{d.year}年{d.month}月{d.day}日"


def format_month_day(d: datetime.date, lang: str) -> str:
    """`d` without its year: 6月30日 in Chinese, 30 Jun in English."""
    if lang == "en":
        # Not strftime("%b"): that follows the process locale.
        return f"{d.day} {_MONTH_NAMES[d.month - 1][:3]}"
    return f"{d.month}月{d.day}日"


# --- reading ---------------------------------------------------------------


def _clean(text: str) -> str:
    cleaned = text.translate(_HALF_WIDTH).strip()
    cleaned = re.sub(_PREFIX, "", cleaned).strip()
    return re.sub(_SUFFIX, "", cleaned).strip()


def _read_date(cleaned: str, plan_year: int, today: datetime.date | None) -> datetime.date | None:
    """The date in `cleaned`, or None if it is in no accepted form.

    May raise ValueError or OverflowError for a form whose fields make no date.
    """
    word = cleaned.casefold()
    if word in _TODAY_WORDS:
        return today or datetime.date.today()
    if word in _YESTERDAY_WORDS:
        return (today or datetime.date.today()) - _DAY
    return (
        _read_numeric(cleaned, plan_year)
        or _read_chinese(re.sub(r"\s+", "", cleaned), plan_year)
        or _read_western(cleaned, plan_year)
    )


def _read_numeric(text: str, plan_year: int) -> datetime.date | None:
    # Read here rather than by dateutil: deciding whether 01/02/2021 is
    # ambiguous needs the fields anyway, and the commonest input (ISO) then
    # never pays for importing dateutil.parser.
    if match := re.fullmatch(_COMPACT_ISO, text):
        return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
    if match := re.fullmatch(_THREE_PARTS, text):
        a, b, c = match["a"], match["b"], match["c"]
        if len(a) == 4 and len(c) <= 2:
            return datetime.date(int(a), int(b), int(c))
        if len(a) <= 2 and len(c) == 4:
            month, day = _month_and_day(int(a), int(b))
            return datetime.date(int(c), month, day)
        # Two-digit years, or a year in the middle: no safe reading.
        return None
    if match := re.fullmatch(_TWO_PARTS, text):
        month, day = _month_and_day(int(match["a"]), int(match["b"]))
        return datetime.date(plan_year, month, day)
    return None


def _month_and_day(first: int, second: int) -> tuple[int, int]:
    """Month and day from two numbers whose order the writer did not say."""
    if first > 12:
        return second, first
    if second > 12 or first == second:
        return first, second
    raise _Ambiguous


def _read_chinese(text: str, plan_year: int) -> datetime.date | None:
    match = re.fullmatch(_CN_WITH_YEAR, text)
    if match is None:
        return None
    explicit_year, rest = match["year"], match["rest"]
    year = _year(explicit_year, plan_year)
    if found := re.fullmatch(_CN_MONTH_DAY, rest):
        return datetime.date(year, _cn_int(found["month"]), _cn_int(found["day"]))
    if found := re.fullmatch(_CN_MONTH, rest):
        month, part = _cn_int(found["month"]), found["part"]
        if part in _TEN_DAYS:
            return datetime.date(year, month, _TEN_DAYS[part])
        # 底, 末, 下旬 and a bare month all mean the month's last day.
        return month_end(year, month)
    if found := re.fullmatch(_CN_QUARTER_END, rest):
        return Quarter(year, _quarter_number(found["number"])).end
    parts = dict(_CN_YEAR_PARTS)
    if explicit_year is not None:
        parts |= _CN_AFTER_YEAR
    if rest in parts:
        month, day = parts[rest]
        return datetime.date(year, month, day)
    return None


def _read_western(text: str, plan_year: int) -> datetime.date | None:
    """A date with an English month name: 30 June 2021, June 30, 2021, Jun 30.

    dateutil's parser reads it (month names and their abbreviations, ordinals, any
    order of the fields); cqvet only decides beforehand that the text holds nothing
    dateutil would have to guess, and checks afterwards that it kept the month and day typed.
    """
    if not re.fullmatch(_WESTERN_TEXT, text):
        return None
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    months = [_MONTH_WORDS[w] for w in words if w in _MONTH_WORDS]
    numbers = re.findall(r"[0-9]+", text)
    days = [int(n) for n in numbers if len(n) <= 2]
    years = [int(n) for n in numbers if len(n) == 4]
    # dateutil reads almost anything (a lone "June", "10am", "Monday") by
    # filling gaps from today; admit only a month name, one day and at most a
    # four-digit year, so it can neither guess nor invent a field.
    if (
        len(months) != 1
        or any(w not in _MONTH_WORDS and w not in _FILLER_WORDS for w in words)
        or len(days) != 1
        or len(years) > 1
        or len(days) + len(years) != len(numbers)
    ):
        return None
    from dateutil import parser

    try:
        # The default supplies only the year, when none is written: month and day are always typed.
        parsed = parser.parse(text, default=datetime.datetime(plan_year, 1, 1), ignoretz=True).date()
    except Exception:
        # dateutil documents ParserError and OverflowError but has leaked
        # others (IndexError, TypeError) on odd input; none may reach a caller.
        return None
    typed = (years[0] if years else plan_year, months[0], days[0])
    return parsed if (parsed.year, parsed.month, parsed.day) == typed else None


def _year(written: str | None, plan_year: int) -> int:
    if written is None:
        return plan_year
    if written.isascii():
        return int(written)
    return digit_value(written)


def _quarter_number(written: str) -> int:
    return int(written) if written.isascii() else chinese_value(written)


def _cn_int(written: str) -> int:
    """1..99 from ASCII digits or Chinese numerals (六, 十, 十二, 二十, 三十一)."""
    return int(written) if written.isascii() else chinese_value(written)
