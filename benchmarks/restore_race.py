"""Restore under writers: are acknowledged writes ever lost?

    python benchmarks/restore_race.py [--trials 200] [--writers 4] [--json]

Four writer processes run `cqvet progress set` through the console entry
point's command group in a loop (as `tests/test_reliability.py` does), each
logging the note of every update it was told 已记录 (exit 0). Meanwhile this
process runs `trials` rounds of `cqvet backup` then `cqvet restore` of an
earlier backup, through the same entry point. At the end, every logged note
must be in the live database or in one of the databases the restores kept
aside (`NAME.replaced-…`): a note in neither is an acknowledged write lost.
Prints the figure (and JSON with `--json`); exits 1 when any write was lost
or any restore failed. About a minute for 200 trials on two cores.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "chongqing-2021-vocational-continuing-education-work-plan.txt"
SPAWN = multiprocessing.get_context("spawn")


def cli(args: list[str]) -> tuple[int, str]:
    """`cqvet ARGS…` through the console script's command group, in this process: (exit code, stderr)."""
    import typer.main

    from cqvet.cli import app

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = typer.main.get_command(app).main(args=args, prog_name="cqvet", standalone_mode=False)
    return int(code), err.getvalue()


def writer(db: str, n: int, stop: Any, log: str) -> None:
    """Record updates on point n + 1 until `stop`; append each acknowledged note to `log`."""
    os.environ["CQVET_DB"] = db
    os.environ["CQVET_BUSY_TIMEOUT"] = "30"
    with open(log, "a", encoding="utf-8") as acknowledged:
        i = 0
        while not stop.is_set():
            note = f"w{n}-{i}"
            code, _ = cli(["progress", "set", str(n + 1), "--percent", "1", "--correct", "--note", note])
            if code == 0:
                acknowledged.write(note + "\n")
                acknowledged.flush()
            i += 1


def notes(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {note for (note,) in conn.execute("SELECT note FROM progress_updates")}
    finally:
        conn.close()


def race(folder: Path, trials: int, writers: int) -> dict[str, int]:
    """Run the race in `folder`; returns acknowledged, lost, restores, failed restores, asides."""
    from cqvet.store import Store

    db = folder / "live.db"
    Store.open(db, seed=SEED).close()
    os.environ["CQVET_BUSY_TIMEOUT"] = "30"
    stop = SPAWN.Event()
    logs = [folder / f"writer-{n}.log" for n in range(writers)]
    processes = [SPAWN.Process(target=writer, args=(str(db), n, stop, str(logs[n]))) for n in range(writers)]
    for process in processes:
        process.start()
    failed = 0
    backups: list[Path] = []
    try:
        deadline = time.monotonic() + 120
        while len(notes(db)) < writers * 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        for trial in range(trials):
            backup = folder / f"backup-{trial}.db"
            code, err = cli(["--db", str(db), "backup", str(backup)])
            if code == 0:
                backups.append(backup)
            else:
                failed += 1
                print(f"backup {trial}: {err.strip()}", file=sys.stderr)
            time.sleep(0.02)
            source = backups[max(0, len(backups) - 3)]  # an earlier state, so restores really change rows
            code, err = cli(["--db", str(db), "restore", str(source)])
            if code != 0:
                failed += 1
                print(f"restore {trial}: {err.strip()}", file=sys.stderr)
    finally:
        stop.set()
        for process in processes:
            process.join(120)
            if process.is_alive():
                process.kill()
    acknowledged = {line for log in logs for line in log.read_text(encoding="utf-8").split()}
    asides = sorted(folder.glob("live.replaced-*"))
    kept = notes(db).union(*(notes(aside) for aside in asides))
    return {
        "trials": trials,
        "acknowledged": len(acknowledged),
        "lost": len(acknowledged - kept),
        "failed": failed,
        "asides": len(asides),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="cqvet-restore-race-") as folder:
        figures = race(Path(folder), options.trials, options.writers)
    if options.json:
        print(json.dumps(figures))
    else:
        print(
            f"restore under writers: {figures['lost']} acknowledged writes lost "
            f"in {figures['trials']} trials "
            f"({figures['acknowledged']} acknowledged, {figures['asides']} aside copies, "
            f"{figures['failed']} failed backups or restores)"
        )
    return 0 if figures["lost"] == 0 and figures["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
