"""Commands that exchange sheets with the office.

`export assignments`, `export progress-form`, `import assignments`, `import progress`.

An import first shows what it would change; only `--apply` writes, and then
as one undoable event. Problems are listed on stderr, one line each, before
the single error line that ends the command with exit code 2.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cqvet.cli.options import AsciiOpt, AsOfOpt, ByOpt, DateOpt, ForceOpt, PlanOpt, day
from cqvet.cli.output import check_output, file_label, say, show, write_file
from cqvet.cli.root import Session, app, session_of
from cqvet.errors import UsageError
from cqvet.labels import message

if TYPE_CHECKING:
    from cqvet.models import Plan
    from cqvet.render.spreadsheet import OutTable
    from cqvet.sheets import Workbook
    from cqvet.store import Store

export_app = typer.Typer(
    help="Write sheets for the office: the 任务分解表 and progress forms (.xlsx or .csv).",
    no_args_is_help=True,
)
import_app = typer.Typer(
    help="Read filled-in sheets back: a preview first, --apply to write as one undoable change.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

OutputOpt = Annotated[Path, typer.Option("--output", "-o")]
FileArg = Annotated[Path, typer.Argument()]
ApplyOpt = Annotated[bool, typer.Option("--apply")]
SUFFIXES = (".xlsx", ".csv")


def _sheet_bytes(output: Path, table: OutTable) -> bytes:
    from cqvet.render.spreadsheet import to_csv, to_xlsx

    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError("format_unknown", text=output.suffix or output.name, allowed="xlsx, csv")
    return to_xlsx(table) if suffix == ".xlsx" else to_csv(table)


def _refuse(session: Session, source: Path, problems: tuple[object, ...]) -> None:
    from cqvet.exchange import Problem
    from cqvet.render.exchange import problem_lines

    listed = tuple(p for p in problems if isinstance(p, Problem))
    sys.stdout.flush()
    sys.stderr.write("".join(line + "\n" for line in problem_lines(listed, session.lang)))
    sys.stderr.flush()
    raise UsageError("import_refused", path=str(source), count=len(listed))


def _open_import(ctx: typer.Context, file: Path, plan: str | None) -> tuple[Session, Workbook, Store, Plan]:
    """What both imports start from: the session, the workbook read first (a bad file writes
    nothing, not even a new database), then the store and the chosen plan."""
    from cqvet.sheets import read_workbook

    session = session_of(ctx)
    book = read_workbook(file)
    return session, book, session.store(), session.plan(plan)


def _conclude(
    session: Session,
    source: Path,
    problems: tuple[object, ...],
    event_id: int | None,
    changes: bool,
    done_key: str,
    **params: object,
) -> None:
    """After the preview: refuse with the bad rows, or say what was recorded, or how to apply."""
    if problems:
        _refuse(session, source, problems)
    if event_id is not None:
        say(message(done_key, session.lang, event=event_id, **params))
    elif changes:
        say(message("import.preview_hint", session.lang))


def _export(
    ctx: typer.Context,
    output: Path,
    force: bool,
    as_of: str | None,
    plan: str | None,
    build: Callable[[Store, Plan, dt.date, str], OutTable],
) -> None:
    """What both exports do: refuse a bad output path before any work, build the sheet as of
    the day asked for, write it whole, and say where."""
    session = session_of(ctx)
    check_output(output, force=force)
    chosen = session.plan(plan)
    table = build(session.store(), chosen, day(as_of, chosen, session.today), session.lang)
    write_file(output, _sheet_bytes(output, table), force=force)
    say(message("done.written", session.lang, path=str(output)))


@export_app.command("assignments")
def export_assignments(
    ctx: typer.Context,
    output: OutputOpt,
    force: ForceOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """The 任务分解表: one row a point with its section, owners, deadline, leader and contact, and under
    it a row for each of its measures (序号 7（2）) with their own owners and deadline."""
    from cqvet.exchange import assignments_table

    _export(ctx, output, force, as_of, plan, assignments_table)


@export_app.command("progress-form")
def export_progress_form(
    ctx: typer.Context,
    owner: Annotated[str, typer.Option("--owner")],
    output: OutputOpt,
    force: ForceOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """A progress form (进展填报表) for one office: its points and measures, their last progress, columns
    to fill in."""
    from cqvet.exchange import progress_form_table

    def build(store: Store, chosen: Plan, on: dt.date, lang: str) -> OutTable:
        return progress_form_table(store, chosen, owner, on, lang)

    _export(ctx, output, force, as_of, plan, build)


@import_app.command("assignments")
def import_assignments(
    ctx: typer.Context,
    file: FileArg,
    apply: ApplyOpt = False,
    by: ByOpt = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
        ),
    ] = None,
    ascii: AsciiOpt = False,
    plan: PlanOpt = None,
) -> None:
    """Read a 任务分解表 back: new or changed owners, leaders, contacts and deadlines."""
    from cqvet import exchange
    from cqvet.render.exchange import assignment_preview

    session, book, store, chosen = _open_import(ctx, file, plan)
    author = session.author(by)
    result = exchange.import_assignments(
        store,
        chosen,
        book,
        apply=apply,
        author=author,
        effective_on=day(date, chosen, session.today) if date else None,
        today=session.today,
        source=file_label(file),
    )
    show(assignment_preview(result, session.lang, ascii))
    _conclude(
        session,
        file,
        result.problems,
        result.event_id,
        bool(result.changes),
        "done.import_assignments",
        points=len(result.changes),
        author=author,
    )


@import_app.command("progress")
def import_progress(
    ctx: typer.Context,
    file: FileArg,
    apply: ApplyOpt = False,
    by: ByOpt = None,
    date: DateOpt = None,
    correct: Annotated[bool, typer.Option("--correct")] = False,
    ascii: AsciiOpt = False,
    plan: PlanOpt = None,
) -> None:
    """Record a filled-in progress form: one update per filled row, all as one undoable change."""
    from cqvet import exchange
    from cqvet.render.exchange import progress_preview

    session, book, store, chosen = _open_import(ctx, file, plan)
    result = exchange.import_progress(
        store,
        chosen,
        book,
        apply=apply,
        author=session.author(by),
        reported_on=day(date, chosen, session.today) if date else None,
        correct=correct,
        today=session.today,
        source=file_label(file),
    )
    show(progress_preview(result, session.lang, ascii))
    _conclude(
        session,
        file,
        result.problems,
        result.event_id,
        bool(result.lines),
        "done.import_progress",
        count=len(result.lines),
        author=result.author,
    )
