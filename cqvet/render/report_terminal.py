"""The quarterly report on the terminal: headline, a bar per point against expected, attention first.

The bar is drawn in text cells: `█` up to the percent, and a `│` marker at
the expected percent (序时进度), so a glance shows who is behind; with
`ascii=True` it is `#`, `.` and `|`. Colours follow health, and the health
word is always written too (colour is never the only signal).
"""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cqvet.dates import format_date
from cqvet.figures import percent_text
from cqvet.labels import message
from cqvet.render import report_data as rd
from cqvet.render.terminal import HEALTH_STYLE, safe, table_frame
from cqvet.report import HEALTH_ORDER, PointLine, Report

BAR_WIDTH = 20


def bar(percent: int, expected: float, style: str, ascii: bool = False) -> Text:
    """A text bar of `percent` with a marker at `expected`."""
    filled = round(percent * BAR_WIDTH / 100)
    marker = min(BAR_WIDTH - 1, round(expected * BAR_WIDTH / 100))
    full, empty, tick = ("#", ".", "|") if ascii else ("█", "░", "│")
    text = Text()
    for cell in range(BAR_WIDTH):
        if cell == marker:
            text.append(tick, style="bold")
        else:
            text.append(full if cell < filled else empty, style=style if cell < filled else "dim")
    return text


def render_report(report: Report, lang: str, ascii: bool = False) -> Group:
    health_text = Text()
    for h in HEALTH_ORDER:
        health_text.append(f"{rd.health_label(h, lang)} {report.tally.count(h)}  ", style=HEALTH_STYLE[h])
    head = Group(
        safe(rd.period(report, lang), style="bold"),
        safe(rd.headline(report, lang)),
        safe(rd.change_sentence(report, lang), style="dim"),
        health_text,
    )
    from rich import box

    return Group(
        Panel(head, title=safe(rd.title(report, lang)), box=box.ASCII if ascii else box.ROUNDED),
        _attention(report, lang, ascii),
        _sections(report, lang, ascii),
        _points(report, lang, ascii),
        _upcoming(report, lang, ascii),
        Text(rd.generated_line(report, lang), style="dim"),
    )


def _attention(report: Report, lang: str, ascii: bool) -> Table | Text:
    if not report.attention:
        return Text(message("report.attention_none", lang), style="green")
    return _point_table(report.attention, message("report.attention", lang), lang, ascii)


def _sections(report: Report, lang: str, ascii: bool) -> Table:
    table = table_frame(ascii, message("report.by_section", lang))
    section, *figures = rd.section_header(lang)
    table.add_column(section, overflow="fold", ratio=3)
    for heading in figures:
        table.add_column(heading, justify="right", overflow="fold")
    rows = rd.section_rows(report, lang)
    for index, (name, tally) in enumerate(rows):
        table.add_row(
            safe(name),
            *map(str, rd.section_counts(tally)),
            percent_text(tally.mean_percent),
            end_section=index == len(rows) - 2,  # a rule above the total
        )
    return table


def _points(report: Report, lang: str, ascii: bool) -> Table:
    return _point_table(report.points, message("report.points", lang), lang, ascii, notes=True)


def _point_table(
    lines: tuple[PointLine, ...], title: str, lang: str, ascii: bool, notes: bool = False
) -> Table:
    table = table_frame(ascii, title)
    table.add_column(message("col.number", lang), justify="right", no_wrap=True)
    table.add_column(message("col.title", lang), overflow="fold", ratio=3)
    table.add_column(message("col.lead", lang), overflow="fold", ratio=2)
    table.add_column(message("col.deadline", lang), overflow="fold", ratio=2)
    table.add_column(f"{message('col.percent', lang)} / {message('col.expected', lang)}", no_wrap=True)
    table.add_column(message("col.health", lang), no_wrap=True)
    if notes:
        table.add_column(message("report.notes", lang), overflow="fold", ratio=3)
    for p in lines:
        style = HEALTH_STYLE[p.health]
        progress = bar(p.percent, p.expected, style, ascii).append(
            f" {p.percent}%/{percent_text(p.expected)}"
        )
        deadline = Text(format_date(p.deadline, lang))
        if p.deadline_postponed:
            deadline.append(" " + message("word.postponed", lang), style="yellow")
        row: list[Text | str] = [
            str(p.number),
            safe(p.title),
            safe(rd.lead_text(p, lang)),
            deadline,
            progress,
            Text(rd.health_label(p.health, lang), style=style),
        ]
        if notes:  # the screen shows the latest note; the files carry all of the quarter's
            latest = p.notes[-1] if p.notes else None
            row.append(safe(f"{latest.reported_on:%m-%d}：{latest.note}" if latest else ""))
        table.add_row(*row)
    return table


def _upcoming(report: Report, lang: str, ascii: bool) -> Table | Text:
    quarter = report.quarter.next()
    title = message("report.upcoming", lang, quarter=quarter.label(lang))
    if not report.upcoming:
        return Text(message("report.upcoming_none", lang), style="dim")
    return _point_table(report.upcoming, title, lang, ascii)
