"""Reading what people type: status words, percents, point and target numbers, items (a point
or one of its measures: `parse_item` reads `7-2`, `7（2）` and `7(2)`, and refuses `7.2`, which
names target 2 of point 7), target actuals, measure weights, office names, and who is recording.

Decided: a domain module, not `cli/options.py`, because the spreadsheet imports
(`cqvet.exchange`) and plan loading read the same words from cells and documents as the
command line reads from its arguments, and the domain must not import the CLI. Each
function turns text into a value or raises a `UsageError`; the rules that decide what
a value may do live in `recording.py`. Nothing here touches the database or the terminal.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NamedTuple

from cqvet.errors import NotFound, UsageError
from cqvet.models import STATUS_ALIASES, Status, Target, TargetKind


def default_author() -> str:
    """Who is recording: `CQVET_USER`, else the operating system's user name.

    A `CQVET_USER` whose bytes are not text in the system's encoding is refused
    (Python keeps them as surrogates, which the ledger cannot store).
    """
    import getpass

    try:
        author = os.environ.get("CQVET_USER") or getpass.getuser()
    except (KeyError, OSError):  # no user name on some service accounts
        return "unknown"
    if not is_text(author):
        raise UsageError("user_not_text", text=shown_bytes(author))
    return author


def is_text(value: str) -> bool:
    """Whether `value` is text, not bytes Python could not decode (kept as lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_bytes(value: str) -> str:
    """`value` with its undecodable bytes written as `\\xb2`, for a message that names it."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def parse_status(text: str) -> Status:
    status = STATUS_ALIASES.get(text.strip().lower()) or STATUS_ALIASES.get(text.strip())
    if status is None:
        raise UsageError("status_unknown", text=text)
    return status


def parse_percent(text: str) -> int:
    """A percent from 0 to 100; `60`, `60%` and `60.0` are accepted, fractions are not rounded away."""
    cleaned = text.strip().rstrip("%％").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise UsageError("percent_invalid", text=text) from None
    if not value.is_integer() or not 0 <= value <= 100:
        raise UsageError("percent_invalid", text=text)
    return int(value)


# As far as a plan document numbers its points (plan_doc.MAX_POINT_NUMBER); a larger
# number is no point and would overflow SQLite's integers.
MAX_NUMBER = 99_999


def parse_point(text: str) -> int:
    cleaned = text.strip().lstrip("#第").rstrip("项").strip()
    # isdecimal, not isdigit: int() refuses "²", which isdigit() accepts
    if not cleaned.isdecimal() or len(cleaned) > len(str(MAX_NUMBER)):
        raise NotFound("point_not_number", text=text)
    return int(cleaned)


class ItemRef(NamedTuple):
    """A point (`measure` None) or one of its measures, as named on the command line."""

    number: int
    measure: int | None = None

    def __str__(self) -> str:
        return str(self.number) if self.measure is None else f"{self.number}-{self.measure}"


# Decided: a measure is named `7-2` (point 7, measure 2), or as a 任务分解表 numbers it, `7（2）`
# or `7(2)`. Not `7.2`: that names target 2 of point 7 (`target set 7.2`, an interface since
# the first round), and one text must not name two things.
_MEASURE_MARKS = str.maketrans({"－": "-", "—": "-", "–": "-", "（": "(", "）": ")"})


def parse_item(text: str) -> ItemRef:
    """`7`, `第7项` → point 7; `7-2`, `7（2）`, `7(2)` → measure 2 of point 7.

    `7.2` is refused with a hint: it is how a target is named.
    """
    cleaned = text.strip().translate(_MEASURE_MARKS).replace(" ", "")
    if "." in cleaned and cleaned.replace(".", "", 1).isdecimal():
        raise UsageError(
            "item_is_target_ref", text=text, point=cleaned.partition(".")[0], seq=cleaned.partition(".")[2]
        )
    if cleaned.endswith(")") and "(" in cleaned:
        number, _, seq = cleaned[:-1].partition("(")
    else:
        number, _, seq = cleaned.partition("-")
    if not _:
        return ItemRef(parse_point(text))
    digits = len(str(MAX_NUMBER))
    if not (number.isdecimal() and seq.isdecimal()) or max(len(number), len(seq)) > digits or int(seq) == 0:
        raise NotFound("item_invalid", text=text)
    return ItemRef(int(number), int(seq))


def parse_target_ref(text: str) -> tuple[int, int]:
    """`11.3` → point 11, target 3."""
    number, dot, seq = text.strip().partition(".")
    digits = len(str(MAX_NUMBER))
    if not dot or not (number.isdecimal() and seq.isdecimal()) or max(len(number), len(seq)) > digits:
        raise UsageError("target_ref_invalid", text=text)
    return int(number), int(seq)


def unit_name(text: str) -> str:
    """An office name as typed, refused when empty (whitespace around it is not part of the name).

    A NUL is refused too: SQLite's text functions stop at it, so the name would
    look empty to the database. Anything else is stored as typed and shown inert;
    a name with nothing visible in it (only zero-width spaces) counts as empty.
    """
    name = text.strip()
    if not name or not office_key(name):
        raise UsageError("unit_empty")
    if "\x00" in name:
        raise UsageError("unit_control", text=name.replace("\x00", "\\x00"))
    if not is_text(name):
        raise UsageError("not_text", text=shown_bytes(name))
    return name


_ACTUAL = r"^([+-]?[0-9]+(?:\.[0-9]+)?)\s*(.*?)$"  # compiled by `re` on first use


def parse_actual(text: str, target: Target) -> float:
    """An actual as typed for `target`: `132`, `150门`, `1.8倍`, `86%`, `８６％`, `1,500`.

    A unit, when given, must be the target's. On a percentage target a bare
    number above 0 and at most 1 (`0.88`) is refused with the percent it
    probably means (`88%`): a share typed as a fraction would be stored as
    0.88 %. `0.88%` says so explicitly and is taken as written.
    """
    import re
    import unicodedata
    from decimal import Decimal

    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = re.sub(r"(?<=[0-9]),(?=[0-9]{3})", "", cleaned)
    unit = unicodedata.normalize("NFKC", target.unit)
    example = f"{target.value:g}{unit}、{target.value:g}"
    match = re.match(_ACTUAL, cleaned)
    if not match:
        raise UsageError("actual_invalid", text=text, example=example)
    value = float(match[1])
    given = match[2].strip()
    if given and given != unit:
        raise UsageError(
            "actual_unit", ref=target.ref, expected=target.unit, text=text, unit=given, example=example
        )
    if not given and target.kind is TargetKind.PERCENT and 0 < value <= 1:
        hint = f"{(Decimal(match[1]) * 100).normalize():f}%"
        raise UsageError(
            "actual_fraction", ref=target.ref, target=f"{target.value:g}{unit}", text=match[1], hint=hint
        )
    return value


UNIT_SEPARATORS = "、，,；;"  # between offices in one `--lead` or `--support` (高教处、职成教处)


def unit_names(texts: str | Sequence[str]) -> list[str]:
    """Office names as typed, each text split at 、，,；; (so a name cannot hold those), in order,
    repeats dropped; an empty name is refused."""
    import re

    names = [
        unit_name(part)
        for text in ([texts] if isinstance(texts, str) else texts)
        for part in (re.split(f"[{UNIT_SEPARATORS}]", text) if text.strip() else [text])
        if part.strip() or not text.strip()
    ]
    if not names and (texts if isinstance(texts, str) else any(texts)):
        raise UsageError("unit_empty")  # only separators, such as `、`
    return list(dict.fromkeys(names))


def office_key(name: str) -> str:
    """What two names of the same office share, so that a look-alike is not a second office.

    Decided: NFKC (full-width letters, digits and brackets read as their ordinary
    forms, compatibility ideographs as the unified ones), without whitespace of
    any kind, control and format characters (zero-width spaces and joiners, the
    byte-order mark, bidi marks, soft hyphens), and case-folded. `职成教处`,
    `职成教处\u200b`, `职成 教处` and `职成教处` typed in full-width are one office.
    The key only compares: a name is stored as first typed (see `same_office`).
    """
    import unicodedata

    key = name
    for _ in range(4):  # to a fixed point: taking a character out can let NFKC join its neighbours
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", key).casefold())
        visible = "".join(
            c for c in folded if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")
        )
        if visible == key:
            break
        key = visible
    return key


# A weight is a share among a point's measures (`cqvet.rollup`); more than 1000:1 is a typo.
MAX_WEIGHT = 1000


def parse_weight(text: str) -> float:
    """A measure's weight: a number above 0 (`2`, `0.5`, `30%` read as 30), at most `MAX_WEIGHT`."""
    cleaned = text.strip().rstrip("%％").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise UsageError("measure_weight_invalid", text=text) from None
    if not 0 < value <= MAX_WEIGHT:  # also refuses nan and inf
        raise UsageError("measure_weight_invalid", text=text)
    return value
