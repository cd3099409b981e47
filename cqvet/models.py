"""The plan's own vocabulary as frozen dataclasses and enums.

Two families live here: what a plan document says (`PlanDoc` and its parts,
produced by `cqvet.plan_doc`) and what the ledger says about the plan on a
given day (`PointState` and friends, produced by `cqvet.store`). Nothing
here reads files, talks SQL or knows about the terminal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """What the reporting office says about a point."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"


class Health(StrEnum):
    """How a point stands against its schedule (see `cqvet.schedule`)."""

    DONE = "done"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OVERDUE = "overdue"
    NOT_STARTED = "not_started"
    BLOCKED = "blocked"


class TargetKind(StrEnum):
    COUNT = "count"  # 150门, 50所
    PERCENT = "percent"  # 90%
    RATIO = "ratio"  # 2倍


# Every dataclass here has a docstring: without one, Python builds it from
# inspect.signature() at import time, which `cqvet list` would pay for.

# --- what a plan document says -------------------------------------------


@dataclass(frozen=True)
class TargetDoc:
    """A quantitative target found in a point's text: `150门左右`."""

    seq: int
    value: float
    unit: str
    kind: TargetKind
    qualifier: str
    text: str


@dataclass(frozen=True)
class SectionDoc:
    """A section heading of the plan: `一、坚持党对职业教育的全面领导`."""

    seq: int
    numeral: str
    title: str


@dataclass(frozen=True)
class PointDoc:
    """A numbered work point as the document states it."""

    number: int
    section_seq: int | None
    title: str
    body: str
    measures: tuple[str, ...]
    targets: tuple[TargetDoc, ...]


@dataclass(frozen=True)
class PlanDoc:
    """A whole plan document: title, year, sections and points."""

    title: str
    year: int
    sections: tuple[SectionDoc, ...]
    points: tuple[PointDoc, ...]
    preamble: str = ""


# --- what the ledger says ------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A plan loaded into the database."""

    id: int
    title: str
    year: int
    start: dt.date
    loaded_at: str

    @property
    def default_deadline(self) -> dt.date:
        """Until a deadline is set, a point is due by the end of the plan's year."""
        return dt.date(self.year, 12, 31)


@dataclass(frozen=True)
class Target:
    """A quantitative target with its latest actual on the day asked for."""

    id: int
    point_number: int
    seq: int
    value: float
    unit: str
    kind: TargetKind
    qualifier: str
    text: str
    actual: float | None = None
    actual_on: dt.date | None = None

    @property
    def ref(self) -> str:
        return f"{self.point_number}.{self.seq}"

    @property
    def attainment(self) -> float | None:
        """Actual as a share of the target, or None before any actual is recorded."""
        if self.actual is None or not self.value:
            return None
        return self.actual / self.value


@dataclass(frozen=True)
class PointState:
    """One point as the ledger shows it on a given day."""

    id: int
    number: int
    section_seq: int | None
    section_title: str
    title: str
    lead: str | None
    supports: tuple[str, ...]
    deadline: dt.date
    deadline_written: str
    deadline_is_default: bool
    deadline_postponed: bool
    percent: int
    status: Status
    reported_on: dt.date | None
    note: str = ""
    targets: tuple[Target, ...] = field(default=())
    leader: str = ""  # 分管领导 of the current assignment
    contact: str = ""

    def is_overdue(self, on: dt.date) -> bool:
        return self.status is not Status.DONE and self.deadline < on


@dataclass(frozen=True)
class ProgressEntry:
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


@dataclass(frozen=True)
class ProgressRow:
    """A progress update to append in bulk (an import, a benchmark database)."""

    number: int
    reported_on: dt.date
    percent: int
    status: Status
    note: str
    author: str
    recorded_at: str
    correction: bool = False


@dataclass(frozen=True)
class OwnerAssignment:
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


@dataclass(frozen=True)
class DeadlineChange:
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


@dataclass(frozen=True)
class TargetActual:
    """One actual value recorded on a target."""

    id: int
    event_id: int
    target_ref: str
    value: float
    reported_on: dt.date
    note: str
    author: str
    recorded_at: str
    reverted: bool = False


@dataclass(frozen=True)
class Event:
    """One user action in the audit table."""

    id: int
    kind: str
    author: str
    recorded_at: str
    detail: dict[str, object]
    reverts: int | None


@dataclass(frozen=True)
class UnitDuty:
    """What one office owes: the points it leads and the points it supports."""

    name: str
    leads: tuple[int, ...]
    supports: tuple[int, ...]


@dataclass(frozen=True)
class PointDetail:
    """One point whole, for `cqvet show`."""

    state: PointState
    body: str
    measures: tuple[str, ...]
    contact: str
    progress: tuple[ProgressEntry, ...]
    owners: tuple[OwnerAssignment, ...]
    deadlines: tuple[DeadlineChange, ...]
    progress_truncated: bool = False  # older updates exist beyond those in `progress`


@dataclass(frozen=True)
class LoadResult:
    """What loading a plan document did."""

    plan: Plan
    outcome: str  # "created", "updated" or "unchanged"
    sections: int
    points: int
    targets: int
