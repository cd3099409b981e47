"""Models as plain dicts under stable, documented keys (the JSON and CSV contract).

The keys are part of cqvet's interface for scripts and spreadsheets: add
keys, never rename or remove them. Dates are ISO strings; statuses are enum
values, with a `*_label` twin in the user's language.

A measure (举措) is named one way per kind of output: JSON, read by scripts, names it
as the command line does (`7-2`); CSV, which people open in Excel (it reads `7-2` as a
date), names it as a 任务分解表 does (`7（2）`). Each builder below that names a measure
takes `sheet` (true for CSV) so that every command follows that one rule.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from cqvet.labels import message
from cqvet.models import PointState, Target

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cqvet.ledger import (
        Contribution,
        DeadlineChange,
        OwnerAssignment,
        PointDetail,
        ProgressEntry,
        UnitDuty,
    )
    from cqvet.models import MeasureState, Status
    from cqvet.report import PointLine

# The keys every point record starts with, in `list` and in the report alike.
POINT_BASE_KEYS = (
    "number",
    "section",
    "section_title",
    "title",
    "lead",
    "supports",
    "deadline",
    "deadline_as_written",
    "deadline_is_default",
    "deadline_postponed",
    "percent",
)
LIST_KEYS = (
    *POINT_BASE_KEYS,
    "status",
    "status_label",
    "reported_on",
    "overdue",
    "leader",
    "leads",
    "colour",
    "colour_label",
)
LIST_REVIEW_KEYS = (
    "review",
)  # after LIST_KEYS in a plan that requires 办结 review: pending, confirmed or null


PROGRESS_KEYS = (
    "id",
    "event",
    "point",
    "reported_on",
    "percent",
    "status",
    "status_label",
    "note",
    "correction",
    "author",
    "recorded_at",
    "recorded_at_local",
    "reverted",
    "superseded",
    "measure",  # a measure's update (举措): `7-2`, in CSV `7（2）`; null for the point's own
)
# A measure (举措) in `show N --format json` (`measure_states`), `show 7-2`, `list --measures`.
MEASURE_KEYS = (
    "ref",
    "sheet_ref",
    "point",
    "seq",
    "text",
    "lead",
    "leads",
    "supports",
    "deadline",
    "deadline_as_written",
    "deadline_is_default",
    "percent",
    "status",
    "status_label",
    "reported_on",
    "note",
    "weight",
    "tracked",
    "overdue",
    "health",
    "health_label",
)
# `list --measures --format csv` and `due`: a row a point, then a row a measure (its `measure` key
# set; `title` its text); `list`'s own keys keep their place.
LIST_MEASURE_KEYS = ("measure",)
CONTRIBUTION_KEYS = (
    "event",
    "point",
    "office",
    "reported_on",
    "percent",
    "note",
    "author",
    "recorded_at",
    "recorded_at_local",
    "reverted",
)
TARGET_KEYS = (
    "ref",
    "point",
    "seq",
    "value",
    "unit",
    "kind",
    "qualifier",
    "text",
    "actual",
    "actual_on",
    "attainment",
)


def number(value: float) -> str:
    """150.0 → `150`, 92.5 → `92.5`: counts are written without a decimal point."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def target_value(target: Target) -> str:
    """`150门左右`: the value as the plan writes it (qualifiers that describe the value, not the verb)."""
    qualifier = target.qualifier if target.qualifier in ("左右", "以上", "以内", "以下", "余") else ""
    return f"{number(target.value)}{target.unit}{qualifier}"


def with_leader(lead: str, leader: str, lang: str) -> str:
    """`职成教处（分管领导：张主任）`: a lead as reports and `due` show it, with its 分管领导 if any."""
    return lead + message("word.leader_in_charge", lang, leader=leader) if leader else lead


def _local(utc_iso: str) -> str:
    """A UTC timestamp as local ISO 8601 with its offset: the `*_local` twin of a UTC key."""
    from cqvet.clock import local_iso

    return local_iso(utc_iso)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def point_base(point: PointState | PointLine) -> dict[str, Any]:
    """The POINT_BASE_KEYS of a point, in that order: of a `list` row or of a report's line."""
    return {
        "number": point.number,
        "section": point.section_seq,
        "section_title": point.section_title,
        "title": point.title,
        "lead": point.lead,
        "supports": list(point.supports),
        "deadline": point.deadline.isoformat(),
        "deadline_as_written": point.deadline_written,
        "deadline_is_default": point.deadline_is_default,
        "deadline_postponed": point.deadline_postponed,
        "percent": point.percent,
    }


def point_record(
    state: PointState, on: dt.date, lang: str, start: dt.date, *, day_over: bool, review: str | None = None
) -> dict[str, Any]:
    """One row of `cqvet list`: the keys in LIST_KEYS, in that order (`start` is the plan's, for the
    督办 colour). `review`: a done point's standing in a plan that requires review (`pending` or
    `confirmed`, `cqvet.review`), which its `status_label` says (待审核, 已办结) as the report does;
    `status` stays `done`."""
    from cqvet.schedule import colour

    tint = colour(state, start, on, day_over=day_over)
    return {
        **point_base(state),
        "status": str(state.status),
        "status_label": status_label(state.status, lang, review),
        "reported_on": _iso(state.reported_on),
        "overdue": state.is_overdue(on, day_over=day_over),
        "leader": state.leader,
        "leads": list(state.leads),
        "colour": str(tint),
        "colour_label": message(f"colour.{tint}", lang),
    }


def status_label(status: Status, lang: str, review: str | None = None) -> str:
    """A status as a reader sees it: in a plan that requires review, a done point's standing
    (待审核 until confirmed, then 已办结) in place of 已完成."""
    return message(f"review.{review}", lang) if review else message(f"status.{status}", lang)


def review_columns(marks: Mapping[int, str] | None, number: int) -> dict[str, Any]:
    """LIST_REVIEW_KEYS of one point: nothing in a plan without review (`marks` None)."""
    return {} if marks is None else {"review": marks.get(number)}


def target_record(target: Target) -> dict[str, Any]:
    return {
        "ref": target.ref,
        "point": target.point_number,
        "seq": target.seq,
        "value": target.value,
        "unit": target.unit,
        "kind": str(target.kind),
        "qualifier": target.qualifier,
        "text": target.text,
        "actual": target.actual,
        "actual_on": _iso(target.actual_on),
        "attainment": _attainment(target),
    }


def _attainment(target: Target) -> float | None:
    """Actual / target as a ratio to four places, rounded half up as every figure is."""
    from cqvet.figures import decimal_fraction, round_half_up

    if target.actual is None or not target.value:
        return None
    return round_half_up(decimal_fraction(target.actual) / decimal_fraction(target.value), 4)


def progress_record(entry: ProgressEntry, lang: str, *, sheet: bool = False) -> dict[str, Any]:
    """One progress update; `measure` names a measure's as `7-2`, or with `sheet` (CSV) as `7（2）`."""
    return {
        "id": entry.id,
        "event": entry.event_id,
        "point": entry.point_number,
        "reported_on": entry.reported_on.isoformat(),
        "percent": entry.percent,
        "status": str(entry.status),
        "status_label": message(f"status.{entry.status}", lang),
        "note": entry.note,
        "correction": entry.is_correction,
        "author": entry.author,
        "recorded_at": entry.recorded_at,
        "recorded_at_local": _local(entry.recorded_at),
        "reverted": entry.reverted,
        "superseded": entry.superseded,
        "measure": None
        if entry.measure is None
        else f"{entry.point_number}（{entry.measure}）"
        if sheet
        else f"{entry.point_number}-{entry.measure}",
    }


def measure_record(
    measure: MeasureState, on: dt.date, lang: str, start: dt.date, *, day_over: bool
) -> dict[str, Any]:
    """One measure under MEASURE_KEYS: its figures as of `on` and its health by the points' rule."""
    from cqvet.schedule import standing

    health = standing(measure.status, measure.percent, measure.deadline, start, on, day_over=day_over)
    return {
        "ref": measure.ref,
        "sheet_ref": measure.sheet_ref,
        "point": measure.point_number,
        "seq": measure.seq,
        "text": measure.text,
        "lead": measure.lead,
        "leads": list(measure.leads),
        "supports": list(measure.supports),
        "deadline": measure.deadline.isoformat(),
        "deadline_as_written": measure.deadline_written,
        "deadline_is_default": measure.deadline_is_default,
        "percent": measure.percent,
        "status": str(measure.status),
        "status_label": message(f"status.{measure.status}", lang),
        "reported_on": _iso(measure.reported_on),
        "note": measure.note,
        "weight": measure.weight,
        "tracked": measure.tracked,
        "overdue": measure.is_overdue(on, day_over=day_over),
        "health": str(health),
        "health_label": message(f"health.{health}", lang),
    }


def measure_list_row(point: dict[str, Any], measure: dict[str, Any], *, sheet: bool) -> dict[str, Any]:
    """A measure as a row of `list --measures --format csv` and of `due`, under `list`'s keys
    (LIST_KEYS and LIST_MEASURE_KEYS): its point's section, its own text, owners, deadline and
    figures; `measure` is its ref, `7（2）` with `sheet` (CSV), else `7-2`."""
    return {
        **{key: point.get(key) for key in ("number", "section", "section_title")},
        "title": measure["text"],
        **{key: measure[key] for key in ("lead", "leads", "supports", "deadline", "deadline_as_written")},
        "deadline_is_default": measure["deadline_is_default"],
        "deadline_postponed": None,
        **{key: measure[key] for key in ("percent", "status", "status_label", "reported_on", "overdue")},
        "leader": None,
        "colour": None,
        "colour_label": None,
        "measure": measure["sheet_ref"] if sheet else measure["ref"],
    }


def contribution_record(entry: Contribution) -> dict[str, Any]:
    return {
        "event": entry.event_id,
        "point": entry.point_number,
        "office": entry.office,
        "reported_on": entry.reported_on.isoformat(),
        "percent": entry.percent,
        "note": entry.note,
        "author": entry.author,
        "recorded_at": entry.recorded_at,
        "recorded_at_local": _local(entry.recorded_at),
        "reverted": entry.reverted,
    }


def owner_record(entry: OwnerAssignment) -> dict[str, Any]:
    return {
        "event": entry.event_id,
        "point": entry.point_number,
        "lead": entry.lead,
        "supports": list(entry.supports),
        "leads": list(entry.leads),
        "contact": entry.contact,
        "leader": entry.leader,
        "effective_on": entry.effective_on.isoformat(),
        "author": entry.author,
        "recorded_at": entry.recorded_at,
        "recorded_at_local": _local(entry.recorded_at),
        "reverted": entry.reverted,
    }


def deadline_record(entry: DeadlineChange) -> dict[str, Any]:
    return {
        "event": entry.event_id,
        "point": entry.point_number,
        "due_on": entry.due_on.isoformat(),
        "as_written": entry.as_written,
        "note": entry.note,
        "effective_on": entry.effective_on.isoformat(),
        "author": entry.author,
        "recorded_at": entry.recorded_at,
        "recorded_at_local": _local(entry.recorded_at),
        "reverted": entry.reverted,
    }


def detail_record(
    detail: PointDetail, on: dt.date, lang: str, start: dt.date, *, day_over: bool, review: str | None = None
) -> dict[str, Any]:
    """`cqvet show N --format json`: the list row plus text, measures, targets and full history
    (`review`: as `point_record`)."""
    return {
        **point_record(detail.state, on, lang, start, day_over=day_over, review=review),
        "text": detail.body,
        "measures": list(detail.measures),
        "targets": [target_record(t) for t in detail.state.targets],
        "contact": detail.contact,
        "progress_history": [progress_record(e, lang) for e in detail.progress],
        "progress_history_truncated": detail.progress_truncated,
        "owner_history": [owner_record(e) for e in detail.owners],
        "deadline_history": [deadline_record(e) for e in detail.deadlines],
        **supervision_record(detail, lang, review),
        "measure_states": [
            measure_record(m, on, lang, start, day_over=day_over) for m in detail.measure_states
        ],
        "rolled_up": any(m.tracked for m in detail.measure_states),
        "contributions": [contribution_record(c) for c in detail.contributions],
    }


def supervision_record(detail: PointDetail, lang: str, review: str | None = None) -> dict[str, Any]:
    """`notices`, `review` (as `point_record`'s: null in a plan without review), `returns` and
    `attachments` of `show N --format json` (README keys)."""
    from cqvet.render.supervision import issued_rows, reason_of
    from cqvet.store_supervision import PointSupervision

    known = detail.supervision or PointSupervision()
    times = issued_rows([r.notice for r in known.notices])
    return {
        "notices": [
            {
                "as_of": r.notice.as_of.isoformat(),
                "office": r.office,
                "colour": r.notice.colour,
                "times": n,
                "reason": reason_of(r, lang),
                "percent": r.notice.percent,
                "expected": r.notice.expected,
                "reply_by": r.notice.reply_by.isoformat(),
                "event": r.notice.event_id,
            }
            for r, (_, n) in zip(known.notices, times, strict=True)
        ],
        "review": review,
        "returns": [
            {"reason": d.reason, "decided_on": d.decided_on.isoformat(), "event": d.event_id}
            for d in known.decisions
            if d.decision == "return"
        ],
        "attachments": [
            {
                "id": a.id,
                "name": a.name,
                "size": a.size,
                "media_type": a.media_type,
                "sha256": a.sha256,
                "event": a.event_id,
                "reported_on": a.reported_on.isoformat() if a.reported_on else None,
            }
            for a in known.attachments
        ],
    }


def duty_record(duty: UnitDuty) -> dict[str, Any]:
    return {"unit": duty.name, "leads": list(duty.leads), "supports": list(duty.supports)}
