"""`progress log --by X --limit N` reads about N of X's updates, and lists what the whole log lists.

The author's events are walked newest recorded first and the walk stops once no
older event can hold an update dated late enough (an update is never dated after
the day it was recorded, `recording.latest_report_day`). Its answer is checked
against the log read whole by the same author (the query the limited log used
before, which sorted all of the author's updates), on random histories that keep
the recording rule: same updates, same order, same marks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from bulk import ProgressRow, append_progress_many
from conftest import SEED
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cqvet import recording
from cqvet.models import Status
from cqvet.recording import latest_report_day
from cqvet.store import Store

START = dt.date(2021, 1, 1)
AUTHORS = ("a", "b", "c")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(tmp_path_factory.mktemp("by") / "by.db", seed=SEED)
    yield store
    store.close()


# An update: its author, the day and hour (UTC) it was recorded, how many days before that it is
# dated (-1: the day after the UTC day, today east of UTC), its point, percent and correction mark.
updates = st.lists(
    st.tuples(
        st.sampled_from(AUTHORS),
        st.integers(0, 20),
        st.sampled_from([0, 9, 23]),  # few hours: many events recorded at the same second
        st.integers(-1, 6),
        st.integers(1, 17),
        st.integers(0, 100),
        st.booleans(),
    ),
    min_size=30,
    max_size=80,
)


def rows(drawn: list[tuple[str, int, int, int, int, int, bool]]) -> list[ProgressRow]:
    made = []
    for author, day, hour, back, number, percent, correction in drawn:
        recorded = START + dt.timedelta(days=day)
        reported = max(START, recorded - dt.timedelta(days=back))
        if back == -1 and hour < 10:  # a day ahead of UTC only where it is already that day
            reported = recorded
        stamp = f"{recorded.isoformat()}T{hour:02d}:00:00Z"
        made.append(
            ProgressRow(number, reported, percent, Status.IN_PROGRESS, "说明", author, stamp, correction)
        )
    return made


@settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    drawn=updates,
    author=st.sampled_from(AUTHORS),
    limit=st.integers(1, 25),
    since=st.none() | st.integers(0, 20),
    until=st.none() | st.integers(0, 20),
)
# Recorded late on the 5th (UTC), dated the 6th, and recorded after one recorded on the 6th: the
# walk must not stop at a day equal to the Nth's, where a later recording wins the tie.
@example(
    drawn=[("a", 5, 0, 0, 1, 10, False), ("a", 4, 23, -1, 2, 20, False)],
    author="a",
    limit=1,
    since=None,
    until=None,
)
def test_the_limited_log_by_an_author_is_the_head_of_their_whole_log(
    store: Store, drawn: list, author: str, limit: int, since: int | None, until: int | None
) -> None:
    """Whatever the history, `--by X --limit N` (with or without dates) lists the first N rows of X's
    whole log, in its order (report date, then recording order, newest first), reverted and
    superseded marks included."""
    plan = store.plan()
    first = None if since is None else START + dt.timedelta(days=since)
    last = None if until is None else START + dt.timedelta(days=until)
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        append_progress_many(store, plan, rows(drawn))
        whole = store.progress_log(plan, author=author, since=first, until=last)
        limited = store.progress_log(plan, author=author, since=first, until=last, limit=limit)
    finally:
        store.conn.execute("ROLLBACK")
    assert limited == whole[:limit]


def test_an_update_is_never_dated_after_the_day_after_its_utc_day() -> None:
    """The bound the walk relies on: the UTC day of the stamp, plus one (today east of UTC)."""
    assert latest_report_day("2021-06-30T23:59:59Z") == "2021-07-01"
    assert latest_report_day("2021-12-31T01:00:00Z") == "2022-01-01"


def test_the_limited_log_by_an_author_stops_reading_after_about_n_updates(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of an author's 3,000 updates over two years, the newest 20 are found reading a few dozen."""
    plan = store.plan()
    history = [
        ProgressRow(
            n % 17 + 1,
            START + dt.timedelta(days=n // 4),
            50,
            Status.IN_PROGRESS,
            "说明",
            "a" if n % 2 else "b",
            f"{(START + dt.timedelta(days=n // 4)).isoformat()}T02:00:00Z",
        )
        for n in range(6000)
    ]
    read: list[str] = []

    def counted(recorded_at: str) -> str:
        read.append(recorded_at)
        return latest_report_day(recorded_at)

    monkeypatch.setattr(recording, "latest_report_day", counted)
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        append_progress_many(store, plan, history)
        newest = store.progress_log(plan, author="a", limit=20)
        whole = store.progress_log(plan, author="a")
    finally:
        store.conn.execute("ROLLBACK")
    assert len(whole) == 3000
    assert newest == whole[:20]
    assert 20 <= len(read) <= 40, len(read)
