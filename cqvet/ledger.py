"""What the ledger records, one record a row: progress updates, owner assignments,
deadline changes and events, and the views made of them (a point
whole, an office's duties, what a load did).

Kept apart from `cqvet.models`, which holds the plan and its state on a day,
because only the commands that show history need these: every command pays at
start-up for each record class it imports (README, Performance). Nothing here
reads files, talks SQL or knows about the terminal.
"""

# No `from __future__ import annotations`: see `cqvet.models`.
import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from cqvet.models import MeasureState, Plan, PointState, Status

if TYPE_CHECKING:
    from cqvet.store_supervision import PointSupervision


class ProgressEntry(NamedTuple):
    """One progress update as recorded in the ledger."""

    id: int
    event_id: int
    point_number: int
    reported_on: dt.date
    percent: int
    status: Status
    note: str
    is_correction: bool
    author: str
    recorded_at: str
    reverted: bool = False
    superseded: bool = False  # a later correction took it back (已更正); see `cqvet.store.SUPERSEDED`
    measure: int | None = None  # the measure's number within the point (`7-2`), None for the point itself


class OwnerAssignment(NamedTuple):
    """One assignment of a lead unit and supporting units to a point."""

    id: int
    event_id: int
    point_number: int
    lead: str
    supports: tuple[str, ...]
    contact: str
    effective_on: dt.date
    author: str
    recorded_at: str
    reverted: bool = False
    leader: str = ""
    leads: tuple[str, ...] = ()  # every lead in order; `lead` is them joined with 、
    measure: int | None = None  # the measure's number within the point, None for the point itself


class DeadlineChange(NamedTuple):
    """One setting of a point's deadline (the first, or a postponement or advance)."""

    id: int
    event_id: int
    point_number: int
    due_on: dt.date
    as_written: str
    note: str
    effective_on: dt.date
    author: str
    recorded_at: str
    reverted: bool = False
    measure: int | None = None  # the measure's number within the point, None for the point itself


class Contribution(NamedTuple):
    """What a supporting office reported on its part of a point (配合单位报送): never the point's figure."""

    id: int
    event_id: int
    point_number: int
    office: str
    reported_on: dt.date
    percent: int | None  # the office's own estimate of its part, when it gave one
    note: str
    author: str
    recorded_at: str
    reverted: bool = False


class Event(NamedTuple):
    """One user action in the audit table."""

    id: int
    kind: str
    author: str
    recorded_at: str
    detail: dict[str, object]
    reverts: int | None


class UnitDuty(NamedTuple):
    """What one office owes: the points it leads and the points it supports."""

    name: str
    leads: tuple[int, ...]
    supports: tuple[int, ...]


class PointDetail(NamedTuple):
    """One point whole, for `cqvet show`."""

    state: PointState
    body: str
    measures: tuple[str, ...]
    contact: str
    progress: tuple[ProgressEntry, ...]
    owners: tuple[OwnerAssignment, ...]
    deadlines: tuple[DeadlineChange, ...]
    progress_truncated: bool = False  # older updates exist beyond those in `progress`
    supervision: "PointSupervision | None" = None  # notices received, 办结 decisions, evidence
    measure_states: tuple[MeasureState, ...] = ()  # each measure as of the day (owners, deadline, percent)
    contributions: tuple["Contribution", ...] = ()  # what supporting offices reported, newest first


class LoadResult(NamedTuple):
    """What loading a plan document did."""

    plan: Plan
    outcome: str  # "created", "updated" or "unchanged"
    sections: int
    points: int
    targets: int
    event_id: int | None = None  # the plan_load event; None when nothing changed
