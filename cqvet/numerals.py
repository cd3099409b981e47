"""Chinese numerals, the one place cqvet writes and reads them.

Section numbers (一、… 九十九、), months and days (六月三十日, 十二月), quarters (第二季度) and
years written digit by digit (二〇二一年). Pure: text in, numbers out, and back; nothing here
knows a date, a plan or a language (`cqvet.dates`, `cqvet.plan_doc` and `cqvet.labels` do).
"""

from __future__ import annotations

DIGITS = "〇一二三四五六七八九"
_VALUES = {c: i for i, c in enumerate(DIGITS)} | {"零": 0}


def chinese_number(n: int) -> str:
    """1..99 as a plan numbers its sections: 一, 十, 十一, 二十, 九十九 (`chinese_value` reads them)."""
    if not 1 <= n <= 99:
        raise ValueError(f"{n} is outside 1..99")
    tens, units = divmod(n, 10)
    if not tens:
        return DIGITS[units]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")


def chinese_value(text: str) -> int:
    """The value of a numeral from 一 to 九十九 (`十二` is 12, `二十` is 20, `一十二` is 12 too).

    ValueError for anything else (`十十`, `一一`, `〇`, ``): a heading that opens
    with such characters is a sentence, not a numbered section.
    """
    tens, ten, ones = text.partition("十")
    if not ten:
        tens, ones = "", text
    if len(tens) > 1 or len(ones) > 1 or not (ten or ones):
        raise ValueError(text)
    try:
        value = (_VALUES[ones] if ones else 0) + (10 * (_VALUES[tens] if tens else 1) if ten else 0)
    except KeyError:
        raise ValueError(text) from None
    if "〇" in text or "零" in text or not 1 <= value <= 99:
        raise ValueError(text)
    return value


def digit_value(text: str) -> int:
    """A number written digit by digit, as years are: 二〇二一 (or 二零二一) is 2021."""
    try:
        return int("".join(str(_VALUES[c]) for c in text))
    except (KeyError, ValueError):
        raise ValueError(text) from None
