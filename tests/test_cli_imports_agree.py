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
from conftest import ok, refused, snapshot
from openpyxl import load_workbook

Run = Callable[..., Any]


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
    """Only one of the two edited: the row is refused, naming its row and both values, nothing written.
    (Row 14: points 1 and 2 and their nine measures' rows come first.)"""
    sheet = edit(exported(cqvet, tmp_path), 3, changes, "edited.xlsx")
    before = snapshot(assigned)
    refused(
        cqvet("import", "assignments", str(sheet), "--apply"),
        2,
        "第14行 G列（完成日期）",
        needle,
        alone=False,
    )
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


# --- item 7: corrections on the progress form ------------------------------------------------


@pytest.fixture
def reported(cqvet: Run, loaded: Path) -> Path:
    """Point 5 led by 职成教处 and reported at 40 % on 31 May."""
    ok(cqvet("owner", "set", "5", "--lead", "职成教处"))
    ok(cqvet("owner", "set", "8", "--lead", "职成教处"))
    ok(cqvet("progress", "set", "5", "-p", "40", "--date", "2021-05-31"))
    ok(cqvet("progress", "set", "8", "-p", "70", "--date", "2021-05-31"))
    return loaded


def filled_form(cqvet: Run, tmp_path: Path, cells: dict[str, object]) -> Path:
    """The office's exported form with `cells` filled in (G 本期进度, H 状态, K 填报日期, L 是否更正)."""
    form = tmp_path / "form.xlsx"
    ok(cqvet("export", "progress-form", "--owner", "职成教处", "--output", str(form), "--force"))
    book = load_workbook(form)
    ws = book.active
    assert ws is not None
    for cell, value in cells.items():
        ws[cell] = value
    book.save(form)
    return form


def test_the_form_offers_a_correction_column_with_its_drop_down_and_hint(
    cqvet: Run, reported: Path, tmp_path: Path
) -> None:
    form = filled_form(cqvet, tmp_path, {})
    ws = load_workbook(form).active
    assert ws is not None
    assert ws["L2"].value == "是否更正"
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list" and "L" in str(v.sqref)]
    assert [v.formula1 for v in lists] == ['"是"']
    assert lists[0].error == "本期进度低于上次、系更正时选“是”；否则留空"


def test_a_lower_percent_without_the_correction_column_is_refused_with_the_rows_named(
    cqvet: Run, reported: Path, tmp_path: Path
) -> None:
    """A status on the row does not make a lowering a correction: only 是否更正 (or --correct) does."""
    cells = {"G3": 30, "H3": "受阻", "K3": "2021-06-30", "G4": 60, "K4": "2021-06-30"}
    form = filled_form(cqvet, tmp_path, cells)
    before = snapshot(reported)
    stderr = refused(
        cqvet("import", "progress", str(form), "--apply"),
        2,
        "第3行 G列（本期进度）：进度 30% 低于上次的 40%；"
        "如系更正，请在“是否更正”列选“是”，或导入时加 --correct",
        "第4行 G列（本期进度）：进度 60% 低于上次的 70%",
        "有 2 处问题",
        alone=False,
    )
    assert stderr.count("低于上次") == 2
    assert snapshot(reported) == before


def test_a_lower_percent_marked_in_the_correction_column_is_recorded_as_a_correction(
    cqvet: Run, reported: Path, tmp_path: Path
) -> None:
    form = filled_form(cqvet, tmp_path, {"G3": 30, "K3": "2021-06-30", "L3": "是"})
    ok(cqvet("import", "progress", str(form), "--apply"))
    entry = json.loads(ok(cqvet("progress", "log", "5", "--format", "json")))[0]
    assert (entry["percent"], entry["correction"]) == (30, True)


def test_correction_written_as_a_status_is_refused_with_where_it_goes(
    cqvet: Run, reported: Path, tmp_path: Path
) -> None:
    form = filled_form(cqvet, tmp_path, {"G3": 30, "H3": "更正", "K3": "2021-06-30", "G4": 75, "L4": "也许"})
    before = snapshot(reported)
    refused(
        cqvet("import", "progress", str(form), "--apply"),
        2,
        "第3行 H列（状态）：“更正”不是状态；如系更正，请在“是否更正”列选“是”",
        "第4行 L列（是否更正）：“也许”无法识别",
        alone=False,
    )
    assert snapshot(reported) == before
