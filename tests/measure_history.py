"""A measure-level history in every table of schema step m012, written through `cqvet.measures`.

The command line for measures (issue 15) is m1's part; until it lands, tests that need a row in
each of m012's ledger tables record them through the domain calls the commands will make.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cqvet import measures
from cqvet.models import Status
from cqvet.parsing import ItemRef
from cqvet.store import Store

TODAY = dt.date(2021, 12, 31)


def record_measure_history(path: Path, author: str = "tester") -> None:
    """Point 7's measures: owners (a lead and a supporting office) of 7-1 and 7-2, a deadline and a
    weight of 7-2, progress of 7-1 and 7-2, and the supporting office's contribution on point 7."""
    store = Store.open(path)
    try:
        plan = store.plan()
        common = {"author": author, "today": TODAY}
        measures.assign_owner(
            store, plan, ItemRef(7, 1), lead="职成教处", supports=["财务处"], effective_on=None, **common
        )
        measures.assign_owner(
            store,
            plan,
            ItemRef(7, 2),
            lead=["发展规划处", "职成教处"],
            supports=[],
            effective_on=None,
            **common,
        )
        measures.set_deadline(
            store,
            plan,
            ItemRef(7, 2),
            due_on=dt.date(2021, 9, 30),
            as_written="三季度末",
            note="",
            effective_on=None,
            **common,
        )
        measures.set_weight(store, plan, ItemRef(7, 2), weight=2.0, effective_on=None, **common)
        measures.record_progress(
            store,
            plan,
            ItemRef(7, 1),
            percent=40,
            status=None,
            note="遴选完成",
            reported_on=dt.date(2021, 5, 20),
            **common,
        )
        measures.record_progress(
            store,
            plan,
            ItemRef(7, 2),
            percent=None,
            status=Status.IN_PROGRESS,
            note="",
            reported_on=dt.date(2021, 6, 10),
            **common,
        )
        measures.record_contribution(
            store,
            plan,
            7,
            office="财务处",
            percent=30,
            note="经费已下达",
            reported_on=dt.date(2021, 6, 15),
            **common,
        )
    finally:
        store.close()
