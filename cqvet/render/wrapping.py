"""Where Chinese text may break a line, and a Rich cell that breaks only there.

Rich breaks lines at spaces and folds a longer run at the column's edge, anywhere:
`2021年9月3` / `0日` (which reads as 3 September), `…、1` / `2` (which reads as points
1 and 2). Here a line breaks between Chinese characters, at spaces and after
`、`, but never inside a Latin word, a number, a percent or a date (`2021年9月30日`,
`9月30日`, `2021-06-30`); a closing mark (，。、）) stays with what precedes it and an
opening one (（“) with what follows. `Breakable` is a table cell that wraps so, and
tells Rich its narrowest width (its widest unbreakable piece), so a column is never
squeezed below a date. English text breaks at spaces only, a Chinese word in it (a
form the user types, `6月30日`) staying whole.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import TYPE_CHECKING

from rich.cells import cell_len, get_character_cell_size
from rich.measure import Measurement
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

_CLOSERS = set("，。；：、）》」』”’！？…")
_OPENERS = set("（《「『“‘")
# A Latin word, a number, a date (2021年6月30日), an option, a path and a short gloss in
# brackets (（默认：年底）) stay whole; any other character stands alone.
_PIECE = re.compile(r"\s+|（[^（）\s]{1,6}）|(?:[0-9]+[年月日号]|[\x21-\x7e])+|.", re.DOTALL)
_PIECE_LATIN = re.compile(r"\s+|\S+", re.DOTALL)


def pieces(text: str, chinese: bool = True) -> list[tuple[int, int]]:
    """The unbreakable pieces of one line of `text` as (start, end) offsets, spaces left out."""
    spans: list[tuple[int, int]] = []
    carry: int | None = None  # where pending opening marks began
    after_space = True
    for match in (_PIECE if chinese else _PIECE_LATIN).finditer(text):
        start, end = match.span()
        piece = match[0]
        if piece.isspace():
            if carry is not None:
                spans.append((carry, start))
                carry = None
            after_space = True
            continue
        if piece in _OPENERS:
            carry = start if carry is None else carry
            continue
        if carry is not None:
            start, carry = carry, None
        if piece in _CLOSERS and spans and not after_space:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        after_space = False
    if carry is not None:
        spans.append((carry, len(text)))
    return spans


def line_starts(text: str, width: int, chinese: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each line `text` wraps into at `width` cells; a piece wider than a line
    stands alone on its line (and is folded by whoever draws it)."""
    lines: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        spans = pieces(paragraph, chinese)
        if not spans:
            lines.append((offset, offset))
        breaks = [0]  # indexes into spans where a line starts
        # The width of paragraph[a:b] is at[b] - at[a]: one pass over the characters rather than a
        # measure of each growing line (joiners and variation selectors are measured whole).
        if "\u200d" in paragraph or "\ufe0f" in paragraph:
            at = None
        else:
            at = list(accumulate(map(get_character_cell_size, paragraph), initial=0))
        for index, (_start, end) in enumerate(spans):
            if index > breaks[-1]:
                begin = spans[breaks[-1]][0]
                used = at[end] - at[begin] if at is not None else cell_len(paragraph[begin:end])
                if used > width:
                    breaks.append(index)
        # No widow: a last line of one character takes the previous line's last piece with it.
        if len(breaks) > 1 and len(spans) - breaks[-1] == 1 and breaks[-1] - breaks[-2] > 2:
            last = spans[-1]
            if cell_len(paragraph[last[0] : last[1]]) <= 2:
                breaks[-1] -= 1
        for first, after in zip(breaks, [*breaks[1:], len(spans)], strict=True):
            if after > first:
                lines.append((offset + spans[first][0], offset + spans[after - 1][1]))
        offset += len(paragraph) + 1
    return lines


def wrap(text: str, width: int, first_indent: str = "", indent: str = "", chinese: bool = True) -> list[str]:
    """`text` as lines of at most `width` cells, the first after `first_indent`, the rest after `indent`."""
    flat = " ".join(text.split())
    room = width - max(cell_len(first_indent), cell_len(indent))
    spans = line_starts(flat, max(room, 1), chinese)
    lines = [flat[start:end] for start, end in spans if end > start]
    return [(first_indent if i == 0 else indent) + line for i, line in enumerate(lines)]


def narrowest(text: str, chinese: bool = True) -> int:
    """The width of the widest unbreakable piece of `text`."""
    widths = (cell_len(line[s:e]) for line in text.split("\n") for s, e in pieces(line, chinese))
    return max(widths, default=0)


class Breakable:
    """A Rich cell (or line) of styled text that wraps only where Chinese text may break."""

    def __init__(self, text: Text | str, style: str = "", chinese: bool = True) -> None:
        self.text = text if isinstance(text, Text) else Text(text, style=style)
        self.chinese = chinese

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        widest = max((cell_len(line) for line in plain.split("\n")), default=0)
        least = min(narrowest(plain, self.chinese), widest)
        return Measurement(least, widest).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = self.text.plain
        for start, end in line_starts(plain, options.max_width, self.chinese):
            line = self.text[start:end]
            line.end = "\n"
            line.overflow = "fold"  # only a piece wider than the whole column, which Rich made narrower
            yield line
