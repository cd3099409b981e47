"""The request handlers of `cqvet serve`: who may do what is checked here, rules are called, never copied.

Each handler gets a `Ctx` (an open store, the user, today) and returns a
response. Reads go through `Store`; every write goes through the function the
CLI calls for the same action (`recording.record_progress`,
`recording.assign_owner`, `recording.set_deadline`, `supervision.close_point`,
`supervision.notices_on`, `measures.record_progress`,
`measures.record_contribution`), with the logged-in user's name as the author,
so a change made on the web is an event like any other and is refused with the
same message.

Measures (举措): the point's form records what the user's office may record on
the point as a whole: the point's own progress for its lead office and for
steering (a note only once the point rolls up from its measures), and a
contribution (配合单位报送: a note and the office's own percent, never the
point's figure) for any other office that takes part, through the point or
one of its measures. Each measure the user's office reports
(`accounts.may_report_measure`) has its own form.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cqvet import accounts
from cqvet import store_users as sql
from cqvet.accounts import Role
from cqvet.errors import UsageError
from cqvet.models import Colour, Health, MeasureState, PointState
from cqvet.schedule import DEFAULT_NEAR_DAYS, DEFAULT_TOLERANCE, colour, expected_percent, health
from cqvet.serve import auth
from cqvet.serve.app import Ctx, Forbidden, Server

if TYPE_CHECKING:
    from starlette.datastructures import FormData


# --- login ----------------------------------------------------------------------------


def login_endpoint(server: Server) -> Any:
    from starlette.concurrency import run_in_threadpool

    async def login(request: Request) -> Response:
        if request.method == "GET":
            return server.render(request, "login.html")
        form = await request.form(max_files=0, max_fields=5)
        if not server.tokens.csrf_ok(request.session, form.get("csrf")):
            return server.refusal(request, server.t("serve.csrf"), 403)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        address = request.client.host if request.client else "?"

        found = await server.in_db_thread(lambda: auth.attempt(server.open(), name, address))
        token = None
        if not found.throttled:
            ok, rehashed = await run_in_threadpool(auth.check, found, password)
            token = await server.in_db_thread(lambda: auth.conclude(server.open(), found, ok, rehashed))
        if token is None:
            refusal = "serve.throttled" if found.throttled else "serve.login_failed"
            status = 429 if found.throttled else 401
            text = server.t(refusal, minutes=int(accounts.FAILURE_WINDOW.total_seconds() // 60))
            return server.render(request, "login.html", status=status, error=text, name=name)
        request.session.clear()  # a new CSRF key: forms from before the login are refused
        request.session["token"] = token
        return RedirectResponse("/", status_code=303)

    return login


def logout_endpoint(server: Server) -> Any:
    async def logout(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=5)
        if not server.tokens.csrf_ok(request.session, form.get("csrf")):
            return server.refusal(request, server.t("serve.csrf"), 403)

        await server.in_db_thread(lambda: auth.log_out(server.open(), request.session))
        return RedirectResponse("/login", status_code=303)

    return logout


def home(ctx: Ctx) -> Response:
    if ctx.user.role == Role.LEADER:
        return RedirectResponse("/dashboard", status_code=303)
    return RedirectResponse("/office", status_code=303)


# --- what a user may see --------------------------------------------------------------


class MeasureRow(NamedTuple):
    """One measure as a page lists it, judged by the points' rules (`cqvet.schedule`)."""

    measure: MeasureState
    offices: tuple[str, ...]  # its lead offices, or its point's while it has none of its own
    expected: float
    health: Health
    colour: Colour
    reportable: bool  # the user may record its progress


class Item(NamedTuple):
    """One point as an office page lists it, with the measures the office leads."""

    state: PointState
    role: str  # lead / support / measure (only through its measures) / "" (steering, every point)
    expected: float
    health: Health
    colour: Colour
    acknowledged: bool | None  # None: nothing to acknowledge (no assignment, or not this office's)
    measures: tuple[MeasureRow, ...] = ()


def _measure_rows(ctx: Ctx, state: PointState, measures: list[MeasureState]) -> list[MeasureRow]:
    return [
        MeasureRow(
            m,
            accounts.measure_leads(state, m),
            expected_percent(ctx.plan.start, m.deadline, ctx.today),
            health(m, ctx.plan.start, ctx.today, day_over=False),
            colour(m, ctx.plan.start, ctx.today, day_over=False),
            accounts.may_report_measure(ctx.user, ctx.office, state, m),
        )
        for m in measures
    ]


def _office_of(ctx: Ctx) -> str | None:
    """The office a page is about: an office user's own; steering chooses with `?unit=`."""
    if ctx.user.role != Role.STEERING:
        return ctx.office
    wanted = ctx.request.query_params.get("unit", "").strip()
    if not wanted:
        return None
    unit_id = ctx.store.unit_id(wanted)
    if unit_id is None:
        raise UsageError("owner_unknown", name=wanted, known="、".join(ctx.store.unit_names()) or "—")
    return ctx.store.unit_name_on(unit_id, ctx.today)


def _items(ctx: Ctx, office: str | None) -> list[Item]:
    from cqvet.store_measures import measure_states

    states = ctx.store.point_states(ctx.plan, ctx.today, with_targets=False)
    by_point: dict[int, list[MeasureState]] = {}
    for m in measure_states(ctx.store, ctx.plan, ctx.today, states):
        by_point.setdefault(m.point_number, []).append(m)
    unit_id = ctx.store.unit_id(office) if office else None
    acked = sql.acknowledged(ctx.store, unit_id) if unit_id is not None else set()
    found = []
    for state in states:
        measures = by_point.get(state.number, [])
        role = accounts.involved(office, state, measures)
        if office is not None and not role:
            continue
        if not accounts.may_see(ctx.user, ctx.office, state, measures):
            continue
        # the measures the office leads, under their point (every office's would flood steering's page)
        led = [m for m in measures if office is not None and office in m.leads]
        assignment = (
            sql.current_assignment(ctx.store, state.id, ctx.today) if role in ("lead", "support") else None
        )
        found.append(
            Item(
                state,
                role,
                expected_percent(ctx.plan.start, state.deadline, ctx.today),
                health(state, ctx.plan.start, ctx.today, day_over=False),
                colour(state, ctx.plan.start, ctx.today, day_over=False),
                None if assignment is None else assignment in acked,
                tuple(_measure_rows(ctx, state, led)),
            )
        )
    return found


def _point(ctx: Ctx, number_text: str, *, write: bool = False) -> tuple[PointState, list[MeasureState]]:
    """Point `number_text` and its measures as of today, refused (403) unless the user may read
    the point (or write on it): checked on the server at every request."""
    from cqvet.parsing import parse_point
    from cqvet.store_measures import measure_states

    number = parse_point(number_text)
    ctx.store.point_id(ctx.plan, number)  # an unknown number: "no point N"
    state = ctx.store.point_states(ctx.plan, ctx.today, [number], with_targets=False)[0]
    measures = measure_states(ctx.store, ctx.plan, ctx.today, [state])
    allowed = accounts.may_write if write else accounts.may_see
    if not allowed(ctx.user, ctx.office, state, measures):
        raise Forbidden("serve.forbidden")
    return state, measures


def _state(ctx: Ctx, number_text: str, *, write: bool = False) -> PointState:
    return _point(ctx, number_text, write=write)[0]


def _reports_point(ctx: Ctx, state: PointState) -> bool:
    """Whether the point's form records the point's own progress (its lead office, steering);
    for any other office that takes part it records that office's contribution."""
    return ctx.user.role == Role.STEERING or (ctx.office is not None and ctx.office in state.leads)


def _evidence(form: FormData | None) -> list[Any]:
    """The evidence files of a form, each refused (kind, size) before anything is written."""
    from cqvet.attachments import MAX_BYTES, evidence_of

    evidence = []
    for upload in form.getlist("attach") if form is not None else []:
        if isinstance(upload, str) or not upload.filename:
            continue
        data = upload.file.read(MAX_BYTES + 1)
        evidence.append(evidence_of(upload.filename, data))
    return evidence


def _attach(ctx: Ctx, event_id: int, state: PointState, evidence: list[Any]) -> None:
    from cqvet.store_supervision import attach

    if evidence:
        attach(ctx.store, event_id, state.id, [(e.name, e.data, e.media_type, e.sha256) for e in evidence])


def _reported_on(ctx: Ctx) -> dt.date:
    from cqvet.dates import parse_date

    text = _field(ctx.form, "date").strip()
    return parse_date(text, plan_year=ctx.plan.year, today=ctx.today) if text else ctx.today


def _field(form: FormData | None, name: str) -> str:
    value = form.get(name, "") if form is not None else ""
    return value if isinstance(value, str) else ""


def _back(ctx: Ctx, number: int, text: str) -> Response:
    ctx.request.session["flash"] = text
    return RedirectResponse(f"/point/{number}", status_code=303)


# --- an office's page -----------------------------------------------------------------


def office(ctx: Ctx) -> Response:
    chosen = _office_of(ctx)
    if ctx.user.role == Role.OFFICE and chosen is None:
        raise Forbidden("serve.no_office")
    return ctx.server.render(
        ctx.request,
        "office.html",
        user=ctx.user,
        office=chosen,
        units=ctx.store.unit_names() if ctx.user.role == Role.STEERING else [],
        items=_items(ctx, chosen),
        today=ctx.today,
        plan=ctx.plan,
    )


def point(ctx: Ctx) -> Response:
    from cqvet.store_measures import contributions, point_is_rolled_up, progress_history

    state, measures = _point(ctx, ctx.request.path_params["number"])
    detail = ctx.store.point_detail(ctx.plan, state.number, ctx.today)
    # the point's own updates and its measures', newest first, each named by what it reports on
    history = sorted(
        [
            *(e for e in detail.progress if e.measure is None),
            *(progress_history(ctx.store, ctx.plan, state.number, until=ctx.today) if measures else []),
        ],
        key=lambda e: (e.reported_on, e.recorded_at),
        reverse=True,
    )
    writable = accounts.may_write(ctx.user, ctx.office, state, measures)
    assignment = sql.current_assignment(ctx.store, state.id, ctx.today)
    own = ctx.office is not None and (ctx.office in state.leads or ctx.office in state.supports)
    unit_id = ctx.store.unit_id(ctx.office) if own and ctx.office else None
    may_ack = (
        writable
        and unit_id is not None
        and assignment is not None
        and assignment not in sql.acknowledged(ctx.store, unit_id)
    )
    from cqvet.store_supervision import attachments_of

    return ctx.server.render(
        ctx.request,
        "point.html",
        user=ctx.user,
        state=state,
        detail=detail,
        attachments=attachments_of(ctx.store, ctx.plan, state.number),
        expected=expected_percent(ctx.plan.start, state.deadline, ctx.today),
        health=health(state, ctx.plan.start, ctx.today, day_over=False),
        colour=colour(state, ctx.plan.start, ctx.today, day_over=False),
        writable=writable,
        may_ack=may_ack,
        steering=ctx.user.role == Role.STEERING,
        today=ctx.today,
        measures=_measure_rows(ctx, state, measures),
        history=history,
        # the point's form: its own progress (a note only once rolled up), or the office's part
        reports_point=_reports_point(ctx, state),
        rolled_up=point_is_rolled_up(ctx.store, state.id),
        contributions=[
            c for c in contributions(ctx.store, ctx.plan, state.number, until=ctx.today) if not c.reverted
        ],
    )


def report_progress(ctx: Ctx) -> Response:
    """The point's form: `cqvet progress set` for its lead office and steering, a contribution
    (`cqvet progress set N --office X`) for another office taking part; the same parsers, rules
    and attachment store, one transaction."""
    from cqvet.parsing import parse_percent, parse_status
    from cqvet.recording import record_progress

    state = _state(ctx, ctx.request.path_params["number"], write=True)
    if not _reports_point(ctx, state):
        return _contribute(ctx, state)
    form = ctx.form
    percent_text, status_text = _field(form, "percent").strip(), _field(form, "status").strip()
    percent = parse_percent(percent_text) if percent_text else None
    status = parse_status(status_text) if status_text else None
    reported_on = _reported_on(ctx)
    evidence = _evidence(form)  # every file refused before anything is written
    with ctx.store.transaction():
        recorded = record_progress(
            ctx.store,
            ctx.plan,
            state.number,
            percent=percent,
            status=status,
            note=_field(form, "note"),
            reported_on=reported_on,
            author=ctx.user.name,
            correct=_field(form, "correct") == "1",
            today=ctx.today,
        )
        _attach(ctx, recorded.event_id, state, evidence)
    summary = recorded.summary
    text = ctx.server.t(
        "done.progress",
        point=state.number,
        percent=summary["percent"],
        status=ctx.server.t(f"status.{summary['status']}"),
        date=summary["reported_on"],
        event=recorded.event_id,
    )
    return _back(ctx, state.number, text)


def _contribute(ctx: Ctx, state: PointState) -> Response:
    """配合单位报送: the office's part of the point, never the point's figure
    (`measures.record_contribution`)."""
    from cqvet.measures import record_contribution
    from cqvet.parsing import parse_percent

    assert ctx.office is not None  # only an office that takes part gets here (`_reports_point`, `may_write`)
    form = ctx.form
    if _field(form, "status").strip():
        raise UsageError("contribution_status", number=state.number)
    percent_text = _field(form, "percent").strip()
    percent = parse_percent(percent_text) if percent_text else None
    reported_on = _reported_on(ctx)
    evidence = _evidence(form)
    with ctx.store.transaction():
        recorded = record_contribution(
            ctx.store,
            ctx.plan,
            state.number,
            office=ctx.office,
            percent=percent,
            note=_field(form, "note"),
            reported_on=reported_on,
            author=ctx.user.name,
            today=ctx.today,
        )
        _attach(ctx, recorded.event_id, state, evidence)
    text = ctx.server.t(
        "serve.contribution_recorded",
        office=recorded.summary["office"],
        number=state.number,
        date=recorded.summary["reported_on"],
        event=recorded.event_id,
    )
    return _back(ctx, state.number, text)


def report_measure(ctx: Ctx) -> Response:
    """`cqvet progress set N-M` from a measure's form on the point page, for an office that leads
    the measure (`accounts.may_report_measure`) or steering; the point rolls up from it."""
    from cqvet import measures
    from cqvet.parsing import parse_item, parse_percent, parse_status

    params = ctx.request.path_params
    ref = parse_item(f"{params['number']}-{params['seq']}")
    state, found = _point(ctx, str(ref.number), write=True)
    measure = next((m for m in found if m.seq == ref.measure), None)
    if measure is None:
        from cqvet.store_measures import measure_id

        measure_id(ctx.store, ctx.plan, ref.number, ref.measure or 0)  # "point N has no measure M"
    if measure is None or not accounts.may_report_measure(ctx.user, ctx.office, state, measure):
        raise Forbidden("serve.forbidden")
    form = ctx.form
    percent_text, status_text = _field(form, "percent").strip(), _field(form, "status").strip()
    percent = parse_percent(percent_text) if percent_text else None
    status = parse_status(status_text) if status_text else None
    reported_on = _reported_on(ctx)
    evidence = _evidence(form)
    with ctx.store.transaction():
        recorded = measures.record_progress(
            ctx.store,
            ctx.plan,
            ref,
            percent=percent,
            status=status,
            note=_field(form, "note"),
            reported_on=reported_on,
            author=ctx.user.name,
            correct=_field(form, "correct") == "1",
            today=ctx.today,
        )
        _attach(ctx, recorded.event_id, state, evidence)
    summary = recorded.summary
    text = ctx.server.t(
        "serve.measure_recorded",
        ref=measure.ref,
        percent=summary["percent"],
        status=ctx.server.t(f"status.{summary['status']}"),
        date=summary["reported_on"],
        event=recorded.event_id,
    )
    return _back(ctx, state.number, text)


def acknowledge(ctx: Ctx) -> Response:
    """签收: the user's office acknowledges the point's current assignment (once per assignment)."""
    state = _state(ctx, ctx.request.path_params["number"], write=True)
    office_name = ctx.office
    if office_name is None or (office_name not in state.leads and office_name not in state.supports):
        raise Forbidden("serve.forbidden")
    unit_id = ctx.store.unit_id(office_name)
    assert unit_id is not None  # an office named in the point's assignment is a unit
    with ctx.store.transaction():
        assignment = sql.current_assignment(ctx.store, state.id, ctx.today)
        if assignment is None or assignment in sql.acknowledged(ctx.store, unit_id):
            raise UsageError("serve.nothing_to_acknowledge", number=state.number)
        event = sql.acknowledge(
            ctx.store,
            ctx.plan,
            point_id=state.id,
            unit_id=unit_id,
            assignment_id=assignment,
            author=ctx.user.name,
            detail={"point": state.number, "office": office_name, "assignment": assignment},
        )
    return _back(ctx, state.number, ctx.server.t("serve.acknowledged", number=state.number, event=event))


# --- steering ---------------------------------------------------------------------------


def set_owner(ctx: Ctx) -> Response:
    from cqvet.recording import assign_owner

    state = _state(ctx, ctx.request.path_params["number"], write=True)
    supports = _field(ctx.form, "supports")
    recorded = assign_owner(
        ctx.store,
        ctx.plan,
        state.number,
        lead=_field(ctx.form, "lead"),
        supports=[supports] if supports.strip() else [],
        contact=_field(ctx.form, "contact"),
        leader=_field(ctx.form, "leader"),
        effective_on=None,
        author=ctx.user.name,
        today=ctx.today,
    )
    listed = recorded.summary["supports"]
    names = "、".join(listed) if isinstance(listed, list) else ""
    text = ctx.server.t(
        "done.owner",
        point=state.number,
        lead=recorded.summary["lead"],
        supports=ctx.server.t("done.owner_supports", supports=names) if names else "",
        date=recorded.summary["effective_on"],
        event=recorded.event_id,
    )
    return _back(ctx, state.number, text)


def set_deadline(ctx: Ctx) -> Response:
    from cqvet.dates import parse_date
    from cqvet.recording import set_deadline as record_deadline

    state = _state(ctx, ctx.request.path_params["number"], write=True)
    written = _field(ctx.form, "due").strip()
    due = parse_date(written, plan_year=ctx.plan.year, today=ctx.today)
    recorded = record_deadline(
        ctx.store,
        ctx.plan,
        state.number,
        due_on=due,
        as_written=written,
        note=_field(ctx.form, "note"),
        effective_on=None,
        author=ctx.user.name,
        today=ctx.today,
    )
    text = ctx.server.t(
        "serve.deadline_set", number=state.number, date=due.isoformat(), event=recorded.event_id
    )
    return _back(ctx, state.number, text)


def close(ctx: Ctx) -> Response:
    from cqvet.supervision import close_point

    state = _state(ctx, ctx.request.path_params["number"], write=True)
    confirm = _field(ctx.form, "decision") == "confirm"
    reason = _field(ctx.form, "reason").strip()
    if not confirm and not reason:
        raise UsageError("close_how")
    event = close_point(
        ctx.store, ctx.plan, state.number, confirm=confirm, reason=reason, on=ctx.today, author=ctx.user.name
    )
    key = "serve.close_confirmed" if confirm else "serve.close_returned"
    return _back(ctx, state.number, ctx.server.t(key, number=state.number, event=event))


def issue_notices(ctx: Ctx) -> Response:
    """出督办单 for today, recorded as `cqvet notices` records them; each office downloads its own."""
    from cqvet.supervision import notices_on

    found, fresh = notices_on(
        ctx.store,
        ctx.plan,
        ctx.today,
        near=DEFAULT_NEAR_DAYS,
        office=None,
        author=ctx.user.name,
        deliver=lambda _: None,
        day_over=False,
    )
    ctx.request.session["flash"] = ctx.server.t(
        "serve.notices_issued", count=len(found), items=sum(len(n.items) for n in found), new=fresh
    )
    return RedirectResponse("/office", status_code=303)


# --- downloads ----------------------------------------------------------------------------


def _download(data: bytes, name: str, media_type: str) -> Response:
    from urllib.parse import quote

    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def attachment_download(ctx: Ctx) -> Response:
    """An evidence file of a point the user may read; the id must be one of that point's attachments,
    so a number guessed for another point's file is 404, not that file."""
    from cqvet.store_supervision import attachment_content, attachments_of

    state = _state(ctx, ctx.request.path_params["number"])
    wanted = ctx.request.path_params["attachment"]
    found = next((a for a in attachments_of(ctx.store, ctx.plan, state.number) if str(a.id) == wanted), None)
    data = attachment_content(ctx.store, found.id) if found is not None else None
    if found is None or data is None:
        raise UsageError("serve.no_attachment", number=state.number)
    return _download(data, found.name, found.media_type)


def notice_download(ctx: Ctx) -> Response:
    """The office's 督办单 as of today (docx), as `cqvet notices` would write it; nothing is recorded."""
    from cqvet import store_supervision
    from cqvet.render.notice_docx import render_notice_docx
    from cqvet.supervision import Issued, build_notices

    chosen = _office_of(ctx)
    if chosen is None:
        raise Forbidden("serve.no_office")
    unit_id = ctx.store.unit_id(chosen)
    with ctx.store.snapshot():
        states = ctx.store.point_states(ctx.plan, ctx.today, with_targets=False)
        unit_ids = {name: ctx.store.unit_id(name) or 0 for s in states for name in s.leads}
        before = [
            Issued(n.point_number, n.unit_id, n.as_of)
            for n in store_supervision.issued(ctx.store, ctx.plan, ctx.today)
        ]
    found = build_notices(ctx.plan, states, ctx.today, unit_ids, before, office=unit_id, day_over=False)
    if not found:
        raise UsageError("serve.no_notice", office=chosen)
    data = render_notice_docx(found[0], ctx.plan.title, ctx.lang)
    name = f"{ctx.server.t('serve.notice_file')}-{chosen}-{ctx.today.isoformat()}.docx"
    return _download(data, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def form_download(ctx: Ctx) -> Response:
    """The office's progress form (进展填报表), as `cqvet export progress-form` writes it."""
    from cqvet.exchange import progress_form_table
    from cqvet.render.spreadsheet import to_xlsx

    chosen = _office_of(ctx)
    if chosen is None:
        raise Forbidden("serve.no_office")
    data = to_xlsx(progress_form_table(ctx.store, ctx.plan, chosen, ctx.today, ctx.lang))
    name = f"{ctx.server.t('serve.form_file')}-{chosen}-{ctx.today.isoformat()}.xlsx"
    return _download(data, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# --- leaders ------------------------------------------------------------------------------


class Filters(NamedTuple):
    section: str
    office: str
    leader: str
    quarter: str

    @classmethod
    def of(cls, ctx: Ctx) -> Filters:
        query = ctx.request.query_params
        return cls(*(query.get(k, "").strip()[:100] for k in ("section", "office", "leader", "quarter")))

    def keeps(self, state: PointState) -> bool:
        from cqvet.selection import PointFilter

        kept = PointFilter(self.section or None, self.office or None).keeps(state, dt.date.min, day_over=True)
        return kept and (not self.leader or self.leader in state.leader)


def _report(ctx: Ctx, chosen: Filters) -> Any:
    """The quarter's report model, as `cqvet report` builds it, over the points the filters keep."""
    import dataclasses

    from cqvet.report import read_ledger, report_day, report_from
    from cqvet.store import utc_now

    day = report_day(chosen.quarter or None, None, ctx.plan, ctx.today)
    reading = read_ledger(ctx.store, ctx.plan, day)
    kept = {s.number for s in reading.states if chosen.keeps(s)}
    # `replace` keeps the reading's review flag and 办结 decisions: without them a plan that requires
    # review was reported as if it did not, counting 待审核 points as done, unlike `cqvet report`.
    reading = dataclasses.replace(
        reading,
        states=[s for s in reading.states if s.number in kept],
        previous=[s for s in reading.previous if s.number in kept],
        notes=[n for n in reading.notes if n.point_number in kept],
    )
    from cqvet.report import quarter_of
    from cqvet.schedule import report_day_is_over

    day_over = report_day_is_over(day, ctx.today, quarter_of(day).end)
    return report_from(reading, ctx.plan, day, DEFAULT_TOLERANCE, utc_now(), day_over)


def dashboard(ctx: Ctx) -> Response:
    chosen = Filters.of(ctx)
    report = _report(ctx, chosen)
    states = ctx.store.point_states(ctx.plan, ctx.today, with_targets=False)
    from urllib.parse import urlencode

    from cqvet.render.report_data import point_health_label

    return ctx.server.render(
        ctx.request,
        "dashboard.html",
        user=ctx.user,
        filters=chosen,
        report=report,
        # each point's word as the report's rows say it (已办结 / 待审核 in a review plan)
        health_labels={p.number: point_health_label(p, ctx.lang) for p in report.points},
        query=urlencode(chosen._asdict()),
        sections=list(dict.fromkeys(s.section_title for s in states if s.section_title)),
        offices=ctx.store.unit_names(),
        leaders=sorted({s.leader for s in states if s.leader}),
    )


def dashboard_report(ctx: Ctx) -> Response:
    from starlette.responses import HTMLResponse

    from cqvet.render.html import render_html

    page = render_html(_report(ctx, Filters.of(ctx)), ctx.lang)
    return HTMLResponse(page, headers={"X-Frame-Options": "SAMEORIGIN", "Cache-Control": "no-store"})


def scorecard(ctx: Ctx) -> Response:
    from cqvet.dates import format_date, quarter_of
    from cqvet.render.supervision import SCORE_HEADS, score_cells
    from cqvet.supervision import scorecard_for

    # The quarter so far: as `cqvet scorecard` scores a quarter, with today as its end while it runs.
    quarter = quarter_of(ctx.today)
    end = min(quarter.end, ctx.today)
    scores = scorecard_for(ctx.store, ctx.plan, quarter.start, end)
    title = ctx.server.t("scorecard.title", quarter=quarter.label(ctx.lang), date=format_date(end, ctx.lang))
    return ctx.server.render(
        ctx.request,
        "scorecard.html",
        user=ctx.user,
        title=title,
        heads=SCORE_HEADS,
        rows=[score_cells(rank, score) for rank, score in enumerate(scores, start=1)],
    )
