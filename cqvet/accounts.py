"""The rules of `cqvet serve`'s accounts: roles, passwords, the login throttle, who may see which point.

Pure rules over what `cqvet.store_users` reads; nothing here knows about HTTP
or the terminal, and nothing here writes SQL. `cqvet user …` and the web
server both call these, so a rule exists once.

Decisions:

- Passwords are hashed with Argon2id (argon2-cffi's `PasswordHasher` with the
  profile named by `HASH_PROFILE`: RFC 9106's low-memory profile, 64 MiB, 3
  passes, the library's default), a memory-hard hash from a well-kept library;
  a hash made with other parameters is re-hashed at the next successful login
  (`needs_rehash`). The tests lower `HASH_PROFILE` to argon2-cffi's `CHEAPEST`
  (tests/conftest.py), which the library documents for tests; nothing in cqvet
  changes it.
- A password has at least 8 characters (`MIN_PASSWORD`): long enough that the
  throttle below makes guessing on-line hopeless, short enough for an office.
- Throttle: after 5 failed logins for one account name from one address
  within 15 minutes, that name is refused from that address (even with the
  right password) until the oldest of those failures is 15 minutes old. A
  success forgets the failures of that name and address. Keyed by name and
  address, so an attacker elsewhere cannot lock an office out of its own desk.
- Roles: an office sees and writes only the points its office leads or
  supports today, or one of whose measures (举措) it leads or supports (a
  supporting office reports too, as its own part: a contribution, never the
  point's figure); steering sees and writes every point; a leader sees
  everything and writes nothing.
- A measure's progress is reported by its lead offices, or, while it has no
  owners of its own, by its point's lead offices (the point's offices answer
  for it, `MeasureState`), and by steering; a supporting office of a measure
  reports on it as a contribution to the point.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from cqvet.errors import CqvetError, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cqvet.models import MeasureState, PointState
    from cqvet.store_users import User

MIN_PASSWORD = 8
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=8)  # a working day; then log in again


class Role(StrEnum):
    OFFICE = "office"
    STEERING = "steering"
    LEADER = "leader"


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise UsageError("role_unknown", text=text) from None


def user_name(text: str) -> str:
    """An account name as typed, refused when empty or holding control characters or spaces."""
    name = text.strip()
    if not name:
        raise UsageError("user_name_empty")
    if any(c.isspace() or not c.isprintable() for c in name) or len(name) > 64:
        raise UsageError("user_name_invalid", text=name.encode("unicode_escape").decode("ascii")[:80])
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsageError("password_short", minimum=MIN_PASSWORD)
    return password


# The name of one of `argon2.profiles` (a name, so that this module does not import argon2).
HASH_PROFILE = "RFC_9106_LOW_MEMORY"


def _hasher():  # type: ignore[no-untyped-def]
    try:
        from argon2 import PasswordHasher, profiles
    except ImportError as exc:
        raise CqvetError("web_missing") from exc
    return PasswordHasher.from_parameters(getattr(profiles, HASH_PROFILE))


def hash_password(password: str) -> str:
    return str(_hasher().hash(check_password(password)))


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return bool(_hasher().check_needs_rehash(password_hash))


# A hash to verify against when the name is unknown, so that an unknown name takes as long as a
# wrong password and the answer does not tell which names exist.
# Made once per profile.
_DUMMY: dict[str, str] = {}


def dummy_hash() -> str:
    if HASH_PROFILE not in _DUMMY:
        _DUMMY[HASH_PROFILE] = str(_hasher().hash("not a password of anyone"))
    return _DUMMY[HASH_PROFILE]


def throttled(failures: int) -> bool:
    return failures >= MAX_FAILURES


def stamp(moment: dt.datetime) -> str:
    """A UTC moment as stored: `2021-06-30T09:15:02Z` (sorts as text)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def involved(office_name: str | None, state: PointState, measures: Sequence[MeasureState] = ()) -> str:
    """How an office takes part in point `state` today: "lead" (leads the point), "support"
    (supports the point), "measure" (leads or supports only some of its `measures`), or ""."""
    if office_name is None:
        return ""
    if office_name in state.leads:
        return "lead"
    if office_name in state.supports:
        return "support"
    if any(office_name in m.leads or office_name in m.supports for m in measures):
        return "measure"
    return ""


def may_see(
    user: User, office_name: str | None, state: PointState, measures: Sequence[MeasureState] = ()
) -> bool:
    """Whether `user` may read point `state` (`office_name`: the user's office as named today;
    `measures`: the point's measures as of today, whose offices may read it too)."""
    if user.role in (Role.STEERING, Role.LEADER):
        return True
    return bool(involved(office_name, state, measures))


def may_write(
    user: User, office_name: str | None, state: PointState, measures: Sequence[MeasureState] = ()
) -> bool:
    """Whether `user` may record on point `state`: steering on any, an office on its own, a leader never."""
    if user.role == Role.LEADER:
        return False
    return may_see(user, office_name, state, measures)


def measure_leads(state: PointState, measure: MeasureState) -> tuple[str, ...]:
    """The offices that report `measure`'s progress: its own leads, or its point's while it has none."""
    return measure.leads or state.leads


def may_report_measure(user: User, office_name: str | None, state: PointState, measure: MeasureState) -> bool:
    """Whether `user` may record `measure`'s progress: steering on any, an office on a measure it
    leads (`measure_leads`), a leader never."""
    if user.role == Role.STEERING:
        return True
    if user.role == Role.LEADER or office_name is None:
        return False
    return office_name in measure_leads(state, measure)
