"""Backup and restore of the database file, with real writers racing them.

A write whose user was told 已记录 must survive any restore: either in the
database the restore kept aside, or in the restored database after it. The
writers here are separate processes running the real entry point
(`python -m cqvet`), as people at other desks would.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cqvet.labels import message

pytestmark = pytest.mark.slow  # backups and restores racing writer processes (README, Tests)

ROOT = Path(__file__).resolve().parents[1]


def notes_in(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {note for (note,) in conn.execute("SELECT note FROM progress_updates")}
    finally:
        conn.close()


def cqvet_process(db: Path, *args: str, timeout: float = 20) -> subprocess.Popen[str]:
    """`python -m cqvet --db DB ARGS…` as its own process, waiting for the lock up to `timeout` s."""
    env = {**os.environ, "CQVET_BUSY_TIMEOUT": str(timeout), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "cqvet", "--db", str(db), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def zh(key: str, **params: Any) -> str:
    return message("error_prefix", "zh") + message(key, "zh", **params)


# --- restore takes the write lock before it copies the database aside -------------------------


def test_a_write_made_while_restore_keeps_the_old_database_aside_is_not_lost(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that starts the moment the aside copy is written: its 已记录 update is kept.

    The old restore copied the database aside and only then took the lock, so
    an update committed in between was in neither file although its user was
    told 已记录. Now the writer waits for the restore's lock and lands in the
    restored database (or, had it been first, in the aside copy).
    """
    from cqvet import db as dbmod

    backup = tmp_path / "before.db"
    assert cqvet("backup", str(backup)).exit_code == 0
    real_backup_to = dbmod.backup_to
    writers: list[subprocess.Popen[str]] = []

    def backup_then_race(conn: sqlite3.Connection, target: Path) -> None:
        real_backup_to(conn, target)
        if ".replaced-" in target.name and not writers:
            writer = cqvet_process(loaded, "progress", "set", "5", "--percent", "50", "--note", "gap-write")
            writers.append(writer)
            # Long enough for a cold process to commit, were the file not locked.
            with contextlib.suppress(subprocess.TimeoutExpired):
                writer.wait(timeout=4)

    monkeypatch.setattr(dbmod, "backup_to", backup_then_race)

    result = cqvet("restore", str(backup))

    assert result.exit_code == 0, result.output
    out, err = writers[0].communicate(timeout=60)
    assert writers[0].returncode == 0, err
    assert "已记录" in out
    asides = list(loaded.parent.glob(f"{loaded.stem}.replaced-*"))
    assert len(asides) == 1
    assert "gap-write" in notes_in(loaded) | notes_in(asides[0])


def test_backups_and_restores_racing_four_writer_processes_lose_no_acknowledged_write() -> None:
    """8 rounds of backup then restore while 4 writer processes record: 0 acknowledged writes lost.

    Runs `benchmarks/restore_race.py` (the README's figure comes from its
    200-trial run): every update a writer was told 已记录 is afterwards in the
    live database or in a database a restore kept aside. The old restore lost
    62 of 328 in 30 trials.
    """
    script = ROOT / "benchmarks" / "restore_race.py"
    result = subprocess.run(
        [sys.executable, str(script), "--trials", "8", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["lost"] == 0
    assert figures["failed"] == 0
    assert figures["asides"] == 8
    assert figures["acknowledged"] > 0


# --- backup: never through a link, never over anything but an ordinary file, never partial ----------


def rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    from conftest import snapshot

    return snapshot(db)


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX file types and links")


@posix_only
def test_backup_refuses_a_symlink_target_and_leaves_the_file_it_points_to_alone(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """`backup --force link` where link → another office's database: refused, that database unchanged."""
    other = tmp_path / "other-office.db"
    other.write_bytes(loaded.read_bytes())
    link = tmp_path / "backup.db"
    link.symlink_to(other)
    before = other.read_bytes()

    result = cqvet("backup", str(link), "--force")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [zh("output_is_link", path=str(link))]
    assert other.read_bytes() == before
    assert link.is_symlink()


@posix_only
@pytest.mark.parametrize("companion", ["", "-wal"])
def test_backup_refuses_a_hard_link_to_the_live_database_or_its_log(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path, companion: str
) -> None:
    """A hard link to the live file (or its -wal) under another name: refused as a backup onto itself.

    The old check compared resolved names, which differ for a hard link, and
    let the backup overwrite the live database in place.
    """
    keeper = sqlite3.connect(loaded)  # another user's open connection keeps the -wal in place
    keeper.execute("SELECT count(*) FROM plans").fetchone()
    assert cqvet("progress", "set", "2", "--percent", "30", "--note", "kept").exit_code == 0
    link = tmp_path / "copy.db"
    os.link(loaded.with_name(loaded.name + companion), link)
    before = rows(loaded)

    result = cqvet("backup", str(link), "--force")
    keeper.close()

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [zh("backup_onto_itself", path=str(link))]
    assert rows(loaded) == before
    assert "kept" in notes_in(loaded)


@posix_only
def test_backup_force_refuses_a_device_and_a_fifo_without_waiting(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """`--force` onto /dev/null (a device) or a FIFO: refused by its type at once, nothing written."""
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for target, key in ((Path("/dev/null"), "file_is_device"), (fifo, "file_is_fifo")):
        result = cqvet("backup", str(target), "--force")

        assert result.exit_code == 1
        assert result.stderr.splitlines() == [zh(key, path=str(target))]
    assert files_in(tmp_path) == ["cqvet.db", "pipe.db"]


def test_backup_force_refuses_a_folder(cqvet: Callable[..., Any], loaded: Path, tmp_path: Path) -> None:
    """`--force` onto a folder: refused, the folder left as it was."""
    folder = tmp_path / "folder.db"
    folder.mkdir()
    result = cqvet("backup", str(folder), "--force")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [zh("output_is_dir", path=str(folder))]
    assert list(folder.iterdir()) == []


def test_a_backup_that_fails_half_way_leaves_no_file_at_all(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills during the copy: exit 1 with the disk-full line, no backup file and no partial one.

    The old backup wrote into the target itself and left it behind, empty or half-written.
    """
    folder = tmp_path / "backups"
    folder.mkdir()
    real_connect = sqlite3.connect

    def small_disk(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(database, *args, **kwargs)
        if str(database).startswith(str(folder)):
            conn.execute("PRAGMA max_page_count = 3")
        return conn

    monkeypatch.setattr(sqlite3, "connect", small_disk)
    target = folder / "backup.db"

    result = cqvet("backup", str(target))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [zh("db_disk_full", path=str(target))]
    assert files_in(folder) == []


def test_a_forced_backup_that_fails_leaves_the_old_backup_as_it_was(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--force` over last week's backup, and the copy fails: last week's backup is still whole."""
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "backup.db"
    assert cqvet("backup", str(target)).exit_code == 0
    before = target.read_bytes()
    real_connect = sqlite3.connect

    def small_disk(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(database, *args, **kwargs)
        if str(database).startswith(str(folder)):
            conn.execute("PRAGMA max_page_count = 3")
        return conn

    monkeypatch.setattr(sqlite3, "connect", small_disk)
    result = cqvet("backup", str(target), "--force")

    assert result.exit_code == 1
    assert target.read_bytes() == before
    assert files_in(folder) == ["backup.db"]


def with_page_size(db: Path, size: int) -> None:
    """Rewrite a cqvet database with pages of `size` bytes (in WAL, as cqvet keeps it)."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute(f"PRAGMA page_size = {size}")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = WAL")
        assert conn.execute("PRAGMA page_size").fetchone()[0] == size
    finally:
        conn.close()


def test_backup_of_a_database_with_other_pages_replaces_an_older_backup_of_another_page_size(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """Live pages of 8 KiB, last backup (in WAL) of 4 KiB: `--force` writes a sound copy, no stray file.

    The old backup copied into the existing WAL file, which SQLite refuses
    for another page size, and said "read-only".
    """
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "backup.db"
    assert cqvet("backup", str(target)).exit_code == 0
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    with_page_size(loaded, 8192)
    assert cqvet("progress", "set", "4", "--percent", "40", "--note", "8k").exit_code == 0

    result = cqvet("backup", str(target), "--force")

    assert result.exit_code == 0, result.output
    assert "8k" in notes_in(target)
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [name for name in files_in(folder) if not name.startswith("backup.db")] == []


def test_restore_from_a_backup_with_other_pages_brings_back_its_rows(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """A backup of 8 KiB pages restored into a database of 4 KiB pages: its rows live, no stray file."""
    assert cqvet("progress", "set", "4", "--percent", "40", "--note", "in backup").exit_code == 0
    backup = tmp_path / "backup.db"
    assert cqvet("backup", str(backup)).exit_code == 0
    with_page_size(backup, 8192)
    assert cqvet("progress", "set", "4", "--percent", "50", "--note", "after").exit_code == 0

    result = cqvet("restore", str(backup))

    assert result.exit_code == 0, result.output
    assert notes_in(loaded) == {"in backup"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@posix_only
def test_restore_from_a_fifo_is_refused_at_once(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """A FIFO named as the backup: refused by its type (opening it would wait forever), nothing changed."""
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    before = rows(loaded)
    result = cqvet("restore", str(fifo))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [zh("file_is_fifo", path=str(fifo))]
    assert rows(loaded) == before


def test_restore_into_a_database_in_rollback_journal_mode_switches_it_to_wal_first(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """A live connection in DELETE journal mode: restore switches it to WAL, keeps it aside, replaces it.

    In rollback mode the backup's exclusive lock keeps the aside copy from
    reading the file, and SQLite's backup API retries a lock forever: this
    restore, given such a connection directly, used to hang.
    """
    from cqvet.maintenance import restore
    from cqvet.store import Store

    assert cqvet("progress", "set", "2", "--percent", "10", "--note", "before").exit_code == 0
    backup = tmp_path / "backup.db"
    assert cqvet("backup", str(backup)).exit_code == 0
    assert cqvet("progress", "set", "2", "--percent", "20", "--note", "after").exit_code == 0
    conn = sqlite3.connect(loaded, isolation_level=None, timeout=1)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"

    aside = restore(Store(conn, loaded), backup)
    conn.close()

    assert notes_in(loaded) == {"before"}
    assert notes_in(aside) == {"before", "after"}
    assert sqlite3.connect(loaded).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_next_backup_removes_what_a_killed_one_left_once_it_is_an_hour_old(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """A `.backup.db.*.partial` two hours old goes; one a minute old (a backup still running) stays."""
    import time

    folder = tmp_path / "backups"
    folder.mkdir()
    stale = folder / ".backup.db.4242-deadbeef.partial"
    running = folder / ".backup.db.4343-cafebabe.partial"
    for leftover, age in ((stale, 7200), (running, 60)):
        leftover.write_bytes(b"SQLite format 3\x00" + bytes(84))
        os.utime(leftover, (time.time() - age, time.time() - age))

    assert cqvet("backup", str(folder / "backup.db")).exit_code == 0

    assert files_in(folder) == sorted([".backup.db.4343-cafebabe.partial", "backup.db"])


def test_a_backup_is_one_self_contained_file(cqvet: Callable[..., Any], loaded: Path, tmp_path: Path) -> None:
    """The backup is in rollback-journal mode: opened read-only it needs no -wal or -shm beside it."""
    target = tmp_path / "backups" / "backup.db"
    target.parent.mkdir()
    assert cqvet("backup", str(target)).exit_code == 0
    conn = sqlite3.connect(target.resolve().as_uri() + "?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT count(*) FROM points").fetchone()[0] == 17
    conn.close()
    assert files_in(target.parent) == ["backup.db"]
