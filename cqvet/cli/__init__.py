"""The command line: `main` is the console script, `app` the whole Typer application.

Typer turns every command function into a click command before it parses
anything, at about a millisecond per option, and cqvet has some thirty
commands. So the console script imports only the module of the command being
run (`COMMANDS`); help, completion and anything it does not recognise load
them all, so nothing is ever missing, only slower. `cqvet.cli.app` (for tests
and for embedding) is the app with every command loaded.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

# The order of the modules is the order of `cqvet --help`.
MODULES = ("plan_cmds", "record_cmds", "report_cmds", "exchange_cmds", "web_cmds", "maintenance_cmds")
COMMANDS = {
    "load": "plan_cmds",
    "plans": "plan_cmds",
    "list": "plan_cmds",
    "show": "plan_cmds",
    "progress": "record_cmds",
    "owner": "record_cmds",
    "deadline": "record_cmds",
    "target": "record_cmds",
    "due": "record_cmds",
    "undo": "record_cmds",
    "report": "report_cmds",
    "demo": "report_cmds",
    "export": "exchange_cmds",
    "import": "exchange_cmds",
    "calendar": "web_cmds",
    "serve": "web_cmds",
    "doctor": "maintenance_cmds",
    "backup": "maintenance_cmds",
    "restore": "maintenance_cmds",
}
GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--lang")


def load(modules: tuple[str, ...] = MODULES) -> None:
    """Import command modules, which registers their commands on the root app."""
    for name in MODULES:  # in help order, whatever order was asked
        if name in modules:
            importlib.import_module(f"cqvet.cli.{name}")


def modules_for(argv: list[str]) -> tuple[str, ...]:
    """The command modules a command line needs: its command's, none for `--version`, else all."""
    if os.environ.get("_CQVET_COMPLETE") or "--help" in argv:
        return MODULES
    tokens = iter(argv)
    for token in tokens:
        if token in GLOBAL_OPTIONS_WITH_VALUE:
            next(tokens, None)
        elif token == "--version":
            return ()
        elif not token.startswith("-"):
            module = COMMANDS.get(token)
            return (module,) if module else MODULES
    return MODULES


def main() -> None:
    """Console-script entry point."""
    # Redirected to a file on a Chinese Windows, stdout and stderr are GBK: a name or note
    # outside GBK (an emoji, a rare character) would fail to print. Replace it instead.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    load(modules_for(sys.argv[1:]))
    from cqvet.cli.root import app as root

    root()


def __getattr__(name: str) -> Any:
    if name == "app":
        load()
        from cqvet.cli.root import app as root

        return root
    raise AttributeError(name)


__all__ = ["COMMANDS", "app", "load", "main", "modules_for"]
