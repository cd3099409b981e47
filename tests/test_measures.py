"""Measures (举措) as trackable items: the roll-up rule, the recording rules and the store's as-of
reads, below the command line (tests/test_measures_cli.py drives the commands)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqvet import measures, recording, store_measures
from cqvet.errors import DatabaseError, NotFound, UsageError
from cqvet.models import MeasureState, Status
from cqvet.parsing import parse_item
from cqvet.rollup import roll_up, rolled_percent, rolled_status
from cqvet.store import Store
from tests.conftest import snapshot

TODAY = dt.date(2021, 9, 30)


def _measure(
    seq: int, percent: int, status: Status, weight: float = 1.0, tracked: bool = True
) -> MeasureState:
    return MeasureState(
        id=seq,
        point_number=7,
        seq=seq,
        text=f"举措{seq}",
        lead=None,
        leads=(),
        supports=(),
        deadline=dt.date(2021, 12, 31),
        deadline_written="",
        deadline_is_default=True,
        percent=percent,
        status=status,
        reported_on=dt.date(2021, 6, seq) if tracked else None,
        note=f"说明{seq}" if tracked else "",
        weight=weight,
        tracked=tracked,
    )


def _status_for(percent: int) -> Status:
    return Status.DONE if percent == 100 else Status.IN_PROGRESS if percent else Status.NOT_STARTED


measure_lists = st.lists(
    st.tuples(st.integers(0, 100), st.sampled_from([0.5, 1.0, 2.0, 3.0, 10.0])), min_size=1, max_size=12
).map(lambda items: [_measure(i + 1, p, _status_for(p), w) for i, (p, w) in enumerate(items)])


@given(measure_lists)
def test_the_rolled_percent_lies_between_the_least_and_the_most_advanced_measure(
    ms: list[MeasureState],
) -> None:
    percent = rolled_percent(ms)
    assert min(m.percent for m in ms) - 1 <= percent <= max(m.percent for m in ms)


@given(measure_lists)
def test_a_point_is_at_100_percent_and_done_exactly_when_every_measure_is_done(
    ms: list[MeasureState],
) -> None:
    all_done = all(m.status is Status.DONE for m in ms)
    assert (rolled_percent(ms) == 100) == all_done
    assert (rolled_status(ms) is Status.DONE) == all_done


@given(measure_lists, st.integers(1, 5))
def test_scaling_every_weight_alike_changes_nothing(ms: list[MeasureState], factor: int) -> None:
    scaled = [m._replace(weight=m.weight * factor) for m in ms]
    assert rolled_percent(scaled) == rolled_percent(ms)


def test_the_rolled_percent_is_the_weighted_mean_rounded_half_up() -> None:
    # (60×2 + 30 + 0) / 4 = 37.5 → 38 (half up, not to even)
    ms = [
        _measure(1, 60, Status.IN_PROGRESS, 2),
        _measure(2, 30, Status.IN_PROGRESS),
        _measure(3, 0, Status.NOT_STARTED),
    ]
    assert rolled_percent(ms) == 38
    # (100 + 100 + 99) / 3 = 99.67 → 100 by rounding, held at 99 while one is not done
    ms = [_measure(1, 100, Status.DONE), _measure(2, 100, Status.DONE), _measure(3, 99, Status.IN_PROGRESS)]
    assert rolled_percent(ms) == 99


def test_one_blocked_measure_makes_the_point_blocked_and_none_started_makes_it_not_started() -> None:
    assert rolled_status([_measure(1, 100, Status.DONE), _measure(2, 40, Status.BLOCKED)]) is Status.BLOCKED
    assert (
        rolled_status([_measure(1, 0, Status.NOT_STARTED), _measure(2, 0, Status.NOT_STARTED)])
        is Status.NOT_STARTED
    )


def test_a_point_none_of_whose_measures_was_reported_keeps_its_own_figures(loaded: Path) -> None:
    store = Store.open(loaded)
    point = store.point_states(store.plan(), TODAY, [7])[0]
    untracked = [_measure(1, 0, Status.NOT_STARTED, tracked=False)]
    assert roll_up(point, untracked) is point


def test_the_rolled_up_note_is_the_newest_measure_note_named_by_its_measure(loaded: Path) -> None:
    store = Store.open(loaded)
    point = store.point_states(store.plan(), TODAY, [7])[0]
    rolled = roll_up(point, [_measure(1, 50, Status.IN_PROGRESS), _measure(2, 20, Status.IN_PROGRESS)])
    assert (rolled.percent, rolled.status, rolled.reported_on, rolled.note) == (
        35,
        Status.IN_PROGRESS,
        dt.date(2021, 6, 2),
        "7-2：说明2",
    )


@pytest.fixture
def store(loaded: Path) -> Store:
    return Store.open(loaded)


def _progress(store: Store, ref: str, percent: int, day: dt.date, **kwargs: object) -> None:
    measures.record_progress(
        store,
        store.plan(),
        parse_item(ref),
        percent=percent,
        status=None,
        note=str(kwargs.pop("note", "")),
        reported_on=day,
        author="tester",
        today=TODAY,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_point_rolls_up_from_the_day_its_first_measure_is_reported_and_not_before(store: Store) -> None:
    plan = store.plan()
    _progress(store, "7-1", 60, dt.date(2021, 5, 10), note="遴选完成")
    _progress(store, "7-2", 30, dt.date(2021, 5, 20))
    before = store.point_states(plan, dt.date(2021, 5, 9), [7])[0]
    assert (before.percent, before.status, before.reported_on) == (0, Status.NOT_STARTED, None)
    after = store.point_states(plan, dt.date(2021, 6, 30), [7])[0]
    assert (after.percent, after.status, after.note) == (
        30,
        Status.IN_PROGRESS,
        "7-1：遴选完成",
    )  # (60+30+0)/3


def test_a_weight_counts_from_the_plan_start_and_a_later_one_from_its_day(store: Store) -> None:
    plan = store.plan()
    _progress(store, "7-1", 60, dt.date(2021, 5, 10))
    measures.set_weight(
        store, plan, parse_item("7-1"), weight=2, effective_on=None, author="tester", today=TODAY
    )
    assert store.point_states(plan, dt.date(2021, 6, 30), [7])[0].percent == 30  # 60×2 / 4
    measures.set_weight(
        store,
        plan,
        parse_item("7-1"),
        weight=1,
        effective_on=dt.date(2021, 8, 1),
        author="tester",
        today=TODAY,
    )
    assert store.point_states(plan, dt.date(2021, 6, 30), [7])[0].percent == 30
    assert store.point_states(plan, dt.date(2021, 8, 1), [7])[0].percent == 20  # 60 / 3


def test_a_percent_typed_on_a_rolled_up_point_is_refused_and_writes_nothing(
    store: Store, loaded: Path
) -> None:
    _progress(store, "7-1", 60, dt.date(2021, 5, 10))
    before = snapshot(loaded)
    with pytest.raises(UsageError) as refused:
        recording.record_progress(
            store,
            store.plan(),
            7,
            percent=50,
            status=None,
            note="",
            reported_on=TODAY,
            author="tester",
            today=TODAY,
        )
    assert refused.value.key == "rolled_up_percent"
    assert snapshot(loaded) == before


def test_a_lower_measure_percent_needs_a_correction_which_supersedes_the_higher_one(store: Store) -> None:
    plan = store.plan()
    _progress(store, "7-1", 60, dt.date(2021, 5, 10), note="多报了")
    with pytest.raises(UsageError) as refused:
        _progress(store, "7-1", 50, dt.date(2021, 5, 20))
    assert refused.value.key == "percent_lower"
    _progress(store, "7-1", 50, dt.date(2021, 5, 20), correct=True)
    history = store_measures.progress_history(store, plan, 7, 1)
    assert [(e.percent, e.is_correction, e.superseded, e.measure) for e in history] == [
        (50, True, False, 1),
        (60, False, True, 1),
    ]


def test_an_undone_measure_update_drops_out_of_the_roll_up(store: Store) -> None:
    plan = store.plan()
    _progress(store, "7-1", 60, dt.date(2021, 5, 10))
    _progress(store, "7-2", 90, dt.date(2021, 5, 11))
    event = recording.last_change(store, "tester")
    assert event.kind == "measure_progress"
    recording.undo(store, event.id, author="tester")
    assert store.point_states(plan, TODAY, [7])[0].percent == 20  # 60 / 3: the 90 is gone
    assert [e.reverted for e in store_measures.progress_history(store, plan, 7, 2)] == [True]


def test_measure_owners_and_deadlines_are_dated_and_a_measure_without_its_own_deadline_is_due_with_its_point(
    store: Store,
) -> None:
    plan = store.plan()
    ref = parse_item("7-2")
    measures.assign_owner(
        store,
        plan,
        ref,
        lead="职成教处、发展规划处",
        supports=["财务处"],
        effective_on=None,
        author="t",
        today=TODAY,
    )
    measures.set_deadline(
        store,
        plan,
        ref,
        due_on=dt.date(2021, 6, 30),
        as_written="6月底",
        note="",
        effective_on=None,
        author="t",
        today=TODAY,
    )
    point = store.point_states(plan, TODAY, [7])[0]
    states = {m.seq: m for m in store_measures.measure_states(store, plan, dt.date(2021, 1, 1), [point])}
    assert (states[2].leads, states[2].supports, states[2].deadline, states[2].deadline_written) == (
        ("职成教处", "发展规划处"),
        ("财务处",),
        dt.date(2021, 6, 30),
        "6月底",
    )
    assert (states[1].lead, states[1].deadline, states[1].deadline_is_default) == (None, point.deadline, True)
    assert [o.measure for o in store_measures.owner_history(store, plan, 7)] == [2]
    assert [d.as_written for d in store_measures.deadline_history(store, plan, 7, 2)] == ["6月底"]


def test_a_supporting_office_s_contribution_never_becomes_the_point_s_figure(
    store: Store, loaded: Path
) -> None:
    plan = store.plan()
    recording.assign_owner(
        store,
        plan,
        7,
        lead="职成教处",
        supports=["发展规划处"],
        contact="",
        effective_on=None,
        author="t",
        today=TODAY,
    )
    measures.record_contribution(
        store,
        plan,
        7,
        office="发展规划处",
        percent=80,
        note="完成经费测算",
        reported_on=TODAY,
        author="t",
        today=TODAY,
    )
    state = store.point_states(plan, TODAY, [7])[0]
    assert (state.percent, state.status) == (0, Status.NOT_STARTED)
    [given_part] = store_measures.contributions(store, plan, 7)
    assert (given_part.office, given_part.percent, given_part.note) == ("发展规划处", 80, "完成经费测算")
    before = snapshot(loaded)
    with pytest.raises(UsageError) as refused:
        measures.record_contribution(
            store,
            plan,
            7,
            office="招生考试处",
            percent=None,
            note="x",
            reported_on=TODAY,
            author="t",
            today=TODAY,
        )
    assert refused.value.key == "contribution_not_support"
    assert snapshot(loaded) == before


def test_an_unknown_measure_is_refused_naming_how_many_the_point_has(store: Store, loaded: Path) -> None:
    before = snapshot(loaded)
    with pytest.raises(NotFound) as refused:
        _progress(store, "7-9", 10, TODAY)
    assert refused.value.key == "measure_unknown"
    assert refused.value.params["count"] == 3
    assert snapshot(loaded) == before


def test_a_reload_keeps_measure_ids_and_refuses_to_drop_a_measure_with_history(
    store: Store, tmp_path: Path
) -> None:
    from cqvet.plan_doc import parse_plan

    plan = store.plan()
    _progress(store, "7-3", 40, dt.date(2021, 5, 10))
    ids_before = {
        m.seq: m.id
        for m in store_measures.measure_states(store, plan, TODAY, store.point_states(plan, TODAY, [7]))
    }
    seed = Path(__file__).resolve().parents[1] / "seeds"
    text = next(seed.glob("*.txt")).read_text(encoding="utf-8")
    doc = parse_plan(text)
    store.load_plan(doc, source_name="again.txt", source_text=text + "\n", author="t")
    ids_after = {
        m.seq: m.id
        for m in store_measures.measure_states(store, plan, TODAY, store.point_states(plan, TODAY, [7]))
    }
    assert ids_after == ids_before
    point = next(p for p in doc.points if p.number == 7)
    shorter = doc._replace(
        points=tuple(p._replace(measures=p.measures[:2]) if p is point else p for p in doc.points)
    )
    with pytest.raises(DatabaseError) as refused:
        store.load_plan(shorter, source_name="shorter.txt", source_text=text + "\n\n", author="t")
    assert refused.value.key == "plan_measure_has_history"


def test_a_rolled_up_point_counts_as_reported_through_its_measures_and_done_when_its_last_measure_is(
    store: Store,
) -> None:
    from cqvet import store_supervision

    plan = store.plan()
    _progress(store, "7-1", 100, dt.date(2021, 5, 10))
    _progress(store, "7-2", 100, dt.date(2021, 6, 3))
    firsts = store_supervision.first_reports(store, plan, dt.date(2021, 6, 1), dt.date(2021, 6, 30))
    assert firsts[7] == dt.date(2021, 6, 3)
    assert 7 not in store_supervision.first_done(store, plan, dt.date(2021, 6, 30))  # 7-3 is not done
    _progress(store, "7-3", 100, dt.date(2021, 6, 20))
    assert store_supervision.first_done(store, plan, dt.date(2021, 6, 30))[7] == dt.date(2021, 6, 20)


def test_a_rolled_up_point_is_returned_through_its_measure_and_confirmed_whole(cqvet, loaded: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ok, refused

    ok(cqvet("plan", "set", "--review"))
    store = Store.open(loaded)
    for seq, day in ((1, 10), (2, 11), (3, 12)):
        _progress(store, f"7-{seq}", 40, dt.date(2021, 5, day))
        _progress(store, f"7-{seq}", 100, dt.date(2021, 6, day))
    before = snapshot(loaded)
    refused(cqvet("close", "7", "--return", "佐证不足", "--date", "2021-06-30"), 2, "close 7-1 --return")
    refused(cqvet("close", "7-2", "--confirm", "--date", "2021-06-30"), 2, "close 7 --confirm")
    assert snapshot(loaded) == before
    ok(cqvet("close", "7-2", "--return", "佐证不足", "--date", "2021-06-30"))
    point = store.point_states(store.plan(), dt.date(2021, 6, 30), [7])[0]
    assert (point.percent, point.status) == (80, Status.IN_PROGRESS)  # (100 + 40 + 100) / 3
    assert store_measures.progress_history(store, store.plan(), 7, 2)[0].note == "退回：佐证不足"
    _progress(store, "7-2", 100, dt.date(2021, 7, 5))
    ok(cqvet("close", "7", "--confirm", "--date", "2021-07-06"))
    assert "已办结" in ok(cqvet("show", "7", "--as-of", "2021-07-06"))


def test_the_web_view_s_canned_queries_roll_up_a_point_as_cqvet_does(store: Store, loaded: Path) -> None:
    import sqlite3

    from cqvet import rollup, schedule, web

    for seq in (1, 2, 3):
        _progress(store, f"7-{seq}", 100, dt.date(2021, 6, seq))
    _progress(store, "11-1", 50, dt.date(2021, 6, 1))
    conn = sqlite3.connect(loaded)
    schedule.register_sql_functions(conn)
    rollup.register_sql_functions(conn)
    # Every deadline of the plan (2021) has passed by the real today: overdue lists every point not done.
    overdue = {row[0]: row[5] for row in conn.execute(web.overdue_sql("zh"))}
    today = dt.date.today()
    states = {s.number: s for s in store.point_states(store.plan(), today)}
    assert 7 not in overdue  # done through its three measures
    assert overdue[11] == states[11].percent > 0  # the rolled-up percent, as `cqvet list` shows it
    assert set(overdue) == {n for n, s in states.items() if s.status is not Status.DONE}
