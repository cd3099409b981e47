"""The quarterly report on the terminal: headline, a bar per point against expected, attention first.

The bar is drawn in text cells: `█` up to the percent, and a `│` marker at
the expected percent (序时进度), so a glance shows who is behind; with
`ascii=True` it is `#`, `.` and `|`. Colours follow health, and the health
word is always written too (colour is never the only signal).

The tables are fitted to the width they are drawn at (see `cqvet.render.terminal`):
from 120 columns every column has its place; below, the quarter's latest note
folds under the point's title, the bar shortens and a deadline drops the plan's
year; below 90 the lead folds under the title too and the bar gives way to the
figures (`40%/50%`). The section table keeps every health at every width (each row adds
up to its points); below 120 columns, where its ten columns do not fit, it is a line a section.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cqvet.dates import format_month_day
from cqvet.figures import percent_text
from cqvet.labels import message
from cqvet.render import report_data as rd
from cqvet.render.terminal import (
    HEALTH_STYLE,
    WIDE,
    Fitted,
    cell,
    day_text,
    safe,
    table_frame,
    under,
)
from cqvet.render.wrapping import Breakable
from cqvet.report import PointLine, Report, figure_keys

BAR_WIDTH = 20
MEDIUM = 90  # below this the bar gives way to figures and the lead folds under the title


def bar(percent: int, expected: float, style: str, ascii: bool = False, width: int = BAR_WIDTH) -> Text:
    """A text bar of `percent` with a marker at `expected`, `width` cells long."""
    filled = round(percent * width / 100)
    marker = min(width - 1, round(expected * width / 100))
    full, empty, tick = ("#", ".", "|") if ascii else ("█", "░", "│")
    text = Text()
    # A run of cells at a time, not a cell: a long report draws thousands of bars.
    for start, end in ((0, marker), (marker + 1, width)):
        if start < min(end, filled):
            text.append(full * (min(end, filled) - start), style=style)
        if max(start, filled) < end:
            text.append(empty * (end - max(start, filled)), style="dim")
        if end == marker:
            text.append(tick, style="bold")
    return text


def render_report(report: Report, lang: str, ascii: bool = False) -> Group:
    """The report on the terminal. Every part is drawn to the width it is given (tables, the
    panel, lines that break or fold), so `cqvet report` prints it uncropped: at 5,000 points
    Rich's crop measured 27,000 lines again for nothing (`test_the_report_fits_the_terminal_...`)."""
    health_text = Text()
    for key in figure_keys(report.review):
        label, style = rd.figure_label(key, report.review, lang), HEALTH_STYLE[rd.figure_health(key)]
        health_text.append(f"{label} {report.tally.figure(key)}  ", style=style)
    head = Group(
        cell(rd.period(report, lang), style="bold"),
        cell(rd.headline(report, lang)),
        cell(rd.change_sentence(report, lang), style="dim"),
        Breakable(health_text),
    )
    from rich import box

    return Group(
        Panel(head, title=safe(rd.title(report, lang)), box=box.ASCII if ascii else box.ROUNDED),
        _attention(report, lang, ascii),
        _sections(report, lang, ascii),
        _points(report, lang, ascii),
        _upcoming(report, lang, ascii),
        cell(rd.generated_line(report, lang), "dim"),
    )


def _attention(report: Report, lang: str, ascii: bool) -> RenderableType:
    if not report.attention:
        return Text(message("report.attention_none", lang), style="green")
    table = _point_table(report, report.attention, message("report.attention", lang), lang, ascii)
    if not report.attention_measures:
        return table
    return Group(table, *(_measures(report, line, lang, ascii) for line in report.attention_measures))


MEASURE_TEXT_CELLS = 40  # a measure's text is cut to this many cells on screen (files carry it whole)


def _shortened(text: str, cells: int) -> str:
    """`text` cut with … to at most `cells` terminal cells (CJK characters take two)."""
    from rich.cells import cell_len

    if cell_len(text) <= cells:
        return text
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > cells - 1:
            return text[:index] + "…"
    return text


def _measures(report: Report, line: PointLine, lang: str, ascii: bool) -> Fitted:
    """The measures behind a point needing attention: `7-2`, text (shortened), offices, deadline,
    percent against expected, health."""
    return Fitted(lambda width: _measure_table_at(report, line, lang, ascii, width))


def _measure_table_at(report: Report, line: PointLine, lang: str, ascii: bool, width: int) -> Table:
    """As the point tables: below 90 columns the lead and the deadline fold under the text."""
    medium = width >= MEDIUM
    lead_head, deadline_head = message("col.lead", lang), message("col.deadline", lang)
    table = table_frame(ascii, rd.measures_heading(line, lang))
    table.add_column(message("col.number", lang), no_wrap=True)
    table.add_column(message("report.measure_col", lang), ratio=3, min_width=12)
    if medium:
        table.add_column(lead_head, ratio=2)
        table.add_column(deadline_head, ratio=1)
    table.add_column(message("col.percent_expected", lang), no_wrap=True)
    table.add_column(message("col.health", lang), no_wrap=True)
    year = None if width >= WIDE else report.plan_year
    for m in line.measures:
        style = HEALTH_STYLE[m.health]
        lead = safe("、".join(m.leads) or message("word.none", lang))  # files name supports too
        deadline = Text(day_text(m.deadline, lang, year))
        text = safe(_shortened(m.text, MEASURE_TEXT_CELLS))
        table.add_row(
            m.ref,
            Breakable(text if medium else under(text, (lead_head, lead), (deadline_head, deadline))),
            *([Breakable(lead), Breakable(deadline)] if medium else []),
            Text(f"{m.percent}%/{percent_text(m.expected)}", style=style),
            Text(rd.measure_health_label(m, lang), style=style),
        )
    return table


def _sections(report: Report, lang: str, ascii: bool) -> Fitted:
    return Fitted(lambda width: _section_table(report, lang, ascii, width))


def _section_table(report: Report, lang: str, ascii: bool, width: int) -> RenderableType:
    """Every health has its column at every width, as in every other format (README: one section
    table), so each row adds up to its points; narrow terminals fold the section's name instead."""
    if width < WIDE:  # ten columns fit only a wide terminal: else a line a section, the same figures
        return _section_lines(report, lang, width)
    table = table_frame(ascii, message("report.by_section", lang))
    section, *figures = rd.section_header(lang, report.review)
    table.add_column(section, ratio=3, min_width=10)
    for heading in figures:
        table.add_column(heading, justify="right", no_wrap=True)
    rows = rd.section_rows(report, lang)
    for index, (name, tally) in enumerate(rows):
        table.add_row(
            cell(name),
            *map(str, rd.section_counts(tally)),
            percent_text(tally.mean_percent),
            end_section=index == len(rows) - 2,  # a rule above the total
        )
    return table


def _section_lines(report: Report, lang: str, width: int) -> Group:
    """A section a paragraph: its name, then its figures (`项数 2，已完成 1，…，平均进度 76%`)
    packed into lines of the width, so a line breaks only between two figures."""
    from rich.cells import cell_len

    _, count, *healths, mean = rd.section_header(lang, report.review)
    sep = "，" if lang != "en" else ", "
    lines: list[RenderableType] = [Text(message("report.by_section", lang), style="bold")]
    for name, tally in rd.section_rows(report, lang):
        points, *counts = rd.section_counts(tally)
        figures = [f"{count} {points}", *(f"{h} {n}" for h, n in zip(healths, counts, strict=True))]
        figures.append(f"{mean} {percent_text(tally.mean_percent)}")
        lines.append(cell(name))
        row = ""
        for figure in figures:
            joined = f"{row}{sep}{figure}" if row else figure
            if row and cell_len("  " + joined) > width:
                lines.append(Text("  " + row + sep.rstrip()))
                joined = figure
            row = joined
        lines.append(Text("  " + row))
    return Group(*lines)


def _points(report: Report, lang: str, ascii: bool) -> Fitted:
    return _point_table(report, report.points, message("report.points", lang), lang, ascii, notes=True)


def _point_table(
    report: Report, lines: tuple[PointLine, ...], title: str, lang: str, ascii: bool, notes: bool = False
) -> Fitted:
    return Fitted(lambda width: _point_table_at(report, lines, title, lang, ascii, notes, width))


def _point_table_at(
    report: Report,
    lines: tuple[PointLine, ...],
    title: str,
    lang: str,
    ascii: bool,
    notes: bool,
    width: int,
) -> Table:
    wide, medium = width >= WIDE, width >= MEDIUM
    year = None if wide else report.plan_year
    lead_head, notes_head = message("col.lead", lang), message("report.notes", lang)
    table = table_frame(ascii, title)
    table.add_column(message("col.number", lang), justify="right", no_wrap=True)
    table.add_column(message("col.title", lang), ratio=3, min_width=12)
    if medium:
        table.add_column(lead_head, ratio=2)
    table.add_column(message("col.deadline", lang), ratio=2)
    figures_head = f"{message('col.percent', lang)} / {message('col.expected', lang)}"
    table.add_column(figures_head if medium else message("col.percent_expected", lang), no_wrap=True)
    table.add_column(message("col.health", lang), no_wrap=True)
    if notes and wide:
        table.add_column(notes_head, ratio=3)
    for p in lines:
        style = HEALTH_STYLE[p.health]
        figures = f"{p.percent}%/{percent_text(p.expected)}"
        if medium:
            progress = bar(p.percent, p.expected, style, ascii, BAR_WIDTH if wide else 10).append(
                f" {figures}"
            )
        else:
            progress = Text(figures, style=style)
        deadline = Text(day_text(p.deadline, lang, year))
        if p.deadline_postponed:
            deadline.append(" " + message("word.postponed", lang), style="yellow")
        # The screen shows the latest note; the files carry all of the quarter's.
        latest = p.notes[-1] if notes and p.notes else None
        note = safe(f"{format_month_day(latest.reported_on, lang)}：{latest.note}") if latest else Text("")
        lead = safe(rd.lead_text(p, lang))
        folded: list[tuple[str, Text | str]] = [] if medium else [(lead_head, lead)]
        if notes and not wide:
            folded.append((notes_head, note))
        row: list[RenderableType] = [
            str(p.number),
            Breakable(under(safe(p.title), *folded)),
            *([Breakable(lead)] if medium else []),
            Breakable(deadline),
            progress,
            Text(rd.point_health_label(p, lang), style=style),
        ]
        if notes and wide:
            row.append(Breakable(note))
        table.add_row(*row)
    return table


def _upcoming(report: Report, lang: str, ascii: bool) -> Fitted | Text:
    quarter = report.quarter.next()
    title = message("report.upcoming", lang, quarter=quarter.label(lang))
    if not report.upcoming:
        return Text(message("report.upcoming_none", lang), style="dim")
    return _point_table(report, report.upcoming, title, lang, ascii)
