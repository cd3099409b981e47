"""Commands that look after the database file: doctor, backup, restore."""

from pathlib import Path
from typing import Annotated

import typer

from cqvet.cli.output import say
from cqvet.cli.root import app, session_of
from cqvet.labels import message
from cqvet.migrations import STEP_NAMES


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the database: integrity, schema version, foreign keys, impossible rows, network share."""
    from cqvet.maintenance import doctor as check

    session = session_of(ctx)
    found = check(session.store())
    lang = session.lang
    say(
        message(
            "doctor.schema",
            lang,
            applied=len(found.schema),
            known=len(STEP_NAMES),
            last=found.schema[-1] if found.schema else "—",
        )
    )
    say(message("doctor.counts", lang, counts=", ".join(f"{k}={v}" for k, v in found.counts.items())))
    for warning in found.warnings:
        say(message(f"doctor.{warning}", lang))
    if found.ok:
        say(message("doctor.ok", lang, path=str(found.path)))
        return
    for problem in found.problems:
        say(f"  - {problem}")
    say(message("doctor.problems", lang, count=len(found.problems), path=str(found.path)))
    raise typer.Exit(1)


@app.command()
def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument()],
    force: Annotated[bool, typer.Option("--force")] = False,
) -> None:
    """Copy the database with SQLite's online backup API (safe while others write)."""
    from cqvet.maintenance import backup as copy

    session = session_of(ctx)
    copy(session.store(), target, force=force)
    say(message("done.backup", session.lang, path=str(target)))


@app.command()
def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument()],
) -> None:
    """Replace the database with a backup, keeping the replaced one beside it."""
    from cqvet.maintenance import restore as put_back

    session = session_of(ctx)
    aside = put_back(session.store(), source)
    session.close()
    session.store()  # reopening migrates a backup of an older schema
    say(message("done.restore", session.lang, source=str(source), aside=str(aside)))
