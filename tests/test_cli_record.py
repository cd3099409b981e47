"""Tests for the recording commands (progress, owner, deadline, target, due, undo) through the CLI.

The centre piece is a scripted quarter: owners for all 17 points, deadlines
written the way the plan writes them, three rounds of progress, a
correction, a postponement and an undo; then every view must show exactly
what was recorded. The rest covers the target actuals, the undo prompt,
every kind of bad input and hostile text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, snapshot
from typer.testing import CliRunner

from cqvet.cli import app

pytestmark = pytest.mark.slow  # every recording command end to end, each on its own database (README, Tests)

Run = Callable[..., Any]


# --- the scripted quarter -------------------------------------------------------

OWNERS: dict[int, tuple[str, tuple[str, ...]]] = {
    1: ("组织处", ("职成教处",)),
    2: ("德育处", ("职成教处", "宣传处")),
    3: ("职成教处", ("发展规划处",)),
    4: ("职成教处", ("人事处", "市教科院")),
    5: ("职成教处", ("市教育评估院",)),
    6: ("职成教处", ("财务处",)),
    7: ("职成教处", ("高教处", "财务处")),
    8: ("职成教处", ("体卫艺处", "市职教学会")),
    9: ("学生处", ("市教育考试院",)),
    10: ("发展规划处", ("职成教处",)),
    11: ("职成教处", ("市经济信息委",)),
    12: ("职成教处", ("市乡村振兴局",)),
    13: ("国际交流处", ("职成教处",)),
    14: ("终身教育处", ("市社区教育指导服务中心",)),
    15: ("高教处", ("终身教育处",)),
    16: ("市教科院", ("市职教学会",)),
    17: ("宣传处", ("职成教处",)),
}

# As written in Chinese, and the day each one means in 2021. Point 17 keeps the default.
DEADLINES: dict[int, tuple[str, str]] = {
    1: ("年底前", "2021-12-31"),
    2: ("6月底", "2021-06-30"),
    3: ("三季度末", "2021-09-30"),
    4: ("9月中旬", "2021-09-20"),
    5: ("上半年", "2021-06-30"),
    6: ("2021年10月31日", "2021-10-31"),
    7: ("7月10日", "2021-07-10"),
    8: ("6月中旬", "2021-06-20"),
    9: ("5月底", "2021-05-31"),
    10: ("二季度末", "2021-06-30"),
    11: ("下半年", "2021-12-31"),
    12: ("11月底", "2021-11-30"),
    13: ("7月底", "2021-07-31"),
    14: ("4月30日", "2021-04-30"),
    15: ("2021/7/20", "2021-07-20"),
    16: ("7月21日", "2021-07-21"),
}


@dataclass(frozen=True)
class Update:
    """One `progress set` of the script, with what the ledger must hold afterwards."""

    point: int
    day: str
    percent: int
    status: str
    options: tuple[str, ...] | None = None  # default: --percent <percent>
    note: str = ""
    by: str | None = None  # default: odd points 张三, even points 李四
    correction: bool = False
    reverted: bool = False

    @property
    def author(self) -> str:
        return self.by or ("张三" if self.point % 2 else "李四")

    def args(self) -> list[str]:
        options = self.options if self.options is not None else ("--percent", str(self.percent))
        args = ["progress", "set", str(self.point), *options, "--date", self.day]
        if self.note:
            args += ["--note", self.note]
        if self.by != "tester":
            args += ["--by", self.author]
        return args


IP, DONE, NS, BLOCKED = "in_progress", "done", "not_started", "blocked"
ROUND_1 = {1: 20, 2: 30, 3: 40, 4: 10, 5: 20, 7: 15, 8: 30, 9: 25, 10: 50, 11: 10, 12: 5, 13: 10, 14: 40,
           15: 20, 16: 10, 17: 30}  # fmt: skip
ROUND_2 = {1: 40, 2: 55, 3: 60, 4: 30, 5: 35, 7: 35, 8: 70, 9: 60, 11: 25, 12: 20, 13: 30, 14: 80, 15: 45,
           16: 30, 17: 50}  # fmt: skip
ROUND_3 = {1: 60, 2: 80, 4: 50, 5: 50, 7: 60, 8: 90, 11: 40, 12: 45, 15: 70, 16: 50, 17: 75}

MISTAKE = Update(8, "2021-06-18", 100, DONE, ("--status", "完成"), note="误报", by="tester", reverted=True)
BEFORE_JUNE: list[Update] = [
    *(Update(n, "2021-03-31", p, IP, note="一季度进展") for n, p in ROUND_1.items()),
    Update(6, "2021-03-31", 0, NS, note="尚未启动"),
    *(Update(n, "2021-04-30", p, IP) for n, p in ROUND_2.items()),
    Update(6, "2021-04-30", 20, BLOCKED, ("--percent", "20", "--status", "受阻"), note="经费未到位"),
    Update(10, "2021-04-30", 100, DONE, ("--status", "done"), note="专业结构调整完成"),
    Update(3, "2021-05-15", 60, IP, (), note="召开试点推进会", by="李四"),
]
POSTPONEMENT = ["deadline", "set", "5", "年底", "--note", "因疫情推迟", "--date", "2021-06-15"]
JUNE: list[Update] = [
    *(Update(n, "2021-06-30", p, IP) for n, p in ROUND_3.items()),
    Update(3, "2021-06-30", 50, IP, ("--percent", "50", "--correct"), note="核减重复统计", correction=True),
    Update(6, "2021-06-30", 20, IP, ("--status", "推进中"), note="经费已到位"),
    Update(9, "2021-06-30", 100, DONE, ("--status", "已完成")),
    Update(13, "2021-06-30", 30, IP, (), note="等待外方回复"),
    Update(14, "2021-06-30", 100, DONE, ("--percent", "100")),
    MISTAKE,  # tester's last change, undone at the end
]
UPDATES = BEFORE_JUNE + JUNE


def script() -> list[list[str]]:
    """Every command of the quarter, in the order an office would type them."""
    owners = [
        ["owner", "set", str(n), "--lead", lead, *[arg for unit in supports for arg in ("--support", unit)]]
        for n, (lead, supports) in OWNERS.items()
    ]
    deadlines = [["deadline", "set", str(n), written] for n, (written, _) in DEADLINES.items()]
    return [
        *owners,
        *deadlines,
        *(u.args() for u in BEFORE_JUNE),
        POSTPONEMENT,
        *(u.args() for u in JUNE),
        ["undo", "--yes"],
    ]


@pytest.fixture(scope="module")
def quarter_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database after the scripted quarter, built once for this module."""
    path = tmp_path_factory.mktemp("quarter") / "cqvet.db"
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CQVET_DB", str(path))
        env.setenv("CQVET_USER", "tester")
        env.setenv("COLUMNS", "200")
        env.setenv("TERM", "dumb")
        env.delenv("CQVET_LANG", raising=False)
        for args in script():
            result = runner.invoke(app, args)
            assert result.exit_code == 0, (args, result.output, result.stderr)
    return path


@pytest.fixture
def quarter(quarter_file: Path, db_path: Path) -> Path:
    """This test's own copy of the scripted quarter, at CQVET_DB."""
    source = sqlite3.connect(quarter_file)
    target = sqlite3.connect(db_path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return db_path


def json_of(result: Any) -> Any:
    return json.loads(ok(result))


def test_the_script_ran_every_command_once(quarter: Path) -> None:
    """It recorded 17 assignments, 17 deadline changes and every progress update of the script."""
    tables = snapshot(quarter)
    assert len(tables["owner_assignments"]) == 17
    assert len(tables["deadline_changes"]) == len(DEADLINES) + 1
    assert len(tables["progress_updates"]) == len(UPDATES)


def test_the_progress_log_lists_every_update_newest_first(cqvet: Run, quarter: Path) -> None:
    """It lists every update as recorded, newest reported day first, the undone one marked reverted."""
    rows = json_of(cqvet("progress", "log", "--format", "json"))
    expected = [u for _, u in sorted(enumerate(UPDATES), key=lambda iu: (iu[1].day, iu[0]), reverse=True)]
    assert [
        (
            r["point"],
            r["reported_on"],
            r["percent"],
            r["status"],
            r["note"],
            r["author"],
            r["correction"],
            r["reverted"],
        )
        for r in rows
    ] == [(u.point, u.day, u.percent, u.status, u.note, u.author, u.correction, u.reverted) for u in expected]
    assert [r["status_label"] for r in rows if r["point"] == 6] == ["推进中", "受阻", "未启动"]


def test_the_progress_log_table_marks_the_correction_and_the_undone_update(cqvet: Run, quarter: Path) -> None:
    """It shows the log as a table with the correction and the undone update marked in words."""
    out = ok(cqvet("progress", "log"))
    assert "进度记录" in out
    assert "[更正] 核减重复统计" in out
    assert "误报 (已撤销)" in out
    for note in ("经费未到位", "召开试点推进会", "等待外方回复", "一季度进展"):
        assert note in out


def test_the_progress_log_filters_by_point_day_and_author(cqvet: Run, quarter: Path) -> None:
    """It narrows the log to point 3 from 1 April by 张三: the April report and the June correction."""
    rows = json_of(cqvet("progress", "log", "3", "--since", "2021-04-01", "--by", "张三", "--format", "json"))
    assert [(r["reported_on"], r["percent"], r["correction"], r["author"], r["note"]) for r in rows] == [
        ("2021-06-30", 50, True, "张三", "核减重复统计"),
        ("2021-04-30", 60, False, "张三", ""),
    ]
    table = ok(cqvet("progress", "log", "3", "--since", "2021-04-01", "--by", "张三"))
    assert "核减重复统计" in table
    assert "召开试点推进会" not in table


def test_owner_list_shows_what_each_unit_leads_and_supports(cqvet: Run, quarter: Path) -> None:
    """It lists each unit with the points it leads and supports, leading units first in point order."""
    duties = json_of(cqvet("owner", "list", "--format", "json"))
    assert duties == [
        {"unit": "组织处", "leads": [1], "supports": []},
        {"unit": "德育处", "leads": [2], "supports": []},
        {"unit": "职成教处", "leads": [3, 4, 5, 6, 7, 8, 11, 12], "supports": [1, 2, 10, 13, 17]},
        {"unit": "学生处", "leads": [9], "supports": []},
        {"unit": "发展规划处", "leads": [10], "supports": [3]},
        {"unit": "国际交流处", "leads": [13], "supports": []},
        {"unit": "终身教育处", "leads": [14], "supports": [15]},
        {"unit": "高教处", "leads": [15], "supports": [7]},
        {"unit": "市教科院", "leads": [16], "supports": [4]},
        {"unit": "宣传处", "leads": [17], "supports": [2]},
        {"unit": "人事处", "leads": [], "supports": [4]},
        {"unit": "体卫艺处", "leads": [], "supports": [8]},
        {"unit": "市乡村振兴局", "leads": [], "supports": [12]},
        {"unit": "市教育考试院", "leads": [], "supports": [9]},
        {"unit": "市教育评估院", "leads": [], "supports": [5]},
        {"unit": "市社区教育指导服务中心", "leads": [], "supports": [14]},
        {"unit": "市经济信息委", "leads": [], "supports": [11]},
        {"unit": "市职教学会", "leads": [], "supports": [8, 16]},
        {"unit": "财务处", "leads": [], "supports": [6, 7]},
    ]
    table = ok(cqvet("owner", "list"))
    assert "各单位承担任务" in table
    assert "3、4、5、6、7、8、11、12" in table


def test_due_lists_the_overdue_then_what_falls_due_within_30_days(cqvet: Run, quarter: Path) -> None:
    """It lists, as of 20 June, the open overdue points by deadline, then those due by 20 July.

    Point 10 was done in April and point 5 was postponed on 15 June, so
    neither is due; point 8 is overdue, because its `done` of 18 June was undone and it was due
    on 20 June itself, a day that is over.
    """
    rows = json_of(cqvet("due", "--as-of", "2021-06-20", "--within", "30d", "--format", "json"))
    assert [(r["number"], r["deadline"], r["days_left"], r["overdue"], r["percent"]) for r in rows] == [
        (14, "2021-04-30", -51, True, 80),
        (9, "2021-05-31", -20, True, 60),
        (8, "2021-06-20", 0, True, 70),
        (2, "2021-06-30", 10, False, 55),
        (7, "2021-07-10", 20, False, 35),
        (15, "2021-07-20", 30, False, 45),
    ]
    assert [r["lead"] for r in rows] == ["终身教育处", "学生处", "职成教处", "德育处", "职成教处", "高教处"]
    assert rows[2]["supports"] == ["体卫艺处", "市职教学会"]


def test_due_as_a_table_shows_both_groups(cqvet: Run, quarter: Path) -> None:
    """It shows the overdue group and the due-soon group under their titles."""
    out = ok(cqvet("due", "--as-of", "2021-06-20", "--within", "30d"))
    assert "已逾期" in out
    assert "即将到期（30天内）" in out
    assert "-51" in out


def test_list_shows_every_point_as_of_the_end_of_june(cqvet: Run, quarter: Path) -> None:
    """It shows each point's lead, deadline, percent and status at 30 June, the undone update not counted."""
    rows = json_of(cqvet("list", "--as-of", "2021-06-30", "--format", "json"))
    expected = {
        1: ("2021-12-31", 60, IP),
        2: ("2021-06-30", 80, IP),
        3: ("2021-09-30", 50, IP),
        4: ("2021-09-20", 50, IP),
        5: ("2021-12-31", 50, IP),
        6: ("2021-10-31", 20, IP),
        7: ("2021-07-10", 60, IP),
        8: ("2021-06-20", 90, IP),
        9: ("2021-05-31", 100, DONE),
        10: ("2021-06-30", 100, DONE),
        11: ("2021-12-31", 40, IP),
        12: ("2021-11-30", 45, IP),
        13: ("2021-07-31", 30, IP),
        14: ("2021-04-30", 100, DONE),
        15: ("2021-07-20", 70, IP),
        16: ("2021-07-21", 50, IP),
        17: ("2021-12-31", 75, IP),
    }
    assert {r["number"]: (r["deadline"], r["percent"], r["status"]) for r in rows} == expected
    assert {r["number"]: r["lead"] for r in rows} == {n: lead for n, (lead, _) in OWNERS.items()}
    assert {r["number"]: r["supports"] for r in rows} == {n: list(s) for n, (_, s) in OWNERS.items()}
    assert [r["number"] for r in rows if r["deadline_postponed"]] == [5]
    assert [r["number"] for r in rows if r["deadline_is_default"]] == [17]
    # 2 is due on 30 June itself at 60 %: the list is as of the end of that day, so it is overdue.
    assert [r["number"] for r in rows if r["overdue"]] == [2, 8]
    assert {r["number"]: r["deadline_as_written"] for r in rows if r["number"] != 5} == {
        **{n: written for n, (written, _) in DEADLINES.items() if n != 5},
        17: "",
    }


def test_list_as_a_table_marks_the_postponed_and_the_overdue(cqvet: Run, quarter: Path) -> None:
    """It draws the list with the postponement, the default deadline and the overdue point marked."""
    out = ok(cqvet("list", "--as-of", "2021-06-30"))
    assert "已延期" in out
    assert "（默认：年底）" in out
    assert "逾期" in out
    assert "终身教育处" in out


def test_show_keeps_the_postponed_deadline_history(cqvet: Run, quarter: Path) -> None:
    """It shows point 5 due at year end, postponed on 15 June from 上半年, with the reason."""
    detail = json_of(cqvet("show", "5", "--format", "json"))
    assert (detail["deadline"], detail["deadline_as_written"], detail["deadline_postponed"]) == (
        "2021-12-31",
        "年底",
        True,
    )
    assert [
        (d["due_on"], d["as_written"], d["note"], d["effective_on"], d["author"], d["reverted"])
        for d in detail["deadline_history"]
    ] == [
        ("2021-12-31", "年底", "因疫情推迟", "2021-06-15", "tester", False),
        ("2021-06-30", "上半年", "", "2021-01-01", "tester", False),
    ]
    assert [(p["reported_on"], p["percent"]) for p in detail["progress_history"]] == [
        ("2021-06-30", 50),
        ("2021-04-30", 35),
        ("2021-03-31", 20),
    ]
    table = ok(cqvet("show", "5"))
    assert "完成时限变更" in table
    assert "因疫情推迟" in table
    assert "已延期" in table


def test_show_before_the_postponement_shows_the_first_deadline(cqvet: Run, quarter: Path) -> None:
    """It shows point 5 as due on 30 June, not postponed, as of a day before the postponement."""
    detail = json_of(cqvet("show", "5", "--as-of", "2021-06-14", "--format", "json"))
    assert (detail["deadline"], detail["deadline_postponed"]) == ("2021-06-30", False)


def test_the_undone_update_does_not_count_anywhere(cqvet: Run, quarter: Path) -> None:
    """It keeps point 8 in progress on every day: the undone `done` of 18 June shows only in the log."""
    for day in ("2021-06-18", "2021-06-29"):
        (row,) = [r for r in json_of(cqvet("list", "--as-of", day, "--format", "json")) if r["number"] == 8]
        assert (row["percent"], row["status"], row["reported_on"]) == (70, IP, "2021-04-30")
    detail = json_of(cqvet("show", "8", "--format", "json"))
    assert (detail["percent"], detail["status"]) == (90, IP)
    assert [(p["reported_on"], p["reverted"]) for p in detail["progress_history"]][:2] == [
        ("2021-06-30", False),
        ("2021-06-18", True),
    ]


def test_undo_was_recorded_and_the_next_undo_walks_further_back(cqvet: Run, quarter: Path) -> None:
    """It takes tester's next change back on a second undo: the postponement of point 5."""
    before = snapshot(quarter)
    out = ok(cqvet("undo", "--yes"))
    assert "完成时限" in out
    assert "年底" in out
    detail = json_of(cqvet("show", "5", "--format", "json"))
    assert (detail["deadline"], detail["deadline_postponed"]) == ("2021-06-30", False)
    assert [d["reverted"] for d in detail["deadline_history"]] == [True, False]
    after = snapshot(quarter)
    assert len(after["events"]) == len(before["events"]) + 1
    assert after["deadline_changes"] == before["deadline_changes"]


# --- targets ----------------------------------------------------------------------


def test_target_list_shows_the_plans_quantitative_targets(cqvet: Run, loaded: Path) -> None:
    """It lists the targets found in the plan, 2.1 being 150 课程思政 projects."""
    out = ok(cqvet("target", "list"))
    assert "量化指标" in out
    assert "2.1" in out
    assert "150门左右" in out
    rows = json_of(cqvet("target", "list", "2", "--format", "json"))
    assert [(r["ref"], r["value"], r["unit"], r["actual"], r["attainment"]) for r in rows] == [
        ("2.1", 150, "门", None, None)
    ]


def test_an_actual_shows_as_attainment_in_show_and_in_csv(cqvet: Run, loaded: Path) -> None:
    """It records 132 against target 2.1, shows 88 % in `show 2`, and writes it to CSV."""
    out = ok(cqvet("target", "set", "2.1", "--actual", "132", "--date", "2021-06-30"))
    assert "2.1" in out
    assert "132" in out
    shown = ok(cqvet("show", "2"))
    assert "88%" in shown
    assert "132门" in shown
    text = ok(cqvet("target", "list", "--format", "csv"))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    refs = ["2.1", "7.1", "7.2", "7.3", "7.4", "10.1", "11.1", "11.2", "11.3", "11.4", "11.5", "12.1"]
    assert [r["ref"] for r in rows] == refs
    (row,) = [r for r in rows if r["ref"] == "2.1"]
    assert (float(row["actual"]), row["actual_on"], float(row["attainment"])) == (132, "2021-06-30", 0.88)
    assert all(r["actual"] == "" and r["attainment"] == "" for r in rows if r["ref"] != "2.1")


def test_an_actual_counts_only_from_its_reported_day(cqvet: Run, loaded: Path) -> None:
    """It shows no actual for target 2.1 as of a day before it was reported."""
    ok(cqvet("target", "set", "2.1", "--actual", "132", "--date", "2021-06-30"))
    rows = json_of(cqvet("target", "list", "2", "--as-of", "2021-06-29", "--format", "json"))
    assert rows[0]["actual"] is None


# --- undo asks first ------------------------------------------------------------


@pytest.fixture
def one_update(cqvet: Run, loaded: Path) -> Path:
    ok(cqvet("progress", "set", "2", "--percent", "40", "--date", "2021-03-31"))
    return loaded


def test_undo_without_yes_asks_and_no_changes_nothing(cqvet: Run, one_update: Path) -> None:
    """It shows the change, asks, and on `n` says 已取消 and exits 0 (an answer, not an error), having
    changed nothing."""
    before = snapshot(one_update)
    result = cqvet("undo", input="n\n")
    assert result.exit_code == 0
    assert "确定撤销吗？" in result.stderr
    assert "已取消" in result.stdout and "错误" not in result.output
    assert "撤销：第2项进度 40%（推进中，2021年3月31日，tester于" in result.stdout
    assert "Traceback" not in result.output
    assert snapshot(one_update) == before


def test_undo_without_yes_reverts_on_y(cqvet: Run, one_update: Path) -> None:
    """It reverts the change when the answer is `y`."""
    result = cqvet("undo", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "已撤销" in result.stdout
    rows = json_of(cqvet("progress", "log", "--format", "json"))
    assert [(r["percent"], r["reverted"]) for r in rows] == [(40, True)]
    (point,) = [r for r in json_of(cqvet("list", "--format", "json")) if r["number"] == 2]
    assert (point["percent"], point["status"]) == (0, NS)


UNDO_SENTENCES = [
    pytest.param(
        ["owner", "set", "2", "--lead", "思政处", "--support", "职成教处", "--support", "德育处"],
        "撤销：第2项责任单位：牵头单位思政处，配合单位职成教处、德育处（自2021年1月1日起，tester于",
        id="owner",
    ),
    pytest.param(
        ["deadline", "set", "2", "9月底"],
        "撤销：第2项完成时限 2021年9月30日（原文“9月底”，tester于",
        id="deadline",
    ),
    pytest.param(
        ["target", "set", "2.1", "--actual", "132", "--date", "2021-06-30"],
        "撤销：指标2.1实际值 132（2021年6月30日，tester于",
        id="target",
    ),
    pytest.param(
        ["owner", "rename", "思政处", "思想政治处"],
        "撤销：单位更名：“思政处”改为“思想政治处”（tester于",
        id="rename",
    ),
    pytest.param(
        ["progress", "set", "6", "--percent", "15", "--date", "2021-06-30", "--note", "已启动"],
        "撤销：第6项进度 15%（推进中，2021年6月30日，tester于",
        id="progress",
    ),
]


@pytest.mark.parametrize(("change", "sentence"), UNDO_SENTENCES)
def test_the_undo_prompt_tells_each_kind_of_change_as_a_sentence(
    cqvet: Run, loaded: Path, change: list[str], sentence: str
) -> None:
    """The prompt names the change in the plan's words: no field names, enum values or key=value pairs."""
    if change[:2] == ["owner", "rename"]:
        ok(cqvet("owner", "set", "2", "--lead", "思政处"))
    ok(cqvet(*change))
    result = cqvet("undo", input="n\n")
    assert result.exit_code == 0, result.stderr
    shown = result.stdout.splitlines()[0]
    assert shown.startswith(sentence), shown
    assert shown.endswith(("记录）", "记录）：已启动")), shown
    assert "=" not in shown and "_" not in shown
    assert not re.search(r"[A-Za-z]{3,}", shown.replace("tester", "")), shown


def test_undo_with_nothing_to_undo_says_so(cqvet: Run, loaded: Path) -> None:
    """It refuses to undo when the user has recorded nothing, and changes nothing."""
    before = snapshot(loaded)
    result = cqvet("undo", "--yes")
    assert result.exit_code == 2
    assert "tester 没有可撤销的更改" in result.stderr
    assert snapshot(loaded) == before


# --- every bad input ------------------------------------------------------------

TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()

BAD_INPUTS = [
    pytest.param(
        ["progress", "set", "99", "--percent", "10"], "没有第99项工作要点（本计划共17项）", id="unknown-point"
    ),
    pytest.param(["target", "set", "2.9", "--actual", "1"], "没有指标 2.9", id="unknown-target"),
    pytest.param(["target", "set", "2", "--actual", "1"], "应写成“要点号.指标号”", id="target-without-seq"),
    pytest.param(
        ["target", "set", "2.1", "--actual", "很多"], "实际值“很多”不是数字", id="actual-not-number"
    ),
    pytest.param(["target", "set", "2.1", "--actual", "-5"], "实际值不能为负数", id="actual-negative"),
    pytest.param(
        ["progress", "set", "2", "--percent", "101"], "进度“101”应为 0 到 100 之间的整数", id="percent-101"
    ),
    pytest.param(
        ["progress", "set", "2", "--percent", "-1"], "进度“-1”应为 0 到 100 之间的整数", id="percent-minus-1"
    ),
    pytest.param(["progress", "set", "2", "--percent", "abc"], "进度“abc”应为", id="percent-abc"),
    pytest.param(["progress", "set", "2", "--percent", "50.5"], "进度“50.5”应为", id="percent-fraction"),
    pytest.param(
        ["progress", "set", "2", "--status", "finished"], "无法识别的状态“finished”", id="status-unknown"
    ),
    pytest.param(
        ["progress", "set", "2", "--percent", "60", "--status", "done"],
        "须为 100%，而不是 60%",
        id="done-not-100",
    ),
    pytest.param(
        ["progress", "set", "2"], "请至少给出 --percent、--status 或 --note 之一", id="nothing-given"
    ),
    pytest.param(
        ["progress", "set", "2", "--percent", "60", "--date", "2021-13-45"],
        "无法识别的日期“2021-13-45”",
        id="bad-date",
    ),
    pytest.param(["deadline", "set", "2", "下个月吧"], "无法识别的日期“下个月吧”", id="bad-deadline"),
    pytest.param(
        ["progress", "set", "2", "--percent", "60", "--date", "01/02/2021"],
        "日期“01/02/2021”有歧义",
        id="ambiguous-date",
    ),
    pytest.param(
        ["progress", "set", "2", "--percent", "60", "--date", TOMORROW],
        f"日期 {TOMORROW} 晚于今天",
        id="future-date",
    ),
    pytest.param(
        ["progress", "set", "2", "--percent", "60", "--date", "2020-12-31"],
        "日期 2020-12-31 早于计划年度 2021 年",
        id="before-plan-year",
    ),
    pytest.param(["owner", "set", "2", "--lead", "  "], "单位名称不能为空", id="empty-lead"),
    pytest.param(
        ["owner", "set", "2", "--lead", "德育处", "--support", ""], "单位名称不能为空", id="empty-support"
    ),
    pytest.param(
        ["owner", "set", "2", "--lead", "德育处", "--date", TOMORROW], "晚于今天", id="owner-future-date"
    ),
    pytest.param(["due", "--within", "soon"], "期限“soon”应写成如 30d、2w、1m", id="within-soon"),
    pytest.param(
        ["progress", "set", "2", "--percent", "40", "--date", "2021-04-30"],
        "第2项进度 40% 低于上次的 50%；如系更正，请加 --correct",
        id="lower-without-correct",
    ),
    pytest.param(
        ["progress", "set", "²", "--percent", "10"], "“²”不是工作要点的编号", id="superscript-point"
    ),
    pytest.param(["target", "set", "2.²", "--actual", "1"], "指标“2.²”应写成", id="superscript-target"),
    pytest.param(["progress", "log", "99"], "没有第99项工作要点", id="log-unknown-point"),
    pytest.param(["progress", "log", "--since", "上周"], "无法识别的日期“上周”", id="log-bad-since"),
]


@pytest.fixture
def half_done(cqvet: Run, loaded: Path) -> Path:
    """Point 2 at 50 % on 31 March, so a lower percent has something to be lower than."""
    ok(cqvet("progress", "set", "2", "--percent", "50", "--date", "2021-03-31"))
    return loaded


@pytest.mark.parametrize(("args", "fragment"), BAD_INPUTS)
def test_bad_input_is_refused_with_one_line_and_changes_nothing(
    cqvet: Run, half_done: Path, args: list[str], fragment: str
) -> None:
    """It refuses bad input with exit code 2 and one line on stderr, no traceback, and writes nothing."""
    before = snapshot(half_done)
    result = cqvet(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("错误：")
    assert fragment in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert snapshot(half_done) == before


def test_bad_input_is_explained_in_english_with_lang_en(cqvet: Run, half_done: Path) -> None:
    """It gives the same refusal in English under `--lang en`."""
    before = snapshot(half_done)
    result = cqvet("--lang", "en", "progress", "set", "2", "--percent", "101")
    assert result.exit_code == 2
    assert result.stderr == "error: the percent '101' must be a whole number from 0 to 100\n"
    assert snapshot(half_done) == before


def test_a_lower_percent_with_correct_is_accepted(cqvet: Run, half_done: Path) -> None:
    """It accepts the same lower percent once `--correct` is given, marking it a correction."""
    ok(cqvet("progress", "set", "2", "--percent", "40", "--date", "2021-04-30", "--correct"))
    rows = json_of(cqvet("progress", "log", "2", "--format", "json"))
    assert [(r["percent"], r["correction"]) for r in rows] == [(40, True), (50, False)]


# --- hostile text --------------------------------------------------------------

HOSTILE = [
    pytest.param("[bold]x[/bold]", "[bold]x[/bold]", id="markup"),
    pytest.param("[/bold]", "[/bold]", id="closing-tag"),
    pytest.param("红\x1b[31m字", "红[31m字", id="escape"),
    pytest.param("甲\x9b31m乙", "甲31m乙", id="c1-csi"),
    pytest.param("=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0", id="formula"),
    pytest.param(":smile:", ":smile:", id="emoji-code"),
]


def _record_hostile(cqvet: Run, text: str) -> None:
    ok(cqvet("owner", "set", "2", "--lead", text, "--support", "支持" + text))
    ok(cqvet("progress", "set", "2", "--percent", "40", "--date", "2021-03-31", "--note", text))


@pytest.mark.parametrize(("text", "visible"), HOSTILE)
def test_hostile_text_is_stored_exactly_as_typed(cqvet: Run, loaded: Path, text: str, visible: str) -> None:
    """It stores notes and unit names character for character, as the JSON output shows."""
    _record_hostile(cqvet, text)
    (log,) = json_of(cqvet("progress", "log", "--format", "json"))
    assert log["note"] == text
    duties = json_of(cqvet("owner", "list", "--format", "json"))
    assert [d["unit"] for d in duties] == [text, "支持" + text]
    (point,) = [r for r in json_of(cqvet("list", "--format", "json")) if r["number"] == 2]
    assert (point["lead"], point["supports"]) == (text, ["支持" + text])
    detail = json_of(cqvet("show", "2", "--format", "json"))
    assert detail["progress_history"][0]["note"] == text
    assert detail["owner_history"][0]["lead"] == text


@pytest.mark.parametrize(("text", "visible"), HOSTILE)
@pytest.mark.parametrize(
    "view",
    [["list"], ["show", "2"], ["progress", "log"], ["owner", "list"]],
    ids=["list", "show", "progress-log", "owner-list"],
)
def test_hostile_text_is_shown_literally(
    cqvet: Run, loaded: Path, text: str, visible: str, view: list[str]
) -> None:
    """It shows markup, escape codes and emoji codes as plain text: no style applied, no control byte out."""
    _record_hostile(cqvet, text)
    out = ok(cqvet(*view))
    assert "\x1b" not in out
    assert "\x9b" not in out
    assert "😄" not in out
    assert visible in out


@pytest.mark.parametrize(("text", "visible"), HOSTILE)
def test_confirmation_lines_carry_no_control_bytes(cqvet: Run, loaded: Path, text: str, visible: str) -> None:
    """It echoes a hostile unit name in the confirmation line without its control characters."""
    out = ok(cqvet("owner", "set", "2", "--lead", text))
    assert visible in out
    assert "\x1b" not in out
    assert "\x9b" not in out


def test_a_formula_in_a_note_is_neutralised_in_csv(cqvet: Run, loaded: Path) -> None:
    """It writes a note or unit that Excel would evaluate as text, behind an apostrophe."""
    _record_hostile(cqvet, "=cmd|' /C calc'!A0")
    log = list(
        csv.DictReader(io.StringIO(ok(cqvet("progress", "log", "--format", "csv")).removeprefix("\ufeff")))
    )
    assert log[0]["note"] == "'=cmd|' /C calc'!A0"
    duties = list(
        csv.DictReader(io.StringIO(ok(cqvet("owner", "list", "--format", "csv")).removeprefix("\ufeff")))
    )
    assert duties[0]["unit"] == "'=cmd|' /C calc'!A0"


# --- who records ---------------------------------------------------------------


def test_cqvet_user_is_the_author_by_default(
    cqvet: Run, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It records CQVET_USER as the author when no `--by` is given."""
    monkeypatch.setenv("CQVET_USER", "王五")
    ok(cqvet("progress", "set", "2", "--percent", "10", "--date", "2021-03-31"))
    (row,) = json_of(cqvet("progress", "log", "--format", "json"))
    assert row["author"] == "王五"


def test_by_overrides_cqvet_user_and_a_blank_by_does_not(
    cqvet: Run, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It records `--by` as the author over CQVET_USER, and ignores a blank `--by`."""
    monkeypatch.setenv("CQVET_USER", "王五")
    ok(cqvet("progress", "set", "2", "--percent", "10", "--date", "2021-03-31", "--by", "赵六"))
    ok(cqvet("progress", "set", "2", "--percent", "20", "--date", "2021-04-30", "--by", "  "))
    ok(cqvet("owner", "set", "2", "--lead", "德育处", "--by", "赵六"))
    rows = json_of(cqvet("progress", "log", "--format", "json"))
    assert [(r["percent"], r["author"]) for r in rows] == [(20, "王五"), (10, "赵六")]
    detail = json_of(cqvet("show", "2", "--format", "json"))
    assert detail["owner_history"][0]["author"] == "赵六"


def test_undo_by_reverts_that_authors_change_only(
    cqvet: Run, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It undoes the last change of the `--by` author, leaving CQVET_USER's later change in place."""
    ok(cqvet("progress", "set", "2", "--percent", "10", "--date", "2021-03-31", "--by", "赵六"))
    ok(cqvet("progress", "set", "3", "--percent", "30", "--date", "2021-03-31"))
    ok(cqvet("undo", "--yes", "--by", "赵六"))
    rows = json_of(cqvet("progress", "log", "--format", "json"))
    assert [(r["point"], r["author"], r["reverted"]) for r in rows] == [
        (3, "tester", False),
        (2, "赵六", True),
    ]


def test_progress_set_with_only_a_note_keeps_percent_and_status(cqvet: Run, loaded: Path) -> None:
    """It records a note-only update, carrying the previous percent and status forward."""
    ok(cqvet("progress", "set", "2", "--percent", "40", "--status", "受阻", "--date", "2021-03-31"))
    out = ok(cqvet("progress", "set", "2", "--note", "召开推进会", "--date", "2021-04-15"))
    assert "40%" in out
    assert "受阻" in out
    rows = json_of(cqvet("progress", "log", "2", "--format", "json"))
    assert [(r["reported_on"], r["percent"], r["status"], r["note"]) for r in rows] == [
        ("2021-04-15", 40, BLOCKED, "召开推进会"),
        ("2021-03-31", 40, BLOCKED, ""),
    ]


def test_a_first_update_with_only_a_note_is_not_started(cqvet: Run, loaded: Path) -> None:
    """It accepts a note as the very first update, at 0 % and not started."""
    ok(cqvet("progress", "set", "2", "--note", "已部署", "--date", "2021-03-31"))
    (row,) = json_of(cqvet("progress", "log", "--format", "json"))
    assert (row["percent"], row["status"], row["note"]) == (0, NS, "已部署")


def test_progress_set_under_a_clock_at_2100_says_so_in_one_line_and_writes_nothing(
    cqvet: Callable[..., Any], loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cqvet.cli.root as root

    # The session's today is the local day (cqvet.clock); the clock is what is wrong here.
    monkeypatch.setattr(root, "local_today", lambda: dt.date(2100, 1, 1))
    before = snapshot(loaded)
    result = cqvet("progress", "set", "3", "--percent", "10")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误：系统时钟显示今天是 2100-01-01，比计划年度（2021年）晚10年以上；"
        "请先校正系统时钟，未作任何更改\n"
    )
    assert snapshot(loaded) == before
