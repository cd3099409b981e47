"""The plan's own vocabulary as immutable records (NamedTuples) and enums.

Two families live here: what a plan document says (`PlanDoc` and its parts,
produced by `cqvet.plan_doc`) and what the ledger says about the plan on a
given day (`PointState` and friends, produced by `cqvet.store`). Nothing
here reads files, talks SQL or knows about the terminal.
"""

# No `from __future__ import annotations` here, unlike everywhere else: NamedTuple
# compiles every string annotation into a ForwardRef, which made importing this
# module, and so every command, 8 ms slower. Every annotation below names a class
# defined above it, so none needs to be a string.
import datetime as dt
from enum import StrEnum
from typing import NamedTuple


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


# The records are NamedTuples rather than frozen dataclasses: just as immutable,
# and five times cheaper to define, which every start of `cqvet list` pays for
# (see README, Performance).

# --- what a plan document says -------------------------------------------


class TargetDoc(NamedTuple):
    """A quantitative target found in a point's text: `150门左右`."""

    seq: int
    value: float
    unit: str
    kind: TargetKind
    qualifier: str
    text: str


class SectionDoc(NamedTuple):
    """A section heading of the plan: `一、坚持党对职业教育的全面领导`."""

    seq: int
    numeral: str
    title: str


class PointDoc(NamedTuple):
    """A numbered work point as the document states it."""

    number: int
    section_seq: int | None
    title: str
    body: str
    measures: tuple[str, ...]
    targets: tuple[TargetDoc, ...]


class PlanDoc(NamedTuple):
    """A whole plan document: title, year, sections and points."""

    title: str
    year: int
    sections: tuple[SectionDoc, ...]
    points: tuple[PointDoc, ...]
    preamble: str = ""


# --- what the ledger says ------------------------------------------------


class Plan(NamedTuple):
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


class Target(NamedTuple):
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


class PointState(NamedTuple):
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
    targets: tuple[Target, ...] = ()
    leader: str = ""  # 分管领导 of the current assignment
    contact: str = ""

    def is_overdue(self, on: dt.date) -> bool:
        return self.status is not Status.DONE and self.deadline < on


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


class ProgressRow(NamedTuple):
    """A progress update to append in bulk (an import, a benchmark database)."""

    number: int
    reported_on: dt.date
    percent: int
    status: Status
    note: str
    author: str
    recorded_at: str
    correction: bool = False


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


class TargetActual(NamedTuple):
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


class LoadResult(NamedTuple):
    """What loading a plan document did."""

    plan: Plan
    outcome: str  # "created", "updated" or "unchanged"
    sections: int
    points: int
    targets: int
