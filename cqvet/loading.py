"""Loading a plan document: the plan, and the owners and deadlines the document names.

One user action, one transaction, one event: the plan is written by
`Store.load_plan`, then each point's owners and deadline as the document
states them (a task table's 牵头/配合单位 and 完成时限 columns, or
`牵头单位：…` lines and brackets in the text) are recorded by the same store
functions as `cqvet owner set` and `cqvet deadline set`, under the load's own
event, so `cqvet undo` takes the whole load back. It calls the store's
`append_owner` and `append_deadline` directly rather than `recording.assign_owner`,
whose per-point summary of the state before is for an event of its own: at
10,000 points that summary was most of the load. The document's word counts
only where the point has no owner (or deadline) yet: a corrected document
does not overwrite what people recorded since. Nothing here prints.

A task table's measure rows name each measure's lead units (all of them: a measure may have
several leads), supporting units and deadline (`PointDoc.measure_owners`); they are recorded
the same way, with `store_measures.append_owner` / `append_deadline` under the load's event,
and again only where the measure has none yet.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, NamedTuple

from cqvet import parsing
from cqvet.errors import CqvetError

if TYPE_CHECKING:
    from cqvet.ledger import LoadResult
    from cqvet.models import Plan
    from cqvet.plan_doc import PlanDoc
    from cqvet.store import Store


class Assigned(NamedTuple):
    """What the load recorded for one point or measure (empty strings for what it did not)."""

    number: int
    lead: str  # a measure's leads joined with 、
    supports: tuple[str, ...]
    deadline: str  # as written
    due_on: dt.date | None  # None when the deadline was written but could not be read
    measure: int | None = None  # the measure's seq; None for the point itself


class Loaded(NamedTuple):
    result: LoadResult
    assigned: tuple[Assigned, ...]
    measures: tuple[Assigned, ...] = ()


def load_document(store: Store, doc: PlanDoc, *, source_name: str, source_text: str, author: str) -> Loaded:
    """Write `doc` and the owners and deadlines it names, as one undoable event."""
    assigned: list[Assigned] = []
    with store.transaction():
        result = store.load_plan(doc, source_name=source_name, source_text=source_text, author=author)
        if result.event_id is None:
            return Loaded(result, ())
        plan = result.plan
        point_ids = store.point_ids(plan)
        for point in doc.points:
            if not (point.lead or point.deadline):
                continue
            lead = written = ""
            supports: tuple[str, ...] = ()
            due_on = None
            point_id = point_ids[point.number]
            if point.lead and not store.has_assignment(point_id, "owner_assignments"):
                lead = parsing.unit_name(point.lead)
                named = map(parsing.unit_name, point.supports)
                supports = tuple(dict.fromkeys(n for n in named if n != lead))
                # A point's first assignment counts from the plan's start (README: when an assignment starts).
                store.append_owner(
                    plan, point_id, lead=lead, supports=supports, contact="", effective_on=plan.start,
                    author=author, detail={}, event_id=result.event_id,
                )  # fmt: skip
            if point.deadline and not store.has_assignment(point_id, "deadline_changes"):
                written = point.deadline
                due_on = deadline_of(point.deadline, plan.year)
                if due_on is not None:
                    store.append_deadline(
                        plan, point_id, due_on=due_on, as_written=written, note="", effective_on=plan.start,
                        author=author, detail={}, event_id=result.event_id,
                    )  # fmt: skip
            if lead or written:
                assigned.append(Assigned(point.number, lead, supports, written, due_on))
        measures = _assign_measures(store, doc, plan, result.event_id, author)
    return Loaded(result, tuple(assigned), measures)


def _assign_measures(
    store: Store, doc: PlanDoc, plan: Plan, event_id: int, author: str
) -> tuple[Assigned, ...]:
    """Record the owners and deadline each measure's row names, where the measure has none yet."""
    from cqvet import store_measures

    if not any(m.leads or m.deadline for point in doc.points for m in point.measure_owners):
        return ()
    ids = store_measures.measure_ids(store, plan)
    assigned: list[Assigned] = []
    for point in doc.points:
        for seq, measure in enumerate(point.measure_owners, start=1):
            if not (measure.leads or measure.deadline):
                continue
            measure_id = ids[point.number, seq]
            leads: tuple[str, ...] = ()
            supports: tuple[str, ...] = ()
            written = ""
            due_on = None
            if measure.leads and not store_measures.has_row(store, measure_id, "measure_owners"):
                leads = tuple(dict.fromkeys(map(parsing.unit_name, measure.leads)))
                supports = tuple(
                    dict.fromkeys(n for n in map(parsing.unit_name, measure.supports) if n not in leads)
                )
                store_measures.append_owner(
                    store, plan, measure_id, leads=leads, supports=supports, effective_on=plan.start,
                    author=author, detail={}, event_id=event_id,
                )  # fmt: skip
            if measure.deadline and not store_measures.has_row(store, measure_id, "measure_deadlines"):
                written = measure.deadline
                due_on = deadline_of(written, plan.year)
                if due_on is not None:
                    store_measures.append_deadline(
                        store, plan, measure_id, due_on=due_on, as_written=written, note="",
                        effective_on=plan.start, author=author, detail={}, event_id=event_id,
                    )  # fmt: skip
            if leads or written:
                assigned.append(Assigned(point.number, "、".join(leads), supports, written, due_on, seq))
    return tuple(assigned)


_PARTS = re.compile(r"[，,；;、\s]+")
# A deadline followed by words (`6月底前完成方案`): the date is what comes before them.
_DATE_END = re.compile(r"^.*?(?:日|号|月底|月末|月|旬|季度末|季度|年中|年底|年末|上半年|下半年)")


def deadline_of(written: str, year: int) -> dt.date | None:
    """The day a deadline cell names; for several steps (`6月底前完成方案，12月底前验收`) the last.

    None when no part of it is a date (`长期坚持`, `持续推进`): the point keeps
    the default deadline, the end of the plan's year.
    """
    from cqvet.dates import parse_date

    def day(text: str) -> dt.date | None:
        text = text.strip()
        ends = _DATE_END.match(text)
        for candidate in (text, re.sub(r"(?:以|之)?前$", "", text), ends.group() if ends else ""):
            try:
                return parse_date(candidate, plan_year=year) if candidate else None
            except CqvetError:
                continue
        return None

    days = [d for d in (day(part) for part in _PARTS.split(written) if part.strip()) if d is not None]
    return max(days) if days else day(written)
