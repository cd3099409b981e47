"""Figures a leader acts on, through the CLI: deadline days, rounding, as-of views, corrections,
the section table in every format, impossible states, local time and the reporting grace (issue 13)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

# Each quarter-end deadline form, the day it means, and the quarter it closes.
QUARTER_END_FORMS = [
    ("一季度末", "2021-03-31", "2021Q1"),
    ("6月底", "2021-06-30", "2021Q2"),
    ("三季度末", "2021-09-30", "2021Q3"),
    ("年底前", "2021-12-31", "2021Q4"),
]


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return result


def point(data: dict, number: int) -> dict:  # type: ignore[type-arg]
    return next(p for p in data["points"] if p["number"] == number)


# --- 1. one rule for deadlines ---------------------------------------------------------------


@pytest.fixture
def due_at_quarter_end(cqvet, loaded: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Point 13 due on a quarter's last day (written as the plan writes it) and 95 % done that day."""
    written, day, quarter = request.param
    ok(cqvet("deadline", "set", "13", written))
    ok(cqvet("progress", "set", "13", "--percent", "95", "--date", day, "--note", "收尾"))
    return written, day, quarter


@pytest.mark.parametrize("due_at_quarter_end", QUARTER_END_FORMS, indirect=True)
def test_a_report_as_of_its_quarters_last_day_counts_a_point_due_that_day_and_not_done_as_overdue(  # type: ignore[no-untyped-def]
    cqvet, due_at_quarter_end
) -> None:
    """逾期 (到期未完成) in the health, the counts, the headline and the attention list."""
    _, day, quarter = due_at_quarter_end
    data = json.loads(ok(cqvet("report", "--quarter", quarter, "--format", "json")).stdout)
    assert data["as_of"] == day
    assert point(data, 13)["health"] == "overdue"
    # (at the year's end every point still on its default deadline 年底 is overdue too)
    assert data["summary"]["overdue"] == sum(p["health"] == "overdue" for p in data["points"]) >= 1
    assert 13 in data["attention"]
    terminal = ok(cqvet("report", "--quarter", quarter)).stdout
    assert "无滞后、受阻或逾期事项" not in terminal


@pytest.mark.parametrize("due_at_quarter_end", QUARTER_END_FORMS, indirect=True)
def test_list_due_and_show_as_of_a_past_deadline_day_call_the_unfinished_point_overdue(  # type: ignore[no-untyped-def]
    cqvet, due_at_quarter_end
) -> None:
    """Once its deadline day is over, every view says 逾期, as the report does."""
    _, day, _ = due_at_quarter_end
    listed = json.loads(ok(cqvet("list", "--as-of", day, "--format", "json")).stdout)
    assert next(p for p in listed if p["number"] == 13)["overdue"] is True
    overdue = json.loads(ok(cqvet("list", "--as-of", day, "--status", "逾期", "-f", "json")).stdout)
    assert 13 in [p["number"] for p in overdue]
    due = json.loads(ok(cqvet("due", "--as-of", day, "--format", "json")).stdout)
    assert [(p["number"], p["overdue"]) for p in due if p["number"] == 13] == [(13, True)]
    assert "已逾期" in ok(cqvet("due", "--as-of", day)).stdout
    assert json.loads(ok(cqvet("show", "13", "--as-of", day, "--format", "json")).stdout)["overdue"] is True
    assert "逾期" in ok(cqvet("show", "13", "--as-of", day)).stdout


def test_a_point_due_today_is_due_not_overdue_while_today_runs(cqvet, loaded: Path) -> None:  # type: ignore[no-untyped-def]
    """Today has not ended, so a point due today is listed as due soon, not as overdue."""
    today = dt.date.today().isoformat()
    ok(cqvet("deadline", "set", "13", today))
    ok(cqvet("progress", "set", "13", "--percent", "95", "--date", today))
    listed = json.loads(ok(cqvet("list", "--format", "json")).stdout)
    assert next(p for p in listed if p["number"] == 13)["overdue"] is False
    due = json.loads(ok(cqvet("due", "--format", "json")).stdout)
    assert [(p["number"], p["overdue"], p["days_left"]) for p in due if p["number"] == 13] == [(13, False, 0)]
