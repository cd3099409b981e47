"""督办 views: notices (terminal summary and Markdown), reporting status, scorecards (terminal and xlsx).

Model in (`cqvet.supervision`), output out; every word from the label
catalogue, every user text rendered as inert data. The Word notice is in
`cqvet.render.notice_docx`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cqvet.dates import format_date
from cqvet.labels import message

if TYPE_CHECKING:
    from rich.console import Group

    from cqvet.ledger import PointDetail
    from cqvet.store_supervision import AttachmentRow, Closure, IssuedNotice, ReceivedNotice
    from cqvet.supervision import Notice, NoticeItem, Period, ReportStatus, Score


def percent(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def reason(item: NoticeItem, lang: str) -> str:
    """Why the item is in the notice: days overdue, points behind, or days left."""
    return _reason(item.colour, item.days_left, item.expected, item.percent, lang)


def reason_of(received: ReceivedNotice, lang: str) -> str:
    """Why a point was in a notice it received, from the figures and the deadline of that day."""
    notice = received.notice
    days_left = (received.deadline - notice.as_of).days
    return _reason(notice.colour, days_left, notice.expected, notice.percent, lang)


def _reason(colour: str, days_left: int, expected: float, done: int, lang: str) -> str:
    if colour == "red":
        return message("notice.reason.red", lang, days=-days_left)
    if colour == "yellow":
        return message("notice.reason.yellow", lang, gap=percent(expected - done))
    return message("notice.reason.blue", lang, days=days_left)


def progress(item: NoticeItem, lang: str) -> str:
    return message("notice.progress", lang, percent=item.percent, expected=percent(item.expected))


def office_line(notice: Notice, lang: str) -> str:
    none = message("word.none", lang)
    return message(
        "notice.office_line",
        lang,
        office=notice.office,
        leaders="、".join(notice.leaders) or none,
        contacts="、".join(notice.contacts) or none,
        reply_by=format_date(notice.reply_by, lang),
    )


def item_cells(item: NoticeItem, lang: str) -> list[str]:
    """序号, 重点任务, 督办, 督办次数, 完成时限, 进度（序时）, 督办原因, 说明: one item as text cells."""
    return [
        str(item.number),
        item.title,
        message(f"colour.{item.colour}", lang),
        message("notice.times", lang, n=item.times),
        format_date(item.deadline, lang),
        progress(item, lang),
        reason(item, lang),
        item.note,
    ]


ITEM_HEADS = (
    "col.number",
    "col.title",
    "col.colour",
    "col.times",
    "col.deadline",
    "col.percent",
    "col.reason",
    "col.note",
)


def notices_summary(notices: Sequence[Notice], on: dt.date, lang: str, ascii: bool = False) -> Group:
    """`cqvet notices`: for each office a line (分管领导, 联系人, reply-by) and its items."""
    from rich.console import Group

    from cqvet.render.terminal import COLOUR_STYLES, safe, table_frame

    if not notices:
        return Group(safe(message("notice.none", lang, date=format_date(on, lang))))
    parts = []
    for notice in notices:
        table = table_frame(ascii, office_line(notice, lang))
        for key in ITEM_HEADS:
            table.add_column(message(key, lang), overflow="fold")
        for item in notice.items:
            cells = [safe(text) for text in item_cells(item, lang)]
            cells[2].stylize(COLOUR_STYLES[item.colour])
            table.add_row(*cells)
        parts.append(table)
    return Group(*parts)


def notice_markdown(notice: Notice, plan_title: str, lang: str) -> str:
    """One office's 督办单 as Markdown (user text escaped)."""
    from cqvet.render.markdown import escape

    lines = [
        f"# {escape(message('notice.title', lang))}",
        "",
        escape(plan_title),
        "",
        escape(message("notice.to", lang, office=notice.office)),
        "",
        escape(
            message(
                "notice.body",
                lang,
                date=format_date(notice.as_of, lang),
                count=len(notice.items),
                reply_by=format_date(notice.reply_by, lang),
            )
        ),
        "",
        escape(office_line(notice, lang)),
        "",
        "| " + " | ".join(escape(message(k, lang)) for k in ITEM_HEADS) + " |",
        "|" + "---|" * len(ITEM_HEADS),
    ]
    for item in notice.items:
        lines.append("| " + " | ".join(escape(c) for c in item_cells(item, lang)) + " |")
    lines += ["", escape(format_date(notice.as_of, lang)), ""]
    return "\n".join(lines)


def point_supervision_parts(
    detail: PointDetail, lang: str, ascii: bool = False, review: str | None = None
) -> list[object]:
    """What `cqvet show N` lists after the point: the notices it received, where it stands in
    办结 review (`review`, from `cqvet.review.review_marks`: None in a plan without review, which
    has no 待审核) with each return, and its evidence; nothing for what it has none of."""
    from cqvet.store_supervision import PointSupervision

    known = detail.supervision or PointSupervision()
    parts: list[object] = []
    if known.notices:
        parts.append(issued_table(known.notices, lang, ascii))
    if review is not None or known.decisions:
        parts.append(review_lines(review, known.decisions, lang))
    if known.attachments:
        parts.append(attachments_table(known.attachments, lang, ascii))
    return parts


def issued_table(received: Sequence[ReceivedNotice], lang: str, ascii: bool = False) -> object:
    """`cqvet show N`: the notices the point received, oldest first, each numbered 第N次 for its
    office, with the reason of that day."""
    from cqvet.render.terminal import COLOUR_STYLES, safe, table_frame

    table = table_frame(ascii, message("notice.history", lang))
    for key in (
        "col.date",
        "col.office",
        "col.colour",
        "col.times",
        "col.reason",
        "col.percent",
        "col.reply_by_short",
    ):
        table.add_column(message(key, lang))
    times = issued_rows([r.notice for r in received])
    for row, (notice, n) in zip(received, times, strict=True):
        colour = safe(message(f"colour.{notice.colour}", lang))
        colour.stylize(COLOUR_STYLES[notice.colour])
        table.add_row(
            format_date(notice.as_of, lang),
            safe(row.office),
            colour,
            message("notice.times", lang, n=n),
            reason_of(row, lang),
            message("notice.progress", lang, percent=notice.percent, expected=percent(notice.expected)),
            format_date(notice.reply_by, lang),
        )
    return table


def review_lines(review: str | None, decisions: Sequence[Closure], lang: str) -> object:
    """`cqvet show N`: 待审核 or 已办结, and each return with its reason."""
    from rich.console import Group

    from cqvet.render.terminal import safe

    lines = []
    if review is not None:
        lines.append(safe(message("review.line", lang, state=message(f"review.{review}", lang)), "bold"))
    for d in decisions:
        if d.decision == "return":
            lines.append(
                safe(message("review.returned", lang, reason=d.reason, date=format_date(d.decided_on, lang)))
            )
    return Group(*lines)


def attachments_table(rows: Sequence[AttachmentRow], lang: str, ascii: bool = False) -> object:
    """`cqvet show N`: the evidence attached to the point's progress updates (get one by its 编号)."""
    from cqvet.render.terminal import safe, table_frame

    table = table_frame(ascii, message("attachment.title", lang))
    for key in ("col.id", "col.date", "col.file", "col.media_type", "col.size"):
        table.add_column(message(key, lang), overflow="fold")
    for row in rows:
        table.add_row(
            str(row.id),
            format_date(row.reported_on, lang) if row.reported_on else "",
            safe(row.name),
            row.media_type,
            str(row.size),
        )
    return table


def issued_rows(issued: Sequence[IssuedNotice]) -> list[tuple[IssuedNotice, int]]:
    """Each issued notice with its 第N次 (days this office was sent one about this point, up to it)."""
    seen: dict[tuple[int, int], set[dt.date]] = {}
    rows = []
    for notice in issued:
        days = seen.setdefault((notice.point_number, notice.unit_id), set())
        days.add(notice.as_of)
        rows.append((notice, len(days)))
    return rows


def reporting_table(
    period: Period, rows: Sequence[ReportStatus], rule: str, lang: str, ascii: bool = False
) -> object:
    """`cqvet reporting`: each office's points and the period's status."""
    from rich.text import Text

    from cqvet.render.terminal import safe, table_frame

    title = message(
        "reporting.title", lang, period=period.label, due=format_date(period.due, lang), rule=rule
    )
    table = table_frame(ascii, title)
    for key in ("col.office", "col.number", "col.title", "col.report_status", "col.reported_on"):
        table.add_column(message(key, lang), overflow="fold")
    styles = {"on_time": "green", "late": "yellow", "pending": "dim", "missing": "bold red"}
    for row in rows:
        table.add_row(
            safe(row.office),
            str(row.number),
            safe(row.title),
            Text(message(f"reporting.{row.status}", lang), style=styles[row.status]),
            format_date(row.reported_on, lang) if row.reported_on else "",
        )
    return table


SCORE_HEADS = (
    "col.rank",
    "col.office",
    "col.items_led",
    "col.on_time_share",
    "col.on_schedule_share",
    "col.overdue_count",
    "col.completed_on_time",
    "col.returned",
    "col.notices_received",
)


def share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def score_cells(rank: int, score: Score) -> list[str]:
    return [
        str(rank),
        score.office,
        str(score.items),
        share(score.on_time_share),
        share(score.on_schedule_share),
        str(score.overdue),
        str(score.completed_on_time),
        str(score.returned),
        str(score.notices),
    ]


def scorecard_table(scores: Sequence[Score], title: str, lang: str, ascii: bool = False) -> object:
    from rich.cells import cell_len
    from rich.text import Text

    from cqvet.render.terminal import safe, table_frame

    if not scores:
        return Text(message("scorecard.none", lang))
    table = table_frame(ascii, title)
    for index, key in enumerate(SCORE_HEADS):
        head = message(key, lang)
        table.add_column(head, justify="left" if index == 1 else "right", min_width=cell_len(head))
    for rank, score in enumerate(scores, start=1):
        table.add_row(*[safe(c) for c in score_cells(rank, score)])
    return table


def scorecard_xlsx(scores: Sequence[Score], title: str, lang: str) -> bytes:
    """The scorecard as a workbook: shares as numbers (percent points), one row an office, in rank order."""
    from cqvet.render.spreadsheet import OutColumn, OutTable, to_xlsx

    columns = tuple(
        OutColumn(message(key, lang), kind="text" if key == "col.office" else "number") for key in SCORE_HEADS
    )
    rows = tuple(
        (
            rank,
            s.office,
            s.items,
            None if s.on_time_share is None else round(s.on_time_share, 1),
            None if s.on_schedule_share is None else round(s.on_schedule_share, 1),
            s.overdue,
            s.completed_on_time,
            s.returned,
            s.notices,
        )
        for rank, s in enumerate(scores, start=1)
    )
    return to_xlsx(
        OutTable(title=title, sheet_name=message("col.rank", lang), columns=columns, rows=rows, header=title)
    )
