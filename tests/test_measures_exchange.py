"""The 任务分解表 and the progress form at measure level (issue 15, items 3 and 5), through the CLI.

A point's measures (举措) go out as rows under its row, numbered `7（2）` (Excel leaves that alone;
it turns `7-2` into a date and `7.2` into a number), come back edited in "Excel" (openpyxl, or the
csv module for an Excel-opened CSV), are previewed, applied as one event and undone as one. Measure-
level data that the command line cannot record yet is recorded with `cqvet.measures` on a store
opened on the test's database. Every refused sheet is refused with its cell, exit code 2, and the
database unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, refused, snapshot, write_xlsx
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from cqvet import measures, store_measures
from cqvet.exchange.reading import DOTTED_MEASURES, _item_ref, _RowProblem
from cqvet.ledger import Contribution
from cqvet.models import MeasureState
from cqvet.parsing import ItemRef
from cqvet.store import Store

Run = Callable[..., Any]
TODAY = dt.date(2021, 7, 15)
# The 任务分解表's columns (1-based) and the progress form's.
NUMBER, TITLE, LEAD, SUPPORTS, DEADLINE, DUE_DATE, LEADER = 1, 3, 4, 5, 6, 7, 8
NEW_PERCENT, STATUS, NOTE, AUTHOR, REPORT_DATE, OFFICE = "G", "H", "I", "J", "K", "M"


@contextmanager
def opened(db: Path) -> Iterator[Store]:
    store = Store.open(db)
    try:
        yield store
    finally:
        store.close()


def measures_of(db: Path, number: int, on: dt.date = TODAY) -> dict[int, MeasureState]:
    """Point `number`'s measures as the ledger shows them on `on`, by their number."""
    with opened(db) as store:
        plan = store.plan()
        point = store.point_states(plan, on, [number])
        return {m.seq: m for m in store_measures.measure_states(store, plan, on, point)}


def contributions_of(db: Path, number: int) -> list[Contribution]:
    with opened(db) as store:
        return store_measures.contributions(store, store.plan(), number)


@pytest.fixture
def split(cqvet: Run, loaded: Path) -> Path:
    """Point 7 led by 职成教处 and split among its three measures: 7-1 led by 职成教处 (40 % on 30
    June, so point 7 rolls up), 7-2 led by 高教处 with 职成教处 supporting, due 9月底, 7-3 without
    owners of its own. Point 9 is led by 学生处, 职成教处 supporting."""
    ok(cqvet("owner", "set", "7", "--lead", "职成教处", "--support", "发展规划处"))
    ok(cqvet("owner", "set", "9", "--lead", "学生处", "--support", "职成教处"))
    with opened(loaded) as store:
        plan = store.plan()
        common: dict[str, Any] = {"effective_on": None, "author": "tester", "today": TODAY}
        measures.assign_owner(store, plan, ItemRef(7, 1), lead="职成教处", supports=[], **common)
        measures.assign_owner(store, plan, ItemRef(7, 2), lead="高教处", supports=["职成教处"], **common)
        measures.set_deadline(
            store, plan, ItemRef(7, 2), due_on=dt.date(2021, 9, 30), as_written="9月底", note="", **common
        )
        measures.record_progress(
            store,
            plan,
            ItemRef(7, 1),
            percent=40,
            status=None,
            note="",
            reported_on=dt.date(2021, 6, 30),
            author="tester",
            today=TODAY,
        )
    return loaded


def sheet_rows(path: Path) -> list[tuple[object, ...]]:
    """The rows under the header of an exported workbook."""
    ws = load_workbook(path).active
    assert ws is not None
    return [row for row in ws.iter_rows(min_row=3, values_only=True) if any(v is not None for v in row)]


def row_of(path: Path, number: object) -> int:
    """The spreadsheet row whose 序号 is `number` (7, or "7（2）")."""
    ws = load_workbook(path).active
    assert ws is not None
    return next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == number)


def edited(path: Path, cells: dict[tuple[object, int | str], object], name: str = "edited.xlsx") -> Path:
    """The workbook at `path` with cells changed: (序号 of the row, column) → value."""
    book = load_workbook(path)
    ws = book.active
    assert ws is not None
    for (number, column), value in cells.items():
        row = row_of(path, number)
        if isinstance(column, str):
            ws[f"{column}{row}"] = value
        else:
            ws.cell(row=row, column=column).value = value
    out = path.with_name(name)
    book.save(out)
    return out


def preview_lines(stdout: str) -> list[str]:
    """The preview table's rows (a line that only continues a wrapped cell left out)."""
    lines = [line for line in stdout.splitlines() if line.startswith("│")][1:]
    return [line for line in lines if line.split("│")[1].strip() or line.split("│")[2].strip()]


def point(cqvet: Run, number: int) -> dict[str, Any]:
    return next(p for p in json.loads(ok(cqvet("list", "--format", "json"))) if p["number"] == number)


# --- the 任务分解表 ------------------------------------------------------------------------------


def test_the_assignment_sheet_has_a_row_for_each_measure_under_its_point_numbered_as_excel_keeps_it(
    cqvet: Run, split: Path, tmp_path: Path
) -> None:
    path = tmp_path / "任务分解表.xlsx"
    ok(cqvet("export", "assignments", "--output", str(path)))
    rows = sheet_rows(path)
    at = rows.index(next(r for r in rows if r[0] == 7))
    assert rows[at][3:6] == ("职成教处", "发展规划处", "年底")
    assert [r[0] for r in rows[at : at + 5]] == [7, "7（1）", "7（2）", "7（3）", 8]
    texts = measures_of(split, 7)
    assert rows[at + 1] == ("7（1）", None, texts[1].text, "职成教处", None, None, None, None, None)
    assert rows[at + 2] == (
        "7（2）", None, texts[2].text, "高教处", "职成教处", "9月底", dt.datetime(2021, 9, 30), None, None,
    )  # fmt: skip
    assert rows[at + 3][3:] == (None,) * 6  # no owners, no deadline of its own: left to fill in
    # Every measure of the plan has its row, none of them a date or a number in Excel's eyes.
    numbers = [r[0] for r in rows]
    assert sum(isinstance(n, str) for n in numbers) == 78 and sum(isinstance(n, int) for n in numbers) == 17
    assert all(isinstance(n, int) or (isinstance(n, str) and "（" in n) for n in numbers)


def test_an_exported_csv_has_the_measure_rows_with_a_bom_and_reads_back_as_no_change(
    cqvet: Run, split: Path, tmp_path: Path
) -> None:
    path = tmp_path / "任务分解表.csv"
    ok(cqvet("export", "assignments", "--output", str(path)))
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    at = next(i for i, r in enumerate(rows) if r[0] == "7（2）")
    assert rows[at][3:7] == ["高教处", "职成教处", "9月底", "2021-09-30"]
    assert rows[at - 2][0] == "7" and rows[at - 1][0] == "7（1）"
    out = ok(cqvet("import", "assignments", str(path)))
    assert "没有需要更改的内容" in out and "无变化 95 行" in out


def test_measure_owners_and_deadlines_make_a_round_trip_through_excel_and_undo_reverts_them_whole(
    cqvet: Run, split: Path, tmp_path: Path
) -> None:
    original = tmp_path / "任务分解表.xlsx"
    ok(cqvet("export", "assignments", "--output", str(original)))
    sheet = edited(
        original,
        {
            ("7（3）", LEAD): "学生处",
            ("7（3）", SUPPORTS): "财务处、人事处",
            ("7（2）", DEADLINE): "10月底",
            ("7（2）", DUE_DATE): dt.datetime(2021, 10, 31),
        },
    )
    untouched = snapshot(split)
    # 7-2 has its deadline and 7-3 its first owners: a change counts from --date (else today).
    preview = ok(cqvet("import", "assignments", str(sheet), "--date", "2021-07-15"))
    lines = [line for line in preview.splitlines() if line.startswith("│")][1:]  # one a changed field
    assert len(lines) == 3, preview
    assert (
        "7-2" in lines[0] and "9月底（2021年9月30日）" in lines[0] and "10月底（2021年10月31日）" in lines[0]
    )
    assert "7-3" in lines[1] and "学生处" in lines[1]
    assert "财务处、人事处" in lines[2]
    assert snapshot(split) == untouched

    applied = ok(cqvet("import", "assignments", str(sheet), "--apply", "--date", "2021-07-15"))
    assert "已导入 2 项要点的更改" in applied
    after = measures_of(split, 7, dt.date(2021, 12, 31))
    assert (after[3].leads, after[3].supports) == (("学生处",), ("财务处", "人事处"))
    assert (after[2].deadline, after[2].deadline_written) == (dt.date(2021, 10, 31), "10月底")
    assert point(cqvet, 7)["lead"] == "职成教处"  # the point's own owners are untouched
    again = tmp_path / "again.xlsx"
    ok(cqvet("export", "assignments", "--output", str(again), "--as-of", "2021-12-31"))
    assert sheet_rows(again) == sheet_rows(sheet)
    assert "没有需要更改的内容" in ok(cqvet("import", "assignments", str(sheet)))

    undone = ok(cqvet("undo", "--yes"))
    assert "导入的任务分解表" in undone and "7-2" in undone and "7-3" in undone
    back = tmp_path / "back.xlsx"
    ok(cqvet("export", "assignments", "--output", str(back), "--as-of", "2021-12-31"))
    assert sheet_rows(back) == sheet_rows(original)


def test_an_excel_opened_csv_of_measure_rows_imports_and_undoes_like_the_workbook(
    cqvet: Run, split: Path, tmp_path: Path
) -> None:
    path = tmp_path / "任务分解表.csv"
    ok(cqvet("export", "assignments", "--output", str(path)))
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    at = next(i for i, r in enumerate(rows) if r[0] == "7（1）")
    rows[at][LEAD - 1], rows[at][DEADLINE - 1] = "职成教处、高教处", "11月底"  # 双牵头, and a deadline
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, lineterminator="\r\n").writerows(rows)
    applied = ok(cqvet("import", "assignments", str(path), "--apply", "--date", "2021-07-15"))
    assert "已导入 1 项要点的更改" in applied
    m = measures_of(split, 7, dt.date(2021, 12, 31))[1]
    assert (m.leads, m.deadline, m.deadline_written) == (
        ("职成教处", "高教处"),
        dt.date(2021, 11, 30),
        "11月底",
    )
    ok(cqvet("undo", "--yes"))
    m = measures_of(split, 7, dt.date(2021, 12, 31))[1]
    assert (m.leads, m.deadline_is_default) == (("职成教处",), True)


@pytest.mark.parametrize("written", ["7(3)", "7（3）", "7-3", "7.3", 7.3, "７（３）"])
def test_a_measure_row_may_be_numbered_as_offices_type_it(
    cqvet: Run, split: Path, tmp_path: Path, written: object
) -> None:
    sheet = write_xlsx(tmp_path / "s.xlsx", [["序号", "牵头单位"], [written, "学生处"]])
    applied = ok(cqvet("import", "assignments", str(sheet), "--apply"))
    assert "已导入 1 项要点的更改" in applied
    assert measures_of(split, 7)[3].leads == ("学生处",)


@pytest.mark.parametrize(
    ("cells", "fragments"),
    [
        ([["7（9）", "学生处"]], ["第2行 A列（序号）", "第7项没有举措（9）（该项共3条举措）"]),
        ([["99（1）", "学生处"]], ["第2行 A列（序号）", "没有第99项工作要点（本计划共17项）"]),
        ([["7（3）", "学生处", "明年某天"]], ["第2行 C列（完成时限）", "无法识别的日期“明年某天”"]),
        ([[dt.datetime(2021, 7, 2), "学生处"]], ["第2行 A列（序号）", "序号被 Excel 改成了日期", "7（2）"]),
        ([["7（2）", "", ""]], ["第2行 B列（牵头单位）", "牵头单位为空", "“高教处”"]),
        ([["7（2）", "高教处", "9月底", "张主任"]], ["第2行 D列（分管领导）", "举措 7（2） 没有分管领导"]),
        ([["7（3）", "学生处"], ["7-3", "财务处"]], ["第3行 A列（序号）", "序号 7（3） 重复（第2行已有）"]),
    ],
    ids=["unknown-measure", "unknown-point", "bad-deadline", "excel-date", "lead-erased", "leader", "twice"],
)
def test_a_bad_measure_row_is_refused_naming_its_cell_and_nothing_is_written(
    cqvet: Run, split: Path, tmp_path: Path, cells: list[list[object]], fragments: list[str]
) -> None:
    sheet = write_xlsx(tmp_path / "bad.xlsx", [["序号", "牵头单位", "完成时限", "分管领导"], *cells])
    before = snapshot(split)
    refused(cqvet("import", "assignments", str(sheet), "--apply"), 2, *fragments, "未作任何更改", alone=False)
    assert snapshot(split) == before


def test_a_measure_rows_title_must_be_its_measures_text(cqvet: Run, split: Path, tmp_path: Path) -> None:
    original = tmp_path / "任务分解表.xlsx"
    ok(cqvet("export", "assignments", "--output", str(original)))
    sheet = edited(original, {("7（2）", TITLE): "完全是另一件事", ("7（2）", LEAD): "学生处"})
    before = snapshot(split)
    refused(
        cqvet("import", "assignments", str(sheet), "--apply"),
        2,
        f"第{row_of(original, '7（2）')}行 C列（重点任务）",
        "与举措 7（2）",
        alone=False,
    )
    assert snapshot(split) == before


# --- how a 序号 is read -----------------------------------------------------------------------


@given(st.integers(1, 99_999), st.integers(1, DOTTED_MEASURES - 1), st.integers(0, DOTTED_MEASURES - 1))
def test_every_way_of_writing_a_measure_reads_as_that_measure(number: int, seq: int, others: int) -> None:
    counts = {number: max(seq, others)}
    for written in (f"{number}（{seq}）", f"{number}({seq})", f"{number}-{seq}", f"{number}.{seq}"):
        assert _item_ref(written, counts) == ItemRef(number, seq)
    assert _item_ref(float(f"{number}.{seq}"), counts) == ItemRef(number, seq)
    assert _item_ref(number, counts) == ItemRef(number) == _item_ref(f"{number}.0", counts)


@pytest.mark.parametrize("written", [7.1, "7.1", "7.10"])
def test_a_dotted_number_on_a_point_with_ten_measures_or_more_is_refused_as_ambiguous(
    written: object,
) -> None:
    """Excel shows the number 7.10 as 7.1: on a point with ten measures, 7.1 could be either."""
    with pytest.raises(_RowProblem) as caught:
        _item_ref(written, {7: DOTTED_MEASURES})
    assert caught.value.key == "import_number_dotted"
    assert _item_ref("7（10）", {7: DOTTED_MEASURES}) == ItemRef(7, 10)


# --- the progress form ------------------------------------------------------------------------


def test_the_progress_form_lists_the_offices_measures_under_their_points_with_its_name(
    cqvet: Run, split: Path, tmp_path: Path
) -> None:
    form = tmp_path / "职成教处.xlsx"
    ok(
        cqvet(
            "export", "progress-form", "--owner", "职成教处", "--output", str(form), "--as-of", "2021-07-15"
        )
    )
    ws = load_workbook(form).active
    assert ws is not None
    assert ws["M2"].value == "填报单位"
    rows = sheet_rows(form)
    assert [r[0] for r in rows] == [7, "7（1）", "7（2）", "7（3）", 9]
    assert rows[1][2:6] == ("职成教处", "年底", 40, dt.datetime(2021, 6, 30))
    assert rows[2][2:4] == ("高教处", "9月底")  # 职成教处 supports 7-2
    assert rows[3][2:4] == ("职成教处", "年底")  # 7-3 has no owners: the point's lead answers for it
    assert rows[0][4] == 13  # point 7 rolled up: 40 % of one measure in three
    assert {r[12] for r in rows} == {"职成教处"}


def test_a_filled_form_records_measure_progress_and_contributions_never_the_points_figure(
    cqvet: Run, split: Path, tmp_path: Path
) -> None:
    form = tmp_path / "职成教处.xlsx"
    ok(
        cqvet(
            "export", "progress-form", "--owner", "职成教处", "--output", str(form), "--as-of", "2021-07-15"
        )
    )
    day = dt.datetime(2021, 7, 10)
    sheet = edited(
        form,
        {
            ("7（1）", NEW_PERCENT): 70,
            ("7（1）", NOTE): "完成遴选",
            ("7（2）", NEW_PERCENT): 50,
            ("7（2）", NOTE): "配合完成调研",
            (9, NOTE): "已报送名单",
            **{(n, c): v for n in ("7（1）", "7（2）", 9) for c, v in ((AUTHOR, "王五"), (REPORT_DATE, day))},
        },
    )
    untouched = snapshot(split)
    preview = ok(cqvet("import", "progress", str(sheet)))
    lines = preview_lines(preview)
    assert len(lines) == 3, preview
    assert "7-1" in lines[0] and "40% → 70%" in lines[0]
    assert "7-2" in lines[1] and "50%" in lines[1] and "配合报送" in lines[1]
    assert "配合报送" in lines[2]
    assert snapshot(split) == untouched
    before_9 = point(cqvet, 9)

    assert "已导入 3 条进度" in ok(cqvet("import", "progress", str(sheet), "--apply"))
    assert measures_of(split, 7)[1].percent == 70
    assert point(cqvet, 7)["percent"] == 23  # (70 + 0 + 0) / 3, rolled up
    assert point(cqvet, 9) == before_9  # the lead's figure stands
    got = {(c.point_number, c.office, c.percent, c.note, c.author) for c in contributions_of(split, 7)}
    assert got == {(7, "职成教处", 50, "7-2：配合完成调研", "王五")}
    assert [(c.office, c.percent, c.note) for c in contributions_of(split, 9)] == [
        ("职成教处", None, "已报送名单")
    ]

    undone = ok(cqvet("undo", "--yes", "--by", "王五"))
    assert "7-1" in undone
    assert measures_of(split, 7)[1].percent == 40
    assert all(c.reverted for c in contributions_of(split, 7) + contributions_of(split, 9))
    assert point(cqvet, 7)["percent"] == 13


@pytest.mark.parametrize(
    ("cells", "fragments"),
    [
        ({(7, NEW_PERCENT): 60}, ["G列（本期进度）", "第7项的进度由其举措汇总，不能直接设定"]),
        (
            {("7（2）", STATUS): "推进中", ("7（2）", NOTE): "x"},
            ["H列（状态）", "配合单位报送的是本单位承担部分的情况"],
        ),
        (
            {("7（2）", NOTE): "x", ("7（2）", OFFICE): "财务处"},
            ["M列（填报单位）", "财务处不是第7项的配合单位"],
        ),
    ],
    ids=["percent-on-rolled-up-point", "status-from-a-supporting-office", "office-not-involved"],
)
def test_a_bad_form_row_is_refused_naming_its_cell_and_nothing_is_written(
    cqvet: Run, split: Path, tmp_path: Path, cells: dict[tuple[object, str], object], fragments: list[str]
) -> None:
    form = tmp_path / "职成教处.xlsx"
    ok(
        cqvet(
            "export", "progress-form", "--owner", "职成教处", "--output", str(form), "--as-of", "2021-07-15"
        )
    )
    rows = {key[0] for key in cells}
    sheet = edited(form, {**cells, **{(n, REPORT_DATE): dt.datetime(2021, 7, 10) for n in rows}})
    before = snapshot(split)
    refused(cqvet("import", "progress", str(sheet), "--apply"), 2, *fragments, "未作任何更改", alone=False)
    assert snapshot(split) == before


def test_a_note_alone_on_a_rolled_up_point_row_is_recorded_as_the_points_note(
    cqvet: Run, split: Path, tmp_path: Path
) -> None:
    form = tmp_path / "职成教处.xlsx"
    ok(
        cqvet(
            "export", "progress-form", "--owner", "职成教处", "--output", str(form), "--as-of", "2021-07-15"
        )
    )
    sheet = edited(form, {(7, NOTE): "三项举措均已启动", (7, REPORT_DATE): dt.datetime(2021, 7, 10)})
    ok(cqvet("import", "progress", str(sheet), "--apply"))
    log = json.loads(ok(cqvet("progress", "log", "7", "--format", "json")))
    assert any(e["note"] == "三项举措均已启动" for e in log)
    assert point(cqvet, 7)["percent"] == 13


def test_a_supporting_offices_percent_alone_on_a_measure_is_kept_on_its_point_named_by_the_measure(
    cqvet: Run, split: Path, tmp_path: Path
) -> None:
    form = tmp_path / "职成教处.xlsx"
    ok(
        cqvet(
            "export", "progress-form", "--owner", "职成教处", "--output", str(form), "--as-of", "2021-07-15"
        )
    )
    sheet = edited(form, {("7（2）", NEW_PERCENT): 30, ("7（2）", REPORT_DATE): dt.datetime(2021, 7, 10)})
    ok(cqvet("import", "progress", str(sheet), "--apply"))
    assert [(c.office, c.percent, c.note) for c in contributions_of(split, 7)] == [("职成教处", 30, "7-2")]
    assert measures_of(split, 7)[2].tracked is False  # 高教处's measure has no figure from its supporter


def test_a_plan_without_measure_level_data_exports_every_measure_ready_to_fill_in(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "任务分解表.xlsx"
    ok(cqvet("export", "assignments", "--output", str(path)))
    rows = sheet_rows(path)
    measure_rows = [r for r in rows if isinstance(r[0], str)]
    assert len(measure_rows) == 78
    assert all(r[1] is None and r[3:] == (None,) * 6 for r in measure_rows)
    # Each under its own point, in order: 1, 1（1）, 1（2）, 1（3）, 2, 2（1）…
    point_of_row, expected = 0, []
    for r in rows:
        if isinstance(r[0], int):
            point_of_row, seq = r[0], 0
            expected.append(r[0])
        else:
            seq += 1
            expected.append(f"{point_of_row}（{seq}）")
    assert [r[0] for r in rows] == expected


def test_an_office_that_only_leads_a_measure_gets_a_form_of_it_and_reports_it(
    cqvet: Run, split: Path, tmp_path: Path
) -> None:
    """高教处 leads 7-2 and nothing else: its form holds point 7 for context and 7（2）; its figure goes
    to the measure, its note on the point's row is its contribution."""
    form = tmp_path / "高教处.xlsx"
    ok(cqvet("export", "progress-form", "--owner", "高教处", "--output", str(form), "--as-of", "2021-07-15"))
    assert [(r[0], r[12]) for r in sheet_rows(form)] == [(7, "高教处"), ("7（2）", "高教处")]
    day = dt.datetime(2021, 7, 10)
    sheet = edited(
        form,
        {
            ("7（2）", NEW_PERCENT): 60,
            ("7（2）", REPORT_DATE): day,
            (7, NOTE): "中期评价方案已印发",
            (7, REPORT_DATE): day,
        },
    )
    ok(cqvet("import", "progress", str(sheet), "--apply"))
    assert measures_of(split, 7)[2].percent == 60
    assert [(c.office, c.note) for c in contributions_of(split, 7)] == [("高教处", "中期评价方案已印发")]
    assert point(cqvet, 7)["percent"] == 33  # (40 + 60 + 0) / 3
