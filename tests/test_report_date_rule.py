"""No progress update is dated after the day after it was recorded (UTC): the database's rule (m013).

`progress log --by X --limit N` stops walking X's events, newest recorded first, once
no older one can carry a later report date (`recording.latest_report_day`). cqvet's
writers never break the rule (`recording.check_report_date`); migration m013 makes
the database refuse a row written otherwise, and `cqvet doctor` names the rows of an
older database that break it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from cqvet.labels import message
from cqvet.recording import latest_report_day

Run = Callable[..., Any]
SCHEMA = Path(__file__).parent / "data" / "schema"

EVENT = "INSERT INTO events (kind, plan_id, author, recorded_at) VALUES ('progress', 1, 'x', ?)"
UPDATE = (
    "INSERT INTO progress_updates (event_id, point_id, reported_on, percent, status) "
    "VALUES ((SELECT max(id) FROM events), 1, ?, 10, 'in_progress')"
)


def write(conn: sqlite3.Connection, recorded_at: str, reported_on: str) -> None:
    """An event and its update, as a person editing the file behind cqvet's back would add them."""
    conn.execute(EVENT, (recorded_at,))
    conn.execute(UPDATE, (reported_on,))


def test_the_database_refuses_an_update_dated_after_the_day_after_its_recording(loaded: Path) -> None:
    """Recorded 2021-06-30 23:59:59 UTC: dated 07-01 is taken, 07-02 refused and not written."""
    conn = sqlite3.connect(loaded, isolation_level=None)
    write(conn, "2021-06-30T23:59:59Z", "2021-07-01")
    before = snapshot(loaded)
    conn.execute(EVENT, ("2021-06-30T23:59:59Z",))
    with pytest.raises(sqlite3.IntegrityError, match="dated after the day after it was recorded"):
        conn.execute(UPDATE, ("2021-07-02",))
    conn.close()
    after = snapshot(loaded)
    assert after["progress_updates"] == before["progress_updates"]


@settings(max_examples=60, deadline=None)
@given(
    recorded=st.datetimes(min_value=dt.datetime(2021, 1, 1), max_value=dt.datetime(2022, 12, 31)),
    days=st.integers(min_value=-3, max_value=3),
)
def test_the_trigger_takes_exactly_the_days_the_log_walk_assumes(
    loaded_template: Path, tmp_path_factory: pytest.TempPathFactory, recorded: dt.datetime, days: int
) -> None:
    """For any recording time and report day, the database accepts the update exactly when the day
    is at most `latest_report_day` of that time, the rule `progress log --by` stops on."""
    stamp = recorded.strftime("%Y-%m-%dT%H:%M:%SZ")
    day = (recorded.date() + dt.timedelta(days=days)).isoformat()
    conn = sqlite3.connect(":memory:", isolation_level=None)
    source = sqlite3.connect(f"file:{loaded_template}?mode=ro", uri=True)
    source.backup(conn)
    source.close()
    conn.execute("BEGIN")
    try:
        write(conn, stamp, day)
        taken = True
    except sqlite3.IntegrityError:
        taken = False
    conn.execute("ROLLBACK")
    conn.close()
    assert taken == (day <= latest_report_day(stamp))


def test_doctor_names_the_rows_of_an_older_database_that_break_the_rule(cqvet: Run, db_path: Path) -> None:
    """A database from before m013 holding an update dated a week after it was recorded: doctor, in
    the migrated database, names that row and its date, exit 1, and the row stays as it was."""
    shutil.copy(SCHEMA / "m011_author_time_index.db", db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    write(conn, "2021-06-01T08:00:00Z", "2021-06-08")
    row = conn.execute("SELECT max(id) FROM progress_updates").fetchone()[0]
    conn.close()
    updates = snapshot(db_path)["progress_updates"]

    result = cqvet("doctor")

    assert result.exit_code == 1, result.output
    finding = message("check.after_recording", "zh", column="填报日期", value="2021-06-08")
    assert f"  - 进展记录第 {row} 条：{finding}" in result.stdout.splitlines()
    assert snapshot(db_path)["progress_updates"] == updates


def test_doctor_finds_the_rule_s_trigger_dropped_and_repair_puts_it_back(cqvet: Run, loaded: Path) -> None:
    from cqvet.migrations import REPORT_DATE_RULE

    conn = sqlite3.connect(loaded)
    conn.execute("DROP TRIGGER progress_updates_report_date_rule")
    conn.commit()
    conn.close()
    rows_before = {t: r for t, r in snapshot(loaded).items() if t != "sqlite_master"}
    found = cqvet("doctor")
    assert found.exit_code == 1
    assert "阻止倒填日期的触发器（progress_updates_report_date_rule）缺失" in found.stdout
    repaired = cqvet("doctor", "--repair")
    assert message("doctor.repaired", "zh", count=1) in repaired.stdout.splitlines()
    conn = sqlite3.connect(loaded)
    stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    conn.close()
    assert stored["progress_updates_report_date_rule"] == REPORT_DATE_RULE
    assert {t: r for t, r in snapshot(loaded).items() if t != "sqlite_master"} == rows_before
