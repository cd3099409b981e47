"""A Rich table drawn row by row without Rich's per-cell layout: what makes 5,000-row tables fit.

Rich lays out every cell of a table through its whole rendering pipeline (a
padding, a text wrap, a crop of each line): about 0.1–0.25 ms a cell, so `cqvet
list` at 5,000 points spent 7 s of CPU in it (README Performance). `Quick`
draws the same `Table` to the same characters in the same styles:

- the column widths are Rich's own: Rich lays out a stand-in table holding the
  real title, columns and header and one row of stand-in cells that report, as
  their measurement, the widest of their column's cells (Rich takes the maximum
  over a column, so one stand-in per column measures as the whole column does);
  the stand-ins learn their widths as Rich draws them, and Rich's drawing of the
  stand-in gives the title, the top border, the header and the bottom border;
- a cell that fits its column on one line (nearly every cell) is written
  directly: its text, padded to the column as Rich pads it, in the style Rich
  would give each character; any other cell (one that wraps, or holds another
  renderable) is handed to Rich alone, as Rich's table would hand it.

Only tables longer than a screen (`QUICK_ROWS`) are drawn so; shorter ones go
through Rich as they always did. `tests/test_quick_table.py` draws the tables
of the 17-point plan both ways at 60, 80 and 120 columns and compares them
character by character, styles included. What it relies on of Rich besides its
public interface is checked there too: if a Rich upgrade changes how a table is
laid out, those tests fail rather than the screen.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from cqvet.render.wrapping import Breakable, line_starts

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Column

QUICK_ROWS = 60  # more rows than a screen holds: below, Rich draws the table itself


class _StandIn:
    """One row's cell of the stand-in table: it measures as its whole column and records its width."""

    def __init__(self, measurement: Measurement | None) -> None:
        self.measurement = measurement
        self.width = 0

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if self.measurement is None:  # a column of a fixed width: Rich does not measure its cells
            return Measurement(1, 1)
        return self.measurement.with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.width = options.max_width
        return iter(())


def _widest(console: Console, options: ConsoleOptions, cell: RenderableType) -> int:
    """The widest line of a cell, as Rich measures it (`Text.__rich_measure__`, `Breakable`'s)."""
    if isinstance(cell, str | Text | Breakable):
        text = cell.text if isinstance(cell, Breakable) else cell
        plain = text if isinstance(text, str) else text.plain
        if "\n" not in plain and "\r" not in plain:
            return cell_len(plain)
        lines = plain.split("\n") if isinstance(cell, Breakable) else plain.splitlines()
        return max(map(cell_len, lines), default=0)
    return Measurement.get(console, options, cell).maximum


def _column_measurement(console: Console, options: ConsoleOptions, column: Column) -> Measurement | None:
    """The column's widest cell, as its stand-in's measurement (None for a column of a fixed width).

    Only the maxima of the cells count: Rich sets a table's column widths from
    each column's maximum (the minimum counts only where a table is measured
    inside another renderable, which the stand-in table never is), so the
    stand-in reports its maximum as its minimum too, and no cell is searched for
    its narrowest unbreakable piece.
    """
    if column.width is not None:
        return None
    inner = options.update_width(max(options.max_width - 2, 1))
    most = max((_widest(console, inner, cell) for cell in column.cells), default=0)
    return Measurement(most, most)


def quick(table: Table) -> RenderableType:
    """`table`, drawn by `Quick` when it is longer than a screen."""
    return Quick(table) if table.row_count > QUICK_ROWS and Quick.handles(table) else table


class Quick:
    """A `Table` drawn as Rich draws it, the rows without Rich's per-cell layout (module docstring)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    @staticmethod
    def handles(table: Table) -> bool:
        """The table features drawn here: a box with its edge, padding (0, 1), no footer or caption."""
        return (
            table.box is not None
            and table.show_edge
            and tuple(table.padding) == (0, 1, 0, 1)
            and table.pad_edge
            and not table.collapse_padding
            and not table.show_footer
            and not table.show_lines
            and not table.leading
            and not table.row_styles
            and table.caption is None
            and table.width is None
            and not table.expand
            and all(not column.style and column.vertical == "top" for column in table.columns)
        )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table
        stand_ins = [_StandIn(_column_measurement(console, options, c)) for c in table.columns]
        frame = copy.copy(table)
        frame.columns = [copy.copy(c) for c in table.columns]
        for column in frame.columns:
            column._cells = []
        frame.rows = []
        frame.add_row(*stand_ins)
        lines = list(Segment.split_lines(console.render(frame, options)))
        widths = [s.width + 2 for s in stand_ins]
        # The stand-in's drawing, less its row and its bottom border, is the table's top.
        for line in lines[:-2]:
            yield from line
            yield Segment.line()
        yield from self._rows(console, options, widths)
        yield from lines[-1]
        yield Segment.line()

    def _rows(self, console: Console, options: ConsoleOptions, widths: list[int]) -> Iterable[Segment]:
        table = self.table
        get_style = console.get_style
        border = get_style(table.style or "") + get_style(table.border_style or "")
        box = table.box
        assert box is not None
        box = box.substitute(options, safe=console.safe_box if table.safe_box is None else table.safe_box)
        if not table.show_header:
            box = box.get_plain_headed_box()
        rule = Segment(box.get_row(widths, "row", edge=True), border)
        newline = Segment.line()
        render_options = options.update(
            width=sum(widths) + len(widths) + 1, highlight=table.highlight, height=None
        )
        columns = table.columns
        count = len(table.rows)
        kinds = [
            tuple(Segment(e, border) for e in edges)
            for edges in (
                (box.head_left, box.head_right, box.head_vertical),
                (box.mid_left, box.mid_right, box.mid_vertical),
                (box.foot_left, box.foot_right, box.foot_vertical),
            )
        ]
        row_styles: dict[object, Style] = {}
        cells_by_row = zip(*(column.cells for column in columns), strict=True)
        for index, (row, cells) in enumerate(zip(table.rows, cells_by_row, strict=True)):
            at = index + table.show_header  # the row's place among Rich's rows (the header is the first)
            last = index == count - 1
            left, right, divider = kinds[0 if at == 0 else 2 if last else 1]
            row_style = row_styles.get(row.style)
            if row_style is None:
                row_style = Style.null() + get_style(row.style) if row.style is not None else Style.null()
                row_styles[row.style] = row_style
            if not divider.text.strip():
                divider = Segment(divider.text, row_style.background_style + divider.style)
            drawn = [
                self._cell(console, render_options, cell, column, width, row_style)
                for cell, column, width in zip(cells, columns, widths, strict=True)
            ]
            height = max(map(len, drawn))
            if height > 1:  # each line is already its column's width: the short cells get blank lines
                drawn = [
                    lines + [[Segment(" " * width, row_style)]] * (height - len(lines))
                    for lines, width in zip(drawn, widths, strict=True)
                ]
            for line_no in range(height):
                line = [left]
                for place, lines in enumerate(drawn):
                    if place:
                        line.append(divider)
                    line.extend(lines[line_no])
                line.append(right)
                # Runs of one style as one segment: the console measures and writes each segment.
                yield from _merged(line)
                yield newline
            if row.end_section and not last:
                yield rule
                yield newline

    @staticmethod
    def _cell(
        console: Console,
        options: ConsoleOptions,
        cell: RenderableType,
        column: Column,
        width: int,
        style: Style,
    ) -> list[list[Segment]]:
        """A cell's lines as Rich's table draws them: written here when each line fits, else Rich's."""
        justify = column.justify
        if justify in ("left", "default", "right"):
            if isinstance(cell, str | Text):
                line = _line(console, cell, width, justify == "right", style)
                if line is not None:
                    return [line]
            elif isinstance(cell, Breakable):
                lines = _breakable(console, cell, width, justify == "right", style)
                if lines is not None:
                    return lines
        cell_options = options.update(
            width=width,
            justify=justify,
            no_wrap=column.no_wrap,
            overflow=column.overflow,
            height=None,
            highlight=column.highlight,
        )
        return console.render_lines(Padding(cell, (0, 1, 0, 1)), cell_options, style=style)


def _line(
    console: Console,
    text: str | Text,
    width: int,
    right: bool,
    style: Style,
    start: int = 0,
    end: int | None = None,
) -> list[Segment] | None:
    """`text[start:end]` as one line of a cell `width` wide, padded as Rich pads it; None if it
    does not fit so. Neighbouring blanks of one style are one segment: the console then has
    fewer pieces to measure and to write."""
    whole = text if isinstance(text, str) else text.plain
    sliced = start != 0 or end is not None
    plain = whole[start:end] if sliced else whole
    room = width - 2 - cell_len(plain)
    if room < 0 or plain != plain.strip() or "\n" in plain or "\r" in plain or "\t" in plain:
        return None
    if isinstance(text, Text) and text.justify is not None:
        return None
    text_style = _text_style(console, text)
    base = style if text_style is _NULL else style + text_style
    if (base is style or base == style) and (isinstance(text, str) or not text.spans):  # the common cell
        return [Segment(f"{' ' * (room + 1)}{plain} " if right else f" {plain}{' ' * (room + 1)}", style)]
    if isinstance(text, str) or not text.spans:
        body = [Segment(plain, base)] if plain else []
    else:
        body = _spans(console, text[start:end] if sliced else text, base, style)
    if base == style:
        if right:
            return [Segment(" " * (room + 1), style), *body, Segment(" ", style)]
        return [Segment(" ", style), *body, Segment(" " * (room + 1), style)]
    pad = Segment(" ", style)
    fill = [Segment(" " * room, base)] if room else []
    return [pad, *fill, *body, pad] if right else [pad, *body, *fill, pad]


def _breakable(
    console: Console, cell: Breakable, width: int, right: bool, style: Style
) -> list[list[Segment]] | None:
    """A `Breakable`'s lines, broken where it breaks them (`line_starts`); None if a piece is too wide."""
    text = cell.text
    plain = text.plain
    if "\n" not in plain and cell_len(plain) <= width - 2:
        line = _line(console, text, width, right, style)
        return None if line is None else [line]
    lines = []
    starts = _line_starts(plain, width - 2, cell.chinese)
    if not text.spans and text.style == "" and text.justify is None:  # a plain title: no styles to cut
        for start, end in starts:
            piece = plain[start:end]
            room = width - 1 - cell_len(piece)
            if room < 1 or piece != piece.strip() or "\r" in piece or "\t" in piece:
                return None
            lines.append([Segment(f"{' ' * room}{piece} " if right else f" {piece}{' ' * room}", style)])
        return lines
    for start, end in starts:
        line = _line(console, text, width, right, style, start, end)
        if line is None:
            return None
        lines.append(line)
    return lines


@lru_cache(maxsize=16384)
def _line_starts(plain: str, width: int, chinese: bool) -> tuple[tuple[int, int], ...]:
    """`line_starts`, remembered: a report draws each point's title in three tables, two of one width."""
    return tuple(line_starts(plain, width, chinese))


def _merged(line: list[Segment]) -> list[Segment]:
    """`Segment.simplify`, comparing styles by identity first (most neighbours share one object)
    and joining each run's texts once."""
    first = line[0].style
    if all(segment.style is first for segment in line):  # a line of plain cells: one segment
        return [Segment("".join([segment.text for segment in line]), first)] if len(line) > 1 else line
    merged: list[Segment] = []
    run = [line[0]]  # neighbours of one style
    current = line[0].style
    for segment in line[1:]:
        style = segment.style
        if style is current or style == current:
            run.append(segment)
        else:
            merged.append(run[0] if len(run) == 1 else Segment("".join(s.text for s in run), current))
            run = [segment]
            current = style
    merged.append(run[0] if len(run) == 1 else Segment("".join(s.text for s in run), current))
    return merged


_NULL = Style.null()


def _text_style(console: Console, text: str | Text) -> Style:
    if isinstance(text, str) or text.style == "":  # most cells: no need to ask the theme
        return _NULL
    return console.get_style(text.style)


def _spans(console: Console, text: Text, base: Style, style: Style) -> list[Segment]:
    """A one-line Text's segments, each character in the style `Text.render` gives it, under `style`.

    Spans that do not overlap (every span in the tables here: a word appended in
    its own style) are cut out directly; overlapping ones are left to `Text.render`.
    """
    plain = text.plain
    spans = sorted(text.spans)
    if any(a.end > b.start for a, b in pairwise(spans)):
        return [Segment(s.text, style + s.style) for s in text.render(console) if s.text]
    get_style = console.get_style
    body: list[Segment] = []
    at = 0
    for start, end, span_style in spans:
        start, end = max(start, at), min(end, len(plain))
        if start >= end:
            continue
        if start > at:
            body.append(Segment(plain[at:start], base))
        body.append(Segment(plain[start:end], base + get_style(span_style)))
        at = end
    if at < len(plain):
        body.append(Segment(plain[at:], base))
    return body
