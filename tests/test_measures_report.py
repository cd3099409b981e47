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

import datetime as dt
import gzip
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, ok

from cqvet import measures, recording
from cqvet.parsing import parse_item, parse_status, parse_weight
from cqvet.store import Store
from tests.data.pre_measures.build import FORMATS, QUARTERS, file_name, report_args

PRE_MEASURES = Path(__file__).resolve().parent / "data" / "pre_measures"
STAMP = re.compile(rb"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?")
OLD_ENV = {"CQVET_USER": "fixture", "CQVET_LANG": "zh", "CQVET_TZ": "Asia/Shanghai", "COLUMNS": "120"}


# --- a quarter by hand ----------------------------------------------------------------------------
#
# The bundled 2021 plan: 17 points, every deadline 年底 (2021-12-31) but point 17's, which is set
# to 6月30日. Expected progress (序时进度) at the end of 30 June for a year-end deadline is the
# share of the year passed: 181 / 365 = 49.589…% → 49.6; with the tolerance of 10 points a
# figure below 39.589… is behind (滞后) and one above 59.589… ahead (超前).
#
# Point-level progress through the CLI (percent on 30 June):
#   1: 20 on 25 March, then 50 | 2: 45 | 4: done (100) | 5: 20 | 6: 55 | 8: 70 | 9: 40, blocked
#   10: 50 | 12: nothing | 13: 50 | 14: 50 | 15: 50 | 16: 50 | 17: 80, due 30 June
# Measure-level, three offices (职成教处 on time, 发展规划处 behind, 督导室 silent):
#   point 3 (4 measures, all 职成教处): 60, 50, 50, 40        → (60+50+50+40)/4 = 50 → 50
#   point 7 (3 measures, three leads; 7-1 weighs 2):
#       7-1 职成教处 50, 7-2 发展规划处 30, 7-3 督导室 nothing → (50×2+30+0)/4 = 130/4 = 32.5 → 33
#   point 11 (6 measures; 11-1 and 11-2 职成教处, 11-3 发展规划处 due 6月15日, the rest the point's):
#       100 (done), 60, 20, 0, 0, 0                           → 180/6 = 30 → 30
#   财务处, which supports point 11, reports its part (40 %): point 11 stays at 30.
LEAD_POINTS = {7: "职成教处", 11: "职成教处", 3: "职成教处"}
POINT_PROGRESS = [
    # (point, percent, status, day)
    (1, 20, None, "2021-03-25"),
    (1, 50, None, "2021-06-20"),
    (2, 45, None, "2021-06-21"),
    (4, None, "已完成", "2021-06-10"),
    (5, 20, None, "2021-06-22"),
    (6, 55, None, "2021-06-23"),
    (8, 70, None, "2021-06-24"),
    (9, 40, "受阻", "2021-06-25"),
    (10, 50, None, "2021-06-26"),
    (13, 50, None, "2021-06-27"),
    (14, 50, None, "2021-06-28"),
    (15, 50, None, "2021-06-28"),
    (16, 50, None, "2021-06-29"),
    (17, 80, None, "2021-06-29"),
]
MEASURE_OWNERS = {
    "3-1": "职成教处",
    "3-2": "职成教处",
    "3-3": "职成教处",
    "3-4": "职成教处",
    "7-1": "职成教处",
    "7-2": "发展规划处",
    "7-3": "督导室",
    "11-1": "职成教处",
    "11-2": "职成教处",
    "11-3": "发展规划处",
}
MEASURE_PROGRESS = [
    # (measure, percent, status, day, note)
    ("3-1", 60, None, "2021-06-18", "已印发实施方案"),
    ("3-2", 50, None, "2021-06-18", ""),
    ("3-3", 50, None, "2021-06-18", ""),
    ("3-4", 40, None, "2021-06-18", ""),
    ("7-1", 50, None, "2021-06-28", "完成中职学校遴选初审"),
    ("7-2", 30, None, "2021-06-30", "中期绩效评价方案起草中"),
    ("11-1", None, "已完成", "2021-05-20", "已认定首批产教融合型企业"),
    ("11-2", 60, None, "2021-06-30", ""),
    ("11-3", 20, None, "2021-06-10", "实训基地建设启动"),
]


def record_quarter(cqvet: Run, db: Path) -> None:
    """The second quarter of 2021 as written out above: the CLI for points, `cqvet.measures` for
    measures (their commands are not on the command line yet)."""
    for number, lead in LEAD_POINTS.items():
        support = ["--support", "财务处"] if number == 11 else []
        ok(cqvet("owner", "set", str(number), "--lead", lead, *support))
    ok(cqvet("deadline", "set", "17", "6月30日"))
    for number, percent, status, day in POINT_PROGRESS:
        figures = (["--percent", str(percent)] if percent is not None else []) + (
            ["--status", status] if status else []
        )
        ok(cqvet("progress", "set", str(number), *figures, "--note", f"第{number}项进展", "--date", day))
    store = Store.open(db)
    try:
        plan = store.plan()
        day = dt.date(2021, 4, 1)
        for ref, lead in MEASURE_OWNERS.items():
            measures.assign_owner(
                store,
                plan,
                parse_item(ref),
                lead=lead,
                supports=[],
                effective_on=None,
                author="办公室",
                today=day,
            )
        measures.set_deadline(
            store,
            plan,
            parse_item("11-3"),
            due_on=dt.date(2021, 6, 15),
            as_written="6月15日前",
            note="",
            effective_on=None,
            author="办公室",
            today=day,
        )
        measures.set_weight(
            store,
            plan,
            parse_item("7-1"),
            weight=parse_weight("2"),
            effective_on=None,
            author="办公室",
            today=day,
        )
        for ref, percent, status, reported, note in MEASURE_PROGRESS:
            on = dt.date.fromisoformat(reported)
            measures.record_progress(
                store,
                plan,
                parse_item(ref),
                percent=percent,
                status=None if status is None else parse_status(status),
                note=note,
                reported_on=on,
                author=MEASURE_OWNERS[ref],
                today=on,
            )
        measures.record_contribution(
            store,
            plan,
            11,
            office="财务处",
            percent=40,
            note="已拨付产教融合专项资金",
            reported_on=dt.date(2021, 6, 29),
            author="财务处",
            today=dt.date(2021, 6, 29),
        )
    finally:
        store.close()


@pytest.fixture
def quarter(cqvet: Run, loaded: Path) -> Path:
    """The plan with the second quarter of 2021 recorded as written out above."""
    record_quarter(cqvet, loaded)
    return loaded


def test_a_quarter_with_measures_reports_the_figures_worked_out_by_hand(cqvet: Run, quarter: Path) -> None:
    report = json.loads(ok(cqvet("report", "--quarter", "2021Q2", "--format", "json")))
    points = {p["number"]: p for p in report["points"]}
    # Rolled up from their measures (the arithmetic above); the rest as reported.
    assert points[3]["percent"] == 50
    assert points[7]["percent"] == 33  # (50×2+30+0)/4 = 32.5 → 33, half up
    assert points[11]["percent"] == 30  # (100+60+20+0+0+0)/6 = 30; 财务处's 40 % is its own part only
    assert points[7]["status"] == points[11]["status"] == "in_progress"
    assert points[7]["expected"] == 49.6  # 181/365 = 49.589… → 49.6
    health = {n: p["health"] for n, p in points.items()}
    assert health == {
        1: "on_track", 2: "on_track", 3: "on_track", 4: "done", 5: "behind", 6: "on_track",
        7: "behind",  # 33 < 49.589 − 10
        8: "ahead", 9: "blocked", 10: "on_track",
        11: "behind",  # 30 < 39.589
        12: "behind", 13: "on_track", 14: "on_track", 15: "on_track", 16: "on_track",
        17: "overdue",  # 80 % at the end of its deadline day
    }  # fmt: skip
    # Whole plan: 50+45+50+100+20+55+33+70+40+50+30+0+50+50+50+50+80 = 823; 823/17 = 48.41… → 48.4
    assert report["summary"] == {
        "points": 17, "done": 1, "ahead": 1, "on_track": 9, "not_started": 0, "behind": 4,
        "blocked": 1, "overdue": 1, "mean_percent": 48.4, "done_share": 0.0588,  # 1/17
    }  # fmt: skip
    # Since 31 March (point 1 at 20): (823 − 20)/17 = 47.23… → +47.2, from the exact means.
    assert report["change"] == {"mean_percent": 47.2, "done": 1}
    sections = {s["seq"]: s["summary"] for s in report["sections"]}
    assert sections[1]["mean_percent"] == 47.5  # (50+45)/2
    assert sections[2]["mean_percent"] == 56.7  # (50+100+20)/3 = 56.66…
    assert sections[3]["mean_percent"] == 49.5  # points 6-9: (55+33+70+40)/4
    assert sections[4]["mean_percent"] == 32.5  # points 10-13: (50+30+0+50)/4
    assert sections[6]["mean_percent"] == 65  # (50+80)/2
    assert (sections[3]["on_track"], sections[3]["behind"], sections[3]["ahead"], sections[3]["blocked"]) == (
        1, 1, 1, 1,
    )  # fmt: skip
    assert (sections[4]["on_track"], sections[4]["behind"]) == (2, 2)
    # Needing attention: overdue, blocked, then behind, each by number.
    assert report["attention"] == [17, 9, 5, 7, 11, 12]
    # Behind points 7 and 11, their measures: which office is late on which.
    measures_of = {
        n: [(m["ref"], m["lead"], m["percent"], m["health"]) for m in p["measures"]]
        for n, p in points.items()
    }
    assert measures_of[7] == [
        ("7-1", "职成教处", 50, "on_track"),
        ("7-2", "发展规划处", 30, "behind"),
        ("7-3", "督导室", 0, "behind"),  # silent: 0 against 49.6
    ]
    assert measures_of[11] == [
        ("11-1", "职成教处", 100, "done"),
        ("11-2", "职成教处", 60, "ahead"),  # 60 > 59.589
        ("11-3", "发展规划处", 20, "overdue"),  # due 15 June
        ("11-4", "职成教处", 0, "behind"),  # no owners of its own: the point's lead answers
        ("11-5", "职成教处", 0, "behind"),
        ("11-6", "职成教处", 0, "behind"),
    ]
    seven = points[7]["measures"]
    assert [m["weight"] for m in seven] == [2, 1, 1]
    assert seven[1]["sheet_ref"] == "7（2）" and seven[1]["note"] == "中期绩效评价方案起草中"
    eleven = points[11]["measures"]
    assert eleven[2]["deadline"] == "2021-06-15" and eleven[2]["deadline_as_written"] == "6月15日前"
    assert eleven[2]["expected"] == 100 and not eleven[2]["deadline_is_default"]
    assert eleven[3]["owners_default"] and eleven[3]["supports"] == ["财务处"]
    assert len(points[3]["measures"]) == 4  # tracked, though point 3 is on track
    assert points[12]["measures"] == [] and points[1]["measures"] == []


def test_the_csv_of_a_quarter_with_measures_gives_each_points_measures_in_one_cell(
    cqvet: Run, quarter: Path
) -> None:
    import csv

    text = ok(cqvet("report", "--quarter", "2021Q2", "--format", "csv"))
    rows = {row["number"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    assert rows["7"]["measures"].splitlines() == [
        "7（1） 职成教处 50%（序时进度49.6%）序时推进",
        "7（2） 发展规划处 30%（序时进度49.6%）滞后",
        "7（3） 督导室 0%（序时进度49.6%）滞后",
    ]
    assert rows["12"]["measures"] == ""
    assert rows["11"]["percent"] == "30"


def test_the_excel_report_lists_the_measures_behind_the_points_needing_attention(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "q2.xlsx"
    ok(cqvet("report", "--quarter", "2021Q2", "--output", str(path)))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["汇总", "重点工作", "需关注事项举措"]
    sheet = workbook["需关注事项举措"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0] == (
        "所属重点工作",
        "序号",
        "举措",
        "牵头单位",
        "配合单位",
        "完成时限",
        "进度",
        "序时进度",
        "进展评价",
        "说明",
    )
    # Point 7's measures, then point 11's (the attention order: both behind, by number).
    assert [(r[0], r[1], r[3], r[6], r[8]) for r in rows[1:]] == [
        (7, "7（1）", "职成教处", 50, "序时推进"),
        (7, "7（2）", "发展规划处", 30, "滞后"),
        (7, "7（3）", "督导室", 0, "滞后"),
        (11, "11（1）", "职成教处", 100, "已完成"),
        (11, "11（2）", "职成教处", 60, "超前"),
        (11, "11（3）", "发展规划处", 20, "逾期"),
        (11, "11（4）", "职成教处（同重点工作）", 0, "滞后"),
        (11, "11（5）", "职成教处（同重点工作）", 0, "滞后"),
        (11, "11（6）", "职成教处（同重点工作）", 0, "滞后"),
    ]
    overdue = rows[6]
    assert overdue[5] == dt.datetime(2021, 6, 15) and overdue[7] == 100 and overdue[9] == "实训基地建设启动"
    assert rows[2][7] == 49.6  # a number, as every percentage in the workbook
    points = workbook["重点工作"]
    assert [c.value for c in points["H"]][1:18][6] == 33  # point 7's rolled-up percent


def test_the_word_report_lists_the_measures_behind_each_point_and_an_appendix_of_every_measure(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    from docx import Document

    path = tmp_path / "q2.docx"
    ok(cqvet("report", "--quarter", "2021Q2", "--output", str(path), "--dated", "2021-07-05"))
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    assert "7. 涉及举措" in paragraphs and "11. 涉及举措" in paragraphs
    appendix = paragraphs.index("附件：各项重点工作举措推进情况")
    assert appendix > paragraphs.index("2021年7月5日")  # after the 成文日期, as a 附件 is
    assert paragraphs[appendix + 1 :] == [
        "3. 开展国家职业教育改革创新发展试点（50%，序时推进）",
        "7. 实施“双高”“双优”领航计划（33%，滞后）",
        "11. 深化产教融合、校企合作（30%，滞后）",
    ]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    behind_seven = next(t for t in tables if t[0][1] == "举措" and t[1][0] == "7（1）" and len(t[0]) == 7)
    assert [(r[0], r[2], r[4], r[6]) for r in behind_seven[1:]] == [
        ("7（1）", "职成教处", "50%", "序时推进"),
        ("7（2）", "发展规划处", "30%", "滞后"),
        ("7（3）", "督导室", "0%", "滞后"),
    ]
    annexed = [t for t in tables if t[0][-1] == "说明"]
    assert [len(t) - 1 for t in annexed] == [4, 7 - 4, 6]  # point 3's four, 7's three, 11's six
    assert annexed[1][2][7] == "中期绩效评价方案起草中"
    assert annexed[2][3][3] == "6月15日" and annexed[2][3][6] == "逾期"
    assert annexed[2][4][2] == "职成教处（配合：财务处）（同重点工作）"


def test_the_html_markdown_and_terminal_reports_list_the_measures_behind_the_points(
    cqvet: Run, quarter: Path
) -> None:
    html = ok(cqvet("report", "--quarter", "2021Q2", "--format", "html"))
    assert html.count("涉及举措") == 2
    assert "附件：各项重点工作举措推进情况" in html
    appendix = html[html.index("附件：") :]
    assert [ref for ref in re.findall(r'<td class="num">(\d+（\d）)</td>', appendix)] == [
        *(f"3（{i}）" for i in range(1, 5)),
        *(f"7（{i}）" for i in range(1, 4)),
        *(f"11（{i}）" for i in range(1, 7)),
    ]
    assert '<td class="center h-overdue">逾期</td>' in appendix
    markdown = ok(cqvet("report", "--quarter", "2021Q2", "--format", "md"))
    assert "  - 7（2） 对国家级“双高计划”高职院校开展项目中期绩效管理和评价（发展规划处）" in markdown
    assert "完成时限6月15日，进度20%，序时进度100%，逾期。" in markdown
    screen = ok(cqvet("report", "--quarter", "2021Q2"))
    assert "7. 涉及举措" in screen and "11. 涉及举措" in screen and "3. 涉及举措" not in screen
    assert re.search(
        r"│ 7-2 +│ 对国家级“双高计划”高职院校开展项目中期… +│ 发展规划处 +"
        r"│ [^│]*12月31日 +│ 30%/49.6% +│ 滞后",
        screen,
    )


@pytest.mark.parametrize("width", [60, 89, 120, 200])
def test_the_measures_on_screen_fit_the_terminal_folding_lead_and_deadline_when_narrow(
    cqvet: Run, quarter: Path, width: int
) -> None:
    from rich.cells import cell_len

    screen = ok(cqvet("report", "--quarter", "2021Q2", env={"COLUMNS": str(width)}))
    assert max(cell_len(line) for line in screen.splitlines()) <= width
    measures = screen[screen.index("7. 涉及举措") : screen.index("分部分完成情况")]
    assert "7-3" in measures and "11-6" in measures and "督导室" in measures
    folded = "牵头单位：发展规划处" in measures
    assert folded == (width < 90)


def test_a_report_of_a_quarter_before_any_measure_was_reported_lists_none(cqvet: Run, quarter: Path) -> None:
    """Q1: the measures' owners count from the plan's start, so the owned ones are listed, but no
    point rolls up before its first measure update (point 7 reads its own 0 %)."""
    report = json.loads(ok(cqvet("report", "--quarter", "2021Q1", "--format", "json")))
    points = {p["number"]: p for p in report["points"]}
    assert points[7]["percent"] == 0 and points[1]["percent"] == 20
    assert [m["percent"] for m in points[7]["measures"]] == [0, 0, 0]


def test_the_report_json_says_which_measure_a_note_comes_from(cqvet: Run, loaded: Path) -> None:
    """A measure's note names its measure under `measure` (its text keeps its `7-2：` prefix and its
    percent is the measure's); a point's own note, on the same point or another, has null."""
    ok(cqvet("progress", "set", "7-2", "--percent", "30", "--note", "方案起草中", "--date", "2021-05-10"))
    ok(cqvet("progress", "set", "7", "--note", "召开推进会", "--date", "2021-06-01"))
    ok(cqvet("progress", "set", "1", "--percent", "45", "--note", "已印发方案", "--date", "2021-06-02"))
    report = json.loads(ok(cqvet("report", "--quarter", "2021Q2", "--format", "json")))
    points = {p["number"]: p for p in report["points"]}
    assert [(n["measure"], n["note"], n["percent"]) for n in points[7]["notes"]] == [
        ("7-2", "7-2：方案起草中", 30),
        (None, "召开推进会", 10),  # a note alone on a rolled-up point: the point's figure of its day
    ]
    assert points[7]["percent"] == 10  # (0 + 30 + 0) / 3, the roll-up: not the note's 30
    assert [(n["measure"], n["note"], n["percent"]) for n in points[1]["notes"]] == [(None, "已印发方案", 45)]


def test_a_report_that_tracks_no_measure_has_no_measure_key_on_its_notes(cqvet: Run, loaded: Path) -> None:
    """Reports without measures keep their keys (byte for byte, as the old cqvet wrote them)."""
    ok(cqvet("progress", "set", "1", "--percent", "45", "--note", "已印发方案", "--date", "2021-06-02"))
    report = json.loads(ok(cqvet("report", "--quarter", "2021Q2", "--format", "json")))
    (note,) = next(p for p in report["points"] if p["number"] == 1)["notes"]
    assert "measure" not in note and note["note"] == "已印发方案"


def _every_format(cqvet: Run, tmp_path: Path, name: str) -> dict[str, Any]:
    """The Q2 report in all seven formats, stamps masked (zip members apart for xlsx and docx)."""
    found: dict[str, Any] = {}
    for fmt in FORMATS:
        if fmt in ("xlsx", "docx"):
            target = tmp_path / f"{name}.{fmt}"
            ok(cqvet("report", "--quarter", "2021Q2", "--dated", "2021-07-05", "--output", str(target)))
            found[fmt] = members(target.read_bytes())
        else:
            args = ("report", "--quarter", "2021Q2", "--dated", "2021-07-05", "--format", fmt)
            found[fmt] = unstamped(ok(cqvet(*args)).encode("utf-8"))
    return found


def test_a_measure_assignment_undone_leaves_every_format_of_the_report_as_it_was(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    """Rows in the measure tables that no longer count (undone) list nothing: the report of a
    plan whose measures are not tracked is the one it was, byte for byte."""
    ok(cqvet("owner", "set", "7", "--lead", "职成教处"))
    ok(cqvet("progress", "set", "7", "--percent", "20", "--date", "2021-06-30"))
    before = _every_format(cqvet, tmp_path, "before")
    store = Store.open(loaded)
    try:
        recorded = measures.assign_owner(
            store,
            store.plan(),
            parse_item("7-2"),
            lead="发展规划处",
            supports=[],
            effective_on=None,
            author="tester",
            today=dt.date(2021, 4, 1),
        )
        assigned = json.loads(ok(cqvet("report", "--quarter", "2021Q2", "--format", "json")))
        leads = [m["lead"] for m in assigned["points"][6]["measures"]]
        assert leads == ["职成教处", "发展规划处", "职成教处"]  # 7-1 and 7-3: the point's lead answers
        assert _every_format(cqvet, tmp_path, "assigned") != before
        # `cqvet undo` of a measure's event is the measures CLI's (m1); the rule is recording.undo's.
        recording.undo(store, recorded.event_id, author="tester")
    finally:
        store.close()
    assert _every_format(cqvet, tmp_path, "after") == before


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
