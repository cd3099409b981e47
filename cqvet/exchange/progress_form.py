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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from cqvet import parsing, recording
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
from cqvet.models import Plan, PointState, Status
from cqvet.render.spreadsheet import OutColumn, OutTable
from cqvet.sheets import Value, Workbook, is_blank
from cqvet.store import Store


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
    before = store.point_states(plan, reported_on, [state.number])[0]
    previous = (before.percent, before.status) if before.reported_on else None
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
    for row, state, _measure in reader.matched():
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
    duty = next((d for d in store.unit_duties(plan, on) if d.name == name), None)
    if duty is None:
        raise UsageError("form_no_points", unit=name, date=on.isoformat())
    numbers = set(duty.leads) | set(duty.supports)
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
            None,
        )
        for s in store.point_states(plan, on)
        if s.number in numbers
    )
    title = message("sheet.form_title", lang, unit=name, date=format_date(on, lang))
    return OutTable(title, message("sheet.form_name", lang), columns, rows)
