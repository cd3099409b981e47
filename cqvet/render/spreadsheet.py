"""Every spreadsheet cqvet writes: the cell, header, width, height and print helpers, and the office's tables.

Two kinds of workbook are written, both through the helpers here, so that a
header is shaded, a column sized, a row heightened and a page set up the
same way in each: the report workbook (`cqvet.render.xlsx` lays it out) and
the one-table sheets sent to the offices, the 任务分解表, the progress forms
and the scorecard (an `OutTable`, written by `to_xlsx` or `to_csv` here).
What the columns of a table *mean* is not known here: that is
`cqvet.exchange`; reading files back is `cqvet.sheets`.

It must never write user or plan text as anything but inert text (no
formula, no control character, nothing that breaks the XML), never compute a
figure of its own, and never import openpyxl at module level: it costs
start-up time that commands without office output must not pay.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from rich.cells import cell_len

from cqvet.render.office import EXCEL_CELL_LIMIT, HEADER_FILL, clean
from cqvet.render.text import BOM, neutralise, strip_controls

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
TO_FILL = "FFF2CC"  # pale yellow: "write here"
TITLE_SIZE = 16
BODY_SIZE = 11
BORDER_COLOUR = "808080"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


# --- cells --------------------------------------------------------------


def text_cell(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write text that stays text: controls stripped, formula starts neutralised, type forced to string.

    `clean` already drops every character openpyxl refuses (its
    `ILLEGAL_CHARACTERS_RE` is a subset of `strip_controls`).
    """
    cell = ws.cell(row=row, column=column)
    # Excel refuses to open a file holding a cell longer than 32,767 characters.
    text = neutralise(clean(value))[:EXCEL_CELL_LIMIT]
    if text:
        cell.value = text
        cell.data_type = "s"  # openpyxl turns any string starting with "=" into a formula
    return cell


def number_cell(ws: Worksheet, row: int, column: int, value: float | dt.date, number_format: str) -> Cell:
    cell = ws.cell(row=row, column=column, value=value)
    cell.number_format = number_format
    return cell


def border(cells: Sequence[Cell]) -> None:
    """A thin grey line around each cell."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color=BORDER_COLOUR)
    for cell in cells:
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def style_header(cells: Sequence[Cell]) -> None:
    """A header row: bold, shaded, centred, wrapped, bordered."""
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in cells:
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    border(cells)


def fill(cell: Cell, colour: str) -> None:
    from openpyxl.styles import PatternFill

    cell.fill = PatternFill(fill_type="solid", fgColor=colour)


# --- sizes --------------------------------------------------------------


def column_width(values: Sequence[str], lowest: float, highest: float) -> float:
    """A column wide enough for its widest line, within bounds; a CJK character is two units wide."""
    widest = max((cell_len(line) for v in values for line in v.split("\n")), default=0)
    return float(min(max(widest + 2, lowest), highest))


def _lines(text: str, width: float) -> int:
    """Lines `text` wraps to in a column `width` units wide."""
    usable = max(width - 0.5, 1.0)
    return sum(max(math.ceil(cell_len(line) / usable), 1) for line in text.split("\n"))


def row_height(texts: Sequence[str], widths: Sequence[float], size: float = BODY_SIZE) -> float:
    """A row tall enough for its wrapped text: Excel and LibreOffice do not size rows openpyxl writes."""
    lines = max((_lines(text, width) for text, width in zip(texts, widths, strict=True)), default=1)
    return round(lines * size * 1.4 + 3, 1)


def size_rows(ws: Worksheet, first: int, last: int, widths: Sequence[float]) -> None:
    """Set the height of rows `first`..`last` from the text of their cells."""
    for row in range(first, last + 1):
        texts = [str(ws.cell(row=row, column=c).value or "") for c in range(1, len(widths) + 1)]
        ws.row_dimensions[row].height = row_height(texts, widths)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(column)].width = width


# --- sheet and book -----------------------------------------------------


def print_setup(ws: Worksheet, landscape: bool, header: str) -> None:
    """A4, fitted to one page wide, the title in the page header and page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_options.horizontalCentered = True
    # "&" starts a header code in Excel (&P, &B, …); doubled it prints as itself. Excel caps headers at 255.
    ws.oddHeader.center.text = clean(header).replace("\n", " ")[:120].replace("&", "&&")
    ws.oddFooter.center.text = "&P / &N"


def finish(book: Workbook, title: str) -> bytes:
    """The workbook's bytes, titled and signed by cqvet."""
    book.properties.title = clean(title)[:200]
    book.properties.creator = "cqvet"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the office's tables ------------------------------------------------

ColumnKind = Literal["text", "number", "date"]


@dataclass(frozen=True)
class OutColumn:
    """A column to write: its heading, what its cells hold, how wide it may grow."""

    heading: str
    kind: ColumnKind = "text"
    min_width: int = 8
    max_width: int = 40
    choices: tuple[str, ...] = ()  # a drop-down list of allowed values
    whole: tuple[int, int] | None = None  # allowed whole numbers, inclusive
    to_fill: bool = False  # left empty for the recipient: shaded so it is seen
    prompt: str = ""  # shown when a value breaks `choices` or `whole`


@dataclass(frozen=True)
class OutTable:
    """A sheet to write: title row, header row, data rows."""

    title: str
    sheet_name: str
    columns: tuple[OutColumn, ...]
    rows: tuple[tuple[object, ...], ...]
    date_format: str = DATE_FORMAT
    header: str = field(default="")  # printed at the top of every page


def _text(value: object) -> str:
    """A text cell's content: lists joined with 、, cleaned, formula starts neutralised."""
    if isinstance(value, list | tuple):
        value = "、".join(str(v) for v in value)
    return neutralise(clean(value))


def to_csv(table: OutTable) -> bytes:
    """The table as CSV for Excel on a Chinese Windows: UTF-8 with BOM, CRLF, ISO dates, no title row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_text(c.heading) for c in table.columns])
    for row in table.rows:
        cells: list[str] = []
        for column, value in zip(table.columns, row, strict=True):
            if value is None:
                cells.append("")
            elif column.kind == "date" and isinstance(value, dt.date):
                cells.append(value.isoformat())
            elif column.kind == "number" and isinstance(value, int | float):
                cells.append(str(value))
            else:
                cells.append(_text(value))
        writer.writerow(cells)
    return (BOM + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: OutTable) -> bytes:
    """The table as a workbook a civil servant would accept as is.

    A bold title row across the table, a bold shaded header that stays in
    view (frozen) and repeats on every printed page, wrapped text in columns
    sized for Chinese (a CJK character is two units wide), thin borders, real
    date cells, A4 landscape one page wide. Text is never a formula.
    """
    from openpyxl import Workbook as XlsxWorkbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = XlsxWorkbook()
    ws = book.active
    assert ws is not None
    ws.title = _SHEET_NAME_FORBIDDEN.sub("", strip_controls(table.sheet_name))[:31] or "Sheet1"
    count = len(table.columns)

    title = text_cell(ws, 1, 1, table.title)
    title.font = Font(bold=True, size=TITLE_SIZE)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=count)
    ws.row_dimensions[1].height = TITLE_SIZE * 2.2

    style_header([text_cell(ws, 2, index, _text(c.heading)) for index, c in enumerate(table.columns, 1)])
    seen: list[list[str]] = [[c.heading] for c in table.columns]
    # A cell's style is one of a few per column: made once through openpyxl, then copied.
    # Assigning Font/Alignment/Border objects cell by cell made openpyxl hash each of them
    # again (about 1 ms a cell: 6 s for a 5,000-point 任务分解表).
    styles: dict[tuple[int, str], Any] = {}
    for row, values in enumerate(table.rows, 3):
        for index, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
            if column.kind == "date" and isinstance(value, dt.date):
                cell = number_cell(ws, row, index, value, table.date_format)
                shape = "date"
                seen[index - 1].append("2021年12月31日")  # as wide as the longest date it shows
            elif column.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
                cell = number_cell(ws, row, index, value, "0")
                shape = "number"
                seen[index - 1].append(str(value))
            else:
                cell = text_cell(ws, row, index, _text(value))
                shape = "text"
                seen[index - 1].append(str(cell.value or ""))
            known = styles.get((index, shape))
            if known is not None:
                cell._style = copy.copy(known)
                continue
            if shape == "text":
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            else:
                cell.alignment = Alignment(horizontal="center", vertical="top")
            if column.kind == "date" and shape != "date":
                cell.number_format = table.date_format  # so a date typed into an empty cell shows as one
            if column.to_fill:
                fill(cell, TO_FILL)
            border([cell])
            styles[(index, shape)] = copy.copy(cell._style)

    widths = [
        column_width(texts, column.min_width, column.max_width)
        for texts, column in zip(seen, table.columns, strict=True)
    ]
    set_widths(ws, widths)
    size_rows(ws, 2, len(table.rows) + 2, widths)
    _validations(ws, table, len(table.rows))
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(count)}{max(len(table.rows) + 2, 3)}"
    ws.print_title_rows = "1:2"
    print_setup(ws, landscape=True, header=table.header or table.title)
    return finish(book, table.title)


def _validations(ws: Worksheet, table: OutTable, count: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last_row = max(count + 2, 3)
    for index, column in enumerate(table.columns, 1):
        if not column.choices and column.whole is None:
            continue
        if column.choices:
            listed = ",".join(column.choices)
            rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        else:
            assert column.whole is not None
            low, high = column.whole
            rule = DataValidation(
                type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=True
            )
        if column.prompt:
            rule.error = column.prompt
            rule.errorTitle = column.heading
            rule.showErrorMessage = True
        letter = get_column_letter(index)
        rule.add(f"{letter}3:{letter}{last_row}")
        ws.add_data_validation(rule)
