"""The command line: `main` is the console script, `app` the whole Typer application.

Typer turns every command function into a click command before it parses
anything, at about a millisecond per option, and cqvet has some thirty
commands. So the console script imports only the module of the command being
run (`COMMANDS`) and hands typer the root app with that one command
(`only`); help, completion and anything it does not recognise load them all,
so nothing is ever missing, only slower. `cqvet.cli.app` (for tests and for
embedding) is the app with every command loaded.

The command modules (and `root`), unlike the rest of cqvet, do not postpone
their annotations with `from __future__ import annotations`: typer reads a
command's annotations twice at every start, and each time would compile
each postponed one from its text (about 2 % of `cqvet list`).
Names imported only for type checking are quoted there instead.

When the command is done, the process ends without Python's teardown
(`end_without_teardown`), as Instagram's web workers do: freeing every
object of typer, click, rich and cqvet one by one cost `cqvet list` about
7 % of its time, and the system takes the memory back at once anyway.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import gc
import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

# The order of the modules is the order of `cqvet --help`.
MODULES = (
    "plan_cmds",
    "record_cmds",
    "report_cmds",
    "supervise_cmds",
    "exchange_cmds",
    "web_cmds",
    "user_cmds",
    "maintenance_cmds",
)
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
    "notices": "supervise_cmds",
    "plan": "supervise_cmds",
    "reporting": "supervise_cmds",
    "scorecard": "supervise_cmds",
    "attachment": "supervise_cmds",
    "close": "supervise_cmds",
    "export": "exchange_cmds",
    "import": "exchange_cmds",
    "calendar": "web_cmds",
    "serve": "web_cmds",
    "user": "user_cmds",
    "doctor": "maintenance_cmds",
    "backup": "maintenance_cmds",
    "restore": "maintenance_cmds",
}
GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--lang")
LONG_RUNNING = ("serve",)  # collects garbage as Python does by default (see `main`)


def load(modules: tuple[str, ...] = MODULES) -> None:
    """Import command modules, which registers their commands on the root app."""
    for name in MODULES:  # in help order, whatever order was asked
        if name in modules:
            importlib.import_module(f"cqvet.cli.{name}")


def command_word(argv: list[str]) -> str | None:
    """The command a command line names (its first word after the global options), or
    None when there is none or `--version` comes first."""
    tokens = iter(argv)
    for token in tokens:
        if token in GLOBAL_OPTIONS_WITH_VALUE:
            next(tokens, None)
        elif token == "--version":
            return None
        elif not token.startswith("-"):
            return token
    return None


def modules_for(argv: list[str]) -> tuple[str, ...]:
    """The command modules a command line needs: its command's, none for `--version`, else all."""
    if os.environ.get("_CQVET_COMPLETE") or "--help" in argv:
        return MODULES
    word = command_word(argv)
    if word in COMMANDS:
        return (COMMANDS[word],)
    if word is None and "--version" in argv:
        return ()
    return MODULES


def only(app: typer.Typer, name: str) -> typer.Typer:
    """A copy of `app` that registers only the command or command group `name`.

    Typer reads every registered command's signature and type hints before it
    parses anything (about 2 ms a command); a module registers up to six.
    """
    from typer.main import get_command_name

    narrowed = copy.copy(app)
    narrowed.registered_commands = [
        info
        for info in app.registered_commands
        if (info.name or get_command_name(info.callback.__name__ if info.callback else "")) == name
    ]
    narrowed.registered_groups = [info for info in app.registered_groups if info.name == name]
    return narrowed


def main() -> None:
    """Console-script entry point."""
    exit_status = end_without_teardown()
    # Redirected to a file on a Chinese Windows, stdout and stderr are GBK: a name or note
    # outside GBK (an emoji, a rare character) would fail to print. Replace it instead.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    # A command is a short process. Importing typer, click, rich and cqvet makes some
    # 25,000 objects that live until exit, and the cyclic collector would walk them again
    # and again while importing and during the command: 15-35 ms of `cqvet list` (README,
    # Performance). So nothing is collected while importing; what was imported is then
    # frozen out of the collector's sight; and a command collects every 100,000
    # allocations, which a large import still reaches (`serve`, which runs for hours,
    # keeps Python's default).
    gc.disable()
    argv = sys.argv[1:]
    modules = modules_for(argv)
    load(modules)
    from cqvet.cli.root import app as root

    word = command_word(argv)
    run = only(root, word) if word is not None and modules == (COMMANDS.get(word),) else root
    gc.freeze()
    if word not in LONG_RUNNING:
        gc.set_threshold(100_000, 10, 10)
    gc.enable()
    try:
        run()
    except SystemExit as exc:
        exit_status[0] = _status_of(exc)
        raise
    exit_status[0] = 0


def end_without_teardown() -> list[int]:
    """Arrange for the process to end, after the exit handlers registered from now on,
    without tearing the interpreter down; returns the cell that holds its exit status.

    Exit handlers run last-registered first, so this one runs after those of anything
    the command imports (openpyxl's removes its temporary files) and before Python would
    free every module, class and object one by one. It flushes stdout and stderr, which
    Python would otherwise do after the handlers, then ends the process. The status
    starts at 1, Python's own for an exception that escapes `main`; `main` sets the
    command's. Handlers registered before `main` runs would be skipped: the console
    script imports only `cqvet.cli`, which registers none.
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


def __getattr__(name: str) -> Any:
    if name == "app":
        load()
        from cqvet.cli.root import app as root

        return root
    raise AttributeError(name)


__all__ = ["COMMANDS", "app", "command_word", "end_without_teardown", "load", "main", "modules_for", "only"]
