"""Reliability under the conditions of a reporting deadline: several staff, one database file.

Each test states a figure and asserts it: rows written by concurrent
writers, schema steps after concurrent first opens, plans after a `kill -9`
in the middle of an import, reports and backups taken while others write,
the one line a person sees when the lock, the disk or the file says no, what
`doctor` finds, and what `restore` keeps. Nothing here asserts a duration:
the machine is shared and has two cores.

Writers run in separate processes (the `spawn` context, so each is a fresh
interpreter as a real `cqvet` is). Inside each worker the real CLI entry
point is called in a loop: the `CqvetGroup` that `cqvet.cli.main()` runs,
as `.main(args=[...], standalone_mode=False)`, which returns the exit code
(`main()` itself takes no arguments and exits). Launching one interpreter
per command instead would cost 2,000 interpreter starts, about a third of a
second each: minutes, while what is under test (opening the file,
`BEGIN IMMEDIATE`, the busy timeout, the error boundary) is the same.
Worker functions live at module level because `spawn` pickles them by name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cqvet.migrations import LEDGER_TABLES, STEP_NAMES, append_only_triggers

pytestmark = pytest.mark.slow  # writers, upgrades and kills across many processes (README, Tests)

SEED = (
    Path(__file__).resolve().parents[1]
    / "seeds"
    / "chongqing-2021-vocational-continuing-education-work-plan.txt"
)
SCHEMA_FIXTURES = sorted((Path(__file__).resolve().parent / "data" / "schema").glob("*.db"))
SPAWN = multiprocessing.get_context("spawn")
JOIN_TIMEOUT = 180.0

WRITERS = 8
UPDATES_PER_WRITER = 250
SEED_POINTS = 17

# --- helpers shared by the test process and the workers --------------------------


@functools.cache
def cqvet_group() -> Any:
    """The `CqvetGroup` that `cqvet.cli.main()` runs, built once per process (building it costs ~10 ms)."""
    import typer.main

    from cqvet.cli import app

    return typer.main.get_command(app)


def cli(args: list[str]) -> tuple[int, str, str]:
    """Run `cqvet ARGS…` through the console entry point's group, in this process: (code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cqvet_group().main(args=args, prog_name="cqvet", standalone_mode=False)
    return int(code), out.getvalue(), err.getvalue()


def columns_of(db: Path) -> dict[str, list[str]]:
    """Each table of `db` with its column names."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        return {t: [row[1] for row in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        conn.close()


def rows_of(db: Path, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted, so two states of a file can be compared.

    With `columns` (from `columns_of` an older file), only those tables and
    columns are read, so rows can be compared across a migration that adds
    columns. conftest's `snapshot` orders by rowid, which `owner_supports`
    (WITHOUT ROWID) does not have, so the rows are sorted here instead.
    """
    conn = sqlite3.connect(db)
    try:
        wanted = columns or columns_of(db)
        select = {table: ", ".join(f'"{name}"' for name in names) for table, names in wanted.items()}
        return {
            table: sorted(conn.execute(f'SELECT {names} FROM "{table}"').fetchall(), key=repr)
            for table, names in select.items()
        }
    finally:
        conn.close()


def scalar(db: Path, sql: str, params: tuple[object, ...] = ()) -> Any:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def applied_steps(db: Path) -> list[str]:
    """The schema steps recorded in `_sqlite_migrations`, in the order applied (repeats included)."""
    conn = sqlite3.connect(db)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()


def integrity(db: Path) -> str:
    return str(scalar(db, "PRAGMA integrity_check"))


def run_processes(target: Callable[..., None], arguments: list[tuple[Any, ...]]) -> list[int | None]:
    """Start one spawn process per argument tuple, wait for all, return their exit codes."""
    processes = [SPAWN.Process(target=target, args=args) for args in arguments]
    for process in processes:
        process.start()
    for process in processes:
        process.join(JOIN_TIMEOUT)
    codes = [process.exitcode for process in processes]
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join()
    return codes


def read_results(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


def fresh_store(db: Path) -> None:
    """A database holding the seed plan, created the way a first command creates it."""
    from cqvet.store import Store

    Store.open(db, seed=SEED).close()


# --- worker processes -------------------------------------------------------------


def progress_worker(db: str, n: int, barrier: Any, result: str) -> None:
    """Worker n records 250 rising percents on point n + 1, each with the note w{n}-{i}."""
    os.environ["CQVET_DB"] = db
    os.environ["CQVET_USER"] = f"worker-{n}"
    failures: list[tuple[int, int, str]] = []
    barrier.wait(JOIN_TIMEOUT)
    for i in range(UPDATES_PER_WRITER):
        percent = i * 100 // UPDATES_PER_WRITER
        code, _, err = cli(
            [
                "progress",
                "set",
                str(n + 1),
                "--percent",
                str(percent),
                "--note",
                f"w{n}-{i}",
                "--by",
                f"worker-{n}",
            ]
        )
        if code != 0:
            failures.append((i, code, err.strip()))
    Path(result).write_text(json.dumps({"worker": n, "failures": failures}), encoding="utf-8")


def open_worker(paths: list[str], barrier: Any, result: str) -> None:
    """Open (create or upgrade) each database of `paths` in turn, each right when the other workers do."""
    from cqvet.store import Store

    errors = []
    for path in paths:
        barrier.wait(JOIN_TIMEOUT)
        try:
            Store.open(Path(path), seed=SEED).close()
        except Exception as exc:
            errors.append(f"{Path(path).name}: {type(exc).__name__}: {exc}")
    Path(result).write_text(
        json.dumps({"opened": len(paths) - len(errors), "errors": errors}), encoding="utf-8"
    )


def random_writer(db: str, n: int, stop: Any, result: str) -> None:
    """Append progress to random points of the 2021 plan (random day and percent) until `stop`."""
    os.environ["CQVET_DB"] = db
    rng = random.Random(1000 + n)
    writes, failures = 0, []
    while not stop.is_set():
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(365))
        args = [
            "progress",
            "set",
            str(rng.randint(1, SEED_POINTS)),
            "--percent",
            str(rng.randint(0, 100)),
            "--date",
            day.isoformat(),
            "--correct",
            "--note",
            f"r{n}-{writes}",
            "--by",
            f"writer-{n}",
        ]
        if rng.random() < 0.1 and args[4] != "100":
            args += ["--status", "blocked"]
        code, _, err = cli(args)
        if code == 0:
            writes += 1
        else:
            failures.append((code, err.strip()))
    Path(result).write_text(json.dumps({"writes": writes, "failures": failures}), encoding="utf-8")


@contextlib.contextmanager
def running_writers(db: Path, folder: Path, count: int = 4, warm_up_rows: int = 20) -> Any:
    """`count` random writers on `db` while the body runs; yields their results list, filled on exit."""
    folder.mkdir()
    stop = SPAWN.Event()
    processes = [
        SPAWN.Process(target=random_writer, args=(str(db), n, stop, str(folder / f"{n}.json")))
        for n in range(count)
    ]
    for process in processes:
        process.start()
    results: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + JOIN_TIMEOUT
        while (
            scalar(db, "SELECT count(*) FROM progress_updates") < warm_up_rows and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        yield results
    finally:
        stop.set()
        for process in processes:
            process.join(JOIN_TIMEOUT)
            if process.is_alive():
                process.kill()
                process.join()
    assert [p.exitcode for p in processes] == [0] * count
    results.extend(read_results(folder))


# --- 1. concurrent writers ----------------------------------------------------------


def test_eight_writers_times_250_updates_give_2000_rows_no_error_no_duplicate(tmp_path: Path) -> None:
    """Eight writers × 250 updates: 2,000 rows, no error, no duplicate, 2,000 progress events, file intact.

    Each worker is one process calling the CLI entry point in a loop (see the
    module docstring for why not one interpreter per update); all eight start
    together behind a barrier and write to one file.
    """
    db = tmp_path / "shared.db"
    fresh_store(db)
    results = tmp_path / "results"
    results.mkdir()
    barrier = SPAWN.Barrier(WRITERS)

    codes = run_processes(
        progress_worker, [(str(db), n, barrier, str(results / f"{n}.json")) for n in range(WRITERS)]
    )

    assert codes == [0] * WRITERS
    failures = [f for r in read_results(results) for f in r["failures"]]
    assert failures == []
    assert scalar(db, "SELECT count(*) FROM progress_updates") == WRITERS * UPDATES_PER_WRITER
    conn = sqlite3.connect(db)
    try:
        seen = conn.execute(
            "SELECT p.number, u.percent, u.note, count(*) FROM progress_updates u "
            "JOIN points p ON p.id = u.point_id GROUP BY p.number, u.percent, u.note"
        ).fetchall()
        expected = {
            (n + 1, i * 100 // UPDATES_PER_WRITER, f"w{n}-{i}")
            for n in range(WRITERS)
            for i in range(UPDATES_PER_WRITER)
        }
        assert {(number, percent, note) for number, percent, note, _ in seen} == expected
        assert [row for row in seen if row[3] != 1] == []
        authors = dict(
            conn.execute(
                "SELECT e.author, count(*) FROM progress_updates u JOIN events e ON e.id = u.event_id "
                "GROUP BY e.author"
            ).fetchall()
        )
        assert authors == {f"worker-{n}": UPDATES_PER_WRITER for n in range(WRITERS)}
        latest = conn.execute(
            "SELECT p.number, u.percent FROM progress_updates u JOIN points p ON p.id = u.point_id "
            "WHERE u.id IN (SELECT max(id) FROM progress_updates GROUP BY point_id) ORDER BY p.number"
        ).fetchall()
        assert latest == [(n + 1, 99) for n in range(WRITERS)]  # each point ends at its worker's last percent
        assert conn.execute("SELECT count(*) FROM events WHERE kind = 'progress'").fetchone()[0] == 2000
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2000 + 1  # + the seed's plan_load
        assert conn.execute("SELECT count(DISTINCT event_id) FROM progress_updates").fetchone()[0] == 2000
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


# --- 2. concurrent first opens --------------------------------------------------------

# A race between eight first opens is lost or won in a millisecond; one round can miss
# it, so each worker opens one file per round, all eight together, round after round.
# Fifty rounds of the upgrade caught the WAL-switch race (fixed in cqvet.db) in 4 runs
# of 5 at forty rounds; a new file costs a seed load per round, so it gets fewer.
NEW_FILE_ROUNDS = 25
UPGRADE_ROUNDS = 50


def open_together(files: list[Path], folder: Path) -> list[dict[str, Any]]:
    """Eight workers open each of `files` at the same moment (one file per round); their results."""
    folder.mkdir()
    barrier = SPAWN.Barrier(WRITERS)
    paths = [str(f) for f in files]
    codes = run_processes(open_worker, [(paths, barrier, str(folder / f"{n}.json")) for n in range(WRITERS)])
    assert codes == [0] * WRITERS
    return read_results(folder)


def test_eight_processes_creating_one_new_database_give_one_schema_and_one_plan_of_17_points(
    tmp_path: Path,
) -> None:
    """Eight first opens of a new file at once, 25 times: 200 of 200 succeed, one schema, one plan, 17 points.

    Each of the 25 files ends with every schema step applied once, the seed
    plan loaded once (17 points, one plan_load event), WAL on, and intact.
    """
    files = [
        tmp_path / f"round-{r}" / "new.db" for r in range(NEW_FILE_ROUNDS)
    ]  # folders that do not exist yet

    results = open_together(files, tmp_path / "results")

    assert [e for r in results for e in r["errors"]] == []
    assert sum(r["opened"] for r in results) == WRITERS * NEW_FILE_ROUNDS
    shapes = {
        (
            tuple(applied_steps(db)),
            scalar(db, "SELECT count(*) FROM plans"),
            scalar(db, "SELECT count(*) FROM points"),
            scalar(db, "SELECT count(*) FROM events WHERE kind = 'plan_load'"),
            scalar(db, "PRAGMA journal_mode"),
            integrity(db),
        )
        for db in files
    }
    assert shapes == {(STEP_NAMES, 1, SEED_POINTS, 1, "wal", "ok")}


@pytest.mark.parametrize("fixture", SCHEMA_FIXTURES, ids=[p.stem for p in SCHEMA_FIXTURES])
def test_eight_processes_upgrading_one_old_database_keep_every_row_and_apply_each_step_once(
    tmp_path: Path, fixture: Path
) -> None:
    """Eight opens of each old-schema fixture at once, 50 times: 400 of 400 succeed, every row kept.

    Each of the 50 copies ends with every step applied once and every row of
    every table (the ledger's above all) as it was, nothing re-seeded. Every
    fixture in tests/data/schema is upgraded; rows are compared in the
    fixture's own columns, so a step that adds a column still compares.
    """
    files = []
    for r in range(UPGRADE_ROUNDS):
        files.append(tmp_path / f"round-{r}.db")
        shutil.copyfile(fixture, files[-1])
    columns = columns_of(fixture)
    del columns["_sqlite_migrations"]
    before = rows_of(fixture, columns)

    results = open_together(files, tmp_path / "results")

    assert [e for r in results for e in r["errors"]] == []
    assert sum(r["opened"] for r in results) == WRITERS * UPGRADE_ROUNDS
    changed = {}
    for db in files:
        after = rows_of(db, columns)
        changed[db.name] = [t for t in before if after[t] != before[t]]
        assert applied_steps(db) == list(STEP_NAMES), db.name
        assert integrity(db) == "ok", db.name
        assert append_only_triggers_of(db) == append_only_triggers(LEDGER_TABLES), db.name  # m012's too
    assert changed == {db.name: [] for db in files}
    # the fixture holds a history to keep (in the ledger tables its schema step has), but for 签收,
    # which only a browser writes (the fixtures are built by CLI commands: tests/data/schema/README.md)
    assert min(len(before[t]) for t in LEDGER_TABLES if t in before and t != "acknowledgements") > 0


# --- 3. kill -9 in the middle of a large import -----------------------------------------

NUMERALS = "一二三四五六七八九"


def big_plan(points: int = 999, measures: int = 6) -> str:
    """A 2030 plan of this genre, large enough that loading it takes about a second.

    999 points, nine sections, six measures per point, each with a target
    like `评选示范项目150门左右`.
    """
    lines = ["2030年全市职业教育与继续教育工作要点", ""]
    per_section = -(-points // len(NUMERALS))
    number = 0
    for seq, numeral in enumerate(NUMERALS, start=1):
        lines += [f"{numeral}、推进第{seq}方面重点任务", ""]
        for _ in range(per_section):
            number += 1
            if number > points:
                break
            body = "。".join(
                f"推进第{k}项配套举措落地见效，评选示范项目{100 + (number * 7 + k) % 90}门左右"
                for k in range(1, measures + 1)
            )
            lines += [f"{number}.深化第{number}项职业教育改革。{body}。", ""]
    return "\n".join(lines)


def plan_counts(db: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(db)
    try:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("plans", "sections", "points", "measures", "targets", "events")
        )
    finally:
        conn.close()


def writer_holds_lock(db: Path) -> bool:
    """Whether some connection holds the write lock on `db` right now (a non-waiting BEGIN IMMEDIATE)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


KILL_TRIALS = 20
RETRIES = 3


def test_kill_9_during_a_large_import_leaves_the_plans_before_or_after_never_between(tmp_path: Path) -> None:
    """20 `cqvet load` processes killed at random moments: 20 of 20 files hold 1 plan or 2, never part of one.

    Counts of plans, sections, points, measures, targets and events are all
    the before figures or all the after figures, and `integrity_check` is ok.
    Whether the loader held the write lock is probed just before each kill;
    how many trials were killed holding it, before it, after committing, or
    finished is printed (run with -s). The first three files killed during
    the write are loaded again, to completion.
    """
    plan_file = tmp_path / "2030-plan.txt"
    plan_file.write_text(big_plan(), encoding="utf-8")
    base = tmp_path / "base.db"
    fresh_store(base)

    def load(db: Path) -> subprocess.Popen[bytes]:
        env = {**os.environ, "CQVET_DB": str(db), "CQVET_USER": "loader"}
        return subprocess.Popen(
            [sys.executable, "-m", "cqvet", "load", str(plan_file)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    measured = tmp_path / "measured.db"
    shutil.copyfile(base, measured)
    started = time.monotonic()
    proc = load(measured)
    _, err = proc.communicate(timeout=JOIN_TIMEOUT)
    duration = time.monotonic() - started
    assert proc.returncode == 0, err.decode()
    before, after = plan_counts(base), plan_counts(measured)
    assert (before[0], before[2], after[0], after[2]) == (1, SEED_POINTS, 2, SEED_POINTS + 999)

    rng = random.Random(20301231)
    outcome = {"finished": 0, "killed_holding_lock": 0, "killed_before_lock": 0, "killed_after_commit": 0}
    seen: list[tuple[int, ...]] = []
    retried = 0
    for trial in range(KILL_TRIALS):
        db = tmp_path / f"trial-{trial}.db"
        shutil.copyfile(base, db)
        proc = load(db)
        time.sleep(rng.uniform(0.05, max(duration, 0.1)))
        holding = writer_holds_lock(db)
        proc.kill()
        proc.wait(timeout=JOIN_TIMEOUT)
        counts = plan_counts(db)
        seen.append(counts)
        if proc.returncode == 0:
            outcome["finished"] += 1
        elif holding:
            outcome["killed_holding_lock"] += 1
        elif counts == after:
            outcome["killed_after_commit"] += 1
        else:
            outcome["killed_before_lock"] += 1
        assert counts in (before, after), (trial, counts)
        assert integrity(db) == "ok"
        if holding and counts == before and retried < RETRIES:  # the import can simply be run again
            retried += 1
            retry = load(db)
            assert retry.wait(timeout=JOIN_TIMEOUT) == 0
            assert plan_counts(db) == after
    print(f"\nkill -9 trials (load measured at {duration:.2f} s): {outcome}, {retried} re-run to completion")
    assert sum(outcome.values()) == len(seen) == KILL_TRIALS
    assert outcome["killed_holding_lock"] >= 1  # the trials did hit the write, not only its edges


# --- 4. reports while four writers run ---------------------------------------------------

REPORTS = 200
QUARTER_ENDS = (dt.date(2021, 3, 31), dt.date(2021, 6, 30), dt.date(2021, 9, 30), dt.date(2021, 12, 31))


def report_disagreements(report_json: dict[str, Any], ledger_percents: dict[int, int]) -> list[str]:
    """Every way the report's headline, sections and points fail to add up (empty when they agree)."""
    from cqvet.report import HEALTH_ORDER

    problems = []
    points, summary = report_json["points"], report_json["summary"]
    if summary["points"] != len(points):
        problems.append(f"summary points {summary['points']} != {len(points)} rows")
    for health in map(str, HEALTH_ORDER):
        counted = sum(1 for p in points if p["health"] == health)
        if summary[health] != counted:
            problems.append(f"summary {health} {summary[health]} != {counted} rows")
        in_sections = sum(s["summary"][health] for s in report_json["sections"])
        if in_sections != summary[health]:
            problems.append(f"sections {health} {in_sections} != {summary[health]}")
    if sum(s["summary"]["points"] for s in report_json["sections"]) != summary["points"]:
        problems.append("section point counts do not add up")
    mean = round(sum(p["percent"] for p in points) / len(points), 1)
    if summary["mean_percent"] != mean:
        problems.append(f"mean {summary['mean_percent']} != {mean}")
    if str(summary["points"]) not in report_json["headline"]:
        problems.append("headline lacks the total")
    shown = {p["number"]: p["percent"] for p in points}
    if shown != ledger_percents:
        problems.append(f"percents {shown} != ledger {ledger_percents}")
    return problems


LATEST_PERCENTS = """
SELECT p.number, coalesce((SELECT x.percent FROM progress_updates x
                           WHERE x.point_id = p.id AND x.reported_on <= ?
                             AND NOT EXISTS (SELECT 1 FROM events r WHERE r.reverts = x.event_id)
                           ORDER BY x.reported_on DESC, x.id DESC LIMIT 1), 0)
FROM points p WHERE p.plan_id = ?
"""


def test_two_hundred_reports_built_while_four_writers_run_all_add_up(tmp_path: Path) -> None:
    """200 reports built while 4 writers append: 200 of 200 add up (headline = rows = sections = ledger)."""
    from cqvet.render.report_data import report_dict
    from cqvet.report import build_report
    from cqvet.store import Store

    db = tmp_path / "busy.db"
    fresh_store(db)
    store = Store.open(db)
    plan = store.plan()
    disagreeing: list[tuple[int, list[str]]] = []
    try:
        with running_writers(db, tmp_path / "writers") as writers:
            rows_at_start = scalar(db, "SELECT count(*) FROM progress_updates")
            for i in range(REPORTS):
                as_of = QUARTER_ENDS[i % len(QUARTER_ENDS)]
                with store.snapshot():
                    report = build_report(store, plan, as_of=as_of, generated_at="2021-07-01T00:00:00+00:00")
                    ledger = dict(
                        store.conn.execute(LATEST_PERCENTS, (as_of.isoformat(), plan.id)).fetchall()
                    )
                problems = report_disagreements(report_dict(report, "zh"), ledger)
                if problems:
                    disagreeing.append((i, problems))
            rows_at_end = scalar(db, "SELECT count(*) FROM progress_updates")
    finally:
        store.close()

    print(f"\n{REPORTS} reports while the writers appended {rows_at_end - rows_at_start} updates")
    assert disagreeing == []
    assert rows_at_end > rows_at_start  # the writers really wrote while the reports were built
    assert [f for w in writers for f in w["failures"]] == []
    assert sum(w["writes"] for w in writers) == scalar(db, "SELECT count(*) FROM progress_updates")
    assert integrity(db) == "ok"


# --- 5. backups while four writers run ----------------------------------------------------

BACKUPS = 10


def test_ten_backups_taken_while_four_writers_run_are_all_sound_and_complete(tmp_path: Path) -> None:
    """10 `cqvet backup` runs while 4 writers append: 10 of 10 copies intact, current schema, no rows lost."""
    from cqvet import db as dbmod
    from cqvet.store import Store

    db = tmp_path / "live.db"
    fresh_store(db)
    folder = tmp_path / "backups"
    folder.mkdir()
    taken: list[tuple[Path, int, int, str]] = []
    with running_writers(db, tmp_path / "writers") as writers:
        for i in range(BACKUPS):
            target = folder / f"backup-{i}.db"
            rows_before = scalar(db, "SELECT count(*) FROM progress_updates")
            code, _, err = cli(["--db", str(db), "backup", str(target)])
            taken.append((target, rows_before, code, err))
            time.sleep(0.05)

    assert [(t.name, code, err) for t, _, code, err in taken if code != 0] == []
    assert [f for w in writers for f in w["failures"]] == []
    sound, figures = 0, []
    for target, rows_before, _, _ in taken:
        assert integrity(target) == "ok", target
        store = Store.open(target)
        try:
            assert dbmod.schema_state(store.conn, target) == "current"
            assert store.counts()["progress_updates"] >= rows_before
            figures.append((rows_before, store.counts()["progress_updates"]))
            assert store.counts()["events"] == store.counts()["progress_updates"] + 1
        finally:
            store.close()
        sound += 1
    print(f"\n{sound} sound backups; progress rows before → in copy: {figures}")
    assert sound == BACKUPS


# --- 6. clean failures ---------------------------------------------------------------------


def message_zh(key: str, **params: Any) -> str:
    from cqvet.labels import message

    return message(key, "zh", **params)


def test_a_write_that_cannot_get_the_lock_fails_with_one_line_and_writes_nothing(
    cqvet: Callable[..., Any], loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lock held by another connection, 0.3 s timeout: exit 1, one line naming the lock, 0 rows written."""
    monkeypatch.setenv("CQVET_BUSY_TIMEOUT", "0.3")
    before = rows_of(loaded)
    holder = sqlite3.connect(loaded, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cqvet("progress", "set", "2", "--percent", "10")
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert message_zh("db_busy", path=str(loaded), seconds=0.3) in lines[0]
    assert "正被他人写入" in lines[0]
    assert rows_of(loaded) == before


def test_a_load_that_fills_the_disk_fails_with_the_disk_full_message_and_changes_nothing(
    cqvet: Callable[..., Any], loaded: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Disk full (max_page_count = page_count): `load` exits 1 with db_disk_full, 0 rows changed."""
    from cqvet import db as dbmod

    real_connect = dbmod.connect

    def full_disk(path: Path) -> sqlite3.Connection:
        conn = real_connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(dbmod, "connect", full_disk)
    document = tmp_path / "2030-plan.txt"
    document.write_text(big_plan(points=300), encoding="utf-8")
    before = rows_of(loaded)

    result = cqvet("load", str(document))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        message_zh("error_prefix") + message_zh("db_disk_full", path=str(loaded))
    ]
    assert rows_of(loaded) == before
    assert integrity(loaded) == "ok"


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_read_only_database_refuses_writes_with_one_line_and_still_answers_reads(
    cqvet: Callable[..., Any], db_path: Path, monkeypatch: pytest.MonkeyPatch, journal: str
) -> None:
    """Opened with mode=ro: a write exits 1 with db_read_only, 0 rows changed; `list` exits 0 with 17 points.

    Both a WAL database (as cqvet leaves it) and a rollback-journal one (a
    file copied from an older cqvet, or switched back by hand) are read.
    """
    from cqvet import db as dbmod

    assert cqvet("plans").exit_code == 0
    if journal == "delete":
        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
        conn.close()

    def read_only(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    monkeypatch.setattr(dbmod, "connect", read_only)
    before = rows_of(db_path)

    written = cqvet("progress", "set", "2", "--percent", "100")
    listed = cqvet("list", "--format", "json")

    assert written.exit_code == 1
    assert written.stderr.splitlines() == [
        message_zh("error_prefix") + message_zh("db_read_only", path=str(db_path))
    ]
    assert rows_of(db_path) == before
    assert scalar(db_path, "PRAGMA journal_mode") == journal
    assert listed.exit_code == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == SEED_POINTS


# --- 7. doctor ---------------------------------------------------------------------------------


def test_doctor_on_a_healthy_database_prints_the_ok_line_and_exits_0(
    cqvet: Callable[..., Any], loaded: Path
) -> None:
    """A healthy database: exit 0, 0 problems, the ok line naming the file."""
    result = cqvet("doctor")

    assert result.exit_code == 0, result.output
    assert message_zh("doctor.ok", path=str(loaded)) in result.stdout.splitlines()
    assert message_zh(
        "doctor.schema", applied=len(STEP_NAMES), known=len(STEP_NAMES), last=STEP_NAMES[-1]
    ) in (result.stdout.splitlines())


def test_doctor_lists_both_impossible_rows_written_behind_its_back_and_exits_1(
    cqvet: Callable[..., Any], loaded: Path
) -> None:
    """Two rows inserted with CHECKs off (150 %, dated 2019-05-01): doctor lists 2 problems and exits 1."""
    conn = sqlite3.connect(loaded, isolation_level=None)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        point_id, plan_id = conn.execute("SELECT id, plan_id FROM points WHERE number = 2").fetchone()
        ids = []
        for day, percent in (("2021-05-01", 150), ("2019-05-01", 30)):
            event = conn.execute(
                "INSERT INTO events (kind, plan_id, author, recorded_at) "
                "VALUES ('progress', ?, 'intruder', ?)",
                (plan_id, "2021-05-01T00:00:00+00:00"),
            ).lastrowid
            ids.append(
                conn.execute(
                    "INSERT INTO progress_updates (event_id, point_id, reported_on, percent, status) "
                    "VALUES (?, ?, ?, ?, 'in_progress')",
                    (event, point_id, day, percent),
                ).lastrowid
            )
    finally:
        conn.close()

    result = cqvet("doctor")

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # In words: which record, which value, what is wrong (SQLite's integrity_check also names the
    # broken CHECK, without a row id, so 150 % is listed twice).
    listed = [line for line in lines if line.startswith("  - ")]
    assert listed == [
        "  - SQLite 完整性检查：CHECK constraint failed in progress_updates",
        f"  - 进展记录第 {ids[0]} 条：进度“150”不是 0 至 100 的整数",
        f"  - 进展记录第 {ids[1]} 条：填报日期的 2019-05-01 早于计划年度",
    ]
    assert message_zh("doctor.problems", count=len(listed), path=str(loaded)) in lines


def test_doctor_counts_the_measure_tables_and_finds_a_sound_measure_history_sound(
    cqvet: Callable[..., Any], loaded: Path
) -> None:
    """Point 7's measure owners, deadline, weight, progress and a contribution: ok, each one counted."""
    from measure_history import record_measure_history

    from cqvet.store import Store

    record_measure_history(loaded)
    store = Store.open(loaded)
    counts = store.counts()
    store.close()

    result = cqvet("doctor")

    assert result.exit_code == 0, result.output
    assert message_zh("doctor.counts", **counts) in result.stdout.splitlines()
    assert {k: counts[k] for k in counts if k.startswith(("measure_", "contributions"))} == {
        "measure_progress": 2,
        "measure_owners": 2,
        "measure_deadlines": 1,
        "measure_weights": 1,
        "contributions": 1,
    }
    assert counts["measures"] == 78


def test_doctor_lists_impossible_measure_rows_in_words_and_changes_nothing(
    cqvet: Callable[..., Any], loaded: Path
) -> None:
    """Written behind cqvet's back with CHECKs off: a measure at 150 %, a measure update dated before
    the plan's year, a weight of 5,000, an office neither lead nor support, a contribution of 101 %,
    and a measure update under another plan's change. Each is listed by record; exit 1; no row changes."""
    from conftest import snapshot
    from measure_history import record_measure_history

    record_measure_history(loaded)
    conn = sqlite3.connect(loaded, isolation_level=None)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        plan_id, point_id = conn.execute("SELECT plan_id, id FROM points WHERE number = 7").fetchone()
        measure = conn.execute(
            "SELECT id FROM measures WHERE point_id = ? AND seq = 3", (point_id,)
        ).fetchone()[0]
        other_plan = conn.execute(
            "INSERT INTO plans (title, year, start_on, source_name, source_sha256, loaded_at) "
            "VALUES ('另一计划', 2022, '2022-01-01', 'x', 'x', '2022-01-01T00:00:00Z')"
        ).lastrowid

        def event(plan: int) -> int:
            return int(
                conn.execute(
                    "INSERT INTO events (kind, plan_id, author, recorded_at) "
                    "VALUES ('measure_progress', ?, 'intruder', '2021-06-01T00:00:00Z')",
                    (plan,),
                ).lastrowid
            )

        progress = (
            "INSERT INTO measure_progress (event_id, measure_id, reported_on, percent, status)"
            " VALUES (?, ?, ?, ?, 'in_progress')"
        )
        high = conn.execute(progress, (event(plan_id), measure, "2021-06-01", 150)).lastrowid
        early = conn.execute(progress, (event(plan_id), measure, "2019-06-01", 20)).lastrowid
        elsewhere_event = event(other_plan)
        elsewhere = conn.execute(progress, (elsewhere_event, measure, "2021-06-02", 30)).lastrowid
        weight = conn.execute(
            "INSERT INTO measure_weights (event_id, measure_id, weight, effective_on)"
            " VALUES (?, ?, 5000, '2021-01-01')",
            (event(plan_id), measure),
        ).lastrowid
        assignment = conn.execute("SELECT max(id) FROM measure_owners").fetchone()[0]
        unit = conn.execute(
            "SELECT id FROM units"
            " WHERE id NOT IN (SELECT unit_id FROM measure_owner_units WHERE assignment_id = ?)"
            " ORDER BY id LIMIT 1",
            (assignment,),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO measure_owner_units (assignment_id, role, unit_id, seq) VALUES (?, 'boss', ?, 9)",
            (assignment, unit),
        )
        contribution = conn.execute(
            "INSERT INTO contributions (event_id, point_id, unit_id, reported_on, percent)"
            " VALUES (?, ?, ?, '2021-06-03', 101)",
            (event(plan_id), point_id, unit),
        ).lastrowid
    finally:
        conn.close()
    before = snapshot(loaded)

    result = cqvet("doctor")

    assert result.exit_code == 1
    listed = [line for line in result.stdout.splitlines() if line.startswith("  - ") and "SQLite" not in line]
    expected = [
        f"  - 举措进展记录第 {high} 条：进度“150”不是 0 至 100 的整数",
        f"  - 举措进展记录第 {early} 条：填报日期的 2019-06-01 早于计划年度",
        f"  - 举措进展记录第 {elsewhere} 条：所属操作（第 {elsewhere_event} 次）属于另一个计划",
        f"  - 举措分工记录（单位）第 {assignment} 条：单位角色“boss”未知（应为牵头或配合）",
        f"  - 举措权重记录第 {weight} 条：权重“5000.0”不是大于 0、不超过 1000 的数",
        f"  - 配合单位报送记录第 {contribution} 条：进度“101”不是 0 至 100 的整数",
    ]
    assert listed == expected
    assert snapshot(loaded) == before


def test_doctor_repair_recreates_the_measure_tables_triggers_and_writes_work_again(
    cqvet: Callable[..., Any], loaded: Path
) -> None:
    """m012's append-only triggers dropped by hand: doctor names each and exits 1, every write is refused;
    `doctor --repair` recreates all twelve, changes no row, and a measure update is recorded again."""
    from conftest import snapshot
    from measure_history import record_measure_history

    from cqvet.errors import CqvetError
    from cqvet.migrations import LEDGER_TABLES_OF_STEP, append_only_triggers

    record_measure_history(loaded)
    dropped = append_only_triggers(LEDGER_TABLES_OF_STEP["m012_measures"])
    conn = sqlite3.connect(loaded, isolation_level=None)
    try:
        for name in dropped:
            conn.execute(f"DROP TRIGGER {name}")
    finally:
        conn.close()
    with pytest.raises(CqvetError):
        record_measure_history(loaded)
    before = snapshot(loaded)

    found = cqvet("doctor")
    repaired = cqvet("doctor", "--repair")

    assert found.exit_code == 1
    listed = [line for line in found.stdout.splitlines() if line.startswith("  - ")]
    assert sum("触发器缺失" in line for line in listed) == len(dropped) == 12
    assert repaired.exit_code == 0, repaired.output
    assert message_zh("doctor.repaired", count=12) in repaired.stdout.splitlines()
    assert snapshot(loaded) == before
    conn = sqlite3.connect(loaded)
    try:
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    finally:
        conn.close()
    assert {name: triggers.get(name) for name in dropped} == dropped
    record_measure_history(loaded)
    assert cqvet("doctor").exit_code == 0


def test_doctor_knows_the_same_largest_weight_as_the_rule_that_records_it() -> None:
    from cqvet import db as dbmod
    from cqvet import parsing

    assert dbmod.MAX_WEIGHT == parsing.MAX_WEIGHT


@pytest.mark.parametrize("kind", ["cifs", "nfs4"])
def test_doctor_warns_when_the_database_is_on_a_network_share(
    cqvet: Callable[..., Any], loaded: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """On a `cifs` or `nfs4` mount: on_network_filesystem is True, doctor prints the network warning."""
    from cqvet import db as dbmod

    monkeypatch.setattr(dbmod, "_mount_type", lambda path: kind)
    assert dbmod.on_network_filesystem(loaded) is True

    result = cqvet("doctor")

    assert result.exit_code == 0, result.output
    assert message_zh("doctor.network") in result.stdout.splitlines()


def test_on_network_filesystem_is_false_on_a_local_disk(
    loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ext4 and tmpfs are local: on_network_filesystem is False."""
    from cqvet import db as dbmod

    for kind in ("ext4", "tmpfs", "overlay", ""):
        monkeypatch.setattr(dbmod, "_mount_type", lambda path, kind=kind: kind)
        assert dbmod.on_network_filesystem(loaded) is False


# --- 8. restore --------------------------------------------------------------------------------------


def progress_notes(db: Path) -> list[str]:
    return [note for (note,) in sqlite3.connect(db).execute("SELECT note FROM progress_updates ORDER BY id")]


def record(cqvet: Callable[..., Any], *notes: str) -> None:
    for i, note in enumerate(notes, start=1):
        result = cqvet("progress", "set", str(i), "--percent", "10", "--note", note, "--date", "2021-05-01")
        assert result.exit_code == 0, result.output


def test_restore_brings_back_the_earlier_rows_and_keeps_the_replaced_database_aside(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """Backup with 2 updates, then 3 more, then restore: 2 updates live, the aside file holds all 5."""
    record(cqvet, "a1", "a2")
    backup = tmp_path / "before.db"
    assert cqvet("backup", str(backup)).exit_code == 0
    record(cqvet, "b1", "b2", "b3")

    result = cqvet("restore", str(backup))

    assert result.exit_code == 0, result.output
    assert progress_notes(loaded) == ["a1", "a2"]
    asides = sorted(loaded.parent.glob(f"{loaded.stem}.replaced-*"))
    assert len(asides) == 1 and str(asides[0]) in result.stdout
    assert integrity(asides[0]) == "ok"
    assert progress_notes(asides[0]) == ["a1", "a2", "b1", "b2", "b3"]
    assert integrity(loaded) == "ok"
    assert cqvet("progress", "set", "3", "--percent", "20", "--date", "2021-05-02").exit_code == 0


@pytest.mark.parametrize("fixture", SCHEMA_FIXTURES, ids=[p.stem for p in SCHEMA_FIXTURES])
def test_restore_from_a_file_of_every_schema_brings_back_every_row(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path, fixture: Path
) -> None:
    """Restoring each schema fixture (an older cqvet's file): every row back, schema current, source kept."""
    source = tmp_path / fixture.name
    shutil.copyfile(fixture, source)
    columns = columns_of(source)
    del columns["_sqlite_migrations"]
    expected = rows_of(source, columns)

    result = cqvet("restore", str(source))

    assert result.exit_code == 0, result.output
    assert rows_of(loaded, columns) == expected
    assert applied_steps(loaded) == list(STEP_NAMES)
    assert integrity(loaded) == "ok"
    assert rows_of(source) == rows_of(fixture)


def test_restore_of_a_backup_with_measure_history_brings_back_every_measure_row(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """m012's tables come back with the rest: a backup taken after point 7's measure history, then a
    second history on top, then the restore: the measure tables hold what the backup held."""
    from measure_history import record_measure_history

    from cqvet.migrations import LEDGER_TABLES_OF_STEP

    record_measure_history(loaded)
    backup = tmp_path / "with-measures.db"
    assert cqvet("backup", str(backup)).exit_code == 0
    tables = {
        t: columns for t, columns in columns_of(loaded).items() if t in LEDGER_TABLES_OF_STEP["m012_measures"]
    }
    expected = rows_of(loaded, tables)
    record_measure_history(loaded, author="later")
    assert rows_of(loaded, tables) != expected

    result = cqvet("restore", str(backup))

    assert result.exit_code == 0, result.output
    assert rows_of(loaded, tables) == expected
    assert all(expected[t] for t in tables), expected
    assert append_only_triggers_of(loaded) == append_only_triggers(LEDGER_TABLES)


def append_only_triggers_of(db: Path) -> dict[str, str]:
    """The append-only triggers `db` has, by name, with their SQL."""
    conn = sqlite3.connect(db)
    try:
        return dict(
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%append_only%'"
            ).fetchall()
        )
    finally:
        conn.close()


def test_two_restores_within_one_second_keep_two_aside_files(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two restores stamped the same second: 2 aside files, the first still holding the original rows."""
    import cqvet.clock as clock

    monkeypatch.setattr(clock, "file_stamp", lambda: "20210701-090000")  # the aside's name, in local time
    record(cqvet, "a1")
    first = tmp_path / "first.db"
    assert cqvet("backup", str(first)).exit_code == 0
    record(cqvet, "b1", "b2")
    second = tmp_path / "second.db"
    assert cqvet("backup", str(second)).exit_code == 0
    record(cqvet, "c1", "c2", "c3")  # the original, which the wrong restore below replaces

    assert cqvet("restore", str(first)).exit_code == 0
    assert cqvet("restore", str(second)).exit_code == 0

    asides = sorted(loaded.parent.glob(f"{loaded.stem}.replaced-*"))
    assert len(asides) == 2
    kept = sorted(len(progress_notes(a)) for a in asides)
    assert kept == [1, 6]  # the first restore's aside (6 rows) survives the second restore
    assert len(progress_notes(loaded)) == 3


def refused_sources(tmp_path: Path, backup: Path) -> dict[str, tuple[Path, set[int]]]:
    text = tmp_path / "notes.txt"
    text.write_text("这不是数据库\n", encoding="utf-8")
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO things (name) VALUES ('x')")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.db"
    shutil.copyfile(backup, newer)
    conn = sqlite3.connect(newer)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('cqvet', 'm999_future', '2031-01-01')"
    )
    conn.commit()
    conn.close()
    return {
        "text file": (text, {1}),
        "foreign sqlite": (foreign, {1}),
        "missing": (tmp_path / "missing.db", {2}),
        "directory": (tmp_path, {1, 2}),
        "newer schema": (newer, {1}),
    }


def test_restore_refuses_a_foreign_missing_or_newer_file_and_changes_nothing(
    cqvet: Callable[..., Any], loaded: Path, tmp_path: Path
) -> None:
    """Five unusable sources (text, foreign SQLite, missing, folder, newer schema): 5 refusals, 0 changes."""
    record(cqvet, "a1")
    backup = tmp_path / "good.db"
    assert cqvet("backup", str(backup)).exit_code == 0
    record(cqvet, "b1")
    before = rows_of(loaded)

    outcomes = {}
    for name, (source, codes) in refused_sources(tmp_path, backup).items():
        result = cqvet("restore", str(source))
        outcomes[name] = (result.exit_code in codes, len(result.stderr.splitlines()))
        assert rows_of(loaded) == before, name

    assert outcomes == {name: (True, 1) for name in outcomes}
    assert list(loaded.parent.glob(f"{loaded.stem}.replaced-*")) == []
    assert scalar(tmp_path / "newer.db", "SELECT count(*) FROM _sqlite_migrations") == len(STEP_NAMES) + 1
