"""PDF files: the text layer in reading order, with what extraction does to Chinese undone.

pypdf (pure Python, no compiled parts to install on Windows, well kept)
reads the text layer; for the PDFs offices receive, printed from Word, WPS
or a browser, its content order is the reading order. Then:

* Kangxi radicals and compatibility ideographs (`⼯`, `⻚`) become the
  characters they look like, and spaces between Chinese characters go
  (`cqvet.plan_doc.fold_pdf_text`);
* page numbers alone on a line (`- 3 -`, `第 3 页`) go;
* a line that runs to the full width of the text and does not end a
  sentence continues on the next line (it was wrapped there), unless the
  next line opens a heading or a point; so a title or a point's first line
  that wrapped reads as one line, as in the document's other forms.

A PDF without a text layer (a scan) is refused with a line that says so, and
so is a PDF holding a task table (a line opening `序号…任务…单位`): its text
layer keeps no cells, so its rows would run into the point above; the table's
Word or web original reads whole.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from cqvet.errors import UsageError
from cqvet.plan_doc import Block, fold_pdf_text, normalise, starts_block

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
_ENDS_SENTENCE = re.compile(r"[。！？!?；;：:”」』）)]$")
_TABLE_HEADER = re.compile(r"^序\s*号\s*\S*(任务|工作|内容|事项)\S*(单位|部门|时限)")
MAX_PAGES = 5000


def pdf_blocks(raw: bytes, path: Path) -> list[Block]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd fonts are not the user's
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UsageError("pdf_encrypted", path=path.name)
        if len(reader.pages) > MAX_PAGES:
            raise UsageError("pdf_too_many_pages", path=path.name, pages=len(reader.pages), limit=MAX_PAGES)
        pages = [page.extract_text() or "" for page in reader.pages]
    except UsageError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UsageError("file_damaged", path=path.name, reason=str(exc) or type(exc).__name__) from exc
    lines = [
        line.strip()
        for page in pages
        for line in normalise(fold_pdf_text(page)).split("\n")
        if line.strip() and not _PAGE_NUMBER.match(line.strip())
    ]
    if not lines:
        raise UsageError("pdf_no_text", path=path.name, pages=len(pages))
    for number, line in enumerate(lines, start=1):
        # A narrow column wraps even the header (`序` / `号重点工作任务…`).
        if _TABLE_HEADER.match(line + (lines[number] if number < len(lines) else "")):
            # A PDF keeps no table structure: its rows would run into the point above.
            raise UsageError("pdf_table", path=path.name, line=number)
    return list(_unwrap(lines))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _unwrap(lines: list[str]) -> list[str]:
    widths = [_width(line) for line in lines]
    full = max(widths)
    out: list[str] = []
    joining = False
    for line, width in zip(lines, widths, strict=True):
        if joining and not starts_block(line):
            out[-1] += line
        else:
            out.append(line)
        joining = width >= full - 4 and not _ENDS_SENTENCE.search(line)
    return out
