"""The preview of an import on the terminal, and its problems as lines for stderr.

An import result in (`cqvet.exchange`), Rich renderables or plain lines out.
Every cell text comes from a spreadsheet someone filled in, so all of it goes
through `safe()` (never markup, no control characters) and problem lines
through `strip_controls`. Nothing here decides what changes.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cqvet.dates import format_date
from cqvet.exchange import AssignmentImport, FieldChange, Problem, ProgressImport
from cqvet.labels import message
from cqvet.render.terminal import NARROW, WIDE, Fitted, safe, status_text, table_frame, under
from cqvet.render.text import strip_controls
from cqvet.render.wrapping import Breakable

FIELD_LABELS = {
    "lead": "col.lead",
    "supports": "col.supports",
    "leader": "col.leader",
    "contact": "col.contact",
    "deadline": "col.deadline",
}


def _value(change: FieldChange, lang: str, after: bool) -> Text:
    text = change.after if after else change.before
    day = change.after_day if after else change.before_day
    if not text:
        return Text(message("import.cleared" if after else "import.new_value", lang), style="dim")
    shown = safe(text, "green" if after else "")
    if day is not None:
        shown.append(
            f" ({format_date(day, lang)})" if lang == "en" else f"（{format_date(day, lang)}）", style="dim"
        )
    return shown


# A preview lists this many points (or updates), then sums up the rest: a sheet that
# changes 5,000 points would otherwise spend most of its import laying out the table.
MAX_PREVIEW_POINTS = 100


def assignment_preview(result: AssignmentImport, lang: str, ascii: bool = False) -> RenderableType:
    """One line per changed field of each point (the first `MAX_PREVIEW_POINTS` points; the rest
    counted by field), then what was left alone and why.

    Fitted to the console: below 80 columns the point's title folds under its number's row
    as a line of its own, leaving the before and after columns room."""
    parts: list[RenderableType] = []
    if result.changes:
        parts.append(Fitted(lambda width: _assignment_table(result, lang, ascii, width)))
        if len(result.changes) > MAX_PREVIEW_POINTS:
            counts: dict[str, int] = {}
            for change in result.changes:
                for item in change.fields:
                    counts[item.name] = counts.get(item.name, 0) + 1
            fields = "、".join(
                message("import.field_count", lang, field=message(FIELD_LABELS[name], lang), count=f"{n:,}")
                for name, n in counts.items()
            )
            rest = len(result.changes) - MAX_PREVIEW_POINTS
            parts.append(
                Text(message("import.more_changes", lang, count=f"{rest:,}", fields=fields), style="dim")
            )
    elif not result.problems:
        parts.append(Text(message("import.no_changes", lang)))
    parts.extend(_tally(result.unchanged, 0, result.blank, result.ignored, lang))
    return Group(*parts)


def _assignment_table(result: AssignmentImport, lang: str, ascii: bool, width: int) -> Table:
    narrow = width < NARROW
    table = table_frame(
        ascii, message("import.assignments_title", lang, source=result.source, sheet=result.sheet)
    )
    table.add_column(message("col.row", lang), justify="right", no_wrap=True)
    table.add_column(message("col.number", lang), justify="right", no_wrap=True)
    if not narrow:
        table.add_column(message("col.title", lang), ratio=3, min_width=10)
    table.add_column(message("col.field", lang), no_wrap=True)
    table.add_column(message("col.before", lang), ratio=2)
    table.add_column(message("col.after", lang), ratio=2)
    for change in result.changes[:MAX_PREVIEW_POINTS]:
        if narrow:
            table.add_row(
                str(change.row), change.ref, Breakable(safe(change.title, "bold")), end_section=False
            )
        for index, item in enumerate(change.fields):
            first = index == 0 and not narrow
            title = [Breakable(safe(change.title)) if first else Text("")] if not narrow else []
            table.add_row(
                str(change.row) if first else "",
                change.ref if first else "",
                *title,
                message(FIELD_LABELS[item.name], lang),
                Breakable(_value(item, lang, after=False)),
                Breakable(_value(item, lang, after=True)),
            )
    return table


def progress_preview(result: ProgressImport, lang: str, ascii: bool = False) -> RenderableType:
    """One line per update to be recorded: point, percent before and after, status, day, author, note.

    Fitted to the console: below 120 columns the author and the note fold under the title,
    below 80 the day too."""
    parts: list[RenderableType] = []
    if result.lines:
        parts.append(Fitted(lambda width: _progress_table(result, lang, ascii, width)))
        if len(result.lines) > MAX_PREVIEW_POINTS:
            rest = len(result.lines) - MAX_PREVIEW_POINTS
            parts.append(Text(message("import.more_lines", lang, count=f"{rest:,}"), style="dim"))
    elif not result.problems:
        parts.append(Text(message("import.no_changes", lang)))
    parts.extend(_tally(0, result.unfilled, result.blank, result.ignored, lang))
    return Group(*parts)


def _progress_table(result: ProgressImport, lang: str, ascii: bool, width: int) -> Table:
    date_head, author_head, note_head = (
        message(k, lang) for k in ("col.date", "col.author", "col.progress_note")
    )
    table = table_frame(
        ascii, message("import.progress_title", lang, source=result.source, sheet=result.sheet)
    )
    table.add_column(message("col.row", lang), justify="right", no_wrap=True)
    table.add_column(message("col.number", lang), justify="right", no_wrap=True)
    table.add_column(message("col.title", lang), ratio=2, min_width=12)
    table.add_column(message("col.percent", lang), no_wrap=True)
    table.add_column(message("col.status", lang), no_wrap=True)
    if width >= NARROW:
        table.add_column(date_head, no_wrap=True)
    if width >= WIDE:
        table.add_column(author_head)
        table.add_column(note_head, ratio=3)
    for line in result.lines[:MAX_PREVIEW_POINTS]:
        if line.office:  # a supporting office's contribution: its own percent, if any
            percent = Text("—" if line.percent is None else f"{line.percent}%")
            status = Text(message("import.contribution", lang), style="cyan")
        else:
            percent = Text(f"{line.before[0]}% → " if line.before else "→ ", style="dim")
            percent.append(f"{line.percent}%" if line.figures else "—")
            if line.correction:
                percent.append(f" {message('import.correction', lang)}", style="yellow")
            assert line.status is not None
            status = status_text(line.status, lang) if line.figures else Text("—", style="dim")
        day = line.reported_on.isoformat()
        folded: list[tuple[str, Text | str]] = [] if width >= NARROW else [(date_head, day)]
        if width < WIDE:
            folded += [(author_head, safe(line.author, "dim")), (note_head, safe(line.note, "dim"))]
        table.add_row(
            str(line.row),
            line.ref,
            Breakable(under(safe(line.title), *folded)),
            percent,
            status,
            *([day] if width >= NARROW else []),
            *([Breakable(safe(line.author)), Breakable(safe(line.note))] if width >= WIDE else []),
        )
    return table


def _tally(
    unchanged: int, unfilled: int, blank: int, ignored: tuple[tuple[str, str], ...], lang: str
) -> list[Text]:
    lines: list[Text] = []
    for key, count in (
        ("import.unchanged", unchanged),
        ("import.unfilled", unfilled),
        ("import.blank", blank),
    ):
        if count:
            lines.append(Text(message(key, lang, count=count), style="dim"))
    if ignored:
        columns = "、".join(message("import.ignored_column", lang, column=c, heading=h) for c, h in ignored)
        lines.append(safe(message("import.ignored", lang, columns=columns), "yellow"))
    return lines


MAX_PROBLEM_LINES = 50


def problem_lines(problems: tuple[Problem, ...], lang: str) -> list[str]:
    """Each problem as one line naming its row and column, for stderr before the error line.

    The first `MAX_PROBLEM_LINES` only, then one line with how many more: a sheet
    of a million bad rows should not bury the terminal (the first fifty show what is wrong).
    """
    lines = []
    for problem in problems[:MAX_PROBLEM_LINES]:
        text = message(problem.key, lang, **problem.params)
        if problem.row is not None and problem.column is not None:
            text = message(
                "import.at_cell",
                lang,
                row=problem.row,
                column=problem.column,
                heading=problem.heading,
                text=text,
            )
        elif problem.row is not None:
            text = message("import.at_row", lang, row=problem.row, text=text)
        lines.append("  " + strip_controls(text).replace("\n", " "))
    if len(problems) > MAX_PROBLEM_LINES:
        lines.append("  " + message("import.more_problems", lang, count=len(problems) - MAX_PROBLEM_LINES))
    return lines
