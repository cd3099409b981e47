"""Every SQL statement about the accounts of `cqvet serve`: users, their sessions, failed logins, 签收.

A companion of `cqvet.store` (as `store_supervision` is): it runs on the
store's connection, and every write here happens inside the caller's
`Store.transaction()`. Accounts are not history: a password or the disabled
flag changes in place, a session ends by deletion. What a web user records
about the plan goes through `cqvet.recording` into the ledger like any CLI
change; `acknowledgements` (签收) is a ledger table, appended only. The rules
(who may do what, the throttle, hashing) live in `cqvet.accounts`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from cqvet.store import LIVE

if TYPE_CHECKING:
    from cqvet.models import Plan
    from cqvet.store import Store


class User(NamedTuple):
    id: int
    name: str
    office: str  # as typed at `user add`
    unit_id: int | None  # the office of an office account (renames follow it)
    role: str
    password_hash: str
    disabled: bool
    created_at: str


_USER = "SELECT id, name, office, unit_id, role, password_hash, disabled, created_at FROM users"


def _user(row: tuple[object, ...] | None) -> User | None:
    if row is None:
        return None
    values = list(row)
    values[6] = bool(values[6])
    return User(*values)  # type: ignore[arg-type]


def add_user(
    store: Store, *, name: str, office: str, unit_id: int | None, role: str, password_hash: str, now: str
) -> int:
    cursor = store.conn.execute(
        "INSERT INTO users (name, office, unit_id, role, password_hash, disabled, created_at, changed_at)"
        " VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
        (name, office, unit_id, role, password_hash, now, now),
    )
    return int(cursor.lastrowid or 0)


def user_named(store: Store, name: str) -> User | None:
    return _user(store.conn.execute(f"{_USER} WHERE name = ?", (name,)).fetchone())


def users(store: Store) -> list[User]:
    rows = store.conn.execute(f"{_USER} ORDER BY id").fetchall()
    return [u for u in (_user(r) for r in rows) if u is not None]


def set_password(store: Store, user_id: int, password_hash: str, now: str) -> None:
    """A new password; the user's open sessions end with the old one."""
    store.conn.execute(
        "UPDATE users SET password_hash = ?, changed_at = ? WHERE id = ?", (password_hash, now, user_id)
    )
    end_sessions(store, user_id)


def disable(store: Store, user_id: int, now: str) -> None:
    """Disable the account and end its open sessions at once."""
    store.conn.execute("UPDATE users SET disabled = 1, changed_at = ? WHERE id = ?", (now, user_id))
    end_sessions(store, user_id)


# --- sessions -------------------------------------------------------------------


def start_session(store: Store, token_sha256: str, user_id: int, now: str, expires_at: str) -> None:
    store.conn.execute("DELETE FROM user_sessions WHERE expires_at <= ?", (now,))
    store.conn.execute(
        "INSERT INTO user_sessions (token_sha256, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        (token_sha256, user_id, now, expires_at),
    )


def session_user(store: Store, token_sha256: str, now: str) -> User | None:
    """The enabled user whose unexpired session has this token, else None."""
    row = store.conn.execute(
        """SELECT u.id, u.name, u.office, u.unit_id, u.role, u.password_hash, u.disabled, u.created_at
           FROM user_sessions s JOIN users u ON u.id = s.user_id
           WHERE s.token_sha256 = ? AND s.expires_at > ? AND u.disabled = 0""",
        (token_sha256, now),
    ).fetchone()
    return _user(row)


def end_session(store: Store, token_sha256: str) -> None:
    store.conn.execute("DELETE FROM user_sessions WHERE token_sha256 = ?", (token_sha256,))


def end_sessions(store: Store, user_id: int) -> None:
    store.conn.execute("DELETE FROM user_sessions WHERE user_id = ?", (user_id,))


# --- failed logins ----------------------------------------------------------------


def failures_since(store: Store, name: str, address: str, since: str) -> int:
    row = store.conn.execute(
        "SELECT count(*) FROM login_failures WHERE name = ? AND address = ? AND failed_at > ?",
        (name, address, since),
    ).fetchone()
    return int(row[0])


def record_failure(store: Store, name: str, address: str, now: str, forget_before: str) -> None:
    """Count one failed login; failures older than the throttle's window are forgotten."""
    store.conn.execute("DELETE FROM login_failures WHERE failed_at <= ?", (forget_before,))
    store.conn.execute(
        "INSERT INTO login_failures (name, address, failed_at) VALUES (?, ?, ?)", (name, address, now)
    )


def forget_failures(store: Store, name: str, address: str) -> None:
    store.conn.execute("DELETE FROM login_failures WHERE name = ? AND address = ?", (name, address))


# --- 签收 ------------------------------------------------------------------------------


def current_assignment(store: Store, point_id: int, on: dt.date) -> int | None:
    """The id of the point's live assignment in force at the end of `on` (as `Store.point_states`)."""
    row = store.conn.execute(
        f"""SELECT o.id FROM owner_assignments o WHERE o.point_id = ? AND o.effective_on <= ?
            AND {LIVE.format("o")} ORDER BY o.effective_on DESC, o.id DESC LIMIT 1""",
        (point_id, on.isoformat()),
    ).fetchone()
    return None if row is None else int(row[0])


def acknowledged(store: Store, unit_id: int) -> set[int]:
    """The assignments the office has acknowledged (live 签收 rows)."""
    rows = store.conn.execute(
        f"SELECT a.assignment_id FROM acknowledgements a WHERE a.unit_id = ? AND {LIVE.format('a')}",
        (unit_id,),
    )
    return {int(r[0]) for r in rows}


def acknowledge(
    store: Store,
    plan: Plan,
    *,
    point_id: int,
    unit_id: int,
    assignment_id: int,
    author: str,
    detail: dict[str, object],
) -> int:
    """Append one 签收 as its own event; the caller holds the transaction."""
    event_id = store.new_event("acknowledge", plan, author, detail)
    store.conn.execute(
        "INSERT INTO acknowledgements (event_id, point_id, unit_id, assignment_id) VALUES (?, ?, ?, ?)",
        (event_id, point_id, unit_id, assignment_id),
    )
    return event_id
