"""One recorded change told as a sentence in the plan's words, for the undo prompt.

`撤销：第6项进度 15%（推进中，2021年6月30日，张三于2021年7月5日 10:00记录）`: no field
names, enum values or key=value pairs, whatever the kind of change. An event whose
kind this module does not know yet is still named in words (`一项导入更改`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cqvet.dates import format_date
from cqvet.labels import message
from cqvet.models import Status

if TYPE_CHECKING:
    from cqvet.ledger import Event, ProgressEntry


def local_moment(utc_iso: str, lang: str) -> str:
    """A stored UTC timestamp as the user's local day and minute: 2021年7月5日 10:00."""
    try:
        moment = dt.datetime.fromisoformat(utc_iso).astimezone()
    except ValueError:
        return utc_iso
    return f"{format_date(moment.date(), lang)} {moment:%H:%M}"


def describe_change(event: Event, update: ProgressEntry | None, lang: str) -> str:
    """`撤销：…`, the change `event` made, as the undo prompt shows it."""
    return message("undo.show", lang, what=_what(event, update, lang))


def _what(event: Event, update: ProgressEntry | None, lang: str) -> str:
    by = message("undo.by", lang, author=event.author, at=local_moment(event.recorded_at, lang))
    detail = event.detail
    if update is not None:
        return message(
            "undo.progress" if update.measure is None else "undo.measure_progress",
            lang,
            point=update.point_number,
            ref=f"{update.point_number}-{update.measure}",
            percent=update.percent,
            status=message(f"status.{Status(update.status)}", lang),
            date=format_date(update.reported_on, lang),
            by=by,
            note=message("undo.note", lang, note=update.note) if update.note else "",
        )
    sep = "、" if lang == "zh" else ", "
    if event.kind.startswith("measure_") or event.kind == "contribution":
        return _measure_change(event, lang, by)
    if event.kind == "owner":
        supports = [str(name) for name in _list(detail.get("supports"))]
        return message(
            "undo.owner",
            lang,
            point=detail.get("point", "?"),
            lead=detail.get("lead", ""),
            supports=message("undo.supports", lang, names=sep.join(supports)) if supports else "",
            date=_day(detail.get("effective_on"), lang),
            by=by,
        )
    if event.kind == "deadline":
        return message(
            "undo.deadline",
            lang,
            point=detail.get("point", "?"),
            due=_day(detail.get("due_on"), lang),
            written=detail.get("as_written", ""),
            by=by,
        )
    if event.kind == "target":
        from cqvet.render.records import number

        value = detail.get("value")
        return message(
            "undo.target",
            lang,
            target=detail.get("target", "?"),
            value=number(value) if isinstance(value, int | float) else value,
            date=_day(detail.get("reported_on"), lang),
            by=by,
        )
    if event.kind == "unit_rename":
        before, after = detail.get("before"), detail.get("after")
        return message("undo.unit_rename", lang, before=before, after=after, by=by)
    if event.kind == "import" and detail.get("table") in ("progress", "assignments"):
        points = sep.join(str(n) for n in _list(detail.get("points")))
        return message(f"undo.import_{detail['table']}", lang, points=points, by=by)
    return message("undo.other", lang, kind=message(f"kind.{event.kind}", lang), by=by)


def _measure_change(event: Event, lang: str, by: str) -> str:
    """A change of a measure (owners, deadline, weight) or a supporting office's report, from its
    event's detail (`cqvet.measures` writes it); a measure's progress is told from its row above."""
    detail = event.detail
    ref = f"{detail.get('point', '?')}-{detail.get('measure', '?')}"
    if event.kind == "measure_owner":
        supports = [str(name) for name in _list(detail.get("supports"))]
        names = ("、" if lang == "zh" else ", ").join(supports)
        return message(
            "undo.measure_owner",
            lang,
            ref=ref,
            lead=detail.get("lead", ""),
            supports=message("undo.supports", lang, names=names) if supports else "",
            date=_day(detail.get("effective_on"), lang),
            by=by,
        )
    if event.kind == "measure_deadline":
        due, written = _day(detail.get("due_on"), lang), detail.get("as_written", "")
        return message("undo.measure_deadline", lang, ref=ref, due=due, written=written, by=by)
    if event.kind == "measure_weight":
        from cqvet.render.records import number

        weight = detail.get("weight")
        return message(
            "undo.measure_weight",
            lang,
            ref=ref,
            weight=number(weight) if isinstance(weight, int | float) else weight,
            date=_day(detail.get("effective_on"), lang),
            by=by,
        )
    if event.kind == "contribution":
        own = detail.get("percent")
        return message(
            "undo.contribution",
            lang,
            office=detail.get("office", ""),
            point=detail.get("point", "?"),
            percent=message("done.contribution_percent", lang, percent=own) if own is not None else "",
            date=_day(detail.get("reported_on"), lang),
            by=by,
        )
    return message("undo.other", lang, kind=message(f"kind.{event.kind}", lang), by=by)


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _day(value: object, lang: str) -> str:
    """An ISO day from an event's detail, as the user writes it."""
    try:
        return format_date(dt.date.fromisoformat(str(value)), lang)
    except ValueError:
        return str(value or "")
