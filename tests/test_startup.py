"""Start-up stays cheap: the everyday commands import nothing they do not need.

A regression test, not a timing test (timings live in benchmarks/): it lists
the modules a real process has imported when `cqvet --version` and
`cqvet list` finish, and fails if one from the deny-list is among them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DENIED = (
    "pydantic",
    "openpyxl",
    "docx",
    "dateutil.parser",
    "sqlite_utils",
    "icalendar",
    "datasette",
    "hypothesis",
)

PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.stderr.write("MODULES:" + json.dumps(sorted(sys.modules)) + "\\n"))
from cqvet.cli import main
sys.argv = ["cqvet", *json.loads(sys.argv[1])]
main()
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


def test_the_probe_does_see_an_import(existing_db: Path) -> None:
    """The check can fail: a report to Excel does import openpyxl."""
    out = existing_db.parent / "r.xlsx"
    assert "openpyxl" in imported_by(["report", "--output", str(out)], existing_db)
