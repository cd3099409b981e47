"""Writing a command's result to stdout, in the format asked for."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from cqvet.cli.options import ListFormat


class OutputLost(OSError):
    """stdout could not take a command's output: the reader went away (`| head`), the disk is full.

    Its own class so that the error boundary (`cli/root.py`) can tell it from a
    failure of the command itself: after a write has committed it is not one.
    """


@contextmanager
def _to_stdout() -> Iterator[None]:
    try:
        yield
    except OutputLost:
        raise
    except OSError as exc:  # BrokenPipeError, ENOSPC, EINVAL (a closed pipe on Windows)
        raise OutputLost(exc.errno, exc.strerror or str(exc)) from exc


def write(text: str) -> None:
    """Write machine-readable text as UTF-8 bytes.

    A redirected stdout on a Chinese Windows defaults to GBK, which cannot
    hold the CSV's byte-order mark, and Excel expects UTF-8 anyway.
    """
    with _to_stdout():
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            # "replace": a file name that is not valid UTF-8 may be echoed; the rest is text.
            buffer.write(text.encode("utf-8", errors="replace"))
            buffer.flush()


def file_label(path: Path) -> str:
    """A file's name as text that can be stored and shown, whatever bytes name it.

    Python hands over a name that is not valid in the system's encoding (a GBK
    name unpacked from a Windows zip onto a UTF-8 system) with its bytes kept as
    surrogates, so the file itself still opens; SQLite and the screen need text.
    The bytes are read as UTF-8, else as GB18030 (the names Chinese Windows
    writes), else with the undecodable bytes replaced.
    """
    import os

    name = path.name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def stream(pieces: Iterable[str], *, utf8: bool) -> None:
    """Write each piece as soon as it is made: a long history shows while it is read.

    `utf8` pieces are machine-readable text (see `write`); the others are what
    a Rich console rendered for this terminal. A reader that stops early
    (`| head`) ends the work at once and quietly, as `git log` does: the rest
    is neither read nor written, and nothing is printed about the closed pipe.
    """
    import errno

    try:
        with _to_stdout():
            for piece in pieces:
                if utf8:
                    write(piece)
                else:
                    sys.stdout.write(piece)
                    sys.stdout.flush()
    except OutputLost as exc:
        if exc.errno not in (errno.EPIPE, errno.EINVAL):  # a full disk is no reader that left
            raise
        _stdout_to_nowhere()


def _stdout_to_nowhere() -> None:
    """After a broken pipe: point stdout's descriptor at the null device, so the final flush
    when the process ends finds somewhere to write instead of raising again."""
    import os

    # No descriptor to point elsewhere (a test's captured stdout): nothing is left to protect.
    with suppress(OSError, ValueError, AttributeError):
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, sys.stdout.fileno())
        os.close(nowhere)


def say(text: str) -> None:
    """A one-line confirmation; user text inside it cannot restyle the terminal."""
    from cqvet.render.text import strip_controls

    with _to_stdout():
        sys.stdout.write(strip_controls(text) + "\n")
        sys.stdout.flush()


def show(renderable: Any, *, crop: bool = True) -> None:
    """Print a renderable. `crop=False` for one drawn to the width in every part (the report):
    Rich then skips measuring each line again to cut what could not be longer (0.6 s of the
    27,000 lines of a 5,000-point report)."""
    from cqvet.render.terminal import console

    with _to_stdout():
        console().print(renderable, crop=crop)


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


def check_output(path: Path, *, force: bool) -> None:
    """Refuse an output path before any work is done: a missing folder, a folder, an existing file."""
    from cqvet.errors import UsageError

    if not path.parent.is_dir():
        raise UsageError("output_dir_missing", path=str(path.parent))
    if path.is_dir():
        raise UsageError("output_is_dir", path=str(path))
    if path.exists() and not force:
        raise UsageError("output_exists", path=str(path))


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to `path` whole or not at all: a temporary file beside it, then a rename.

    A report half-written when the laptop lid closes would be forwarded as if
    it were complete; a rename is atomic on the same volume, on Windows too.
    On Windows a file open in Excel or WPS cannot be replaced: that is said
    plainly, and the temporary file is removed.
    """
    import os
    import tempfile

    from cqvet.errors import UsageError

    check_output(path, force=force)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except PermissionError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError("output_locked", path=str(path)) from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
