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
from cqvet.models import STATUS_ALIASES, Plan, Status, Target, TargetKind
from cqvet.store import Store

if TYPE_CHECKING:
    from cqvet.ledger import Event

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
)


def default_author() -> str:
    """Who is recording: `CQVET_USER`, else the operating system's user name.

    A `CQVET_USER` whose bytes are not text in the system's encoding is refused
    (Python keeps them as surrogates, which the ledger cannot store).
    """
    import getpass

    try:
        author = os.environ.get("CQVET_USER") or getpass.getuser()
    except (KeyError, OSError):  # no user name on some service accounts
        return "unknown"
    if not is_text(author):
        raise UsageError("user_not_text", text=shown_bytes(author))
    return author


def is_text(value: str) -> bool:
    """Whether `value` is text, not bytes Python could not decode (kept as lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_bytes(value: str) -> str:
    """`value` with its undecodable bytes written as `\\xb2`, for a message that names it."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


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


# As far as a plan document numbers its points (plan_doc.MAX_POINT_NUMBER); a larger
# number is no point and would overflow SQLite's integers.
MAX_NUMBER = 99_999


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
    look empty to the database. Anything else is stored as typed and shown inert;
    a name with nothing visible in it (only zero-width spaces) counts as empty.
    """
    name = text.strip()
    if not name or not office_key(name):
        raise UsageError("unit_empty")
    if "\x00" in name:
        raise UsageError("unit_control", text=name.replace("\x00", "\\x00"))
    if not is_text(name):
        raise UsageError("not_text", text=shown_bytes(name))
    return name


_ACTUAL = r"^([+-]?[0-9]+(?:\.[0-9]+)?)\s*(.*?)$"  # compiled by `re` on first use
FAR_BEYOND = 10  # an actual above ten times its target is taken for a typo unless forced


def parse_actual(text: str, target: Target) -> float:
    """An actual as typed for `target`: `132`, `150门`, `1.8倍`, `86%`, `８６％`, `1,500`.

    A unit, when given, must be the target's. On a percentage target a bare
    number above 0 and at most 1 (`0.88`) is refused with the percent it
    probably means (`88%`): a share typed as a fraction would be stored as
    0.88 %. `0.88%` says so explicitly and is taken as written.
    """
    import re
    import unicodedata
    from decimal import Decimal

    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = re.sub(r"(?<=[0-9]),(?=[0-9]{3})", "", cleaned)
    unit = unicodedata.normalize("NFKC", target.unit)
    example = f"{target.value:g}{unit}、{target.value:g}"
    match = re.match(_ACTUAL, cleaned)
    if not match:
        raise UsageError("actual_invalid", text=text, example=example)
    value = float(match[1])
    given = match[2].strip()
    if given and given != unit:
        raise UsageError(
            "actual_unit", ref=target.ref, expected=target.unit, text=text, unit=given, example=example
        )
    if not given and target.kind is TargetKind.PERCENT and 0 < value <= 1:
        hint = f"{(Decimal(match[1]) * 100).normalize():f}%"
        raise UsageError(
            "actual_fraction", ref=target.ref, target=f"{target.value:g}{unit}", text=match[1], hint=hint
        )
    return value


UNIT_SEPARATORS = "、，,；;"  # between offices in one `--lead` or `--support` (高教处、职成教处)


def unit_names(texts: str | Sequence[str]) -> list[str]:
    """Office names as typed, each text split at 、，,；; (so a name cannot hold those), in order,
    repeats dropped; an empty name is refused."""
    import re

    names = [
        unit_name(part)
        for text in ([texts] if isinstance(texts, str) else texts)
        for part in (re.split(f"[{UNIT_SEPARATORS}]", text) if text.strip() else [text])
        if part.strip() or not text.strip()
    ]
    if not names and (texts if isinstance(texts, str) else any(texts)):
        raise UsageError("unit_empty")  # only separators, such as `、`
    return list(dict.fromkeys(names))


def office_key(name: str) -> str:
    """What two names of the same office share, so that a look-alike is not a second office.

    Decided: NFKC (full-width letters, digits and brackets read as their ordinary
    forms, compatibility ideographs as the unified ones), without whitespace of
    any kind, control and format characters (zero-width spaces and joiners, the
    byte-order mark, bidi marks, soft hyphens), and case-folded. `职成教处`,
    `职成教处\u200b`, `职成 教处` and `职成教处` typed in full-width are one office.
    The key only compares: a name is stored as first typed (see `same_office`).
    """
    import unicodedata

    key = name
    for _ in range(4):  # to a fixed point: taking a character out can let NFKC join its neighbours
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", key).casefold())
        visible = "".join(
            c for c in folded if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")
        )
        if visible == key:
            break
        key = visible
    return key


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


def check_report_date(plan: Plan, day: dt.date, today: dt.date) -> None:
    """A reported day may not lie in the future nor before the plan's year, nor be recorded under a
    clock far past the plan (`check_clock`)."""
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
