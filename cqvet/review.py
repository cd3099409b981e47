"""The rule of 办结 review: where a point reported done stands (待审核 or 已办结) on a day.

In a plan that requires review (`plan set --review`) a point reported done is 待审核
(`pending`) until the steering office confirms it (已办结, `confirmed`); every view that
shows a point's status says so (the report, `list`, `show`, `due`, their JSON and CSV),
as `review_marks` gives them. A plan without review has no marks, and its views are
unchanged. Kept apart from `cqvet.supervision` (the rest of 督办) so that `list` loads
only this; nothing here writes or knows the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cqvet.models import Status

if TYPE_CHECKING:
    import datetime as dt

    from cqvet.models import Plan, PointState
    from cqvet.store import Store
    from cqvet.store_review import Closure


def review_state(state: PointState, decisions: Sequence[Closure]) -> str | None:
    """Where a point stands in review: None unless its latest status is done; `confirmed` (已办结)
    when the last decision dated on or after the done report confirms it; else `pending` (待审核)."""
    if state.status is not Status.DONE or state.reported_on is None:
        return None
    after = [d for d in decisions if d.point_number == state.number and d.decided_on >= state.reported_on]
    return "confirmed" if after and after[-1].decision == "confirm" else "pending"


def review_marks(
    store: Store, plan: Plan, on: dt.date, states: Iterable[PointState]
) -> dict[int, str] | None:
    """Each done point's standing in review at the end of `on`, by number (`pending` or
    `confirmed`); None for a plan that does not require review (one query, no decisions read)."""
    from cqvet.store_review import closures, review_required

    if not review_required(store, plan):
        return None
    done = [s for s in states if s.status is Status.DONE]
    if not done:
        return {}
    decisions = closures(store, plan, on)
    marks = {s.number: review_state(s, decisions) for s in done}
    return {number: mark for number, mark in marks.items() if mark is not None}
