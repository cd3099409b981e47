"""The deadline calendar as an iCalendar file (RFC 5545), for Outlook, WPS, Apple and phone calendars.

This module owns the file's shape: one all-day VEVENT per point (DTSTART the
due day, DTEND the next day, as RFC 5545 wants for a one-day event), marked
free (TRANSP:TRANSPARENT) so a deadline never blocks a diary, with one
reminder a week before while the point is still open. What goes in it comes
from `cqvet.deadline_calendar`, the words from `cqvet.labels`.

The lines are written here, not by the `icalendar` library: it spent about
1 ms an event building property objects (`calendar` at 5,000 points took 4.9 s
of CPU; written here, about 0.1 s). What that takes is small and is RFC 5545's:
TEXT values escape `\\`, `;`, `,` and line breaks (`ical_text`); a line longer
than 75 octets folds into continuation lines that begin with a space, never
inside a UTF-8 character or between a backslash and what it escapes (`fold`).
The properties come in the order icalendar wrote them, so a file is the same as
before; `tests/test_calendar.py` reads every file back with icalendar and
compares a file with what icalendar writes from the same events. Unit names and
notes are also stripped of control characters, which iCalendar text may not
hold.
"""

from __future__ import annotations

import datetime as dt

from cqvet.dates import format_date
from cqvet.deadline_calendar import DeadlineCalendar, DeadlineEvent
from cqvet.labels import message
from cqvet.render.text import strip_controls

PRODID = "-//cqvet//cqvet//ZH"
REMIND_BEFORE = dt.timedelta(days=7)
FOLD_AT = 75  # octets a line may hold, the line break not counted (RFC 5545 3.1)


def render_ics(calendar: DeadlineCalendar, lang: str, stamp: dt.datetime) -> bytes:
    """The calendar as .ics bytes (UTF-8, CRLF lines); `stamp` is the export time, in UTC."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ical_text(PRODID)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_text(strip_controls(message('ics.calname', lang, plan=calendar.plan_title)))}",
    ]
    stamped = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for event in calendar.events:
        lines.extend(_event(event, lang, stamped))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def _event(event: DeadlineEvent, lang: str, stamp: str) -> list[str]:
    """One VEVENT's lines, in the order icalendar wrote them (its canonical order, then by name)."""
    title = strip_controls(event.title)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{ical_text(message('ics.summary', lang, number=event.number, title=title))}",
        f"DTSTART;VALUE=DATE:{event.due:%Y%m%d}",
        f"DTEND;VALUE=DATE:{event.due + dt.timedelta(days=1):%Y%m%d}",
        f"DTSTAMP:{stamp}",
        f"UID:{ical_text(event.uid)}",
        f"SEQUENCE:{event.sequence}",
        "CATEGORIES:" + ",".join(ical_text(c) for c in categories(event, lang)),
        f"DESCRIPTION:{ical_text(description(event, lang))}",
        "TRANSP:TRANSPARENT",
    ]
    if event.is_open:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{ical_text(message('ics.alarm', lang, number=event.number, title=title))}",
            f"TRIGGER:-P{REMIND_BEFORE.days}D",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def ical_text(text: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 wants: backslash, semicolon, comma and line breaks."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets (continuations begin with a space).

    A fold never splits a UTF-8 character, nor a backslash from the character it
    escapes: a backslash that would end a line starts the next one, as icalendar does.
    """
    if len(line.encode("utf-8")) < FOLD_AT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = 1 if char < "\x80" else len(char.encode("utf-8"))
        if current and size + octets >= FOLD_AT:
            carried = current.pop() if len(current) > 1 and current[-1] in "\\^" else ""
            pieces.append("".join(current))
            current = [carried] if carried else []
            size = len(carried)
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


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
