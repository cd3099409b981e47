"""Tests for `cqvet export` and `cqvet import` through the command line.

The centre piece is the round trip an office makes: export the 任务分解表,
edit it in "Excel" (openpyxl, as a person would: a new lead, a deadline moved
to 9月底, a blank row), preview the import, apply it, export again and find
the edited sheet, then undo the whole import at once. Then a progress form
goes out and comes back filled in. The rest is every kind of sheet offices
actually send, the ones that are recognised and the ones that are refused,
refused with nothing written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, refused, snapshot, write_xlsx
from openpyxl import load_workbook

Run = Callable[..., Any]
HEADINGS = ["序号", "部分", "重点任务", "牵头单位", "配合单位", "完成时限", "完成日期", "分管领导", "联系人"]


def data_rows(path: Path) -> list[tuple[object, ...]]:
    """The point rows under the header (row 2) of an exported workbook, blank rows left out (the
    measure rows under them, numbered 7（2）, are tests/test_measures_exchange.py's)."""
    ws = load_workbook(path).active
    assert ws is not None
    return [row for row in ws.iter_rows(min_row=3, values_only=True) if isinstance(row[0], int)]


def csv_point_rows(rows: list[list[str]]) -> list[list[str]]:
    """The header and the point rows of an exported CSV (measure rows, numbered 7（2）, left out)."""
    return [row for row in rows if not row or "（" not in row[0]]


def row_of(path: Path, number: int) -> int:
    ws = load_workbook(path).active
    assert ws is not None
    return next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == number)


def points(cqvet: Run) -> dict[int, dict[str, Any]]:
    return {p["number"]: p for p in json.loads(ok(cqvet("list", "--format", "json")))}


def table_lines(stdout: str) -> list[str]:
    """The body rows of the preview table (one line each at COLUMNS=200)."""
    lines = [line for line in stdout.splitlines() if line.startswith("│")]
    return lines[1:]


@pytest.fixture
def assigned(cqvet: Run, loaded: Path) -> Path:
    """The bundled plan with two points assigned and given deadlines."""
    for args in (
        ("owner", "set", "3", "--lead", "职成教处", "--support", "发展规划处", "--support", "财务处",
         "--leader", "张主任", "--contact", "李四 023-6386"),
        ("owner", "set", "9", "--lead", "学生处", "--support", "市教育考试院"),
        ("deadline", "set", "3", "6月底"),
        ("deadline", "set", "9", "5月底"),
    ):  # fmt: skip
        ok(cqvet(*args))
    return loaded


# --- the round trip ---------------------------------------------------------


@pytest.mark.slow
def test_the_assignment_sheet_makes_a_round_trip_through_excel_and_undo_reverts_it_whole(
    cqvet: Run, assigned: Path, tmp_path: Path
) -> None:
    """Export, edit as a person would, preview exactly the edits, apply, export the edit back, undo it all."""
    before = tmp_path / "任务分解表.xlsx"
    ok(cqvet("export", "assignments", "--output", str(before)))
    original = data_rows(before)
    assert original[2] == (
        3, "推进职业教育重点领域改革", "开展国家职业教育改革创新发展试点", "职成教处", "发展规划处、财务处",
        "6月底", dt.datetime(2021, 6, 30), "张主任", "李四 023-6386",
    )  # fmt: skip
    assert original[0][3:7] == (None, None, "年底", dt.datetime(2021, 12, 31))

    workbook = load_workbook(before)
    ws = workbook.active
    assert ws is not None
    ws.cell(row=row_of(before, 9), column=4).value = "招生考试处"  # point 9 changes hands
    ws.cell(row=row_of(before, 3), column=6).value = "9月底"  # point 3 moves, wording and date cell both
    ws.cell(row=row_of(before, 3), column=7).value = dt.datetime(2021, 9, 30)
    ws.insert_rows(row_of(before, 6))  # a blank row in the middle
    edited = tmp_path / "任务分解表（改）.xlsx"
    workbook.save(edited)

    untouched = snapshot(assigned)
    preview = ok(cqvet("import", "assignments", str(edited)))
    lines = table_lines(preview)
    assert len(lines) == 2, preview
    assert "牵头单位" in lines[1] and "学生处" in lines[1] and "招生考试处" in lines[1]
    assert (
        "完成时限" in lines[0]
        and "6月底（2021年6月30日）" in lines[0]
        and "9月底（2021年9月30日）" in lines[0]
    )
    assert "无变化 93 行" in preview and "空行 1 行（已跳过）" in preview  # 15 points, 78 measures
    assert "未识别的列" not in preview
    assert "核对无误后加 --apply 写入" in preview
    assert snapshot(assigned) == untouched

    applied = ok(cqvet("import", "assignments", str(edited), "--apply"))
    assert "已导入 2 项要点的更改" in applied
    after = tmp_path / "after.xlsx"
    ok(cqvet("export", "assignments", "--output", str(after)))
    assert data_rows(after) == data_rows(edited)
    assert "没有需要更改的内容" in ok(cqvet("import", "assignments", str(edited)))

    undone = ok(cqvet("undo", "--yes"))
    assert "导入" in undone and "已撤销" in undone
    again = tmp_path / "again.xlsx"
    ok(cqvet("export", "assignments", "--output", str(again)))
    assert data_rows(again) == original


@pytest.mark.slow
def test_an_exported_csv_reads_back_as_no_change(cqvet: Run, assigned: Path, tmp_path: Path) -> None:
    path = tmp_path / "分解表.csv"
    ok(cqvet("export", "assignments", "-o", str(path)))
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = csv_point_rows(list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))))
    assert rows[0] == HEADINGS
    assert rows[3] == [
        "3", "推进职业教育重点领域改革", "开展国家职业教育改革创新发展试点", "职成教处", "发展规划处、财务处",
        "6月底", "2021-06-30", "张主任", "李四 023-6386",
    ]  # fmt: skip
    out = ok(cqvet("import", "assignments", str(path)))
    assert "没有需要更改的内容" in out and "无变化 95 行" in out  # 17 points, 78 measures


@pytest.mark.slow
def test_the_exported_workbook_is_laid_out_for_the_office(cqvet: Run, assigned: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    ok(cqvet("export", "assignments", "-o", str(path)))
    ws = load_workbook(path).active
    assert ws is not None
    assert ws["A1"].value == "2021年全市职业教育与继续教育工作要点任务分解表" and ws["A1"].font.bold
    assert [c.value for c in ws[2]] == HEADINGS and all(c.font.bold for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    assert ws["C5"].alignment.wrap_text
    assert ws["G5"].is_date


def test_an_export_refuses_to_overwrite_without_force_and_an_unknown_format(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "a.xlsx"
    ok(cqvet("export", "assignments", "-o", str(path)))
    refused(cqvet("export", "assignments", "-o", str(path)), 2, "已存在", "--force", alone=False)
    ok(cqvet("export", "assignments", "-o", str(path), "--force"))
    refused(cqvet("export", "assignments", "-o", str(tmp_path / "a.pdf")), 2, "不支持的格式", alone=False)
    assert not (tmp_path / "a.pdf").exists()


# --- the progress form ------------------------------------------------------


@pytest.fixture
def staffed(cqvet: Run, loaded: Path) -> Path:
    for args in (
        ("owner", "set", "3", "--lead", "职成教处"),
        ("owner", "set", "5", "--lead", "职成教处"),
        ("owner", "set", "8", "--lead", "体卫艺处", "--support", "职成教处"),
        ("owner", "set", "9", "--lead", "学生处"),
        ("deadline", "set", "5", "三季度末"),
        ("progress", "set", "5", "-p", "40", "--date", "2021-05-31"),
    ):
        ok(cqvet(*args))
    return loaded


@pytest.mark.slow
def test_a_filled_in_progress_form_is_recorded_with_its_authors_dates_percents_and_notes(
    cqvet: Run, staffed: Path, tmp_path: Path
) -> None:
    form = tmp_path / "职成教处进展.xlsx"
    ok(cqvet("export", "progress-form", "--owner", "职成教处", "--output", str(form)))
    workbook = load_workbook(form)
    ws = workbook.active
    assert ws is not None
    assert [c.value for c in ws[2]] == [
        "序号", "重点任务", "牵头单位", "完成时限", "上次进度", "上次填报日期",
        "本期进度", "状态", "进展说明", "填报人", "填报日期", "是否更正", "填报单位",
    ]  # fmt: skip
    assert [r[:6] for r in ws.iter_rows(min_row=3, values_only=True)] == [
        (3, "开展国家职业教育改革创新发展试点", "职成教处", "年底", None, None),
        (5, "推进职业教育评价改革", "职成教处", "三季度末", 40, dt.datetime(2021, 5, 31)),
        (8, "高质量办好各类技能大赛和活动", "体卫艺处", "年底", None, None),
    ]
    kinds = {v.type for v in ws.data_validations.dataValidation}
    assert kinds == {"list", "whole"}

    ws["G3"], ws["H3"], ws["I3"], ws["J3"], ws["K3"] = (
        30,
        "推进中",
        "印发了规划",
        "王五",
        dt.datetime(2021, 6, 28),
    )
    ws["G4"] = 0.6  # typed as 60% in Excel
    ws["G4"].number_format = "0%"
    ws["I4"], ws["J4"], ws["K4"] = "完成评价方案", "王五", "6月30日"
    workbook.save(form)  # row 5 (point 8) is left for next time

    untouched = snapshot(staffed)
    preview = ok(cqvet("import", "progress", str(form)))
    assert len(table_lines(preview)) == 2
    assert "40% → 60%" in preview and "未填写 1 行（已跳过）" in preview
    assert snapshot(staffed) == untouched

    applied = ok(cqvet("import", "progress", str(form), "--apply"))
    assert "已导入 2 条进度" in applied and "记录人：王五" in applied
    log = json.loads(ok(cqvet("progress", "log", "--format", "json")))
    got = {(e["point"], e["author"], e["reported_on"], e["percent"], e["status"], e["note"]) for e in log}
    assert got == {
        (3, "王五", "2021-06-28", 30, "in_progress", "印发了规划"),
        (5, "王五", "2021-06-30", 60, "in_progress", "完成评价方案"),
        (5, "tester", "2021-05-31", 40, "in_progress", ""),
    }
    imported = [e for e in log if e["author"] == "王五"]
    assert len({e["event"] for e in imported}) == 1  # one import, one event

    ok(cqvet("undo", "--yes", "--by", "王五"))
    log = json.loads(ok(cqvet("progress", "log", "--format", "json")))
    assert all(e["reverted"] for e in log if e["author"] == "王五")


@pytest.mark.slow
def test_a_form_row_without_a_reporter_or_date_takes_by_and_date(
    cqvet: Run, staffed: Path, tmp_path: Path
) -> None:
    form = write_xlsx(tmp_path / "f.xlsx", [["序号", "本期进度", "进展说明"], [3, 20, "起草方案"]])
    ok(cqvet("import", "progress", str(form), "--apply", "--by", "赵六", "--date", "2021-04-30"))
    entry = json.loads(ok(cqvet("progress", "log", "3", "--format", "json")))[0]
    assert (entry["author"], entry["reported_on"], entry["percent"], entry["note"]) == (
        "赵六",
        "2021-04-30",
        20,
        "起草方案",
    )


@pytest.mark.slow
def test_a_lower_percent_needs_the_correction_column_or_correct(
    cqvet: Run, staffed: Path, tmp_path: Path
) -> None:
    """The recording rule holds in a form: 40% then 30% is refused unless it is declared."""
    lower = write_xlsx(
        tmp_path / "lower.xlsx", [["序号", "本期进度", "状态", "填报日期"], [5, 30, None, "2021-06-30"]]
    )
    untouched = snapshot(staffed)
    refused(
        cqvet("import", "progress", str(lower), "--apply"),
        2,
        "第2行 B列（本期进度）：进度 30% 低于上次的 40%",
        "有 1 处问题",
        alone=False,
    )
    assert snapshot(staffed) == untouched
    ok(cqvet("import", "progress", str(lower), "--apply", "--correct"))
    declared = write_xlsx(
        tmp_path / "declared.xlsx",
        [["序号", "本期进度", "状态", "填报日期", "是否更正"], [5, 20, "受阻", "2021-07-01", "是"]],
    )
    out = ok(cqvet("import", "progress", str(declared), "--apply"))
    assert "已导入 1 条进度" in out
    entry = json.loads(ok(cqvet("progress", "log", "5", "--format", "json")))[0]
    assert (entry["percent"], entry["status"], entry["correction"]) == (20, "blocked", True)


def test_bad_progress_rows_are_each_refused_with_their_cell_and_nothing_is_written(
    cqvet: Run, staffed: Path, tmp_path: Path
) -> None:
    form = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ["序号", "本期进度", "状态", "进展说明", "填报人", "填报日期"],
            [3, 120, None, None, "王五", "2021-06-30"],
            [8, 50, "差不多", None, "王五", "2021-06-30"],
            [9, 50, "已完成", None, "王五", "2021-06-30"],
            [3.5, 50, None, None, "王五", "2021-06-30"],
            [5, 50, None, None, "王五", "2099-01-01"],
            [1, 10, None, None, "王五", "2021-06-30"],
        ],
    )
    untouched = snapshot(staffed)
    refused(
        cqvet("import", "progress", str(form), "--apply"),
        2,
        "第2行 B列（本期进度）：进度“120”应为 0 到 100 之间的整数",
        "第3行 C列（状态）：无法识别的状态“差不多”",
        "第4行 C列（状态）：状态为“已完成”时进度须为 100%",
        "第5行 A列（序号）：第3项没有举措（5）（该项共4条举措）",  # 3.5 names a measure
        "第6行 F列（填报日期）：日期 2099-01-01 晚于今天",
        "有 5 处问题",
        alone=False,
    )
    assert snapshot(staffed) == untouched


@pytest.mark.slow
def test_rows_naming_different_reporters_are_refused_as_one_import(
    cqvet: Run, staffed: Path, tmp_path: Path
) -> None:
    """The ledger keeps one author per event and an import is one event: a mixed form is refused."""
    form = write_xlsx(
        tmp_path / "mixed.xlsx",
        [["序号", "本期进度", "填报人"], [3, 10, "王五"], [5, 50, "李四"], [8, 10, "王五"]],
    )
    untouched = snapshot(staffed)
    refused(
        cqvet("import", "progress", str(form), "--apply", "--date", "2021-06-30"),
        2,
        "王五：2、4；李四：3",
        alone=False,
    )
    assert snapshot(staffed) == untouched


@pytest.mark.slow
def test_a_form_for_an_office_without_points_or_unknown_is_refused(
    cqvet: Run, staffed: Path, tmp_path: Path
) -> None:
    refused(
        cqvet("export", "progress-form", "--owner", "无此处", "-o", str(tmp_path / "x.xlsx")),
        2,
        "没有名为“无此处”的单位",
        alone=False,
    )
    assert not (tmp_path / "x.xlsx").exists()


# --- sheets offices send that are recognised ------------------------------------


def test_unknown_columns_are_ignored_and_named(cqvet: Run, assigned: Path, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "extra.xlsx",
        [["序号", "牵头单位", "备注", "督办意见"], [1, "组织处", "重点", "按月报送"]],
    )
    out = ok(cqvet("import", "assignments", str(path), "--apply"))
    assert "未识别的列（已忽略）：C列“备注”、D列“督办意见”" in out
    assert points(cqvet)[1]["lead"] == "组织处"


def test_a_two_row_header_with_merged_cells_is_recognised(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    """A title row, 责任单位 merged over 牵头单位/配合单位, and 序号 and 完成时限 merged down two rows."""
    path = write_xlsx(
        tmp_path / "merged.xlsx",
        [
            ["2021年职业教育工作要点任务分解表", None, None, None, None],
            ["序号", "重点任务", "责任单位", None, "完成时限"],
            [None, None, "牵头处室", "配合处室", None],
            [1, "加强职业院校党建工作", "组织处", "职成教处、宣传处", "6月底"],
            [2, "加强思想政治和德育工作", "德育处", None, "7月底"],
        ],
        merges=("A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3", "C4:C5"),
    )
    out = ok(cqvet("import", "assignments", str(path), "--apply"))
    assert "已导入 2 项要点的更改" in out
    state = points(cqvet)
    assert (state[1]["lead"], state[1]["supports"], state[1]["deadline"]) == (
        "组织处",
        ["职成教处", "宣传处"],
        "2021-06-30",
    )
    assert (state[2]["lead"], state[2]["deadline"]) == (
        "组织处",
        "2021-07-31",
    )  # the merged lead covers both rows


def test_dates_as_serial_numbers_and_as_text_are_recognised(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "dates.xlsx",
        [
            ["序号", "完成时限"],
            [1, 44377],
            [2, 44469.0],
            [3, "9月底"],
            [4, "2021年9月30日"],
            [5, "2021/9/30"],
            [6, dt.datetime(2021, 10, 31)],
            [7, "三季度末"],
        ],
    )
    ok(cqvet("import", "assignments", str(path), "--apply"))
    state = points(cqvet)
    assert [state[n]["deadline"] for n in range(1, 8)] == [
        "2021-06-30", "2021-09-30", "2021-09-30", "2021-09-30", "2021-09-30", "2021-10-31", "2021-09-30",
    ]  # fmt: skip
    assert [state[n]["deadline_as_written"] for n in (1, 3, 4)] == ["6月30日", "9月底", "2021年9月30日"]


@pytest.mark.slow
def test_extra_blank_rows_are_skipped(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "blank.xlsx",
        [["分解表"], [], ["序号", "牵头单位"], [], [1, "组织处"], [None, "  "], [], [2, "德育处"], [], []],
    )
    out = ok(cqvet("import", "assignments", str(path)))
    assert len(table_lines(out)) == 2 and "空行" in out


@pytest.mark.slow
def test_a_gbk_csv_from_older_excel_is_recognised(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    path = tmp_path / "分解表.csv"
    path.write_bytes(
        "序号,重点任务,牵头单位,配合单位,完成时限\r\n2,加强思想政治和德育工作,德育处,宣传处,6月底\r\n".encode(
            "gbk"
        )
    )
    ok(cqvet("import", "assignments", str(path), "--apply"))
    state = points(cqvet)[2]
    assert (state["lead"], state["supports"], state["deadline_as_written"]) == ("德育处", ["宣传处"], "6月底")


# --- sheets that are refused --------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rows", "needles"),
    [
        pytest.param(
            [["重点任务", "配合单位"], ["加强职业院校党建工作", "职成教处"]],
            ["找不到必需的列：序号；牵头单位/完成时限/完成日期", "找到的列：重点任务、配合单位"],
            id="missing-columns",
        ),
        pytest.param(
            [["序号", "牵头单位"], [3, "职成教处"], [3, "组织处"]],
            ["第3行 A列（序号）：序号 3 重复（第2行已有）"],
            id="duplicate-number",
        ),
        pytest.param(
            [["序号", "重点任务", "牵头单位"], [3, "加强职业院校党建工作", "组织处"]],
            [
                "第2行 B列（重点任务）：“加强职业院校党建工作”与第3项的重点任务“开展国家职业教育改革",
            ],
            id="title-mismatch",
        ),
        pytest.param(
            [["序号", "完成时限"], [3, "下个月"]],
            ["第2行 B列（完成时限）：无法识别的日期“下个月”"],
            id="unparseable-date",
        ),
        pytest.param(
            [["序号", "牵头单位"], [99, "组织处"], ["合计", None]],
            [
                "第2行 A列（序号）：没有第99项工作要点（本计划共17项）",
                "第3行 A列（序号）：“合计”不是工作要点的序号",
            ],
            id="unknown-number",
        ),
        pytest.param(
            [["序号", "牵头单位"], [3, None]],
            ["第2行 B列（牵头单位）：牵头单位为空，而第3项现由“职成教处”牵头"],
            id="empty-lead",
        ),
    ],
)
def test_a_bad_sheet_is_refused_with_its_rows_and_nothing_is_written(
    cqvet: Run, assigned: Path, tmp_path: Path, rows: list[list[object]], needles: list[str]
) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    untouched = snapshot(assigned)
    refused(cqvet("import", "assignments", str(path), "--apply"), 2, *needles, alone=False)
    assert snapshot(assigned) == untouched


@pytest.mark.slow
def test_one_bad_row_keeps_every_good_row_out(cqvet: Run, assigned: Path, tmp_path: Path) -> None:
    """All or nothing: ten good rows and one bad one write nothing, even with --apply."""
    rows: list[list[object]] = [["序号", "牵头单位", "完成时限"]]
    rows += [[n, "组织处", "6月底"] for n in range(1, 11)]
    rows += [[11, "组织处", "明年"]]
    path = write_xlsx(tmp_path / "mostly-good.xlsx", rows)
    untouched = snapshot(assigned)
    out = cqvet("import", "assignments", str(path), "--apply")
    refused(out, 2, "第12行 C列（完成时限）", "有 1 处问题", alone=False)
    assert len(table_lines(out.stdout)) > 10  # the preview still shows what would have changed
    assert snapshot(assigned) == untouched


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.xlsx", b"", "中没有数据"),
        ("empty.csv", "\ufeff\r\n".encode(), "中没有数据"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是 Excel 工作簿（.xlsx）或 CSV 文件"),
        ("report.pdf", b"%PDF-1.7 ...", "不是 Excel 工作簿（.xlsx）或 CSV 文件"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "另存为”.xlsx"),
    ],
)
def test_a_file_that_is_no_spreadsheet_is_refused(
    cqvet: Run, loaded: Path, tmp_path: Path, name: str, content: bytes, needle: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    untouched = snapshot(loaded)
    stderr = refused(cqvet("import", "assignments", str(path), "--apply"), 2, needle, alone=False)
    assert len(stderr.splitlines()) == 1
    assert snapshot(loaded) == untouched


def test_an_empty_workbook_is_refused(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", [])
    untouched = snapshot(loaded)
    refused(cqvet("import", "progress", str(path), "--apply"), 2, "中没有数据", alone=False)
    assert snapshot(loaded) == untouched


def test_a_date_option_in_the_future_is_refused_before_reading_rows(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["序号", "牵头单位"], [1, "组织处"]])
    refused(
        cqvet("import", "assignments", str(path), "--apply", "--date", "2099-01-01"),
        2,
        "晚于今天",
        alone=False,
    )


# --- hostile text -------------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0"
MARKUP = "[bold]督导处[/bold]"
ESCAPE = "\x1b[31m红\x1b[0m"


@pytest.mark.slow
def test_hostile_text_is_stored_as_typed_and_exported_inert(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    source = tmp_path / "hostile.csv"
    source.write_text(
        f'序号,牵头单位,配合单位,分管领导,联系人\r\n4,"{FORMULA}",{MARKUP},{MARKUP},{ESCAPE}\r\n',
        encoding="utf-8-sig",
    )
    out = ok(cqvet("import", "assignments", str(source), "--apply"))
    assert MARKUP in out and "\x1b" not in out
    detail = json.loads(ok(cqvet("show", "4", "--format", "json")))
    owner = detail["owner_history"][0]
    assert (owner["lead"], owner["supports"], owner["leader"], owner["contact"]) == (
        FORMULA,
        [MARKUP],
        MARKUP,
        ESCAPE,
    )

    book = tmp_path / "out.xlsx"
    ok(cqvet("export", "assignments", "-o", str(book)))
    ws = load_workbook(book).active
    assert ws is not None
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    row = row_of(book, 4)
    assert ws.cell(row=row, column=4).value == "'" + FORMULA
    assert ws.cell(row=row, column=9).value == "[31m红[0m"
    text = tmp_path / "out.csv"
    ok(cqvet("export", "assignments", "-o", str(text)))
    exported = csv_point_rows(list(csv.reader(io.StringIO(text.read_text(encoding="utf-8-sig")))))
    assert exported[4][3:5] == ["'" + FORMULA, MARKUP]

    # Reading back what was exported is no change: the apostrophe comes off, stripped controls are not edits.
    assert "没有需要更改的内容" in ok(cqvet("import", "assignments", str(book)))
    assert "没有需要更改的内容" in ok(cqvet("import", "assignments", str(text)))


def test_hostile_text_in_a_refused_row_cannot_restyle_the_terminal(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"序号,完成时限\r\n3,{ESCAPE}[bold]\r\n", encoding="utf-8")
    stderr = refused(cqvet("import", "assignments", str(path)), 2, "[31m红[0m[bold]", alone=False)
    assert "\x1b" not in stderr


def test_every_exchange_command_has_help(cqvet: Run) -> None:
    for args in (
        ("export", "assignments"),
        ("export", "progress-form"),
        ("import", "assignments"),
        ("import", "progress"),
    ):
        out = ok(cqvet(*args, "--help"))
        assert "--help" in out
