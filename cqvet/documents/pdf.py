"""PDF files: the text layer in reading order, with what extraction does to Chinese undone.

pypdfium2 reads the text layer with PDFium, the PDF engine of Chrome: binary
wheels for Windows, macOS and Linux, kept up with PDFium's releases, and
fast (a generated 51-page plan in 0.55 s here, where pure-Python pypdf made
the same load take 31 s, and gave CJK radicals for common characters). Then:

* Kangxi radicals and compatibility ideographs (`⼯`, `⻚`) become the
  characters they look like, and spaces beside Chinese characters go
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

import re
import unicodedata
from pathlib import Path

from cqvet.errors import UsageError
from cqvet.plan_doc import Block, fold_pdf_text, normalise, starts_block

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
_ENDS_SENTENCE = re.compile(r"[。！？!?；;：:”」』）)]$")
_TABLE_HEADER = re.compile(r"^序\s*号.{0,40}?(任务|工作|内容|事项).{0,40}?(单位|部门|时限)")
MAX_PAGES = 5000


def pdf_blocks(raw: bytes, path: Path) -> list[Block]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UsageError("pdf_encrypted", path=path.name) from exc
        raise UsageError("file_damaged", path=path.name, reason=str(exc)) from exc
    try:
        if len(document) > MAX_PAGES:
            raise UsageError("pdf_too_many_pages", path=path.name, pages=len(document), limit=MAX_PAGES)
        pages = []
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range())
            text_page.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise UsageError("file_damaged", path=path.name, reason=str(exc)) from exc
    finally:
        document.close()
    lines = [
        line.strip()
        for page in pages
        for line in normalise(fold_pdf_text(page)).split("\n")
        if line.strip() and not _PAGE_NUMBER.match(line.strip())
    ]
    if not lines:
        raise UsageError("pdf_no_text", path=path.name, pages=len(pages))
    for number, line in enumerate(lines, start=1):
        # A narrow column wraps even the header (`序` / `号` / `重点工作任务` / `牵头单` / `位`).
        if line.startswith("序") and _TABLE_HEADER.match("".join(lines[number - 1 : number + 7])):
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
