"""Write one plan document in each file form, from its paragraphs and table rows.

A document is a list of blocks: a `str` is a paragraph, a tuple the cells of
a table row (consecutive rows make one table; a row of one repeated cell is a
heading merged across the table). The text form writes a table one cell per
line, as a table pasted from Word arrives.
"""

from __future__ import annotations

import html
import itertools
import subprocess
from collections.abc import Sequence
from pathlib import Path

Block = str | tuple[str, ...]


def to_text(blocks: Sequence[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            lines.append(block)
        elif len(set(block)) == 1:
            lines.append(block[0])
        else:
            lines.extend(block)
    return "\n".join(lines) + "\n"


def write_docx(blocks: Sequence[Block], path: Path, *, merge_down: int | None = None) -> Path:
    """A Word file; `merge_down` merges that column's cells of each table down its rows where equal."""
    import docx

    document = docx.Document()
    table = None
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            table = None
            continue
        if table is None:
            table = document.add_table(rows=0, cols=len(block))
        row = table.add_row()
        if len(set(block)) == 1:
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = block[0]
            continue
        for cell, text in zip(row.cells, block, strict=True):
            cell.text = text
    if merge_down is not None:
        for table in document.tables:
            column = [row.cells[merge_down] for row in table.rows]
            for above, below in itertools.pairwise(column):
                if above.text == below.text and above.text:
                    below.text = ""
                    above.merge(below)
    document.save(str(path))
    return path


def to_html(blocks: Sequence[Block], *, charset: str = "utf-8", title: str = "通知") -> str:
    """A government web page: navigation, a script and a style around the article, furniture after it."""
    body: list[str] = []
    in_table = False
    for block in blocks:
        if isinstance(block, str):
            if in_table:
                body.append("</table>")
                in_table = False
            body.append(f"<p>{html.escape(block)}</p>")
            continue
        if not in_table:
            body.append('<table border="1">')
            in_table = True
        if len(set(block)) == 1:
            body.append(f'<tr><td colspan="{len(block)}">{html.escape(block[0])}</td></tr>')
        else:
            body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in block) + "</tr>")
    if in_table:
        body.append("</table>")
    return (
        "<!DOCTYPE html>\n<html><head>"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{html.escape(title)}</title>"
        "<style>p { margin: 0 } .x::before { content: '1.假' }</style>"
        '<script>var menu = "1.不是要点";</script></head><body>\n'
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/tz">通知公告</a> &gt; 2020年工作要点</div>\n'
        '<div id="content" class="article">\n' + "\n".join(body) + "\n</div>\n"
        '<div class="pages"><a href="/1">上一篇：其他通知</a><a href="/2">下一篇：某某</a></div>\n'
        '<div class="footer">主办单位 版权所有 1.不是要点</div></body></html>\n'
    )


def write_html(blocks: Sequence[Block], path: Path, *, charset: str = "utf-8") -> Path:
    encoding = "gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset
    path.write_bytes(to_html(blocks, charset=charset).encode(encoding))
    return path


def write_pdf(blocks: Sequence[Block], path: Path, chromium: list[str]) -> Path:
    """A PDF printed from the HTML form by headless Chromium, as a browser's 打印 → 另存为 PDF does."""
    page = path.with_suffix(".html")
    write_html(blocks, page)
    subprocess.run(
        [*chromium, "--no-pdf-header-footer", f"--print-to-pdf={path}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path
