"""The report reads its measures in one statement (`store_measures.report_measures`): what it
reads must be what the general reads give, whatever the history. Hypothesis writes random
histories (back-dated updates, corrections that lower a percent, notes left empty, undone
updates, weights) and each part of the report's reading is held to its general read:
the day's states to `measure_states`, the quarter's notes to `period_notes` (the short cut
that takes a measure's newest update as its note must agree with the full search), the
baseline's figures to `rollup_parts`, and the rolled-up points to `Store.point_states`."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from conftest import copy_database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqvet import measures, recording, store_measures
from cqvet.errors import UsageError
from cqvet.parsing import ItemRef
from cqvet.report import read_ledger
from cqvet.store import Store

TODAY = dt.date(2021, 9, 30)
SINCE, BASELINE = dt.date(2021, 7, 1), dt.date(2021, 6, 30)
REFS = [ItemRef(7, 1), ItemRef(7, 2), ItemRef(11, 1)]
# Half the days in the report's quarter (Q3), half before it: notes within it, baselines before it.
Q2_DAYS = (SINCE - dt.date(2021, 4, 1)).days
Q3_DAYS = (TODAY - SINCE).days

updates = st.lists(
    st.fixed_dictionaries(
        {
            "ref": st.sampled_from(REFS),
            "day": st.one_of(
                st.integers(0, Q2_DAYS - 1).map(lambda n: dt.date(2021, 4, 1) + dt.timedelta(days=n)),
                st.integers(0, Q3_DAYS).map(lambda n: SINCE + dt.timedelta(days=n)),
            ),
            "percent": st.sampled_from([0, 10, 30, 50, 80, 100]),
            "note": st.sampled_from(["", "", "推进", "完成遴选"]),
            "correct": st.booleans(),
            "undo": st.sampled_from([False, False, False, True]),
            "weight": st.sampled_from([None, None, None, 2, 0.5]),
        }
    ),
    min_size=2,
    max_size=16,
)
days = st.integers(0, (TODAY - SINCE).days).map(lambda n: SINCE + dt.timedelta(days=n))

_copies = itertools.count()


def _write(store: Store, history: list[dict[str, object]]) -> None:
    plan = store.plan()
    for step in history:
        ref, day = step["ref"], step["day"]
        assert isinstance(ref, ItemRef) and isinstance(day, dt.date)
        try:
            measures.record_progress(
                store,
                plan,
                ref,
                percent=int(step["percent"]),  # type: ignore[call-overload]
                status=None,
                note=str(step["note"]),
                reported_on=day,
                author="tester",
                correct=bool(step["correct"]),
                today=TODAY,
            )
        except UsageError:  # a lower percent without a correction, as a user would be refused
            continue
        if step["undo"]:
            recording.undo(store, recording.last_change(store, "tester").id, author="tester")
        if step["weight"] is not None:
            measures.set_weight(
                store, plan, ref, weight=step["weight"], effective_on=day, author="tester", today=TODAY
            )


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=updates, on=days)
def test_the_report_s_one_statement_reads_what_the_general_reads_give(
    loaded_template: Path, tmp_path: Path, history: list[dict[str, object]], on: dt.date
) -> None:
    store = Store.open(copy_database(loaded_template, tmp_path / f"h{next(_copies)}.db"))
    _write(store, history)
    plan = store.plan()
    quarter_start, baseline = SINCE, BASELINE
    own = store.point_states(plan, on, rolled_up=False)

    read = store_measures.report_measures(store, plan, on, quarter_start, baseline, own)

    assert read.states == store_measures.measure_states(store, plan, on, own)
    assert sorted(read.notes) == sorted(store_measures.period_notes(store, plan, quarter_start, on))
    assert read.baseline == store_measures.rollup_parts(store, baseline, [p.id for p in own])
    reading = read_ledger(store, plan, on)
    figures = [(s.number, s.percent, s.status, s.reported_on, s.note) for s in reading.states]
    assert figures == [
        (s.number, s.percent, s.status, s.reported_on, s.note) for s in store.point_states(plan, on)
    ]
    previous = [(s.number, s.percent, s.status, s.reported_on, s.note) for s in reading.previous]
    assert previous == [
        (s.number, s.percent, s.status, s.reported_on, s.note) for s in store.point_states(plan, baseline)
    ]
    store.close()
