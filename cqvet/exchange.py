"""Round trips with the office: the 任务分解表 and the progress form, out as sheets and back in.

This module owns what the columns of those sheets mean: which headings name
which field, how a row becomes typed values, how those values differ from the
ledger, and how an import is written (one transaction, one undoable event of
kind "import"). Files are read and written by `cqvet.sheets`; the rules for
recording are `cqvet.recording`'s, called with the import's shared event.
Nothing here prints or knows about the terminal.

Decisions worth knowing:

- **Headings.** The header row is the row, among the first ten, that names
  the most known columns (the topmost on a tie); rows merged into it from
  below (a two-row header) are skipped. Headings are compared after NFKC,
  without notes in brackets (`完成时限（2021年）`), whitespace, punctuation
  or case. `责任单位` is the supporting units when a 牵头 column is present,
  else the lead. A column named twice is read once (the leftmost), except
  配合单位, whose columns are joined. Columns of no known name are ignored and
  named in the preview.
- **Rows** are matched by 序号 (`3`, `3.0`, `3.`, `第3项`). A 重点任务 cell, when
  not empty, must match the point's title: both are compared without a
  leading `3.`, whitespace and punctuation (NFKC), and they match when equal
  or when their first six characters are, so a title with a word added at
  the end or a stray space still matches while another point's title never
  does (the seventeen titles of the plan differ within six characters).
  An empty title cell leaves the 序号 to decide.
- **Dates** may be date cells, text (`9月底`, `2021年9月30日`, `2021/9/30`, see
  `cqvet.dates`) or Excel serial numbers: a whole number (a number cell, or
  a text of five digits) in a date column counts days in the workbook's
  date system (from 1899-12-30, or 1904-01-01 when the workbook says so),
  and is accepted only when it lands within ten years of the plan's year,
  so a stray `2021` is refused rather than read as 1905.
- **完成时限 and 完成日期.** The text says how the deadline is worded, the date
  cell is the day. When both are present and disagree, the one the person
  changed wins (the other still shows the ledger's value); when both were
  changed to different days the row is refused. A point without a deadline
  of its own shows `年底` and a date cell of 31 December; reading those back
  changes nothing.
- **Empty cells.** The ledger can reassign or move, never erase: an empty
  牵头单位 on a point that has a lead, or an empty deadline on a point that has
  one, is refused. On a point with no lead yet, an empty 牵头单位 (with empty
  配合单位, 分管领导, 联系人) simply leaves it unassigned, so the blank sheet of a
  new plan can be filled in a few rows at a time.
- **An owner change is a whole assignment**: lead, supporting units, leader
  and contact as the row has them (a column the sheet lacks keeps the ledger's
  value). It counts from `--date`, else from the plan's start for a point's
  first assignment or deadline, else from today (`cqvet.recording`).
- **Progress rows** with 本期进度, 状态 and 进展说明 all empty are skipped. A percent
  lower than the point's last needs a 状态 on its row or `correct=True`. Each
  row's author is its 填报人, else the caller's; since the ledger keeps one
  author per event and an import is one event, rows naming different people
  are refused (import them as separate files).
- **Nothing is half-done.** Every problem of every row is collected first;
  with one problem, nothing is written. With none, every change is appended
  inside one transaction under one event, so `cqvet undo` reverts it whole.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cqvet import recording
from cqvet.dates import MAX_YEAR, MIN_YEAR, format_date, parse_date
from cqvet.errors import CqvetError, NotFound, UsageError
from cqvet.labels import message
from cqvet.models import Plan, PointState, Status
from cqvet.sheets import (
    OutColumn,
    OutTable,
    Sheet,
    Value,
    Workbook,
    column_letter,
    is_blank,
    portable,
    serial_date,
)
from cqvet.store import Store

HEADER_SEARCH_ROWS = 10
TITLE_PREFIX = 6
SERIAL_YEARS = 10
DEFAULT_DEADLINE_WORD = (
    "年底"  # what a point without a deadline of its own shows; parse_date reads it as 31 Dec
)

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
}
# 责任单位 names the supporting units beside a 牵头 column, the lead without one.
AMBIGUOUS_RESPONSIBLE = "责任单位"

_BRACKETED = re.compile(r"[（(【\[〔][^）)】\]〕]*[）)】\]〕]")
_LEADING_NUMBER = re.compile(r"^\s*[0-9０-９]+\s*[.、．:：]?\s*")
_SPLIT_UNITS = re.compile(r"[、，,；;\n\r]+")


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
    reads=("number", "title", "new_percent", "status", "note", "author", "report_date"),
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


def _point_number(value: Value) -> int:
    if isinstance(value, bool):
        raise _RowProblem("number", "import_number_invalid", text=text_of(value))
    if isinstance(value, int | float):
        if float(value).is_integer() and value > 0:
            return int(value)
        raise _RowProblem("number", "import_number_invalid", text=text_of(value))
    text = text_of(value).rstrip(".、．")
    try:
        return recording.parse_point(unicodedata.normalize("NFKC", text))
    except CqvetError:
        raise _RowProblem("number", "import_number_invalid", text=text_of(value)) from None


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
    """Reads the rows of one sheet, matching each to a point and collecting problems."""

    def __init__(self, sheet: Sheet, header: Header, states: dict[int, PointState]) -> None:
        self.sheet = sheet
        self.header = header
        self.states = states
        self.problems: list[Problem] = []
        self.blank = 0
        self._seen: dict[int, int] = {}

    def problem(self, row: int | None, name: str | None, key: str, **params: Any) -> None:
        if name is not None and name in self.header.columns:
            self.problems.append(
                Problem(row, self.header.letter(name), self.header.heading(name), key, params)
            )
        else:
            self.problems.append(Problem(row, None, "", key, params))

    def matched(self) -> Iterator[tuple[_Row, PointState]]:
        """Each non-blank row whose 序号 names a point once and whose title agrees."""
        for row in _rows(self.sheet, self.header):
            if row is None:
                self.blank += 1
                continue
            try:
                if row.blank("number"):
                    raise _RowProblem("number", "import_number_missing")
                number = _point_number(row.cells["number"])
                state = self.states.get(number)
                if state is None:
                    raise _RowProblem("number", "point_unknown", number=number, count=len(self.states))
                if number in self._seen:
                    raise _RowProblem("number", "import_duplicate", number=number, other=self._seen[number])
                self._seen[number] = row.number
                if row.has("title") and not _same_title(text_of(row.cells["title"]), state.title):
                    raise _RowProblem(
                        "title",
                        "import_title_mismatch",
                        text=text_of(row.cells["title"]),
                        number=number,
                        title=state.title,
                    )
            except _RowProblem as exc:
                self.problem(row.number, exc.name, exc.key, **exc.params)
                continue
            yield row, state


# --- the 任务分解表 --------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of one point as it is and as the sheet has it."""

    name: str  # lead, supports, leader, contact or deadline
    before: str
    after: str
    before_day: dt.date | None = None  # for a deadline, the days
    after_day: dt.date | None = None


@dataclass(frozen=True)
class Owners:
    """A whole assignment, as the sheet has it."""

    lead: str
    supports: tuple[str, ...]
    leader: str
    contact: str


@dataclass(frozen=True)
class Deadline:
    """A deadline, as the sheet has it."""

    due_on: dt.date
    as_written: str


@dataclass(frozen=True)
class AssignmentChange:
    """What one row of the 任务分解表 changes."""

    row: int
    number: int
    title: str
    fields: tuple[FieldChange, ...]
    owners: Owners | None
    deadline: Deadline | None


@dataclass(frozen=True)
class AssignmentImport:
    """An import of a 任务分解表: the changes it makes (or made) and why rows were refused."""

    source: str
    sheet: str
    changes: tuple[AssignmentChange, ...]
    unchanged: int
    blank: int
    ignored: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]
    event_id: int | None = None


def deadline_text(state: PointState) -> str:
    """A point's deadline as the 任务分解表 words it: as written, else 年底 for the plan's default."""
    if state.deadline_written:
        return state.deadline_written
    return (
        DEFAULT_DEADLINE_WORD
        if state.deadline_is_default
        else f"{state.deadline.month}月{state.deadline.day}日"
    )


def split_units(texts: Sequence[str]) -> tuple[str, ...]:
    """Supporting units from their cells: split at 、，,；; and line breaks, blanks and repeats dropped."""
    names = [part.strip() for text in texts for part in _SPLIT_UNITS.split(text)]
    return tuple(dict.fromkeys(n for n in names if n))


def _kept(old: str, new: str) -> str:
    """The ledger's text when the sheet shows it as an export writes it, else the sheet's."""
    return old if old == new or portable(old).strip() == new else new


def _owners(row: _Row, state: PointState) -> tuple[Owners | None, list[FieldChange]]:
    """The assignment the row asks for, or None when it asks for none (or for the one in force)."""
    if not any(row.has(n) for n in ("lead", "supports", "leader", "contact")):
        return None, []
    lead = text_of(row.cells["lead"]) if row.has("lead") else state.lead or ""
    supports = split_units(row.texts["supports"]) if row.has("supports") else state.supports
    leader = text_of(row.cells["leader"]) if row.has("leader") else state.leader
    contact = text_of(row.cells["contact"]) if row.has("contact") else state.contact
    if not lead:
        if state.lead:
            raise _RowProblem("lead", "import_lead_empty", number=state.number, lead=state.lead)
        if supports or leader or contact:
            raise _RowProblem("lead", "import_lead_needed", number=state.number)
        return None, []
    lead = _kept(state.lead or "", lead)
    supports = tuple(next((old for old in state.supports if _kept(old, s) == old), s) for s in supports)
    supports = tuple(s for s in supports if s != lead)
    leader, contact = _kept(state.leader, leader), _kept(state.contact, contact)
    before = (state.lead or "", "、".join(state.supports), state.leader, state.contact)
    after = (lead, "、".join(supports), leader, contact)
    changed = [
        FieldChange(name, old, new)
        for name, old, new in zip(("lead", "supports", "leader", "contact"), before, after, strict=True)
        if old != new
    ]
    return (Owners(lead, supports, leader, contact) if changed else None), changed


def _deadline(row: _Row, state: PointState, plan: Plan, epoch: dt.date, on: dt.date) -> Deadline | None:
    """The deadline the row asks for, or None when it keeps the one in force."""
    current = portable(deadline_text(state)).strip()
    worded: tuple[dt.date, str, bool] | None = None  # (day, wording, worded by hand)
    dated: dt.date | None = None
    if row.has("deadline") and not row.blank("deadline"):
        value = row.cells["deadline"]
        day = cell_date(value, plan, epoch, on, "deadline")
        by_hand = isinstance(value, str) and not re.fullmatch(r"[0-9]{5}", value.strip())
        worded = (day, text_of(value) if by_hand else written_for(day, plan), by_hand)
    if row.has("due_date") and not row.blank("due_date"):
        dated = cell_date(row.cells["due_date"], plan, epoch, on, "due_date")
    if worded is None and dated is None:
        if (row.has("deadline") or row.has("due_date")) and not state.deadline_is_default:
            raise _RowProblem(
                "deadline" if row.has("deadline") else "due_date",
                "import_deadline_empty",
                number=state.number,
                written=current,
            )
        return None
    if worded is not None and dated is not None and worded[0] != dated:
        worded_kept = worded[0] == state.deadline and (not worded[2] or worded[1] == current)
        if worded_kept:
            worded = None  # the date cell is what the person changed
        elif dated != state.deadline:
            raise _RowProblem(
                "due_date",
                "import_date_conflict",
                text=worded[1],
                day=worded[0].isoformat(),
                due=dated.isoformat(),
            )
    if worded is None:
        assert dated is not None
        worded = (dated, written_for(dated, plan), False)
    day, wording, by_hand = worded
    if day != state.deadline:
        return Deadline(day, wording)
    if not state.deadline_is_default and by_hand and wording != current:
        return Deadline(day, wording)  # the same day, worded anew: the sheet and the ledger should agree
    return None


def diff_assignments(store: Store, plan: Plan, book: Workbook, *, on: dt.date) -> AssignmentImport:
    """What importing `book` as a 任务分解表 would change, as the ledger stands on `on`."""
    sheet, header = _choose_sheet(book, ASSIGNMENTS)
    states = {s.number: s for s in store.point_states(plan, on)}
    reader = _Reader(sheet, header, states)
    changes: list[AssignmentChange] = []
    unchanged = 0
    for row, state in reader.matched():
        try:
            owners, fields = _owners(row, state)
        except _RowProblem as exc:
            reader.problem(row.number, exc.name, exc.key, **exc.params)
            owners, fields = None, []
        try:
            deadline = _deadline(row, state, plan, sheet.epoch, on)
        except _RowProblem as exc:
            reader.problem(row.number, exc.name, exc.key, **exc.params)
            deadline = None
        if deadline is not None:
            fields.append(
                FieldChange(
                    "deadline", deadline_text(state), deadline.as_written, state.deadline, deadline.due_on
                )
            )
        if fields:
            changes.append(
                AssignmentChange(row.number, state.number, state.title, tuple(fields), owners, deadline)
            )
        elif not any(p.row == row.number for p in reader.problems):
            unchanged += 1
    return AssignmentImport(
        book.path, sheet.name, tuple(changes), unchanged, reader.blank, header.ignored, tuple(reader.problems)
    )


def import_assignments(
    store: Store,
    plan: Plan,
    book: Workbook,
    *,
    apply: bool,
    author: str,
    effective_on: dt.date | None,
    today: dt.date,
    source: str,
) -> AssignmentImport:
    """Compare `book` with the ledger and, with `apply` and no problem, append every change as one event."""
    if effective_on is not None:
        recording.check_report_date(plan, effective_on, today)
    on = effective_on or today
    with store.transaction() if apply else store.snapshot():
        result = diff_assignments(store, plan, book, on=on)
        if not apply or result.problems or not result.changes:
            return result
        event_id = store.new_event(
            "import",
            plan,
            author,
            {"table": "assignments", "source": source, "points": [c.number for c in result.changes]},
        )
        for change in result.changes:
            if change.owners is not None:
                recording.assign_owner(
                    store,
                    plan,
                    change.number,
                    lead=change.owners.lead,
                    supports=change.owners.supports,
                    contact=change.owners.contact,
                    leader=change.owners.leader,
                    effective_on=effective_on,
                    author=author,
                    today=today,
                    event_id=event_id,
                )
            if change.deadline is not None:
                recording.set_deadline(
                    store,
                    plan,
                    change.number,
                    due_on=change.deadline.due_on,
                    as_written=change.deadline.as_written,
                    note="",
                    effective_on=effective_on,
                    author=author,
                    today=today,
                    event_id=event_id,
                )
    return replace(result, event_id=event_id)


def assignments_table(store: Store, plan: Plan, on: dt.date, lang: str) -> OutTable:
    """The 任务分解表 of `plan` as the ledger stands on `on`: one row a point."""
    columns = (
        OutColumn(message("col.number", lang), "number", 5, 6),
        OutColumn(message("col.section", lang), "text", 10, 24),
        OutColumn(message("col.title", lang), "text", 16, 36),
        OutColumn(message("col.lead", lang), "text", 10, 20),
        OutColumn(message("col.supports", lang), "text", 12, 30),
        OutColumn(message("col.deadline", lang), "text", 10, 16),
        OutColumn(message("col.due_date", lang), "date", 16, 18),
        OutColumn(message("col.leader", lang), "text", 10, 14),
        OutColumn(message("col.contact", lang), "text", 10, 20),
    )
    rows = tuple(
        (
            s.number,
            s.section_title,
            s.title,
            s.lead or "",
            s.supports,
            deadline_text(s),
            s.deadline,
            s.leader,
            s.contact,
        )
        for s in store.point_states(plan, on)
    )
    title = message("sheet.assignments_title", lang, plan=plan.title)
    return OutTable(title, message("sheet.assignments_name", lang), columns, rows)


# --- the progress form ------------------------------------------------------


@dataclass(frozen=True)
class ProgressLine:
    """One filled-in row of a progress form, as it will be recorded."""

    row: int
    number: int
    title: str
    percent: int
    status: Status
    note: str
    reported_on: dt.date
    author: str
    before: tuple[int, Status] | None
    correction: bool


@dataclass(frozen=True)
class ProgressImport:
    """An import of a progress form: the updates it appends (or appended) and why rows were refused."""

    source: str
    sheet: str
    lines: tuple[ProgressLine, ...]
    unfilled: int
    blank: int
    ignored: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]
    author: str = ""
    event_id: int | None = None


def _percent(value: Value) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _RowProblem("new_percent", "percent_invalid", text=text_of(value))
    try:
        return recording.parse_percent(text_of(value))
    except CqvetError as exc:
        raise _RowProblem("new_percent", exc.key, **exc.params) from None


def _status(value: Value) -> Status | None:
    if is_blank(value):
        return None
    try:
        return recording.parse_status(text_of(value))
    except CqvetError as exc:
        raise _RowProblem("status", exc.key, **exc.params) from None


def _progress_line(
    row: _Row,
    state: PointState,
    store: Store,
    plan: Plan,
    epoch: dt.date,
    *,
    reported_on: dt.date,
    author: str,
    correct: bool,
    today: dt.date,
) -> ProgressLine:
    percent = _percent(row.cells.get("new_percent"))
    status = _status(row.cells.get("status"))
    note = text_of(row.cells.get("note"))
    dated = row.has("report_date") and not row.blank("report_date")
    if dated:
        reported_on = cell_date(row.cells["report_date"], plan, epoch, today, "report_date")
    try:
        recording.check_report_date(plan, reported_on, today)
    except CqvetError as exc:
        raise _RowProblem("report_date" if dated else None, exc.key, **exc.params) from None
    if row.has("author") and not row.blank("author"):
        author = text_of(row.cells["author"])
    before = store.point_states(plan, reported_on, [state.number])[0]
    previous = (before.percent, before.status) if before.reported_on else None
    try:
        new_percent, new_status = recording.resolve_progress(percent, status, previous)
    except CqvetError as exc:
        raise _RowProblem("status", exc.key, **exc.params) from None
    lower = previous is not None and new_percent < previous[0]
    if lower and not (correct or status is not None):
        assert previous is not None
        raise _RowProblem("new_percent", "import_percent_lower", percent=new_percent, previous=previous[0])
    return ProgressLine(
        row.number,
        state.number,
        state.title,
        new_percent,
        new_status,
        note,
        reported_on,
        author,
        previous,
        lower,
    )


def diff_progress(
    store: Store,
    plan: Plan,
    book: Workbook,
    *,
    reported_on: dt.date,
    author: str,
    correct: bool,
    today: dt.date,
) -> ProgressImport:
    """The updates a filled-in progress form holds, checked by the recording rules."""
    sheet, header = _choose_sheet(book, PROGRESS_FORM)
    states = {s.number: s for s in store.point_states(plan, today)}
    reader = _Reader(sheet, header, states)
    lines: list[ProgressLine] = []
    unfilled = 0
    for row, state in reader.matched():
        if all(row.blank(n) for n in ("new_percent", "status", "note")):
            unfilled += 1
            continue
        try:
            lines.append(
                _progress_line(
                    row,
                    state,
                    store,
                    plan,
                    sheet.epoch,
                    reported_on=reported_on,
                    author=author,
                    correct=correct,
                    today=today,
                )
            )
        except _RowProblem as exc:
            reader.problem(row.number, exc.name, exc.key, **exc.params)
    authors: dict[str, list[int]] = {}
    for line in lines:
        authors.setdefault(line.author, []).append(line.row)
    if len(authors) > 1:
        listed = "；".join(f"{name}：{'、'.join(map(str, rows))}" for name, rows in authors.items())
        reader.problem(None, None, "import_authors_differ", authors=listed)
    return ProgressImport(
        book.path,
        sheet.name,
        tuple(lines),
        unfilled,
        reader.blank,
        header.ignored,
        tuple(reader.problems),
        author=next(iter(authors), author),
    )


def import_progress(
    store: Store,
    plan: Plan,
    book: Workbook,
    *,
    apply: bool,
    author: str,
    reported_on: dt.date | None,
    correct: bool,
    today: dt.date,
    source: str,
) -> ProgressImport:
    """Check a filled-in progress form and, with `apply` and no problem, append its rows as one event.

    `reported_on` is the day of rows without a 填报日期 (default: today).
    """
    if reported_on is not None:
        recording.check_report_date(plan, reported_on, today)
    with store.transaction() if apply else store.snapshot():
        result = diff_progress(
            store, plan, book, reported_on=reported_on or today, author=author, correct=correct, today=today
        )
        if not apply or result.problems or not result.lines:
            return result
        event_id = store.new_event(
            "import",
            plan,
            result.author,
            {"table": "progress", "source": source, "points": [line.number for line in result.lines]},
        )
        for line in result.lines:
            recording.record_progress(
                store,
                plan,
                line.number,
                percent=line.percent,
                status=line.status,
                note=line.note,
                reported_on=line.reported_on,
                author=result.author,
                correct=line.correction,
                today=today,
                event_id=event_id,
            )
    return replace(result, event_id=event_id)


def form_statuses(lang: str) -> tuple[str, ...]:
    """The statuses a form offers in its drop-down list, as `recording.parse_status` reads them."""
    if lang == "en":
        return tuple(str(s) for s in Status)
    return tuple(message(f"status.{s}", "zh") for s in Status)


def progress_form_table(store: Store, plan: Plan, unit: str, on: dt.date, lang: str) -> OutTable:
    """A progress form for one office: the points it leads or supports on `on`, with empty columns to fill."""
    name = recording.unit_name(unit)
    if store.unit_id(name) is None:
        raise NotFound("unit_unknown", name=name)
    duty = next((d for d in store.unit_duties(plan, on) if d.name == name), None)
    if duty is None:
        raise UsageError("form_no_points", unit=name, date=on.isoformat())
    numbers = set(duty.leads) | set(duty.supports)
    statuses = form_statuses(lang)
    columns = (
        OutColumn(message("col.number", lang), "number", 5, 6),
        OutColumn(message("col.title", lang), "text", 16, 30),
        OutColumn(message("col.lead", lang), "text", 10, 16),
        OutColumn(message("col.deadline", lang), "text", 10, 14),
        OutColumn(message("col.last_percent", lang), "number", 8, 10),
        OutColumn(message("col.last_date", lang), "date", 16, 18),
        OutColumn(
            message("col.new_percent", lang),
            "number",
            10,
            10,
            whole=(0, 100),
            to_fill=True,
            prompt=message("sheet.percent_prompt", lang),
        ),
        OutColumn(
            message("col.status", lang),
            "text",
            10,
            10,
            choices=statuses,
            to_fill=True,
            prompt=message("sheet.status_prompt", lang, statuses="、".join(statuses)),
        ),
        OutColumn(message("col.progress_note", lang), "text", 36, 50, to_fill=True),
        OutColumn(message("col.author", lang), "text", 10, 12, to_fill=True),
        OutColumn(message("col.report_date", lang), "date", 16, 18, to_fill=True),
    )
    rows = tuple(
        (
            s.number,
            s.title,
            s.lead or "",
            deadline_text(s),
            s.percent if s.reported_on else None,
            s.reported_on,
            None,
            None,
            None,
            None,
            None,
        )
        for s in store.point_states(plan, on)
        if s.number in numbers
    )
    title = message("sheet.form_title", lang, unit=name, date=format_date(on, lang))
    return OutTable(title, message("sheet.form_name", lang), columns, rows)
