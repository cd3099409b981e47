"""A 任务分解表 read down to its measures (issue 15): each measure row of a task table becomes a
measure of its point, with the lead, supporting units and deadline its row names, whether the
table merges its 序号 and 重点任务 cells (Word, a web page's rowspan), repeats them or leaves
them empty (a table pasted from Excel), and however its measure rows are numbered; `cqvet load`
records those owners and deadlines under the load's event, and `cqvet undo` takes them back.

The documents are this file's own (tests/data/measures-table.html, measures-pasted.txt, and the
tables built below), shaped after published 任务分解表 but written for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from conftest import ok, refused, snapshot
from doc_forms import Block, write_docx, write_html
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from cqvet import measures, store_measures
from cqvet.documents import read_document
from cqvet.errors import PlanDocumentError
from cqvet.models import MeasureState
from cqvet.parsing import parse_item
from cqvet.plan_doc import MeasureDoc, PlanDoc, parse_blocks, parse_plan
from cqvet.store import Store

Run = Callable[..., Result]
DATA = Path(__file__).parent / "data"
HEADER = ("序号", "重点任务", "具体举措", "牵头单位", "配合单位", "完成时限")

# What tests/data/measures-table.html says, point by point: (number, title, lead, supports,
# deadline as written, [(measure, leads, supports, deadline), …]).
HTML_POINTS = [
    (1, "推进职业院校双优建设", "职成教处", ("财务处", "督导室"), "6月底；9月底；12月底", [
        ("遴选10所双优学校", ("职成教处",), ("财务处",), "6月底"),
        ("开展建设中期评估", ("职成教处",), ("督导室",), "9月底"),
        ("完成年度建设验收", ("职成教处",), ("财务处", "督导室"), "12月底"),
    ]),
    (2, "深化产教融合", "产业处", ("人事处", "财务处"), "年底", [
        ("建设市级实训基地5个", ("产业处",), ("人事处",), "10月底"),
        ("培育产教融合型企业20家", ("产业处",), ("人事处", "财务处"), "12月20日"),
    ]),
    (3, "加强师德师风建设", "教师处", ("组织处",), "6月底", [
        ("开展师德专题教育", ("教师处",), ("组织处",), "6月底"),
        ("完善师德考核办法", ("教师处",), ("组织处",), "6月底"),
    ]),
    (4, "实施教师培训计划", "教师处", (), "11月底", []),
]  # fmt: skip


def described(doc: PlanDoc) -> list[tuple[object, ...]]:
    return [
        (p.number, p.title, p.lead, p.supports, p.deadline, [tuple(m) for m in p.measure_owners])
        for p in doc.points
    ]


def read(path: Path) -> PlanDoc:
    return parse_blocks(read_document(path).blocks)


# --- the parser --------------------------------------------------------------------------------


def test_a_web_page_with_rowspan_and_colspan_cells_gives_each_point_its_measure_rows() -> None:
    """序号, 重点任务 and 牵头单位 merged down by rowspan, 责任单位 over two header rows, measures
    numbered `1.` in their cell, `2.1` in 序号 and `（1）` on lines of one cell."""
    doc = read(DATA / "measures-table.html")
    assert doc.title == "某区教育局2024年重点工作任务分解表"
    assert [s.title for s in doc.sections] == ["办好人民满意的教育", "加强教师队伍建设"]
    assert described(doc) == HTML_POINTS


def test_measures_stay_parallel_to_the_measure_texts_every_caller_reads() -> None:
    doc = read(DATA / "measures-table.html")
    for point in doc.points:
        assert point.measures == tuple(m.text for m in point.measure_owners)
    assert doc.points[0].body == "遴选10所双优学校。开展建设中期评估。完成年度建设验收。"
    assert [(t.value, t.unit) for t in doc.points[1].targets] == [(5.0, "个"), (20.0, "家")]


def test_a_table_pasted_one_cell_per_line_reads_its_measure_rows_with_or_without_the_repeated_task() -> None:
    """`（2）` leaves the merged 重点任务 out, `1-3` repeats it: both are measures of point 1."""
    doc = read(DATA / "measures-pasted.txt")
    assert described(doc) == [
        (1, "推进双优建设", "职成教处", ("财务处", "督导室"), "6月底；9月底；12月底", [
            ("遴选10所双优学校", ("职成教处",), ("财务处",), "6月底"),
            ("开展建设中期评估", ("职成教处",), ("督导室",), "9月底"),
            ("完成年度建设验收", ("职成教处",), ("财务处",), "12月底"),
        ]),
        (2, "深化产教融合", "产业处", ("人事处",), "10月底", [
            ("建设市级实训基地", ("产业处",), ("人事处",), "10月底"),
        ]),
    ]  # fmt: skip


MERGED: list[Block] = [
    "2024年职业教育重点工作任务分解表",
    HEADER,
    ("1", "推进双优建设", "（1）遴选10所双优学校", "职成教处", "财务处", "6月底"),
    ("1", "推进双优建设", "（2）开展建设中期评估", "职成教处", "督导室", "9月底"),
    ("2", "深化产教融合", "建设市级实训基地", "产业处、职成教处", "人事处", "10月底"),
    ("2", "深化产教融合", "培育产教融合型企业", "产业处、职成教处", "人事处", "12月底"),
]
MERGED_POINTS = [
    (1, "推进双优建设", "职成教处", ("财务处", "督导室"), "6月底；9月底", [
        ("遴选10所双优学校", ("职成教处",), ("财务处",), "6月底"),
        ("开展建设中期评估", ("职成教处",), ("督导室",), "9月底"),
    ]),
    (2, "深化产教融合", "产业处", ("职成教处", "人事处"), "10月底；12月底", [
        ("建设市级实训基地", ("产业处", "职成教处"), ("人事处",), "10月底"),
        ("培育产教融合型企业", ("产业处", "职成教处"), ("人事处",), "12月底"),
    ]),
]  # fmt: skip


def test_a_word_table_with_cells_merged_down_gives_every_measure_row_its_point(tmp_path: Path) -> None:
    """Word merges 序号, 重点任务 and the units down each point's rows; the reader repeats them."""
    path = tmp_path / "merged.docx"
    write_docx(MERGED, path, merge_down=0)
    import docx

    for column in (1, 3):  # merge 重点任务 and 牵头单位 too, in the file itself
        document = docx.Document(str(path))
        table = document.tables[0]
        cells = [row.cells[column] for row in table.rows]
        for top in (1, 3):
            text = cells[top].text
            cells[top + 1].text = ""
            cells[top].merge(cells[top + 1]).text = text
        document.save(str(path))
    assert '<w:vMerge w:val="restart"/>' in _document_xml(path)
    assert described(read(path)) == MERGED_POINTS


def _document_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_merged_cells_left_empty_read_as_the_cell_above_in_a_web_page_and_in_tab_separated_text(
    tmp_path: Path,
) -> None:
    """A page or an Excel copy may leave a merged cell empty below its first row: the same plan."""
    emptied = emptied_below(MERGED)
    assert emptied[3] == ("", "", "（2）开展建设中期评估", "", "督导室", "9月底")
    for doc in (read(write_html(emptied, tmp_path / "emptied.html")), parse_plan(tabbed(emptied))):
        assert described(doc) == MERGED_POINTS


def emptied_below(blocks: Sequence[Block]) -> list[Block]:
    """`blocks` with 序号, 重点任务 and the unit cells left empty where they repeat the row above."""
    out: list[Block] = []
    for above, row in zip([None, *blocks], blocks, strict=False):
        if isinstance(row, tuple) and isinstance(above, tuple):
            row = tuple("" if i in (0, 1, 3, 4) and above[i] == c else c for i, c in enumerate(row))
        out.append(row)
    return out


def tabbed(blocks: Sequence[Block]) -> str:
    """A table as Excel copies it: a row a line, tabs between its cells."""
    return "\n".join(b if isinstance(b, str) else "\t".join(b) for b in blocks) + "\n"


def test_a_table_whose_number_counts_rows_numbers_its_points_one_by_one() -> None:
    """序号 running 1…5 over measure rows, 重点任务 merged per point: points 1, 2; not 1, 4."""
    rows: list[Block] = [
        "2024年重点工作任务分解表",
        ("序号", "重点任务", "工作措施", "责任单位", "完成时间"),
        ("1", "推进双优建设", "遴选学校", "职成教处", "6月底"),
        ("2", "推进双优建设", "开展评估", "督导室", "9月底"),
        ("3", "推进双优建设", "完成验收", "职成教处", "12月底"),
        ("4", "深化产教融合", "建设实训基地", "产业处", "10月底"),
        ("5", "", "培育企业", "产业处", "11月底"),
    ]
    doc = parse_blocks(rows)
    assert [(p.number, p.title, p.measures) for p in doc.points] == [
        (1, "推进双优建设", ("遴选学校", "开展评估", "完成验收")),
        (2, "深化产教融合", ("建设实训基地", "培育企业")),
    ]
    assert [m.leads for m in doc.points[0].measure_owners] == [("职成教处",), ("督导室",), ("职成教处",)]


def test_without_a_measure_column_numbered_and_unnumbered_rows_below_a_point_are_its_measures() -> None:
    rows: list[Block] = [
        "2024年工作任务清单",
        ("序号", "工作任务", "牵头单位", "完成时限"),
        ("1", "加强党的建设", "组织处", "年底"),
        ("1.1", "开展学习教育", "宣传处", "6月底"),
        ("", "建强基层组织", "组织处", "11月底"),
        ("2", "推进依法治教", "政策法规处", "年底"),
    ]
    doc = parse_blocks(rows)
    assert described(doc) == [
        (1, "加强党的建设", "组织处", ("宣传处",), "年底", [
            ("开展学习教育", ("宣传处",), (), "6月底"),
            ("建强基层组织", ("组织处",), (), "11月底"),
        ]),
        (2, "推进依法治教", "政策法规处", (), "年底", []),
    ]  # fmt: skip


def test_without_a_measure_column_rows_under_a_merged_number_are_the_points_measures(tmp_path: Path) -> None:
    rows: list[Block] = [
        "2024年工作任务清单",
        ("序号", "工作任务", "牵头单位", "完成时限"),
        ("1", "加强党的建设", "组织处", "年底"),
        ("1", "开展学习教育", "宣传处", "6月底"),
        ("1", "建强基层组织", "组织处", "11月底"),
        ("2", "推进依法治教", "政策法规处", "年底"),
    ]
    doc = read(write_docx(rows, tmp_path / "merged.docx", merge_down=0))
    assert [(p.number, p.title, p.measures, p.deadline) for p in doc.points] == [
        (1, "加强党的建设", ("开展学习教育", "建强基层组织"), "年底"),
        (2, "推进依法治教", (), "年底"),
    ]


def test_only_a_measure_heading_after_the_task_heading_makes_a_measure_column() -> None:
    """工作目标 is no measure column, and 具体责任单位 is the lead's column, not a measure's."""
    rows: list[Block] = [
        "2024年重点工作任务分解表",
        ("序号", "重点任务", "工作目标", "具体责任单位", "完成时限"),
        ("1", "推进双优建设", "建成10所双优学校", "职成教处", "6月底"),
        ("2", "深化产教融合", "建成5个实训基地", "产业处", "9月底"),
    ]
    doc = parse_blocks(rows)
    assert [(p.number, p.title, p.lead, p.deadline, p.measures) for p in doc.points] == [
        (1, "推进双优建设", "职成教处", "6月底", ()),
        (2, "深化产教融合", "产业处", "9月底", ()),
    ]


def test_a_title_set_in_a_table_beside_an_empty_cell_is_still_the_title(tmp_path: Path) -> None:
    """Only below a task table's header is a row of one text in a later cell a measure's row."""
    blocks: list[Block] = [("", "某区2024年工作要点"), "1.加强党建工作。开展学习教育。"]
    for doc in (read(write_docx(blocks, tmp_path / "t.docx")), parse_plan(tabbed(blocks))):
        assert (doc.title, [p.title for p in doc.points]) == ("某区2024年工作要点", ["加强党建工作"])


def test_a_plan_in_running_text_keeps_its_measures_without_owners() -> None:
    doc = parse_plan("2024年工作要点\n1.加强党建工作。开展学习教育；建强基层组织。\n")
    assert doc.points[0].measure_owners == (MeasureDoc("开展学习教育"), MeasureDoc("建强基层组织"))


@pytest.mark.parametrize(
    ("rows", "line", "params"),
    [
        ([("1", "推进双优建设", "遴选学校", "职成教处", "", "6月底"),
          ("1.3", "", "开展评估", "督导室", "", "9月底")], 4, {"number": 1, "expected": 2, "found": 3}),
        ([("1", "推进双优建设", "", "职成教处", "", "6月底"),
          ("", "", "2.开展评估", "督导室", "", "9月底")], 4, {"number": 1, "expected": 1, "found": 2}),
        ([("2.2", "推进双优建设", "开展评估", "督导室", "", "9月底")], 3,
         {"number": 2, "expected": 1, "found": 2}),
    ],
)  # fmt: skip
def test_a_measure_numbered_out_of_its_place_is_refused_naming_its_line(
    rows: list[Block], line: int, params: dict[str, int]
) -> None:
    with pytest.raises(PlanDocumentError) as caught:
        parse_blocks(["2024年重点工作任务分解表", HEADER, *rows])
    assert caught.value.key == "plan_measure_order"
    assert caught.value.params == {"line": line, **params}


FORMS = ("none", "paren", "dot", "dash", "cell", "cell_paren", "circled")


def _measure_row(point: int, seq: int, text: str, lead: str, deadline: str, form: str, task: str) -> Block:
    number = {"none": "", "paren": f"（{seq}）", "dot": f"{point}.{seq}", "dash": f"{point}-{seq}"}.get(
        form, ""
    )
    circled = chr(ord("①") + seq - 1)
    cell = {"cell": f"{seq}.{text}", "cell_paren": f"（{seq}）{text}", "circled": circled + text}.get(
        form, text
    )
    return (number, task, cell, lead, "", deadline)


units = st.sampled_from(["组织处", "宣传处", "职成教处", "高教处", "财务处", "人事处"])
texts = st.text(alphabet="建设推进改革发展课程基地示范培训质量评价体系", min_size=2, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(texts, units, st.integers(1, 12)), min_size=0, max_size=6), min_size=1, max_size=5
    ),
    st.sampled_from(FORMS),
    st.sampled_from(["repeated", "empty"]),
)
def test_any_number_of_measure_rows_under_a_point_keep_their_order_owners_and_deadlines(
    points: list[list[tuple[str, str, int]]], form: str, merged: str
) -> None:
    """However many measure rows, however numbered, under a 重点任务 repeated or left empty."""
    blocks: list[Block] = ["2024年重点工作任务分解表", HEADER]
    for number, rows in enumerate(points, start=1):
        task = f"第{number}项重点任务"
        blocks.append((str(number), task, "", "办公室", "", "年底"))
        for seq, (text, lead, month) in enumerate(rows, start=1):
            shown = task if merged == "repeated" else ""
            row = _measure_row(number, seq, text, lead, f"{month}月底", form, shown)
            if form == "none" and merged == "repeated":
                row = (str(number), *row[1:])  # 序号 merged down too, as Word repeats it
            blocks.append(row)
    for doc in (parse_blocks(blocks), parse_plan(tabbed(blocks))):
        assert [p.number for p in doc.points] == list(range(1, len(points) + 1))
        for point, rows in zip(doc.points, points, strict=True):
            assert [(m.text, m.leads, m.deadline) for m in point.measure_owners] == [
                (text, (lead,), f"{month}月底") for text, lead, month in rows
            ]
            assert point.measures == tuple(text for text, _, _ in rows)
            assert point.lead == "办公室"


# --- cqvet load -------------------------------------------------------------------------------


def states(db: Path, on: dt.date = dt.date(2024, 3, 1)) -> list[MeasureState]:
    store = Store.open(db)
    try:
        plan = store.plan()
        return store_measures.measure_states(
            store, plan, on, store.point_states(plan, on, with_targets=False)
        )
    finally:
        store.conn.close()


def owners_and_deadlines(db: Path) -> list[tuple[object, ...]]:
    return [(m.ref, m.leads, m.supports, m.deadline, m.deadline_written) for m in states(db)]


LOADED = [
    ("1-1", ("职成教处",), ("财务处",), dt.date(2024, 6, 30), "6月底"),
    ("1-2", ("职成教处",), ("督导室",), dt.date(2024, 9, 30), "9月底"),
    ("1-3", ("职成教处",), ("财务处", "督导室"), dt.date(2024, 12, 31), "12月底"),
    ("2-1", ("产业处",), ("人事处",), dt.date(2024, 10, 31), "10月底"),
    ("2-2", ("产业处",), ("人事处", "财务处"), dt.date(2024, 12, 20), "12月20日"),
    ("3-1", ("教师处",), ("组织处",), dt.date(2024, 6, 30), "6月底"),
    ("3-2", ("教师处",), ("组织处",), dt.date(2024, 6, 30), "6月底"),
]


def test_load_records_each_measures_owners_and_deadline_and_says_so(cqvet: Run, db_path: Path) -> None:
    out = ok(cqvet("load", str(DATA / "measures-table.html")))
    assert "已导入“某区教育局2024年重点工作任务分解表”：2个部分、4项要点" in out
    assert "举措 1-2：牵头 职成教处，配合 督导室；完成时限 9月底（2024年9月30日）" in out
    assert "举措 2-2：牵头 产业处，配合 人事处、财务处；完成时限 12月20日（2024年12月20日）" in out
    assert "已按文档登记 7 项举措的责任单位或完成时限" in out
    assert owners_and_deadlines(db_path) == LOADED
    point = {row["number"]: row for row in json.loads(ok(cqvet("list", "--format", "json")))}[1]
    # The point is due when its last measure is; every office with a part in it supports it.
    assert (point["lead"], point["supports"], point["deadline"]) == (
        "职成教处",
        ["财务处", "督导室"],
        "2024-12-31",
    )


def test_undo_of_a_load_that_updated_the_plan_takes_its_measure_owners_and_deadlines_back(
    cqvet: Run, db_path: Path, tmp_path: Path
) -> None:
    """First the table with its unit and deadline cells blank, then filled in; undo leaves the first."""
    blank = [b if isinstance(b, str) or b is HEADER else (*b[:3], "", "", "") for b in MERGED]
    (tmp_path / "blank.txt").write_text(tabbed(blank), encoding="utf-8")
    (tmp_path / "filled.txt").write_text(tabbed(MERGED), encoding="utf-8")
    ok(cqvet("load", str(tmp_path / "blank.txt")))
    before = owners_and_deadlines(db_path)
    assert before == [(ref, (), (), dt.date(2024, 12, 31), "") for ref in ("1-1", "1-2", "2-1", "2-2")]
    out = ok(cqvet("load", str(tmp_path / "filled.txt")))
    assert "已更新" in out and "已按文档登记 4 项举措" in out
    assert owners_and_deadlines(db_path) == [
        ("1-1", ("职成教处",), ("财务处",), dt.date(2024, 6, 30), "6月底"),
        ("1-2", ("职成教处",), ("督导室",), dt.date(2024, 9, 30), "9月底"),
        ("2-1", ("产业处", "职成教处"), ("人事处",), dt.date(2024, 10, 31), "10月底"),
        ("2-2", ("产业处", "职成教处"), ("人事处",), dt.date(2024, 12, 31), "12月底"),
    ]
    ok(cqvet("undo", "--yes"))
    assert owners_and_deadlines(db_path) == before


def test_undo_takes_a_new_plans_measure_owners_back_and_loading_again_brings_them_back(
    cqvet: Run, loaded: Path
) -> None:
    ok(cqvet("load", str(DATA / "measures-table.html")))
    assert owners_and_deadlines(loaded) == LOADED
    ok(cqvet("undo", "--yes"))
    store = Store.open(loaded)
    try:
        live = store.conn.execute(
            "SELECT count(*) FROM measure_owners x WHERE NOT EXISTS"
            " (SELECT 1 FROM events r WHERE r.reverts = x.event_id)"
        ).fetchone()[0]
    finally:
        store.conn.close()
    assert live == 0
    out = ok(cqvet("load", str(DATA / "measures-table.html")))
    assert "已按文档登记 7 项举措" in out
    assert owners_and_deadlines(loaded) == LOADED


def test_a_reloaded_document_leaves_owners_people_recorded_since(
    cqvet: Run, db_path: Path, tmp_path: Path
) -> None:
    ok(cqvet("load", str(DATA / "measures-table.html")))
    store = Store.open(db_path)
    try:
        plan = store.plan()
        measures.assign_owner(
            store, plan, parse_item("1-2"), lead="高教处", supports=[], effective_on=None,
            author="测试", today=dt.date(2024, 3, 1),
        )  # fmt: skip
    finally:
        store.conn.close()
    corrected = tmp_path / "corrected.html"
    corrected.write_text(
        (DATA / "measures-table.html")
        .read_text(encoding="utf-8")
        .replace("督导室</td><td>9月底", "督导室</td><td>8月底"),
        encoding="utf-8",
    )
    ok(cqvet("load", str(corrected)))
    got = {m.ref: m for m in states(db_path)}
    assert (got["1-2"].leads, got["1-2"].deadline) == (("高教处",), dt.date(2024, 9, 30))


def test_a_document_with_a_measure_out_of_its_place_is_refused_and_nothing_is_written(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    rows: Sequence[Block] = [
        "2024年重点工作任务分解表",
        HEADER,
        ("1", "推进双优建设", "遴选学校", "职成教处", "", "6月底"),
        ("1.3", "", "开展评估", "督导室", "", "9月底"),
    ]
    path = tmp_path / "bad.txt"
    path.write_text(tabbed(rows), encoding="utf-8")
    before = snapshot(loaded)
    refused(cqvet("load", str(path)), 2, "第1项的举措应为第2条，这里写的是第3条")
    assert snapshot(loaded) == before
