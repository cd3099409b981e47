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

from cqvet.models import Colour, Health, PointState, Status

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


def expected_percent(start: dt.date, deadline: dt.date, on: dt.date) -> float:
    """序时进度: the share of the time from `start` to `deadline` that has passed by the end of `on`."""
    if on >= deadline:
        return 100.0
    if on < start:
        return 0.0
    from cqvet.figures import percent_share, round_half_up  # decimal and fractions: not for `list`

    elapsed = (on - start).days + 1  # the end of `on` counts `on` itself
    total = (deadline - start).days + 1
    return round_half_up(percent_share(elapsed, total))


def health(
    state: PointState,
    start: dt.date,
    on: dt.date,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    day_over: bool = True,
) -> Health:
    """How `state` stands against its schedule at the end of `on` (rules in the module docstring).

    `day_over=False` for a view of a day still running (today): a point due that day is not yet late.
    """
    if state.status is Status.DONE:
        return Health.DONE
    if state.status is Status.BLOCKED:
        return Health.BLOCKED
    if is_overdue(state.status, state.deadline, on, day_over=day_over):
        return Health.OVERDUE
    expected = expected_percent(start, state.deadline, on)
    if state.status is Status.NOT_STARTED and state.percent == 0 and expected <= tolerance:
        return Health.NOT_STARTED
    if state.percent < expected - tolerance:
        return Health.BEHIND
    if state.percent > expected + tolerance:
        return Health.AHEAD
    return Health.ON_TRACK


def colour(
    state: PointState,
    start: dt.date,
    on: dt.date,
    near: int = DEFAULT_NEAR_DAYS,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    day_over: bool = True,
) -> Colour:
    """The 督办 colour of `state` at the end of `on` (rules in the module docstring); `day_over`
    as for `health`: whether a point due on `on` and not done is already overdue."""
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
