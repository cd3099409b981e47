"""Commands that produce reports: report, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cqvet.cli.options import AsciiOpt, ForceOpt, PlanOpt
from cqvet.cli.output import check_output, say, show, write, write_file
from cqvet.cli.root import app, seed_path, session_of
from cqvet.errors import UsageError
from cqvet.labels import message
from cqvet.render.formats import BINARY, ReportFormat, format_for, render

ReportFormatOpt = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
    ),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o")]


@app.command()
def report(
    ctx: typer.Context,
    quarter: Annotated[str | None, typer.Option("--quarter", "-q")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    fmt: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    tolerance: Annotated[float, typer.Option("--tolerance")] = 10.0,
    grace: Annotated[int | None, typer.Option("--grace", min=0, max=366)] = None,
    ascii: AsciiOpt = False,
    plan: PlanOpt = None,
    doc_number: Annotated[str, typer.Option("--doc-number")] = "",
    to: Annotated[str | None, typer.Option("--to")] = None,
    sender: Annotated[str, typer.Option("--from")] = "",
    dated: Annotated[str | None, typer.Option("--dated")] = None,
) -> None:
    """The quarterly completion report (季度进展情况通报), on screen or as a file to send on."""
    from cqvet.cli.options import day as day_of
    from cqvet.report import Dispatch, build_report, report_day
    from cqvet.store import utc_now

    session = session_of(ctx)
    if not 0 <= tolerance <= 100:
        raise UsageError("tolerance_invalid", value=tolerance)
    chosen_format = fmt or (format_for(output) if output else ReportFormat.terminal)
    if output is None and chosen_format in BINARY:
        raise UsageError("output_binary", fmt=chosen_format)
    if output is not None:
        check_output(output, force=force)  # before the work, not after it
    chosen = session.plan(plan)
    day = report_day(quarter, as_of, chosen, session.today)
    result = build_report(
        session.store(),
        chosen,
        as_of=day,
        tolerance=tolerance,
        generated_at=utc_now(),
        today=session.today,
        grace_days=grace,
    )
    dispatch = Dispatch(
        to=message("report.to_default", session.lang) if to is None else to.strip(),
        sender=sender.strip(),
        dated=day_of(dated, chosen, session.today),
        number=doc_number.strip(),
    )
    if output is not None:
        write_file(output, render(result, chosen_format, session.lang, ascii, dispatch), force=force)
        say(message("done.written", session.lang, path=str(output)))
    elif chosen_format is ReportFormat.terminal:
        from cqvet.render.report_terminal import render_report

        show(render_report(result, session.lang, ascii), crop=False)
    else:
        write(render(result, chosen_format, session.lang, dispatch=dispatch).decode("utf-8"))


@app.command()
def demo(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument()],
    quarter: Annotated[str, typer.Option("--quarter", "-q")] = "2021Q2",
    force: ForceOpt = False,
) -> None:
    """Build a plausible 2021 in a new database and write a sample report in every format."""
    from cqvet.dates import parse_quarter
    from cqvet.demo import DEMO_YEAR, fill_demo
    from cqvet.report import build_report
    from cqvet.store import Store, utc_now

    session = session_of(ctx)
    day = parse_quarter(quarter, plan_year=DEMO_YEAR).end  # refused before anything is written
    db = folder / "cqvet-demo.db"
    if db.exists() and not force:
        raise UsageError("demo_exists", path=str(db))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("cqvet-demo.db*"):
        stale.unlink()
    store = Store.open(db, seed=seed_path())
    try:
        chosen = store.plan()
        events = fill_demo(store, chosen)
        result = build_report(store, chosen, as_of=day, generated_at=utc_now())
    finally:
        store.close()
    say(message("done.demo", session.lang, db=str(db), events=events))
    for fmt in ReportFormat:
        path = folder / f"report-{result.quarter}.{'txt' if fmt is ReportFormat.terminal else fmt}"
        write_file(path, render(result, fmt, session.lang), force=True)
        say(f"  {path}")
