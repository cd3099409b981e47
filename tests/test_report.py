"""The report model: a year of history read back quarter by quarter, as of any day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SEED

from cqvet import recording
from cqvet.models import Health, Plan, Status
from cqvet.report import Report, build_report
from cqvet.store import Store

Q_END = {1: dt.date(2021, 3, 31), 2: dt.date(2021, 6, 30), 3: dt.date(2021, 9, 30), 4: dt.date(2021, 12, 31)}


def at(store: Store, day: dt.date) -> dt.date:
    """Record the next events as if on `day` (the store's clock), and return it as today."""
    store.now = lambda: f"{day.isoformat()}T10:00:00+00:00"
    return day


def progress(
    store: Store,
    plan: Plan,
    number: int,
    percent: int | None,
    day: str,
    *,
    status: Status | None = None,
    note: str = "",
    recorded: str | None = None,
    correct: bool = False,
) -> None:
    reported = dt.date.fromisoformat(day)
    today = at(store, dt.date.fromisoformat(recorded) if recorded else reported)
    recording.record_progress(
        store,
        plan,
        number,
        percent=percent,
        status=status,
        note=note,
        reported_on=reported,
        author="tester",
        correct=correct,
        today=today,
    )


@pytest.fixture
def year(tmp_path: Path) -> tuple[Store, Plan]:
    """A year of history on the 2021 plan: owners, deadlines, four quarters of progress.

    * 1: due 6月底, done on 6-30.
    * 2: year end, steady: 20, 45, 70, 100 (done in Q4).
    * 3: due 三季度末, slow: 30 in Q1, 35 in Q2 (behind), still 60 on 9-30 → overdue in Q4.
    * 4: blocked from Q2 on.
    * 5: due 9月底, postponed on 8-15 to 年底; 40 reported for 6-30 but recorded on 8-10 (late).
    * 6: corrected from 50 down to 30 on 6-30.
    * all others: nothing reported.
    """
    store = Store.open(tmp_path / "year.db", seed=SEED)
    plan = store.plan()
    today = at(store, dt.date(2021, 1, 10))
    for number in range(1, 18):
        recording.assign_owner(
            store,
            plan,
            number,
            lead="职成教处" if number % 2 else "德育处",
            supports=["宣传处"],
            contact="",
            effective_on=None,
            author="tester",
            today=today,
        )
    for number, written, due in ((1, "6月底", (6, 30)), (3, "三季度末", (9, 30)), (5, "9月底", (9, 30))):
        recording.set_deadline(
            store,
            plan,
            number,
            due_on=dt.date(2021, *due),
            as_written=written,
            note="",
            effective_on=None,
            author="tester",
            today=today,
        )
    progress(store, plan, 1, 50, "2021-03-31")
    progress(store, plan, 2, 20, "2021-03-31")
    progress(store, plan, 3, 30, "2021-03-31")
    progress(store, plan, 6, 20, "2021-03-31")
    progress(store, plan, 1, 100, "2021-06-30", note="全部完成")
    progress(store, plan, 2, 45, "2021-06-30")
    progress(store, plan, 3, 35, "2021-06-30")
    progress(store, plan, 4, 10, "2021-06-30", status=Status.BLOCKED, note="等待经费")
    progress(store, plan, 6, 50, "2021-06-20")
    progress(store, plan, 6, 30, "2021-06-30", correct=True, note="更正")
    progress(store, plan, 5, 40, "2021-06-30", recorded="2021-08-10", note="补报")
    today = at(store, dt.date(2021, 8, 15))
    recording.set_deadline(
        store,
        plan,
        5,
        due_on=dt.date(2021, 12, 31),
        as_written="年底",
        note="推迟",
        effective_on=None,
        author="tester",
        today=today,
    )
    progress(store, plan, 2, 70, "2021-09-30")
    progress(store, plan, 3, 60, "2021-09-30")
    progress(store, plan, 5, 60, "2021-09-30")
    progress(store, plan, 2, 100, "2021-12-20")
    return store, plan


def report(store: Store, plan: Plan, quarter: int, tolerance: float = 10) -> Report:
    return build_report(store, plan, as_of=Q_END[quarter], tolerance=tolerance, generated_at="now")


def health_of(r: Report, number: int) -> Health:
    return next(p.health for p in r.points if p.number == number)


def test_each_quarter_counts_what_was_done_by_its_last_day(year: tuple[Store, Plan]) -> None:
    store, plan = year
    q1, q2, q3, q4 = (report(store, plan, q) for q in (1, 2, 3, 4))
    assert [r.tally.done for r in (q1, q2, q3, q4)] == [0, 1, 1, 2]
    assert q2.tally.count(Health.BLOCKED) == 1
    # Q3 closes on point 3's deadline (9-30, at 60 %): overdue in the Q3 report already; at the
    # year's end every open point on its default deadline (年底) is overdue too: all but 1, 4 and 7.
    assert q3.tally.count(Health.OVERDUE) == 1
    assert q4.tally.count(Health.OVERDUE) == 17 - q4.tally.done - q4.tally.count(Health.BLOCKED)
    assert all(r.tally.points == 17 for r in (q1, q2, q3, q4))
    assert sum(q3.tally.by_health.values()) == 17


def test_health_of_chosen_points_follows_the_schedule(year: tuple[Store, Plan]) -> None:
    store, plan = year
    q2 = report(store, plan, 2)
    assert health_of(q2, 1) is Health.DONE
    assert health_of(q2, 2) is Health.ON_TRACK  # 45 against 49.6 expected
    assert health_of(q2, 3) is Health.BEHIND  # 35 against 66.3 expected (due 9-30)
    assert health_of(q2, 4) is Health.BLOCKED
    assert health_of(q2, 6) is Health.BEHIND  # corrected down to 30
    assert health_of(q2, 9) is Health.BEHIND  # nothing reported half a year in
    assert health_of(report(store, plan, 3), 3) is Health.OVERDUE  # due on the quarter's last day, 60 %
    assert health_of(report(store, plan, 4), 3) is Health.OVERDUE


def test_the_tolerance_moves_a_point_across_the_edge(year: tuple[Store, Plan]) -> None:
    """Point 2 at 45 % on 6-30 is 4.6 points below expected: behind only with a tolerance under 4.6."""
    store, plan = year
    assert health_of(report(store, plan, 2, tolerance=4.7), 2) is Health.ON_TRACK
    assert health_of(report(store, plan, 2, tolerance=4.5), 2) is Health.BEHIND


def test_the_change_since_the_previous_quarter_is_reported(year: tuple[Store, Plan]) -> None:
    store, plan = year
    q2 = report(store, plan, 2)
    assert q2.previous_as_of == Q_END[1]
    assert q2.previous.done == 0 and q2.tally.done == 1
    point_2 = next(p for p in q2.points if p.number == 2)
    assert (point_2.previous_percent, point_2.percent, point_2.change) == (20, 45, 25)
    assert q2.previous.mean_percent == round((50 + 20 + 30 + 20) / 17, 1)


def test_a_postponed_deadline_counts_from_the_day_it_was_changed(year: tuple[Store, Plan]) -> None:
    store, plan = year
    q2, q3 = report(store, plan, 2), report(store, plan, 3)
    p5_q2 = next(p for p in q2.points if p.number == 5)
    p5_q3 = next(p for p in q3.points if p.number == 5)
    assert (p5_q2.deadline, p5_q2.deadline_postponed) == (dt.date(2021, 9, 30), False)
    assert (p5_q3.deadline, p5_q3.deadline_postponed) == (dt.date(2021, 12, 31), True)


def test_notes_of_the_quarter_are_listed_and_late_ones_marked(year: tuple[Store, Plan]) -> None:
    store, plan = year
    q2 = report(store, plan, 2)
    p5 = next(p for p in q2.points if p.number == 5)
    assert [(n.note, n.recorded_late) for n in p5.notes] == [("补报", True)]
    p6 = next(p for p in q2.points if p.number == 6)
    # The 50 % the correction of the same day took back no longer stands: only the correction is quoted.
    assert [n.percent for n in p6.notes] == [30]
    assert not any(n.recorded_late for n in next(p for p in q2.points if p.number == 1).notes)


def test_the_q2_report_made_later_is_the_q2_report_made_on_june_30_plus_back_dated_entries(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "asof.db", seed=SEED)
    plan = store.plan()
    progress(store, plan, 2, 40, "2021-06-30")
    on_the_day = build_report(store, plan, as_of=Q_END[2], generated_at="x")
    progress(store, plan, 2, 70, "2021-09-30")  # later work does not leak back
    progress(store, plan, 7, 25, "2021-06-15", recorded="2021-08-01")  # back-dated into Q2
    later = build_report(store, plan, as_of=Q_END[2], generated_at="x")
    assert [p for p in later.points if p.number != 7] == [p for p in on_the_day.points if p.number != 7]
    p7 = next(p for p in later.points if p.number == 7)
    assert p7.percent == 25 and p7.notes[0].recorded_late


def test_attention_lists_overdue_then_blocked_then_behind(year: tuple[Store, Plan]) -> None:
    store, plan = year
    q4 = report(store, plan, 4)
    healths = [p.health for p in q4.attention]
    assert healths == sorted(healths, key=[Health.OVERDUE, Health.BLOCKED, Health.BEHIND].index)
    assert q4.attention[0].number == 3


def test_upcoming_lists_open_points_due_next_quarter(year: tuple[Store, Plan]) -> None:
    store, plan = year
    assert [p.number for p in report(store, plan, 1).upcoming] == [1]
    assert [p.number for p in report(store, plan, 2).upcoming] == [3, 5]
    assert report(store, plan, 4).upcoming == ()


def test_sections_add_up_to_the_whole(year: tuple[Store, Plan]) -> None:
    store, plan = year
    q3 = report(store, plan, 3)
    assert len(q3.sections) == 6
    assert sum(s.tally.points for s in q3.sections) == 17
    for h in Health:
        assert sum(s.tally.count(h) for s in q3.sections) == q3.tally.count(h)


def test_an_undone_update_leaves_the_report(year: tuple[Store, Plan]) -> None:
    store, plan = year
    at(store, dt.date(2021, 12, 21))
    event = recording.last_change(store, "tester")
    recording.undo(store, event.id, author="tester")  # undoes point 2's 100 % of 12-20
    q4 = report(store, plan, 4)
    assert health_of(q4, 2) is not Health.DONE
    assert q4.tally.done == 1
