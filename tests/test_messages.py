"""What a person reads is in the plan's words: no field names, enum values or key=value pairs.

Every message of the catalogue is scanned in Chinese for ASCII identifiers. What may
stay in Latin letters is what the user types or knows by that name: a command line
(`cqvet undo --by 张三`), an option (`--correct`), a written form the parser accepts
(`30d`, `Q2`, `today`), and the names of products and encodings (Excel, UTF-8).
The web view's texts (`web.*`) describe the database's own columns and the values
stored in them, which a Datasette user filters by, so they are left out.
"""

from __future__ import annotations

import re

import pytest

from cqvet.labels import _CATALOGUE

PROPER_NAMES = {"Excel", "WPS", "SQLite", "UTF-8", "GBK", "CSV", "xlsx", "xls", "NUL", "Ctrl-C", "http"}
# Names of products, file forms and system things a user knows by them (a PDF, a Word file, a FIFO).
PROPER_NAMES |= {
    "PDF",
    "pdf",
    "Word",
    "Office",
    "OCR",
    "FIFO",
    "WAL",
    "IANA",
    "UTF-16",
    "docx",
    "doc",
    "html",
    "htm",
}
PROPER_NAMES |= {"OFD", "PNG", "JPEG", "RRULE"}  # file kinds of evidence, the calendar rule
PROPER_NAMES |= {"HTTP", "HTTPS", "nginx", "Caddy", "IIS"}  # what `cqvet serve` is put behind
TYPED_FORMS = {"today", "Q2", "d", "w", "m", "zh", "en", "Asia", "Shanghai"}
TYPED_FORMS |= {"office", "steering", "leader"}  # the roles `cqvet user add --role` takes

COMMAND_LINE = re.compile(r"(?:cqvet|pip install)(?: +[-\w{}.'\[\]]+)*")
ENVIRONMENT = re.compile(r"\bCQVET_[A-Z_]+")
RRULE = re.compile(
    r"\b[A-Z]+=[A-Z0-9,]+(?:;[A-Z]+=[A-Z0-9,]+)*"
)  # a rule as typed: FREQ=MONTHLY;BYMONTHDAY=25
OPTION = re.compile(r"--[a-z][a-z-]*")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?:=[\w.-]*)?")

MESSAGES = sorted(key for key in _CATALOGUE if not key.startswith("web."))


def identifiers(text: str) -> list[str]:
    """The Latin words of `text` that are neither a command line, an option, a typed form nor a name."""
    for pattern in (PLACEHOLDER, COMMAND_LINE, OPTION, ENVIRONMENT, RRULE):
        text = pattern.sub(" ", text)
    words = WORD.findall(text)
    return [w for w in words if w not in PROPER_NAMES | TYPED_FORMS and not re.fullmatch(r"\d+[dwm]", w)]


@pytest.mark.parametrize("key", MESSAGES)
def test_no_chinese_message_holds_an_ascii_identifier(key: str) -> None:
    zh = _CATALOGUE[key][0]
    assert identifiers(zh) == [], f"{key}: {zh}"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("将撤销 #3：point=6，status=in_progress", ["point=6", "status=in_progress"]),
        ("已记录：not_started", ["not_started"]),
        ("plans=1, points=17", ["plans=1", "points=17"]),
        ("请用 --correct，或 cqvet undo --by 张三；Excel 文件", []),
    ],
)
def test_the_scan_finds_what_it_is_meant_to_find(text: str, found: list[str]) -> None:
    """A probe: the scan would catch the leaks the issue quotes, and passes the allowed words."""
    assert identifiers(text) == found
