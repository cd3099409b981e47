"""Time cqvet's commands on plans of 17, 1,000 and 5,000 points, and on 100k updates of one point.

    python benchmarks/plan_size.py [--points 17 1000 5000] [--rounds 3] [--only list report] [--history]
    python benchmarks/plan_size.py --scans | --plans [--rounds 5]
    python benchmarks/plan_size.py --points --history --only "format json"   # one row of an axis

Builds what is missing first: the plan-size databases through the store
(`benchmarks/build.py --points`; 17 is the bundled plan) and, with
`--history`, the 1k and 1M update databases of benchmarks/run.py plus a copy of
one with 100k updates of a single point. Each command runs as a whole
process through the `cqvet` console script, `--rounds` times; the table shows
the median wall time, the peak memory (maximum resident set, POSIX only) and
the budget of issue 20. Exits non-zero when a budget fails.

Axes:
- plan size: `list`, `due`, `report` in every format, `export assignments`,
  `import assignments` of 1,000 changed rows (preview and `--apply`),
  `calendar`, `target list`;
- history shown whole (one point with 100,000 updates): `progress log N`,
  `show N --history 0`, `progress log N --format json`, the time to the first
  row printed, and `progress log N | head` (the pipe ends the work early);
- 200 plans in one database: `list` and `report` of one of them against the
  same on a database of that plan alone (`--plans`);
- history scans (all points, 1k against 1M updates): `progress log --limit 20`,
  `--by`, `--since/--until`, and `undo --yes`: flat within 1.1x, compared in CPU
  seconds of paired runs (the wall time of a 0.2 s process on a shared machine is
  mostly the other processes' work).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import build, build_plans, build_points
from run import CQVET, OUT

FORMATS = ("terminal", "md", "csv", "json", "html", "xlsx", "docx")
HISTORY = 100_000
TABLE_LINES = 30_000  # a table's rows as a terminal shows them: Rich lays out ~1 ms a row, so not all 100k


def measured(
    argv: list[str], env: dict[str, str], max_lines: int | None = None
) -> tuple[float, float | None, float | None, float | None]:
    """Wall seconds, seconds to the first line of stdout, peak MB and CPU seconds of one process.

    With `max_lines`, the pipe is closed after that many lines, as `| head` would.
    """
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    first: float | None = None
    if process.stdout.readline():
        first = time.perf_counter() - started
    if max_lines is None:
        while process.stdout.read(1 << 16):
            pass
    else:
        for _ in range(max_lines):
            if not process.stdout.readline():
                break
        process.stdout.close()
    peak = cpu = None
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime
    else:
        process.wait()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(argv)}")
    return time.perf_counter() - started, first, peak, cpu


def piped_head(argv: list[str], env: dict[str, str], lines: int = 10) -> float:
    """Seconds until `argv | head -n lines` ends: the command must stop once head has its lines."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    for _ in range(lines):
        process.stdout.readline()
    process.stdout.close()  # as head exits
    process.wait()
    return time.perf_counter() - started


def changed_sheet(db: Path, folder: Path, env: dict[str, str], rows: int) -> Path:
    """The plan's 任务分解表 with a new lead on the first `rows` points."""
    from openpyxl import load_workbook

    sheet = folder / "assignments.xlsx"
    subprocess.run(
        [*CQVET, "--db", str(db), "export", "assignments", "-o", str(sheet), "--force"],
        env=env,
        check=True,
        capture_output=True,
    )
    book = load_workbook(sheet)
    ws = book.active
    assert ws is not None
    lead = next(c for c in range(1, ws.max_column + 1) if ws.cell(row=2, column=c).value == "牵头单位")
    for row in range(3, 3 + rows):
        ws.cell(row=row, column=lead).value = "新处室"
    book.save(sheet)
    return sheet


def plan_db(points: int) -> Path:
    if points == 17:
        path = OUT / "points-17.db"
        if not path.exists():
            subprocess.run([*CQVET, "--db", str(path), "plans"], check=True, capture_output=True)
        return path
    path = OUT / f"points-{points}.db"
    return path if path.exists() else build_points(points, OUT)


def plan_axis(points: list[int], rounds: int, only: list[str], env: dict[str, str]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    budgets = {
        "list": 2.0,
        "due": 2.0,
        "calendar": 2.0,
        "target list": 2.0,
        "export assignments": 3.0,
        "import assignments, 1,000 changed rows": 5.0,
        "import assignments --apply, 1,000 changed rows": 5.0,
        **{f"report {f}": 5.0 for f in FORMATS},
    }
    for count in points:
        source = plan_db(count)
        with tempfile.TemporaryDirectory() as folder:
            here = Path(folder)
            db = here / "bench.db"
            shutil.copy(source, db)
            sheet = changed_sheet(db, here, env, min(1000, count))
            base = [*CQVET, "--db", str(db)]
            commands = {
                "list": [*base, "list"],
                "due": [*base, "due", "--as-of", "2021-06-01"],
                "calendar": [*base, "calendar", "-o", str(here / "d.ics"), "--force"],
                "target list": [*base, "target", "list"],
                "export assignments": [*base, "export", "assignments", "-o", str(here / "a.xlsx"), "--force"],
                "import assignments, 1,000 changed rows": [*base, "import", "assignments", str(sheet)],
                **{
                    f"report {f}": [*base, "report", "--quarter", "2021Q2", "--format", f]
                    + (
                        []
                        if f in ("terminal", "md", "csv", "json")
                        else ["-o", str(here / f"r.{f}"), "--force"]
                    )
                    for f in FORMATS
                },
            }
            for name, argv in commands.items():
                if only and not any(o in name for o in only):
                    continue
                runs = [measured(argv, env) for _ in range(rounds)]
                wall = statistics.median(r[0] for r in runs)
                cpu = statistics.median(r[3] or 0 for r in runs)
                peak = max((r[2] for r in runs if r[2] is not None), default=None)
                budget = budgets[name] if count == 5000 else None
                rows.append(verdict(name, f"{count:,} points", wall, cpu, peak, budget))
            if not only or any("apply" in o for o in only):
                walls = []
                for _ in range(rounds):
                    shutil.copy(source, db)
                    walls.append(measured([*base, "import", "assignments", str(sheet), "--apply"], env))
                name = "import assignments --apply, 1,000 changed rows"
                peak = max((w[2] for w in walls if w[2] is not None), default=None)
                wall = statistics.median(w[0] for w in walls)
                cpu = statistics.median(w[3] or 0 for w in walls)
                budget = budgets[name] if count == 5000 else None
                rows.append(verdict(name, f"{count:,} points", wall, cpu, peak, budget))
    return rows


def verdict(
    name: str, size: str, wall: float, cpu: float, peak: float | None, budget: float | None
) -> tuple[str, ...]:
    """A table row; a budget holds when the process's CPU time (user + system) is within it.

    CPU time, because on a shared machine the wall time of a process is mostly the
    other processes' work: on a free machine the two agree.
    """
    shown_peak = "-" if peak is None else f"{peak:.0f} MB"
    shown = f"{wall:.2f} s ({cpu:.2f} s)"
    if budget is None:
        return (name, size, shown, shown_peak, "", "")
    holds = cpu < budget and (peak is None or peak < 200)
    return (name, size, shown, shown_peak, f"< {budget:g} s, < 200 MB", "yes" if holds else "NO")


def history_db() -> Path:
    """A database of the bundled plan whose point 7 holds 100,000 progress updates."""
    path = OUT / f"one-point-{HISTORY}.db"
    if path.exists():
        return path
    from bulk import ProgressRow, append_progress_many

    from cqvet.models import Status
    from cqvet.store import Store

    store = Store.open(path, seed=ROOT_SEED)
    plan = store.plan()
    rows = (
        ProgressRow(
            7,
            day,
            n * 100 // HISTORY,
            Status.IN_PROGRESS,
            "组织专家评审完成数据报送召开推进会议",
            f"职业学院{n % 200:03d}",
            f"{day.isoformat()}T08:00:00Z",  # recorded the day it reports (m013's rule)
        )
        for n in range(HISTORY)
        for day in [dt.date(2021, 1, 1) + dt.timedelta(days=n * 365 // HISTORY)]
    )
    with store.transaction():
        append_progress_many(store, plan, rows)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


ROOT_SEED = (
    Path(__file__).resolve().parents[1]
    / "seeds"
    / "chongqing-2021-vocational-continuing-education-work-plan.txt"
)


def wanted(name: str, only: list[str]) -> bool:
    """Whether `--only` (empty: everything) asks for the row `name`."""
    return not only or any(o in name for o in only)


def history_axis(rounds: int, env: dict[str, str], only: list[str]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    db = history_db()
    base = [*CQVET, "--db", str(db)]
    for name, argv, lines in (
        ("progress log 7", [*base, "progress", "log", "7"], TABLE_LINES),
        ("show 7 --history 0", [*base, "show", "7", "--history", "0"], TABLE_LINES),
        ("progress log 7 --format json", [*base, "progress", "log", "7", "--format", "json"], None),
        ("progress log 7 --format csv", [*base, "progress", "log", "7", "--format", "csv"], None),
    ):
        if not wanted(name, only):
            continue
        runs = [measured(argv, env, lines) for _ in range(rounds)]
        wall = statistics.median(r[0] for r in runs)
        first = statistics.median(r[1] or 0 for r in runs)
        cpu = statistics.median(r[3] or 0 for r in runs)
        peak = max((r[2] for r in runs if r[2] is not None), default=None)
        holds = first < 0.5 and (peak is None or peak < 100)
        shown = "whole" if lines is None else f"first {lines:,} lines"
        rows.append(
            (
                name,
                f"{HISTORY:,} updates of one point, {shown}",
                f"{wall:.2f} s ({cpu:.2f} s), first row {first:.2f} s",
                "-" if peak is None else f"{peak:.0f} MB",
                "first row < 0.5 s, < 100 MB",
                "yes" if holds else "NO",
            )
        )
    if not wanted("progress log 7 | head", only):
        return rows
    head = statistics.median(piped_head([*base, "progress", "log", "7"], env) for _ in range(rounds))
    rows.append(
        (
            "progress log 7 | head",
            f"{HISTORY:,} updates of one point",
            f"{head:.2f} s",
            "-",
            "< 0.5 s",
            "yes" if head < 0.5 else "NO",
        )
    )
    return rows


def scan_axis(rounds: int, env: dict[str, str], only: list[str]) -> list[tuple[str, ...]]:
    """History scans over all points at 1k and 1M updates, as paired ratios."""
    names = ("progress log --limit 20", "progress log --by", "progress log --since", "undo --yes")
    if not any(wanted(name, only) for name in names):
        return []
    sources = {size: OUT / f"updates-{size}.db" for size in (1_000, 1_000_000)}
    for size, path in sources.items():
        if not path.exists():
            build(size, OUT)
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as folder:
        dbs = {size: Path(folder) / f"{size}.db" for size in sources}
        for size, db in dbs.items():
            shutil.copy(sources[size], db)
            # A database built by an older cqvet migrates on its first open: never inside a timed run.
            subprocess.run([*CQVET, "--db", str(db), "plans"], check=True, capture_output=True, env=env)

        def scans(db: Path) -> dict[str, list[str]]:
            base = [*CQVET, "--db", str(db), "progress", "log"]
            return {
                "progress log --limit 20": [*base, "--limit", "20"],
                # The author and the period hold at least as many updates as the limit at 1k too, so
                # both sides print the same number of rows and the ratio is the scan's, not the
                # printing's (at 1k 职业学院007 wrote 7 updates, the week 2021-03-01..07 holds 4).
                "progress log --by 职业学院007 --limit 5": [*base, "--by", "职业学院007", "--limit", "5"],
                "progress log --since 2021-03-01 --until 2021-04-30 --limit 20": [
                    *base,
                    "--since",
                    "2021-03-01",
                    "--until",
                    "2021-04-30",
                    "--limit",
                    "20",
                ],
            }

        names = [name for name in scans(dbs[1_000]) if wanted(name, only)]
        for name in names:
            ratios, small, large = [], [], []
            for _ in range(rounds):
                a = measured(scans(dbs[1_000])[name], env)[3] or 0.0
                b = measured(scans(dbs[1_000_000])[name], env)[3] or 0.0
                ratios.append(b / a)
                small.append(a)
                large.append(b)
            ratio = statistics.median(ratios)
            rows.append(
                (
                    name,
                    "1k → 1M updates",
                    f"{statistics.median(small):.2f} → {statistics.median(large):.2f} s",
                    f"{ratio:.2f}×",
                    "≤ 1.1×",
                    "yes" if ratio <= 1.1 else "NO",
                )
            )
        ratios, small, large = [], [], []
        for _ in range(rounds if wanted("undo --yes", only) else 0):
            times = {}
            for size, db in dbs.items():
                # Undo 职业学院007's last update not yet undone (each round the one before): found
                # through the author index (m009), described through m007's index by event.
                times[size] = (
                    measured([*CQVET, "--db", str(db), "undo", "--yes", "--by", "职业学院007"], env)[3] or 0.0
                )
            ratios.append(times[1_000_000] / times[1_000])
            small.append(times[1_000])
            large.append(times[1_000_000])
        if not ratios:
            return rows
        ratio = statistics.median(ratios)
        rows.append(
            (
                "undo --yes --by 职业学院007 (that office's last update not yet undone)",
                "1k → 1M updates",
                f"{statistics.median(small):.2f} → {statistics.median(large):.2f} s",
                f"{ratio:.2f}×",
                "≤ 1.1×",
                "yes" if ratio <= 1.1 else "NO",
            )
        )
    return rows


PLANS = 200


def plans_axis(rounds: int, env: dict[str, str]) -> list[tuple[str, ...]]:
    """`list` and `report` on a plan of a database holding 200 plans, against the one-plan database:
    the other plans' rows must cost nothing (ratio of CPU seconds of paired runs, ≤ 1.1x)."""
    many = OUT / f"plans-{PLANS}.db"
    if not many.exists():
        build_plans(PLANS, OUT)
    one = plan_db(17)
    rows: list[tuple[str, ...]] = []
    for name, args in (
        ("list", ["list", "--as-of", "2021-06-30"]),
        ("report --quarter 2021Q2", ["report", "--quarter", "2021Q2"]),
    ):
        ratios, small, large = [], [], []
        for _ in range(rounds):
            a = measured([*CQVET, "--db", str(one), *args], env)[3] or 0.0
            b = measured([*CQVET, "--db", str(many), *args], env)[3] or 0.0
            ratios.append(b / a)
            small.append(a)
            large.append(b)
        ratio = statistics.median(ratios)
        rows.append(
            (
                name,
                f"1 → {PLANS} plans",
                f"{statistics.median(small):.2f} → {statistics.median(large):.2f} s",
                f"{ratio:.2f}×",
                "≤ 1.1×",
                "yes" if ratio <= 1.1 else "NO",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, nargs="*", default=[17, 1000, 5000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--only", nargs="*", default=[], help="only the rows whose name holds one of these (every axis)"
    )
    parser.add_argument(
        "--history", action="store_true", help="also the history axes (builds the 1M database)"
    )
    parser.add_argument("--scans", action="store_true", help="only the history scans")
    parser.add_argument("--plans", action="store_true", help="only the 200-plans axis")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "COLUMNS": "120", "CQVET_USER": "bench"}
    rows = [] if args.scans or args.plans else plan_axis(args.points, args.rounds, args.only, env)
    if args.scans:
        rows += scan_axis(args.rounds, env, args.only)
    if args.plans:
        rows += plans_axis(args.rounds, env)
    if args.history:
        rows += history_axis(args.rounds, env, args.only)
        rows += scan_axis(args.rounds, env, args.only)
    print("| command | size | median wall (CPU) | peak memory (or ratio) | budget | holds |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 1 if any(row[-1] == "NO" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
