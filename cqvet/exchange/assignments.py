"""The 任务分解表: who leads, who supports and when each point is due, out as a sheet and back in.

This module owns the export of the 任务分解表, how one of its rows differs
from the ledger (owners and deadline), and how an import of it is written:
one transaction, one undoable event of kind "import", each change made by
`cqvet.recording`'s rules with the import's shared event. Reading the sheet
is `cqvet.exchange.reading`'s. Nothing here prints or knows about the terminal.

Decisions worth knowing:

- **完成时限 and 完成日期.** The text says how the deadline is worded, the date
  cell is the day. When both are filled in they must name the same day, or
  the row is refused with both values: guessing which one the person edited
  made a second import of the same file read the other one and reverse the
  first. Either may be left blank, and the other is taken. A point without a
  deadline of its own shows `年底` and a date cell of 31 December; reading
  those back changes nothing. So an import of a file already imported
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
- **Measures (举措)** have a row each, under their point's row, numbered
  `7（2）` (never `7-2`, which Excel turns into a date, nor `7.2`, a number):
  the measure's text as 重点任务, its own lead and supporting offices, and its
  own deadline. A measure without owners of its own shows empty office cells
  (its point's offices answer for it), one without a deadline of its own empty
  deadline cells (it is due with its point), so a plan with no measure-level
  data exports its measures ready to be filled in, and reading the sheet back
  unchanged changes nothing. A measure has no leader or contact: those cells
  must stay empty on its row. Its changes are recorded by `cqvet.measures`
  under the import's event. The point rows are exactly those of a sheet
  without measure rows, so a sheet exported before measures were tracked
  imports as it did.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import TypedDict

from cqvet import measures, recording, store_measures
from cqvet.exchange.reading import (
    ASSIGNMENTS,
    SheetImport,
    _choose_sheet,
    _Reader,
    _Row,
    _RowProblem,
    cell_date,
    sheet_ref,
    text_of,
    written_for,
)
from cqvet.labels import message
from cqvet.models import MeasureState, Plan, PointState
from cqvet.parsing import ItemRef
from cqvet.render.office import clean
from cqvet.render.spreadsheet import OutColumn, OutTable
from cqvet.sheets import Workbook
from cqvet.store import Store

DEFAULT_DEADLINE_WORD = (
    "年底"  # what a point without a deadline of its own shows; parse_date reads it as 31 Dec
)

_SPLIT_UNITS = re.compile(r"[、，,；;\n\r]+")


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
    measure: int | None = None  # the measure's number within its point; None for the point itself

    @property
    def ref(self) -> str:
        """The point or measure changed, as the terminal names it: `7`, `7-2`."""
        return str(ItemRef(self.number, self.measure))


@dataclass(frozen=True, kw_only=True)
class AssignmentImport(SheetImport):
    """An import of a 任务分解表: the changes it makes (or made) and why rows were refused."""

    changes: tuple[AssignmentChange, ...]
    unchanged: int


def deadline_text(state: PointState | MeasureState) -> str:
    """A deadline as the 任务分解表 words it: as written, else 年底 for a point's default (the plan's
    year end), nothing for a measure's (it is due with its point)."""
    if state.deadline_written:
        return state.deadline_written
    if isinstance(state, MeasureState) and state.deadline_is_default:
        return ""
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
    return old if old == new or clean(old).strip() == new else new


def _owners(row: _Row, state: PointState | MeasureState) -> tuple[Owners | None, list[FieldChange]]:
    """The assignment the row asks for, or None when it asks for none (or for the one in force)."""
    if not any(row.has(n) for n in ("lead", "supports", "leader", "contact")):
        return None, []
    label = _label(state)
    if isinstance(state, MeasureState):
        for name in ("leader", "contact"):
            if row.has(name) and not row.blank(name):
                raise _RowProblem(name, "import_measure_leader", number=label, text=text_of(row.cells[name]))
        old_leader = old_contact = ""
    else:
        old_leader, old_contact = state.leader, state.contact
    lead = text_of(row.cells["lead"]) if row.has("lead") else state.lead or ""
    supports = split_units(row.texts["supports"]) if row.has("supports") else state.supports
    leader = text_of(row.cells["leader"]) if row.has("leader") else old_leader
    contact = text_of(row.cells["contact"]) if row.has("contact") else old_contact
    if not lead:
        if state.lead:
            raise _RowProblem("lead", "import_lead_empty", number=label, lead=state.lead)
        if supports or leader or contact:
            raise _RowProblem("lead", "import_lead_needed", number=label)
        return None, []
    lead = _kept(state.lead or "", lead)
    if lead != state.lead:  # several leads (双牵头) as the CLI reads them: 、，,；; between offices
        lead = "、".join(split_units([lead]))
    leads = set(state.leads) if lead == state.lead else set(lead.split("、"))
    supports = tuple(next((old for old in state.supports if _kept(old, s) == old), s) for s in supports)
    supports = tuple(s for s in supports if s != lead and s not in leads)
    leader, contact = _kept(old_leader, leader), _kept(old_contact, contact)
    before = (state.lead or "", "、".join(state.supports), old_leader, old_contact)
    after = (lead, "、".join(supports), leader, contact)
    changed = [
        FieldChange(name, old, new)
        for name, old, new in zip(("lead", "supports", "leader", "contact"), before, after, strict=True)
        if old != new
    ]
    return (Owners(lead, supports, leader, contact) if changed else None), changed


def _label(state: PointState | MeasureState) -> str:
    """How a problem names the row's point or measure: `7`, `7（2）`, as the sheet numbers it."""
    if isinstance(state, MeasureState):
        return sheet_ref(ItemRef(state.point_number, state.seq))
    return str(state.number)


def _deadline(
    row: _Row, state: PointState | MeasureState, plan: Plan, epoch: dt.date, on: dt.date
) -> Deadline | None:
    """The deadline the row asks for, or None when it keeps the one in force."""
    current = clean(deadline_text(state)).strip()
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
                number=_label(state),
                written=current,
            )
        return None
    if worded is not None and dated is not None and worded[0] != dated:
        # Which of the two was edited is not the question: a row must agree with itself, or
        # the next import of the same file would read the other one and undo this one.
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
    if isinstance(state, MeasureState) and state.deadline_is_default:
        return Deadline(day, wording)  # its row showed no deadline: whatever is written is its own
    if day != state.deadline:
        return Deadline(day, wording)
    if not state.deadline_is_default and by_hand and wording != current:
        return Deadline(day, wording)  # the same day, worded anew: the sheet and the ledger should agree
    return None


def diff_assignments(store: Store, plan: Plan, book: Workbook, *, on: dt.date) -> AssignmentImport:
    """What importing `book` as a 任务分解表 would change, as the ledger stands on `on`."""
    sheet, header = _choose_sheet(book, ASSIGNMENTS)
    states = {s.number: s for s in store.point_states(plan, on)}
    reader = _Reader(
        sheet, header, states, store_measures.measure_states(store, plan, on, list(states.values()))
    )
    changes: list[AssignmentChange] = []
    unchanged = 0
    for row, point, measure in reader.matched():
        state: PointState | MeasureState = measure or point
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
                AssignmentChange(
                    row.number,
                    point.number,
                    point.title if measure is None else measure.text,
                    tuple(fields),
                    owners,
                    deadline,
                    None if measure is None else measure.seq,
                )
            )
        elif not any(p.row == row.number for p in reader.problems):
            unchanged += 1
    return AssignmentImport(changes=tuple(changes), unchanged=unchanged, **reader.summary(book.path))


class _Entry(TypedDict):
    """What every change of one import is recorded with: one day, one author, one event."""

    effective_on: dt.date | None
    author: str
    today: dt.date
    event_id: int | None


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
            # A measure is listed as `7-2` among the points (what `undo` names).
            {"table": "assignments", "source": source, "points": [_listed(c) for c in result.changes]},
        )
        entry = _Entry(effective_on=effective_on, author=author, today=today, event_id=event_id)
        for change in result.changes:
            if change.measure is not None:
                _apply_measure(store, plan, change, entry)
                continue
            # `Owners` and `Deadline` name their fields after the recording rules' parameters.
            if change.owners is not None:
                recording.assign_owner(store, plan, change.number, **asdict(change.owners), **entry)
            if change.deadline is not None:
                recording.set_deadline(
                    store, plan, change.number, note="", **asdict(change.deadline), **entry
                )
    return replace(result, event_id=event_id)


def _listed(change: AssignmentChange) -> int | str:
    return change.number if change.measure is None else change.ref


def _apply_measure(store: Store, plan: Plan, change: AssignmentChange, entry: _Entry) -> None:
    """A measure's changed owners and deadline, by `cqvet.measures`' rules, under the import's event."""
    ref = ItemRef(change.number, change.measure)
    if change.owners is not None:
        measures.assign_owner(
            store, plan, ref, lead=change.owners.lead.split("、"), supports=change.owners.supports, **entry
        )
    if change.deadline is not None:
        measures.set_deadline(store, plan, ref, note="", **asdict(change.deadline), **entry)


def assignments_table(store: Store, plan: Plan, on: dt.date, lang: str) -> OutTable:
    """The 任务分解表 of `plan` as the ledger stands on `on`: one row a point, each followed by a row
    for each of its measures (see the module docstring)."""
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
    points = store.point_states(plan, on)
    by_point: dict[int, list[MeasureState]] = {}
    for m in store_measures.measure_states(store, plan, on, points):
        by_point.setdefault(m.point_number, []).append(m)
    rows: list[tuple[object, ...]] = []
    for s in points:
        rows.append(
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
        )
        rows.extend(
            (
                m.sheet_ref,
                "",
                m.text,
                m.lead or "",
                m.supports,
                deadline_text(m),
                None if m.deadline_is_default else m.deadline,
                "",
                "",
            )
            for m in by_point.get(s.number, ())
        )
    title = message("sheet.assignments_title", lang, plan=plan.title)
    return OutTable(title, message("sheet.assignments_name", lang), columns, tuple(rows))
