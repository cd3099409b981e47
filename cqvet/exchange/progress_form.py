"""The progress form: one office's points out as a sheet to fill in, and its updates back in.

This module owns the form an office fills in (the points it leads or
supports, with empty columns for this period's progress), how a filled-in
row becomes a progress update, and how an import of it is written: one
transaction, one undoable event of kind "import", each update recorded by
`cqvet.recording`'s rules with the import's shared event. Reading the sheet
is `cqvet.exchange.reading`'s. Nothing here prints or knows about the terminal.

Decisions worth knowing:

- **Progress rows** with 本期进度, 状态 and 进展说明 all empty are skipped. A percent
  lower than the point's last is a correction only when the row says so in its
  是否更正 column (a drop-down offering 是; `yes`, `y`, `true`, `1`, `√`, `更正`
  and an Excel TRUE are read the same), or the whole import is `correct=True`;
  a status on the row no longer counts, since any status then lowered a
  percent silently. `更正` written as a status is refused with where it goes. Each
  row's author is its 填报人, else the caller's; since the ledger keeps one
  author per event and an import is one event, rows naming different people
  are refused (import them as separate files).
- **Measures and supporting offices.** The form lists the points the office
  leads or supports, and under each point the measures (举措, numbered
  `7（2）`) whose own owners name the office, or, on a point it leads whose
  measures are assigned or reported, the measures without owners of their
  own (the point's lead answers for them); a point whose measures the office
  works on without owning the point is listed too, for context. Its last
  column, 填报单位, names the office on every row, and decides what a filled
  row is: on a point or measure the office leads, a progress update (of the
  point, or of the measure through `cqvet.measures`); on one it only
  supports, the office's contribution to the point (its note and its own
  percent, never the point's figure; a status is refused). A contribution on
  a measure is recorded on its point, its note starting `7-2：`, because
  contributions are kept per point. A percent or status typed on the row of a
  point that takes its figures from its measures (rolled up, or made so by a
  measure row of the same form) is refused with the hint, naming the cell; a
  note alone is recorded. A form without the 填报单位 column (made before it)
  is read as before: every row an update of its point or measure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from cqvet import measures, parsing, recording, store_measures
from cqvet.dates import format_date
from cqvet.errors import CqvetError, NotFound, UsageError
from cqvet.exchange.assignments import deadline_text
from cqvet.exchange.reading import (
    PROGRESS_FORM,
    SheetImport,
    _choose_sheet,
    _Reader,
    _Row,
    _RowProblem,
    cell_date,
    text_of,
)
from cqvet.labels import message
from cqvet.models import MeasureState, Plan, PointState, Status
from cqvet.parsing import ItemRef, office_key
from cqvet.render.spreadsheet import OutColumn, OutTable
from cqvet.sheets import Value, Workbook, is_blank
from cqvet.store import Store


@dataclass(frozen=True)
class ProgressLine:
    """One filled-in row of a progress form, as it will be recorded: a progress update of a point or
    measure, or (`office` set) a supporting office's contribution to point `number`."""

    row: int
    number: int
    title: str
    percent: int | None  # None: a contribution without a percent of its own
    status: Status | None  # None: a contribution
    note: str
    reported_on: dt.date
    author: str
    before: tuple[int, Status] | None
    correction: bool
    measure: int | None = None
    office: str = ""  # the supporting office of a contribution
    figures: bool = True  # False: a note alone on a rolled-up point (its figures are its measures')

    @property
    def ref(self) -> str:
        """The point or measure, as the terminal names it: `7`, `7-2`."""
        return str(ItemRef(self.number, self.measure))


@dataclass(frozen=True, kw_only=True)
class ProgressImport(SheetImport):
    """An import of a progress form: the updates it appends (or appended) and why rows were refused."""

    lines: tuple[ProgressLine, ...]
    unfilled: int
    author: str = ""


def _percent(value: Value) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _RowProblem("new_percent", "percent_invalid", text=text_of(value))
    try:
        return parsing.parse_percent(text_of(value))
    except CqvetError as exc:
        raise _RowProblem("new_percent", exc.key, **exc.params) from None


CORRECTION_YES = ("是", "yes", "y", "true", "1", "√", "✓", "✔", "更正", "correction", "x")
CORRECTION_NO = ("否", "no", "n", "false", "0")


def _correction(value: Value) -> bool:
    """The row's 是否更正 cell: yes, no (or empty)."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = text_of(value).strip().casefold()
    if text in CORRECTION_YES:
        return True
    if text in CORRECTION_NO:
        return False
    raise _RowProblem("correction", "import_correction_invalid", text=text_of(value))


def _status(value: Value) -> Status | None:
    if is_blank(value):
        return None
    if text_of(value).strip().casefold() in ("更正", "correction"):
        raise _RowProblem("status", "import_status_correction")
    try:
        return parsing.parse_status(text_of(value))
    except CqvetError as exc:
        raise _RowProblem("status", exc.key, **exc.params) from None


def _progress_line(
    row: _Row,
    state: PointState,
    measure: MeasureState | None,
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
    declared = _correction(row.cells.get("correction"))
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
    office = _supporting(row, state, measure, store, plan, reported_on)
    title = state.title if measure is None else measure.text
    if office:
        if status is not None:
            raise _RowProblem("status", "contribution_status", number=state.number)
        if measure is not None:  # contributions are kept per point: the note says which measure
            ref = ItemRef(state.number, measure.seq)
            note = f"{ref}：{note}" if note else str(ref)
        return ProgressLine(
            row.number, state.number, title, percent, None, note, reported_on, author, None, False,
            None if measure is None else measure.seq, office,
        )  # fmt: skip
    if measure is None:
        before = store.point_states(plan, reported_on, [state.number])[0]
        previous = (before.percent, before.status) if before.reported_on else None
    else:
        was = measures.measure_state(store, plan, ItemRef(state.number, measure.seq), reported_on)
        previous = (was.percent, was.status) if was.tracked else None
    try:
        new_percent, new_status = recording.resolve_progress(percent, status, previous)
    except CqvetError as exc:
        raise _RowProblem("status", exc.key, **exc.params) from None
    lower = previous is not None and new_percent < previous[0]
    if lower and not (correct or declared):
        assert previous is not None
        raise _RowProblem("new_percent", "import_percent_lower", percent=new_percent, previous=previous[0])
    return ProgressLine(
        row.number,
        state.number,
        title,
        new_percent,
        new_status,
        note,
        reported_on,
        author,
        previous,
        lower,
        None if measure is None else measure.seq,
        figures=percent is not None or status is not None,
    )


def _supporting(
    row: _Row, state: PointState, measure: MeasureState | None, store: Store, plan: Plan, on: dt.date
) -> str:
    """The office of the row's 填报单位 when it only supports the row's point or measure (its row is
    then a contribution), else "" (the office leads it, or the form names no office)."""
    if not row.has("office") or row.blank("office"):
        return ""
    typed = text_of(row.cells["office"])
    key = office_key(typed)
    leads = state.leads if measure is None or not measure.leads else measure.leads
    if any(office_key(name) == key for name in leads):
        return ""
    point = store.point_states(plan, on, [state.number], with_targets=False)[0]
    involved = [
        *point.supports,
        *(
            name
            for m in store_measures.measure_states(store, plan, on, [point])
            for name in (*m.leads, *m.supports)
        ),
    ]
    found = next((name for name in involved if office_key(name) == key), None)
    if found is None:
        raise _RowProblem(
            "office",
            "contribution_not_support",
            office=typed,
            number=state.number,
            supports="、".join(point.supports) or "—",
        )
    return found


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
    reader = _Reader(
        sheet, header, states, store_measures.measure_states(store, plan, today, list(states.values()))
    )
    lines: list[ProgressLine] = []
    unfilled = 0
    for row, state, measure in reader.matched():
        if all(row.blank(n) for n in ("new_percent", "status", "note")):
            unfilled += 1
            continue
        try:
            lines.append(
                _progress_line(
                    row,
                    state,
                    measure,
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
    # A point rolled up, or rolled up by a measure row of this form, takes no percent or status itself.
    rolled = {line.number for line in lines if line.measure is not None and not line.office}
    for line in list(lines):
        own_figures = line.measure is None and not line.office and line.figures
        if own_figures and (
            line.number in rolled or store_measures.point_is_rolled_up(store, states[line.number].id)
        ):
            column = "new_percent" if "new_percent" in header.columns else "status"
            reader.problem(line.row, column, "rolled_up_percent", number=line.number)
            lines.remove(line)
    authors: dict[str, list[int]] = {}
    for line in lines:
        authors.setdefault(line.author, []).append(line.row)
    if len(authors) > 1:
        listed = "；".join(f"{name}：{'、'.join(map(str, rows))}" for name, rows in authors.items())
        reader.problem(None, None, "import_authors_differ", authors=listed)
    return ProgressImport(
        lines=tuple(lines),
        unfilled=unfilled,
        author=next(iter(authors), author),
        **reader.summary(book.path),
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
            {"table": "progress", "source": source, "points": [_listed(line) for line in result.lines]},
        )
        for line in result.lines:
            if line.office:
                measures.record_contribution(
                    store,
                    plan,
                    line.number,
                    office=line.office,
                    percent=line.percent,
                    note=line.note,
                    reported_on=line.reported_on,
                    author=result.author,
                    today=today,
                    event_id=event_id,
                )
                continue
            if line.measure is not None:
                measures.record_progress(
                    store,
                    plan,
                    ItemRef(line.number, line.measure),
                    percent=line.percent,
                    status=line.status,
                    note=line.note,
                    reported_on=line.reported_on,
                    author=result.author,
                    correct=line.correction,
                    today=today,
                    event_id=event_id,
                )
                continue
            recording.record_progress(
                store,
                plan,
                line.number,
                percent=line.percent if line.figures else None,
                status=line.status if line.figures else None,
                note=line.note,
                reported_on=line.reported_on,
                author=result.author,
                correct=line.correction,
                today=today,
                event_id=event_id,
            )
    return replace(result, event_id=event_id)


def _listed(line: ProgressLine) -> int | str:
    """How the import's event lists the row's item (what `undo` names): 7, or 7-2."""
    return line.number if line.measure is None else line.ref


def form_statuses(lang: str) -> tuple[str, ...]:
    """The statuses a form offers in its drop-down list, as `parsing.parse_status` reads them."""
    if lang == "en":
        return tuple(str(s) for s in Status)
    return tuple(message(f"status.{s}", "zh") for s in Status)


def progress_form_table(store: Store, plan: Plan, unit: str, on: dt.date, lang: str) -> OutTable:
    """A progress form for one office: the points it leads or supports on `on`, with empty columns to fill."""
    typed = parsing.unit_name(unit)
    unit_id = store.unit_id(typed)
    if unit_id is None:
        known = store.unit_names()
        raise NotFound("owner_unknown", name=typed, known="、".join(known) if known else "—")
    name = store.unit_name_on(unit_id, on)  # a current or former name, as the office was called on `on`
    points = store.point_states(plan, on)
    rows_of = _form_items(points, store_measures.measure_states(store, plan, on, points), name)
    if not rows_of:
        raise UsageError("form_no_points", unit=name, date=on.isoformat())
    statuses = form_statuses(lang)
    yes = "yes" if lang == "en" else "是"
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
        OutColumn(
            message("col.correction", lang),
            "text",
            8,
            10,
            choices=(yes,),
            to_fill=True,
            prompt=message("sheet.correction_prompt", lang, yes=yes),
        ),
        OutColumn(message("col.reporting_office", lang), "text", 10, 16),
    )
    empty = (None,) * 6
    rows: list[tuple[object, ...]] = []
    for s, listed in rows_of:
        rows.append(
            (s.number, s.title, s.lead or "", deadline_text(s), s.percent if s.reported_on else None,
             s.reported_on, *empty, name)
        )  # fmt: skip
        rows.extend(
            (m.sheet_ref, m.text, m.lead or s.lead or "", deadline_text(m) or deadline_text(s),
             m.percent if m.tracked else None, m.reported_on, *empty, name)
            for m in listed
        )  # fmt: skip
    title = message("sheet.form_title", lang, unit=name, date=format_date(on, lang))
    return OutTable(title, message("sheet.form_name", lang), columns, tuple(rows))


def _form_items(
    points: list[PointState], all_measures: list[MeasureState], name: str
) -> list[tuple[PointState, list[MeasureState]]]:
    """The points of an office's form, each with the measures listed under it (see the module
    docstring): an office's own measures, and a led point's unowned ones once its measures are
    assigned or reported."""
    key = office_key(name)

    def names(offices: tuple[str, ...]) -> bool:
        return any(office_key(o) == key for o in offices)

    by_point: dict[int, list[MeasureState]] = {}
    for m in all_measures:
        by_point.setdefault(m.point_number, []).append(m)
    items: list[tuple[PointState, list[MeasureState]]] = []
    for s in points:
        own = by_point.get(s.number, [])
        split = any(m.leads or m.tracked for m in own)
        listed = [
            m
            for m in own
            if names(m.leads) or names(m.supports) or (not m.leads and split and names(s.leads))
        ]
        if listed or names(s.leads) or names(s.supports):
            items.append((s, listed))
    return items
