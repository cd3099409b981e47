"""Expected progress (序时进度) and schedule health: the one place these rules live.

Expected progress on a day is the share of time elapsed between the plan's
start and the point's deadline, as a percent from 0 to 100.

Health, first matching rule wins:

1. 已完成 done: the latest status is done.
2. 受阻 blocked: the latest status is blocked.
3. 逾期 overdue: the deadline has passed (deadline < day) and the point is not done.
4. 未启动 not started: nothing reported yet (0 %, not started) while expected
   progress is still within the tolerance; once the schedule expects more,
   an unstarted point is behind.
5. 滞后 behind: percent < expected − tolerance.
6. 超前 ahead: percent > expected + tolerance.
7. 序时推进 on track: otherwise (within the tolerance either side, edges included).

The tolerance is in percentage points, default 10.

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


def expected_percent(start: dt.date, deadline: dt.date, on: dt.date) -> float:
    """序时进度: the share of the time from `start` to `deadline` that has passed by the end of `on`."""
    if on >= deadline:
        return 100.0
    if on < start:
        return 0.0
    elapsed = (on - start).days + 1  # the end of `on` counts `on` itself
    total = (deadline - start).days + 1
    return round(100.0 * elapsed / total, 1)


def health(state: PointState, start: dt.date, on: dt.date, tolerance: float = DEFAULT_TOLERANCE) -> Health:
    """How `state` stands against its schedule at the end of `on` (rules in the module docstring)."""
    if state.status is Status.DONE:
        return Health.DONE
    if state.status is Status.BLOCKED:
        return Health.BLOCKED
    if state.deadline < on:
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
) -> Colour:
    """The 督办 colour of `state` at the end of `on` (rules in the module docstring)."""
    if state.status is Status.DONE:
        return Colour.NONE
    judged = state._replace(status=Status.IN_PROGRESS) if state.status is Status.BLOCKED else state
    standing = health(judged, start, on, tolerance)
    if standing is Health.OVERDUE:
        return Colour.RED
    if standing is Health.BEHIND:
        return Colour.YELLOW
    if 0 <= (state.deadline - on).days <= near:
        return Colour.BLUE
    return Colour.NONE
