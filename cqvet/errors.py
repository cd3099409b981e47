"""The errors cqvet reports to people.

Each error carries a message key from the label catalogue (`cqvet.labels`)
and the parameters to fill it with, so the message is rendered in the user's
language at the one boundary that catches it (`CqvetGroup` in `cqvet.cli.root`). Each class fixes
its exit code: 2 for bad input (usage), 1 for a state cqvet cannot work with.
Nothing here prints.
"""

from __future__ import annotations

from typing import Any


class CqvetError(Exception):
    """Base of every error a person may see; never shown as a traceback."""

    exit_code = 1

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        # English text for logs and test failures; the CLI renders the
        # message in the user's language through `cqvet.labels.message`.
        from cqvet.labels import message

        return message(self.key, "en", **self.params)


class UsageError(CqvetError):
    """The command was given something it cannot accept."""

    exit_code = 2


class InvalidDate(UsageError):
    """A date that cannot be read, or that can be read more than one way."""

    def __init__(self, text: str, key: str = "invalid_date") -> None:
        super().__init__(key, text=text)


class InvalidQuarter(UsageError):
    """A quarter written in none of the accepted forms."""

    def __init__(self, text: str) -> None:
        super().__init__("invalid_quarter", text=text)


class PlanDocumentError(UsageError):
    """A plan document that cannot be read; names the line where reading stopped."""

    def __init__(self, key: str, line: int, **params: Any) -> None:
        super().__init__(key, line=line, **params)


def unreadable(exc: OSError, path: object) -> UsageError:
    """A file that could not be read, said in the user's words for the usual causes; the
    system's own text (in the system's language) only for the rare ones."""
    import errno

    key = {
        errno.ENOENT: "file_missing",
        errno.EISDIR: "file_is_folder",
        errno.EACCES: "file_denied",
        errno.EPERM: "file_denied",
    }.get(exc.errno or 0, "file_unreadable")
    return UsageError(key, path=str(path), reason=exc.strerror or str(exc))


class NotFound(UsageError):
    """A point, target, plan or unit that does not exist."""


class DatabaseError(CqvetError):
    """A database cqvet cannot or must not use as it is."""


class Busy(CqvetError):
    """Another writer held the database longer than the busy timeout."""
