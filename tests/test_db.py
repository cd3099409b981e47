"""Tests for cqvet.db and cqvet.migrations: where the database is, how it is opened and migrated."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from conftest import SEED
from measure_history import record_measure_history
from platformdirs import user_data_dir
from typer.testing import Result

from cqvet import db as dbmod
from cqvet.errors import DatabaseError
from cqvet.migrations import LEDGER_TABLES, MIGRATION_SET, STEP_NAMES, STEPS
from cqvet.store import Store

Run = Callable[..., Result]


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """A cqvet database holding the bundled plan, closed again."""
    Store.open(db_path, seed=SEED).close()
    return db_path


def raw(path: Path) -> closing[sqlite3.Connection]:
    """A plain connection, as another program (or a curious user) would open the file."""
    return closing(sqlite3.connect(path, isolation_level=None))


def applied(path: Path) -> list[tuple[str, str]]:
    with raw(path) as conn:
        return conn.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall()


# --- where the database is ------------------------------------------------------


def test_the_db_option_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An explicit path is used even when CQVET_DB is set."""
    monkeypatch.setenv("CQVET_DB", str(tmp_path / "env.db"))
    assert dbmod.database_path(tmp_path / "option.db") == tmp_path / "option.db"
    assert dbmod.database_path(str(tmp_path / "option.db")) == tmp_path / "option.db"


def test_the_environment_wins_over_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without --db, CQVET_DB moves the data."""
    monkeypatch.setenv("CQVET_DB", str(tmp_path / "env.db"))
    assert dbmod.database_path() == tmp_path / "env.db"
    assert dbmod.database_path(None) == tmp_path / "env.db"


def test_without_either_the_database_lives_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """With neither --db nor CQVET_DB (or an empty one), it is cqvet.db in platformdirs' user data folder."""
    default = Path(user_data_dir("cqvet", appauthor=False)) / "cqvet.db"
    monkeypatch.delenv("CQVET_DB")
    assert dbmod.database_path() == default
    monkeypatch.setenv("CQVET_DB", "")
    assert dbmod.database_path() == default


def test_a_home_relative_path_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`~/x.db` in --db or CQVET_DB means the user's home folder."""
    monkeypatch.setenv("HOME", str(tmp_path))
    assert dbmod.database_path("~/work/x.db") == tmp_path / "work" / "x.db"
    monkeypatch.setenv("CQVET_DB", "~/env.db")
    assert dbmod.database_path() == tmp_path / "env.db"


def test_the_command_line_option_picks_the_file(cqvet: Run, db_path: Path, tmp_path: Path) -> None:
    """`cqvet --db other.db plans` creates other.db in an existing folder, leaving the CQVET_DB file alone."""
    other = tmp_path / "elsewhere" / "other.db"
    other.parent.mkdir()
    result = cqvet("--db", str(other), "plans")
    assert result.exit_code == 0, result.output
    assert other.exists()
    assert not db_path.exists()
    assert cqvet("plans").exit_code == 0
    assert db_path.exists()


# --- migrating -------------------------------------------------------------------


def test_a_blank_database_migrates_with_every_step_recorded_once(db_path: Path) -> None:
    """Opening a file that does not exist creates it at the current schema, each step recorded once."""
    assert not db_path.exists()
    Store.open(db_path).close()
    assert applied(db_path) == [(MIGRATION_SET, name) for name in STEP_NAMES]
    assert len(set(STEP_NAMES)) == len(STEPS)
    Store.open(db_path).close()
    Store.open(db_path, seed=SEED).close()
    assert applied(db_path) == [(MIGRATION_SET, name) for name in STEP_NAMES]


def test_the_schema_is_current_after_migrating(db_path: Path, tmp_path: Path) -> None:
    """schema_state is 'pending' for an empty SQLite file and 'current' once cqvet has created one."""
    blank = tmp_path / "blank.db"
    blank.touch()
    with raw(blank) as conn:
        assert dbmod.applied_steps(conn) == []
        assert dbmod.schema_state(conn, blank) == "pending"
    Store.open(db_path).close()
    with raw(db_path) as conn:
        assert dbmod.applied_steps(conn) == list(STEP_NAMES)
        assert dbmod.schema_state(conn, db_path) == "current"


def test_the_migrated_schema_has_every_table_and_trigger(db_path: Path) -> None:
    """The plan tables, the ledger tables, two append-only triggers for each ledger table, and the
    rule on progress updates' dates (m013)."""
    Store.open(db_path).close()
    with raw(db_path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"plans", "sections", "points", "measures", "targets", "units", *LEDGER_TABLES} <= tables
    append_only = {f"{t}_append_only_{a}" for t in LEDGER_TABLES for a in ("update", "delete")}
    assert triggers == append_only | {"progress_updates_report_date_rule"}


def test_an_empty_file_is_refused_rather_than_taken_as_a_new_database(db_path: Path) -> None:
    """A zero-byte file (a database emptied by a failed copy, or `touch`) is refused and left as it is.

    cqvet never leaves an empty file where it creates a database (it builds
    the new one beside it and links it in), so an empty file means data lost
    elsewhere; starting a fresh ledger in it would hide that.
    """
    db_path.touch()
    with pytest.raises(DatabaseError) as info:
        Store.open(db_path, seed=SEED)
    assert (info.value.key, info.value.exit_code) == ("db_empty", 1)
    assert db_path.stat().st_size == 0
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_new_database_is_built_beside_its_place_and_appears_whole(db_path: Path) -> None:
    """Creating a database leaves exactly the database (no temporary file), holding the seed plan."""
    with closing(Store.open(db_path, seed=SEED)) as store:
        assert [(p.year, store.point_count(p)) for p in store.plans()] == [(2021, 17)]
    assert sorted(p.name for p in db_path.parent.iterdir() if not p.name.startswith(db_path.name)) == []


def test_a_database_of_another_program_is_not_cqvets(tmp_path: Path) -> None:
    """schema_state refuses a database with tables of its own and no cqvet migrations."""
    path = tmp_path / "other.db"
    with raw(path) as conn:
        conn.execute("CREATE TABLE foo (x)")
        with pytest.raises(DatabaseError) as info:
            dbmod.schema_state(conn, path)
    assert (info.value.key, info.value.exit_code) == ("db_not_cqvet", 1)


def test_a_database_from_a_newer_cqvet_is_refused(seeded: Path) -> None:
    """An applied step this cqvet does not know means a newer cqvet wrote the file."""
    with raw(seeded) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, 'm999_future', 'x')",
            (MIGRATION_SET,),
        )
        with pytest.raises(DatabaseError) as info:
            dbmod.schema_state(conn, seeded)
    assert info.value.key == "db_too_new"
    assert info.value.params["step"] == "m999_future"
    with pytest.raises(DatabaseError):
        Store.open(seeded)


def test_migrations_of_another_set_are_not_counted(db_path: Path) -> None:
    """Rows of another sqlite-utils program in _sqlite_migrations are neither known nor unknown steps."""
    Store.open(db_path).close()
    with raw(db_path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('plugin', 'm001_x', 'x')"
        )
        assert dbmod.schema_state(conn, db_path) == "current"


@pytest.mark.parametrize("content", [b"hello, world\n", b"PK\x03\x04" + bytes(200)])
def test_connect_refuses_a_file_that_is_not_sqlite(tmp_path: Path, content: bytes) -> None:
    """A file without the SQLite header is refused before SQLite opens it, and left unchanged."""
    path = tmp_path / "x.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as info:
        dbmod.connect(path)
    assert info.value.key == "db_not_sqlite"
    assert path.read_bytes() == content


def test_connect_refuses_a_directory(tmp_path: Path) -> None:
    """A folder is not a database."""
    with pytest.raises(DatabaseError) as info:
        dbmod.connect(tmp_path)
    assert info.value.key == "file_is_directory"


# --- what the schema enforces ------------------------------------------------------


def acknowledge_in_the_web(db_path: Path, number: int) -> None:
    """签收 of point `number`'s assignment by its lead, as `cqvet serve` records it (no command does)."""
    import datetime as dt

    from cqvet.store import Store
    from cqvet.store_users import acknowledge, current_assignment

    store = Store.open(db_path)
    try:
        plan = store.plan()
        point = store.point_id(plan, number)
        assignment = current_assignment(store, point, dt.date(2021, 12, 31))
        assert assignment is not None
        unit = store.conn.execute("SELECT lead_unit_id FROM owner_assignments WHERE id = ?", (assignment,))
        with store.transaction():
            acknowledge(
                store,
                plan,
                point_id=point,
                unit_id=unit.fetchone()[0],
                assignment_id=assignment,
                author="web",
                detail={},
            )
    finally:
        store.close()


@pytest.fixture
def full_ledger(cqvet: Run, db_path: Path, tmp_path: Path) -> Path:
    """A database with at least one row in every ledger table."""
    (tmp_path / "notices").mkdir()
    (tmp_path / "evidence.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    for args in (
        (
            "progress",
            "set",
            "2",
            "--percent",
            "40",
            "--date",
            "2021-03-31",
            "--attach",
            str(tmp_path / "evidence.pdf"),
        ),
        ("owner", "set", "11", "--lead", "市教委职成处", "--support", "市经济信息委"),
        ("owner", "set", "12", "--lead", "市教委职成处、市乡村振兴局"),
        ("owner", "rename", "市乡村振兴局", "市农业农村委", "--date", "2021-07-01"),
        ("deadline", "set", "11", "2021-06-30"),
        ("target", "set", "11.1", "--actual", "40", "--date", "2021-06-30"),
        ("plan", "set", "--report-by", "每月20日前", "--review"),
        ("progress", "set", "3", "--status", "done", "--date", "2021-04-01"),
        ("close", "3", "--confirm", "--date", "2021-04-02"),
        ("notices", "--as-of", "2021-07-02", "--output", str(tmp_path / "notices")),
    ):
        result = cqvet(*args)
        assert result.exit_code == 0, result.output
    acknowledge_in_the_web(db_path, 11)
    record_measure_history(db_path)
    with raw(db_path) as conn:
        for table in LEDGER_TABLES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    return db_path


@pytest.mark.slow
@pytest.mark.parametrize("table", LEDGER_TABLES)
def test_ledger_tables_refuse_update_and_delete(full_ledger: Path, table: str) -> None:
    """No UPDATE or DELETE gets past the append-only triggers, whoever connects."""
    with raw(full_ledger) as conn:
        before = conn.execute(f"SELECT * FROM {table}").fetchall()
        column = conn.execute(f"PRAGMA table_info({table})").fetchall()[0][1]
        with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
            conn.execute(f"UPDATE {table} SET {column} = {column}")
        with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
            conn.execute(f"DELETE FROM {table}")
        assert conn.execute(f"SELECT * FROM {table}").fetchall() == before


@pytest.mark.slow
def test_ledger_tables_accept_new_rows(full_ledger: Path) -> None:
    """Append-only is not read-only: a new event can still be inserted."""
    with raw(full_ledger) as conn:
        count = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        conn.execute("INSERT INTO events (kind, author, recorded_at) VALUES ('note', 'tester', '2021-01-01')")
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == count + 1


def test_foreign_keys_are_enforced_on_cqvet_connections(seeded: Path) -> None:
    """A point of a plan that does not exist, or progress on a point that does not exist, is refused."""
    conn = dbmod.connect(seeded)
    try:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            conn.execute("INSERT INTO points (plan_id, number, title, body) VALUES (999, 1, 't', 'b')")
        event = conn.execute(
            "INSERT INTO events (kind, author, recorded_at) VALUES ('progress', 'tester', 'x')"
        ).lastrowid
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            conn.execute(
                "INSERT INTO progress_updates (event_id, point_id, reported_on, percent, status) "
                "VALUES (?, 999, '2021-01-01', 10, 'in_progress')",
                (event,),
            )
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            conn.execute("DELETE FROM plans")
    finally:
        conn.close()


def test_check_constraints_refuse_impossible_values(seeded: Path) -> None:
    """A percent above 100 or an unknown status cannot be stored."""
    with closing(dbmod.connect(seeded)) as conn:
        event = conn.execute(
            "INSERT INTO events (kind, author, recorded_at) VALUES ('progress', 't', 'x')"
        ).lastrowid
        point = conn.execute("SELECT id FROM points WHERE number = 1").fetchone()[0]
        for percent, status in ((101, "in_progress"), (50, "finished")):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                conn.execute(
                    "INSERT INTO progress_updates (event_id, point_id, reported_on, percent, status) "
                    "VALUES (?, ?, '2021-01-01', ?, ?)",
                    (event, point, percent, status),
                )


def test_a_cqvet_database_is_in_wal_mode(seeded: Path) -> None:
    """Readers do not block the writer: the file stays in WAL mode, seen from any connection."""
    with raw(seeded) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with closing(Store.open(seeded)) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_a_foreign_database_is_not_switched_to_wal(tmp_path: Path) -> None:
    """Opening another program's database fails before any pragma changes it."""
    path = tmp_path / "other.db"
    with raw(path) as conn:
        conn.execute("CREATE TABLE foo (x)")
    with pytest.raises(DatabaseError):
        Store.open(path, seed=SEED)
    with raw(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["foo"]


def test_the_busy_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """CQVET_BUSY_TIMEOUT is in seconds; nonsense falls back to the 5-second default."""
    monkeypatch.setenv("CQVET_BUSY_TIMEOUT", "0.25")
    assert dbmod.busy_timeout_ms() == 250
    monkeypatch.setenv("CQVET_BUSY_TIMEOUT", "soon")
    assert dbmod.busy_timeout_ms() == dbmod.DEFAULT_BUSY_TIMEOUT_MS == 5000
    monkeypatch.delenv("CQVET_BUSY_TIMEOUT")
    assert dbmod.busy_timeout_ms() == 5000


RUN_SQL = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
print(conn.execute(sys.argv[2]).fetchall())
conn.close()  # the last connection of this process: SQLite checkpoints and deletes the -wal if it may
"""


def test_a_second_connection_in_one_process_keeps_everyones_writes_when_other_processes_come_and_go(
    tmp_path: Path,
) -> None:
    """Opening the file again in a process that has it open must not release that process's locks.

    Reading the header with a plain open/close dropped every POSIX lock of the process on the
    file; another process closing its last connection then deleted the -wal under the first
    connection, whose next write went into the deleted file, unseen by others, and its
    checkpoint at close lost a write another process had made meanwhile (found by
    `cqvet serve`'s load test).
    """
    import subprocess
    import sys

    def elsewhere(sql: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", RUN_SQL, str(path), sql],
            check=True,
            timeout=60,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()

    path = tmp_path / "cqvet.db"
    Store.open(path, seed=SEED).close()
    first = dbmod.connect(path)
    first.execute("CREATE TABLE probe (n INTEGER)")
    first.execute("INSERT INTO probe VALUES (1)")
    second = dbmod.connect(path)
    elsewhere("SELECT count(*) FROM probe")
    elsewhere("INSERT INTO probe VALUES (3)")
    first.execute("INSERT INTO probe VALUES (2)")
    assert elsewhere("SELECT n FROM probe ORDER BY n") == "[(1,), (2,), (3,)]"
    dbmod.disconnect(second, path)
    dbmod.disconnect(first, path)
    with closing(sqlite3.connect(path)) as fresh:
        assert fresh.execute("SELECT n FROM probe ORDER BY n").fetchall() == [(1,), (2,), (3,)]
