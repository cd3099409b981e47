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

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path

from cqvet.errors import Busy, DatabaseError
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


def busy_timeout_ms() -> int:
    """How long a writer waits for another writer: `CQVET_BUSY_TIMEOUT` seconds, default 5."""
    raw = os.environ.get("CQVET_BUSY_TIMEOUT")
    try:
        return int(float(raw) * 1000) if raw else DEFAULT_BUSY_TIMEOUT_MS
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS


def connect(path: Path) -> sqlite3.Connection:
    """Connect with the pragmas every cqvet connection needs; refuse files that are not SQLite."""
    check_file(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms() / 1000)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    return conn


def check_file(path: Path) -> None:
    """Refuse, before SQLite opens it, a file that cannot be a usable cqvet database.

    In order: a pipe, device, socket or folder (by its type, so a FIFO never
    blocks the open); a `-wal` left beside a database that is missing or empty
    (SQLite would replay it into a new file); a zero-length file; a file that
    does not start with SQLite's header; one too short to hold the header.

    A zero-length file is refused rather than made a new database: cqvet
    never leaves one (`create` builds a new database beside its place and
    links it in whole), so an empty file is a database emptied by a failed copy
    or sync, or another program's placeholder, and silently starting a new
    ledger there would hide that. Deleting it lets cqvet create a new one.
    """
    refuse_special_file(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = None
    except OSError as exc:
        raise DatabaseError("db_unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
    if not size:
        wal = companion(path, "-wal")
        with contextlib.suppress(OSError):
            if wal.stat().st_size > 0:
                raise DatabaseError("db_wal_orphan", path=str(path), wal=str(wal))
        if size == 0:
            raise DatabaseError("db_empty", path=str(path))
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseError("db_unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
    if not SQLITE_HEADER.startswith(header[: len(SQLITE_HEADER)]):
        raise DatabaseError("db_not_sqlite", path=str(path))
    if len(header) < 100:
        raise DatabaseError("db_truncated", path=str(path))


def companion(path: Path, ending: str) -> Path:
    """SQLite's file beside `path`: `-wal`, `-shm` or `-journal`."""
    return path.with_name(path.name + ending)


def sibling(path: Path, ending: str) -> Path:
    """A new hidden name beside `path` for a file that is being built: `.NAME.PID-RANDOM{ending}`."""
    import secrets

    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{ending}")


def create(path: Path, build: Callable[[Path], None]) -> None:
    """Make a new database at `path` whole: `build` fills a file beside it, which is then linked in.

    A hard link never replaces an existing file, so when several processes
    create the same database at once, one of theirs becomes it and the others
    use it; nobody ever sees an empty or half-built file at `path` (which is
    why an empty file there is refused, see `check_file`). On a filesystem
    without hard links the built file is renamed into place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    check_file(path)
    new = sibling(path, ".new")
    try:
        build(new)
        try:
            os.link(new, path)
        except FileExistsError:
            pass  # another process created it first: theirs is used
        except OSError:
            if not path.exists():
                os.replace(new, path)
    finally:
        for leftover in (new, *(companion(new, end) for end in ("-wal", "-shm", "-journal"))):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


FILE_KINDS = (
    (stat.S_ISFIFO, "file_is_fifo"),
    (stat.S_ISCHR, "file_is_device"),
    (stat.S_ISBLK, "file_is_device"),
    (stat.S_ISSOCK, "file_is_socket"),
    (stat.S_ISDIR, "file_is_directory"),
)


def refuse_special_file(path: Path, found: os.stat_result | None = None) -> None:
    """Refuse a pipe, device, socket or folder by its type, before anything opens it.

    Opening a FIFO to read its header would wait forever for a writer, so
    the type is read with `stat`, which never blocks.
    """
    if found is None:
        try:
            found = os.stat(path)
        except OSError:
            return  # missing or unreachable: the caller's open says which
    for test, key in FILE_KINDS:
        if test(found.st_mode):
            raise DatabaseError(key, path=str(path))


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
    except sqlite3.OperationalError as exc:
        raise _operational(exc, path) from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(damage(path), path=str(path)) from exc
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
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        if not folder_writable(path.parent):
            return DatabaseError("db_read_only_folder", path=str(path))
        if "unable to open" in text:
            return DatabaseError("db_unreadable", path=str(path), reason=str(exc))
        return DatabaseError("db_read_only", path=str(path))
    if "disk is full" in text or "full" in text:
        return DatabaseError("db_disk_full", path=str(path))
    return DatabaseError("db_failed", path=str(path), reason=str(exc))


def translate(exc: sqlite3.Error, path: Path) -> Exception:
    """A sqlite3 error as the CqvetError a person should see."""
    if isinstance(exc, sqlite3.OperationalError):
        return _operational(exc, path)
    text = str(exc).lower()
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return DatabaseError(damage(path), path=str(path))
    return DatabaseError("db_failed", path=str(path), reason=str(exc))


def damage(path: Path) -> str:
    """What is wrong with a file SQLite called malformed: the message key that says it.

    `db_not_sqlite` when it does not start with SQLite's header,
    `db_truncated` when it is shorter than its header says (the file counts
    its pages in its first 100 bytes), else `db_malformed`.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return "db_malformed"
    if not header.startswith(SQLITE_HEADER):
        return "db_not_sqlite"
    if len(header) < 100:
        return "db_truncated"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    count_is_valid = header[24:28] == header[92:96]
    if count_is_valid and pages and size < pages * page_size:
        return "db_truncated"
    return "db_malformed"


def folder_writable(folder: Path) -> bool:
    """Whether a file can be created in `folder`: tried, not guessed (permissions, ACLs, mounts all count)."""
    import secrets

    probe = folder / f".cqvet-write-probe-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        probe.open("xb").close()
    except FileNotFoundError:
        return True  # no folder at all is another error, said elsewhere
    except OSError:
        return False
    with contextlib.suppress(OSError):
        probe.unlink()
    return True


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own verdict on the file and its foreign keys; empty when all is well."""
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [
        f"foreign key: {table} row {rowid} → {parent}"
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
    ]
    return problems


def backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the live database into `target` with SQLite's online backup API, whole or not at all.

    The backup API copies a consistent snapshot even while others write,
    which a file copy of a WAL database does not. The copy is written to a
    temporary file in the target's folder and renamed over `target` only once
    complete, so a failed or interrupted backup leaves `target` as it was and
    no half-written file (a `kill -9` can leave only the hidden temporary
    file, `.NAME.PID-XXXX.partial`, never a partial NAME).
    """
    partial = sibling(target, ".partial")
    try:
        partial.open("xb").close()  # created as any new file is (the umask's permissions)
    except OSError as exc:
        raise DatabaseError(
            "output_folder_unwritable", path=str(target.parent), reason=exc.strerror or str(exc)
        ) from exc
    try:
        destination = sqlite3.connect(partial)
        try:
            conn.backup(destination)
        finally:
            destination.close()
        try:
            os.replace(partial, target)
        except PermissionError as exc:  # Windows: the target is open in another program
            raise DatabaseError("output_locked", path=str(target)) from exc
    except sqlite3.Error as exc:
        raise translate(exc, target) from exc
    finally:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def replace_keeping_aside(
    conn: sqlite3.Connection, live: Path, source: Path, aside: Callable[[], Path]
) -> Path:
    """Replace the live database's content with `source`'s, first keeping it whole at `aside()`.

    Both happen under one hold of the write lock, so no update can commit
    between the copy kept aside and the replacement: every acknowledged write
    is in one or the other. SQLite's backup API takes the destination's write
    lock in its first step and keeps it until the last; the aside copy is made
    between the first and the second step, through a second connection that
    reads the last committed state (WAL lets it read while the lock is held).
    Any failure before the last step rolls the replacement back: nothing changes.
    Returns the path the replaced database was kept at.
    """
    origin = connect_read_only(source)
    staged: Path | None = None
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        if origin.execute("PRAGMA page_size").fetchone()[0] != page_size:
            # A WAL database cannot take pages of another size through the backup API.
            staged = _with_page_size(origin, page_size, live.parent)
            origin.close()
            origin = connect_read_only(staged)
        kept: list[Path] = []

        def keep_aside(status: int, remaining: int, total: int) -> None:
            if kept:
                return
            if remaining == 0:  # cannot happen: a cqvet database has more than one page
                raise DatabaseError("db_failed", path=str(live), reason="restore source too small")
            reader = sqlite3.connect(live, isolation_level=None, timeout=busy_timeout_ms() / 1000)
            try:
                kept.append(aside())
                backup_to(reader, kept[0])
            finally:
                reader.close()

        try:
            origin.backup(conn, pages=1, progress=keep_aside)
        except sqlite3.Error as exc:
            raise translate(exc, live) from exc
        return kept[0]
    finally:
        origin.close()
        if staged is not None:
            with contextlib.suppress(FileNotFoundError):
                staged.unlink()


def _with_page_size(origin: sqlite3.Connection, page_size: int, folder: Path) -> Path:
    """A temporary copy of `origin` with pages of `page_size` bytes (VACUUM INTO keeps the pragma)."""
    name = str(sibling(folder / "restore", ".partial"))
    try:
        origin.execute(f"PRAGMA page_size = {int(page_size)}")
        origin.execute("VACUUM INTO ?", (name,))
    except sqlite3.Error as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise translate(exc, Path(name)) from exc
    return Path(name)


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
    check_file(path)
    if not path.exists():
        raise DatabaseError("db_unreadable", path=str(path), reason="not found")
    try:
        return sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc


def connect_in_read_only_folder(path: Path) -> sqlite3.Connection:
    """Read a database in a folder cqvet cannot write (a read-only share, mount or CD).

    A WAL database needs its `-shm` index, which cannot be created there. When
    no `-wal` holds changes, the file alone is the whole database and SQLite
    reads it as immutable, without any `-shm`; when a `-wal` does, those
    changes cannot be read without it, so the database is refused with a
    message that says so rather than shown without its latest updates.
    """
    uri = read_only_uri(path)
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA foreign_keys = ON")
            return conn
        except sqlite3.Error:
            conn.close()
    wal = companion(path, "-wal")
    with contextlib.suppress(OSError):
        if wal.stat().st_size > 0:
            raise DatabaseError("db_wal_unreadable", path=str(path), wal=str(wal))
    try:
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_connection(path: Path) -> sqlite3.Connection:
    """`connect`, falling back to a read-only connection in a folder cqvet cannot write."""
    conn = connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        error = _operational(exc, path)
        if isinstance(error, DatabaseError) and error.key == "db_read_only_folder":
            return connect_in_read_only_folder(path)
        raise error from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise translate(exc, path) from exc
    return conn
