"""Which points a view shows: the filters of `cqvet list` and the split of `cqvet due`.

Pure: point states in, point states out. The filters take what people type
(`--section 三`, `--owner 职成教处`, `--status 逾期`) and refuse an unknown
status before anything is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from cqvet.errors import UsageError
from cqvet.models import STATUS_ALIASES, MeasureState, PointState, Status

if TYPE_CHECKING:
    from cqvet.dates import Period

OVERDUE_WORDS = ("overdue", "逾期")


class PointFilter(NamedTuple):
    """`--section`, `--owner` and `--status` of `cqvet list`; None lets everything through."""

    section: str | None = None
    owner: str | None = None
    status: Status | str | None = None  # a Status, or "overdue"

    @classmethod
    def parse(cls, section: str | None, owner: str | None, status: str | None) -> PointFilter:
        return cls(section, owner.strip() if owner else owner, None if status is None else _status(status))

    def keeps(self, state: PointState, on: dt.date, *, day_over: bool) -> bool:
        return (
            (self.section is None or _in_section(state, self.section))
            and (not self.owner or _owned_by(state, self.owner))
            and (self.status is None or _has_status(state, self.status, on, day_over))
        )


def check_owner(wanted: str, known: Sequence[str]) -> None:
    """Refuse an `--owner` that names no office, listing the offices there are.

    An office is named by its exact name or a part of it (`职成` finds 职成教处), as `list` filters.
    """
    name = wanted.strip()
    if not any(name == unit or name in unit for unit in known):
        listed = "、".join(known) if known else "—"
        raise UsageError("owner_unknown", name=name, known=listed)


def select(
    states: Iterable[PointState], keep: PointFilter, on: dt.date, *, day_over: bool
) -> list[PointState]:
    return [s for s in states if keep.keeps(s, on, day_over=day_over)]


def due_split(
    states: Iterable[PointState], on: dt.date, within: Period, *, day_over: bool
) -> tuple[list[PointState], list[PointState]]:
    """Open points overdue on `on`, and those due `within` a period after it (a month being a calendar
    month); each by deadline, then number.

    Overdue by `cqvet.schedule.is_overdue`: once `on` is over, a point due on it is overdue, not due soon.
    """
    open_points = [s for s in states if s.status is not Status.DONE]
    horizon = within.after(on)

    def order(s: PointState) -> tuple[dt.date, int]:
        return s.deadline, s.number

    overdue = sorted((s for s in open_points if s.is_overdue(on, day_over=day_over)), key=order)
    soon = sorted(
        (s for s in open_points if on <= s.deadline <= horizon and not s.is_overdue(on, day_over=day_over)),
        key=order,
    )
    return overdue, soon


def measures_due_split(
    measures: Iterable[MeasureState], on: dt.date, within: Period, *, day_over: bool
) -> tuple[list[MeasureState], list[MeasureState]]:
    """`due_split` for measures (举措): open ones overdue on `on`, and those due `within` after it."""
    open_measures = [m for m in measures if m.status is not Status.DONE]
    horizon = within.after(on)

    def order(m: MeasureState) -> tuple[dt.date, int, int]:
        return m.deadline, m.point_number, m.seq

    overdue = sorted((m for m in open_measures if m.is_overdue(on, day_over=day_over)), key=order)
    soon = sorted(
        (m for m in open_measures if on <= m.deadline <= horizon and not m.is_overdue(on, day_over=day_over)),
        key=order,
    )
    return overdue, soon


def _status(text: str) -> Status | str:
    key = text.strip().lower()
    if key in OVERDUE_WORDS:
        return "overdue"
    status = STATUS_ALIASES.get(key) or STATUS_ALIASES.get(text.strip())
    if status is None:
        raise UsageError("status_filter_unknown", text=text)
    return status


def _in_section(state: PointState, wanted: str) -> bool:
    """A section by number (3), numeral (三) or words of its title (终身)."""
    from cqvet.numerals import chinese_value

    wanted = wanted.strip().rstrip("、")
    if wanted.isdecimal():
        return state.section_seq == int(wanted)
    try:
        return state.section_seq == chinese_value(wanted)
    except ValueError:
        return wanted in state.section_title


def _owned_by(state: PointState, wanted: str) -> bool:
    """The unit leads or supports the point: its exact name, else a part of it."""
    units = [state.lead or "", *state.supports]
    return wanted in units or any(wanted in unit for unit in units)


def _has_status(state: PointState, wanted: Status | str, on: dt.date, day_over: bool) -> bool:
    return state.is_overdue(on, day_over=day_over) if wanted == "overdue" else state.status is wanted
