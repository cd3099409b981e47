"""The report as the Word 通报 a government office sends, as it is sent.

Owns the layout of the Word file: page setup, styles, the 文号 and title, the
主送 line, the numbered sections (overall and per-section tables, the points
needing attention with their owners, 分管领导 and the quarter's notes, targets
with actual and attainment, every point, next quarter's deadlines), the 落款
and 成文日期, and the page numbers. Nothing machine-made is in the body: when
it was generated and with what tolerance go in the document's properties. Every figure comes
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
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from cqvet.dates import format_date, format_month_day
from cqvet.figures import percent_text, signed_text
from cqvet.labels import message
from cqvet.numerals import chinese_number
from cqvet.render import report_data as rd
from cqvet.render.office import HEADER_FILL, HEALTH_FILLS, clean, punctuation
from cqvet.report import HEALTH_ORDER, Dispatch, PointLine, Report, Tally, figure_keys

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

# (label key, width in cm, centred); the widths of each table add up to the 15.6 cm text block.
DOCX_COLUMNS = (
    ("col.number", 1.0, True),
    ("col.title", 3.3, False),
    ("report.owners", 2.6, False),
    ("col.deadline", 1.7, True),
    ("report.figures", 1.8, True),
    ("col.health", 1.5, True),
    ("report.notes", 3.7, False),
)
SUMMARY_COLUMNS = (
    ("", 2.7, False),
    *((f"h.{h}", 1.38, True) for h in ("total", *HEALTH_ORDER)),
    ("report.mean", 1.8, True),
)
TARGET_COLUMNS = (
    ("col.target", 1.2, True),
    ("col.title", 7.8, False),
    ("col.target_value", 2.4, True),
    ("col.actual", 2.2, True),
    ("col.attainment", 2.0, True),
)
# A table of measures (`rd.MEASURE_COLUMNS`) under a point needing attention, and the appendix's
# (`rd.APPENDIX_COLUMNS`, with the latest note); both 15.6 cm across, health in the seventh cell.
MEASURE_DOCX_COLUMNS = (
    ("col.number", 1.2, True),
    ("report.measure_col", 5.0, False),
    ("col.lead", 2.6, False),
    ("col.deadline", 1.9, True),
    ("col.percent", 1.3, True),
    ("col.expected", 1.6, True),
    ("col.health", 2.0, True),
)
APPENDIX_DOCX_COLUMNS = (
    ("col.number", 1.2, True),
    ("report.measure_col", 4.0, False),
    ("col.lead", 2.2, False),
    ("col.deadline", 1.7, True),
    ("col.percent", 1.2, True),
    ("col.expected", 1.4, True),
    ("col.health", 1.5, True),
    ("col.note", 2.4, False),
)
MEASURE_HEALTH_CELL = 6
# The section table: section, points, each health (HEALTH_ORDER), mean; also 15.6 cm across.
SECTION_COLUMNS = (
    ("col.section", 4.2, False),
    ("report.count", 1.2, True),
    *((f"health.{h}", 1.3, True) for h in HEALTH_ORDER),
    ("report.mean", 1.1, True),
)
# A plan that requires review counts 已办结 and 待审核 apart: one more figure, narrower columns.
REVIEW_SUMMARY_COLUMNS = (
    ("", 2.7, False),
    *((f"h.{h}", 1.23, True) for h in ("total", *figure_keys(True))),
    ("report.mean", 1.8, True),
)
REVIEW_SECTION_COLUMNS = (
    ("col.section", 2.9, False),
    ("report.count", 1.1, True),
    *((f"health.{h}", 1.25, True) for h in figure_keys(True)),
    ("report.mean", 1.6, True),  # wide enough for 58.1% on one line
)


def _pct(value: float) -> str:
    return percent_text(value)


def _upcoming_heading(report: Report, lang: str) -> str:
    following = report.quarter.next()
    return message("report.upcoming", lang, quarter=following.label(lang))


def render_docx(report: Report, lang: str, dispatch: Dispatch | None = None) -> bytes:
    """The 通报 as it is sent: 文号, title, 主送, the body in numbered sections, 落款 and 成文日期."""
    import datetime as dt

    from docx import Document

    sent = rd.dispatch_for(report, dispatch, lang)
    repeats = _Repeats()
    document = Document()
    _page_setup(document)
    _styles(document)
    _title_block(document, report, lang, sent)
    blocks = (_summary_block, _attention_block, _targets_block, _points_block, _upcoming_block)
    for index, block in enumerate(blocks):
        block(document, report, lang, index, repeats)
    _signature(document, lang, sent)
    if report.with_measures:
        _appendix(document, report, lang, repeats)
    properties = document.core_properties
    properties.title = clean(rd.title(report, lang))
    properties.subject = clean(rd.period(report, lang))
    properties.author = clean(sent.sender) or "cqvet"
    properties.comments = clean(rd.properties(report, lang))
    properties.keywords = clean(sent.number)
    properties.created = dt.datetime.fromisoformat(report.generated_at.replace("Z", "+00:00")).replace(
        tzinfo=None
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return repeats.written_into(buffer.getvalue())


# A template element's stand-ins: a run whose text is BLANK is replaced by a run holding the
# repetition's text; FILL, in an attribute, by the repetition's fill. Private-use characters:
# the template is made by cqvet, and user text is never searched for them.
BLANK = "\ue000"
FILL = "\ue001"
# Patterns as text: `re` compiles them on first use and keeps them (start-up, README Performance).
_MARK = rf"<w:r><w:t>{BLANK}</w:t></w:r>|{FILL}".encode()
_RUN_SPLIT = "([\t\r\n])"


class _Repeats:
    """Elements repeated thousands of times (a large plan's table rows and attention and
    deadline paragraphs), written into `word/document.xml` as text after python-docx saved
    the rest.

    Built as lxml trees, the two tables of a 5,000-point plan held python-docx at 250 MB
    until the save, and setting each cell's text through python-docx took seconds. Each
    repetition is now the saved text of one template element (made through python-docx,
    with BLANK for each text and FILL for the shade) with its stand-ins replaced, written as
    it is made: the same bytes python-docx writes for a copy of the template, which
    `tests/test_render_office.py` checks run by run against python-docx's `Run.text`.
    """

    def __init__(self) -> None:
        self._items: list[tuple[Sequence[Sequence[str]], Sequence[str] | None]] = []

    def add(self, element: Any, texts: Sequence[Sequence[str]], fills: Sequence[str] | None = None) -> None:
        """Repeat `element` once for each of `texts` (a repetition's texts, in document order)."""
        from lxml import etree

        number = len(self._items)
        element.addprevious(etree.Comment(f"cqvet-repeat {number}"))
        element.addnext(etree.Comment(f"cqvet-repeat-end {number}"))
        self._items.append((texts, fills))

    def written_into(self, package: bytes) -> bytes:
        """`package` (a saved .docx) with each template replaced by its repetitions."""
        import zipfile

        if not self._items:
            return package
        source = zipfile.ZipFile(io.BytesIO(package))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename != "word/document.xml":
                    target.writestr(info, data)
                    continue
                with target.open(info, "w") as stream:
                    self._write(data, stream)
        return buffer.getvalue()

    def _write(self, xml: bytes, stream: Any) -> None:
        at = 0
        for number, (texts, fills) in enumerate(self._items):
            opening, closing = (
                f"<!--cqvet-repeat {number}-->".encode(),
                f"<!--cqvet-repeat-end {number}-->".encode(),
            )
            start = xml.index(opening, at)
            end = xml.index(closing, start)
            stream.write(xml[at:start])
            template = xml[start + len(opening) : end]
            pieces = re.split(_MARK, template)
            marks = re.findall(_MARK, template)
            shades = fills or ()
            for row, repetition in enumerate(texts):
                cells = iter(repetition)
                parts = [pieces[0]]
                for mark, piece in zip(marks, pieces[1:], strict=True):
                    if mark == FILL.encode():
                        parts.append(shades[row].encode())  # a colour such as FFC7CE: nothing to escape
                    else:
                        parts.append(_run_xml(next(cells)).encode())
                    parts.append(piece)
                stream.write(b"".join(parts))
            at = end + len(closing)
        stream.write(xml[at:])


def _run_xml(text: str) -> str:
    """`text` as a run, as python-docx's `Run.text` writes it: each tab a `w:tab`, each line
    break a `w:br`, the rest in `w:t` elements, kept whitespace marked `xml:space`; an empty
    text an empty run."""
    from xml.sax.saxutils import escape

    if not text:
        return "<w:r/>"
    parts = ["<w:r>"]
    for piece in re.split(_RUN_SPLIT, text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    parts.append("</w:r>")
    return "".join(parts)


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
    number = f"{index + 1}. " if lang == "en" else f"{chinese_number(index + 1)}、"
    return document.add_paragraph(number + clean(text), style="Heading 1")


def _title_block(document: DocxDocument, report: Report, lang: str, sent: Dispatch) -> None:
    """文号 (if any) and title centred, the period under it, then the 主送 line flush left."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    if sent.number:
        number = document.add_paragraph(clean(sent.number))
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number.paragraph_format.space_after = Pt(LINE_PT)
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
    period.paragraph_format.space_after = Pt(LINE_PT)  # one blank line before the 主送, as a 通报 has
    if sent.to:
        p = punctuation(lang)
        document.add_paragraph(clean(sent.to.rstrip("：:") + p["colon"].rstrip()))


def _signature(document: DocxDocument, lang: str, sent: Dispatch) -> None:
    """落款 and 成文日期, right-aligned, the date in Chinese (2021年7月5日), after a blank line."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lines = [clean(sent.sender)] if sent.sender.strip() else []
    lines.append(format_date(sent.dated, lang))
    for index, text in enumerate(lines):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)  # 右空四字, as GB/T 9704 places it
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(LINE_PT * 2)


def _summary_block(document: DocxDocument, report: Report, lang: str, index: int, repeats: _Repeats) -> None:
    """The headline, then the counts now, at the baseline and the change, then each section's."""

    _heading(document, message("report.summary", lang), lang, index)
    _paragraph(document, rd.headline(report, lang))
    _paragraph(document, rd.change_sentence(report, lang))
    sep = " " if lang == "en" else ""
    now = message("word.as_of", lang) + sep + format_month_day(report.as_of, lang)
    keys = figure_keys(report.review)
    header = ["", message("report.total", lang), *(rd.figure_label(k, report.review, lang) for k in keys)]
    rows = [
        [now, *_counts(report.tally)],
        [rd.baseline(report, lang), *_counts(report.previous)],
        [
            rd.change_heading(report, lang),
            *(
                signed_text(now - before)
                for now, before in zip(
                    rd.section_counts(report.tally), rd.section_counts(report.previous), strict=True
                )
            ),
            signed_text(report.mean_change),  # from the exact means, then rounded
        ],
    ]
    summary_columns = REVIEW_SUMMARY_COLUMNS if report.review else SUMMARY_COLUMNS
    _table(document, [*header, message("report.mean", lang)], rows, summary_columns, repeats)
    _caption(document, message("report.by_section", lang))
    # Every health a column, then the total row, as in every format (README: one section table).
    section_rows = [
        [name, *map(str, rd.section_counts(tally)), _pct(tally.mean_percent)]
        for name, tally in rd.section_rows(report, lang)
    ]
    section_columns = REVIEW_SECTION_COLUMNS if report.review else SECTION_COLUMNS
    _table(document, rd.section_header(lang, report.review), section_rows, section_columns, repeats)


def _counts(tally: Tally) -> list[str]:
    return [*map(str, rd.section_counts(tally)), _pct(tally.mean_percent)]


def _label(key: str, lang: str) -> str:
    return message(key, lang) if key else ""


def _caption(document: DocxDocument, text: str) -> None:
    """A table's name, in bold on its own line, as a 通报 introduces a second table."""
    paragraph = _paragraph(document, text)
    for run in paragraph.runs:
        run.bold = True


def _table(
    document: DocxDocument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    columns: Sequence[tuple[str, float, bool]],
    repeats: _Repeats,
    fills: Sequence[str] | None = None,
    health_cell: int | None = None,
) -> None:
    """A bordered table of `columns` widths: a bold header repeated on every page, rows never split;
    `fills`: the shade of each row's health cell (`health_cell`, by default a point row's)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, (_, width, _) in zip(table.columns, columns, strict=True):
        column.width = Cm(width)
    style_id = document.styles[TABLE_STYLE].style_id
    _table_row(table.rows[0], header, style_id, header=True, columns=columns)
    _row_flags(table.rows[0], "w:tblHeader", "w:cantSplit")
    if rows:  # a target table, and the points table, have thousands of rows
        template = table.add_row()
        _table_row(template, [BLANK] * len(columns), style_id, columns=columns)
        if fills is not None:
            _shade(template.cells[HEALTH_CELL if health_cell is None else health_cell], FILL)
        _row_flags(template, "w:cantSplit")
        repeats.add(template._tr, [[clean(text) for text in cells] for cells in rows], fills)


def attention_item(line: PointLine, report: Report, lang: str) -> str:
    """`7. 实施…（牵头单位：职成教处；配合单位：财务处；分管领导：…）：完成时限9月30日，进度49%，
    序时进度66%，滞后。本季度进展：5月31日，已印发工作方案。`"""
    return clean(rd.item_sentence(line, report, lang))


def _attention_block(
    document: DocxDocument, report: Report, lang: str, index: int, repeats: _Repeats
) -> None:
    _heading(document, message("report.attention", lang), lang, index)
    if not report.attention:
        _paragraph(document, message("report.attention_none", lang))
    elif any(line.measures for line in report.attention):
        for line in report.attention:
            _paragraph(document, attention_item(line, report, lang))
            if line.measures:
                _caption(document, rd.measures_heading(line, lang))
                _measure_table(document, line, report, lang, repeats, appendix=False)
    else:  # one paragraph a point: thousands in a large plan
        items = [[attention_item(line, report, lang)] for line in report.attention]
        repeats.add(_paragraph(document, BLANK)._p, items)


def _measure_table(
    document: DocxDocument,
    line: PointLine,
    report: Report,
    lang: str,
    repeats: _Repeats,
    *,
    appendix: bool,
) -> None:
    """A point's measures, health shaded; in the appendix, each one's latest note too."""
    columns = APPENDIX_DOCX_COLUMNS if appendix else MEASURE_DOCX_COLUMNS
    rows = [rd.measure_cells(m, report, lang, appendix) for m in line.measures]
    fills = [HEALTH_FILLS[m.health] for m in line.measures]
    _table(document, rd.measure_header(lang, appendix), rows, columns, repeats, fills, MEASURE_HEALTH_CELL)


def _appendix(document: DocxDocument, report: Report, lang: str, repeats: _Repeats) -> None:
    """附件：各项重点工作举措推进情况, on a page of its own after the 成文日期: under each point
    whose measures are tracked (its percent and health), every measure with its latest note."""
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph(clean(message("report.appendix", lang)), style="Heading 1")
    for line in report.points:
        if line.measures:
            p = punctuation(lang)
            _caption(
                document,
                f"{line.number}. {line.title}{p['open']}{line.percent}%{p['comma']}"
                f"{rd.point_health_label(line, lang)}{p['close']}",
            )
            _measure_table(document, line, report, lang, repeats, appendix=True)


def _targets_block(document: DocxDocument, report: Report, lang: str, index: int, repeats: _Repeats) -> None:
    """Every quantitative target with its actual and attainment."""
    _heading(document, message("report.targets", lang), lang, index)
    rows = rd.target_rows(report)
    if not rows:
        _paragraph(document, message("report.targets_none", lang))
        return
    _table(document, [message(key, lang) for key, _, _ in TARGET_COLUMNS], rows, TARGET_COLUMNS, repeats)


def _points_block(document: DocxDocument, report: Report, lang: str, index: int, repeats: _Repeats) -> None:
    """Every point: owners, deadline, percent against expected, health (shaded), the quarter's notes."""
    _heading(document, message("report.points", lang), lang, index)
    header = [message(key, lang) for key, _, _ in DOCX_COLUMNS]
    rows = [_docx_point_cells(line, report, lang) for line in report.points]
    fills = [HEALTH_FILLS[line.health] for line in report.points]
    _table(document, header, rows, DOCX_COLUMNS, repeats, fills)


HEALTH_CELL = [key for key, _, _ in DOCX_COLUMNS].index("col.health")  # the shaded cell of a point's row


def _docx_point_cells(line: PointLine, report: Report, lang: str) -> list[str]:
    supports = ("、" if lang == "zh" else ", ").join(line.supports)
    owners = line.lead or message("word.none", lang)
    colon = punctuation(lang)["colon"]
    if supports:
        owners += f"\n{message('col.supports', lang)}{colon}{supports}"
    if line.leader:  # 分管领导, as every format's points table shows it
        owners += f"\n{message('col.leader', lang)}{colon}{line.leader}"
    return [
        str(line.number),
        line.title,
        owners,
        rd.deadline_shown(line, report, lang),
        f"{_pct(line.percent)}/{percent_text(line.expected)}",
        rd.point_health_label(line, lang),
        rd.notes_text(line, lang),
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


def _upcoming_block(document: DocxDocument, report: Report, lang: str, index: int, repeats: _Repeats) -> None:
    _heading(document, _upcoming_heading(report, lang), lang, index)
    if not report.upcoming:
        _paragraph(document, message("report.upcoming_none", lang))
    else:
        repeats.add(_paragraph(document, BLANK)._p, [[upcoming_item(line, lang)] for line in report.upcoming])
