"""Commands that read the plan: load, plans, list, show."""

from pathlib import Path
from typing import Annotated

import typer

from cqvet.cli.options import AsciiOpt, AsOfOpt, FormatOpt, ListFormat, PlanOpt, day
from cqvet.cli.output import emit, say, show
from cqvet.cli.root import app, session_of
from cqvet.errors import UsageError
from cqvet.labels import message
from cqvet.selection import PointFilter, check_owner, select


def read_document(path: Path) -> str:
    """A plan document's text: UTF-8 (with or without BOM), else GBK as older Word exports write it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError("file_unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError("file_not_text", path=str(path))


@app.command()
def load(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A 工作要点 text file (UTF-8 or GBK).")],
) -> None:
    """Load a work plan document (工作要点) into the database; loading it again updates it in place."""
    from cqvet.plan_doc import parse_plan
    from cqvet.recording import default_author

    session = session_of(ctx)
    text = read_document(file)
    doc = parse_plan(text)
    result = session.store().load_plan(doc, source_name=file.name, source_text=text, author=default_author())
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


@app.command()
def plans(ctx: typer.Context, ascii: AsciiOpt = False) -> None:
    """List the plans in the database (newest first)."""
    from cqvet.render.terminal import plans_table

    session = session_of(ctx)
    store = session.store()
    all_plans = store.plans()
    show(plans_table(all_plans, {p.id: store.point_count(p) for p in all_plans}, session.lang, ascii))


@app.command("list")
def list_points(
    ctx: typer.Context,
    section: Annotated[
        str | None, typer.Option("--section", help="Section number (1), numeral (一) or words of its title.")
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only points this unit leads or supports.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="未启动/推进中/已完成/受阻/逾期 or not_started/in_progress/done/blocked/overdue."
        ),
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
    states = select(store.point_states(chosen, on, with_targets=False), keep, on)

    def records() -> list[dict[str, object]]:
        from cqvet.render.records import point_record

        return [point_record(s, on, session.lang, chosen.start) for s in states]

    def table() -> object:
        from cqvet.render.terminal import points_table

        return points_table(chosen, states, session.lang, on, ascii)

    from cqvet.render.records import LIST_KEYS

    emit(fmt, records, LIST_KEYS, table)


@app.command("show")
def show_point(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="The work point's number, e.g. 11.")],
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    history: Annotated[
        int,
        typer.Option("--history", min=0, max=1_000_000, help="Newest progress updates to show; 0 for all."),
    ] = 20,
    plan: PlanOpt = None,
) -> None:
    """Show one work point whole: text, measures, targets, owners, deadline and recent history."""
    from cqvet.recording import parse_point  # imported here, so `list` does without it

    session = session_of(ctx)
    store = session.store()
    chosen = store.plan(plan)
    on = day(as_of, chosen, session.today)
    detail = store.point_detail(chosen, parse_point(number), on, history=history or None)
    from cqvet.store_supervision import attachments_of, closures, issued
    from cqvet.supervision import review_state

    decisions = closures(store, chosen, on, detail.state.number)
    review = review_state(detail.state, decisions)

    notices = issued(store, chosen, on, detail.state.number)
    evidence = [
        a
        for a in attachments_of(store, chosen, detail.state.number)
        if a.reported_on is None or a.reported_on <= on
    ]
    names = {n.unit_id: store.unit_name_on(n.unit_id, n.as_of) for n in notices}
    if fmt is ListFormat.table:
        from cqvet.render.terminal import point_detail

        show(point_detail(chosen, detail, session.lang, on, ascii))
        if notices:
            from cqvet.render.supervision import issued_table

            show(issued_table(notices, names, session.lang, ascii))
        if review is not None or decisions:
            from cqvet.render.supervision import review_lines

            show(review_lines(review, decisions, session.lang))
        if evidence:
            from cqvet.render.supervision import attachments_table

            show(attachments_table(evidence, session.lang, ascii))
        return
    if fmt is ListFormat.csv:
        raise UsageError("format_unknown", text="csv", allowed="table, json")
    from cqvet.cli.output import write
    from cqvet.render.records import detail_record
    from cqvet.render.supervision import issued_rows
    from cqvet.render.text import to_json

    record = detail_record(detail, on, session.lang, chosen.start)
    record["notices"] = [
        {
            "as_of": n.as_of.isoformat(),
            "office": names[n.unit_id],
            "colour": n.colour,
            "times": times,
            "percent": n.percent,
            "expected": n.expected,
            "reply_by": n.reply_by.isoformat(),
            "event": n.event_id,
        }
        for n, times in issued_rows(notices)
    ]
    record["review"] = review
    record["returns"] = [
        {"reason": d.reason, "decided_on": d.decided_on.isoformat(), "event": d.event_id}
        for d in decisions
        if d.decision == "return"
    ]
    record["attachments"] = [
        {
            "id": a.id,
            "name": a.name,
            "size": a.size,
            "media_type": a.media_type,
            "sha256": a.sha256,
            "event": a.event_id,
            "reported_on": a.reported_on.isoformat() if a.reported_on else None,
        }
        for a in evidence
    ]
    write(to_json(record))
