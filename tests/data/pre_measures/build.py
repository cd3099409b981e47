"""Build the demo year and its reports with the cqvet of before measures (commit bfad199, schema m011).

    python tests/data/pre_measures/build.py [COMMIT]

`tests/test_measures_report.py` upgrades a copy of `demo.db` with today's cqvet and checks that
the reports of 2021Q1 to Q4 in every format are byte for byte those in `reports/`, which the old
cqvet wrote here (only the time a report was made is masked). The database is kept gzipped
(`demo.db.gz`, 30 KB instead of 350 KB). The commit's tree is unpacked into
a temporary folder (`git archive`, as `tests/data/schema/build.py` does) and run as
`python -m cqvet` from there with this interpreter's packages; every command runs under a fixed
clock (`faketime`), so the files are the same at every build but for what the old code stamps.
The database is turned to rollback-journal mode, so it is one file.
"""

from __future__ import annotations

import gzip
import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
COMMIT = "bfad199"
QUARTERS = ("2021Q1", "2021Q2", "2021Q3", "2021Q4")
FORMATS = ("terminal", "md", "csv", "json", "html", "xlsx", "docx")
CLOCK = "2022-01-10 10:00:00"  # the day the year's reports are (re)made, local time
DATED = "2021-12-31"  # 成文日期 given, not today's, so that it does not depend on the clock
COLUMNS = "120"  # the terminal report's width


def report_args(quarter: str, fmt: str, output: Path | None) -> list[str]:
    """The `report` arguments of one file, the same for the old cqvet and for the test."""
    args = ["report", "--quarter", quarter, "--format", fmt, "--dated", DATED]
    return [*args, "--output", str(output)] if output is not None else args


def file_name(quarter: str, fmt: str) -> str:
    return f"{quarter}.{'txt' if fmt == 'terminal' else fmt}"


def build(commit: str) -> None:
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        source = work / "src"
        source.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], check=True, capture_output=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(source, filter="data")
        env = {
            **os.environ,
            "PYTHONPATH": str(source),
            "CQVET_USER": "fixture",
            "CQVET_LANG": "zh",
            "CQVET_TZ": "Asia/Shanghai",
            "COLUMNS": COLUMNS,
            "TERM": "dumb",
        }
        for name in ("CQVET_DB", "NO_COLOR", "CQVET_DEBUG"):
            env.pop(name, None)

        def cqvet(*args: str) -> bytes:
            return subprocess.run(
                ["faketime", CLOCK, sys.executable, "-m", "cqvet", *args],
                cwd=source,
                env=env,
                check=True,
                capture_output=True,
            ).stdout

        cqvet("demo", str(work / "demo"))
        db = work / "demo" / "cqvet-demo.db"
        conn = sqlite3.connect(db)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        reports = HERE / "reports"
        reports.mkdir(exist_ok=True)
        for quarter in QUARTERS:
            for fmt in FORMATS:
                target = reports / file_name(quarter, fmt)
                target.unlink(missing_ok=True)
                if fmt == "terminal":
                    target.write_bytes(cqvet("--db", str(db), *report_args(quarter, fmt, None)))
                else:
                    cqvet("--db", str(db), *report_args(quarter, fmt, target))
        (HERE / "demo.db.gz").write_bytes(gzip.compress(db.read_bytes(), mtime=0))


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else COMMIT)
