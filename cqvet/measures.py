"""The rules for recording measures (举措) and supporting offices' contributions.

A measure is named `7-2` (`cqvet.parsing.parse_item`) and is recorded like a point: progress
(percent and status coupled by `recording.resolve_progress`, a lower percent only as a
correction), owners (leads in order, supporting offices), deadlines (the first counting from
the plan's start), each appended in one transaction as one undoable event. Its weight in the
point's roll-up (`cqvet.rollup`) is recorded the same way.

A supporting office reports its part of a point as a contribution: a note, and its own
estimate of its part when it gives one. It never becomes the point's figure (the lead's,
or its measures'). Nothing here prints or knows about the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cqvet import store_measures
from cqvet.errors import UsageError
from cqvet.models import MeasureState, Plan, Status
from cqvet.parsing import ItemRef, office_key, unit_names
from cqvet.recording import Recorded, check_clock, check_report_date, resolve_progress, same_office
from cqvet.store import Store


def measure_state(store: Store, plan: Plan, ref: ItemRef, on: dt.date) -> MeasureState:
    """Measure `ref` as of the end of `on` (NotFound when the point or the measure does not exist)."""
    assert ref.measure is not None
    store_measures.measure_id(store, plan, ref.number, ref.measure)
    point = store.point_states(plan, on, [ref.number], with_targets=False)
    return next(m for m in store_measures.measure_states(store, plan, on, point) if m.seq == ref.measure)


def record_progress(
    store: Store,
    plan: Plan,
    ref: ItemRef,
    *,
    percent: int | None,
    status: Status | None,
    note: str,
    reported_on: dt.date,
    author: str,
    correct: bool = False,
    today: dt.date,
    event_id: int | None = None,
) -> Recorded:
    """Append one progress update of a measure; its point rolls up from then on (`cqvet.rollup`)."""
    assert ref.measure is not None
    check_report_date(plan, reported_on, today)
    if percent is None and status is None and not note:
        raise UsageError("progress_nothing")
    with store.transaction():
        measure = store_measures.measure_id(store, plan, ref.number, ref.measure)
        before = measure_state(store, plan, ref, reported_on)
        previous = (before.percent, before.status) if before.tracked else None
        new_percent, new_status = resolve_progress(percent, status, previous)
        if previous and new_percent < previous[0] and not correct:
            raise UsageError("percent_lower", number=str(ref), percent=new_percent, previous=previous[0])
        summary = {
            "point": ref.number,
            "measure": ref.measure,
            "percent": new_percent,
            "status": str(new_status),
            "reported_on": reported_on.isoformat(),
            "before": {"percent": previous[0], "status": str(previous[1])} if previous else None,
        }
        event_id = store_measures.append_progress(
            store,
            plan,
            measure,
            reported_on=reported_on,
            percent=new_percent,
            status=new_status,
            note=note,
            correction=bool(previous and new_percent < previous[0]),
            author=author,
            event_id=event_id,
        )
    return Recorded(event_id, ref.number, summary)


def assign_owner(
    store: Store,
    plan: Plan,
    ref: ItemRef,
    *,
    lead: str | Sequence[str],
    supports: Sequence[str],
    effective_on: dt.date | None,
    author: str,
    today: dt.date,
    event_id: int | None = None,
) -> Recorded:
    """Assign a measure's lead offices (in order) and supporting offices; names that look like a
    known office are that office, and a lead is not also listed as supporting (as for points)."""
    assert ref.measure is not None
    typed_leads = unit_names(lead)
    typed_supports = unit_names(supports) if supports else []
    check_clock(plan, today)
    if effective_on is not None:
        check_report_date(plan, effective_on, today)
    with store.transaction():
        known = store.unit_names()
        leads = list(dict.fromkeys(same_office(name, known) for name in typed_leads))
        support_names = [
            name for name in dict.fromkeys(same_office(s, known) for s in typed_supports) if name not in leads
        ]
        measure = store_measures.measure_id(store, plan, ref.number, ref.measure)
        day = effective_on or (
            today if store_measures.has_row(store, measure, "measure_owners") else plan.start
        )
        before = measure_state(store, plan, ref, day)
        summary = {
            "point": ref.number,
            "measure": ref.measure,
            "lead": "、".join(leads),
            "leads": leads,
            "supports": support_names,
            "effective_on": day.isoformat(),
            "before": {"lead": before.lead, "supports": list(before.supports)} if before.lead else None,
        }
        event_id = store_measures.append_owner(
            store,
            plan,
            measure,
            leads=leads,
            supports=support_names,
            effective_on=day,
            author=author,
            detail=summary,
            event_id=event_id,
        )
    return Recorded(event_id, ref.number, summary)


def set_deadline(
    store: Store,
    plan: Plan,
    ref: ItemRef,
    *,
    due_on: dt.date,
    as_written: str,
    note: str,
    effective_on: dt.date | None,
    author: str,
    today: dt.date,
    event_id: int | None = None,
) -> Recorded:
    """Set a measure's deadline; until it has one, it is due with its point."""
    assert ref.measure is not None
    check_clock(plan, today)
    if effective_on is not None:
        check_report_date(plan, effective_on, today)
    with store.transaction():
        measure = store_measures.measure_id(store, plan, ref.number, ref.measure)
        day = effective_on or (
            today if store_measures.has_row(store, measure, "measure_deadlines") else plan.start
        )
        before = measure_state(store, plan, ref, day)
        summary = {
            "point": ref.number,
            "measure": ref.measure,
            "due_on": due_on.isoformat(),
            "as_written": as_written,
            "effective_on": day.isoformat(),
            "before": None if before.deadline_is_default else before.deadline.isoformat(),
        }
        event_id = store_measures.append_deadline(
            store,
            plan,
            measure,
            due_on=due_on,
            as_written=as_written,
            note=note,
            effective_on=day,
            author=author,
            detail=summary,
            event_id=event_id,
        )
    return Recorded(event_id, ref.number, summary)


def set_weight(
    store: Store,
    plan: Plan,
    ref: ItemRef,
    *,
    weight: float,
    effective_on: dt.date | None,
    author: str,
    today: dt.date,
) -> Recorded:
    """Set a measure's weight in its point's roll-up. The first weight of a measure counts from the
    plan's start (a point's figures should not change with the day its weights were typed in);
    a later one from its day, so past reports keep the weights they were made with."""
    assert ref.measure is not None
    check_clock(plan, today)
    if effective_on is not None:
        check_report_date(plan, effective_on, today)
    with store.transaction():
        measure = store_measures.measure_id(store, plan, ref.number, ref.measure)
        day = effective_on or (
            today if store_measures.has_row(store, measure, "measure_weights") else plan.start
        )
        before = measure_state(store, plan, ref, day)
        summary = {
            "point": ref.number,
            "measure": ref.measure,
            "weight": weight,
            "effective_on": day.isoformat(),
            "before": before.weight,
        }
        event_id = store_measures.append_weight(
            store, plan, measure, weight=weight, effective_on=day, author=author, detail=summary
        )
    return Recorded(event_id, ref.number, summary)


def record_contribution(
    store: Store,
    plan: Plan,
    number: int,
    *,
    office: str,
    percent: int | None,
    note: str,
    reported_on: dt.date,
    author: str,
    today: dt.date,
    event_id: int | None = None,
) -> Recorded:
    """Record what a supporting office reports on its part of point `number`.

    The office must support the point on `reported_on`, or lead or support one of its measures;
    an office that leads the point records the point's own progress instead.
    """
    check_report_date(plan, reported_on, today)
    if percent is None and not note:
        raise UsageError("progress_nothing")
    with store.transaction():
        point_id = store.point_id(plan, number)
        state = store.point_states(plan, reported_on, [number], with_targets=False)[0]
        measures = store_measures.measure_states(store, plan, reported_on, [state])
        involved = [*state.supports, *(name for m in measures for name in (*m.leads, *m.supports))]
        key = office_key(office)
        found = next((name for name in involved if office_key(name) == key), None)
        if found is None:
            raise UsageError(
                "contribution_not_support",
                office=office,
                number=number,
                supports="、".join(state.supports) or "—",
            )
        summary = {
            "point": number,
            "office": found,
            "percent": percent,
            "reported_on": reported_on.isoformat(),
        }
        event_id = store_measures.append_contribution(
            store,
            plan,
            point_id,
            office=found,
            reported_on=reported_on,
            percent=percent,
            note=note,
            author=author,
            detail=summary,
            event_id=event_id,
        )
    return Recorded(event_id, number, summary)


def office_leads_point(store: Store, plan: Plan, number: int, office: str, on: dt.date) -> bool:
    """Whether `office` leads point `number` on `on`: its update is then the point's own progress;
    any other office's is a contribution (`record_contribution`, which refuses an unrelated one).
    A point the plan does not have is refused first (`point_unknown`)."""
    store.point_id(plan, number)
    state = store.point_states(plan, on, [number], with_targets=False)[0]
    return any(office_key(name) == office_key(office) for name in state.leads)


def check_measure_reporter(store: Store, plan: Plan, ref: ItemRef, office: str, on: dt.date) -> None:
    """Refuse an office that does not lead measure `ref` on `on` (a measure without owners of its
    own is led by its point's leads): a supporting office reports its part on the point."""
    measure = measure_state(store, plan, ref, on)
    leads = measure.leads or store.point_states(plan, on, [ref.number], with_targets=False)[0].leads
    if not any(office_key(name) == office_key(office) for name in leads):
        raise UsageError(
            "measure_office_not_lead",
            office=office,
            ref=str(ref),
            number=ref.number,
            leads="、".join(leads) or "—",
        )
