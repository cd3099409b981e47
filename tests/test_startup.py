"""Start-up stays cheap: the everyday commands import nothing they do not need.

Regression tests, not timing tests (timings live in benchmarks/): they list
the modules a real process has imported when `cqvet --version`, `cqvet list`
and the like finish, and fail if one from a deny-list is among them. They
also check the console script (`cqvet.cli.main`) and its lazy group: a command
loads its own module alone, yet help lists every command in order, a mistyped
command gets its suggestion and every command is where the table says.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

pytestmark = pytest.mark.slow  # start-up measured in fresh interpreters (README, Tests)

DENIED = (
    "pydantic",
    "openpyxl",
    "docx",
    "dateutil.parser",
    "sqlite_utils",
    "icalendar",
    "datasette",
    # cqvet serve and its accounts: only `serve` and `user` need them
    "starlette",
    "jinja2",
    "argon2",
    "uvicorn",
    "cqvet.serve",
    "cqvet.accounts",
    "cqvet.store_users",
    "hypothesis",
    # the document readers and what they use: only `cqvet load` reads a document
    "cqvet.documents",
    "cqvet.loading",
    "pypdf",
    "pypdfium2",
    "html.parser",
    "zipfile",
)

# A probe reports from `finally`, when the command is done.
PROBE = """
import json, sys
from cqvet.cli import main
sys.argv = ["cqvet", *json.loads(sys.argv[1])]
try:
    main()
finally:
    sys.stderr.write("MODULES:" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def imported_by(args: list[str], db: Path) -> set[str]:
    env = {**os.environ, "CQVET_DB": str(db), "COLUMNS": "120"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, env=env, timeout=60
    )
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES:"))
    assert result.returncode == 0, result.stderr
    return set(json.loads(line.removeprefix("MODULES:")))


@pytest.fixture(scope="module")
def existing_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database that already exists, as on every run after the first (the first one migrates)."""
    db = tmp_path_factory.mktemp("startup") / "cqvet.db"
    subprocess.run([sys.executable, "-m", "cqvet", "--db", str(db), "plans"], check=True, capture_output=True)
    return db


@pytest.mark.parametrize(
    "args", [["--version"], ["list"], ["list", "--format", "json"], ["show", "7"], ["due"]]
)
def test_everyday_commands_import_nothing_on_the_deny_list(existing_db: Path, args: list[str]) -> None:
    modules = imported_by(args, existing_db)
    loaded = sorted(m for m in modules if any(m == d or m.startswith(d + ".") for d in DENIED))
    assert loaded == [], f"cqvet {' '.join(args)} imported {loaded}"


@pytest.mark.parametrize(
    "args", [["--version"], ["list"], ["list", "--format", "json"], ["show", "7"], ["due"]]
)
def test_everyday_commands_load_no_help_texts(existing_db: Path, args: list[str]) -> None:
    """The help catalogue and its formatter are loaded when help is shown, never by a command."""
    modules = imported_by(args, existing_db)
    assert not modules & {"cqvet.help_labels", "cqvet.cli.help"}, f"cqvet {' '.join(args)}"


def test_help_loads_the_help_texts(existing_db: Path) -> None:
    """A probe of the test above: `list --help` does load them, so their absence means something."""
    assert {"cqvet.help_labels", "cqvet.cli.help"} <= imported_by(["list", "--help"], existing_db)


@pytest.mark.parametrize("args", [["--version"], ["list"], ["list", "--format", "json"], ["due"]])
def test_list_and_due_define_no_record_of_history_nor_of_a_document(
    existing_db: Path, args: list[str]
) -> None:
    """`cqvet.ledger` and `cqvet.plan_doc` hold classes these commands never make."""
    modules = imported_by(args, existing_db)
    assert not modules & {"cqvet.ledger", "cqvet.plan_doc"}, f"cqvet {' '.join(args)}"


def test_the_probe_does_see_an_import(existing_db: Path) -> None:
    """The check can fail: a report to Excel does import openpyxl."""
    out = existing_db.parent / "r.xlsx"
    assert "openpyxl" in imported_by(["report", "--output", str(out)], existing_db)


def test_the_probe_does_see_a_document_reader(tmp_path: Path) -> None:
    """The check can fail: `cqvet load` does import the readers."""
    plan = tmp_path / "plan.html"
    plan.write_text("<html><body><p>2024年工作要点</p><p>1.加强党建工作。</p></body></html>", "utf-8")
    modules = imported_by(["load", str(plan)], tmp_path / "new.db")
    assert {"cqvet.documents", "cqvet.loading", "html.parser"} <= modules


@pytest.mark.parametrize("args", [["list"], ["due"]])
def test_a_command_imports_its_own_module_and_no_other_commands(existing_db: Path, args: list[str]) -> None:
    """The lazy group imports `view_cmds` (and `record_cmds`, which declares the groups it adds
    to) for `list` and `due`, and no module of any other command."""
    from cqvet.cli.root import COMMANDS

    commands = {f"cqvet.cli.{module}" for module in COMMANDS.values()}
    assert imported_by(args, existing_db) & commands == {"cqvet.cli.view_cmds", "cqvet.cli.record_cmds"}


def test_the_probe_does_see_every_command_module_when_help_lists_them(existing_db: Path) -> None:
    """The check above can fail: `cqvet --help` does import every command module."""
    from cqvet.cli.root import COMMANDS

    modules = imported_by(["--help"], existing_db)
    assert {f"cqvet.cli.{module}" for module in COMMANDS.values()} <= modules


# --- the console script and its lazy group ------------------------------------------------


def run_main(args: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    """`cqvet ARGS` through `cqvet.cli.main`, the console script's entry point, in a fresh process."""
    code = "import sys; from cqvet.cli import main; sys.argv = ['cqvet', *sys.argv[1:]]; main()"
    env = {**os.environ, "CQVET_DB": str(db), "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )


REGISTERED = """
import importlib, json, sys
import typer.main
from cqvet.cli.root import app
importlib.import_module("cqvet.cli." + sys.argv[1])
group = typer.main.get_command(app)
print(json.dumps({name: sorted(getattr(group.commands[name], "commands", {})) for name in group.commands}))
"""


def test_every_command_is_registered_by_the_module_the_table_names() -> None:
    """Importing the module `COMMANDS` names for a command, alone in a fresh process, registers
    that command whole (a group with every sub-command it has in the whole app), and the whole
    app has no command the table does not name."""
    from cqvet.cli import app
    from cqvet.cli.root import COMMANDS

    whole = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert set(whole) == set(COMMANDS)
    for module in dict.fromkeys(COMMANDS.values()):
        result = subprocess.run(
            [sys.executable, "-c", REGISTERED, module], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        registered = json.loads(result.stdout)
        for name in (name for name, owner in COMMANDS.items() if owner == module):
            assert registered[name] == sorted(getattr(whole[name], "commands", {})), (name, module)


def test_through_the_entry_point_help_lists_every_command_in_the_table_order(existing_db: Path) -> None:
    """`cqvet --help` shows every command, in the order of `COMMANDS`; `cqvet list --help`
    the options of list."""
    from cqvet.cli.root import COMMANDS

    result = run_main(["--help"], existing_db)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split("命令：\n", 1)[1]
    names = [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and line[2] != " "]
    assert names == list(COMMANDS)
    result = run_main(["list", "--help"], existing_db)
    assert result.returncode == 0 and "--owner" in result.stdout and "--status" in result.stdout


def test_through_the_entry_point_a_mistyped_command_is_answered_with_the_right_one(
    existing_db: Path,
) -> None:
    """`cqvet lst` loads every command, so the error can suggest `list`; one line, exit 2."""
    result = run_main(["lst"], existing_db)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "是否要用 list？" in result.stderr


def test_through_the_entry_point_a_command_group_records_and_reads_back(tmp_path: Path) -> None:
    """`progress set` (record_cmds) and `progress log` (view_cmds) are one group, lazily loaded."""
    db = tmp_path / "group.db"
    result = run_main(["progress", "set", "7", "--percent", "40", "--date", "2021-03-31", "--by", "t"], db)
    assert result.returncode == 0, result.stderr
    log = run_main(["progress", "log", "7", "--format", "json"], db)
    assert log.returncode == 0, log.stderr
    assert [(e["percent"], e["reported_on"]) for e in json.loads(log.stdout)] == [(40, "2021-03-31")]


GC_PROBE = """
import gc, sys
from cqvet.cli import main
sys.argv = ["cqvet", *sys.argv[1:]]
try:
    main()
finally:
    sys.stderr.write(f"GC:{gc.get_threshold()[0]}\\n")
"""


def test_a_command_collects_garbage_rarely(existing_db: Path) -> None:
    """Through the console script, a command collects every 100,000 allocations."""
    env = {**os.environ, "CQVET_DB": str(existing_db)}
    result = subprocess.run(
        [sys.executable, "-c", GC_PROBE, "list"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "GC:100000\n" in result.stderr


def test_a_server_collects_garbage_as_python_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve`, which runs for hours, goes back to Python's threshold before it starts serving."""
    from typer.testing import CliRunner

    from cqvet import web
    from cqvet.cli import PYTHON_GC_THRESHOLD, app
    from cqvet.serve import app as served

    # Both servers stand in for themselves: the real ones would serve port 8001 until killed.
    seen: list[tuple[int, int, int]] = []
    monkeypatch.setattr(web, "run", lambda *args, **kwargs: seen.append(gc.get_threshold()))
    monkeypatch.setattr(served, "run", lambda *args, **kwargs: seen.append(gc.get_threshold()))
    before = gc.get_threshold()
    try:
        for args in (["serve"], ["serve", "--raw"]):
            gc.set_threshold(100_000, 10, 10)
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 0, result.output
    finally:
        gc.set_threshold(*before)
    assert seen == [PYTHON_GC_THRESHOLD, PYTHON_GC_THRESHOLD]


def test_through_the_entry_point_a_refused_command_exits_with_its_status_and_one_line(
    existing_db: Path,
) -> None:
    """A point that does not exist: exit 2, one line on stderr, nothing on stdout."""
    result = run_main(["show", "99"], existing_db)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "99" in result.stderr


def test_through_the_entry_point_a_write_and_a_backup_leave_no_journal_beside_their_files(
    tmp_path: Path,
) -> None:
    """Every connection is closed when the command ends (by the session, not by Python's
    teardown), so SQLite has folded its write-ahead log back into the file and a copied .db
    is whole."""
    db = tmp_path / "ledger.db"
    recorded = run_main(["progress", "set", "7", "--percent", "40", "--date", "2021-03-31", "--by", "t"], db)
    assert recorded.returncode == 0, recorded.stderr
    backed_up = run_main(["backup", str(tmp_path / "copy.db")], db)
    assert backed_up.returncode == 0, backed_up.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "ledger.db"]
