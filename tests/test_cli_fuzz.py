"""A fuzz run of every command's arguments: any command line ends in success or in one line of error.

The command paths are read from the click tree Typer builds (so a command
added later is fuzzed too), and each command's arguments are drawn from its
own option names, values that are plausible for that option (numbers, dates,
quarters, formats, unit names, paths under pytest's tmp folder) and random
tokens. Each command's lines run in-process, one after another, on a copy of a
database prepared once (the bundled plan and some history), with the fuzz
folder as working directory, so a relative path lands there too; random tokens
hold no path separator, so nothing is written anywhere else.

The promise checked, for every line: no traceback and no 内部错误 (the
boundary's catch-all for bugs); exit code 0, 1 or 2; a non-zero exit prints
exactly one non-empty line on stderr and leaves the database as it was.

The bugs this fuzz found (numbers beyond SQLite's integers, NUL in paths,
line breaks other than \n in error lines) are fixed and kept as explicit
regression cases (REGRESSIONS).
"""

from __future__ import annotations

import collections
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
from conftest import SEED, invoke, snapshot
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cqvet.cli import app

pytestmark = pytest.mark.slow  # Hypothesis command lines through every command (README, Tests)

SKIP = {("serve",)}  # starts a server and waits
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES_PER_COMMAND = 20

# --- the commands ----------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    arguments: tuple[Any, ...]  # click Arguments, in order
    options: tuple[Any, ...]  # click Options

    @property
    def name(self) -> str:
        return " ".join(self.path)


def walk(command: Any, path: tuple[str, ...] = ()) -> list[Command]:
    """Every command under `command`, groups included (`cqvet progress bogus` is a command line too)."""
    found = []
    if hasattr(command, "commands"):
        if path:
            found.append(Command(path, (), ()))
        for name, sub in sorted(command.commands.items()):
            found += walk(sub, (*path, name))
    elif path not in SKIP:
        params = [p for p in command.params if not getattr(p, "hidden", False)]
        found.append(
            Command(
                path,
                tuple(p for p in params if p.param_type_name == "argument"),
                tuple(p for p in params if p.param_type_name == "option"),
            )
        )
    return found


CQVET = typer.main.get_command(app)  # built once: typer's CliRunner.invoke rebuilds it at every call
COMMANDS = walk(CQVET)


def command_of(args: list[str]) -> str:
    """The name of the command a generated line runs (after an optional `--lang X`)."""
    words = args[2:] if args[:1] == ["--lang"] else args
    matches = [c for c in COMMANDS if words[: len(c.path)] == list(c.path)]
    return max(matches, key=lambda c: len(c.path)).name if matches else "other"


# --- the values --------------------------------------------------------------------

LONG = "重庆市教育委员会职业教育与成人教育处" * 120
NUMBERS = [
    "1",
    "2",
    "11",
    "17",
    "18",
    "0",
    "-1",
    "²",
    "٣",
    "第3项",
    "#2",
    " 2 ",
    "2.0",
    "1e3",
    "abc",
    "",
    "99999999999999999999",
]
PERCENTS = ["0", "50", "60%", "100", "101", "-1", "1e309", "nan", "inf", "50.5", "abc", "", "６０", "1e2"]
DATES = [
    "2021-06-30",
    "2021-02-30",
    "2021/6/30",
    "2021年6月30日",
    "6月底",
    "三季度末",
    "年底前",
    "9月中旬",
    "上半年",
    "today",
    "0000-00-00",
    "2021-13-01",
    "9999-12-31",
    "2020-12-31",
    "2030-01-01",
    "2021",
    "abc",
    "",
]
QUARTERS = [
    "2021Q2",
    "2021-Q2",
    "Q2",
    "Q4",
    "Q9",
    "Q0",
    "二季度",
    "2021年第二季度",
    "2020Q4",
    "2022Q1",
    "abc",
    "",
]
STATUSES = [
    "done",
    "已完成",
    "推进中",
    "受阻",
    "blocked",
    "in_progress",
    "not_started",
    "逾期",
    "overdue",
    "bogus",
    "",
]
FORMATS = ["table", "json", "csv", "terminal", "md", "html", "xlsx", "docx", "pdf", "JSON", ""]
PERIODS = ["30d", "2w", "1m", "0", "9999m", "9999", "30天", "2周", "abc", "", "-1d"]
INTEGERS = ["0", "1", "-1", "3", "20", "abc", "", "1.5", "99999999999999999999"]
FLOATS = ["10", "0", "100", "-1", "101", "nan", "inf", "1e309", "0.5", "abc", ""]
ACTUALS = ["132", "0", "60%", "1e308", "-5", "nan", "inf", "abc", "", "1,000"]
REFS = ["2.1", "11.3", "1.1", "2.99", "x.y", "", "2.", ".1", "2.1.1", "二.一", "99999999999999999999.1"]
UNITS = ["职成教处", "市教委职成教处", "思政处", "组织处", "  ", "", "[bold]处", "\x1b[31m处", "=1+1", LONG]
PLANS = ["2021", "2024", "1", "2", "99", "工作要点", "2021年", "", "职业教育"]
SECTIONS = ["1", "一", "二、", "3", "99", "思想", "党的领导", "", "0"]
TEXTS = [
    "推进中",
    "完成评审",
    "",
    "   ",
    "[bold]x[/bold]",
    "\x1b[2J",
    '=HYPERLINK("http://x")',
    "<td>",
    "a\nb",
    ":smile:",
    LONG,
    "tester",
    "张伟",
]
LANGS = ["zh", "en", "xx", ""]

BY_NAME = {
    "number": NUMBERS,
    "percent": PERCENTS,
    "status": STATUSES,
    "date": DATES,
    "as_of": DATES,
    "since": DATES,
    "until": DATES,
    "due": DATES,
    "quarter": QUARTERS,
    "fmt": FORMATS,
    "within": PERIODS,
    "limit": INTEGERS,
    "history": INTEGERS,
    "tolerance": FLOATS,
    "actual": ACTUALS,
    "ref": REFS,
    "lead": UNITS,
    "support": UNITS,
    "owner": UNITS,
    "old": UNITS,
    "new": UNITS,
    "plan": PLANS,
    "section": SECTIONS,
}


def path_values(root: Path) -> list[str]:
    """Paths under `root` that do or do not exist, of every kind a command might be handed."""
    files = root / "files"
    names = [
        "plan.txt",
        "seed.txt",
        "empty.txt",
        "garbage.bin",
        "notes.txt",
        "backup.db",
        "corrupt.db",
        "dir",
        "missing.txt",
        "nodir/out.md",
        "out.md",
        "out.csv",
        "out.json",
        "out.html",
        "out.xlsx",
        "out.docx",
        "out.txt",
        "out.pdf",
        "out.ics",
        "out",
        "existing.md",
        "demo-a",
        "demo-b",
        "中文 路径.md",
        "assignments.xlsx",
        "progress.xlsx",
        "new.xlsx",
        "new.csv",
    ]
    return [str(files / name) for name in names] + ["rel.md", "rel-folder", "", "."]


# A random token: any character but a path separator, and never "..": relative paths stay inside tmp_path.
any_char = st.characters(blacklist_categories=["Cs"], blacklist_characters="/\\")
random_token = st.text(any_char, max_size=24).filter(lambda t: t != "..")


def values_for(param: Any, paths: list[str], careful: bool = False) -> st.SearchStrategy[str]:
    """Values for one parameter: plausible ones for it, and (unless careful) sometimes a random token."""
    kind = type(param.type).__name__
    if param.name in BY_NAME:
        pool = BY_NAME[param.name]
    elif "Path" in kind:
        pool = paths
    elif "Int" in kind:
        pool = INTEGERS
    elif "Float" in kind:
        pool = FLOATS
    elif "Choice" in kind:
        pool = [*map(str, param.type.choices), "bogus", ""]
    else:
        pool = TEXTS
    if careful:
        return st.sampled_from(pool)
    return st.one_of(st.sampled_from(pool), st.sampled_from(pool), st.sampled_from(pool), random_token)


@st.composite
def command_lines(draw: st.DrawFn, command: Command, paths: list[str]) -> list[str]:
    """A command line: the command, its arguments, some of its options.

    Half the lines are careful (every argument and required option, plausible values only) so that
    they get past the parser into the commands; the others may lack an argument, carry one too many,
    a random token anywhere, or a `--lang` before the command.
    """
    careful = draw(st.booleans())
    head = ["--lang", draw(st.sampled_from(LANGS))] if not careful and draw(st.integers(0, 9)) == 0 else []
    segments: list[list[str]] = []
    wanted = len(command.arguments) + (0 if careful else draw(st.sampled_from([0, 0, 0, -1, 1])))
    for index in range(max(wanted, 0)):
        param = command.arguments[index] if index < len(command.arguments) else None
        segments.append([draw(values_for(param, paths, careful) if param is not None else random_token)])
    if careful:  # each option at most once, each with an even chance
        chosen = [o for o in command.options if o.required or draw(st.booleans())]
    else:
        chosen = [o for o in command.options if o.required and draw(st.integers(0, 9)) > 0]
        chosen += draw(st.lists(st.sampled_from(command.options), max_size=4)) if command.options else []
    for option in chosen:
        name = draw(st.sampled_from(option.opts))
        if option.is_flag:
            segments.append([name])
        else:
            value = draw(values_for(option, paths, careful))
            segments.append(
                [f"{name}={value}"] if draw(st.booleans()) and name.startswith("--") else [name, value]
            )
    if not careful and draw(st.integers(0, 4)) == 0:
        segments.append([draw(random_token)])
    if not careful and draw(st.booleans()):
        segments = draw(st.permutations(segments))
    return [*head, *command.path, *(token for segment in segments for token in segment)]


# --- the database and the files ------------------------------------------------------

HISTORY = (
    ("owner", "set", "2", "--lead", "思政处", "--support", "职成教处"),
    ("owner", "set", "11", "--lead", "职成教处", "--support", "市经济信息委", "--support", "[bold]处"),
    ("deadline", "set", "2", "年底"),
    ("deadline", "set", "11", "6月底"),
    ("progress", "set", "2", "--percent", "40", "--date", "2021-03-31", "--note", "启动评选"),
    ("progress", "set", "2", "--percent", "60", "--date", "2021-06-30", "--note", "初评完成"),
    ("progress", "set", "4", "--status", "受阻", "--date", "2021-05-10", "--note", "经费未到位"),
    ("target", "set", "2.1", "--actual", "30", "--date", "2021-06-30"),
)


@dataclass(frozen=True)
class Ground:
    """Where the fuzz runs: a prepared database to copy, and a folder of files the paths name."""

    template: Path
    root: Path

    @property
    def paths(self) -> list[str]:
        return path_values(self.root)


@pytest.fixture(scope="module")
def ground(tmp_path_factory: pytest.TempPathFactory) -> Ground:
    """The plan with some history in a database made once, and the files (made once too)."""
    root = tmp_path_factory.mktemp("fuzz")
    template = root / "template.db"

    def run(*args: str) -> Any:
        # --db explicitly: the autouse CQVET_DB fixture is function-scoped and not set up yet.
        return invoke(CQVET, ["--db", str(template), *args], env={"CQVET_USER": "tester", "COLUMNS": "200"})

    for args in (("plans",), *HISTORY):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
    files = root / "files"
    files.mkdir()
    shutil.copyfile(DATA / "continued-lines-plan.txt", files / "plan.txt")
    shutil.copyfile(SEED, files / "seed.txt")
    (files / "empty.txt").write_bytes(b"")
    (files / "garbage.bin").write_bytes(bytes(range(256)) * 4)
    (files / "notes.txt").write_text("随便写的几句话，不是工作要点。\n", encoding="utf-8")
    (files / "corrupt.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    (files / "existing.md").write_text("# 已有的文件\n", encoding="utf-8")
    (files / "dir").mkdir()
    assert run("backup", str(files / "backup.db")).exit_code == 0
    # Files for `import` to read, if this cqvet can export them (the fuzz checks export on its own).
    run("export", "assignments", "-o", str(files / "assignments.xlsx"))
    run("export", "progress-form", "--owner", "职成教处", "-o", str(files / "progress.xlsx"))
    return Ground(template, root)


@pytest.fixture
def prepared(ground: Ground, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Ground:
    """This test's database, a copy of the prepared one; the fuzz folder as the working directory."""
    shutil.copyfile(ground.template, db_path)
    monkeypatch.chdir(ground.root)  # a relative path in a command line lands in the fuzz folder
    return ground


# --- the promise ---------------------------------------------------------------------------

INTERNAL = re.compile("内部错误|internal error", re.IGNORECASE)


def check(db: Path, args: list[str]) -> str:
    """Runs one command line and checks the promise; returns the outcome (ok, exit N, or a known bug)."""
    before = snapshot(db)
    result = invoke(CQVET, args, input="n\n")
    out, err, code = result.stdout, result.stderr, result.exit_code
    assert "Traceback" not in out + err, (args, err)
    assert not INTERNAL.search(out + err), (args, err)
    assert code in (0, 1, 2), (args, code, err, result.exception)
    if code:
        lines = err.splitlines()
        # One line; an import refused for several cells lists each (indented, naming its row and
        # column) above that one line, by design: a person fixes the sheet in one pass.
        problems = lines[:-1] if args[:1] == ["import"] else lines[:0]
        assert all(line.startswith("  ") and line.strip() for line in problems), (args, code, err)
        assert len(lines) == len(problems) + 1 and lines[-1].strip(), (args, code, err)
        assert snapshot(db) == before, (args, "a refused command changed the database", err)
    return "ok" if code == 0 else f"exit {code}"


EDGE_CASES = [
    ["show", "²"],
    ["progress", "set", "2", "--percent", "1e309"],
    ["report", "--as-of", "0000-00-00"],
    ["list", "--section", ""],
    ["undo"],  # answers n to the prompt: cancelled, one line, nothing reverted
]
OUTCOMES: collections.Counter[str] = collections.Counter()  # for the summary printed with -s


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name.replace(" ", "-"))
def test_any_command_line_ends_in_success_or_one_line_of_error(
    prepared: Ground, db_path: Path, command: Command
) -> None:
    """It answers generated command lines with exit 0, or with exit 1 or 2, one line on stderr and the
    database untouched; never a traceback or an internal error."""
    outcomes: collections.Counter[str] = collections.Counter()

    @settings(max_examples=EXAMPLES_PER_COMMAND, deadline=None, database=None)
    @given(args=command_lines(command, prepared.paths))
    def fuzz(args: list[str]) -> None:
        outcomes[check(db_path, args)] += 1

    for args in EDGE_CASES:
        if command_of(args) == command.name:
            fuzz = example(args=args)(fuzz)
    fuzz()
    OUTCOMES.update(outcomes)
    print(f"\n{command.name}: {dict(outcomes)}; all so far {dict(OUTCOMES)}")


# --- the bugs this fuzz found, kept as regression cases -----------------------------------

REGRESSIONS = [
    pytest.param(
        ["show", "99999999999999999999"],
        id="overflow-show",
    ),
    pytest.param(
        ["progress", "set", "99999999999999999999", "--percent", "10"],
        id="overflow-progress-set",
    ),
    pytest.param(
        ["target", "set", "99999999999999999999.1", "--actual", "1"],
        id="overflow-target-set",
    ),
    pytest.param(
        ["progress", "log", "--limit", "99999999999999999999"],
        id="overflow-limit",
    ),
    pytest.param(
        ["show", "2", "--history", "99999999999999999999"],
        id="overflow-history",
    ),
    pytest.param(
        ["backup", "files/a\x00b.db"],
        id="nul-backup",
    ),
    pytest.param(
        ["load", "files/a\x00b.txt"],
        id="nul-load",
    ),
    pytest.param(
        ["report", "-o", "files/a\x00b.md"],
        id="nul-report-output",
    ),
    pytest.param(
        ["demo", "a\x00b"],
        id="nul-demo",
    ),
    pytest.param(
        ["show", "1\r2"],
        id="cr-in-error",
    ),
    pytest.param(
        ["list", "--status", "x\u2028y"],
        id="line-separator-in-error",
    ),
]


@pytest.mark.parametrize("args", REGRESSIONS)
def test_command_lines_that_once_broke_the_promise_keep_it(
    prepared: Ground, db_path: Path, args: list[str]
) -> None:
    """It answers each command line the fuzz found wanting with one line of error, the database untouched."""
    before = snapshot(db_path)
    result = invoke(CQVET, args, input="n\n")
    assert not INTERNAL.search(result.stdout + result.stderr), result.stderr
    assert result.exit_code in (1, 2)
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert snapshot(db_path) == before


def test_demo_with_a_bad_quarter_creates_nothing(prepared: Ground, tmp_path: Path) -> None:
    """It refuses an unreadable --quarter before it makes the folder or the demo database."""
    folder = tmp_path / "demo-bad-quarter"
    result = invoke(CQVET, ["demo", str(folder), "-q", "Q9"])
    assert result.exit_code == 2, result.stderr
    assert not folder.exists()


def test_restore_refuses_an_empty_file(prepared: Ground, db_path: Path, tmp_path: Path) -> None:
    """It refuses to restore from a file that holds no cqvet database, and the ledger stays as it was."""
    empty = tmp_path / "empty.txt"  # its own file: the fuzz may have written over the shared ones
    empty.write_bytes(b"")
    before = snapshot(db_path)
    result = invoke(CQVET, ["restore", str(empty)])
    assert result.exit_code in (1, 2), result.stdout
    assert snapshot(db_path) == before
