"""Start-up stays cheap: the everyday commands import nothing they do not need.

Regression tests, not timing tests (timings live in benchmarks/): they list
the modules a real process has imported when `cqvet --version`, `cqvet list`
and the like finish, and fail if one from a deny-list is among them. They
also check the console script's fast path (`cqvet.cli.main`): it loads the
invoked command alone, yet help, mistyped commands and command groups behave
as with the whole app; its garbage-collector policy; and how it ends the process.
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

# `main` ends the process from an exit handler that runs after those registered later,
# so a probe reports from `finally`, when the command is done.
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


# --- the console script loads one command ------------------------------------------------


def run_main(args: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    """`cqvet ARGS` through `cqvet.cli.main`, the console script's entry point, in a fresh process."""
    code = "import sys; from cqvet.cli import main; sys.argv = ['cqvet', *sys.argv[1:]]; main()"
    env = {**os.environ, "CQVET_DB": str(db), "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_every_command_has_its_module_in_the_fast_path() -> None:
    """`COMMANDS` names every top-level command, with the module that registers it."""
    from cqvet.cli import COMMANDS, app, only

    assert set(COMMANDS) == set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    for name, module in COMMANDS.items():
        narrowed = only(app, name)
        callbacks = [info.callback for info in narrowed.registered_commands] + [
            info.typer_instance.registered_commands[0].callback for info in narrowed.registered_groups
        ]
        assert len(callbacks) == 1, name
        assert callbacks[0].__module__ == f"cqvet.cli.{module}", name  # type: ignore[union-attr]


def test_narrowing_the_app_leaves_the_whole_app_as_it_was() -> None:
    """`only` copies: `cqvet.cli.app` keeps all its commands for tests and embedding."""
    from cqvet.cli import COMMANDS, app, only

    before = len(app.registered_commands), len(app.registered_groups)
    only(app, "list")
    assert (len(app.registered_commands), len(app.registered_groups)) == before
    assert len(typer.main.get_command(app).commands) == len(COMMANDS)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("argv", "word", "modules"),
    [
        (["list"], "list", ("plan_cmds",)),
        (["--db", "x.db", "--lang", "en", "progress", "set", "7"], "progress", ("record_cmds",)),
        (["--db", "list", "due"], "due", ("record_cmds",)),  # a database file named "list"
        (["--version"], None, ()),
        (["list", "--help"], "list", None),
        (["lst"], "lst", None),
        ([], None, None),
    ],
)
def test_a_command_line_names_its_command_and_the_modules_it_needs(
    argv: list[str], word: str | None, modules: tuple[str, ...] | None
) -> None:
    """The first word after the global options is the command; help and unknown words load all."""
    from cqvet.cli import MODULES, command_word, modules_for

    assert command_word(argv) == word
    assert modules_for(argv) == (MODULES if modules is None else modules)


def test_through_the_entry_point_help_lists_every_command(existing_db: Path) -> None:
    """`cqvet --help` still shows all commands, and `cqvet list --help` the options of list."""
    from cqvet.cli import COMMANDS

    result = run_main(["--help"], existing_db)
    assert result.returncode == 0, result.stderr
    assert all(f" {name} " in result.stdout for name in COMMANDS)
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
    """`progress set` and `progress log` run through the app narrowed to `progress`."""
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


@pytest.mark.parametrize(
    ("args", "threshold"), [(["list"], 100_000), (["serve", "--help"], gc.get_threshold()[0])]
)
def test_a_command_collects_garbage_rarely_and_a_server_as_python_does(
    existing_db: Path, args: list[str], threshold: int
) -> None:
    """Commands collect every 100,000 allocations; `serve`, which runs for hours, keeps
    Python's default threshold (this test process's)."""
    env = {**os.environ, "CQVET_DB": str(existing_db)}
    result = subprocess.run(
        [sys.executable, "-c", GC_PROBE, *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert f"GC:{threshold}\n" in result.stderr


ENDING = """
import atexit, sys
from cqvet.cli import end_without_teardown
exit_status = end_without_teardown()
atexit.register(lambda: open(sys.argv[1], "w").write("ran"))
sys.stdout.write("not yet flushed")
"""


@pytest.mark.parametrize(("tail", "status"), [("exit_status[0] = 3", 3), ("raise RuntimeError('boom')", 1)])
def test_a_process_ended_without_teardown_still_runs_later_exit_handlers_and_flushes_stdout(
    tmp_path: Path, tail: str, status: int
) -> None:
    """Exit handlers registered after `end_without_teardown` (openpyxl removes its temporary
    files in one) still run, buffered output is written, and the status is the command's,
    or 1 when an exception escapes, with its traceback, as Python would."""
    marker = tmp_path / "handler-ran"
    result = subprocess.run(
        [sys.executable, "-c", ENDING + tail, str(marker)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == status
    assert result.stdout == "not yet flushed"
    assert marker.read_text() == "ran"
    assert ("RuntimeError: boom" in result.stderr) == (status == 1)


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (4, 4), ("a message", 1)])
def test_the_exit_status_of_system_exit_is_pythons(code: object, status: int) -> None:
    from cqvet.cli import _status_of

    assert _status_of(SystemExit(code)) == status


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
    """The process ends without Python's teardown, which would have closed a forgotten
    connection: every connection is closed before, so SQLite has folded its write-ahead log
    back into the file and a copied .db is whole."""
    db = tmp_path / "ledger.db"
    recorded = run_main(["progress", "set", "7", "--percent", "40", "--date", "2021-03-31", "--by", "t"], db)
    assert recorded.returncode == 0, recorded.stderr
    backed_up = run_main(["backup", str(tmp_path / "copy.db")], db)
    assert backed_up.returncode == 0, backed_up.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "ledger.db"]
