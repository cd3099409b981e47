"""Rich renderings for the terminal.

CJK characters are two cells wide and Rich measures them so. Every cell that can
hold Chinese text is a `Breakable` (`cqvet.render.wrapping`): it breaks between
Chinese characters and after 、, never inside a date, number or percent, and
never lets its column shrink below its widest date. Every table is `Fitted` to
the width it is drawn at: below 120 columns (`WIDE`) and below 80 (`NARROW`, a
default Windows console) secondary columns fold under the point's title or
drop, and a deadline in the plan's year is written without it (`9月30日`), so
that a title keeps room for words. With `ascii=True` borders are drawn with
`+ - |`, for terminals (some Windows code pages, some fonts) that draw
box-drawing characters double-width.

User text becomes `Text` through `safe()`: never parsed as markup, with
control characters (ESC, C1 and bidi overrides) removed, so a note cannot
restyle or move the terminal.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import IO, TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cqvet.dates import format_date, format_month_day
from cqvet.labels import message, section_heading
from cqvet.models import Colour, Health, MeasureState, Plan, PointState, Status, Target
from cqvet.render.quick_table import quick
from cqvet.render.records import number, status_label, target_value, with_leader
from cqvet.render.text import strip_controls
from cqvet.render.wrapping import Breakable
from cqvet.schedule import colour

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderableType, RenderResult

    from cqvet.ledger import (
        Contribution,
        DeadlineChange,
        OwnerAssignment,
        PointDetail,
        ProgressEntry,
        UnitDuty,
    )

WIDE = 120  # from this width every column has its own place
NARROW = 80  # below this, a default Windows console, owners and notes fold under the title

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


def cell(text: object, style: str = "") -> Breakable:
    """A table cell that breaks only where Chinese text may (user text made inert by `safe`)."""
    return Breakable(text if isinstance(text, Text) else safe(text, style))


def under(first: Text, *lines: tuple[str, Text | str]) -> Text:
    """`first`, then each (label, value) on a line of its own: columns folded under a title."""
    text = first.copy()
    for label, value in lines:
        if not (value.plain if isinstance(value, Text) else value):
            continue
        text.append("\n")
        text.append(f"{label}：", style="dim")
        text.append_text(value if isinstance(value, Text) else safe(value, "dim"))
    return text


class Fitted:
    """A renderable laid out for the width it is drawn at (a table whose columns drop or merge)."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        built = self.build(options.max_width)
        yield quick(built) if isinstance(built, Table) else built


def day_text(day: dt.date, lang: str, year: int | None = None) -> str:
    """A date as written, without its year when that is the plan's (`year`): 9月30日."""
    return format_month_day(day, lang) if year == day.year else format_date(day, lang)


def table_frame(ascii: bool, title: str | None = None) -> Table:
    return Table(
        title=safe(title) if title else None,
        box=box.ASCII2 if ascii else box.SQUARE,
        show_lines=False,
        header_style="bold",
        safe_box=ascii,
    )


def status_text(status: Status, lang: str, review: str | None = None) -> Text:
    """A status in its colour; a done point's standing in review (待审核, 已办结) in place of 已完成
    in a plan that requires it (`review`, from `cqvet.review`)."""
    return Text(status_label(status, lang, review), style=STATUS_STYLE[status])


def deadline_text(state: PointState, lang: str, on: dt.date, day_over: bool, year: int | None = None) -> Text:
    """The deadline with its marks (default, postponed, overdue); without its year if it is `year`."""
    text = Text(day_text(state.deadline, lang, year))
    if state.deadline_is_default:
        text.append(message("word.default_deadline", lang), style="dim")
    if state.deadline_postponed:
        text.append(" " + message("word.postponed", lang), style="yellow")
    if state.is_overdue(on, day_over=day_over):
        text.append(" " + message("word.overdue", lang), style="bold red")
    return text


def points_table(
    plan: Plan,
    states: Sequence[PointState],
    lang: str,
    on: dt.date,
    ascii: bool = False,
    *,
    day_over: bool,
    review: Mapping[int, str] | None = None,
    measures: Mapping[int, Sequence[MeasureState]] | None = None,
) -> Fitted:
    """`cqvet list`: one row a point, under its section's heading as the plan writes it (一、…).

    A heading row rather than a section column: as in the document, each
    section is named once, and the table keeps one line a point at 120
    columns where a column would fold every row. Below 120 columns a deadline
    in the plan's year drops the year; below 80 the lead folds under the title.
    `review`: in a plan that requires review, each done point's standing (`cqvet.review`),
    which its status says (待审核, 已办结).
    `measures` (`list --measures`): each point's measures, a row each under it (`7-2`, the text
    shortened, lead, deadline, percent, status).
    """
    return Fitted(
        lambda width: _points_table(plan, states, lang, on, ascii, width, day_over, review, measures)
    )


def _points_table(
    plan: Plan,
    states: Sequence[PointState],
    lang: str,
    on: dt.date,
    ascii: bool,
    width: int,
    day_over: bool,
    review: Mapping[int, str] | None,
    measures: Mapping[int, Sequence[MeasureState]] | None = None,
) -> Table:
    title = message("word.points_title", lang, title=plan.title, date=format_date(on, lang))
    table = table_frame(ascii, title)
    year = plan.year if width < WIDE else None
    narrow = width < NARROW
    # The short columns' widths follow from the vocabulary; given them, Rich need not
    # measure each of their cells at every start (about 2 % of `cqvet list`).
    number_head, percent_head, status_head = (
        message(f"col.{k}", lang) for k in ("number", "percent", "status")
    )
    numbers = [str(s.number) for s in states]
    numbers += [m.ref for group in (measures or {}).values() for m in group]
    statuses = [message(f"status.{s}", lang) for s in Status]
    if review is not None:
        statuses += [message(f"review.{r}", lang) for r in ("pending", "confirmed")]
    lead_head = message("col.lead", lang)
    table.add_column(number_head, justify="right", no_wrap=True, width=_widest(number_head, *numbers))
    table.add_column(message("col.title", lang), ratio=4, min_width=12)
    if not narrow:
        table.add_column(lead_head, ratio=2)
    table.add_column(message("col.deadline", lang), ratio=2)
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
            table.add_row("", cell(section_heading(state.section_seq, state.section_title, lang), "bold"))
        lead = safe(state.lead) if state.lead else Text(none_mark(ascii), style="dim")
        title_cell = under(safe(state.title), (lead_head, lead)) if narrow else safe(state.title)
        table.add_row(
            str(state.number),
            Breakable(title_cell),
            *([] if narrow else [Breakable(lead)]),
            Breakable(deadline_text(state, lang, on, day_over, year)),
            f"{state.percent}%",
            status_text(state.status, lang, review.get(state.number) if review else None),
            colour_text(colour(state, plan.start, on, day_over=day_over), lang),
            end_section=following is not None
            and following.section_seq != state.section_seq  # a rule between sections
            and not (measures or {}).get(state.number),
        )
        under_point = (measures or {}).get(state.number, ())
        for place, measure in enumerate(under_point, start=1):
            text = safe("  " + shortened(measure.text, MEASURE_TEXT_CELLS if width >= WIDE else 28), "dim")
            owner = safe(measure.lead) if measure.lead else Text(none_mark(ascii), style="dim")
            table.add_row(
                Text(measure.ref, style="dim"),
                Breakable(under(text, (lead_head, owner)) if narrow else text),
                *([] if narrow else [Breakable(owner)]),
                Breakable(measure_deadline_text(measure, lang, on, day_over, year, overdue_mark=False)),
                f"{measure.percent}%",
                # 逾期 in the status column, as `list --status 逾期` reads it: beside a deadline it
                # would wrap a narrow column
                Text(message("word.overdue", lang), style="bold red")
                if measure.is_overdue(on, day_over=day_over)
                else status_text(measure.status, lang),
                "",
                end_section=place == len(under_point)
                and following is not None
                and following.section_seq != state.section_seq,
            )
    return table


MEASURE_TEXT_CELLS = 36  # a measure's text in `list --measures`: its start, the whole is in `show`


def shortened(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells, ending in … when cut (CJK characters are two)."""
    if cell_len(text) <= cells:
        return text
    kept = ""
    for char in text:
        if cell_len(kept + char) > cells - 1:
            break
        kept += char
    return kept + "…"


COLOUR_STYLES = {"red": "bold red", "yellow": "bold yellow", "blue": "bold blue", "none": ""}


def colour_text(tint: Colour, lang: str) -> Text:
    """A 督办 colour as a word in that colour (the word, so it survives a black-and-white copy)."""
    return Text(message(f"colour.{tint}", lang), style=COLOUR_STYLES[tint])


def _widest(*texts: str) -> int:
    """The width in terminal cells of the widest text (a CJK character is two)."""
    return max(map(cell_len, texts))


def _attainment_text(target: Target) -> str:
    from cqvet.figures import percent_text, ratio_percent

    attained = None if target.actual is None else ratio_percent(target.actual, target.value)
    return "" if attained is None else percent_text(attained)


def none_mark(ascii: bool) -> str:
    """The dash for 'none yet': an em dash is ambiguous-width, so ASCII mode draws a hyphen."""
    return "-" if ascii else "—"


def _labelled(label: str, value: Text | str) -> Text:
    line = Text(label + "：", style="bold")
    line.append_text(value if isinstance(value, Text) else safe(value))
    return line


def point_detail(
    plan: Plan,
    detail: PointDetail,
    lang: str,
    on: dt.date,
    ascii: bool = False,
    *,
    day_over: bool,
    review: str | None = None,
) -> Group:
    """`cqvet show N`: the point whole, then its history (`review`: as `point_detail_parts`)."""
    before, after = point_detail_parts(plan, detail, lang, on, ascii, day_over=day_over, review=review)
    history = progress_table(detail.progress, lang, ascii, title=message("word.progress_history", lang))
    return Group(*before, history, *after)


def point_detail_parts(
    plan: Plan,
    detail: PointDetail,
    lang: str,
    on: dt.date,
    ascii: bool = False,
    *,
    day_over: bool,
    review: str | None = None,
) -> tuple[list[RenderableType], list[RenderableType]]:
    """What `cqvet show N` prints before its progress history, and after it (`show --history 0`
    streams the history between the two). `review`: a done point's standing in a plan that
    requires review, which its status says (待审核, 已办结)."""
    from rich.panel import Panel  # only `show` draws a panel

    state = detail.state
    none = message("word.none", lang)
    head = [
        _labelled(message("col.section", lang), state.section_title or none),
        _labelled(message("col.lead", lang), state.lead or none),
        _labelled(message("col.supports", lang), "、".join(state.supports) or none),
        _labelled(message("col.leader", lang), state.leader or none),
        _labelled(message("word.contact", lang), detail.contact or none),
        _labelled(message("col.deadline", lang), deadline_text(state, lang, on, day_over)),
        _labelled(
            message("col.percent", lang),
            Text(f"{state.percent}%  ").append_text(status_text(state.status, lang, review)),
        ),
        _labelled(message("word.text", lang), detail.body),
    ]
    parts: list[RenderableType] = [
        Panel(
            Group(*(Breakable(line) for line in head)),
            title=safe(f"{state.number}. {state.title}"),
            box=box.ASCII if ascii else box.ROUNDED,
        ),
    ]
    if detail.measure_states:
        parts.append(
            measures_table(
                detail.measure_states, lang, on, plan.start, ascii, day_over=day_over, year=plan.year
            )
        )
        if any(m.tracked for m in detail.measure_states):
            parts.append(Text(message("word.measures_rolled_up", lang), style="dim"))
    else:
        parts.append(Text(message("word.measures", lang), style="bold"))
        measures = Table.grid(padding=(0, 1))  # a hanging indent: a wrapped measure stays beside its number
        measures.add_column(justify="right", no_wrap=True)
        measures.add_column()
        for i, measure in enumerate(detail.measures, start=1):
            measures.add_row(f"  {i}.", cell(measure))
        parts.append(measures)
    if state.targets:
        parts.append(targets_table(state.targets, lang, ascii))
    after: list[RenderableType] = []
    if detail.progress_truncated:
        after.append(
            Text(
                message("word.history_truncated", lang, count=len(detail.progress), number=state.number),
                style="dim",
            )
        )
    if detail.contributions:
        after.append(contributions_table(detail.contributions, lang, ascii))
    if detail.deadlines:
        after.append(_deadline_history(detail, lang, ascii))
    if detail.owners:
        after.append(_owner_history(detail, lang, ascii))
    return parts, after


def health_text(health: Health, lang: str) -> Text:
    """A health word (序时推进, 滞后, 逾期…) in its colour, as the report shows a point's."""
    return Text(message(f"health.{health}", lang), style=HEALTH_STYLE[health])


def measure_deadline_text(
    measure: MeasureState,
    lang: str,
    on: dt.date,
    day_over: bool,
    year: int | None = None,
    *,
    overdue_mark: bool = True,
) -> Text:
    """A measure's deadline (without its year if it is `year`): its own, or its point's marked
    （同要点）; 逾期 when past and not done, unless a health column beside it says so."""
    text = Text(day_text(measure.deadline, lang, year))
    if measure.deadline_is_default:
        text.append(message("word.measure_default_deadline", lang), style="dim")
    if overdue_mark and measure.is_overdue(on, day_over=day_over):
        text.append(" " + message("word.overdue", lang), style="bold red")
    return text


def measures_table(
    measures: Sequence[MeasureState],
    lang: str,
    on: dt.date,
    start: dt.date,
    ascii: bool = False,
    *,
    day_over: bool,
    year: int | None = None,
) -> Fitted:
    """`show N`'s 举措 table: each measure's ref, text, owners, deadline, percent and health (the
    points' 序时进度 rule on its own deadline). Below 120 columns the supporting offices fold under
    the lead, below 80 the owners under the text, and a deadline in the plan's `year` drops it."""
    return Fitted(partial(_measures_table, measures, lang, on, start, ascii, day_over, year))


def _measures_table(
    measures: Sequence[MeasureState],
    lang: str,
    on: dt.date,
    start: dt.date,
    ascii: bool,
    day_over: bool,
    year: int | None,
    width: int,
) -> Table:
    from cqvet.schedule import standing

    lead_head, supports_head = message("col.lead", lang), message("col.supports", lang)
    table = table_frame(ascii, message("word.measures", lang))
    table.add_column(message("col.number", lang), justify="right", no_wrap=True)
    table.add_column(message("col.measure", lang), ratio=4, min_width=12)
    if width >= NARROW:
        table.add_column(lead_head, ratio=2)
    if width >= WIDE:
        table.add_column(supports_head, ratio=2)
    table.add_column(message("col.deadline", lang), ratio=2)
    table.add_column(message("col.percent", lang), justify="right", no_wrap=True)
    table.add_column(message("col.health", lang), no_wrap=True)
    none = Text(none_mark(ascii), style="dim")
    for measure in measures:
        lead = safe(measure.lead) if measure.lead else none
        supports = "、".join(measure.supports)
        if width < NARROW:
            owners = [under(safe(measure.text), (lead_head, lead), (supports_head, supports))]
        elif width < WIDE:
            owners = [safe(measure.text), under(lead, (supports_head, supports))]
        else:
            owners = [safe(measure.text), lead, safe(supports) if supports else none]
        health = standing(measure.status, measure.percent, measure.deadline, start, on, day_over=day_over)
        table.add_row(
            measure.ref,
            *(Breakable(c) for c in owners),
            Breakable(
                measure_deadline_text(
                    measure, lang, on, day_over, year if width < WIDE else None, overdue_mark=False
                )
            ),
            f"{measure.percent}%",
            health_text(health, lang),
        )
    return table


def contributions_table(entries: Sequence[Contribution], lang: str, ascii: bool = False) -> Table:
    """配合单位报送: what supporting offices reported on a point, newest first; undone ones struck."""
    table = table_frame(ascii, message("word.contributions", lang))
    table.add_column(message("col.office", lang), ratio=2)
    table.add_column(message("col.date", lang), no_wrap=True)
    table.add_column(message("col.percent", lang), justify="right", no_wrap=True)
    table.add_column(message("col.note", lang), ratio=4, min_width=12)
    table.add_column(message("col.author", lang), ratio=1)
    for entry in entries:
        note = safe(entry.note)
        if entry.reverted:
            note.append(f" ({message('word.reverted', lang)})", style="dim")
        table.add_row(
            cell(entry.office),
            entry.reported_on.isoformat(),
            "" if entry.percent is None else f"{entry.percent}%",
            Breakable(note),
            cell(entry.author),
            style="strike dim" if entry.reverted else "",
        )
    return table


def measure_detail(
    plan: Plan,
    point: PointState,
    measure: MeasureState,
    history: tuple[Sequence[ProgressEntry], Sequence[OwnerAssignment], Sequence[DeadlineChange]],
    lang: str,
    on: dt.date,
    ascii: bool = False,
    *,
    day_over: bool,
) -> Group:
    """`cqvet show 7-2`: one measure whole (its point, owners, deadline, percent, health, weight),
    then its progress, deadline and owner histories."""
    from rich.panel import Panel

    from cqvet.schedule import standing

    none = message("word.none", lang)
    health = standing(measure.status, measure.percent, measure.deadline, plan.start, on, day_over=day_over)
    from cqvet.render.records import number as shown_number

    head = [
        _labelled(
            message("col.title", lang),
            message("word.measure_of", lang, number=point.number, title=point.title),
        ),
        _labelled(message("col.lead", lang), measure.lead or none),
        _labelled(message("col.supports", lang), "、".join(measure.supports) or none),
        _labelled(message("col.deadline", lang), measure_deadline_text(measure, lang, on, day_over)),
        _labelled(
            message("col.percent", lang),
            Text(f"{measure.percent}%  ")
            .append_text(status_text(measure.status, lang))
            .append("  ")
            .append_text(health_text(health, lang)),
        ),
        _labelled(message("col.weight", lang), shown_number(measure.weight)),
        _labelled(message("col.note", lang), measure.note or none),
        _labelled(message("word.text", lang), measure.text),
    ]
    progress, owners, deadlines = history
    parts: list[RenderableType] = [
        Panel(
            Group(*(Breakable(line) for line in head)),
            title=safe(message("word.measure_title", lang, ref=measure.ref)),
            box=box.ASCII if ascii else box.ROUNDED,
        ),
        progress_table(progress, lang, ascii, title=message("word.progress_history", lang)),
    ]
    if deadlines:
        parts.append(_deadline_rows(deadlines, lang, ascii))
    if owners:
        parts.append(_owner_rows(owners, lang, ascii))
    return Group(*parts)


def targets_table(targets: Iterable[Target], lang: str, ascii: bool = False) -> RenderableType:
    table = table_frame(ascii, message("word.targets", lang))
    table.add_column(message("col.target", lang), no_wrap=True)
    table.add_column(message("col.title", lang), ratio=4, min_width=12)
    table.add_column(message("col.target_value", lang), justify="right", no_wrap=True)
    table.add_column(message("col.actual", lang), justify="right", no_wrap=True)
    table.add_column(message("col.attainment", lang), justify="right", no_wrap=True)
    for target in targets:
        table.add_row(
            target.ref,
            cell(target.text),
            target_value(target),
            "" if target.actual is None else f"{number(target.actual)}{target.unit}",
            _attainment_text(target),
        )
    return quick(table)


def progress_table(
    entries: Sequence[ProgressEntry], lang: str, ascii: bool = False, title: str | None = None
) -> Fitted | Text:
    """Progress updates; below 120 columns the time recorded folds under the author, below 80
    the author under the note."""
    if not entries:
        return _no_history(lang, title)
    return Fitted(lambda width: _progress_table(entries, lang, ascii, title, width))


def _progress_table(
    entries: Sequence[ProgressEntry], lang: str, ascii: bool, title: str | None, width: int
) -> Table:
    table = table_frame(ascii, title)
    _progress_columns(table, lang, width)
    for entry in entries:
        _progress_row(table, entry, lang, width)
    return table


def _no_history(lang: str, title: str | None) -> Text:
    return Text((title + "：" if title else "") + message("word.no_history", lang), style="dim")


def _progress_columns(
    table: Table, lang: str, width: int, widths: Sequence[int | None] = (None,) * 7
) -> None:
    """The columns of a progress table drawn `width` wide: below 120 columns the time recorded
    folds under the author, below 80 the author under the note (see `_progress_row`)."""
    number, day, percent, status, note, author, recorded = widths
    table.add_column(message("col.number", lang), justify="right", no_wrap=True, width=number)
    table.add_column(message("col.date", lang), no_wrap=True, width=day)
    table.add_column(message("col.percent", lang), justify="right", no_wrap=True, width=percent)
    table.add_column(message("col.status", lang), no_wrap=True, width=status)
    table.add_column(message("col.note", lang), ratio=4, min_width=12, width=note)
    if width >= NARROW:
        table.add_column(message("col.author", lang), ratio=1, width=author)
    if width >= WIDE:
        table.add_column(message("col.recorded_at", lang), no_wrap=True, width=recorded)


def _progress_row(table: Table, entry: ProgressEntry, lang: str, width: int) -> None:
    note = safe(entry.note)
    if entry.is_correction:
        note = Text(f"[{message('word.correction', lang)}] ", style="yellow").append_text(note)
    style = "strike dim" if entry.reverted or entry.superseded else ""
    if entry.reverted:
        note.append(f" ({message('word.reverted', lang)})", style="dim")
    elif entry.superseded:  # a later correction took it back: 已更正, never current progress
        note.append(f" ({message('word.superseded', lang)})", style="dim")
    author_head, at_head = message("col.author", lang), message("col.recorded_at", lang)
    author, at = safe(entry.author), local_time(entry.recorded_at)
    if width < NARROW:
        cells = [under(note, (author_head, author), (at_head, at))]
    elif width < WIDE:
        cells = [note, under(author, (at_head, at))]
    else:
        cells = [note, author, Text(at)]
    table.add_row(
        str(entry.point_number) if entry.measure is None else f"{entry.point_number}-{entry.measure}",
        entry.reported_on.isoformat(),
        f"{entry.percent}%",
        status_text(entry.status, lang),
        *(Breakable(c) for c in cells),
        style=style,
    )


def progress_table_pieces(
    batches: Iterable[Sequence[ProgressEntry]],
    out: Console,
    lang: str,
    ascii: bool = False,
    title: str | None = None,
    widest_number: int | str = 999,
) -> Iterator[str]:
    """`progress_table` as text, one piece a batch, so a long history shows as it is read.

    Every column has a fixed width (from the vocabulary and the terminal's
    width), so the pieces line up as one table: each is drawn as a table of
    its own, and the rule between two of them (one's bottom border, the
    next one's top) is left out. Memory holds one batch, whatever the length
    of history; a pipe that closes (`| head`) stops the reading.
    """
    heads = [message(f"col.{k}", lang) for k in ("number", "date", "percent", "status")]
    fixed = [
        _widest(heads[0], str(widest_number)),
        _widest(heads[1], "2021-06-30"),
        _widest(heads[2], "100%"),
        _widest(heads[3], *(message(f"status.{s}", lang) for s in Status)),
        _widest(message("col.recorded_at", lang), "2021-06-30 09:15"),
    ]
    # Each column costs a space either side and a bar; the note and the author share the rest.
    # Narrower terminals fold the time recorded, then the author, as `progress_table` does.
    width = out.width
    columns = 5 + (width >= NARROW) + (width >= WIDE)
    free = max(width - 3 * columns - 1 - sum(fixed[:4]) - (fixed[4] if width >= WIDE else 0), 18)
    # Below 120 columns the time recorded folds under the author: its column takes the time whole.
    author = min(max(free // 4, 8), 16) if width >= WIDE else fixed[4] if width >= NARROW else 0
    widths = (*fixed[:4], free - author, author or None, fixed[4] if width >= WIDE else None)
    pending = ""  # the bottom border of the last piece, drawn only after the last one
    first = True
    for batch in batches:
        if not batch:
            continue
        table = table_frame(ascii, title if first else None)
        table.show_header = first
        _progress_columns(table, lang, width, widths)
        for entry in batch:
            _progress_row(table, entry, lang, width)
        with out.capture() as captured:
            out.print(table)
        lines = captured.get().splitlines(keepends=True)
        if not first:
            lines = lines[1:]  # its top border continues the previous piece's rows
        pending = lines[-1]
        yield "".join(lines[:-1])
        first = False
    if first:
        with out.capture() as captured:
            out.print(_no_history(lang, title))
        yield captured.get()
    else:
        yield pending


def _deadline_history(detail: PointDetail, lang: str, ascii: bool) -> Table:
    return _deadline_rows(detail.deadlines, lang, ascii)


def _deadline_rows(deadlines: Sequence[DeadlineChange], lang: str, ascii: bool) -> Table:
    table = table_frame(ascii, message("word.deadline_history", lang))
    table.add_column(message("col.effective_on", lang), no_wrap=True)
    table.add_column(message("col.deadline", lang))
    table.add_column(message("col.note", lang), ratio=3, min_width=8)
    table.add_column(message("col.author", lang))
    for change in deadlines:
        due = Text(format_date(change.due_on, lang)).append_text(safe(f"（{change.as_written}）"))
        if change.reverted:
            due.append(f" ({message('word.reverted', lang)})", style="dim")
        table.add_row(
            change.effective_on.isoformat(),
            Breakable(due),
            cell(change.note),
            cell(change.author),
            style="strike dim" if change.reverted else "",
        )
    return table


def _owner_history(detail: PointDetail, lang: str, ascii: bool) -> Table:
    return _owner_rows(detail.owners, lang, ascii)


def _owner_rows(owners: Sequence[OwnerAssignment], lang: str, ascii: bool) -> Table:
    table = table_frame(ascii, message("word.owner_history", lang))
    table.add_column(message("col.effective_on", lang), no_wrap=True)
    table.add_column(message("col.lead", lang))
    table.add_column(message("col.supports", lang), ratio=2)
    table.add_column(message("col.author", lang))
    for owner in owners:
        lead = safe(owner.lead)
        if owner.reverted:
            lead.append(f" ({message('word.reverted', lang)})", style="dim")
        table.add_row(
            owner.effective_on.isoformat(),
            Breakable(lead),
            cell("、".join(owner.supports)),
            cell(owner.author),
            style="strike dim" if owner.reverted else "",
        )
    return table


def duties_table(
    duties: Sequence[UnitDuty],
    lang: str,
    ascii: bool = False,
    measures: Mapping[str, tuple[Sequence[str], Sequence[str]]] | None = None,
) -> Table:
    """`cqvet owner list`: what each office owes; with `measures` (office → refs of the measures it
    leads and supports) two more columns, and a row for an office that owns measures only."""
    table = table_frame(ascii, message("word.owner_title", lang))
    table.add_column(message("col.unit", lang), ratio=2, min_width=8)
    table.add_column(message("col.leads", lang), ratio=3)
    table.add_column(message("col.supports_points", lang), ratio=3)
    if measures is not None:
        table.add_column(message("col.measures_led", lang), ratio=3)
        table.add_column(message("col.measures_supported", lang), ratio=3)
    rows = [(duty.name, _numbers(duty.leads), _numbers(duty.supports)) for duty in duties]
    rows += [(name, "", "") for name in (measures or {}) if name not in {duty.name for duty in duties}]
    for (
        name,
        leads,
        supports,
    ) in rows:  # a list of numbers breaks after 、 only: `…、1` / `2` would read as 1 and 2
        extra = []
        if measures is not None:
            led, supported = measures.get(name, ((), ()))
            extra = [cell("、".join(led)), cell("、".join(supported))]
        table.add_row(cell(name), cell(leads), cell(supports), *extra)
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
    year: int | None = None,
    *,
    day_over: bool,
    start: dt.date,
    measures: tuple[Sequence[MeasureState], Sequence[MeasureState]] = ((), ()),
    points: Mapping[int, PointState] | None = None,
) -> Group | Text:
    """`cqvet due`: overdue first (most overdue on top), then what falls due soon; then the
    measures (举措) with owners or deadlines of their own likewise (`measures`: soon, overdue),
    each with its office (its own lead, else its point's, from `points`).

    Below 120 columns the supporting offices fold under the lead and a deadline in the
    plan's `year` drops the year; below 80 the owners fold under the title.
    """
    soon_measures, late_measures = measures
    if not soon and not overdue and not soon_measures and not late_measures:
        return Text(message("word.nothing_due", lang, days=days))
    parts: list[RenderableType] = []
    for title, states in (
        (message("word.overdue_title", lang), overdue),
        (message("word.due_soon", lang, days=days), soon),
    ):
        if states:
            parts.append(Fitted(partial(_due_table, title, states, lang, on, ascii, year, day_over, start)))
    for title, group in (
        (message("word.measures_overdue_title", lang), late_measures),
        (message("word.measures_due_soon", lang, days=days), soon_measures),
    ):
        if group:
            parts.append(
                Fitted(
                    partial(
                        _due_measures_table,
                        title,
                        group,
                        points or {},
                        lang,
                        on,
                        ascii,
                        year,
                        day_over,
                        start,
                    )
                )
            )
    return Group(*parts)


def _due_measures_table(
    title: str,
    measures: Sequence[MeasureState],
    points: Mapping[int, PointState],
    lang: str,
    on: dt.date,
    ascii: bool,
    year: int | None,
    day_over: bool,
    start: dt.date,
    width: int,
) -> Table:
    from cqvet.schedule import standing

    lead_head, supports_head = message("col.lead", lang), message("col.supports", lang)
    table = table_frame(ascii, title)
    table.add_column(message("col.number", lang), justify="right", no_wrap=True)
    table.add_column(message("col.measure", lang), ratio=4, min_width=12)
    table.add_column(message("col.deadline", lang), ratio=2)
    table.add_column(message("col.days", lang), justify="right", no_wrap=True)
    if width >= NARROW:
        table.add_column(lead_head, ratio=2)
    table.add_column(message("col.percent", lang), justify="right", no_wrap=True)
    table.add_column(message("col.health", lang), no_wrap=True)
    for measure in measures:
        point = points.get(measure.point_number)
        lead = safe(measure.lead or (point.lead if point else None) or message("word.none", lang))
        supports = "、".join(measure.supports)
        text = safe(shortened(measure.text, MEASURE_TEXT_CELLS))
        cells = (
            [under(text, (lead_head, lead), (supports_head, supports))]
            if width < NARROW
            else [text, under(lead, (supports_head, supports))]
        )
        health = standing(measure.status, measure.percent, measure.deadline, start, on, day_over=day_over)
        table.add_row(
            measure.ref,
            Breakable(cells[0]),
            Breakable(
                measure_deadline_text(
                    measure, lang, on, day_over, year if width < WIDE else None, overdue_mark=False
                )
            ),
            str((measure.deadline - on).days),
            *(Breakable(c) for c in cells[1:]),
            f"{measure.percent}%",
            health_text(health, lang),
        )
    return table


def _due_table(
    title: str,
    states: Sequence[PointState],
    lang: str,
    on: dt.date,
    ascii: bool,
    year: int | None,
    day_over: bool,
    start: dt.date,
    width: int,
) -> Table:
    lead_head, supports_head = message("col.lead", lang), message("col.supports", lang)
    table = table_frame(ascii, title)
    table.add_column(message("col.number", lang), justify="right", no_wrap=True)
    table.add_column(message("col.title", lang), ratio=4, min_width=12)
    table.add_column(message("col.deadline", lang), ratio=2)
    table.add_column(message("col.days", lang), justify="right", no_wrap=True)
    if width >= NARROW:
        table.add_column(lead_head, ratio=2)
    if width >= WIDE:
        table.add_column(supports_head, ratio=2)
    table.add_column(message("col.percent", lang), justify="right", no_wrap=True)
    table.add_column(message("col.colour", lang), no_wrap=True)
    for state in states:
        lead = safe(with_leader(state.lead or message("word.none", lang), state.leader, lang))
        supports = "、".join(state.supports)
        if width < NARROW:
            owners = [under(safe(state.title), (lead_head, lead), (supports_head, supports))]
        elif width < WIDE:
            owners = [safe(state.title), under(lead, (supports_head, supports))]
        else:
            owners = [safe(state.title), lead, safe(supports)]
        table.add_row(
            str(state.number),
            Breakable(owners[0]),
            Breakable(deadline_text(state, lang, on, day_over, year if width < WIDE else None)),
            str((state.deadline - on).days),
            *(Breakable(c) for c in owners[1:]),
            f"{state.percent}%",
            colour_text(colour(state, start, on, day_over=day_over), lang),
        )
    return table


def plans_table(plans: Sequence[Plan], points: dict[int, int], lang: str, ascii: bool = False) -> Table:
    table = table_frame(ascii)
    table.add_column(message("col.id", lang), justify="right")
    table.add_column(message("col.year", lang))
    table.add_column(message("col.plan", lang), min_width=12)
    table.add_column(message("col.points", lang), justify="right")
    table.add_column(message("col.loaded_at", lang), no_wrap=True)
    for plan in plans:
        table.add_row(
            str(plan.id),
            str(plan.year),
            cell(plan.title),
            str(points.get(plan.id, 0)),
            local_time(plan.loaded_at),
        )
    return table


def local_time(utc_iso: str) -> str:
    """A stored UTC timestamp as local time (CQVET_TZ, else the system's zone), to the minute."""
    from cqvet.clock import local_time as in_local_time

    return in_local_time(utc_iso)
