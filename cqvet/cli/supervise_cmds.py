"""督办 commands: notices, plan set, reporting, scorecard."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cqvet.cli.options import (
    AsciiOpt,
    AsOfOpt,
    ByOpt,
    DateOpt,
    ForceOpt,
    FormatOpt,
    ListFormat,
    PlanOpt,
    day,
    parse_period,
)
from cqvet.cli.output import emit, say, show
from cqvet.cli.root import app, session_of
from cqvet.errors import UsageError
from cqvet.labels import message
from cqvet.schedule import day_is_over

plan_app = typer.Typer(help="Plan settings: the reporting rhythm, completion review.", no_args_is_help=True)
app.add_typer(plan_app, name="plan")
attachment_app = typer.Typer(help="Evidence files attached to progress updates.", no_args_is_help=True)
app.add_typer(attachment_app, name="attachment")


_UNSAFE = str.maketrans({c: "_" for c in '\\/:*?"<>|'})


def _file_stem(office: str, on: object) -> str:
    """A file name Windows accepts for an office's notice: no reserved characters, no controls."""
    from cqvet.render.text import strip_controls

    name = strip_controls(office).translate(_UNSAFE).strip(" .") or "_"
    return f"督办单_{name}_{on}"


@app.command()
def notices(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o")],
    as_of: AsOfOpt = None,
    office: Annotated[str | None, typer.Option("--office")] = None,
    near: Annotated[str, typer.Option("--near")] = "7d",
    force: ForceOpt = False,
    ascii: AsciiOpt = False,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """出督办单：每个有红、黄、蓝色事项的牵头单位一份（docx 和 Markdown），并记录在案（第N次督办）。"""
    from cqvet.cli.output import check_output, write_file
    from cqvet.render.notice_docx import render_notice_docx
    from cqvet.render.supervision import notice_markdown, notices_summary
    from cqvet.supervision import Notice, notices_on

    session = session_of(ctx)
    span = parse_period(near)
    if not output.is_dir():
        raise UsageError("output_dir_missing", path=str(output))
    chosen = session.plan(plan)
    on = day(as_of, chosen, session.today)

    def deliver(found: list[Notice]) -> None:
        files = []
        for notice in found:
            stem = _file_stem(notice.office, on.isoformat())
            files += [(output / f"{stem}.docx", notice, "docx"), (output / f"{stem}.md", notice, "md")]
        for path, _, _ in files:
            check_output(path, force=force)  # every file refused before any is written
        for path, notice, kind in files:
            if kind == "docx":
                data = render_notice_docx(notice, chosen.title, session.lang)
            else:
                data = notice_markdown(notice, chosen.title, session.lang).encode("utf-8")
            write_file(path, data, force=force)

    found, fresh = notices_on(
        session.store(),
        chosen,
        on,
        near=span.days_after(on),
        office=office,
        author=session.author(by),
        deliver=deliver,
        day_over=day_is_over(on, session.today),  # today is not over: a point due today is blue
    )
    show(notices_summary(found, on, session.lang, ascii))
    if found:
        items = sum(len(n.items) for n in found)
        say(
            message(
                "notice.written", session.lang, count=len(found), items=items, new=fresh, path=str(output)
            )
        )


@plan_app.command("set")
def plan_set(
    ctx: typer.Context,
    report_by: Annotated[
        str | None,
        typer.Option(
            "--report-by",
        ),
    ] = None,
    review: Annotated[bool | None, typer.Option("--review/--no-review")] = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """设置计划的报送时限和办结审核（可撤销）。"""
    from cqvet.store_supervision import set_reporting_rule, set_review
    from cqvet.supervision import parse_report_by

    session = session_of(ctx)
    if report_by is None and review is None:
        raise UsageError("plan_set_nothing")
    store = session.store()
    chosen = session.plan(plan)
    if report_by is not None:
        rule = parse_report_by(report_by, chosen.year)
        event = set_reporting_rule(store, chosen, rule, report_by.strip(), session.author(by))
        say(message("done.report_by", session.lang, written=report_by.strip(), rule=rule, event=event))
    if review is not None:
        event = set_review(store, chosen, review, session.author(by))
        say(message("done.review_on" if review else "done.review_off", session.lang, event=event))


@app.command()
def close(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument()],
    confirm: Annotated[bool, typer.Option("--confirm")] = False,
    reason: Annotated[str | None, typer.Option("--return")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """办结审核：对报送完成的事项销号（--confirm）或退回（--return 原因）。"""
    from cqvet.parsing import parse_item
    from cqvet.supervision import close_point

    session = session_of(ctx)
    item = parse_item(number)
    point = item.number
    if confirm == (reason is not None) or (reason is not None and not reason.strip()):
        raise UsageError("close_how")
    store = session.store()
    chosen = session.plan(plan)
    on = day(date, chosen, session.today)
    event = close_point(
        store,
        chosen,
        point,
        confirm=confirm,
        reason=(reason or "").strip(),
        on=on,
        author=session.author(by),
        measure=item.measure,
    )
    if confirm:
        say(message("done.close_confirm", session.lang, number=point, event=event))
        return
    state = store.point_states(chosen, on, [point], with_targets=False)[0]
    say(
        message(
            "done.close_return",
            session.lang,
            number=point,
            reason=(reason or "").strip(),
            percent=state.percent,
            status=message(f"status.{state.status}", session.lang),
            event=event,
        )
    )


@app.command()
def reporting(
    ctx: typer.Context,
    period: Annotated[str | None, typer.Option("--period")] = None,
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """各单位本期报送情况：每个牵头事项按时、逾期、待报送或未报送。"""
    from cqvet.supervision import parse_month, reporting_on

    session = session_of(ctx)
    month = parse_month(period) if period is not None else None
    chosen = session.plan(plan)
    on = day(as_of, chosen, session.today)
    found, rows, written = reporting_on(session.store(), chosen, on, month)

    def records() -> list[dict[str, object]]:
        return [
            {
                "period": found.label,
                "due": found.due.isoformat(),
                "office": r.office,
                "number": r.number,
                "title": r.title,
                "status": r.status,
                "status_label": message(f"reporting.{r.status}", session.lang),
                "reported_on": r.reported_on.isoformat() if r.reported_on else None,
            }
            for r in rows
        ]

    def table() -> object:
        from cqvet.render.supervision import reporting_table

        return reporting_table(found, rows, written, session.lang, ascii)

    keys = ("period", "due", "office", "number", "title", "status", "status_label", "reported_on")
    emit(fmt, records, keys, table)


@app.command()
def scorecard(
    ctx: typer.Context,
    quarter: Annotated[str, typer.Option("--quarter", "-q")],
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    force: ForceOpt = False,
    ascii: AsciiOpt = False,
    plan: PlanOpt = None,
) -> None:
    """各牵头单位一个季度的督办考评：牵头事项、按时报送率、序时推进率、逾期、按期完成、收到督办。"""
    from cqvet.dates import format_date, parse_quarter
    from cqvet.render.supervision import scorecard_table, scorecard_xlsx
    from cqvet.supervision import scorecard_for

    session = session_of(ctx)
    chosen = session.plan(plan)
    wanted = parse_quarter(quarter, plan_year=chosen.year)
    if output is not None:
        from cqvet.cli.output import check_output

        if output.suffix.lower() not in (".xlsx", ".docx"):
            raise UsageError("format_unknown", text=output.suffix or str(output), allowed=".xlsx, .docx")
        check_output(output, force=force)
    scores = scorecard_for(session.store(), chosen, wanted.start, wanted.end)
    title = message(
        "scorecard.title",
        session.lang,
        quarter=wanted.label(session.lang),
        date=format_date(wanted.end, session.lang),
    )
    show(scorecard_table(scores, title, session.lang, ascii))
    if output is not None:
        from cqvet.cli.output import write_file

        if output.suffix.lower() == ".docx":
            from cqvet.render.notice_docx import render_scorecard_docx

            data = render_scorecard_docx(scores, title, session.lang)
        else:
            data = scorecard_xlsx(scores, title, session.lang)
        write_file(output, data, force=force)


@attachment_app.command("get")
def attachment_get(
    ctx: typer.Context,
    attachment: Annotated[int, typer.Argument(min=1, max=2**63 - 1)],
    output: Annotated[Path, typer.Option("--output", "-o")],
    force: ForceOpt = False,
) -> None:
    """把一份佐证材料原样写出到文件。"""
    from cqvet.cli.output import check_output, write_file
    from cqvet.store_supervision import attachment_content

    session = session_of(ctx)
    check_output(output, force=force)
    data = attachment_content(session.store(), attachment)
    if data is None:
        raise UsageError("attachment_unknown", id=attachment)
    write_file(output, data, force=force)
    say(message("attachment.written", session.lang, id=attachment, size=len(data), path=str(output)))
