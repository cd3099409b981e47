"""The report model flattened for every output: stable JSON keys, CSV rows, and the shared sentences.

`report_dict` is the JSON contract (documented in the README): add keys,
never rename or remove them. The other renderers take their words and
sentences from here so that a headline reads the same in Word, Excel,
HTML and on screen.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from cqvet.clock import local_iso, local_time
from cqvet.dates import format_date, format_month_day
from cqvet.figures import MINUS, number_text, percent_text, ratio_percent, round_half_up
from cqvet.labels import message, section_heading
from cqvet.models import Health
from cqvet.render.records import (
    POINT_BASE_KEYS,
    number,
    point_base,
    status_label,
    target_record,
    target_value,
    with_leader,
)
from cqvet.report import PENDING_REVIEW, Dispatch, MeasureLine, PointLine, Report, Tally, figure_keys

REVIEW_KEYS = ("review", "review_label")  # a point's CSV columns after POINT_KEYS in a review plan
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
    "leader",
    "leads",
)
# After POINT_KEYS (and REVIEW_KEYS) when some point's measures are tracked: each point's measures
# in one cell (`measures_summary`); the JSON has them as records under MEASURE_KEYS.
MEASURES_COLUMN = ("measures",)
MEASURE_KEYS = (
    "ref",
    "sheet_ref",
    "point",
    "seq",
    "text",
    "lead",
    "leads",
    "supports",
    "owners_default",
    "deadline",
    "deadline_as_written",
    "deadline_is_default",
    "percent",
    "expected",
    "status",
    "status_label",
    "health",
    "health_label",
    "reported_on",
    "note",
    "weight",
)


def generated_line(report: Report, lang: str) -> str:
    """生成于 2021-07-05 09:00；容差 10 个百分点 — when, in local time, and with what tolerance."""
    return message("report.generated", lang, at=local_time(report.generated_at), tolerance=report.tolerance)


def health_label(health: Health, lang: str) -> str:
    return message(f"health.{health}", lang)


def figure_label(key: str, review: bool, lang: str) -> str:
    """The heading of one of `figure_keys`: a health's label; in a plan that requires review,
    done is 已办结 and `pending_review` 待审核."""
    if key == PENDING_REVIEW:
        return message("review.pending", lang)
    if review and key == str(Health.DONE):
        return message("review.confirmed", lang)
    return health_label(Health(key), lang)


def figure_health(key: str) -> Health:
    """The health whose colour a figure takes (待审核 is reported done: it takes done's)."""
    return Health.DONE if key == PENDING_REVIEW else Health(key)


def point_health_label(line: PointLine, lang: str) -> str:
    """A point's health as its row shows it: a done point of a plan that requires review is
    已办结 or 待审核."""
    if line.review is not None:
        return message(f"review.{line.review}", lang)
    return health_label(line.health, lang)


def title(report: Report, lang: str) -> str:
    return message("report.title", lang, plan=report.plan_title)


def period(report: Report, lang: str) -> str:
    quarter = report.quarter.label(lang)
    return message("report.period", lang, quarter=quarter, date=format_date(report.as_of, lang))


def headline(report: Report, lang: str) -> str:
    """截至6月30日，17项重点工作已完成1项，… — the sentence a 通报 opens with."""
    counts = {key: report.tally.figure(key) for key in figure_keys(report.review)}
    return message(
        "report.headline_review" if report.review else "report.headline",
        lang,
        date=format_month_day(report.as_of, lang),
        total=report.tally.points,
        mean=number_text(report.tally.mean_percent),
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
    delta = report.mean_change
    done_delta = report.tally.done - report.previous.done
    return message(
        "report.change_from_start" if report.from_start else "report.change",
        lang,
        date=format_month_day(report.previous_as_of, lang),
        sign="+" if delta >= 0 else MINUS,
        delta=number_text(abs(delta)),
        done_sign="+" if done_delta >= 0 else MINUS,
        done_delta=abs(done_delta),
    )


def section_header(lang: str, review: bool = False) -> list[str]:
    """The section table's columns, the same in every format: section, points, each health
    (已办结 and 待审核 apart in a plan that requires review), mean."""
    return [
        message("col.section", lang),
        message("report.count", lang),
        *(figure_label(key, review, lang) for key in figure_keys(review)),
        message("report.mean", lang),
    ]


def section_rows(report: Report, lang: str) -> list[tuple[str, Tally]]:
    """One row a section (named as the plan numbers it), then the whole plan's total row.

    Every health has its column (HEALTH_ORDER), so a row's counts add up to its points.
    """
    rows = [(section_heading(s.seq, s.title, lang), s.tally) for s in report.sections]
    rows.append((message("report.total", lang), report.tally))
    return rows


def section_counts(tally: Tally) -> list[int]:
    """A section row's figures after its name: points, then each count of `figure_keys`."""
    return [tally.points, *(tally.figure(key) for key in figure_keys(tally.review))]


# --- the 通报 as sent (Word, HTML, Markdown) -----------------------------------------


def dispatch_for(report: Report, dispatch: Dispatch | None, lang: str) -> Dispatch:
    """The 文号, 主送, 落款 and 成文日期 given, or the defaults: 主送 the offices concerned, no
    落款, dated the local day the report was made."""
    if dispatch is not None:
        return dispatch
    import datetime as dt

    made = dt.datetime.fromisoformat(report.generated_at.replace("Z", "+00:00")).astimezone().date()
    return Dispatch(to=message("report.to_default", lang), sender="", dated=made)


def deadline_shown(line: PointLine, report: Report, lang: str) -> str:
    """9月30日 in the plan's year (2021年9月30日 otherwise), marked if it was postponed."""
    from cqvet.dates import format_month_day

    day = line.deadline
    text = format_month_day(day, lang) if day.year == report.plan_year else format_date(day, lang)
    if line.deadline_postponed:
        text += (
            f"（{message('word.postponed', lang)}）"
            if lang == "zh"
            else f" ({message('word.postponed', lang)})"
        )
    return text


def owners_text(line: PointLine, lang: str) -> str:
    """牵头单位：职成教处；配合单位：财务处、发展规划处；分管领导：张三."""
    sep, colon, join = ("；", "：", "、") if lang == "zh" else ("; ", ": ", ", ")
    supports = (
        f"{sep}{message('col.supports', lang)}{colon}{join.join(line.supports)}" if line.supports else ""
    )
    leader = f"{sep}{message('col.leader', lang)}{colon}{line.leader}" if line.leader else ""
    return message(
        "report.item_owners",
        lang,
        lead_head=message("col.lead", lang),
        lead=line.lead or message("word.none", lang),
        supports=supports,
        leader=leader,
    )


def notes_text(line: PointLine, lang: str) -> str:
    """The quarter's newest notes, oldest first: 5月31日，已印发工作方案；6月30日，完成区县调研（补录）."""
    from cqvet.dates import format_month_day

    comma, semi = ("，", "；") if lang == "zh" else (", ", "; ")
    late = f"（{message('report.late', lang)}）" if lang == "zh" else f" ({message('report.late', lang)})"
    return semi.join(
        f"{format_month_day(n.reported_on, lang)}{comma}{n.note.strip().rstrip('。.；;')}"
        f"{late if n.recorded_late else ''}"
        for n in line.notes
        if n.note.strip()
    )


def item_sentence(line: PointLine, report: Report, lang: str) -> str:
    """One point as the 通报 lists it: owners, deadline, percent against expected, health, then
    the quarter's notes."""
    text = message(
        "report.item",
        lang,
        number=line.number,
        title=line.title,
        owners=owners_text(line, lang),
        deadline=deadline_shown(line, report, lang),
        percent=f"{line.percent}%",
        expected=percent_text(line.expected),
        health=point_health_label(line, lang),
    )
    notes = notes_text(line, lang)
    if notes:
        text += (" " if lang == "en" else "") + message("report.item_notes", lang, notes=notes)
    return text


def properties(report: Report, lang: str) -> str:
    """What a machine adds (when, with what tolerance): for the file's properties, not its body."""
    return message("report.properties", lang, at=local_time(report.generated_at), tolerance=report.tolerance)


def target_rows(report: Report) -> list[tuple[str, str, str, str, str]]:
    """(指标, 重点任务, 目标值, 实际值, 完成率) of every target, in plan order."""
    rows = []
    for line in report.points:
        for t in line.targets:
            actual = "" if t.actual is None else f"{number(t.actual)}{t.unit}"
            ratio = None if t.actual is None else ratio_percent(t.actual, t.value)
            attained = "" if ratio is None else percent_text(ratio)
            rows.append((t.ref, t.text, target_value(t), actual, attained))
    return rows


def tally_dict(tally: Tally) -> dict[str, Any]:
    return {
        "points": tally.points,
        **{key: tally.figure(key) for key in figure_keys(tally.review)},
        "mean_percent": tally.mean_percent,
        "done_share": round_half_up(Fraction(tally.done, tally.points), 4) if tally.points else 0.0,
    }


def measure_dict(m: MeasureLine, lang: str) -> dict[str, Any]:
    """A measure's MEASURE_KEYS (the JSON's `measures` of a point)."""
    return {
        "ref": m.ref,
        "sheet_ref": m.sheet_ref,
        "point": m.point_number,
        "seq": m.seq,
        "text": m.text,
        "lead": m.lead,
        "leads": list(m.leads),
        "supports": list(m.supports),
        "owners_default": m.owners_default,
        "deadline": m.deadline.isoformat(),
        "deadline_as_written": m.deadline_written,
        "deadline_is_default": m.deadline_is_default,
        "percent": m.percent,
        "expected": m.expected,
        "status": str(m.status),
        "status_label": status_label(m.status, lang),
        "health": str(m.health),
        "health_label": health_label(m.health, lang),
        "reported_on": m.reported_on.isoformat() if m.reported_on else None,
        "note": m.note,
        "weight": m.weight,
    }


def point_dict(
    line: PointLine, lang: str, review: bool = False, with_measures: bool = False
) -> dict[str, Any]:
    """A point's keys; in a plan that requires review also `review` (`confirmed`, `pending` or
    None) and `review_label` (已办结, 待审核 or ""), which a done point's `status_label` says too;
    in a report where some point's measures are tracked, `measures` (empty for the others) and on
    each note `measure`: `7-2` for a measure's note (its text starts `7-2：` and its percent is the
    measure's), None for the point's own. A measure's note implies a tracked measure, so a report
    without the key has none."""
    extra: dict[str, Any] = {}
    if review:
        label = "" if line.review is None else message(f"review.{line.review}", lang)
        extra = {"review": line.review, "review_label": label}
    if with_measures:
        extra["measures"] = [measure_dict(m, lang) for m in line.measures]
    return {
        **point_base(line),
        "expected": line.expected,
        "status": str(line.status),
        "status_label": status_label(line.status, lang, line.review),
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
                **(
                    {"measure": None if n.measure is None else f"{line.number}-{n.measure}"}
                    if with_measures
                    else {}
                ),
            }
            for n in line.notes
        ],
        "recorded_late": any(n.recorded_late for n in line.notes),
        "leader": line.leader,
        "leads": list(line.leads),
        **extra,
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
        "grace_days": report.grace_days,
        **({"review": True} if report.review else {}),
        "generated_at": report.generated_at,
        "generated_at_local": local_iso(report.generated_at),
        "headline": headline(report, lang),
        "summary": tally_dict(report.tally),
        "previous": tally_dict(report.previous),
        "change": {
            "mean_percent": report.mean_change,
            "done": report.tally.done - report.previous.done,
        },
        "sections": [
            {"seq": s.seq, "title": s.title, "summary": tally_dict(s.tally)} for s in report.sections
        ],
        "points": [point_dict(p, lang, report.review, report.with_measures) for p in report.points],
        "attention": [p.number for p in report.attention],
        "upcoming": [p.number for p in report.upcoming],
    }


def lead_text(line: PointLine, lang: str) -> str:
    """The lead of a report's point, with its 分管领导: every format's points table shows this."""
    return with_leader(line.lead or message("word.none", lang), line.leader, lang)


def target_summary(line: PointLine) -> str:
    """`150门左右：132（88%）；…` — targets in one cell."""
    parts = []
    for t in line.targets:
        value = target_value(t)
        attained = None if t.actual is None else ratio_percent(t.actual, t.value)
        if t.actual is not None and attained is not None:
            value += f"：{number(t.actual)}（{percent_text(attained)}）"
        parts.append(value)
    return "；".join(parts)


def notes_summary(line: PointLine, lang: str) -> str:
    """The period's notes in one cell, oldest first, late ones marked."""
    late = f"（{message('report.late', lang)}）"
    return "\n".join(
        f"{n.reported_on.isoformat()} {n.percent}%{late if n.recorded_late else ''} {n.note}".rstrip()
        for n in line.notes
    )


def csv_row(line: PointLine, lang: str, review: bool = False, with_measures: bool = False) -> dict[str, Any]:
    """One CSV row: the point's figures, with targets, notes and measures as readable text."""
    row = point_dict(line, lang, review, with_measures)
    row["targets"] = target_summary(line)
    row["notes"] = notes_summary(line, lang)
    if with_measures:
        row["measures"] = measures_summary(line, lang)
    return row


# --- measures (举措) ----------------------------------------------------------------------------


def measure_lead_text(m: MeasureLine, lang: str) -> str:
    """职成教处（配合：财务处）, or the point's offices marked as such when the measure has none."""
    join = "、" if lang == "zh" else ", "
    text = join.join(m.leads) or message("word.none", lang)
    if m.supports:
        text += message("report.measure_supports", lang, supports=join.join(m.supports))
    if m.owners_default:
        text += message("report.measure_owners_default", lang)
    return text


def measure_deadline_shown(m: MeasureLine, report: Report, lang: str) -> str:
    """6月15日 (2021年… outside the plan's year); with the point's, marked as its point's."""
    day = (
        format_month_day(m.deadline, lang)
        if m.deadline.year == report.plan_year
        else format_date(m.deadline, lang)
    )
    return day + (message("report.measure_deadline_default", lang) if m.deadline_is_default else "")


def measure_health_label(m: MeasureLine, lang: str) -> str:
    return health_label(m.health, lang)


# The columns of a table of measures (catalogue keys); the appendix adds the latest note.
MEASURE_COLUMNS = (
    "col.number",
    "report.measure_col",
    "col.lead",
    "col.deadline",
    "col.percent",
    "col.expected",
    "col.health",
)
APPENDIX_COLUMNS = (*MEASURE_COLUMNS, "col.note")


def measure_header(lang: str, appendix: bool = False) -> list[str]:
    return [message(key, lang) for key in (APPENDIX_COLUMNS if appendix else MEASURE_COLUMNS)]


def measure_cells(m: MeasureLine, report: Report, lang: str, appendix: bool = False) -> list[str]:
    """A measure's cells under `measure_header`: `7（2）` (files are opened in Excel and Word),
    its text, offices, deadline, percent, expected progress, health (and, in the appendix, its
    latest note)."""
    cells = [
        m.sheet_ref,
        m.text,
        measure_lead_text(m, lang),
        measure_deadline_shown(m, report, lang),
        f"{m.percent}%",
        percent_text(m.expected),
        measure_health_label(m, lang),
    ]
    return [*cells, m.note] if appendix else cells


def measure_sentence(m: MeasureLine, report: Report, lang: str) -> str:
    """`7（2）对国家级…（发展规划处）：完成时限12月31日（同重点工作），进度30%，序时进度49.6%，滞后。`"""
    return message(
        "report.measure_item",
        lang,
        ref=m.sheet_ref,
        text=m.text,
        lead=measure_lead_text(m, lang),
        deadline=measure_deadline_shown(m, report, lang),
        percent=m.percent,
        expected=percent_text(m.expected),
        health=measure_health_label(m, lang),
    )


def measures_heading(line: PointLine, lang: str) -> str:
    """7. 涉及举措 — above the measures listed under a point needing attention."""
    return message("report.measures_behind", lang, number=line.number)


def measures_summary(line: PointLine, lang: str) -> str:
    """A point's measures in one cell, one a line: `7（2）发展规划处 30%（序时进度49.6%）滞后`."""
    return "\n".join(
        message(
            "report.measure_cell",
            lang,
            ref=m.sheet_ref,
            lead="、".join(m.leads) or message("word.none", lang),
            percent=m.percent,
            expected=percent_text(m.expected),
            health=measure_health_label(m, lang),
        )
        for m in line.measures
    )
