"""The rules for recording work: progress, owners, deadlines, target actuals, undo.

The small parsers of what people type (status words, percents, point and
target numbers, unit names, the author) live here too, beside the rules
that use them.

Each function is one user action: it checks its input, then reads what it
needs and appends inside one `store.transaction()`, so a rule that depends
on the previous update (a lower percent needs `correct=True`) cannot be
raced by another writer. Nothing here prints or knows about the terminal.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from cqvet.errors import NotFound, UsageError
from cqvet.models import STATUS_ALIASES, Plan, Status
from cqvet.store import Store

if TYPE_CHECKING:
    from cqvet.ledger import Event

UNDOABLE = ("progress", "owner", "deadline", "target", "unit_rename", "import")


def default_author() -> str:
    """Who is recording: `CQVET_USER`, else the operating system's user name."""
    import getpass

    try:
        return os.environ.get("CQVET_USER") or getpass.getuser()
    except (KeyError, OSError):  # no user name on some service accounts
        return "unknown"


def parse_status(text: str) -> Status:
    status = STATUS_ALIASES.get(text.strip().lower()) or STATUS_ALIASES.get(text.strip())
    if status is None:
        raise UsageError("status_unknown", text=text)
    return status


def parse_percent(text: str) -> int:
    """A percent from 0 to 100; `60`, `60%` and `60.0` are accepted, fractions are not rounded away."""
    cleaned = text.strip().rstrip("%％").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise UsageError("percent_invalid", text=text) from None
    if not value.is_integer() or not 0 <= value <= 100:
        raise UsageError("percent_invalid", text=text)
    return int(value)


# Plans number their points 1 to 999 (see plan_doc); a larger number is no point and
# would overflow SQLite's integers.
MAX_NUMBER = 9999


def parse_point(text: str) -> int:
    cleaned = text.strip().lstrip("#第").rstrip("项").strip()
    # isdecimal, not isdigit: int() refuses "²", which isdigit() accepts
    if not cleaned.isdecimal() or len(cleaned) > len(str(MAX_NUMBER)):
        raise NotFound("point_not_number", text=text)
    return int(cleaned)


def parse_target_ref(text: str) -> tuple[int, int]:
    """`11.3` → point 11, target 3."""
    number, dot, seq = text.strip().partition(".")
    digits = len(str(MAX_NUMBER))
    if not dot or not (number.isdecimal() and seq.isdecimal()) or max(len(number), len(seq)) > digits:
        raise UsageError("target_ref_invalid", text=text)
    return int(number), int(seq)


def unit_name(text: str) -> str:
    """An office name as typed, refused when empty (whitespace around it is not part of the name).

    A NUL is refused too: SQLite's text functions stop at it, so the name would
    look empty to the database. Anything else is stored as typed and shown inert.
    """
    name = text.strip()
    if not name:
        raise UsageError("unit_empty")
    if "\x00" in name:
        raise UsageError("unit_control", text=name.replace("\x00", "\\x00"))
    return name


def check_report_date(plan: Plan, day: dt.date, today: dt.date) -> None:
    """A reported day may not lie in the future nor before the plan's year."""
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
    lead: str,
    supports: Sequence[str],
    contact: str,
    effective_on: dt.date | None,
    author: str,
    today: dt.date,
    leader: str = "",
    event_id: int | None = None,
) -> Recorded:
    """Append an assignment. The first one of a point counts from the plan's start (see README)."""
    lead = unit_name(lead)
    support_names = list(dict.fromkeys(unit_name(s) for s in supports if unit_name(s) != lead))
    if effective_on is not None:
        check_report_date(plan, effective_on, today)
    with store.transaction():
        point_id = store.point_id(plan, number)
        first = not store.has_assignment(point_id, "owner_assignments")
        day = effective_on or (plan.start if first else today)
        before = store.point_states(plan, day, [number], with_targets=False)[0]
        summary = {
            "point": number,
            "lead": lead,
            "supports": support_names,
            "effective_on": day.isoformat(),
            "before": {"lead": before.lead, "supports": list(before.supports)} if before.lead else None,
        }
        event_id = store.append_owner(
            plan,
            point_id,
            lead=lead,
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
    value: float,
    reported_on: dt.date,
    note: str,
    author: str,
    today: dt.date,
) -> Recorded:
    number, seq = parse_target_ref(ref)
    check_report_date(plan, reported_on, today)
    if value < 0:
        raise UsageError("actual_negative", value=value)
    with store.transaction():
        target = store.target(plan, number, seq, reported_on)
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


def rename_unit(store: Store, plan: Plan, old: str, new: str, *, author: str) -> Recorded:
    old, new = unit_name(old), unit_name(new)
    with store.transaction():
        unit_id = store.unit_id(old)
        if unit_id is None:
            raise NotFound("unit_unknown", name=old)
        if store.unit_id(new) is not None:
            raise UsageError("unit_exists", name=new)
        summary = {"unit_id": unit_id, "before": old, "after": new}
        event_id = store.rename_unit(unit_id, new, plan=plan, author=author, detail=summary)
    return Recorded(event_id, 0, summary)


def last_change(store: Store, author: str) -> Event:
    """The change `undo` would revert: this author's newest change not reverted yet."""
    event = store.last_undoable_event(author, UNDOABLE)
    if event is None:
        raise NotFound("undo_nothing", author=author)
    return event


def undo(store: Store, event_id: int, *, author: str) -> Event:
    """Revert `event_id`, provided it is still the author's last change (it is checked inside the lock)."""
    with store.transaction():
        event = last_change(store, author)
        if event.id != event_id:
            raise UsageError("undo_moved", event=event_id)
        detail = {"reverted": event.id, "kind": event.kind}
        if event.kind == "unit_rename":
            # The only non-ledger change: the unit's name goes back; the undo event records it.
            if store.unit_id(str(event.detail["before"])) is not None:
                raise UsageError("unit_exists", name=event.detail["before"])  # the old name was taken since
            store.set_unit_name(int(str(event.detail["unit_id"])), str(event.detail["before"]))
        store.revert(event, author=author, detail=detail)
    return event
