"""Measures at scale (issue 15, item 7): what keeps the roll-up cheap, and reads flat with history.

Timing belongs in benchmarks/measures.py (README, Performance: Measures); these tests pin what
the figures there rest on: the roll-up's arithmetic without Fractions gives the same percent,
the roll-up reads no offices, a database without measure progress is probed once, and the
cost of reading a point's measures does not grow with their history (counted in SQLite's
virtual-machine steps, which a busy machine does not blur).
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from bulk import MeasureRow, append_measure_progress_many
from conftest import SEED
from hypothesis import given
from hypothesis import strategies as st
from measure_history import record_measure_history

from cqvet import store_measures
from cqvet.figures import decimal_fraction, round_half_up
from cqvet.models import MeasureState, Status
from cqvet.report import read_ledger
from cqvet.rollup import rolled_percent
from cqvet.store import Store

ON = dt.date(2021, 6, 30)


def measure(percent: int, status: Status, weight: float = 1.0) -> MeasureState:
    return MeasureState(
        id=1,
        point_number=7,
        seq=1,
        text="举措",
        lead=None,
        leads=(),
        supports=(),
        deadline=dt.date(2021, 12, 31),
        deadline_written="",
        deadline_is_default=True,
        percent=percent,
        status=status,
        reported_on=dt.date(2021, 6, 1),
        note="",
        weight=weight,
        tracked=True,
    )


def weighted_mean_rounded(measures: list[MeasureState]) -> int:
    """The rule as rollup.py states it, with exact Fractions: the reference for the fast path."""
    if all(m.status is Status.DONE for m in measures):
        return 100
    weights = [decimal_fraction(m.weight) for m in measures]
    mean = sum((w * m.percent for w, m in zip(weights, measures, strict=True)), Fraction(0)) / sum(weights)
    return min(int(round_half_up(mean, 0)), 99)


statuses = st.sampled_from(list(Status))


@given(
    st.lists(st.tuples(st.integers(0, 100), statuses), min_size=1, max_size=12),
    st.sampled_from([1.0, 2.0, 0.5, 3.7]),
)
def test_equal_weights_roll_up_to_the_same_percent_as_the_exact_weighted_mean(
    parts: list[tuple[int, Status]], weight: float
) -> None:
    """Whatever the one weight all measures share, the whole-number mean equals the Fractions'."""
    measures = [measure(percent, status, weight) for percent, status in parts]
    assert rolled_percent(measures) == weighted_mean_rounded(measures)


@given(st.lists(st.tuples(st.integers(0, 100), statuses, st.sampled_from([1.0, 2.0, 0.5, 0.1])), min_size=1))
def test_unequal_weights_still_take_the_exact_weighted_mean(parts: list[tuple[int, Status, float]]) -> None:
    measures = [measure(percent, status, weight) for percent, status, weight in parts]
    assert rolled_percent(measures) == weighted_mean_rounded(measures)


def test_halves_round_up_and_nothing_short_of_every_measure_done_is_100() -> None:
    """50 and 51 make 50.5 → 51; 99 and 100 make 99.5, which stays 99 until both are done."""
    assert rolled_percent([measure(50, Status.IN_PROGRESS), measure(51, Status.IN_PROGRESS)]) == 51
    assert rolled_percent([measure(99, Status.IN_PROGRESS), measure(100, Status.DONE)]) == 99
    assert rolled_percent([measure(100, Status.DONE), measure(100, Status.DONE)]) == 100


# --- what the roll-up reads ---------------------------------------------------------------------


def statements(store: Store, action: Callable[[], object]) -> list[str]:
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        store.conn.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]


@pytest.fixture
def with_measures(loaded: Path) -> Path:
    record_measure_history(loaded)
    return loaded


def test_the_roll_up_of_every_view_reads_no_office_of_any_measure(with_measures: Path) -> None:
    """`point_states` rolls point 7 up from its measures without reading who owns them."""
    store = Store.open(with_measures)
    try:
        plan = store.plan()
        sqls = statements(store, lambda: store.point_states(plan, ON))
        point = store.point_states(plan, ON, [7])[0]
    finally:
        store.close()
    assert any("measure_progress" in sql for sql in sqls)
    assert not any("measure_owner" in sql for sql in sqls)
    # 7-1 at 40 % (weight 1), 7-2 started at 0 % (weight 2), 7-3 not reported (weight 1): 40 / 4.
    assert (point.percent, point.status) == (10, Status.IN_PROGRESS)


def test_measure_states_without_owners_differ_from_the_full_read_only_in_the_offices(
    with_measures: Path,
) -> None:
    store = Store.open(with_measures)
    try:
        plan = store.plan()
        points = store.point_states(plan, ON, [7])
        full = store_measures.measure_states(store, plan, ON, points)
        figures = store_measures.measure_states(store, plan, ON, points, owners=False)
    finally:
        store.close()
    assert full[0].leads == ("职成教处",) and full[0].supports == ("财务处",)
    assert [m._replace(lead=None, leads=(), supports=()) for m in full] == figures


def test_a_database_without_measure_progress_is_probed_once_and_read_as_before(loaded: Path) -> None:
    """No measure reported anywhere: one probe of measure_progress, no measure read, no roll-up."""
    store = Store.open(loaded)
    try:
        plan = store.plan()
        sqls = statements(store, lambda: store.point_states(plan, ON))
    finally:
        store.close()
    touching = [sql for sql in sqls if "measure" in sql]
    assert touching == ["SELECT max(id) FROM measure_progress"]


# --- flat with history, counted in SQLite's steps -----------------------------------------------


def vm_steps(store: Store, action: Callable[[], object]) -> int:
    """How many SQLite virtual-machine instructions `action` runs (a progress handler at each)."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    store.conn.set_progress_handler(tick, 1)
    try:
        action()
    finally:
        store.conn.set_progress_handler(None, 0)
    return count[0]


def history(path: Path, updates: int) -> Store:
    """The bundled plan with `updates` measure updates over its 78 measures, 2021 to 2025, each on its day."""
    store = Store.open(path, seed=SEED)
    plan = store.plan()
    ids = [row[0] for row in store.conn.execute("SELECT id FROM measures ORDER BY id")]
    rng = random.Random(updates)
    days = 5 * 365
    rows = (
        MeasureRow(
            rng.choice(ids),
            dt.date(2021, 1, 1) + dt.timedelta(days=i * days // updates),
            min(100, (i * days // updates) % 365 // 3),
            Status.IN_PROGRESS,
            "说明",
            f"a{i % 40}",
            (dt.date(2021, 1, 1) + dt.timedelta(days=i * days // updates)).isoformat() + "T08:00:00Z",
        )
        for i in range(updates)
    )
    with store.transaction():
        append_measure_progress_many(store, plan, rows)
    store.conn.execute("ANALYZE")
    return store


def read_costs(store: Store) -> dict[str, int]:
    """The steps of the report's reads, `list`'s, and the rolled-up probe `progress set` makes."""
    plan = store.plan()
    point_id = store.point_id(plan, 7)
    return {
        "list": vm_steps(store, lambda: store.point_states(plan, ON)),
        "report": vm_steps(store, lambda: read_ledger(store, plan, ON)),
        "rolled up?": vm_steps(store, lambda: store_measures.point_is_rolled_up(store, point_id)),
    }


def scan_cost(store: Store) -> int:
    return vm_steps(
        store, lambda: store.conn.execute("SELECT count(*) FROM measure_progress WHERE note = 'x'").fetchone()
    )


@pytest.mark.slow
def test_reading_every_measure_costs_the_same_at_2000_and_at_60000_updates(tmp_path: Path) -> None:
    """The report's reads, `list`'s and a measure's `progress set` probe, in SQLite steps: within 10 %
    from 2,000 to 60,000 measure updates (a scan of measure_progress would take 30 times more)."""
    costs = {}
    for updates in (2_000, 60_000):
        store = history(tmp_path / f"m{updates}.db", updates)
        try:
            costs[updates] = read_costs(store)
        finally:
            store.close()
    for name, small in costs[2_000].items():
        assert 0 < costs[60_000][name] <= small * 1.1, (name, costs)


def test_a_full_scan_of_measure_progress_would_be_counted(tmp_path: Path) -> None:
    """The step count sees history grow when a read does scan it, so the test above can fail."""
    costs = {}
    for updates in (500, 5_000):
        store = history(tmp_path / f"s{updates}.db", updates)
        try:
            costs[updates] = scan_cost(store)
        finally:
            store.close()
    assert costs[5_000] > 5 * costs[500]


def test_the_bulk_rows_are_what_the_store_would_read(tmp_path: Path) -> None:
    """Bulk-written measure updates read back through the store as the measures' latest figures."""
    store = history(tmp_path / "b.db", 300)
    try:
        plan = store.plan()
        points = store.point_states(plan, dt.date(2025, 12, 31))
        states = store_measures.measure_states(store, plan, dt.date(2025, 12, 31), points)
        newest = dict(
            store.conn.execute(
                "SELECT measure_id, percent FROM measure_progress u WHERE id = "
                "(SELECT max(id) FROM measure_progress x WHERE x.measure_id = u.measure_id)"
            ).fetchall()
        )
        kinds = {row[0] for row in store.conn.execute("SELECT DISTINCT kind FROM events WHERE id > 1")}
    finally:
        store.close()
    assert {m.id: m.percent for m in states if m.tracked} == newest
    assert "measure_progress" in kinds
    with sqlite3.connect(tmp_path / "b.db") as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
