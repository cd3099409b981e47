"""The HTML report: one well-formed, self-contained page where user text stays data, printable on A4."""

from __future__ import annotations

import dataclasses
import html
import re
import subprocess
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import with_points
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqvet.render import report_data as rd
from cqvet.render.html import TAGS, render_html
from cqvet.report import PointLine, Report

VOID = frozenset({"meta", "col", "br", "link", "img", "input", "hr"})
HOSTILE = (
    "<script>alert(1)</script>",
    "</td></tr>",
    "a & b",
    "\x1b[31mred\x1b[0m",
    '" onmouseover="x',
    "<b>bold</b>",
)


class PageChecker(HTMLParser):
    """Parses a page, recording unbalanced tags, start tags, outside references and chart bars."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.start_tags: set[str] = set()
        self.references: list[str] = []
        self.svg: str | None = None
        self.bars: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start_tags.add(tag)
        values = dict(attrs)
        self.references += [
            f"{k}={v}" for k, v in attrs if k in ("src", "href", "xlink:href", "action", "srcset")
        ]
        if tag == "svg":
            self.svg = values.get("aria-labelledby")
            self.bars[self.svg or ""] = 0
        if tag == "rect" and self.svg and "bar" in (values.get("class") or "").split():
            self.bars[self.svg] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.svg = None
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def check(self, page: str) -> PageChecker:
        self.feed(page)
        self.close()
        if self.stack:
            self.errors.append(f"left open: {self.stack}")
        return self


def checked(page: str) -> PageChecker:
    return PageChecker().check(page)


def hostile(point: PointLine) -> PointLine:
    notes = tuple(
        dataclasses.replace(n, note=HOSTILE[(point.number + i) % len(HOSTILE)])
        for i, n in enumerate(point.notes)
    )
    return dataclasses.replace(
        point, notes=notes, lead="<script>alert('lead')</script>", supports=("</td></tr>", "R&D 处\x1b[2J")
    )


# --- structure --------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_is_well_formed_html_in_the_right_language(demo_report: Report, lang: str) -> None:
    """It parses with every tag closed in order, declares UTF-8 and its language, and has only known tags."""
    page = render_html(demo_report, lang)
    checker = checked(page)
    assert checker.errors == []
    assert checker.start_tags <= TAGS
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert f'<html lang="{"en" if lang == "en" else "zh-CN"}">' in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_holds_the_headline_and_every_point(demo_report: Report, lang: str) -> None:
    """Title, period, headline and change sentence are there, and every point's title."""
    page = render_html(demo_report, lang)
    for sentence in (
        rd.title(demo_report, lang),
        rd.period(demo_report, lang),
        rd.headline(demo_report, lang),
        rd.change_sentence(demo_report, lang),
    ):
        assert html.escape(sentence) in page
    for point in demo_report.points:
        assert html.escape(point.title) in page


def test_there_is_one_bar_per_point_and_one_per_section(demo_report: Report) -> None:
    """The points chart has a bar and a 序时进度 marker per point, the sections chart a bar per section."""
    page = render_html(demo_report, "zh")
    checker = checked(page)
    assert checker.bars == {
        "chart-points-title": len(demo_report.points),
        "chart-sections-title": len(demo_report.sections),
    }
    assert page.count('<svg role="img"') == 2
    assert '<title id="chart-points-title">各项进度与序时进度</title>' in page
    assert page.count('class="expected"') == len(demo_report.points)


def test_the_page_needs_nothing_from_outside(demo_report: Report) -> None:
    """No script, link, image, font or URL: the file opens and prints the same with no network."""
    page = render_html(demo_report, "zh")
    lowered = page.lower()
    for forbidden in (
        "<script",
        "<link",
        "<img",
        "<iframe",
        "http://",
        "https://",
        "url(",
        "@import",
        "@font-face",
    ):
        assert forbidden not in lowered
    assert checked(page).references == []


def test_the_page_is_laid_out_for_a4(demo_report: Report) -> None:
    """A4 page rule, rows and sections kept whole, a CJK font for Windows and Linux, fixed-width tables."""
    page = " ".join(render_html(demo_report, "zh").split())
    assert "@page { size: A4; margin: 15mm;" in page
    assert "page-break-inside: avoid" in page
    assert (
        'font-family: "Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "Noto Sans SC", '
        '"WenQuanYi Micro Hei", sans-serif;' in page
    )
    assert "table-layout: fixed" in page
    assert re.findall(r'viewBox="0 0 (\d+) \d+"', page) == ["680", "680"]


def test_each_point_shows_its_health_by_class_and_by_word(demo_report: Report) -> None:
    """The health cell carries a class per health and the health word, so colour is never the only signal."""
    page = render_html(demo_report, "zh")
    for point in demo_report.points:
        assert f'<td class="center h-{point.health}">{rd.health_label(point.health, "zh")}</td>' in page


def test_the_page_follows_the_order_of_the_tongbao(
    demo_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the Word 通报: overall and per-section figures, what needs attention, targets, every point,
    what falls due next quarter; when it was made (in local time) only in the head, out of the page's text."""
    monkeypatch.setenv("CQVET_TZ", "Asia/Shanghai")
    page = render_html(demo_report, "zh")
    order = [
        page.index(f"<h2>{heading}")
        for heading in (
            "总体情况",
            "分部分完成情况",
            "需要关注的事项",
            "量化指标完成情况",
            "各项重点工作进展",
            "下季度到期事项",
        )
    ]
    assert order == sorted(order)
    head, body = page.split("</head>")
    assert "生成于 2021-07-05 09:00" in head and "2021-07-05 09" not in body
    assert '<footer class="signature"><p>2021年7月5日</p></footer>' in body


def test_late_notes_and_postponed_deadlines_are_marked(demo_report: Report) -> None:
    """A note recorded after the quarter says 补录; a moved deadline says 已延期."""
    first = demo_report.points[0]
    late = dataclasses.replace(first.notes[0], recorded_late=True, note="补报的说明")
    report = with_points(
        demo_report,
        lambda p: (
            dataclasses.replace(p, notes=(late,), deadline_postponed=True) if p.number == first.number else p
        ),
    )
    page = render_html(report, "zh")
    assert re.search(r'<div class="note late">[^<]*（补录）[^<]*补报的说明</div>', page)
    assert '<span class="flag postponed">已延期</span>' in page


# --- escaping -----------------------------------------------------------------


def test_hostile_notes_and_unit_names_stay_text(demo_report: Report) -> None:
    """Markup, ampersands and terminal escapes typed into notes and unit names appear as text only."""
    page = render_html(with_points(demo_report, hostile), "zh")
    checker = checked(page)
    assert checker.errors == []
    assert checker.start_tags <= TAGS
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;lead&#x27;)&lt;/script&gt;" in page
    assert "&lt;/td&gt;&lt;/tr&gt;" in page
    assert "a &amp; b" in page
    assert "&quot; onmouseover=&quot;x" in page
    assert "\x1b" not in page
    assert "[31mred[0m" in page


BEGIN, END = "zqBEGINqz", "zqENDqz"


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(max_size=60), lead=st.text(max_size=30), title=st.text(max_size=40))
def test_no_text_a_user_types_becomes_markup(demo_report: Report, note: str, lead: str, title: str) -> None:
    """Whatever is typed as a note, lead or title, the page holds only the renderer's own tags.

    Each text is wrapped in markers; from every opening marker to the next `<`
    the closing marker must come first (or the chart's … where a label is cut),
    so no `<` of the user's reached the page.
    """

    def mark(text: str) -> str:
        return f"{BEGIN}{text}{END}"

    def change(p: PointLine) -> PointLine:
        notes = tuple(dataclasses.replace(n, note=mark(note)) for n in p.notes)
        return dataclasses.replace(p, notes=notes, lead=mark(lead), title=mark(title))

    page = render_html(with_points(demo_report, change), "zh")
    checker = checked(page)
    assert checker.errors == []
    assert checker.start_tags <= TAGS
    assert page.count(BEGIN) >= 3 * len(demo_report.points)
    for match in re.finditer(BEGIN, page):
        stop = page.find("<", match.end())
        segment = page[match.end() : stop]
        assert END in segment or segment.endswith("…"), segment
        assert ">" not in segment.split(END)[0]


# --- a real browser -------------------------------------------------------------


def squeeze(text: str) -> str:
    """PDF text compared as a reader sees it: Kangxi radicals folded to ideographs (NFKC), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.slow
def test_chromium_prints_the_report_on_a4(
    demo_report: Report, tmp_path: Path, headless_chromium: list[str]
) -> None:
    """Headless Chromium prints the page to A4 pages whose text holds the title, points and figures."""
    from pypdf import PdfReader

    page = tmp_path / "report.html"
    page.write_text(render_html(demo_report, "zh"), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    command = [
        *headless_chromium,
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert pdf.exists(), result.stderr[-2000:]
    assert time.monotonic() - started < 120

    reader = PdfReader(pdf)
    assert len(reader.pages) >= 1
    for sheet in reader.pages:
        assert abs(float(sheet.mediabox.width) - 595) <= 2
        assert abs(float(sheet.mediabox.height) - 842) <= 2
    text = squeeze("".join(sheet.extract_text() for sheet in reader.pages))
    assert squeeze(rd.title(demo_report, "zh")) in text
    assert squeeze(rd.headline(demo_report, "zh")) in text
    for point in (demo_report.points[0], demo_report.points[-1], *demo_report.attention):
        assert squeeze(point.title) in text
    assert f"{demo_report.tally.mean_percent}%" in text
