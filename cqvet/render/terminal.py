"""Rich renderings for the terminal.

CJK characters are two cells wide and Rich measures them so; Rich wraps only
at spaces, so every column that can hold Chinese text uses
`overflow="fold"`, which breaks long titles instead of cutting them. With
`ascii=True` borders are drawn with `+ - |`, for terminals (some Windows code
pages, some fonts) that draw box-drawing characters double-width.

User text becomes `Text` through `safe()`: never parsed as markup, with
control characters (ESC, C1 and bidi overrides) removed, so a note cannot
restyle or move the terminal.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from cqvet.dates import format_date
from cqvet.labels import message, section_heading
from cqvet.models import Colour, Health, Plan, PointState, Status, Target
from cqvet.render.records import number, target_value, with_leader
from cqvet.render.text import strip_controls
from cqvet.schedule import colour

if TYPE_CHECKING:
    from cqvet.ledger import PointDetail, ProgressEntry, UnitDuty

STATUS_STYLE = {
    Status.NOT_STARTED: "dim",
    Status.IN_PROGRESS: "cyan",
    Status.DONE: "green",
    Status.BLOCKED: "bold red",
}
HEALTH_STYLE = {
    Health.DONE: "green",
    Health.AHEAD: "bright_green",
    Health.ON_TRACK: "cyan",
    Health.BEHIND: "yellow",
    Health.OVERDUE: "bold red",
    Health.NOT_STARTED: "dim",
    Health.BLOCKED: "red",
}


def console(file: IO[str] | None = None) -> Console:
    """A console that never interprets text as markup or emoji codes."""
    return Console(file=file or sys.stdout, markup=False, emoji=False, highlight=False)


def safe(text: object, style: str = "") -> Text:
    """User text as inert terminal data."""
    return Text(strip_controls("" if text is None else str(text)).replace("\t", " "), style=style)


def table_frame(ascii: bool, title: str | None = None) -> Table:
    return Table(
        title=safe(title) if title else None,
        box=box.ASCII2 if ascii else box.SQUARE,
        show_lines=False,
        header_style="bold",
        safe_box=ascii,
    )


def status_text(status: Status, lang: str) -> Text:
    return Text(message(f"status.{status}", lang), style=STATUS_STYLE[status])


def deadline_text(state: PointState, lang: str, on: dt.date) -> Text:
    text = Text(format_date(state.deadline, lang))
    if state.deadline_is_default:
        text.append(message("word.default_deadline", lang), style="dim")
    if state.deadline_postponed:
        text.append(" " + message("word.postponed", lang), style="yellow")
    if state.is_overdue(on):
        text.append(" " + message("word.overdue", lang), style="bold red")
    return text


def points_table(
    plan: Plan, states: Sequence[PointState], lang: str, on: dt.date, ascii: bool = False
) -> Table:
    """`cqvet list`: one row a point, under its section's heading as the plan writes it (一、…).

    A heading row rather than a section column: as in the document, each
    section is named once, and the table keeps one line a point at 120
    columns where a column would fold every row. (Rich lays out every cell
    at every start: the column cost `cqvet list` about 7 % of its time.)
    """
    title = message("word.points_title", lang, title=plan.title, date=format_date(on, lang))
    table = table_frame(ascii, title)
    # The short columns' widths follow from the vocabulary; given them, Rich need not
    # measure each of their cells at every start (about 2 % of `cqvet list`).
    number_head, percent_head, status_head = (
        message(f"col.{k}", lang) for k in ("number", "percent", "status")
    )
    numbers = [str(s.number) for s in states]
    statuses = [message(f"status.{s}", lang) for s in Status]
    table.add_column(number_head, justify="right", no_wrap=True, width=_widest(number_head, *numbers))
    table.add_column(message("col.title", lang), overflow="fold", ratio=4)
    table.add_column(message("col.lead", lang), overflow="fold", ratio=2)
    table.add_column(message("col.deadline", lang), overflow="fold", ratio=2)
    table.add_column(percent_head, justify="right", no_wrap=True, width=_widest(percent_head, "100%"))
    table.add_column(status_head, no_wrap=True, width=_widest(status_head, *statuses))
    colour_head = message("col.colour", lang)
    table.add_column(
        colour_head, no_wrap=True, width=_widest(colour_head, *(message(f"colour.{c}", lang) for c in Colour))
    )
    for index, state in enumerate(states):
        following = states[index + 1] if index + 1 < len(states) else None
        starts_section = index == 0 or states[index - 1].section_seq != state.section_seq
        if starts_section and state.section_seq is not None:
            table.add_row("", safe(section_heading(state.section_seq, state.section_title, lang), "bold"))
        table.add_row(
            str(state.number),
            safe(state.title),
            safe(state.lead) if state.lead else Text(none_mark(ascii), style="dim"),
            deadline_text(state, lang, on),
            f"{state.percent}%",
            status_text(state.status, lang),
            colour_text(colour(state, plan.start, on), lang),
            end_section=following is not None
            and following.section_seq != state.section_seq,  # a rule between sections
        )
    return table


COLOUR_STYLES = {"red": "bold red", "yellow": "bold yellow", "blue": "bold blue", "none": ""}


def colour_text(tint: Colour, lang: str) -> Text:
    """A 督办 colour as a word in that colour (the word, so it survives a black-and-white copy)."""
    return Text(message(f"colour.{tint}", lang), style=COLOUR_STYLES[tint])


def _widest(*texts: str) -> int:
    """The width in terminal cells of the widest text (a CJK character is two)."""
    return max(map(cell_len, texts))


def none_mark(ascii: bool) -> str:
    """The dash for 'none yet': an em dash is ambiguous-width, so ASCII mode draws a hyphen."""
    return "-" if ascii else "—"


def _labelled(label: str, value: Text | str) -> Text:
    line = Text(label + "：", style="bold")
    line.append_text(value if isinstance(value, Text) else safe(value))
    return line


def point_detail(plan: Plan, detail: PointDetail, lang: str, on: dt.date, ascii: bool = False) -> Group:
    """`cqvet show N`: the point whole, then its history."""
    from rich.panel import Panel  # only `show` draws a panel

    state = detail.state
    none = message("word.none", lang)
    head = [
        _labelled(message("col.section", lang), state.section_title or none),
        _labelled(message("col.lead", lang), state.lead or none),
        _labelled(message("col.supports", lang), "、".join(state.supports) or none),
        _labelled(message("col.leader", lang), state.leader or none),
        _labelled(message("word.contact", lang), detail.contact or none),
        _labelled(message("col.deadline", lang), deadline_text(state, lang, on)),
        _labelled(
            message("col.percent", lang),
            Text(f"{state.percent}%  ").append_text(status_text(state.status, lang)),
        ),
        _labelled(message("word.text", lang), detail.body),
    ]
    parts: list[object] = [
        Panel(
            Group(*head),
            title=safe(f"{state.number}. {state.title}"),
            box=box.ASCII if ascii else box.ROUNDED,
        ),
        Text(message("word.measures", lang), style="bold"),
    ]
    measures = Table.grid(padding=(0, 1))  # a hanging indent: a wrapped measure stays beside its number
    measures.add_column(justify="right", no_wrap=True)
    measures.add_column(overflow="fold")
    for i, measure in enumerate(detail.measures, start=1):
        measures.add_row(f"  {i}.", safe(measure))
    parts.append(measures)
    if state.targets:
        parts.append(targets_table(state.targets, lang, ascii))
    parts.append(progress_table(detail.progress, lang, ascii, title=message("word.progress_history", lang)))
    if detail.progress_truncated:
        parts.append(
            Text(
                message("word.history_truncated", lang, count=len(detail.progress), number=state.number),
                style="dim",
            )
        )
    if detail.deadlines:
        parts.append(_deadline_history(detail, lang, ascii))
    if detail.owners:
        parts.append(_owner_history(detail, lang, ascii))
    return Group(*parts)  # type: ignore[arg-type]


def targets_table(targets: Iterable[Target], lang: str, ascii: bool = False) -> Table:
    table = table_frame(ascii, message("word.targets", lang))
    table.add_column(message("col.target", lang), no_wrap=True)
    table.add_column(message("col.title", lang), overflow="fold", ratio=4)
    table.add_column(message("col.target_value", lang), justify="right", no_wrap=True)
    table.add_column(message("col.actual", lang), justify="right", no_wrap=True)
    table.add_column(message("col.attainment", lang), justify="right", no_wrap=True)
    for target in targets:
        table.add_row(
            target.ref,
            safe(target.text),
            target_value(target),
            "" if target.actual is None else f"{number(target.actual)}{target.unit}",
            "" if target.attainment is None else f"{target.attainment:.0%}",
        )
    return table


def progress_table(
    entries: Sequence[ProgressEntry], lang: str, ascii: bool = False, title: str | None = None
) -> Table | Text:
    if not entries:
        return Text((title + "：" if title else "") + message("word.no_history", lang), style="dim")
    table = table_frame(ascii, title)
    table.add_column(message("col.number", lang), justify="right", no_wrap=True)
    table.add_column(message("col.date", lang), no_wrap=True)
    table.add_column(message("col.percent", lang), justify="right", no_wrap=True)
    table.add_column(message("col.status", lang), no_wrap=True)
    table.add_column(message("col.note", lang), overflow="fold", ratio=4)
    table.add_column(message("col.author", lang), overflow="fold")
    table.add_column(message("col.recorded_at", lang), no_wrap=True)
    for entry in entries:
        note = safe(entry.note)
        if entry.is_correction:
            note = Text(f"[{message('word.correction', lang)}] ", style="yellow").append_text(note)
        style = "strike dim" if entry.reverted else ""
        if entry.reverted:
            note.append(f" ({message('word.reverted', lang)})", style="dim")
        table.add_row(
            str(entry.point_number),
            entry.reported_on.isoformat(),
            f"{entry.percent}%",
            status_text(entry.status, lang),
            note,
            safe(entry.author),
            local_time(entry.recorded_at),
            style=style,
        )
    return table


def _deadline_history(detail: PointDetail, lang: str, ascii: bool) -> Table:
    table = table_frame(ascii, message("word.deadline_history", lang))
    table.add_column(message("col.effective_on", lang), no_wrap=True)
    table.add_column(message("col.deadline", lang), overflow="fold")
    table.add_column(message("col.note", lang), overflow="fold", ratio=3)
    table.add_column(message("col.author", lang), overflow="fold")
    for change in detail.deadlines:
        due = Text(format_date(change.due_on, lang)).append_text(safe(f"（{change.as_written}）"))
        if change.reverted:
            due.append(f" ({message('word.reverted', lang)})", style="dim")
        table.add_row(
            change.effective_on.isoformat(),
            due,
            safe(change.note),
            safe(change.author),
            style="strike dim" if change.reverted else "",
        )
    return table


def _owner_history(detail: PointDetail, lang: str, ascii: bool) -> Table:
    table = table_frame(ascii, message("word.owner_history", lang))
    table.add_column(message("col.effective_on", lang), no_wrap=True)
    table.add_column(message("col.lead", lang), overflow="fold")
    table.add_column(message("col.supports", lang), overflow="fold", ratio=2)
    table.add_column(message("col.author", lang), overflow="fold")
    for owner in detail.owners:
        lead = safe(owner.lead)
        if owner.reverted:
            lead.append(f" ({message('word.reverted', lang)})", style="dim")
        table.add_row(
            owner.effective_on.isoformat(),
            lead,
            safe("、".join(owner.supports)),
            safe(owner.author),
            style="strike dim" if owner.reverted else "",
        )
    return table


def duties_table(duties: Sequence[UnitDuty], lang: str, ascii: bool = False) -> Table:
    """`cqvet owner list`: what each office owes."""
    table = table_frame(ascii, message("word.owner_title", lang))
    table.add_column(message("col.unit", lang), overflow="fold", ratio=2)
    table.add_column(message("col.leads", lang), overflow="fold", ratio=3)
    table.add_column(message("col.supports_points", lang), overflow="fold", ratio=3)
    for duty in duties:
        table.add_row(safe(duty.name), _numbers(duty.leads), _numbers(duty.supports))
    return table


def _numbers(numbers: Sequence[int]) -> str:
    return "、".join(str(n) for n in numbers)


def due_tables(
    soon: Sequence[PointState],
    overdue: Sequence[PointState],
    lang: str,
    on: dt.date,
    days: int,
    ascii: bool = False,
    *,
    start: dt.date,
) -> Group | Text:
    """`cqvet due`: overdue first (most overdue on top), then what falls due soon."""
    if not soon and not overdue:
        return Text(message("word.nothing_due", lang, days=days))
    parts = []
    for title, states in (
        (message("word.overdue_title", lang), overdue),
        (message("word.due_soon", lang, days=days), soon),
    ):
        if not states:
            continue
        table = table_frame(ascii, title)
        table.add_column(message("col.number", lang), justify="right", no_wrap=True)
        table.add_column(message("col.title", lang), overflow="fold", ratio=4)
        table.add_column(message("col.deadline", lang), overflow="fold", ratio=2)
        table.add_column(message("col.days", lang), justify="right", no_wrap=True)
        table.add_column(message("col.lead", lang), overflow="fold", ratio=2)
        table.add_column(message("col.supports", lang), overflow="fold", ratio=2)
        table.add_column(message("col.percent", lang), justify="right", no_wrap=True)
        table.add_column(message("col.colour", lang), no_wrap=True)
        for state in states:
            table.add_row(
                str(state.number),
                safe(state.title),
                deadline_text(state, lang, on),
                str((state.deadline - on).days),
                safe(with_leader(state.lead or message("word.none", lang), state.leader, lang)),
                safe("、".join(state.supports)),
                f"{state.percent}%",
                colour_text(colour(state, start, on), lang),
            )
        parts.append(table)
    return Group(*parts)


def plans_table(plans: Sequence[Plan], points: dict[int, int], lang: str, ascii: bool = False) -> Table:
    table = table_frame(ascii)
    table.add_column(message("col.id", lang), justify="right")
    table.add_column(message("col.year", lang))
    table.add_column(message("col.plan", lang), overflow="fold")
    table.add_column(message("col.points", lang), justify="right")
    table.add_column(message("col.loaded_at", lang), no_wrap=True)
    for plan in plans:
        table.add_row(
            str(plan.id),
            str(plan.year),
            safe(plan.title),
            str(points.get(plan.id, 0)),
            local_time(plan.loaded_at),
        )
    return table


def local_time(utc_iso: str) -> str:
    """A stored UTC timestamp as local time, to the minute."""
    try:
        return dt.datetime.fromisoformat(utc_iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return utc_iso
