"""The deadline calendar as an iCalendar file (RFC 5545), for Outlook, WPS, Apple and phone calendars.

This module owns the file's shape: one all-day VEVENT per point (DTSTART the
due day, DTEND the next day, as RFC 5545 wants for a one-day event), marked
free (TRANSP:TRANSPARENT) so a deadline never blocks a diary, with one
reminder a week before while the point is still open. What goes in it comes
from `cqvet.deadline_calendar`, the words from `cqvet.labels`.

The `icalendar` library writes the text, so escaping (`\\n`, `\\;`, `\\,`,
`\\\\`) and line folding are its and not ours; unit names and notes are only
stripped of control characters, which iCalendar text may not hold.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cqvet.dates import format_date
from cqvet.deadline_calendar import DeadlineCalendar, DeadlineEvent
from cqvet.labels import message
from cqvet.render.text import strip_controls

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//cqvet//cqvet//ZH"
REMIND_BEFORE = dt.timedelta(days=7)


def render_ics(calendar: DeadlineCalendar, lang: str, stamp: dt.datetime) -> bytes:
    """The calendar as .ics bytes (UTF-8, CRLF lines); `stamp` is the export time, in UTC."""
    from icalendar import Calendar, vText

    ics = Calendar()
    ics.add("prodid", PRODID)
    ics.add("version", "2.0")
    ics.add("calscale", "GREGORIAN")
    ics.add("method", "PUBLISH")
    ics.add("x-wr-calname", vText(strip_controls(message("ics.calname", lang, plan=calendar.plan_title))))
    for event in calendar.events:
        ics.add_component(_event(event, lang, stamp.astimezone(dt.UTC)))
    return bytes(ics.to_ical())


def _event(event: DeadlineEvent, lang: str, stamp: dt.datetime) -> Event:
    from icalendar import Alarm, Event

    title = strip_controls(event.title)
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", event.due)
    vevent.add("dtend", event.due + dt.timedelta(days=1))
    vevent.add("summary", message("ics.summary", lang, number=event.number, title=title))
    vevent.add("description", description(event, lang))
    vevent.add("categories", categories(event, lang))
    vevent.add("transp", "TRANSPARENT")
    if event.is_open:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -REMIND_BEFORE)
        alarm.add("description", message("ics.alarm", lang, number=event.number, title=title))
        vevent.add_component(alarm)
    return vevent


def description(event: DeadlineEvent, lang: str) -> str:
    """The event's text: owners, deadline as written, postponement, latest progress; one fact a line."""
    lines = [
        message("ics.lead", lang, lead=event.lead) if event.lead else message("ics.lead_none", lang),
    ]
    if event.supports:
        lines.append(
            message("ics.supports", lang, units=("、" if lang == "zh" else ", ").join(event.supports))
        )
    due = format_date(event.due, lang)
    if event.is_default:
        lines.append(message("ics.deadline_default", lang, date=due))
    else:
        lines.append(message("ics.deadline", lang, written=event.written, date=due))
    if event.postponed_from is not None:
        reason = (
            message("ics.postponed_reason", lang, note=event.postpone_note) if event.postpone_note else ""
        )
        lines.append(
            message("ics.postponed", lang, original=format_date(event.postponed_from, lang), reason=reason)
        )
    if event.reported_on is None:
        lines.append(message("ics.progress_none", lang))
    else:
        lines.append(
            message(
                "ics.progress",
                lang,
                percent=event.percent,
                status=message(f"status.{event.status}", lang),
                date=format_date(event.reported_on, lang),
            )
        )
    return strip_controls("\n".join(lines))


def categories(event: DeadlineEvent, lang: str) -> list[str]:
    """Deadline, the section and the lead unit, so a calendar app can filter by office."""
    found = [message("ics.category", lang), event.section_title, event.lead or ""]
    return [strip_controls(c) for c in dict.fromkeys(found) if c.strip()]
