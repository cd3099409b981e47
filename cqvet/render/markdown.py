"""The report as Markdown, for pasting into e-mail, wikis and chat.

User and plan text is escaped: Markdown punctuation is backslash-escaped,
`<` `>` `&` become entities (Markdown passes HTML through), pipes cannot
break a table, and line breaks inside a cell become `<br>`.
"""

from __future__ import annotations

import re

from cqvet.dates import format_date
from cqvet.figures import percent_text, signed_text
from cqvet.labels import message
from cqvet.render import report_data as rd
from cqvet.render.text import strip_controls
from cqvet.report import Dispatch, PointLine, Report, figure_keys

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()|~])")
_LINE_START = re.compile(r"^(\s*)(\d*)([#+\-]|(?<=\d)[.)](?=\s|$))", re.MULTILINE)


def escape(text: object) -> str:
    """Text as inert Markdown (no emphasis, links, HTML or table breaks)."""
    plain = strip_controls("" if text is None else str(text))
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    plain = _LINE_START.sub(lambda m: m[1] + m[2] + "\\" + m[3], _MD_SPECIAL.sub(r"\\\1", plain))
    return plain.replace("\r", "").replace("\n", "<br>")


def render_markdown(report: Report, lang: str, dispatch: Dispatch | None = None) -> str:
    """The 通报 as the Word file has it: 文号, title, 主送, body, 落款 and 成文日期; when and how it
    was made only in a comment, out of the text a reader sees."""
    sent = rd.dispatch_for(report, dispatch, lang)
    colon = "：" if lang == "zh" else ":"
    signature = [escape(sent.sender)] if sent.sender.strip() else []
    signature.append(escape(format_date(sent.dated, lang)))
    parts = [
        *([escape(sent.number)] if sent.number else []),
        f"# {escape(rd.title(report, lang))}",
        f"**{escape(rd.period(report, lang))}**",
        *([escape(sent.to.rstrip("：:")) + colon] if sent.to else []),
        escape(rd.headline(report, lang)),
        escape(rd.change_sentence(report, lang)),
        *_summary(report, lang),
        *_sections(report, lang),
        *_attention(report, lang),
        *_targets(report, lang),
        *_points(report, lang),
        *_upcoming(report, lang),
        "<br>\n".join(signature),
        f"<!-- {escape(rd.properties(report, lang)).replace('--', '—')} -->",
    ]
    return "\n\n".join(parts) + "\n"


def _targets(report: Report, lang: str) -> list[str]:
    heading = f"## {escape(message('report.targets', lang))}"
    rows = rd.target_rows(report)
    if not rows:
        return [heading, escape(message("report.targets_none", lang))]
    keys = ("col.target", "col.title", "col.target_value", "col.actual", "col.attainment")
    return [heading, _table([message(k, lang) for k in keys], [[escape(c) for c in r] for r in rows])]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]
    return "\n".join(lines)


def _summary(report: Report, lang: str) -> list[str]:
    header = [message("col.health", lang), message("report.count", lang), rd.change_heading(report, lang)]
    rows = [
        [
            escape(rd.figure_label(key, report.review, lang)),
            str(report.tally.figure(key)),
            signed_text(report.tally.figure(key) - report.previous.figure(key)),
        ]
        for key in figure_keys(report.review)
    ]
    rows.append(
        [
            escape(message("report.mean", lang)),
            percent_text(report.tally.mean_percent),
            signed_text(report.mean_change),
        ]
    )
    return [f"## {escape(message('report.summary', lang))}", _table(header, rows)]


def _attention(report: Report, lang: str) -> list[str]:
    heading = f"## {escape(message('report.attention', lang))}"
    if not report.attention:
        return [heading, escape(message("report.attention_none", lang))]
    items = [
        f"- {escape(rd.item_sentence(p, report, lang))}"
        + "".join(f"\n  - {escape(rd.measure_sentence(m, report, lang))}" for m in p.measures)
        for p in report.attention
    ]
    return [heading, "\n".join(items)]


def _sections(report: Report, lang: str) -> list[str]:
    header = [escape(h) for h in rd.section_header(lang, report.review)]
    rows = [
        [escape(name), *map(str, rd.section_counts(tally)), percent_text(tally.mean_percent)]
        for name, tally in rd.section_rows(report, lang)
    ]
    return [f"## {escape(message('report.by_section', lang))}", _table(header, rows)]


def _points(report: Report, lang: str) -> list[str]:
    header = [
        message(k, lang)
        for k in (
            "col.number",
            "col.title",
            "col.lead",
            "col.deadline",
            "col.percent",
            "col.expected",
            "col.health",
            "col.target",
            "report.notes",
        )
    ]
    return [
        f"## {escape(message('report.points', lang))}",
        _table(header, [_point_row(p, lang) for p in report.points]),
    ]


def _point_row(p: PointLine, lang: str) -> list[str]:
    lead = rd.lead_text(p, lang)
    if p.supports:
        lead += "（" + "、".join(p.supports) + "）"
    deadline = format_date(p.deadline, lang) + (
        f" {message('word.postponed', lang)}" if p.deadline_postponed else ""
    )
    return [
        str(p.number),
        escape(p.title),
        escape(lead),
        escape(deadline),
        f"{p.percent}%",
        percent_text(p.expected),
        escape(rd.point_health_label(p, lang)),
        escape(rd.target_summary(p)),
        escape(rd.notes_summary(p, lang)),
    ]


def _upcoming(report: Report, lang: str) -> list[str]:
    quarter = report.quarter.next()
    label = quarter.label(lang)
    heading = f"## {escape(message('report.upcoming', lang, quarter=label))}"
    if not report.upcoming:
        return [heading, escape(message("report.upcoming_none", lang))]
    items = [
        f"- {p.number}. {escape(p.title)}：{escape(format_date(p.deadline, lang))}，"
        f"{escape(p.lead or '')}，{p.percent}%"
        for p in report.upcoming
    ]
    return [heading, "\n".join(items)]
