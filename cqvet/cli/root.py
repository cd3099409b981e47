"""The Typer application, its global options, and the one boundary that catches errors.

Commands parse their arguments (`cqvet.parsing`, `cli/options.py`), take the store,
the plan and the author from the invocation's `Session` (`session_of(ctx)`), make one
call into the domain, and hand the result to a renderer. The root group loads each
command's module when the command is asked for (`LazyGroup`, `COMMANDS`). Every
`CqvetError` (and every sqlite3 or OS error that escapes) is turned into one
line on stderr with the error's exit code here, in `CqvetGroup`. (Two
commands also list details before that line: `import` its bad rows, `doctor`
its findings.) Set `CQVET_DEBUG=1` to see the traceback of an unexpected
failure instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import Abort, Exit, TyperException
from typer._click import Context
from typer.core import TyperGroup

from cqvet import __version__
from cqvet.cli.output import OutputLost
from cqvet.clock import local_today
from cqvet.errors import CqvetError, UsageError
from cqvet.labels import known_language, language, message
from cqvet.store import Store

if TYPE_CHECKING:
    from cqvet.models import Plan


def _one_line(text: str) -> str:
    """An error as one inert line: user text in it may hold CR, NEL, U+2028 or ESC."""
    from cqvet.render.text import strip_controls

    return " ".join(strip_controls(text).split("\n")).replace("\u2028", " ").replace("\u2029", " ")


def _say_error(text: str) -> None:
    # A closed stderr (`2>&-`) leaves no one to tell; the exit status still says it.
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(_one_line(text) + "\n")
        sys.stderr.flush()


def _fail(text: str, code: int) -> None:
    _say_error(text)
    raise Exit(code)


def _lang_of(ctx: Any) -> str:
    session = getattr(ctx, "obj", None)
    return session.lang if isinstance(session, Session) else language()


class HelpContext(Context):
    """A context whose help speaks the user's language (the texts of `cqvet/help_labels.py`).

    The catalogue and its formatter are imported when help is shown, never otherwise.
    """

    def _lang(self) -> str:
        return str(getattr(self.find_root().command, "help_lang", None) or language())

    def get_help(self) -> str:
        from cqvet.cli.help import translate

        translate(self, self._lang())
        return super().get_help()

    def make_formatter(self) -> Any:
        from cqvet.cli.help import ChineseHelpFormatter

        return ChineseHelpFormatter(self._lang(), width=self.terminal_width, max_width=self.max_content_width)


def _speak(command: Any) -> None:
    """Make every command of the tree give its help through `HelpContext`."""
    command.context_class = HelpContext
    for sub in getattr(command, "commands", {}).values():
        _speak(sub)


# Every top-level command and the module under cqvet/cli/ that registers it, in the order of
# `cqvet --help`: the one table of commands. A group whose commands two modules register
# (`progress set` in record_cmds, `progress log` in view_cmds) names the one that imports the other.
COMMANDS = {
    "load": "plan_cmds",
    "plans": "plan_cmds",
    "list": "view_cmds",
    "show": "view_cmds",
    "due": "view_cmds",
    "undo": "record_cmds",
    "report": "report_cmds",
    "demo": "report_cmds",
    "notices": "supervise_cmds",
    "close": "supervise_cmds",
    "reporting": "supervise_cmds",
    "scorecard": "supervise_cmds",
    "calendar": "web_cmds",
    "serve": "web_cmds",
    "user": "user_cmds",
    "doctor": "maintenance_cmds",
    "backup": "maintenance_cmds",
    "restore": "maintenance_cmds",
    "progress": "view_cmds",
    "owner": "view_cmds",
    "deadline": "record_cmds",
    "target": "view_cmds",
    "measure": "measure_cmds",
    "plan": "supervise_cmds",
    "attachment": "supervise_cmds",
    "export": "exchange_cmds",
    "import": "exchange_cmds",
}


class LazyGroup(TyperGroup):
    """A group that imports a command's module when the command is asked for (click's
    documented lazy loading of subcommands), so `cqvet list` builds one click command, not
    thirty: typer reads each command's signature and type hints when it builds it.

    The modules register their commands on `app` with typer's decorators as usual; the group
    builds the click command of the one asked for from that registration. A name that is not
    in `COMMANDS` loads every module first, so a mistyped command still gets its suggestion.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            if cmd_name in COMMANDS:
                self._load(cmd_name)
            else:
                for name in COMMANDS:
                    if name not in self.commands:
                        self._load(name)
        return self.commands.get(cmd_name)

    def _load(self, name: str) -> None:
        import importlib

        from typer.main import get_command_from_info, get_command_name, get_group_from_info

        importlib.import_module(f"cqvet.cli.{COMMANDS[name]}")
        shared: Any = {
            "pretty_exceptions_short": app.pretty_exceptions_short,
            "rich_markup_mode": app.rich_markup_mode,
        }
        for info in app.registered_commands:
            callback = info.callback
            if (info.name or get_command_name(callback.__name__ if callback else "")) == name:
                self.commands[name] = get_command_from_info(info, **shared)
        for group in app.registered_groups:
            if group.name == name:
                self.commands[name] = get_group_from_info(group, suggest_commands=True, **shared)
        _speak(self.commands[name])


class CqvetGroup(LazyGroup):
    """Click group whose failures are one line on stderr, never a traceback or a usage box."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CqvetError as exc:
            lang = _lang_of(ctx)
            _fail(message("error_prefix", lang) + message(exc.key, lang, **exc.params), exc.exit_code)
        except sqlite3.Error as exc:
            from cqvet.db import translate

            session = ctx.obj if isinstance(ctx.obj, Session) else None
            error = translate(exc, session.path if session else Path("?"))
            _fail(message("error_prefix", _lang_of(ctx)) + str(error), 1)
        except UnicodeEncodeError as exc:
            if "surrogates" not in str(exc.reason):
                raise
            # An argument or a variable whose bytes were not text in the system's encoding
            # (Python keeps them as surrogates; file names work, SQLite refuses them). The
            # transaction it reached was rolled back.
            from cqvet.parsing import shown_bytes

            value = exc.object if isinstance(exc.object, str) else ""
            text = shown_bytes(value if len(value) <= 80 else value[:77] + "...")
            _fail(message("error_prefix", _lang_of(ctx)) + message("not_text", _lang_of(ctx), text=text), 2)
        except (OutputLost, BrokenPipeError) as exc:  # click's prompts write to stdout too
            # The command is done when its write has committed: saying so failed, not the
            # write. Exit 0, or a retry would record the change twice.
            reason = exc.strerror or str(exc)
            if isinstance(ctx.obj, Session) and ctx.obj.committed:
                _say_error(message("output_lost_recorded", _lang_of(ctx), reason=reason))
                raise Exit(0) from None
            _fail(
                message("error_prefix", _lang_of(ctx)) + message("output_lost", _lang_of(ctx), reason=reason),
                1,
            )
        except OSError as exc:
            _fail(
                message("error_prefix", _lang_of(ctx))
                + f"{exc.strerror or exc}: {exc.filename or ''}".strip(),
                1,
            )

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        code: Any = 0
        argv = list(args) if args is not None else sys.argv[1:]
        lang = language(_lang_option(argv))
        self.help_lang = lang
        _speak(self)
        if any("\x00" in arg for arg in argv):
            _say_error(message("usage", lang, text=message("usage.nul", lang)))
            return self._exit(2, standalone_mode)
        try:
            code = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except Exit as exc:
            code = exc.exit_code
        except TyperException as exc:  # click's usage errors, which typer 0.28 vendors
            # `cqvet` or `cqvet progress` alone asks for help; it is not an error.
            if type(exc).__name__ == "NoArgsIsHelpError":
                sys.stdout.write(exc.format_message() + "\n")
                code = 0
            else:
                code = exc.exit_code
                _say_error(message("usage", lang, text=_usage_text(exc, lang)))
        except Abort:
            code = 1
            sys.stderr.write(message("error_prefix", lang) + message("cancelled", lang) + "\n")
        except KeyboardInterrupt:
            code = 130
        except Exception as exc:  # the promise is: never a traceback
            if os.environ.get("CQVET_DEBUG"):
                raise
            code = 1
            _say_error(message("internal", lang, kind=type(exc).__name__, text=str(exc)))
        return self._exit(code if isinstance(code, int) else 0, standalone_mode)

    @staticmethod
    def _exit(code: int, standalone_mode: bool) -> int:
        if standalone_mode:
            sys.exit(code)
        return code


def _lang_option(argv: list[str]) -> str | None:
    """`--lang` from the command line, for errors raised before the callback has read it."""
    for index, token in enumerate(argv):
        if token.startswith("--lang="):
            return token.partition("=")[2]
        if token == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
    return None


def _usage_text(exc: TyperException, lang: str) -> str:
    """click's and typer's usage errors, every one in the user's language."""
    import re

    kind = type(exc).__name__
    text = exc.format_message()
    raw = str(getattr(exc, "message", text))
    option = getattr(exc, "option_name", None)
    param = getattr(exc, "param", None)
    if kind == "NoSuchOption" and option:
        possible = sorted(getattr(exc, "possibilities", None) or ())
        if possible:
            options = _either(possible, lang)
            return message("usage.no_such_option_suggest", lang, option=option, options=options)
        return message("usage.no_such_option", lang, option=option)
    if kind == "BadOptionUsage" and option:
        key = "usage.takes_no_value" if "does not take a value" in raw else "usage.needs_value"
        return message(key, lang, option=option)
    if kind == "MissingParameter" and param is not None:
        return message("usage.missing", lang, name=_param_hint(param, lang))
    if kind in ("BadParameter", "BadArgumentUsage") and param is not None:
        return message("usage.bad_value", lang, name=_param_hint(param, lang), reason=_reason(raw, lang))
    if kind == "FileError":
        return message("usage.file", lang, path=getattr(exc, "filename", ""), reason=_reason(raw, lang))
    if match := re.match(r"No such command '(.*)'\.(?: Did you mean (.*)\?)?$", raw):
        if match[2]:
            names = _either(re.findall(r"'([^']*)'", match[2]), lang)
            return message("usage.no_such_command_suggest", lang, name=match[1], commands=names)
        return message("usage.no_such_command", lang, name=match[1])
    if raw.startswith("Missing command"):
        return message("usage.missing_command", lang)
    if match := re.match(r"Got unexpected extra argument\(s\) \((.*)\)$", raw):
        return message("usage.extra", lang, text=match[1])
    return text if lang == "en" else message("usage.other", lang)


def _either(words: list[str], lang: str) -> str:
    """`list`, or `--as-of、--as` / `--as-of or --as`: what the user may have meant."""
    return ("、" if lang == "zh" else " or ").join(words)


def _param_hint(param: Any, lang: str) -> str:
    """An option as typed (`--format`), an argument by the name help gives it."""
    if param.param_type_name == "option":
        return str(max(param.opts, key=len))
    if lang == "zh":
        from cqvet.help_labels import ARGUMENT_NAMES

        return ARGUMENT_NAMES.get(str(param.name).upper(), str(param.name).upper())
    return str(param.name).upper()


def _reason(raw: str, lang: str) -> str:
    """Why a value was refused, from the framework's own sentence."""
    import re

    forms: list[tuple[str, str]] = [
        (r"^'(?P<value>.*)' is not one of (?P<choices>.*)\.$", "usage.reason.choice"),
        (r"^'(?P<value>.*)' is not a valid (?P<kind>int|integer|float|boolean|UUID)\b", "usage.reason.kind"),
        (r"^(?P<value>.*) is not in the range (?P<range>.*)\.$", "usage.reason.range"),
        (r"^\w+ '(?P<path>.*)' does not exist\.$", "usage.reason.missing"),
        (r"^\w+ '(?P<path>.*)' is a directory\.$", "usage.reason.folder"),
        (r"^\w+ '(?P<path>.*)' is a file\.$", "usage.reason.file"),
        (r"^\w+ '(?P<path>.*)' is not (?:readable|writable)\.$", "usage.reason.denied"),
    ]
    for pattern, key in forms:
        if match := re.match(pattern, raw):
            found = match.groupdict()
            if "choices" in found:
                choices = re.findall(r"'([^']*)'", found["choices"])
                found["choices"] = ("、" if lang == "zh" else ", ").join(choices)
            if "kind" in found:
                kind = found["kind"].lower()
                found["kind"] = message(f"usage.kind.{'integer' if kind == 'int' else kind}", lang)
            return message(key, lang, **found)
    return raw if lang == "en" else message("usage.reason.other", lang)


app = typer.Typer(
    cls=CqvetGroup,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Track a government work plan: owners, deadlines, progress, quarterly reports.",
)


def seed_path() -> Path:
    """The bundled 2021 plan: inside the wheel at cqvet/seeds, or the checkout's seeds/ folder."""
    from importlib import resources  # 40 ms of imports that only a first run needs

    packaged = resources.files("cqvet") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged)) / SEED_NAME
    return Path(__file__).resolve().parents[2] / "seeds" / SEED_NAME


SEED_NAME = "chongqing-2021-vocational-continuing-education-work-plan.txt"


class Session:
    """What every command needs: where the database is, which language, today, the open
    store, the plan it works on and who is recording. The root callback makes one per
    invocation; a command takes it from its context with `session_of(ctx)`.

    A plain class: a dataclass costs every command a millisecond to define.
    """

    def __init__(self, path: Path, lang: str, today: dt.date | None = None) -> None:
        self.path = path
        self.lang = lang
        self.today = today or local_today()  # where the user is: CQVET_TZ, else the system's zone
        self._store: Store | None = None

    def store(self, *, seed: bool = True) -> Store:
        """The open store; a new database gets the bundled plan unless `seed` is false (`cqvet load`)."""
        if self._store is None:
            self._store = Store.open(self.path, seed=seed_path if seed else None)
        return self._store

    def plan(self, selector: str | None = None) -> Plan:
        """The plan `--plan` names (its id, year or a word of its title), else the newest."""
        return self.store().plan(selector)

    def author(self, by: str | None = None) -> str:
        """Who is recording: `--by` when given, else `CQVET_USER` or the system's user name."""
        from cqvet.parsing import default_author

        return by if by and by.strip() else default_author()

    @property
    def committed(self) -> bool:
        """Whether this command has committed a write to the database."""
        return self._store is not None and self._store.commits > 0

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cqvet {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db"),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """cqvet：工作要点任务跟踪 (work plan tracker)."""
    from cqvet.db import check_chosen_folder, database_path

    spoken = lang if lang is not None else os.environ.get("CQVET_LANG")
    known = known_language(spoken) if spoken else "zh"
    session = Session(database_path(db), known or "zh")  # an unknown language is refused in Chinese
    ctx.obj = session
    ctx.call_on_close(session.close)
    if known is None:
        raise UsageError("lang_unknown", text=spoken)
    if db is not None or os.environ.get("CQVET_DB"):
        check_chosen_folder(session.path)


def session_of(ctx: typer.Context) -> Session:
    session = ctx.obj
    assert isinstance(session, Session)
    return session
