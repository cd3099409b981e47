"""cqvet against Taskwarrior on the same data: 17 work items with 1k, 10k and 100k dated notes.

    python benchmarks/taskwarrior.py [--sizes 1000 10000 100000] [--rounds 3]

Needs Taskwarrior 2.6 on the PATH as `task` (Debian/Ubuntu: `apt-get install
taskwarrior`). For each size, cqvet's database is benchmarks/run.py's (built by
benchmarks/build.py: the 17 points of the 2021 plan, N progress updates of 20
Chinese characters from 238 reporters), and Taskwarrior gets the same 17 items,
each with its updates as annotations (dated as reported, the same notes),
through one `task import` into a fresh data folder. Then each side runs, as a
whole process, `rounds` times:

- list: `cqvet list` against `task list` (each item's current state);
- export: `cqvet progress log --format json` (every update) against `task export`
  (every item with every annotation), output thrown away.

The table gives the median CPU seconds (user + system) of each and cqvet's
over Taskwarrior's. Where the ratio crosses 1 is the crossover the README gives.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import build
from run import CQVET, OUT


def cpu_seconds(argv: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of one whole process, its output thrown away."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return usage.ru_utime + usage.ru_stime


def taskwarrior_data(db: Path, folder: Path) -> dict[str, str]:
    """Taskwarrior's data folder holding the database's points and their updates; the env to use it."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    points = {
        row["id"]: {
            "description": row["title"],
            "status": "pending",
            "entry": "20210101T000000Z",
            "annotations": [],
        }
        for row in conn.execute("SELECT id, title FROM points")
    }
    for row in conn.execute("SELECT point_id, reported_on, note FROM progress_updates ORDER BY id"):
        stamp = row["reported_on"].replace("-", "") + "T080000Z"
        points[row["point_id"]]["annotations"].append({"entry": stamp, "description": row["note"]})
    conn.close()
    folder.mkdir(parents=True, exist_ok=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={folder}\nverbose=nothing\nconfirmation=no\n", encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(folder)}
    tasks = folder / "import.json"
    tasks.write_text(json.dumps(list(points.values()), ensure_ascii=False), encoding="utf-8")
    subprocess.run(["task", "import", str(tasks)], env=env, check=True, capture_output=True)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if shutil.which("task") is None:
        raise SystemExit("Taskwarrior (`task`) is not on the PATH: apt-get install taskwarrior")
    version = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip()
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "COLUMNS": "120", "CQVET_USER": "bench"}
    print(f"Taskwarrior {version}; CPU seconds, median of {args.rounds}")
    print("| data | list: cqvet | list: Taskwarrior | ratio | export: cqvet | export: Taskwarrior | ratio |")
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        source = OUT / f"updates-{size}.db"
        if not source.exists():
            build(size, OUT)
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "cqvet.db"
            shutil.copy(source, db)
            task_env = taskwarrior_data(db, Path(folder) / "task")
            base = [*CQVET, "--db", str(db)]
            pairs = {
                "list": ([*base, "list"], ["task", "list"]),
                "export": ([*base, "progress", "log", "--format", "json"], ["task", "export"]),
            }
            cells = []
            for ours, theirs in pairs.values():
                cqvet = statistics.median(cpu_seconds(ours, env) for _ in range(args.rounds))
                task = statistics.median(cpu_seconds(theirs, task_env) for _ in range(args.rounds))
                cells += [f"{cqvet:.2f} s", f"{task:.2f} s", f"{cqvet / task:.2f}×"]
            print(f"| {size:,} updates | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
