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
