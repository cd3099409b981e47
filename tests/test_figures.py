"""Figures a leader acts on, through the CLI: deadline days, rounding, as-of views, corrections,
the section table in every format, impossible states, local time and the reporting grace (issue 13)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ok, refused, snapshot

# Each quarter-end deadline form, the day it means, and the quarter it closes.
QUARTER_END_FORMS = [
    ("一季度末", "2021-03-31", "2021Q1"),
    ("6月底", "2021-06-30", "2021Q2"),
    ("三季度末", "2021-09-30", "2021Q3"),
    ("年底前", "2021-12-31", "2021Q4"),
]


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


@pytest.mark.slow
@pytest.mark.parametrize("due_at_quarter_end", QUARTER_END_FORMS, indirect=True)
def test_a_report_as_of_its_quarters_last_day_counts_a_point_due_that_day_and_not_done_as_overdue(  # type: ignore[no-untyped-def]
    cqvet, due_at_quarter_end
) -> None:
    """逾期 (到期未完成) in the health, the counts, the headline and the attention list."""
    _, day, quarter = due_at_quarter_end
    data = json.loads(ok(cqvet("report", "--quarter", quarter, "--format", "json")))
    assert data["as_of"] == day
    assert point(data, 13)["health"] == "overdue"
    # (at the year's end every point still on its default deadline 年底 is overdue too)
    assert data["summary"]["overdue"] == sum(p["health"] == "overdue" for p in data["points"]) >= 1
    assert 13 in data["attention"]
    terminal = ok(cqvet("report", "--quarter", quarter))
    assert "无滞后、受阻或逾期事项" not in terminal


@pytest.mark.slow
@pytest.mark.parametrize("due_at_quarter_end", QUARTER_END_FORMS, indirect=True)
def test_list_due_and_show_as_of_a_past_deadline_day_call_the_unfinished_point_overdue(  # type: ignore[no-untyped-def]
    cqvet, due_at_quarter_end
) -> None:
    """Once its deadline day is over, every view says 逾期, as the report does."""
    _, day, _ = due_at_quarter_end
    listed = json.loads(ok(cqvet("list", "--as-of", day, "--format", "json")))
    assert next(p for p in listed if p["number"] == 13)["overdue"] is True
    overdue = json.loads(ok(cqvet("list", "--as-of", day, "--status", "逾期", "-f", "json")))
    assert 13 in [p["number"] for p in overdue]
    due = json.loads(ok(cqvet("due", "--as-of", day, "--format", "json")))
    assert [(p["number"], p["overdue"]) for p in due if p["number"] == 13] == [(13, True)]
    assert "已逾期" in ok(cqvet("due", "--as-of", day))
    assert json.loads(ok(cqvet("show", "13", "--as-of", day, "--format", "json")))["overdue"] is True
    assert "逾期" in ok(cqvet("show", "13", "--as-of", day))


def test_a_point_due_today_is_due_not_overdue_while_today_runs(cqvet, loaded: Path) -> None:  # type: ignore[no-untyped-def]
    """Today has not ended, so a point due today is listed as due soon, not as overdue."""
    today = dt.date.today().isoformat()
    ok(cqvet("deadline", "set", "13", today))
    ok(cqvet("progress", "set", "13", "--percent", "95", "--date", today))
    listed = json.loads(ok(cqvet("list", "--format", "json")))
    assert next(p for p in listed if p["number"] == 13)["overdue"] is False
    due = json.loads(ok(cqvet("due", "--format", "json")))
    assert [(p["number"], p["overdue"], p["days_left"]) for p in due if p["number"] == 13] == [(13, False, 0)]


# --- every format of one report ------------------------------------------------------------

FILE_FORMATS = ("md", "csv", "json", "html", "xlsx", "docx")


def report_in_every_format(cqvet, folder: Path, *args: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The report in each format as written: text for the text formats, rows for xlsx and docx."""
    out: dict[str, object] = {"terminal": ok(cqvet("report", *args))}
    for fmt in FILE_FORMATS:
        path = folder / f"report.{fmt}"
        ok(cqvet("report", *args, "--output", str(path), "--force"))
        if fmt == "xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(path)
            out[fmt] = {
                ws.title: [[(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
                for ws in workbook
            }
        elif fmt == "docx":
            import docx

            document = docx.Document(str(path))
            out[fmt] = {
                "paragraphs": [p.text for p in document.paragraphs],
                "tables": [
                    [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
                ],
            }
        else:
            out[fmt] = path.read_text(encoding="utf-8-sig")
    return out


# --- 2. 四舍五入 ------------------------------------------------------------------------------


@pytest.fixture
def halves(cqvet, loaded: Path) -> Path:  # type: ignore[no-untyped-def]
    """Section 三 (points 6–9) at 30 + 25 + 25 + 25 = 105 %, a mean of 26.25 at the end of June;
    point 1 at 1 % since March: the whole plan's mean goes from 1/17 (0.06) to 106/17 (6.24)."""
    ok(cqvet("progress", "set", "1", "--percent", "1", "--date", "2021-03-31"))
    for number, percent in ((6, 30), (7, 25), (8, 25), (9, 25)):
        ok(cqvet("progress", "set", str(number), "--percent", str(percent), "--date", "2021-06-30"))
    return loaded


@pytest.mark.slow
def test_percentages_round_half_up_and_the_change_comes_from_exact_means_in_every_format(  # type: ignore[no-untyped-def]
    cqvet, halves: Path, tmp_path: Path
) -> None:
    """26.25 is shown as 26.3 (not 26.2) everywhere; the mean rose by 105/17 = 6.18, shown +6.2,
    although the rounded means (0.1 and 6.2) differ by 6.1."""
    out = report_in_every_format(cqvet, tmp_path, "--quarter", "2021Q2")
    data = json.loads(out["json"])  # type: ignore[arg-type]
    section_3 = next(s for s in data["sections"] if s["seq"] == 3)
    assert section_3["summary"]["mean_percent"] == 26.3
    assert (data["previous"]["mean_percent"], data["summary"]["mean_percent"]) == (0.1, 6.2)
    assert data["change"]["mean_percent"] == 6.2
    for fmt in ("terminal", "md", "html"):
        text = out[fmt]
        assert "26.3%" in text and "26.2%" not in text, fmt  # type: ignore[operator]
        assert "+6.2" in text and "+6.1" not in text, fmt  # type: ignore[operator]
    assert "26.3%" in str(out["docx"]) and "+6.2" in str(out["docx"])
    cells = [cell for rows in out["xlsx"].values() for row in rows for cell in row]  # type: ignore[union-attr]
    assert (26.3, 'General"%"') in cells and (26.2, 'General"%"') not in cells
    assert (6.2, '"+"General;"−"General;"+"General') in cells


@pytest.mark.slow
def test_expected_progress_rounds_half_up_in_every_format(cqvet, loaded: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Due 16 January, on 1 January one day of sixteen has passed: 6.25 %, shown 6.3 % everywhere."""
    import csv
    import io

    ok(cqvet("deadline", "set", "13", "2021-01-16"))
    out = report_in_every_format(cqvet, tmp_path, "--as-of", "2021-01-01")
    assert point(json.loads(str(out["json"])), 13)["expected"] == 6.3
    rows = list(csv.DictReader(io.StringIO(str(out["csv"]))))
    assert next(r for r in rows if r["number"] == "13")["expected"] == "6.3"
    for fmt in ("terminal", "md", "html", "docx"):
        assert "6.3%" in str(out[fmt]) and "6.2%" not in str(out[fmt]), fmt
    cells = [cell for rows_ in out["xlsx"].values() for row in rows_ for cell in row]  # type: ignore[union-attr]
    assert (6.3, 'General"%"') in cells


# --- 5. one section table ----------------------------------------------------------------------

SECTION_HEADER = ["部分", "项数", "已完成", "超前", "序时推进", "未启动", "滞后", "受阻", "逾期", "平均进度"]


@pytest.fixture
def every_health(cqvet, loaded: Path) -> Path:  # type: ignore[no-untyped-def]
    """By 30 June: 1 done, 3 overdue (due 6月底 at 50 %), 4 blocked, 6 ahead, 7 on track, the rest behind."""
    for args in (
        ("progress", "set", "1", "--percent", "100", "--date", "2021-06-10"),
        ("deadline", "set", "3", "6月底"),
        ("progress", "set", "3", "--percent", "50", "--date", "2021-06-01"),
        ("progress", "set", "4", "--percent", "20", "--status", "受阻", "--date", "2021-05-01"),
        ("progress", "set", "6", "--percent", "80", "--date", "2021-06-30"),
        ("progress", "set", "7", "--percent", "50", "--date", "2021-06-30"),
    ):
        ok(cqvet(*args))
    return loaded


def _html_section_rows(text: str) -> list[list[str]]:
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append("".join(self.cell).strip())
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    start = text.index("分部分完成情况</h2>")
    parser = Rows()
    parser.feed(text[start : text.index("</table>", start)])
    return parser.rows


def _section_tables(out: dict[str, object]) -> dict[str, list[list[str]]]:
    """The section table of each format, header row first, as text cells."""
    tables: dict[str, list[list[str]]] = {}
    terminal = str(out["terminal"])
    block = terminal[terminal.index("分部分完成情况") : terminal.index("└", terminal.index("分部分完成情况"))]
    tables["terminal"] = [
        [c.strip() for c in line.strip().strip("│").split("│")]
        for line in block.splitlines()
        if line.startswith("│")
    ]
    md = str(out["md"])
    block = md[md.index("## 分部分完成情况") :].split("\n\n")[1]
    tables["md"] = [
        [c.strip() for c in line.strip("|").split("|")] for line in block.splitlines() if "---" not in line
    ]
    tables["html"] = _html_section_rows(str(out["html"]))
    summary = next(iter(out["xlsx"].values()))  # type: ignore[attr-defined]
    first = next(i for i, row in enumerate(summary) if row[0][0] == "部分")
    rows = []
    for row in summary[first:]:
        if row[0][0] is None:
            break
        rows.append([_xlsx_text(value, fmt) for value, fmt in row if value is not None])
    tables["xlsx"] = rows
    tables["docx"] = next(t for t in out["docx"]["tables"] if t[0][0] == "部分")  # type: ignore[index]
    return tables


def _xlsx_text(value: object, fmt: str) -> str:
    if isinstance(value, int | float) and "%" in fmt:
        from cqvet.figures import percent_text

        return percent_text(float(value))
    return str(value)


@pytest.mark.slow
def test_the_section_table_has_every_health_and_adds_up_in_every_format(  # type: ignore[no-untyped-def]
    cqvet, every_health: Path, tmp_path: Path
) -> None:
    """Terminal, md, html, xlsx and docx draw the same table, every health a column, plus a total row;
    each row's healths add up to its points; the JSON and the CSV's rows say the same."""
    out = report_in_every_format(cqvet, tmp_path, "--quarter", "2021Q2")
    tables = _section_tables(out)
    assert tables["md"][0] == SECTION_HEADER
    for fmt, table in tables.items():
        assert table == tables["md"], fmt
    body = tables["md"][1:]
    assert [row[0] for row in body] == [
        "一、坚持党对职业教育的全面领导",
        "二、推进职业教育重点领域改革",
        "三、实施职业教育提质培优行动",
        "四、提升职业教育精准供给水平",
        "五、进一步推进终身教育",
        "六、营造职业教育发展良好氛围",
        "合计",
    ]
    for row in body:
        assert int(row[1]) == sum(int(c) for c in row[2:9]), row
    assert body[-1][1:9] == ["17", "1", "1", "1", "0", "12", "1", "1"]
    data = json.loads(str(out["json"]))
    healths = ("done", "ahead", "on_track", "not_started", "behind", "blocked", "overdue")
    assert [
        [str(s["summary"]["points"]), *(str(s["summary"][h]) for h in healths)] for s in data["sections"]
    ] == [row[1:9] for row in body[:-1]]
    import csv
    import io

    points = list(csv.DictReader(io.StringIO(str(out["csv"]))))
    for seq, row in enumerate(body[:-1], 1):
        mine = [p for p in points if p["section"] == str(seq)]
        assert [str(len(mine)), *(str(sum(p["health"] == h for p in mine)) for h in healths)] == row[1:9]


# --- 9. impossible states refused ------------------------------------------------------------


def refused_unchanged(cqvet, db: Path, *args: str) -> str:  # type: ignore[no-untyped-def]
    """Run a command that must be refused: exit 2, one line on stderr, the database unchanged."""
    before = snapshot(db)
    stderr = refused(cqvet(*args), 2)
    assert snapshot(db) == before
    return stderr


def test_not_started_after_progress_is_refused_rather_than_recorded_as_100_percent_not_started(  # type: ignore[no-untyped-def]
    cqvet, loaded: Path
) -> None:
    ok(cqvet("progress", "set", "13", "--percent", "100", "--date", "2021-06-30"))
    message = refused_unchanged(
        cqvet, loaded, "progress", "set", "13", "--status", "未启动", "--date", "2021-07-01"
    )
    assert "状态为“未启动”时进度须为 0%，而不是 100%" in message
    assert "--percent 0 --correct" in message
    shown = json.loads(ok(cqvet("show", "13", "--format", "json")))
    assert (shown["percent"], shown["status"]) == (100, "done")


def test_not_started_with_a_percent_above_0_is_refused(cqvet, loaded: Path) -> None:  # type: ignore[no-untyped-def]
    message = refused_unchanged(
        cqvet, loaded, "progress", "set", "13", "--status", "未启动", "--percent", "30"
    )
    assert "而不是 30%" in message


def test_done_below_100_is_refused(cqvet, loaded: Path) -> None:  # type: ignore[no-untyped-def]
    message = refused_unchanged(
        cqvet, loaded, "progress", "set", "13", "--status", "已完成", "--percent", "80"
    )
    assert "状态为“已完成”时进度须为 100%，而不是 80%" in message


def test_progress_taken_back_to_0_as_a_correction_is_not_started(cqvet, loaded: Path) -> None:  # type: ignore[no-untyped-def]
    """The way the refusal names: `--percent 0 --correct` records 0 %, 未启动, marked as a correction."""
    ok(cqvet("progress", "set", "13", "--percent", "40", "--date", "2021-06-01"))
    ok(
        cqvet(
            "progress",
            "set",
            "13",
            "--status",
            "未启动",
            "--percent",
            "0",
            "--correct",
            "--date",
            "2021-06-02",
        )
    )
    log = json.loads(ok(cqvet("progress", "log", "13", "--format", "json")))
    assert (log[0]["percent"], log[0]["status"], log[0]["correction"]) == (0, "not_started", True)


# --- 3. as-of means as-of ----------------------------------------------------------------------


@pytest.fixture
def later_history(cqvet, loaded: Path) -> Path:  # type: ignore[no-untyped-def]
    """Point 13: 40 % on 30 June; 70 % on 15 July; reassigned and postponed with effect from 1 August."""
    for args in (
        ("owner", "set", "13", "--lead", "职成教处"),
        ("deadline", "set", "13", "9月底"),
        ("progress", "set", "13", "--percent", "40", "--date", "2021-06-30", "--note", "六月"),
        ("progress", "set", "13", "--percent", "70", "--date", "2021-07-15", "--note", "七月"),
        ("owner", "set", "13", "--lead", "高教处", "--date", "2021-08-01"),
        ("deadline", "set", "13", "年底", "--date", "2021-08-01", "--note", "延期"),
    ):
        ok(cqvet(*args))
    return loaded


@pytest.mark.slow
def test_show_as_of_lists_only_history_dated_on_or_before_the_day(cqvet, later_history: Path) -> None:  # type: ignore[no-untyped-def]
    shown = json.loads(ok(cqvet("show", "13", "--as-of", "2021-06-30", "--format", "json")))
    assert (shown["percent"], shown["lead"], shown["deadline"]) == (40, "职成教处", "2021-09-30")
    assert [e["reported_on"] for e in shown["progress_history"]] == ["2021-06-30"]
    assert [e["lead"] for e in shown["owner_history"]] == ["职成教处"]
    assert [e["due_on"] for e in shown["deadline_history"]] == ["2021-09-30"]
    table = ok(cqvet("show", "13", "--as-of", "2021-06-30"))
    assert "六月" in table and "七月" not in table and "高教处" not in table and "延期" not in table
    later = json.loads(ok(cqvet("show", "13", "--format", "json")))
    assert [e["reported_on"] for e in later["progress_history"]] == ["2021-07-15", "2021-06-30"]


@pytest.mark.slow
def test_progress_log_until_lists_nothing_reported_after_the_day(cqvet, later_history: Path) -> None:  # type: ignore[no-untyped-def]
    log = json.loads(ok(cqvet("progress", "log", "13", "--until", "2021-06-30", "--format", "json")))
    assert [(e["reported_on"], e["note"]) for e in log] == [("2021-06-30", "六月")]


# --- 4. corrections supersede ------------------------------------------------------------------


@pytest.fixture
def corrected(cqvet, loaded: Path) -> Path:  # type: ignore[no-untyped-def]
    """Point 13: 30 % on 1 June; 50 % 教材管理办法印发 on 20 June; corrected to 40 % on 25 June."""
    for args in (
        ("progress", "set", "13", "--percent", "30", "--date", "2021-06-01", "--note", "起草"),
        ("progress", "set", "13", "--percent", "50", "--date", "2021-06-20", "--note", "教材管理办法印发"),
        (
            "progress",
            "set",
            "13",
            "--percent",
            "40",
            "--correct",
            "--date",
            "2021-06-25",
            "--note",
            "更正：办法未印发",
        ),
    ):
        ok(cqvet(*args))
    return loaded


@pytest.mark.slow
def test_the_report_quotes_only_notes_that_stand_as_of_its_date(
    cqvet, corrected: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The retracted note is in no format of the Q2 report; the correction and the earlier note are."""
    out = report_in_every_format(cqvet, tmp_path, "--quarter", "2021Q2")
    notes = [n["note"] for n in point(json.loads(str(out["json"])), 13)["notes"]]
    assert notes == ["起草", "更正：办法未印发"]
    for fmt, text in out.items():
        assert "教材管理办法印发" not in str(text), fmt
    assert "更正：办法未印发" in str(out["md"]) and "更正：办法未印发" in str(out["csv"])


@pytest.mark.slow
def test_a_report_before_the_correction_still_quotes_the_note_it_corrects(cqvet, corrected: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(ok(cqvet("report", "--as-of", "2021-06-22", "--format", "json")))
    assert [n["note"] for n in point(data, 13)["notes"]] == ["起草", "教材管理办法印发"]


@pytest.mark.slow
def test_a_corrected_update_is_marked_wherever_history_is_listed(cqvet, corrected: Path) -> None:  # type: ignore[no-untyped-def]
    log = json.loads(ok(cqvet("progress", "log", "13", "--format", "json")))
    assert [(e["percent"], e["correction"], e["superseded"]) for e in log] == [
        (40, True, False),
        (50, False, True),
        (30, False, False),
    ]
    assert "教材管理办法印发 (已更正)" in ok(cqvet("progress", "log", "13"))
    assert "教材管理办法印发 (已更正)" in ok(cqvet("show", "13"))
    shown = json.loads(ok(cqvet("show", "13", "--format", "json")))
    assert [e["superseded"] for e in shown["progress_history"]] == [False, True, False]
    import csv
    import io

    rows = list(
        csv.DictReader(io.StringIO(ok(cqvet("progress", "log", "13", "--format", "csv")).lstrip("\ufeff")))
    )
    assert [r["superseded"] for r in rows] == ["false", "true", "false"]
    before = json.loads(ok(cqvet("progress", "log", "13", "--until", "2021-06-22", "--format", "json")))
    assert [e["superseded"] for e in before] == [False, False]  # as of 22 June, nothing had corrected it


# --- 10. local time ------------------------------------------------------------------------------


def record_at(db: Path, utc: str, number: int = 13, percent: int = 40, day: str = "2021-06-30") -> None:
    """A progress update whose recording the ledger stamps `utc` (a clock set by hand, as a test can)."""
    from cqvet import recording
    from cqvet.store import Store

    store = Store.open(db)
    try:
        store.now = lambda: utc
        recording.record_progress(
            store,
            store.plan(),
            number,
            percent=percent,
            status=None,
            note="",
            reported_on=dt.date.fromisoformat(day),
            author="tester",
            today=dt.date(2030, 1, 1),
        )
    finally:
        store.close()


@pytest.mark.slow
def test_times_are_shown_in_local_time_and_json_keeps_utc_beside_it(  # type: ignore[no-untyped-def]
    cqvet, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """17:30 UTC on 30 June is 01:30 on 1 July in Chongqing: the table says so, the JSON has both."""
    record_at(loaded, "2021-06-30T17:30:00Z")
    monkeypatch.setenv("CQVET_TZ", "Asia/Shanghai")
    assert "2021-07-01 01:30" in ok(cqvet("progress", "log", "13"))
    (entry,) = json.loads(ok(cqvet("progress", "log", "13", "--format", "json")))
    assert entry["recorded_at"] == "2021-06-30T17:30:00Z"
    assert entry["recorded_at_local"] == "2021-07-01T01:30:00+08:00"
    monkeypatch.setenv("CQVET_TZ", "UTC")
    assert "2021-06-30 17:30" in ok(cqvet("progress", "log", "13"))


def test_the_report_says_when_it_was_made_in_local_time(  # type: ignore[no-untyped-def]
    cqvet, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("CQVET_TZ", "Asia/Shanghai")
    data = json.loads(ok(cqvet("report", "-q", "2021Q2", "--format", "json")))
    utc = dt.datetime.fromisoformat(data["generated_at"])
    local = dt.datetime.fromisoformat(data["generated_at_local"])
    assert utc.utcoffset() == dt.timedelta(0) and local.utcoffset() == dt.timedelta(hours=8) and utc == local
    markdown = ok(cqvet("report", "-q", "2021Q2", "--format", "md"))
    now = dt.datetime.now(ZoneInfo("Asia/Shanghai"))
    minutes = {(now - dt.timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M") for m in (0, 1)}
    assert any(f"生成于 {m}" in markdown for m in minutes), markdown[-200:]


@pytest.mark.slow
def test_restore_names_the_replaced_database_in_local_time(  # type: ignore[no-untyped-def]
    cqvet, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("CQVET_TZ", "Asia/Shanghai")
    backup = tmp_path / "backup.db"
    ok(cqvet("backup", str(backup)))
    ok(cqvet("restore", str(backup)))
    (aside,) = loaded.parent.glob("cqvet.replaced-*.db")
    named = dt.datetime.strptime(aside.stem.removeprefix("cqvet.replaced-"), "%Y%m%d-%H%M%S")
    now = dt.datetime.now(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
    assert dt.timedelta(0) <= now - named < dt.timedelta(minutes=1)


def test_an_unknown_time_zone_is_refused_in_one_line(  # type: ignore[no-untyped-def]
    cqvet, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQVET_TZ", "Asia/Chongqin")
    message = refused_unchanged(cqvet, loaded, "progress", "set", "13", "--percent", "10")
    assert "无法识别的时区“Asia/Chongqin”" in message


# --- 11. reporting grace, decided in the plan's zone ------------------------------------------


def late_flags(cqvet, *args: str) -> list[bool]:  # type: ignore[no-untyped-def]
    data = json.loads(ok(cqvet("report", "--quarter", "2021Q2", "--format", "json", *args)))
    return [n["recorded_late"] for n in point(data, 13)["notes"]]


@pytest.mark.slow
def test_a_quarter_end_figure_recorded_within_the_grace_is_not_late_and_a_later_one_is(  # type: ignore[no-untyped-def]
    cqvet, loaded: Path
) -> None:
    """Figures for 30 June recorded on 3 July (in time, 5 days' grace) and on 6 July (补录)."""
    record_at(loaded, "2021-07-03T02:00:00Z", percent=40)
    record_at(loaded, "2021-07-06T02:00:00Z", percent=50)
    assert late_flags(cqvet) == [False, True]
    assert "（补录）" in ok(cqvet("report", "--quarter", "2021Q2", "--format", "md"))
    assert late_flags(cqvet, "--grace", "10") == [False, False]
    assert late_flags(cqvet, "--grace", "0") == [True, True]
    ok(cqvet("plans", "--grace", "2"))  # stored with the plan: every later report uses it
    assert late_flags(cqvet) == [True, True]
    data = json.loads(ok(cqvet("report", "--quarter", "2021Q2", "--format", "json")))
    assert data["grace_days"] == 2


@pytest.mark.slow
def test_late_does_not_depend_on_the_time_zone_of_whoever_runs_the_report(  # type: ignore[no-untyped-def]
    cqvet, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """17:00 UTC on 5 July is 01:00 on 6 July in Chongqing, the plan's zone: late, wherever it is run."""
    record_at(loaded, "2021-07-05T17:00:00Z")
    for where in ("UTC", "America/New_York", "Asia/Shanghai"):
        monkeypatch.setenv("CQVET_TZ", where)
        assert late_flags(cqvet) == [True], where
    ok(cqvet("plans", "--time-zone", "UTC"))  # a plan kept in UTC: 5 July, within the grace
    assert late_flags(cqvet) == [False]


def test_an_unknown_plan_time_zone_or_a_negative_grace_is_refused(cqvet, loaded: Path) -> None:  # type: ignore[no-untyped-def]
    assert "无法识别的时区“Asia/Chongqin”" in refused_unchanged(
        cqvet, loaded, "plans", "--time-zone", "Asia/Chongqin"
    )
    from conftest import snapshot

    before = snapshot(loaded)
    result = cqvet("plans", "--grace", "-1")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert snapshot(loaded) == before


def test_a_progress_form_row_saying_not_started_with_a_percent_is_refused_with_its_row(  # type: ignore[no-untyped-def]
    cqvet, loaded: Path, tmp_path: Path
) -> None:
    """The form follows the same rule: 未启动 at 40 % stops the import, naming the row, writing nothing."""
    from openpyxl import load_workbook

    ok(cqvet("owner", "set", "3", "--lead", "职成教处"))
    form = tmp_path / "form.xlsx"
    ok(cqvet("export", "progress-form", "--owner", "职成教处", "--output", str(form)))
    workbook = load_workbook(form)
    ws = workbook.active
    assert ws is not None
    ws["G3"], ws["H3"], ws["J3"], ws["K3"] = 40, "未启动", "王五", dt.datetime(2021, 6, 28)
    workbook.save(form)
    from conftest import snapshot

    before = snapshot(loaded)
    result = cqvet("import", "progress", str(form), "--apply")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "状态为“未启动”时进度须为 0%，而不是 40%" in result.stderr
    assert "第3行" in result.stderr  # the row is named
    assert snapshot(loaded) == before
