"""Which renderer makes which report format, and the bytes it gives.

Renderers are imported only when their format is asked for: openpyxl and
python-docx cost start-up time that `cqvet list` must not pay.
"""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from cqvet.errors import UsageError

if TYPE_CHECKING:
    from cqvet.report import Dispatch, Report


class ReportFormat(StrEnum):
    terminal = "terminal"
    md = "md"
    csv = "csv"
    json = "json"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"


BINARY = (ReportFormat.xlsx, ReportFormat.docx)
EXTENSIONS = {
    ".md": ReportFormat.md,
    ".markdown": ReportFormat.md,
    ".csv": ReportFormat.csv,
    ".json": ReportFormat.json,
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".xlsx": ReportFormat.xlsx,
    ".docx": ReportFormat.docx,
    ".txt": ReportFormat.terminal,
}


def format_for(path: Path) -> ReportFormat:
    """The format an output file's extension asks for."""
    try:
        return EXTENSIONS[path.suffix.lower()]
    except KeyError:
        raise UsageError(
            "format_unknown", text=path.suffix or path.name, allowed=", ".join(EXTENSIONS)
        ) from None


def render(
    report: Report, fmt: ReportFormat, lang: str, ascii: bool = False, dispatch: Dispatch | None = None
) -> bytes:
    """The report in `fmt`, as the bytes of a file; the 通报 formats (docx, html, md) with the
    文号, 主送, 落款 and 成文日期 of `dispatch`."""
    if fmt is ReportFormat.terminal:
        return _plain_text(report, lang, ascii).encode("utf-8")
    if fmt is ReportFormat.md:
        from cqvet.render.markdown import render_markdown

        return render_markdown(report, lang, dispatch).encode("utf-8")
    if fmt is ReportFormat.csv:
        from cqvet.render.report_data import MEASURES_COLUMN, POINT_KEYS, REVIEW_KEYS, csv_row
        from cqvet.render.text import to_csv

        keys = (*POINT_KEYS, *REVIEW_KEYS) if report.review else POINT_KEYS
        if report.with_measures:
            keys = (*keys, *MEASURES_COLUMN)
        rows = (csv_row(p, lang, report.review, report.with_measures) for p in report.points)
        return to_csv(rows, keys).encode("utf-8")
    if fmt is ReportFormat.json:
        from cqvet.render.report_data import report_dict
        from cqvet.render.text import to_json

        return to_json(report_dict(report, lang)).encode("utf-8")
    if fmt is ReportFormat.html:
        from cqvet.render.html import render_html

        return render_html(report, lang, dispatch).encode("utf-8")
    if fmt is ReportFormat.xlsx:
        from cqvet.render.xlsx import render_xlsx

        return render_xlsx(report, lang)
    from cqvet.render.docx import render_docx

    return render_docx(report, lang, dispatch)


def _plain_text(report: Report, lang: str, ascii: bool) -> str:
    """The terminal rendering without colour, for a .txt file."""
    from rich.console import Console

    from cqvet.render.report_terminal import render_report

    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None, markup=False, emoji=False, highlight=False).print(
        render_report(report, lang, ascii)
    )
    return buffer.getvalue()
