"""督办: a quarter with three offices (甲处 always on time, 乙处 late, 丙处 silent), their notices,
reporting statuses, scorecard, and the rules and refusals behind them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import copy_database, invoke, ok, snapshot
from hypothesis import given
from hypothesis import strategies as st

from cqvet.errors import UsageError
from cqvet.models import Health

if TYPE_CHECKING:
    from typer._click import Command

Run = Callable[..., Any]

ON_TIME, LATE, SILENT = "甲处", "乙处", "丙处"


@pytest.fixture(scope="module")
def quarter_template(
    cqvet_command: Command, loaded_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Q2 2021 played once for the module (some 25 commands); `quarter` gives each test a copy."""
    db = copy_database(loaded_template, tmp_path_factory.mktemp("quarter") / "cqvet.db")
    env = {"CQVET_DB": str(db), "CQVET_USER": "tester", "COLUMNS": "200", "TERM": "dumb", "CQVET_LANG": None}
    _play_quarter(lambda *args: invoke(cqvet_command, args, env=env))
    return db


@pytest.fixture
def quarter(quarter_template: Path, db_path: Path) -> Path:
    """Q2 2021: 甲处 leads 1 (year end), 4 (due 5 July) and 5 (due 25 June, done 20 June) and reports
    by the 20th; 乙处 leads 2 (due 30 June) and reports on the 28th, far behind; 丙处 leads 3 and
    never reports (the test's own copy of `quarter_template`)."""
    return copy_database(quarter_template, db_path)


def _play_quarter(cqvet: Run) -> None:
    """The commands that make `quarter`."""
    for number, lead, deadline in (
        (1, ON_TIME, None),
        (4, ON_TIME, "2021-07-05"),
        (5, ON_TIME, "2021-06-25"),
        (2, LATE, "2021-06-30"),
        (3, SILENT, None),
    ):
        ok(
            cqvet(
                "owner", "set", str(number), "--lead", lead, "--leader", f"{lead}领导", "--date", "2021-01-04"
            )
        )
        if deadline:
            ok(cqvet("deadline", "set", str(number), deadline))
    for month, (p1, p4, p5) in zip((4, 5, 6), ((30, 60, 50), (40, 80, 80), (50, 95, 100)), strict=True):
        day = f"2021-{month:02d}-20"
        ok(cqvet("progress", "set", "1", "-p", str(p1), "--date", day))
        ok(cqvet("progress", "set", "4", "-p", str(p4), "--date", day))
        ok(cqvet("progress", "set", "5", "-p", str(p5), "--date", day))
    for month, percent in zip((4, 5, 6), (10, 15, 20), strict=True):
        ok(
            cqvet(
                "progress",
                "set",
                "2",
                "-p",
                str(percent),
                "--date",
                f"2021-{month:02d}-28",
                "--note",
                "经费未到位",
            )
        )


def issue(cqvet: Run, folder: Path, day: str, *extra: str) -> str:
    folder.mkdir(exist_ok=True)
    return ok(cqvet("notices", "--as-of", day, "--output", str(folder), *extra))


def notice_rows(folder: Path, office: str, day: str) -> list[list[str]]:
    """The items table of an office's Markdown notice, as cells."""
    text = (folder / f"督办单_{office}_{day}.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| 序号")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


@pytest.mark.slow
def test_each_office_gets_its_notices_with_colours_and_the_count_of_times(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    """End of May: 乙处 and 丙处 are behind (yellow), 甲处 has nothing. End of June: 甲处's point 4 is
    near its deadline (blue); 乙处 and 丙处 yellow a second time. 2 July: 乙处's point 2 is overdue
    (red), a third time."""
    out = tmp_path / "out"
    issue(cqvet, out, "2021-05-31")
    assert not (out / f"督办单_{ON_TIME}_2021-05-31.md").exists()
    assert [r[:4] for r in notice_rows(out, LATE, "2021-05-31")] == [
        ["2", "加强思想政治和德育工作", "黄色", "第1次督办"]
    ]
    assert [r[2:4] for r in notice_rows(out, SILENT, "2021-05-31")] == [["黄色", "第1次督办"]]

    issue(cqvet, out, "2021-06-30")
    assert [r[0] + r[2] + r[3] for r in notice_rows(out, ON_TIME, "2021-06-30")] == ["4蓝色第1次督办"]
    # Its point is due on 30 June and not done: once that day is over it is overdue (red), not behind.
    assert [r[2:4] for r in notice_rows(out, LATE, "2021-06-30")] == [["红色", "第2次督办"]]
    assert [r[2:4] for r in notice_rows(out, SILENT, "2021-06-30")] == [["黄色", "第2次督办"]]

    result = issue(cqvet, out, "2021-07-02")
    late = notice_rows(out, LATE, "2021-07-02")
    assert [r[2:4] for r in late] == [["红色", "第3次督办"]]
    assert late[0][6] == "已逾期2天" and late[0][7] == "经费未到位"
    assert [r[0] + r[2] + r[3] for r in notice_rows(out, ON_TIME, "2021-07-02")] == ["4蓝色第2次督办"]
    # 2 July 2021 was a Friday: five working days later is Friday 9 July.
    assert "回复时限：2021年7月9日" in result and "乙处领导" in result
    assert "已生成3份督办单（3项，其中新记录3项）" in result


@pytest.mark.slow
def test_the_word_notice_reads_back_with_office_items_and_reply_date(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    from docx import Document

    out = tmp_path / "out"
    issue(cqvet, out, "2021-05-31")
    issue(cqvet, out, "2021-07-02")
    document = Document(str(out / f"督办单_{LATE}_2021-07-02.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "督办单" in text and f"{LATE}：" in text and "2021年7月9日前书面回复" in text
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells[0][:4] == ["序号", "重点任务", "督办", "督办次数"]
    assert cells[1][2:4] == ["红色", "第2次督办"]


@pytest.mark.slow
def test_issuing_the_same_day_again_records_nothing_and_gives_the_same_notices(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    issue(cqvet, tmp_path / "a", "2021-06-30")
    before = snapshot(quarter)
    again = issue(cqvet, tmp_path / "b", "2021-06-30")
    assert "其中新记录0项" in again
    assert snapshot(quarter) == before
    for office in (ON_TIME, LATE, SILENT):
        assert notice_rows(tmp_path / "a", office, "2021-06-30") == notice_rows(
            tmp_path / "b", office, "2021-06-30"
        )


@pytest.mark.slow
def test_show_lists_the_notices_a_point_received_and_undo_reverts_an_issuance(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    issue(cqvet, tmp_path / "o", "2021-05-31")
    issue(cqvet, tmp_path / "o", "2021-07-02")
    record = json.loads(ok(cqvet("show", "2", "--format", "json")))
    assert [(n["as_of"], n["colour"], n["times"], n["office"]) for n in record["notices"]] == [
        ("2021-05-31", "yellow", 1, LATE),
        ("2021-07-02", "red", 2, LATE),
    ]
    assert "督办记录" in ok(cqvet("show", "2"))
    ok(cqvet("undo", "--yes"))
    record = json.loads(ok(cqvet("show", "2", "--format", "json")))
    assert [n["as_of"] for n in record["notices"]] == ["2021-05-31"]
    issue(cqvet, tmp_path / "p", "2021-07-02")
    assert [r[3] for r in notice_rows(tmp_path / "p", LATE, "2021-07-02")] == ["第2次督办"]


@pytest.mark.slow
def test_notices_for_one_office_only(cqvet: Run, quarter: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    issue(cqvet, out, "2021-07-02", "--office", LATE)
    assert sorted(p.name for p in out.iterdir()) == [
        f"督办单_{LATE}_2021-07-02.docx",
        f"督办单_{LATE}_2021-07-02.md",
    ]


def reporting(cqvet: Run, period: str) -> dict[tuple[str, int], str]:
    rows = json.loads(ok(cqvet("reporting", "--period", period, "--as-of", "2021-07-31", "-f", "json")))
    return {(r["office"], r["number"]): r["status"] for r in rows}


@pytest.mark.slow
def test_reporting_status_per_month_is_on_time_late_or_missing(cqvet: Run, quarter: Path) -> None:
    for month in ("2021-04", "2021-05", "2021-06"):
        assert reporting(cqvet, month) == {
            (ON_TIME, 1): "on_time",
            (ON_TIME, 4): "on_time",
            (ON_TIME, 5): "on_time",
            (LATE, 2): "late",
            (SILENT, 3): "missing",
        }
    # Point 5 was done in June: it owes no report for July. July's due day has not come on 20 July.
    rows = json.loads(ok(cqvet("reporting", "--as-of", "2021-07-20", "-f", "json")))
    assert {(r["number"], r["status"]) for r in rows} == {
        (1, "pending"),
        (4, "pending"),
        (2, "pending"),
        (3, "pending"),
    }
    table = ok(cqvet("reporting", "--period", "2021-06", "--as-of", "2021-07-31"))
    assert "按时" in table and "逾期" in table and "未报送" in table and "每月25日前" in table


@pytest.mark.slow
def test_due_names_the_offices_that_have_not_reported_for_the_period(cqvet: Run, quarter: Path) -> None:
    out = ok(cqvet("due", "--as-of", "2021-06-26"))
    assert f"尚未报送的单位：{SILENT}" in out
    assert "督办" in out


@pytest.mark.slow
def test_a_quarterly_rhythm_changes_the_periods_and_can_be_undone(cqvet: Run, quarter: Path) -> None:
    result = ok(cqvet("plan", "set", "--report-by", "每季度末月20日前"))
    assert "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=20" in result
    rows = json.loads(ok(cqvet("reporting", "--period", "2021-05", "--as-of", "2021-07-31", "-f", "json")))
    statuses = {(r["office"], r["number"]): r["status"] for r in rows}
    assert rows[0]["due"] == "2021-06-20" and rows[0]["period"] == "2021-06"
    # Reported on 20 April, within the quarter and before 20 June: on time; 乙处's 28 April too.
    assert statuses[(ON_TIME, 1)] == "on_time" and statuses[(LATE, 2)] == "on_time"
    ok(cqvet("undo", "--yes"))
    rows = json.loads(ok(cqvet("reporting", "--period", "2021-05", "--as-of", "2021-07-31", "-f", "json")))
    assert rows[0]["due"] == "2021-05-25"


@pytest.mark.slow
def test_the_scorecard_counts_and_orders_the_three_offices(cqvet: Run, quarter: Path, tmp_path: Path) -> None:
    """甲处: 3 items, 9 of 9 reports on time, all on schedule, one completed on time, one notice (30 June).
    乙处: late every month (0 % on time, but reported), behind. 丙处: silent. 乙处 ranks above 丙处."""
    from openpyxl import load_workbook

    issue(cqvet, tmp_path / "o", "2021-05-31")
    issue(cqvet, tmp_path / "o", "2021-06-30")
    issue(cqvet, tmp_path / "o", "2021-07-02")  # after the quarter: not counted
    path = tmp_path / "scorecard.xlsx"
    result = ok(cqvet("scorecard", "--quarter", "2021Q2", "--output", str(path)))
    assert result.index(ON_TIME) < result.index(LATE) < result.index(SILENT)
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3)]
    assert rows == [
        (1, ON_TIME, 3, 100.0, 100.0, 0, 1, 0, 1),
        (2, LATE, 1, 0.0, 0.0, 1, 0, 0, 2),  # its point, due 30 June and not done, is overdue
        (3, SILENT, 1, 0.0, 0.0, 0, 0, 0, 2),
    ]


@pytest.mark.slow
def test_the_scorecard_as_a_word_table_has_the_same_figures(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    from docx import Document

    path = tmp_path / "scorecard.docx"
    ok(cqvet("scorecard", "--quarter", "2021Q2", "--output", str(path)))
    document = Document(str(path))
    assert "2021年第二季度各单位督办考评" in document.paragraphs[0].text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0][:4] == ["名次", "单位", "牵头事项", "按时报送率"]
    assert rows[1] == ["1", ON_TIME, "3", "100.0%", "100.0%", "0", "1", "0", "0"]
    assert [r[1] for r in rows[1:]] == [ON_TIME, LATE, SILENT]


@pytest.mark.slow
def test_list_shows_the_colour_of_each_point(cqvet: Run, quarter: Path) -> None:
    rows = json.loads(ok(cqvet("list", "--as-of", "2021-07-02", "-f", "json")))
    colours = {r["number"]: r["colour"] for r in rows if r["number"] <= 5}
    assert colours == {1: "none", 2: "red", 3: "yellow", 4: "blue", 5: "none"}
    assert "督办" in ok(cqvet("list", "--as-of", "2021-07-02"))


# --- refusals ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("notices", "--output", "missing-folder"), "目录 missing-folder 不存在"),
        (("notices", "--output", ".", "--office", "无此处"), "无此处"),
        (("notices", "--output", ".", "--near", "soon"), "期限“soon”应写成如 30d、2w、1m"),
        (("plan", "set", "--report-by", "每月31日前"), "无法识别的报送时限“每月31日前”"),
        (("plan", "set", "--report-by", "FREQ=SOMETIMES"), "无法识别的报送时限“FREQ=SOMETIMES”"),
        (("plan", "set"), "请至少给出一项设置"),
        (("reporting", "--period", "六月"), "报送期“六月”应写成如 2021-06"),
        (("reporting", "--period", "2022-01"), "报送规则中没有“2022-01”这一期"),
        (("scorecard", "--quarter", "Q5"), "无法识别的季度“Q5”"),
        (("scorecard", "--quarter", "Q2", "--output", "card.pdf"), ".pdf"),
    ],
)
def test_bad_input_is_one_line_a_non_zero_exit_and_no_change(
    cqvet: Run,
    quarter: Path,
    args: tuple[str, ...],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    before = snapshot(quarter)
    result = cqvet(*args)
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert snapshot(quarter) == before


@pytest.mark.slow
def test_an_existing_notice_file_is_refused_and_nothing_is_recorded(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / f"督办单_{LATE}_2021-07-02.md").write_text("old", encoding="utf-8")
    before = snapshot(quarter)
    result = cqvet("notices", "--as-of", "2021-07-02", "--output", str(out))
    assert result.exit_code == 2
    assert f"督办单_{LATE}_2021-07-02.md" in result.stderr and "--force" in result.stderr
    assert snapshot(quarter) == before
    assert (out / f"督办单_{LATE}_2021-07-02.md").read_text(encoding="utf-8") == "old"
    assert not (out / f"督办单_{ON_TIME}_2021-07-02.docx").exists()


# --- the rules, as properties -----------------------------------------------


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)))
def test_the_reply_date_is_the_fifth_working_day_after(day: dt.date) -> None:
    from cqvet.supervision import reply_by

    answer = reply_by(day)
    assert answer.weekday() < 5
    between = [day + dt.timedelta(days=i) for i in range(1, (answer - day).days + 1)]
    assert sum(d.weekday() < 5 for d in between) == 5


@given(st.integers(1, 28), st.integers(2000, 2100))
def test_every_month_by_day_n_gives_twelve_due_days_on_day_n(n: int, year: int) -> None:
    from cqvet.supervision import due_days, parse_report_by, periods

    rule = parse_report_by(f"每月{n}日前", year)
    assert [(d.month, d.day) for d in due_days(rule, year)] == [(m, n) for m in range(1, 13)]
    found = periods(rule, year)
    assert found[0].start == dt.date(year, 1, 1) and found[-1].end == dt.date(year, 12, 31)
    assert all(a.end + dt.timedelta(days=1) == b.start for a, b in itertools.pairwise(found))


@given(st.integers(29, 99))
def test_a_monthly_day_that_not_every_month_has_is_refused(n: int) -> None:
    from cqvet.supervision import parse_report_by

    with pytest.raises(UsageError):
        parse_report_by(f"每月{n}日前", 2021)


@given(st.integers(1000, 9999), st.integers(1, 12), st.sampled_from(["-", "/", "年", "."]))
def test_a_period_month_reads_back_in_every_written_form(year: int, month: int, sep: str) -> None:
    from cqvet.supervision import parse_month

    assert parse_month(f"{year}{sep}{month}{'月' if sep == '年' else ''}") == (year, month)


@given(st.text(max_size=20))
def test_reading_a_reporting_rule_either_gives_due_days_or_refuses(text: str) -> None:
    from cqvet.supervision import due_days, parse_report_by

    try:
        rule = parse_report_by(text, 2021)
    except UsageError:
        return
    assert due_days(rule, 2021)


def test_an_office_name_windows_cannot_hold_in_a_file_name_is_written_with_underscores(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    """教委/职成处 names a file 督办单_教委_职成处_…; the notice inside keeps the name as typed."""
    ok(cqvet("owner", "set", "1", "--lead", '教委/职成处:"A"', "--date", "2021-01-04"))
    ok(cqvet("deadline", "set", "1", "2021-06-30"))
    out = tmp_path / "o"
    issue(cqvet, out, "2021-07-02")
    path = out / "督办单_教委_职成处__A__2021-07-02.md"
    assert path.exists()
    assert '教委/职成处:"A"：' in path.read_text(encoding="utf-8")


@pytest.mark.slow
def test_notices_speak_english_when_asked(cqvet: Run, quarter: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    out.mkdir()
    result = ok(cqvet("--lang", "en", "notices", "--as-of", "2021-07-02", "--output", str(out)))
    assert "notice no. 1" in result and "overdue by 2 days" in result
    assert "reply by 2021-07-09" in result


# --- evidence (佐证材料) ----------------------------------------------------------

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


def test_an_attachment_comes_back_byte_for_byte_and_is_stored_once(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    import sqlite3

    evidence = tmp_path / "会议纪要.pdf"
    evidence.write_bytes(PDF)
    ok(cqvet("progress", "set", "2", "-p", "40", "--date", "2021-05-20", "--attach", str(evidence)))
    ok(cqvet("progress", "set", "2", "-p", "60", "--date", "2021-06-20", "--attach", str(evidence)))
    record = json.loads(ok(cqvet("show", "2", "--format", "json")))
    assert [(a["name"], a["media_type"], a["size"], a["reported_on"]) for a in record["attachments"]] == [
        ("会议纪要.pdf", "application/pdf", len(PDF), "2021-05-20"),
        ("会议纪要.pdf", "application/pdf", len(PDF), "2021-06-20"),
    ]
    assert "佐证材料" in ok(cqvet("show", "2"))
    conn = sqlite3.connect(loaded)
    assert conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 1
    conn.close()
    back = tmp_path / "back.pdf"
    ok(cqvet("attachment", "get", str(record["attachments"][0]["id"]), "--output", str(back)))
    assert back.read_bytes() == PDF
    ok(cqvet("undo", "--yes"))
    record = json.loads(ok(cqvet("show", "2", "--format", "json")))
    assert [a["reported_on"] for a in record["attachments"]] == ["2021-05-20"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"MZ\x90\x00 a program renamed to .pdf", "的内容不是 PDF、OFD、Word、Excel、PNG 或 JPEG"),
        (b"%PDF-1.4\n" + b"x" * 2048, "超过上限 1024 字节"),
    ],
)
def test_an_unknown_or_oversized_attachment_is_refused_and_nothing_is_recorded(
    cqvet: Run, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, expected: str
) -> None:
    monkeypatch.setattr("cqvet.attachments.MAX_BYTES", 1024)
    path = tmp_path / "材料.pdf"
    path.write_bytes(content)
    before = snapshot(loaded)
    result = cqvet("progress", "set", "2", "-p", "40", "--attach", str(path))
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(loaded) == before


def test_a_missing_attachment_file_or_number_is_refused(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    before = snapshot(loaded)
    result = cqvet("progress", "set", "2", "-p", "40", "--attach", str(tmp_path / "无.pdf"))
    assert result.exit_code == 2 and "找不到佐证材料文件" in result.stderr
    result = cqvet("attachment", "get", "99", "--output", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and "没有编号为 99 的佐证材料" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
    assert snapshot(loaded) == before


@given(st.binary(max_size=64))
def test_reading_a_file_kind_never_fails_and_accepts_only_known_starts(data: bytes) -> None:
    from cqvet.attachments import kind_of

    kind = kind_of(data)
    assert kind is None or data[:2] in (b"%P", b"\x89P", b"\xff\xd8", b"\xd0\xcf", b"PK")


def test_office_files_are_told_apart_by_their_parts(tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import Workbook

    from cqvet.attachments import kind_of

    Document().save(str(tmp_path / "a.docx"))
    Workbook().save(str(tmp_path / "a.xlsx"))
    assert kind_of((tmp_path / "a.docx").read_bytes()) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert kind_of((tmp_path / "a.xlsx").read_bytes()) == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert kind_of(b"PK\x03\x04 not really a zip") is None


# --- 办结销号 -----------------------------------------------------------------


@pytest.mark.slow
def test_a_completion_is_returned_then_confirmed_with_its_evidence(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    """乙处 reports point 2 done with a PDF; it is returned (back to 20 %, the reason shown), done
    again and confirmed; the PDF comes back byte for byte, and the scorecard counts the return."""
    ok(cqvet("plan", "set", "--review"))
    evidence = tmp_path / "验收报告.pdf"
    evidence.write_bytes(PDF)
    ok(cqvet("progress", "set", "2", "-s", "done", "--date", "2021-06-29", "--attach", str(evidence)))
    assert json.loads(ok(cqvet("show", "2", "-f", "json", "--as-of", "2021-06-29")))["review"] == "pending"

    returned = ok(cqvet("close", "2", "--return", "缺少验收材料", "--date", "2021-06-30"))
    assert "已退回：缺少验收材料；回到20%，推进中" in returned
    record = json.loads(ok(cqvet("show", "2", "-f", "json", "--as-of", "2021-06-30")))
    assert (record["percent"], record["status"], record["review"]) == (20, "in_progress", None)
    assert [r["reason"] for r in record["returns"]] == ["缺少验收材料"]
    assert "退回：缺少验收材料" in ok(cqvet("show", "2", "--as-of", "2021-06-30"))

    ok(cqvet("progress", "set", "2", "-s", "done", "--date", "2021-07-01", "--attach", str(evidence)))
    ok(cqvet("close", "2", "--confirm", "--date", "2021-07-02"))
    record = json.loads(ok(cqvet("show", "2", "-f", "json", "--as-of", "2021-07-02")))
    assert record["review"] == "confirmed"
    assert "已办结" in ok(cqvet("show", "2", "--as-of", "2021-07-02"))
    back = tmp_path / "back.pdf"
    ok(cqvet("attachment", "get", str(record["attachments"][-1]["id"]), "--output", str(back)))
    assert back.read_bytes() == PDF

    card = ok(cqvet("scorecard", "--quarter", "2021Q2"))
    late_row = next(line for line in card.splitlines() if LATE in line)
    assert [cell.strip() for cell in late_row.split("│")[1:-1]][-2:] == ["1", "0"]  # returned 1, no notices


@pytest.mark.slow
@pytest.mark.parametrize(
    ("setup", "args", "expected"),
    [
        ((), ("close", "2", "--confirm"), "本计划未要求办结审核"),
        ((("plan", "set", "--review"),), ("close", "2", "--confirm"), "第2项尚未报送完成"),
        (
            (("plan", "set", "--review"),),
            ("close", "2"),
            "请给出 --confirm（销号）或 --return 原因（退回）之一",
        ),
        ((("plan", "set", "--review"),), ("close", "2", "--confirm", "--return", "x"), "之一"),
        (
            (
                ("plan", "set", "--review"),
                ("progress", "set", "5", "-s", "done"),
                ("close", "5", "--confirm"),
            ),
            ("close", "5", "--return", "再看看"),
            "第5项已销号",
        ),
    ],
)
def test_a_review_that_cannot_be_made_is_refused_and_nothing_is_recorded(
    cqvet: Run, quarter: Path, setup: tuple[tuple[str, ...], ...], args: tuple[str, ...], expected: str
) -> None:
    for step in setup:
        ok(cqvet(*step))
    before = snapshot(quarter)
    result = cqvet(*args)
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(quarter) == before


# --- reports count 已办结 and 待审核 apart ----------------------------------------------


def _confirmed_later(cqvet: Run) -> None:
    """Review on; 甲处's point 5 is done on 20 June and confirmed on 1 July, 乙处's point 2 done on
    29 June and never confirmed."""
    ok(cqvet("plan", "set", "--review"))
    ok(cqvet("progress", "set", "2", "-s", "done", "--date", "2021-06-29"))
    ok(cqvet("close", "5", "--confirm", "--date", "2021-07-01"))


def _total_row(rows: list[list[str]]) -> dict[str, str]:
    """The 合计 row of the section table among `rows`, by its header's names."""
    header = next(r for r in rows if "待审核" in r and "项数" in r)
    total = next(r for r in rows[rows.index(header) :] if r and r[0] == "合计")
    return dict(zip(header, total, strict=False))


def test_a_review_plan_reports_confirmed_and_pending_apart_as_they_stood_that_day(
    cqvet: Run, quarter: Path
) -> None:
    """By 30 June two points are done and neither confirmed: 已办结 0, 待审核 2. On 2 July point 5
    is confirmed: 已办结 1, 待审核 1. The quarter's report keeps the count of its own day."""
    _confirmed_later(cqvet)
    june = json.loads(ok(cqvet("report", "-q", "2021Q2", "-f", "json")))
    july = json.loads(ok(cqvet("report", "--as-of", "2021-07-02", "-f", "json")))
    assert june["review"] is True
    assert (june["summary"]["done"], june["summary"]["pending_review"]) == (0, 2)
    assert (july["summary"]["done"], july["summary"]["pending_review"]) == (1, 1)
    assert (july["previous"]["done"], july["previous"]["pending_review"]) == (0, 2)
    assert july["change"]["done"] == 1
    counts = {k: v for k, v in july["summary"].items() if k not in ("points", "mean_percent", "done_share")}
    assert sum(counts.values()) == july["summary"]["points"]  # the counts still add up to the points
    assert sum(s["summary"]["pending_review"] for s in july["sections"]) == 1
    reviews = {p["number"]: (p["review"], p["review_label"]) for p in july["points"]}
    assert reviews[5] == ("confirmed", "已办结") and reviews[2] == ("pending", "待审核")
    assert reviews[1] == (None, "")
    assert "已办结1项，待审核1项" in july["headline"]


def test_every_report_format_shows_confirmed_and_pending_as_their_own_columns(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    from docx import Document
    from openpyxl import load_workbook

    _confirmed_later(cqvet)
    day = ("--as-of", "2021-07-02")
    screen = ok(cqvet("report", *day))
    assert "已办结 1  待审核 1" in screen and "已办结1项，待审核1项" in screen.replace("\n", "").replace(
        "│", ""
    )
    for fmt in ("md", "csv", "html", "xlsx", "docx"):
        ok(cqvet("report", *day, "-o", str(tmp_path / f"r.{fmt}")))

    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    md_rows = [
        [c.strip() for c in line.strip("|").split("|")] for line in md.splitlines() if line.startswith("|")
    ]
    assert ["已办结", "1", "+1"] in md_rows and ["待审核", "1", "\u22121"] in md_rows
    assert _total_row(md_rows)["已办结"] == "1" and _total_row(md_rows)["待审核"] == "1"

    import csv

    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["number"]: r for r in csv.DictReader(handle)}
    assert (rows["5"]["review"], rows["5"]["review_label"]) == ("confirmed", "已办结")
    assert (rows["2"]["review"], rows["2"]["review_label"]) == ("pending", "待审核")

    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.count(">待审核</th>") == 2  # the summary and the section table
    assert '<td class="center h-done">待审核</td>' in html

    workbook = load_workbook(tmp_path / "r.xlsx")
    cells = [
        [str(c) if c is not None else "" for c in row]
        for row in workbook.worksheets[0].iter_rows(values_only=True)
    ]
    assert cells[next(i for i, r in enumerate(cells) if r[0] == "已办结")][:4] == ["已办结", "1", "0", "1"]
    assert _total_row(cells)["待审核"] == "1"

    document = Document(str(tmp_path / "r.docx"))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    sections = next(t for t in tables if t[0][0] == "部分")
    assert dict(zip(sections[0], sections[-1], strict=True))["待审核"] == "1"
    assert any("待审核" in row for t in tables for row in t if row[0] == "2")


def test_a_plan_whose_review_is_turned_off_again_reports_byte_for_byte_as_before(
    cqvet: Run, quarter: Path
) -> None:
    ok(cqvet("progress", "set", "2", "-s", "done", "--date", "2021-06-29"))

    def outputs() -> list[str]:
        formats = ("terminal", "md", "csv", "json", "html")
        return [ok(cqvet("report", "-q", "2021Q2", "-f", fmt)) for fmt in formats]

    before = outputs()
    assert "待审核" not in "".join(before) and "pending_review" not in before[3]
    ok(cqvet("plan", "set", "--review"))
    assert "待审核" in outputs()[0]
    ok(cqvet("plan", "set", "--no-review"))
    after = outputs()
    drop_time = [
        [line for line in text.splitlines() if "generated" not in line and "生成于" not in line]
        for text in before
    ]
    assert drop_time == [
        [line for line in text.splitlines() if "generated" not in line and "生成于" not in line]
        for text in after
    ]


WORDS = {
    "zh": {"done": "已完成", "pending": "待审核", "confirmed": "已办结"},
    "en": {"done": "done", "pending": "awaiting review", "confirmed": "confirmed"},
}


def _row_of(table: str, number: int) -> str:
    """The line of point `number` in a `list` table."""
    return next(
        line
        for line in table.splitlines()
        if line.count("│") > 2 and line.split("│")[1].strip() == str(number)
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_in_a_review_plan_list_says_awaiting_review_until_confirmed_then_confirmed(
    cqvet: Run, quarter: Path, lang: str
) -> None:
    """As the report does: on 30 June points 5 and 2 are reported done and not confirmed (待审核);
    on 2 July point 5 is confirmed (已办结) and 2 still waits. No status says 已完成; the JSON and
    CSV keep `status` done, say the same word in `status_label` and add `review`."""
    _confirmed_later(cqvet)
    words, env = WORDS[lang], {"CQVET_LANG": lang}
    for day, five in (("2021-06-30", "pending"), ("2021-07-02", "confirmed")):
        table = ok(cqvet("list", "--as-of", day, env=env))
        assert words[five] in _row_of(table, 5) and words["pending"] in _row_of(table, 2)
        assert f"│ {words['done']} " not in table
        records = {
            r["number"]: r for r in json.loads(ok(cqvet("list", "--as-of", day, "-f", "json", env=env)))
        }
        assert (records[5]["status"], records[5]["status_label"], records[5]["review"]) == (
            "done",
            words[five],
            five,
        )
        assert (records[2]["status_label"], records[2]["review"]) == (words["pending"], "pending")
        assert records[1]["review"] is None and records[1]["status_label"] != words["done"]
        rows = list(csv.DictReader(io.StringIO(ok(cqvet("list", "--as-of", day, "-f", "csv", env=env)))))
        by_number = {r["\ufeffnumber"]: r for r in rows}
        assert (by_number["5"]["status_label"], by_number["5"]["review"]) == (words[five], five)
        assert (by_number["2"]["status_label"], by_number["2"]["review"]) == (words["pending"], "pending")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_in_a_review_plan_show_says_awaiting_review_until_confirmed_then_confirmed(
    cqvet: Run, quarter: Path, lang: str
) -> None:
    """`show 5` (the panel, its whole-history form and its JSON) says 待审核 on 30 June and 已办结 on
    2 July, where a plan without review says 已完成."""
    words, env = WORDS[lang], {"CQVET_LANG": lang}
    plain = ok(cqvet("show", "5", "--as-of", "2021-06-30", env=env))
    assert f"100%  {words['done']}" in plain
    _confirmed_later(cqvet)
    for day, five in (("2021-06-30", "pending"), ("2021-07-02", "confirmed")):
        for extra in ((), ("--history", "0")):
            panel = ok(cqvet("show", "5", "--as-of", day, *extra, env=env))
            assert f"100%  {words[five]}" in panel and f"100%  {words['done']}" not in panel
            record = json.loads(ok(cqvet("show", "5", "--as-of", day, "-f", "json", *extra, env=env)))
            assert (record["status"], record["status_label"], record["review"]) == ("done", words[five], five)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_legend_of_a_review_plan_names_confirmed_and_awaiting_review(
    cqvet: Run, quarter: Path, lang: str
) -> None:
    """The chart's legend names its colours as the tables count them: 已办结 and 待审核 (in done's
    colour) in a plan that requires review, 已完成 in one that does not."""
    words, env = WORDS[lang], {"CQVET_LANG": lang}

    def legend() -> str:
        page = ok(cqvet("report", "-q", "2021Q2", "-f", "html", env=env))
        found = re.search(r'<figcaption class="legend">(.*?)</figcaption>', page)
        assert found, page[:300]
        return found[1]

    swatch = '<span class="swatch h-done"></span>{}</span>'
    assert swatch.format(words["done"]) in legend()
    _confirmed_later(cqvet)
    review = legend()
    assert swatch.format(words["confirmed"]) in review and swatch.format(words["pending"]) in review
    assert swatch.format(words["done"]) not in review


def test_a_plan_without_review_lists_and_shows_byte_for_byte_as_before(cqvet: Run, quarter: Path) -> None:
    """Turning review on and off again leaves `list` and `show` (table, JSON, CSV) as they were:
    no 待审核, no `review` key; while it is on they differ."""
    ok(cqvet("progress", "set", "2", "-s", "done", "--date", "2021-06-29"))
    views = (
        ("list",),
        ("list", "-f", "json"),
        ("list", "-f", "csv"),
        ("show", "2"),
        ("show", "2", "-f", "json"),
        ("show", "2", "--history", "0"),
    )

    def outputs() -> list[str]:
        return [ok(cqvet(*view, "--as-of", "2021-06-30")) for view in views]

    before = outputs()
    assert "待审核" not in "".join(before) and '"review": "pending"' not in before[1]
    assert "review" not in before[2].splitlines()[0]
    ok(cqvet("plan", "set", "--review"))
    during = outputs()
    assert all(a != b for a, b in zip(before, during, strict=True))
    ok(cqvet("plan", "set", "--no-review"))
    assert outputs() == before


# --- show N: the notices a point received and its evidence, as of the day asked --------------


def test_show_lists_each_notice_with_its_colour_times_and_reason_as_of_the_day_asked(
    cqvet: Run, quarter: Path, tmp_path: Path
) -> None:
    issue(cqvet, tmp_path / "o", "2021-05-31")
    issue(cqvet, tmp_path / "o", "2021-07-02")
    record = json.loads(ok(cqvet("show", "2", "--format", "json")))
    first, second = record["notices"]
    gap = first["expected"] - first["percent"]
    assert first["reason"] == f"落后序时进度{gap:.1f}个百分点".replace(".0个", "个")
    assert (second["colour"], second["times"], second["reason"]) == ("red", 2, "已逾期2天")

    table = ok(cqvet("show", "2"))
    assert "督办原因" in table and "已逾期2天" in table and "第2次督办" in table
    earlier = json.loads(ok(cqvet("show", "2", "--format", "json", "--as-of", "2021-06-15")))
    assert [n["as_of"] for n in earlier["notices"]] == ["2021-05-31"]
    assert "已逾期2天" not in ok(cqvet("show", "2", "--as-of", "2021-06-15"))

    whole = ok(cqvet("show", "2", "--history", "0"))
    assert "督办记录" in whole and "已逾期2天" in whole
    whole_record = json.loads(ok(cqvet("show", "2", "--history", "0", "--format", "json")))
    assert whole_record["notices"] == record["notices"]
    as_of = json.loads(ok(cqvet("show", "2", "--history", "0", "-f", "json", "--as-of", "2021-06-15")))
    assert as_of["notices"] == earlier["notices"]


def test_show_lists_the_evidence_attached_by_the_day_asked_with_its_number_name_and_size(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "会议纪要.pdf", tmp_path / "验收报告.pdf"
    first.write_bytes(PDF)
    second.write_bytes(PDF + b"%")
    ok(cqvet("progress", "set", "2", "-p", "40", "--date", "2021-05-20", "--attach", str(first)))
    ok(cqvet("progress", "set", "2", "-p", "60", "--date", "2021-06-20", "--attach", str(second)))
    may = json.loads(ok(cqvet("show", "2", "-f", "json", "--as-of", "2021-05-31")))
    assert [(a["name"], a["size"]) for a in may["attachments"]] == [("会议纪要.pdf", len(PDF))]
    screen = ok(cqvet("show", "2", "--as-of", "2021-05-31"))
    assert "会议纪要.pdf" in screen and "验收报告.pdf" not in screen and str(len(PDF)) in screen
    whole = ok(cqvet("show", "2", "--history", "0"))
    assert "佐证材料" in whole and "会议纪要.pdf" in whole and "验收报告.pdf" in whole
    assert str(len(PDF) + 1) in whole and "2021年6月20日" in whole
    record = json.loads(ok(cqvet("show", "2", "--history", "0", "-f", "json")))
    assert [a["id"] for a in record["attachments"]] == [may["attachments"][0]["id"], 2]


def test_show_of_a_done_point_in_a_plan_without_review_says_nothing_of_review(
    cqvet: Run, loaded: Path
) -> None:
    """Only a plan that asks for 办结 review has points 待审核: elsewhere done is done (it said 待审核)."""
    ok(cqvet("progress", "set", "2", "-p", "100", "--date", "2021-05-20"))
    for args in (("show", "2"), ("show", "2", "--history", "0")):
        screen = ok(cqvet(*args))
        assert "办结审核" not in screen and "待审核" not in screen
        assert json.loads(ok(cqvet(*args, "-f", "json")))["review"] is None
    ok(cqvet("plan", "set", "--review"))
    assert "办结审核：待审核" in ok(cqvet("show", "2"))
    assert json.loads(ok(cqvet("show", "2", "-f", "json")))["review"] == "pending"


# --- the 督办 column at 80 and 120 columns; nothing of 督办 loaded by `list` -----------------


@pytest.mark.parametrize("width", ["80", "120"])
def test_list_and_due_show_the_colour_column_at_80_and_120_columns(
    cqvet: Run, quarter: Path, monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", width)
    listed = ok(cqvet("list", "--as-of", "2021-07-02"))
    header = next(line for line in listed.splitlines() if "序号" in line)
    assert header.rstrip().endswith("督办 │")
    rows = {line.split("│")[1].strip(): line for line in listed.splitlines() if line.count("│") > 2}
    assert "红色" in rows["2"] and "黄色" in rows["3"] and "蓝色" in rows["4"] and "色" not in rows["1"]
    assert max(cell_len(line) for line in listed.splitlines()) <= int(width)

    due = ok(cqvet("due", "--as-of", "2021-07-02", "--within", "7d"))
    assert "督办" in due and "红色" in due and "蓝色" in due
    assert all(cell_len(line) <= int(width) for line in due.splitlines())


def test_list_loads_nothing_of_the_supervision_loop(tmp_path: Path) -> None:
    """`list` (the start-up budget's command) imports no 督办 module, nor dateutil's rrule."""
    import subprocess
    import sys

    from tests.test_startup import imported_by

    db = tmp_path / "cqvet.db"
    subprocess.run([sys.executable, "-m", "cqvet", "--db", str(db), "plans"], check=True, capture_output=True)
    supervision = {
        "cqvet.supervision",
        "cqvet.store_supervision",
        "cqvet.render.supervision",
        "cqvet.render.notice_docx",
        "cqvet.attachments",
        "dateutil.rrule",
    }
    for args in (["list"], ["list", "--format", "json"]):
        assert not supervision & imported_by(args, db)


MARKS = st.tuples(st.sampled_from(list(Health)), st.sampled_from(("confirmed", "pending")))


@given(st.lists(MARKS, max_size=40), st.booleans())
def test_a_tally_s_counts_add_up_to_its_points_with_or_without_review(
    marks: list[tuple[Health, str]], review: bool
) -> None:
    """Whatever the healths, a review plan's 已办结 and 待审核 together are the done points, and every
    row of counts adds up to the points."""
    from types import SimpleNamespace

    from cqvet.report import figure_keys, tally

    lines = [SimpleNamespace(health=h, review=r if h is Health.DONE else None, percent=50) for h, r in marks]
    counted = tally(lines, review)  # type: ignore[arg-type]
    assert sum(counted.figure(key) for key in figure_keys(review)) == counted.points == len(marks)
    done = sum(h is Health.DONE for h, _ in marks)
    pending = sum(h is Health.DONE and r == "pending" for h, r in marks)
    assert counted.done == (done - pending if review else done)
    assert counted.figure("pending_review") == (pending if review else 0)


def test_a_review_plan_s_report_reads_its_decisions_by_index_seeks(cqvet: Run, quarter: Path) -> None:
    """The 办结 decisions a review plan's report reads are found through the (point, day) index,
    as every other as-of read is (tests/test_query_plans.py)."""
    from cqvet.report import read_ledger
    from cqvet.store import Store
    from tests.test_query_plans import SETTINGS, full_scans, statements

    _confirmed_later(cqvet)
    store = Store.open(quarter)
    try:
        plan = store.plan()
        sqls = statements(store, lambda: read_ledger(store, plan, dt.date(2021, 7, 2)))
        assert any("FROM closures" in sql for sql in sqls)
        scans = {sql[:80]: full_scans(store.conn, sql) for sql in sqls if not any(t in sql for t in SETTINGS)}
        assert {sql: found for sql, found in scans.items() if found} == {}
    finally:
        store.conn.close()
