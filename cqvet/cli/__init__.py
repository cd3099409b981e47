"""The command line: `main` is the console script, `app` the whole Typer application.

The root group (`cqvet.cli.root.LazyGroup`) imports the module of the command being run
and builds that one command, in click's documented way of loading subcommands lazily;
help, completion and a mistyped command load them all. `cqvet.cli.app` (for tests and
for embedding) is the app with every command module imported.

Measured in session 5 (whole `cqvet list` processes, paired with the import floor; README,
Performance): the garbage-collector policy of `main` is worth keeping (1.53x the floor without
it, 1.18x with it, on h1-cli's branch). Ending without Python's teardown (`end_without_teardown`)
was dropped by the lazy-group change and brought back after all of session 5's work was merged:
`cqvet list` measured 1.35x and 1.37x the import floor in two benchmark runs without it, over
the 1.3x budget; freeing every module, class and object one by one costs about 8 ms of a 180 ms
`cqvet list` (20M of its 530M instructions, callgrind), and the system takes the memory back
at once anyway.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from typing import Any

PYTHON_GC_THRESHOLD = gc.get_threshold()  # what `serve`, which runs for hours, goes back to


def main() -> None:
    """Console-script entry point."""
    exit_status = end_without_teardown()
    # Redirected to a file on a Chinese Windows, stdout and stderr are GBK: a name or note
    # outside GBK (an emoji, a rare character) would fail to print. Replace it instead.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    # A command is a short process. Importing typer, click, rich and cqvet makes some 25,000
    # objects that live until exit, and the cyclic collector would walk them again and again
    # while importing and during the command. So nothing is collected while importing, what
    # was imported is then frozen out of the collector's sight, and a command collects every
    # 100,000 allocations, which a large import still reaches.
    gc.disable()
    from cqvet.cli.root import app

    gc.freeze()
    gc.set_threshold(100_000, 10, 10)
    gc.enable()
    try:
        app()
    except SystemExit as exc:
        exit_status[0] = _status_of(exc)
        raise
    exit_status[0] = 0


def end_without_teardown() -> list[int]:
    """Arrange for the process to end, after the exit handlers registered from now on,
    without tearing the interpreter down; returns the cell that holds its exit status.

    Exit handlers run last-registered first, so this one runs after those of anything the
    command imports (openpyxl's removes its temporary files) and before Python would free
    every module, class and object one by one. It flushes stdout and stderr, which Python
    would otherwise do after the handlers, then ends the process. The status starts at 1,
    Python's own for an exception that escapes `main`; `main` sets the command's.
    """
    exit_status = [1]
    atexit.register(_end_process, exit_status)
    return exit_status


def _end_process(exit_status: list[int]) -> None:
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away, a closed or missing stream: there is no one left to tell.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(exit_status[0])


def _status_of(exc: SystemExit) -> int:
    """The exit status Python gives `SystemExit(code)`: 0 for None, 1 for a message."""
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


def load() -> None:
    """Import every command module, which registers its commands on the root app."""
    import importlib

    from cqvet.cli.root import COMMANDS

    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"cqvet.cli.{module}")


def __getattr__(name: str) -> Any:
    if name == "app":
        load()
        from cqvet.cli.root import app

        return app
    raise AttributeError(name)


__all__ = ["app", "load", "main"]
