"""The quarterly report as one self-contained HTML page, for the browser and for printing on A4.

This module owns the page: its CSS, its two inline SVG charts (a bar per
point against 序时进度, a bar per section) and its tables. The words come from
`cqvet.labels` and the sentences from `report_data`, so the page reads like
the other outputs.

It must never fetch anything or let anything run: no JavaScript, no links,
no images, no web fonts, no URL of any kind, so that a report forwarded by
e-mail opens and prints the same with no network. Every piece of plan or user
text passes through `_e` (control characters stripped, then
`html.escape(..., quote=True)`), so a note can never become markup. Health
is shown by a coloured class and always by its word too.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace

from cqvet.dates import format_date, format_month_day
from cqvet.figures import percent_text, signed_text
from cqvet.labels import message, section_heading
from cqvet.render import report_data as rd
from cqvet.render.text import strip_controls
from cqvet.report import (
    Dispatch,
    MeasureLine,
    PeriodNote,
    PointLine,
    Report,
    SectionLine,
    Tally,
    figure_keys,
)

# Chart geometry in SVG user units; 680 is the printable width of A4 at 15 mm margins (180 mm at 96 dpi).
CHART_WIDTH = 680
LABEL_END = 200
BAR_X = 208
BAR_WIDTH = 350
VALUE_X = 566
ROW = 22
BAR_HEIGHT = 13
AXIS = 22
FONT_PX = 12

Column = tuple[str, int, str]  # escaped heading, width in %, class of the heading

CSS = """
@page { size: A4; margin: 15mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #666; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  font-family: "Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei",
    sans-serif;
  font-size: 10.5pt; line-height: 1.55; color: #1a1a1a; background: #fff;
  max-width: 180mm; margin: 0 auto; padding: 12mm 0;
}
@media print { body { max-width: none; padding: 0; } }
header { text-align: center; border-bottom: 2px solid #b71c1c; padding-bottom: 4mm; margin-bottom: 5mm; }
h1 { font-size: 17pt; margin: 0 0 2mm; line-height: 1.35; color: #b71c1c; }
.period { margin: 0; font-size: 11pt; }
.lead-sentence { text-indent: 2em; margin: 2mm 0; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; padding-left: 2mm; border-left: 4px solid #b71c1c;
  page-break-after: avoid; break-after: avoid; }
section, figure, tr, .note { page-break-inside: avoid; break-inside: avoid; }
section.long { page-break-inside: auto; break-inside: auto; }
figure { margin: 0 0 3mm; }
figcaption { font-size: 9pt; color: #444; margin-top: 1mm; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 12px; fill: #1a1a1a; }
svg .axis text { font-size: 10px; fill: #666; }
svg .grid { stroke: #ddd; stroke-width: 1; }
svg .track { fill: #f0f0f0; }
svg .expected { stroke: #1a1a1a; stroke-width: 2; }
svg .bar-section { fill: #5b7fa6; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 9pt; margin-bottom: 2mm; }
th, td { border: 1px solid #999; padding: 1mm 1.2mm; vertical-align: top;
  overflow-wrap: anywhere; word-break: break-word; }
thead th { background: #eceff3; font-weight: bold; text-align: center; vertical-align: middle; }
thead { display: table-header-group; }
thead th { font-size: 8.5pt; padding: 1mm 0.6mm; overflow-wrap: normal; word-break: normal; }
.date { word-break: keep-all; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.center { text-align: center; }
tr.section-row { page-break-after: avoid; break-after: avoid; }
tr.section-row th { background: #f6f6f6; text-align: left; }
tr.total td, tr.total th { font-weight: bold; background: #fafafa; }
tbody th { text-align: left; font-weight: normal; }
.points { font-size: 8.5pt; }
.sub { display: block; color: #555; font-size: 8pt; }
.flag { display: inline-block; border: 1px solid currentColor; border-radius: 2px; padding: 0 1mm;
  font-size: 7.5pt; margin-left: 1mm; }
.postponed { color: #8a4b00; }
.note { white-space: pre-line; margin-bottom: 1mm; }
.note.late { color: #555; font-style: italic; }
.none { color: #888; }
.legend { font-size: 8.5pt; margin: 1mm 0 0; }
.legend span { display: inline-block; margin-right: 3mm; }
.swatch { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: middle; }
.marker { display: inline-block; width: 2px; height: 3.5mm; background: #1a1a1a; margin-right: 1mm;
  vertical-align: middle; }
.h-done { background: #e3f1e4; color: #1b5e20; }
.h-ahead { background: #dcf2ef; color: #00695c; }
.h-on_track { background: #e2edf9; color: #0d47a1; }
.h-not_started { background: #eeeeee; color: #424242; }
.h-behind { background: #fff1d0; color: #7a4a00; font-weight: bold; }
.h-blocked { background: #fbe1dc; color: #a3321f; font-weight: bold; }
.h-overdue { background: #f8d3d3; color: #8e0000; font-weight: bold; }
.swatch.h-done, rect.h-done { background: #2e7d32; fill: #2e7d32; }
.swatch.h-ahead, rect.h-ahead { background: #00897b; fill: #00897b; }
.swatch.h-on_track, rect.h-on_track { background: #1e6fc0; fill: #1e6fc0; }
.swatch.h-not_started, rect.h-not_started { background: #9e9e9e; fill: #9e9e9e; }
.swatch.h-behind, rect.h-behind { background: #f0a202; fill: #f0a202; }
.swatch.h-blocked, rect.h-blocked { background: #e0604c; fill: #e0604c; }
.swatch.h-overdue, rect.h-overdue { background: #c62828; fill: #c62828; }
footer.signature { margin-top: 10mm; text-align: right; padding-right: 4em; }
.doc-number { text-align: center; }
.to { margin-top: 4mm; }
"""

# Every tag this module writes; the tests check that nothing else ever appears.
_PAGE_TAGS = {"html", "head", "meta", "title", "style", "body"}
_TEXT_TAGS = {"header", "h1", "h2", "p", "section", "footer"}
_CHART_TAGS = {"figure", "figcaption", "svg", "title", "g", "rect", "line", "text"}
_TABLE_TAGS = {"table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "span", "div", "strong"}
TAGS = frozenset(_PAGE_TAGS | _TEXT_TAGS | _CHART_TAGS | _TABLE_TAGS)


def render_html(report: Report, lang: str, dispatch: Dispatch | None = None) -> str:
    """The report as one HTML5 document (UTF-8, inline CSS and SVG, nothing external): the 通报
    as the Word file has it, 文号 to 成文日期, with charts; when and how it was made only in a
    `<meta>` of the head, out of the text a reader sees."""
    sent = rd.dispatch_for(report, dispatch, lang)
    blocks = (_summary, _charts, _sections, _attention, _targets, _points, _upcoming)
    parts = [_header(report, lang, sent), *(block(report, lang) for block in blocks), _footer(sent, lang)]
    if report.with_measures:
        parts.append(_appendix(report, lang))
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{_e(rd.properties(report, lang))}">\n'
        f"<title>{_e(rd.title(report, lang))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# --- text helpers ---------------------------------------------------------


def _e(text: object) -> str:
    """Plan or user text as inert HTML: control characters gone, `& < > " '` as entities."""
    return html.escape(strip_controls("" if text is None else str(text)), quote=True)


def _t(key: str, lang: str, **params: object) -> str:
    """A catalogue message, escaped (messages may quote plan text)."""
    return _e(message(key, lang, **params))


_pct = percent_text
_signed = signed_text  # +3, −2, +30.8: the sign always shown, a true minus sign


def _width_em(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6


def _clip(text: str, max_px: float) -> str:
    """`text` shortened with … to fit `max_px` at the chart font size (SVG text does not wrap)."""
    plain = strip_controls(text)
    budget = max_px / FONT_PX
    used = 0.0
    for index, char in enumerate(plain):
        used += _width_em(char)
        if used > budget:
            return plain[: max(index - 1, 0)] + "…"
    return plain


def _as_of(day_text: str, lang: str) -> str:
    return f"{message('word.as_of', lang)}{' ' if lang == 'en' else ''}{day_text}"


def _columns(lang: str, *spec: tuple[str, int]) -> list[Column]:
    """Table columns from (catalogue key, width in %) pairs."""
    return [(_t(key, lang), width, "") for key, width in spec]


def _table(columns: Sequence[Column], rows: Iterable[str], css: str = "") -> str:
    """A fixed-layout table; `columns` are (escaped heading, width in %, class of the heading)."""
    cols = "".join(f'<col style="width:{width}%">' for _, width, _ in columns)
    head = "".join(
        f'<th class="{cls}">{text}</th>' if cls else f"<th>{text}</th>" for text, _, cls in columns
    )
    css_attr = f' class="{css}"' if css else ""
    return (
        f"<table{css_attr}><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _health_cell(p: PointLine, lang: str) -> str:
    return f'<td class="center h-{p.health}">{_e(rd.point_health_label(p, lang))}</td>'


# --- blocks ---------------------------------------------------------------


def _header(report: Report, lang: str, sent: Dispatch) -> str:
    number = f'<p class="doc-number">{_e(sent.number)}</p>' if sent.number else ""
    colon = "：" if lang == "zh" else ":"
    to = f'<p class="to">{_e(sent.to.rstrip("：:"))}{colon}</p>\n' if sent.to else ""
    return (
        f"<header>{number}<h1>{_e(rd.title(report, lang))}</h1>"
        f'<p class="period">{_e(rd.period(report, lang))}</p></header>\n{to}'
        f'<p class="lead-sentence">{_e(rd.headline(report, lang))}</p>\n'
        f'<p class="lead-sentence">{_e(rd.change_sentence(report, lang))}</p>'
    )


def _summary(report: Report, lang: str) -> str:
    # A review plan's eighth count (待审核) narrows the others, so the widths still add up to 100.
    first, each = (15, 8) if report.review else (16, 9)
    columns = [
        ("", first, ""),
        (_t("report.total", lang), 9, ""),
        *(
            (_e(rd.figure_label(key, report.review, lang)), each, f"h-{rd.figure_health(key)}")
            for key in figure_keys(report.review)
        ),
        (_t("report.mean", lang), 12, ""),
    ]
    now, before = report.tally, report.previous
    rows = [
        _tally_row(_as_of(format_month_day(report.as_of, lang), lang), now),
        _tally_row(rd.baseline(report, lang), before),
        _change_row(now, before, rd.change_heading(report, lang)),
    ]
    return f"<section><h2>{_t('report.summary', lang)}</h2>{_table(columns, rows)}</section>"


def _change_row(now: Tally, before: Tally, heading: str) -> str:
    """较上季度: each count and the mean, signed."""
    keys = figure_keys(now.review)
    changes = [now.points - before.points, *(now.figure(k) - before.figure(k) for k in keys)]
    cells = "".join(f'<td class="num">{_signed(change)}</td>' for change in changes)
    mean = _signed(now.mean_change_since(before))
    return f'<tr><th>{_e(heading)}</th>{cells}<td class="num">{mean}</td></tr>'


def _tally_row(label: str, tally: Tally, css: str = "") -> str:
    counts = "".join(f'<td class="num">{tally.figure(k)}</td>' for k in figure_keys(tally.review))
    css_attr = f' class="{css}"' if css else ""
    return (
        f'<tr{css_attr}><th>{_e(label)}</th><td class="num">{tally.points}</td>{counts}'
        f'<td class="num">{_pct(tally.mean_percent)}</td></tr>'
    )


def _charts(report: Report, lang: str) -> str:
    return (
        f"<section><h2>{_t('report.chart_points', lang)}</h2>"
        f"<figure>{_points_chart(report.points, lang)}{_legend(lang, report.review)}</figure></section>\n"
        f"<section><h2>{_t('report.chart_sections', lang)}</h2>"
        f"<figure>{_sections_chart(report.sections, lang)}</figure></section>"
    )


def _svg(title: str, height: int, content: str, name: str) -> str:
    return (
        f'<svg role="img" aria-labelledby="{name}-title" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}">'
        f'<title id="{name}-title">{title}</title>{content}</svg>'
    )


def _axis(height: int) -> str:
    """Grid lines and labels at 0, 25, 50, 75 and 100 %."""
    parts = []
    for tick in (0, 25, 50, 75, 100):
        x = BAR_X + BAR_WIDTH * tick / 100
        parts.append(f'<line class="grid" x1="{x:g}" y1="{AXIS - 4}" x2="{x:g}" y2="{height - 4}"/>')
        parts.append(f'<text x="{x:g}" y="{AXIS - 8}" text-anchor="middle">{tick}%</text>')
    return f'<g class="axis">{"".join(parts)}</g>'


def _bar_row(y: float, label: str, value_text: str, percent: float, css: str, tooltip: str) -> str:
    """One labelled bar: track, filled part, value; the full text in a `<title>` for screen readers."""
    width = BAR_WIDTH * max(0.0, min(percent, 100.0)) / 100
    text_y = y + BAR_HEIGHT - 2
    return (
        f"<g><title>{_e(tooltip)}</title>"
        f'<text x="0" y="{text_y:g}">{_e(_clip(label, LABEL_END))}</text>'
        f'<rect class="track" x="{BAR_X}" y="{y:g}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}"/>'
        f'<rect class="bar {css}" x="{BAR_X}" y="{y:g}" width="{width:.1f}" height="{BAR_HEIGHT}"/>'
        f'<text x="{VALUE_X}" y="{text_y:g}">{_e(value_text)}</text></g>'
    )


def _points_chart(points: Sequence[PointLine], lang: str) -> str:
    """Per point: a bar of percent coloured by health, a black line at the expected percent."""
    height = AXIS + ROW * len(points) + 6
    rows = []
    for index, p in enumerate(points):
        y = AXIS + ROW * index + (ROW - BAR_HEIGHT) / 2
        health = rd.point_health_label(p, lang)
        expected = f"{message('col.expected', lang)} {_pct(p.expected)}"
        tooltip = f"{p.number}. {p.title}: {p.percent}% / {expected}, {health}"
        label = f"{p.number}. {p.title}"
        rows.append(_bar_row(y, label, f"{p.percent}% {health}", p.percent, f"h-{p.health}", tooltip))
        rows.append(_marker(y, p.expected))
    return _svg(_t("report.chart_points", lang), height, _axis(height) + "".join(rows), "chart-points")


def _marker(y: float, expected: float) -> str:
    """The black line at the expected percent (序时进度), a little taller than the bar."""
    x = BAR_X + BAR_WIDTH * max(0.0, min(expected, 100.0)) / 100
    return f'<line class="expected" x1="{x:.1f}" y1="{y - 3:g}" x2="{x:.1f}" y2="{y + BAR_HEIGHT + 3:g}"/>'


def _legend(lang: str, review: bool = False) -> str:
    """The colours of the bars, named as the summary table names its counts: in a plan that
    requires review 已办结 and 待审核 (both in done's colour) in place of 已完成."""
    swatches = "".join(
        f'<span><span class="swatch h-{rd.figure_health(key)}"></span>'
        f"{_e(rd.figure_label(key, review, lang))}</span>"
        for key in figure_keys(review)
    )
    expected = f'<span><span class="marker"></span>{_t("col.expected", lang)}</span>'
    return f'<figcaption class="legend">{expected}{swatches}</figcaption>'


def _sections_chart(sections: Sequence[SectionLine], lang: str) -> str:
    """Per section: a bar of its mean percent."""
    height = AXIS + ROW * len(sections) + 6
    rows = []
    for index, s in enumerate(sections):
        y = AXIS + ROW * index + (ROW - BAR_HEIGHT) / 2
        name = section_heading(s.seq, s.title, lang)
        value = _pct(s.tally.mean_percent)
        rows.append(_bar_row(y, name, value, s.tally.mean_percent, "bar-section", f"{name}: {value}"))
    return _svg(_t("report.chart_sections", lang), height, _axis(height) + "".join(rows), "chart-sections")


def _titled(heading: str, content: str, none_key: str, lang: str) -> str:
    """A section under its (escaped) heading; with no content, the catalogue's sentence that there is none."""
    return f"<section><h2>{heading}</h2>{content or f'<p>{_t(none_key, lang)}</p>'}</section>"


def _attention(report: Report, lang: str) -> str:
    """Each point needing attention as the 通报 words it: owners, 分管领导, deadline, percent
    against expected, health and the quarter's notes."""
    items = "".join(
        f'<p class="item h-{p.health}">{_e(rd.item_sentence(p, report, lang))}</p>'
        + (_measure_table(p, report, lang) if p.measures else "")
        for p in report.attention
    )
    return _titled(_t("report.attention", lang), items, "report.attention_none", lang)


# Widths in % of a table of measures; the appendix's adds the latest note.
MEASURE_WIDTHS = (9, 31, 16, 12, 8, 10, 14)
APPENDIX_WIDTHS = (8, 23, 14, 11, 7, 9, 10, 18)


def _measure_columns(lang: str, appendix: bool) -> list[Column]:
    widths = APPENDIX_WIDTHS if appendix else MEASURE_WIDTHS
    return [(_e(h), w, "") for h, w in zip(rd.measure_header(lang, appendix), widths, strict=True)]


def _measure_row(m: MeasureLine, report: Report, lang: str, appendix: bool) -> str:
    ref, text, lead, deadline, percent, expected, health, *note = rd.measure_cells(m, report, lang, appendix)
    cells = (
        f'<td class="num">{_e(ref)}</td><td>{_e(text)}</td><td>{_e(lead)}</td><td>{_e(deadline)}</td>'
        f'<td class="num">{_e(percent)}</td><td class="num">{_e(expected)}</td>'
        f'<td class="center h-{m.health}">{_e(health)}</td>'
    )
    return f"<tr>{cells}{''.join(f'<td>{_e(n)}</td>' for n in note)}</tr>"


def _measure_table(p: PointLine, report: Report, lang: str) -> str:
    """The measures behind a point needing attention, under `7. 涉及举措`."""
    rows = (_measure_row(m, report, lang, False) for m in p.measures)
    return f'<p class="sub">{_e(rd.measures_heading(p, lang))}</p>' + _table(
        _measure_columns(lang, False), rows, "measures"
    )


def _appendix(report: Report, lang: str) -> str:
    """附件：各项重点工作举措推进情况 — every measure of every point whose measures are tracked,
    under its point, with its latest note."""
    columns = _measure_columns(lang, True)
    rows: list[str] = []
    for p in report.points:
        if not p.measures:
            continue
        name = f"{p.number}. {p.title}（{p.percent}%，{rd.point_health_label(p, lang)}）"
        rows.append(f'<tr class="section-row"><th colspan="{len(columns)}">{_e(name)}</th></tr>')
        rows.extend(_measure_row(m, report, lang, True) for m in p.measures)
    table = _table(columns, rows, "points")
    return f'<section class="long appendix"><h2>{_t("report.appendix", lang)}</h2>{table}</section>'


# (catalogue key, width in %) of the targets' and the next quarter's tables.
TARGET_COLUMNS = (
    ("col.target", 8),
    ("col.title", 52),
    ("col.target_value", 14),
    ("col.actual", 14),
    ("col.attainment", 12),
)
UPCOMING_COLUMNS = (
    ("col.number", 6),
    ("col.title", 30),
    ("col.lead", 22),
    ("col.deadline", 16),
    ("col.percent", 14),
    ("col.health", 12),
)


def _targets(report: Report, lang: str) -> str:
    rows = rd.target_rows(report)
    body = (
        f'<tr><td class="num">{_e(ref)}</td><td>{_e(text)}</td><td class="num">{_e(value)}</td>'
        f'<td class="num">{_e(actual)}</td><td class="num">{_e(attained)}</td></tr>'
        for ref, text, value, actual, attained in rows
    )
    table = _table(_columns(lang, *TARGET_COLUMNS), body) if rows else ""
    return _titled(_t("report.targets", lang), table, "report.targets_none", lang)


def _sections(report: Report, lang: str) -> str:
    section, count, *healths, mean = (_e(h) for h in rd.section_header(lang, report.review))
    keys = figure_keys(report.review)
    # With a review plan's eighth count the section's name gives way, so that 序时推进 keeps one line.
    first, each, last = (22, 8, 8) if report.review else (27, 8, 10)
    columns = [
        (section, first, ""),
        (count, 6 if report.review else 7, ""),
        *((text, each, f"h-{rd.figure_health(k)}") for text, k in zip(healths, keys, strict=True)),
        (mean, last, ""),
    ]
    rows = [
        _tally_row(name, tally, "total" if tally is report.tally else "")
        for name, tally in rd.section_rows(report, lang)
    ]
    return f"<section><h2>{_t('report.by_section', lang)}</h2>{_table(columns, rows)}</section>"


def _points(report: Report, lang: str) -> str:
    columns = _columns(
        lang,
        ("col.number", 5),
        ("col.title", 16),
        ("col.lead", 13),
        ("col.deadline", 14),
        ("col.percent", 11),
        ("col.health", 9),
        ("col.target", 13),
        ("report.notes", 19),
    )
    rows: list[str] = []
    current: object = object()
    for p in report.points:
        if p.section_seq != current:
            current = p.section_seq
            name = section_heading(p.section_seq, p.section_title, lang)
            rows.append(f'<tr class="section-row"><th colspan="{len(columns)}">{_e(name)}</th></tr>')
        rows.append(_point_row(p, lang, rd.change_heading(report, lang)))
    table = _table(columns, rows, "points")
    return f'<section class="long"><h2>{_t("report.points", lang)}</h2>{table}</section>'


def _point_row(p: PointLine, lang: str, since: str) -> str:
    targets = rd.target_summary(p)
    target_cell = f"<td>{_e(targets)}</td>" if targets else f'<td class="none">{_t("word.none", lang)}</td>'
    return f"<tr>{_point_cells(p, lang, since)}{target_cell}{_notes_cell(p, lang)}</tr>"


def _point_cells(p: PointLine, lang: str, since: str) -> str:
    """The cells every point table opens with: number, title, lead, deadline, percent, health;
    `since` heads the change (较上季度, or 较年初 in the first quarter)."""
    return (
        f'<td class="num">{p.number}</td><td>{_e(p.title)}</td>{_lead_cell(p, lang)}'
        f"{_deadline_cell(p, lang)}{_percent_cell(p, lang, since)}{_health_cell(p, lang)}"
    )


def _lead_cell(p: PointLine, lang: str) -> str:
    lead = _e(p.lead) if p.lead else f'<span class="none">{_t("word.none", lang)}</span>'
    if p.leader:
        lead += _e(message("word.leader_in_charge", lang, leader=p.leader))
    supports = ""
    if p.supports:
        colon = ": " if lang == "en" else "："
        supports = f'<span class="sub">{_t("col.supports", lang)}{colon}{_e("、".join(p.supports))}</span>'
    return f"<td>{lead}{supports}</td>"


def _deadline_cell(p: PointLine, lang: str) -> str:
    written = message("word.default_deadline", lang) if p.deadline_is_default else p.deadline_written
    flag = f'<span class="flag postponed">{_t("word.postponed", lang)}</span>' if p.deadline_postponed else ""
    day = _e(format_date(p.deadline, lang))
    return f'<td><span class="date">{day}</span>{flag}<span class="sub">{_e(written)}</span></td>'


def _percent_cell(p: PointLine, lang: str, since: str) -> str:
    return (
        f'<td class="num"><strong>{p.percent}%</strong>'
        f'<span class="sub">{_t("col.expected", lang)} {_pct(p.expected)}</span>'
        f'<span class="sub">{_e(since)} {_signed(p.change)}</span></td>'
    )


def _notes_cell(p: PointLine, lang: str) -> str:
    """The period's notes, oldest first, one block each; those recorded late are marked (补录)."""
    if not p.notes:
        return f'<td class="none">{_t("word.none", lang)}</td>'
    blocks = "".join(_note_block(p, note, lang) for note in p.notes)
    return f"<td>{blocks}</td>"


def _note_block(p: PointLine, note: PeriodNote, lang: str) -> str:
    # notes_summary on one note at a time: its wording, but a block (and a class) per note.
    text = rd.notes_summary(replace(p, notes=(note,)), lang)
    return f'<div class="note{" late" if note.recorded_late else ""}">{_e(text)}</div>'


def _upcoming(report: Report, lang: str) -> str:
    following = report.quarter.next()
    quarter = following.label(lang)
    since = rd.change_heading(report, lang)
    rows = (f"<tr>{_point_cells(p, lang, since)}</tr>" for p in report.upcoming)
    table = _table(_columns(lang, *UPCOMING_COLUMNS), rows) if report.upcoming else ""
    return _titled(_t("report.upcoming", lang, quarter=quarter), table, "report.upcoming_none", lang)


def _footer(sent: Dispatch, lang: str) -> str:
    """落款 and 成文日期, right-aligned as a 通报 ends."""
    sender = f"<p>{_e(sent.sender)}</p>" if sent.sender.strip() else ""
    return f'<footer class="signature">{sender}<p>{_e(format_date(sent.dated, lang))}</p></footer>'
