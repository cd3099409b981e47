"""Help in the user's language: the catalogue's texts put into the command tree, and a help
formatter that speaks Chinese and wraps by display width.

Imported only when help is shown (`HelpContext` in root.py): the texts and the
formatter cost `cqvet list` nothing. click measures text in characters and breaks
lines at spaces; Chinese has no spaces and each character takes two columns, so the
formatter wraps as every table does (`cqvet.render.wrapping`): by display width,
between Chinese characters but never inside a word, an option, a number or a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from typer._click.formatting import HelpFormatter

from cqvet.help_labels import ARGUMENT_NAMES, FRAMEWORK, HELP, VALUE_KINDS
from cqvet.render.wrapping import wrap


def lookup(path: tuple[str, ...], name: str | None, lang: str) -> str | None:
    """The help of a command (`name` None) or of one of its parameters, or None if the catalogue lacks it.

    A parameter's text is looked for under the command, then under each group above it,
    then under the parameter's name alone (an option many commands share).
    """
    if name is None:
        entry = HELP.get(" ".join(path))
    else:
        entry = next(
            (HELP[key] for k in range(len(path), -1, -1) if (key := " ".join((*path[:k], name))) in HELP),
            None,
        )
    if entry is None:
        return None
    return entry[0] if lang == "zh" else entry[1]


def param_name(param: Any) -> str:
    """How the catalogue names a parameter: its longest option (`--as-of`), or its name in capitals."""
    longs = [opt for opt in (*param.opts, *param.secondary_opts) if opt.startswith("--")]
    return max(longs, key=len) if longs else str(param.name).upper()


def command_path(ctx: Any) -> tuple[str, ...]:
    """The words after `cqvet` that invoke the context's command."""
    words: list[str] = []
    while ctx.parent is not None:
        words.append(ctx.info_name)
        ctx = ctx.parent
    return tuple(reversed(words))


def translate(ctx: Any, lang: str) -> None:
    """Give the context's command, its parameters and its sub-commands their texts in `lang`."""
    command = ctx.command
    path = command_path(ctx)
    _command_texts(command, path, lang)
    help_option = command.get_help_option(ctx)
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        text = lookup(path, param_name(param), lang)
        if text is not None:
            param.help = text
        if lang == "zh":
            _chinese_metavar(param, ctx)
    if lang == "zh":
        command.options_metavar = FRAMEWORK["[OPTIONS]"][0]
        if hasattr(command, "subcommand_metavar"):
            command.subcommand_metavar = FRAMEWORK["COMMAND [ARGS]..."][0]
    if hasattr(command, "list_commands"):  # a group: its commands, each loaded if it was not
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                _command_texts(sub, (*path, name), lang)


def _command_texts(command: Any, path: tuple[str, ...], lang: str) -> None:
    text = lookup(path, None, lang)
    if text is None:
        return
    command.help = text
    # The list of commands shows the first clause, whole, rather than click's cut at 45 characters.
    command.short_help = first_clause(text)


def first_clause(text: str) -> str:
    """The help up to its first ；。; or full stop outside brackets."""
    depth = 0
    for index, char in enumerate(text):
        depth += char in "（("
        depth -= char in "）)"
        if depth == 0 and (char in "；。;" or (char == "." and text[index + 1 : index + 2] in ("", " "))):
            return text[:index]
    return text


def _chinese_metavar(param: Any, ctx: Any) -> None:
    if param.param_type_name == "argument":
        name = ARGUMENT_NAMES.get(str(param.name).upper())
        if name is not None:
            param.metavar = name
    elif not getattr(param, "is_flag", False):
        shown = param.make_metavar(ctx)
        if shown in VALUE_KINDS:
            param.metavar = VALUE_KINDS[shown]


class ChineseHelpFormatter(HelpFormatter):
    """click's help formatter with its headings in the user's language and lines wrapped by display width."""

    def __init__(self, lang: str, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(width=width, max_width=max_width)
        self.lang = lang
        self.chinese = lang == "zh"

    def word(self, english: str) -> str:
        pair = FRAMEWORK.get(english)
        return (pair[0] if self.lang == "zh" else pair[1]) if pair else english

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        colon = "：" if self.lang == "zh" else ": "
        head = f"{'':>{self.current_indent}}{self.word('Usage')}{colon}{prog} "
        lines = wrap(args, self.width, head, " " * cell_len(head), self.chinese)
        self.write("\n".join(lines or [head.rstrip()]) + "\n")

    def write_heading(self, heading: str) -> None:
        colon = "：" if self.lang == "zh" else ":"
        self.write(f"{'':>{self.current_indent}}{self.word(heading)}{colon}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        out = ["\n".join(wrap(p, self.width, indent, indent, self.chinese)) for p in paragraphs]
        self.write("\n\n".join(out) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        first_width = min(max((cell_len(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - first_width - self.current_indent, 20)
        for first, second in rows:
            if not second:
                self.write(f"{indent}{first}\n")
                continue
            lines = self._wrap_with_notes(second, text_width)
            if cell_len(first) <= first_width - col_spacing:
                self.write(f"{indent}{first}{' ' * (first_width - cell_len(first))}{lines[0]}\n")
                rest = lines[1:]
            else:
                self.write(f"{indent}{first}\n")
                rest = lines
            for line in rest:
                self.write(f"{indent}{' ' * first_width}{line}\n")

    def _wrap_with_notes(self, text: str, width: int) -> list[str]:
        """The help wrapped, then its notes (`[默认：20]`) whole, on its last line if they fit."""
        match = re.search(r"\s*\[([^\[\]]*)\]$", text)
        if not match:
            return wrap(text, width, chinese=self.chinese) or [""]
        lines = wrap(text[: match.start()], width, chinese=self.chinese) or [""]
        notes = self._notes(match[1])
        if cell_len(lines[-1]) + 2 + cell_len(notes) <= width:
            lines[-1] = f"{lines[-1]}  {notes}".lstrip()
        else:
            lines.append(notes)
        return lines

    def _notes(self, text: str) -> str:
        """`default: 20; 0<=x<=1000000` and `required` in brackets, in the user's language."""
        if self.lang != "zh":
            return f"[{text}]"
        parts = []
        for part in text.split("; "):
            if part.startswith("default: "):
                part = f"{self.word('default')}：{part.removeprefix('default: ')}"
            elif part == "required":
                part = self.word("required")
            parts.append(part)
        return f"[{'；'.join(parts)}]"
