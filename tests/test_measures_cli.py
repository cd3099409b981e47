"""Measures (举措) on the command line (issue 15, items 1, 3 and 4): `7-2` wherever a point is
accepted, a supporting office's own part (`progress set 7 --office`), `measure weight`, undo of
every new kind of change, and the views (`list --measures`, `show`, `progress log`, `due`,
`owner list`) at measure level."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, refused, snapshot
from hypothesis import given
from hypothesis import strategies as st

from cqvet.errors import CqvetError
from cqvet.parsing import ItemRef, parse_item

Run = Callable[..., Any]


@pytest.fixture
def staffed(cqvet: Run, loaded: Path) -> Path:
    """Point 7 led by 职成教处 with 高教处 and 财务处 supporting; its measure 7-2 led by 高教处."""
    ok(cqvet("owner", "set", "7", "--lead", "职成教处", "--support", "高教处", "--support", "财务处"))
    ok(cqvet("owner", "set", "7-2", "--lead", "高教处", "--support", "发展规划处"))
    ok(cqvet("deadline", "set", "7", "年底前"))
    return loaded


@pytest.fixture
def rolled(cqvet: Run, staffed: Path) -> Path:
    """Point 7 rolled up: 7-1 at 40 % and 7-2 at 10 % on 30 June, 7-3 not reported."""
    ok(cqvet("progress", "set", "7-1", "--percent", "40", "--date", "2021-06-30", "--note", "遴选完成"))
    ok(cqvet("progress", "set", "7-2", "--percent", "10", "--date", "2021-06-30", "--note", "中期评价启动"))
    return staffed


# --- naming an item ---------------------------------------------------------------------------


@given(st.integers(1, 999), st.one_of(st.none(), st.integers(1, 999)))
def test_an_item_written_as_its_str_reads_back_as_itself(number: int, measure: int | None) -> None:
    item = ItemRef(number, measure)
    assert parse_item(str(item)) == item


@given(st.integers(1, 999), st.integers(1, 999))
def test_the_full_width_and_half_width_bracket_forms_name_the_same_measure_as_the_dash(
    number: int, measure: int
) -> None:
    assert (
        parse_item(f"{number}（{measure}）")
        == parse_item(f"{number}({measure})")
        == parse_item(f"{number}-{measure}")
    )


@given(st.integers(0, 99999), st.integers(0, 99999))
def test_a_dotted_number_is_always_refused_as_a_target_ref(number: int, seq: int) -> None:
    with pytest.raises(CqvetError) as caught:
        parse_item(f"{number}.{seq}")
    assert caught.value.key == "item_is_target_ref"


@pytest.mark.parametrize("written", ["7-2", "7（2）", "7(2)", " 7 - 2 "])
def test_progress_set_takes_a_measure_in_every_written_form(cqvet: Run, staffed: Path, written: str) -> None:
    out = ok(cqvet("progress", "set", written, "--percent", "30", "--date", "2021-06-30"))
    assert "已记录举措7-2：30%，推进中（2021-06-30" in out
    assert "第7项按举措汇总为10%" in out  # (0 + 30 + 0) / 3


@pytest.mark.parametrize(
    "args",
    [
        ("progress", "set", "7.2", "--percent", "30"),
        ("owner", "set", "7.2", "--lead", "高教处"),
        ("deadline", "set", "7.2", "9月底"),
        ("show", "7.2"),
        ("progress", "log", "7.2"),
        ("measure", "weight", "7.2", "2"),
    ],
)
def test_a_target_ref_in_an_item_position_is_refused_with_the_measure_form(
    cqvet: Run, staffed: Path, args: tuple[str, ...]
) -> None:
    before = snapshot(staffed)
    refused(cqvet(*args), 2, "“7.2”是量化指标的写法", "举措请写 7-2")
    assert snapshot(staffed) == before


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("progress", "set", "7-9", "--percent", "30"), 2, "第7项没有举措（9）（该项共3条举措）"),
        (("progress", "set", "7-x", "--percent", "30"), 2, "不是工作要点或举措的编号"),
        (("progress", "set", "99-1", "--percent", "30"), 2, "没有第99项工作要点"),
        (("owner", "set", "7-9", "--lead", "高教处"), 2, "第7项没有举措（9）"),
        (("deadline", "set", "7-9", "9月底"), 2, "第7项没有举措（9）"),
        (("measure", "weight", "7-9", "2"), 2, "第7项没有举措（9）"),
    ],
)
def test_a_measure_that_does_not_exist_is_refused_and_nothing_is_written(
    cqvet: Run, staffed: Path, args: tuple[str, ...], code: int, fragment: str
) -> None:
    before = snapshot(staffed)
    refused(cqvet(*args), code, fragment)
    assert snapshot(staffed) == before


# --- recording on a measure -------------------------------------------------------------------


def test_owner_set_and_deadline_set_on_a_measure_confirm_with_its_ref(cqvet: Run, staffed: Path) -> None:
    out = ok(cqvet("owner", "set", "7-3", "--lead", "职成教处", "--support", "财务处"))
    assert out.startswith("已指定举措7-3责任单位：牵头：职成教处；配合：财务处（自2021-01-01起")
    out = ok(cqvet("deadline", "set", "7（3）", "三季度末"))
    assert out.startswith("已设定举措7-3完成时限：2021年9月30日（三季度末")


def test_a_contact_or_leader_on_a_measure_is_refused_as_belonging_to_the_point(
    cqvet: Run, staffed: Path
) -> None:
    before = snapshot(staffed)
    refused(cqvet("owner", "set", "7-3", "--lead", "高教处", "--leader", "张主任"), 2, "请在第7项上设定")
    assert snapshot(staffed) == before


def test_a_percent_on_a_rolled_up_point_is_refused_with_the_hint(cqvet: Run, rolled: Path) -> None:
    before = snapshot(rolled)
    refused(
        cqvet("progress", "set", "7", "--percent", "50"),
        2,
        "第7项的进度由其举措汇总，不能直接设定",
        "cqvet progress set 7-1 --percent 60",
    )
    refused(
        cqvet("--lang", "en", "progress", "set", "7", "--status", "done"),
        2,
        "takes its percent from its measures",
    )
    assert snapshot(rolled) == before


def test_a_note_on_a_rolled_up_point_is_still_recorded(cqvet: Run, rolled: Path) -> None:
    assert "已记录第7项" in ok(
        cqvet("progress", "set", "7", "--note", "整体推进顺利", "--date", "2021-06-30")
    )


def test_a_lower_percent_on_a_measure_needs_correct(cqvet: Run, rolled: Path) -> None:
    before = snapshot(rolled)
    refused(cqvet("progress", "set", "7-1", "--percent", "20", "--date", "2021-07-01"), 2, "40")
    assert snapshot(rolled) == before
    assert "已记录举措7-1：20%" in ok(
        cqvet("progress", "set", "7-1", "--percent", "20", "--date", "2021-07-01", "--correct")
    )


# --- a supporting office's own part ---------------------------------------------------------


def test_a_supporting_office_reports_a_contribution_that_leaves_the_point_alone(
    cqvet: Run, staffed: Path
) -> None:
    ok(cqvet("progress", "set", "7", "--percent", "20", "--date", "2021-06-01"))
    out = ok(
        cqvet(
            "progress",
            "set",
            "7",
            "--office",
            "财务处",
            "--percent",
            "30",
            "--note",
            "资金已下达",
            "--date",
            "2021-06-30",
        )
    )
    assert out.startswith("已记录配合单位报送：财务处，第7项，本单位承担部分30%（2021-06-30")
    assert "不改变第7项的进度" in out
    record = json.loads(ok(cqvet("show", "7", "--format", "json")))
    assert record["percent"] == 20
    assert [(c["office"], c["percent"], c["note"]) for c in record["contributions"]] == [
        ("财务处", 30, "资金已下达")
    ]


def test_the_lead_office_with_office_records_the_points_own_progress(cqvet: Run, staffed: Path) -> None:
    out = ok(cqvet("progress", "set", "7", "--office", "职成教处", "--percent", "35", "--date", "2021-06-30"))
    assert out.startswith("已记录第7项：35%，推进中")


def test_an_office_that_leads_a_measure_may_report_it_and_contribute_to_the_point(
    cqvet: Run, staffed: Path
) -> None:
    ok(cqvet("progress", "set", "7-2", "--office", "高教处", "--percent", "50", "--date", "2021-06-30"))
    out = ok(
        cqvet(
            "progress",
            "set",
            "7",
            "--office",
            "发展规划处",
            "--note",
            "已配合完成评审",
            "--date",
            "2021-06-30",
        )
    )
    assert "已记录配合单位报送：发展规划处，第7项（2021-06-30" in out


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--office", "财务处", "--status", "done", "--note", "x"), ("不能设定第7项的状态",)),
        (("--office", "组织处", "--note", "x"), ("组织处不是第7项的配合单位", "配合单位：高教处、财务处")),
        (("--office", "财务处"), ("请至少给出 --percent、--status 或 --note 之一",)),
        (("--office", "  ", "--note", "x"), ("单位名称不能为空",)),
    ],
)
def test_a_contribution_that_cannot_be_recorded_is_refused(
    cqvet: Run, staffed: Path, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    before = snapshot(staffed)
    refused(cqvet("progress", "set", "7", *args), 2, *fragments)
    assert snapshot(staffed) == before


def test_an_office_that_does_not_lead_a_measure_is_sent_to_the_point(cqvet: Run, staffed: Path) -> None:
    before = snapshot(staffed)
    refused(
        cqvet("progress", "set", "7-2", "--office", "财务处", "--percent", "10"),
        2,
        "财务处不牵头举措7-2（牵头单位：高教处）",
        "cqvet progress set 7 --office 财务处",
    )
    assert snapshot(staffed) == before


def test_an_office_reporting_on_a_point_the_plan_lacks_is_told_so_in_one_line(
    cqvet: Run, staffed: Path
) -> None:
    """Found by the command-line fuzz test: `--office` looked the point up before checking it exists."""
    before = snapshot(staffed)
    refused(
        cqvet("progress", "set", "18", "--office", "财务处", "--note", "x"),
        2,
        "没有第18项工作要点（本计划共17项）",
    )
    refused(
        cqvet("progress", "set", "18-1", "--office", "财务处", "--percent", "10"), 2, "没有第18项工作要点"
    )
    assert snapshot(staffed) == before


# --- weights ----------------------------------------------------------------------------------


def test_a_weight_moves_the_points_rolled_up_percent(cqvet: Run, rolled: Path) -> None:
    assert json.loads(ok(cqvet("show", "7", "--format", "json")))["percent"] == 17  # (40 + 10 + 0) / 3
    out = ok(cqvet("measure", "weight", "7-1", "2"))
    assert out.startswith("已设定举措7-1在第7项汇总中的权重：2（自2021-01-01起")
    assert json.loads(ok(cqvet("show", "7", "--format", "json")))["percent"] == 23  # (80 + 10 + 0) / 4


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("7-1", "0"), "权重“0”无效"),
        (("7-1", "abc"), "权重“abc”无效"),
        (("7-1", "1001"), "权重“1001”无效"),
        (("7", "2"), "“7”是工作要点；权重设在举措上"),
    ],
)
def test_a_bad_weight_is_refused_and_nothing_is_written(
    cqvet: Run, staffed: Path, args: tuple[str, ...], fragment: str
) -> None:
    before = snapshot(staffed)
    refused(cqvet("measure", "weight", *args), 2, fragment)
    assert snapshot(staffed) == before


# --- undo -------------------------------------------------------------------------------------


def test_undo_tells_and_reverts_each_kind_of_measure_change(cqvet: Run, staffed: Path) -> None:
    ok(cqvet("deadline", "set", "7-2", "9月底"))
    ok(cqvet("progress", "set", "7-1", "--percent", "40", "--date", "2021-06-30", "--note", "遴选完成"))
    ok(cqvet("progress", "set", "7", "--office", "财务处", "--percent", "30", "--date", "2021-06-30"))
    ok(cqvet("measure", "weight", "7-1", "2"))
    told = [
        "撤销：举措7-1权重 2（自2021年1月1日起，tester于",
        "撤销：配合单位报送：财务处，第7项，本单位承担部分30%（2021年6月30日，tester于",
        "撤销：举措7-1进度 40%（推进中，2021年6月30日，tester于",
        "撤销：举措7-2完成时限 2021年9月30日（原文“9月底”，tester于",
        "撤销：第7项完成时限 2021年12月31日（原文“年底前”，tester于",
        "撤销：举措7-2责任单位：牵头单位高教处，配合单位发展规划处（自2021年1月1日起，tester于",
    ]
    for expected in told:
        out = ok(cqvet("undo", "--yes"))
        assert out.startswith(expected), out
    record = json.loads(ok(cqvet("show", "7", "--format", "json")))
    assert record["percent"] == 0
    assert [(c["office"], c["reverted"]) for c in record["contributions"]] == [("财务处", True)]
    assert [m["lead"] for m in record["measure_states"]] == [None, None, None]


# --- show -------------------------------------------------------------------------------------


def test_show_lists_each_measure_with_its_owners_deadline_percent_and_health(
    cqvet: Run, rolled: Path
) -> None:
    ok(cqvet("deadline", "set", "7-2", "9月底"))
    out = ok(cqvet("show", "7", "--as-of", "2021-07-01"))
    lines = out.splitlines()
    row = next(line for line in lines if line.startswith("│  7-2 │"))
    for cell_text in ("高教处", "发展规划处", "2021年9月30日", "10%", "滞后"):
        assert cell_text in row, (cell_text, row)
    row = next(line for line in lines if line.startswith("│  7-1 │"))
    for cell_text in ("2021年12月31日（同要点）", "40%", "序时推进"):
        assert cell_text in row, (cell_text, row)
    assert "进度：17%  推进中" in out
    assert "按举措汇总：加权平均" in out


def test_show_of_a_point_whose_measures_are_not_reported_names_no_roll_up(cqvet: Run, staffed: Path) -> None:
    out = ok(cqvet("show", "7"))
    assert "│  7-2 │" in out and "按举措汇总" not in out


def test_show_lists_contributions_by_office_newest_first(cqvet: Run, staffed: Path) -> None:
    ok(cqvet("progress", "set", "7", "--office", "财务处", "--note", "资金已下达", "--date", "2021-05-31"))
    ok(
        cqvet(
            "progress",
            "set",
            "7",
            "--office",
            "高教处",
            "--percent",
            "60",
            "--note",
            "评审完成",
            "--date",
            "2021-06-30",
        )
    )
    out = ok(cqvet("show", "7"))
    table = out[out.index("配合单位报送") :]
    assert table.index("高教处") < table.index("财务处")
    assert "│  60% │ 评审完成" in table
    as_of_may = ok(cqvet("show", "7", "--as-of", "2021-06-01"))
    assert "资金已下达" in as_of_may and "评审完成" not in as_of_may


def test_show_as_of_a_day_before_the_measures_were_reported_reads_as_it_did(cqvet: Run, rolled: Path) -> None:
    record = json.loads(ok(cqvet("show", "7", "--as-of", "2021-06-29", "--format", "json")))
    assert record["rolled_up"] is False
    assert [m["percent"] for m in record["measure_states"]] == [0, 0, 0]
    record = json.loads(ok(cqvet("show", "7", "--as-of", "2021-06-30", "--format", "json")))
    assert record["rolled_up"] is True
    assert [(m["ref"], m["sheet_ref"], m["percent"]) for m in record["measure_states"]] == [
        ("7-1", "7（1）", 40),
        ("7-2", "7（2）", 10),
        ("7-3", "7（3）", 0),
    ]


def test_show_of_a_measure_gives_it_whole_with_its_histories(cqvet: Run, rolled: Path) -> None:
    ok(cqvet("deadline", "set", "7-2", "9月底"))
    ok(cqvet("progress", "set", "7-2", "--percent", "30", "--date", "2021-07-15", "--note", "评价过半"))
    out = ok(cqvet("show", "7（2）", "--as-of", "2021-07-31"))
    assert "举措7-2" in out and "第7项：实施“双高”“双优”领航计划" in out
    assert "牵头单位：高教处" in out and "配合单位：发展规划处" in out
    assert "进度：30%  推进中" in out
    assert "评价过半" in out and "中期评价启动" in out
    assert "2021年9月30日（9月底）" in out  # the deadline history
    record = json.loads(ok(cqvet("show", "7-2", "--as-of", "2021-07-01", "--format", "json")))
    assert (record["ref"], record["percent"], record["lead"]) == ("7-2", 10, "高教处")
    assert [e["note"] for e in record["progress_history"]] == ["中期评价启动"]
    assert [e["measure"] for e in record["progress_history"]] == ["7-2"]
    assert [d["as_written"] for d in record["deadline_history"]] == ["9月底"]


def test_show_of_a_measure_refuses_csv_and_writes_nothing(cqvet: Run, rolled: Path) -> None:
    before = snapshot(rolled)
    refused(cqvet("show", "7-2", "--format", "csv"), 2, "csv")
    assert snapshot(rolled) == before


# --- progress log -----------------------------------------------------------------------------


def test_progress_log_of_a_point_lists_its_own_and_its_measures_updates_newest_first(
    cqvet: Run, rolled: Path
) -> None:
    ok(cqvet("progress", "set", "7", "--note", "整体推进", "--date", "2021-07-02"))
    ok(cqvet("progress", "set", "7-1", "--percent", "50", "--date", "2021-07-01"))
    ok(cqvet("progress", "set", "8", "--percent", "5", "--date", "2021-07-03"))
    records = json.loads(ok(cqvet("progress", "log", "7", "--format", "json")))
    assert [(r["point"], r["measure"], r["reported_on"]) for r in records] == [
        (7, None, "2021-07-02"),
        (7, "7-1", "2021-07-01"),
        (7, "7-2", "2021-06-30"),
        (7, "7-1", "2021-06-30"),
    ]
    assert len(json.loads(ok(cqvet("progress", "log", "--format", "json")))) == 5
    assert len(json.loads(ok(cqvet("progress", "log", "--limit", "2", "--format", "json")))) == 2
    out = ok(cqvet("progress", "log", "7"))
    assert re.search(r"│ +7-1 │ 2021-07-01 │", out) and re.search(r"│ +7 │ 2021-07-02 │", out)


def test_progress_log_of_a_measure_lists_only_its_updates_and_csv_names_it_as_excel_keeps_it(
    cqvet: Run, rolled: Path
) -> None:
    records = json.loads(ok(cqvet("progress", "log", "7-2", "--format", "json")))
    assert [(r["measure"], r["percent"]) for r in records] == [("7-2", 10)]
    text = ok(cqvet("progress", "log", "7-1", "--format", "csv")).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["point"], row["measure"], row["percent"]) for row in rows] == [("7", "7（1）", "40")]


def test_progress_log_without_measure_progress_has_a_null_measure_key(cqvet: Run, staffed: Path) -> None:
    ok(cqvet("progress", "set", "7", "--percent", "10", "--date", "2021-06-30"))
    records = json.loads(ok(cqvet("progress", "log", "--format", "json")))
    assert [(r["point"], r["measure"]) for r in records] == [(7, None)]


def test_progress_log_of_a_measure_that_does_not_exist_is_refused(cqvet: Run, rolled: Path) -> None:
    refused(cqvet("progress", "log", "7-8"), 2, "第7项没有举措（8）")


# --- list --measures --------------------------------------------------------------------------


def test_list_without_measures_is_unchanged(cqvet: Run, rolled: Path) -> None:
    out = ok(cqvet("list"))
    assert "7-1" not in out
    assert "measures" not in json.loads(ok(cqvet("list", "--format", "json")))[0]


@pytest.mark.parametrize("width", ["80", "120"])
def test_list_with_measures_puts_each_measure_under_its_point_lined_up(
    cqvet: Run, rolled: Path, width: str
) -> None:
    out = ok(cqvet("list", "--measures", "--as-of", "2021-07-01", env={"COLUMNS": width}))
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= int(width)
    from rich.cells import cell_len

    table = [line for line in lines if line.startswith(("│", "┌", "├", "└"))]
    assert len({cell_len(line) for line in table}) == 1  # every row as wide as the frame, CJK counted twice
    starts = [
        i for i, line in enumerate(lines) if line.startswith(("│    7 │", "│  7-1 │", "│  7-2 │", "│  7-3 │"))
    ]
    assert len(starts) == 4 and starts == sorted(starts)
    row = lines[starts[2]]
    assert "10%" in row and "推进中" in row and "高教处" in row


def test_list_with_measures_in_json_and_csv(cqvet: Run, rolled: Path) -> None:
    records = json.loads(ok(cqvet("list", "--measures", "--format", "json")))
    seven = next(r for r in records if r["number"] == 7)
    assert [(m["ref"], m["percent"], m["lead"]) for m in seven["measures"]] == [
        ("7-1", 40, None),
        ("7-2", 10, "高教处"),
        ("7-3", 0, None),
    ]
    text = ok(cqvet("list", "--measures", "--format", "csv")).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    sevens = [(r["number"], r["measure"], r["percent"]) for r in rows if r["number"] == "7"]
    assert sevens == [("7", "", "17"), ("7", "7（1）", "40"), ("7", "7（2）", "10"), ("7", "7（3）", "0")]


# --- due and owner list -----------------------------------------------------------------------


def test_due_lists_measures_with_their_own_deadline_and_office(cqvet: Run, rolled: Path) -> None:
    ok(cqvet("deadline", "set", "7-2", "9月底"))
    out = ok(cqvet("due", "--as-of", "2021-09-15"))
    section = out[out.index("即将到期的举措（30天内）") :]
    row = next(line for line in section.splitlines() if line.startswith("│  7-2 │"))
    for cell_text in ("9月30日", "15", "高教处", "10%", "滞后"):
        assert cell_text in row, (cell_text, row)
    late = ok(cqvet("due", "--as-of", "2021-10-08"))
    assert "已逾期的举措" in late and "即将到期的举措" not in late
    records = json.loads(ok(cqvet("due", "--as-of", "2021-10-08", "--format", "json")))
    assert [(r["number"], r["measure"], r["days_left"], r["overdue"], r["lead"]) for r in records] == [
        (7, "7-2", -8, True, "高教处")
    ]


def test_due_names_a_measure_7_2_in_json_and_7_full_width_bracket_2_in_csv(cqvet: Run, rolled: Path) -> None:
    """JSON names a measure as the command line does, as `progress log` and `list --measures` do;
    CSV as a 任务分解表 does, because Excel reads `7-2` as a date."""
    ok(cqvet("deadline", "set", "7-2", "9月底"))
    ok(cqvet("deadline", "set", "3", "9月20日"))
    text_of_7_2 = json.loads(ok(cqvet("show", "7-2", "--format", "json")))["text"]
    records = json.loads(ok(cqvet("due", "--as-of", "2021-09-15", "--format", "json")))
    assert [(r["number"], r["measure"]) for r in records] == [(3, None), (7, "7-2")]
    assert records[1]["title"] == text_of_7_2
    text = ok(cqvet("due", "--as-of", "2021-09-15", "--format", "csv"))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))
    assert [(r["number"], r["measure"], r["days_left"]) for r in rows] == [
        ("3", "", "5"),
        ("7", "7（2）", "15"),
    ]


def test_due_leaves_out_measures_due_with_their_point_under_its_offices(cqvet: Run, loaded: Path) -> None:
    """A plan whose measures have no owners or deadlines of their own: `due` reads as before."""
    ok(cqvet("deadline", "set", "7", "9月底"))
    out = ok(cqvet("due", "--as-of", "2021-09-15"))
    assert "举措" not in out
    records = json.loads(ok(cqvet("due", "--as-of", "2021-09-15", "--format", "json")))
    assert [r["number"] for r in records] == [7] and "measure" not in records[0]


def test_a_done_measure_is_not_due(cqvet: Run, rolled: Path) -> None:
    ok(cqvet("deadline", "set", "7-2", "9月底"))
    ok(cqvet("progress", "set", "7-2", "--status", "done", "--date", "2021-09-01"))
    assert "举措" not in ok(cqvet("due", "--as-of", "2021-09-15"))


def test_owner_list_names_the_measures_each_office_leads_and_supports(cqvet: Run, staffed: Path) -> None:
    ok(cqvet("owner", "set", "3-1", "--lead", "发展规划处", "--support", "高教处"))
    out = ok(cqvet("owner", "list"))
    assert "牵头举措" in out and "配合举措" in out
    row = next(line for line in out.splitlines() if line.startswith("│ 高教处"))
    assert "7-2" in row and "3-1" in row
    records = {r["unit"]: r for r in json.loads(ok(cqvet("owner", "list", "--format", "json")))}
    assert (records["高教处"]["measures_led"], records["高教处"]["measures_supported"]) == (["7-2"], ["3-1"])
    assert (records["发展规划处"]["leads"], records["发展规划处"]["measures_led"]) == ([], ["3-1"])
    assert records["职成教处"]["measures_led"] == []
    text = ok(cqvet("owner", "list", "--format", "csv")).encode("utf-8").decode("utf-8-sig")
    rows = {r["unit"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["高教处"]["measures_led"], rows["高教处"]["measures_supported"]) == ("7（2）", "3（1）")
    assert (rows["发展规划处"]["measures_led"], rows["发展规划处"]["measures_supported"]) == (
        "3（1）",
        "7（2）",
    )


def test_owner_list_without_measure_owners_has_no_measure_columns(cqvet: Run, loaded: Path) -> None:
    ok(cqvet("owner", "set", "7", "--lead", "职成教处"))
    assert "牵头举措" not in ok(cqvet("owner", "list"))
    assert json.loads(ok(cqvet("owner", "list", "--format", "json"))) == [
        {"unit": "职成教处", "leads": [7], "supports": []}
    ]


# --- in English -------------------------------------------------------------------------------


def test_the_measure_commands_speak_english_when_asked(cqvet: Run, staffed: Path) -> None:
    en = ("--lang", "en")
    out = ok(cqvet(*en, "progress", "set", "7-1", "--percent", "40", "--date", "2021-06-30"))
    assert (
        out.startswith("recorded measure 7-1: 40%, in progress (2021-06-30")
        and "point 7 rolls up to 13%" in out
    )
    out = ok(
        cqvet(
            *en, "progress", "set", "7", "--office", "财务处", "--note", "funds sent", "--date", "2021-06-30"
        )
    )
    assert out.startswith("recorded a supporting office's report: 财务处 on point 7 (2021-06-30")
    assert ok(cqvet(*en, "measure", "weight", "7-1", "0.5")).startswith(
        "measure 7-1 now weighs 0.5 in point 7's roll-up"
    )
    assert ok(cqvet(*en, "undo", "--yes")).startswith(
        "Undo: measure 7-1 weight 0.5 (from 2021-01-01, recorded by tester"
    )
    shown = ok(cqvet(*en, "show", "7", "--as-of", "2021-07-01"))
    assert "Rolled up from the measures" in shown and "Supporting offices' reports" in shown
    before = snapshot(staffed)
    refused(
        cqvet(*en, "progress", "set", "7-2", "--office", "财务处", "--note", "x"),
        2,
        "财务处 does not lead measure 7-2",
    )
    refused(
        cqvet(*en, "owner", "set", "7-2", "--lead", "高教处", "--contact", "x"),
        2,
        "set the contact and leader on point 7",
    )
    assert snapshot(staffed) == before


def test_evidence_attached_to_a_measures_progress_is_kept_with_its_point(
    cqvet: Run, staffed: Path, tmp_path: Path
) -> None:
    evidence = tmp_path / "评价方案.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    ok(cqvet("progress", "set", "7-2", "--percent", "20", "--date", "2021-06-30", "--attach", str(evidence)))
    record = json.loads(ok(cqvet("show", "7", "--format", "json")))
    assert [a["name"] for a in record["attachments"]] == ["评价方案.pdf"]


def test_show_lists_the_measures_updates_in_its_progress_history(cqvet: Run, rolled: Path) -> None:
    ok(cqvet("progress", "set", "7", "--note", "整体推进", "--date", "2021-07-02"))
    record = json.loads(ok(cqvet("show", "7", "--history", "2", "--format", "json")))
    assert [(e["measure"], e["reported_on"]) for e in record["progress_history"]] == [
        (None, "2021-07-02"),
        ("7-2", "2021-06-30"),
    ]
    assert record["progress_history_truncated"] is True
    whole = json.loads(ok(cqvet("show", "7", "--history", "0", "--format", "json")))
    assert [e["measure"] for e in whole["progress_history"]] == [None, "7-2", "7-1"]
    out = ok(cqvet("show", "7", "--history", "0"))
    assert re.search(r"│ +7-1 │ 2021-06-30 │ +40% │", out)
    before = json.loads(ok(cqvet("show", "7", "--as-of", "2021-06-29", "--format", "json")))
    assert before["progress_history"] == []


def test_measure_list_is_list_with_measures_of_every_point_or_one(cqvet: Run, rolled: Path) -> None:
    assert ok(cqvet("measure", "list")) == ok(cqvet("list", "--measures"))
    records = json.loads(ok(cqvet("measure", "list", "7", "--format", "json")))
    assert [r["number"] for r in records] == [7]
    assert [m["ref"] for m in records[0]["measures"]] == ["7-1", "7-2", "7-3"]
    before = snapshot(rolled)
    refused(cqvet("measure", "list", "99"), 2, "没有第99项工作要点")
    refused(cqvet("measure", "list", "7-2"), 2, "“7-2”不是工作要点的编号")
    assert snapshot(rolled) == before
