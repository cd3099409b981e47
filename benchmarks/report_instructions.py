"""Instructions a quarter's report read costs (`read_ledger`), counted by valgrind's callgrind.

    python benchmarks/report_instructions.py [DB ...]      # default: the measures.py databases

Time on these shared machines moves by half between runs; instructions do not. For each
database the script runs `read_ledger` for 2021Q2 under `valgrind --tool=callgrind`, once with
20 reads and once with none (both after one warm read, and after one unmeasured run), and
prints the difference over 20: the instructions of one read, start-up and imports left out.
Needs valgrind (Linux: apt-get install valgrind); about half a minute a database.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

READS = 20
DEFAULT = [Path(__file__).parent / "out" / f"measures-{size}.db" for size in (1_000, 1_000_000)]


def read(db: Path, times: int) -> None:
    from cqvet.report import read_ledger
    from cqvet.store import Store

    store = Store.open(db)
    plan = store.plan()
    for _ in range(times + 1):
        read_ledger(store, plan, dt.date(2021, 6, 30))


def collected(db: Path, times: int) -> int:
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            str(db),
            str(times),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    assert found, done.stderr[-500:]
    return int(found.group(1))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        read(Path(argv[1]), int(argv[2]))
        return 0
    for db in [Path(a) for a in argv] or DEFAULT:
        collected(db, 0)  # once unmeasured: a file's first open here did twice the work of the next
        per_read = (collected(db, READS) - collected(db, 0)) / READS
        print(f"{db.name}: {per_read / 1e6:.2f} M instructions a report read")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
