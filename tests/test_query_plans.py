"""No full scan of history creeps back: every as-of read seeks an index, whatever the size of the ledger.

Timing belongs in benchmarks/; these tests check the *shape* of the queries,
which is what keeps them flat, by asking SQLite for each statement's plan.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from bulk import ProgressRow, append_progress_many
from conftest import SEED

from cqvet.models import Status
from cqvet.report import read_ledger
from cqvet.store import Store
from cqvet.supervision import reporting_on


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store with some history and fresh statistics, so the planner sees a realistic database."""
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    store = Store.open(path, seed=SEED)
    plan = store.plan()
    rows = (
        ProgressRow(
            n % 17 + 1,
            dt.date(2021, 1, 1) + dt.timedelta(days=n % 365),
            n % 101,
            Status.IN_PROGRESS,
            "说明",
            f"a{n % 40}",
            f"{dt.date(2021, 1, 1) + dt.timedelta(days=n % 365)}T00:00:00Z",  # recorded the day it reports
        )
        for n in range(5000)
    )
    with store.transaction():
        append_progress_many(store, plan, rows)
    store.conn.execute("ANALYZE")
    return store


def statements(store: Store, action: Callable[[], object]) -> list[str]:
    """The SQL `action` runs, with its parameters filled in."""
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        store.conn.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def full_scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    """Plan lines that read a table whole (covering-index scans included): the reads below have none."""
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql) if row[3].startswith("SCAN")]


@pytest.mark.slow
def test_the_plan_check_does_see_a_full_scan(store: Store) -> None:
    """A check that never fires proves nothing: a filter on an unindexed column is caught."""
    assert full_scans(store.conn, "SELECT id FROM progress_updates WHERE note = 'x'")
    assert full_scans(store.conn, "SELECT count(*) FROM progress_updates")


def reads(store: Store) -> dict[str, Callable[[], object]]:
    plan = store.plan()
    on = dt.date(2021, 6, 30)
    return {
        "list": lambda: store.point_states(plan, on),
        "report": lambda: read_ledger(store, plan, on),
        "show": lambda: store.point_detail(plan, 7, on, history=20),
        "targets": lambda: store.targets(plan, on),
        "one point's log": lambda: store.progress_log(plan, 7, limit=20),
        "log --limit": lambda: store.progress_log(plan, limit=20),
        "log --by --limit": lambda: store.progress_log(plan, author="a7", limit=20),
        "log --by": lambda: store.progress_log(plan, author="a7"),
        "log --since --until --limit": lambda: store.progress_log(
            plan, since=dt.date(2021, 3, 1), until=dt.date(2021, 3, 31), limit=20
        ),
        "undo's description": lambda: store.event_progress(4000),
        "due's reporting": lambda: reporting_on(store, plan, on, None),
    }


# Settings, not history: one row each time a plan's 办结 review is turned on or off, never a row
# per update or per point, so reading it whole costs the same at any size of the ledger. (It has no
# plan_id index, and only this session's reserved steps may add one.)
SETTINGS = ("FROM review_settings ",)


@pytest.mark.parametrize(
    "name",
    [
        "list",
        "report",
        "show",
        "targets",
        "one point's log",
        "log --limit",
        "log --by --limit",
        "log --by",
        "log --since --until --limit",
        "undo's description",
        "due's reporting",
    ],
)
def test_as_of_reads_seek_indexes_instead_of_scanning_history(store: Store, name: str) -> None:
    """It finds no statement behind `{name}` that scans a history table whole."""
    sqls = statements(store, reads(store)[name])
    assert sqls, "the read ran no SQL?"
    offenders = {
        sql.split("FROM")[1][:60] if "FROM" in sql else sql[:60]: full_scans(store.conn, sql)
        for sql in sqls
        if not any(table in sql for table in SETTINGS)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_latest_progress_per_point_is_an_index_seek(store: Store) -> None:
    """The correlated subquery for 'latest update of a point as of a day' searches the (point, date) index."""
    sql = next(s for s in statements(store, reads(store)["list"]) if "progress_updates" in s)
    plan = " / ".join(row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "progress_by_point_date" in plan
    assert "USE TEMP B-TREE" not in plan.split("progress_updates")[-1]


@pytest.mark.parametrize("name", ["log --limit", "log --since --until --limit"])
def test_a_limited_log_of_all_points_sorts_only_each_points_newest_rows(store: Store, name: str) -> None:
    """Each point's newest N come from its (point, date) index in order; only those few are sorted,
    never the whole history before the limit (which grew with it: 10x slower at 1M than at 1k)."""
    sql = next(s for s in statements(store, reads(store)[name]) if "progress_updates" in s)
    rows = store.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    walk = next(row[0] for row in rows if "LIST SUBQUERY" in row[3])
    inside = [row[3] for row in rows if row[1] == walk]
    assert any("progress_by_point_date (point_id=?" in line for line in inside), inside
    assert not any("TEMP B-TREE" in line for line in inside), inside


def test_a_limited_log_by_one_author_walks_their_events_newest_recorded_first(store: Store) -> None:
    """`--by X --limit N` walks X's events in recording order from m011's index, with no sort, each
    one's update by event, so that it can stop after about N (`tests/test_log_by_author.py`); the
    chosen updates are then read by their ids."""
    walk, *chosen = [
        s for s in statements(store, reads(store)["log --by --limit"]) if "progress_updates" in s
    ]
    rows = [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + walk)]
    assert any("events_by_author_time (author=?)" in line for line in rows), rows
    assert any("progress_updates_by_event (event_id=?)" in line for line in rows), rows
    assert not any("TEMP B-TREE" in line for line in rows), rows
    assert chosen
    for sql in chosen:
        rows = [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert any("u USING INTEGER PRIMARY KEY (rowid=?)" in line for line in rows), rows


def test_a_log_by_one_author_reads_only_that_authors_events(store: Store) -> None:
    """`--by X` seeks X's events in an author index (m009's, or m011's, which begins with the author)
    and each one's update by event: it never walks other authors' updates (it walked each point's
    history until it found X's: 2x slower at 1M)."""
    sql = next(s for s in statements(store, reads(store)["log --by"]) if "progress_updates" in s)
    rows = [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
    assert any("events_by_author" in line and "(author=?)" in line for line in rows), rows
    assert any("progress_updates_by_event (event_id=?)" in line for line in rows), rows
    assert not any("progress_by_point_date" in line for line in rows), rows


def test_undo_finds_the_authors_last_event_by_the_author_index(store: Store) -> None:
    """`undo` seeks the user's newest events in the author index (m009), not everyone's events."""
    sql = statements(store, lambda: store.last_undoable_event("a7", ["progress"]))[0]
    plan = " / ".join(row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "events_by_author (author=?)" in plan, plan


def test_undo_finds_what_an_event_wrote_by_a_seek(store: Store) -> None:
    sql = next(s for s in statements(store, reads(store)["undo's description"]) if "progress_updates" in s)
    plan = " / ".join(row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "progress_updates_by_event" in plan


def test_the_ledger_tables_have_the_indexes_the_reads_rely_on(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "i.db", seed=SEED)
    names = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {
        "progress_by_point_date",
        "deadlines_by_point_date",
        "owners_by_point_date",
        "actuals_by_target_date",
        "events_reverts",
        "progress_updates_by_event",
        "owner_assignments_by_event",
        "deadline_changes_by_event",
        "target_actuals_by_event",
        "events_by_author",
        "events_by_author_time",
    } <= names


def test_listing_the_plans_finds_their_loads_by_index_not_by_scanning_the_events(store: Store) -> None:
    """Every command lists the plans; one whose loads were all undone is left out without reading history."""
    sql = next(s for s in statements(store, store.plans) if "FROM plans" in s)
    plan = " / ".join(row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "events_plan_loads" in plan
    assert [line for line in full_scans(store.conn, sql) if "events" in line] == []


# --- measures (issue 15) ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store whose measures have a history (5,000 bulk updates over all 78, point 7's owners,
    deadline, weight and a contribution through cqvet.measures) and fresh statistics."""
    from bulk import MeasureRow, append_measure_progress_many
    from measure_history import record_measure_history

    path = tmp_path_factory.mktemp("measures") / "measures.db"
    Store.open(path, seed=SEED).close()
    record_measure_history(path)
    store = Store.open(path)
    plan = store.plan()
    ids = [row[0] for row in store.conn.execute("SELECT id FROM measures ORDER BY id")]
    rows = (
        MeasureRow(
            ids[n % len(ids)],
            dt.date(2021, 1, 1) + dt.timedelta(days=n % 365),
            n % 101,
            Status.IN_PROGRESS,
            "说明",
            f"a{n % 40}",
            "2021-07-01T00:00:00Z",
        )
        for n in range(5000)
    )
    with store.transaction():
        append_measure_progress_many(store, plan, rows)
        ledger_at_scale(store, plan.id, ids)
    store.conn.execute("ANALYZE")
    return store


def ledger_at_scale(store: Store, plan_id: int, measure_ids: list[int]) -> None:
    """Owners, deadlines and weights of every measure changed 20 times over the year, and 2,000
    contributions: with a handful of rows the planner rightly scans a table (as it would a page)."""
    units = [row[0] for row in store.conn.execute("SELECT id FROM units ORDER BY id")]
    points = [row[0] for row in store.conn.execute("SELECT id FROM points WHERE plan_id = ?", (plan_id,))]

    def event(kind: str, day: str) -> int:
        return int(
            store.conn.execute(
                "INSERT INTO events (kind, plan_id, author, recorded_at) VALUES (?, ?, 'x', ?)",
                (kind, plan_id, day + "T08:00:00Z"),
            ).lastrowid
        )

    for n in range(20 * len(measure_ids)):
        measure, day = (
            measure_ids[n % len(measure_ids)],
            (dt.date(2021, 1, 1) + dt.timedelta(days=n % 365)).isoformat(),
        )
        assignment = store.conn.execute(
            "INSERT INTO measure_owners (event_id, measure_id, effective_on) VALUES (?, ?, ?)",
            (event("measure_owner", day), measure, day),
        ).lastrowid
        store.conn.execute(
            "INSERT INTO measure_owner_units (assignment_id, role, unit_id, seq) VALUES (?, 'lead', ?, 1)",
            (assignment, units[n % len(units)]),
        )
        store.conn.execute(
            "INSERT INTO measure_deadlines (event_id, measure_id, due_on, as_written, effective_on)"
            " VALUES (?, ?, '2021-12-31', '年底前', ?)",
            (event("measure_deadline", day), measure, day),
        )
        store.conn.execute(
            "INSERT INTO measure_weights (event_id, measure_id, weight, effective_on) VALUES (?, ?, ?, ?)",
            (event("measure_weight", day), measure, 1 + n % 3, day),
        )
    for n in range(2000):
        day = (dt.date(2021, 1, 1) + dt.timedelta(days=n % 365)).isoformat()
        store.conn.execute(
            "INSERT INTO contributions (event_id, point_id, unit_id, reported_on, note)"
            " VALUES (?, ?, ?, ?, '')",
            (event("contribution", day), points[n % len(points)], units[n % len(units)], day),
        )


def measure_reads(store: Store) -> dict[str, Callable[[], object]]:
    from cqvet import store_measures

    plan = store.plan()
    on = dt.date(2021, 6, 30)
    points = store.point_states(plan, on)
    point_id = store.point_id(plan, 7)
    event = store.conn.execute("SELECT max(event_id) FROM measure_progress").fetchone()[0]
    return {
        "list, rolled up": lambda: store.point_states(plan, on),
        "report, rolled up": lambda: read_ledger(store, plan, on),
        "the roll-up probe": lambda: store._rolled_up(on, points),
        "measure states": lambda: store_measures.measure_states(store, plan, on, points),
        "measure states, figures only": lambda: store_measures.measure_states(
            store, plan, on, points, owners=False
        ),
        "is the point rolled up": lambda: store_measures.point_is_rolled_up(store, point_id),
        "measure id": lambda: store_measures.measure_id(store, plan, 7, 2),
        "a point's measure progress": lambda: store_measures.progress_history(store, plan, 7, until=on),
        "one measure's progress": lambda: store_measures.progress_history(store, plan, 7, 2),
        "owner history": lambda: store_measures.owner_history(store, plan, 7),
        "one measure's owners": lambda: store_measures.owner_history(store, plan, 7, 1),
        "deadline history": lambda: store_measures.deadline_history(store, plan, 7, 2),
        "a point's contributions": lambda: store_measures.contributions(store, plan, 7),
        "every contribution": lambda: store_measures.contributions(store, plan, until=on),
        "undo's description of a measure update": lambda: store_measures.event_measure_progress(store, event),
    }


MEASURE_READS = [
    "list, rolled up",
    "report, rolled up",
    "the roll-up probe",
    "measure states",
    "measure states, figures only",
    "is the point rolled up",
    "measure id",
    "a point's measure progress",
    "one measure's progress",
    "owner history",
    "one measure's owners",
    "deadline history",
    "a point's contributions",
    "every contribution",
    "undo's description of a measure update",
]


@pytest.mark.parametrize("name", MEASURE_READS)
def test_measure_reads_seek_indexes_instead_of_scanning_history(measured: Store, name: str) -> None:
    """It finds no statement behind `{name}` that scans a table whole (measure_progress above all)."""
    sqls = statements(measured, measure_reads(measured)[name])
    assert sqls, "the read ran no SQL?"
    offenders = {
        sql.split("FROM")[1][:60] if "FROM" in sql else sql[:60]: full_scans(measured.conn, sql)
        for sql in sqls
        if not any(table in sql for table in SETTINGS)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def plan_of(store: Store, sql: str) -> str:
    return " / ".join(row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql))


def test_each_measures_latest_figures_are_a_seek_of_its_date_index_without_a_sort(measured: Store) -> None:
    """As of a day, a measure's latest update, deadline, owner and weight each come from its
    (measure, date) index newest first: no temporary sort inside the correlated subqueries."""
    sql = next(
        s for s in statements(measured, measure_reads(measured)["measure states"]) if "measure_progress" in s
    )
    plan = plan_of(measured, sql)
    for index in (
        "measure_progress_by_measure_date (measure_id=? AND reported_on<?)",
        "measure_deadlines_by_measure_date (measure_id=? AND effective_on<?)",
        "measure_owners_by_measure_date (measure_id=? AND effective_on<?)",
        "measure_weights_by_measure_date (measure_id=? AND effective_on<?)",
    ):
        assert index in plan, plan
    # the one sort is of the 78 measures by point and seq, at the end
    assert plan.count("TEMP B-TREE") <= 1, plan


def test_the_roll_up_probe_reads_one_row_of_measure_progress(measured: Store, store: Store) -> None:
    """With measure history or without, `point_states` first asks for the newest measure update's id:
    a seek to the end of the table's rowid order, never a scan."""
    for each in (measured, store):
        plan = each.plan()
        probe = next(
            s
            for s in statements(each, lambda e=each, p=plan: e.point_states(p, dt.date(2021, 6, 30)))
            if "measure_progress" in s
        )
        assert probe == "SELECT max(id) FROM measure_progress"
        assert full_scans(each.conn, probe) == []


def test_whether_a_point_is_rolled_up_is_a_seek_of_its_measures_dates(measured: Store) -> None:
    sql = next(
        s
        for s in statements(measured, measure_reads(measured)["is the point rolled up"])
        if "measure_progress" in s
    )
    assert "measure_progress_by_measure_date (measure_id=?)" in plan_of(measured, sql)


def test_undo_finds_what_a_measure_event_wrote_by_a_seek(measured: Store) -> None:
    sql = next(
        s
        for s in statements(measured, measure_reads(measured)["undo's description of a measure update"])
        if "measure_progress" in s
    )
    assert "measure_progress_by_event (event_id=?)" in plan_of(measured, sql)


def test_the_measure_tables_have_the_indexes_the_reads_rely_on(measured: Store) -> None:
    names = {row[0] for row in measured.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {
        "measure_progress_by_measure_date",
        "measure_progress_by_event",
        "measure_progress_corrections",
        "measure_owners_by_measure_date",
        "measure_owners_by_event",
        "measure_deadlines_by_measure_date",
        "measure_deadlines_by_event",
        "measure_weights_by_measure_date",
        "measure_weights_by_event",
        "contributions_by_point_date",
        "contributions_by_event",
    } <= names
