"""How a point's measures (举措) make its figures: the roll-up rule, in one place.

A point rolls up from the day the first of its measures has a progress update (as of any
day before that, it keeps its own figures, so a report of an earlier quarter reads as it
did). From then on:

- **percent**: the mean of its measures' percents, each weighted by its weight (1 unless
  set with `cqvet measure weight`), a measure with nothing reported counting as 0 %;
  rounded half up to a whole percent (`figures.round_half_up`), and never 100 % before
  every measure is done (99.6 % of the work is not the work): 99 at most until then;
- **status**: 已完成 when every measure is done; else 受阻 when one is blocked (the leader
  must hear of it); else 未启动 when none has started; else 推进中;
- **reported on**: the newest day a measure was reported; **note**: the newest measure note,
  prefixed by its measure (`7-2：…`);
- **deadline and health**: the point's own deadline, under the same 序时进度 rule
  (`cqvet.schedule`) as every point: measures with later deadlines do not move it.

A point none of whose measures has been reported is untouched. Pure: states in, state out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple, Protocol

from cqvet.models import PointState, Status

if TYPE_CHECKING:
    import sqlite3


class Share(Protocol):
    """What the percent and status rules read of a measure: a `MeasureState`, a `Part`, or a row
    of SQL (`Row`)."""

    @property
    def percent(self) -> int: ...
    @property
    def status(self) -> Status: ...
    @property
    def weight(self) -> float: ...


class Reported(Share, Protocol):
    """What `roll_up` reads of a measure: its figures and its newest update's day and note."""

    @property
    def seq(self) -> int: ...
    @property
    def reported_on(self) -> dt.date | None: ...
    @property
    def note(self) -> str: ...
    @property
    def tracked(self) -> bool: ...


class Part(NamedTuple):
    """One measure as the roll-up of every view reads it (`store_measures.rollup_parts`): its
    figures only, not its offices or deadline, so that `list` and a report pay for no more."""

    seq: int
    percent: int
    status: Status
    weight: float
    reported_on: dt.date | None
    note: str

    @property
    def tracked(self) -> bool:
        return self.reported_on is not None


def is_rolled_up(measures: Sequence[Reported]) -> bool:
    return any(m.tracked for m in measures)


# The statuses the rule tests, bound once: an enum member read through its class costs eight
# times a name's, and a report tests every measure's status on two days.
_DONE, _BLOCKED, _NOT_STARTED = Status.DONE, Status.BLOCKED, Status.NOT_STARTED


def rolled_percent(measures: Sequence[Share]) -> int:
    """The weighted mean percent, rounded half up, below 100 unless every measure is done."""
    if {m.status for m in measures} <= {_DONE}:  # every one done
        return 100
    if len({m.weight for m in measures}) == 1:
        # Equal weights (the usual case: none set) make the plain mean; rounded half up in whole
        # numbers, floor(sum / n + 1/2), the same figure as below without Fractions, which cost
        # a report at 17 points more than its queries.
        total, count = sum(m.percent for m in measures), len(measures)
        return min((2 * total + count) // (2 * count), 99)
    from cqvet.figures import decimal_fraction, round_half_up

    weights = [decimal_fraction(m.weight) for m in measures]
    total_weight = sum(weights, Fraction(0))
    mean = sum((w * m.percent for w, m in zip(weights, measures, strict=True)), Fraction(0)) / total_weight
    return min(int(round_half_up(mean, 0)), 99)


def rolled_status(measures: Sequence[Share]) -> Status:
    statuses = {m.status for m in measures}
    if statuses <= {_DONE}:  # every one done
        return _DONE
    if _BLOCKED in statuses:
        return _BLOCKED
    if statuses == {_NOT_STARTED} and not any(m.percent for m in measures):
        return _NOT_STARTED
    return Status.IN_PROGRESS


def roll_up(point: PointState, measures: Sequence[Reported]) -> PointState:
    """`point` with the figures its measures make, or `point` itself when none has been reported."""
    # One pass (a report rolls up every point on two days): the newest reported measure, and the
    # newest with a note, ties to the later measure.
    newest: Reported | None = None
    noted: Reported | None = None
    for m in measures:
        if m.reported_on is None:
            continue
        if newest is None or (m.reported_on, m.seq) > (newest.reported_on, newest.seq):
            newest = m
        if m.note and (noted is None or (m.reported_on, m.seq) > (noted.reported_on, noted.seq)):
            noted = m
    if newest is None:
        return point
    return point._replace(
        percent=rolled_percent(measures),
        status=rolled_status(measures),
        reported_on=newest.reported_on,
        note=f"{point.number}-{noted.seq}：{noted.note}" if noted else "",
    )


# --- the rule as SQL aggregates ----------------------------------------------------------------
# For SQL cqvet does not run itself (the web view's canned queries, run by Datasette): a query
# gathers each measure's latest percent, status and weight and these make the point's figures,
# rather than the rule being restated in SQL (as `cqvet.schedule.register_sql_functions`).


class Row(NamedTuple):
    percent: int
    status: Status
    weight: float


class _Rolled:
    def __init__(self) -> None:
        self.rows: list[Row] = []

    def step(self, percent: int, status: str, weight: float) -> None:
        self.rows.append(Row(int(percent), Status(status), float(weight)))


class _RolledPercent(_Rolled):
    def finalize(self) -> int | None:
        return rolled_percent(self.rows) if self.rows else None


class _RolledStatus(_Rolled):
    def finalize(self) -> str | None:
        return str(rolled_status(self.rows)) if self.rows else None


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """`cqvet_rollup_percent(percent, status, weight)` and `cqvet_rollup_status(…)`, aggregates
    over a point's measures (each measure's latest, 0 % and not started when unreported)."""
    # typeshed's aggregate protocol has a one-argument `step`; SQLite passes as many as the arity.
    conn.create_aggregate("cqvet_rollup_percent", 3, _RolledPercent)  # type: ignore[arg-type]
    conn.create_aggregate("cqvet_rollup_status", 3, _RolledStatus)  # type: ignore[arg-type]
