"""The report as the Word 通报 a government office sends.

Owns the layout of the Word file: page setup, styles, the title block, the
numbered sections, the points table and the page numbers. Every figure comes
from the `Report` and every sentence from `cqvet.render.report_data`, so the
file says what the screen, CSV and JSON say; colours, text cleaning and
punctuation shared with the workbook come from `cqvet.render.office`.

It must never compute a figure of its own, never write user or plan text as
anything but inert text (no control character, nothing that breaks the XML),
and never import python-docx at module level: it costs start-up time that
commands without office output must not pay. This module's name does not
shadow python-docx: imports are absolute, so `docx` below is always the
library.

The file follows GB/T 9704-2012 (党政机关公文格式): A4, margins top 3.7 cm,
bottom 3.5 cm, left 2.8 cm, right 2.6 cm (a 15.6 × 22.5 cm text block),
title in 方正小标宋简体 二号, headings 黑体 三号, body 仿宋 三号 at a fixed
28 pt line, page numbers `— 1 —` in 宋体 四号. 仿宋 rather than 仿宋_GB2312
because every Windows since Vista ships it with the same design.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from cqvet.dates import format_date, format_month_day
from cqvet.figures import percent_text
from cqvet.labels import message
from cqvet.render import report_data as rd
from cqvet.render.office import HEADER_FILL, HEALTH_FILLS, clean, generated, postponed, punctuation
from cqvet.report import HEALTH_ORDER, PointLine, Report

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import ParagraphStyle
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
HEADING_LATIN_FONT = "Arial"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 10.5  # 五号
TABLE_STYLE = "cqvet Table Text"
LINE_PT = 28  # fixed line pitch: 22 lines to the 22.5 cm text block, as GB/T 9704 asks

# (label key, width in cm, centred); the widths add up to the 15.6 cm text block.
DOCX_COLUMNS = (
    ("col.number", 1.3, True),
    ("col.title", 4.0, False),
    ("col.lead", 2.9, False),
    ("col.deadline", 2.1, True),
    ("col.percent", 1.5, True),
    ("col.expected", 1.9, True),
    ("col.health", 1.9, True),
)
# The section table: section, points, each health (HEALTH_ORDER), mean; also 15.6 cm across.
DOCX_SECTION_COLUMNS = (
    ("col.section", 4.2, False),
    ("report.count", 1.2, True),
    *((f"health.{h}", 1.3, True) for h in HEALTH_ORDER),
    ("report.mean", 1.1, True),
)
ZH_NUMERALS = "一二三四五六七八九十"


def _pct(value: float) -> str:
    return percent_text(value)


def _upcoming_heading(report: Report, lang: str) -> str:
    following = report.quarter.next()
    return message("report.upcoming", lang, quarter=following.label(lang))


def render_docx(report: Report, lang: str) -> bytes:
    """The report as the Word 通报 that is sent: sentences, the points needing attention, a table."""
    from docx import Document

    document = Document()
    _page_setup(document)
    _styles(document)
    _title_block(document, report, lang)
    _summary_block(document, report, lang, 0)
    _attention_block(document, report, lang, 1)
    _points_block(document, report, lang, 2)
    _upcoming_block(document, report, lang, 3)
    _generated_line(document, report, lang)
    document.core_properties.title = clean(rd.title(report, lang))
    document.core_properties.author = "cqvet"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_fonts(rpr: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style; theme attributes would override the names, so they go."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _page_setup(document: DocxDocument) -> None:
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    # GB/T 9704-2012 §5.2.1: 天头 37 mm, 订口 28 mm, text block 156 × 225 mm.
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.2)  # page number about 7 mm below the text block
    _page_number_footer(section.footer.paragraphs[0])


def _page_number_footer(paragraph: Paragraph) -> None:
    """`— 7 —` centred: the page number the standard asks for, as a PAGE field Word fills in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    runs = [
        paragraph.add_run("— "),
        paragraph.add_run(),
        paragraph.add_run(),
        paragraph.add_run(),
        paragraph.add_run(" —"),
    ]
    for run, (tag, kind) in zip(
        runs[1:4], (("w:fldChar", "begin"), ("w:instrText", " PAGE "), ("w:fldChar", "end")), strict=True
    ):
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), kind)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = kind
        run._element.append(element)
    for run in runs:
        run.font.size = Pt(14)
        _set_fonts(run._element.get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)


def _styles(document: DocxDocument) -> None:
    """Body 仿宋 三号 on a fixed line; headings 黑体 三号, black, indented like the body; zh-CN text."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang_tag in defaults.iter(qn("w:lang")):
            lang_tag.set(qn("w:eastAsia"), "zh-CN")
    normal = cast("ParagraphStyle", document.styles["Normal"])
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    body = normal.paragraph_format
    body.space_before, body.space_after = Pt(0), Pt(0)
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = Pt(LINE_PT)
    heading = cast("ParagraphStyle", document.styles["Heading 1"])
    _set_fonts(heading.element.get_or_add_rPr(), HEADING_FONT, HEADING_LATIN_FONT)
    heading.font.size = Pt(BODY_PT)
    heading.font.bold = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(0)
    heading.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    table = cast("ParagraphStyle", document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH))
    table.base_style = normal
    table.font.size = Pt(TABLE_PT)
    table.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _paragraph(document: DocxDocument, text: str) -> Paragraph:
    """A body paragraph, first line indented by two characters."""
    from docx.shared import Pt

    paragraph = document.add_paragraph(clean(text))
    paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    return paragraph


def _heading(document: DocxDocument, text: str, lang: str, index: int) -> Paragraph:
    """一、总体情况 — the numbered first-level heading of a 公文 (1. Summary in English)."""
    number = f"{index + 1}. " if lang == "en" else f"{ZH_NUMERALS[index]}、"
    return document.add_paragraph(number + clean(text), style="Heading 1")


def _title_block(document: DocxDocument, report: Report, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(TITLE_PT * 1.6)
    run = title.add_run(clean(rd.title(report, lang)))
    run.bold = True
    run.font.size = Pt(TITLE_PT)
    _set_fonts(run._element.get_or_add_rPr(), TITLE_FONT)
    period = document.add_paragraph(clean(rd.period(report, lang)))
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period.paragraph_format.space_after = Pt(LINE_PT)  # one blank line before the body, as a 通报 has


def _summary_block(document: DocxDocument, report: Report, lang: str, index: int) -> None:
    _heading(document, message("report.summary", lang), lang, index)
    _paragraph(document, rd.headline(report, lang))
    _paragraph(document, rd.change_sentence(report, lang))
    _sections_table(document, report, lang)


def _sections_table(document: DocxDocument, report: Report, lang: str) -> None:
    """By section, every health a column as in every format, then the total row."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    document.add_paragraph(clean(message("report.by_section", lang)), style=TABLE_STYLE)
    table = document.add_table(rows=1, cols=len(DOCX_SECTION_COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, (_, width, _) in zip(table.columns, DOCX_SECTION_COLUMNS, strict=True):
        column.width = Cm(width)
    style_id = document.styles[TABLE_STYLE].style_id
    _table_row(table.rows[0], rd.section_header(lang), style_id, header=True, columns=DOCX_SECTION_COLUMNS)
    _row_flags(table.rows[0], "w:tblHeader", "w:cantSplit")
    for name, tally in rd.section_rows(report, lang):
        row = table.add_row()
        texts = [name, *map(str, rd.section_counts(tally)), _pct(tally.mean_percent)]
        _table_row(row, texts, style_id, columns=DOCX_SECTION_COLUMNS)
        _row_flags(row, "w:cantSplit")


def attention_item(line: PointLine, lang: str) -> str:
    """`1. 加强职业院校党建工作（牵头单位：…）：滞后，进度70%，序时进度100%；本季度进展：…。`"""
    p = punctuation(lang)
    lead = line.lead or message("word.none", lang)
    text = (
        f"{line.number}. {line.title}{p['open']}{message('col.lead', lang)}{p['colon']}{lead}{p['close']}"
        f"{p['colon']}{rd.health_label(line.health, lang)}{p['comma']}"
        f"{message('col.percent', lang)}{p['space']}{_pct(line.percent)}{p['comma']}"
        f"{message('col.expected', lang)}{p['space']}{_pct(line.expected)}"
    )
    latest = line.notes[-1].note.strip() if line.notes else ""
    if latest:
        text += f"{p['semi']}{message('report.notes', lang)}{p['colon']}{latest}"
    return clean(text.rstrip(".。") + p["stop"])


def _attention_block(document: DocxDocument, report: Report, lang: str, index: int) -> None:
    _heading(document, message("report.attention", lang), lang, index)
    if not report.attention:
        _paragraph(document, message("report.attention_none", lang))
    for line in report.attention:
        _paragraph(document, attention_item(line, lang))


def _points_block(document: DocxDocument, report: Report, lang: str, index: int) -> None:
    """The points table: header bold and repeated on every page, rows never split, health cells shaded."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    _heading(document, message("report.points", lang), lang, index)
    table = document.add_table(rows=1, cols=len(DOCX_COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cell widths, LibreOffice and WPS the grid: both are set.
    for column, (_, width, _) in zip(table.columns, DOCX_COLUMNS, strict=True):
        column.width = Cm(width)
    style_id = document.styles[TABLE_STYLE].style_id
    _table_row(table.rows[0], [message(key, lang) for key, _, _ in DOCX_COLUMNS], style_id, header=True)
    _row_flags(table.rows[0], "w:tblHeader", "w:cantSplit")
    _bulk_rows(table, [_docx_point_cells(line, report, lang) for line in report.points], style_id, report)


def _bulk_rows(table: Any, rows: Sequence[Sequence[str]], style_id: str, report: Report) -> None:
    """One row a point, each a copy of the first one made through python-docx, appended in bulk.

    python-docx's `add_row` scans the table's children for where a row goes,
    which made a 5,000-point table quadratic (36 s); a copied row element
    appended to the table costs the same for the first row and the last.
    Only each cell's text (set through python-docx's `Run.text`, which writes
    tabs and line breaks as Word does) and the health cell's fill differ.
    """
    import copy

    from docx.oxml.ns import qn
    from docx.text.run import Run

    if not rows:
        return
    template = table.add_row()
    _table_row(template, rows[0], style_id)
    _shade(template.cells[-1], HEALTH_FILLS[report.points[0].health])
    _row_flags(template, "w:cantSplit")
    model = template._tr
    tbl = model.getparent()
    tbl.remove(model)
    fill, tc_tag, run_path = qn("w:fill"), qn("w:tc"), f"{qn('w:p')}/{qn('w:r')}"
    text_tag, space = qn("w:t"), "{http://www.w3.org/XML/1998/namespace}space"
    for cells, line in zip(rows, report.points, strict=True):
        tr = copy.deepcopy(model)
        tcs = tr.findall(tc_tag)
        for tc, text in zip(tcs, cells, strict=True):
            run, value = tc.find(run_path), clean(text)
            plain = run.find(text_tag)
            if plain is not None and value and "\t" not in value and "\n" not in value and len(run) == 1:
                plain.text = value  # the common case, as python-docx would write it
                if value != value.strip():
                    plain.set(space, "preserve")
                elif space in plain.attrib:
                    del plain.attrib[space]
            else:
                Run(run, None).text = value  # type: ignore[arg-type]  # tabs, breaks, empty cells
        tcs[-1].find(f"{qn('w:tcPr')}/{qn('w:shd')}").set(fill, HEALTH_FILLS[line.health])
        tbl.append(tr)


def _docx_point_cells(line: PointLine, report: Report, lang: str) -> list[str]:
    day = (
        format_month_day(line.deadline, lang)
        if line.deadline.year == report.plan_year
        else format_date(line.deadline, lang)
    )
    return [
        str(line.number),
        line.title,
        rd.lead_text(line, lang),
        day + postponed(line, lang),
        _pct(line.percent),
        _pct(line.expected),
        rd.health_label(line.health, lang),
    ]


def _table_row(
    row: Any,
    texts: Sequence[str],
    style_id: str,
    header: bool = False,
    columns: Sequence[tuple[str, float, bool]] = DOCX_COLUMNS,
) -> None:
    """Fill a table row in the table style: centred figures, left-aligned words, a bold 黑体 header."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    for cell, text, (_, width, centred) in zip(row.cells, texts, columns, strict=True):
        cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id  # by id: python-docx looks a style name up anew on every call
        if centred or header:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(clean(text))
        if header:
            run.bold = True
            _set_fonts(run._element.get_or_add_rPr(), HEADING_FONT, HEADING_LATIN_FONT)
            _shade(cell, HEADER_FILL)


def _shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_flags(row: Any, *tags: str) -> None:
    """Switch on row properties such as w:tblHeader (repeat on each page) and w:cantSplit."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    for tag in tags:
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "true")
        properties.append(flag)


def upcoming_item(line: PointLine, lang: str) -> str:
    """`8. 高质量办好各类技能大赛和活动（职成教处）：2021年9月20日，进度64%。`"""
    p = punctuation(lang)
    lead = line.lead or message("word.none", lang)
    return clean(
        f"{line.number}. {line.title}{p['open']}{lead}{p['close']}"
        f"{p['colon']}{format_date(line.deadline, lang)}{p['comma']}"
        f"{message('col.percent', lang)}{p['space']}{_pct(line.percent)}{p['stop']}"
    )


def _upcoming_block(document: DocxDocument, report: Report, lang: str, index: int) -> None:
    _heading(document, _upcoming_heading(report, lang), lang, index)
    if not report.upcoming:
        _paragraph(document, message("report.upcoming_none", lang))
    for line in report.upcoming:
        _paragraph(document, upcoming_item(line, lang))


def _generated_line(document: DocxDocument, report: Report, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.space_before = Pt(LINE_PT)
    run = paragraph.add_run(clean(generated(report, lang)))
    run.font.size = Pt(12)
