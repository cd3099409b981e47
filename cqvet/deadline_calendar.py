"""Which calendar events the deadlines make, and what each one holds, as plain data.

One event per work point, on its current deadline (the plan's default, year
end, while none is set), carrying what a reminder should say: the owners,
the deadline as written, a postponement and the latest progress. Turning
this into iCalendar is `cqvet.render.ics`'s job; this module never words
anything for people, never writes a file and runs no SQL of its own.

Identity. A point's UID depends only on its plan (year, and a hash of the
title) and its number, never on database ids, so a later export, or a
colleague's export of the same plan, updates the events already in a
calendar app instead of adding copies.

Revision. SEQUENCE counts the revisions of a point's deadline after it was
first set: every later setting and every undo of a setting. It never goes
down, not even when a postponement is undone and the date moves back, so a
calendar app takes each moved deadline as an update. (A first setting
leaves it at 0; DTSTAMP, newer in every export, orders those.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from cqvet.ledger import DeadlineChange
from cqvet.models import Plan, Status
from cqvet.store import Store


@dataclass(frozen=True)
class DeadlineEvent:
    """One point's current deadline, with what its calendar event says."""

    uid: str
    number: int
    title: str
    section_title: str
    due: dt.date
    written: str  # the deadline as typed (6月底), "" while the plan's default applies
    is_default: bool
    postponed_from: dt.date | None  # the first deadline set, when the current one is a postponement
    postpone_note: str
    lead: str | None
    supports: tuple[str, ...]
    percent: int
    status: Status
    reported_on: dt.date | None
    sequence: int

    @property
    def is_open(self) -> bool:
        return self.status is not Status.DONE


@dataclass(frozen=True)
class DeadlineCalendar:
    """Every point's deadline event for one plan, as the ledger stands on `as_of`."""

    plan_title: str
    plan_year: int
    as_of: dt.date
    events: tuple[DeadlineEvent, ...]


def event_uid(plan: Plan, number: int) -> str:
    """`cqvet-2021-1a2b3c4d-point-7@cqvet`: the same for the same plan and point in every export."""
    digest = hashlib.sha1(plan.title.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"cqvet-{plan.year}-{digest}-point-{number}@cqvet"


def sequence(history: list[DeadlineChange]) -> int:
    """Revisions after the first setting: each setting counts once, and its undo once more."""
    settings = len(history) + sum(1 for change in history if change.reverted)
    return max(settings - 1, 0)


def build_calendar(store: Store, plan: Plan, on: dt.date) -> DeadlineCalendar:
    """The deadline of every point of `plan` as of the end of `on`, one event each."""
    with store.snapshot():
        states = store.point_states(plan, on)
        history = store.deadline_history(plan)
    by_point: dict[int, list[DeadlineChange]] = {}
    for change in history:
        if change.effective_on <= on:
            by_point.setdefault(change.point_number, []).append(change)
    events = []
    for state in states:
        changes = by_point.get(state.number, [])
        live = [c for c in changes if not c.reverted]  # newest first, as the store returns them
        postponed = state.deadline_postponed and len(live) > 1
        events.append(
            DeadlineEvent(
                uid=event_uid(plan, state.number),
                number=state.number,
                title=state.title,
                section_title=state.section_title,
                due=state.deadline,
                written=state.deadline_written,
                is_default=state.deadline_is_default,
                postponed_from=live[-1].due_on if postponed else None,
                postpone_note=live[0].note if postponed else "",
                lead=state.lead,
                supports=state.supports,
                percent=state.percent,
                status=state.status,
                reported_on=state.reported_on,
                sequence=sequence(changes),
            )
        )
    return DeadlineCalendar(plan.title, plan.year, on, tuple(events))
