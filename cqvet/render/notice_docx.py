"""The Word files of 督办: one office's 督办单, and the quarter's scorecard, in the layout of the 通报.

Page setup, styles, fonts, shading and row flags come from `cqvet.render.docx`
(the one home of the GB/T 9704 layout); this module only lays out a notice:
title, addressee, the body sentence with the reply-by date, the items table
(colour cells shaded red, yellow or blue), and the date. It computes no
figure of its own (they come from `cqvet.supervision.Notice`) and imports
python-docx only when called.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from cqvet.dates import format_date
from cqvet.labels import message
from cqvet.render import docx as layout
from cqvet.render.office import HEADER_FILL, clean
from cqvet.render.supervision import ITEM_HEADS, SCORE_HEADS, item_cells, office_line, score_cells

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from cqvet.supervision import Notice, Score

# Width in cm of each column of ITEM_HEADS, and of SCORE_HEADS; each adds up to the 15.6 cm text block.
WIDTHS = (1.0, 3.6, 1.3, 1.7, 2.0, 2.0, 2.0, 2.0)
SCORE_WIDTHS = (1.0, 2.8, 1.6, 1.8, 1.8, 1.6, 1.6, 1.7, 1.7)
COLOUR_FILLS = {"red": "F4B6B6", "yellow": "FFE699", "blue": "BDD7EE"}


def render_notice_docx(notice: Notice, plan_title: str, lang: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    layout._page_setup(document)
    layout._styles(document)
    _title(document, message("notice.title", lang))
    subtitle = document.add_paragraph(clean(plan_title))
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(layout.LINE_PT)
    document.add_paragraph(clean(message("notice.to", lang, office=notice.office)))
    layout._paragraph(
        document,
        message(
            "notice.body",
            lang,
            date=format_date(notice.as_of, lang),
            count=len(notice.items),
            reply_by=format_date(notice.reply_by, lang),
        ),
    )
    layout._paragraph(document, office_line(notice, lang))
    table = _table(document, [message(k, lang) for k in ITEM_HEADS], WIDTHS)
    style_id = document.styles[layout.TABLE_STYLE].style_id
    for item in notice.items:
        row = table.add_row()
        _row(row, item_cells(item, lang), style_id, WIDTHS)
        layout._shade(row.cells[2], COLOUR_FILLS[item.colour])
        layout._row_flags(row, "w:cantSplit")
    dated = document.add_paragraph(clean(format_date(notice.as_of, lang)))
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.paragraph_format.space_before = Pt(layout.LINE_PT)
    document.core_properties.title = clean(f"{message('notice.title', lang)} {notice.office}")
    return _saved(document)


def render_scorecard_docx(scores: list[Score], title: str, lang: str) -> bytes:
    """The scorecard as a Word table under its title, one row an office in rank order."""
    from docx import Document

    document = Document()
    layout._page_setup(document)
    layout._styles(document)
    _title(document, title)
    table = _table(document, [message(k, lang) for k in SCORE_HEADS], SCORE_WIDTHS)
    style_id = document.styles[layout.TABLE_STYLE].style_id
    for rank, score in enumerate(scores, start=1):
        row = table.add_row()
        _row(row, score_cells(rank, score), style_id, SCORE_WIDTHS)
        layout._row_flags(row, "w:cantSplit")
    document.core_properties.title = clean(title)
    return _saved(document)


def _title(document: DocxDocument, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(clean(text))
    run.bold = True
    run.font.size = Pt(layout.TITLE_PT)
    layout._set_fonts(run._element.get_or_add_rPr(), layout.TITLE_FONT)


def _table(document: DocxDocument, heads: list[str], widths: tuple[float, ...]) -> Any:
    """A centred grid table with a bold, shaded header row that repeats on every page."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(heads))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    _row(table.rows[0], heads, document.styles[layout.TABLE_STYLE].style_id, widths, header=True)
    layout._row_flags(table.rows[0], "w:tblHeader", "w:cantSplit")
    return table


def _saved(document: DocxDocument) -> bytes:
    document.core_properties.author = "cqvet"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _row(row: Any, texts: list[str], style_id: str, widths: tuple[float, ...], header: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Cm

    for cell, text, width in zip(row.cells, texts, widths, strict=True):
        cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        run = paragraph.add_run(clean(text))
        if header:
            run.bold = True
            layout._set_fonts(run._element.get_or_add_rPr(), layout.HEADING_FONT, layout.HEADING_LATIN_FONT)
            layout._shade(cell, HEADER_FILL)
