"""The database file: where it lives, how it is connected, what state it is in.

The path comes from `--db`, else `CQVET_DB`, else the per-user data
directory (platformdirs), so every test and every office can point cqvet at
its own file. Connections run in autocommit mode: `cqvet.store` opens every
transaction itself (`BEGIN IMMEDIATE` to write, `BEGIN` to read a snapshot)
and runs the migrations. Here: connecting and WAL, telling a cqvet database
from a foreign or newer one, SQLite's online backup and restore, integrity
checks, network-share detection, and turning sqlite3 errors into CqvetErrors.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from cqvet.errors import Busy, DatabaseError, UsageError
from cqvet.migrations import MIGRATION_SET, STEP_NAMES

DEFAULT_BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the database is: `--db`, else `CQVET_DB`, else the user's data directory."""
    chosen = explicit or os.environ.get("CQVET_DB")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("cqvet", appauthor=False)) / "cqvet.db"


def check_chosen_folder(path: Path) -> None:
    """Refuse a database path the user chose (`--db`, `CQVET_DB`) in a folder that does not exist.

    A typo in the folder would otherwise create a new, empty database there,
    and the user would think the data gone. Only the default data folder is
    created on first use (`connect`).
    """
    folder = path.parent
    if not folder.is_dir():
        raise UsageError("db_folder_missing", path=str(path), folder=str(folder))


def busy_timeout_ms() -> int:
    """How long a writer waits for another writer: `CQVET_BUSY_TIMEOUT` seconds, default 5."""
    raw = os.environ.get("CQVET_BUSY_TIMEOUT")
    try:
        return int(float(raw) * 1000) if raw else DEFAULT_BUSY_TIMEOUT_MS
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS


def connect(path: Path) -> sqlite3.Connection:
    """Connect with the pragmas every cqvet connection needs; refuse files that are not SQLite."""
    _refuse_foreign_file(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms() / 1000)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    except sqlite3.OperationalError as exc:
        raise _operational(exc, path) from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseError("db_not_cqvet", path=str(path)) from exc
    return conn


def _refuse_foreign_file(path: Path) -> None:
    if not path.exists() or path.is_dir():
        if path.is_dir():
            raise DatabaseError("db_not_cqvet", path=str(path))
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError("db_unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseError("db_not_cqvet", path=str(path))


def use_wal(conn: sqlite3.Connection) -> None:
    """Switch a cqvet database to WAL, so reports read while others write.

    Called only once the file is known to be cqvet's: a foreign database must
    be left exactly as it was. NORMAL sync is durable in WAL mode against an
    application crash, which is what a laptop closed mid-command is.
    """
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        _switch_to_wal(conn)
    conn.execute("PRAGMA synchronous = NORMAL")


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """`PRAGMA journal_mode = WAL`, retried while another process is switching the same file.

    The switch needs an exclusive lock. When two processes switch at once,
    SQLite refuses one of them at once (to avoid a deadlock) instead of
    waiting the busy timeout; once the other has switched, this one's retry
    finds the file in WAL already.
    """
    deadline = time.monotonic() + busy_timeout_ms() / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if "readonly" in text:  # a read-only file is read as it is; a write to it fails as db_read_only
                return
            if not ("locked" in text or "busy" in text) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def applied_steps(conn: sqlite3.Connection) -> list[str] | None:
    """Names of the applied schema steps, or None for a database cqvet never touched."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_sqlite_migrations" not in tables:
        return None if tables else []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id", (MIGRATION_SET,)
    ).fetchall()
    return [name for (name,) in rows] if rows else ([] if tables == {"_sqlite_migrations"} else None)


def schema_state(conn: sqlite3.Connection, path: Path) -> str:
    """'current', 'pending' (older schema or empty file), or raise for a foreign or newer database."""
    try:
        applied = applied_steps(conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError("db_not_cqvet", path=str(path)) from exc
    if applied is None:
        raise DatabaseError("db_not_cqvet", path=str(path))
    unknown = [name for name in applied if name not in STEP_NAMES]
    if unknown:
        raise DatabaseError("db_too_new", path=str(path), step=unknown[-1])
    return "current" if len(applied) == len(STEP_NAMES) else "pending"


def _operational(exc: sqlite3.OperationalError, path: Path) -> Exception:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return Busy("db_busy", path=str(path), seconds=busy_timeout_ms() / 1000)
    if "readonly" in text or "read-only" in text:
        return DatabaseError("db_read_only", path=str(path))
    if "disk is full" in text or "full" in text:
        return DatabaseError("db_disk_full", path=str(path))
    if "unable to open" in text:
        return DatabaseError("db_unreadable", path=str(path), reason=str(exc))
    return DatabaseError("db_failed", path=str(path), reason=str(exc))


def translate(exc: sqlite3.Error, path: Path) -> Exception:
    """A sqlite3 error as the CqvetError a person should see."""
    if isinstance(exc, sqlite3.OperationalError):
        return _operational(exc, path)
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
        return DatabaseError("db_not_cqvet", path=str(path))
    return DatabaseError("db_failed", path=str(path), reason=str(exc))


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own verdict on the file and its foreign keys; empty when all is well."""
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [
        f"foreign key: {table} row {rowid} → {parent}"
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
    ]
    return problems


def backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the live database into `target` with SQLite's online backup API.

    The backup API copies a consistent snapshot even while others write,
    which a file copy of a WAL database does not.
    """
    try:
        destination = sqlite3.connect(target)
        try:
            conn.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error as exc:
        raise translate(exc, target) from exc


def restore_from(source: Path, conn: sqlite3.Connection) -> None:
    """Replace the live database's content with `source`'s, under SQLite's locks."""
    origin = connect_read_only(source)
    try:
        origin.backup(conn)
    finally:
        origin.close()


NETWORK_FILESYSTEMS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smbfs",
    "smb3",
    "sshfs",
    "fuse.sshfs",
    "9p",
    "afs",
    "davfs",
    "fuse.rclone",
}


def on_network_filesystem(path: Path) -> bool:
    """Whether `path` lies on a network share, where SQLite's file locking cannot be trusted."""
    resolved = path.resolve()
    if os.name == "nt":
        return _windows_network_drive(resolved)
    return _mount_type(resolved) in NETWORK_FILESYSTEMS


def _windows_network_drive(path: Path) -> bool:
    text = str(path)
    if text.startswith("\\\\"):  # a UNC path: \\server\share\...
        return True
    import ctypes

    drive_remote = 4
    root = os.path.splitdrive(text)[0] + "\\"
    return bool(ctypes.windll.kernel32.GetDriveTypeW(root) == drive_remote)  # type: ignore[attr-defined]


def _mount_type(path: Path) -> str:
    """The filesystem type of the longest mount point holding `path` (Linux); '' when unknown."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    best, kind = -1, ""
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = Path(fields[1])
        if (mount == path or mount in path.parents) and len(mount.parts) > best:
            best, kind = len(mount.parts), fields[2]
    return kind


def read_only_uri(path: Path) -> str:
    """A `mode=ro` SQLite URI for `path`, right for POSIX paths, drive letters and UNC shares.

    `Path.as_uri()` writes a share `\\\\server\\share` as `file://server/share`, which
    SQLite refuses (it takes `server` for a remote host); `file:////server/share`
    is the form SQLite reads as a UNC path.
    """
    from urllib.parse import quote

    posix = path.resolve().as_posix()
    return "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:") + "?mode=ro"


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (for checking a file before trusting it)."""
    _refuse_foreign_file(path)
    try:
        return sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
