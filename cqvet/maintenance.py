"""Looking after the database file: doctor, backup, restore.

Backups go through SQLite's online backup API, never a file copy, so they
are consistent while others write. A restore first keeps the database it
replaces beside it, so a wrong restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from cqvet import db as dbmod
from cqvet.errors import DatabaseError, UsageError, unreadable
from cqvet.store import Store


@dataclass(frozen=True)
class Checkup:
    """What `cqvet doctor` found: each finding a message key and its parameters, to be said in words."""

    path: Path
    schema: tuple[str, ...]
    counts: dict[str, int]
    integrity: tuple[str, ...]  # SQLite's own words
    findings: tuple[dbmod.Finding, ...]
    unlisted: int  # row findings beyond those listed
    warnings: tuple[str, ...]
    repaired: tuple[str, ...]  # triggers recreated by --repair

    @property
    def problems(self) -> int:
        """How many things are still wrong (a repaired trigger no longer is)."""
        standing = [f for f in self.findings if f.params.get("name") not in self.repaired]
        return len(self.integrity) + len(standing) + self.unlisted

    @property
    def ok(self) -> bool:
        return not self.problems


def doctor(store: Store, *, repair: bool = False) -> Checkup:
    """Check the file, the schema objects and every row (the checks live in `cqvet.db`).

    `repair` recreates missing or altered append-only triggers and nothing
    else: rows that were changed or deleted while they were missing are
    reported, never altered, since only a person can say which version is true.
    """
    conn = store.conn
    integrity = dbmod.integrity_problems(conn)
    schema = dbmod.schema_damage(conn)
    rows, total = dbmod.row_findings(conn)
    findings = schema + dbmod.deleted_rows(conn) + dbmod.reference_findings(conn) + rows
    repaired = store.repair_triggers() if repair and schema else []
    warnings = ["network"] if dbmod.on_network_filesystem(store.path) else []
    return Checkup(
        store.path,
        tuple(store.schema_steps()),
        store.counts(),
        tuple(integrity),
        tuple(findings),
        total - len(rows),
        tuple(warnings),
        tuple(repaired),
    )


def backup(store: Store, target: Path, *, force: bool) -> None:
    """Copy the database to `target`, which must be new, or with `force` an ordinary file.

    A link is refused whatever it points to: a symlink would send the copy
    elsewhere, and a hard link to the live database (or its `-wal`) would let
    the backup overwrite the database itself. `--force` replaces only an
    ordinary file, never a folder, device or pipe.
    """
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise unreadable(exc, target) from exc
    if found is not None:
        if stat.S_ISLNK(found.st_mode):
            raise UsageError("output_is_link", path=str(target))
        if stat.S_ISDIR(found.st_mode):
            raise UsageError("output_is_dir", path=str(target))
        dbmod.refuse_special_file(target, found)
        if _is_live_file(target, store.path):
            raise UsageError("backup_onto_itself", path=str(target))
        if not force:
            raise UsageError("output_exists", path=str(target))
    if not target.parent.is_dir():
        raise UsageError("output_dir_missing", path=str(target.parent))
    if _is_live_file(target, store.path):
        raise UsageError("backup_onto_itself", path=str(target))
    dbmod.backup_to(store.conn, target)


def _is_live_file(target: Path, live: Path) -> bool:
    """Whether `target` is the live database or one of its companion files, by name or by inode."""
    names = {os.path.normcase(str(live.resolve()) + end) for end in ("", "-wal", "-shm", "-journal")}
    if os.path.normcase(str(target.resolve())) in names:
        return True
    companions = [live, *(live.with_name(live.name + end) for end in ("-wal", "-shm", "-journal"))]
    for companion in companions:
        with contextlib.suppress(OSError):
            if os.path.samefile(target, companion):
                return True
    return False


def check_restorable(source: Path) -> None:
    """Refuse anything but a sound cqvet database of a schema this cqvet can open.

    Sound as `doctor` means it, every row included (`cqvet.db`'s invariants):
    a restore is how a crafted file would get in, so nothing is taken on trust.
    """
    dbmod.refuse_special_file(source)
    if not source.is_file():
        raise UsageError("file_missing", path=str(source))
    conn = dbmod.connect_read_only(source)
    try:
        dbmod.schema_state(conn, source)
        if not dbmod.applied_steps(conn):  # an empty file would "restore" a blank ledger
            raise DatabaseError("db_not_cqvet", path=str(source))
        if dbmod.integrity_problems(conn):
            raise DatabaseError("restore_damaged", path=str(source))
        _, wrong_rows = dbmod.row_findings(conn, limit=0)
        damage = dbmod.schema_damage(conn) + dbmod.deleted_rows(conn) + dbmod.reference_findings(conn)
        wrong = len(damage) + wrong_rows
        if wrong:
            raise DatabaseError("restore_invalid", path=str(source), count=wrong)
    except sqlite3.DatabaseError as exc:
        raise dbmod.translate(exc, source) from exc
    finally:
        conn.close()


def restore(store: Store, source: Path) -> Path:
    """Replace the database with `source`; returns where the replaced database was kept.

    The copy kept aside and the replacement happen under one hold of the
    write lock (`db.replace_keeping_aside`), so an update acknowledged to
    anyone is in one of the two files.
    """
    check_restorable(source)
    if source.resolve() == store.path.resolve():
        raise UsageError("backup_onto_itself", path=str(source))
    return dbmod.replace_keeping_aside(store.conn, store.path, source, lambda: aside_path(store.path))


def aside_path(live: Path) -> Path:
    """A new name beside `live` for the database a restore replaces: `NAME.replaced-STAMP.db`.

    Chosen while the restore holds the write lock, so two restores in the same
    second (which take the lock one after the other) never pick the same name.
    The stamp is local time: people read file names.
    """
    from cqvet.clock import file_stamp

    stamp = file_stamp()
    suffix = live.suffix or ".db"
    aside = live.with_name(f"{live.stem}.replaced-{stamp}{suffix}")
    copies = 1
    while aside.exists():
        copies += 1
        aside = live.with_name(f"{live.stem}.replaced-{stamp}-{copies}{suffix}")
    return aside
