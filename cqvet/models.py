"""The plan's own vocabulary: statuses and health as enums, and the plan and
its points as the ledger shows them on a given day (`Plan`, `PointState`,
`Target`, produced by `cqvet.store`), as immutable records (NamedTuples).

Every command needs these. The records of history (each update, assignment,
deadline change, event) live in `cqvet.ledger`, and what a plan document says
(`PlanDoc` and its parts) in `cqvet.plan_doc`, so that a command imports
only the classes it uses. Nothing here reads files, talks SQL or knows about
the terminal.
"""

# No `from __future__ import annotations` here (nor in `cqvet.ledger`), unlike most
# modules: NamedTuple compiles every string annotation into a ForwardRef, which made
# importing this module, and so every command, about 5 ms slower. Every annotation below names a class
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


# Each status by its stored text: a dict lookup, because `Status(text)` (the enum's own lookup)
# cost a report reading every measure twice more than its queries' rows.
STATUS_OF = {str(status): status for status in Status}

# The words a user may type for a status (`progress set --status`, `list --status`).
STATUS_ALIASES = {
    "未启动": Status.NOT_STARTED,
    "推进中": Status.IN_PROGRESS,
    "进行中": Status.IN_PROGRESS,
    "已完成": Status.DONE,
    "完成": Status.DONE,
    "受阻": Status.BLOCKED,
    "not_started": Status.NOT_STARTED,
    "not-started": Status.NOT_STARTED,
    "in_progress": Status.IN_PROGRESS,
    "in-progress": Status.IN_PROGRESS,
    "done": Status.DONE,
    "blocked": Status.BLOCKED,
}


class Health(StrEnum):
    """How a point stands against its schedule (see `cqvet.schedule`)."""

    DONE = "done"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OVERDUE = "overdue"
    NOT_STARTED = "not_started"
    BLOCKED = "blocked"


class Colour(StrEnum):
    """The 督办 colour of a point (see `cqvet.schedule.colour`); NONE means no notice is due."""

    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    NONE = "none"


class TargetKind(StrEnum):
    COUNT = "count"  # 150门, 50所
    PERCENT = "percent"  # 90%
    RATIO = "ratio"  # 2倍


# The records are NamedTuples rather than frozen dataclasses: just as immutable,
# and five times cheaper to define, which every start of `cqvet list` pays for
# (see README, Performance).

# --- the plan and its points on a day --------------------------------------


class Plan(NamedTuple):
    """A plan loaded into the database."""

    id: int
    title: str
    year: int
    start: dt.date
    loaded_at: str
    grace_days: int = 5  # a figure recorded this many days after a period's end is not 补录
    time_zone: str = "Asia/Shanghai"  # the zone 补录 is decided in (an IANA name)

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
    leads: tuple[str, ...] = ()  # every lead unit in order (双牵头); `lead` is them joined with 、

    def is_overdue(self, on: dt.date, *, day_over: bool) -> bool:
        """逾期 on `on` by the one rule in `cqvet.schedule.is_overdue`."""
        from cqvet.schedule import is_overdue

        return is_overdue(self.status, self.deadline, on, day_over=day_over)


class MeasureState(NamedTuple):
    """One measure (举措) of a point as the ledger shows it on a given day.

    A measure without its own deadline is due when its point is (`deadline_is_default`:
    the point's deadline, not the plan's year end); without its own owners it has none
    (the point's offices answer for it). `weight` is its share in the point's roll-up
    (`cqvet.rollup`), 1 unless set. `tracked`: it has a progress update on or before the day.
    """

    id: int
    point_number: int
    seq: int
    text: str
    lead: str | None
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    deadline: dt.date
    deadline_written: str
    deadline_is_default: bool
    percent: int
    status: Status
    reported_on: dt.date | None
    note: str
    weight: float
    tracked: bool

    @property
    def ref(self) -> str:
        """How the command line names it: `7-2` (see `cqvet.parsing.parse_item`)."""
        return f"{self.point_number}-{self.seq}"

    @property
    def sheet_ref(self) -> str:
        """How a 任务分解表 numbers it: `7（2）` (Excel reads `7-2` as a date and `7.2` as a number)."""
        return f"{self.point_number}（{self.seq}）"

    def is_overdue(self, on: dt.date, *, day_over: bool) -> bool:
        """逾期 on `on` by the one rule in `cqvet.schedule.is_overdue`."""
        from cqvet.schedule import is_overdue

        return is_overdue(self.status, self.deadline, on, day_over=day_over)
