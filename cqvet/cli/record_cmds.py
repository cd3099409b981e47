"""Commands that record the work: progress, owner, deadline, target, due, undo."""

from pathlib import Path
from typing import Annotated

import typer

from cqvet.cli.options import AsciiOpt, AsOfOpt, ByOpt, FormatOpt, ListFormat, PlanOpt, day, parse_period
from cqvet.cli.output import emit, say
from cqvet.cli.root import Session, app, session_of
from cqvet.labels import message
from cqvet.recording import default_author, parse_percent, parse_point, parse_status

progress_app = typer.Typer(help="Record and review progress (进度).", no_args_is_help=True)
owner_app = typer.Typer(help="Assign lead and supporting units (牵头单位、配合单位).", no_args_is_help=True)
deadline_app = typer.Typer(help="Set deadlines (完成时限), keeping every change.", no_args_is_help=True)
target_app = typer.Typer(help="Quantitative targets (量化指标) and their actuals.", no_args_is_help=True)
app.add_typer(progress_app, name="progress")
app.add_typer(owner_app, name="owner")
app.add_typer(deadline_app, name="deadline")
app.add_typer(target_app, name="target")

NoteOpt = Annotated[str, typer.Option("--note", help="What was achieved or why; stored exactly as typed.")]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="The day this is reported for (default: today); 2021-06-30, 6月30日…"),
]


def _author(by: str | None) -> str:
    return by if by and by.strip() else default_author()


@progress_app.command("set")
def progress_set(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="The work point's number.")],
    percent: Annotated[str | None, typer.Option("--percent", "-p", help="0 to 100.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", "-s", help="未启动/推进中/已完成/受阻 or not_started/in_progress/done/blocked."
        ),
    ] = None,
    note: NoteOpt = "",
    date: DateOpt = None,
    by: ByOpt = None,
    correct: Annotated[
        bool, typer.Option("--correct", help="Allow a percent lower than the last one, as a correction.")
    ] = False,
    attach: Annotated[
        list[Path] | None,
        typer.Option(
            "--attach", help="佐证材料文件（可多次给出）：PDF、OFD、Word、Excel、PNG、JPEG，每个不超过20MB。"
        ),
    ] = None,
    plan: PlanOpt = None,
) -> None:
    """Record progress on a point; each call appends one update, nothing is overwritten."""
    from cqvet.recording import record_progress

    session = session_of(ctx)
    point = parse_point(number)
    new_percent = parse_percent(percent) if percent is not None else None
    new_status = parse_status(status) if status is not None else None
    evidence = []
    if attach:
        from cqvet.attachments import read_evidence

        evidence = [read_evidence(path) for path in attach]  # every file refused before anything is written
    store = session.store()
    chosen = store.plan(plan)
    with store.transaction():
        recorded = record_progress(
            store,
            chosen,
            point,
            percent=new_percent,
            status=new_status,
            note=note,
            reported_on=day(date, chosen, session.today),
            author=_author(by),
            correct=correct,
            today=session.today,
        )
        if evidence:
            from cqvet.store_supervision import attach as attach_files

            attach_files(
                store,
                recorded.event_id,
                store.point_id(chosen, point),
                [(e.name, e.data, e.media_type, e.sha256) for e in evidence],
            )
    summary = recorded.summary
    say(
        message(
            "done.progress",
            session.lang,
            point=point,
            percent=summary["percent"],
            status=message(f"status.{summary['status']}", session.lang),
            date=summary["reported_on"],
            event=recorded.event_id,
        )
    )


@progress_app.command("log")
def progress_log(
    ctx: typer.Context,
    number: Annotated[str | None, typer.Argument(help="Only this point (default: all).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Reported on or after this day.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Reported on or before this day.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Only updates recorded by this person.")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, max=1_000_000_000, help="At most this many rows.")
    ] = None,
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    plan: PlanOpt = None,
) -> None:
    """The progress history, newest first; undone updates are shown struck through."""
    from cqvet.dates import parse_date

    session = session_of(ctx)
    store = session.store()
    chosen = store.plan(plan)
    point = parse_point(number) if number is not None else None
    if point is not None:
        store.point_id(chosen, point)
    entries = store.progress_log(
        chosen,
        point,
        since=parse_date(since, plan_year=chosen.year, today=session.today) if since else None,
        until=parse_date(until, plan_year=chosen.year, today=session.today) if until else None,
        author=by,
        limit=limit,
    )

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import progress_record

        return [progress_record(e, session.lang) for e in entries]

    def table() -> object:
        from cqvet.render.terminal import progress_table

        return progress_table(
            entries, session.lang, ascii, title=message("word.progress_history", session.lang)
        )

    from cqvet.render.records import PROGRESS_KEYS

    emit(fmt, records, PROGRESS_KEYS, table)


@owner_app.command("set")
def owner_set(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="The work point's number.")],
    lead: Annotated[
        list[str],
        typer.Option(
            "--lead",
            help="The lead unit (牵头单位); repeat, or write 高教处、职成教处, for several, in order.",
        ),
    ],
    support: Annotated[
        list[str] | None, typer.Option("--support", help="A supporting unit (配合单位); repeat for several.")
    ] = None,
    contact: Annotated[str, typer.Option("--contact", help="Contact person or phone.")] = "",
    leader: Annotated[str, typer.Option("--leader", help="The leader in charge (分管领导).")] = "",
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="From when (default: the plan's start for a first assignment, else today)."
        ),
    ] = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Assign a point's lead and supporting units; a reassignment is kept in history."""
    from cqvet.recording import assign_owner

    session = session_of(ctx)
    point = parse_point(number)
    store = session.store()
    chosen = store.plan(plan)
    recorded = assign_owner(
        store,
        chosen,
        point,
        lead=lead,
        supports=support or [],
        contact=contact,
        leader=leader,
        effective_on=day(date, chosen, session.today) if date else None,
        author=_author(by),
        today=session.today,
    )
    supports = recorded.summary["supports"]
    listed = "、".join(supports) if isinstance(supports, list) else ""
    say(
        message(
            "done.owner",
            session.lang,
            point=point,
            lead=recorded.summary["lead"],
            supports=message("done.owner_supports", session.lang, supports=listed) if listed else "",
            date=recorded.summary["effective_on"],
            event=recorded.event_id,
        )
    )


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
    store = session.store()
    chosen = store.plan(plan)
    duties = store.unit_duties(chosen, day(as_of, chosen, session.today))

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import duty_record

        return [duty_record(d) for d in duties]

    def table() -> object:
        from cqvet.render.terminal import duties_table

        return duties_table(duties, session.lang, ascii)

    emit(fmt, records, ("unit", "leads", "supports"), table)


@owner_app.command("rename")
def owner_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The unit's current name.")],
    new: Annotated[str, typer.Argument(help="Its new name.")],
    date: Annotated[
        str | None, typer.Option("--date", help="From which day the new name holds (default: today).")
    ] = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Rename a unit from a day on, for every point it leads or supports; earlier days keep the old name."""
    from cqvet.recording import rename_unit

    session = session_of(ctx)
    store = session.store()
    chosen = store.plan(plan)
    recorded = rename_unit(
        store,
        chosen,
        old,
        new,
        author=_author(by),
        today=session.today,
        effective_on=day(date, chosen, session.today) if date else None,
    )
    say(
        message(
            "done.rename",
            session.lang,
            before=recorded.summary["before"],
            after=recorded.summary["after"],
            date=recorded.summary["effective_on"],
            event=recorded.event_id,
        )
    )


@deadline_app.command("set")
def deadline_set(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="The work point's number.")],
    due: Annotated[str, typer.Argument(help="2021-06-30, 6月底, 三季度末, 年底前, 9月中旬…")],
    note: Annotated[str, typer.Option("--note", help="Why (for a postponement, the reason).")] = "",
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="From when (default: the plan's start for a first deadline, else today)."
        ),
    ] = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Set a point's deadline (完成时限); a later change is kept as a postponement or advance."""
    from cqvet.dates import format_date, parse_date
    from cqvet.recording import set_deadline

    session = session_of(ctx)
    point = parse_point(number)
    store = session.store()
    chosen = store.plan(plan)
    due_on = parse_date(due, plan_year=chosen.year, today=session.today)
    recorded = set_deadline(
        store,
        chosen,
        point,
        due_on=due_on,
        as_written=due.strip(),
        note=note,
        effective_on=day(date, chosen, session.today) if date else None,
        author=_author(by),
        today=session.today,
    )
    say(
        message(
            "done.deadline",
            session.lang,
            point=point,
            due=format_date(due_on, session.lang),
            written=due.strip(),
            event=recorded.event_id,
        )
    )


@target_app.command("list")
def target_list(
    ctx: typer.Context,
    number: Annotated[str | None, typer.Argument(help="Only this point's targets.")] = None,
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Each quantitative target with its latest actual and attainment."""
    session = session_of(ctx)
    store = session.store()
    chosen = store.plan(plan)
    point = parse_point(number) if number is not None else None
    if point is not None:
        store.point_id(chosen, point)
    targets = store.targets(chosen, day(as_of, chosen, session.today), point)

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import target_record

        return [target_record(t) for t in targets]

    def table() -> object:
        from cqvet.render.terminal import targets_table

        return targets_table(targets, session.lang, ascii)

    from cqvet.render.records import TARGET_KEYS

    emit(fmt, records, TARGET_KEYS, table)


@target_app.command("set")
def target_set(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="POINT.TARGET, e.g. 2.1 (see cqvet target list).")],
    actual: Annotated[
        str, typer.Option("--actual", help="The value reached: 132, 150门, 1.8倍, 86% (the target's unit).")
    ],
    date: DateOpt = None,
    note: NoteOpt = "",
    by: ByOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Accept an actual above ten times the target (not a typo).")
    ] = False,
    plan: PlanOpt = None,
) -> None:
    """Record the actual value reached on a target (appended, never overwritten)."""
    from cqvet.recording import record_actual

    session = session_of(ctx)
    store = session.store()
    chosen = store.plan(plan)
    recorded = record_actual(
        store,
        chosen,
        ref,
        value=actual,
        reported_on=day(date, chosen, session.today),
        note=note,
        author=_author(by),
        today=session.today,
        force=force,
    )
    say(
        message(
            "done.actual",
            session.lang,
            target=recorded.summary["target"],
            value=actual.strip(),
            date=recorded.summary["reported_on"],
            event=recorded.event_id,
        )
    )


@app.command()
def due(
    ctx: typer.Context,
    within: Annotated[str, typer.Option("--within", help="How far ahead: 30d (default), 2w, 1m.")] = "30d",
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """What falls due soon and what is overdue, with owners: the Monday question."""
    from cqvet.selection import due_split

    session = session_of(ctx)
    days = parse_period(within)
    store = session.store()
    chosen = store.plan(plan)
    on = day(as_of, chosen, session.today)
    overdue, soon = due_split(store.point_states(chosen, on, with_targets=False), on, days)

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import point_record

        return [
            {**point_record(s, on, session.lang, chosen.start), "days_left": (s.deadline - on).days}
            for s in overdue + soon
        ]

    def table() -> object:
        from rich.console import Group
        from rich.text import Text

        from cqvet.dates import format_date
        from cqvet.render.terminal import due_tables
        from cqvet.supervision import reporting_on, silent_offices

        tables = due_tables(soon, overdue, session.lang, on, days, ascii, start=chosen.start)
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

    from cqvet.render.records import LIST_KEYS

    emit(fmt, records, (*LIST_KEYS, "days_left"), table)


@app.command()
def undo(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    by: ByOpt = None,
) -> None:
    """Undo your last change (in any plan), after showing it; the undo is itself recorded."""
    from cqvet import recording

    session = session_of(ctx)
    store = session.store()
    author = _author(by)
    event = recording.last_change(store, author)
    say(_describe(session, event))
    if not yes and not typer.confirm(message("undo.confirm", session.lang), default=False, err=True):
        raise typer.Abort()
    recording.undo(store, event.id, author=author)
    say(message("done.undo", session.lang, event=event.id))


def _describe(session: Session, event: object) -> str:
    from cqvet.ledger import Event
    from cqvet.render.terminal import local_time

    assert isinstance(event, Event)
    detail = {k: v for k, v in event.detail.items() if k != "unit_id"}
    update = session.store().event_progress(event.id) if event.kind == "progress" else None
    if update is not None:
        detail = {
            "point": update.point_number,
            "percent": update.percent,
            "status": str(update.status),
            "reported_on": update.reported_on.isoformat(),
            "note": update.note,
        }
    summary = "，".join(f"{k}={v}" for k, v in detail.items())
    return message(
        "undo.show",
        session.lang,
        event=event.id,
        kind=message(f"kind.{event.kind}", session.lang),
        author=event.author,
        at=local_time(event.recorded_at),
        summary=summary,
    )
