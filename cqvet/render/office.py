"""What the two Office renderers share: health colours, text cleaning, punctuation and cell widths.

`cqvet.render.xlsx` lays out the Excel workbook and `cqvet.render.docx` the
Word 通报; both take their fill colours, their cleaned text and the small
sentence pieces they have in common from here, so the two files shade a
health and word a deadline alike. `cqvet.render.spreadsheet`, which every
workbook cqvet writes goes through, takes the cell limit and the display
width from here too.

It must never hold the layout of either file, never compute a figure of its
own, and never import openpyxl or python-docx, at module level or at all:
whatever imports it must not pay their start-up time.
"""

from __future__ import annotations

import re

from cqvet.labels import message
from cqvet.models import Health
from cqvet.render.text import strip_controls
from cqvet.report import PointLine, Report

# Fill colours by health (RGB hex), shared by the workbook and the Word table.
HEALTH_FILLS: dict[Health, str] = {
    Health.DONE: "C6EFCE",  # green
    Health.AHEAD: "A9DCD4",  # teal
    Health.ON_TRACK: "DDEBF7",  # light blue
    Health.NOT_STARTED: "D9D9D9",  # grey
    Health.BEHIND: "FFD966",  # amber
    Health.BLOCKED: "F8CBAD",  # light red
    Health.OVERDUE: "FF7C80",  # red
}
HEADER_FILL = "D9E1F2"

# Characters XML 1.0 cannot hold at all (lone surrogates, U+FFFE, U+FFFF); C0 controls go in strip_controls.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """User or plan text as a Word or Excel file can hold it: no control characters, nothing XML forbids."""
    return _NOT_XML.sub("", strip_controls("" if text is None else str(text)))


def generated(report: Report, lang: str) -> str:
    """The line saying when the report was made and with what tolerance, closing both files."""
    from cqvet.render.report_data import generated_line

    return generated_line(report, lang)


_PUNCTUATION = {
    "zh": {
        "open": "（",
        "close": "）",
        "colon": "：",
        "comma": "，",
        "semi": "；",
        "stop": "。",
        "space": "",
    },
    "en": {
        "open": " (",
        "close": ")",
        "colon": ": ",
        "comma": ", ",
        "semi": "; ",
        "stop": ".",
        "space": " ",
    },
}


def punctuation(lang: str) -> dict[str, str]:
    """Brackets, colon, comma and stop as `lang` writes them: full-width in Chinese."""
    return _PUNCTUATION["en" if lang == "en" else "zh"]


def postponed(line: PointLine, lang: str) -> str:
    """（已延期） after a deadline that was moved, else nothing."""
    p = punctuation(lang)
    return f"{p['open']}{message('word.postponed', lang)}{p['close']}" if line.deadline_postponed else ""


# A workbook cell holds at most this many characters; Excel refuses a file with a longer one.
EXCEL_CELL_LIMIT = 32_767
# A cell's width in columns is `rich.cells.cell_len` (CJK and full-width characters count twice).
