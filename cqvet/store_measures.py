"""The SQL of measures (举措) as trackable items, and of supporting offices' contributions.

A measure's ledger tables (m012_measures) are shaped like a point's and read the same way:
as of a day, the newest live row dated on or before it, one index seek per measure and
table. Functions over a `Store`, on its connection and inside its transactions, like
`cqvet.store_supervision`. The rules (what may be recorded, how measures roll up into
their point) are in `cqvet.measures` and `cqvet.rollup`; nothing here decides them.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from cqvet.errors import NotFound
from cqvet.models import STATUS_OF, MeasureState, Status
from cqvet.rollup import Part
from cqvet.store import LEAD_JOIN, LIVE, _deadline_changes, _progress_entries, name_on

if TYPE_CHECKING:
    from cqvet.ledger import Contribution, DeadlineChange, OwnerAssignment, ProgressEntry
    from cqvet.models import Plan, PointState
    from cqvet.store import Store

# A measure update a later correction of the same measure took back (已更正): `store.SUPERSEDED`'s rule.
MEASURE_SUPERSEDED = """EXISTS (SELECT 1 FROM measure_progress c INDEXED BY measure_progress_corrections
    WHERE c.measure_id = {0}.measure_id AND c.is_correction
      AND c.reported_on >= {0}.reported_on AND c.reported_on <= {1}
      AND (c.reported_on > {0}.reported_on OR c.id > {0}.id) AND c.percent < {0}.percent
      AND NOT EXISTS (SELECT 1 FROM events r WHERE r.reverts = c.event_id))"""


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# --- finding measures ------------------------------------------------------------------------


def measure_id(store: Store, plan: Plan, number: int, seq: int) -> int:
    """The id of measure `seq` of point `number`; NotFound names how many the point has."""
    point_id = store.point_id(plan, number)
    row = store.conn.execute(
        "SELECT id FROM measures WHERE point_id = ? AND seq = ?", (point_id, seq)
    ).fetchone()
    if row is None:
        count = store.conn.execute(
            "SELECT count(*) FROM measures WHERE point_id = ?", (point_id,)
        ).fetchone()[0]
        raise NotFound("measure_unknown", number=number, seq=seq, count=count)
    return int(row[0])


def measure_ids(store: Store, plan: Plan) -> dict[tuple[int, int], int]:
    """Every measure's id by its point's number and its seq, read once (for a load's owners)."""
    rows = store.conn.execute(
        "SELECT p.number, m.seq, m.id FROM measures m JOIN points p ON p.id = m.point_id WHERE p.plan_id = ?",
        (plan.id,),
    ).fetchall()
    return {(int(number), int(seq)): int(measure) for number, seq, measure in rows}


def any_progress(store: Store) -> bool:
    """Whether any measure has ever been reported (reverted updates too): one rowid probe, the one
    `Store._rolled_up` makes, so that a plan whose measures were never reported reads none of them."""
    return store.conn.execute("SELECT max(id) FROM measure_progress").fetchone()[0] is not None


def point_is_rolled_up(store: Store, point_id: int) -> bool:
    """Whether a point takes its figures from its measures: one of them has a live progress update."""
    return (
        store.conn.execute(
            f"""SELECT 1 FROM measures m JOIN measure_progress x ON x.measure_id = m.id
                WHERE m.point_id = ? AND {LIVE.format("x")} LIMIT 1""",
            (point_id,),
        ).fetchone()
        is not None
    )


def any_measure_rows(store: Store) -> bool:
    """Whether any measure has ever had progress, owners or a deadline (reverted rows too): one
    rowid probe a table (`max(id)`, as `Store._rolled_up` asks), so that a plan whose measures
    were never tracked reads none of them."""
    return any(
        store.conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] is not None
        for table in ("measure_progress", "measure_owners", "measure_deadlines")
    )


# --- as of a day ------------------------------------------------------------------------------


def _newest(table: str, day: str, on: str) -> str:
    """SQL for the id of measure `m`'s newest live row of `table` whose `day` is on or before `on`
    (an SQL expression): one seek along the table's (measure, day) index, whatever the history."""
    return f"""(SELECT x.id FROM {table} x
            WHERE x.measure_id = m.id AND x.{day} <= {on} AND {LIVE.format("x")}
            ORDER BY x.{day} DESC, x.id DESC LIMIT 1)"""


def _point_marks(point_ids: Sequence[int]) -> tuple[str, dict[str, int]]:
    """`:p0,:p1,…` for an `IN (…)` of point ids, and their parameters."""
    return ",".join(f":p{i}" for i in range(len(point_ids))), {f"p{i}": n for i, n in enumerate(point_ids)}


def _measure_rows(
    store: Store,
    points: Sequence[PointState],
    params: dict[str, str],
    *,
    owners: bool = True,
    more_columns: str = "",
    more_joins: str = "",
) -> list[tuple[Any, ...]]:
    """Each measure of `points` as of `:on` (in `params`), in point then measure order, as plain
    rows (a report reads every measure, and dicts cost more than the SQL): first the columns
    `_state` reads, then `more_columns` from `more_joins`. Without `owners` the assignment id is
    NULL and the owners are not joined."""
    marks, point_params = _point_marks([p.id for p in points])
    owner = f"LEFT JOIN measure_owners o ON o.id = {_newest('measure_owners', 'effective_on', ':on')}"
    return store.conn.execute(
        f"""
        SELECT m.id, m.point_id, m.seq, m.text,
               u.percent, u.status, u.reported_on, u.note,
               d.due_on, d.as_written, {"o.id" if owners else "NULL"} AS assignment_id, w.weight
               {more_columns}
        FROM measures m JOIN points p ON p.id = m.point_id
        LEFT JOIN measure_progress u ON u.id = {_newest("measure_progress", "reported_on", ":on")}
        LEFT JOIN measure_deadlines d ON d.id = {_newest("measure_deadlines", "effective_on", ":on")}
        {owner if owners else ""}
        LEFT JOIN measure_weights w ON w.id = {_newest("measure_weights", "effective_on", ":on")}
        {more_joins}
        WHERE m.point_id IN ({marks})
        ORDER BY p.number, m.seq
        """,
        {**params, **point_params},
    ).fetchall()


def measure_states(
    store: Store, plan: Plan, on: dt.date, points: Sequence[PointState], *, owners: bool = True
) -> list[MeasureState]:
    """Every measure of `points` as of the end of `on`, in point then measure order.

    A measure without a deadline of its own is due with its point (`points` carry that deadline);
    the latest weight applies; offices are named as on `on`. `owners=False` leaves every measure
    without offices (`leads` and `supports` empty) and does not read them: the roll-up of every
    view needs only the figures, and reading the offices was a third of a report's queries.
    """
    if not points:
        return []
    by_id = {p.id: p for p in points}
    rows = _measure_rows(store, points, {"on": on.isoformat()}, owners=owners)
    offices = _offices([r[10] for r in rows if r[10]], store, on.isoformat()) if owners else {}
    return [_state(r, by_id[r[1]], offices.get(r[10], ((), ()))) for r in rows]


class ReportMeasures(NamedTuple):
    """What a quarter's report reads of the measures (`report_measures`)."""

    states: list[MeasureState]  # every measure on the report's day, offices named
    notes: list[ProgressEntry]  # each measure's newest note of the quarter that still stands
    baseline: dict[int, list[Part]]  # each measure's figures at the previous quarter's end, by point id


def report_measures(
    store: Store, plan: Plan, on: dt.date, since: dt.date, baseline: dt.date, points: Sequence[PointState]
) -> ReportMeasures:
    """The measures of `points` as a report reads them, in one statement: their states on `on` (as
    `measure_states`), their quarter's notes (as `period_notes` over [since, on]) and their figures
    on `baseline` (as `rollup_parts`).

    One statement rather than three, because a report at a million updates spent more time
    stepping three passes over the 78 measures than seeking their rows. The quarter's notes come
    mostly from the day's own rows: a measure's newest live update on or before `on` is never
    taken back by a correction (`MEASURE_SUPERSEDED` looks only at later ones), so when it falls in
    the quarter and has a note, that note is the measure's; when it falls before the quarter the
    measure has no note; only a measure whose newest update in the quarter has no note is looked
    up again (`period_notes` for those measures alone).
    """
    from cqvet.ledger import ProgressEntry

    if not points:
        return ReportMeasures([], [], {})
    by_id = {p.id: p for p in points}
    rows = _measure_rows(
        store,
        points,
        {"on": on.isoformat(), "baseline": baseline.isoformat()},
        more_columns=""", u.id, u.event_id, u.is_correction, e.author, e.recorded_at,
               b.percent, b.status, b.reported_on, b.note, bw.weight""",
        more_joins=f"""LEFT JOIN events e ON e.id = u.event_id
        LEFT JOIN measure_progress b ON b.id = {_newest("measure_progress", "reported_on", ":baseline")}
        LEFT JOIN measure_weights bw ON bw.id = {_newest("measure_weights", "effective_on", ":baseline")}""",
    )
    # Each row: the day's state (as `measure_states`' rows), its newest update's record, and the
    # baseline's figures.
    day_rows = [r[:12] for r in rows]
    update_rows = [r[12:17] for r in rows]
    baseline_rows = [r[17:] for r in rows]
    offices = _offices([r[10] for r in day_rows if r[10]], store, on.isoformat())
    states = [_state(r, by_id[r[1]], offices.get(r[10], ((), ()))) for r in day_rows]
    notes: list[ProgressEntry] = []
    unnoted: list[int] = []
    for state, update in zip(states, update_rows, strict=True):
        update_id, event_id, is_correction, author, recorded_at = update
        if state.reported_on is None or state.reported_on < since:  # no update in the quarter
            continue
        if not state.note:
            unnoted.append(state.id)
            continue
        notes.append(
            ProgressEntry(
                update_id,
                event_id,
                state.point_number,
                state.reported_on,
                state.percent,
                state.status,
                state.note,
                bool(is_correction),
                author,
                recorded_at,
                measure=state.seq,
            )
        )
    if unnoted:
        notes += period_notes(store, plan, since, on, unnoted)
    parts: dict[int, list[Part]] = {}
    for state, (_, point_id, *_), figures in zip(states, day_rows, baseline_rows, strict=True):
        parts.setdefault(point_id, []).append(_part(state.seq, *figures))
    return ReportMeasures(states, notes, parts)


def rollup_parts(store: Store, on: dt.date, point_ids: Sequence[int]) -> dict[int, list[Part]]:
    """Each measure's figures as of the end of `on` (`cqvet.rollup.Part`), by point id, in measure
    order: what the roll-up of every view reads, as plain rows (building a `MeasureState` a
    measure cost `list` and a report more than their queries)."""
    marks, point_params = _point_marks(point_ids)
    rows = store.conn.execute(
        f"""
        SELECT m.point_id, m.seq, u.percent, u.status, u.reported_on, u.note, w.weight
        FROM measures m
        LEFT JOIN measure_progress u ON u.id = {_newest("measure_progress", "reported_on", ":on")}
        LEFT JOIN measure_weights w ON w.id = {_newest("measure_weights", "effective_on", ":on")}
        WHERE m.point_id IN ({marks})
        ORDER BY m.point_id, m.seq
        """,
        {"on": on.isoformat(), **point_params},
    )
    parts: dict[int, list[Part]] = {}
    for point_id, seq, *figures in rows:
        parts.setdefault(point_id, []).append(_part(seq, *figures))
    return parts


def _part(
    seq: int,
    percent: int | None,
    status: str | None,
    reported_on: str | None,
    note: str | None,
    weight: float | None,
) -> Part:
    """A measure's figures from its newest update and weight (None: none yet)."""
    return Part(
        seq,
        percent or 0,
        STATUS_OF[status] if status else Status.NOT_STARTED,
        1.0 if weight is None else weight,
        dt.date.fromisoformat(reported_on) if reported_on else None,
        note or "",
    )


def _state(
    row: tuple[Any, ...], point: PointState, offices: tuple[tuple[str, ...], tuple[str, ...]]
) -> MeasureState:
    """A measure from a `measure_states` row, by position: id, point id, seq, text, percent, status,
    reported on, note, due on, as written, assignment id, weight."""
    measure_id, _, seq, text, percent, status, reported_on, note, due_on, as_written, _, weight = row
    leads, supports = offices
    due = dt.date.fromisoformat(due_on) if due_on else None
    return MeasureState(  # by position, as the fields are declared: a report builds 78 of them
        measure_id,
        point.number,
        seq,
        text,
        LEAD_JOIN.join(leads) or None,
        leads,
        supports,
        due or point.deadline,
        as_written or "",
        due is None,
        percent or 0,
        STATUS_OF[status] if status else Status.NOT_STARTED,
        dt.date.fromisoformat(reported_on) if reported_on else None,
        note or "",
        weight if weight is not None else 1.0,
        reported_on is not None,
    )


def _offices(
    assignment_ids: list[int], store: Store, on: str | None
) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The lead and supporting offices of each measure assignment, in order, named as on `on`
    (None: as on each assignment's own day)."""
    if not assignment_ids:
        return {}
    marks = ",".join("?" * len(assignment_ids))
    day = "?" if on is not None else "o.effective_on"
    found: dict[int, tuple[list[str], list[str]]] = {}
    for assignment_id, role, name in store.conn.execute(
        f"""SELECT s.assignment_id, s.role, {name_on("u", day)} FROM measure_owner_units s
            JOIN units u ON u.id = s.unit_id JOIN measure_owners o ON o.id = s.assignment_id
            WHERE s.assignment_id IN ({marks}) ORDER BY s.assignment_id, s.role, s.seq""",
        ([on] if on is not None else []) + list(assignment_ids),
    ):
        leads, supports = found.setdefault(assignment_id, ([], []))
        (leads if role == "lead" else supports).append(name)
    return {key: (tuple(leads), tuple(supports)) for key, (leads, supports) in found.items()}


# --- histories ----------------------------------------------------------------------------------


def progress_history(
    store: Store, plan: Plan, number: int, seq: int | None = None, *, until: dt.date | None = None
) -> list[ProgressEntry]:
    """The progress updates of a point's measures (or of one), newest first, reverted and
    superseded ones marked; only those reported on or before `until` when given."""
    return [entry for batch in progress_log_batches(store, plan, number, seq, until=until) for entry in batch]


def owner_history(store: Store, plan: Plan, number: int, seq: int | None = None) -> list[OwnerAssignment]:
    """The owner assignments of a point's measures (or of one), newest first, offices named as on each day."""
    from cqvet.ledger import OwnerAssignment

    rows = store._rows(
        f"""
        SELECT o.id, o.event_id, p.number, m.seq, o.effective_on, e.author, e.recorded_at,
               NOT {LIVE.format("o")} AS reverted
        FROM measure_owners o
        JOIN measures m ON m.id = o.measure_id JOIN points p ON p.id = m.point_id
        JOIN events e ON e.id = o.event_id
        WHERE p.plan_id = :plan AND p.number = :number AND (:seq IS NULL OR m.seq = :seq)
        ORDER BY o.effective_on DESC, o.id DESC
        """,
        {"plan": plan.id, "number": number, "seq": seq},
    )
    offices = _offices([r["id"] for r in rows], store, None)
    entries = []
    for r in rows:
        leads, supports = offices.get(r["id"], ((), ()))
        entries.append(
            OwnerAssignment(
                id=r["id"],
                event_id=r["event_id"],
                point_number=r["number"],
                lead=LEAD_JOIN.join(leads),
                supports=supports,
                contact="",
                effective_on=dt.date.fromisoformat(r["effective_on"]),
                author=r["author"],
                recorded_at=r["recorded_at"],
                reverted=bool(r["reverted"]),
                leads=leads,
                measure=r["seq"],
            )
        )
    return entries


def deadline_history(store: Store, plan: Plan, number: int, seq: int | None = None) -> list[DeadlineChange]:
    """The deadlines set on a point's measures (or on one), newest first."""
    rows = store._rows(
        f"""
        SELECT d.id, d.event_id, p.number, m.seq AS measure, d.due_on, d.as_written, d.note, d.effective_on,
               e.author, e.recorded_at, NOT {LIVE.format("d")} AS reverted
        FROM measure_deadlines d
        JOIN measures m ON m.id = d.measure_id JOIN points p ON p.id = m.point_id
        JOIN events e ON e.id = d.event_id
        WHERE p.plan_id = :plan AND p.number = :number AND (:seq IS NULL OR m.seq = :seq)
        ORDER BY d.effective_on DESC, d.id DESC
        """,
        {"plan": plan.id, "number": number, "seq": seq},
    )
    return _deadline_changes(rows)


def contributions(
    store: Store, plan: Plan, number: int | None = None, *, until: dt.date | None = None
) -> list[Contribution]:
    """What supporting offices reported on a point (or on every point), newest first, reverted ones marked."""
    from cqvet.ledger import Contribution

    rows = store._rows(
        f"""
        SELECT c.id, c.event_id, p.number, {name_on("u", "c.reported_on")} AS office, c.reported_on,
               c.percent, c.note, e.author, e.recorded_at, NOT {LIVE.format("c")} AS reverted
        FROM contributions c
        JOIN points p ON p.id = c.point_id JOIN units u ON u.id = c.unit_id JOIN events e ON e.id = c.event_id
        WHERE p.plan_id = :plan AND (:number IS NULL OR p.number = :number) AND c.reported_on <= :until
        ORDER BY c.reported_on DESC, c.id DESC
        """,
        {"plan": plan.id, "number": number, "until": (until or dt.date.max).isoformat()},
    )
    return [
        Contribution(
            id=r["id"],
            event_id=r["event_id"],
            point_number=r["number"],
            office=r["office"],
            reported_on=dt.date.fromisoformat(r["reported_on"]),
            percent=r["percent"],
            note=r["note"],
            author=r["author"],
            recorded_at=r["recorded_at"],
            reverted=bool(r["reverted"]),
        )
        for r in rows
    ]


def period_notes(
    store: Store, plan: Plan, since: dt.date, until: dt.date, measure_ids: Sequence[int] | None = None
) -> list[ProgressEntry]:
    """Each measure's (or each of `measure_ids`') newest live note reported within [since, until]
    that still stands on `until` (as `Store.period_notes` for a point's own), in no particular
    order (the caller sorts).

    One note a measure, so that a point's quarter is told by several of its measures rather than
    by the busiest one, and so that a report reads one row a measure whatever the history (the
    cap of notes a point is the caller's merge). Plain rows: a report reads one a measure."""
    from cqvet.ledger import ProgressEntry

    only = "" if measure_ids is None else f"AND m.id IN ({','.join('?' * len(measure_ids))})"
    rows = store.conn.execute(
        f"""
        SELECT u.id, u.event_id, p.number, m.seq, u.reported_on, u.percent, u.status, u.note,
               u.is_correction, e.author, e.recorded_at
        FROM measures m JOIN points p ON p.id = m.point_id
        JOIN measure_progress u ON u.id = (
            SELECT x.id FROM measure_progress x
            WHERE x.measure_id = m.id AND x.reported_on BETWEEN ?2 AND ?3 AND x.note <> ''
              AND {LIVE.format("x")} AND NOT {MEASURE_SUPERSEDED.format("x", "?3")}
            ORDER BY x.reported_on DESC, x.id DESC LIMIT 1)
        JOIN events e ON e.id = u.event_id
        WHERE p.plan_id = ?1 {only}
        """,
        (plan.id, since.isoformat(), until.isoformat(), *(measure_ids or ())),
    )
    return [
        ProgressEntry(
            id,
            event,
            number,
            dt.date.fromisoformat(day),
            percent,
            STATUS_OF[status],
            note,
            bool(correction),
            author,
            recorded_at,
            measure=seq,
        )
        for id, event, number, seq, day, percent, status, note, correction, author, recorded_at in rows
    ]


def event_measure_progress(store: Store, event_id: int) -> ProgressEntry | None:
    """The measure update an event appended, for describing it before an undo."""
    rows = store._rows(
        """SELECT u.id, u.event_id, p.number, m.seq AS measure, u.reported_on, u.percent, u.status, u.note,
                  u.is_correction, e.author, e.recorded_at, 0 AS reverted, 0 AS superseded
           FROM measure_progress u JOIN measures m ON m.id = u.measure_id JOIN points p ON p.id = m.point_id
           JOIN events e ON e.id = u.event_id
           WHERE u.event_id = ? ORDER BY u.id DESC LIMIT 1""",
        (event_id,),
    )
    return _progress_entries(rows)[0] if rows else None


def last_open_progress(store: Store, measure: int, until: dt.date) -> tuple[int, str] | None:
    """The newest live update of a measure on or before `until` whose status is not done: where a
    returned 办结 takes it back to."""
    row = store.conn.execute(
        f"""SELECT u.percent, u.status FROM measure_progress u
            WHERE u.measure_id = ? AND u.reported_on <= ? AND u.status <> 'done' AND {LIVE.format("u")}
            ORDER BY u.reported_on DESC, u.id DESC LIMIT 1""",
        (measure, until.isoformat()),
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


# --- appending ------------------------------------------------------------------------------


def has_row(store: Store, measure: int, table: str) -> bool:
    """Whether a measure has a live row in `table` (measure_owners or measure_deadlines): the first
    one counts from the plan's start, like a point's."""
    assert table in ("measure_owners", "measure_deadlines", "measure_weights")
    return (
        store.conn.execute(
            f"SELECT 1 FROM {table} x WHERE x.measure_id = ? AND {LIVE.format('x')} LIMIT 1", (measure,)
        ).fetchone()
        is not None
    )


def append_progress(
    store: Store,
    plan: Plan,
    measure: int,
    *,
    reported_on: dt.date,
    percent: int,
    status: Status,
    note: str,
    correction: bool,
    author: str,
    event_id: int | None = None,
) -> int:
    event_id = event_id or store.new_event("measure_progress", plan, author, {})
    store._insert(
        "measure_progress",
        {
            "event_id": event_id,
            "measure_id": measure,
            "reported_on": reported_on.isoformat(),
            "percent": percent,
            "status": str(status),
            "note": note,
            "is_correction": int(correction),
        },
    )
    return event_id


def append_owner(
    store: Store,
    plan: Plan,
    measure: int,
    *,
    leads: Sequence[str],
    supports: Sequence[str],
    effective_on: dt.date,
    author: str,
    detail: dict[str, Any],
    event_id: int | None = None,
) -> int:
    event_id = event_id or store.new_event("measure_owner", plan, author, detail)
    assignment_id = store._insert(
        "measure_owners",
        {"event_id": event_id, "measure_id": measure, "effective_on": effective_on.isoformat()},
    )
    store.conn.executemany(
        "INSERT INTO measure_owner_units (assignment_id, role, unit_id, seq) VALUES (?, ?, ?, ?)",
        [(assignment_id, "lead", store.ensure_unit(name), seq) for seq, name in enumerate(leads, start=1)]
        + [
            (assignment_id, "support", store.ensure_unit(name), seq)
            for seq, name in enumerate(supports, start=1)
        ],
    )
    return event_id


def append_deadline(
    store: Store,
    plan: Plan,
    measure: int,
    *,
    due_on: dt.date,
    as_written: str,
    note: str,
    effective_on: dt.date,
    author: str,
    detail: dict[str, Any],
    event_id: int | None = None,
) -> int:
    event_id = event_id or store.new_event("measure_deadline", plan, author, detail)
    store._insert(
        "measure_deadlines",
        {
            "event_id": event_id,
            "measure_id": measure,
            "due_on": due_on.isoformat(),
            "as_written": as_written,
            "note": note,
            "effective_on": effective_on.isoformat(),
        },
    )
    return event_id


def append_weight(
    store: Store,
    plan: Plan,
    measure: int,
    *,
    weight: float,
    effective_on: dt.date,
    author: str,
    detail: dict[str, Any],
    event_id: int | None = None,
) -> int:
    event_id = event_id or store.new_event("measure_weight", plan, author, detail)
    store._insert(
        "measure_weights",
        {
            "event_id": event_id,
            "measure_id": measure,
            "weight": weight,
            "effective_on": effective_on.isoformat(),
        },
    )
    return event_id


def append_contribution(
    store: Store,
    plan: Plan,
    point_id: int,
    *,
    office: str,
    reported_on: dt.date,
    percent: int | None,
    note: str,
    author: str,
    detail: dict[str, Any],
    event_id: int | None = None,
) -> int:
    event_id = event_id or store.new_event("contribution", plan, author, detail)
    store._insert(
        "contributions",
        {
            "event_id": event_id,
            "point_id": point_id,
            "unit_id": store.ensure_unit(office),
            "reported_on": reported_on.isoformat(),
            "percent": percent,
            "note": note,
        },
    )
    return event_id


# --- the progress log with measures (m1) --------------------------------------------------------


def has_measure_progress(store: Store, plan: Plan, number: int | None = None) -> bool:
    """Whether any measure (of point `number`, or of the plan) has a progress row, live or undone:
    without one, the progress log reads points alone, by its own fast paths."""
    if not any_progress(store):
        return False  # one index probe: the common case of a plan whose measures are not tracked
    row = store.conn.execute(
        """SELECT 1 FROM measures m JOIN points p ON p.id = m.point_id
           JOIN measure_progress x ON x.measure_id = m.id
           WHERE p.plan_id = :plan AND (:number IS NULL OR p.number = :number) LIMIT 1""",
        {"plan": plan.id, "number": number},
    ).fetchone()
    return row is not None


def progress_log_batches(
    store: Store,
    plan: Plan,
    number: int | None = None,
    seq: int | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    author: str | None = None,
    limit: int | None = None,
    first: int = 50,
    batch: int = 200,
) -> Iterator[list[ProgressEntry]]:
    """Measure progress updates newest first (report day, then recording order), as
    `Store.progress_log_batches` hands a point's: of one measure, a point's measures or all.

    Each measure's updates are read newest first along its (measure, date) index and the
    streams merged, so the first rows come at once and `limit` rows cost about `limit` reads a
    measure, whatever the history (one sorted query over a point's measures sorted them all:
    `show 7` took 1.7x as long at 1M measure updates as at 1k)."""
    measures = store.conn.execute(
        """SELECT m.id FROM measures m JOIN points p ON p.id = m.point_id
           WHERE p.plan_id = :plan AND (:number IS NULL OR p.number = :number)
             AND (:seq IS NULL OR m.seq = :seq)
           ORDER BY p.number, m.seq""",
        {"plan": plan.id, "number": number, "seq": seq},
    ).fetchall()
    params = {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "author": author,
        "limit": -1 if limit is None else limit,
    }
    streams = [_measure_stream(store, measure_id, params) for (measure_id,) in measures]
    merged = heapq.merge(*streams, key=lambda e: (e.reported_on, e.id), reverse=True)
    return _batches(merged, limit, first, batch)


def _batches(
    entries: Iterator[ProgressEntry], limit: int | None, first: int, batch: int
) -> Iterator[list[ProgressEntry]]:
    """At most `limit` of `entries`, handed on `first` then `batch` at a time."""
    if limit is not None:
        entries = itertools.islice(entries, limit)
    size = first
    while rows := list(itertools.islice(entries, size)):
        yield rows
        size = batch


def _measure_stream(store: Store, measure_id: int, params: dict[str, Any]) -> Iterator[ProgressEntry]:
    """One measure's updates for `progress_log_batches`, newest first along its index."""
    cursor = store.conn.execute(
        f"""
        SELECT u.id, u.event_id, p.number, m.seq AS measure, u.reported_on, u.percent, u.status, u.note,
               u.is_correction, e.author, e.recorded_at, NOT {LIVE.format("u")} AS reverted,
               {MEASURE_SUPERSEDED.format("u", "coalesce(:until, '9999-12-31')")} AS superseded
        FROM measure_progress u INDEXED BY measure_progress_by_measure_date
        JOIN measures m ON m.id = u.measure_id JOIN points p ON p.id = m.point_id
        JOIN events e ON e.id = u.event_id
        WHERE u.measure_id = :measure
          AND (:since IS NULL OR u.reported_on >= :since) AND (:until IS NULL OR u.reported_on <= :until)
          AND (:author IS NULL OR e.author = :author)
        ORDER BY u.reported_on DESC, u.id DESC
        LIMIT :limit
        """,
        {**params, "measure": measure_id},
    )
    names = [column[0] for column in cursor.description]
    while rows := cursor.fetchmany(50):
        yield from _progress_entries(dict(zip(names, row, strict=True)) for row in rows)


def merged_log_batches(
    points: Iterator[list[ProgressEntry]],
    measures: Iterator[list[ProgressEntry]],
    limit: int | None,
    first: int = 50,
    batch: int = 200,
) -> Iterator[list[ProgressEntry]]:
    """Two newest-first logs (points' and measures') as one, newest first, at most `limit` rows,
    still in batches: the ids of both come from appends under ever newer events, so (report day,
    event, id) orders each stream as its own query does."""

    def flat(batches: Iterator[list[ProgressEntry]]) -> Iterator[ProgressEntry]:
        return (entry for group in batches for entry in group)

    def order(entry: ProgressEntry) -> tuple[dt.date, int, int]:
        return entry.reported_on, entry.event_id, entry.id

    merged = heapq.merge(flat(points), flat(measures), key=order, reverse=True)
    return _batches(merged, limit, first, batch)


def has_measure_assignments(store: Store) -> bool:
    """Whether any measure has owners or a deadline of its own (live or undone): without one,
    `due` and `owner list` read points alone, as before measures were tracked."""
    row = store.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM measure_owners) OR EXISTS (SELECT 1 FROM measure_deadlines)"
    ).fetchone()
    return bool(row[0])


def assigned_measures(
    store: Store, plan: Plan, on: dt.date, points: Sequence[PointState]
) -> list[MeasureState]:
    """The measures of `points` with owners or a deadline of their own on `on` (`due`, `owner list`):
    a measure due with its point, under its point's offices, adds nothing to its point's row."""
    if not has_measure_assignments(store):
        return []
    return [
        m
        for m in measure_states(store, plan, on, points)
        if m.leads or m.supports or not m.deadline_is_default
    ]
