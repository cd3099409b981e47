"""Commands that record the work: progress, owner, deadline, target, due, undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cqvet.cli.options import ByOpt, DateOpt, ForceOpt, NoteOpt, PlanOpt, day
from cqvet.cli.output import say
from cqvet.cli.root import app, session_of
from cqvet.errors import UsageError
from cqvet.labels import message
from cqvet.parsing import parse_item, parse_percent, parse_status, unit_name

if TYPE_CHECKING:
    from cqvet.cli.root import Session
    from cqvet.models import Plan, Status
    from cqvet.parsing import ItemRef
    from cqvet.recording import Recorded
    from cqvet.store import Store

progress_app = typer.Typer(help="Record and review progress (进度).", no_args_is_help=True)
owner_app = typer.Typer(help="Assign lead and supporting units (牵头单位、配合单位).", no_args_is_help=True)
deadline_app = typer.Typer(help="Set deadlines (完成时限), keeping every change.", no_args_is_help=True)
target_app = typer.Typer(help="Quantitative targets (量化指标) and their actuals.", no_args_is_help=True)
app.add_typer(progress_app, name="progress")
app.add_typer(owner_app, name="owner")
app.add_typer(deadline_app, name="deadline")
app.add_typer(target_app, name="target")


@progress_app.command("set")
def progress_set(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument()],
    percent: Annotated[str | None, typer.Option("--percent", "-p")] = None,
    status: Annotated[str | None, typer.Option("--status", "-s")] = None,
    note: NoteOpt = "",
    date: DateOpt = None,
    by: ByOpt = None,
    correct: Annotated[bool, typer.Option("--correct")] = False,
    attach: Annotated[list[Path] | None, typer.Option("--attach")] = None,
    office: Annotated[str | None, typer.Option("--office")] = None,
    plan: PlanOpt = None,
) -> None:
    """Record progress on a point or a measure (7-2); each call appends one update, nothing is
    overwritten. With --office, an office that does not lead the point records its own part."""
    session = session_of(ctx)
    item = parse_item(number)
    new_percent = parse_percent(percent) if percent is not None else None
    new_status = parse_status(status) if status is not None else None
    reporter = unit_name(office) if office is not None else None
    evidence = []
    if attach:
        from cqvet.attachments import read_evidence

        evidence = [read_evidence(path) for path in attach]  # every file refused before anything is written
    store = session.store()
    chosen = session.plan(plan)
    reported_on = day(date, chosen, session.today)
    with store.transaction():
        if item.measure is not None:
            recorded = _measure_progress(
                session, chosen, item, reporter, new_percent, new_status, note, reported_on, by, correct
            )
        elif reporter is not None and not _leads(store, chosen, item.number, reporter, reported_on):
            from cqvet.measures import record_contribution

            if new_status is not None:
                raise UsageError("contribution_status", number=item.number)
            recorded = record_contribution(
                store,
                chosen,
                item.number,
                office=reporter,
                percent=new_percent,
                note=note,
                reported_on=reported_on,
                author=session.author(by),
                today=session.today,
            )
        else:
            from cqvet.recording import record_progress

            recorded = record_progress(
                store,
                chosen,
                item.number,
                percent=new_percent,
                status=new_status,
                note=note,
                reported_on=reported_on,
                author=session.author(by),
                correct=correct,
                today=session.today,
            )
        if evidence:
            from cqvet.store_supervision import attach as attach_files

            attach_files(
                store,
                recorded.event_id,
                store.point_id(chosen, item.number),
                [(e.name, e.data, e.media_type, e.sha256) for e in evidence],
            )
    say(_progress_done(session, chosen, item, recorded))


def _leads(store: Store, plan: Plan, number: int, office: str, on: dt.date) -> bool:
    from cqvet.measures import office_leads_point

    return office_leads_point(store, plan, number, office, on)


def _measure_progress(
    session: Session,
    plan: Plan,
    item: ItemRef,
    reporter: str | None,
    percent: int | None,
    status: Status | None,
    note: str,
    reported_on: dt.date,
    by: str | None,
    correct: bool,
) -> Recorded:
    from cqvet import measures

    store = session.store()
    if reporter is not None:
        measures.check_measure_reporter(store, plan, item, reporter, reported_on)
    return measures.record_progress(
        store,
        plan,
        item,
        percent=percent,
        status=status,
        note=note,
        reported_on=reported_on,
        author=session.author(by),
        correct=correct,
        today=session.today,
    )


def _progress_done(session: Session, plan: Plan, item: ItemRef, recorded: Recorded) -> str:
    """The confirmation line of `progress set`: a point's, a measure's (with the point's rolled-up
    percent) or a supporting office's report."""
    summary, lang = recorded.summary, session.lang
    if "office" in summary:
        own = summary["percent"]
        return message(
            "done.contribution",
            lang,
            office=summary["office"],
            point=item.number,
            percent=message("done.contribution_percent", lang, percent=own) if own is not None else "",
            date=summary["reported_on"],
            event=recorded.event_id,
        )
    status = message(f"status.{summary['status']}", lang)
    if item.measure is None:
        return message(
            "done.progress",
            lang,
            point=item.number,
            percent=summary["percent"],
            status=status,
            date=summary["reported_on"],
            event=recorded.event_id,
        )
    on = dt.date.fromisoformat(str(summary["reported_on"]))
    point = session.store().point_states(plan, on, [item.number], with_targets=False)[0]
    return message(
        "done.measure_progress",
        lang,
        ref=str(item),
        percent=summary["percent"],
        status=status,
        date=summary["reported_on"],
        event=recorded.event_id,
        point=item.number,
        point_percent=point.percent,
    )


@owner_app.command("set")
def owner_set(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument()],
    lead: Annotated[list[str], typer.Option("--lead")],
    support: Annotated[list[str] | None, typer.Option("--support")] = None,
    contact: Annotated[str, typer.Option("--contact")] = "",
    leader: Annotated[str, typer.Option("--leader")] = "",
    date: DateOpt = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Assign a point's or a measure's lead and supporting units; a reassignment is kept in history."""
    session = session_of(ctx)
    item = parse_item(number)
    chosen = session.plan(plan)
    effective_on = day(date, chosen, session.today) if date else None
    if item.measure is not None:
        from cqvet import measures

        if contact or leader:
            raise UsageError("measure_owner_extra", number=item.number)
        recorded = measures.assign_owner(
            session.store(),
            chosen,
            item,
            lead=lead,
            supports=support or [],
            effective_on=effective_on,
            author=session.author(by),
            today=session.today,
        )
    else:
        from cqvet.recording import assign_owner

        recorded = assign_owner(
            session.store(),
            chosen,
            item.number,
            lead=lead,
            supports=support or [],
            contact=contact,
            leader=leader,
            effective_on=effective_on,
            author=session.author(by),
            today=session.today,
        )
    supports = recorded.summary["supports"]
    listed = "、".join(supports) if isinstance(supports, list) else ""
    say(
        message(
            "done.owner" if item.measure is None else "done.measure_owner",
            session.lang,
            point=item.number,
            ref=str(item),
            lead=recorded.summary["lead"],
            supports=message("done.owner_supports", session.lang, supports=listed) if listed else "",
            date=recorded.summary["effective_on"],
            event=recorded.event_id,
        )
    )


@owner_app.command("rename")
def owner_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument()],
    new: Annotated[str, typer.Argument()],
    date: DateOpt = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Rename a unit from a day on, for every point it leads or supports; earlier days keep the old name."""
    from cqvet.recording import rename_unit

    session = session_of(ctx)
    chosen = session.plan(plan)
    recorded = rename_unit(
        session.store(),
        chosen,
        old,
        new,
        author=session.author(by),
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
    number: Annotated[str, typer.Argument()],
    due: Annotated[str, typer.Argument()],
    note: NoteOpt = "",
    date: DateOpt = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Set a point's or a measure's deadline (完成时限); a later change is kept as a postponement."""
    from cqvet.dates import format_date, parse_date

    session = session_of(ctx)
    item = parse_item(number)
    chosen = session.plan(plan)
    due_on = parse_date(due, plan_year=chosen.year, today=session.today)
    if item.measure is not None:
        from cqvet.measures import set_deadline as set_measure_deadline

        recorded = set_measure_deadline(
            session.store(),
            chosen,
            item,
            due_on=due_on,
            as_written=due.strip(),
            note=note,
            effective_on=day(date, chosen, session.today) if date else None,
            author=session.author(by),
            today=session.today,
        )
    else:
        from cqvet.recording import set_deadline

        recorded = set_deadline(
            session.store(),
            chosen,
            item.number,
            due_on=due_on,
            as_written=due.strip(),
            note=note,
            effective_on=day(date, chosen, session.today) if date else None,
            author=session.author(by),
            today=session.today,
        )
    say(
        message(
            "done.deadline" if item.measure is None else "done.measure_deadline",
            session.lang,
            point=item.number,
            ref=str(item),
            due=format_date(due_on, session.lang),
            written=due.strip(),
            event=recorded.event_id,
        )
    )


@target_app.command("set")
def target_set(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument()],
    actual: Annotated[str, typer.Option("--actual")],
    date: DateOpt = None,
    note: NoteOpt = "",
    by: ByOpt = None,
    force: ForceOpt = False,
    plan: PlanOpt = None,
) -> None:
    """Record the actual value reached on a target (appended, never overwritten)."""
    from cqvet.recording import record_actual

    session = session_of(ctx)
    chosen = session.plan(plan)
    recorded = record_actual(
        session.store(),
        chosen,
        ref,
        value=actual,
        reported_on=day(date, chosen, session.today),
        note=note,
        author=session.author(by),
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
def undo(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y")] = False,
    by: ByOpt = None,
) -> None:
    """Undo your last change (in any plan), after showing it; the undo is itself recorded."""
    from cqvet import recording
    from cqvet.render.changes import describe_change

    session = session_of(ctx)
    store = session.store()
    author = session.author(by)
    event = recording.last_change(store, author)
    update = store.event_progress(event.id) if event.kind == "progress" else None
    if event.kind == "measure_progress":
        from cqvet.store_measures import event_measure_progress

        update = event_measure_progress(store, event.id)
    say(describe_change(event, update, session.lang))
    if not yes and not typer.confirm(message("undo.confirm", session.lang), default=False, err=True):
        say(message("cancelled", session.lang))  # an answer, not a failure
        return
    recording.undo(store, event.id, author=author)
    say(message("done.undo", session.lang, event=event.id))
