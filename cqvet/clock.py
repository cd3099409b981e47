"""Where time lives: the ledger's UTC stamps, the local zone, today, and stored stamps in local time.

The ledger stores every timestamp in UTC (`2021-06-30T01:00:00Z`); people read
local time: on screen, in reports, in file names. The local zone is
`CQVET_TZ` when set (an IANA name such as `Asia/Shanghai`, read by `zoneinfo`;
Windows has no zone database of its own, so the `tzdata` package supplies it),
else the system's zone. A plan has a zone of its own too (`Plan.time_zone`,
default Asia/Shanghai), in which 补录 is decided, so that whether a figure was
late does not depend on where the report is run.

`zoneinfo` is imported only when a zone is named, so that `cqvet list`, which
reads the system's zone, does not pay for it.
"""

from __future__ import annotations

import datetime as dt
import os

from cqvet.errors import UsageError

TZ_VARIABLE = "CQVET_TZ"


def zone(name: str) -> dt.tzinfo:
    """The zone of an IANA name, or a one-line refusal naming it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UsageError("tz_unknown", name=name) from None


def local_zone() -> dt.tzinfo | None:
    """`CQVET_TZ`'s zone, or None for the system's (what `astimezone(None)` converts to)."""
    name = os.environ.get(TZ_VARIABLE, "").strip()
    return zone(name) if name else None


def utc_stamp(moment: dt.datetime) -> str:
    """A moment as the ledger stores it, in UTC to the second: `2021-06-30T09:15:02Z`."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> str:
    """Now, as the ledger stores it (`utc_stamp`); the default clock of every `Store`."""
    return utc_stamp(dt.datetime.now(dt.UTC))


def local_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).astimezone(local_zone())


def local_today() -> dt.date:
    """Today where the user is (CQVET_TZ, else the system's zone)."""
    return local_now().date()


def parse_stamp(utc_iso: str) -> dt.datetime:
    """A stored timestamp (`…Z` or with an offset) as an aware datetime; naive ones are UTC."""
    moment = dt.datetime.fromisoformat(utc_iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def local_time(utc_iso: str) -> str:
    """A stored UTC timestamp as local time to the minute (`2021-06-30 09:00`); the text itself when
    it is not a timestamp."""
    try:
        return parse_stamp(utc_iso).astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return utc_iso


def local_iso(utc_iso: str) -> str:
    """A stored UTC timestamp as local ISO 8601 with its offset (`2021-06-30T09:00:00+08:00`)."""
    try:
        return parse_stamp(utc_iso).astimezone(local_zone()).isoformat(timespec="seconds")
    except ValueError:
        return utc_iso


def day_in_zone(utc_iso: str, tz: dt.tzinfo) -> dt.date:
    """The calendar day a stored timestamp falls on in `tz`."""
    return parse_stamp(utc_iso).astimezone(tz).date()


def file_stamp() -> str:
    """Now, local, for a file name: `20210630-090000` (no colon: Windows forbids it)."""
    return local_now().strftime("%Y%m%d-%H%M%S")
