"""督办: which offices get a notice and about what, the reporting rhythm, and each office's scorecard.

The rules, in one place (the README repeats them):

- **A notice** (督办单) goes to each lead office of every point that has a 督办
  colour (`cqvet.schedule.colour`: red overdue, yellow behind, blue near its
  deadline). A point with two leads (双牵头) is in both offices' notices.
- **第N次督办**: N counts the days on which this office was sent a notice about
  this point, up to and including this one. Issuing again for a day already
  issued records nothing new and gives the same notices, so a past day's
  notices can be printed again as they were.
- **Reply by** (回复时限): five working days (Monday to Friday) after the
  as-of day. Public holidays and 调休 working weekends are not known to cqvet;
  a notice issued before a holiday should be read with that in mind.
- **Reporting rhythm**: a plan's rule is an RRULE (python-dateutil); the default
  is monthly by the 25th. Each occurrence is the due day of one period; the
  period runs from the day after the previous period to the end of the due
  day's month (so monthly means calendar months, and 每季度末月20日前 means
  calendar quarters). For each point an office leads, the period's status is
  按时 (a progress update dated within the period, on or before the due day),
  逾期 (the first update within the period came after the due day), 待报送
  (nothing yet, and the due day is still to come) or 未报送 (nothing, and the
  due day has passed). A point reported done before the period began owes no report.
- **Scorecard** order: reports on time (%) high first, then reports received at
  all, late included (%), then items on schedule (%) high first, then fewer
  overdue, then more completed on time, then the office's name; an office with
  no report due sorts below those with one. Items on schedule are those whose
  health at the quarter's end is done, ahead, on track or not started (within
  tolerance); overdue is red at the quarter's end; completed on time is a point
  done at the quarter's end that was first reported done on or before its
  deadline (a returned 办结 that is done again keeps its first date); reports
  count each point an office leads in each period due within the quarter;
  returned counts the 办结 requests of its points returned (退回) within the quarter.
- **办结销号**: with `plan set --review`, a point reported done is 待审核 until
  the steering office confirms it (`close N --confirm`, 已办结) or returns it
  (`close N --return 原因`): a return appends an update, marked as a correction,
  that takes the point back to its last status before done with the note
  退回：原因. Both are one undoable event.
- **Reports in a review plan** count 已办结 (confirmed) and 待审核 (reported
  done, not confirmed) apart: a point reported done is not 已完成 until it is
  confirmed. `review_state` over the decisions dated up to a report's day says
  which; the point's health stays done (it is neither late nor behind while it
  waits). `cqvet.report` holds the counting; the setting is not dated, so turning
  review on puts every done point of past reports under review too.

Nothing here talks SQL (that is `cqvet.store_supervision`) or knows the terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from cqvet.errors import UsageError
from cqvet.models import Colour, Health, Plan, PointState, Status
from cqvet.review import review_state
from cqvet.schedule import DEFAULT_NEAR_DAYS, DEFAULT_TOLERANCE, colour, expected_percent, health

if TYPE_CHECKING:
    from cqvet.store import Store

REPLY_WORKING_DAYS = 5
DEFAULT_RULE = "FREQ=MONTHLY;BYMONTHDAY=25"
DEFAULT_RULE_WRITTEN = "每月25日前"
ON_SCHEDULE = (Health.DONE, Health.AHEAD, Health.ON_TRACK, Health.NOT_STARTED)


# --- notices ----------------------------------------------------------------


class NoticeItem(NamedTuple):
    """One point in one office's 督办单."""

    point_id: int
    number: int
    title: str
    colour: Colour
    deadline: dt.date
    percent: int
    expected: float
    days_left: int  # negative once overdue
    note: str  # the office's latest note on the point
    times: int  # 第N次督办
    leader: str
    contact: str


class Notice(NamedTuple):
    """One office's 督办单 on a day."""

    office: str
    unit_id: int
    as_of: dt.date
    reply_by: dt.date
    items: tuple[NoticeItem, ...]

    @property
    def leaders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.leader for i in self.items if i.leader))

    @property
    def contacts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.contact for i in self.items if i.contact))


class Issued(NamedTuple):
    """What was issued before (from the store): which office, which point, for which day."""

    point_number: int
    unit_id: int
    as_of: dt.date


def reply_by(on: dt.date, working_days: int = REPLY_WORKING_DAYS) -> dt.date:
    """The day a notice issued on `on` must be answered by: `working_days` Mondays-to-Fridays later."""
    day = on
    left = working_days
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


_COLOUR_ORDER = {Colour.RED: 0, Colour.YELLOW: 1, Colour.BLUE: 2}


def build_notices(
    plan: Plan,
    states: Iterable[PointState],
    on: dt.date,
    unit_ids: dict[str, int],
    issued: Sequence[Issued],
    *,
    near: int = DEFAULT_NEAR_DAYS,
    office: int | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    day_over: bool = True,
) -> list[Notice]:
    """The notices of day `on`: one per lead office with coloured points (only `office`'s when given),
    offices in order of their first point, items red, yellow, blue, then by number."""
    earlier: dict[tuple[int, int], set[dt.date]] = {}
    for row in issued:
        if row.as_of <= on:
            earlier.setdefault((row.point_number, row.unit_id), set()).add(row.as_of)
    by_office: dict[str, list[NoticeItem]] = {}
    for state in states:
        tint = colour(state, plan.start, on, near, tolerance, day_over=day_over)
        if tint is Colour.NONE:
            continue
        for name in state.leads:
            unit = unit_ids[name]
            if office is not None and unit != office:
                continue
            days = earlier.get((state.number, unit), set()) | {on}
            by_office.setdefault(name, []).append(
                NoticeItem(
                    point_id=state.id,
                    number=state.number,
                    title=state.title,
                    colour=tint,
                    deadline=state.deadline,
                    percent=state.percent,
                    expected=expected_percent(plan.start, state.deadline, on),
                    days_left=(state.deadline - on).days,
                    note=state.note,
                    times=len(days),
                    leader=state.leader,
                    contact=state.contact,
                )
            )
    answer = reply_by(on)
    return [
        Notice(
            name,
            unit_ids[name],
            on,
            answer,
            tuple(sorted(items, key=lambda i: (_COLOUR_ORDER[i.colour], i.number))),
        )
        for name, items in by_office.items()
    ]


def new_rows(notices: Iterable[Notice], issued: Sequence[Issued]) -> list[tuple[Notice, NoticeItem]]:
    """The items not yet recorded for their day: issuing the same day twice records nothing new."""
    done = {(row.point_number, row.unit_id, row.as_of) for row in issued}
    return [(n, i) for n in notices for i in n.items if (i.number, n.unit_id, n.as_of) not in done]


# --- the reporting rhythm ---------------------------------------------------

_MONTHLY = re.compile(r"^每(?:个)?月(\d{1,2})[日号]?(?:前|之前|以前)?$")
_MONTH_END = re.compile(r"^每(?:个)?月(?:底|末)(?:前|之前|以前)?$")
_QUARTER_LAST = re.compile(r"^每(?:个)?季度?末月(\d{1,2})[日号]?(?:前|之前|以前)?$")
_QUARTER_END = re.compile(r"^每(?:个)?季度?末(?:前|之前|以前)?$")


def parse_report_by(text: str, year: int) -> str:
    """`每月25日前`, `每月底前`, `每季度末月20日前`, `每季末前` or an RRULE (`FREQ=MONTHLY;BYMONTHDAY=25`,
    with or without `RRULE:`) → an RRULE. Days 29 to 31 are refused in the Chinese forms: not every
    month has them (write 每月底前)."""
    written = "".join(text.split())
    rule: str | None = None
    if match := _MONTHLY.match(written):
        rule = f"FREQ=MONTHLY;BYMONTHDAY={int(match[1])}" if 1 <= int(match[1]) <= 28 else None
    elif _MONTH_END.match(written):
        rule = "FREQ=MONTHLY;BYMONTHDAY=-1"
    elif match := _QUARTER_LAST.match(written):
        rule = (
            f"FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY={int(match[1])}" if 1 <= int(match[1]) <= 28 else None
        )
    elif _QUARTER_END.match(written):
        rule = "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
    elif written.upper().startswith(("FREQ=", "RRULE:")):
        rule = written.upper().removeprefix("RRULE:")
    if rule is None or not due_days(rule, year):
        raise UsageError("report_by_invalid", text=text)
    return rule


def due_days(rule: str, year: int) -> list[dt.date]:
    """The due days of `rule` within `year` (an RRULE dateutil cannot read has none)."""
    from dateutil.rrule import rrulestr

    try:
        recurrence = rrulestr(rule, dtstart=dt.datetime(year, 1, 1))
        found = recurrence.between(dt.datetime(year, 1, 1), dt.datetime(year, 12, 31, 23, 59), inc=True)
    except (ValueError, TypeError):
        return []
    return sorted({d.date() for d in found})[:400]


class Period(NamedTuple):
    """One reporting period: reports dated `start`…`due` are on time, `due`+1…`end` late."""

    start: dt.date
    due: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.due.year}-{self.due.month:02d}"


def periods(rule: str, year: int) -> list[Period]:
    """The reporting periods of `year` under `rule` (rules in the module docstring)."""
    from cqvet.dates import month_end

    days = due_days(rule, year)
    found: list[Period] = []
    start = dt.date(year, 1, 1)
    for index, due in enumerate(days):
        following = days[index + 1] if index + 1 < len(days) else None
        end = month_end(due.year, due.month)
        if following is not None and following <= end:
            end = following - dt.timedelta(days=1)
        found.append(Period(start, due, end))
        start = end + dt.timedelta(days=1)
    return found


def period_for(found: Sequence[Period], month: tuple[int, int] | None, on: dt.date) -> Period:
    """The period that holds the month asked for (`--period 2021-06`), else the one that holds `on`
    (the last period when `on` is past them all, the first when before)."""
    if month is not None:
        for period in found:
            if (period.due.year, period.due.month) == month:
                return period
        first = dt.date(month[0], month[1], 1)
        for period in found:
            if period.start <= first <= period.end:
                return period
        raise UsageError("period_none", text=f"{month[0]}-{month[1]:02d}")
    for period in found:
        if period.start <= on <= period.end:
            return period
    return found[-1] if on > found[-1].end else found[0]


class ReportStatus(NamedTuple):
    office: str
    number: int
    title: str
    status: str  # on_time, late, pending, missing
    reported_on: dt.date | None  # the first report in the period


def reporting_status(
    period: Period,
    states: Iterable[PointState],
    first_report: dict[int, dt.date],
    done_before: set[int],
    on: dt.date,
) -> list[ReportStatus]:
    """Each lead office's points and whether each was reported for `period`, as known at the end of
    `on`: `first_report` holds each point's first report within the period up to `on`, and a point
    in `done_before` (done before the period started) owes none."""
    rows: list[ReportStatus] = []
    for state in states:
        if state.number in done_before:
            continue
        first = first_report.get(state.number)
        if first is not None:
            status = "on_time" if first <= period.due else "late"
        else:
            status = "pending" if on <= period.due else "missing"
        rows.extend(ReportStatus(name, state.number, state.title, status, first) for name in state.leads)
    return sorted(rows, key=lambda r: (r.office, r.number))


def silent_offices(rows: Iterable[ReportStatus]) -> list[str]:
    """Offices with a point not reported for the period yet (pending or missing), in name order."""
    return sorted({r.office for r in rows if r.status in ("pending", "missing")})


# --- scorecards -------------------------------------------------------------


class Score(NamedTuple):
    """One office's figures for a quarter."""

    office: str
    items: int
    reports_due: int
    reports_on_time: int
    reports_late: int
    on_schedule: int
    overdue: int
    completed_on_time: int
    notices: int
    returned: int = 0  # 办结 requests returned (退回) within the quarter

    @property
    def on_time_share(self) -> float | None:
        return 100.0 * self.reports_on_time / self.reports_due if self.reports_due else None

    @property
    def reported_share(self) -> float | None:
        """Reports received at all (on time or late) as a share of those due."""
        return (
            100.0 * (self.reports_on_time + self.reports_late) / self.reports_due
            if self.reports_due
            else None
        )

    @property
    def on_schedule_share(self) -> float | None:
        return 100.0 * self.on_schedule / self.items if self.items else None


def scorecard(
    plan: Plan,
    states: Sequence[PointState],
    on: dt.date,
    statuses: Iterable[ReportStatus],
    done_on: dict[int, dt.date],
    notices_by_office: dict[str, int],
    tolerance: float = DEFAULT_TOLERANCE,
    returned: dict[int, int] | None = None,
) -> list[Score]:
    """Each lead office's score at the end of `on` (the quarter's end), from the points' states on that
    day, the reporting statuses of the quarter's periods due by then, and the notices it received."""
    items: dict[str, list[PointState]] = {}
    for state in states:
        for name in state.leads:
            items.setdefault(name, []).append(state)
    due: dict[str, int] = {}
    on_time: dict[str, int] = {}
    late: dict[str, int] = {}
    for row in statuses:
        if row.status == "pending":
            continue
        due[row.office] = due.get(row.office, 0) + 1
        on_time[row.office] = on_time.get(row.office, 0) + (row.status == "on_time")
        late[row.office] = late.get(row.office, 0) + (row.status == "late")
    scores = []
    for name, led in items.items():
        scores.append(
            Score(
                office=name,
                items=len(led),
                reports_due=due.get(name, 0),
                reports_on_time=on_time.get(name, 0),
                reports_late=late.get(name, 0),
                on_schedule=sum(health(s, plan.start, on, tolerance) in ON_SCHEDULE for s in led),
                overdue=sum(colour(s, plan.start, on, 0, tolerance) is Colour.RED for s in led),
                completed_on_time=sum(_completed_on_time(s, done_on) for s in led),
                notices=notices_by_office.get(name, 0),
                returned=sum((returned or {}).get(s.number, 0) for s in led),
            )
        )
    return sorted(scores, key=_rank)


def _completed_on_time(state: PointState, done_on: dict[int, dt.date]) -> bool:
    first = done_on.get(state.number)
    return state.status is Status.DONE and first is not None and first <= state.deadline


def _rank(score: Score) -> tuple[object, ...]:
    on_time = score.on_time_share
    on_schedule = score.on_schedule_share
    return (
        on_time is None,
        -(on_time or 0.0),
        -(score.reported_share or 0.0),
        on_schedule is None,
        -(on_schedule or 0.0),
        score.overdue,
        -score.completed_on_time,
        score.office,
    )


# --- over the store: what the commands call ---------------------------------


def notices_on(
    store: Store,
    plan: Plan,
    on: dt.date,
    *,
    near: int,
    office: str | None,
    author: str,
    deliver: Callable[[list[Notice]], None],
    day_over: bool = True,
) -> tuple[list[Notice], int]:
    """Build the notices of day `on`, record the items not yet recorded for that day as one event,
    and hand the notices to `deliver` (which writes the files) inside the same transaction, so that
    a file that cannot be written leaves the ledger as it was. Returns the notices and how many
    items were newly recorded."""
    from cqvet import store_supervision as sql

    with store.transaction():
        wanted = _office_id(store, office)
        states = store.point_states(plan, on, with_targets=False)
        names = {name for s in states for name in s.leads}
        unit_ids = {name: _known_unit(store, name) for name in names}
        before = [Issued(n.point_number, n.unit_id, n.as_of) for n in sql.issued(store, plan, on)]
        notices = build_notices(
            plan, states, on, unit_ids, before, near=near, office=wanted, day_over=day_over
        )
        fresh = new_rows(notices, before)
        if fresh:
            sql.record_notices(
                store,
                plan,
                author,
                [
                    sql.NewNotice(
                        i.point_id, n.unit_id, str(i.colour), n.as_of, n.reply_by, i.percent, i.expected
                    )
                    for n, i in fresh
                ],
                {"as_of": on.isoformat(), "items": len(fresh)},
            )
        deliver(notices)
    return notices, len(fresh)


def _office_id(store: Store, office: str | None) -> int | None:
    if office is None:
        return None
    unit = store.unit_id(office.strip())
    if unit is None:
        listed = "、".join(store.unit_names()) or "—"
        raise UsageError("owner_unknown", name=office.strip(), known=listed)
    return unit


def _known_unit(store: Store, name: str) -> int:
    unit = store.unit_id(name)
    assert unit is not None  # a lead's name of the day is a unit's name or former name
    return unit


def plan_rule(store: Store, plan: Plan) -> tuple[str, str]:
    """The plan's reporting rule and how it was written (the default until one is set)."""
    from cqvet import store_supervision as sql

    return sql.reporting_rule(store, plan) or (DEFAULT_RULE, DEFAULT_RULE_WRITTEN)


def parse_month(text: str) -> tuple[int, int]:
    """`2021-06`, `2021/6`, `2021年6月` → (2021, 6)."""
    match = re.match(r"^\s*(\d{4})\s*(?:-|/|年|\.)\s*(\d{1,2})\s*月?\s*$", text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise UsageError("period_invalid", text=text)
    return int(match[1]), int(match[2])


def reporting_on(
    store: Store, plan: Plan, on: dt.date, month: tuple[int, int] | None
) -> tuple[Period, list[ReportStatus], str]:
    """The period asked for (else the one holding `on`), each office's points' statuses in it as
    known at the end of `on`, and the rule as written."""
    from cqvet import store_supervision as sql

    rule, written = plan_rule(store, plan)
    with store.snapshot():
        period = period_for(periods(rule, plan.year), month, on)
        seen = min(on, period.end)
        states = store.point_states(plan, seen, with_targets=False)
        firsts = sql.first_reports(store, plan, period.start, seen)
        # Done as the period began (the state on its eve): one seek a point, not a scan of history.
        eve = store.point_states(plan, period.start - dt.timedelta(days=1), with_targets=False)
        done_before = {s.number for s in eve if s.status is Status.DONE}
    return period, reporting_status(period, states, firsts, done_before, on), written


def scorecard_for(store: Store, plan: Plan, start: dt.date, end: dt.date) -> list[Score]:
    """Each lead office's score for the quarter `start`…`end`, as the ledger stood at its end."""
    from cqvet import store_supervision as sql

    rule, _ = plan_rule(store, plan)
    with store.snapshot():
        states = store.point_states(plan, end, with_targets=False)
        done_on = sql.first_done(store, plan, end)
        statuses: list[ReportStatus] = []
        for period in periods(rule, plan.year):
            if not start <= period.due <= end:
                continue
            period_states = store.point_states(plan, min(period.end, end), with_targets=False)
            firsts = sql.first_reports(store, plan, period.start, min(period.end, end))
            done_before = {n for n, day in done_on.items() if day < period.start}
            statuses += reporting_status(period, period_states, firsts, done_before, end)
        counts: dict[str, int] = {}
        for notice in sql.issued(store, plan, end):
            if notice.as_of >= start:
                name = store.unit_name_on(notice.unit_id, end)
                counts[name] = counts.get(name, 0) + 1
        returns: dict[int, int] = {}
        for decision in sql.closures(store, plan, end):
            if decision.decision == "return" and decision.decided_on >= start:
                returns[decision.point_number] = returns.get(decision.point_number, 0) + 1
    return scorecard(plan, states, end, statuses, done_on, counts, returned=returns)


# --- 办结销号 -----------------------------------------------------------------


def close_point(
    store: Store,
    plan: Plan,
    number: int,
    *,
    confirm: bool,
    reason: str,
    on: dt.date,
    author: str,
    measure: int | None = None,
) -> int:
    """销号 (confirm) or 退回 (return, with its reason) a point an office reported done, as one event.

    A return appends a progress update, dated `on`, that takes the point back to its last status
    before done (percent and status; not started when there was none) with the note 退回：reason,
    marked as a correction; `undo` takes back the decision and that update together.

    A point whose figures come from its measures (`cqvet.rollup`) is done when they all are, so
    it is returned through the measure found wanting (`measure`, e.g. `close 7-2 --return …`):
    that measure goes back as a point would, and the point with it. It is confirmed whole.
    """
    from cqvet import store_measures
    from cqvet import store_supervision as sql

    with store.transaction():
        if not sql.review_required(store, plan):
            raise UsageError("review_off")
        point_id = store.point_id(plan, number)
        rolled_up = store_measures.point_is_rolled_up(store, point_id)
        if measure is not None and confirm:
            raise UsageError("close_measure_confirm", number=number)
        if rolled_up and not confirm and measure is None:
            raise UsageError("close_rolled_up_return", number=number)
        if measure is not None and not rolled_up:
            raise UsageError("close_measure_not_rolled_up", number=number, measure=measure)
        state = store.point_states(plan, on, [number], with_targets=False)[0]
        standing = review_state(state, sql.closures(store, plan, on, number))
        if standing is None:
            raise UsageError("close_not_done", number=number)
        if standing == "confirmed":
            raise UsageError("close_already", number=number)
        decision = "confirm" if confirm else "return"
        event_id = store.new_event(
            "close", plan, author, {"point": number, "decision": decision, "reason": reason}
        )
        sql.append_closure(store, event_id, point_id, decision, reason, on)
        if measure is not None:
            _return_measure(
                store, plan, number, measure, reason=reason, on=on, author=author, event_id=event_id
            )
        elif not confirm:
            percent, status = sql.last_open_progress(store, plan, number, on) or (0, str(Status.NOT_STARTED))
            store.append_progress(
                plan,
                point_id,
                reported_on=on,
                percent=percent,
                status=Status(status),
                note=f"退回：{reason}",
                correction=True,
                author=author,
                event_id=event_id,
            )
    return event_id


def _return_measure(
    store: Store, plan: Plan, number: int, seq: int, *, reason: str, on: dt.date, author: str, event_id: int
) -> None:
    """Take measure `seq` of a returned point back to its last status before done, as for a point."""
    from cqvet import store_measures

    measure_id = store_measures.measure_id(store, plan, number, seq)
    point = store.point_states(plan, on, [number], with_targets=False)
    state = next(m for m in store_measures.measure_states(store, plan, on, point) if m.seq == seq)
    if state.status is not Status.DONE:
        raise UsageError("close_measure_not_done", number=number, measure=seq)
    percent, status = store_measures.last_open_progress(store, measure_id, on) or (0, str(Status.NOT_STARTED))
    store_measures.append_progress(
        store,
        plan,
        measure_id,
        reported_on=on,
        percent=percent,
        status=Status(status),
        note=f"退回：{reason}",
        correction=True,
        author=author,
        event_id=event_id,
    )
