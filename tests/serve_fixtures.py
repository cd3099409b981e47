"""A served database for the tests of `cqvet serve`: the 2021 plan, owners, four accounts.

Point 1 is led by 职成教处 and supported by 高教处; point 2 is led by 高教处;
办结 needs review. Accounts (password `password-1` for all): `zhi` (office
职成教处), `gao` (office 高教处), `du` (steering, 办公室), `boss` (leader).
"Today" is 2021-06-15 in the application.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from cqvet.accounts import hash_password
from cqvet.store import Store, utc_now
from cqvet.store_users import add_user

TODAY = dt.date(2021, 6, 15)
PASSWORD = "password-1"
USERS = (
    ("zhi", "职成教处", "office"),
    ("gao", "高教处", "office"),
    ("du", "办公室", "steering"),
    ("boss", "市领导", "leader"),
)


def prepare(db: Path, run: object) -> None:
    """`run` is the conftest `cqvet` fixture (CLI in-process) on `db`."""
    for args in (
        (
            "owner",
            "set",
            "1",
            "--lead",
            "职成教处",
            "--support",
            "高教处",
            "--leader",
            "张副主任",
            "--date",
            "2021-01-01",
        ),
        ("owner", "set", "2", "--lead", "高教处", "--date", "2021-01-01"),
        ("deadline", "set", "1", "2021-09-30", "--date", "2021-01-01"),
        ("plan", "set", "--review"),
    ):
        result = run(*args)  # type: ignore[operator]
        assert result.exit_code == 0, result.output
    hashed = hash_password(PASSWORD)  # one hash for all four: Argon2 is slow on purpose
    store = Store.open(db)
    try:
        with store.transaction():
            for name, office, role in USERS:
                add_user(
                    store,
                    name=name,
                    office=office,
                    unit_id=store.unit_id(office),
                    role=role,
                    password_hash=hashed,
                    now=utc_now(),
                )
    finally:
        store.close()


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page[:500]
    return found[1]
