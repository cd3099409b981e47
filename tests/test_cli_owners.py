"""Tests for offices through the command line: typos told, several leads, the 分管领导 shown,
and names as they were on the day a view is asked for (issue 13, items 12 to 15)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, refused, snapshot
from hypothesis import given
from hypothesis import strategies as st

from cqvet.parsing import UNIT_SEPARATORS, office_key, unit_names

Run = Callable[..., Any]


@pytest.fixture
def staffed(cqvet: Run, loaded: Path) -> Path:
    """Two points with owners, so there are offices to know."""
    ok(cqvet("owner", "set", "3", "--lead", "职成教处", "--support", "财务处"))
    ok(cqvet("owner", "set", "9", "--lead", "学生处"))
    return loaded


# --- item 15: typos are told ---------------------------------------------------------


def test_a_db_option_in_a_folder_that_does_not_exist_is_refused_and_nothing_is_created(
    cqvet: Run, tmp_path: Path
) -> None:
    """`--db 无此目录/x.db` is a typo, not a wish for a new empty database: refused, no folder, no file."""
    missing = tmp_path / "无此目录" / "cqvet.db"
    refused(cqvet("--db", str(missing), "list"), 2, "文件夹", "不存在", str(missing.parent))
    assert not missing.parent.exists()


def test_cqvet_db_in_a_folder_that_does_not_exist_is_refused_in_english_too(
    cqvet: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQVET_DB", str(tmp_path / "typo" / "cqvet.db"))
    refused(cqvet("--lang", "en", "plans"), 2, "error: the folder", "does not exist")
    assert not (tmp_path / "typo").exists()


def test_the_default_data_folder_is_still_created_on_first_use(
    cqvet: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With neither --db nor CQVET_DB, the user data folder is made on first use, as before."""
    monkeypatch.delenv("CQVET_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "data-home" / "cqvet"))
    ok(cqvet("plans"))
    assert (tmp_path / "data-home" / "cqvet" / "cqvet.db").exists()


def test_a_db_option_in_an_existing_folder_creates_the_database(cqvet: Run, tmp_path: Path) -> None:
    path = tmp_path / "新库.db"
    ok(cqvet("--db", str(path), "plans"))
    assert path.exists()


@pytest.mark.parametrize("lang", ["fr", "zhx", "english please", "z"])
def test_an_unknown_lang_is_refused(cqvet: Run, staffed: Path, lang: str) -> None:
    before = snapshot(staffed)
    refused(cqvet("--lang", lang, "list"), 2, f"不支持的语言“{lang}”", "zh", "en")
    assert snapshot(staffed) == before


@pytest.mark.parametrize(("lang", "word"), [("en_US", "Lead"), ("zh-CN", "牵头单位"), ("EN", "Lead")])
def test_a_locale_style_lang_is_understood(cqvet: Run, staffed: Path, lang: str, word: str) -> None:
    assert word in ok(cqvet("--lang", lang, "list"))


def test_an_unknown_cqvet_lang_is_refused(cqvet: Run, staffed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CQVET_LANG", "de")
    refused(cqvet("list"), 2, "不支持的语言“de”")


def test_list_with_an_unknown_owner_is_refused_with_the_known_offices(cqvet: Run, staffed: Path) -> None:
    """`list --owner 职成处` (a typo of 职成教处) is refused, naming every office there is."""
    before = snapshot(staffed)
    refused(
        cqvet("list", "--owner", "职成处"),
        2,
        "没有名为“职成处”的单位",
        "已有的单位：职成教处、财务处、学生处",
    )
    assert snapshot(staffed) == before


def test_list_with_part_of_an_office_name_still_finds_it(cqvet: Run, staffed: Path) -> None:
    rows = json.loads(ok(cqvet("list", "--owner", "职成", "--format", "json")))
    assert [r["number"] for r in rows] == [3]


def test_a_progress_form_for_an_unknown_office_lists_the_known_ones(
    cqvet: Run, staffed: Path, tmp_path: Path
) -> None:
    before = snapshot(staffed)
    refused(
        cqvet("--lang", "en", "export", "progress-form", "--owner", "职成处", "-o", str(tmp_path / "f.xlsx")),
        2,
        "there is no unit named '职成处'; the units are: 职成教处、财务处、学生处",
    )
    assert not (tmp_path / "f.xlsx").exists()
    assert snapshot(staffed) == before


# --- item 14: the 分管领导 is shown ------------------------------------------------------


@pytest.fixture
def led(cqvet: Run, loaded: Path) -> Path:
    ok(cqvet("owner", "set", "3", "--lead", "职成教处", "--support", "财务处", "--leader", "张主任"))
    ok(cqvet("deadline", "set", "3", "6月底"))
    return loaded


def test_show_names_the_leader_on_screen_and_in_json(cqvet: Run, led: Path) -> None:
    assert "分管领导：张主任" in ok(cqvet("show", "3"))
    assert json.loads(ok(cqvet("show", "3", "--format", "json")))["leader"] == "张主任"


def test_list_json_and_csv_carry_the_leader_and_keep_every_old_key(cqvet: Run, led: Path) -> None:
    import csv
    import io

    rows = json.loads(ok(cqvet("list", "--format", "json")))
    assert rows[2]["leader"] == "张主任" and rows[2]["lead"] == "职成教处" and rows[0]["leader"] == ""
    table = list(csv.DictReader(io.StringIO(ok(cqvet("list", "--format", "csv")).lstrip("\ufeff"))))
    assert table[2]["leader"] == "张主任" and table[2]["supports"] == "财务处"


def test_due_shows_the_leader_beside_the_lead(cqvet: Run, led: Path) -> None:
    out = ok(cqvet("due", "--as-of", "2021-06-20"))
    assert "职成教处（分管领导：张主任）" in out
    rows = json.loads(ok(cqvet("due", "--as-of", "2021-06-20", "--format", "json")))
    assert [(r["number"], r["leader"]) for r in rows] == [(3, "张主任")]


def _report_text(cqvet: Run, tmp_path: Path, fmt: str) -> str:
    """The report of 2021Q2 in `fmt`, read back as text."""
    if fmt == "terminal":
        return ok(cqvet("report", "--quarter", "2021Q2"))
    path = tmp_path / f"r.{fmt}"
    ok(cqvet("report", "--quarter", "2021Q2", "--output", str(path)))
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        cells = (c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row)
        return "\n".join(str(c) for c in cells)
    if fmt == "docx":
        import docx

        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["terminal", "md", "html", "xlsx", "docx"])
def test_every_report_format_shows_the_leader_of_a_point(
    cqvet: Run, led: Path, tmp_path: Path, fmt: str
) -> None:
    assert "分管领导：张主任" in _report_text(cqvet, tmp_path, fmt)


def test_the_word_points_table_names_the_leader_in_the_owners_cell(
    cqvet: Run, led: Path, tmp_path: Path
) -> None:
    """Not only in the attention list: the points table's 责任单位 cell carries the 分管领导 too."""
    import docx

    path = tmp_path / "r.docx"
    ok(cqvet("report", "--quarter", "2021Q2", "--output", str(path)))
    points = docx.Document(str(path)).tables[-1]
    row = next(r for r in points.rows if r.cells[0].text == "3")
    assert row.cells[2].text.endswith("分管领导：张主任")


def test_the_report_json_and_csv_carry_the_leader(cqvet: Run, led: Path, tmp_path: Path) -> None:
    import csv
    import io

    report = json.loads(ok(cqvet("report", "--quarter", "2021Q2", "--format", "json")))
    point = next(p for p in report["points"] if p["number"] == 3)
    assert (point["lead"], point["leader"]) == ("职成教处", "张主任")
    rows = list(csv.DictReader(io.StringIO(_report_text(cqvet, tmp_path, "csv"))))
    assert next(r for r in rows if r["number"] == "3")["leader"] == "张主任"


# --- item 13: several leads -------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead_args",
    [
        ["--lead", "高教处、职成教处"],
        ["--lead", "高教处", "--lead", "职成教处"],
        ["--lead", "高教处，职成教处"],
        ["--lead", "高教处,职成教处"],
        ["--lead", "高教处; 职成教处"],
        ["--lead", "高教处；职成教处、"],
    ],
    ids=["dunhao", "repeated", "fullwidth-comma", "comma", "semicolon", "trailing"],
)
def test_several_leads_are_kept_as_several_offices_in_order(
    cqvet: Run, loaded: Path, lead_args: list[str]
) -> None:
    said = ok(cqvet("owner", "set", "7", *lead_args, "--support", "财务处", "--support", "职成教处"))
    assert "牵头：高教处、职成教处；配合：财务处" in said  # a lead is not also listed as supporting
    (row,) = [r for r in json.loads(ok(cqvet("list", "--format", "json"))) if r["number"] == 7]
    assert (row["lead"], row["leads"], row["supports"]) == (
        "高教处、职成教处",
        ["高教处", "职成教处"],
        ["财务处"],
    )
    duties = {d["unit"]: d for d in json.loads(ok(cqvet("owner", "list", "--format", "json")))}
    assert duties["高教处"]["leads"] == [7] and duties["职成教处"]["leads"] == [7]
    assert "高教处、职成教处" not in duties


@pytest.mark.slow
def test_every_view_shows_both_leads_in_order(cqvet: Run, loaded: Path, tmp_path: Path) -> None:
    ok(cqvet("owner", "set", "7", "--lead", "高教处、职成教处", "--leader", "张主任"))
    ok(cqvet("deadline", "set", "7", "6月底"))
    assert "高教处、职成教处" in ok(cqvet("list"))
    assert "高教处、职成教处" in ok(cqvet("show", "7"))
    assert "高教处、职成教处（分管领导：张主任）" in ok(cqvet("due", "--as-of", "2021-06-20"))
    assert [
        r["number"] for r in json.loads(ok(cqvet("list", "--owner", "职成教处", "--format", "json")))
    ] == [7]
    report = json.loads(ok(cqvet("report", "--quarter", "2021Q2", "--format", "json")))
    point = next(p for p in report["points"] if p["number"] == 7)
    assert (point["lead"], point["leads"]) == ("高教处、职成教处", ["高教处", "职成教处"])
    detail = json.loads(ok(cqvet("show", "7", "--format", "json")))
    assert detail["owner_history"][0]["leads"] == ["高教处", "职成教处"]
    for fmt in ("md", "html", "docx", "xlsx"):
        assert "高教处、职成教处" in _report_text(cqvet, tmp_path, fmt), fmt


def test_the_assignment_sheet_carries_several_leads_both_ways(
    cqvet: Run, loaded: Path, tmp_path: Path
) -> None:
    """Exported as 高教处、职成教处 and read back unchanged; 高教处，财务处 in the sheet is two leads."""
    from conftest import write_xlsx

    ok(cqvet("owner", "set", "7", "--lead", "高教处、职成教处"))
    sheet = tmp_path / "a.xlsx"
    ok(cqvet("export", "assignments", "--output", str(sheet)))
    assert "没有需要更改的内容" in ok(cqvet("import", "assignments", str(sheet)))
    edited = write_xlsx(
        tmp_path / "b.xlsx", [["序号", "牵头单位", "配合单位"], [7, "高教处，财务处", "财务处、人事处"]]
    )
    ok(cqvet("import", "assignments", str(edited), "--apply"))
    (row,) = [r for r in json.loads(ok(cqvet("list", "--format", "json"))) if r["number"] == 7]
    assert (row["leads"], row["supports"]) == (["高教处", "财务处"], ["人事处"])
    assert "没有需要更改的内容" in ok(cqvet("import", "assignments", str(edited)))


def test_a_lead_of_separators_only_is_refused(cqvet: Run, loaded: Path) -> None:
    before = snapshot(loaded)
    refused(cqvet("owner", "set", "7", "--lead", "、"), 2, "单位名称不能为空")
    assert snapshot(loaded) == before


# --- item 12: names as of the day -------------------------------------------------------------


@pytest.fixture
def renamed(cqvet: Run, loaded: Path) -> Path:
    """职成教处 leads point 3 and supports point 10 all year; it is renamed 职成处 from 1 July."""
    ok(cqvet("owner", "set", "3", "--lead", "职成教处"))
    ok(cqvet("owner", "set", "10", "--lead", "发展规划处", "--support", "职成教处"))
    ok(cqvet("progress", "set", "3", "-p", "40", "--date", "2021-06-30"))
    said = ok(cqvet("owner", "rename", "职成教处", "职成处", "--date", "2021-07-01"))
    assert "已将“职成教处”更名为“职成处”（自2021-07-01起" in said
    return loaded


def leads_on(cqvet: Run, day: str) -> dict[int, tuple[str, list[str]]]:
    rows = json.loads(ok(cqvet("list", "--as-of", day, "--format", "json")))
    return {r["number"]: (r["lead"], r["supports"]) for r in rows if r["number"] in (3, 10)}


def test_a_view_as_of_a_day_shows_the_names_of_that_day(cqvet: Run, renamed: Path) -> None:
    assert leads_on(cqvet, "2021-06-30") == {3: ("职成教处", []), 10: ("发展规划处", ["职成教处"])}
    assert leads_on(cqvet, "2021-07-01") == {3: ("职成处", []), 10: ("发展规划处", ["职成处"])}
    duties = json.loads(ok(cqvet("owner", "list", "--as-of", "2021-06-30", "--format", "json")))
    assert {"unit": "职成教处", "leads": [3], "supports": [10]} in duties


def test_a_regenerated_past_report_keeps_the_names_it_was_sent_with(cqvet: Run, renamed: Path) -> None:
    def lead_in(quarter: str) -> str:
        report = json.loads(ok(cqvet("report", "--quarter", quarter, "--format", "json")))
        return str(next(p for p in report["points"] if p["number"] == 3)["lead"])

    assert (lead_in("2021Q2"), lead_in("2021Q3")) == ("职成教处", "职成处")
    assert "职成处" not in ok(cqvet("report", "--quarter", "2021Q2", "--format", "md"))


def test_a_rename_is_an_undoable_event_and_history_stays_intact(cqvet: Run, renamed: Path) -> None:
    history = json.loads(ok(cqvet("show", "3", "--format", "json")))["owner_history"]
    assert [h["lead"] for h in history] == ["职成教处"]  # named as on its own day
    assert "单位更名" in ok(cqvet("undo", "--yes"))
    assert leads_on(cqvet, "2021-07-01") == {3: ("职成教处", []), 10: ("发展规划处", ["职成教处"])}


def test_an_office_is_found_by_its_former_name_too(cqvet: Run, renamed: Path) -> None:
    """`owner set --lead 职成教处` after the rename is the same office, not a new one."""
    ok(cqvet("owner", "set", "4", "--lead", "职成教处"))
    duties = json.loads(ok(cqvet("owner", "list", "--format", "json")))
    assert {"unit": "职成处", "leads": [3, 4], "supports": [10]} in duties
    assert [
        r["number"]
        for r in json.loads(ok(cqvet("list", "--owner", "职成教处", "--as-of", "2021-06-30", "-f", "json")))
    ] == [3, 4, 10]  # point 4's first assignment counts from the plan's start, when the name was 职成教处


def test_a_rename_onto_another_offices_name_or_before_the_plan_is_refused(cqvet: Run, renamed: Path) -> None:
    before = snapshot(renamed)
    refused(cqvet("owner", "rename", "职成处", "发展规划处"), 2, "已有名为“发展规划处”的单位")
    refused(cqvet("owner", "rename", "职成处", "职成教育处", "--date", "2020-12-31"), 2, "早于计划年度")
    refused(cqvet("owner", "rename", "无此处", "某处"), 2, "没有名为“无此处”的单位；已有的单位：")
    refused(cqvet("owner", "rename", "职成处", "职成处、高教处"), 2, "分隔符")
    assert snapshot(renamed) == before


def test_an_older_database_still_opens_and_renames_by_day(cqvet: Run, tmp_path: Path) -> None:
    """The fixture of the first schema step upgrades, keeps its names, and takes a dated rename."""
    import shutil

    fixture = Path(__file__).parent / "data" / "schema" / "m001_plan_and_ledger.db"
    db = tmp_path / "old.db"
    shutil.copyfile(fixture, db)
    duties = json.loads(ok(cqvet("--db", str(db), "owner", "list", "--format", "json")))
    old = duties[0]["unit"]
    ok(cqvet("--db", str(db), "owner", "rename", old, "新名处", "--date", "2021-10-01"))
    before = json.loads(
        ok(cqvet("--db", str(db), "owner", "list", "--as-of", "2021-09-30", "--format", "json"))
    )
    after = json.loads(
        ok(cqvet("--db", str(db), "owner", "list", "--as-of", "2021-10-01", "--format", "json"))
    )
    assert before == duties or before[0]["unit"] == old
    assert after[0]["unit"] == "新名处" and after[0]["leads"] == before[0]["leads"]


def test_a_progress_form_asked_for_by_a_former_name_is_the_offices_form(
    cqvet: Run, renamed: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    form = tmp_path / "f.xlsx"
    ok(cqvet("export", "progress-form", "--owner", "职成教处", "--output", str(form)))
    ws = load_workbook(form).active
    assert ws is not None
    assert str(ws["A1"].value).startswith("职成处")
    assert [r[0] for r in ws.iter_rows(min_row=3, values_only=True)] == [3, 10]


# --- the parser of office names, for any names --------------------------------------------

office = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=UNIT_SEPARATORS + "\x00"), min_size=1
).filter(lambda name: office_key(name.strip()))  # something visible: a blank name is refused


@given(
    st.lists(office, min_size=1, max_size=4, unique_by=str.strip), st.lists(st.sampled_from(UNIT_SEPARATORS))
)
def test_offices_joined_by_any_separators_read_back_in_order(names: list[str], separators: list[str]) -> None:
    joined = "".join(
        f"{name}{separators[i % len(separators)] if separators else '、'}" for i, name in enumerate(names)
    )
    assert unit_names(joined) == [n.strip() for n in names]
    assert unit_names(names) == [n.strip() for n in names]
