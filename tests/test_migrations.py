"""Every older database upgrades to the current schema with its rows, its history and its reports intact.

Each file in tests/data/schema is a database written by the cqvet of one
schema step (the demo year plus the rows that step's ledger tables need;
tests/data/schema/README.md says how each was built). A copy of each is
opened by today's cqvet, which upgrades it, and then:

- every step is applied once, in order, and the file is sound;
- every row of every table the fixture had is still there as it was (read in
  the fixture's own columns, so a step that adds a column still compares),
  the ledger's history above all, and every ledger table keeps its
  append-only triggers;
- its quarterly reports (2021Q1 to Q4, JSON and Markdown) are those of the
  same year built today: a fresh `cqvet demo` with the same extra commands
  (tests/data/schema/extras.json), read by the same cqvet. *Decision:* the
  fixtures' own cqvets wrote reports in formats that have since changed (keys
  and wording added), so their reports cannot be compared byte for byte with
  today's; a fresh year built today can, and any row the upgrade lost, moved
  or misread shows up as a difference. Only the time the report was made is
  masked.

The eight-process upgrade of the same files (`tests/test_reliability.py`)
tests concurrency; this module is the plain upgrade, quick enough for the
inner loop.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cqvet.cli import app
from cqvet.migrations import LEDGER_TABLES, STEP_NAMES, append_only_triggers, ledger_tables

SCHEMA = Path(__file__).resolve().parent / "data" / "schema"
FIXTURES = sorted(SCHEMA.glob("*.db"))
EXTRAS = json.loads((SCHEMA / "extras.json").read_text(encoding="utf-8"))
QUARTERS = ("2021Q1", "2021Q2", "2021Q3", "2021Q4")
# Steps no cqvet ever ended with, so no file of theirs can exist: m003 landed with m004 in one
# commit, m009 with m010 in one merge.
NEVER_LAST = {"m003_owner_co_leads", "m009_author_index"}
WEB_ONLY = {"acknowledgements"}
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?")


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def columns_of(db: Path) -> dict[str, list[str]]:
    """Each table of `db` (but the migrations' own) with its column names."""
    tables = [name for (name,) in query(db, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        t: [row[1] for row in query(db, f'PRAGMA table_info("{t}")')]
        for t in tables
        if t != "_sqlite_migrations"
    }


def rows_of(db: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables and columns named, sorted (owner_supports has no rowid to order by)."""
    found = {}
    for table, names in columns.items():
        listed = ", ".join(f'"{name}"' for name in names)
        found[table] = sorted(query(db, f'SELECT {listed} FROM "{table}"'), key=repr)
    return found


def applied(db: Path) -> list[str]:
    return [name for (name,) in query(db, "SELECT name FROM _sqlite_migrations ORDER BY id")]


def cqvet(*args: str) -> str:
    """Run cqvet in-process as the fixtures' recorder; its output, or the test fails with it."""
    result = CliRunner().invoke(app, list(args), env={"CQVET_USER": "fixture", "CQVET_LANG": "zh"})
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def upgraded(fixture: Path, tmp_path: Path) -> Path:
    """A copy of `fixture`, opened (and so upgraded) by today's cqvet."""
    db = tmp_path / fixture.name
    shutil.copyfile(fixture, db)
    cqvet("--db", str(db), "plans")
    return db


def extra_commands(step: str, folder: Path) -> list[list[str]]:
    """The commands that wrote the fixture of `step` after the demo year, `{dir}` filled in."""
    for name, text in EXTRAS["files"].items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "notices").mkdir(exist_ok=True)
    return [[arg.replace("{dir}", str(folder)) for arg in args] for args in EXTRAS["commands"][step]]


_REPORTS_TODAY: dict[str, dict[str, Any]] = {}


@pytest.fixture
def reports_today(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The reports of the demo year with a fixture's extra commands, built by today's cqvet
    (once per set of commands: several fixtures share theirs)."""

    def build(step: str) -> dict[str, Any]:
        key = json.dumps(EXTRAS["commands"][step])
        if key not in _REPORTS_TODAY:
            folder = tmp_path_factory.mktemp("today")
            cqvet("demo", str(folder))
            db = folder / "cqvet-demo.db"
            for args in extra_commands(step, folder):
                cqvet("--db", str(db), *args)
            _REPORTS_TODAY[key] = reports(db)
        return _REPORTS_TODAY[key]

    return build


def reports(db: Path) -> dict[str, Any]:
    """The year's four quarterly reports as JSON and Markdown, the time they were made masked."""
    found: dict[str, Any] = {}
    for quarter in QUARTERS:
        data = json.loads(cqvet("--db", str(db), "report", "--quarter", quarter, "--format", "json"))
        found[f"{quarter}.json"] = json.loads(STAMP.sub("<made>", json.dumps(_unmade(data))))
        found[f"{quarter}.md"] = STAMP.sub(
            "<made>", cqvet("--db", str(db), "report", "-q", quarter, "-f", "md")
        )
    return found


def _unmade(data: Any) -> Any:
    """`data` without the keys that say when the report was made."""
    if isinstance(data, dict):
        return {k: _unmade(v) for k, v in data.items() if not k.startswith("generated_at")}
    if isinstance(data, list):
        return [_unmade(v) for v in data]
    return data


def test_every_schema_step_up_to_the_newest_fixture_has_a_fixture_of_its_own() -> None:
    """A step that lands gets its file, except a step no cqvet ever ended with (m003, with m004).

    Steps newer than the newest fixture are still tested: every fixture is
    upgraded through them.
    """
    names = [p.stem for p in FIXTURES]
    assert names, "no schema fixtures found"
    assert set(names) <= set(STEP_NAMES)
    newest = STEP_NAMES.index(max(names, key=STEP_NAMES.index))
    missing = [s for s in STEP_NAMES[: newest + 1] if s not in names and s not in NEVER_LAST]
    assert missing == []
    assert set(EXTRAS["commands"]) == set(names)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_an_old_database_upgrades_with_every_row_and_history_as_it_was(fixture: Path, tmp_path: Path) -> None:
    """Every step applied once, in order; every row of the fixture's tables unchanged; the file sound."""
    before_steps = applied(fixture)
    assert before_steps == list(STEP_NAMES[: len(before_steps)])
    assert before_steps[-1] == fixture.stem
    columns = columns_of(fixture)
    before = rows_of(fixture, columns)

    db = upgraded(fixture, tmp_path)

    assert applied(db) == list(STEP_NAMES)
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "PRAGMA foreign_key_check") == []
    after = rows_of(db, columns)
    assert [t for t in before if after[t] != before[t]] == []
    # The fixture holds a history in every ledger table its steps have, so none is compared empty,
    # except what only a browser writes (签收 through cqvet serve): the fixtures are built by CLI commands.
    assert [t for t in ledger_tables(before_steps) if not before[t] and t not in WEB_ONLY] == []
    triggers = {
        name: sql for name, sql in query(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    assert {n: triggers.get(n) for n in append_only_triggers(LEDGER_TABLES)} == append_only_triggers(
        LEDGER_TABLES
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_an_upgraded_database_reports_its_year_as_the_same_year_built_today(
    fixture: Path, tmp_path: Path, reports_today: Any
) -> None:
    """2021Q1 to Q4, JSON and Markdown: the upgraded file's reports equal a fresh demo year's with the
    same extra commands, both read by today's cqvet."""
    db = upgraded(fixture, tmp_path)

    got, expected = reports(db), reports_today(fixture.stem)

    assert [name for name in expected if got[name] != expected[name]] == []
    assert got == expected


def test_an_upgraded_database_takes_new_history_and_keeps_refusing_to_rewrite_the_old(tmp_path: Path) -> None:
    """After the upgrade of the oldest file the ledger still grows, and UPDATE or DELETE on it is refused."""
    db = upgraded(FIXTURES[0], tmp_path)
    count = query(db, "SELECT count(*) FROM progress_updates")[0][0]

    cqvet("--db", str(db), "progress", "set", "4", "-p", "90", "--date", "2021-12-20", "--note", "升级后")

    assert query(db, "SELECT count(*) FROM progress_updates")[0][0] == count + 1
    conn = sqlite3.connect(db)
    try:
        for sql in ("UPDATE progress_updates SET percent = 0", "DELETE FROM owner_assignments"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    finally:
        conn.close()


# --- m012_measures is additive --------------------------------------------------------------------

M012 = "m012_measures"


def schema_objects(db: Path) -> dict[str, tuple[str, str, str | None]]:
    """Every table, index and trigger of `db` by name: its kind, its table and its SQL."""
    return {
        name: (kind, table, sql)
        for kind, name, table, sql in query(db, "SELECT type, name, tbl_name, sql FROM sqlite_master")
    }


def migrate(db: Path, *, stop_before: str | None = None) -> None:
    """Apply the pending steps to `db` (all, or those before `stop_before`) with cqvet's migration set."""
    from sqlite_utils import Database

    from cqvet.migrations import migrations

    conn = sqlite3.connect(db)
    try:
        migrations().apply(Database(conn), stop_before=stop_before)
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_the_measures_step_only_adds_its_own_empty_tables_indexes_and_triggers(
    fixture: Path, tmp_path: Path
) -> None:
    """Brought up to the step before m012, then through m012: every table, index and trigger that was
    there is as it was (the point-level ones above all), every row too; what is new is m012's
    own tables, with their indexes and append-only triggers, and they are empty."""
    from cqvet.migrations import LEDGER_TABLES_OF_STEP

    db = tmp_path / fixture.name
    shutil.copyfile(fixture, db)
    migrate(db, stop_before=M012)
    assert applied(db)[-1] == STEP_NAMES[STEP_NAMES.index(M012) - 1]
    objects, columns = schema_objects(db), columns_of(db)
    before = rows_of(db, columns)

    later = STEP_NAMES[STEP_NAMES.index(M012) + 1 :]
    migrate(db, stop_before=later[0] if later else None)

    assert applied(db)[-1] == M012
    after_objects = schema_objects(db)
    assert {name: after_objects.get(name) for name in objects} == objects
    new_tables = set(LEDGER_TABLES_OF_STEP[M012])
    added = {name: found for name, found in after_objects.items() if name not in objects}
    assert {table for _, table, _ in added.values()} == new_tables
    assert {name for name, (kind, _, _) in added.items() if kind == "table"} == new_tables
    assert set(append_only_triggers(new_tables)) <= set(added)
    assert rows_of(db, columns) == before
    assert {table: query(db, f"SELECT count(*) FROM {table}")[0][0] for table in new_tables} == dict.fromkeys(
        new_tables, 0
    )
