"""The SQL that reads 办结 review: whether a plan requires it, and its decisions (销号, 退回).

Split from `cqvet.store_supervision` so that `list`, `due` and `show` can say 待审核 or
已办结 without loading the rest of 督办 (tests/test_supervision.py checks that `list`
does not). Reads only, on the caller's connection; rows whose event an undo reverted
are left out (`LIVE`). The rule over these rows is `cqvet.review.review_state`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from cqvet.store import LIVE

if TYPE_CHECKING:
    from cqvet.models import Plan
    from cqvet.store import Store


class Closure(NamedTuple):
    point_number: int
    decision: str  # confirm, return
    reason: str
    decided_on: dt.date
    event_id: int


def review_required(store: Store, plan: Plan) -> bool:
    row = store.conn.execute(
        f"""SELECT n.required FROM review_settings n WHERE n.plan_id = ? AND {LIVE.format("n")}
            ORDER BY n.id DESC LIMIT 1""",
        (plan.id,),
    ).fetchone()
    return bool(row and row[0])


def closures(store: Store, plan: Plan, until: dt.date, number: int | None = None) -> list[Closure]:
    """The live 办结 decisions of a plan (or one point) dated on or before `until`, oldest first."""
    rows = store._rows(
        f"""SELECT p.number AS point_number, n.decision, n.reason, n.decided_on, n.event_id
            FROM closures n JOIN points p ON p.id = n.point_id
            WHERE p.plan_id = ? AND n.decided_on <= ? AND {LIVE.format("n")} AND (? IS NULL OR p.number = ?)
            ORDER BY n.decided_on, n.id""",
        (plan.id, until.isoformat(), number, number),
    )
    return [Closure(**{**r, "decided_on": dt.date.fromisoformat(r["decided_on"])}) for r in rows]
