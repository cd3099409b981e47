"""Plain-text outputs, JSON and CSV, and the two guards every renderer shares.

`strip_controls` removes what would move or restyle a terminal; `neutralise`
keeps a spreadsheet from evaluating a cell.

CSV is written for Excel on a Chinese Windows: UTF-8 with a byte-order mark
(without it Excel reads UTF-8 as GBK and shows mojibake), CRLF line ends,
lists joined with 、, and every cell that a spreadsheet would evaluate
(starting with = + - @, a tab or a carriage return) prefixed with an
apostrophe, which Excel shows as text and hides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

BOM = "\ufeff"
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def strip_controls(text: str) -> str:
    """Text without the characters that move or restyle a terminal (ESC, C1, bidi overrides)."""
    # Every character of _CONTROL is a control (Cc) or format (Cf) character, which
    # `isprintable` refuses: printable text, nearly all of it, is returned as it is, and
    # the pattern is compiled (by `re`, once) only when some text needs it.
    if text.isprintable():
        return text
    return re.sub(_CONTROL, "", text)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# What `json.dumps(ensure_ascii=False)` leaves raw and a terminal may act on: DEL and C1 (0x9b
# is a one-byte CSI), bidi marks and overrides, and the line and paragraph separators.
_JSON_UNSAFE = "[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"


def to_json(data: Any) -> str:
    """JSON, readable Chinese, with the controls a terminal acts on written as `\\u009b` escapes.

    Escaped, not removed as on screen: JSON is the machine interface, and
    `json.loads` gives back every string exactly as stored, wherever the output goes.
    """
    import json  # imported here: the table form of every command has no use for it

    return _inert(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _inert(json_text: str) -> str:
    """JSON text with the controls a terminal acts on written as escapes (see `to_json`)."""
    return re.sub(_JSON_UNSAFE, lambda found: f"\\u{ord(found[0]):04x}", json_text)


def json_array_chunks(records: Iterable[Any], depth: int = 0) -> Iterator[str]:
    """A JSON array, as `to_json` would write it at nesting `depth`, in pieces as `records` come.

    The same text as `json.dumps(list(records), indent=2)` there, without
    holding the list: `progress log` of a long history streams through this.
    The first record is a piece of its own, so it shows at once; then records
    go in pieces of `JSON_PIECE`, as each piece is a write to stdout.
    """
    import json

    indent = "  " * (depth + 1)
    inner = indent + "  "
    # json's C encoder, which does not indent, writes a flat object's fields apart by
    # this separator as the indenting pure-Python encoder does (110 µs a log record).
    flat = json.JSONEncoder(ensure_ascii=False, separators=(",\n" + inner, ": ")).encode
    pending: list[str] = []
    first = True
    for record in records:
        if type(record) is dict and record and _SCALARS.issuperset(map(type, record.values())):
            item = "{\n" + inner + flat(record)[1:-1] + "\n" + indent + "}"
        else:
            item = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
        pending.append(("[\n" if first else ",\n") + indent + item)
        if first or len(pending) >= JSON_PIECE:
            yield _inert("".join(pending))
            pending.clear()
        first = False
    yield "[]" if first else _inert("".join(pending)) + "\n" + "  " * depth + "]"


JSON_PIECE = 256  # records a piece: each piece is a write to stdout, which for every record cost a fifth
_SCALARS = frozenset((str, int, float, bool, type(None)))


def neutralise(value: str) -> str:
    """Make a cell that a spreadsheet would evaluate into plain text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return neutralise(strip_controls("、".join(str(v) for v in value)))
    if isinstance(value, int | float):
        return str(value)  # numbers stay numbers, even negative ones
    # Controls go first: "\x00=1" must not hide its formula from the check.
    return neutralise(strip_controls(str(value)))


def to_csv(records: Iterable[dict[str, Any]], keys: Sequence[str]) -> str:
    """Records as CSV text (with BOM) under `keys`, one record a row."""
    return "".join(csv_chunks([records], keys))


def csv_chunks(batches: Iterable[Iterable[dict[str, Any]]], keys: Sequence[str]) -> Iterator[str]:
    """`to_csv` in pieces: the BOM and header, then one piece a batch of records."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    yield BOM + buffer.getvalue()
    for records in batches:
        buffer.seek(0)
        buffer.truncate()
        for record in records:
            writer.writerow([csv_cell(record.get(key)) for key in keys])
        yield buffer.getvalue()
