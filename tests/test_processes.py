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


@pytest.mark.slow
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
