"""Tabular files as the office passes them back: .xlsx workbooks and CSV files, read.

Reading turns a file into `Sheet`s, plain grids of cell values (str, int,
float, bool, date, datetime or None), whatever wrote the file. What the
columns *mean* is not known here: that is `cqvet.exchange`; writing sheets is
`cqvet.render.spreadsheet`'s alone.

It only reads: it must never write a file, never print, never import a
renderer, typer or rich, and never import openpyxl at module level (it costs
start-up time that commands without office files must not pay). Every
failure to read is a `UsageError` with a message key.

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
  would evaluate them (`=`, `+`, `-`, `@`, see `neutralise` in the renderers);
  reading takes that apostrophe off again, so a round trip keeps text as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cqvet.errors import UsageError, unreadable

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

Value = str | int | float | bool | dt.date | dt.datetime | dt.time | None

WINDOWS_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system, past its 1900-02-29 bug
MAC_EPOCH = dt.date(1904, 1, 1)

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the compound-file header
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
# Where cqvet's writers put an apostrophe in front (`cqvet.render.text.FORMULA_STARTS`, which a test
# holds equal): kept here so that reading imports no renderer.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

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
