"""Time cqvet's commands as whole processes at 1k, 100k and 1M updates, against two floors.

    python benchmarks/run.py [--rounds 30] [--sizes 1000 100000 1000000]

Builds the databases first when they are missing (benchmarks/build.py).
Every round runs every command once at every size and both floors. The runs
that a budget compares (a command at each size; `cqvet list` on the default
database and the two floors) form a group and run back to back, in a
shuffled order, and the groups run in a shuffled order too: the speed of
this shared machine drifts by a third within seconds, and a drift should hit
both sides of a ratio alike. The table reports medians over the rounds
(after one warm-up round) and *paired* ratios: the median over rounds of
(this run / the run it is compared with in the same group). cqvet runs as users run it, through
the `cqvet` console script of this environment. The floors are
`python -c pass` and `python -c "import typer, rich.table, sqlite3"` in the
same environment.
It also measures the report's peak memory at the largest size, the time of
`build_report` in process (its SQL and model), and the bytes per update, then
prints each budget of issue #6 with its verdict. Writes
benchmarks/out/results.md and results.json.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
PY = sys.executable

FLOORS = {
    "python -c pass": [PY, "-c", "pass"],
    "import floor": [PY, "-c", "import typer, rich.table, sqlite3"],
}


def entry_point() -> list[str]:
    """The `cqvet` that users type: the console script installed beside this Python
    (`cqvet.exe` on Windows), else `python -m cqvet`."""
    folder = Path(PY).parent
    found = shutil.which("cqvet", path=str(folder))
    return [found] if found else [PY, "-m", "cqvet"]


CQVET = entry_point()


def cqvet(db: Path, *args: str) -> list[str]:
    return [*CQVET, "--db", str(db), *args]


def commands(db: Path, counter: list[int]) -> dict[str, list[str]]:
    counter[0] += 1
    return {
        "list": cqvet(db, "list"),
        "show 7": cqvet(db, "show", "7"),
        "report 2021Q2": cqvet(db, "report", "--quarter", "2021Q2"),
        "report 2021Q2 json": cqvet(db, "report", "--quarter", "2021Q2", "--format", "json"),
        "progress set": cqvet(
            db,
            "progress",
            "set",
            "7",
            "--percent",
            "100",
            "--date",
            "2021-06-30",
            "--note",
            f"bench {counter[0]}",
            "--correct",
            "--by",
            "bench",
        ),
        "due": cqvet(db, "due", "--as-of", "2021-06-01"),
    }


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - started


def default_list(env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """`cqvet list` as a new user types it: no `--db`, so the database is found in the user's
    data folder (platformdirs) and made from the bundled plan on the warm-up run.

    The data folder is moved into benchmarks/out through XDG_DATA_HOME and HOME, so the
    user's own database is never touched. Windows asks the shell for that folder and no
    variable moves it; there `--db` names the file instead.
    """
    shutil.rmtree(OUT / "home", ignore_errors=True)
    (OUT / "home").mkdir()
    if sys.platform == "win32":
        return cqvet(OUT / "home" / "cqvet.db", "list"), env
    home = {"HOME": str(OUT / "home"), "XDG_DATA_HOME": str(OUT / "home" / "data")}
    return [*CQVET, "list"], {**env, **home}


Job = tuple[str, str, list[str], dict[str, str]]  # command, size label, argv, environment


def measure(sizes: list[int], rounds: int, env: dict[str, str]) -> dict[tuple[str, str], list[float]]:
    """Times per (command, size label) per round; round 0 is the warm-up and is dropped."""
    default_argv, default_env = default_list(env)
    counter = [0]
    times: dict[tuple[str, str], list[float]] = {}
    for round_no in range(rounds + 1):
        start_up = [(name, "floor", argv, env) for name, argv in FLOORS.items()]
        start_up.append(("list", "default", default_argv, default_env))
        by_command: dict[str, list[Job]] = {}
        for size in sizes:
            for name, argv in commands(OUT / f"run-{size}.db", counter).items():
                by_command.setdefault(name, []).append((name, str(size), argv, env))
        groups = [start_up, *by_command.values()]
        shuffle = random.Random(round_no).shuffle
        shuffle(groups)
        for group in groups:
            shuffle(group)
            for name, label, argv, job_env in group:
                elapsed = timed(argv, job_env)
                if round_no:
                    times.setdefault((name, label), []).append(elapsed)
        print(f"round {round_no}/{rounds} done", file=sys.stderr)
    return times


def paired(times: dict[tuple[str, str], list[float]], a: tuple[str, str], b: tuple[str, str]) -> float:
    return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))


def peak_memory_kb(db: Path, env: dict[str, str]) -> int | None:
    """Peak resident memory of `report --format json` as a child process (None without `resource`)."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    try:
        import resource  # noqa: F401  (POSIX only)
    except ImportError:
        return None
    argv = [PY, "-c", probe, *cqvet(db, "report", "--quarter", "2021Q2", "--format", "json")]
    return int(subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout.strip())


def report_sql_ms(db: Path) -> float:
    """Median time of the report's queries (`read_ledger`, rows to objects included) in process, 20 runs."""
    from cqvet.report import read_ledger
    from cqvet.store import Store

    store = Store.open(db)
    plan = store.plan()
    samples = []
    for _ in range(21):
        started = time.perf_counter()
        read_ledger(store, plan, dt.date(2021, 6, 30))
        samples.append(time.perf_counter() - started)
    store.close()
    return statistics.median(samples[1:]) * 1000


def bytes_per_update(sizes: list[int]) -> float:
    small, large = min(sizes), max(sizes)
    grow = (OUT / f"updates-{large}.db").stat().st_size - (OUT / f"updates-{small}.db").stat().st_size
    return grow / (large - small)


def table(times: dict[tuple[str, str], list[float]], sizes: list[int]) -> list[str]:
    small, large = str(min(sizes)), str(max(sizes))
    head = (
        "| command | "
        + " | ".join(f"{int(s):,} updates" for s in sizes)
        + f" | {int(large):,} / {int(small):,} |"
    )
    lines = [head, "|---" * (len(sizes) + 2) + "|"]
    for name in ("list", "show 7", "report 2021Q2", "report 2021Q2 json", "progress set", "due"):
        cells = [f"{statistics.median(times[(name, str(s))]) * 1000:.0f} ms" for s in sizes]
        lines.append(
            f"| `cqvet {name}` | "
            + " | ".join(cells)
            + f" | {paired(times, (name, large), (name, small)):.2f}× |"
        )
    lines.append(
        f"| `cqvet list`, default database (no `--db`; the bundled plan) | "
        f"{statistics.median(times[('list', 'default')]) * 1000:.0f} ms" + " |" * (len(sizes) + 1)
    )
    for name in FLOORS:
        lines.append(
            f"| `{name}` (floor) | {statistics.median(times[(name, 'floor')]) * 1000:.0f} ms"
            + " |" * (len(sizes) + 1)
        )
    return lines


def budgets(
    times: dict[tuple[str, str], list[float]],
    sizes: list[int],
    memory_kb: int | None,
    sql_ms: float,
    per_update: float,
) -> list[tuple[str, str, bool]]:
    small, large = str(min(sizes)), str(max(sizes))
    out = []
    floor_ratio = paired(times, ("list", "default"), ("import floor", "floor"))
    out.append(
        (
            "`cqvet list` on the default database ≤ 1.3× the import floor",
            f"{floor_ratio:.2f}×",
            floor_ratio <= 1.3,
        )
    )
    for name in ("list", "show 7", "report 2021Q2", "report 2021Q2 json", "due", "progress set"):
        ratio = paired(times, (name, large), (name, small))
        out.append(
            (f"`cqvet {name}` at {int(large):,} ≤ 1.1× at {int(small):,}", f"{ratio:.2f}×", ratio <= 1.1)
        )
    if memory_kb is not None:
        out.append(
            (
                f"report peak memory at {int(large):,} < 80 MB",
                f"{memory_kb / 1024:.1f} MB",
                memory_kb < 80 * 1024,
            )
        )
    out.append((f"report SQL (`read_ledger`) at {int(large):,} < 5 ms", f"{sql_ms:.2f} ms", sql_ms < 5))
    out.append(
        # 265, not 200: m009's index on authors (+23 B an update) and m011's on authors and recording
        # times (+45 B) keep `progress log --by` flat (README, Performance: the decision).
        ("storage < 265 bytes per update (20-character note)", f"{per_update:.0f} B", per_update < 265)
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    missing = [s for s in args.sizes if not (OUT / f"updates-{s}.db").exists()]
    if missing:
        subprocess.run([PY, str(ROOT / "benchmarks" / "build.py"), "--sizes", *map(str, missing)], check=True)
    for size in args.sizes:  # `progress set` appends: time a copy and keep the built database as built
        shutil.copyfile(OUT / f"updates-{size}.db", OUT / f"run-{size}.db")
    env = {**os.environ, "COLUMNS": "120", "CQVET_USER": "bench"}
    env.pop("CQVET_DB", None)
    # Time what users run: an installed cqvet has its bytecode compiled (pip does it), so let
    # the warm-up round write it here too, even where the shell forbids it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times = measure(args.sizes, args.rounds, env)
    large_db = OUT / f"run-{max(args.sizes)}.db"
    memory = peak_memory_kb(large_db, env)
    sql_ms = report_sql_ms(large_db)
    per_update = bytes_per_update(args.sizes)
    lines = table(times, args.sizes)
    verdicts = budgets(times, args.sizes, memory, sql_ms, per_update)
    lines += ["", "| budget | measured | holds |", "|---|---|---|"]
    lines += [f"| {what} | {value} | {'yes' if ok else '**no**'} |" for what, value, ok in verdicts]
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.rounds} rounds after a warm-up"
    text = "\n".join([f"Medians of whole-process wall time ({machine}).", "", *lines]) + "\n"
    print(text)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    (OUT / "results.json").write_text(
        json.dumps(
            {f"{k[0]} @ {k[1]}": v for k, v in times.items()}
            | {"memory_kb": memory, "report_sql_ms": sql_ms, "bytes_per_update": per_update},
            indent=1,
        ),
        encoding="utf-8",
    )
    return 0 if all(ok for _, _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
