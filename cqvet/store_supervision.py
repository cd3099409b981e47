"""Every SQL statement of 督办 (notices issued, the reporting rhythm, the dates offices reported).

A companion of `cqvet.store`, split from it by concern (as `cqvet.store_loading` is):
it runs on the same connection and inside the caller's
`Store.transaction()`, appends only, and leaves out rows whose event an undo
reverted (`LIVE`), as every read of the ledger does. It knows nothing of
colours, periods or scores: those rules live in `cqvet.supervision`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from cqvet.store import LIVE, _date

# The reads of 办结 review live in `cqvet.store_review` (`list` needs them without the rest of
# 督办); imported here too, where the rest of 督办 has always found them.
from cqvet.store_review import Closure, closures, review_required  # noqa: F401

if TYPE_CHECKING:
    from cqvet.models import Plan
    from cqvet.store import Store


class IssuedNotice(NamedTuple):
    """One item of a 督办单 as it was issued (a live row of `notices`)."""

    id: int
    event_id: int
    point_number: int
    unit_id: int
    colour: str
    as_of: dt.date
    reply_by: dt.date
    percent: int
    expected: float


class NewNotice(NamedTuple):
    point_id: int
    unit_id: int
    colour: str
    as_of: dt.date
    reply_by: dt.date
    percent: int
    expected: float


def issued(store: Store, plan: Plan, until: dt.date, point_number: int | None = None) -> list[IssuedNotice]:
    """The live notices of `plan` issued for a day on or before `until`, oldest first."""
    rows = store._rows(
        f"""SELECT n.id, n.event_id, p.number AS point_number, n.unit_id, n.colour, n.as_of, n.reply_by,
                   n.percent, n.expected
            FROM notices n JOIN points p ON p.id = n.point_id
            WHERE p.plan_id = ? AND n.as_of <= ? AND {LIVE.format("n")}
              AND (? IS NULL OR p.number = ?)
            ORDER BY n.as_of, n.id""",
        (plan.id, until.isoformat(), point_number, point_number),
    )
    return [
        IssuedNotice(
            **{
                **r,
                "as_of": dt.date.fromisoformat(r["as_of"]),
                "reply_by": dt.date.fromisoformat(r["reply_by"]),
            }
        )
        for r in rows
    ]


def record_notices(
    store: Store, plan: Plan, author: str, notices: Iterable[NewNotice], detail: dict[str, object]
) -> int:
    """Append the notices of one issuance as one event (one `undo` reverts them all); the caller
    holds the transaction."""
    event_id = store.new_event("notice", plan, author, detail)
    store.conn.executemany(
        "INSERT INTO notices (event_id, point_id, unit_id, colour, as_of, reply_by, percent, expected)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                event_id,
                n.point_id,
                n.unit_id,
                n.colour,
                n.as_of.isoformat(),
                n.reply_by.isoformat(),
                n.percent,
                n.expected,
            )
            for n in notices
        ],
    )
    return event_id


def reporting_rule(store: Store, plan: Plan) -> tuple[str, str] | None:
    """The plan's reporting rhythm (rule, as written), newest live setting first; None when never set."""
    row = store.conn.execute(
        f"""SELECT n.rule, n.as_written FROM reporting_rules n
            WHERE n.plan_id = ? AND {LIVE.format("n")} ORDER BY n.id DESC LIMIT 1""",
        (plan.id,),
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def set_reporting_rule(store: Store, plan: Plan, rule: str, as_written: str, author: str) -> int:
    """Append a new reporting rhythm for `plan` as one undoable event."""
    with store.transaction():
        event_id = store.new_event("plan_set", plan, author, {"report_by": as_written})
        store.conn.execute(
            "INSERT INTO reporting_rules (event_id, plan_id, rule, as_written) VALUES (?, ?, ?, ?)",
            (event_id, plan.id, rule, as_written),
        )
    return event_id


def first_reports(store: Store, plan: Plan, since: dt.date, until: dt.date) -> dict[int, dt.date]:
    """Each point's first live progress date (`reported_on`) from `since` to `until`, both included.

    One seek of the (point, date) index a point, so `due` and `reporting` cost the same
    at a million updates as at a thousand (README, Performance).
    """
    rows = store.conn.execute(
        f"""SELECT p.number, (SELECT u.reported_on FROM progress_updates u
                WHERE u.point_id = p.id AND u.reported_on BETWEEN :since AND :until AND {LIVE.format("u")}
                ORDER BY u.reported_on LIMIT 1)
            FROM points p WHERE p.plan_id = :plan""",
        {"plan": plan.id, "since": since.isoformat(), "until": until.isoformat()},
    )
    firsts = {int(number): dt.date.fromisoformat(day) for number, day in rows if day is not None}
    # A point whose measures are tracked is reported through them: its first measure update counts.
    for number, day in measure_first_reports(store, plan, since, until).items():
        firsts[number] = min(day, firsts.get(number, day))
    return firsts


def measure_first_reports(store: Store, plan: Plan, since: dt.date, until: dt.date) -> dict[int, dt.date]:
    """Each point's first live measure update from `since` to `until` (one seek a measure)."""
    from cqvet.store_measures import any_progress

    if not any_progress(store):
        return {}
    rows = store.conn.execute(
        f"""SELECT p.number, min((SELECT x.reported_on FROM measure_progress x
                WHERE x.measure_id = m.id AND x.reported_on BETWEEN :since AND :until AND {LIVE.format("x")}
                ORDER BY x.reported_on LIMIT 1))
            FROM measures m JOIN points p ON p.id = m.point_id WHERE p.plan_id = :plan GROUP BY p.number""",
        {"plan": plan.id, "since": since.isoformat(), "until": until.isoformat()},
    )
    return {int(number): dt.date.fromisoformat(day) for number, day in rows if day is not None}


def first_done(store: Store, plan: Plan, until: dt.date) -> dict[int, dt.date]:
    """The day each point was first reported done, on or before `until` (live updates only).

    A point whose measures are tracked (`cqvet.rollup`) is done when its last measure is: the
    latest of its measures' first done days, when every measure has one."""
    done = {
        int(number): dt.date.fromisoformat(day)
        for number, day in store.conn.execute(
            f"""SELECT p.number, min(u.reported_on) FROM progress_updates u JOIN points p ON p.id = u.point_id
                WHERE p.plan_id = ? AND u.status = 'done' AND u.reported_on <= ? AND {LIVE.format("u")}
                GROUP BY p.number""",
            (plan.id, until.isoformat()),
        )
    }
    for number, day in measure_done(store, plan, until).items():
        if day is None:
            done.pop(number, None)
        else:
            done[number] = day
    return done


def measure_done(store: Store, plan: Plan, until: dt.date) -> dict[int, dt.date | None]:
    """For each point whose measures are tracked by `until`: the day its last measure was first
    reported done, or None while one is not."""
    from cqvet.store_measures import any_progress

    if not any_progress(store):
        return {}
    rows = store.conn.execute(
        f"""SELECT p.number,
                   (SELECT min(x.reported_on) FROM measure_progress x WHERE x.measure_id = m.id
                      AND x.status = 'done' AND x.reported_on <= :until AND {LIVE.format("x")}) AS done_on,
                   EXISTS (SELECT 1 FROM measure_progress x WHERE x.measure_id = m.id
                      AND x.reported_on <= :until AND {LIVE.format("x")}) AS tracked
            FROM measures m JOIN points p ON p.id = m.point_id WHERE p.plan_id = :plan
            ORDER BY p.number""",
        {"plan": plan.id, "until": until.isoformat()},
    ).fetchall()
    found: dict[int, dt.date | None] = {}
    for number, group in itertools.groupby(rows, key=lambda row: int(row[0])):
        measures = list(group)
        if not any(tracked for _, _, tracked in measures):
            continue
        days = [done_on for _, done_on, _ in measures]
        found[number] = None if None in days else dt.date.fromisoformat(max(days))
    return found


class AttachmentRow(NamedTuple):
    id: int  # the attachment (the stored file), for `attachment get`
    name: str
    size: int
    media_type: str
    sha256: str
    event_id: int
    reported_on: dt.date | None


def attach(store: Store, event_id: int, point_id: int, files: Iterable[tuple[str, bytes, str, str]]) -> None:
    """Link (name, data, media type, sha256) files to a progress event, storing each distinct file once;
    the caller holds the transaction."""
    for name, data, media_type, sha in files:
        store.conn.execute(
            "INSERT INTO attachments (sha256, size, media_type, content) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (sha256) DO NOTHING",
            (sha, len(data), media_type, data),
        )
        (attachment_id,) = store.conn.execute(
            "SELECT id FROM attachments WHERE sha256 = ?", (sha,)
        ).fetchone()
        store.conn.execute(
            "INSERT INTO progress_attachments (event_id, point_id, attachment_id, name) VALUES (?, ?, ?, ?)",
            (event_id, point_id, attachment_id, name),
        )


def attachments_of(store: Store, plan: Plan, number: int) -> list[AttachmentRow]:
    """The live attachments of a point, oldest first, each dated by the report it came with: the
    point's own, one of its measures' (`cqvet serve`'s measure form) or a contribution."""
    rows = store._rows(
        f"""SELECT a.id, n.name, a.size, a.media_type, a.sha256, n.event_id,
                   coalesce(
                       (SELECT min(u.reported_on) FROM progress_updates u WHERE u.event_id = n.event_id),
                       (SELECT min(x.reported_on) FROM measure_progress x WHERE x.event_id = n.event_id),
                       (SELECT min(c.reported_on) FROM contributions c WHERE c.event_id = n.event_id)
                   ) AS reported_on
            FROM progress_attachments n JOIN attachments a ON a.id = n.attachment_id
            JOIN points p ON p.id = n.point_id
            WHERE p.plan_id = ? AND p.number = ? AND {LIVE.format("n")}
            ORDER BY n.id""",
        (plan.id, number),
    )
    return [AttachmentRow(**{**r, "reported_on": _date(r["reported_on"])}) for r in rows]


def attachment_content(store: Store, attachment_id: int) -> bytes | None:
    """The bytes of a stored file, None when there is no such attachment."""
    row = store.conn.execute("SELECT content FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
    return None if row is None else bytes(row[0])


def set_review(store: Store, plan: Plan, required: bool, author: str) -> int:
    with store.transaction():
        event_id = store.new_event("plan_set", plan, author, {"review": required})
        store.conn.execute(
            "INSERT INTO review_settings (event_id, plan_id, required) VALUES (?, ?, ?)",
            (event_id, plan.id, int(required)),
        )
    return event_id


def append_closure(
    store: Store, event_id: int, point_id: int, decision: str, reason: str, on: dt.date
) -> None:
    store.conn.execute(
        "INSERT INTO closures (event_id, point_id, decision, reason, decided_on) VALUES (?, ?, ?, ?, ?)",
        (event_id, point_id, decision, reason, on.isoformat()),
    )


def last_open_progress(store: Store, plan: Plan, number: int, until: dt.date) -> tuple[int, str] | None:
    """The newest live update of a point on or before `until` whose status is not done: where a
    returned 办结 goes back to."""
    row = store.conn.execute(
        f"""SELECT u.percent, u.status FROM progress_updates u JOIN points p ON p.id = u.point_id
            WHERE p.plan_id = ? AND p.number = ? AND u.reported_on <= ? AND u.status <> 'done'
              AND {LIVE.format("u")}
            ORDER BY u.reported_on DESC, u.id DESC LIMIT 1""",
        (plan.id, number, until.isoformat()),
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


class ReceivedNotice(NamedTuple):
    """One notice a point received, with what `show` says of it beside the row: the office's name
    and the point's deadline, both as they were on the notice's day."""

    notice: IssuedNotice
    office: str
    deadline: dt.date


class PointSupervision(NamedTuple):
    """What 督办 knows of one point as of a day: for `show N` (every list oldest first)."""

    notices: tuple[ReceivedNotice, ...] = ()
    decisions: tuple[Closure, ...] = ()  # 办结 decisions dated on or before the day
    attachments: tuple[AttachmentRow, ...] = ()  # evidence of the updates dated on or before the day


def point_supervision(store: Store, plan: Plan, number: int, on: dt.date) -> PointSupervision:
    """The notices a point received, its 办结 decisions and its evidence, as of the end of `on`."""
    deadlines: dict[dt.date, dt.date] = {}
    received = []
    for notice in issued(store, plan, on, number):
        if notice.as_of not in deadlines:
            state = store.point_states(plan, notice.as_of, [number], with_targets=False)[0]
            deadlines[notice.as_of] = state.deadline
        office = store.unit_name_on(notice.unit_id, notice.as_of)
        received.append(ReceivedNotice(notice, office, deadlines[notice.as_of]))
    return PointSupervision(
        tuple(received),
        tuple(closures(store, plan, on, number)),
        tuple(a for a in attachments_of(store, plan, number) if a.reported_on is None or a.reported_on <= on),
    )
