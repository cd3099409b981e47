"""Shared fixtures (every test runs on its own database, in a fixed terminal width, as a known user)
and the helpers several test modules use."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer.main
from typer.testing import CliRunner, Result

from cqvet import accounts
from cqvet.cli import app

if TYPE_CHECKING:
    from typer._click import Command

    from cqvet.report import PointLine, Report

PRODUCT_HASH_PROFILE = accounts.HASH_PROFILE  # before any test lowers it

SEED = (
    Path(__file__).resolve().parents[1]
    / "seeds"
    / "chongqing-2021-vocational-continuing-education-work-plan.txt"
)


@pytest.fixture(autouse=True)
def env_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point cqvet at a fresh database file; Chinese output; Rich at a fixed width."""
    db = tmp_path / "cqvet.db"
    monkeypatch.setenv("CQVET_DB", str(db))
    monkeypatch.setenv("CQVET_USER", "tester")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("CQVET_LANG", raising=False)
    monkeypatch.delenv("CQVET_DEBUG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return db


@pytest.fixture
def db_path(env_setup: Path) -> Path:
    return env_setup


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def cqvet_command() -> Command:
    """cqvet as one click command, built once: typer's `CliRunner.invoke` rebuilds it at every
    call (some 60 ms)."""
    return typer.main.get_command(app)


def invoke(
    command: Command,
    args: Sequence[str],
    *,
    input: str | bytes | None = None,
    env: Mapping[str, str | None] | None = None,
) -> Result:
    """Run `command` with `args` as typer's `CliRunner.invoke` does (its isolation: stdin,
    stdout, stderr and environment; its `Result`), on a command built once."""
    runner = CliRunner()
    exit_code: int = 0
    exception: BaseException | None = None
    with runner.isolation(input=input, env=env) as (stdout, stderr, output):
        try:
            command.main(args=list(args), prog_name=command.name or "root")
        except SystemExit as exc:
            code = exc.code
            exit_code = code if isinstance(code, int) else 0 if code is None else 1
            exception = exc if exit_code != 0 else None
        except Exception as exc:
            exit_code, exception = 1, exc
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            streams = stdout.getvalue(), stderr.getvalue(), output.getvalue()
    return Result(runner, *streams, return_value=None, exit_code=exit_code, exception=exception)


Run = Callable[..., Result]
Environment = Mapping[str, str | None] | None


@pytest.fixture
def cqvet(cqvet_command: Command) -> Run:
    """Run `cqvet ARGS…` in-process; returns the runner's Result (stdout, stderr, exit_code)."""

    def run(
        *args: str, input: str | bytes | None = None, env: Mapping[str, str | None] | None = None
    ) -> Result:
        return invoke(cqvet_command, args, input=input, env=env)

    return run


def ok(result: Result) -> str:
    """The command succeeded; its stdout."""
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def refused(result: Result, code: int, *fragments: str, alone: bool = True, usage: bool = False) -> str:
    """The command was refused as cqvet promises: exit `code`, never a traceback, every fragment
    on stderr, whose last line is one error line (`错误：` / `error: `, or with `usage` also
    `用法错误：` / `usage error: `). `alone`: that line is all there is, nothing on stdout
    (`import` lists the bad rows before it). Returns stderr."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception  # not an exception caught by the runner
    assert "Traceback" not in result.output
    stderr = result.stderr
    for fragment in fragments:
        assert fragment in stderr, (fragment, stderr)
    prefixes = ("错误：", "error: ", *(("用法错误：", "usage error: ") if usage else ()))
    assert stderr.endswith("\n") and stderr.splitlines()[-1].startswith(prefixes), stderr
    if alone:
        assert result.stdout == "", result.stdout
        assert stderr.count("\n") == 1, stderr
    return stderr


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove that a refused command changed nothing."""
    if not db.exists():
        return {}
    conn = sqlite3.connect(db)
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        # Sorted in Python: some tables are WITHOUT ROWID, and order is not what is compared.
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def copy_database(source: Path, target: Path) -> Path:
    """A copy of the database `source` at `target`, through SQLite's backup (whole, even with a
    -wal beside it), as a test's own file to write to."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


@pytest.fixture(scope="session")
def loaded_template(cqvet_command: Command, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled 2021 plan loaded once per test run by a first command (`cqvet plans`) as for
    a new user, as `tester`; `loaded` gives each test a copy (loading the plan costs about a
    third of a second, and some 300 tests start from it)."""
    db = tmp_path_factory.mktemp("loaded") / "cqvet.db"
    env = {"CQVET_DB": str(db), "CQVET_USER": "tester", "COLUMNS": "200", "TERM": "dumb", "CQVET_LANG": None}
    result = invoke(cqvet_command, ["plans"], env=env)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def loaded(loaded_template: Path, db_path: Path) -> Path:
    """A database holding the bundled 2021 plan (created by a first command, as for a new user):
    the test's own copy of `loaded_template`."""
    return copy_database(loaded_template, db_path)


@pytest.fixture(scope="session")
def served_template(
    cqvet_command: Command, loaded_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The database of the `cqvet serve` tests (serve_fixtures.py: owners, review, four accounts),
    built once per test run with the tests' cheap password hashes; `served` gives each test a copy."""
    from serve_fixtures import prepare

    db = copy_database(loaded_template, tmp_path_factory.mktemp("served") / "cqvet.db")
    env = {"CQVET_DB": str(db), "CQVET_USER": "tester", "COLUMNS": "200", "TERM": "dumb", "CQVET_LANG": None}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "HASH_PROFILE", "CHEAPEST")
        prepare(db, lambda *args: invoke(cqvet_command, args, env=env))
    return db


@pytest.fixture
def served(served_template: Path, db_path: Path) -> Path:
    """The test's own copy of `served_template`."""
    return copy_database(served_template, db_path)


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with argon2-cffi's `CHEAPEST` profile (documented for tests) rather than the
    product's 64 MiB and 3 passes: a login then costs microseconds, not a tenth of a second.
    `accounts.HASH_PROFILE` is the setting; a test of the product's own hash asks for
    `real_password_hashes`."""
    monkeypatch.setattr(accounts, "HASH_PROFILE", "CHEAPEST")


@pytest.fixture
def real_password_hashes(cheap_password_hashes: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """The product's Argon2 profile, as a user gets it; returns its name."""
    monkeypatch.setattr(accounts, "HASH_PROFILE", PRODUCT_HASH_PROFILE)
    return PRODUCT_HASH_PROFILE


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A database holding the bundled plan and the demo's plausible 2021 (built once per test run)."""
    from cqvet.demo import fill_demo
    from cqvet.store import Store

    store = Store.open(tmp_path_factory.mktemp("demo") / "demo.db", seed=SEED)
    fill_demo(store, store.plan())
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_report(demo_store):  # type: ignore[no-untyped-def]
    """The Q2 2021 report of the demo year."""
    import datetime as dt

    from cqvet.report import build_report

    return build_report(
        demo_store, demo_store.plan(), as_of=dt.date(2021, 6, 30), generated_at="2021-07-05T09:00:00+08:00"
    )


@pytest.fixture
def headless_chromium(tmp_path: Path) -> list[str]:
    """The command that starts headless Chromium with a fresh profile and no network chatter.

    Skipped where no chromium is installed, except in CI (CQVET_REQUIRE_CHROMIUM=1), where a
    missing browser fails the test instead of letting it pass unnoticed.
    """
    import os
    import shutil

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None and Path("/usr/bin/chromium").exists():
        binary = "/usr/bin/chromium"
    if binary is None:
        if os.environ.get("CQVET_REQUIRE_CHROMIUM") == "1":
            pytest.fail("CQVET_REQUIRE_CHROMIUM=1 but no chromium binary was found")
        pytest.skip("no chromium binary (install the Debian package chromium to run this test)")
    return [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ]


def write_xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    """A workbook as a person might fill one in: `rows` on its first sheet, `merges` merged."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    workbook.save(path)
    return path


def with_points(report: Report, change: Callable[[PointLine], PointLine]) -> Report:
    """`report` with every point changed by `change`; attention and upcoming follow the changed points."""
    import dataclasses

    points = tuple(change(p) for p in report.points)
    by_number = {p.number: p for p in points}
    return dataclasses.replace(
        report,
        points=points,
        attention=tuple(by_number[p.number] for p in report.attention),
        upcoming=tuple(by_number[p.number] for p in report.upcoming),
    )
