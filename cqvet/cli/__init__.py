"""The command line: `main` is the console script, `app` the whole Typer application.

The root group (`cqvet.cli.root.LazyGroup`) imports the module of the command being run
and builds that one command, in click's documented way of loading subcommands lazily;
help, completion and a mistyped command load them all. `cqvet.cli.app` (for tests and
for embedding) is the app with every command module imported.

Measured in session 5 (whole `cqvet list` processes, medians of 40 shuffled rounds on a
loaded 2-core machine, against the import floor run in the same rounds; README, Performance):
with the lazy group and the garbage-collector policy of `main`, 1.18x the floor; without
that policy 1.53x, so it stays; ending the process with `os._exit` as before would save
another 3.5 % (1.14x), which the 1.3x budget does not need, so the process ends as Python
ends it.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

PYTHON_GC_THRESHOLD = gc.get_threshold()  # what `serve`, which runs for hours, goes back to


def main() -> None:
    """Console-script entry point."""
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
    app()


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
