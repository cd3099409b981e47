"""The filters of `cqvet list` and the split of `cqvet due`, on states built by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from cqvet.dates import Period
from cqvet.errors import UsageError
from cqvet.models import PointState, Status
from cqvet.selection import PointFilter, due_split, select

ON = dt.date(2021, 6, 20)


def state(
    number: int,
    *,
    section: int = 1,
    title: str = "坚持党对职业教育的全面领导",
    lead: str | None = "职成教处",
    supports: tuple[str, ...] = (),
    deadline: dt.date = dt.date(2021, 12, 31),
    status: Status = Status.IN_PROGRESS,
) -> PointState:
    return PointState(
        id=number,
        number=number,
        section_seq=section,
        section_title=title,
        title=f"要点{number}",
        lead=lead,
        supports=supports,
        deadline=deadline,
        deadline_written="",
        deadline_is_default=False,
        deadline_postponed=False,
        percent=50,
        status=status,
        reported_on=None,
    )


STATES = [
    state(1),
    state(2, section=3, title="实施职业教育提质培优行动", lead="思政处", supports=("市教育考试院",)),
    state(3, section=5, title="进一步推进终身教育", deadline=dt.date(2021, 6, 1)),
    state(4, section=5, title="进一步推进终身教育", status=Status.BLOCKED, deadline=dt.date(2021, 7, 1)),
    state(5, deadline=dt.date(2021, 6, 20)),
    state(6, deadline=dt.date(2021, 3, 1), status=Status.DONE),
]


@pytest.mark.parametrize(
    ("section", "numbers"), [("3", [2]), ("三", [2]), ("五、", [3, 4]), ("终身", [3, 4])]
)
def test_a_section_is_found_by_number_numeral_or_words(section: str, numbers: list[int]) -> None:
    assert [
        s.number for s in select(STATES, PointFilter.parse(section, None, None), ON, day_over=False)
    ] == numbers


def test_an_office_owes_what_it_leads_and_what_it_supports_even_by_part_of_its_name() -> None:
    assert [s.number for s in select(STATES, PointFilter.parse(None, "考试院", None), ON, day_over=True)] == [
        2
    ]
    assert [
        s.number for s in select(STATES, PointFilter.parse(None, " 思政处 ", None), ON, day_over=True)
    ] == [2]


@pytest.mark.parametrize(
    ("status", "numbers"), [("受阻", [4]), ("blocked", [4]), ("逾期", [3]), ("done", [6])]
)
def test_status_words_in_either_language_and_overdue_select_points(status: str, numbers: list[int]) -> None:
    assert [
        s.number for s in select(STATES, PointFilter.parse(None, None, status), ON, day_over=False)
    ] == numbers


def test_an_unknown_status_is_refused_before_anything_is_read() -> None:
    with pytest.raises(UsageError) as caught:
        PointFilter.parse(None, None, "finished")
    assert caught.value.key == "status_filter_unknown"


def test_due_lists_open_overdue_points_then_those_due_soon_each_by_deadline() -> None:
    overdue, soon = due_split(STATES, ON, Period(30, "days"), day_over=False)
    assert [s.number for s in overdue] == [3]  # 6 is overdue too, but done
    assert [s.number for s in soon] == [
        5,
        4,
    ]  # due today counts as soon while today runs; 1, 2 beyond 30 days


def test_once_the_day_is_over_a_point_due_that_day_is_overdue_not_due_soon() -> None:
    overdue, soon = due_split(STATES, ON, Period(30, "days"), day_over=True)
    assert [s.number for s in overdue] == [3, 5]
    assert [s.number for s in soon] == [4]


def test_due_within_a_month_looks_ahead_one_calendar_month_not_thirty_days() -> None:
    """From 31 January, `--within 1m` reaches 28 February: a point due 1 March is not yet due soon,
    though it is within 30 days."""
    end_of_january = dt.date(2021, 1, 31)
    points = [state(1, deadline=dt.date(2021, 2, 28)), state(2, deadline=dt.date(2021, 3, 1))]
    _, soon = due_split(points, end_of_january, Period(1, "months"), day_over=False)
    assert [s.number for s in soon] == [1]
    _, soon_in_days = due_split(points, end_of_january, Period(30, "days"), day_over=False)
    assert [s.number for s in soon_in_days] == [1, 2]
