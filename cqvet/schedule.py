"""Expected progress (序时进度) and schedule health: the one place these rules live.

Expected progress on a day is the share of time elapsed between the plan's
start and the point's deadline, as a percent from 0 to 100.

Health, first matching rule wins:

1. 已完成 done: the latest status is done.
2. 受阻 blocked: the latest status is blocked.
3. 逾期 overdue: the point is not done and its deadline day has ended (see below).
4. 未启动 not started: nothing reported yet (0 %, not started) while expected
   progress is still within the tolerance; once the schedule expects more,
   an unstarted point is behind.
5. 滞后 behind: percent < expected − tolerance.
6. 超前 ahead: percent > expected + tolerance.
7. 序时推进 on track: otherwise (within the tolerance either side, edges included).

The tolerance is in percentage points, default 10.

When a deadline has passed: a point not done by the end of its deadline day is
overdue from that day's end. A view as of a day that is over (any day before
today, and a report as of its quarter's last day, which describes the quarter
as it closed) counts a point due that very day and not done as overdue
(到期未完成); a view of today, which has not ended, counts it as due today.
`is_overdue` is the rule; `list`, `due`, `show` and every report call it, and
nothing else decides it.

督办 colour (`colour`), the steering office's three-colour notices, strongest first:

- 红 red: the point is overdue (health says 逾期).
- 黄 yellow: the point is behind 序时进度 by more than the tolerance (health says 滞后).
- 蓝 blue: the deadline falls within `near` days (default 7): today up to today + near,
  edges included, and the point is not done.
- none: every other point, done points always.

A blocked point is coloured as if it were in progress: being blocked does not
excuse it from the chase, and 受阻 is still shown as its status. The colour
calls `health` for red and yellow rather than restating its rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from cqvet.models import Colour, Health, MeasureState, PointState, Status

if TYPE_CHECKING:
    import sqlite3

DEFAULT_TOLERANCE = 10.0
DEFAULT_NEAR_DAYS = 7


def day_is_over(on: dt.date, today: dt.date) -> bool:
    """Whether the whole of `on` lies in the past, so that a deadline on `on` has passed."""
    return on < today


def report_day_is_over(on: dt.date, today: dt.date | None, quarter_end: dt.date) -> bool:
    """A report's day is over when it is past, or when it is its quarter's last day: a
    quarterly report describes the quarter as it closed, even on the day it closes."""
    return today is None or on < today or on == quarter_end


def is_overdue(status: Status, deadline: dt.date, on: dt.date, *, day_over: bool) -> bool:
    """逾期: not done, and the deadline day has ended by `on` (before `on`, or `on` itself once over)."""
    if status is Status.DONE:
        return False
    return deadline < on or (deadline == on and day_over)


@lru_cache(maxsize=4096)
def expected_percent(start: dt.date, deadline: dt.date, on: dt.date) -> float:
    """序时进度: the share of the time from `start` to `deadline` that has passed by the end of `on`.

    Remembered: a report asks it twice a point (figure and health), exactly (Fractions,
    Decimals), and a plan's points share a few deadlines."""
    if on >= deadline:
        return 100.0
    if on < start:
        return 0.0
    from cqvet.figures import percent_share, round_half_up  # decimal and fractions: not for `list`

    elapsed = (on - start).days + 1  # the end of `on` counts `on` itself
    total = (deadline - start).days + 1
    return round_half_up(percent_share(elapsed, total))


def health(
    state: PointState | MeasureState,
    start: dt.date,
    on: dt.date,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    day_over: bool = True,
) -> Health:
    """How `state` stands against its schedule at the end of `on` (rules in the module docstring).

    `day_over=False` for a view of a day still running (today): a point due that day is not yet late.
    """
    return standing(state.status, state.percent, state.deadline, start, on, tolerance, day_over=day_over)


def standing(
    status: Status,
    percent: int,
    deadline: dt.date,
    start: dt.date,
    on: dt.date,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    day_over: bool = True,
) -> Health:
    """`health` from the three facts it reads (status, percent, deadline), for callers without a state."""
    if status is Status.DONE:
        return Health.DONE
    if status is Status.BLOCKED:
        return Health.BLOCKED
    if is_overdue(status, deadline, on, day_over=day_over):
        return Health.OVERDUE
    expected = expected_percent(start, deadline, on)
    if status is Status.NOT_STARTED and percent == 0 and expected <= tolerance:
        return Health.NOT_STARTED
    if percent < expected - tolerance:
        return Health.BEHIND
    if percent > expected + tolerance:
        return Health.AHEAD
    return Health.ON_TRACK


def colour(
    state: PointState | MeasureState,
    start: dt.date,
    on: dt.date,
    near: int = DEFAULT_NEAR_DAYS,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    day_over: bool = True,
) -> Colour:
    """The 督办 colour of `state` (a point, or a measure by the same rule) at the end of `on` (rules
    in the module docstring); `day_over` as for `health`: whether a point due on `on` and not done
    is already overdue."""
    if state.status is Status.DONE:
        return Colour.NONE
    judged = state._replace(status=Status.IN_PROGRESS) if state.status is Status.BLOCKED else state
    standing = health(judged, start, on, tolerance, day_over=day_over)
    if standing is Health.OVERDUE:
        return Colour.RED
    if standing is Health.BEHIND:
        return Colour.YELLOW
    if 0 <= (state.deadline - on).days <= near:
        return Colour.BLUE
    return Colour.NONE


# --- the rules as SQL functions --------------------------------------------------------------
# For SQL that cqvet does not run itself (the web view's canned queries, run by Datasette): the
# query calls these instead of restating a rule in SQL. Dates are ISO text, as stored; the day
# asked for is a day still running (`day_over=False`), as in every view of today.


def _sql_expected(start_on: str, due_on: str, today: str) -> float:
    return expected_percent(
        dt.date.fromisoformat(start_on), dt.date.fromisoformat(due_on), dt.date.fromisoformat(today)
    )


def _sql_health(status: str, percent: int, start_on: str, due_on: str, today: str, tolerance: float) -> str:
    start, due, on = (dt.date.fromisoformat(d) for d in (start_on, due_on, today))
    return str(standing(Status(status), percent, due, start, on, tolerance, day_over=False))


def _sql_overdue(status: str, due_on: str, today: str) -> int:
    day, on = dt.date.fromisoformat(due_on), dt.date.fromisoformat(today)
    return int(is_overdue(Status(status), day, on, day_over=False))


SQL_FUNCTIONS: dict[str, tuple[int, Callable[..., float | int | str]]] = {
    "cqvet_expected": (3, _sql_expected),  # (start_on, due_on, today) -> 序时进度
    "cqvet_health": (6, _sql_health),  # (status, percent, start_on, due_on, today, tolerance) -> Health value
    "cqvet_overdue": (3, _sql_overdue),  # (status, due_on, today) -> 1 when 逾期
}


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """Make `SQL_FUNCTIONS` callable from SQL run on `conn`."""
    for name, (arity, function) in SQL_FUNCTIONS.items():
        conn.create_function(name, arity, function, deterministic=True)
