"""`cqvet report` and `cqvet demo` through the CLI: quarters, formats, output files, bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import snapshot


@pytest.fixture
def history(cqvet, loaded: Path) -> Path:  # type: ignore[no-untyped-def]
    """A little history on the bundled plan: point 2 at 40 % on 31 March and 60 % on 30 June."""
    for args in (
        ("owner", "set", "2", "--lead", "思政处", "--support", "职成教处"),
        ("deadline", "set", "2", "年底"),
        ("progress", "set", "2", "--percent", "40", "--date", "2021-03-31", "--note", "启动评选"),
        ("progress", "set", "2", "--percent", "60", "--date", "2021-06-30", "--note", "初评完成"),
        ("progress", "set", "4", "--status", "受阻", "--date", "2021-05-10", "--note", "经费未到位"),
    ):
        result = cqvet(*args)
        assert result.exit_code == 0, result.stderr
    return loaded


@pytest.mark.parametrize("quarter", ["2021Q2", "2021-Q2", "Q2", "2021年第二季度", "二季度", "2021q2"])
def test_every_accepted_quarter_form_gives_the_same_report(cqvet, history: Path, quarter: str) -> None:  # type: ignore[no-untyped-def]
    result = cqvet("report", "--quarter", quarter, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["quarter"], data["as_of"]) == ("2021Q2", "2021-06-30")
    point_2 = next(p for p in data["points"] if p["number"] == 2)
    assert (point_2["percent"], point_2["previous_percent"], point_2["change"]) == (60, 40, 20)
    assert data["attention"][0] == 4  # blocked comes before the points merely behind


def test_as_of_reports_any_day_within_its_quarter(cqvet, history: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cqvet("report", "--as-of", "2021-05-15", "--format", "json").stdout)
    assert (data["quarter"], data["period_start"], data["as_of"]) == ("2021Q2", "2021-04-01", "2021-05-15")
    assert next(p for p in data["points"] if p["number"] == 2)["percent"] == 40


def test_the_terminal_report_shows_the_headline_and_the_attention_list(cqvet, history: Path) -> None:  # type: ignore[no-untyped-def]
    result = cqvet("report", "-q", "2021Q2")
    assert result.exit_code == 0, result.stderr
    assert "截至6月30日，17项重点工作已完成0项" in result.stdout
    assert "需要关注的事项" in result.stdout and "受阻" in result.stdout
    assert "\x1b" not in result.stdout


def test_csv_has_a_bom_and_one_row_per_point(cqvet, history: Path) -> None:  # type: ignore[no-untyped-def]
    result = cqvet("report", "-q", "2021Q2", "--format", "csv")
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [int(r["number"]) for r in rows] == list(range(1, 18))
    assert rows[1]["health_label"] and rows[1]["notes"].startswith("2021-06-30 60%")


def test_markdown_escapes_user_text(cqvet, history: Path) -> None:  # type: ignore[no-untyped-def]
    cqvet(
        "progress",
        "set",
        "2",
        "--percent",
        "61",
        "--date",
        "2021-06-30",
        "--note",
        "<b>x</b> | *y* [z](http://e)",
    )
    text = cqvet("report", "-q", "2021Q2", "--format", "md").stdout
    assert "&lt;b&gt;x&lt;/b&gt; \\| \\*y\\* \\[z\\]\\(http://e\\)" in text
    assert "<b>" not in text


@pytest.mark.parametrize("suffix", [".md", ".csv", ".json", ".html", ".xlsx", ".docx", ".txt"])
def test_output_infers_the_format_from_the_extension_and_writes_the_whole_file(  # type: ignore[no-untyped-def]
    cqvet, history: Path, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"report{suffix}"
    result = cqvet("report", "-q", "2021Q2", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert data
    if suffix == ".json":
        assert json.loads(data)["quarter"] == "2021Q2"
    if suffix in (".xlsx", ".docx"):
        assert data[:2] == b"PK"  # a zip container, as Office files are
    assert not list(tmp_path.glob(".report*.tmp"))  # no temporary file left behind


def test_an_existing_output_file_is_kept_unless_forced(cqvet, history: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.md"
    target.write_text("keep me", encoding="utf-8")
    before = snapshot(history)
    result = cqvet("report", "-q", "2021Q2", "--output", str(target))
    assert result.exit_code == 2
    assert "已存在" in result.stderr and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert snapshot(history) == before
    assert cqvet("report", "-q", "2021Q2", "--output", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_output_into_a_missing_folder_is_refused(cqvet, history: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cqvet("report", "--output", str(tmp_path / "nope" / "r.html"))
    assert result.exit_code == 2
    assert "不存在" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--quarter", "2021Q5"), "无法识别的季度"),
        (("--quarter", "第五季度"), "2021Q2, 2021-Q2, Q2"),
        (("--as-of", "明天吧"), "无法识别的日期"),
        (("--quarter", "Q2", "--as-of", "2021-06-30"), "只能选其一"),
        (("--tolerance", "150"), "容差"),
        (("--format", "xlsx"), "--output"),
        (("--output", "r.pdf"), "不支持的格式"),
        (("--format", "pdf"), "pdf"),
    ],
)
def test_bad_report_arguments_get_one_line_and_exit_2(
    cqvet, history: Path, args: tuple[str, ...], fragment: str
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(history)
    result = cqvet("report", *args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert snapshot(history) == before


def test_the_report_speaks_english_when_asked(cqvet, history: Path) -> None:  # type: ignore[no-untyped-def]
    result = cqvet("--lang", "en", "report", "-q", "2021Q2")
    assert "As of 30 Jun, of 17 work points" in result.stdout


def test_demo_builds_a_year_and_writes_a_sample_in_every_format(cqvet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "demo"
    result = cqvet("demo", str(folder))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "cqvet-demo.db",
            *(f"report-2021Q2.{ext}" for ext in ("txt", "md", "csv", "json", "html", "xlsx", "docx")),
        ]
    )
    data = json.loads((folder / "report-2021Q2.json").read_text(encoding="utf-8"))
    assert (
        data["summary"]["points"] == 17
        and sum(
            data["summary"][h]
            for h in ("done", "ahead", "on_track", "not_started", "behind", "blocked", "overdue")
        )
        == 17
    )
    again = cqvet("demo", str(folder))
    assert again.exit_code == 2 and "--force" in again.stderr


@pytest.mark.parametrize("fmt", ["terminal", "md", "html"])
def test_the_first_quarter_compares_with_the_start_of_the_year(cqvet, history: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """Q1 is measured against 年初, every point at 0, not against 截至12月31日 (the year's end)."""
    result = cqvet("report", "-q", "2021Q1", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "较年初平均进度" in text
    assert "截至12月31日" not in text and "较上季度" not in text


def test_the_first_quarter_json_starts_every_point_at_zero(cqvet, history: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cqvet("report", "-q", "2021Q1", "--format", "json").stdout)
    assert data["previous"]["mean_percent"] == 0 and data["previous"]["done"] == 0
    point_2 = next(p for p in data["points"] if p["number"] == 2)
    assert (point_2["percent"], point_2["previous_percent"], point_2["change"]) == (40, 0, 40)


def test_the_first_quarter_spreadsheet_heads_its_baseline_start_of_year(  # type: ignore[no-untyped-def]
    cqvet, history: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "q1.xlsx"
    assert cqvet("report", "-q", "2021Q1", "--output", str(out)).exit_code == 0
    cells = {str(c.value) for ws in load_workbook(out) for row in ws.iter_rows() for c in row if c.value}
    assert {"年初", "较年初"} <= cells
    assert not any("截至12月31日" in c or "较上季度" in c for c in cells)
