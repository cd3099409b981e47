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
from typing import Any, NamedTuple

from cqvet.errors import Busy, DatabaseError, UsageError
from cqvet.migrations import MIGRATION_SET, STEP_NAMES

PAGE_CACHE_KIB = -16_000  # negative: KiB, as `PRAGMA cache_size` reads it
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


# How many connections this process holds open on each database file (by resolved path).
# POSIX drops every lock a process holds on a file when it closes ANY descriptor of that
# file, so reading the header of a file this process already has open (`check_file`) would
# release the shared lock SQLite keeps on it in WAL mode; another process closing its last
# connection would then take the file for unused and delete the -wal that still holds this
# process's coming writes (found by `cqvet serve`'s load test). A file open here was checked
# when it was first opened, and SQLite's own opens share the locks, so it is not read again.
_OPEN_HERE: dict[str, int] = {}


def _held_key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def connect(path: Path) -> sqlite3.Connection:
    """Connect with the pragmas every cqvet connection needs; refuse files that are not SQLite.

    Close it with `disconnect`, which keeps the count of this process's connections per file
    (see `_OPEN_HERE`).
    """
    if _OPEN_HERE.get(_held_key(path)):
        refuse_special_file(path)
    else:
        check_file(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms() / 1000)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    _hold(path)
    return conn


def _hold(path: Path) -> None:
    key = _held_key(path)
    _OPEN_HERE[key] = _OPEN_HERE.get(key, 0) + 1


def disconnect(conn: sqlite3.Connection, path: Path) -> None:
    """Close a connection `connect` opened on `path`."""
    conn.close()
    key = _held_key(path)
    if _OPEN_HERE.get(key, 0) > 1:
        _OPEN_HERE[key] -= 1
    else:
        _OPEN_HERE.pop(key, None)


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


STALE_AFTER_S = 3600  # a file being built is written to all the while; one untouched for an hour is dead


def remove_stale(path: Path, ending: str) -> None:
    """Delete what a killed cqvet left while building `path` (`sibling` names), once an hour old.

    A `kill -9` cannot be cleaned up after by the process it kills; the next
    backup to the same name (or the next creation of the database) does it.
    An hour leaves alone the file of a backup still running elsewhere.
    """
    cutoff = time.time() - STALE_AFTER_S
    for leftover in path.parent.glob(f".{glob_escape(path.name)}.*{ending}"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                for name in (leftover, *(companion(leftover, end) for end in ("-wal", "-shm", "-journal"))):
                    with contextlib.suppress(FileNotFoundError):
                        name.unlink()


def glob_escape(name: str) -> str:
    """`name` with glob's special characters ([, *, ?) taken literally."""
    import glob

    return glob.escape(name)


def create(path: Path, build: Callable[[Path], None]) -> None:
    """Make a new database at `path` whole: `build` fills a file beside it, which is then linked in.

    A hard link (on Windows, a rename, which refuses an existing target) never
    replaces an existing file, so when several processes create the same
    database at once, one of theirs becomes it and the others use it; nobody
    ever sees an empty or half-built file at `path` (which is why an empty file
    there is refused, see `check_file`). On a POSIX filesystem without hard
    links the built file is renamed into place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    check_file(path)
    remove_stale(path, ".new")
    new = sibling(path, ".new")
    try:
        try:
            build(new)
        except DatabaseError as exc:  # name the database the person asked for, not the file being built
            if exc.params.get("path") == str(new):
                exc.params["path"] = str(path)
            raise
        try:
            if os.name == "nt":  # a second name would keep Windows from deleting the first while it is open
                os.rename(new, path)
            else:
                os.link(new, path)
        except FileExistsError:
            pass  # another process created it first: theirs is used
        except OSError:
            if os.name == "nt" or path.exists():
                raise
            os.replace(new, path)
    finally:
        for leftover in (new, *(companion(new, end) for end in ("-wal", "-shm", "-journal"))):
            with contextlib.suppress(OSError):
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
    """SQLite's own verdict on the file (in SQLite's words); empty when all is well."""
    return [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]


# --- the schema's invariants ------------------------------------------------------------
#
# One place for what a sound cqvet database is, used by every open, by `restore`
# (on the file to restore) and by `doctor`. What each checks is a decision of cost:
#
# - Every open checks the schema objects only (`schema_damage`): the tables cqvet
#   reads and the append-only triggers, by name and SQL. One read of
#   `sqlite_master`, a few dozen rows whatever the size of the ledger, so the
#   start-up of `cqvet list` does not grow with history. Missing tables refuse the
#   database; missing or altered triggers refuse every write until
#   `cqvet doctor --repair` recreates them, because without them history may
#   have been rewritten and new rows must not be added on top unnoticed.
# - `restore` and `doctor` also check every row (`row_findings`): one scan of each
#   table, 8.4 s at a million updates on a 2-core machine (README, Reliability),
#   far too slow for every command.
#   A database put in place by copying a crafted file is therefore caught by the
#   next `doctor`, not by `list`; one that comes through `restore` is refused.

DATE_COLUMNS = {
    "plans": ("start_on",),
    "progress_updates": ("reported_on",),
    "owner_assignments": ("effective_on",),
    "deadline_changes": ("due_on", "effective_on"),
    "target_actuals": ("reported_on",),
    "unit_names": ("effective_on",),
    "measure_progress": ("reported_on",),
    "measure_owners": ("effective_on",),
    "measure_deadlines": ("due_on", "effective_on"),
    "measure_weights": ("effective_on",),
    "contributions": ("reported_on",),
}
YEARS = (1949, 2100)  # a plan's year: from the People's Republic's first to the end of the century
STATUSES = ("not_started", "in_progress", "done", "blocked")  # models.Status
TARGET_KINDS = ("count", "percent", "ratio")  # models.TargetKind
MAX_POINT = 99_999  # the plan parser numbers points up to 99,999 (parsing.MAX_NUMBER)
MAX_WEIGHT = 1000  # parsing.MAX_WEIGHT: a measure's weight in its point's roll-up
ROLES = ("lead", "support")  # a measure's offices (measure_owner_units.role)


def _not_real_date(column: str) -> str:
    # SQLite's date() keeps 2021-06-31 as written; a '+0 days' modifier normalises it to 07-01.
    return f"date({column}, '+0 days') IS NOT {column}"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


# How a row is named in a finding: by rowid, or where a table has none, by what it belongs to.
ROW_KEYS = {"measure_owner_units": "assignment_id"}
# The plan of a row's measure, or of its point: for the checks that a row belongs to its plan.
MEASURE_PLAN = "SELECT p.plan_id FROM measures m JOIN points p ON p.id = m.point_id WHERE m.id = measure_id"
POINT_PLAN = "SELECT p.plan_id FROM points p WHERE p.id = point_id"


def _before_plan(column: str, plan_of_row: str) -> str:
    return f"{column} < (SELECT pl.year || '-01-01' FROM plans pl WHERE pl.id = ({plan_of_row}))"


def _other_plan(plan_of_row: str) -> str:
    return f"(SELECT e.plan_id FROM events e WHERE e.id = event_id) IS NOT ({plan_of_row})"


def _row_checks() -> dict[str, list[tuple[str, str, str]]]:
    """Per table: (column shown, problem key, SQL condition true for a bad row)."""
    checks: dict[str, list[tuple[str, str, str]]] = {
        "plans": [
            (
                "year",
                "check.year",
                f"typeof(year) != 'integer' OR year NOT BETWEEN {YEARS[0]} AND {YEARS[1]}",
            ),
        ],
        "sections": [("seq", "check.seq", "typeof(seq) != 'integer' OR seq < 1")],
        "points": [
            (
                "number",
                "check.point_number",
                f"typeof(number) != 'integer' OR number NOT BETWEEN 1 AND {MAX_POINT}",
            ),
        ],
        "targets": [
            ("value", "check.number", "typeof(value) NOT IN ('integer', 'real') OR value < 0"),
            ("kind", "check.kind", f"kind NOT IN ({_quoted(TARGET_KINDS)})"),
            ("seq", "check.seq", "typeof(seq) != 'integer' OR seq < 1"),
        ],
        "events": [
            ("kind", "check.text", "typeof(kind) != 'text' OR kind = ''"),
            ("recorded_at", "check.timestamp", "datetime(recorded_at) IS NULL"),
        ],
        "progress_updates": [
            ("percent", "check.percent", "typeof(percent) != 'integer' OR percent NOT BETWEEN 0 AND 100"),
            ("status", "check.status", f"status NOT IN ({_quoted(STATUSES)})"),
            ("is_correction", "check.flag", "is_correction NOT IN (0, 1)"),
            (
                "reported_on",
                "check.before_plan",
                "reported_on < (SELECT pl.year || '-01-01' FROM points p JOIN plans pl ON pl.id = p.plan_id "
                "WHERE p.id = point_id)",
            ),
            (  # migrations.REPORT_DATE_RULE: what its trigger refuses, in rows written before it
                "reported_on",
                "check.after_recording",
                "reported_on > (SELECT date(e.recorded_at, '+1 day') FROM events e WHERE e.id = event_id)",
            ),
        ],
        "target_actuals": [
            ("value", "check.number", "typeof(value) NOT IN ('integer', 'real') OR value < 0"),
        ],
        # Measures (m012): as a point's rows, and each row's event of the plan its measure is in
        # (no command records on one plan's measure under another plan's event).
        "measure_progress": [
            ("percent", "check.percent", "typeof(percent) != 'integer' OR percent NOT BETWEEN 0 AND 100"),
            ("status", "check.status", f"status NOT IN ({_quoted(STATUSES)})"),
            ("is_correction", "check.flag", "is_correction NOT IN (0, 1)"),
            ("reported_on", "check.before_plan", _before_plan("reported_on", MEASURE_PLAN)),
            ("event_id", "check.other_plan", _other_plan(MEASURE_PLAN)),
        ],
        "measure_owners": [("event_id", "check.other_plan", _other_plan(MEASURE_PLAN))],
        "measure_owner_units": [
            ("role", "check.role", f"role NOT IN ({_quoted(ROLES)})"),
            ("seq", "check.seq", "typeof(seq) != 'integer' OR seq < 1"),
        ],
        "measure_deadlines": [("event_id", "check.other_plan", _other_plan(MEASURE_PLAN))],
        "measure_weights": [
            (
                "weight",
                "check.weight",
                f"typeof(weight) NOT IN ('integer', 'real') OR weight <= 0 OR weight > {MAX_WEIGHT}",
            ),
            ("event_id", "check.other_plan", _other_plan(MEASURE_PLAN)),
        ],
        "contributions": [
            (
                "percent",
                "check.percent",
                "percent IS NOT NULL AND (typeof(percent) != 'integer' OR percent NOT BETWEEN 0 AND 100)",
            ),
            ("reported_on", "check.before_plan", _before_plan("reported_on", POINT_PLAN)),
            ("event_id", "check.other_plan", _other_plan(POINT_PLAN)),
        ],
    }
    for table, columns in DATE_COLUMNS.items():
        checks.setdefault(table, [])
        checks[table] = [(column, "check.date", _not_real_date(column)) for column in columns] + checks[table]
    return checks


class Finding(NamedTuple):
    """One thing wrong in a database, to be said in words: `key` is a message key, `params` fill it."""

    key: str
    params: dict[str, Any]


def schema_damage(conn: sqlite3.Connection) -> list[Finding]:
    """Missing tables and missing or altered append-only triggers: one read of `sqlite_master`."""
    from cqvet.migrations import guard_triggers, ledger_tables

    present = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')"))
    applied = applied_steps(conn) or []
    ledger = ledger_tables(applied)
    tables = ("plans", "sections", "points", "measures", "targets", "units", *ledger)
    found = [Finding("check.table_missing", {"table": table}) for table in tables if table not in present]
    for name, sql in guard_triggers(applied).items():
        table, append_only, action = name.partition("_append_only_")
        words = {"name": name, "table": table, "action": action}
        kind = "trigger" if append_only else "rule_trigger"  # the report-date rule (m013) has no action
        if name not in present:
            found.append(Finding(f"check.{kind}_missing", words))
        elif " ".join(str(present[name]).split()) != " ".join(sql.split()):
            found.append(Finding(f"check.{kind}_altered", words))
    return found


def row_findings(conn: sqlite3.Connection, limit: int = 50) -> tuple[list[Finding], int]:
    """Rows no cqvet command could have written: the first `limit` findings, and how many in all.

    One scan per table; each finding names the table, the row, the column,
    the value and what is wrong with it.
    """
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    found: list[Finding] = []
    total = 0
    for table, checks in _row_checks().items():
        if table not in tables:
            continue
        flags = ", ".join(
            f"({condition}) AS c{i}, {column} AS v{i}" for i, (column, _, condition) in enumerate(checks)
        )
        where = " OR ".join(f"({condition})" for _, _, condition in checks)
        key = ROW_KEYS.get(table, "rowid")
        for row in conn.execute(f"SELECT {key}, {flags} FROM {table} WHERE {where}"):
            for i, (column, key, _) in enumerate(checks):
                if row[1 + 2 * i]:
                    total += 1
                    if len(found) < limit:
                        value = row[2 + 2 * i]
                        found.append(
                            Finding(key, {"table": table, "row": row[0], "column": column, "value": value})
                        )
    return found, total


def reference_findings(conn: sqlite3.Connection, limit: int = 50) -> list[Finding]:
    """Rows pointing at rows that are gone (`PRAGMA foreign_key_check`)."""
    return [
        Finding("check.reference", {"table": table, "row": rowid, "parent": parent})
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchmany(limit)
    ]


def deleted_rows(conn: sqlite3.Connection) -> list[Finding]:
    """Ledger tables whose ids have gaps: rows deleted, which the triggers exist to prevent.

    cqvet never deletes a ledger row and a rolled-back write leaves no gap
    (SQLite gives the next row the largest id plus one), so ids 1…max with
    fewer than max rows mean rows were removed behind cqvet's back.
    """
    from cqvet.migrations import LEDGER_TABLES

    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    found = []
    for table in LEDGER_TABLES:
        if table not in tables or table in ("owner_supports", "owner_leads", "measure_owner_units"):  # no ids
            continue
        count, last = conn.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {table}").fetchone()
        if last > count:
            found.append(Finding("check.rows_missing", {"table": table, "count": last - count, "last": last}))
    return found


def backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the live database into `target` with SQLite's online backup API, whole or not at all.

    The backup API copies a consistent snapshot even while others write,
    which a file copy of a WAL database does not. The copy is written to a
    temporary file in the target's folder and renamed over `target` only once
    complete, so a failed or interrupted backup leaves `target` as it was and
    no half-written file. A `kill -9` can leave only the hidden temporary
    file (`.NAME.PID-XXXX.partial`, never a partial NAME), which the next
    backup to that name removes once it is an hour old (`remove_stale`).
    """
    remove_stale(target, ".partial")
    partial = sibling(target, ".partial")
    try:
        partial.open("xb").close()  # created as any new file is (the umask's permissions)
    except OSError as exc:
        raise DatabaseError(
            "output_folder_unwritable", path=str(target.parent), reason=exc.strerror or str(exc)
        ) from exc
    try:
        destination = sqlite3.connect(partial, isolation_level=None)
        try:
            conn.backup(destination)
            # One self-contained file, readable from a read-only disk without a -shm beside it.
            destination.execute("PRAGMA journal_mode = DELETE")
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
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        # cqvet keeps its databases in WAL; in rollback mode the backup's exclusive
        # lock would keep the aside copy from reading the file at all.
        use_wal(conn)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            raise DatabaseError("restore_needs_wal", path=str(live))
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
                # A read that honours the busy timeout first: the backup API would retry a lock forever.
                reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
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
        disconnect(conn, path)
        error = _operational(exc, path)
        if isinstance(error, DatabaseError) and error.key == "db_read_only_folder":
            read_only = connect_in_read_only_folder(path)
            _hold(path)  # closed by `disconnect` like any other
            return read_only
        raise error from exc
    except sqlite3.DatabaseError as exc:
        disconnect(conn, path)
        raise translate(exc, path) from exc
    # 16 MB of page cache (SQLite's default is 2 MB): a report reads every measure's index pages
    # on two days, which at a million measure updates no longer fit in 2 MB and were read twice
    # (README, Performance). Taken only as used. Set once the file is known to open: the pragma
    # reads the schema, which in a read-only folder needs the `-shm` it cannot have.
    conn.execute(f"PRAGMA cache_size = {PAGE_CACHE_KIB}")
    return conn
