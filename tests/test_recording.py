"""Tests for cqvet.recording: the rules for recording progress, owners, deadlines, actuals and undo.

Every rule runs on a real Store holding the bundled 2021 plan; `today` is
passed in, so no test depends on the day it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from cqvet.errors import CqvetError, NotFound, UsageError
from cqvet.models import STATUS_ALIASES, Plan, PointState, Status
from cqvet.parsing import office_key, parse_percent, parse_point, parse_status, parse_target_ref
from cqvet.recording import (
    Recorded,
    assign_owner,
    last_change,
    record_actual,
    record_progress,
    rename_unit,
    resolve_progress,
    set_deadline,
    undo,
)
from cqvet.store import Store

D = dt.date
TODAY = D(2021, 7, 1)
MARCH_END = D(2021, 3, 31)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "x.db", seed=SEED)
    yield opened
    opened.close()


@pytest.fixture
def plan(store: Store) -> Plan:
    return store.plan()


def progress(
    store: Store,
    plan: Plan,
    number: int,
    percent: int | None = None,
    status: Status | None = None,
    *,
    note: str = "",
    on: dt.date = MARCH_END,
    author: str = "张三",
    correct: bool = False,
) -> Recorded:
    return record_progress(
        store,
        plan,
        number,
        percent=percent,
        status=status,
        note=note,
        reported_on=on,
        author=author,
        correct=correct,
        today=TODAY,
    )


def owner(
    store: Store,
    plan: Plan,
    number: int,
    lead: str,
    supports: tuple[str, ...] = (),
    *,
    on: dt.date | None = None,
    author: str = "张三",
    today: dt.date = TODAY,
) -> Recorded:
    return assign_owner(
        store,
        plan,
        number,
        lead=lead,
        supports=supports,
        contact="",
        effective_on=on,
        author=author,
        today=today,
    )


def deadline(
    store: Store,
    plan: Plan,
    number: int,
    due: dt.date,
    *,
    written: str = "",
    note: str = "",
    on: dt.date | None = None,
    author: str = "张三",
) -> Recorded:
    return set_deadline(
        store,
        plan,
        number,
        due_on=due,
        as_written=written or due.isoformat(),
        note=note,
        effective_on=on,
        author=author,
        today=TODAY,
    )


def state(store: Store, plan: Plan, number: int, on: dt.date = TODAY) -> PointState:
    return store.point_states(plan, on, [number])[0]


def undo_last(store: Store, plan: Plan, author: str = "张三") -> int:
    """Undo `author`'s last change the way the CLI does: look it up, then revert exactly that one."""
    event = last_change(store, author)
    return undo(store, event.id, author=author).id


def key_of(excinfo: pytest.ExceptionInfo[CqvetError]) -> str:
    return excinfo.value.key


# --- resolve_progress: percent and status go together ------------------------


def test_done_means_one_hundred_percent_even_when_no_percent_is_given() -> None:
    """It makes a `done` status 100 %, with or without an earlier update."""
    assert resolve_progress(None, Status.DONE, None) == (100, Status.DONE)
    assert resolve_progress(None, Status.DONE, (40, Status.IN_PROGRESS)) == (100, Status.DONE)
    assert resolve_progress(100, Status.DONE, (40, Status.IN_PROGRESS)) == (100, Status.DONE)


def test_done_with_sixty_percent_is_refused() -> None:
    """It refuses `done` together with a percent other than 100."""
    with pytest.raises(UsageError) as excinfo:
        resolve_progress(60, Status.DONE, None)
    assert key_of(excinfo) == "done_not_100"
    assert excinfo.value.params["percent"] == 60


def test_one_hundred_percent_without_a_status_means_done() -> None:
    """It reads 100 % with no status as done."""
    assert resolve_progress(100, None, (80, Status.IN_PROGRESS)) == (100, Status.DONE)


def test_one_hundred_percent_marked_in_progress_stays_in_progress() -> None:
    """It keeps an explicit `in progress` next to 100 % (the work is finished but not yet accepted)."""
    assert resolve_progress(100, Status.IN_PROGRESS, None) == (100, Status.IN_PROGRESS)


def test_a_percent_without_a_status_decides_the_status() -> None:
    """It reads 0 % as not started and any other percent below 100 as in progress."""
    assert resolve_progress(0, None, None) == (0, Status.NOT_STARTED)
    assert resolve_progress(35, None, (35, Status.BLOCKED)) == (35, Status.IN_PROGRESS)


def test_a_status_without_a_percent_keeps_the_previous_percent() -> None:
    """It keeps the last percent when only the status changes."""
    assert resolve_progress(None, Status.BLOCKED, (60, Status.IN_PROGRESS)) == (60, Status.BLOCKED)
    assert resolve_progress(None, Status.IN_PROGRESS, None) == (0, Status.IN_PROGRESS)


def test_a_note_only_update_keeps_the_previous_percent_and_status() -> None:
    """It changes neither percent nor status when an update carries only a note."""
    assert resolve_progress(None, None, (60, Status.BLOCKED)) == (60, Status.BLOCKED)
    assert resolve_progress(None, None, None) == (0, Status.NOT_STARTED)


# --- record_progress on a store -----------------------------------------------


def test_a_note_only_update_is_stored_with_the_previous_percent_and_status(store: Store, plan: Plan) -> None:
    """It records a note-only update as a new row carrying the previous percent and status."""
    progress(store, plan, 6, 20, Status.BLOCKED, note="经费未到位")
    recorded = progress(store, plan, 6, note="已协调财务处", on=D(2021, 4, 15))
    assert recorded.summary["percent"] == 20
    assert recorded.summary["status"] == "blocked"
    now = state(store, plan, 6)
    assert (now.percent, now.status, now.note, now.reported_on) == (
        20,
        Status.BLOCKED,
        "已协调财务处",
        D(2021, 4, 15),
    )
    assert len(store.progress_log(plan, 6)) == 2


def test_an_update_with_nothing_in_it_is_refused(store: Store, plan: Plan) -> None:
    """It refuses an update with no percent, no status and no note, and writes nothing."""
    with pytest.raises(UsageError) as excinfo:
        progress(store, plan, 2)
    assert key_of(excinfo) == "progress_nothing"
    assert store.progress_log(plan) == []


def test_done_with_sixty_percent_is_refused_and_nothing_is_written(store: Store, plan: Plan) -> None:
    """It refuses `done` with 60 % on a store too, leaving the ledger empty."""
    with pytest.raises(UsageError) as excinfo:
        progress(store, plan, 2, 60, Status.DONE)
    assert key_of(excinfo) == "done_not_100"
    assert store.progress_log(plan) == []


def test_a_lower_percent_is_refused_without_correct(store: Store, plan: Plan) -> None:
    """It refuses a percent lower than the last one unless marked as a correction, and writes nothing."""
    progress(store, plan, 3, 60)
    with pytest.raises(UsageError) as excinfo:
        progress(store, plan, 3, 50, on=D(2021, 4, 30))
    assert key_of(excinfo) == "percent_lower"
    assert excinfo.value.params == {"number": 3, "percent": 50, "previous": 60}
    assert [e.percent for e in store.progress_log(plan, 3)] == [60]
    assert state(store, plan, 3).percent == 60


def test_a_lower_percent_with_correct_is_accepted_and_flagged_as_a_correction(
    store: Store, plan: Plan
) -> None:
    """It accepts a lower percent with `correct=True` and marks that row, and only that row, a correction."""
    progress(store, plan, 3, 60)
    recorded = progress(store, plan, 3, 50, on=D(2021, 4, 30), correct=True, note="核减重复统计")
    assert recorded.summary["before"] == {"percent": 60, "status": "in_progress"}
    log = store.progress_log(plan, 3)
    assert [(e.percent, e.is_correction) for e in log] == [(50, True), (60, False)]
    assert state(store, plan, 3).percent == 50


def test_correct_on_a_higher_percent_is_not_a_correction(store: Store, plan: Plan) -> None:
    """It does not flag an update as a correction merely because `correct=True` was passed."""
    progress(store, plan, 3, 40)
    progress(store, plan, 3, 70, on=D(2021, 4, 30), correct=True)
    assert [e.is_correction for e in store.progress_log(plan, 3)] == [False, False]


def test_the_same_percent_again_is_not_lower(store: Store, plan: Plan) -> None:
    """It accepts a repeat of the last percent without `correct`."""
    progress(store, plan, 3, 40)
    progress(store, plan, 3, 40, on=D(2021, 4, 30), note="无变化")
    assert [e.percent for e in store.progress_log(plan, 3)] == [40, 40]


def test_a_back_dated_update_is_compared_with_the_state_on_its_own_date(store: Store, plan: Plan) -> None:
    """It accepts a back-dated update higher than the state on its day, though lower than a later one."""
    progress(store, plan, 4, 40, on=D(2021, 3, 31))
    progress(store, plan, 4, 80, on=D(2021, 6, 30))
    recorded = progress(store, plan, 4, 50, on=D(2021, 4, 30))
    assert recorded.summary["before"] == {"percent": 40, "status": "in_progress"}
    assert state(store, plan, 4, D(2021, 5, 1)).percent == 50
    assert state(store, plan, 4, D(2021, 6, 30)).percent == 80
    assert not any(e.is_correction for e in store.progress_log(plan, 4))


def test_a_back_dated_update_before_any_update_needs_no_correction(store: Store, plan: Plan) -> None:
    """It accepts a back-dated first report even when a later report is higher."""
    progress(store, plan, 4, 80, on=D(2021, 6, 30))
    recorded = progress(store, plan, 4, 30, on=D(2021, 3, 31))
    assert recorded.summary["before"] is None
    assert state(store, plan, 4, D(2021, 4, 1)).percent == 30


def test_a_back_dated_update_lower_than_the_state_on_its_date_is_refused(store: Store, plan: Plan) -> None:
    """It refuses a back-dated update that is lower than the state on its own date."""
    progress(store, plan, 4, 40, on=D(2021, 3, 31))
    progress(store, plan, 4, 80, on=D(2021, 6, 30))
    with pytest.raises(UsageError) as excinfo:
        progress(store, plan, 4, 30, on=D(2021, 4, 30))
    assert key_of(excinfo) == "percent_lower"
    assert excinfo.value.params["previous"] == 40
    assert len(store.progress_log(plan, 4)) == 2


def test_a_future_date_is_refused(store: Store, plan: Plan) -> None:
    """It refuses an update dated after today, and writes nothing."""
    with pytest.raises(UsageError) as excinfo:
        progress(store, plan, 2, 10, on=TODAY + dt.timedelta(days=1))
    assert key_of(excinfo) == "date_in_future"
    assert store.progress_log(plan) == []


def test_today_itself_is_accepted(store: Store, plan: Plan) -> None:
    """It accepts an update dated today."""
    progress(store, plan, 2, 10, on=TODAY)
    assert state(store, plan, 2).reported_on == TODAY


def test_a_date_before_the_plan_year_is_refused(store: Store, plan: Plan) -> None:
    """It refuses an update dated before 1 January of the plan's year, and writes nothing."""
    with pytest.raises(UsageError) as excinfo:
        progress(store, plan, 2, 10, on=D(2020, 12, 31))
    assert key_of(excinfo) == "date_before_plan"
    assert excinfo.value.params["year"] == 2021
    assert store.progress_log(plan) == []


def test_an_unknown_point_is_refused(store: Store, plan: Plan) -> None:
    """It refuses progress on a point the plan does not have."""
    with pytest.raises(NotFound) as excinfo:
        progress(store, plan, 99, 10)
    assert key_of(excinfo) == "point_unknown"
    assert excinfo.value.params == {"number": 99, "count": 17}


# --- assign_owner ---------------------------------------------------------------


def test_the_first_assignment_counts_from_the_plan_start(store: Store, plan: Plan) -> None:
    """It dates a point's first assignment from the plan's start, whatever today is."""
    recorded = owner(store, plan, 2, "德育处", ("职成教处",))
    assert recorded.summary["effective_on"] == "2021-01-01"
    assert recorded.summary["before"] is None
    first_day = state(store, plan, 2, D(2021, 1, 1))
    assert (first_day.lead, first_day.supports) == ("德育处", ("职成教处",))


def test_a_later_assignment_counts_from_today(store: Store, plan: Plan) -> None:
    """It dates a reassignment from today, so the earlier lead still owns the days before."""
    owner(store, plan, 2, "德育处")
    recorded = owner(store, plan, 2, "职成教处", ("德育处",))
    assert recorded.summary["effective_on"] == TODAY.isoformat()
    assert recorded.summary["before"] == {"lead": "德育处", "supports": []}
    assert state(store, plan, 2, TODAY - dt.timedelta(days=1)).lead == "德育处"
    assert state(store, plan, 2, TODAY).lead == "职成教处"


def test_a_later_assignment_counts_from_its_effective_date(store: Store, plan: Plan) -> None:
    """It dates a reassignment from `effective_on` when one is given."""
    owner(store, plan, 2, "德育处")
    owner(store, plan, 2, "职成教处", on=D(2021, 5, 1))
    assert state(store, plan, 2, D(2021, 4, 30)).lead == "德育处"
    assert state(store, plan, 2, D(2021, 5, 1)).lead == "职成教处"
    assert [(o.lead, o.effective_on) for o in store.owner_history(plan, 2)] == [
        ("职成教处", D(2021, 5, 1)),
        ("德育处", D(2021, 1, 1)),
    ]


def test_a_first_assignment_with_an_effective_date_counts_from_that_date(store: Store, plan: Plan) -> None:
    """It honours `effective_on` for a first assignment too, leaving the point unowned before it."""
    owner(store, plan, 2, "德育处", on=D(2021, 3, 1))
    assert state(store, plan, 2, D(2021, 2, 28)).lead is None
    assert state(store, plan, 2, D(2021, 3, 1)).lead == "德育处"


def test_an_assignment_dated_in_the_future_is_refused(store: Store, plan: Plan) -> None:
    """It refuses an assignment effective after today, and writes nothing."""
    with pytest.raises(UsageError) as excinfo:
        owner(store, plan, 2, "德育处", on=TODAY + dt.timedelta(days=1))
    assert key_of(excinfo) == "date_in_future"
    assert store.owner_history(plan) == []


def test_supports_are_deduplicated_and_the_lead_is_removed_from_them(store: Store, plan: Plan) -> None:
    """It keeps each supporting unit once, in the order first given, and never lists the lead as a support."""
    recorded = owner(
        store, plan, 4, "职成教处", ("人事处", "职成教处", " 人事处 ", "市教科院", "人事处", " 职成教处")
    )
    assert recorded.summary["supports"] == ["人事处", "市教科院"]
    assert state(store, plan, 4).supports == ("人事处", "市教科院")


def test_unit_names_lose_the_whitespace_around_them(store: Store, plan: Plan) -> None:
    """It stores a unit name without surrounding whitespace, so `职成教处 ` and `职成教处` are one unit."""
    owner(store, plan, 3, "  职成教处 ")
    owner(store, plan, 4, "职成教处")
    assert [(d.name, d.leads) for d in store.unit_duties(plan, TODAY)] == [("职成教处", (3, 4))]


@pytest.mark.parametrize(
    ("lead", "supports"),
    [("", ()), ("   ", ()), ("\t\n", ()), ("职成教处", ("德育处", "  "))],
    ids=["empty-lead", "blank-lead", "whitespace-lead", "blank-support"],
)
def test_empty_unit_names_are_refused(store: Store, plan: Plan, lead: str, supports: tuple[str, ...]) -> None:
    """It refuses an empty or blank lead or supporting unit, and writes nothing."""
    with pytest.raises(UsageError) as excinfo:
        owner(store, plan, 2, lead, supports)
    assert key_of(excinfo) == "unit_empty"
    assert store.owner_history(plan) == []
    assert store.counts()["units"] == 0


# --- set_deadline -----------------------------------------------------------


def test_a_point_without_a_deadline_is_due_at_the_end_of_the_plan_year(store: Store, plan: Plan) -> None:
    """It gives a point with no deadline the default of 31 December, marked as the default."""
    now = state(store, plan, 9)
    assert (now.deadline, now.deadline_is_default, now.deadline_postponed) == (D(2021, 12, 31), True, False)


def test_the_first_deadline_counts_from_the_plan_start(store: Store, plan: Plan) -> None:
    """It dates a point's first deadline from the plan's start."""
    recorded = deadline(store, plan, 5, D(2021, 6, 30), written="上半年")
    assert recorded.summary == {
        "point": 5,
        "due_on": "2021-06-30",
        "as_written": "上半年",
        "effective_on": "2021-01-01",
        "before": None,
    }
    now = state(store, plan, 5, D(2021, 1, 1))
    assert (now.deadline, now.deadline_written, now.deadline_is_default) == (D(2021, 6, 30), "上半年", False)


def test_a_postponed_deadline_shows_as_postponed_from_its_effective_date(store: Store, plan: Plan) -> None:
    """It shows a later deadline as postponed from the day the postponement took effect, not before."""
    deadline(store, plan, 5, D(2021, 6, 30), written="上半年")
    recorded = deadline(store, plan, 5, D(2021, 12, 31), written="年底", note="因疫情推迟", on=D(2021, 6, 15))
    assert recorded.summary["before"] == "2021-06-30"
    before = state(store, plan, 5, D(2021, 6, 14))
    after = state(store, plan, 5, D(2021, 6, 15))
    assert (before.deadline, before.deadline_postponed) == (D(2021, 6, 30), False)
    assert (after.deadline, after.deadline_written, after.deadline_postponed) == (
        D(2021, 12, 31),
        "年底",
        True,
    )
    assert [(c.due_on, c.note) for c in store.deadline_history(plan, 5)] == [
        (D(2021, 12, 31), "因疫情推迟"),
        (D(2021, 6, 30), ""),
    ]


def test_an_earlier_deadline_is_not_a_postponement(store: Store, plan: Plan) -> None:
    """It does not call a deadline brought forward postponed."""
    deadline(store, plan, 5, D(2021, 12, 31))
    deadline(store, plan, 5, D(2021, 9, 30), on=D(2021, 5, 1))
    now = state(store, plan, 5)
    assert (now.deadline, now.deadline_postponed) == (D(2021, 9, 30), False)


def test_a_later_deadline_without_an_effective_date_counts_from_today(store: Store, plan: Plan) -> None:
    """It dates a second deadline from today when no date is given."""
    deadline(store, plan, 5, D(2021, 6, 30))
    recorded = deadline(store, plan, 5, D(2021, 12, 31))
    assert recorded.summary["effective_on"] == TODAY.isoformat()
    assert state(store, plan, 5, TODAY - dt.timedelta(days=1)).deadline == D(2021, 6, 30)


# --- record_actual -----------------------------------------------------------


def test_an_actual_is_recorded_and_its_attainment_computed(store: Store, plan: Plan) -> None:
    """It records 132 of the 150 课程思政 projects of target 2.1: 88 % attained, from its reported day."""
    recorded = record_actual(
        store, plan, "2.1", value=132, reported_on=D(2021, 6, 30), note="", author="张三", today=TODAY
    )
    assert recorded.summary == {
        "point": 2,
        "target": "2.1",
        "value": 132,
        "reported_on": "2021-06-30",
        "before": None,
    }
    (target,) = store.targets(plan, D(2021, 6, 30), 2)
    assert (target.value, target.actual, target.actual_on) == (150, 132, D(2021, 6, 30))
    assert target.attainment == pytest.approx(0.88)
    (earlier,) = store.targets(plan, D(2021, 6, 29), 2)
    assert (earlier.actual, earlier.attainment) == (None, None)


def test_a_later_actual_replaces_the_earlier_one_in_the_state(store: Store, plan: Plan) -> None:
    """It shows the newest actual, and records the one it follows."""
    record_actual(
        store, plan, "2.1", value=100, reported_on=D(2021, 3, 31), note="", author="张三", today=TODAY
    )
    recorded = record_actual(
        store, plan, "2.1", value=132, reported_on=D(2021, 6, 30), note="", author="张三", today=TODAY
    )
    assert recorded.summary["before"] == 100
    assert store.targets(plan, TODAY, 2)[0].actual == 132
    assert store.targets(plan, D(2021, 4, 1), 2)[0].actual == 100


@pytest.mark.parametrize(
    ("ref", "value", "key"),
    [
        ("2.9", 1, "target_unknown"),
        ("99.1", 1, "point_unknown"),
        ("2", 1, "target_ref_invalid"),
        ("2.x", 1, "target_ref_invalid"),
        ("2.1", -1, "actual_negative"),
    ],
)
def test_a_bad_actual_is_refused(store: Store, plan: Plan, ref: str, value: float, key: str) -> None:
    """It refuses an unknown target, a malformed reference or a negative actual, and writes nothing."""
    with pytest.raises(UsageError) as excinfo:
        record_actual(
            store, plan, ref, value=value, reported_on=D(2021, 6, 30), note="", author="张三", today=TODAY
        )
    assert key_of(excinfo) == key
    assert store.counts()["target_actuals"] == 0


# --- rename_unit ---------------------------------------------------------------


def test_a_rename_changes_the_unit_once_for_every_point(store: Store, plan: Plan) -> None:
    """It renames a unit everywhere it leads or supports, with one event, from the day of the rename."""
    owner(store, plan, 3, "职成教处", ("发展规划处",))
    owner(store, plan, 4, "职成教处")
    owner(store, plan, 10, "发展规划处", ("职成教处",))
    events_before = store.counts()["events"]
    rename_unit(store, plan, "职成教处", "职业教育与成人教育处", author="张三", today=TODAY)
    assert store.counts()["events"] == events_before + 1
    assert [state(store, plan, n).lead for n in (3, 4, 10)] == [
        "职业教育与成人教育处",
        "职业教育与成人教育处",
        "发展规划处",
    ]
    assert state(store, plan, 10).supports == ("职业教育与成人教育处",)
    assert [(d.name, d.leads, d.supports) for d in store.unit_duties(plan, TODAY)] == [
        ("职业教育与成人教育处", (3, 4), (10,)),
        ("发展规划处", (10,), (3,)),
    ]
    # History and earlier days keep the name of their day.
    assert [o.lead for o in store.owner_history(plan, 3)] == ["职成教处"]
    assert state(store, plan, 3, TODAY - dt.timedelta(days=1)).lead == "职成教处"


def test_renaming_an_unknown_unit_or_onto_an_existing_name_is_refused(store: Store, plan: Plan) -> None:
    """It refuses to rename a unit that does not exist, or to give a unit another unit's name."""
    owner(store, plan, 3, "职成教处", ("发展规划处",))
    with pytest.raises(NotFound) as unknown:
        rename_unit(store, plan, "人事处", "人事教师处", author="张三", today=TODAY)
    assert key_of(unknown) == "owner_unknown"
    with pytest.raises(UsageError) as taken:
        rename_unit(store, plan, "职成教处", "发展规划处", author="张三", today=TODAY)
    assert key_of(taken) == "unit_exists"
    with pytest.raises(UsageError) as empty:
        rename_unit(store, plan, "职成教处", "  ", author="张三", today=TODAY)
    assert key_of(empty) == "unit_empty"
    assert state(store, plan, 3).lead == "职成教处"


# --- a clock far past the plan ------------------------------------------------------

CLOCK_2100 = D(2100, 1, 1)


def test_a_clock_at_2100_refuses_an_update_instead_of_dating_it_2100(store: Store, plan: Plan) -> None:
    before = store.counts()
    with pytest.raises(UsageError) as excinfo:
        record_progress(
            store,
            plan,
            3,
            percent=10,
            status=None,
            note="",
            reported_on=CLOCK_2100,
            author="张三",
            today=CLOCK_2100,
        )
    assert key_of(excinfo) == "clock_past_plan"
    with pytest.raises(UsageError) as dated:  # the day named with --date does not make the clock right
        record_progress(
            store,
            plan,
            3,
            percent=10,
            status=None,
            note="",
            reported_on=MARCH_END,
            author="张三",
            today=CLOCK_2100,
        )
    assert key_of(dated) == "clock_past_plan"
    assert store.counts() == before


def test_a_clock_at_2100_refuses_owner_deadline_and_actual_changes_too(store: Store, plan: Plan) -> None:
    before = store.counts()
    for attempt in (
        lambda: assign_owner(
            store,
            plan,
            3,
            lead="职成教处",
            supports=(),
            contact="",
            effective_on=None,
            author="张三",
            today=CLOCK_2100,
        ),
        lambda: set_deadline(
            store,
            plan,
            3,
            due_on=D(2021, 6, 30),
            as_written="6月底",
            note="",
            effective_on=None,
            author="张三",
            today=CLOCK_2100,
        ),
        lambda: record_actual(
            store, plan, "2.1", value=1, reported_on=CLOCK_2100, note="", author="张三", today=CLOCK_2100
        ),
    ):
        with pytest.raises(UsageError) as excinfo:
            attempt()
        assert key_of(excinfo) == "clock_past_plan"
    assert store.counts() == before


def test_ten_years_after_the_plan_updates_are_still_recorded(store: Store, plan: Plan) -> None:
    """The horizon is generous: a clock in the plan's tenth following year is believed."""
    late = D(plan.year + 10, 12, 31)
    store.now = lambda: f"{late.isoformat()}T08:00:00Z"  # the clock that says `today`
    record_progress(
        store, plan, 3, percent=10, status=None, note="", reported_on=late, author="张三", today=late
    )
    assert state(store, plan, 3, late).percent == 10


# --- look-alike office names ------------------------------------------------------

LOOK_ALIKES = (
    "职成教处\u200b",
    "\u200d职成\u00ad教处",
    "职成 教处",
    "职成\u3000教处",
    "\ufeff职成教处",
    "职成教处\u200e",
)


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_a_look_alike_of_an_office_is_that_office_under_its_first_name(
    store: Store, plan: Plan, look_alike: str
) -> None:
    """A zero-width space, a joiner, a soft hyphen, a BOM, a bidi mark or a space inside the name
    does not make a second office: the update goes to the office as first typed."""
    owner(store, plan, 3, "职成教处")
    recorded = owner(store, plan, 4, look_alike)
    assert recorded.summary["lead"] == "职成教处"
    assert store.unit_names() == ["职成教处"]
    assert [(d.name, d.leads) for d in store.unit_duties(plan, TODAY)] == [("职成教处", (3, 4))]


def test_full_width_letters_and_digits_name_the_same_office_as_ordinary_ones(
    store: Store, plan: Plan
) -> None:
    owner(store, plan, 3, "ABC中心2")
    owner(store, plan, 4, "ＡＢＣ中心２", ("abc中心2",))
    assert store.unit_names() == ["ABC中心2"]
    assert state(store, plan, 4).supports == ()


def test_two_look_alikes_in_one_command_become_one_office(store: Store, plan: Plan) -> None:
    recorded = owner(store, plan, 3, "职成教处", ("人事处", "人事处\u200b", "人\u200c事处"))
    assert recorded.summary["supports"] == ["人事处"]
    assert store.unit_names() == ["职成教处", "人事处"]


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b\u200c\ufeff", " \u2060 "])
def test_a_name_with_nothing_visible_in_it_is_refused_as_empty(
    store: Store, plan: Plan, invisible: str
) -> None:
    with pytest.raises(UsageError) as excinfo:
        owner(store, plan, 3, invisible)
    assert key_of(excinfo) == "unit_empty"
    assert store.counts()["units"] == 0


def test_a_rename_finds_the_office_by_a_look_alike_and_refuses_a_look_alike_of_another(
    store: Store, plan: Plan
) -> None:
    owner(store, plan, 3, "职成教处", ("发展规划处",))
    with pytest.raises(UsageError) as taken:
        rename_unit(store, plan, "职成教处", "发展\u200b规划处", author="张三", today=TODAY)
    assert key_of(taken) == "unit_exists"
    rename_unit(store, plan, "职成教处\u200b", "职业教育与成人教育处", author="张三", today=TODAY)
    assert store.unit_names() == ["职业教育与成人教育处", "发展规划处"]


def test_a_rename_may_take_a_stray_invisible_character_out_of_a_name(store: Store, plan: Plan) -> None:
    owner(store, plan, 3, "职成教处\u200b")
    rename_unit(store, plan, "职成教处\u200b", "职成教处", author="张三", today=TODAY)
    assert store.unit_names() == ["职成教处"]


@pytest.mark.slow
@settings(max_examples=500)
@given(
    name=st.text(min_size=1, max_size=12),
    noise=st.lists(
        st.sampled_from(["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", " ", "\u3000"]), max_size=3
    ),
    at=st.integers(min_value=0, max_value=12),
)
def test_invisible_characters_and_spaces_anywhere_leave_the_office_key_unchanged(
    name: str, noise: list[str], at: int
) -> None:
    """Property: zero-width characters or spaces put anywhere never change the key; the key is its own key."""
    noisy = name[:at] + "".join(noise) + name[at:]
    assert office_key(noisy) == office_key(name)
    assert office_key(office_key(name)) == office_key(name)


# --- undo -----------------------------------------------------------------------


def test_undo_reverts_only_the_authors_last_change(store: Store, plan: Plan) -> None:
    """It reverts the author's newest change and leaves a later change by someone else untouched."""
    progress(store, plan, 2, 30, author="张三")
    progress(store, plan, 2, 40, on=D(2021, 4, 30), author="张三")
    progress(store, plan, 3, 50, on=D(2021, 4, 30), author="李四")
    undo_last(store, plan, "张三")
    assert state(store, plan, 2).percent == 30
    assert state(store, plan, 3).percent == 50
    assert [(e.author, e.percent, e.reverted) for e in store.progress_log(plan)] == [
        ("李四", 50, False),
        ("张三", 40, True),
        ("张三", 30, False),
    ]


def test_undone_rows_leave_the_state_but_stay_in_the_log(store: Store, plan: Plan) -> None:
    """It drops a reverted update from every as-of state while keeping it in the log, marked reverted."""
    progress(store, plan, 8, 70, on=D(2021, 4, 30))
    progress(store, plan, 8, None, Status.DONE, on=D(2021, 6, 18), note="误报")
    assert state(store, plan, 8).status is Status.DONE
    undo_last(store, plan)
    for day in (D(2021, 6, 18), TODAY):
        now = state(store, plan, 8, day)
        assert (now.percent, now.status, now.reported_on) == (70, Status.IN_PROGRESS, D(2021, 4, 30))
    log = store.progress_log(plan, 8)
    assert [(e.percent, e.note, e.reverted) for e in log] == [(100, "误报", True), (70, "", False)]


def test_a_reverted_update_no_longer_counts_for_the_lower_percent_rule(store: Store, plan: Plan) -> None:
    """It compares a new update with the last live one, so 50 after an undone 90 needs no correction."""
    progress(store, plan, 8, 40)
    progress(store, plan, 8, 90, on=D(2021, 4, 30))
    undo_last(store, plan)
    recorded = progress(store, plan, 8, 50, on=D(2021, 4, 30))
    assert recorded.summary["before"] == {"percent": 40, "status": "in_progress"}


def test_undo_reverts_owners_deadlines_and_actuals_too(store: Store, plan: Plan) -> None:
    """It reverts an owner assignment, a deadline change and a target actual, one undo each."""
    owner(store, plan, 2, "德育处")
    deadline(store, plan, 2, D(2021, 6, 30))
    deadline(store, plan, 2, D(2021, 12, 31), on=D(2021, 6, 15))
    record_actual(
        store, plan, "2.1", value=132, reported_on=D(2021, 6, 30), note="", author="张三", today=TODAY
    )
    undo_last(store, plan)
    assert store.targets(plan, TODAY, 2)[0].actual is None
    undo_last(store, plan)
    now = state(store, plan, 2)
    assert (now.deadline, now.deadline_postponed) == (D(2021, 6, 30), False)
    undo_last(store, plan)
    assert state(store, plan, 2).deadline_is_default
    undo_last(store, plan)
    assert state(store, plan, 2).lead is None
    assert [o.reverted for o in store.owner_history(plan, 2)] == [True]


def test_after_undoing_a_first_assignment_the_next_one_counts_from_the_plan_start(
    store: Store, plan: Plan
) -> None:
    """It treats the next assignment as the first again once the only one was undone."""
    owner(store, plan, 2, "德育处", on=D(2021, 3, 1))
    undo_last(store, plan)
    recorded = owner(store, plan, 2, "职成教处")
    assert recorded.summary["effective_on"] == "2021-01-01"


def test_undoing_a_rename_restores_the_old_name(store: Store, plan: Plan) -> None:
    """It gives a renamed unit its old name back, on every point."""
    owner(store, plan, 3, "职成教处")
    owner(store, plan, 10, "发展规划处", ("职成教处",))
    rename_unit(store, plan, "职成教处", "职业教育与成人教育处", author="张三", today=TODAY)
    undo_last(store, plan)
    assert state(store, plan, 3).lead == "职成教处"
    assert state(store, plan, 10).supports == ("职成教处",)
    assert store.unit_id("职业教育与成人教育处") is None


def test_an_old_name_typed_after_a_rename_means_the_same_office(store: Store, plan: Plan) -> None:
    """It takes a former name for the office that bore it, so a rename never splits an office in two;
    undoing the rename then gives both points the old name back."""
    owner(store, plan, 3, "职成教处")
    rename_unit(store, plan, "职成教处", "职业教育与成人教育处", author="张三", today=TODAY)
    owner(store, plan, 4, "职成教处", author="李四")
    assert (state(store, plan, 3).lead, state(store, plan, 4).lead) == ("职业教育与成人教育处",) * 2
    assert store.counts()["units"] == 1
    undo_last(store, plan)
    assert (state(store, plan, 3).lead, state(store, plan, 4).lead) == ("职成教处", "职成教处")


def test_a_second_undo_walks_further_back(store: Store, plan: Plan) -> None:
    """It reverts the author's changes newest first, one per undo, skipping other authors' changes."""
    progress(store, plan, 2, 20)
    progress(store, plan, 3, 10, author="李四")
    progress(store, plan, 2, 40, on=D(2021, 4, 30))
    undo_last(store, plan)
    assert state(store, plan, 2).percent == 20
    undo_last(store, plan)
    now = state(store, plan, 2)
    assert (now.percent, now.status, now.reported_on) == (0, Status.NOT_STARTED, None)
    assert state(store, plan, 3).percent == 10


def test_undo_with_nothing_left_is_refused(store: Store, plan: Plan) -> None:
    """It raises `undo_nothing` once the author has no change left, even when others have."""
    progress(store, plan, 3, 10, author="李四")
    with pytest.raises(NotFound) as never:
        undo_last(store, plan, "张三")
    assert key_of(never) == "undo_nothing"
    progress(store, plan, 2, 20)
    undo_last(store, plan)
    with pytest.raises(NotFound) as spent:
        undo_last(store, plan, "张三")
    assert key_of(spent) == "undo_nothing"
    assert spent.value.params == {"author": "张三"}


def test_loading_the_plan_is_not_an_undoable_change(store: Store, plan: Plan) -> None:
    """It does not offer the seed plan's loading to `undo`."""
    with pytest.raises(NotFound) as excinfo:
        undo_last(store, plan, "cqvet")
    assert key_of(excinfo) == "undo_nothing"


def test_undo_refuses_an_event_that_is_no_longer_the_last(store: Store, plan: Plan) -> None:
    """It refuses to revert a change the author has since followed with another, and reverts nothing."""
    first = progress(store, plan, 2, 20)
    progress(store, plan, 2, 40, on=D(2021, 4, 30))
    with pytest.raises(UsageError) as excinfo:
        undo(store, first.event_id, author="张三")
    assert key_of(excinfo) == "undo_moved"
    assert not any(e.reverted for e in store.progress_log(plan))


def test_undo_cannot_revert_someone_elses_change(store: Store, plan: Plan) -> None:
    """It refuses to revert another author's change by its id."""
    theirs = progress(store, plan, 2, 20, author="李四")
    progress(store, plan, 3, 20, author="张三")
    with pytest.raises(UsageError) as excinfo:
        undo(store, theirs.event_id, author="张三")
    assert key_of(excinfo) == "undo_moved"
    assert state(store, plan, 2).percent == 20


# --- parsing, by property ----------------------------------------------------


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.integers(-1000, 1000).map(str),
        st.integers(-5, 105).map(lambda n: f" {n}% "),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.from_regex(r"\A-?[0-9]{1,3}(\.[0-9]{1,2})?[%％]?\Z"),
    )
)
def test_parse_percent_returns_a_whole_number_from_0_to_100_or_refuses(text: str) -> None:
    """It turns any text into an int from 0 to 100, or raises UsageError, and nothing else."""
    try:
        value = parse_percent(text)
    except UsageError as exc:
        assert exc.key == "percent_invalid"
    else:
        assert type(value) is int
        assert 0 <= value <= 100


@settings(max_examples=101, deadline=None)
@given(st.integers(0, 100), st.sampled_from(["{}", "{}%", " {} ", "{}％", "{}.0"]))
def test_parse_percent_reads_every_whole_percent(number: int, form: str) -> None:
    """It reads 0 to 100 written plainly, with a percent sign, padded, or as `60.0`."""
    assert parse_percent(form.format(number)) == number


@given(st.one_of(st.integers(max_value=-1), st.integers(min_value=101)))
def test_parse_percent_refuses_whole_numbers_out_of_range(number: int) -> None:
    """It refuses a whole number below 0 or above 100."""
    with pytest.raises(UsageError):
        parse_percent(str(number))


@pytest.mark.parametrize("text", ["50.5", "abc", "", "%", "nan", "inf", "1/2", "五十"])
def test_parse_percent_refuses_fractions_and_words(text: str) -> None:
    """It refuses a fraction, a word, or nothing at all."""
    with pytest.raises(UsageError) as excinfo:
        parse_percent(text)
    assert key_of(excinfo) == "percent_invalid"


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.integers(-5, 200).map(str), st.from_regex(r"\A[#第]?[0-9]{1,3}项?\Z")))
def test_parse_point_returns_a_number_or_refuses(text: str) -> None:
    """It turns any text into a non-negative int, or raises NotFound `point_not_number`, and nothing else."""
    try:
        number = parse_point(text)
    except NotFound as exc:
        assert exc.key == "point_not_number"
    else:
        assert type(number) is int
        assert number >= 0


@pytest.mark.parametrize("text", ["²", "2²", "①", "½", "-1", "2.1", "", "第项"])
def test_parse_point_refuses_digits_that_are_not_decimal(text: str) -> None:
    """It refuses superscripts, circled numbers and fractions, which `str.isdigit` would let through."""
    with pytest.raises(NotFound):
        parse_point(text)


@pytest.mark.parametrize(("text", "number"), [("2", 2), ("第11项", 11), ("#7", 7), ("２", 2), (" 17 ", 17)])
def test_parse_point_reads_the_ways_a_point_is_written(text: str, number: int) -> None:
    """It reads a bare, 第…项, # or full-width point number."""
    assert parse_point(text) == number


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.from_regex(r"\A[0-9²①]{1,2}\.[0-9²①]{1,2}\Z")))
def test_parse_target_ref_returns_two_numbers_or_refuses(text: str) -> None:
    """It turns any text into two ints (point, target), or raises `target_ref_invalid`, and nothing else."""
    try:
        number, seq = parse_target_ref(text)
    except UsageError as exc:
        assert exc.key == "target_ref_invalid"
    else:
        assert type(number) is int
        assert type(seq) is int


def _case_variants(alias: str) -> st.SearchStrategy[str]:
    if not alias.isascii():
        return st.just(alias)
    return st.lists(st.booleans(), min_size=len(alias), max_size=len(alias)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(alias, upper, strict=True))
    )


@pytest.mark.slow
@given(
    st.sampled_from(sorted(STATUS_ALIASES)).flatmap(
        lambda alias: st.tuples(st.just(alias), _case_variants(alias), st.sampled_from(["", " ", "\t", "  "]))
    )
)
def test_parse_status_accepts_every_alias(case: tuple[str, str, str]) -> None:
    """It accepts every status alias, in any letter case and with whitespace around it."""
    alias, written, pad = case
    assert parse_status(pad + written + pad) is STATUS_ALIASES[alias]


@pytest.mark.slow
@settings(max_examples=300)
@given(st.text())
def test_parse_status_refuses_everything_else(text: str) -> None:
    """It refuses, with UsageError, any text that is not an alias."""
    if text.strip().lower() in STATUS_ALIASES or text.strip() in STATUS_ALIASES:
        assert parse_status(text) in set(Status)
        return
    with pytest.raises(UsageError) as excinfo:
        parse_status(text)
    assert key_of(excinfo) == "status_unknown"


@pytest.mark.parametrize("text", ["finished", "完", "done!", "in progress", "", "已完成了"])
def test_parse_status_refuses_near_misses(text: str) -> None:
    """It refuses words that are close to a status but are not one."""
    with pytest.raises(UsageError):
        parse_status(text)
