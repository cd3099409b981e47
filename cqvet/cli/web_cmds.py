"""Commands that hand the ledger to other programs: calendar (.ics), serve (the web pages, or Datasette)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cqvet.cli.options import ForceOpt, PlanOpt
from cqvet.cli.output import check_output, say, write_file
from cqvet.cli.root import app, session_of
from cqvet.errors import CqvetError
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
    insecure_http: Annotated[bool, typer.Option("--insecure-http")] = False,
    behind_proxy: Annotated[bool, typer.Option("--behind-proxy")] = False,
    raw: Annotated[bool, typer.Option("--raw")] = False,
) -> None:
    """Offices report, steering reviews, leaders look: the ledger in a browser behind a login
    (needs pip install 'cqvet[web]'); the steering office also browses the raw tables at /data/.
    --raw serves those tables alone, with free SQL and no login, on this computer only (Datasette)."""
    import gc

    from cqvet.cli import PYTHON_GC_THRESHOLD
    from cqvet.errors import UsageError
    from cqvet.web import is_loopback

    gc.set_threshold(*PYTHON_GC_THRESHOLD)  # a server runs for hours: collect as Python does
    session = session_of(ctx)
    if not is_loopback(host) and not insecure_http:
        raise UsageError("serve.plain_http", host=host)
    plans = session.store().plans()  # creates and migrates a new database, as every command does
    lang = session.lang

    def ready(bound_host: str, bound_port: int) -> None:
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host  # an IPv6 address in a URL
        say(message("serve.running" if raw else "serve.app_running", lang, host=shown, port=bound_port))

    if raw:
        from cqvet import web

        meta = web.metadata(session.path.stem, plans[0].title if plans else "cqvet", lang)
        session.close()  # Datasette opens the file itself, read-only
        web.run(session.path, meta, host, port, ready, lang)
        return
    session.close()  # every request opens the file itself
    try:
        from cqvet.serve.app import run
    except ImportError as exc:
        raise CqvetError("web_missing") from exc
    run(session.path, host, port, ready, lang, https=behind_proxy)
