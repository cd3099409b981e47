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
_SOURCE_BREAK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])")
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


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements, and whether each is skipped
        self.skipping = 0
        self.rows: list[list[str]] = []  # the rows of the open tables, innermost last
        self.cell: list[str] | None = None
        self.table_depth = 0

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
        if tag == "table":
            self._break()
            self.table_depth += 1
        elif tag == "tr" and self.table_depth == 1:
            self.rows.append([])
        elif tag in ("td", "th") and self.table_depth == 1:
            self.cell = []
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
        if tag in ("td", "th") and self.table_depth == 1 and self.cell is not None:
            text = _text(self.cell).replace(_BREAK, "\n")
            if self.rows:
                self.rows[-1].append(text)
            self.cell = None
        elif tag == "tr" and self.table_depth == 1 and self.rows:
            cells = self.rows.pop()
            if any(cells):
                self.blocks.append(tuple(cells))
        elif tag == "table":
            self.table_depth = max(0, self.table_depth - 1)
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.table_depth > 1 and self.rows:
            return  # a table inside a cell: its text is the outer cell's only when in a cell
        else:
            self.line.append(data)

    def _break(self) -> None:
        if self.cell is not None:
            self.cell.append(_BREAK)
            return
        text = _text(self.line)
        self.line = []
        if text:
            self.blocks.extend(text.split(_BREAK))

    def finish(self) -> list[Block]:
        self._break()
        return self.blocks


_BREAK = "\u2029"  # a line break the page makes (<p>, <br>), unlike one in its source


def _text(parts: list[str]) -> str:
    joined = _SOURCE_BREAK.sub("", "".join(parts))
    lines = [_WHITESPACE.sub(" ", normalise(line)).strip() for line in joined.split(_BREAK)]
    return _BREAK.join(line for line in lines if line)
