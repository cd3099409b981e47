"""The report model flattened for every output: stable JSON keys, CSV rows, and the shared sentences.

`report_dict` is the JSON contract (documented in the README): add keys,
never rename or remove them. The other renderers take their words and
sentences from here so that a headline reads the same in Word, Excel,
HTML and on screen.
"""

from __future__ import annotations

from typing import Any

from cqvet.dates import format_date, format_month_day
from cqvet.labels import message
from cqvet.models import Health
from cqvet.render.records import POINT_BASE_KEYS, number, point_base, target_record, target_value
from cqvet.report import HEALTH_ORDER, PointLine, Report, Tally

POINT_KEYS = (
    *POINT_BASE_KEYS,
    "expected",
    "status",
    "status_label",
    "health",
    "health_label",
    "previous_percent",
    "change",
    "targets",
    "notes",
    "recorded_late",
)


def health_label(health: Health, lang: str) -> str:
    return message(f"health.{health}", lang)


def title(report: Report, lang: str) -> str:
    return message("report.title", lang, plan=report.plan_title)


def period(report: Report, lang: str) -> str:
    quarter = report.quarter.label(lang)
    return message("report.period", lang, quarter=quarter, date=format_date(report.as_of, lang))


def headline(report: Report, lang: str) -> str:
    """截至6月30日，17项重点工作已完成1项，… — the sentence a 通报 opens with."""
    counts = {str(h): report.tally.count(h) for h in HEALTH_ORDER}
    return message(
        "report.headline",
        lang,
        date=format_month_day(report.as_of, lang),
        total=report.tally.points,
        mean=_num(report.tally.mean_percent),
        **counts,
    )


def baseline(report: Report, lang: str) -> str:
    """The heading of the figures compared with: 截至3月31日, or 年初 in the first quarter."""
    if report.from_start:
        return message("report.start_of_year", lang)
    sep = " " if lang == "en" else ""
    return message("word.as_of", lang) + sep + format_month_day(report.previous_as_of, lang)


def change_heading(report: Report, lang: str) -> str:
    """较上季度, or 较年初 in the first quarter."""
    return message("report.change_col_start" if report.from_start else "report.change_col", lang)


def change_sentence(report: Report, lang: str) -> str:
    delta = round(report.tally.mean_percent - report.previous.mean_percent, 1)
    done_delta = report.tally.done - report.previous.done
    return message(
        "report.change_from_start" if report.from_start else "report.change",
        lang,
        date=format_month_day(report.previous_as_of, lang),
        sign="+" if delta >= 0 else "−",
        delta=_num(abs(delta)),
        done_sign="+" if done_delta >= 0 else "−",
        done_delta=abs(done_delta),
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def tally_dict(tally: Tally) -> dict[str, Any]:
    return {
        "points": tally.points,
        **{str(h): tally.count(h) for h in HEALTH_ORDER},
        "mean_percent": tally.mean_percent,
        "done_share": round(tally.done / tally.points, 4) if tally.points else 0.0,
    }


def point_dict(line: PointLine, lang: str) -> dict[str, Any]:
    return {
        **point_base(line),
        "expected": line.expected,
        "status": str(line.status),
        "status_label": message(f"status.{line.status}", lang),
        "health": str(line.health),
        "health_label": health_label(line.health, lang),
        "previous_percent": line.previous_percent,
        "change": line.change,
        "targets": [target_record(t) for t in line.targets],
        "notes": [
            {
                "reported_on": n.reported_on.isoformat(),
                "percent": n.percent,
                "status": str(n.status),
                "note": n.note,
                "author": n.author,
                "recorded_late": n.recorded_late,
            }
            for n in line.notes
        ],
        "recorded_late": any(n.recorded_late for n in line.notes),
    }


def report_dict(report: Report, lang: str) -> dict[str, Any]:
    """Every figure of the report under stable keys (the `--format json` output)."""
    return {
        "plan": {
            "title": report.plan_title,
            "year": report.plan_year,
            "start": report.plan_start.isoformat(),
        },
        "quarter": str(report.quarter),
        "quarter_label": report.quarter.label(lang),
        "period_start": report.period_start.isoformat(),
        "as_of": report.as_of.isoformat(),
        "previous_as_of": report.previous_as_of.isoformat(),
        "tolerance": report.tolerance,
        "generated_at": report.generated_at,
        "headline": headline(report, lang),
        "summary": tally_dict(report.tally),
        "previous": tally_dict(report.previous),
        "change": {
            "mean_percent": round(report.tally.mean_percent - report.previous.mean_percent, 1),
            "done": report.tally.done - report.previous.done,
        },
        "sections": [
            {"seq": s.seq, "title": s.title, "summary": tally_dict(s.tally)} for s in report.sections
        ],
        "points": [point_dict(p, lang) for p in report.points],
        "attention": [p.number for p in report.attention],
        "upcoming": [p.number for p in report.upcoming],
    }


def target_summary(line: PointLine) -> str:
    """`150门左右：132（88%）；…` — targets in one cell."""
    parts = []
    for t in line.targets:
        value = target_value(t)
        if t.actual is not None and t.attainment is not None:
            value += f"：{number(t.actual)}（{t.attainment:.0%}）"
        parts.append(value)
    return "；".join(parts)


def notes_summary(line: PointLine, lang: str) -> str:
    """The period's notes in one cell, oldest first, late ones marked."""
    late = f"（{message('report.late', lang)}）"
    return "\n".join(
        f"{n.reported_on.isoformat()} {n.percent}%{late if n.recorded_late else ''} {n.note}".rstrip()
        for n in line.notes
    )


def csv_row(line: PointLine, lang: str) -> dict[str, Any]:
    """One CSV row: the point's figures, with targets and notes as readable text."""
    row = point_dict(line, lang)
    row["targets"] = target_summary(line)
    row["notes"] = notes_summary(line, lang)
    return row
