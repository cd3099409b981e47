"""Plan document files of every form cqvet reads, turned into blocks for `cqvet.plan_doc`.

`read_document(path)` looks at the file's first bytes (not only its name) to
choose a reader: `.docx` (`docx.py`), PDF (`pdf.py`), a saved web page
(`html.py`) or text (`text.py`). Each gives paragraph lines and table rows in
reading order, so the one parser reads every form alike. Anything else (an
old `.doc` or `.wps`, an image, an archive, other binary data) is refused in
one line that names the forms cqvet reads.

Nothing here parses a plan or touches the database; the readers are imported
only by `cqvet load`, never by the everyday commands (tests/test_startup.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from cqvet.errors import UsageError, unreadable
from cqvet.plan_doc import Block

# Limits, each refused in one line (README, Reliability).
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # the parts of a .docx, before they are unpacked

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls, .ppt of Office 97–2003 and WPS
IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")
ARCHIVES = (b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


class Document(NamedTuple):
    """A file as read: its form, its blocks for the parser, and its text (what a reload compares)."""

    form: str
    blocks: list[Block]
    decoded: str = ""  # a text file's text as decoded, so its reload compares what the file holds

    @property
    def text(self) -> str:
        return self.decoded or "\n".join(b if isinstance(b, str) else "\t".join(b) for b in self.blocks)


def read_document(path: Path) -> Document:
    """Read a plan document file of any form cqvet knows; refuse anything else in one line."""
    import stat

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UsageError("file_is_folder", path=str(path))
        if not stat.S_ISREG(info.st_mode):  # reading a FIFO would wait forever, a device never end
            raise UsageError("file_form_binary", path=str(path))
        if info.st_size > MAX_FILE_BYTES:
            raise UsageError("file_too_large", path=str(path), size=info.st_size, limit=MAX_FILE_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        raise unreadable(exc, path) from exc
    form = sniff(raw, path.name)
    if form == "docx":
        from cqvet.documents.docx import docx_blocks

        return Document(form, docx_blocks(raw, path))
    if form == "pdf":
        from cqvet.documents.pdf import pdf_blocks

        return Document(form, pdf_blocks(raw, path))
    if form == "html":
        from cqvet.documents.html import html_blocks

        return Document(form, html_blocks(raw, path))
    from cqvet.documents.text import decode
    from cqvet.plan_doc import text_blocks

    text = decode(raw, path)
    return Document(form, text_blocks(text), text)


def sniff(raw: bytes, name: str) -> str:
    """The form of a file by its first bytes: docx, pdf, html or text; refuse the rest."""
    if raw.startswith(b"%PDF-") or raw[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        from cqvet.documents.docx import is_docx

        if is_docx(raw):
            return "docx"
        raise UsageError("file_form_archive", path=name)
    if raw.startswith(OLE):
        raise UsageError("file_form_doc", path=name)
    if raw.startswith(IMAGES):
        raise UsageError("file_form_image", path=name)
    if raw.startswith(ARCHIVES):
        raise UsageError("file_form_archive", path=name)
    from cqvet.documents.text import looks_like_html

    if name.lower().endswith((".htm", ".html", ".xhtml", ".shtml")) or looks_like_html(raw):
        return "html"
    return "text"
