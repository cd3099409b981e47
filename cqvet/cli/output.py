"""Writing a command's result to stdout, in the format asked for."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from cqvet.cli.options import ListFormat


def write(text: str) -> None:
    """Write machine-readable text as UTF-8 bytes.

    A redirected stdout on a Chinese Windows defaults to GBK, which cannot
    hold the CSV's byte-order mark, and Excel expects UTF-8 anyway.
    """
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def say(text: str) -> None:
    """A one-line confirmation; user text inside it cannot restyle the terminal."""
    from cqvet.render.text import strip_controls

    sys.stdout.write(strip_controls(text) + "\n")
    sys.stdout.flush()


def show(renderable: Any) -> None:
    from cqvet.render.terminal import console

    console().print(renderable)


def emit(
    fmt: ListFormat,
    records: Callable[[], list[dict[str, Any]]],
    keys: Sequence[str],
    table: Callable[[], Any],
) -> None:
    """Print records as JSON or CSV, or the Rich table, as the user chose."""
    if fmt is ListFormat.json:
        from cqvet.render.text import to_json

        write(to_json(records()))
    elif fmt is ListFormat.csv:
        from cqvet.render.text import to_csv

        write(to_csv(records(), keys))
    else:
        show(table())
