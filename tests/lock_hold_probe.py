"""Run the console script as a cold process and report how long it held the write lock.

Used by tests/test_processes.py as `python tests/lock_hold_probe.py LOG cqvet-args…`. It wraps
`sqlite3.connect` before cqvet is imported, so that every connection cqvet opens traces
its statements; each `BEGIN IMMEDIATE` and the `COMMIT` or `ROLLBACK` that ends it is
appended to LOG with a monotonic timestamp, one `kind seconds` line each, written at
once, so that the log is whole however the process ends.
"""

import sqlite3
import sys
import time

log_path = sys.argv[1]
sys.argv = ["cqvet", *sys.argv[2:]]
_connect = sqlite3.connect


def _traced(*args, **kwargs):  # type: ignore[no-untyped-def]
    conn = _connect(*args, **kwargs)

    def trace(statement: str) -> None:
        word = statement.strip().split(None, 1)[0].upper() if statement.strip() else ""
        if statement.strip().upper() == "BEGIN IMMEDIATE" or word in ("COMMIT", "ROLLBACK"):
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(f"{word if word != 'BEGIN' else 'BEGIN'} {time.perf_counter():.6f}\n")

    conn.set_trace_callback(trace)
    return conn


sqlite3.connect = _traced

from cqvet.cli import main  # noqa: E402  (after the wrapper, as the console script would import it)

main()
