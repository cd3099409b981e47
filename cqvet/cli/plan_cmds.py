"""Commands that read the plan: load, plans, list, show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cqvet.cli.options import AsciiOpt, PlanOpt
from cqvet.cli.output import file_label, say, show
from cqvet.cli.root import app, session_of
from cqvet.errors import UsageError
from cqvet.labels import message


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
        author=session.author(),
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
    for a in (*loaded.assigned, *loaded.measures):
        say(_assigned_line(a, session.lang))
    if loaded.assigned:
        say(message("done.load_assigned", session.lang, points=len(loaded.assigned), event=result.event_id))
    if loaded.measures:
        say(message("done.load_measures", session.lang, measures=len(loaded.measures), event=result.event_id))


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
    what = ("；" if lang == "zh" else "; ").join(parts)
    if a.measure is not None:
        return message("load.measure", lang, ref=f"{a.number}-{a.measure}", what=what)
    return message("load.point", lang, number=a.number, what=what)


@app.command()
def plans(
    ctx: typer.Context,
    ascii: AsciiOpt = False,
    grace: Annotated[int | None, typer.Option("--grace", min=0, max=366)] = None,
    time_zone: Annotated[str | None, typer.Option("--time-zone")] = None,
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
            session.plan(plan), grace_days=grace, time_zone=time_zone.strip() if time_zone else None
        )
        rules = {"plan": chosen.id, "grace": chosen.grace_days, "tz": chosen.time_zone}
        say(message("done.plan_rules", session.lang, **rules))
    all_plans = store.plans()
    show(plans_table(all_plans, {p.id: store.point_count(p) for p in all_plans}, session.lang, ascii))
