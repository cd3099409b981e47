"""Text files: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 with BOM; any line ends.

The lines themselves (a line with tabs is a pasted table row) are `plan_doc.text_blocks`.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from cqvet.errors import UsageError

# Control characters no text file holds (tab, line ends and form feed are text).
_BINARY = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta)\b", re.I | re.S)


def decode(raw: bytes, path: Path | str) -> str:
    """The text of `raw`: by its byte-order mark, else UTF-8, else GB18030 (which includes GBK)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif raw.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _BINARY.search(text):
            break
        return text
    raise UsageError("file_form_binary", path=Path(path).name)


def looks_like_html(raw: bytes) -> bool:
    """Whether a file's first bytes open an HTML page (whatever its name)."""
    head = raw[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return _HTML_START.match(head) is not None
