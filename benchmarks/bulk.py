"""Progress updates appended in bulk, for building benchmark and test databases fast.

Moved here from `cqvet.store` (issue 18): no command appends in bulk, so the
product keeps one way to record progress (`recording.record_progress` through
`Store.append_progress`), and this is the one place outside cqvet/ that writes
SQL. It writes the same rows as `Store.append_progress`, with `executemany`, and
applies no recording rule: the rows are taken as given.

    from bulk import ProgressRow, append_progress_many   # benchmarks/ is on the path
    with store.transaction():
        append_progress_many(store, plan, rows)

(Scripts in benchmarks/ find it beside them; pytest puts benchmarks/ on the path,
see `pythonpath` in pyproject.toml.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from cqvet.models import Plan, Status
from cqvet.store import Store


class ProgressRow(NamedTuple):
    """A progress update to append in bulk: its point's number, and the event's author and stamp."""

    number: int
    reported_on: dt.date
    percent: int
    status: Status
    note: str
    author: str
    recorded_at: str
    correction: bool = False


def append_progress_many(store: Store, plan: Plan, updates: Iterable[ProgressRow]) -> int:
    """Append many progress updates, each its own event, in the caller's transaction; returns how many.

    Event ids are allocated here, which is safe because `Store.transaction()`
    holds the write lock.
    """
    point_ids = store.point_ids(plan)
    next_id = int(store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM events").fetchone()[0])
    events: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    for offset, u in enumerate(updates):
        events.append((next_id + offset, "progress", plan.id, u.author, u.recorded_at))
        rows.append(
            (
                next_id + offset,
                point_ids[u.number],
                u.reported_on.isoformat(),
                u.percent,
                str(u.status),
                u.note,
                int(u.correction),
            )
        )
    store.conn.executemany(
        "INSERT INTO events (id, kind, plan_id, author, recorded_at, detail) VALUES (?, ?, ?, ?, ?, '')",
        events,
    )
    store.conn.executemany(
        "INSERT INTO progress_updates"
        " (event_id, point_id, reported_on, percent, status, note, is_correction) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


class MeasureRow(NamedTuple):
    """A measure's progress update to append in bulk: the measure's id (`measures.id`), and the
    event's author and stamp."""

    measure_id: int
    reported_on: dt.date
    percent: int
    status: Status
    note: str
    author: str
    recorded_at: str
    correction: bool = False


def append_measure_progress_many(store: Store, plan: Plan, updates: Iterable[MeasureRow]) -> int:
    """Append many measure progress updates, each its own `measure_progress` event, in the caller's
    transaction; the same rows as `store_measures.append_progress`, no rule applied."""
    next_id = int(store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM events").fetchone()[0])
    events: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    for offset, u in enumerate(updates):
        events.append((next_id + offset, "measure_progress", plan.id, u.author, u.recorded_at))
        rows.append(
            (
                next_id + offset,
                u.measure_id,
                u.reported_on.isoformat(),
                u.percent,
                str(u.status),
                u.note,
                int(u.correction),
            )
        )
    store.conn.executemany(
        "INSERT INTO events (id, kind, plan_id, author, recorded_at, detail) VALUES (?, ?, ?, ?, ?, '')",
        events,
    )
    store.conn.executemany(
        "INSERT INTO measure_progress"
        " (event_id, measure_id, reported_on, percent, status, note, is_correction) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)
