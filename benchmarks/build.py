"""Build synthetic cqvet databases of 1k, 100k and 1M progress updates, through cqvet's own store.

    python benchmarks/build.py [--sizes 1000 100000 1000000] [--out benchmarks/out]
    python benchmarks/build.py --points 1000 5000 [--out benchmarks/out]

With `--points`, each database holds one plan of that many points instead
(see `build_points`): the plan-size axis of benchmarks/plan_size.py.

Each database holds the bundled 2021 plan with owners and deadlines for all
17 points, then N progress updates as a city-wide roll-out would write them:
38 districts and 200 colleges reporting on the 17 points every week for five
years (2021–2025), several updates per point on the same day, percents that
rise over time, notes of 20 Chinese characters, a target actual now and then.
The same seed gives the same databases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bulk import ProgressRow, append_progress_many

from cqvet import recording
from cqvet.models import Plan, Status
from cqvet.store import Store

if TYPE_CHECKING:
    from cqvet.plan_doc import PlanDoc

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "chongqing-2021-vocational-continuing-education-work-plan.txt"
REPORTERS = [f"{n}区教委" for n in range(1, 39)] + [f"职业学院{n:03d}" for n in range(1, 201)]
NOTE_WORDS = "已完成阶段任务正在推进中组织专家评审完成数据报送召开推进会议印发工作方案开展专项检查"
BATCH = 50_000


def note(rng: random.Random) -> str:
    """A 20-character Chinese note."""
    start = rng.randrange(len(NOTE_WORDS) - 20)
    return NOTE_WORDS[start : start + 20]


def updates(count: int, rng: random.Random) -> Iterator[ProgressRow]:
    first = dt.date(2021, 1, 4)
    weeks = 5 * 52
    for i in range(count):
        week = i * weeks // count  # time advances with the history, several updates a day
        day = first + dt.timedelta(weeks=week, days=rng.randint(0, 4))
        share = (week % 52 + 1) / 52  # each year's work ramps up to its end
        percent = max(0, min(100, round(100 * share + rng.randint(-15, 5))))
        status = Status.DONE if percent == 100 else Status.IN_PROGRESS if percent else Status.NOT_STARTED
        recorded = dt.datetime(day.year, day.month, day.day, rng.randint(1, 10), rng.randint(0, 59))
        yield ProgressRow(
            number=rng.randint(1, 17),
            reported_on=day,
            percent=percent,
            status=status,
            note=note(rng),
            author=rng.choice(REPORTERS),
            recorded_at=recorded.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )


def assign(store: Store, plan: Plan) -> None:
    today = dt.date(2021, 1, 10)
    deadlines = ("6月底", "三季度末", "年底前", "9月中旬", "上半年", "10月31日")
    for number in range(1, 18):
        recording.assign_owner(
            store,
            plan,
            number,
            lead=f"处室{number % 6 + 1}",
            supports=[f"处室{number % 5 + 7}"],
            contact="",
            effective_on=None,
            author="bench",
            today=today,
        )
        written = deadlines[number % len(deadlines)]
        from cqvet.dates import parse_date

        recording.set_deadline(
            store,
            plan,
            number,
            due_on=parse_date(written, plan_year=2021),
            as_written=written,
            note="",
            effective_on=None,
            author="bench",
            today=today,
        )


def build(size: int, out: Path) -> Path:
    path = out / f"updates-{size}.db"
    for stale in out.glob(f"{path.name}*"):
        stale.unlink()
    store = Store.open(path, seed=SEED)
    plan = store.plan()
    assign(store, plan)
    rng = random.Random(size)
    rows = updates(size, rng)
    while True:
        batch = [row for _, row in zip(range(BATCH), rows, strict=False)]
        if not batch:
            break
        with store.transaction():
            append_progress_many(store, plan, batch)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("VACUUM")
    store.close()
    return path


def big_plan(points: int) -> PlanDoc:
    """A plan of `points` points made of the bundled plan's points over and over: titles
    numbered so each is its own, 50 points a section, the bundled points' measures and targets."""
    from cqvet.plan_doc import PlanDoc, PointDoc, SectionDoc, parse_plan

    seed = parse_plan(SEED.read_text(encoding="utf-8"))
    sections = tuple(
        SectionDoc(n, str(n), f"第{n}部分 {seed.sections[n % 6].title}") for n in range(1, points // 50 + 2)
    )
    made = tuple(
        PointDoc(
            number=n,
            section_seq=(n - 1) // 50 + 1,
            title=f"{seed.points[n % 17].title}（{n}）",
            body=seed.points[n % 17].body,
            measures=seed.points[n % 17].measures,
            targets=seed.points[n % 17].targets,
        )
        for n in range(1, points + 1)
    )
    return PlanDoc(f"{points}项工作要点", 2021, sections, made)


def build_plans(count: int, out: Path) -> Path:
    """A database of `count` plans of 17 points each (the bundled plan's points, retitled), every
    point with ten progress updates: the 200-plans axis of benchmarks/plan_size.py (a district
    keeping each year's and each school's plan in one database)."""
    path = out / f"plans-{count}.db"
    for stale in out.glob(f"{path.name}*"):
        stale.unlink()
    store = Store.open(path)
    rng = random.Random(count)
    doc = big_plan(17)
    for n in range(1, count + 1):
        retitled = doc._replace(title=f"第{n}号工作要点")
        store.load_plan(retitled, source_name="bench", source_text=f"plan {n}", author="bench")
        plan = store.plan()
        rows = [
            ProgressRow(
                number,
                day,
                min(100, week * 10 + rng.randint(0, 9)),
                Status.IN_PROGRESS,
                note(rng),
                rng.choice(REPORTERS),
                f"{day.isoformat()}T08:00:00Z",  # recorded the day it reports (m013's rule)
            )
            for number in range(1, 18)
            for week in range(10)
            for day in [dt.date(2021, 1, 4) + dt.timedelta(weeks=week * 3, days=rng.randint(0, 4))]
        ]
        with store.transaction():
            append_progress_many(store, plan, rows)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


def build_points(points: int, out: Path) -> Path:
    """A database of one plan of `points` points, through the store: every point with an owner, a
    deadline, ten progress updates over the year and an actual on its first target."""
    path = out / f"points-{points}.db"
    for stale in out.glob(f"{path.name}*"):
        stale.unlink()
    store = Store.open(path)
    doc = big_plan(points)
    store.load_plan(doc, source_name="bench", source_text=f"bench {points}", author="bench")
    plan = store.plan()
    deadlines = ("6月底", "三季度末", "年底前", "9月中旬", "上半年", "10月31日")
    rng = random.Random(points)
    from cqvet.dates import parse_date

    with store.transaction():
        for number in range(1, points + 1):
            recording.assign_owner(
                store,
                plan,
                number,
                lead=f"处室{number % 12 + 1}",
                supports=[f"处室{number % 7 + 13}", f"处室{number % 5 + 20}"],
                contact="",
                leader=f"领导{number % 4 + 1}",
                effective_on=None,
                author="bench",
                today=dt.date(2021, 1, 10),
            )
            written = deadlines[number % len(deadlines)]
            recording.set_deadline(
                store,
                plan,
                number,
                due_on=parse_date(written, plan_year=2021),
                as_written=written,
                note="",
                effective_on=None,
                author="bench",
                today=dt.date(2021, 1, 10),
            )
        rows = [
            ProgressRow(
                number,
                day,
                min(100, week * 10 + rng.randint(0, 9)),
                Status.IN_PROGRESS,
                note(rng),
                rng.choice(REPORTERS),
                f"{day.isoformat()}T08:00:00Z",  # recorded the day it reports (m013's rule)
            )
            for number in range(1, points + 1)
            for week in range(10)
            for day in [dt.date(2021, 1, 4) + dt.timedelta(weeks=week * 3, days=rng.randint(0, 4))]
        ]
        append_progress_many(store, plan, rows)
        for target in store.targets(plan, dt.date(2021, 12, 31)):
            if target.seq == 1:
                store.append_actual(
                    plan,
                    target.id,
                    value=target.value / 2,
                    reported_on=dt.date(2021, 6, 1),
                    note="",
                    author="bench",
                    detail={},
                )
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--points", type=int, nargs="*", default=[])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.points:
        for points in args.points:
            started = time.perf_counter()
            path = build_points(points, args.out)
            print(f"built {path.name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        return 0
    for size in args.sizes:
        started = time.perf_counter()
        path = build(size, args.out)
        print(
            f"built {path.name}: {size:,} updates, {path.stat().st_size / 1e6:.1f} MB, "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
