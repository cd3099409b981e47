"""The quarterly completion report (季度进展情况通报) as one model, built from the ledger.

`build_report` reads everything inside one snapshot of the database, so the
headline counts and the detail rows always come from the same state, even
while others write. It asks the store one question per concern (states on
the day, states at the end of the previous quarter, the period's notes);
nothing loads the whole history into Python. Every renderer (terminal,
Markdown, CSV, JSON, HTML, XLSX, DOCX) takes the `Report` this returns and
nothing else, so their figures cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from cqvet.dates import Quarter, parse_date, parse_quarter, quarter_of
from cqvet.errors import UsageError
from cqvet.figures import round_half_up
from cqvet.ledger import ProgressEntry
from cqvet.models import Health, MeasureState, Plan, PointState, Status, Target
from cqvet.schedule import DEFAULT_TOLERANCE, expected_percent, health, report_day_is_over, standing
from cqvet.store import Store

if TYPE_CHECKING:
    from cqvet.rollup import Reported
    from cqvet.store_supervision import Closure

# A report quotes the newest few notes of each point's quarter: enough to say what was done,
# and a bound that keeps the report the same size at a million updates as at a thousand.
NOTES_PER_POINT = 3
ATTENTION = (Health.OVERDUE, Health.BLOCKED, Health.BEHIND)
HEALTH_ORDER = (
    Health.DONE,
    Health.AHEAD,
    Health.ON_TRACK,
    Health.NOT_STARTED,
    Health.BEHIND,
    Health.BLOCKED,
    Health.OVERDUE,
)
PENDING_REVIEW = "pending_review"


def figure_keys(review: bool) -> tuple[str, ...]:
    """The counts a report shows, in order: each health (`HEALTH_ORDER`); in a plan that requires
    review, done (已办结, confirmed) then `pending_review` (待审核) in place of done. Either way a
    row's counts add up to its points."""
    healths = tuple(str(h) for h in HEALTH_ORDER)
    return (healths[0], PENDING_REVIEW, *healths[1:]) if review else healths


@dataclass(frozen=True)
class PeriodNote:
    """A progress update reported during the period, as the report quotes it."""

    reported_on: dt.date
    percent: int
    status: Status
    note: str
    author: str
    recorded_late: bool  # recorded after the period's end and its grace (补录), in the plan's zone
    # The measure whose note this is (its number within the point: `7-2`), None for the point's own.
    # Its `note` then starts `7-2：` and its `percent` is the measure's, not the point's.
    measure: int | None = None


@dataclass(frozen=True)
class MeasureLine:
    """One measure (举措) of a point as the report shows it: its state on the report's day, its
    expected progress and its health by the same 序时进度 rule as a point's, on its own deadline
    (its point's when it has none: `deadline_is_default`). A measure without owners of its own
    is answered for by its point's offices, which it shows (`owners_default`)."""

    point_number: int
    seq: int
    text: str
    lead: str | None
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    deadline: dt.date
    deadline_written: str
    deadline_is_default: bool
    percent: int
    expected: float
    status: Status
    health: Health
    reported_on: dt.date | None
    note: str
    weight: float
    owners_default: bool = False

    @property
    def ref(self) -> str:
        """`7-2`, as the command line and the terminal name it."""
        return f"{self.point_number}-{self.seq}"

    @property
    def sheet_ref(self) -> str:
        """`7（2）`, as files people open in Excel or Word name it (Excel reads `7-2` as a date)."""
        return f"{self.point_number}（{self.seq}）"


@dataclass(frozen=True)
class PointLine:
    """One point as the report shows it: its state on the report's day, then what only a
    report knows (expected progress, health, the change since last quarter, the period's notes).

    It repeats the fields of `PointState` that reports show rather than holding one, so that
    every renderer reads the report model alone, flat (`line.lead`, not `line.state.lead`),
    and a change in what the ledger returns reaches renderers only through `_line`.
    """

    number: int
    section_seq: int | None
    section_title: str
    title: str
    lead: str | None
    supports: tuple[str, ...]
    leader: str  # 分管领导 of the current assignment ('' when none)
    deadline: dt.date
    deadline_written: str
    deadline_is_default: bool
    deadline_postponed: bool
    percent: int
    expected: float
    status: Status
    health: Health
    previous_percent: int
    targets: tuple[Target, ...]
    notes: tuple[PeriodNote, ...]
    leads: tuple[str, ...] = ()  # every lead in order; `lead` is them joined with 、
    review: str | None = None  # in a plan that requires review, a done point's `confirmed` or `pending`
    # Its measures, when they are tracked on the report's day (`measures_tracked`); else none,
    # and the point reads as it did before measures were tracked.
    measures: tuple[MeasureLine, ...] = ()

    @property
    def change(self) -> int:
        """Percentage points gained since the end of the previous quarter."""
        return self.percent - self.previous_percent


@dataclass(frozen=True)
class Tally:
    """Counts and completion over a set of points.

    `percent_total` keeps the mean exact (`exact_mean`), so a change between two tallies is
    computed before rounding; `mean_percent` is the mean as shown, rounded half up.
    """

    points: int
    by_health: dict[Health, int]
    percent_total: int = 0
    pending: int | None = None  # 待审核, in a plan that requires review; None in a plan that does not

    @property
    def exact_mean(self) -> Fraction:
        return Fraction(self.percent_total, self.points) if self.points else Fraction(0)

    @property
    def mean_percent(self) -> float:
        return round_half_up(self.exact_mean)

    def mean_change_since(self, before: Tally) -> float:
        """The change of the mean in percentage points, from the exact means, then rounded half up."""
        return round_half_up(self.exact_mean - before.exact_mean)

    @property
    def review(self) -> bool:
        return self.pending is not None

    @property
    def done(self) -> int:
        """Points done: in a plan that requires review, those confirmed (已办结) only."""
        return self.by_health.get(Health.DONE, 0) - (self.pending or 0)

    def count(self, state: Health) -> int:
        """Points of a health; `Health.DONE` counts what `done` counts."""
        return self.done if state is Health.DONE else self.by_health.get(state, 0)

    def figure(self, key: str) -> int:
        """The count under one of `figure_keys`: a health, or `pending_review` (待审核)."""
        return (self.pending or 0) if key == PENDING_REVIEW else self.count(Health(key))


@dataclass(frozen=True)
class SectionLine:
    seq: int | None
    title: str
    tally: Tally


@dataclass(frozen=True)
class Report:
    plan_title: str
    plan_year: int
    plan_start: dt.date
    quarter: Quarter
    period_start: dt.date
    as_of: dt.date
    previous_as_of: dt.date
    tolerance: float
    generated_at: str
    tally: Tally
    previous: Tally
    sections: tuple[SectionLine, ...]
    points: tuple[PointLine, ...]
    attention: tuple[PointLine, ...]
    upcoming: tuple[PointLine, ...]
    grace_days: int = 5
    review: bool = False  # the plan requires 办结 review: done counts 已办结 and 待审核 apart

    @property
    def mean_change(self) -> float:
        """The mean completion's change since the previous quarter's end (exact, then rounded)."""
        return self.tally.mean_change_since(self.previous)

    @property
    def with_measures(self) -> bool:
        """Some point's measures are tracked: the report lists them (else it reads, in every
        format, byte for byte as before measures were tracked)."""
        return any(p.measures for p in self.points)

    @property
    def attention_measures(self) -> tuple[PointLine, ...]:
        """The points needing attention whose measures are tracked, most urgent first."""
        return tuple(p for p in self.attention if p.measures)

    @property
    def from_start(self) -> bool:
        """The first quarter compares with the plan's start (年初), when every point stood at 0,
        not with the last day of the year before, which reads as that year's end."""
        return self.previous_as_of < self.plan_start


@dataclass(frozen=True)
class Dispatch:
    """What makes the report a 通报 that is sent: 文号, 主送, 落款 and 成文日期.

    The database keeps no issuing office for a plan (the bundled document, a news page,
    has no signature block), so the 落款 is what `--from` says, and none when it says
    nothing; the 主送 defaults to the plan's offices as a whole (`report.to_default`).
    """

    to: str
    sender: str
    dated: dt.date
    number: str = ""


@dataclass(frozen=True)
class LedgerReading:
    """What a report reads from the store: one query per concern, all from one snapshot."""

    states: list[PointState]
    previous: list[PointState]
    notes: list[ProgressEntry]
    review: bool = False
    decisions: tuple[Closure, ...] = ()  # the 办结 decisions dated on or before the report's day
    measures: tuple[
        MeasureState, ...
    ] = ()  # every measure of the plan on the report's day, when any is tracked


def read_ledger(store: Store, plan: Plan, as_of: dt.date) -> LedgerReading:
    """The states on `as_of` and at the previous quarter's end, the quarter's newest notes, and,
    when the plan requires review, the 办结 decisions up to `as_of`.

    A plan whose measures are tracked has them read once, in one statement, for both days and the
    quarter's notes (`store_measures.report_measures`), and its points rolled up from them here,
    as `Store.point_states` rolls them up for every other view (`cqvet.rollup`)."""
    from cqvet import store_measures
    from cqvet import store_supervision as sql

    quarter = quarter_of(as_of)
    baseline = quarter.start - dt.timedelta(days=1)
    with store.snapshot():
        review = sql.review_required(store, plan)
        own = store.point_states(plan, as_of, rolled_up=False)
        before = store.point_states(plan, baseline, with_targets=False, with_offices=False, rolled_up=False)
        notes = store.period_notes(plan, quarter.start, as_of, NOTES_PER_POINT)
        measures: tuple[MeasureState, ...] = ()
        if store_measures.any_measure_rows(store):  # one probe a table while no measure is tracked
            read = store_measures.report_measures(store, plan, as_of, quarter.start, baseline, own)
            measures = tuple(read.states)
            own = _rolled_up(own, _by_point(own, measures))
            before = _rolled_up(before, read.baseline)
            notes = _with_measure_notes(notes, read.notes)
        return LedgerReading(
            states=own,
            previous=before,
            notes=notes,
            review=review,
            decisions=tuple(sql.closures(store, plan, as_of)) if review else (),
            measures=measures,
        )


# A note's order: the day it reports, then when it was recorded.
_NEWEST = operator.attrgetter("reported_on", "recorded_at")


def _with_measure_notes(
    notes: list[ProgressEntry], measure_notes: list[ProgressEntry]
) -> list[ProgressEntry]:
    """The quarter's newest notes of each point, its measures' among them (each measure's newest,
    named `7-2：…`), at most `NOTES_PER_POINT` a point: a point reported through its measures has
    its quarter's progress told by them."""
    if not measure_notes:
        return notes
    by_point: dict[int, list[ProgressEntry]] = {}
    for entry in notes + measure_notes:
        by_point.setdefault(entry.point_number, []).append(entry)
    kept: list[ProgressEntry] = []
    for number in sorted(by_point):
        newest = sorted(by_point[number], key=_NEWEST, reverse=True)
        kept += (
            n if n.measure is None else n._replace(note=f"{number}-{n.measure}：{n.note}")
            for n in newest[:NOTES_PER_POINT]
        )
    return kept


def _by_point(states: list[PointState], measures: tuple[MeasureState, ...]) -> dict[int, list[MeasureState]]:
    """`measures` by their point's id."""
    ids = {state.number: state.id for state in states}
    by_point: dict[int, list[MeasureState]] = {}
    for measure in measures:
        by_point.setdefault(ids[measure.point_number], []).append(measure)
    return by_point


def _rolled_up(states: list[PointState], parts: Mapping[int, Sequence[Reported]]) -> list[PointState]:
    """`states` rolled up (`cqvet.rollup`) from their measures' figures, by point id."""
    from cqvet.rollup import roll_up

    return [roll_up(state, parts[state.id]) if state.id in parts else state for state in states]


def measures_tracked(measures: tuple[MeasureState, ...] | list[MeasureState]) -> bool:
    """Whether a report lists a point's measures: one of them has, on the report's day, progress,
    owners or a deadline of its own (decision: an office assigned a measure and silent is what the
    steering office must see, so owners alone are enough; a weight alone is not)."""
    return any(m.tracked or m.leads or m.supports or not m.deadline_is_default for m in measures)


def build_report(
    store: Store,
    plan: Plan,
    *,
    as_of: dt.date,
    tolerance: float = DEFAULT_TOLERANCE,
    generated_at: str,
    today: dt.date | None = None,
    grace_days: int | None = None,
) -> Report:
    """The report for the quarter holding `as_of`, as the ledger stood at the end of `as_of`.

    `today` (the reader's) says whether `as_of` is still running: a report as of today, unless
    today closes its quarter, does not yet count a point due today as overdue. Without it the
    day counts as over. `grace_days` overrides the plan's reporting grace for this report.
    """
    day_over = report_day_is_over(as_of, today, quarter_of(as_of).end)
    reading = read_ledger(store, plan, as_of)
    return report_from(reading, plan, as_of, tolerance, generated_at, day_over, grace_days)


def report_from(
    reading: LedgerReading,
    plan: Plan,
    as_of: dt.date,
    tolerance: float,
    generated_at: str,
    day_over: bool = True,
    grace_days: int | None = None,
) -> Report:
    """The report model from what `read_ledger` read (pure)."""
    from cqvet.clock import zone

    quarter = quarter_of(as_of)
    previous_end = quarter.start - dt.timedelta(days=1)
    previous = reading.previous
    if previous_end < plan.start:  # the year's start: every point at 0, whatever was back-dated
        previous = [s._replace(percent=0, status=Status.NOT_STARTED, reported_on=None) for s in previous]
    before = {s.number: s for s in previous}
    grace = plan.grace_days if grace_days is None else grace_days
    by_point = _notes_by_point(reading.notes, as_of + dt.timedelta(days=grace), zone(plan.time_zone))
    review = _reviewer(reading)
    measures: dict[int, list[MeasureState]] = {}
    for m in reading.measures:
        measures.setdefault(m.point_number, []).append(m)
    lines = tuple(
        _line(
            plan,
            s,
            before[s.number],
            by_point.get(s.number, ()),
            as_of,
            tolerance,
            day_over,
            review,
            _measure_lines(plan, s, measures.get(s.number, []), as_of, tolerance, day_over),
        )
        for s in reading.states
    )
    previous_lines = [_line(plan, s, s, (), previous_end, tolerance, True, review) for s in previous]
    following = quarter.next()
    return Report(
        plan_title=plan.title,
        plan_year=plan.year,
        plan_start=plan.start,
        quarter=quarter,
        period_start=quarter.start,
        as_of=as_of,
        previous_as_of=previous_end,
        tolerance=tolerance,
        generated_at=generated_at,
        tally=tally(lines, reading.review),
        previous=tally(previous_lines, reading.review),
        sections=_sections(lines, reading.review),
        points=lines,
        attention=tuple(sorted((p for p in lines if p.health in ATTENTION), key=_severity)),
        upcoming=tuple(
            sorted(
                (
                    p
                    for p in lines
                    if p.status is not Status.DONE and following.start <= p.deadline <= following.end
                ),
                key=lambda p: (p.deadline, p.number),
            )
        ),
        grace_days=grace,
        review=reading.review,
    )


def _reviewer(reading: LedgerReading) -> Callable[[PointState, dt.date], str | None]:
    """Where a point stood in review at the end of a day (`supervision.review_state` over the
    decisions dated up to it); always None in a plan that does not require review."""
    from cqvet.supervision import review_state

    by_point: dict[int, list[Closure]] = {}
    for decision in reading.decisions:
        by_point.setdefault(decision.point_number, []).append(decision)

    def standing(state: PointState, on: dt.date) -> str | None:
        if not reading.review:
            return None
        decided = [d for d in by_point.get(state.number, ()) if d.decided_on <= on]
        return review_state(state, decided)

    return standing


def _notes_by_point(
    entries: list[ProgressEntry], late_after: dt.date, plan_zone: dt.tzinfo
) -> dict[int, tuple[PeriodNote, ...]]:
    """The period's notes by point; a note recorded after `late_after` (the period's end plus the
    plan's grace) is 补录. The day it was recorded is the day in the plan's zone, not in the zone of
    whoever runs the report, so the same ledger gives the same report anywhere."""
    from cqvet.clock import day_in_zone

    grouped: dict[int, list[PeriodNote]] = {}
    for entry in reversed(entries):  # oldest first within the period
        recorded_on = day_in_zone(entry.recorded_at, plan_zone)
        grouped.setdefault(entry.point_number, []).append(
            PeriodNote(
                entry.reported_on,
                entry.percent,
                entry.status,
                entry.note,
                entry.author,
                recorded_on > late_after,
                entry.measure,
            )
        )
    return {number: tuple(notes) for number, notes in grouped.items()}


def _line(
    plan: Plan,
    state: PointState,
    before: PointState,
    notes: tuple[PeriodNote, ...],
    on: dt.date,
    tolerance: float,
    day_over: bool,
    review: Callable[[PointState, dt.date], str | None] | None = None,
    measures: tuple[MeasureLine, ...] = (),
) -> PointLine:
    return PointLine(
        number=state.number,
        section_seq=state.section_seq,
        section_title=state.section_title,
        title=state.title,
        lead=state.lead,
        supports=state.supports,
        leader=state.leader,
        deadline=state.deadline,
        deadline_written=state.deadline_written,
        deadline_is_default=state.deadline_is_default,
        deadline_postponed=state.deadline_postponed,
        percent=state.percent,
        expected=expected_percent(plan.start, state.deadline, on),
        status=state.status,
        health=health(state, plan.start, on, tolerance, day_over=day_over),
        previous_percent=before.percent,
        targets=state.targets,
        notes=notes,
        leads=state.leads,
        review=None if review is None else review(state, on),
        measures=measures,
    )


def _measure_lines(
    plan: Plan, point: PointState, measures: list[MeasureState], on: dt.date, tolerance: float, day_over: bool
) -> tuple[MeasureLine, ...]:
    """A point's measures as the report shows them, or none when they are not tracked."""
    if not measures_tracked(measures):
        return ()
    return tuple(
        MeasureLine(
            point_number=m.point_number,
            seq=m.seq,
            text=m.text,
            lead=m.lead if m.leads else point.lead,
            leads=m.leads if m.leads else point.leads,
            supports=m.supports if m.leads else point.supports,
            deadline=m.deadline,
            deadline_written=m.deadline_written,
            deadline_is_default=m.deadline_is_default,
            percent=m.percent,
            expected=expected_percent(plan.start, m.deadline, on),
            status=m.status,
            health=standing(m.status, m.percent, m.deadline, plan.start, on, tolerance, day_over=day_over),
            reported_on=m.reported_on,
            note=m.note,
            weight=m.weight,
            owners_default=not m.leads,
        )
        for m in measures
    )


def tally(lines: list[PointLine] | tuple[PointLine, ...], review: bool = False) -> Tally:
    """Counts over `lines`; with `review`, the done points awaiting review (待审核) apart."""
    counts = Counter(p.health for p in lines)
    pending = sum(p.health is Health.DONE and p.review == "pending" for p in lines) if review else None
    return Tally(
        len(lines), {h: counts.get(h, 0) for h in HEALTH_ORDER}, sum(p.percent for p in lines), pending
    )


def _sections(lines: tuple[PointLine, ...], review: bool = False) -> tuple[SectionLine, ...]:
    order: dict[int | None, list[PointLine]] = {}
    for line in lines:
        order.setdefault(line.section_seq, []).append(line)
    return tuple(
        SectionLine(seq, group[0].section_title, tally(group, review)) for seq, group in order.items()
    )


def _severity(line: PointLine) -> tuple[int, int]:
    return ATTENTION.index(line.health), line.number


def report_day(quarter: str | None, as_of: str | None, plan: Plan, today: dt.date) -> dt.date:
    """The day a report is as of: a quarter's last day, a given day, or today within the plan's year."""
    if quarter and as_of:
        raise UsageError("report_both")
    if quarter:
        return parse_quarter(quarter, plan_year=plan.year).end
    if as_of:
        return parse_date(as_of, plan_year=plan.year, today=today)
    # After the plan's year is over, the default report is its final one.
    return min(today, dt.date(plan.year, 12, 31))
