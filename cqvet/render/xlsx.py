"""The report as the Excel workbook a government office forwards and archives.

Owns the layout of the workbook: a summary sheet and a points sheet, their
columns, fonts, fills, number formats, row heights and print setup. Every
figure comes from the `Report` and every sentence from
`cqvet.render.report_data`, so the workbook says what the screen, CSV and
JSON say; colours, text cleaning and punctuation shared with the Word file
come from `cqvet.render.office`; cells, the header style, column widths, row
heights and page setup are `cqvet.render.spreadsheet`'s, shared with every
other workbook cqvet writes.

It must never compute a figure of its own, never write user or plan text as
anything but inert text (no formula, no control character, nothing that
breaks the XML), and never import openpyxl at module level: it costs
start-up time that commands without office output must not pay.

Decisions worth knowing:

- Percentages are stored in Excel as percentage points (58.3, not 0.583),
  rounded half up as every format rounds them (`cqvet.figures`), with the
  format `General"%"`, which writes them as the other formats do (`58.3%`,
  `50%`), so a cell equals the figure in the JSON and CSV outputs and sums
  and averages still work. Changes are signed with a true minus (`−2`).
- Text cells that a spreadsheet would evaluate (= + - @ tab CR first) get an
  apostrophe in front (`neutralise`); in a workbook the apostrophe stays
  visible, which is the price of text that is never a formula, even after
  someone edits the cell.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any

from cqvet.dates import format_month_day
from cqvet.figures import CHANGE_FORMAT, PERCENT_FORMAT
from cqvet.labels import message
from cqvet.models import Health
from cqvet.render import report_data as rd
from cqvet.render.office import HEALTH_FILLS, clean, generated, postponed, punctuation
from cqvet.render.spreadsheet import (
    DATE_FORMAT,
    border,
    column_width,
    fill,
    finish,
    number_cell,
    print_setup,
    row_height,
    set_widths,
    size_rows,
    style_header,
    text_cell,
)
from cqvet.report import MeasureLine, PointLine, Report, figure_keys

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_DATE_FORMATS = {"zh": DATE_FORMAT, "en": "yyyy-mm-dd"}
WHOLE_PERCENT = PERCENT = PERCENT_FORMAT
COUNT = "0"
CHANGE = PERCENT_CHANGE = CHANGE_FORMAT


def _as_of(day: dt.date, lang: str) -> str:
    """截至6月30日 / as of 30 Jun — the heading of a column of figures on a day."""
    sep = " " if lang == "en" else ""
    return message("word.as_of", lang) + sep + format_month_day(day, lang)


def _section_name(title: str, lang: str) -> str:
    return title or message("report.no_section", lang)


def _deadline_written(line: PointLine, lang: str) -> str:
    written = line.deadline_written or (
        message("word.default_deadline", lang) if line.deadline_is_default else ""
    )
    return written + postponed(line, lang)


def render_xlsx(report: Report, lang: str) -> bytes:
    """The report as an .xlsx workbook: a summary sheet and one row per work point."""
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    _summary_sheet(summary, report, lang)
    _points_sheet(workbook.create_sheet(), report, lang)
    if report.attention_measures:
        _measures_sheet(workbook.create_sheet(), report, lang)
    return finish(workbook, rd.title(report, lang))


def _health_fill(cell: Cell, state: Health) -> None:
    fill(cell, HEALTH_FILLS[state])


# --- summary sheet ------------------------------------------------------

SUMMARY_COLUMNS = 10  # the widest table on the sheet: the by-section one (section, points, 7 healths, mean)


def _summary_sheet(ws: Worksheet, report: Report, lang: str) -> None:
    ws.title = message("report.sheet_summary", lang)
    ws.column_dimensions["A"].width = column_width(
        [message("col.section", lang)] + [clean(name) for name, _ in rd.section_rows(report, lang)],
        16,
        40,
    )
    for letter in "BCDEFGHIJ":
        ws.column_dimensions[letter].width = 14.0 if lang == "en" else 13.0 if letter <= "D" else 10.0
    row = _summary_heading(ws, report, lang)
    row = _summary_counts(ws, report, lang, row + 1)
    row = _summary_sections(ws, report, lang, row + 1)
    text_cell(ws, row + 1, 1, generated(report, lang))
    print_setup(ws, landscape=False, header=rd.title(report, lang))


def _merged_line(
    ws: Worksheet, row: int, text: str, size: int, bold: bool = False, centred: bool = False
) -> None:
    """A sentence across the sheet's width; Excel cannot size a merged row itself, so its height is set."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    cell = text_cell(ws, row, 1, text)
    cell.font = Font(bold=bold, size=size)
    cell.alignment = Alignment(horizontal="center" if centred else "left", vertical="top", wrap_text=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=SUMMARY_COLUMNS)
    across = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, SUMMARY_COLUMNS + 1))
    ws.row_dimensions[row].height = row_height([clean(text)], [across * 11 / size], size)


def _summary_heading(ws: Worksheet, report: Report, lang: str) -> int:
    _merged_line(ws, 1, rd.title(report, lang), 16, bold=True, centred=True)
    _merged_line(ws, 2, rd.period(report, lang), 11, centred=True)
    _merged_line(ws, 3, rd.headline(report, lang), 11)
    _merged_line(ws, 4, rd.change_sentence(report, lang), 11)
    return 5


def _table_title(ws: Worksheet, row: int, text: str) -> None:
    from openpyxl.styles import Font

    text_cell(ws, row, 1, text).font = Font(bold=True, size=12)


def _summary_counts(ws: Worksheet, report: Report, lang: str, row: int) -> int:
    """Counts by health on the day and at the end of the previous quarter, with the change."""
    _table_title(ws, row, message("report.summary", lang))
    headers = [
        message("col.health", lang),
        _as_of(report.as_of, lang),
        rd.baseline(report, lang),
        rd.change_heading(report, lang),
    ]
    style_header([text_cell(ws, row + 1, c, h) for c, h in enumerate(headers, 1)])
    row += 2
    keys = figure_keys(report.review)
    for key in keys:
        label = text_cell(ws, row, 1, rd.figure_label(key, report.review, lang))
        _health_fill(label, rd.figure_health(key))
        now, before = report.tally.figure(key), report.previous.figure(key)
        _figures(ws, row, now, before, now - before, COUNT, CHANGE)
        row += 1
    text_cell(ws, row, 1, message("report.total", lang))
    now, before = report.tally.points, report.previous.points
    _figures(ws, row, now, before, now - before, COUNT, CHANGE)
    text_cell(ws, row + 1, 1, message("report.mean", lang))
    now_mean, before_mean = report.tally.mean_percent, report.previous.mean_percent
    _figures(ws, row + 1, now_mean, before_mean, report.mean_change, PERCENT, PERCENT_CHANGE)
    border([ws.cell(row=r, column=c) for r in range(row - len(keys), row + 2) for c in range(1, 5)])
    return row + 2


def _figures(
    ws: Worksheet, row: int, now: float, before: float, change: float, number_format: str, change_format: str
) -> None:
    """A figure on the day, at the previous quarter's end, and its change (computed by the model)."""
    number_cell(ws, row, 2, now, number_format)
    number_cell(ws, row, 3, before, number_format)
    number_cell(ws, row, 4, change, change_format)


def _summary_sections(ws: Worksheet, report: Report, lang: str, row: int) -> int:
    """The section table: every health a column (as in every format), then the total row."""
    from openpyxl.styles import Alignment, Font

    _table_title(ws, row, message("report.by_section", lang))
    headers = rd.section_header(lang, report.review)
    header_cells = [text_cell(ws, row + 1, c, h) for c, h in enumerate(headers, 1)]
    style_header(header_cells)
    for cell, key in zip(header_cells[2:], figure_keys(report.review), strict=False):
        _health_fill(cell, rd.figure_health(key))
    row += 2
    first = row
    for name, tally in rd.section_rows(report, lang):
        label = text_cell(ws, row, 1, name)
        label.alignment = Alignment(wrap_text=True)
        if tally is report.tally:
            label.font = Font(bold=True)
        for column, value in enumerate(rd.section_counts(tally), 2):
            number_cell(ws, row, column, value, COUNT)
        number_cell(ws, row, len(headers), tally.mean_percent, PERCENT)
        row += 1
    border([ws.cell(row=r, column=c) for r in range(first, row) for c in range(1, len(headers) + 1)])
    return row


# --- points sheet -------------------------------------------------------


def _point_columns(lang: str, since: str) -> list[tuple[str, int, int, bool]]:
    """(label, lowest width, highest width, wrapped) by column; widths in Excel's units (a "0").

    At their widest they total about 200 units: A4 landscape, one page wide, prints at about 65 %.
    """
    p = punctuation(lang)
    # 完成时限 / （原文） on two lines, so the narrow column breaks where it reads well.
    source = message("word.text", lang).lower()
    written = f"{message('col.deadline', lang)}\n{p['open'].strip()}{source}{p['close']}"
    return [
        (message("col.number", lang), 6, 6, False),
        (message("col.section", lang), 10, 14, True),
        (message("col.title", lang), 14, 22, True),
        (message("col.lead", lang), 10, 14, True),
        (message("col.supports", lang), 10, 14, True),
        (message("col.deadline", lang), 16, 16, False),
        (written, 10, 12, True),
        (message("col.percent", lang), 8, 10, True),
        (message("col.expected", lang), 9, 10, True),
        (since, 9, 10, True),
        (message("col.health", lang), 10, 12, False),
        (message("word.targets", lang), 14, 22, True),
        (message("report.notes", lang), 24, 42, True),
    ]


def _points_sheet(ws: Worksheet, report: Report, lang: str) -> None:
    """One row per point under a frozen, filtered header that repeats on every printed page."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ws.title = message("report.sheet_points", lang)
    columns = _point_columns(lang, rd.change_heading(report, lang))
    style_header([text_cell(ws, 1, c, label) for c, (label, *_) in enumerate(columns, 1)])
    alignments = [
        Alignment(vertical="top", wrap_text=True)
        if wrapped
        else Alignment(vertical="top", horizontal="center")
        for *_, wrapped in columns
    ]
    texts: list[list[str]] = [[label] for label, *_ in columns]
    # A row's styles depend only on its health: made once through openpyxl, then copied (assigning
    # style objects cell by cell made openpyxl hash each again: 13 s for 5,000 points).
    styles: dict[Health, list[Any]] = {}
    for row, line in enumerate(report.points, 2):
        cells = _point_row(ws, row, line, lang)
        for cell, seen in zip(cells, texts, strict=True):
            seen.append(str(cell.value or ""))
        known = styles.get(line.health)
        if known is not None:
            for cell, style in zip(cells, known, strict=True):
                cell._style = copy.copy(style)
            continue
        _health_fill(cells[10], line.health)
        for cell, alignment in zip(cells, alignments, strict=True):
            cell.alignment = alignment
        border(cells)
        styles[line.health] = [copy.copy(cell._style) for cell in cells]
    widths = [column_width(seen, low, high) for seen, (_, low, high, _) in zip(texts, columns, strict=True)]
    set_widths(ws, widths)
    size_rows(ws, 1, len(report.points) + 1, widths)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(report.points) + 1}"
    ws.print_title_rows = "1:1"
    print_setup(ws, landscape=True, header=f"{rd.title(report, lang)} {rd.period(report, lang)}")


def _point_row(ws: Worksheet, row: int, line: PointLine, lang: str) -> list[Cell]:
    """The point's cells, unstyled but for their number formats; the health cell's fill is
    `_points_sheet`'s, with the other styles."""
    health = text_cell(ws, row, 11, rd.point_health_label(line, lang))
    return [
        number_cell(ws, row, 1, line.number, COUNT),
        text_cell(ws, row, 2, _section_name(line.section_title, lang)),
        text_cell(ws, row, 3, line.title),
        text_cell(ws, row, 4, rd.lead_text(line, lang) if line.leader else line.lead),
        text_cell(ws, row, 5, "、".join(line.supports)),
        number_cell(ws, row, 6, line.deadline, XLSX_DATE_FORMATS.get(lang, XLSX_DATE_FORMATS["zh"])),
        text_cell(ws, row, 7, _deadline_written(line, lang)),
        number_cell(ws, row, 8, line.percent, WHOLE_PERCENT),
        number_cell(ws, row, 9, line.expected, PERCENT),
        number_cell(ws, row, 10, line.change, CHANGE),
        health,
        text_cell(ws, row, 12, rd.target_summary(line).replace("；", "\n")),  # one target a line
        text_cell(ws, row, 13, rd.notes_summary(line, lang)),
    ]


# --- measures sheet -----------------------------------------------------


def _measure_columns(lang: str) -> list[tuple[str, int, int, bool]]:
    """(label, lowest width, highest width, wrapped) of the measures sheet's columns."""
    return [
        (message("report.measure_point", lang), 8, 10, False),
        (message("col.number", lang), 8, 8, False),
        (message("report.measure_col", lang), 20, 40, True),
        (message("col.lead", lang), 10, 16, True),
        (message("col.supports", lang), 10, 16, True),
        (message("col.deadline", lang), 14, 16, False),
        (message("col.percent", lang), 8, 10, False),
        (message("col.expected", lang), 9, 10, False),
        (message("col.health", lang), 10, 12, False),
        (message("col.note", lang), 20, 40, True),
    ]


def _measures_sheet(ws: Worksheet, report: Report, lang: str) -> None:
    """The measures behind each point needing attention (the report's order), one row each: its
    point, `7（2）` (as text: Excel would read `7-2` as a date), offices, deadline, percent against
    expected, health coloured as on the points sheet, and its latest note."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ws.title = message("report.sheet_measures", lang)
    columns = _measure_columns(lang)
    style_header([text_cell(ws, 1, c, label) for c, (label, *_) in enumerate(columns, 1)])
    texts: list[list[str]] = [[label] for label, *_ in columns]
    row = 1
    for line in report.attention_measures:
        for m in line.measures:
            row += 1
            cells = _measure_row(ws, row, m, lang)
            for cell, seen in zip(cells, texts, strict=True):
                seen.append(str(cell.value or ""))
            for cell, (*_, wrapped) in zip(cells, columns, strict=True):
                cell.alignment = Alignment(vertical="top", wrap_text=wrapped)
            _health_fill(cells[8], m.health)
            border(cells)
    widths = [column_width(seen, low, high) for seen, (_, low, high, _) in zip(texts, columns, strict=True)]
    set_widths(ws, widths)
    size_rows(ws, 1, row, widths)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row}"
    ws.print_title_rows = "1:1"
    print_setup(ws, landscape=True, header=f"{rd.title(report, lang)} {rd.period(report, lang)}")


def _measure_row(ws: Worksheet, row: int, m: MeasureLine, lang: str) -> list[Cell]:
    return [
        number_cell(ws, row, 1, m.point_number, COUNT),
        text_cell(ws, row, 2, m.sheet_ref),
        text_cell(ws, row, 3, m.text),
        text_cell(
            ws,
            row,
            4,
            "、".join(m.leads) + (message("report.measure_owners_default", lang) if m.owners_default else ""),
        ),
        text_cell(ws, row, 5, "、".join(m.supports)),
        number_cell(ws, row, 6, m.deadline, XLSX_DATE_FORMATS.get(lang, XLSX_DATE_FORMATS["zh"])),
        number_cell(ws, row, 7, m.percent, WHOLE_PERCENT),
        number_cell(ws, row, 8, m.expected, PERCENT),
        text_cell(ws, row, 9, rd.measure_health_label(m, lang)),
        text_cell(ws, row, 10, m.note),
    ]
