"""Every SQL statement cqvet runs, behind one `Store` object.

The store opens the database (migrating it under the write lock when its
schema is older, and loading the bundled plan into a new one), loads plan
documents, reads the ledger as of any date, appends to it, and finds rows no
command could have written (for `cqvet doctor`). It returns the records of
`cqvet.models` and `cqvet.ledger`, built by keyword from rows read by column
name. Its SQL is split by concern into modules of functions over the Store,
on its connection and inside its transactions: loading a plan document in
`cqvet.store_loading` (imported by a load only), 督办 in
`cqvet.store_supervision`. The rules for recording (percent and status coupling,
corrections, undo) live in `cqvet.recording`; the store keeps only those that
protect history itself: a reloaded document may not drop a point or target
that has history.

Transactions: `Store.transaction()` is `BEGIN IMMEDIATE … COMMIT`, so a user
action's reads and writes see no other writer in between, and either all of
its rows land or none do. `Store.snapshot()` is a read transaction, so every
figure of a report comes from one state of the file. Outside both, each read
is its own snapshot.

As-of reads take, for each point, the newest ledger row dated on or before
the day asked for, found by a correlated subquery over an index on
(point_id, date): one index seek per point, whatever the size of history.
Rows whose event was reverted by an undo are left out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cqvet import db as dbmod
from cqvet.clock import utc_now
from cqvet.errors import CqvetError, DatabaseError, NotFound
from cqvet.models import STATUS_OF, Plan, PointState, Status, Target, TargetKind

if TYPE_CHECKING:
    from sqlite_utils import Database

    # Imported by the methods that make them: `cqvet list` needs none of these classes,
    # and defining them costs every start (README, Performance).
    from cqvet.ledger import (
        DeadlineChange,
        Event,
        LoadResult,
        OwnerAssignment,
        PointDetail,
        ProgressEntry,
        UnitDuty,
    )
    from cqvet.plan_doc import PlanDoc

LIVE = "NOT EXISTS (SELECT 1 FROM events r WHERE r.reverts = {0}.event_id)"
LEAD_JOIN = "、"  # how several leads read as one `lead` text (JSON, CSV, every view)
FOREVER = "9999-12-31"  # the day a current name is the name of


def name_on(unit: str, on: str) -> str:
    """SQL for the name unit row `unit` had at the end of day `on` (an SQL expression): its newest
    live dated name (`owner rename`) on or before it, else the name it was created with."""
    return (
        f"coalesce((SELECT n.name FROM unit_names n WHERE n.unit_id = {unit}.id AND n.effective_on <= {on}"
        f" AND {LIVE.format('n')} ORDER BY n.effective_on DESC, n.id DESC LIMIT 1), {unit}.name)"
    )


# A plan is there while one of its loads is not undone (`cqvet undo` after `load` takes the plan back).
PLAN_LIVE = (
    "EXISTS (SELECT 1 FROM events l WHERE l.plan_id = {0}.id AND l.kind = 'plan_load'"
    " AND NOT EXISTS (SELECT 1 FROM events r WHERE r.reverts = l.id))"
)


# A progress update a later correction took back (已更正), as of a day: a live correction of the
# same point, after it (by reported day, then recording order), reported on or before the day,
# lowering the percent below the update's. Its note no longer stands: reports leave it out and
# history views mark it. The rule of `cqvet.recording`: only a correction lowers a percent.
# It seeks the partial index `progress_corrections`, so it visits the point's corrections only.
SUPERSEDED = """EXISTS (SELECT 1 FROM progress_updates c INDEXED BY progress_corrections
    WHERE c.point_id = {0}.point_id AND c.is_correction
      AND c.reported_on >= {0}.reported_on AND c.reported_on <= {1}
      AND (c.reported_on > {0}.reported_on OR c.id > {0}.id) AND c.percent < {0}.percent
      AND NOT EXISTS (SELECT 1 FROM events r WHERE r.reverts = c.event_id))"""


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _only_numbers(numbers: Sequence[int] | None) -> str:
    """`AND p.number IN (:n0, :n1…)`: placeholders only, the values are bound."""
    if not numbers:
        return ""
    return "AND p.number IN (" + ", ".join(f":n{i}" for i in range(len(numbers))) + ")"


def _progress_entries(rows: Iterable[dict[str, Any]]) -> list[ProgressEntry]:
    from cqvet.ledger import ProgressEntry  # once, not once a row: `progress log` may read 1M

    return [
        ProgressEntry(
            id=r["id"],
            event_id=r["event_id"],
            point_number=r["number"],
            reported_on=dt.date.fromisoformat(r["reported_on"]),
            percent=r["percent"],
            status=STATUS_OF[r["status"]],
            note=r["note"],
            is_correction=bool(r["is_correction"]),
            author=r["author"],
            recorded_at=r["recorded_at"],
            reverted=bool(r["reverted"]),
            superseded=bool(r.get("superseded")),
            measure=r.get("measure"),  # a measure's update (`cqvet.store_measures`); None for a point's
        )
        for r in rows
    ]


def _deadline_changes(rows: Iterable[dict[str, Any]]) -> list[DeadlineChange]:
    """Deadline rows (a point's, or with `measure` a measure's: `cqvet.store_measures`) as records."""
    from cqvet.ledger import DeadlineChange

    return [
        DeadlineChange(
            id=r["id"],
            event_id=r["event_id"],
            point_number=r["number"],
            due_on=dt.date.fromisoformat(r["due_on"]),
            as_written=r["as_written"],
            note=r["note"],
            effective_on=dt.date.fromisoformat(r["effective_on"]),
            author=r["author"],
            recorded_at=r["recorded_at"],
            reverted=bool(r["reverted"]),
            measure=r.get("measure"),
        )
        for r in rows
    ]


def _json(detail: dict[str, Any]) -> str:
    """An event's detail as compact JSON ('' when empty); json is imported by writes only."""
    import json

    return json.dumps(detail, ensure_ascii=False, separators=(",", ":")) if detail else ""


class Store:
    """The cqvet database: open it with `Store.open(path)`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._sqlite_utils: Database | None = None
        # Writes committed by the command (opening and migrating do not count): after one,
        # output that cannot be written is no failure of the command (cli/root.py).
        self.commits = 0
        # The clock that stamps events (`cqvet.clock.utc_now`), one per store rather than one
        # for the process: replaced only to replay a history with its own timestamps
        # (`cqvet demo`); every user command records the real time.
        self.now: Callable[[], str] = utc_now
        # What `Store.open` found wrong with the schema objects; any finding refuses writes.
        self.schema_damage: list[dbmod.Finding] = []

    # --- opening ---------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, seed: Path | Callable[[], Path] | None = None) -> Store:
        """Open (creating and migrating when needed) the database at `path`.

        A new database is built whole beside its place, schema and `seed`
        plan (a path, or a function giving one, called only then) together,
        and linked in (`db.create`), so eight processes starting at once on a
        fresh file end with one schema and one plan. Every open checks the
        schema objects (`db.schema_damage`, cheap): missing tables refuse the
        file, missing append-only triggers refuse every write until
        `cqvet doctor --repair`.
        """
        if not path.exists():
            dbmod.create(path, lambda new: cls._build(new, seed))
        conn = dbmod.open_connection(path)
        store = cls(conn, path)
        try:
            if dbmod.schema_state(conn, path) == "pending":
                store._migrate(seed)
            dbmod.use_wal(conn)
            store.commits = 0
            store.schema_damage = dbmod.schema_damage(conn)
            if any(finding.key == "check.table_missing" for finding in store.schema_damage):
                raise DatabaseError("db_schema_damaged", path=str(path))
        except sqlite3.Error as exc:
            store.close()
            raise dbmod.translate(exc, path) from exc
        except CqvetError:
            store.close()
            raise
        return store

    @classmethod
    def _build(cls, path: Path, seed: Path | Callable[[], Path] | None) -> None:
        """Fill the new file `path` with the schema and the seed plan (see `db.create`)."""
        store = cls(dbmod.connect(path), path)
        try:
            store._migrate(seed)
        finally:
            store.close()

    def _migrate(self, seed: Path | Callable[[], Path] | None) -> None:
        from cqvet import migrations

        self.db  # noqa: B018  (imports sqlite-utils before the lock, not while holding it)
        with self.transaction():
            # Re-checked inside the lock: another process may have migrated meanwhile.
            if dbmod.schema_state(self.conn, self.path) == "pending":
                migrations.migrations().apply(self.db)
            if seed is not None and not self.plans():
                seed = seed() if callable(seed) else seed
                from cqvet.plan_doc import parse_plan

                text = seed.read_text(encoding="utf-8")
                from cqvet.recording import BUNDLED_AUTHOR

                doc = parse_plan(text)
                self.load_plan(doc, source_name=seed.name, source_text=text, author=BUNDLED_AUTHOR)

    def close(self) -> None:
        dbmod.disconnect(self.conn, self.path)

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection, for the migrations (created on first use)."""
        if self._sqlite_utils is None:
            from sqlite_utils import Database

            self._sqlite_utils = Database(self.conn, execute_plugins=False)
        return self._sqlite_utils

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row and return its id: the store's one way to add a row (many rows of one
        kind go through `executemany` with the same column list).

        Plain SQL rather than sqlite-utils' `insert`, which asks for the table's
        columns on every call: a load recording 10,000 owners spent most of its
        time there. `table` and the keys are names from this module, never input.
        """
        names = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cursor = self.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))
        assert cursor.lastrowid is not None  # every cqvet table has an integer primary key
        return int(cursor.lastrowid)

    def _update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        """Set `values` on the row `row_id` of `table`: the update beside `_insert`, in its style."""
        settings = ", ".join(f"{name} = ?" for name in values)
        self.conn.execute(f"UPDATE {table} SET {settings} WHERE id = ?", (*values.values(), row_id))

    # --- transactions ----------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One user action's writes: all or nothing, no other writer in between."""
        if self.conn.in_transaction:
            yield self
            return
        if self.schema_damage:
            raise DatabaseError("db_triggers_missing", path=str(self.path))
        self._ready_to_write()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise dbmod.translate(exc, self.path) from exc
        try:
            yield self
            self.conn.execute("COMMIT")
            self.commits += 1
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise dbmod.translate(exc, self.path) from exc
            raise

    def _ready_to_write(self) -> None:
        """Import what a write uses before the write lock is taken, not while it is held.

        A cold process importing sqlite-utils inside `BEGIN IMMEDIATE` held every
        other writer off for about 100 ms (README, Reliability). Writes are plain SQL
        (`_insert`, `_update`), so only a migration needs sqlite-utils (`_migrate`
        imports it first); json (an event's detail) and the ledger's records (undo)
        are imported here.
        """
        import json  # noqa: F401

        import cqvet.ledger  # noqa: F401

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A read transaction: every query inside sees the same state of the file."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # --- plans -----------------------------------------------------------

    def plans(self) -> list[Plan]:
        """The plans loaded, newest year first; a plan whose every load was undone is gone."""
        rows = self._rows(
            f"""SELECT id, title, year, start_on, loaded_at, grace_days, time_zone FROM plans
                WHERE {PLAN_LIVE.format("plans")} ORDER BY year DESC, id DESC"""
        )
        return [
            Plan(
                r["id"],
                r["title"],
                r["year"],
                dt.date.fromisoformat(r["start_on"]),
                r["loaded_at"],
                r["grace_days"],
                r["time_zone"],
            )
            for r in rows
        ]

    def set_reporting_rules(self, plan: Plan, *, grace_days: int | None, time_zone: str | None) -> Plan:
        """Store a plan's reporting grace and time zone (those given), in one transaction."""
        with self.transaction():
            if grace_days is not None:
                self.conn.execute("UPDATE plans SET grace_days = ? WHERE id = ?", (grace_days, plan.id))
            if time_zone is not None:
                self.conn.execute("UPDATE plans SET time_zone = ? WHERE id = ?", (time_zone, plan.id))
        return plan._replace(
            grace_days=plan.grace_days if grace_days is None else grace_days,
            time_zone=plan.time_zone if time_zone is None else time_zone,
        )

    def plan(self, selector: str | None = None) -> Plan:
        """The plan named by id, year or part of its title; the newest when none is named."""
        plans = self.plans()
        if not plans:
            raise NotFound("plan_none")
        if not selector:
            return plans[0]
        chosen = [p for p in plans if selector in (str(p.id), str(p.year))] or [
            p for p in plans if selector in p.title
        ]
        if not chosen:
            raise NotFound("plan_unknown", plan=selector)
        return chosen[0]

    def load_plan(self, doc: PlanDoc, *, source_name: str, source_text: str, author: str) -> LoadResult:
        """Store a parsed plan; the same title and year again updates it in place, keeping its history
        (`cqvet.store_loading`)."""
        from cqvet.store_loading import load_plan

        return load_plan(self, doc, source_name=source_name, source_text=source_text, author=author)

    # --- reading points --------------------------------------------------

    def point_id(self, plan: Plan, number: int) -> int:
        row = self.conn.execute(
            "SELECT id FROM points WHERE plan_id = ? AND number = ?", (plan.id, number)
        ).fetchone()
        if row is None:
            raise NotFound("point_unknown", number=number, count=self.point_count(plan))
        return int(row[0])

    def point_ids(self, plan: Plan) -> dict[int, int]:
        """Each point's id by its number, read once (a load records owners for thousands of points)."""
        return self.point_ids_of(plan.id)

    def point_ids_of(self, plan_id: int) -> dict[int, int]:
        rows = self.conn.execute("SELECT number, id FROM points WHERE plan_id = ?", (plan_id,)).fetchall()
        return {int(number): int(point_id) for number, point_id in rows}

    def point_count(self, plan: Plan) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM points WHERE plan_id = ?", (plan.id,)).fetchone()[0]
        )

    def point_states(
        self,
        plan: Plan,
        on: dt.date,
        numbers: Sequence[int] | None = None,
        *,
        with_targets: bool = True,
        with_offices: bool = True,
        rolled_up: bool = True,
    ) -> list[PointState]:
        """Every point (or the numbered ones) as the ledger stands at the end of day `on`; with
        `rolled_up=False`, a point reported through its measures keeps its own figures (for a
        caller that reads the measures whole and rolls up from them: `report.read_ledger`).
        `with_targets=False` and `with_offices=False` leave out what a caller of figures alone (a
        report's baseline) does not read: the targets, and the offices, leader and contact."""
        owner = f"""LEFT JOIN owner_assignments o ON o.id = (
                SELECT x.id FROM owner_assignments x
                WHERE x.point_id = p.id AND x.effective_on <= :on AND {LIVE.format("x")}
                ORDER BY x.effective_on DESC, x.id DESC LIMIT 1)
            LEFT JOIN units lead ON lead.id = o.lead_unit_id"""
        offices = f"o.id AS assignment_id, {name_on('lead', ':on')} AS lead, o.leader, o.contact"
        if not with_offices:
            owner, offices = "", "NULL AS assignment_id, NULL AS lead, NULL AS leader, NULL AS contact"
        rows = self._rows(
            f"""
            SELECT p.id, p.number, p.title, s.seq AS section_seq, coalesce(s.title, '') AS section_title,
                   u.percent, u.status, u.reported_on, u.note,
                   d.due_on, d.as_written,
                   EXISTS (SELECT 1 FROM deadline_changes e WHERE e.point_id = p.id AND e.id <> d.id
                           AND e.effective_on <= :on AND e.due_on < d.due_on AND {LIVE.format("e")})
                       AS postponed,
                   {offices}
            FROM points p
            LEFT JOIN sections s ON s.id = p.section_id
            LEFT JOIN progress_updates u ON u.id = (
                SELECT x.id FROM progress_updates x
                WHERE x.point_id = p.id AND x.reported_on <= :on AND {LIVE.format("x")}
                ORDER BY x.reported_on DESC, x.id DESC LIMIT 1)
            LEFT JOIN deadline_changes d ON d.id = (
                SELECT x.id FROM deadline_changes x
                WHERE x.point_id = p.id AND x.effective_on <= :on AND {LIVE.format("x")}
                ORDER BY x.effective_on DESC, x.id DESC LIMIT 1)
            {owner}
            WHERE p.plan_id = :plan {_only_numbers(numbers)}
            ORDER BY p.number
            """,
            {"plan": plan.id, "on": on.isoformat(), **{f"n{i}": int(n) for i, n in enumerate(numbers or ())}},
        )
        assignments = [r["assignment_id"] for r in rows if r["assignment_id"]]
        supports = self._supports(assignments, on)
        co_leads = self._supports(assignments, on, table="owner_leads")
        # Grouped once by point: filtering every target for every point was quadratic in plan size.
        targets: dict[int, tuple[Target, ...]] = {}
        if with_targets:
            for number, group in itertools.groupby(
                self.targets(plan, on, numbers[0] if numbers and len(numbers) == 1 else None),
                key=lambda t: t.point_number,
            ):
                targets[number] = tuple(group)
        states = [self._state(plan, r, supports, co_leads, targets.get(r["number"], ())) for r in rows]
        return self._rolled_up(on, states) if rolled_up else states

    def _rolled_up(self, on: dt.date, states: list[PointState]) -> list[PointState]:
        """`states` with the figures of points whose measures are tracked made by `cqvet.rollup`.

        One index probe when no measure anywhere has been reported: then nothing is read or
        imported, and every point reads exactly as it did before measures were tracked.
        """
        if not states or self.conn.execute("SELECT max(id) FROM measure_progress").fetchone()[0] is None:
            return states
        from cqvet import store_measures
        from cqvet.rollup import roll_up

        parts = store_measures.rollup_parts(self, on, [state.id for state in states])
        return [roll_up(state, parts[state.id]) if state.id in parts else state for state in states]

    def _state(
        self,
        plan: Plan,
        row: dict[str, Any],
        supports: dict[int, tuple[str, ...]],
        co_leads: dict[int, tuple[str, ...]],
        targets: tuple[Target, ...],
    ) -> PointState:
        due = _date(row["due_on"])
        leads = (row["lead"], *co_leads.get(row["assignment_id"], ())) if row["lead"] else ()
        return PointState(
            id=row["id"],
            number=row["number"],
            section_seq=row["section_seq"],
            section_title=row["section_title"],
            title=row["title"],
            lead=LEAD_JOIN.join(leads) or None,
            supports=supports.get(row["assignment_id"], ()),
            deadline=due or plan.default_deadline,
            deadline_written=row["as_written"] or "",
            deadline_is_default=due is None,
            deadline_postponed=bool(row["postponed"]),
            percent=row["percent"] or 0,
            status=STATUS_OF[row["status"]] if row["status"] else Status.NOT_STARTED,
            reported_on=_date(row["reported_on"]),
            note=row["note"] or "",
            targets=targets,
            leader=row["leader"] or "",
            contact=row["contact"] or "",
            leads=leads,
        )

    def _supports(
        self, assignment_ids: list[int], on: dt.date | None, table: str = "owner_supports"
    ) -> dict[int, tuple[str, ...]]:
        """The supporting units (or, from `owner_leads`, the further leads) of each assignment, in
        order, named as on `on` (None: as on each assignment's own day)."""
        assert table in ("owner_supports", "owner_leads")
        if not assignment_ids:
            return {}
        marks = ",".join("?" * len(assignment_ids))
        day = "?" if on is not None else "o.effective_on"
        found: dict[int, list[str]] = {}
        for assignment_id, name in self.conn.execute(
            f"SELECT s.assignment_id, {name_on('u', day)} FROM {table} s JOIN units u ON u.id = s.unit_id "
            f"JOIN owner_assignments o ON o.id = s.assignment_id "
            f"WHERE s.assignment_id IN ({marks}) ORDER BY s.assignment_id, s.seq",
            ([on.isoformat()] if on is not None else []) + list(assignment_ids),
        ):
            found.setdefault(assignment_id, []).append(name)
        return {key: tuple(names) for key, names in found.items()}

    def targets(self, plan: Plan, on: dt.date, number: int | None = None) -> list[Target]:
        """Each quantitative target with its latest actual reported on or before `on`."""
        rows = self._rows(
            f"""
            SELECT t.id, p.number, t.seq, t.value, t.unit, t.kind, t.qualifier, t.text,
                   a.value AS actual, a.reported_on AS actual_on
            FROM targets t JOIN points p ON p.id = t.point_id
            LEFT JOIN target_actuals a ON a.id = (
                SELECT x.id FROM target_actuals x
                WHERE x.target_id = t.id AND x.reported_on <= :on AND {LIVE.format("x")}
                ORDER BY x.reported_on DESC, x.id DESC LIMIT 1)
            WHERE p.plan_id = :plan AND (:number IS NULL OR p.number = :number)
            ORDER BY p.number, t.seq
            """,
            {"plan": plan.id, "on": on.isoformat(), "number": number},
        )
        return [
            Target(
                r["id"],
                r["number"],
                r["seq"],
                r["value"],
                r["unit"],
                TargetKind(r["kind"]),
                r["qualifier"],
                r["text"],
                r["actual"],
                _date(r["actual_on"]),
            )
            for r in rows
        ]

    def target(self, plan: Plan, number: int, seq: int, on: dt.date) -> Target:
        self.point_id(plan, number)
        for target in self.targets(plan, on, number):
            if target.seq == seq:
                return target
        raise NotFound("target_unknown", ref=f"{number}.{seq}")

    def point_detail(self, plan: Plan, number: int, on: dt.date, history: int | None = None) -> PointDetail:
        """One point whole as of the end of `on`, with its newest `history` progress updates (all when None).

        As-of means as-of: the histories list only rows dated on or before `on` (progress by the
        day it is reported for, owner and deadline changes by the day they take effect), the
        rows the state on `on` is built from; nothing dated after `on` appears. The notices the
        point received, its 办结 decisions and its evidence are as of `on` too.
        """
        from cqvet import store_measures
        from cqvet.ledger import PointDetail
        from cqvet.store_supervision import point_supervision

        point_id = self.point_id(plan, number)
        state = self.point_states(plan, on, [number])[0]
        body = self.conn.execute("SELECT body FROM points WHERE id = ?", (point_id,)).fetchone()[0]
        measures = tuple(
            text
            for (text,) in self.conn.execute(
                "SELECT text FROM measures WHERE point_id = ? ORDER BY seq", (point_id,)
            )
        )
        owners = tuple(o for o in self.owner_history(plan, number) if o.effective_on <= on)
        live_owners = [o for o in owners if not o.reverted]
        contact = live_owners[0].contact if live_owners else ""
        progress = self.progress_log(plan, number, until=on, limit=None if history is None else history + 1)
        truncated = history is not None and len(progress) > history
        return PointDetail(
            state,
            body,
            measures,
            contact,
            tuple(progress[:history] if truncated else progress),
            owners,
            tuple(d for d in self.deadline_history(plan, number) if d.effective_on <= on),
            truncated,
            point_supervision(self, plan, number, on),
            tuple(store_measures.measure_states(self, plan, on, [state])),
            tuple(store_measures.contributions(self, plan, number, until=on)),
        )

    # --- reading history -------------------------------------------------

    def progress_log(
        self,
        plan: Plan,
        number: int | None = None,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        author: str | None = None,
        limit: int | None = None,
    ) -> list[ProgressEntry]:
        """Progress updates newest first (by reported day, then by recording order), reverted ones marked."""
        return [
            entry
            for batch in self.progress_log_batches(
                plan, number, since=since, until=until, author=author, limit=limit
            )
            for entry in batch
        ]

    def progress_log_batches(
        self,
        plan: Plan,
        number: int | None = None,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        author: str | None = None,
        limit: int | None = None,
        first: int = 50,
        batch: int = 200,
    ) -> Iterator[list[ProgressEntry]]:
        """`progress_log`, read and handed on `first` rows, then `batch` rows at a time, so a caller
        can print the first rows of a long history before the rest is read, in memory that does
        not grow.

        For one point the query walks that point's (point, date) index backwards, so
        the newest N of a long history cost N rows. For all points with a limit, each
        point's newest N (within the dates, by the author) are taken from the same
        index and only those are sorted: the cost is points × N, whatever the size of
        history (a sort of the whole history before the limit grew with it). `--by`
        over all points reads the author's events by their index (m009) and sorts
        only the author's updates.
        """
        filters = [
            clause
            for clause, value in (
                ("x.reported_on >= :since", since),
                ("x.reported_on <= :until", until),
                ("ex.author = :author", author),
            )
            if value is not None
        ]
        columns = f"""u.id, u.event_id, p.number, u.reported_on, u.percent, u.status, u.note, u.is_correction,
                   e.author, e.recorded_at, NOT {LIVE.format("u")} AS reverted,
                   {SUPERSEDED.format("u", "coalesce(:until, '9999-12-31')")} AS superseded"""
        walk = f"""SELECT x.id FROM progress_updates x JOIN events ex ON ex.id = x.event_id
                   WHERE x.point_id = p.id {"".join(" AND " + f for f in filters)}
                   ORDER BY x.reported_on DESC, x.id DESC"""
        if number is None and author is not None and limit is not None:
            yield from self._newest_by_author(plan, author, since, until, limit, columns, first, batch)
            return
        if number is None and author is not None:
            # The author's events by m009's index, each one's update by m007's index by event:
            # the cost is the author's own updates, whatever the size of everyone's history.
            where = ["e.author = :author", "p.plan_id = :plan"]
            where += [f.replace("x.", "u.") for f in filters if not f.startswith("ex.")]
            sql = f"""SELECT {columns}
                FROM events e
                CROSS JOIN progress_updates u ON u.event_id = e.id
                JOIN points p ON p.id = u.point_id
                WHERE {" AND ".join(where)}
                ORDER BY u.reported_on DESC, u.id DESC
                LIMIT :limit"""
        elif number is not None or limit is None:
            where = [
                "u.point_id = :point"
                if number is not None
                else "u.point_id IN (SELECT id FROM points WHERE plan_id = :plan)"
            ]
            where += [f.replace("ex.", "e.").replace("x.", "u.") for f in filters]
            sql = f"""SELECT {columns}
                FROM progress_updates u
                JOIN points p ON p.id = u.point_id
                JOIN events e ON e.id = u.event_id
                WHERE {" AND ".join(where)}
                ORDER BY u.reported_on DESC, u.id DESC
                LIMIT :limit"""
        else:
            sql = f"""SELECT {columns}
                FROM points p
                JOIN progress_updates u ON u.id IN ({walk} LIMIT :limit)
                JOIN events e ON e.id = u.event_id
                WHERE p.plan_id = :plan
                ORDER BY u.reported_on DESC, u.id DESC
                LIMIT :limit"""
        cursor = self.conn.execute(
            sql,
            {
                "plan": plan.id,
                "point": self.point_id(plan, number) if number is not None else None,
                "since": since.isoformat() if since else None,
                "until": until.isoformat() if until else None,
                "author": author,
                "limit": -1 if limit is None else limit,
            },
        )
        names = [column[0] for column in cursor.description]
        size = first
        while rows := cursor.fetchmany(size):
            yield _progress_entries(dict(zip(names, row, strict=True)) for row in rows)
            size = batch

    def _newest_by_author(
        self,
        plan: Plan,
        author: str,
        since: dt.date | None,
        until: dt.date | None,
        limit: int,
        columns: str,
        first: int,
        batch: int,
    ) -> Iterator[list[ProgressEntry]]:
        """`progress_log_batches` by one author with a limit: the author's events are read newest
        recorded first (m011's index) and the reading stops once no older event can hold an update
        dated late enough to be among the newest `limit` (or within `since`): an update is never
        dated after the day it was recorded (`recording.latest_report_day`). So it reads about
        `limit` of the author's updates, however many they wrote; the order is the log's own
        (report date, then recording order, newest first).
        """
        import heapq

        from cqvet.recording import latest_report_day

        dates = (" AND u.reported_on >= :since" if since else "") + (
            " AND u.reported_on <= :until" if until else ""
        )
        walk = self.conn.execute(
            f"""SELECT u.id, u.reported_on, e.recorded_at
                FROM events e INDEXED BY events_by_author_time
                CROSS JOIN progress_updates u ON u.event_id = e.id
                JOIN points p ON p.id = u.point_id
                WHERE e.author = :author AND p.plan_id = :plan{dates}
                ORDER BY e.recorded_at DESC""",
            {
                "author": author,
                "plan": plan.id,
                "since": since.isoformat() if since else None,
                "until": until.isoformat() if until else None,
            },
        )
        oldest_wanted = since.isoformat() if since else ""
        newest: list[tuple[str, int]] = []  # a heap of (report date, id): the newest `limit` so far
        for update_id, reported_on, recorded_at in walk:
            latest = latest_report_day(recorded_at)  # no event read after this one is dated later
            if latest < oldest_wanted or (len(newest) == limit and latest < newest[0][0]):
                break
            if len(newest) < limit:
                heapq.heappush(newest, (reported_on, update_id))
            elif (reported_on, update_id) > newest[0]:
                heapq.heapreplace(newest, (reported_on, update_id))
        walk.close()
        order = [update_id for _, update_id in sorted(newest, reverse=True)]
        size, at = first, 0
        while at < len(order):
            chosen = order[at : at + size]
            ids = {f"id{place}": update_id for place, update_id in enumerate(chosen)}
            cursor = self.conn.execute(
                f"""SELECT {columns}
                    FROM progress_updates u
                    JOIN points p ON p.id = u.point_id
                    JOIN events e ON e.id = u.event_id
                    WHERE u.id IN ({", ".join(":" + name for name in ids)})""",
                {"until": until.isoformat() if until else None, **ids},
            )
            names = [column[0] for column in cursor.description]
            by_id = {row[0]: dict(zip(names, row, strict=True)) for row in cursor}
            yield _progress_entries(by_id[update_id] for update_id in chosen)
            at += size
            size = batch

    def period_notes(self, plan: Plan, since: dt.date, until: dt.date, per_point: int) -> list[ProgressEntry]:
        """The newest `per_point` live updates of each point reported within [since, until] that
        still stand on `until`: an update a correction dated on or before `until` took back is left
        out, so a report never quotes a retracted note as progress.

        One index range per point, so a report costs the same at a thousand
        updates as at a million.
        """
        rows = self._rows(
            f"""
            SELECT u.id, u.event_id, p.number, u.reported_on, u.percent, u.status, u.note, u.is_correction,
                   e.author, e.recorded_at, 0 AS reverted
            FROM points p
            JOIN progress_updates u ON u.id IN (
                SELECT x.id FROM progress_updates x
                WHERE x.point_id = p.id AND x.reported_on BETWEEN :since AND :until AND {LIVE.format("x")}
                  AND NOT {SUPERSEDED.format("x", ":until")}
                ORDER BY x.reported_on DESC, x.id DESC LIMIT :per_point)
            JOIN events e ON e.id = u.event_id
            WHERE p.plan_id = :plan
            ORDER BY p.number, u.reported_on DESC, u.id DESC
            """,
            {"plan": plan.id, "since": since.isoformat(), "until": until.isoformat(), "per_point": per_point},
        )
        return _progress_entries(rows)

    def owner_history(self, plan: Plan, number: int | None = None) -> list[OwnerAssignment]:
        from cqvet.ledger import OwnerAssignment

        rows = self._rows(
            f"""
            SELECT o.id, o.event_id, p.number, {name_on("lead", "o.effective_on")} AS lead, o.contact,
                   o.leader, o.effective_on,
                   e.author, e.recorded_at, NOT {LIVE.format("o")} AS reverted
            FROM owner_assignments o
            JOIN points p ON p.id = o.point_id
            JOIN units lead ON lead.id = o.lead_unit_id
            JOIN events e ON e.id = o.event_id
            WHERE p.plan_id = :plan AND (:number IS NULL OR p.number = :number)
            ORDER BY o.effective_on DESC, o.id DESC
            """,
            {"plan": plan.id, "number": number},
        )
        supports = self._supports([r["id"] for r in rows], None)
        co_leads = self._supports([r["id"] for r in rows], None, table="owner_leads")
        leads = {r["id"]: (r["lead"], *co_leads.get(r["id"], ())) for r in rows}
        return [
            OwnerAssignment(
                id=r["id"],
                event_id=r["event_id"],
                point_number=r["number"],
                lead=LEAD_JOIN.join(leads[r["id"]]),
                supports=supports.get(r["id"], ()),
                contact=r["contact"],
                effective_on=dt.date.fromisoformat(r["effective_on"]),
                author=r["author"],
                recorded_at=r["recorded_at"],
                reverted=bool(r["reverted"]),
                leader=r["leader"],
                leads=leads[r["id"]],
            )
            for r in rows
        ]

    def deadline_history(self, plan: Plan, number: int | None = None) -> list[DeadlineChange]:
        rows = self._rows(
            f"""
            SELECT d.id, d.event_id, p.number, d.due_on, d.as_written, d.note, d.effective_on,
                   e.author, e.recorded_at, NOT {LIVE.format("d")} AS reverted
            FROM deadline_changes d
            JOIN points p ON p.id = d.point_id
            JOIN events e ON e.id = d.event_id
            WHERE p.plan_id = :plan AND (:number IS NULL OR p.number = :number)
            ORDER BY d.effective_on DESC, d.id DESC
            """,
            {"plan": plan.id, "number": number},
        )
        return _deadline_changes(rows)

    def has_assignment(self, point_id: int, table: str) -> bool:
        """Whether a point has a live row in `table` (a fixed name: owner_assignments or deadline_changes)."""
        assert table in ("owner_assignments", "deadline_changes")
        return (
            self.conn.execute(
                f"SELECT 1 FROM {table} x WHERE x.point_id = ? AND {LIVE.format('x')} LIMIT 1", (point_id,)
            ).fetchone()
            is not None
        )

    def unit_duties(self, plan: Plan, on: dt.date) -> list[UnitDuty]:
        """Each office with the points it leads and supports, as assigned on `on`."""
        from cqvet.ledger import UnitDuty

        leads: dict[str, list[int]] = {}
        supports: dict[str, list[int]] = {}
        for state in self.point_states(plan, on, with_targets=False):
            for unit in state.leads:  # a point led by two offices is owed by each
                leads.setdefault(unit, []).append(state.number)
            for unit in state.supports:
                supports.setdefault(unit, []).append(state.number)
        names = sorted(set(leads) | set(supports), key=lambda n: (min(leads.get(n, [99999])), n))
        return [UnitDuty(n, tuple(leads.get(n, ())), tuple(supports.get(n, ()))) for n in names]

    def unit_names(self, *, former: bool = False) -> list[str]:
        """Every office's current name, in the order they were first named; with `former`, then
        every name an office had before a rename too."""
        names = [
            name
            for (name,) in self.conn.execute(
                f"SELECT {name_on('u', repr(FOREVER))} FROM units u ORDER BY u.id"
            )
        ]
        if former:
            names += [
                name
                for (name,) in self.conn.execute(
                    "SELECT u.name FROM units u UNION ALL "
                    f"SELECT n.name FROM unit_names n WHERE {LIVE.format('n')}"
                )
            ]
        return list(dict.fromkeys(names))

    def unit_name_on(self, unit_id: int, on: dt.date) -> str:
        """What the office was called at the end of day `on`."""
        row = self.conn.execute(
            f"SELECT {name_on('u', '?')} FROM units u WHERE u.id = ?", (on.isoformat(), unit_id)
        )
        return str(row.fetchone()[0])

    def unit_id(self, name: str) -> int | None:
        """The office called `name` now, else the one that was called so before a rename."""
        row = self.conn.execute(
            f"""SELECT u.id FROM units u WHERE {name_on("u", repr(FOREVER))} = :name
                UNION ALL SELECT u.id FROM units u WHERE u.name = :name
                UNION ALL SELECT n.unit_id FROM unit_names n WHERE n.name = :name AND {LIVE.format("n")}
                LIMIT 1""",
            {"name": name},
        ).fetchone()
        return None if row is None else int(row[0])

    # --- appending -------------------------------------------------------

    def new_event(self, kind: str, plan: Plan, author: str, detail: dict[str, Any]) -> int:
        """Open an event that several appends share (an import is one event, undone as one)."""
        return self._event(kind, plan.id, author, detail)

    def _event(
        self, kind: str, plan_id: int | None, author: str, detail: dict[str, Any], reverts: int | None = None
    ) -> int:
        return self._insert(
            "events",
            {
                "kind": kind,
                "plan_id": plan_id,
                "author": author,
                "recorded_at": self.now(),
                "detail": _json(detail),
                "reverts": reverts,
            },
        )

    def append_progress(
        self,
        plan: Plan,
        point_id: int,
        *,
        reported_on: dt.date,
        percent: int,
        status: Status,
        note: str,
        correction: bool,
        author: str,
        event_id: int | None = None,
    ) -> int:
        # A progress event stores no detail: the update row says it all, and at a
        # million updates every byte of the ledger counts (see README, Performance).
        event_id = event_id or self._event("progress", plan.id, author, {})
        self._insert(
            "progress_updates",
            {
                "event_id": event_id,
                "point_id": point_id,
                "reported_on": reported_on.isoformat(),
                "percent": percent,
                "status": str(status),
                "note": note,
                "is_correction": int(correction),
            },
        )
        return event_id

    def ensure_unit(self, name: str) -> int:
        found = self.unit_id(name)
        if found is not None:
            return found
        return self._insert("units", {"name": name})

    def append_owner(
        self,
        plan: Plan,
        point_id: int,
        *,
        lead: str | Sequence[str],
        supports: Sequence[str],
        contact: str,
        effective_on: dt.date,
        author: str,
        detail: dict[str, Any],
        leader: str = "",
        event_id: int | None = None,
    ) -> int:
        """Append an assignment: the first lead in the row, further leads in `owner_leads`."""
        first, *further = [lead] if isinstance(lead, str) else list(lead)
        event_id = event_id or self._event("owner", plan.id, author, detail)
        assignment_id = self._insert(
            "owner_assignments",
            {
                "event_id": event_id,
                "point_id": point_id,
                "lead_unit_id": self.ensure_unit(first),
                "contact": contact,
                "leader": leader,
                "effective_on": effective_on.isoformat(),
            },
        )
        self.conn.executemany(
            "INSERT INTO owner_supports (assignment_id, unit_id, seq) VALUES (?, ?, ?)",
            [(assignment_id, self.ensure_unit(name), seq) for seq, name in enumerate(supports, start=1)],
        )
        self.conn.executemany(
            "INSERT INTO owner_leads (assignment_id, unit_id, seq) VALUES (?, ?, ?)",
            [(assignment_id, self.ensure_unit(name), seq) for seq, name in enumerate(further, start=2)],
        )
        return event_id

    def append_deadline(
        self,
        plan: Plan,
        point_id: int,
        *,
        due_on: dt.date,
        as_written: str,
        note: str,
        effective_on: dt.date,
        author: str,
        detail: dict[str, Any],
        event_id: int | None = None,
    ) -> int:
        event_id = event_id or self._event("deadline", plan.id, author, detail)
        self._insert(
            "deadline_changes",
            {
                "event_id": event_id,
                "point_id": point_id,
                "due_on": due_on.isoformat(),
                "as_written": as_written,
                "note": note,
                "effective_on": effective_on.isoformat(),
            },
        )
        return event_id

    def append_actual(
        self,
        plan: Plan,
        target_id: int,
        *,
        value: float,
        reported_on: dt.date,
        note: str,
        author: str,
        detail: dict[str, Any],
        event_id: int | None = None,
    ) -> int:
        event_id = event_id or self._event("target", plan.id, author, detail)
        self._insert(
            "target_actuals",
            {
                "event_id": event_id,
                "target_id": target_id,
                "value": value,
                "reported_on": reported_on.isoformat(),
                "note": note,
            },
        )
        return event_id

    def rename_unit(
        self,
        unit_id: int,
        new_name: str,
        *,
        effective_on: dt.date,
        plan: Plan,
        author: str,
        detail: dict[str, Any],
    ) -> int:
        """Rename an office from a day on: a dated row, so a view of an earlier day keeps the old name."""
        event_id = self._event("unit_rename", plan.id, author, detail)
        self._insert(
            "unit_names",
            {
                "event_id": event_id,
                "unit_id": unit_id,
                "name": new_name,
                "effective_on": effective_on.isoformat(),
            },
        )
        return event_id

    def has_dated_name(self, event_id: int) -> bool:
        """Whether a rename event wrote a dated name (renames before schema step m004 did not)."""
        found = self.conn.execute("SELECT 1 FROM unit_names WHERE event_id = ? LIMIT 1", (event_id,))
        return found.fetchone() is not None

    def set_unit_name(self, unit_id: int, name: str) -> None:
        """Undo a rename made before schema step m004, which changed the name in place."""
        self.conn.execute("UPDATE units SET name = ? WHERE id = ?", (name, unit_id))

    # --- undo ------------------------------------------------------------

    def last_undoable_event(self, author: str, kinds: Sequence[str]) -> Event | None:
        """The newest event of `author` of an undoable kind that no event has reverted yet."""
        from cqvet.ledger import Event

        marks = ",".join("?" * len(kinds))
        rows = self._rows(
            f"""SELECT e.id, e.kind, e.author, e.recorded_at, e.detail, e.reverts FROM events e
                WHERE e.author = ? AND e.kind IN ({marks}) AND e.reverts IS NULL
                  AND NOT EXISTS (SELECT 1 FROM events r WHERE r.reverts = e.id)
                ORDER BY e.id DESC LIMIT 1""",
            (author, *kinds),
        )
        if not rows:
            return None
        import json

        row = rows[0]
        return Event(**{**row, "detail": json.loads(row["detail"]) if row["detail"] else {}})

    def event_progress(self, event_id: int) -> ProgressEntry | None:
        """The progress update an event appended, for describing it before an undo."""
        rows = self._rows(
            """SELECT u.id, u.event_id, p.number, u.reported_on, u.percent, u.status, u.note, u.is_correction,
                      e.author, e.recorded_at, 0 AS reverted
               FROM progress_updates u JOIN points p ON p.id = u.point_id JOIN events e ON e.id = u.event_id
               WHERE u.event_id = ? ORDER BY u.id DESC LIMIT 1""",  # progress_by_event
            (event_id,),
        )
        return _progress_entries(rows[:1])[0] if rows else None

    def revert(self, event: Event, *, author: str, detail: dict[str, Any]) -> int:
        """Record that `event` is undone (under the plan it belonged to); its rows drop out of every read."""
        return self._event("undo", self.event_plan_id(event.id), author, detail, reverts=event.id)

    def event_plan_id(self, event_id: int) -> int | None:
        row = self.conn.execute("SELECT plan_id FROM events WHERE id = ?", (event_id,)).fetchone()
        return None if row is None else row[0]

    # --- whole-database facts --------------------------------------------

    def repair_triggers(self) -> list[str]:
        """Recreate the append-only triggers that are missing or altered; returns their names.

        The one write allowed while they are missing (see `Store.open`). Rows are
        not touched: what was changed without the triggers is for `doctor` to report.
        """
        from cqvet.migrations import guard_triggers

        expected = guard_triggers()
        damaged = [
            f.params["name"] for f in dbmod.schema_damage(self.conn) if f.params.get("name") in expected
        ]
        if not damaged:
            return []
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for name in damaged:
                    self.conn.execute(f"DROP TRIGGER IF EXISTS {name}")
                    self.conn.execute(expected[name])
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise dbmod.translate(exc, self.path) from exc
        self.schema_damage = dbmod.schema_damage(self.conn)
        return damaged

    def schema_steps(self) -> list[str]:
        return dbmod.applied_steps(self.conn) or []

    def counts(self) -> dict[str, int]:
        tables = (
            "plans",
            "points",
            "units",
            "events",
            "progress_updates",
            "owner_assignments",
            "deadline_changes",
            "target_actuals",
            "measures",
            "measure_progress",
            "measure_owners",
            "measure_deadlines",
            "measure_weights",
            "contributions",
        )
        return {t: int(self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
