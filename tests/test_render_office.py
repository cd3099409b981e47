"""The Excel workbook and the Word 通报, read back with openpyxl and python-docx as a recipient opens them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from collections import Counter
from io import BytesIO
from typing import Any

import docx
import openpyxl
import pytest
from conftest import with_points
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.worksheet.worksheet import Worksheet

from cqvet.figures import percent_text
from cqvet.labels import message, section_heading
from cqvet.render import report_data as rd
from cqvet.render.docx import attention_item, render_docx
from cqvet.render.office import HEALTH_FILLS
from cqvet.render.text import FORMULA_STARTS
from cqvet.render.xlsx import render_xlsx
from cqvet.report import HEALTH_ORDER, PointLine, Report

HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tfoo",
    "\rbar",
    "\x1b[31mred",
    "nul\x00here",
    "<w:p>",
)


# --- helpers ---------------------------------------------------------------


def workbook(report: Report, lang: str = "zh") -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(render_xlsx(report, lang)))


def document(report: Report, lang: str = "zh") -> Document:
    return docx.Document(BytesIO(render_docx(report, lang)))


def points_sheet(book: openpyxl.Workbook, lang: str = "zh") -> Worksheet:
    return book[message("report.sheet_points", lang)]


def summary_sheet(book: openpyxl.Workbook, lang: str = "zh") -> Worksheet:
    return book[message("report.sheet_summary", lang)]


def column(sheet: Worksheet, label_key: str, lang: str = "zh") -> int:
    """The 1-based column whose header is the label `label_key`."""
    headers = [c.value for c in sheet[1]]
    return headers.index(message(label_key, lang)) + 1


def data_rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]


def summary_row(sheet: Worksheet, label: str) -> tuple[Any, ...]:
    """The first summary row whose first cell is `label` (a health label, 合计, 平均进度)."""
    for row in sheet.iter_rows(values_only=True):
        if row[0] == label:
            return row
    raise AssertionError(f"no row labelled {label!r}")


def headings(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]


def section_paragraphs(doc: Document, heading_text: str) -> list[str]:
    """The body paragraphs between the heading that ends with `heading_text` and the next heading."""
    found: list[str] | None = None
    for paragraph in doc.paragraphs:
        is_heading = paragraph.style is not None and paragraph.style.name == "Heading 1"
        if found is not None and is_heading:
            break
        if found is not None:
            found.append(paragraph.text)
        if is_heading and paragraph.text.endswith(heading_text):
            found = []
    assert found is not None, f"no heading {heading_text!r}"
    return found


def xpath(element: Any, path: str) -> list[Any]:
    """What `path` (w: prefixes allowed) finds under a python-docx XML element."""
    return list(element.xpath(path))


def parts(data: bytes, prefix: str) -> list[str]:
    """The XML of the parts of an Office file whose names start with `prefix`."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return [archive.read(name).decode("utf-8") for name in archive.namelist() if name.startswith(prefix)]


def all_text(doc: Document) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def hostile_point(line: PointLine) -> PointLine:
    """Point n gets HOSTILE[n % len] as title prefix, lead and every note."""
    text = HOSTILE[line.number % len(HOSTILE)]
    notes = tuple(dataclasses.replace(n, note=text) for n in line.notes)
    return dataclasses.replace(line, title=text + line.title, lead=text, notes=notes)


# --- Excel -------------------------------------------------------------------


def test_the_workbook_has_a_summary_sheet_and_a_points_sheet(demo_report: Report) -> None:
    """Both sheets carry their catalogue names, summary first."""
    assert workbook(demo_report).sheetnames == ["汇总", "重点工作"]
    assert workbook(demo_report, "en").sheetnames == ["Summary", "Points"]


def test_the_points_sheet_has_one_row_per_point_in_plan_order(demo_report: Report) -> None:
    sheet = points_sheet(workbook(demo_report))
    rows = data_rows(sheet)
    assert len(rows) == len(demo_report.points) == 17
    number, title = column(sheet, "col.number") - 1, column(sheet, "col.title") - 1
    assert [r[number] for r in rows] == list(range(1, 18))
    assert [r[title] for r in rows] == [p.title for p in demo_report.points]


def test_deadlines_are_real_dates_in_chinese_date_format(demo_report: Report) -> None:
    """A deadline cell is a date Excel can sort and filter, shown as 2021年6月30日."""
    sheet = points_sheet(workbook(demo_report))
    deadline = column(sheet, "col.deadline")
    for row, point in enumerate(demo_report.points, 2):
        cell = sheet.cell(row=row, column=deadline)
        assert cell.value == dt.datetime.combine(point.deadline, dt.time())
        assert cell.number_format == 'yyyy"年"m"月"d"日"'


def test_percent_cells_are_numbers_equal_to_the_model(demo_report: Report) -> None:
    """Progress, expected progress and change are numbers (percentage points), not text."""
    sheet = points_sheet(workbook(demo_report))
    columns = {key: column(sheet, key) for key in ("col.percent", "col.expected", "report.change_col")}
    for row, point in enumerate(demo_report.points, 2):
        values = {key: sheet.cell(row=row, column=c).value for key, c in columns.items()}
        assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in values.values())
        assert values == {
            "col.percent": point.percent,
            "col.expected": point.expected,
            "report.change_col": point.change,
        }
    # One format for every percentage: written as the text formats write it (50%, 49.6%).
    assert sheet.cell(row=2, column=columns["col.percent"]).number_format == 'General"%"'
    assert sheet.cell(row=2, column=columns["col.expected"]).number_format == 'General"%"'


def test_health_cells_are_filled_with_their_health_colour(demo_report: Report) -> None:
    sheet = points_sheet(workbook(demo_report))
    health = column(sheet, "col.health")
    for row, point in enumerate(demo_report.points, 2):
        cell = sheet.cell(row=row, column=health)
        assert cell.value == rd.health_label(point.health, "zh")
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb[-6:] == HEALTH_FILLS[point.health]


def test_every_health_has_its_own_colour() -> None:
    assert set(HEALTH_FILLS) == set(HEALTH_ORDER)
    assert len(set(HEALTH_FILLS.values())) == len(HEALTH_ORDER)


def test_the_points_sheet_is_frozen_filtered_sized_and_printable(demo_report: Report) -> None:
    """Header frozen and filtered, CJK-wide columns, A4 landscape one page wide, header on every page."""
    sheet = points_sheet(workbook(demo_report))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M18"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1
    assert all(cell.font.b for cell in sheet[1])
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLM"}
    assert all(width and width >= 6 for width in widths.values())
    # 重点任务 holds titles of up to 16 Chinese characters: at least two units a character, up to a cap.
    assert widths["C"] >= min(2 * max(len(p.title) for p in demo_report.points), 22)
    notes = sheet.cell(row=2, column=column(sheet, "report.notes"))
    assert notes.alignment.wrap_text and notes.alignment.vertical == "top"


def test_the_notes_cell_holds_the_quarters_notes(demo_report: Report) -> None:
    sheet = points_sheet(workbook(demo_report))
    notes = column(sheet, "report.notes")
    for row, point in enumerate(demo_report.points, 2):
        assert (sheet.cell(row=row, column=notes).value or "") == rd.notes_summary(point, "zh")


def test_the_summary_counts_and_mean_equal_the_tally(demo_report: Report) -> None:
    """Each health's count now and at the previous quarter's end, the change, the total and the mean."""
    sheet = summary_sheet(workbook(demo_report))
    assert sheet["A1"].value == rd.title(demo_report, "zh")
    assert sheet["A3"].value == rd.headline(demo_report, "zh")
    assert sheet["A4"].value == rd.change_sentence(demo_report, "zh")
    for state in HEALTH_ORDER:
        _, now, before, change, *_ = summary_row(sheet, rd.health_label(state, "zh"))
        assert (now, before) == (demo_report.tally.count(state), demo_report.previous.count(state))
        assert change == now - before
    assert summary_row(sheet, "合计")[1:3] == (demo_report.tally.points, demo_report.previous.points)
    mean = summary_row(sheet, "平均进度")
    assert mean[1:3] == (demo_report.tally.mean_percent, demo_report.previous.mean_percent)
    assert isinstance(mean[1], float)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:J1", "A3:J3"} <= merged  # across the section table's ten columns
    assert sheet["A1"].font.b and sheet["A1"].font.sz > 11


def test_the_summary_mean_is_formatted_as_a_percent_of_points(demo_report: Report) -> None:
    sheet = summary_sheet(workbook(demo_report))
    for row in sheet.iter_rows():
        if row[0].value == "平均进度":
            assert row[1].number_format == 'General"%"'
            return
    raise AssertionError("no mean row")


def test_the_by_section_table_matches_each_sections_tally(demo_report: Report) -> None:
    sheet = summary_sheet(workbook(demo_report))
    for section in demo_report.sections:
        _, points, *counts, mean = summary_row(sheet, section_heading(section.seq, section.title, "zh"))[:10]
        tally = section.tally
        assert (points, counts, mean) == (
            tally.points,
            [tally.count(h) for h in HEALTH_ORDER],
            tally.mean_percent,
        )
        assert points == sum(counts)


def test_english_workbook_uses_english_headers(demo_report: Report) -> None:
    book = workbook(demo_report, "en")
    sheet = points_sheet(book, "en")
    assert [c.value for c in sheet[1]][:3] == ["No.", "Section", "Work point"]
    assert sheet.cell(row=2, column=column(sheet, "col.deadline", "en")).number_format == "yyyy-mm-dd"
    assert summary_row(summary_sheet(book, "en"), "Mean progress")[1] == demo_report.tally.mean_percent


# --- Word --------------------------------------------------------------------


def test_the_word_file_opens_with_title_period_headline_and_change(demo_report: Report) -> None:
    doc = document(demo_report)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == rd.title(demo_report, "zh")
    assert texts[1] == rd.period(demo_report, "zh")
    assert rd.headline(demo_report, "zh") in texts
    assert (
        texts.index(rd.change_sentence(demo_report, "zh")) == texts.index(rd.headline(demo_report, "zh")) + 1
    )
    assert texts[2] == "各有关处室、单位："
    assert headings(doc) == [
        "一、总体情况",
        "二、需要关注的事项",
        "三、量化指标完成情况",
        "四、各项重点工作进展",
        "五、下季度到期事项（2021年第三季度）",
    ]


def test_the_title_is_centred_bold_in_a_chinese_display_font(demo_report: Report) -> None:
    doc = document(demo_report)
    title = doc.paragraphs[0]
    assert title.alignment == 1  # WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.bold
    assert xpath(run._element, "./w:rPr/w:rFonts/@w:eastAsia") == ["方正小标宋简体"]
    assert xpath(doc.styles["Normal"].element, "./w:rPr/w:rFonts/@w:eastAsia") == ["仿宋"]
    heading = doc.styles["Heading 1"].element
    assert xpath(heading, "./w:rPr/w:rFonts/@w:eastAsia") == ["黑体"]
    assert xpath(heading, "./w:rPr/w:rFonts/@w:eastAsiaTheme") == []  # a theme font would win over the name


def test_the_page_is_a4_with_gbt_9704_margins(demo_report: Report) -> None:
    section = document(demo_report).sections[0]
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    expected = [Cm(21.0), Cm(29.7), Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)]
    # Word stores twentieths of a point, so a centimetre comes back within a twip.
    assert all(abs((m or 0) - e) < Cm(0.01) for m, e in zip(measured, expected, strict=True)), measured
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer


def test_the_attention_section_lists_exactly_the_attention_points(demo_report: Report) -> None:
    assert demo_report.attention, "the demo year should have points that need attention"
    items = section_paragraphs(document(demo_report), "需要关注的事项")
    assert items == [attention_item(p, demo_report, "zh") for p in demo_report.attention]
    for item, point in zip(items, demo_report.attention, strict=True):
        assert item.startswith(f"{point.number}. {point.title}（牵头单位：{point.lead or '—'}")
        assert f"配合单位：{'、'.join(point.supports)}" in item if point.supports else "配合单位" not in item
        expected = percent_text(point.expected)
        assert f"进度{point.percent}%，序时进度{expected}，{rd.health_label(point.health, 'zh')}。" in item
        assert all(n.note.rstrip("。") in item for n in point.notes)  # the quarter's newest notes


def test_an_empty_attention_section_says_so(demo_report: Report) -> None:
    calm = dataclasses.replace(demo_report, attention=())
    assert section_paragraphs(document(calm), "需要关注的事项") == [message("report.attention_none", "zh")]


def test_the_points_table_has_a_repeated_bold_header_and_one_row_per_point(demo_report: Report) -> None:
    doc = document(demo_report)
    assert len(doc.tables) == 4  # overall, by section, targets, points
    table = doc.tables[3]
    header = table.rows[0]
    assert [c.text for c in header.cells] == [
        "序号",
        "重点任务",
        "责任单位",
        "完成时限",
        "进度/序时进度",
        "进展评价",
        "本季度进展",
    ]
    assert xpath(header._tr, "./w:trPr/w:tblHeader/@w:val") == ["true"]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    rows = table.rows[1:]
    assert len(rows) == 17
    assert [r.cells[0].text for r in rows] == [str(n) for n in range(1, 18)]
    assert [r.cells[1].text for r in rows] == [p.title for p in demo_report.points]
    assert [r.cells[4].text for r in rows] == [
        f"{p.percent}%/{percent_text(p.expected)}" for p in demo_report.points
    ]
    assert [r.cells[5].text for r in rows] == [rd.health_label(p.health, "zh") for p in demo_report.points]
    assert [r.cells[6].text for r in rows] == [rd.notes_text(p, "zh") for p in demo_report.points]
    owners = [r.cells[2].text for r in rows]
    assert all(o.startswith(p.lead or "—") for o, p in zip(owners, demo_report.points, strict=True))
    assert all(
        ("配合单位：" in o) == bool(p.supports) for o, p in zip(owners, demo_report.points, strict=True)
    )
    fills = [xpath(r.cells[5]._tc, "./w:tcPr/w:shd/@w:fill")[0] for r in rows]
    assert fills == [HEALTH_FILLS[p.health] for p in demo_report.points]


def test_the_upcoming_section_lists_next_quarters_deadlines(demo_report: Report) -> None:
    assert demo_report.upcoming, "the demo year should have points due next quarter"
    items = section_paragraphs(document(demo_report), "下季度到期事项（2021年第三季度）")
    # The document ends with the 成文日期, the day the report was made (no 落款 unless given).
    assert items[-1] == "2021年7月5日"
    assert [i.split(".")[0] for i in items[:-1]] == [str(p.number) for p in demo_report.upcoming]


def test_english_headings_appear_when_asked(demo_report: Report) -> None:
    doc = document(demo_report, "en")
    assert doc.paragraphs[0].text == rd.title(demo_report, "en")
    assert rd.headline(demo_report, "en") in [p.text for p in doc.paragraphs]
    assert headings(doc) == [
        "1. Summary",
        "2. Needs attention",
        "3. Targets",
        "4. Work points",
        "5. Due next quarter (2021 Q3)",
    ]
    assert doc.tables[3].rows[0].cells[0].text == "No."
    assert "序号" not in all_text(doc)


# --- hostile text ---------------------------------------------------------------


def test_hostile_text_never_becomes_a_formula_in_the_workbook(demo_report: Report) -> None:
    """Formula starts are neutralised, controls stripped, and every cell stays a value."""
    hostile = with_points(demo_report, hostile_point)
    data = render_xlsx(hostile, "zh")
    book = openpyxl.load_workbook(BytesIO(data))
    strings = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    strings.append(cell.value)
                    assert not cell.value.startswith(FORMULA_STARTS), cell.value
                    assert "\x1b" not in cell.value and "\x00" not in cell.value and "\r" not in cell.value
    assert not any(re.search(r"<f[ >]", xml) for xml in parts(data, "xl/worksheets/sheet"))
    joined = "\n".join(strings)
    for expected in (
        '\'=HYPERLINK("http://x","y")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tfoo",
        "bar",
        "[31mred",
        "nulhere",
        "<w:p>",
    ):
        assert expected in joined, expected


@pytest.mark.slow
def test_hostile_text_is_plain_text_in_the_word_file(demo_report: Report) -> None:
    hostile = with_points(demo_report, hostile_point)
    doc = document(hostile)
    text = all_text(doc)
    assert '=HYPERLINK("http://x","y")' in text
    assert "<w:p>" in text and "[31mred" in text and "nulhere" in text
    assert "\x1b" not in text and "\x00" not in text
    assert len(doc.tables[3].rows) == 18  # "<w:p>" did not add a paragraph or a row


RUN_TEXT = st.text(alphabet=st.sampled_from("ab 中\t\n\r&<>\"' \u3000x"), max_size=12)


@settings(max_examples=300)
@given(text=RUN_TEXT | st.text(max_size=20))
def test_a_repeated_cell_or_paragraph_holds_its_text_as_python_docx_writes_a_run(text: str) -> None:
    """The text written into a repeated row or paragraph is byte for byte the run python-docx makes."""
    from docx.oxml import OxmlElement
    from docx.text.run import Run

    from cqvet.render.docx import _run_xml
    from cqvet.render.office import clean

    value = clean(text)
    run = OxmlElement("w:r")
    Run(run, None).text = value  # type: ignore[arg-type]
    made = etree.tostring(run, encoding="unicode").replace(f' xmlns:w="{run.nsmap["w"]}"', "", 1)
    assert _run_xml(value) == made


def test_every_repeated_row_and_paragraph_reads_back_as_its_own_text(demo_report: Report) -> None:
    """Tabs, line breaks, kept spaces and markup in the repeated rows and paragraphs read back as typed,
    and no template or marker is left in the file."""
    from cqvet.render.docx import BLANK, FILL, HEALTH_CELL

    def odd(line: PointLine) -> PointLine:
        return dataclasses.replace(line, title=f" {line.number}\t<b>&amp;\n ", lead=f"处 {line.number} ")

    report = with_points(demo_report, odd)
    data = render_docx(report, "zh")
    (body,) = parts(data, "word/document.xml")
    assert "cqvet-repeat" not in body and BLANK not in body and FILL not in body
    doc = docx.Document(BytesIO(data))
    rows = doc.tables[-1].rows[1:]
    assert [row.cells[1].text for row in rows] == [line.title for line in report.points]
    assert [row.cells[2].text.split("\n")[0] for row in rows] == [line.lead for line in report.points]
    fills = [row.cells[HEALTH_CELL]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for row in rows]
    assert fills == [HEALTH_FILLS[line.health] for line in report.points]
    attention = section_paragraphs(doc, message("report.attention", "zh"))
    assert attention == [attention_item(line, report, "zh") for line in report.attention]
    targets = doc.tables[-2].rows[1:]
    assert [[c.text for c in row.cells] for row in targets] == [list(r) for r in rd.target_rows(report)]


@pytest.mark.slow
def test_the_office_files_agree_with_the_json_on_every_count(demo_report: Report) -> None:
    """The xlsx summary, the docx headline and report_dict carry the same figures."""
    summary = rd.report_dict(demo_report, "zh")["summary"]
    book = workbook(demo_report)
    sheet = summary_sheet(book)
    for state in HEALTH_ORDER:
        assert summary_row(sheet, rd.health_label(state, "zh"))[1] == summary[str(state)]
    assert summary_row(sheet, "合计")[1] == summary["points"]
    assert summary_row(sheet, "平均进度")[1] == summary["mean_percent"]
    points = points_sheet(book)
    health = column(points, "col.health") - 1
    counted = Counter(row[health] for row in data_rows(points))
    assert {state: counted[rd.health_label(state, "zh")] for state in HEALTH_ORDER} == {
        state: summary[str(state)] for state in HEALTH_ORDER
    }
    headline = next(p.text for p in document(demo_report).paragraphs if p.text.startswith("截至"))
    figures = [int(n) for n in re.findall(r"(\d+)项", headline)]
    assert figures == [summary["points"], *(summary[str(h)] for h in HEALTH_ORDER)]
    assert f"{summary['mean_percent']:g}%" in headline


def test_importing_the_renderer_does_not_load_openpyxl_or_docx() -> None:
    """Start-up time: the libraries load only when a file is rendered."""
    import subprocess
    import sys

    code = (
        "import sys, cqvet.render.office, cqvet.render.xlsx, cqvet.render.docx;"
        " print('openpyxl' in sys.modules, 'docx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@pytest.fixture(scope="module")
def small_report(demo_report: Report) -> Report:
    """Three points, one needing attention: enough to exercise every block, quick enough for Hypothesis."""
    points = demo_report.points[:3]
    return dataclasses.replace(
        demo_report,
        points=points,
        attention=points[:1],
        upcoming=points[2:],
        sections=demo_report.sections[:2],
    )


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(max_size=60), lead=st.text(max_size=30))
def test_any_note_or_lead_renders_and_never_makes_a_formula(
    small_report: Report, note: str, lead: str
) -> None:
    """Whatever a user types, both files render, and no workbook cell is a formula."""

    def rewrite(line: PointLine) -> PointLine:
        notes = tuple(dataclasses.replace(n, note=note) for n in line.notes)
        return dataclasses.replace(line, lead=lead, notes=notes)

    report = with_points(small_report, rewrite)
    # Read as XML rather than through openpyxl and python-docx, to keep 100 examples within seconds.
    for xml in parts(render_xlsx(report, "zh"), "xl/worksheets/sheet"):
        assert not re.search(r"<f[ >]", xml)
        assert all(not cell.startswith(FORMULA_STARTS) for cell in re.findall(r"<t[^>]*>([^<]*)</t>", xml))
    (body,) = parts(render_docx(report, "zh"), "word/document.xml")
    points_table = etree.fromstring(body.encode()).findall(".//" + qn("w:tbl"))[-1]
    assert len(points_table.findall(qn("w:tr"))) == 4  # the header and the three points
