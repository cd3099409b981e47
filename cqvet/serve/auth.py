"""Sessions, CSRF tokens and the login throttle of `cqvet serve` (plumbing over `cqvet.accounts`).

The signed cookie (Starlette's SessionMiddleware) holds two random values:
`token`, whose SHA-256 names the server-side session (`user_sessions`), and
`csrf`, the key every form's token is signed over. Both are replaced at login
and dropped at logout, so a token or a form from before either is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
from typing import Any, NamedTuple

from itsdangerous import BadSignature, URLSafeTimedSerializer

from cqvet import accounts
from cqvet import store_users as sql
from cqvet.store import Store


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class Tokens:
    """Signs and checks the CSRF tokens of one server process."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="cqvet-csrf")

    def csrf_token(self, session: dict[str, Any]) -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(24)
        return str(self._serializer.dumps(session["csrf"]))

    def csrf_ok(self, session: dict[str, Any], token: object) -> bool:
        if not isinstance(token, str) or "csrf" not in session:
            return False
        try:
            value = self._serializer.loads(token, max_age=int(accounts.SESSION_LIFETIME.total_seconds()))
        except BadSignature:
            return False
        return secrets.compare_digest(str(value), str(session["csrf"]))


# Argon2 takes 64 MiB and some 50 ms a hash: fifty offices logging in at once through the
# server's forty threads would want 2.5 GiB. Two at a time keeps memory flat; the others wait.
_HASHING = threading.BoundedSemaphore(2)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Attempt(NamedTuple):
    """What a login needs from the database before the password is checked."""

    name: str
    address: str
    throttled: bool
    user: sql.User | None


def attempt(store: Store, name: str, address: str) -> Attempt:
    """Step 1 of a login (database thread): is this name throttled from this address, who is it."""
    name = name.strip()
    window_start = accounts.stamp(now() - accounts.FAILURE_WINDOW)
    throttled = accounts.throttled(sql.failures_since(store, name, address, window_start))
    user = sql.user_named(store, name)
    return Attempt(name, address, throttled, None if user is None or user.disabled else user)


def check(found: Attempt, password: str) -> tuple[bool, str | None]:
    """Step 2 (any thread, Argon2 takes its time): whether the password is right, and a new hash
    when the stored one was made with older parameters. An unknown or disabled name costs as
    much as a wrong password, so the time does not tell which names exist."""
    with _HASHING:
        if found.user is None:
            accounts.verify_password(accounts.dummy_hash(), password)
            return False, None
        ok = accounts.verify_password(found.user.password_hash, password)
        rehashed = (
            accounts.hash_password(password)
            if ok and accounts.needs_rehash(found.user.password_hash)
            else None
        )
    return ok, rehashed


def conclude(store: Store, found: Attempt, ok: bool, rehashed: str | None) -> str | None:
    """Step 3 (database thread): count a failure, or start a session; returns its token."""
    moment = now()
    with store.transaction():
        if not ok or found.user is None:
            window_start = accounts.stamp(moment - accounts.FAILURE_WINDOW)
            sql.record_failure(store, found.name, found.address, accounts.stamp(moment), window_start)
            return None
        sql.forget_failures(store, found.name, found.address)
        if rehashed is not None:
            sql.set_password(store, found.user.id, rehashed, accounts.stamp(moment))
        token = secrets.token_urlsafe(32)
        sql.start_session(
            store,
            digest(token),
            found.user.id,
            accounts.stamp(moment),
            accounts.stamp(moment + accounts.SESSION_LIFETIME),
        )
    return token


def user_of(store: Store, session: dict[str, Any]) -> sql.User | None:
    token = session.get("token")
    if not isinstance(token, str):
        return None
    return sql.session_user(store, digest(token), accounts.stamp(now()))


def log_out(store: Store, session: dict[str, Any]) -> None:
    token = session.get("token")
    if isinstance(token, str):
        with store.transaction():
            sql.end_session(store, digest(token))
    session.clear()
