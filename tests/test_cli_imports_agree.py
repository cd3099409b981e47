"""Imports that agree with themselves, through the command line (issue 13, items 6 and 7).

A 任务分解表 row whose 完成时限 and 完成日期 name different days is refused, with its row and
both values, so that importing the same file twice changes nothing the second time. A progress
form lowers a percent only through its 更正 column (or `--correct`), and says so.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from openpyxl import load_workbook

Run = Callable[..., Any]


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def refused(result: Any, *needles: str) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)
    assert result.stderr.splitlines()[-1].startswith("错误：")
    assert "Traceback" not in result.output
    return str(result.stderr)


@pytest.fixture
def assigned(cqvet: Run, loaded: Path) -> Path:
    ok(cqvet("owner", "set", "3", "--lead", "职成教处", "--support", "财务处", "--leader", "张主任"))
    ok(cqvet("deadline", "set", "3", "6月底"))
    return loaded


def exported(cqvet: Run, tmp_path: Path) -> Path:
    path = tmp_path / "任务分解表.xlsx"
    ok(cqvet("export", "assignments", "--output", str(path)))
    return path


def edit(path: Path, number: int, changes: dict[int, object], name: str) -> Path:
    """The exported sheet with the cells of point `number`'s row changed (column index → value)."""
    book = load_workbook(path)
    ws = book.active
    assert ws is not None
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == number)
    for column, value in changes.items():
        ws.cell(row=row, column=column).value = value
    edited = path.with_name(name)
    book.save(edited)
    return edited


DEADLINE, DUE_DATE, LEAD = 6, 7, 4


# --- item 6: a row must agree with itself ----------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        ({DEADLINE: "9月底"}, "完成时限“9月底”（即 2021-09-30）与完成日期 2021-06-30 不一致"),
        (
            {DUE_DATE: dt.datetime(2021, 9, 30)},
            "完成时限“6月底”（即 2021-06-30）与完成日期 2021-09-30 不一致",
        ),
    ],
)
def test_a_row_whose_deadline_text_and_date_disagree_is_refused_with_its_row_and_both_values(
    cqvet: Run, assigned: Path, tmp_path: Path, changes: dict[int, object], needle: str
) -> None:
    """Only one of the two edited: the row is refused, naming its row and both values, nothing written."""
    sheet = edit(exported(cqvet, tmp_path), 3, changes, "edited.xlsx")
    before = snapshot(assigned)
    refused(cqvet("import", "assignments", str(sheet), "--apply"), "第5行 G列（完成日期）", needle)
    assert snapshot(assigned) == before


@pytest.mark.parametrize(
    "changes",
    [
        {DEADLINE: "9月底", DUE_DATE: None},
        {DEADLINE: None, DUE_DATE: dt.datetime(2021, 9, 30)},
        {DEADLINE: "9月底", DUE_DATE: dt.datetime(2021, 9, 30), LEAD: "高教处"},
    ],
    ids=["text-only", "date-only", "both-and-a-new-lead"],
)
def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    cqvet: Run, assigned: Path, tmp_path: Path, changes: dict[int, object]
) -> None:
    sheet = edit(exported(cqvet, tmp_path), 3, changes, "edited.xlsx")
    assert "已导入 1 项要点的更改" in ok(cqvet("import", "assignments", str(sheet), "--apply"))
    point = json.loads(ok(cqvet("show", "3", "--format", "json")))
    assert point["deadline"] == "2021-09-30"
    after_first = snapshot(assigned)
    assert "没有需要更改的内容" in ok(cqvet("import", "assignments", str(sheet)))
    ok(cqvet("import", "assignments", str(sheet), "--apply"))
    assert snapshot(assigned) == after_first
