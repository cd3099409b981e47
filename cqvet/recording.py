"""The rules for recording work: progress, owners, deadlines, target actuals, undo.

What people type is read by `cqvet.parsing` before it reaches these rules.

Each function is one user action: it checks its input, then reads what it
needs and appends inside one `store.transaction()`, so a rule that depends
on the previous update (a lower percent needs `correct=True`) cannot be
raced by another writer. Nothing here prints or knows about the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from cqvet.errors import NotFound, UsageError
from cqvet.models import Plan, Status
from cqvet.parsing import UNIT_SEPARATORS, office_key, parse_actual, parse_target_ref, unit_name, unit_names
from cqvet.store import Store

if TYPE_CHECKING:
    from cqvet.ledger import Event

FAR_BEYOND = 10  # an actual above ten times its target is taken for a typo unless forced

BUNDLED_AUTHOR = "cqvet"  # who loads the bundled plan into a new database (Store.open)
# A plan_load: its owners and deadlines drop out, and a plan it created is no longer listed.
UNDOABLE = (
    "progress",
    "owner",
    "deadline",
    "target",
    "unit_rename",
    "import",
    "plan_load",
    "notice",
    "plan_set",
    "close",
    "measure_progress",
    "measure_owner",
    "measure_deadline",
    "measure_weight",
    "contribution",
)


def same_office(name: str, known: list[str]) -> str:
    """`name`, or the office in `known` it looks like (same `office_key`); `name` is added to
    `known` when it is new, so two look-alikes in one command become one office too."""
    if name in known:
        return name
    key = office_key(name)
    found = next((other for other in known if office_key(other) == key), None)
    if found is not None:
        return found
    known.append(name)
    return name


# A 工作要点 is a year's plan, reported on during that year and the next; ten years on, a
# "today" is a wrong system clock (a flat BIOS battery, a clock set to 2100), not a report.
CLOCK_HORIZON_YEARS = 10


def check_clock(plan: Plan, today: dt.date) -> None:
    """Refuse to record anything while the system clock says a day more than ten years after the
    plan's year: every update would silently be dated, and stamped, that day."""
    if today.year > plan.year + CLOCK_HORIZON_YEARS:
        raise UsageError(
            "clock_past_plan", today=today.isoformat(), year=plan.year, years=CLOCK_HORIZON_YEARS
        )


def latest_report_day(recorded_at: str) -> str:
    """The latest day (ISO) an update stamped `recorded_at` (the ledger's UTC stamp) can be dated.

    `check_report_date` refuses a day after today where the user is, and today is
    nowhere later than the day after the UTC day (the zone furthest ahead is
    UTC+14): so the UTC day plus one.
    """
    return (dt.date.fromisoformat(recorded_at[:10]) + dt.timedelta(days=1)).isoformat()


def check_report_date(plan: Plan, day: dt.date, today: dt.date) -> None:
    """A reported day may not lie in the future nor before the plan's year, nor be recorded under a
    clock far past the plan (`check_clock`). So no update is dated after the day it was recorded
    (`latest_report_day`), which lets `progress log --by X --limit N` stop early."""
    check_clock(plan, today)
    if day > today:
        raise UsageError("date_in_future", date=day.isoformat(), today=today.isoformat())
    if day < dt.date(plan.year, 1, 1):
        raise UsageError("date_before_plan", date=day.isoformat(), year=plan.year)


class Recorded(NamedTuple):
    """What one action appended, for the confirmation line."""

    event_id: int
    number: int
    summary: dict[str, object]


def record_progress(
    store: Store,
    plan: Plan,
    number: int,
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
    """Append one progress update, coupling percent and status (see `resolve_progress`)."""
    check_report_date(plan, reported_on, today)
    if percent is None and status is None and not note:
        raise UsageError("progress_nothing")
    with store.transaction():
        point_id = store.point_id(plan, number)
        if (percent is not None or status is not None) and _rolled_up(store, point_id):
            raise UsageError("rolled_up_percent", number=number)
        before = store.point_states(plan, reported_on, [number], with_targets=False)[0]
        previous = (before.percent, before.status) if before.reported_on else None
        new_percent, new_status = resolve_progress(percent, status, previous)
        if previous and new_percent < previous[0] and not correct:
            raise UsageError("percent_lower", number=number, percent=new_percent, previous=previous[0])
        summary = {
            "point": number,
            "percent": new_percent,
            "status": str(new_status),
            "reported_on": reported_on.isoformat(),
            "before": {"percent": previous[0], "status": str(previous[1])} if previous else None,
        }
        event_id = store.append_progress(
            plan,
            point_id,
            reported_on=reported_on,
            percent=new_percent,
            status=new_status,
            note=note,
            correction=bool(previous and new_percent < previous[0]),
            author=author,
            event_id=event_id,
        )
    return Recorded(event_id, number, summary)


def _rolled_up(store: Store, point_id: int) -> bool:
    """Whether a point's figures come from its measures (`cqvet.rollup`): then only a note may be
    recorded on the point itself, and its percent and status are its measures'."""
    from cqvet.store_measures import point_is_rolled_up

    return point_is_rolled_up(store, point_id)


def resolve_progress(
    percent: int | None, status: Status | None, previous: tuple[int, Status] | None
) -> tuple[int, Status]:
    """Couple percent and status.

    done means 100 % (done with a lower percent is refused); not started means
    0 % (not started with a percent above 0, given or kept from before, is
    refused: "100 %, 未启动" is a state no point can be in; `--percent 0
    --correct` takes progress back); 100 % means done unless another status
    is given; a missing percent keeps the previous one; a missing status
    follows the percent (0 → not started, else in progress), except that a
    note-only update keeps the previous status.
    """
    if status is Status.DONE:
        if percent is not None and percent != 100:
            raise UsageError("done_not_100", percent=percent)
        return 100, Status.DONE
    if status is Status.NOT_STARTED:
        kept = percent if percent is not None else previous[0] if previous else 0
        if kept > 0:
            raise UsageError("not_started_with_percent", percent=kept)
        return 0, Status.NOT_STARTED
    if percent is None:
        percent = previous[0] if previous else 0
        if status is None:
            status = previous[1] if previous else Status.NOT_STARTED
        return percent, status
    if status is None:
        status = Status.DONE if percent == 100 else Status.IN_PROGRESS if percent > 0 else Status.NOT_STARTED
    return percent, status


def assign_owner(
    store: Store,
    plan: Plan,
    number: int,
    *,
    lead: str | Sequence[str],
    supports: Sequence[str],
    contact: str,
    effective_on: dt.date | None,
    author: str,
    today: dt.date,
    leader: str = "",
    event_id: int | None = None,
) -> Recorded:
    """Append an assignment. The first one of a point counts from the plan's start (see README).

    `lead` may name several offices (双牵头): a list, or one text split at 、，,；; (`unit_names`);
    they are kept in order, and an office that leads is not also listed as supporting. A name
    that looks like a known office (`office_key`) is that office.
    """
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
        point_id = store.point_id(plan, number)
        first = not store.has_assignment(point_id, "owner_assignments")
        day = effective_on or (plan.start if first else today)
        before = store.point_states(plan, day, [number], with_targets=False)[0]
        summary = {
            "point": number,
            "lead": "、".join(leads),
            "leads": leads,
            "supports": support_names,
            "effective_on": day.isoformat(),
            "before": {"lead": before.lead, "supports": list(before.supports)} if before.lead else None,
        }
        event_id = store.append_owner(
            plan,
            point_id,
            lead=leads,
            supports=support_names,
            contact=contact,
            effective_on=day,
            author=author,
            detail=summary,
            leader=leader.strip(),
            event_id=event_id,
        )
    return Recorded(event_id, number, summary)


def set_deadline(
    store: Store,
    plan: Plan,
    number: int,
    *,
    due_on: dt.date,
    as_written: str,
    note: str,
    effective_on: dt.date | None,
    author: str,
    today: dt.date,
    event_id: int | None = None,
) -> Recorded:
    """Append a deadline. The first one counts from the plan's start; later ones from their day."""
    check_clock(plan, today)
    if effective_on is not None:
        check_report_date(plan, effective_on, today)
    with store.transaction():
        point_id = store.point_id(plan, number)
        first = not store.has_assignment(point_id, "deadline_changes")
        day = effective_on or (plan.start if first else today)
        before = store.point_states(plan, day, [number], with_targets=False)[0]
        summary = {
            "point": number,
            "due_on": due_on.isoformat(),
            "as_written": as_written,
            "effective_on": day.isoformat(),
            "before": None if before.deadline_is_default else before.deadline.isoformat(),
        }
        event_id = store.append_deadline(
            plan,
            point_id,
            due_on=due_on,
            as_written=as_written,
            note=note,
            effective_on=day,
            author=author,
            detail=summary,
            event_id=event_id,
        )
    return Recorded(event_id, number, summary)


def record_actual(
    store: Store,
    plan: Plan,
    ref: str,
    *,
    value: float | str,
    reported_on: dt.date,
    note: str,
    author: str,
    today: dt.date,
    force: bool = False,
) -> Recorded:
    """Append an actual: a number, or text as typed (`150门`, `86%`), read by `parse_actual`."""
    number, seq = parse_target_ref(ref)
    check_report_date(plan, reported_on, today)
    with store.transaction():
        target = store.target(plan, number, seq, reported_on)
        value = parse_actual(value, target) if isinstance(value, str) else value
        if value < 0:
            raise UsageError("actual_negative", value=f"{value:g}")
        if target.value > 0 and value > FAR_BEYOND * target.value and not force:
            raise UsageError("actual_far", value=f"{value:g}", ref=target.ref, target=f"{target.value:g}")
        summary = {
            "point": number,
            "target": target.ref,
            "value": value,
            "reported_on": reported_on.isoformat(),
            "before": target.actual,
        }
        event_id = store.append_actual(
            plan, target.id, value=value, reported_on=reported_on, note=note, author=author, detail=summary
        )
    return Recorded(event_id, number, summary)


def rename_unit(
    store: Store,
    plan: Plan,
    old: str,
    new: str,
    *,
    author: str,
    today: dt.date,
    effective_on: dt.date | None = None,
) -> Recorded:
    """Rename an office from `effective_on` (default today) on: views of earlier days keep the old
    name, so a regenerated past report reads as the one that was sent. The office is found by its
    current name or a former one; the new name may be a former name of the same office, not
    another office's."""
    old, new = unit_name(old), unit_name(new)
    if any(sep in new for sep in UNIT_SEPARATORS):
        raise UsageError("unit_separator", name=new, separators=" ".join(UNIT_SEPARATORS))
    day = effective_on or today
    check_report_date(plan, day, today)
    with store.transaction():
        known = store.unit_names()
        old = next((name for name in known if name == old), None) or next(
            (name for name in known if office_key(name) == office_key(old)), old
        )
        unit_id = store.unit_id(old)
        if unit_id is None:
            raise NotFound("owner_unknown", name=old, known="、".join(known) if known else "—")
        # A new name may look like the old one (a stray zero-width space taken out), not like another office.
        taken = next((name for name in known if name != old and office_key(name) == office_key(new)), None)
        if taken is not None or store.unit_id(new) not in (None, unit_id) or new == old:
            raise UsageError("unit_exists", name=taken or new)
        summary = {"unit_id": unit_id, "before": old, "after": new, "effective_on": day.isoformat()}
        event_id = store.rename_unit(unit_id, new, effective_on=day, plan=plan, author=author, detail=summary)
    return Recorded(event_id, 0, summary)


def last_change(store: Store, author: str) -> Event:
    """The change `undo` would revert: this author's newest change not reverted yet."""
    event = store.last_undoable_event(author, UNDOABLE)
    # The bundled plan, loaded when the database was made, is nobody's change to take back.
    if event is None or (event.kind == "plan_load" and event.author == BUNDLED_AUTHOR):
        raise NotFound("undo_nothing", author=author)
    return event


def undo(store: Store, event_id: int, *, author: str) -> Event:
    """Revert `event_id`, provided it is still the author's last change (it is checked inside the lock)."""
    with store.transaction():
        event = last_change(store, author)
        if event.id != event_id:
            raise UsageError("undo_moved", event=event_id)
        detail = {"reverted": event.id, "kind": event.kind}
        if event.kind == "unit_rename" and not store.has_dated_name(event.id):
            # A rename from before dated names changed the name in place: it goes back in place.
            if store.unit_id(str(event.detail["before"])) is not None:
                raise UsageError("unit_exists", name=event.detail["before"])  # the old name was taken since
            store.set_unit_name(int(str(event.detail["unit_id"])), str(event.detail["before"]))
        store.revert(event, author=author, detail=detail)
    return event
