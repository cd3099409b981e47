"""Tabular files as the office passes them around: .xlsx workbooks and CSV files.

Reading turns a file into `Sheet`s, plain grids of cell values (str, int,
float, bool, date, datetime or None), whatever wrote the file; writing turns
an `OutTable` (a title, typed columns, rows) into the bytes of an .xlsx or a
CSV. What the columns *mean* is not known here: that is `cqvet.exchange`.

It must never print, never import typer or rich, and never import openpyxl
at module level (it costs start-up time that commands without office files
must not pay). Every failure to read is a `UsageError` with a message key.

Decisions worth knowing:

- The file's content decides how it is read, not its extension: a ZIP is
  read as a workbook, the OLE header of an old .xls is refused with a hint
  to save as .xlsx, and text is read as CSV only from .csv, .txt and .tsv.
- A CSV is decoded as UTF-8 (with or without BOM), UTF-16 when it starts
  with a UTF-16 BOM (Excel's "Unicode text"), else GB18030, the superset of
  the GBK older Excel writes on a Chinese Windows. Text holding NUL is not a
  spreadsheet. The delimiter (comma, tab, semicolon) is sniffed.
- Merged cells are filled in: every cell of a merged range reads as its
  top-left cell. That is what the person sees: a 牵头单位 merged down three
  rows leads all three points, and a header merged down two rows names its
  column in both.
- Formulas are read as the value Excel last computed (`data_only`); a file
  written by a program that never computed them reads as empty cells.
- A number shown as a percentage (a `%` in its number format) reads as
  percentage points: 60 % typed into Excel is 0.6 in the file and 60 here.
- Text cells written by cqvet start with an apostrophe when a spreadsheet
  would evaluate them (`=`, `+`, `-`, `@`, see `cqvet.render.text.neutralise`);
  reading takes that apostrophe off again, so a round trip keeps text as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cqvet.errors import UsageError, unreadable
from cqvet.render.text import BOM, FORMULA_STARTS, neutralise, strip_controls

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Value = str | int | float | bool | dt.date | dt.datetime | dt.time | None

WINDOWS_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system, past its 1900-02-29 bug
MAC_EPOCH = dt.date(1904, 1, 1)

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the compound-file header
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
_QUOTED = re.compile(r'"[^"]*"|\\.')


@dataclass(frozen=True)
class Sheet:
    """One worksheet (or one CSV file) as a grid; `rows[0]` is spreadsheet row 1."""

    name: str
    rows: tuple[tuple[Value, ...], ...]
    # Merged ranges as (first row, first column, last row, last column), 1-based.
    merged: tuple[tuple[int, int, int, int], ...] = ()
    epoch: dt.date = WINDOWS_EPOCH

    def value(self, row: int, column: int) -> Value:
        """The value at 1-based (row, column); None outside the grid."""
        if not 1 <= row <= len(self.rows):
            return None
        cells = self.rows[row - 1]
        return cells[column - 1] if 1 <= column <= len(cells) else None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True)
class Workbook:
    """What a file holds: its sheets, the active one first."""

    path: str
    sheets: tuple[Sheet, ...]


def column_letter(index: int) -> str:
    """`1` → `A`, `27` → `AA`: how a spreadsheet names its columns."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def serial_date(value: float, epoch: dt.date = WINDOWS_EPOCH) -> dt.date:
    """The day an Excel serial number names (time of day dropped); ValueError when it names none."""
    if value != value or not 1 <= value < 3_000_000:
        raise ValueError(value)
    return epoch + dt.timedelta(days=int(value))


def is_blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- reading --------------------------------------------------------------


def read_workbook(path: Path) -> Workbook:
    """Read an .xlsx or CSV file into sheets; `UsageError` for anything else."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise unreadable(exc, path) from exc
    if not raw.strip():
        raise UsageError("import_empty", path=str(path))
    if raw.startswith(_ZIP):
        sheets = _read_xlsx(raw, path)
    elif raw.startswith(_OLE):
        raise UsageError("import_old_xls", path=str(path))
    elif path.suffix.lower() in CSV_SUFFIXES:
        sheets = (_read_csv(raw, path),)
    else:
        raise UsageError("import_not_spreadsheet", path=str(path))
    if not any(any(not is_blank(v) for v in row) for sheet in sheets for row in sheet.rows):
        raise UsageError("import_empty", path=str(path))
    return Workbook(str(path), sheets)


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise UsageError("import_not_spreadsheet", path=str(path))


def _read_csv(raw: bytes, path: Path) -> Sheet:
    text = _decode(raw, path)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = tuple(tuple(_text_value(c) for c in row) for row in csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise UsageError("import_not_spreadsheet", path=str(path)) from exc
    return Sheet(path.name, rows)


def _text_value(text: str) -> Value:
    """A text cell as typed: empty is None, cqvet's anti-formula apostrophe is taken off."""
    if not text:
        return None
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _read_xlsx(raw: bytes, path: Path) -> tuple[Sheet, ...]:
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    try:
        book = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # a ZIP that is no workbook fails in many ways (KeyError, BadZipFile, XML)
        raise UsageError("import_not_spreadsheet", path=str(path)) from exc
    epoch = MAC_EPOCH if book.epoch == CALENDAR_MAC_1904 else WINDOWS_EPOCH
    worksheets = [ws for ws in book.worksheets if hasattr(ws, "merged_cells")]  # chart sheets hold no cells
    active = book.active
    worksheets.sort(key=lambda ws: ws is not active)
    return tuple(_sheet(ws, epoch) for ws in worksheets)  # type: ignore[arg-type]


def _sheet(ws: Worksheet, epoch: dt.date) -> Sheet:
    grid: list[list[Value]] = []
    for row in ws.iter_rows():
        grid.append([_cell_value(cell.value, cell.number_format) for cell in row])
    merged: list[tuple[int, int, int, int]] = []
    for cells in ws.merged_cells.ranges:
        top, left, bottom, right = cells.min_row, cells.min_col, cells.max_row, cells.max_col
        merged.append((top, left, bottom, right))
        if top > len(grid):
            continue
        corner = grid[top - 1][left - 1] if left <= len(grid[top - 1]) else None
        for r in range(top, min(bottom, len(grid)) + 1):
            cells_of_row = grid[r - 1]
            cells_of_row.extend([None] * (right - len(cells_of_row)))
            for c in range(left, right + 1):
                cells_of_row[c - 1] = corner
    return Sheet(ws.title, tuple(tuple(r) for r in grid), tuple(merged), epoch)


def _cell_value(value: object, number_format: str | None) -> Value:
    if isinstance(value, str):
        return _text_value(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if number_format and "%" in _QUOTED.sub("", number_format):
            return round(value * 100, 9)
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value
    return None if value is None else str(value)


# --- writing --------------------------------------------------------------

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
    date_format: str = 'yyyy"年"m"月"d"日"'
    header: str = field(default="")  # printed at the top of every page


# Characters XML 1.0 cannot hold at all (as `cqvet.render.office.clean`); C0 controls go in strip_controls.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def portable(text: str) -> str:
    """`text` as a sheet can carry it: no control characters, nothing XML or UTF-8 refuses.

    What survives an export; an import compares with this, so reading back
    what cqvet wrote is never taken for a change.
    """
    return _NOT_XML.sub("", strip_controls(text))


def _text(value: object) -> str:
    """A text cell's content: portable, formula starts neutralised."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "、".join(str(v) for v in value)
    return neutralise(portable(str(value)))


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


HEADER_FILL = "D9E1F2"
TO_FILL = "FFF2CC"  # pale yellow: "write here"
TITLE_SIZE = 16
BODY_SIZE = 11
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def to_xlsx(table: OutTable) -> bytes:
    """The table as a workbook a civil servant would accept as is.

    A bold title row across the table, a bold shaded header that stays in
    view (frozen) and repeats on every printed page, wrapped text in columns
    sized for Chinese (a CJK character is two units wide), thin borders, real
    date cells, A4 landscape one page wide. Text is never a formula.
    """
    from openpyxl import Workbook as XlsxWorkbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from cqvet.render.office import EXCEL_CELL_LIMIT, display_width

    book = XlsxWorkbook()
    ws = book.active
    assert ws is not None
    ws.title = _SHEET_NAME_FORBIDDEN.sub("", strip_controls(table.sheet_name))[:31] or "Sheet1"
    count = len(table.columns)
    last = get_column_letter(count)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    title = ws.cell(row=1, column=1, value=_text(table.title))
    title.data_type = "s"
    title.font = Font(bold=True, size=TITLE_SIZE)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=count)
    ws.row_dimensions[1].height = TITLE_SIZE * 2.2

    seen: list[list[str]] = [[c.heading] for c in table.columns]
    for index, column in enumerate(table.columns, 1):
        cell = ws.cell(row=2, column=index, value=_text(column.heading))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border

    for offset, values in enumerate(table.rows):
        row = offset + 3
        for index, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
            cell = ws.cell(row=row, column=index)
            if column.kind == "date" and isinstance(value, dt.date):
                cell.value = value
                cell.number_format = table.date_format
                cell.alignment = Alignment(horizontal="center", vertical="top")
                seen[index - 1].append("2021年12月31日")  # as wide as the longest date it shows
            elif column.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
                cell.value = value
                cell.number_format = "0"
                cell.alignment = Alignment(horizontal="center", vertical="top")
                seen[index - 1].append(str(value))
            else:
                text = _text(value)[:EXCEL_CELL_LIMIT]
                if text:
                    cell.value = text
                    cell.data_type = "s"  # openpyxl makes any string starting with "=" a formula
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                seen[index - 1].append(text)
            if column.kind == "date" and not isinstance(value, dt.date):
                cell.number_format = table.date_format  # so a date typed into an empty cell shows as one
            if column.to_fill:
                cell.fill = PatternFill(fill_type="solid", fgColor=TO_FILL)
            cell.border = border

    widths = [
        float(
            min(
                max(
                    max((display_width(line) for v in texts for line in v.split("\n")), default=0) + 2,
                    column.min_width,
                ),
                column.max_width,
            )
        )
        for texts, column in zip(seen, table.columns, strict=True)
    ]
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for offset in range(len(table.rows) + 1):
        row = offset + 2
        texts = [str(ws.cell(row=row, column=c).value or "") for c in range(1, count + 1)]
        ws.row_dimensions[row].height = _row_height(texts, widths, display_width)

    _validations(ws, table, len(table.rows))
    end = max(len(table.rows) + 2, 3)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}{end}"
    ws.print_title_rows = "1:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    # "&" starts a header code in Excel; doubled, it prints as itself.
    ws.oddHeader.center.text = strip_controls(table.header or table.title)[:120].replace("&", "&&")
    ws.oddFooter.center.text = "&P / &N"
    book.properties.title = strip_controls(table.title)[:200]
    book.properties.creator = "cqvet"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row_height(texts: Sequence[str], widths: Sequence[float], measure: Callable[[str], int]) -> float:
    """A row tall enough for its wrapped text: Excel does not size rows that openpyxl writes."""
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        usable = max(width - 0.5, 1.0)
        lines = max(lines, sum(max(math.ceil(measure(line) / usable), 1) for line in text.split("\n")))
    return round(lines * BODY_SIZE * 1.4 + 3, 1)


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
