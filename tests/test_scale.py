"""Large plans and long histories: the answers of the fast paths equal those of the plain ones, and
the reads grow linearly with the plan.

Timing belongs in benchmarks/ (plan_size.py); here only what can be asserted
on a shared machine: results, and growth from 200 to 2,000 points well under
the hundredfold a quadratic read shows.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
from pathlib import Path

import pytest
from bulk import ProgressRow, append_progress_many
from conftest import SEED
from docx.oxml.ns import qn

from cqvet.models import Status
from cqvet.report import Report, build_report
from cqvet.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from build import big_plan  # (the benchmarks' plan of any size, made through the store)

pytestmark = pytest.mark.slow  # growth measured on plans and histories of several sizes (README, Tests)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("scale") / "h.db", seed=SEED)
    plan = store.plan()

    def on(n: int) -> dt.date:
        return dt.date(2021, 1, 1) + dt.timedelta(days=(n * 7) % 365)

    # Each update recorded on the day it reports, as cqvet records them: no report is dated
    # after the day it was recorded (the rule `progress log --by` relies on, README Performance).
    rows = (
        ProgressRow(
            n % 17 + 1,
            on(n),
            n % 101,
            Status.IN_PROGRESS,
            f"说明{n}",
            f"a{n % 40}",
            f"{on(n).isoformat()}T04:00:00Z",
        )
        for n in range(3000)
    )
    with store.transaction():
        append_progress_many(store, plan, rows)
    return store


@pytest.mark.parametrize("limit", [1, 20, 500])
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"author": "a7"},
        {"since": dt.date(2021, 3, 1), "until": dt.date(2021, 3, 31)},
        {"author": "a3", "since": dt.date(2021, 6, 1)},
    ],
    ids=["all", "by", "since-until", "by-since"],
)
def test_a_limited_log_of_all_points_is_the_head_of_the_whole_log(
    history: Store, limit: int, filters: dict[str, object]
) -> None:
    """Each point's newest N, merged, are exactly the newest N of all: same rows, same order."""
    plan = history.plan()
    whole = history.progress_log(plan, **filters)  # type: ignore[arg-type]
    assert len(whole) > 1
    assert history.progress_log(plan, limit=limit, **filters) == whole[:limit]  # type: ignore[arg-type]


def test_the_log_in_batches_is_the_log(history: Store) -> None:
    plan = history.plan()
    batches = list(history.progress_log_batches(plan, 7, first=10, batch=64))
    assert len(batches[0]) == 10 and {len(b) for b in batches[1:-1]} == {64}
    assert [e for b in batches for e in b] == history.progress_log(plan, 7)


def plan_of(points: int, folder: Path) -> Store:
    store = Store.open(folder / f"p{points}.db")
    store.load_plan(big_plan(points), source_name="t", source_text=str(points), author="t")
    return store


def test_each_point_gets_its_own_targets_in_a_large_plan(tmp_path: Path) -> None:
    store = plan_of(200, tmp_path)
    states = store.point_states(store.plan(), dt.date(2021, 6, 30))
    targets = store.targets(store.plan(), dt.date(2021, 6, 30))
    assert len(states) == 200 and len(targets) > 100
    for state in states:
        assert state.targets == tuple(t for t in targets if t.point_number == state.number)
    only = store.point_states(store.plan(), dt.date(2021, 6, 30), [37])
    assert only[0].targets == states[36].targets


def test_reading_every_point_grows_linearly_with_the_plan(tmp_path: Path) -> None:
    """Ten times the points costs about ten times as much, far from the hundredfold of a quadratic read."""

    def seconds(store: Store) -> float:
        plan = store.plan()
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            store.point_states(plan, dt.date(2021, 6, 30))
            best = min(best, time.perf_counter() - started)
        return best

    small, large = seconds(plan_of(200, tmp_path)), seconds(plan_of(2000, tmp_path))
    assert large < 30 * small, (small, large)


def big_report(points: int, folder: Path) -> Report:
    store = plan_of(points, folder)
    return build_report(
        store, store.plan(), as_of=dt.date(2021, 6, 30), generated_at="2021-07-01T09:00:00+08:00"
    )


def test_the_word_points_table_has_one_row_a_point_with_its_own_texts_and_fill(tmp_path: Path) -> None:
    """Rows copied from the first one carry each point's own cells and health colour."""
    from docx import Document

    from cqvet.render.docx import HEALTH_CELL, render_docx
    from cqvet.render.office import HEALTH_FILLS

    report = big_report(120, tmp_path)
    table = Document(io.BytesIO(render_docx(report, "zh"))).tables[-1]
    assert len(table.rows) == 121
    for line, row in zip(report.points, table.rows[1:], strict=True):
        cells = [c.text for c in row.cells]
        assert cells[0] == str(line.number) and cells[1] == line.title
        fill = row.cells[HEALTH_CELL]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
        assert fill == HEALTH_FILLS[line.health]


def test_the_word_report_grows_linearly_with_the_plan(tmp_path: Path) -> None:
    from cqvet.render.docx import render_docx

    def seconds(report: Report) -> float:
        started = time.perf_counter()
        render_docx(report, "zh")
        return time.perf_counter() - started

    small, large = seconds(big_report(150, tmp_path)), seconds(big_report(1500, tmp_path))
    assert large < 30 * small, (small, large)
