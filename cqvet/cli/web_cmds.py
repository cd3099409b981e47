"""Commands that hand the ledger to other programs: calendar (.ics), serve (Datasette)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cqvet.cli.options import ForceOpt, PlanOpt
from cqvet.cli.output import check_output, say, write_file
from cqvet.cli.root import app, session_of
from cqvet.labels import message


@app.command()
def calendar(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o")],
    force: ForceOpt = False,
    plan: PlanOpt = None,
) -> None:
    """Export every point's deadline as an iCalendar (.ics) file for Outlook, WPS or a phone calendar."""
    import datetime as dt

    from cqvet.deadline_calendar import build_calendar
    from cqvet.render.ics import render_ics

    session = session_of(ctx)
    check_output(output, force=force)
    chosen = session.plan(plan)
    deadlines = build_calendar(session.store(), chosen, session.today)
    write_file(output, render_ics(deadlines, session.lang, dt.datetime.now(dt.UTC)), force=force)
    say(message("done.calendar", session.lang, path=str(output), count=len(deadlines.events)))


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", min=0, max=65535)] = 8001,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
) -> None:
    """Browse the database read-only in a web browser (Datasette; needs pip install 'cqvet[web]')."""
    import gc

    from cqvet import web
    from cqvet.cli import PYTHON_GC_THRESHOLD

    gc.set_threshold(*PYTHON_GC_THRESHOLD)  # a server runs for hours: collect as Python does
    session = session_of(ctx)
    plans = session.store().plans()
    meta = web.metadata(session.path.stem, plans[0].title if plans else "cqvet", session.lang)
    session.close()  # Datasette opens the file itself, read-only

    def ready(bound_host: str, bound_port: int) -> None:
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host  # an IPv6 address in a URL
        say(message("serve.running", session.lang, host=shown, port=bound_port))

    web.run(session.path, meta, host, port, ready, session.lang)
