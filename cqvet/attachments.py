"""Evidence files (佐证材料) attached to a progress update: which files are accepted, read whole.

A file is accepted when it is at most `MAX_BYTES` and its content (not its
name) is one of the kinds an office sends as evidence: PDF, OFD, Word and
Excel (2007 and later, and the older binary ones), PNG, JPEG. Anything else
is refused with one line, so a renamed executable cannot pass as a `.pdf`.
The store keeps each distinct file once, by its SHA-256, inside the
database, with the name it was attached under. Nothing here talks SQL.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from cqvet.errors import UsageError

MAX_BYTES = 20 * 1024 * 1024  # 20 MiB: a scanned 公文 of some dozens of pages; the database stays copyable


class Evidence(NamedTuple):
    name: str
    data: bytes
    media_type: str
    sha256: str


def kind_of(data: bytes) -> str | None:
    """The media type `data` holds by its first bytes (and a ZIP's parts), or None when not accepted."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"  # .doc, .xls, .wps
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def _zip_kind(data: bytes) -> str | None:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if "OFD.xml" in names:
        return "application/ofd"
    return None


def read_evidence(path: Path) -> Evidence:
    """Read `path` whole, refusing a missing, oversized or unaccepted file before anything is written."""
    if not path.is_file():
        raise UsageError("attachment_missing", path=str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UsageError("attachment_too_big", path=str(path), size=size, limit=MAX_BYTES)
    data = path.read_bytes()
    if len(data) > MAX_BYTES:  # grown since it was measured
        raise UsageError("attachment_too_big", path=str(path), size=len(data), limit=MAX_BYTES)
    return evidence_of(path.name, data, shown=str(path))


def evidence_of(name: str, data: bytes, *, shown: str | None = None) -> Evidence:
    """`data` as evidence named `name` (a file posted to `cqvet serve`, or one read from disk),
    refused when oversized or of a kind not accepted; `shown` names it in the message."""
    if len(data) > MAX_BYTES:
        raise UsageError("attachment_too_big", path=shown or name, size=len(data), limit=MAX_BYTES)
    media_type = kind_of(data)
    if media_type is None:
        raise UsageError("attachment_type", path=shown or name)
    return Evidence(name, data, media_type, hashlib.sha256(data).hexdigest())
