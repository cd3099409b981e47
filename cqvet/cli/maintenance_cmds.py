"""Commands that look after the database file: doctor, backup, restore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cqvet.cli.options import ForceOpt
from cqvet.cli.output import say
from cqvet.cli.root import app, session_of
from cqvet.labels import has, message
from cqvet.migrations import STEP_NAMES
from cqvet.render.text import strip_controls


@app.command()
def doctor(
    ctx: typer.Context,
    repair: Annotated[bool, typer.Option("--repair")] = False,
) -> None:
    """Check the database: integrity, schema, append-only triggers, every row, deleted rows, network share."""
    from cqvet.maintenance import doctor as check

    session = session_of(ctx)
    found = check(session.store(), repair=repair)
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
    say(message("doctor.counts", lang, **found.counts))
    for warning in found.warnings:
        say(message(f"doctor.{warning}", lang))
    for problem in found.integrity:
        say("  - " + message("check.integrity", lang, text=problem))
    for finding in found.findings:
        say("  - " + finding_text(finding.key, finding.params, lang))
    if found.unlisted:
        say("  - " + message("doctor.unlisted", lang, count=found.unlisted))
    if found.repaired:
        say(message("doctor.repaired", lang, count=len(found.repaired)))
    elif any(f.key in ("check.trigger_missing", "check.trigger_altered") for f in found.findings):
        say(message("doctor.repair_hint", lang))
    if found.ok:
        say(message("doctor.ok", lang, path=str(found.path)))
        return
    say(message("doctor.problems", lang, count=found.problems, path=str(found.path)))
    raise typer.Exit(1)


def finding_text(key: str, params: dict[str, Any], lang: str) -> str:
    """A finding in words: which table (by its name in `lang`), which row, what is wrong."""
    words = dict(params)
    for name, kind in (("table", "table"), ("parent", "table"), ("column", "column"), ("action", "action")):
        if name in words and has(f"{kind}.{words[name]}"):
            words[name] = message(f"{kind}.{words[name]}", lang)
    if "value" in words:
        words["value"] = strip_controls(
            repr(words["value"]) if not isinstance(words["value"], str) else words["value"]
        )
    text = message(key, lang, **words)
    return (
        message("doctor.row", lang, table=words["table"], row=words["row"], text=text)
        if "row" in words
        else text
    )


@app.command()
def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument()],
    force: ForceOpt = False,
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
