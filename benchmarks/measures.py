"""Measures at scale (issue 15): 1k against 1M measure updates over the bundled plan's measures.

    python benchmarks/measures.py [--rounds 20] [--sizes 1000 1000000] [--rebuild]

Each database holds the bundled 2021 plan with owners and deadlines for its 17 points (as
benchmarks/build.py writes them), an owner for each of its 78 measures, and N measure progress
updates in bulk SQL (`bulk.append_measure_progress_many`): over five years, each recorded on
the day it reports, spread at random over every measure, so every point rolls up
(`cqvet.rollup`). The same seed gives the same databases.

Timed as whole processes through the installed `cqvet`, in paired shuffled groups as
benchmarks/run.py does (its helpers are used): `list`, `show 7`, `report 2021Q2`, `due`, and
`progress set 7 --note` (a note on a rolled-up point: it reads whether the point is rolled up,
then appends); with them the start-up group of run.py (`cqvet list` on the default database
against the import floor), since `Store.point_states` now probes `measure_progress` on every
start. In process: `cqvet.measures.record_progress` of measure 7-2 (the domain call behind
`progress set 7-2`) and the report's SQL (`read_ledger`, with the records it builds), in CPU time,
1k and 1M in turn; the same statements replayed alone (SQLite's part: the queries and fetching
their rows); and the report's SQLite steps. Storage: bytes per measure update.

`progress set 7-2` as a command: `MEASURE_CLI` below is timed with the others as soon as the
installed cqvet accepts it (probed once per run; until then the table says so).
Writes benchmarks/out/measures.md and measures.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from build import REPORTERS, SEED, assign, note
from bulk import MeasureRow, append_measure_progress_many
from run import FLOORS, OUT, cqvet, default_list, paired, timed

from cqvet.models import Plan, Status
from cqvet.store import Store

BATCH = 50_000
# `progress set 7-2` through the command line (m1's issue-15 CLI); timed once the installed cqvet takes it.
MEASURE_CLI = "progress set 7-2"
COMMANDS = ("list", "show 7", "report 2021Q2", "due", "progress set 7 --note", MEASURE_CLI)


def measure_updates(count: int, measure_ids: list[int], rng: random.Random) -> Iterator[MeasureRow]:
    """`count` updates over five years, each recorded on the day it reports, percents rising each year."""
    first = dt.date(2021, 1, 4)
    weeks = 5 * 52
    for i in range(count):
        week = i * weeks // count
        day = first + dt.timedelta(weeks=week, days=rng.randint(0, 4))
        share = (week % 52 + 1) / 52
        percent = max(0, min(100, round(100 * share + rng.randint(-15, 5))))
        status = Status.DONE if percent == 100 else Status.IN_PROGRESS if percent else Status.NOT_STARTED
        recorded = dt.datetime(day.year, day.month, day.day, rng.randint(1, 10), rng.randint(0, 59))
        yield MeasureRow(
            measure_id=rng.choice(measure_ids),
            reported_on=day,
            percent=percent,
            status=status,
            note=note(rng),
            author=rng.choice(REPORTERS),
            recorded_at=recorded.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )


def assign_measures(store: Store, plan: Plan) -> None:
    """A lead and a supporting office for every measure, as a 任务分解表 would assign them."""
    from cqvet import measures
    from cqvet.parsing import ItemRef

    rows = store.conn.execute(
        "SELECT p.number, m.seq FROM measures m JOIN points p ON p.id = m.point_id WHERE p.plan_id = ?",
        (plan.id,),
    ).fetchall()
    for number, seq in rows:
        measures.assign_owner(
            store,
            plan,
            ItemRef(number, seq),
            lead=f"处室{(number + seq) % 6 + 1}",
            supports=[f"处室{(number * seq) % 5 + 7}"],
            effective_on=None,
            author="bench",
            today=dt.date(2021, 1, 10),
        )


def build(size: int, out: Path) -> Path:
    path = out / f"measures-{size}.db"
    for stale in out.glob(f"{path.name}*"):
        stale.unlink()
    store = Store.open(path, seed=SEED)
    plan = store.plan()
    assign(store, plan)
    assign_measures(store, plan)
    measure_ids = [
        row[0]
        for row in store.conn.execute(
            "SELECT m.id FROM measures m JOIN points p ON p.id = m.point_id"
            " WHERE p.plan_id = ? ORDER BY m.id",
            (plan.id,),
        )
    ]
    rows = measure_updates(size, measure_ids, random.Random(size))
    while True:
        batch = [row for _, row in zip(range(BATCH), rows, strict=False)]
        if not batch:
            break
        with store.transaction():
            append_measure_progress_many(store, plan, batch)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("VACUUM")
    store.close()
    return path


def commands(db: Path, counter: list[int], with_measure_cli: bool) -> dict[str, list[str]]:
    counter[0] += 1
    found = {
        "list": cqvet(db, "list"),
        "show 7": cqvet(db, "show", "7"),
        "report 2021Q2": cqvet(db, "report", "--quarter", "2021Q2"),
        "due": cqvet(db, "due", "--as-of", "2021-06-01"),
        "progress set 7 --note": cqvet(
            db,
            "progress",
            "set",
            "7",
            "--date",
            "2021-06-30",
            "--note",
            f"bench {counter[0]}",
            "--by",
            "bench",
        ),
    }
    if with_measure_cli:
        found[MEASURE_CLI] = measure_cli(db, counter[0])
    return found


def measure_cli(db: Path, n: int) -> list[str]:
    """`progress set 7-2` as run.py times `progress set 7`: a percent, a day, a note, --correct."""
    return cqvet(
        db, "progress", "set", "7-2", "--percent", "100", "--date", "2021-06-30", "--note", f"bench {n}",
        "--correct", "--by", "bench",
    )  # fmt: skip


def measure_cli_available(db: Path, env: dict[str, str]) -> bool:
    """Whether the installed cqvet records `progress set 7-2` (the hook for m1's command line)."""
    done = subprocess.run(measure_cli(db, 0), capture_output=True, env=env, check=False)
    return done.returncode == 0


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far (0 without `resource`)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(
    sizes: list[int], rounds: int, env: dict[str, str], with_measure_cli: bool
) -> dict[tuple[str, str], list[float]]:
    """Wall times per (command, size label) per round, and CPU times per (command, "size cpu");
    round 0 is the warm-up and is dropped."""
    default_argv, default_env = default_list(env)
    counter = [0]
    times: dict[tuple[str, str], list[float]] = {}
    for round_no in range(rounds + 1):
        start_up = [(name, "floor", argv, env) for name, argv in FLOORS.items()]
        start_up.append(("list", "default", default_argv, default_env))
        by_command: dict[str, list[tuple[str, str, list[str], dict[str, str]]]] = {}
        for size in sizes:
            for name, argv in commands(OUT / f"mrun-{size}.db", counter, with_measure_cli).items():
                by_command.setdefault(name, []).append((name, str(size), argv, env))
        groups = [start_up, *by_command.values()]
        shuffle = random.Random(round_no).shuffle
        shuffle(groups)
        for group in groups:
            shuffle(group)
            for name, label, argv, job_env in group:
                cpu_before = children_cpu()
                elapsed = timed(argv, job_env)
                cpu = children_cpu() - cpu_before
                if round_no:
                    times.setdefault((name, label), []).append(elapsed)
                    times.setdefault((name, f"{label} cpu"), []).append(cpu)
        print(f"round {round_no}/{rounds} done", file=sys.stderr)
    return times


def in_process(dbs: dict[int, Path], samples: int = 41) -> dict[int, dict[str, float]]:
    """CPU milliseconds (median) of `measures.record_progress` of 7-2 (its transaction included) and of
    the report's queries (`read_ledger`), at each size in turn within each sample, so that a drift
    of this shared machine hits both sizes alike; and the report's SQLite steps, which no drift blurs."""
    from cqvet import measures
    from cqvet.parsing import ItemRef
    from cqvet.report import read_ledger

    stores = {size: Store.open(path) for size, path in dbs.items()}
    plans = {size: store.plan() for size, store in stores.items()}
    found: dict[int, dict[str, list[float]]] = {size: {"record": [], "report": []} for size in dbs}
    for n in range(samples):
        for size, store in stores.items():
            started = time.process_time()
            measures.record_progress(
                store,
                plans[size],
                ItemRef(7, 2),
                percent=100,
                status=None,
                note=f"in process {n}",
                reported_on=dt.date(2021, 6, 30),
                author="bench",
                correct=True,
                today=dt.date(2026, 1, 1),
            )
            found[size]["record"].append(time.process_time() - started)
            started = time.process_time()
            read_ledger(store, plans[size], dt.date(2021, 6, 30))
            found[size]["report"].append(time.process_time() - started)
    statements = {size: report_statements(store, plans[size]) for size, store in stores.items()}
    replayed: dict[int, list[float]] = {size: [] for size in dbs}
    for _ in range(samples):
        for size, store in stores.items():
            with store.snapshot():
                started = time.process_time()
                for sql, params in statements[size]:
                    store.conn.execute(sql, params).fetchall()
                replayed[size].append(time.process_time() - started)
    result = {}
    for size, store in stores.items():
        report_steps = sqlite_steps(
            store, lambda s=store, p=plans[size]: read_ledger(s, p, dt.date(2021, 6, 30))
        )
        record_steps = sqlite_steps(
            store,
            lambda s=store, p=plans[size]: measures.record_progress(
                s,
                p,
                ItemRef(7, 2),
                percent=100,
                status=None,
                note="counted",
                reported_on=dt.date(2021, 6, 30),
                author="bench",
                correct=True,
                today=dt.date(2026, 1, 1),
            ),
        )
        store.close()
        result[size] = {
            "record_ms": statistics.median(found[size]["record"][1:]) * 1000,
            "report_ms": statistics.median(found[size]["report"][1:]) * 1000,
            "statements_ms": statistics.median(replayed[size][1:]) * 1000,
            "report_steps": float(report_steps),
            "record_steps": float(record_steps),
        }
    return result


def report_statements(store: Store, plan: Plan) -> list[tuple[str, tuple[object, ...]]]:
    """The statements `read_ledger` runs (as SQLite expands them, parameters in place), to time
    SQLite's part alone: the queries and the fetching of their rows, not the records built from them."""
    from cqvet.report import read_ledger

    traced: list[str] = []
    store.conn.set_trace_callback(traced.append)
    try:
        read_ledger(store, plan, dt.date(2021, 6, 30))
    finally:
        store.conn.set_trace_callback(None)
    return [(sql, ()) for sql in traced if not sql.startswith(("BEGIN", "COMMIT", "ROLLBACK"))]


def sqlite_steps(store: Store, action: Callable[[], object]) -> int:
    """How many SQLite virtual-machine instructions `action` runs."""
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    store.conn.set_progress_handler(tick, 1)
    try:
        action()
    finally:
        store.conn.set_progress_handler(None, 0)
    return steps[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--sizes", type=int, nargs=2, default=[1_000, 1_000_000])
    parser.add_argument("--rebuild", action="store_true", help="build the databases even if they exist")
    args = parser.parse_args(argv)
    small, large = sorted(args.sizes)
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (small, large):
        if args.rebuild or not (OUT / f"measures-{size}.db").exists():
            started = time.perf_counter()
            path = build(size, OUT)
            print(
                f"built {path.name}: {size:,} measure updates, {path.stat().st_size / 1e6:.1f} MB, "
                f"{time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
        # Timed commands append: time a copy, keep the built database as built.
        shutil.copyfile(OUT / f"measures-{size}.db", OUT / f"mrun-{size}.db")
    env = {**os.environ, "COLUMNS": "120", "CQVET_USER": "bench"}
    env.pop("CQVET_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with_cli = measure_cli_available(OUT / f"mrun-{small}.db", env)
    times = measure([small, large], args.rounds, env, with_cli)

    copies = {size: OUT / f"mproc-{size}.db" for size in (small, large)}
    for size, copy in copies.items():
        shutil.copyfile(OUT / f"measures-{size}.db", copy)
    figures = in_process(copies)
    for copy in copies.values():
        copy.unlink()
    sizes = {size: (OUT / f"measures-{size}.db").stat().st_size for size in (small, large)}
    per_update = (sizes[large] - sizes[small]) / (large - small)

    lines = [
        f"| command | {small:,} measure updates | {large:,} measure updates | {large:,} / {small:,} |",
        "|---|---|---|---|",
    ]
    verdicts: list[tuple[str, str, bool]] = []
    for name in COMMANDS:
        if (name, str(small)) not in times:
            lines.append(f"| `cqvet {name}` | not yet: the installed cqvet refuses it | | |")
            continue
        wall = paired(times, (name, str(large)), (name, str(small)))
        cpu = paired(times, (name, f"{large} cpu"), (name, f"{small} cpu"))
        cells = [
            f"{statistics.median(times[(name, str(s))]) * 1000:.0f} ms "
            f"({statistics.median(times[(name, f'{s} cpu')]) * 1000:.0f} ms)"
            for s in (small, large)
        ]
        lines.append(f"| `cqvet {name}` | {cells[0]} | {cells[1]} | {wall:.2f}× ({cpu:.2f}×) |")
        verdicts.append(
            (
                f"`cqvet {name}` at {large:,} ≤ 1.1× at {small:,}, CPU (wall)",
                f"{cpu:.2f}× ({wall:.2f}×)",
                cpu <= 1.1,
            )
        )
    small_in, large_in = figures[small], figures[large]
    record_ratio = large_in["record_ms"] / small_in["record_ms"]
    lines += [
        f"| `measures.record_progress` of 7-2, in process (CPU) | {small_in['record_ms']:.2f} ms | "
        f"{large_in['record_ms']:.2f} ms | {record_ratio:.2f}× |",
        f"| report SQL (`read_ledger`), in process (CPU) | {small_in['report_ms']:.2f} ms | "
        f"{large_in['report_ms']:.2f} ms | {large_in['report_ms'] / small_in['report_ms']:.2f}× |",
        f"| report SQL, its statements alone (SQLite and row fetching), in process (CPU) | "
        f"{small_in['statements_ms']:.2f} ms | {large_in['statements_ms']:.2f} ms | "
        f"{large_in['statements_ms'] / small_in['statements_ms']:.2f}× |",
        f"| `measures.record_progress` of 7-2, SQLite steps | {small_in['record_steps']:,.0f} | "
        f"{large_in['record_steps']:,.0f} | {large_in['record_steps'] / small_in['record_steps']:.2f}× |",
        f"| report SQL, SQLite steps | {small_in['report_steps']:,.0f} | {large_in['report_steps']:,.0f} | "
        f"{large_in['report_steps'] / small_in['report_steps']:.2f}× |",
    ]
    for name in FLOORS:
        lines.append(f"| `{name}` (floor) | {statistics.median(times[(name, 'floor')]) * 1000:.0f} ms | | |")
    lines.append(
        f"| `cqvet list`, default database (no `--db`) | "
        f"{statistics.median(times[('list', 'default')]) * 1000:.0f} ms | | |"
    )
    floor_ratio = paired(times, ("list", "default"), ("import floor", "floor"))
    floor_cpu = paired(times, ("list", "default cpu"), ("import floor", "floor cpu"))
    verdicts += [
        (
            f"`measures.record_progress` of 7-2 at {large:,} ≤ 1.1× at {small:,}",
            f"{record_ratio:.2f}×",
            record_ratio <= 1.1,
        ),
        (
            f"report SQL (`read_ledger`) at {large:,} < 5 ms of CPU",
            f"{large_in['report_ms']:.2f} ms",
            large_in["report_ms"] < 5,
        ),
        (
            "storage < 270 bytes per measure update (20-character note; 265 for a point's: README)",
            f"{per_update:.0f} B",
            per_update < 270,
        ),
        (
            "`cqvet list` on the default database ≤ 1.3× the import floor, wall (CPU)",
            f"{floor_ratio:.2f}× ({floor_cpu:.2f}×)",
            floor_ratio <= 1.3,
        ),
    ]
    lines += ["", "| budget | measured | holds |", "|---|---|---|"]
    lines += [f"| {what} | {value} | {'yes' if ok else '**no**'} |" for what, value, ok in verdicts]
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.rounds} rounds after a warm-up"
    head = (
        f"Medians of whole-process wall time ({machine}; load average {os.getloadavg()[0]:.1f} at the end)."
    )
    text = "\n".join([head, "", *lines]) + "\n"
    print(text)
    (OUT / "measures.md").write_text(text, encoding="utf-8")
    (OUT / "measures.json").write_text(
        json.dumps(
            {f"{k[0]} @ {k[1]}": v for k, v in times.items()}
            | {
                "in_process": {str(size): value for size, value in figures.items()},
                "bytes_per_update": per_update,
                "measure_cli": with_cli,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return 0 if all(ok for _, _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
