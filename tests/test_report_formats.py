"""Every format is rendered from one report model, so every format tells the same figures.

For each of the seven formats the test reads the file back the way its reader
would (a CSV parser, a JSON parser, openpyxl, python-docx, an HTML parser, the
text a person sees) and checks the headline sentence and the count of points
in each health state against the model.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from cqvet.labels import message
from cqvet.models import Health
from cqvet.render import report_data as rd
from cqvet.render.formats import ReportFormat, render
from cqvet.report import HEALTH_ORDER, Report


def model_counts(report: Report) -> dict[str, int]:
    return {str(h): report.tally.count(h) for h in HEALTH_ORDER}


def counted(labels: list[str], lang: str) -> dict[str, int]:
    by_label = {rd.health_label(h, lang): str(h) for h in Health}
    tally = Counter(by_label[label] for label in labels)
    return {str(h): tally.get(str(h), 0) for h in HEALTH_ORDER}


class HealthCells(HTMLParser):
    """Collects the health classes of the points table's cells (`<td class="… h-behind">`)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "td":
            self.cells += [c[2:] for c in classes if c.startswith("h-")]


def from_json(data: bytes, lang: str) -> tuple[str, dict[str, int]]:
    parsed = json.loads(data)
    return parsed["headline"], counted([p["health_label"] for p in parsed["points"]], lang)


def from_csv(data: bytes, lang: str) -> tuple[str, dict[str, int]]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    return "", counted([r["health_label"] for r in rows], lang)


def from_markdown(data: bytes, lang: str) -> tuple[str, dict[str, int]]:
    text = data.decode("utf-8")
    heading = "## " + message("report.points", lang)  # the points table's section
    section = text.split(heading)[1].split("## ")[0]
    labels = [line.split(" | ")[6] for line in section.splitlines() if re.match(r"\| \d+ \|", line)]
    return text, counted(labels, lang)


def from_html(data: bytes, lang: str) -> tuple[str, dict[str, int]]:
    text = data.decode("utf-8")
    points_table = text[text.index('<section class="long">') :]  # the points table's section
    parser = HealthCells()
    parser.feed(points_table.split("</table>")[0])
    return text, counted([rd.health_label(Health(c), lang) for c in parser.cells], lang)


def from_xlsx(data: bytes, lang: str) -> tuple[str, dict[str, int]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[1]
    header = [c.value for c in sheet[1]]
    column = next(
        i for i, v in enumerate(header) if v and str(v).replace("\n", "") == message("col.health", lang)
    )
    labels = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None]
    summary_text = " ".join(str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value)
    return summary_text, counted([str(v) for v in labels], lang)


def from_docx(data: bytes, lang: str) -> tuple[str, dict[str, int]]:
    import docx

    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    table = max(document.tables, key=lambda t: len(t.rows))  # the points table is the longest
    header = [c.text for c in table.rows[0].cells]
    column = header.index(message("col.health", lang))
    labels = [row.cells[column].text for row in table.rows[1:]]
    return text, counted(labels, lang)


def from_terminal(data: bytes, lang: str) -> tuple[str, dict[str, int]]:
    text = data.decode("utf-8")
    line = next(
        line
        for line in text.splitlines()
        if rd.health_label(Health.ON_TRACK, lang) in line
        and rd.health_label(Health.OVERDUE, lang) in line
        and "│" in line
        and "%" not in line
    )
    pairs = re.findall(r"(\S+(?: \S+)?) (\d+)", line.strip("│ "))
    by_label = {rd.health_label(h, lang): str(h) for h in HEALTH_ORDER}
    return text, {by_label[label]: int(n) for label, n in pairs if label in by_label}


READERS = {
    ReportFormat.json: from_json,
    ReportFormat.csv: from_csv,
    ReportFormat.md: from_markdown,
    ReportFormat.html: from_html,
    ReportFormat.xlsx: from_xlsx,
    ReportFormat.docx: from_docx,
    ReportFormat.terminal: from_terminal,
}


@pytest.mark.parametrize("fmt", list(READERS))
def test_every_format_tells_the_models_counts_and_headline(demo_report: Report, fmt: ReportFormat) -> None:
    text, counts = READERS[fmt](render(demo_report, fmt, "zh"), "zh")
    assert counts == model_counts(demo_report)
    if fmt is not ReportFormat.csv:  # the CSV has one row per point and no sentences
        assert rd.headline(demo_report, "zh").replace("\n", "") in text.replace("\n", "")


def test_the_demo_report_has_more_than_one_health_state(demo_report: Report) -> None:
    """The comparison above is only worth something if the counts are not all in one state."""
    assert sum(1 for n in model_counts(demo_report).values() if n) >= 2
