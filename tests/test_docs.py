"""The docs agree with the program: help everywhere, every command in the README, CI runs the README.

A new command without help text, a command the README does not name, an
option that help mentions but the command no longer accepts, or a README test
command that CI does not run, each fails here with the name of what is
missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from cqvet import __version__
from cqvet.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """The root command and every command and sub-command below it, with the words that invoke it."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, (*path, name))


ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = list(walk(ROOT_COMMAND))
TOP_LEVEL = sorted(ROOT_COMMAND.commands)  # type: ignore[attr-defined]


def label(path: tuple[str, ...]) -> str:
    return " ".join(("cqvet", *path))


def options(command: Any) -> set[str]:
    return {
        opt for param in command.params for opt in (*param.opts, *param.secondary_opts) if opt.startswith("-")
    }


def help_output(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[label(p) for p, _ in COMMANDS])
def test_every_command_has_a_first_line_of_help(path: tuple[str, ...], command: Any) -> None:
    """Each command and sub-command (the root included) has a help text whose first line says something."""
    lines = (command.help or "").strip().splitlines()
    assert lines and lines[0].strip(), f"`{label(path)}` has no help text: give its function a docstring"


@pytest.mark.parametrize(("lang", "heading"), [("zh", "命令："), ("en", "Commands:")])
def test_top_level_help_lists_every_command_with_its_one_line_help(lang: str, heading: str) -> None:
    """`cqvet --help` names every command next to the first clause of its help, in the user's language."""
    from cqvet.cli.help import first_clause, lookup

    output = help_output("--lang", lang)
    listed: dict[str, str] = {}
    in_commands = False
    for line in output.splitlines():
        if line.strip() == heading:
            in_commands = True
            continue
        match = re.match(r"^  (\S+)\s+(.*)$", line)
        if in_commands and match:
            listed[match[1]] = match[2].strip()
    assert sorted(listed) == TOP_LEVEL
    for name in TOP_LEVEL:
        clause = first_clause(lookup((name,), None, lang) or "")
        shown = listed[name]
        assert len(shown) >= 4 and clause.startswith(shown), (name, shown, clause)


def test_version_prints_the_package_version() -> None:
    """`cqvet --version` prints `cqvet` and `cqvet.__version__`, and exits 0."""
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"cqvet {__version__}\n"


def code_spans(markdown: str) -> list[str]:
    """Every fenced code block's lines and every inline `code` span of a Markdown text."""
    spans: list[str] = []
    fenced = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
    for block in fenced.finditer(markdown):
        spans += block[1].splitlines()
    spans += re.findall(r"`([^`\n]+)`", fenced.sub("", markdown))
    return spans


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_the_readme_names_every_command_in_backticks(name: str) -> None:
    """Each top-level command appears in README.md as `cqvet NAME …` or `NAME` in code."""
    spans = code_spans(README.read_text(encoding="utf-8"))
    pattern = re.compile(rf"(^|\s|/)cqvet {re.escape(name)}(\s|$)")
    assert any(span.strip() == name or pattern.search(span) for span in spans), (
        f"README.md does not mention the command `cqvet {name}` in backticks; "
        f"add it (e.g. `cqvet {name}` with a line on what it does)"
    )


def quick_start(markdown: str) -> str:
    match = re.search(r"^## Quick start\s*$(.*?)(?=^## |\Z)", markdown, re.MULTILINE | re.DOTALL)
    assert match, "README.md has no `## Quick start` section"
    return match[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    """The Quick start's `pytest` line is a line of .ci/run, character for character."""
    lines = [
        line.strip()
        for line in quick_start(README.read_text(encoding="utf-8")).splitlines()
        if "pytest" in line
    ]
    assert lines, "README.md's Quick start has no line that runs pytest"
    ci_lines = [line.strip() for line in CI.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        assert line in ci_lines, f".ci/run does not run the README's test command: {line}"


@pytest.mark.slow
def test_shell_completion_is_installable() -> None:
    """`--install-completion` is offered; `--show-completion` run from bash prints a bash completion script.

    `--show-completion` is a flag: typer finds the shell among the command's parent processes
    (shellingham), so the command is run from bash, as a user runs it. (Run from a process with no
    shell above it, as a detached test run is, it answers "Shell  not supported.")
    """
    assert {"--install-completion", "--show-completion"} <= options(ROOT_COMMAND)
    assert "--install-completion" in help_output()
    bash = shutil.which("bash")
    assert bash is not None
    result = subprocess.run(
        # A list of two commands, so bash stays the parent rather than exec'ing the last one.
        [bash, "-c", '"$0" -m cqvet --show-completion; exit $?', sys.executable],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        cwd=ROOT,
        env={**os.environ, "SHELL": "/bin/bash"},
    )
    assert result.returncode == 0, result.stderr
    assert "complete -o default -F" in result.stdout
    assert "_COMPLETE=complete_bash" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[label(p) for p, _ in COMMANDS])
def test_help_mentions_only_options_that_are_accepted(path: tuple[str, ...], command: Any) -> None:
    """Every `--option` in a command's --help is one it (or, for a group, one of its sub-commands) accepts.

    The global options (--db, --lang…) count for every command, since they may precede it.
    """
    accepted = options(ROOT_COMMAND) | {"--help"}
    for _, below in walk(command):
        accepted |= options(below)
    mentioned = set(OPTION.findall(help_output(*path)))
    assert mentioned <= accepted, (
        f"`{label(path)} --help` mentions {sorted(mentioned - accepted)}, which it does not accept"
    )


def test_the_readme_layout_names_every_module_and_benchmark() -> None:
    """README's Layout matches the tree: each module of cqvet/ and each benchmark script is named there."""
    text = README.read_text(encoding="utf-8")
    layout = text[text.index("## Layout") :]
    package = ROOT / "cqvet"
    names = {path.stem for path in package.rglob("*.py") if path.stem not in {"__init__", "__main__"}}
    names |= {path.stem for path in (ROOT / "benchmarks").glob("*.py")}
    missing = sorted(name for name in names if not re.search(rf"(?<![\w.]){re.escape(name)}", layout))
    assert missing == []
