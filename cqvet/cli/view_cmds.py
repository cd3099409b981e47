"""Commands that read: list, show, due, and the reading halves of the groups that record
(progress log, owner list, target list). Nothing here writes to the database.

The groups themselves (`progress`, `owner`, `target`) are declared in `record_cmds`, which
this module imports, so loading a group loads both halves and `set` comes before `log`
in its help.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cqvet.cli.options import (
    AsciiOpt,
    AsOfOpt,
    FormatOpt,
    ListFormat,
    PlanOpt,
    day,
    item_in,
    parse_period,
    point_in,
)
from cqvet.cli.output import emit, show
from cqvet.cli.record_cmds import owner_app, progress_app, target_app
from cqvet.cli.root import app, session_of
from cqvet.errors import UsageError
from cqvet.labels import message
from cqvet.parsing import parse_item
from cqvet.review import review_marks
from cqvet.schedule import day_is_over
from cqvet.selection import PointFilter, check_owner, select

if TYPE_CHECKING:
    import datetime as dt

    from cqvet.cli.root import Session
    from cqvet.ledger import PointDetail
    from cqvet.models import MeasureState, Plan, PointState
    from cqvet.parsing import ItemRef
    from cqvet.store import Store


@app.command("list")
def list_points(
    ctx: typer.Context,
    section: Annotated[str | None, typer.Option("--section")] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    measures: Annotated[bool, typer.Option("--measures")] = False,
    plan: PlanOpt = None,
) -> None:
    """List the work points with lead, deadline, latest progress and status (and, with --measures,
    each point's measures under it)."""
    list_items(session_of(ctx), section, owner, status, fmt, ascii, as_of, plan, measures=measures)


def list_items(
    session: Session,
    section: str | None,
    owner: str | None,
    status: str | None,
    fmt: ListFormat,
    ascii: bool,
    as_of: str | None,
    plan: str | None,
    *,
    measures: bool,
    number: str | None = None,
) -> None:
    """`list` (and `measure list [N]`: `list --measures` of every point or of point `number`)."""
    store = session.store()
    chosen = session.plan(plan)
    on = day(as_of, chosen, session.today)
    keep = PointFilter.parse(section, owner, status)
    if keep.owner:
        check_owner(keep.owner, store.unit_names(former=True))
    over = day_is_over(on, session.today)
    only = point_in(store, chosen, number)
    states = select(
        store.point_states(chosen, on, None if only is None else [only], with_targets=False),
        keep,
        on,
        day_over=over,
    )
    marks = review_marks(store, chosen, on, states)
    under = _measures_of(store, chosen, on, states) if measures else None

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import point_record, review_columns

        rows = [
            {
                **point_record(
                    s, on, session.lang, chosen.start, day_over=over, review=_mark(marks, s.number)
                ),
                **review_columns(marks, s.number),
            }
            for s in states
        ]
        return rows if under is None else _with_measures(rows, under, fmt, on, session.lang, chosen, over)

    def table() -> object:
        from cqvet.render.terminal import points_table

        return points_table(
            chosen, states, session.lang, on, ascii, day_over=over, review=marks, measures=under
        )

    from cqvet.render.records import LIST_KEYS, LIST_MEASURE_KEYS, LIST_REVIEW_KEYS

    keys = LIST_KEYS if marks is None else (*LIST_KEYS, *LIST_REVIEW_KEYS)
    emit(fmt, records, keys if under is None else (*keys, *LIST_MEASURE_KEYS), table)


def _measures_of(
    store: Store, plan: Plan, on: dt.date, states: list[PointState]
) -> dict[int, list[MeasureState]]:
    """The measures of `states` as of `on`, by point number (`list --measures`)."""
    from cqvet.store_measures import measure_states

    found: dict[int, list[MeasureState]] = {}
    for measure in measure_states(store, plan, on, states):
        found.setdefault(measure.point_number, []).append(measure)
    return found


def _with_measures(
    rows: list[dict[str, object]],
    under: dict[int, list[MeasureState]],
    fmt: ListFormat,
    on: dt.date,
    lang: str,
    plan: Plan,
    over: bool,
) -> list[dict[str, object]]:
    """`list --measures` as records: in JSON each point holds its `measures` (MEASURE_KEYS); in CSV
    each point's row is followed by a row a measure (`measure_list_row`)."""
    from cqvet.render.records import measure_list_row, measure_record

    out: list[dict[str, object]] = []
    for row in rows:
        number = row["number"]
        found = [
            measure_record(m, on, lang, plan.start, day_over=over)
            for m in under.get(number if isinstance(number, int) else 0, [])
        ]
        if fmt is ListFormat.json:
            out.append({**row, "measures": found})
        else:
            out.append({**row, "measure": None})
            out.extend(measure_list_row(row, m, sheet=True) for m in found)
    return out


def _has_measure_progress(store: Store, plan: Plan, number: int | None) -> bool:
    """Whether the log must read measures' updates too; without any, its fast paths stay as they were."""
    from cqvet.store_measures import has_measure_progress

    return has_measure_progress(store, plan, number)


def _mark(marks: dict[int, str] | None, number: int) -> str | None:
    """A point's standing in 办结 review, None in a plan without review or for a point not done."""
    return None if marks is None else marks.get(number)


@app.command("show")
def show_point(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument()],
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    history: Annotated[int, typer.Option("--history", min=0, max=1_000_000)] = 20,
    plan: PlanOpt = None,
) -> None:
    """Show one work point whole: text, measures, targets, owners, deadline and recent history."""

    session = session_of(ctx)
    store = session.store()
    chosen = session.plan(plan)
    on = day(as_of, chosen, session.today)
    item = parse_item(number)
    if item.measure is not None:
        _show_measure(session, chosen, item, on, fmt, ascii, history)
        return
    point = item.number
    if history == 0:
        _show_whole_history(session, store, chosen, point, on, fmt, ascii)
        return
    detail = _with_measure_updates(
        store, chosen, store.point_detail(chosen, point, on, history=history), on, history
    )
    mark = _mark(review_marks(store, chosen, on, [detail.state]), point)
    if fmt is ListFormat.table:
        from cqvet.render.supervision import point_supervision_parts
        from cqvet.render.terminal import point_detail

        over = day_is_over(on, session.today)
        show(point_detail(chosen, detail, session.lang, on, ascii, day_over=over, review=mark))
        for part in point_supervision_parts(detail, session.lang, ascii, mark):
            show(part)
        return
    if fmt is ListFormat.csv:
        raise UsageError("format_unknown", text="csv", allowed="table, json")
    from cqvet.cli.output import write
    from cqvet.render.records import detail_record
    from cqvet.render.text import to_json

    write(
        to_json(
            detail_record(
                detail, on, session.lang, chosen.start, day_over=day_is_over(on, session.today), review=mark
            )
        )
    )


def _with_measure_updates(
    store: Store, plan: Plan, detail: PointDetail, on: dt.date, history: int
) -> PointDetail:
    """`detail` whose progress history holds its measures' updates too (newest `history` of both,
    as `progress log N` lists them), when the point has any; else `detail` itself."""
    number = detail.state.number
    if not _has_measure_progress(store, plan, number):
        return detail
    from cqvet.store_measures import merged_log_batches, progress_log_batches

    limit = history + 1  # one more than shown says whether older ones exist
    entries = [
        entry
        for batch in merged_log_batches(
            store.progress_log_batches(plan, number, until=on, limit=limit),
            progress_log_batches(store, plan, number, until=on, limit=limit),
            limit,
        )
        for entry in batch
    ]
    truncated = len(entries) > history
    return detail._replace(progress=tuple(entries[:history]), progress_truncated=truncated)


def _show_measure(
    session: Session, chosen: Plan, item: ItemRef, on: dt.date, fmt: ListFormat, ascii: bool, history: int
) -> None:
    """`show 7-2`: one measure as of `on`, with its progress (the newest `history`, 0 for all),
    deadline and owner histories."""
    from cqvet import store_measures
    from cqvet.measures import measure_state

    if fmt is ListFormat.csv:
        raise UsageError("format_unknown", text="csv", allowed="table, json")
    store = session.store()
    measure = measure_state(store, chosen, item, on)
    point = store.point_states(chosen, on, [item.number], with_targets=False)[0]
    progress = store_measures.progress_history(store, chosen, item.number, item.measure, until=on)
    progress = progress[:history] if history else progress
    owners = [
        o
        for o in store_measures.owner_history(store, chosen, item.number, item.measure)
        if o.effective_on <= on
    ]
    deadlines = [
        d
        for d in store_measures.deadline_history(store, chosen, item.number, item.measure)
        if d.effective_on <= on
    ]
    over = day_is_over(on, session.today)
    if fmt is ListFormat.table:
        from cqvet.render.terminal import measure_detail

        show(
            measure_detail(
                chosen, point, measure, (progress, owners, deadlines), session.lang, on, ascii, day_over=over
            )
        )
        return
    from cqvet.cli.output import write
    from cqvet.render.records import deadline_record, measure_record, owner_record, progress_record
    from cqvet.render.text import to_json

    record = {
        **measure_record(measure, on, session.lang, chosen.start, day_over=over),
        "point_title": point.title,
        "progress_history": [progress_record(e, session.lang) for e in progress],
        "owner_history": [owner_record(e) for e in owners],
        "deadline_history": [deadline_record(e) for e in deadlines],
    }
    write(to_json(record))


def _show_whole_history(
    session: Session,
    store: Store,
    chosen: Plan,
    point: int,
    on: dt.date,
    fmt: ListFormat,
    ascii: bool,
) -> None:
    """`show N --history 0`: the point, then its whole progress history streamed as it is read
    (as `progress log N`), then the owner and deadline histories, the notices, review and evidence."""
    import itertools
    import json

    from cqvet.cli.output import stream
    from cqvet.render.records import detail_record, progress_record
    from cqvet.render.text import json_array_chunks

    if fmt is ListFormat.csv:
        raise UsageError("format_unknown", text="csv", allowed="table, json")
    detail = store.point_detail(chosen, point, on, history=0)._replace(progress_truncated=False)
    mark = _mark(review_marks(store, chosen, on, [detail.state]), point)
    batches = store.progress_log_batches(chosen, point)
    widest: int | str = point
    if _has_measure_progress(store, chosen, point):
        from cqvet.store_measures import merged_log_batches, progress_log_batches

        batches = merged_log_batches(batches, progress_log_batches(store, chosen, point), None)
        widest = f"{point}-99"
    if fmt is ListFormat.table:
        from rich.console import Group

        from cqvet.render.terminal import console, point_detail_parts, progress_table_pieces

        over = day_is_over(on, session.today)
        before, after = point_detail_parts(
            chosen, detail, session.lang, on, ascii, day_over=over, review=mark
        )
        show(Group(*before))
        title = message("word.progress_history", session.lang)
        stream(progress_table_pieces(batches, console(), session.lang, ascii, title, widest), utf8=False)
        show(Group(*after))
        from cqvet.render.supervision import point_supervision_parts

        for part in point_supervision_parts(detail, session.lang, ascii, mark):
            show(part)
        return
    marker = "\x00progress_history\x00"  # where the streamed list goes in the record's JSON
    head, tail = json.dumps(
        {
            **detail_record(
                detail, on, session.lang, chosen.start, day_over=day_is_over(on, session.today), review=mark
            ),
            "progress_history": marker,
        },
        ensure_ascii=False,
        indent=2,
    ).split(json.dumps(marker))
    records = (progress_record(e, session.lang) for batch in batches for e in batch)
    stream(itertools.chain([head], json_array_chunks(records, depth=1), [tail, "\n"]), utf8=True)


@app.command()
def due(
    ctx: typer.Context,
    within: Annotated[str, typer.Option("--within")] = "30d",
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """What falls due soon and what is overdue, with owners: the Monday question."""
    from cqvet.schedule import day_is_over
    from cqvet.selection import due_split, measures_due_split

    session = session_of(ctx)
    span = parse_period(within)
    store = session.store()
    chosen = session.plan(plan)
    on = day(as_of, chosen, session.today)
    over = day_is_over(on, session.today)
    states = store.point_states(chosen, on, with_targets=False)
    overdue, soon = due_split(states, on, span, day_over=over)
    assigned = _assigned(store, chosen, on, states)
    late_measures, soon_measures = measures_due_split(assigned, on, span, day_over=over)
    tail = {"measure": None} if assigned else {}  # a plan whose measures are not assigned: as before

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import measure_list_row, measure_record, point_record

        points = {s.number: point_record(s, on, session.lang, chosen.start, day_over=over) for s in states}
        return [{**points[s.number], "days_left": (s.deadline - on).days, **tail} for s in overdue + soon] + [
            {
                **measure_list_row(
                    points[m.point_number],
                    measure_record(m, on, session.lang, chosen.start, day_over=over),
                    sheet=fmt is ListFormat.csv,
                ),
                "days_left": (m.deadline - on).days,
            }
            for m in late_measures + soon_measures
        ]

    def table() -> object:
        from rich.console import Group
        from rich.text import Text

        from cqvet.dates import format_date
        from cqvet.render.terminal import due_tables
        from cqvet.supervision import reporting_on, silent_offices

        tables = due_tables(
            soon,
            overdue,
            session.lang,
            on,
            span.days_after(on),
            ascii,
            day_over=over,
            year=chosen.year,
            start=chosen.start,
            measures=(soon_measures, late_measures),
            points={s.number: s for s in states},
        )
        period, rows, _ = reporting_on(store, chosen, on, None)
        silent = silent_offices(rows)
        if not silent:
            return tables
        line = message(
            "reporting.silent",
            session.lang,
            period=period.label,
            due=format_date(period.due, session.lang),
            offices="、".join(silent),
        )
        return Group(tables, Text(line, style="yellow"))

    from cqvet.render.records import LIST_KEYS, LIST_MEASURE_KEYS

    emit(fmt, records, (*LIST_KEYS, "days_left", *(LIST_MEASURE_KEYS if assigned else ())), table)


def _assigned(store: Store, plan: Plan, on: dt.date, states: list[PointState]) -> list[MeasureState]:
    """The measures with owners or a deadline of their own (`due`, `owner list`): none, and nothing
    read beyond one probe, in a plan whose measures are not assigned."""
    from cqvet.store_measures import assigned_measures

    return assigned_measures(store, plan, on, states)


@progress_app.command("log")
def progress_log(
    ctx: typer.Context,
    number: Annotated[str | None, typer.Argument()] = None,
    since: Annotated[str | None, typer.Option("--since")] = None,
    until: Annotated[str | None, typer.Option("--until")] = None,
    by: Annotated[str | None, typer.Option("--by")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, max=1_000_000_000)] = None,
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    plan: PlanOpt = None,
) -> None:
    """The progress history, newest first; undone updates are shown struck through."""
    from cqvet.dates import parse_date

    session = session_of(ctx)
    store = session.store()
    chosen = session.plan(plan)
    item = item_in(store, chosen, number)
    point = item.number if item is not None else None
    first = parse_date(since, plan_year=chosen.year, today=session.today) if since else None
    last = parse_date(until, plan_year=chosen.year, today=session.today) if until else None
    widest: int | str = point if point is not None else store.point_count(chosen)
    if item is not None and item.measure is not None:
        from cqvet.store_measures import progress_log_batches

        batches = progress_log_batches(
            store, chosen, point, item.measure, since=first, until=last, author=by, limit=limit
        )
        widest = str(item)
    elif _has_measure_progress(store, chosen, point):
        from cqvet.store_measures import merged_log_batches, progress_log_batches

        batches = merged_log_batches(
            store.progress_log_batches(chosen, point, since=first, until=last, author=by, limit=limit),
            progress_log_batches(store, chosen, point, since=first, until=last, author=by, limit=limit),
            limit,
        )
        widest = f"{widest}-99"
    else:
        batches = store.progress_log_batches(chosen, point, since=first, until=last, author=by, limit=limit)
    # Streamed: a history of 100,000 updates prints its first rows at once, in flat memory,
    # and `| head` stops the reading (README, Performance).
    from cqvet.cli.output import stream
    from cqvet.render.records import PROGRESS_KEYS, progress_record

    if fmt is ListFormat.json:
        import itertools

        from cqvet.render.text import json_array_chunks

        records = (progress_record(e, session.lang) for batch in batches for e in batch)
        stream(itertools.chain(json_array_chunks(records), ["\n"]), utf8=True)
    elif fmt is ListFormat.csv:
        from cqvet.render.text import csv_chunks

        stream(
            csv_chunks(
                ([progress_record(e, session.lang, sheet=True) for e in b] for b in batches), PROGRESS_KEYS
            ),
            utf8=True,
        )
    else:
        from cqvet.render.terminal import console, progress_table_pieces

        title = message("word.progress_history", session.lang)
        stream(progress_table_pieces(batches, console(), session.lang, ascii, title, widest), utf8=False)


@owner_app.command("list")
def owner_list(
    ctx: typer.Context,
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Each unit with the points it leads and supports: what does my office owe."""
    session = session_of(ctx)
    chosen = session.plan(plan)
    store = session.store()
    on = day(as_of, chosen, session.today)
    duties = store.unit_duties(chosen, on)
    measures = _measure_duties(store, chosen, on, [d.name for d in duties], sheet=fmt is ListFormat.csv)

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import duty_record

        if not measures:  # a plan whose measures have no owners: the keys as before
            return [duty_record(d) for d in duties]
        return [
            {**duty_record(d), "measures_led": list(led), "measures_supported": list(supported)}
            for d in duties
            for led, supported in [measures.get(d.name, ((), ()))]
        ] + [
            {
                "unit": name,
                "leads": [],
                "supports": [],
                "measures_led": list(led),
                "measures_supported": list(sup),
            }
            for name, (led, sup) in measures.items()
            if name not in {d.name for d in duties}
        ]

    def table() -> object:
        from cqvet.render.terminal import duties_table

        return duties_table(duties, session.lang, ascii, measures=measures or None)

    keys = ("unit", "leads", "supports", *(("measures_led", "measures_supported") if measures else ()))
    emit(fmt, records, keys, table)


def _measure_duties(
    store: Store, plan: Plan, on: dt.date, first: list[str], *, sheet: bool
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each office with the measures it leads and supports on `on` (refs `7-2`, with `sheet`, for
    CSV, `7（2）`), the offices of `first` in its order, then the others; empty in a plan whose
    measures have no owners."""
    from cqvet.store_measures import has_measure_assignments

    if not has_measure_assignments(store):
        return {}
    led: dict[str, list[str]] = {}
    supported: dict[str, list[str]] = {}
    for measure in _assigned(store, plan, on, store.point_states(plan, on, with_targets=False)):
        ref = measure.sheet_ref if sheet else measure.ref
        for name in measure.leads:
            led.setdefault(name, []).append(ref)
        for name in measure.supports:
            supported.setdefault(name, []).append(ref)
    names = [n for n in first if n in led or n in supported]
    names += sorted(n for n in {*led, *supported} if n not in names)
    return {n: (tuple(led.get(n, ())), tuple(supported.get(n, ()))) for n in names}


@target_app.command("list")
def target_list(
    ctx: typer.Context,
    number: Annotated[str | None, typer.Argument()] = None,
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Each quantitative target with its latest actual and attainment."""
    session = session_of(ctx)
    store = session.store()
    chosen = session.plan(plan)
    point = point_in(store, chosen, number)
    targets = store.targets(chosen, day(as_of, chosen, session.today), point)

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import target_record

        return [target_record(t) for t in targets]

    def table() -> object:
        from cqvet.render.terminal import targets_table

        return targets_table(targets, session.lang, ascii)

    from cqvet.render.records import TARGET_KEYS

    emit(fmt, records, TARGET_KEYS, table)
