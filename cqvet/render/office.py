"""The report as the files a government office forwards and archives: an Excel workbook and a Word 通报.

Owns the layout of both files: sheets, tables, fonts, colours, number formats
and page setup. Every figure comes from the `Report` and every sentence from
`cqvet.render.report_data`, so the files say what the screen, CSV and JSON say.

It must never compute a figure of its own, never write user or plan text as
anything but inert text (no formula, no control character, nothing that
breaks the XML), and never import openpyxl or python-docx at module level:
they cost start-up time that commands without office output must not pay.

Decisions worth knowing:

- Percentages are stored in Excel as percentage points (58.3, not 0.583)
  with the format `0.0"%"` (`0"%"` for whole points), so a cell equals the
  figure in the JSON and CSV outputs and sums and averages still work.
- Text cells that a spreadsheet would evaluate (= + - @ tab CR first) get an
  apostrophe in front (`neutralise`); in a workbook the apostrophe stays
  visible, which is the price of text that is never a formula, even after
  someone edits the cell.
- The Word file follows GB/T 9704-2012 (党政机关公文格式): A4, margins top
  3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm (a 15.6 × 22.5 cm text
  block), title in 方正小标宋简体 二号, headings 黑体 三号, body 仿宋 三号 at a
  fixed 28 pt line, page numbers `— 1 —` in 宋体 四号. 仿宋 rather than
  仿宋_GB2312 because every Windows since Vista ships it with the same design.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from cqvet.dates import format_date, format_month_day
from cqvet.labels import message
from cqvet.models import Health
from cqvet.render import report_data as rd
from cqvet.render.text import neutralise, strip_controls
from cqvet.report import HEALTH_ORDER, PointLine, Report, Tally

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import ParagraphStyle
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

# Fill colours by health (RGB hex), shared by the workbook and the Word table.
HEALTH_FILLS: dict[Health, str] = {
    Health.DONE: "C6EFCE",  # green
    Health.AHEAD: "A9DCD4",  # teal
    Health.ON_TRACK: "DDEBF7",  # light blue
    Health.NOT_STARTED: "D9D9D9",  # grey
    Health.BEHIND: "FFD966",  # amber
    Health.BLOCKED: "F8CBAD",  # light red
    Health.OVERDUE: "FF7C80",  # red
}
HEADER_FILL = "D9E1F2"

# Characters XML 1.0 cannot hold at all (lone surrogates, U+FFFE, U+FFFF); C0 controls go in strip_controls.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """User or plan text as a Word or Excel file can hold it: no control characters, nothing XML forbids."""
    return _NOT_XML.sub("", strip_controls("" if text is None else str(text)))


def _pct(value: float) -> str:
    return f"{value:g}%"


def _as_of(day: dt.date, lang: str) -> str:
    """截至6月30日 / as of 30 Jun — the heading of a column of figures on a day."""
    sep = " " if lang == "en" else ""
    return message("word.as_of", lang) + sep + format_month_day(day, lang)


def _section_name(title: str, lang: str) -> str:
    return title or message("report.no_section", lang)


def _generated(report: Report, lang: str) -> str:
    return message("report.generated", lang, at=report.generated_at, tolerance=report.tolerance)


def _upcoming_heading(report: Report, lang: str) -> str:
    following = report.quarter.next()
    return message("report.upcoming", lang, quarter=following.label(lang))


_PUNCTUATION = {
    "zh": {
        "open": "（",
        "close": "）",
        "colon": "：",
        "comma": "，",
        "semi": "；",
        "stop": "。",
        "space": "",
    },
    "en": {
        "open": " (",
        "close": ")",
        "colon": ": ",
        "comma": ", ",
        "semi": "; ",
        "stop": ".",
        "space": " ",
    },
}


def _punctuation(lang: str) -> dict[str, str]:
    return _PUNCTUATION["en" if lang == "en" else "zh"]


def _postponed(line: PointLine, lang: str) -> str:
    p = _punctuation(lang)
    return f"{p['open']}{message('word.postponed', lang)}{p['close']}" if line.deadline_postponed else ""


def _deadline_written(line: PointLine, lang: str) -> str:
    written = line.deadline_written or (
        message("word.default_deadline", lang) if line.deadline_is_default else ""
    )
    return written + _postponed(line, lang)


# =====================================================================
# Excel
# =====================================================================

EXCEL_CELL_LIMIT = 32_767
XLSX_DATE_FORMATS = {"zh": 'yyyy"年"m"月"d"日"', "en": "yyyy-mm-dd"}
WHOLE_PERCENT = '0"%"'
PERCENT = '0.0"%"'
COUNT = "0"
CHANGE = "+0;-0;0"
PERCENT_CHANGE = "+0.0;-0.0;0.0"


def display_width(text: str) -> int:
    """Columns `text` takes in a spreadsheet: CJK and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _column_width(values: Sequence[str], lowest: int, highest: int) -> float:
    widest = max((display_width(line) for v in values for line in v.split("\n")), default=0)
    return float(min(max(widest + 2, lowest), highest))


def _lines(text: str, width: float) -> int:
    """Lines `text` wraps to in a column `width` units wide."""
    usable = max(width - 0.5, 1.0)
    return sum(max(math.ceil(display_width(line) / usable), 1) for line in text.split("\n"))


def _row_height(texts: Sequence[str], widths: Sequence[float], size: float = 11) -> float:
    """A row tall enough for its wrapped text: Excel and LibreOffice do not size rows openpyxl writes."""
    lines = max((_lines(text, width) for text, width in zip(texts, widths, strict=True)), default=1)
    return round(lines * size * 1.4 + 3, 1)


def render_xlsx(report: Report, lang: str) -> bytes:
    """The report as an .xlsx workbook: a summary sheet and one row per work point."""
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    _summary_sheet(summary, report, lang)
    _points_sheet(workbook.create_sheet(), report, lang)
    workbook.properties.title = clean(rd.title(report, lang))
    workbook.properties.creator = "cqvet"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write text that stays text: controls stripped, formula starts neutralised, type forced to string."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=column)
    # Excel refuses to open a file holding a cell longer than 32,767 characters.
    text = neutralise(ILLEGAL_CHARACTERS_RE.sub("", clean(value)))[:EXCEL_CELL_LIMIT]
    if text:
        cell.value = text
        cell.data_type = "s"  # openpyxl turns any string starting with "=" into a formula
    return cell


def _number_cell(ws: Worksheet, row: int, column: int, value: float | dt.date, number_format: str) -> Cell:
    cell = ws.cell(row=row, column=column, value=value)
    cell.number_format = number_format
    return cell


def _style_header(cells: Sequence[Cell]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in cells:
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    _border(cells)


def _border(cells: Sequence[Cell]) -> None:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    for cell in cells:
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def _health_fill(cell: Cell, state: Health) -> None:
    from openpyxl.styles import PatternFill

    cell.fill = PatternFill(fill_type="solid", fgColor=HEALTH_FILLS[state])


def _print_setup(ws: Worksheet, landscape: bool, header: str) -> None:
    """A4, fitted to one page wide, the title in the page header and page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_options.horizontalCentered = True
    # "&" starts a header code in Excel (&P, &B, …); doubled it prints as itself. Excel caps headers at 255.
    ws.oddHeader.center.text = clean(header).replace("\n", " ")[:120].replace("&", "&&")
    ws.oddFooter.center.text = "&P / &N"


# --- summary sheet ------------------------------------------------------

SUMMARY_COLUMNS = 6  # the widest table on the sheet: the by-section one


def _summary_sheet(ws: Worksheet, report: Report, lang: str) -> None:
    ws.title = message("report.sheet_summary", lang)
    ws.column_dimensions["A"].width = _column_width(
        [message("col.section", lang)] + [clean(_section_name(s.title, lang)) for s in report.sections],
        16,
        40,
    )
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 14.0 if lang == "en" else 13.0
    row = _summary_heading(ws, report, lang)
    row = _summary_counts(ws, report, lang, row + 1)
    row = _summary_sections(ws, report, lang, row + 1)
    _text_cell(ws, row + 1, 1, _generated(report, lang))
    _print_setup(ws, landscape=False, header=rd.title(report, lang))


def _merged_line(
    ws: Worksheet, row: int, text: str, size: int, bold: bool = False, centred: bool = False
) -> None:
    """A sentence across the sheet's width; Excel cannot size a merged row itself, so its height is set."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    cell = _text_cell(ws, row, 1, text)
    cell.font = Font(bold=bold, size=size)
    cell.alignment = Alignment(horizontal="center" if centred else "left", vertical="top", wrap_text=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=SUMMARY_COLUMNS)
    across = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, SUMMARY_COLUMNS + 1))
    ws.row_dimensions[row].height = _row_height([clean(text)], [across * 11 / size], size)


def _summary_heading(ws: Worksheet, report: Report, lang: str) -> int:
    _merged_line(ws, 1, rd.title(report, lang), 16, bold=True, centred=True)
    _merged_line(ws, 2, rd.period(report, lang), 11, centred=True)
    _merged_line(ws, 3, rd.headline(report, lang), 11)
    _merged_line(ws, 4, rd.change_sentence(report, lang), 11)
    return 5


def _table_title(ws: Worksheet, row: int, text: str) -> None:
    from openpyxl.styles import Font

    _text_cell(ws, row, 1, text).font = Font(bold=True, size=12)


def _summary_counts(ws: Worksheet, report: Report, lang: str, row: int) -> int:
    """Counts by health on the day and at the end of the previous quarter, with the change."""
    _table_title(ws, row, message("report.summary", lang))
    headers = [
        message("col.health", lang),
        _as_of(report.as_of, lang),
        _as_of(report.previous_as_of, lang),
        message("report.change_col", lang),
    ]
    _style_header([_text_cell(ws, row + 1, c, h) for c, h in enumerate(headers, 1)])
    row += 2
    for state in HEALTH_ORDER:
        label = _text_cell(ws, row, 1, rd.health_label(state, lang))
        _health_fill(label, state)
        _figures(ws, row, report.tally.count(state), report.previous.count(state), COUNT, CHANGE)
        row += 1
    _text_cell(ws, row, 1, message("report.total", lang))
    _figures(ws, row, report.tally.points, report.previous.points, COUNT, CHANGE)
    _text_cell(ws, row + 1, 1, message("report.mean", lang))
    _figures(ws, row + 1, report.tally.mean_percent, report.previous.mean_percent, PERCENT, PERCENT_CHANGE)
    _border([ws.cell(row=r, column=c) for r in range(row - len(HEALTH_ORDER), row + 2) for c in range(1, 5)])
    return row + 2


def _figures(
    ws: Worksheet, row: int, now: float, before: float, number_format: str, change_format: str
) -> None:
    _number_cell(ws, row, 2, now, number_format)
    _number_cell(ws, row, 3, before, number_format)
    _number_cell(ws, row, 4, round(now - before, 1), change_format)


def _summary_sections(ws: Worksheet, report: Report, lang: str, row: int) -> int:
    from openpyxl.styles import Alignment

    _table_title(ws, row, message("report.by_section", lang))
    headers = [
        message(k, lang)
        for k in (
            "col.section",
            "report.count",
            "health.done",
            "health.behind",
            "health.overdue",
            "report.mean",
        )
    ]
    _style_header([_text_cell(ws, row + 1, c, h) for c, h in enumerate(headers, 1)])
    row += 2
    first = row
    for section in report.sections:
        _text_cell(ws, row, 1, _section_name(section.title, lang)).alignment = Alignment(wrap_text=True)
        for column, value in enumerate(_section_counts(section.tally), 2):
            _number_cell(ws, row, column, value, COUNT)
        _number_cell(ws, row, 6, section.tally.mean_percent, PERCENT)
        row += 1
    _border([ws.cell(row=r, column=c) for r in range(first, row) for c in range(1, 7)])
    return row


def _section_counts(tally: Tally) -> list[int]:
    return [tally.points, tally.done, tally.count(Health.BEHIND), tally.count(Health.OVERDUE)]


# --- points sheet -------------------------------------------------------


def _point_columns(lang: str) -> list[tuple[str, int, int, bool]]:
    """(label, lowest width, highest width, wrapped) by column; widths in Excel's units (a "0").

    At their widest they total about 200 units: A4 landscape, one page wide, prints at about 65 %.
    """
    p = _punctuation(lang)
    # 完成时限 / （原文） on two lines, so the narrow column breaks where it reads well.
    source = message("word.text", lang).lower()
    written = f"{message('col.deadline', lang)}\n{p['open'].strip()}{source}{p['close']}"
    return [
        (message("col.number", lang), 6, 6, False),
        (message("col.section", lang), 10, 14, True),
        (message("col.title", lang), 14, 22, True),
        (message("col.lead", lang), 10, 14, True),
        (message("col.supports", lang), 10, 14, True),
        (message("col.deadline", lang), 16, 16, False),
        (written, 10, 12, True),
        (message("col.percent", lang), 8, 10, True),
        (message("col.expected", lang), 9, 10, True),
        (message("report.change_col", lang), 9, 10, True),
        (message("col.health", lang), 10, 12, False),
        (message("word.targets", lang), 14, 22, True),
        (message("report.notes", lang), 24, 42, True),
    ]


def _points_sheet(ws: Worksheet, report: Report, lang: str) -> None:
    """One row per point under a frozen, filtered header that repeats on every printed page."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ws.title = message("report.sheet_points", lang)
    columns = _point_columns(lang)
    _style_header([_text_cell(ws, 1, c, label) for c, (label, *_) in enumerate(columns, 1)])
    alignments = [
        Alignment(vertical="top", wrap_text=True)
        if wrapped
        else Alignment(vertical="top", horizontal="center")
        for *_, wrapped in columns
    ]
    texts: list[list[str]] = [[label] for label, *_ in columns]
    for row, line in enumerate(report.points, 2):
        cells = _point_row(ws, row, line, lang)
        for cell, alignment, seen in zip(cells, alignments, texts, strict=True):
            cell.alignment = alignment
            seen.append(str(cell.value or ""))
        _border(cells)
    widths = [_column_width(seen, low, high) for seen, (_, low, high, _) in zip(texts, columns, strict=True)]
    for column, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(column)].width = width
    for row in range(1, len(report.points) + 2):
        cells = [str(ws.cell(row=row, column=c).value or "") for c in range(1, len(columns) + 1)]
        ws.row_dimensions[row].height = _row_height(cells, widths)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(report.points) + 1}"
    ws.print_title_rows = "1:1"
    _print_setup(ws, landscape=True, header=f"{rd.title(report, lang)} {rd.period(report, lang)}")


def _point_row(ws: Worksheet, row: int, line: PointLine, lang: str) -> list[Cell]:
    health = _text_cell(ws, row, 11, rd.health_label(line.health, lang))
    _health_fill(health, line.health)
    return [
        _number_cell(ws, row, 1, line.number, COUNT),
        _text_cell(ws, row, 2, _section_name(line.section_title, lang)),
        _text_cell(ws, row, 3, line.title),
        _text_cell(ws, row, 4, line.lead),
        _text_cell(ws, row, 5, "、".join(line.supports)),
        _number_cell(ws, row, 6, line.deadline, XLSX_DATE_FORMATS.get(lang, XLSX_DATE_FORMATS["zh"])),
        _text_cell(ws, row, 7, _deadline_written(line, lang)),
        _number_cell(ws, row, 8, line.percent, WHOLE_PERCENT),
        _number_cell(ws, row, 9, line.expected, PERCENT),
        _number_cell(ws, row, 10, line.change, CHANGE),
        health,
        _text_cell(ws, row, 12, rd.target_summary(line).replace("；", "\n")),  # one target a line
        _text_cell(ws, row, 13, rd.notes_summary(line, lang)),
    ]


# =====================================================================
# Word
# =====================================================================

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
ZH_NUMERALS = "一二三四五六七八九十"


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


def attention_item(line: PointLine, lang: str) -> str:
    """`1. 加强职业院校党建工作（牵头单位：…）：滞后，进度70%，序时进度100%；本季度进展：…。`"""
    p = _punctuation(lang)
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
    for line in report.points:
        row = table.add_row()
        _table_row(row, _docx_point_cells(line, report, lang), style_id)
        _shade(row.cells[-1], HEALTH_FILLS[line.health])
        _row_flags(row, "w:cantSplit")


def _docx_point_cells(line: PointLine, report: Report, lang: str) -> list[str]:
    day = (
        format_month_day(line.deadline, lang)
        if line.deadline.year == report.plan_year
        else format_date(line.deadline, lang)
    )
    return [
        str(line.number),
        line.title,
        line.lead or message("word.none", lang),
        day + _postponed(line, lang),
        _pct(line.percent),
        _pct(line.expected),
        rd.health_label(line.health, lang),
    ]


def _table_row(row: Any, texts: Sequence[str], style_id: str, header: bool = False) -> None:
    """Fill a table row in the table style: centred figures, left-aligned words, a bold 黑体 header."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    for cell, text, (_, width, centred) in zip(row.cells, texts, DOCX_COLUMNS, strict=True):
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
    p = _punctuation(lang)
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
    run = paragraph.add_run(clean(_generated(report, lang)))
    run.font.size = Pt(12)
