"""The schedule rules: expected progress (序时进度) and health, at their edges."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqvet.models import Colour, Health, PointState, Status
from cqvet.schedule import colour, expected_percent, health, is_overdue

START = dt.date(2021, 1, 1)
YEAR_END = dt.date(2021, 12, 31)


def state(percent: int, status: Status, deadline: dt.date = YEAR_END) -> PointState:
    return PointState(
        id=1,
        number=1,
        section_seq=1,
        section_title="",
        title="t",
        lead=None,
        supports=(),
        deadline=deadline,
        deadline_written="",
        deadline_is_default=False,
        deadline_postponed=False,
        percent=percent,
        status=status,
        reported_on=None,
    )


def test_expected_progress_is_the_share_of_time_elapsed_including_the_day_itself() -> None:
    """Half a year in, a year-end point is expected at about half."""
    assert expected_percent(START, YEAR_END, dt.date(2021, 7, 2)) == pytest.approx(50.1, abs=0.1)
    assert expected_percent(START, YEAR_END, dt.date(2021, 6, 30)) == 49.6


def test_expected_progress_is_zero_before_the_start_and_full_on_the_deadline() -> None:
    assert expected_percent(START, YEAR_END, dt.date(2020, 12, 31)) == 0.0
    assert expected_percent(START, YEAR_END, YEAR_END) == 100.0
    assert expected_percent(START, dt.date(2021, 6, 30), dt.date(2021, 7, 1)) == 100.0


@given(
    st.dates(dt.date(2020, 1, 1), dt.date(2023, 1, 1)), st.dates(dt.date(2021, 1, 1), dt.date(2022, 12, 31))
)
def test_expected_progress_always_lies_between_0_and_100(on: dt.date, deadline: dt.date) -> None:
    assert 0.0 <= expected_percent(START, deadline, on) <= 100.0


@given(st.dates(dt.date(2021, 1, 1), dt.date(2021, 12, 30)))
def test_expected_progress_never_falls_as_days_pass(on: dt.date) -> None:
    later = on + dt.timedelta(days=1)
    assert expected_percent(START, YEAR_END, later) >= expected_percent(START, YEAR_END, on)


ON = dt.date(2021, 6, 30)  # expected 49.6 for a year-end point


@pytest.mark.parametrize(
    ("percent", "status", "deadline", "expected_health"),
    [
        (100, Status.DONE, YEAR_END, Health.DONE),
        (100, Status.DONE, dt.date(2021, 3, 31), Health.DONE),  # done late is still done
        (30, Status.BLOCKED, YEAR_END, Health.BLOCKED),
        (30, Status.BLOCKED, dt.date(2021, 3, 31), Health.BLOCKED),  # blocked outranks overdue
        (90, Status.IN_PROGRESS, dt.date(2021, 6, 29), Health.OVERDUE),
        (89, Status.IN_PROGRESS, dt.date(2021, 6, 30), Health.OVERDUE),  # due that day, and the day is over
        (0, Status.NOT_STARTED, YEAR_END, Health.BEHIND),  # half a year in and not started is behind
        (0, Status.NOT_STARTED, dt.date(2022, 12, 31), Health.NOT_STARTED),  # checked on 1 Feb, see below
        (40, Status.IN_PROGRESS, YEAR_END, Health.ON_TRACK),  # 49.6 - 40 = 9.6 <= 10
        (39, Status.IN_PROGRESS, YEAR_END, Health.BEHIND),  # 10.6 below
        (59, Status.IN_PROGRESS, YEAR_END, Health.ON_TRACK),  # 9.4 above
        (60, Status.IN_PROGRESS, YEAR_END, Health.AHEAD),  # 10.4 above
    ],
)
def test_health_follows_the_documented_rules_at_their_edges(
    percent: int, status: Status, deadline: dt.date, expected_health: Health
) -> None:
    on = dt.date(2021, 2, 1) if expected_health is Health.NOT_STARTED else ON  # early: ~4 % of two years
    assert health(state(percent, status, deadline), START, on) is expected_health


def test_a_point_due_on_a_day_still_running_is_not_yet_overdue() -> None:
    """While its deadline day runs (a view of today), a point due that day is measured against 100 %."""
    assert health(state(89, Status.IN_PROGRESS, ON), START, ON, day_over=False) is Health.BEHIND
    assert health(state(90, Status.IN_PROGRESS, ON), START, ON, day_over=False) is Health.ON_TRACK
    assert health(state(90, Status.IN_PROGRESS, ON), START, ON, day_over=True) is Health.OVERDUE


def test_the_tolerance_edge_itself_counts_as_on_track() -> None:
    """Exactly `tolerance` points below expected is on track; a hair more is behind."""
    on = dt.date(2021, 5, 26)  # 146/365 = 40.0 %
    assert expected_percent(START, YEAR_END, on) == 40.0
    assert health(state(30, Status.IN_PROGRESS), START, on) is Health.ON_TRACK
    assert health(state(29, Status.IN_PROGRESS), START, on) is Health.BEHIND
    assert health(state(50, Status.IN_PROGRESS), START, on) is Health.ON_TRACK
    assert health(state(51, Status.IN_PROGRESS), START, on) is Health.AHEAD


def test_a_wider_tolerance_turns_behind_into_on_track() -> None:
    assert health(state(30, Status.IN_PROGRESS), START, ON) is Health.BEHIND
    assert health(state(30, Status.IN_PROGRESS), START, ON, tolerance=20) is Health.ON_TRACK


# --- the 督办 colour ---------------------------------------------------------


def test_an_overdue_point_is_red_even_when_blocked() -> None:
    """Past its deadline and not done, a point is red; being blocked does not lower the colour."""
    on = dt.date(2021, 7, 1)
    deadline = dt.date(2021, 6, 30)
    assert colour(state(80, Status.IN_PROGRESS, deadline), START, on) is Colour.RED
    assert colour(state(80, Status.BLOCKED, deadline), START, on) is Colour.RED


def test_a_point_behind_its_expected_progress_by_more_than_the_tolerance_is_yellow() -> None:
    """Mid-year the schedule expects about half: 30 % is behind (yellow), 45 % is within tolerance."""
    on = dt.date(2021, 6, 30)
    assert colour(state(30, Status.IN_PROGRESS), START, on) is Colour.YELLOW
    assert colour(state(45, Status.IN_PROGRESS), START, on) is Colour.NONE


def test_a_deadline_within_the_near_days_is_blue_at_both_edges() -> None:
    """Due in 7 days is blue with the default of 7; due in 8 days is not; due today is blue."""
    deadline = dt.date(2021, 6, 30)
    on_track = 98
    assert colour(state(on_track, Status.IN_PROGRESS, deadline), START, dt.date(2021, 6, 23)) is Colour.BLUE
    assert colour(state(on_track, Status.IN_PROGRESS, deadline), START, dt.date(2021, 6, 22)) is Colour.NONE
    # Due today, while today runs, is blue; once the day is over it is overdue (red).
    assert colour(state(100, Status.IN_PROGRESS, deadline), START, deadline, day_over=False) is Colour.BLUE
    assert colour(state(98, Status.IN_PROGRESS, deadline), START, deadline) is Colour.RED
    assert (
        colour(state(on_track, Status.IN_PROGRESS, deadline), START, dt.date(2021, 6, 8), near=30)
        is Colour.BLUE
    )


def test_a_done_point_has_no_colour_whatever_its_dates() -> None:
    assert colour(state(100, Status.DONE, dt.date(2021, 3, 1)), START, dt.date(2021, 7, 1)) is Colour.NONE


@given(st.integers(0, 100), st.sampled_from(list(Status)), st.dates(dt.date(2021, 1, 1), dt.date(2022, 3, 1)))
def test_red_and_yellow_follow_health_exactly(percent: int, status: Status, on: dt.date) -> None:
    """Red comes exactly when health says overdue, yellow exactly when behind (blocked read as going)."""
    point = state(percent, status, dt.date(2021, 9, 30))
    judged = point._replace(status=Status.IN_PROGRESS) if status is Status.BLOCKED else point
    tint = colour(point, START, on)
    standing = health(judged, START, on)
    if status is not Status.DONE:
        assert (tint is Colour.RED) == (standing is Health.OVERDUE)
        assert (tint is Colour.YELLOW) == (standing is Health.BEHIND)
    else:
        assert tint is Colour.NONE


@given(
    st.sampled_from(list(Status)),
    st.integers(0, 100),
    st.dates(dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
    st.dates(dt.date(2020, 12, 1), dt.date(2022, 1, 31)),
    st.sampled_from([0.0, 5.0, 10.0, 12.5]),
)
def test_the_sql_functions_give_what_the_rules_give(
    status: Status, percent: int, due: dt.date, today: dt.date, tolerance: float
) -> None:
    """序时进度, health and 逾期 called from SQL (the web view's queries) are the rules of this module,
    for a day still running."""
    import sqlite3

    from cqvet.schedule import register_sql_functions, standing

    start = dt.date(2021, 1, 1)
    conn = sqlite3.connect(":memory:")
    register_sql_functions(conn)
    args = (start.isoformat(), due.isoformat(), today.isoformat())
    expected, health_value, overdue = conn.execute(
        "SELECT cqvet_expected(?, ?, ?), cqvet_health(?, ?, ?, ?, ?, ?), cqvet_overdue(?, ?, ?)",
        (*args, str(status), percent, *args, tolerance, str(status), due.isoformat(), today.isoformat()),
    ).fetchone()
    conn.close()
    assert expected == expected_percent(start, due, today)
    assert health_value == standing(status, percent, due, start, today, tolerance, day_over=False)
    assert bool(overdue) == is_overdue(status, due, today, day_over=False)
