"""Damaged, crafted and unusable database files: each refused in one line that says what is wrong.

The schema's invariants live in one place (`cqvet.db`): every open checks the
schema objects (tables, append-only triggers), `restore` and `doctor` also
every row. A file that cannot be a database (a pipe, a device, a folder, an
empty file, a `-wal` left alone) is refused by its type and size before
SQLite opens it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqvet import db as dbmod
from cqvet.errors import DatabaseError
from cqvet.labels import message
from cqvet.migrations import REPORT_DATE_RULE, append_only_triggers

Run = Callable[..., Any]
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX file types and permissions")


def zh(key: str, **params: Any) -> str:
    return message("error_prefix", "zh") + message(key, "zh", **params)


def raw(db: Path) -> sqlite3.Connection:
    """A plain connection, as a person editing the file behind cqvet's back would open it."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    return conn


def one_line(result: Any, key: str, code: int = 1, **params: Any) -> None:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [zh(key, **params)]


# --- crafted files offered to restore ---------------------------------------------------------

EVENT = (
    "INSERT INTO events (kind, plan_id, author, recorded_at) "
    "VALUES ('{kind}', 1, 'x', '2021-07-01T00:00:00Z')"  # after every date below: m013's rule
)
CRAFTS: dict[str, list[str]] = {
    "a date that does not exist": [
        EVENT.format(kind="progress"),
        "INSERT INTO progress_updates (event_id, point_id, reported_on, percent, status) "
        "VALUES ((SELECT max(id) FROM events), 1, '2021-06-31', 10, 'in_progress')",
    ],
    "a Chinese phrase in a date column": [
        EVENT.format(kind="deadline"),
        "INSERT INTO deadline_changes (event_id, point_id, due_on, as_written, effective_on) "
        "VALUES ((SELECT max(id) FROM events), 1, '6月底', '6月底', '2021-01-01')",
    ],
    "a point number that is not a number": ["UPDATE points SET number = 'abc' WHERE number = 17"],
    "the year 99999": ["UPDATE plans SET year = 99999"],
    "an unknown status": [
        EVENT.format(kind="progress"),
        "INSERT INTO progress_updates (event_id, point_id, reported_on, percent, status) "
        "VALUES ((SELECT max(id) FROM events), 1, '2021-06-01', 10, 'pwned')",
    ],
    "a percent of 40.5": [
        EVENT.format(kind="progress"),
        "INSERT INTO progress_updates (event_id, point_id, reported_on, percent, status) "
        "VALUES ((SELECT max(id) FROM events), 1, '2021-06-01', 40.5, 'in_progress')",
    ],
    "an actual that is text": [
        EVENT.format(kind="target"),
        "INSERT INTO target_actuals (event_id, target_id, value, reported_on) "
        "VALUES ((SELECT max(id) FROM events), (SELECT min(id) FROM targets), 'lots', '2021-06-01')",
    ],
    "dropped append-only triggers": [
        "DROP TRIGGER progress_updates_append_only_update",
        "DROP TRIGGER progress_updates_append_only_delete",
    ],
    "a deleted undo event": [
        "DROP TRIGGER events_append_only_delete",
        "DELETE FROM events WHERE id = (SELECT max(id) FROM events WHERE kind = 'undo')",
        "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'cqvet: events is append-only'); END",
    ],
}


COUNTS = {"dropped append-only triggers": 2, "the year 99999": 4}


@pytest.fixture
def good_backup(cqvet: Run, loaded: Path, tmp_path: Path) -> Path:
    """A backup holding two updates, one undone, and the live database one update further."""
    for percent in ("20", "30"):
        assert cqvet("progress", "set", "3", "--percent", percent, "--note", f"at {percent}").exit_code == 0
    assert cqvet("undo", "--yes").exit_code == 0
    assert cqvet("progress", "set", "4", "--percent", "10").exit_code == 0
    backup = tmp_path / "good.db"
    assert cqvet("backup", str(backup)).exit_code == 0
    assert cqvet("progress", "set", "5", "--percent", "10", "--note", "live only").exit_code == 0
    return backup


@pytest.mark.slow
@pytest.mark.parametrize("craft", list(CRAFTS), ids=list(CRAFTS))
def test_restore_refuses_a_crafted_database_and_changes_nothing(
    cqvet: Run, loaded: Path, good_backup: Path, tmp_path: Path, craft: str
) -> None:
    """Each crafted backup (impossible date, 6月底 as a date, point 'abc', year 99999, status 'pwned',
    percent 40.5, text as an actual, triggers dropped, an undo deleted): exit 1, one line, nothing changed.

    The old restore accepted all of them (only SQLite's integrity check ran).
    """
    crafted = tmp_path / "crafted.db"
    shutil.copyfile(good_backup, crafted)
    conn = raw(crafted)
    for sql in CRAFTS[craft]:
        conn.execute(sql)
    conn.close()
    before = snapshot(loaded)

    result = cqvet("restore", str(crafted))

    assert result.exit_code == 1, result.output
    expected = zh("restore_invalid", path=str(crafted), count=COUNTS.get(craft, 1))
    assert result.stderr.splitlines() == [expected]
    assert snapshot(loaded) == before
    assert list(loaded.parent.glob("cqvet.replaced-*")) == []


def test_restore_says_how_many_things_are_wrong(cqvet: Run, loaded: Path, good_backup: Path) -> None:
    """Two impossible dates and an unknown status: the line counts 3 and points to doctor."""
    conn = raw(good_backup)
    for sql in CRAFTS["a date that does not exist"] + CRAFTS["an unknown status"]:
        conn.execute(sql)
    conn.execute("UPDATE plans SET start_on = '2021-02-30'")
    conn.close()

    result = cqvet("restore", str(good_backup))

    one_line(result, "restore_invalid", path=str(good_backup), count=3)


def test_the_trigger_text_cqvet_repairs_with_is_the_text_its_migrations_create(loaded: Path) -> None:
    """append_only_triggers() holds, trigger by trigger, what sqlite_master holds after migrating."""
    conn = sqlite3.connect(loaded)
    stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    conn.close()
    assert stored == {**append_only_triggers(), "progress_updates_report_date_rule": REPORT_DATE_RULE}


# --- doctor: every row, the triggers, deleted rows, in words ----------------------------------------


def test_doctor_names_an_impossible_date_in_words(cqvet: Run, loaded: Path) -> None:
    """An update dated 2021-06-31: doctor says which record, and that the date does not exist; exit 1."""
    conn = raw(loaded)
    for sql in CRAFTS["a date that does not exist"]:
        conn.execute(sql)
    row = conn.execute("SELECT max(id) FROM progress_updates").fetchone()[0]
    conn.close()

    result = cqvet("doctor")

    assert result.exit_code == 1
    assert (
        f"  - 进展记录第 {row} 条：填报日期的“2021-06-31”不是真实的日期（应为 2021-06-30 这样的日期）"
        in result.stdout.splitlines()
    )
    assert message("doctor.problems", "zh", count=1, path=str(loaded)) in result.stdout.splitlines()


def test_doctor_speaks_english_when_asked(cqvet: Run, loaded: Path) -> None:
    """The same finding with --lang en, and the counts in words."""
    conn = raw(loaded)
    for sql in CRAFTS["an unknown status"]:
        conn.execute(sql)
    row = conn.execute("SELECT max(id) FROM progress_updates").fetchone()[0]
    conn.close()

    result = cqvet("--lang", "en", "doctor")

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        f"  - progress update #{row}: the status 'pwned' is unknown (not_started, in_progress, done, blocked)"
        in lines
    )
    assert any(line.startswith("rows: 1 plan(s), 17 point(s)") for line in lines)


def tamper(db: Path) -> dict[str, int]:
    """Drop the triggers of events and progress_updates, delete an undo event, edit a percent."""
    conn = raw(db)
    for table in ("events", "progress_updates"):
        for action in ("update", "delete"):
            conn.execute(f"DROP TRIGGER {table}_append_only_{action}")
    undo = conn.execute("SELECT max(id) FROM events WHERE kind = 'undo'").fetchone()[0]
    conn.execute("DELETE FROM events WHERE id = ?", (undo,))
    conn.execute("UPDATE progress_updates SET percent = 95 WHERE id = 1")
    last = conn.execute("SELECT max(id) FROM events").fetchone()[0]
    conn.close()
    return {"undo": undo, "last_event": last}


def test_doctor_notices_dropped_triggers_and_a_deleted_undo(
    cqvet: Run, good_backup: Path, loaded: Path
) -> None:
    """Triggers of two tables dropped, an undo deleted: 4 trigger lines, 1 deleted-rows line, exit 1.

    The old doctor said 正常 (the percent edited to 95 is a valid percent:
    only the missing triggers tell that history may have been rewritten).
    """
    tamper(loaded)

    result = cqvet("doctor")

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for words in ("操作记录", "进展记录"):
        for action in ("改写", "删除"):
            assert f"  - {words}的防{action}触发器缺失：这些记录可能已被改写或删除" in lines
    assert any(line.startswith("  - 操作记录编号 1 至") and "缺少 1 条" in line for line in lines)
    assert message("doctor.repair_hint", "zh") in lines
    assert message("doctor.problems", "zh", count=5, path=str(loaded)) in lines


def test_a_database_missing_its_triggers_refuses_writes_but_still_answers_reads(
    cqvet: Run, good_backup: Path, loaded: Path
) -> None:
    """Triggers dropped: `progress set` exits 1 with one line and writes nothing; `list` still works."""
    tamper(loaded)
    before = snapshot(loaded)

    written = cqvet("progress", "set", "6", "--percent", "10")
    listed = cqvet("list", "--format", "json")

    one_line(written, "db_triggers_missing", path=str(loaded))
    assert snapshot(loaded) == before
    assert listed.exit_code == 0, listed.output


def test_doctor_repair_recreates_the_triggers_reports_the_rows_and_changes_no_row(
    cqvet: Run, good_backup: Path, loaded: Path
) -> None:
    """`doctor --repair`: 4 triggers back, the deleted undo still reported, rows as they were; writes work."""
    tamper(loaded)
    rows_before = {t: r for t, r in snapshot(loaded).items() if t != "sqlite_master"}

    result = cqvet("doctor", "--repair")

    lines = result.stdout.splitlines()
    assert message("doctor.repaired", "zh", count=4) in lines
    assert any("缺少 1 条" in line for line in lines)  # reported, not "fixed"
    assert result.exit_code == 1  # the deleted undo is still a problem a person must look at
    assert message("doctor.problems", "zh", count=1, path=str(loaded)) in lines
    assert {t: r for t, r in snapshot(loaded).items() if t != "sqlite_master"} == rows_before
    conn = sqlite3.connect(loaded)
    stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    conn.close()
    assert stored == {**append_only_triggers(), "progress_updates_report_date_rule": REPORT_DATE_RULE}
    assert cqvet("progress", "set", "6", "--percent", "10").exit_code == 0


def test_doctor_repair_on_a_sound_database_changes_nothing_and_says_ok(cqvet: Run, loaded: Path) -> None:
    """Nothing missing: no repair line, the ok line, exit 0."""
    result = cqvet("doctor", "--repair")
    assert result.exit_code == 0, result.output
    assert not any(line.startswith("已重建") for line in result.stdout.splitlines())
    assert message("doctor.ok", "zh", path=str(loaded)) in result.stdout.splitlines()


# --- files that are not usable databases ----------------------------------------------------------


def test_a_truncated_database_is_called_truncated(cqvet: Run, loaded: Path) -> None:
    """The file cut to half its length: exit 1, the truncated line (the old one said 不是 cqvet 数据库)."""
    data = loaded.read_bytes()
    loaded.write_bytes(data[: len(data) // 2])
    result = cqvet("list")
    one_line(result, "db_truncated", path=str(loaded))
    assert loaded.read_bytes() == data[: len(data) // 2]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=0.999))
def test_any_cut_of_a_database_is_diagnosed_as_truncated(cut: float, tmp_path_factory: Any) -> None:
    """Cut anywhere short of its end, a database is refused or diagnosed as truncated, never as foreign."""
    from conftest import SEED

    from cqvet.store import Store

    folder = tmp_path_factory.mktemp("cut")
    whole = folder / "whole.db"
    Store.open(whole, seed=SEED).close()
    data = whole.read_bytes()
    cut_file = folder / "cut.db"
    cut_file.write_bytes(data[: max(1, int(len(data) * cut))])
    try:
        dbmod.check_file(cut_file)
    except DatabaseError as exc:
        assert exc.key == "db_truncated"
    else:
        assert dbmod.damage(cut_file) == "db_truncated"


def test_a_malformed_database_is_called_damaged_in_the_users_language(cqvet: Run, loaded: Path) -> None:
    """Pages after the first overwritten: exit 1, the damaged line in Chinese (the old one was English)."""
    data = bytearray(loaded.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page : len(data)] = bytes([0x5A]) * (len(data) - page)
    loaded.write_bytes(bytes(data))
    result = cqvet("list")
    one_line(result, "db_malformed", path=str(loaded))


def test_a_text_file_is_not_a_database(cqvet: Run, db_path: Path) -> None:
    """A text file as the database: exit 1, the not-a-database line, the file unchanged."""
    db_path.write_text("会议纪要\n", encoding="utf-8")
    result = cqvet("list")
    one_line(result, "db_not_sqlite", path=str(db_path))
    assert db_path.read_text(encoding="utf-8") == "会议纪要\n"


def test_an_empty_file_is_refused_and_stays_empty(cqvet: Run, db_path: Path) -> None:
    """A 0-byte file: exit 1, the empty-file line, still 0 bytes, nothing created beside it."""
    db_path.touch()
    result = cqvet("list")
    one_line(result, "db_empty", path=str(db_path))
    assert db_path.stat().st_size == 0
    assert [p.name for p in db_path.parent.iterdir()] == [db_path.name]


def test_a_wal_left_without_its_database_is_not_replayed_into_a_new_one(cqvet: Run, loaded: Path) -> None:
    """The database gone, its -wal left: exit 1, the orphan line naming the -wal, no new database."""
    keeper = sqlite3.connect(loaded)  # an open connection keeps the -wal when the command ends
    keeper.execute("SELECT count(*) FROM plans").fetchone()
    assert cqvet("progress", "set", "2", "--percent", "10").exit_code == 0
    wal = loaded.with_name(loaded.name + "-wal")
    saved = wal.read_bytes()
    keeper.close()
    loaded.unlink()
    for leftover in loaded.parent.glob(loaded.name + "-*"):
        leftover.unlink()
    wal.write_bytes(saved)
    assert saved

    result = cqvet("list")

    one_line(result, "db_wal_orphan", path=str(loaded), wal=str(wal))
    assert not loaded.exists()
    assert wal.read_bytes() == saved


def test_a_folder_as_the_database_is_refused(cqvet: Run, tmp_path: Path) -> None:
    """--db naming a folder: exit 1, the folder line."""
    folder = tmp_path / "data"
    folder.mkdir()
    result = cqvet("--db", str(folder), "list")
    one_line(result, "file_is_directory", path=str(folder))


@posix_only
def test_a_fifo_as_the_database_is_refused_without_waiting(cqvet: Run, tmp_path: Path) -> None:
    """--db naming a FIFO: refused by its type at once (the old open waited forever for a writer)."""
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    result = cqvet("--db", str(fifo), "list")
    one_line(result, "file_is_fifo", path=str(fifo))


@posix_only
def test_a_device_as_the_database_is_refused(cqvet: Run) -> None:
    """--db /dev/null: refused as a device."""
    result = cqvet("--db", "/dev/null", "list")
    one_line(result, "file_is_device", path="/dev/null")


# --- a read-only folder or mount -----------------------------------------------------------------


def run_without_write_access(folder: Path, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """Run cqvet commands in this process as a user who cannot write in `folder`.

    Made read-only by its permissions; as root, whom permissions do not stop,
    in a forked child that has switched to the `nobody` user (after this
    process imported everything the commands need, which nobody may not read).
    """
    import io
    import json
    from contextlib import redirect_stderr, redirect_stdout

    import typer.main

    from cqvet.cli import app

    group = typer.main.get_command(app)

    def run_all() -> list[tuple[int, str, str]]:
        results = []
        for args in commands:
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                code = group.main(args=args, prog_name="cqvet", standalone_mode=False)
            results.append((int(code), out.getvalue(), err.getvalue()))
        return results

    folder.chmod(0o555)
    try:
        if os.geteuid() != 0:
            return run_all()
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child
            code = 0
            try:
                os.close(reader)
                os.setgid(65534)
                os.setuid(65534)
                payload = json.dumps(run_all()).encode()
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(payload)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(writer)
        with os.fdopen(reader, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(child, 0)
        assert status == 0 and payload, "the unprivileged child failed"
        return [tuple(item) for item in json.loads(payload)]  # type: ignore[misc]
    finally:
        folder.chmod(0o755)


@pytest.fixture
def shared_folder(cqvet: Run, tmp_path: Path) -> Path:
    """A folder anyone may read (outside pytest's private tmp) holding a closed cqvet database."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cqvet-ro-"))
    folder.chmod(0o755)
    db = folder / "cqvet.db"
    assert cqvet("--db", str(db), "progress", "set", "2", "--percent", "30", "--note", "已有").exit_code == 0
    for path in folder.iterdir():
        path.chmod(0o644)
    # Warm up: import what `list` and `progress set` need while the files are readable.
    warm = tmp_path / "warm.db"
    for args in (["list", "--format", "json"], ["progress", "set", "2", "--percent", "10"], ["doctor"]):
        cqvet("--db", str(warm), *args)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@posix_only
def test_a_database_in_a_read_only_folder_is_read_and_refuses_writes_in_words(shared_folder: Path) -> None:
    """Folder read-only: `list` exits 0 with 17 points (no -shm needed); a write says so, exit 1.

    The old open said 不是 cqvet 数据库 for both.
    """
    import json

    db = shared_folder / "cqvet.db"
    before = snapshot(db)
    (listed, written) = run_without_write_access(
        shared_folder,
        [
            ["--db", str(db), "list", "--format", "json"],
            ["--db", str(db), "progress", "set", "2", "--percent", "50"],
        ],
    )
    assert listed[0] == 0, listed[2]
    assert len(json.loads(listed[1])) == 17
    assert written[0] == 1
    assert written[2].splitlines() == [zh("db_read_only_folder", path=str(db))]
    assert snapshot(db) == before
    assert sorted(p.name for p in shared_folder.iterdir()) == ["cqvet.db"]


@pytest.mark.slow
@posix_only
def test_a_read_only_folder_whose_wal_holds_changes_says_so(shared_folder: Path) -> None:
    """A -wal with changes beside the database in a read-only folder: one line saying they cannot be read."""
    db = shared_folder / "cqvet.db"
    keeper = sqlite3.connect(db)
    keeper.execute("PRAGMA wal_autocheckpoint = 0")
    keeper.execute("SELECT count(*) FROM plans").fetchone()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("UPDATE units SET name = name")  # any committed write lands in the -wal
    other.execute("INSERT INTO units (name) VALUES ('新处室')")
    other.close()
    wal = db.with_name(db.name + "-wal")
    saved = wal.read_bytes()
    shutil.copyfile(db, shared_folder / "copy.db")
    keeper.close()
    (shared_folder / "copy.db").replace(db)
    for leftover in shared_folder.glob("cqvet.db-*"):
        leftover.unlink()
    wal.write_bytes(saved)
    for path in shared_folder.iterdir():
        path.chmod(0o644)

    ((code, out, err),) = run_without_write_access(shared_folder, [["--db", str(db), "list"]])

    assert code == 1
    assert out == ""
    assert err.splitlines() == [zh("db_wal_unreadable", path=str(db), wal=str(wal))]


@posix_only
def test_a_new_database_or_a_backup_in_a_read_only_folder_is_refused_naming_the_folder(
    shared_folder: Path, tmp_path: Path
) -> None:
    """Creating a database, or a backup, in a read-only folder: one line each, nothing left behind."""
    db = shared_folder / "cqvet.db"
    new = shared_folder / "new.db"
    ((created, _, created_err), (backed, _, backed_err)) = run_without_write_access(
        shared_folder,
        [["--db", str(new), "list"], ["--db", str(db), "backup", str(shared_folder / "backup.db")]],
    )
    assert created == 1
    assert created_err.splitlines() == [zh("db_read_only_folder", path=str(new))]
    assert backed == 1
    assert backed_err.startswith(zh("output_folder_unwritable", path=str(shared_folder), reason="")[:-1])
    assert len(backed_err.splitlines()) == 1
    assert sorted(p.name for p in shared_folder.iterdir()) == ["cqvet.db"]
