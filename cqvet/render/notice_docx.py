"""One office's 督办单 as a Word file, in the official layout of the report's 通报.

Page setup, styles, fonts, shading and row flags come from `cqvet.render.docx`
(the one home of the GB/T 9704 layout); this module only lays out a notice:
title, addressee, the body sentence with the reply-by date, the items table
(colour cells shaded red, yellow or blue), and the date. It computes no
figure of its own (they come from `cqvet.supervision.Notice`) and imports
python-docx only when called.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from cqvet.dates import format_date
from cqvet.labels import message
from cqvet.render import docx as layout
from cqvet.render.office import HEADER_FILL, clean
from cqvet.render.supervision import ITEM_HEADS, item_cells, office_line

if TYPE_CHECKING:
    from cqvet.supervision import Notice

# Width in cm of each column of ITEM_HEADS; they add up to the 15.6 cm text block.
WIDTHS = (1.0, 3.6, 1.3, 1.7, 2.0, 2.0, 2.0, 2.0)
COLOUR_FILLS = {"red": "F4B6B6", "yellow": "FFE699", "blue": "BDD7EE"}


def render_notice_docx(notice: Notice, plan_title: str, lang: str) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    layout._page_setup(document)
    layout._styles(document)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(clean(message("notice.title", lang)))
    run.bold = True
    run.font.size = Pt(layout.TITLE_PT)
    layout._set_fonts(run._element.get_or_add_rPr(), layout.TITLE_FONT)
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
    table = document.add_table(rows=1, cols=len(ITEM_HEADS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = Cm(width)
    style_id = document.styles[layout.TABLE_STYLE].style_id
    _row(table.rows[0], [message(k, lang) for k in ITEM_HEADS], style_id, header=True)
    layout._row_flags(table.rows[0], "w:tblHeader", "w:cantSplit")
    for item in notice.items:
        row = table.add_row()
        _row(row, item_cells(item, lang), style_id)
        layout._shade(row.cells[2], COLOUR_FILLS[item.colour])
        layout._row_flags(row, "w:cantSplit")
    dated = document.add_paragraph(clean(format_date(notice.as_of, lang)))
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.paragraph_format.space_before = Pt(layout.LINE_PT)
    document.core_properties.title = clean(f"{message('notice.title', lang)} {notice.office}")
    document.core_properties.author = "cqvet"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _row(row: object, texts: list[str], style_id: str, header: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Cm

    for cell, text, width in zip(row.cells, texts, WIDTHS, strict=True):  # type: ignore[attr-defined]
        cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        run = paragraph.add_run(clean(text))
        if header:
            run.bold = True
            layout._set_fonts(run._element.get_or_add_rPr(), layout.HEADING_FONT, layout.HEADING_LATIN_FONT)
            layout._shade(cell, HEADER_FILL)
