"""Tests for offices through the command line: typos told, several leads, the 分管领导 shown,
and names as they were on the day a view is asked for (issue 13, items 12 to 15)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot

Run = Callable[..., Any]


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def refused(result: Any, *needles: str, code: int = 2) -> str:
    """The exit code, every needle on stderr, one line, nothing on stdout."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    stderr = str(result.stderr)
    for needle in needles:
        assert needle in stderr, (needle, stderr)
    assert stderr.count("\n") == 1 and stderr.startswith(("错误：", "error: ")), stderr
    assert "Traceback" not in result.output
    return stderr


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
    refused(cqvet("--db", str(missing), "list"), "文件夹", "不存在", str(missing.parent))
    assert not missing.parent.exists()


def test_cqvet_db_in_a_folder_that_does_not_exist_is_refused_in_english_too(
    cqvet: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQVET_DB", str(tmp_path / "typo" / "cqvet.db"))
    refused(cqvet("--lang", "en", "plans"), "error: the folder", "does not exist")
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
    refused(cqvet("--lang", lang, "list"), f"不支持的语言“{lang}”", "zh", "en")
    assert snapshot(staffed) == before


@pytest.mark.parametrize(("lang", "word"), [("en_US", "Lead"), ("zh-CN", "牵头单位"), ("EN", "Lead")])
def test_a_locale_style_lang_is_understood(cqvet: Run, staffed: Path, lang: str, word: str) -> None:
    assert word in ok(cqvet("--lang", lang, "list"))


def test_an_unknown_cqvet_lang_is_refused(cqvet: Run, staffed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CQVET_LANG", "de")
    refused(cqvet("list"), "不支持的语言“de”")


def test_list_with_an_unknown_owner_is_refused_with_the_known_offices(cqvet: Run, staffed: Path) -> None:
    """`list --owner 职成处` (a typo of 职成教处) is refused, naming every office there is."""
    before = snapshot(staffed)
    refused(
        cqvet("list", "--owner", "职成处"),
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


@pytest.mark.parametrize("fmt", ["terminal", "md", "html", "xlsx", "docx"])
def test_every_report_format_shows_the_leader_of_a_point(
    cqvet: Run, led: Path, tmp_path: Path, fmt: str
) -> None:
    assert "分管领导：张主任" in _report_text(cqvet, tmp_path, fmt)


def test_the_report_json_and_csv_carry_the_leader(cqvet: Run, led: Path, tmp_path: Path) -> None:
    import csv
    import io

    report = json.loads(ok(cqvet("report", "--quarter", "2021Q2", "--format", "json")))
    point = next(p for p in report["points"] if p["number"] == 3)
    assert (point["lead"], point["leader"]) == ("职成教处", "张主任")
    rows = list(csv.DictReader(io.StringIO(_report_text(cqvet, tmp_path, "csv"))))
    assert next(r for r in rows if r["number"] == "3")["leader"] == "张主任"
