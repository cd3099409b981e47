"""Commands that read the plan: load, plans, list, show."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cqvet.cli.options import AsciiOpt, AsOfOpt, FormatOpt, ListFormat, PlanOpt, day
from cqvet.cli.output import emit, file_label, say, show
from cqvet.cli.root import app, session_of
from cqvet.errors import UsageError
from cqvet.labels import message
from cqvet.schedule import day_is_over
from cqvet.selection import PointFilter, check_owner, select

if TYPE_CHECKING:
    import datetime as dt

    from cqvet.cli.root import Session
    from cqvet.models import Plan
    from cqvet.store import Store


@app.command()
def load(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument()],
    title: Annotated[str | None, typer.Option("--title")] = None,
    year: Annotated[int | None, typer.Option("--year", min=1900, max=2100)] = None,
) -> None:
    """Load a work plan document (工作要点) into the database; loading it again updates it in place."""
    from cqvet.documents import read_document
    from cqvet.loading import load_document
    from cqvet.plan_doc import parse_blocks
    from cqvet.recording import default_author

    session = session_of(ctx)
    if title is not None and not title.strip():
        raise UsageError("plan_title_empty")
    document = read_document(file)
    doc = parse_blocks(document.blocks, title=title.strip() if title else None, year=year)
    # A database that `load` creates holds just the loaded plan, not the bundled one.
    loaded = load_document(
        session.store(seed=False),
        doc,
        source_name=file_label(file),
        source_text=document.text,
        author=default_author(),
    )
    result = loaded.result
    say(
        message(
            f"done.load_{result.outcome}",
            session.lang,
            title=result.plan.title,
            sections=result.sections,
            points=result.points,
            targets=result.targets,
            plan=result.plan.id,
        )
    )
    for a in loaded.assigned:
        say(_assigned_line(a, session.lang))
    if loaded.assigned:
        say(message("done.load_assigned", session.lang, points=len(loaded.assigned), event=result.event_id))


def _assigned_line(a: object, lang: str) -> str:
    from cqvet.dates import format_date
    from cqvet.loading import Assigned

    assert isinstance(a, Assigned)
    parts = []
    if a.lead:
        sep = "、" if lang == "zh" else ", "
        parts.append(message("load.lead", lang, lead=a.lead, supports=sep.join(a.supports) or "—"))
    if a.deadline:
        key = "load.deadline" if a.due_on else "load.deadline_unread"
        day = format_date(a.due_on, lang) if a.due_on else ""
        parts.append(message(key, lang, written=a.deadline, date=day))
    return message("load.point", lang, number=a.number, what=("；" if lang == "zh" else "; ").join(parts))


@app.command()
def plans(
    ctx: typer.Context,
    ascii: AsciiOpt = False,
    grace: Annotated[
        int | None,
        typer.Option("--grace", min=0, max=366),
    ] = None,
    time_zone: Annotated[
        str | None,
        typer.Option("--time-zone"),
    ] = None,
    plan: PlanOpt = None,
) -> None:
    """List the plans in the database (newest first); --grace and --time-zone set a plan's reporting rules."""
    from cqvet.render.terminal import plans_table

    session = session_of(ctx)
    store = session.store()
    if grace is not None or time_zone is not None:
        from cqvet.clock import zone

        if time_zone is not None:
            zone(time_zone)  # refused before anything is written
        chosen = store.set_reporting_rules(
            store.plan(plan), grace_days=grace, time_zone=time_zone.strip() if time_zone else None
        )
        rules = {"plan": chosen.id, "grace": chosen.grace_days, "tz": chosen.time_zone}
        say(message("done.plan_rules", session.lang, **rules))
    all_plans = store.plans()
    show(plans_table(all_plans, {p.id: store.point_count(p) for p in all_plans}, session.lang, ascii))


@app.command("list")
def list_points(
    ctx: typer.Context,
    section: Annotated[str | None, typer.Option("--section")] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    status: Annotated[
        str | None,
        typer.Option("--status"),
    ] = None,
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """List the work points with lead, deadline, latest progress and status."""
    session = session_of(ctx)
    store = session.store()
    chosen = store.plan(plan)
    on = day(as_of, chosen, session.today)
    keep = PointFilter.parse(section, owner, status)
    if keep.owner:
        check_owner(keep.owner, store.unit_names(former=True))
    over = day_is_over(on, session.today)
    states = select(store.point_states(chosen, on, with_targets=False), keep, on, day_over=over)

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import point_record

        return [point_record(s, on, session.lang, chosen.start, day_over=over) for s in states]

    def table() -> object:
        from cqvet.render.terminal import points_table

        return points_table(chosen, states, session.lang, on, ascii, day_over=over)

    from cqvet.render.records import LIST_KEYS

    emit(fmt, records, LIST_KEYS, table)


@app.command("show")
def show_point(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument()],
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    history: Annotated[
        int,
        typer.Option("--history", min=0, max=1_000_000),
    ] = 20,
    plan: PlanOpt = None,
) -> None:
    """Show one work point whole: text, measures, targets, owners, deadline and recent history."""
    from cqvet.recording import parse_point  # imported here, so `list` does without it

    session = session_of(ctx)
    store = session.store()
    chosen = store.plan(plan)
    on = day(as_of, chosen, session.today)
    point = parse_point(number)
    if history == 0:
        _show_whole_history(session, store, chosen, point, on, fmt, ascii)
        return
    detail = store.point_detail(chosen, point, on, history=history)
    if fmt is ListFormat.table:
        from cqvet.render.supervision import point_supervision_parts
        from cqvet.render.terminal import point_detail

        show(point_detail(chosen, detail, session.lang, on, ascii, day_over=day_is_over(on, session.today)))
        for part in point_supervision_parts(detail, session.lang, ascii):
            show(part)
        return
    if fmt is ListFormat.csv:
        raise UsageError("format_unknown", text="csv", allowed="table, json")
    from cqvet.cli.output import write
    from cqvet.render.records import detail_record
    from cqvet.render.text import to_json

    write(
        to_json(
            detail_record(detail, on, session.lang, chosen.start, day_over=day_is_over(on, session.today))
        )
    )


def _show_whole_history(
    session: "Session",
    store: "Store",
    chosen: "Plan",
    point: int,
    on: "dt.date",
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
    batches = store.progress_log_batches(chosen, point)
    if fmt is ListFormat.table:
        from rich.console import Group

        from cqvet.render.terminal import console, point_detail_parts, progress_table_pieces

        over = day_is_over(on, session.today)
        before, after = point_detail_parts(chosen, detail, session.lang, on, ascii, day_over=over)
        show(Group(*before))
        title = message("word.progress_history", session.lang)
        stream(progress_table_pieces(batches, console(), session.lang, ascii, title, point), utf8=False)
        show(Group(*after))
        from cqvet.render.supervision import point_supervision_parts

        for part in point_supervision_parts(detail, session.lang, ascii):
            show(part)
        return
    marker = "\x00progress_history\x00"  # where the streamed list goes in the record's JSON
    head, tail = json.dumps(
        {
            **detail_record(detail, on, session.lang, chosen.start, day_over=day_is_over(on, session.today)),
            "progress_history": marker,
        },
        ensure_ascii=False,
        indent=2,
    ).split(json.dumps(marker))
    records = (progress_record(e, session.lang) for batch in batches for e in batch)
    stream(itertools.chain([head], json_array_chunks(records, depth=1), [tail, "\n"]), utf8=True)
