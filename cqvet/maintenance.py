"""Looking after the database file: doctor, backup, restore.

Backups go through SQLite's online backup API, never a file copy, so they
are consistent while others write. A restore first keeps the database it
replaces beside it, so a wrong restore can itself be undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cqvet import db as dbmod
from cqvet.errors import DatabaseError, UsageError
from cqvet.store import Store


@dataclass(frozen=True)
class Checkup:
    """What `cqvet doctor` found."""

    path: Path
    schema: tuple[str, ...]
    counts: dict[str, int]
    problems: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def doctor(store: Store) -> Checkup:
    problems = dbmod.integrity_problems(store.conn)
    problems += [f"{table} #{rowid}: {what}" for table, rowid, what in store.impossible_rows()]
    warnings = ["network"] if dbmod.on_network_filesystem(store.path) else []
    return Checkup(store.path, tuple(store.schema_steps()), store.counts(), tuple(problems), tuple(warnings))


def backup(store: Store, target: Path, *, force: bool) -> None:
    if target.is_dir():
        raise UsageError("output_is_dir", path=str(target))
    if not target.parent.is_dir():
        raise UsageError("output_dir_missing", path=str(target.parent))
    if target.exists():
        if not force:
            raise UsageError("output_exists", path=str(target))
        if target.resolve() == store.path.resolve():
            raise UsageError("backup_onto_itself", path=str(target))
    dbmod.backup_to(store.conn, target)


def check_restorable(source: Path) -> None:
    """Refuse anything but a sound cqvet database of a schema this cqvet can open."""
    if not source.is_file():
        raise UsageError("file_unreadable", path=str(source), reason="not a file")
    conn = dbmod.connect_read_only(source)
    try:
        dbmod.schema_state(conn, source)
        if not dbmod.applied_steps(conn):  # an empty file would "restore" a blank ledger
            raise DatabaseError("db_not_cqvet", path=str(source))
        if dbmod.integrity_problems(conn):
            raise DatabaseError("restore_damaged", path=str(source))
    finally:
        conn.close()


def restore(store: Store, source: Path) -> Path:
    """Replace the database with `source`; returns where the replaced database was kept."""
    check_restorable(source)
    if source.resolve() == store.path.resolve():
        raise UsageError("backup_onto_itself", path=str(source))
    from cqvet.clock import file_stamp

    stamp = file_stamp()  # local time: people read file names
    suffix = store.path.suffix or ".db"
    aside = store.path.with_name(f"{store.path.stem}.replaced-{stamp}{suffix}")
    copies = 1
    while aside.exists():  # a second restore within the same second must not overwrite the first one's aside
        copies += 1
        aside = store.path.with_name(f"{store.path.stem}.replaced-{stamp}-{copies}{suffix}")
    dbmod.backup_to(store.conn, aside)
    dbmod.restore_from(source, store.conn)
    return aside
