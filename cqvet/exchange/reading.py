"""The reading layer shared by both imports: from a sheet's header to rows matched to points.

This module owns which headings name which field, the layouts of the
任务分解表 and the progress form, where a sheet's header is, how a cell becomes
a typed value (a 序号, a text, a date), the problems a row can have, and the
reader that matches each row to a point. What a row changes, and how an import
is written, are `cqvet.exchange.assignments`'s and
`cqvet.exchange.progress_form`'s. Files are read by `cqvet.sheets`. Nothing
here writes to the ledger, prints or knows about the terminal.

Decisions worth knowing:

- **Headings.** The header row is the row, among the first ten, that names
  the most known columns (the topmost on a tie); rows merged into it from
  below (a two-row header) are skipped. Headings are compared after NFKC,
  without notes in brackets (`完成时限（2021年）`), whitespace, punctuation
  or case. `责任单位` is the supporting units when a 牵头 column is present,
  else the lead. A column named twice is read once (the leftmost), except
  配合单位, whose columns are joined. Columns of no known name are ignored and
  named in the preview.
- **Rows** are matched by 序号 (`3`, `3.0`, `3.`, `第3项`). A measure's row (举措)
  is numbered `7（2）` as cqvet writes it, or `7(2)`, `7-2`, `7.2` as offices
  type it, or the number 7.2 that Excel makes of a typed `7.2`. A dotted 序号
  (number or text) names a measure only while its point has fewer than ten
  measures: Excel shows the number 7.10 as 7.1, so on a point with ten or more
  a dotted 序号 could be measure 1 or 10 and is refused, naming the cell (write
  `7（10）`). A 序号 Excel turned into a date (it reads `7-2` as 2 July) is
  refused with the same hint. A 重点任务 cell, when
  not empty, must match the point's title: both are compared without a
  leading `3.`, whitespace and punctuation (NFKC), and they match when equal
  or when their first six characters are, so a title with a word added at
  the end or a stray space still matches while another point's title never
  does (the seventeen titles of the plan differ within six characters).
  A measure row's 重点任务 is compared with the measure's text the same way
  (a leading `（2）` dropped).
  An empty title cell leaves the 序号 to decide.
- **Dates** may be date cells, text (`9月底`, `2021年9月30日`, `2021/9/30`, see
  `cqvet.dates`) or Excel serial numbers: a whole number (a number cell, or
  a text of five digits) in a date column counts days in the workbook's
  date system (from 1899-12-30, or 1904-01-01 when the workbook says so),
  and is accepted only when it lands within ten years of the plan's year,
  so a stray `2021` is refused rather than read as 1905.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cqvet import parsing
from cqvet.dates import MAX_YEAR, MIN_YEAR, parse_date
from cqvet.errors import CqvetError, UsageError
from cqvet.labels import message
from cqvet.models import MeasureState, Plan, PointState
from cqvet.sheets import Sheet, Value, Workbook, column_letter, is_blank, serial_date

HEADER_SEARCH_ROWS = 10
TITLE_PREFIX = 6
SERIAL_YEARS = 10

# --- headings ---------------------------------------------------------------

# Each field: the label key of the heading cqvet writes (both languages are
# recognised) and the variants offices use.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("col.number", ("序号", "编号", "序", "no", "number")),
    "section": ("col.section", ("部分", "板块")),
    "title": ("col.title", ("重点任务", "任务", "工作任务", "工作要点", "任务名称", "重点工作")),
    "lead": ("col.lead", ("牵头单位", "牵头处室", "主要责任单位", "责任处室", "牵头部门", "牵头责任单位")),
    "supports": ("col.supports", ("配合单位", "协同配合单位", "配合处室", "协同单位", "配合部门")),
    "deadline": ("col.deadline", ("完成时限", "完成时间", "时限", "完成期限")),
    "due_date": ("col.due_date", ("完成日期", "截止日期")),
    "leader": ("col.leader", ("分管领导", "分管负责人", "分管委领导", "责任领导")),
    "contact": ("col.contact", ("联系人", "联系人及电话", "联系方式", "联系电话")),
    "last_percent": ("col.last_percent", ("上次进度",)),
    "last_date": ("col.last_date", ("上次填报日期",)),
    "new_percent": ("col.new_percent", ("本期进度", "进度", "完成进度", "本期完成进度", "完成比例")),
    "status": ("col.status", ("状态", "当前状态", "推进状态", "完成状态", "进展状态")),
    "note": ("col.progress_note", ("进展说明", "进展情况", "工作进展", "推进情况", "工作推进情况", "说明")),
    "author": ("col.author", ("填报人", "填表人", "经办人")),
    "report_date": ("col.report_date", ("填报日期", "填报时间", "填表日期")),
    "correction": ("col.correction", ("更正", "是否为更正", "更正标记")),
    "office": ("col.reporting_office", ("报送单位", "填报处室")),
}
# 责任单位 names the supporting units beside a 牵头 column, the lead without one.
AMBIGUOUS_RESPONSIBLE = "责任单位"

_BRACKETED = re.compile(r"[（(【\[〔][^）)】\]〕]*[）)】\]〕]")
_LEADING_NUMBER = re.compile(r"^\s*(?:[0-9０-９]+\s*[.、．:：]?|[（(]\s*[0-9０-９]+\s*[）)])\s*")
_DOTTED = re.compile(r"([0-9]+)\.([0-9]+)")
# A dotted 序号 names a measure only on a point with fewer: Excel shows the number 7.10 as 7.1.
DOTTED_MEASURES = 10


def normalise_heading(text: str) -> str:
    """A heading as compared: NFKC, no bracketed note, only letters and digits, case-folded."""
    text = _BRACKETED.sub("", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN").casefold()


def _aliases() -> dict[str, str]:
    found: dict[str, str] = {}
    for name, (key, variants) in FIELDS.items():
        for text in (message(key, "zh"), message(key, "en"), *variants):
            found.setdefault(normalise_heading(text), name)
    return found


ALIASES = _aliases()


@dataclass(frozen=True)
class Layout:
    """Which fields an import reads, which it knows but skips, and which it cannot do without."""

    name: str
    reads: tuple[str, ...]
    knows: tuple[str, ...]
    # Each group: at least one of these columns must be present.
    needs: tuple[tuple[str, ...], ...]


ASSIGNMENTS = Layout(
    "assignments",
    reads=("number", "title", "lead", "supports", "deadline", "due_date", "leader", "contact"),
    knows=("section",),
    needs=(("number",), ("lead", "deadline", "due_date")),
)
PROGRESS_FORM = Layout(
    "progress",
    reads=(
        "number",
        "title",
        "new_percent",
        "status",
        "note",
        "author",
        "report_date",
        "correction",
        "office",
    ),
    knows=(
        "section",
        "lead",
        "supports",
        "deadline",
        "due_date",
        "leader",
        "contact",
        "last_percent",
        "last_date",
    ),
    needs=(("number",), ("new_percent", "status", "note")),
)


@dataclass(frozen=True)
class Header:
    """Where a table's header is and which column holds which field."""

    row: int
    first_data_row: int
    columns: dict[str, tuple[int, ...]]  # field → its columns, leftmost first
    headings: dict[int, str]  # column → heading as written
    ignored: tuple[tuple[str, str], ...]  # (column letter, heading) of columns not read

    def heading(self, name: str) -> str:
        return self.headings[self.columns[name][0]]

    def letter(self, name: str) -> str:
        return column_letter(self.columns[name][0])


def _classify(cells: Sequence[Value]) -> list[tuple[int, str, str | None]]:
    """(column, heading, field or None) for each non-empty cell of a candidate header row."""
    found: list[tuple[int, str, str | None]] = []
    for column, value in enumerate(cells, 1):
        if is_blank(value):
            continue
        heading = str(value).strip()
        norm = normalise_heading(heading)
        name = "?responsible" if norm == AMBIGUOUS_RESPONSIBLE else ALIASES.get(norm)
        found.append((column, heading, name))
    has_lead = any(name == "lead" for _, _, name in found)
    resolved: list[tuple[int, str, str | None]] = []
    for column, heading, name in found:
        if name == "?responsible":
            name = "supports" if has_lead else "lead"
            has_lead = True  # a second 责任单位 column beside the first is the supporting units
        resolved.append((column, heading, name))
    return resolved


def _score(cells: Sequence[Value], layout: Layout) -> tuple[int, int]:
    """Known fields named, then fewer 责任单位 (of two header rows, the one with the sub-headings wins)."""
    wanted = set(layout.reads) | set(layout.knows)
    vague = sum(1 for v in cells if not is_blank(v) and normalise_heading(str(v)) == AMBIGUOUS_RESPONSIBLE)
    return len({name for _, _, name in _classify(cells) if name in wanted}), -vague


def find_header(sheet: Sheet, layout: Layout) -> Header:
    """The header row of `sheet` for `layout`; `UsageError("import_columns_missing")` when there is none."""
    candidates = range(1, min(len(sheet.rows), HEADER_SEARCH_ROWS) + 1)
    best = max(candidates, key=lambda r: (*_score(sheet.rows[r - 1], layout), -r), default=0)
    cells = sheet.rows[best - 1] if best else ()
    columns: dict[str, list[int]] = {}
    headings: dict[int, str] = {}
    ignored: list[tuple[str, str]] = []
    for column, heading, name in _classify(cells):
        headings[column] = heading
        if name in layout.knows:
            continue
        if name not in layout.reads or (name in columns and name != "supports"):
            ignored.append((column_letter(column), heading))
            continue
        columns.setdefault(name, []).append(column)
    missing = [group for group in layout.needs if not any(name in columns for name in group)]
    if missing:
        raise UsageError(
            "import_columns_missing",
            sheet=sheet.name,
            missing="；".join("/".join(message(FIELDS[n][0], "zh") for n in group) for group in missing),
            found="、".join(headings.values()) or "—",
        )
    last_header = best
    for top, _, bottom, _ in sheet.merged:
        if top <= best <= bottom:
            last_header = max(last_header, bottom)
    return Header(best, last_header + 1, {k: tuple(v) for k, v in columns.items()}, headings, tuple(ignored))


def _choose_sheet(book: Workbook, layout: Layout) -> tuple[Sheet, Header]:
    """The first sheet (the active one first) whose header suits `layout`."""
    first_error: CqvetError | None = None
    for sheet in book.sheets:
        try:
            return sheet, find_header(sheet, layout)
        except UsageError as exc:
            first_error = first_error or exc
    raise first_error or UsageError("import_empty", path=book.path)


# --- problems and cells -----------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a row (or the whole file) cannot be imported; rendered through the label catalogue."""

    row: int | None
    column: str | None  # the column's letter
    heading: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class SheetImport:
    """What every import of a sheet reports: the file and sheet it read, the rows it passed over,
    why rows were refused, and the event it was written as (None in a preview)."""

    source: str
    sheet: str
    blank: int
    ignored: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]
    event_id: int | None = None


class _RowProblem(Exception):
    """Raised while reading one cell; becomes a `Problem` of its row."""

    def __init__(self, name: str | None, key: str, **params: Any) -> None:
        super().__init__(key)
        self.name = name
        self.key = key
        self.params = params


@dataclass(frozen=True)
class _Row:
    """One data row: its spreadsheet row number and the cells of the fields read."""

    number: int
    cells: dict[str, Value]
    texts: dict[str, tuple[str, ...]]  # the supporting-unit columns, each as written

    def has(self, name: str) -> bool:
        return name in self.cells

    def blank(self, name: str) -> bool:
        return is_blank(self.cells.get(name))


def _rows(sheet: Sheet, header: Header) -> Iterator[_Row | None]:
    """Each row under the header: None for a blank one."""
    for offset, cells in enumerate(sheet.rows[header.first_data_row - 1 :]):
        values: dict[str, Value] = {}
        supports: list[str] = []
        empty = True
        for name, columns in header.columns.items():
            picked = [cells[c - 1] if c <= len(cells) else None for c in columns]
            values[name] = picked[0]
            empty = empty and all(is_blank(v) for v in picked)
            if name == "supports":
                supports = [text_of(v) for v in picked if not is_blank(v)]
        if empty:
            yield None
            continue
        yield _Row(header.first_data_row + offset, values, {"supports": tuple(supports)})


def text_of(value: Value) -> str:
    """A cell as text, without surrounding whitespace: whole numbers without `.0`, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _item_ref(value: Value, counts: dict[int, int]) -> parsing.ItemRef:
    """A 序号 cell as a point or one of its measures (see the module docstring); `counts`: how many
    measures each point has, for the dotted forms."""
    if isinstance(value, bool | dt.time):
        raise _RowProblem("number", "import_number_invalid", text=text_of(value))
    if isinstance(value, dt.date):  # what Excel makes of a typed 7-2 (2 July)
        day = value.date() if isinstance(value, dt.datetime) else value
        raise _RowProblem("number", "import_number_date", text=text_of(value), point=day.month, seq=day.day)
    if isinstance(value, int | float):
        if float(value).is_integer() and value > 0:
            return parsing.ItemRef(int(value))
        text = repr(float(value))  # the shortest text that reads back as the number: 7.1 for 7.10
    else:
        text = unicodedata.normalize("NFKC", text_of(value)).rstrip(".、．").replace(" ", "")
    dotted = _DOTTED.fullmatch(text)
    if dotted is not None:
        number, seq = int(dotted[1]), int(dotted[2])
        if seq == 0:  # 3.0, as a number cell written as text reads
            return parsing.ItemRef(number)
        if counts.get(number, 0) >= DOTTED_MEASURES:
            raise _RowProblem(
                "number", "import_number_dotted", text=text, number=number, count=counts[number]
            )
        return parsing.ItemRef(number, seq)
    try:
        return parsing.parse_item(text)
    except CqvetError:
        raise _RowProblem("number", "import_number_invalid", text=text_of(value)) from None


def sheet_ref(ref: parsing.ItemRef) -> str:
    """How a sheet numbers a point or measure: `7`, `7（2）`."""
    return str(ref.number) if ref.measure is None else f"{ref.number}（{ref.measure}）"


def written_for(day: dt.date, plan: Plan) -> str:
    """How a deadline given as a date cell is worded: 9月30日 in the plan's year, else 2022年3月31日."""
    if day.year == plan.year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def cell_date(value: Value, plan: Plan, epoch: dt.date, today: dt.date, name: str) -> dt.date:
    """A date column's cell as a day (see the module docstring for serial numbers)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool | dt.time):
        raise _RowProblem(name, "invalid_date", text=text_of(value))
    text = text_of(value)
    if isinstance(value, int | float) or re.fullmatch(r"[0-9]{5}", text):
        number = float(value) if isinstance(value, int | float) else float(text)
        try:
            day = serial_date(number, epoch)
        except (ValueError, OverflowError):
            raise _RowProblem(name, "invalid_date", text=text) from None
        if abs(day.year - plan.year) > SERIAL_YEARS or not MIN_YEAR <= day.year <= MAX_YEAR:
            raise _RowProblem(name, "import_serial_far", text=text, day=day.isoformat(), year=plan.year)
        return day
    try:
        return parse_date(text, plan_year=plan.year, today=today)
    except CqvetError as exc:
        raise _RowProblem(name, exc.key, **exc.params) from None


def _same_title(written: str, title: str) -> bool:
    def bare(text: str) -> str:
        text = _LEADING_NUMBER.sub("", unicodedata.normalize("NFKC", text))
        return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN").casefold()

    mine, theirs = bare(written), bare(title)
    if not mine:
        return True
    return mine == theirs or (len(theirs) >= TITLE_PREFIX and mine[:TITLE_PREFIX] == theirs[:TITLE_PREFIX])


class _Reader:
    """Reads the rows of one sheet, matching each to a point or one of its measures and collecting
    problems."""

    def __init__(
        self,
        sheet: Sheet,
        header: Header,
        states: dict[int, PointState],
        measures: Sequence[MeasureState] = (),
    ) -> None:
        self.sheet = sheet
        self.header = header
        self.states = states
        self.measures: dict[tuple[int, int], MeasureState] = {(m.point_number, m.seq): m for m in measures}
        self.counts: dict[int, int] = {}
        for m in measures:
            self.counts[m.point_number] = self.counts.get(m.point_number, 0) + 1
        self.problems: list[Problem] = []
        self.blank = 0
        self._seen: dict[parsing.ItemRef, int] = {}

    def problem(self, row: int | None, name: str | None, key: str, **params: Any) -> None:
        if name is not None and name in self.header.columns:
            self.problems.append(
                Problem(row, self.header.letter(name), self.header.heading(name), key, params)
            )
        else:
            self.problems.append(Problem(row, None, "", key, params))

    def summary(self, source: str) -> dict[str, Any]:
        """The fields of a `SheetImport` as this reader found them, once every row is read."""
        return {
            "source": source,
            "sheet": self.sheet.name,
            "blank": self.blank,
            "ignored": self.header.ignored,
            "problems": tuple(self.problems),
        }

    def matched(self) -> Iterator[tuple[_Row, PointState, MeasureState | None]]:
        """Each non-blank row whose 序号 names a point (measure None) or one of its measures once,
        and whose title agrees."""
        for row in _rows(self.sheet, self.header):
            if row is None:
                self.blank += 1
                continue
            try:
                if row.blank("number"):
                    raise _RowProblem("number", "import_number_missing")
                ref = _item_ref(row.cells["number"], self.counts)
                number = ref.number
                state = self.states.get(number)
                if state is None:
                    raise _RowProblem("number", "point_unknown", number=number, count=len(self.states))
                measure = None
                if ref.measure is not None:
                    measure = self.measures.get((number, ref.measure))
                    if measure is None:
                        raise _RowProblem(
                            "number",
                            "measure_unknown",
                            number=number,
                            seq=ref.measure,
                            count=self.counts.get(number, 0),
                        )
                if ref in self._seen:
                    raise _RowProblem(
                        "number", "import_duplicate", number=sheet_ref(ref), other=self._seen[ref]
                    )
                self._seen[ref] = row.number
                title = state.title if measure is None else measure.text
                if row.has("title") and not _same_title(text_of(row.cells["title"]), title):
                    raise _RowProblem(
                        "title",
                        "import_title_mismatch" if measure is None else "import_measure_title_mismatch",
                        text=text_of(row.cells["title"]),
                        number=sheet_ref(ref),
                        title=title,
                    )
            except _RowProblem as exc:
                self.problem(row.number, exc.name, exc.key, **exc.params)
                continue
            yield row, state, measure
