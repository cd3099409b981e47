"""Help and the framework's messages speak the user's language, completely.

Chinese help holds no English sentence and English help no Chinese beyond the forms a
user types (`6月30日`, `二季度`); every command and every parameter has its two texts in
the help catalogue (`cqvet/help_labels.py`), so an option added without them fails here
by name; click's and typer's own words (usage line, headings, notes, usage errors) are
translated too; and help fits an 80-column console.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
import typer.main
from conftest import snapshot
from rich.cells import cell_len
from typer.testing import CliRunner

from cqvet.cli import app
from cqvet.cli.help import lookup, param_name
from cqvet.render.wrapping import wrap

ROOT = typer.main.get_command(app)


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, (*path, name))


COMMANDS = list(walk(ROOT))
IDS = [" ".join(("cqvet", *p)) for p, _ in COMMANDS]


def missing_help(root: Any) -> list[str]:
    """Every command and parameter of the tree that lacks a text in either language."""
    missing = []
    for path, command in walk(root):
        names: list[str | None] = [None, *(param_name(p) for p in command.params), "--help"]
        for name in names:
            for lang in ("zh", "en"):
                if not lookup(path, name, lang):
                    missing.append(f"{' '.join(path) or 'cqvet'} {name or ''} [{lang}]".replace("  ", " "))
    return missing


def test_every_command_and_parameter_has_its_help_in_both_languages() -> None:
    """A new command or option needs its two lines in cqvet/help_labels.py."""
    assert missing_help(ROOT) == []


def test_an_option_added_without_a_catalogue_entry_is_found() -> None:
    """A probe of the test above: an uncatalogued option of a new command is reported by name."""
    probe = typer.Typer()

    @probe.command()
    def fresh(colour: Annotated[str, typer.Option("--colour")] = "red") -> None:
        """A command no catalogue knows."""

    @probe.command()
    def other() -> None:
        """Makes `fresh` a sub-command."""

    found = missing_help(typer.main.get_command(probe))
    assert "fresh --colour [zh]" in found and "fresh --colour [en]" in found


def help_of(path: tuple[str, ...], *, lang: str | None = None, env: dict[str, str] | None = None) -> str:
    args = (["--lang", lang] if lang else []) + [*path, "--help"]
    result = CliRunner().invoke(app, args, env=env, prog_name="cqvet")
    assert result.exit_code == 0, result.output
    return result.stdout


# A user types these in English help's examples; they are not English text's Chinese.
TYPED_FORMS = {
    "6月30日",
    "6月底",
    "三季度末",
    "年底前",
    "9月中旬",
    "2021年第二季度",
    "二季度",
    "三",
    "7月5日",
}
TYPED_FORMS |= {"未启动", "推进中", "已完成", "受阻", "逾期"}
# In Chinese help the user types these Latin words: command lines, values, names of things.
COMMAND_LINE = re.compile(r"(?:cqvet|pip install)(?: [-\w.'\[\]]+)*")
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'()]+[A-Za-z]{2,}){2,}")
FRAMEWORK_WORDS = ("Usage", "Options", "Arguments", "Commands", "Show this message", "default:", "required")


def english_in(text: str) -> list[str]:
    """Runs of three or more English words, and click's own words, outside command lines."""
    text = COMMAND_LINE.sub(" ", text)
    return ENGLISH_SENTENCE.findall(text) + [w for w in FRAMEWORK_WORDS if w in text]


def chinese_in(text: str) -> list[str]:
    """Chinese words that are not forms a user types (with their digits: 6月30日), and Chinese marks."""
    words = re.findall(r"[0-9]*[\u4e00-\u9fff]+(?:[0-9]+[\u4e00-\u9fff]+)*", text)
    marks = re.findall(r"[\u3000-\u303f\uff00-\uffef]", text)
    return [w for w in words if w not in TYPED_FORMS] + marks


@pytest.mark.slow
@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_chinese_help_holds_no_english_sentence(path: tuple[str, ...], command: Any) -> None:
    text = help_of(path)
    assert text.startswith("用法：")
    assert english_in(text) == [], text


@pytest.mark.slow
@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_english_help_holds_no_chinese(path: tuple[str, ...], command: Any) -> None:
    text = help_of(path, lang="en")
    assert text.startswith("Usage: ")
    assert chinese_in(text) == [], text


@pytest.mark.slow
@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_fits_an_80_column_console(
    path: tuple[str, ...], command: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No line of help is wider than 80 columns, Chinese characters counting two."""
    monkeypatch.setenv("COLUMNS", "80")
    for lang in ("zh", "en"):
        lines = help_of(path, lang=lang).splitlines()
        assert max(cell_len(line) for line in lines) <= 80, lang


def test_report_help_follows_cqvet_lang_and_the_lang_option() -> None:
    """`CQVET_LANG=en cqvet report --help` and `cqvet --lang en report --help` are English; zh by default."""
    assert "季度进展情况通报" in help_of(("report",))
    assert "The quarterly progress report" in help_of(("report",), env={"CQVET_LANG": "en"})
    assert "The quarterly progress report" in help_of(("report",), lang="en")
    assert "季度进展情况通报" in help_of(("report",), lang="zh", env={"CQVET_LANG": "en"})


def test_chinese_help_names_arguments_and_values_in_chinese() -> None:
    text = help_of(("show",))
    assert "用法：cqvet show [选项] {序号}" in text
    assert "参数：" in text and "选项：" in text
    assert "--as-of <文本>" in text and "[默认：20；0<=x<=1000000]" in text
    assert "[必填]" in text


def test_every_argument_of_every_command_has_a_chinese_name() -> None:
    """`cqvet user add {用户名}`, never typer's `{name}` in Chinese help."""
    from cqvet.help_labels import ARGUMENT_NAMES

    def arguments(command: object) -> list[str]:
        found = [
            str(p.name).upper() for p in getattr(command, "params", []) if p.param_type_name == "argument"
        ]
        for sub in getattr(command, "commands", {}).values():
            found += arguments(sub)
        return found

    names = arguments(typer.main.get_command(app))
    assert "NAME" in names and "NUMBER" in names
    assert [name for name in names if name not in ARGUMENT_NAMES] == []


def test_a_group_without_its_sub_command_shows_its_help_in_chinese() -> None:
    result = CliRunner().invoke(app, ["progress"])
    assert result.exit_code == 0
    assert "命令：" in result.stdout and "记录一项重点工作或举措的进度" in result.stdout


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("完成时限，如 2021-06-30、6月底、三季度末、年底前、9月中旬，或 2021年6月30日。" * 3, 30),
        ("The day this is reported for (default: today), e.g. 2021-06-30 or 6月30日.", 24),
    ],
)
def test_wrapping_keeps_dates_and_words_whole_and_no_line_opens_with_a_closing_mark(
    text: str, width: int
) -> None:
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for date in re.findall(r"\d{4}-\d\d-\d\d|\d{4}年\d+月\d+日|\d+月\d+日|\d+月底", text):
        assert any(date in line for line in lines), date
    assert not any(line[:1] in "，。；：、）" for line in lines)


# --- the framework's errors -------------------------------------------------------------

ERRORS = [
    pytest.param(
        ["lsit"],
        "没有命令 lsit；是否要用 list？",
        "no such command: lsit; did you mean list?",
        id="no-such-command",
    ),
    pytest.param(
        ["frobnicate"],
        "没有命令 frobnicate；用 cqvet --help 查看可用命令",
        "no such command: frobnicate; see cqvet --help",
        id="unknown-command",
    ),
    pytest.param(
        ["progress", "sett", "2"],
        "没有命令 sett；是否要用 set？",
        "no such command: sett; did you mean set?",
        id="sub-command",
    ),
    pytest.param(
        ["list", "--fromat", "json"],
        "没有选项 --fromat；是否要用 --format？",
        "no such option: --fromat; did you mean --format?",
        id="no-such-option",
    ),
    pytest.param(
        ["list", "--zzz"],
        "没有选项 --zzz；用 --help 查看可用选项",
        "no such option: --zzz; see --help",
        id="unknown-option",
    ),
    pytest.param(
        ["list", "--format", "xml"],
        "--format 的值无效：“xml”不是可选的值，可用 table、json、csv",
        "invalid value for --format: 'xml' is not one of table, json, csv",
        id="bad-choice",
    ),
    pytest.param(
        ["show", "1", "--history", "x"],
        "--history 的值无效：“x”不是整数",
        "invalid value for --history: 'x' is not a whole number",
        id="not-an-integer",
    ),
    pytest.param(
        ["report", "--tolerance", "abc"],
        "--tolerance 的值无效：“abc”不是数值",
        "invalid value for --tolerance: 'abc' is not a number",
        id="not-a-number",
    ),
    pytest.param(
        ["show", "1", "--history", "-3"],
        "--history 的值无效：-3 不在 0<=x<=1000000 的范围内",
        "invalid value for --history: -3 is not in the range 0<=x<=1000000",
        id="out-of-range",
    ),
    pytest.param(
        ["show"], "缺少参数 序号；用 --help 查看用法", "missing NUMBER; see --help", id="missing-argument"
    ),
    pytest.param(
        ["list", "--as-of"], "选项 --as-of 需要一个值", "the option --as-of needs a value", id="missing-value"
    ),
    pytest.param(
        ["list", "--ascii=yes"],
        "选项 --ascii 不带值",
        "the option --ascii takes no value",
        id="flag-with-value",
    ),
    pytest.param(
        ["list", "a", "b"], "多余的参数：a b", "unexpected extra arguments: a b", id="extra-arguments"
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("args", "zh", "en"), ERRORS)
def test_each_framework_error_is_one_line_in_the_users_language_and_changes_nothing(
    cqvet: Any, loaded: Path, args: list[str], zh: str, en: str
) -> None:
    before = snapshot(loaded)
    result = cqvet(*args)
    assert (result.exit_code, result.stderr) == (2, f"用法错误：{zh}\n")
    assert english_in(result.stderr) == []
    result = cqvet("--lang", "en", *args)
    assert (result.exit_code, result.stderr) == (2, f"usage error: {en}\n")
    assert chinese_in(result.stderr) == []
    assert snapshot(loaded) == before
