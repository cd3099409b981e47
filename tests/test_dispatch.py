"""The 通报 as it is sent, through `cqvet report`: Word read back part by part, the same content
in HTML and Markdown, and the Word file printed to PDF by LibreOffice and read back.

A 通报 has, in order: 文号, title, 主送, the headline, overall and per-section tables,
the points needing attention (lead, supporting offices, 分管领导, deadline, percent
against 序时进度, health, the quarter's notes), targets with actual and attainment,
every point, next quarter's deadlines, then 落款 and 成文日期 in Chinese. Nothing a
machine adds (when it was made, the tolerance) is in the text a reader sees.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest

from cqvet.figures import percent_text
from cqvet.labels import section_heading

pytestmark = pytest.mark.slow  # the Word 通报 printed to PDF by LibreOffice and read back (README, Tests)

ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
LOCAL_MOMENT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")  # when it was made, in local time
SENT = [
    "--doc-number",
    "渝教职成〔2021〕12号",
    "--to",
    "委机关各处室，各直属单位",
    "--from",
    "重庆市教育委员会",
]


@pytest.fixture
def quarter(cqvet: Any, loaded: Path) -> Path:
    """Point 7 behind, led by 职成教处 with 财务处, its 分管领导 named, and a target actual; its notes
    are typed today for the second quarter of 2021, so each is marked 补录 (recorded late)."""
    for args in (
        ("owner", "set", "7", "--lead", "职成教处", "--support", "财务处", "--leader", "张副主任"),
        ("deadline", "set", "7", "9月30日"),
        ("progress", "set", "7", "--percent", "20", "--date", "2021-05-31", "--note", "已印发工作方案"),
        ("progress", "set", "7", "--percent", "30", "--date", "2021-06-30", "--note", "完成首批遴选"),
        ("target", "set", "7.1", "--actual", "44", "--date", "2021-06-30"),
        ("progress", "set", "2", "--percent", "60", "--date", "2021-06-30", "--note", "初评完成"),
    ):
        result = cqvet(*args)
        assert result.exit_code == 0, result.stderr
    return loaded


def write(cqvet: Any, tmp_path: Path, name: str, *extra: str) -> Path:
    out = tmp_path / name
    result = cqvet("report", "-q", "2021Q2", "--output", str(out), "--dated", "2021-07-05", *extra)
    assert result.exit_code == 0, result.stderr
    return out


def body_paragraphs(doc: Any) -> list[Any]:
    return [p for p in doc.paragraphs if p.text.strip()]


def test_the_word_file_has_every_part_of_a_tongbao_in_order(
    cqvet: Any, quarter: Path, tmp_path: Path
) -> None:
    doc = docx.Document(str(write(cqvet, tmp_path, "通报.docx", *SENT)))
    paragraphs = body_paragraphs(doc)
    texts = [p.text for p in paragraphs]
    assert texts[0] == "渝教职成〔2021〕12号" and paragraphs[0].alignment == 1
    assert texts[1] == "2021年全市职业教育与继续教育工作要点季度进展情况通报"
    assert texts[2] == "2021年第二季度（截至2021年6月30日）"
    assert texts[3] == "委机关各处室，各直属单位："
    assert texts[4] == "一、总体情况" and texts[5].startswith("截至6月30日，17项重点工作已完成0项")
    assert texts[-2:] == ["重庆市教育委员会", "2021年7月5日"]
    assert [p.alignment for p in paragraphs[-2:]] == [2, 2]  # right-aligned, as a 落款 is
    item = next(t for t in texts if t.startswith("7. "))
    assert item == (
        "7. 实施“双高”“双优”领航计划（牵头单位：职成教处；配合单位：财务处；分管领导：张副主任）："
        f"完成时限9月30日，进度30%，序时进度{_expected(cqvet, 7)}%，滞后。"
        "本季度进展：5月31日，已印发工作方案（补录）；6月30日，完成首批遴选（补录）。"
    )


def _expected(cqvet: Any, number: int) -> str:
    data = json.loads(cqvet("report", "-q", "2021Q2", "--format", "json").stdout)
    return percent_text(next(p for p in data["points"] if p["number"] == number)["expected"])[:-1]


def test_the_word_tables_carry_the_reports_figures(cqvet: Any, quarter: Path, tmp_path: Path) -> None:
    """Overall counts now, at the baseline and the change; each section; targets; every point."""
    doc = docx.Document(str(write(cqvet, tmp_path, "通报.docx")))
    data = json.loads(cqvet("report", "-q", "2021Q2", "--format", "json").stdout)
    overall, sections, targets, points = doc.tables
    now = [c.text for c in overall.rows[1].cells]
    assert now[0] == "截至6月30日"
    summary = data["summary"]
    order = ["done", "ahead", "on_track", "not_started", "behind", "blocked", "overdue"]
    assert now[1:-1] == [str(summary["points"]), *(str(summary[k]) for k in order)]
    assert now[-1] == f"{summary['mean_percent']:g}%"
    assert next(c.text for c in overall.rows[2].cells) == "截至3月31日"
    assert next(c.text for c in overall.rows[3].cells) == "较上季度"
    # One row a section, named as the plan numbers it (一、…), then the total (README: one section table).
    assert [r.cells[0].text for r in sections.rows[1:]] == [
        *(section_heading(s["seq"], s["title"], "zh") for s in data["sections"]),
        "合计",
    ]
    assert [r.cells[1].text for r in sections.rows[1:]] == [
        *(str(s["summary"]["points"]) for s in data["sections"]),
        str(summary["points"]),
    ]
    row = next(r for r in targets.rows if r.cells[0].text == "7.1")
    assert [c.text for c in row.cells][2:] == ["50所左右", "44所", "88%"]
    assert len(points.rows) == 18
    seven = [c.text for c in points.rows[7].cells]
    assert seven[2] == "职成教处\n配合单位：财务处\n分管领导：张副主任"
    assert seven[6] == "5月31日，已印发工作方案（补录）；6月30日，完成首批遴选（补录）"


def test_nothing_machine_made_is_in_the_body_but_it_is_in_the_properties(
    cqvet: Any, quarter: Path, tmp_path: Path
) -> None:
    doc = docx.Document(str(write(cqvet, tmp_path, "通报.docx")))
    text = "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )
    assert "生成于" not in text and "容差" not in text and not ISO_MOMENT.search(text)
    assert "cqvet" not in text
    properties = doc.core_properties
    assert "容差 10 个百分点" in properties.comments and LOCAL_MOMENT.search(properties.comments)
    assert properties.created is not None and properties.title.endswith("季度进展情况通报")


def test_by_default_the_tongbao_goes_to_the_offices_concerned_unsigned_dated_today(
    cqvet: Any, quarter: Path, tmp_path: Path
) -> None:
    out = tmp_path / "默认.docx"
    assert cqvet("report", "-q", "2021Q2", "--output", str(out)).exit_code == 0
    texts = [p.text for p in body_paragraphs(docx.Document(str(out)))]
    assert texts[0] == "2021年全市职业教育与继续教育工作要点季度进展情况通报"  # no 文号 given
    assert texts[2] == "各有关处室、单位："
    today = dt.date.today()
    assert texts[-1] == f"{today.year}年{today.month}月{today.day}日"
    assert texts[-2].startswith("7. ")  # no 落款: the last item of next quarter's list comes before the date


def test_a_bad_date_of_issue_is_refused_and_writes_nothing(cqvet: Any, quarter: Path, tmp_path: Path) -> None:
    out = tmp_path / "坏.docx"
    result = cqvet("report", "-q", "2021Q2", "--output", str(out), "--dated", "7月35日")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：无法识别的日期“7月35日”")
    assert not out.exists()


@pytest.mark.parametrize("name", ["通报.md", "通报.html"])
def test_markdown_and_html_carry_the_same_tongbao(
    cqvet: Any, quarter: Path, tmp_path: Path, name: str
) -> None:
    text = write(cqvet, tmp_path, name, *SENT).read_text(encoding="utf-8")
    visible = re.sub(r"<!--.*?-->|<head>.*?</head>", "", text, flags=re.DOTALL)
    visible = re.sub(r"<[^>]+>|\\", "", visible)
    for part in (
        "渝教职成〔2021〕12号",
        "季度进展情况通报",
        "委机关各处室，各直属单位：",
        "分部分完成情况",
        "分管领导：张副主任",
        "本季度进展：5月31日，已印发工作方案（补录）；6月30日，完成首批遴选（补录）",
        "量化指标完成情况",
        "44所",
        "重庆市教育委员会",
        "2021年7月5日",
    ):
        assert part in visible, part
    assert visible.index("渝教职成") < visible.index("委机关各处室") < visible.index("重庆市教育委员会")
    assert "生成于" not in visible and not ISO_MOMENT.search(visible)
    assert "容差 10 个百分点" in text  # kept for the curious, out of sight (a comment, a <meta>)


@pytest.fixture
def soffice() -> str:
    """LibreOffice, to print the Word file as an office would. Skipped where it is not installed,
    except in CI (CQVET_REQUIRE_LIBREOFFICE=1)."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        if os.environ.get("CQVET_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("CQVET_REQUIRE_LIBREOFFICE=1 but LibreOffice is not installed")
        pytest.skip("no LibreOffice (apt-get install libreoffice-writer-nogui to run this test)")
    return binary


def test_the_word_file_prints_to_pdf_and_its_text_comes_back(
    cqvet: Any, quarter: Path, tmp_path: Path, soffice: str
) -> None:
    from pypdf import PdfReader

    source = write(cqvet, tmp_path, "tongbao.docx", *SENT)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    reader = PdfReader(str(tmp_path / "tongbao.pdf"))
    assert 3 <= len(reader.pages) <= 12, len(reader.pages)
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for part in (
        "渝教职成〔2021〕12号",
        "季度进展情况通报",
        "委机关各处室",
        "分管领导：张副主任",
        "重庆市教育委员会",
        "2021年7月5日",
    ):
        assert part in text, part
    assert "生成于" not in text
