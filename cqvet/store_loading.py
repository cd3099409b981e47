"""Loading a parsed plan document into the store: the plan, its sections, points, measures and
targets, written in place when the same title and year is loaded again.

A function module over a `Store` (like `cqvet.store_supervision`), not a mixin, for two
reasons: `Store.load_plan` stays the one entry point every caller knows, and this module is
imported only by a load (the seed plan of a new database, `cqvet load`, a demo), so `cqvet list`
does not pay to import it. It runs inside the store's transaction and keeps the store's one
rule that protects history: a reloaded document may not drop a point or target that has history.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from cqvet.errors import DatabaseError
from cqvet.store import PLAN_LIVE

if TYPE_CHECKING:
    from cqvet.ledger import LoadResult
    from cqvet.plan_doc import PlanDoc
    from cqvet.store import Store


def load_plan(store: Store, doc: PlanDoc, *, source_name: str, source_text: str, author: str) -> LoadResult:
    """Store a parsed plan; the same title and year again updates it in place, keeping its history."""
    import hashlib

    from cqvet.ledger import LoadResult

    sha = hashlib.sha256(source_text.encode("utf-8")).hexdigest()
    event_id = None
    with store.transaction():
        found = store._rows(
            f"SELECT id, source_sha256, {PLAN_LIVE.format('plans')} AS live FROM plans"
            " WHERE title = ? AND year = ?",
            (doc.title, doc.year),
        )
        existing = found[0] if found else None
        if existing and existing["source_sha256"] == sha and existing["live"]:
            outcome = "unchanged"
            plan_id = existing["id"]
        else:
            # A plan whose load was undone comes back as new when it is loaded again.
            outcome = "updated" if existing and existing["live"] else "created"
            plan_id = _write_plan(store, doc, existing["id"] if existing else None, source_name, sha)
            detail = {"source": source_name, "outcome": outcome}
            event_id = store._event("plan_load", plan_id, author, detail)
        plan = next(p for p in store.plans() if p.id == plan_id)
    targets = sum(len(p.targets) for p in doc.points)
    return LoadResult(plan, outcome, len(doc.sections), len(doc.points), targets, event_id)


def _write_plan(store: Store, doc: PlanDoc, plan_id: int | None, source_name: str, sha: str) -> int:
    values = {
        "title": doc.title,
        "year": doc.year,
        "source_name": source_name,
        "source_sha256": sha,
        "preamble": doc.preamble,
        "loaded_at": store.now(),
    }
    if plan_id is None:
        plan_id = store._insert("plans", {**values, "start_on": dt.date(doc.year, 1, 1).isoformat()})
    else:
        store._update("plans", plan_id, values)
    section_ids = _write_sections(store, plan_id, doc)
    kept = {p.number for p in doc.points}
    _drop_points(store, plan_id, kept)
    point_ids = _write_points(store, plan_id, doc, section_ids)
    _write_measures(store, plan_id, point_ids, doc)
    _write_targets(store, plan_id, point_ids, doc)
    return plan_id


def _write_sections(store: Store, plan_id: int, doc: PlanDoc) -> dict[int, int]:
    ids: dict[int, int] = {}
    for section in doc.sections:
        row = {"plan_id": plan_id, "seq": section.seq, "numeral": section.numeral, "title": section.title}
        found = store.conn.execute(
            "SELECT id FROM sections WHERE plan_id = ? AND seq = ?", (plan_id, section.seq)
        ).fetchone()
        if found:
            store._update("sections", found[0], row)
            ids[section.seq] = found[0]
        else:
            ids[section.seq] = store._insert("sections", row)
    store.conn.execute(
        "UPDATE points SET section_id = NULL WHERE plan_id = ? AND section_id IN "
        "(SELECT id FROM sections WHERE plan_id = ? AND seq > ?)",
        (plan_id, plan_id, len(doc.sections)),
    )
    store.conn.execute("DELETE FROM sections WHERE plan_id = ? AND seq > ?", (plan_id, len(doc.sections)))
    return ids


def _drop_points(store: Store, plan_id: int, kept: set[int]) -> None:
    """Remove points a corrected document no longer has, unless history hangs on them."""
    for point_id, number in store.conn.execute(
        "SELECT id, number FROM points WHERE plan_id = ?", (plan_id,)
    ).fetchall():
        if number in kept:
            continue
        if _has_history(store, point_id):
            raise DatabaseError("plan_point_has_history", number=number)
        store.conn.execute("DELETE FROM targets WHERE point_id = ?", (point_id,))
        store.conn.execute("DELETE FROM measures WHERE point_id = ?", (point_id,))
        store.conn.execute("DELETE FROM points WHERE id = ?", (point_id,))


def _has_history(store: Store, point_id: int) -> bool:
    return bool(
        store.conn.execute(
            """SELECT EXISTS (SELECT 1 FROM progress_updates WHERE point_id = :p)
                   OR EXISTS (SELECT 1 FROM owner_assignments WHERE point_id = :p)
                   OR EXISTS (SELECT 1 FROM deadline_changes WHERE point_id = :p)
                   OR EXISTS (SELECT 1 FROM target_actuals a JOIN targets t ON t.id = a.target_id
                              WHERE t.point_id = :p)
                   OR EXISTS (SELECT 1 FROM contributions WHERE point_id = :p)
                   OR EXISTS (SELECT 1 FROM measures m WHERE m.point_id = :p AND (
                          EXISTS (SELECT 1 FROM measure_progress x WHERE x.measure_id = m.id)
                          OR EXISTS (SELECT 1 FROM measure_owners x WHERE x.measure_id = m.id)
                          OR EXISTS (SELECT 1 FROM measure_deadlines x WHERE x.measure_id = m.id)
                          OR EXISTS (SELECT 1 FROM measure_weights x WHERE x.measure_id = m.id)))""",
            {"p": point_id},
        ).fetchone()[0]
    )


# A plan of thousands of points is written with one statement per kind of row, not one per row.


def _write_points(store: Store, plan_id: int, doc: PlanDoc, section_ids: dict[int, int]) -> dict[int, int]:
    """Insert or update each point by its number; returns each point's id by number."""
    ids = store.point_ids_of(plan_id)
    for point in doc.points:
        section_id = section_ids.get(point.section_seq) if point.section_seq else None
        found = ids.get(point.number)
        if found is None:
            ids[point.number] = store._insert(
                "points",
                {
                    "plan_id": plan_id,
                    "number": point.number,
                    "section_id": section_id,
                    "title": point.title,
                    "body": point.body,
                },
            )
        else:
            store.conn.execute(
                "UPDATE points SET section_id = ?, title = ?, body = ? WHERE id = ?",
                (section_id, point.title, point.body, found),
            )
    return ids


def _write_measures(store: Store, plan_id: int, point_ids: dict[int, int], doc: PlanDoc) -> None:
    """Measures keep their id (and so their history, m012) across corrected documents: a measure
    is its point's measure number `seq`; its text is the document's. A measure the document no
    longer has is removed, unless history hangs on it."""
    existing = {
        (point_id, seq): measure_id
        for measure_id, point_id, seq in store.conn.execute(
            "SELECT m.id, m.point_id, m.seq FROM measures m JOIN points p ON p.id = m.point_id"
            " WHERE p.plan_id = ?",
            (plan_id,),
        )
    }
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for point in doc.points:
        point_id = point_ids[point.number]
        for seq, text in enumerate(point.measures, start=1):
            found = existing.pop((point_id, seq), None)
            if found is None:
                inserts.append((point_id, seq, text))
            else:
                updates.append((text, found))
    number_of = {point_id: number for number, point_id in point_ids.items()}
    for (point_id, seq), measure_id in sorted(existing.items()):
        if _measure_has_history(store, measure_id):
            raise DatabaseError("plan_measure_has_history", ref=f"{number_of[point_id]}-{seq}")
        store.conn.execute("DELETE FROM measures WHERE id = ?", (measure_id,))
    store.conn.executemany("UPDATE measures SET text = ? WHERE id = ?", updates)
    store.conn.executemany("INSERT INTO measures (point_id, seq, text) VALUES (?, ?, ?)", inserts)


def _measure_has_history(store: Store, measure_id: int) -> bool:
    return bool(
        store.conn.execute(
            """SELECT EXISTS (SELECT 1 FROM measure_progress WHERE measure_id = :m)
                   OR EXISTS (SELECT 1 FROM measure_owners WHERE measure_id = :m)
                   OR EXISTS (SELECT 1 FROM measure_deadlines WHERE measure_id = :m)
                   OR EXISTS (SELECT 1 FROM measure_weights WHERE measure_id = :m)""",
            {"m": measure_id},
        ).fetchone()[0]
    )


def _write_targets(store: Store, plan_id: int, point_ids: dict[int, int], doc: PlanDoc) -> None:
    """Targets keep their id (and so their recorded actuals) across corrected documents."""
    existing = {
        (point_id, seq): target_id
        for target_id, point_id, seq in store.conn.execute(
            "SELECT t.id, t.point_id, t.seq FROM targets t JOIN points p ON p.id = t.point_id"
            " WHERE p.plan_id = ?",
            (plan_id,),
        )
    }
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for point in doc.points:
        point_id = point_ids[point.number]
        for t in point.targets:
            values = (t.value, t.unit, str(t.kind), t.qualifier, t.text)
            found = existing.pop((point_id, t.seq), None)
            if found is None:
                inserts.append((point_id, t.seq, *values))
            else:
                updates.append((*values, found))
    number_of = {point_id: number for number, point_id in point_ids.items()}
    for (point_id, seq), target_id in sorted(existing.items()):
        if store.conn.execute("SELECT 1 FROM target_actuals WHERE target_id = ?", (target_id,)).fetchone():
            raise DatabaseError("plan_target_has_history", ref=f"{number_of[point_id]}.{seq}")
        store.conn.execute("DELETE FROM targets WHERE id = ?", (target_id,))
    store.conn.executemany(
        "UPDATE targets SET value = ?, unit = ?, kind = ?, qualifier = ?, text = ? WHERE id = ?", updates
    )
    store.conn.executemany(
        "INSERT INTO targets (point_id, seq, value, unit, kind, qualifier, text)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        inserts,
    )
