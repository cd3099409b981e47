"""Word files (.docx): paragraphs and tables in the order of the document's body.

The body's XML is walked directly (python-docx opens the package): a
paragraph is a line (a manual line break inside it starts another), a table
row a tuple of its cells. A cell spanning several columns (`gridSpan`) fills
each of them, so cells line up with their header; a cell merged down over
several rows (`vMerge`) gives its text to every row it spans, as a reader of
the printed table sees it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cqvet.errors import UsageError
from cqvet.plan_doc import Block, normalise

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def is_docx(raw: bytes) -> bool:
    """Whether a zip file is a Word document (and not a spreadsheet or any other archive)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def docx_blocks(raw: bytes, path: Path) -> list[Block]:
    from cqvet.documents import MAX_UNPACKED_BYTES

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError("file_damaged", path=path.name, reason=str(exc)) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise UsageError("file_too_large", path=path.name, size=unpacked, limit=MAX_UNPACKED_BYTES)
    import docx

    try:
        body = docx.Document(io.BytesIO(raw)).element.body
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged package
        raise UsageError("file_damaged", path=path.name, reason=str(exc) or type(exc).__name__) from exc
    return list(_body(body))


def _body(element: Any) -> Iterator[Block]:
    for child in element.iterchildren():
        if child.tag == W + "p":
            yield from normalise(_paragraph(child)).split("\n")
        elif child.tag == W + "tbl":
            yield from _table(child)
        elif child.tag == W + "sdt":  # a content control wraps ordinary paragraphs and tables
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _body(content)


def _paragraph(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _table(tbl: Any) -> Iterator[Block]:
    above: dict[int, str] = {}  # column → text of a cell merged down from an earlier row
    for tr in tbl.iterchildren(W + "tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(W + "tc"):
            props = tc.find(W + "tcPr")
            span, merge = 1, None
            if props is not None:
                grid = props.find(W + "gridSpan")
                span = int(grid.get(W + "val", "1")) if grid is not None else 1
                vmerge = props.find(W + "vMerge")
                merge = None if vmerge is None else vmerge.get(W + "val", "continue")
            column = len(cells)
            if merge == "continue":
                text = above.get(column, "")
            else:
                text = "\n".join(
                    normalise(_paragraph(p)).strip() for p in tc.iter(W + "p") if _paragraph(p).strip()
                )
                if merge == "restart":
                    above[column] = text
                else:
                    above.pop(column, None)
            cells.extend([text] * max(1, min(span, 64)))
        yield tuple(cells)
