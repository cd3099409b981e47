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
  with a UTF-16 BOM (Excel's "Unicode text"), or GB18030, the superset of
  the GBK older Excel writes on a Chinese Windows, when its lines say so. Text holding NUL is not a
  spreadsheet. The delimiter (comma, tab, semicolon) is sniffed.
- Merged cells are filled in: every cell of a merged range reads as its
  top-left cell. That is what the person sees: a 牵头单位 merged down three
  rows leads all three points, and a header merged down two rows names its
  column in both.
- **Limits** (README, Reliability): a form of at most 32 MB; a workbook whose
  parts unzip to at most 100 MB in all, none of them more than 100 times its
  compressed size (a zip bomb is refused from the sizes its directory
  declares, before anything is decompressed: zipfile never inflates a member
  past its declared size, so the check cannot be lied to); at most 100,000
  rows and 2,000,000 cells a sheet; merged ranges covering at most 2,000,000
  cells in all (one range over a whole sheet is 17 billion). Workbooks are
  read in openpyxl's read-only mode, row by row, and a limit stops the
  reading as soon as it is passed, so a refusal costs no more than the
  limit. The merged ranges are found in the sheet's XML before any row is
  read, because read-only mode does not report them.
- A CSV whose rows decode differently (some UTF-8, some GBK: two files
  pasted together) is refused rather than read as mojibake. Each line with
  non-ASCII bytes is judged on its own (`_gbk_evidence`): short GBK text is
  often valid UTF-8 for Latin or Greek letters (`位` is `λ`), so a line counts
  as UTF-8 only when it then reads as Chinese.
- Formulas are read as the value Excel last computed (`data_only`); a file
  written by a program that never computed them reads as empty cells.
- A number shown as a percentage (a `%` in its number format) reads as
  percentage points: 60 % typed into Excel is 0.6 in the file and 60 here.
- Text cells written by cqvet start with an apostrophe when a spreadsheet
  would evaluate them (`=`, `+`, `-`, `@`, see `cqvet.render.text.neutralise`);
  reading takes that apostrophe off again, so a round trip keeps text as typed.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cqvet.errors import UsageError, unreadable
from cqvet.render.text import BOM, FORMULA_STARTS, neutralise, strip_controls

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

Value = str | int | float | bool | dt.date | dt.datetime | dt.time | None

WINDOWS_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system, past its 1900-02-29 bug
MAC_EPOCH = dt.date(1904, 1, 1)

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the compound-file header
CSV_SUFFIXES = (".csv", ".txt", ".tsv")

# What one import may read (see the module docstring and the README's Reliability section).
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed size of one part of a workbook
RATIO_FLOOR = 1024 * 1024  # parts smaller than this are not held to MAX_RATIO
MAX_PARTS = 10_000
MAX_ROWS = 100_000
MAX_CELLS = 2_000_000
MAX_MERGED_CELLS = 2_000_000
_MERGE_REF = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref="([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)"'
)
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
    """Read an .xlsx or CSV file into sheets; `UsageError` for anything else or anything past a limit."""
    raw = _read_bytes(path)
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


def megabytes(size: int) -> str:
    """A size as a person reads it in a message: `32 MB`, `4.5 MB`."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refused unread when it is no regular file or larger than a form may be."""
    import stat

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever, a device never end
            raise UsageError("import_not_spreadsheet", path=str(path))
        if info.st_size > MAX_FILE_BYTES:
            raise UsageError(
                "import_file_too_large",
                path=str(path),
                size=megabytes(info.st_size),
                limit=megabytes(MAX_FILE_BYTES),
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # a file still growing stops at the limit too
    except OSError as exc:
        raise unreadable(exc, path) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise UsageError(
            "import_file_too_large", path=str(path), size=megabytes(len(raw)), limit=megabytes(MAX_FILE_BYTES)
        )
    return raw


def _decode(raw: bytes, path: Path) -> str:
    """The text of a CSV: UTF-16 by its BOM, else UTF-8 or GB18030 as its lines show (see the
    module docstring); `UsageError` for lines in both, or for anything that is no text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "gb18030" if _gbk_evidence(raw, path) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UsageError("import_not_spreadsheet", path=str(path)) from exc
    if "\x00" in text:
        raise UsageError("import_not_spreadsheet", path=str(path))
    return text


def _cjk(text: str) -> bool:
    """Whether `text` holds a CJK character or CJK punctuation."""
    return any(
        "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef" for c in text
    )


def _gbk_evidence(raw: bytes, path: Path) -> bool:
    """Whether some line is GBK; refuses a text whose lines are some UTF-8 and some GBK.

    A line is UTF-8 when it decodes so and reads as Chinese; it is GBK when it
    does not decode as UTF-8, or decodes only as non-Chinese letters (GBK's
    `时时` is valid UTF-8 for `ʱʱ`) while GB18030 reads it as Chinese throughout.
    """
    utf8_line = gbk_line = 0
    for number, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            as_utf8: str | None = line.decode("utf-8")
        except UnicodeDecodeError:
            as_utf8 = None
        if as_utf8 is not None and _cjk(as_utf8):
            utf8_line = utf8_line or number
            continue
        try:
            as_gbk: str | None = line.decode("gb18030")
        except UnicodeDecodeError:
            as_gbk = None
        if as_utf8 is None or (as_gbk is not None and all(_cjk(c) for c in as_gbk if not c.isascii())):
            gbk_line = gbk_line or number
    if utf8_line and gbk_line:
        raise UsageError("import_mixed_encoding", path=str(path), utf8=utf8_line, other=gbk_line)
    return bool(gbk_line)


def _read_csv(raw: bytes, path: Path) -> Sheet:
    text = _decode(raw, path)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple[Value, ...]] = []
    limits = _Limits(path.name)
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            limits.count(len(row))
            rows.append(tuple(_text_value(c) for c in row))
    except csv.Error as exc:
        raise UsageError("import_not_spreadsheet", path=str(path)) from exc
    return Sheet(path.name, tuple(rows))


class _Limits:
    """Counts the rows and cells of one sheet as they are read, and stops the reading past a limit."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.rows = 0
        self.cells = 0

    def count(self, cells: int) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS:
            raise UsageError("import_too_many_rows", sheet=self.sheet, limit=f"{MAX_ROWS:,}")
        if self.cells > MAX_CELLS:
            raise UsageError("import_too_many_cells", sheet=self.sheet, limit=f"{MAX_CELLS:,}")


def _text_value(text: str) -> Value:
    """A text cell as typed: empty is None, cqvet's anti-formula apostrophe is taken off."""
    if not text:
        return None
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _check_zip(raw: bytes, path: Path) -> None:
    """Refuse a zip bomb from its directory, before anything is inflated.

    zipfile never yields more than a member's declared size, so the declared
    sizes bound what openpyxl can decompress, whatever the data says.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:  # ValueError: a corrupt directory
        raise UsageError("import_not_spreadsheet", path=str(path)) from exc
    total = sum(p.file_size for p in parts)
    too_dense = any(
        p.file_size > RATIO_FLOOR and p.file_size > MAX_RATIO * max(p.compress_size, 1) for p in parts
    )
    if len(parts) > MAX_PARTS or total > MAX_UNZIPPED_BYTES or too_dense:
        raise UsageError(
            "import_unzipped_too_large",
            path=str(path),
            size=megabytes(total),
            limit=megabytes(MAX_UNZIPPED_BYTES),
            ratio=MAX_RATIO,
        )


def _read_xlsx(raw: bytes, path: Path) -> tuple[Sheet, ...]:
    _check_zip(raw, path)
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # a ZIP that is no workbook fails in many ways (KeyError, BadZipFile, XML)
        raise UsageError("import_not_spreadsheet", path=str(path)) from exc
    try:
        epoch = MAC_EPOCH if book.epoch == CALENDAR_MAC_1904 else WINDOWS_EPOCH
        worksheets = list(book.worksheets)  # chart sheets hold no cells and are not listed here
        active = book.active
        worksheets.sort(key=lambda ws: ws is not active)
        return tuple(_sheet(ws, epoch, path) for ws in worksheets)  # type: ignore[arg-type]
    finally:
        book.close()


def _merged_ranges(ws: ReadOnlyWorksheet) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges, read from its XML (read-only mode does not report them), within limits."""
    from openpyxl.utils.cell import range_boundaries

    found: list[tuple[int, int, int, int]] = []
    area = 0
    tail = b""
    # The worksheet's part in the archive: openpyxl keeps its name in a private attribute.
    with ws.parent._archive.open(ws._worksheet_path) as source:
        while chunk := source.read(1 << 20):
            text = tail + chunk
            end = 0
            for match in _MERGE_REF.finditer(text):
                end = match.end()
                ref = match.group(1).decode("ascii")
                left, top, right, bottom = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
                assert left is not None and top is not None and right is not None and bottom is not None
                area += (right - left + 1) * (bottom - top + 1)
                if area > MAX_MERGED_CELLS:
                    raise UsageError(
                        "import_merged_too_large", sheet=ws.title, ref=ref, limit=f"{MAX_MERGED_CELLS:,}"
                    )
                found.append((top, left, bottom, right))
            tail = text[max(end, len(text) - 256) :]  # a reference cut by the chunk's end is read next time
    return found


def _sheet(ws: ReadOnlyWorksheet, epoch: dt.date, path: Path) -> Sheet:
    merged = _merged_ranges(ws)
    ws.reset_dimensions()  # the declared size may claim 16,384 columns: read each row as long as it is
    limits = _Limits(ws.title)
    grid: list[list[Value]] = []
    for row in ws.iter_rows():
        limits.count(len(row))
        grid.append([_cell_value(cell.value, cell.number_format) for cell in row])
    for top, left, bottom, right in merged:
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
    from rich.cells import cell_len

    from cqvet.render.office import EXCEL_CELL_LIMIT

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

    # A cell's style is one of a few per column: made once through openpyxl, then copied.
    # Assigning Font/Alignment/Border objects cell by cell made openpyxl hash each of them
    # again (about 1 ms a cell: 6 s for a 5,000-point 任务分解表).
    styles: dict[tuple[int, str], Any] = {}
    for offset, values in enumerate(table.rows):
        row = offset + 3
        for index, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
            cell = ws.cell(row=row, column=index)
            if column.kind == "date" and isinstance(value, dt.date):
                cell.value = value
                shape = "date"
                seen[index - 1].append("2021年12月31日")  # as wide as the longest date it shows
            elif column.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
                cell.value = value
                shape = "number"
                seen[index - 1].append(str(value))
            else:
                text = _text(value)[:EXCEL_CELL_LIMIT]
                if text:
                    cell.value = text
                    cell.data_type = "s"  # openpyxl makes any string starting with "=" a formula
                shape = "text"
                seen[index - 1].append(text)
            known = styles.get((index, shape))
            if known is not None:
                cell._style = copy.copy(known)
                continue
            if shape == "date":
                cell.number_format = table.date_format
                cell.alignment = Alignment(horizontal="center", vertical="top")
            elif shape == "number":
                cell.number_format = "0"
                cell.alignment = Alignment(horizontal="center", vertical="top")
            else:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            if column.kind == "date" and shape != "date":
                cell.number_format = table.date_format  # so a date typed into an empty cell shows as one
            if column.to_fill:
                cell.fill = PatternFill(fill_type="solid", fgColor=TO_FILL)
            cell.border = border
            styles[(index, shape)] = copy.copy(cell._style)

    widths = [
        float(
            min(
                max(
                    max((cell_len(line) for v in texts for line in v.split("\n")), default=0) + 2,
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
        ws.row_dimensions[row].height = _row_height(texts, widths, cell_len)

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
