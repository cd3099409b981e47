"""cqvet as real, cold processes: how long a write holds the lock, and eight of them writing at once.

The concurrency test in `test_reliability.py` calls the entry point in warm
interpreters; these start a new interpreter for every command, as users do, so
an import made while the write lock is held shows up as lock time here.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real processes started cold, eight at a time (README, Tests)

PROBE = Path(__file__).with_name("lock_hold_probe.py")
WRITERS = 8
WRITES_EACH = 50


def run_cqvet(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CQVET_DB": str(db), "CQVET_USER": "tester"}
    return subprocess.run(
        [sys.executable, "-m", "cqvet", *args], capture_output=True, text=True, env=env, timeout=120
    )


def lock_holds(log: Path) -> list[float]:
    """Seconds from each `BEGIN IMMEDIATE` to the `COMMIT` or `ROLLBACK` that ended it."""
    holds, began = [], None
    for line in log.read_text(encoding="utf-8").splitlines():
        kind, stamp = line.split()
        if kind == "BEGIN":
            began = float(stamp)
        elif began is not None:
            holds.append(float(stamp) - began)
            began = None
    return holds


def test_a_cold_progress_set_process_holds_the_write_lock_for_a_few_milliseconds(tmp_path: Path) -> None:
    """Five cold `cqvet progress set` processes: the median hold of the write lock is under 40 ms.

    Importing sqlite-utils inside the transaction made it about 100 ms (README, Reliability).
    """
    db, log = tmp_path / "cqvet.db", tmp_path / "locks.log"
    assert run_cqvet(db, "plans").returncode == 0
    env = {**os.environ, "CQVET_DB": str(db), "CQVET_USER": "tester"}
    for percent in (10, 20, 30, 40, 50):
        result = subprocess.run(
            [sys.executable, str(PROBE), str(log), "progress", "set", "3", "--percent", str(percent)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
    holds = lock_holds(log)
    assert len(holds) == 5
    assert statistics.median(holds) < 0.040, [f"{h * 1000:.1f} ms" for h in holds]


def test_eight_real_processes_times_fifty_writes_lose_nothing_duplicate_nothing_and_fail_none(
    tmp_path: Path,
) -> None:
    """8 writers, each starting 50 `cqvet progress set` processes one after the other, all at once:
    400 exits with 0, 400 updates with 400 distinct notes, 400 progress events, integrity ok."""
    db = tmp_path / "cqvet.db"
    assert run_cqvet(db, "plans").returncode == 0
    failures: list[str] = []
    start = threading.Barrier(WRITERS)

    def writer(n: int) -> None:
        start.wait()
        for i in range(WRITES_EACH):
            result = run_cqvet(db, "progress", "set", str(n + 1), "--note", f"w{n}-{i}")
            if result.returncode != 0:
                failures.append(f"w{n}-{i}: exit {result.returncode}: {result.stderr.strip()}")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    conn = sqlite3.connect(db)
    try:
        notes = [row[0] for row in conn.execute("SELECT note FROM progress_updates")]
        events = conn.execute("SELECT count(*) FROM events WHERE kind = 'progress'").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    assert failures == []
    expected = {f"w{n}-{i}" for n in range(WRITERS) for i in range(WRITES_EACH)}
    assert len(notes) == len(expected) == 400
    assert set(notes) == expected
    assert events == 400
    assert integrity == "ok"


# --- a write that committed exits 0, whatever happens to its output ---------------------------------


def ledger_rows(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id, kind, reverts FROM events ORDER BY id").fetchall()
    finally:
        conn.close()


def cold(db: Path, args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CQVET_DB": str(db), "CQVET_USER": "tester", "CQVET_LANG": "zh"}
    return subprocess.Popen([sys.executable, "-m", "cqvet", *args], env=env, **kwargs)  # type: ignore[call-overload]


@pytest.fixture
def plans_db(tmp_path: Path) -> Path:
    db = tmp_path / "cqvet.db"
    assert run_cqvet(db, "plans").returncode == 0
    return db


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_progress_set_into_a_full_disk_records_the_update_exits_0_and_says_so_on_stderr(
    plans_db: Path,
) -> None:
    before = ledger_rows(plans_db)
    with open("/dev/full", "wb") as full:
        process = cold(
            plans_db, ["progress", "set", "3", "--percent", "10"], stdout=full, stderr=subprocess.PIPE
        )
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0
    assert stderr.decode("utf-8").strip() == "已记录，但无法输出结果（No space left on device）；请勿重复执行"
    assert len(ledger_rows(plans_db)) == len(before) + 1


def test_progress_set_into_a_pipe_nobody_reads_records_the_update_and_exits_0(plans_db: Path) -> None:
    before = ledger_rows(plans_db)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = cold(
            plans_db, ["progress", "set", "3", "--percent", "10"], stdout=write_end, stderr=subprocess.PIPE
        )
        _, stderr = process.communicate(timeout=60)
    finally:
        os.close(write_end)
    assert process.returncode == 0
    assert stderr.decode("utf-8").startswith("已记录，但无法输出结果（")
    assert len(ledger_rows(plans_db)) == len(before) + 1


def test_undo_whose_reader_left_after_the_first_line_reverts_and_exits_0(plans_db: Path) -> None:
    """`cqvet undo --yes | head -1`, made deterministic: the test holds the write lock until the
    reader has taken the description and gone away, so the undo commits only after that."""
    assert run_cqvet(plans_db, "progress", "set", "3", "--percent", "10").returncode == 0
    lock = sqlite3.connect(plans_db, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    try:
        process = cold(plans_db, ["undo", "--yes"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None
        first = process.stdout.readline().decode("utf-8")
        process.stdout.close()
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    _, stderr = process.communicate(timeout=60)
    assert first.startswith("撤销：第3项进度")
    assert process.returncode == 0, stderr.decode("utf-8")
    assert stderr.decode("utf-8").startswith("已记录，但无法输出结果（")
    events = ledger_rows(plans_db)
    assert events[-1][1:] == ("undo", events[-2][0])


def test_undo_that_cannot_show_what_it_would_revert_reverts_nothing_and_exits_1(plans_db: Path) -> None:
    """With nowhere to show the change, nothing is undone: the failure comes before the write."""
    assert run_cqvet(plans_db, "progress", "set", "3", "--percent", "10").returncode == 0
    before = ledger_rows(plans_db)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = cold(plans_db, ["undo", "--yes"], stdout=write_end, stderr=subprocess.PIPE)
        _, stderr = process.communicate(timeout=60)
    finally:
        os.close(write_end)
    assert process.returncode == 1
    assert stderr.decode("utf-8").strip().startswith("错误：无法输出结果（")
    assert ledger_rows(plans_db) == before
