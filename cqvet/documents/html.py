"""Saved web pages (.html/.htm): the main text, with tables as table rows.

The charset comes from a byte-order mark, else the page's `<meta charset>`
or `http-equiv` declaration, else UTF-8, else GB18030. Navigation, footers,
scripts, styles and forms are not part of the plan, nor is an
element whose class or id names such furniture (`nav`, `menu`, `breadcrumb`,
`footer`…); the parser itself ends the plan at `上一篇`/`下一篇`. Block
elements and `<br>` end lines. A `<header>` element is kept: articles put
their title in one (a site's own header, before the plan, is skipped with
the rest of the text before the title); text inside an element is joined as the
browser shows it, except that a line break in the page's source between two
Chinese characters is no space. The standard library's `html.parser` is
enough for this: it is lenient with the unclosed tags such pages have.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from cqvet.errors import UsageError
from cqvet.plan_doc import Block, normalise

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SKIP = frozenset(
    ("script", "style", "nav", "footer", "aside", "noscript", "template", "iframe", "select",
     "button", "form", "head", "title", "svg", "object", "map")
)  # fmt: skip
_FURNITURE = re.compile(r"(^|[\s_-])(nav|navbar|menu|breadcrumb|crumbs?|footer|header|sidebar|share|toolbar"
                        r"|topbar|login|search|position|location|weizhi|dqwz)([\s_-]|$)", re.I)  # fmt: skip
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
     "track", "wbr")
)  # fmt: skip
_BLOCK = frozenset(
    ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
     "blockquote", "pre", "dd", "dt", "dl", "center", "table", "tbody", "thead", "tfoot", "caption")
)  # fmt: skip
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# Not \s, which matches _BREAK (U+2029) too.
_SOURCE_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")


def charset(raw: bytes) -> str | None:
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    found = _CHARSET.search(raw[:8192])
    if found is None:
        return None
    name = found.group(1).decode("ascii").lower()
    if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936"):
        return "gb18030"  # what pages declaring these really hold
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def html_blocks(raw: bytes, path: Path) -> list[Block]:
    declared = charset(raw)
    text = None
    for encoding in ([declared] if declared else []) + ["utf-8", "gb18030"]:
        try:
            text = raw.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    if text is None:
        raise UsageError("file_form_binary", path=path.name)
    reader = _PageText()
    reader.feed(text)
    reader.close()
    return reader.finish()


class _Table:
    """An open `<table>`: its row and cell being read; `layout` once a table is found inside it.

    A cell spanning columns (`colspan`) fills each of them and one spanning rows (`rowspan`)
    gives its text to every row it spans, as Word's merged cells read (`docx.py`), so the
    cells of a task table line up with their header whichever way its page merges them.
    """

    __slots__ = ("cell", "data", "down", "layout", "row", "span")

    def __init__(self) -> None:
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.layout = False
        self.span = (1, 1)  # the open cell's colspan and rowspan
        self.down: dict[int, tuple[str, int]] = {}  # column → text merged down into it, rows left
        self.data = False  # a row of several cells has been read: this is a data table

    def fill(self) -> None:
        """Put the cells merged down from rows above at the row's next columns."""
        assert self.row is not None
        while (column := len(self.row)) in self.down:
            text, left = self.down.pop(column)
            self.row.append(text)
            if left > 1:
                self.down[column] = (text, left - 1)

    def place(self, text: str) -> None:
        assert self.row is not None
        self.fill()
        columns, rows = self.span
        for _ in range(columns):
            if rows > 1:
                self.down[len(self.row)] = (text, rows - 1)
            self.row.append(text)


class _PageText(HTMLParser):
    """The page's text as lines, and the rows of its data tables as tuples.

    Older government sites lay out the whole page in tables, the article in
    one cell: a table that holds another table is layout, and its cells'
    text reads as paragraphs; only a table without tables inside gives rows.
    A row of one cell (a heading merged across a data table) reads as
    paragraphs too.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements, and whether each is skipped
        self.skipping = 0
        self.tables: list[_Table] = []

    # --- structure ------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skipping:
                self._break()
            return
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        skip = tag in _SKIP or bool(names and _FURNITURE.search(names)) or "navigation" in names
        self.stack.append((tag, skip))
        if skip:
            self.skipping += 1
        if self.skipping:
            return
        table = self.tables[-1] if self.tables else None
        if tag == "table":
            self._break()
            if table is not None:
                self._make_layout(table)
            self.tables.append(_Table())
        elif tag == "tr" and table is not None:
            table.row = []
        elif tag in ("td", "th") and table is not None:
            table.cell = []
            table.span = (_span(attrs, "colspan", MAX_COLSPAN), _span(attrs, "rowspan", MAX_ROWSPAN))
        elif tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            if skip:
                self.skipping -= 1
            if not self.skipping:
                self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        table = self.tables[-1] if self.tables else None
        if tag in ("td", "th") and table is not None and table.cell is not None:
            text = _text(table.cell)
            table.cell = None
            if table.layout:
                self._paragraphs(text)
            elif table.row is not None:
                table.place(text.replace(_BREAK, "\n"))
        elif tag == "tr" and table is not None and table.row is not None:
            table.fill()
            cells, table.row = table.row, None
            filled = [i for i, c in enumerate(cells) if c]
            if len({cells[i] for i in filled}) > 1 or (table.data and filled and filled[0] > 0):
                # A data table's row with its one text in a later cell: a measure under merged cells.
                table.data = True
                self.blocks.append(tuple(cells))
            else:  # a heading merged across the table reads once, as paragraphs
                for cell in dict.fromkeys(cells):
                    self._paragraphs(cell.replace("\n", _BREAK))
        elif tag == "table" and table is not None:
            self.tables.pop()
        elif tag in _BLOCK:
            self._break()

    def _make_layout(self, table: _Table) -> None:
        """`table` holds a table: what it has read so far, and all it reads from now, is paragraphs."""
        if table.layout:
            if table.cell is not None:
                self._paragraphs(_text(table.cell))
                table.cell = []
            return
        table.layout = True
        for cell in table.row or []:
            self._paragraphs(cell.replace("\n", _BREAK))
        table.row = []
        if table.cell is not None:
            self._paragraphs(_text(table.cell))
            table.cell = []

    def _paragraphs(self, text: str) -> None:
        if text:
            self.blocks.extend(text.split(_BREAK))

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        table = self.tables[-1] if self.tables else None
        if table is None:
            self.line.append(data)
        elif table.cell is not None:
            table.cell.append(data)
        # text between a table's cells is the page's whitespace

    def _break(self) -> None:
        table = self.tables[-1] if self.tables else None
        if table is not None:
            if table.cell is not None:
                table.cell.append(_BREAK)
            return
        text = _text(self.line)
        self.line = []
        self._paragraphs(text)

    def finish(self) -> list[Block]:
        self._break()
        return self.blocks


MAX_COLSPAN = 64
MAX_ROWSPAN = 10_000


def _span(attrs: list[tuple[str, str | None]], name: str, limit: int) -> int:
    """A cell's colspan or rowspan: 1 unless a whole number from 1 up (`rowspan="0"` spans nothing here)."""
    value = next((v for k, v in attrs if k == name), None) or "1"
    value = value.strip()
    return min(int(value), limit) if value.isdecimal() and int(value) > 0 else 1


_BREAK = "\u2029"  # a line break the page makes (<p>, <br>), unlike one in its source


def _text(parts: list[str]) -> str:
    joined = _SOURCE_BREAK.sub("", "".join(parts))
    lines = [_WHITESPACE.sub(" ", normalise(line)).strip() for line in joined.split(_BREAK)]
    return _BREAK.join(line for line in lines if line)
