"""Option types shared by several commands, and the parsers only the command line needs
(`--within`, a date option read in the plan's year).

What the spreadsheet imports read too (statuses, percents, point numbers, office names, the
author) is parsed in `cqvet.parsing`, which the domain may import and this module may not
be imported by.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from cqvet.models import Plan

if TYPE_CHECKING:
    from cqvet.dates import Period
    from cqvet.parsing import ItemRef
    from cqvet.store import Store


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


PlanOpt = Annotated[str | None, typer.Option("--plan")]
AsciiOpt = Annotated[bool, typer.Option("--ascii")]
FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of")]
ByOpt = Annotated[str | None, typer.Option("--by")]
DateOpt = Annotated[str | None, typer.Option("--date")]
NoteOpt = Annotated[str, typer.Option("--note")]
ForceOpt = Annotated[bool, typer.Option("--force")]


def parse_period(text: str) -> Period:
    """`30d`, `2w`, `1m` (a calendar month), `30` (days), `30天`, `2周` → a `dates.Period`."""
    from cqvet.dates import parse_period as read

    return read(text)


def day(text: str | None, plan: Plan, today: dt.date) -> dt.date:
    """A date option read in the plan's year, or today when not given."""
    if text is None:
        return today
    from cqvet.dates import parse_date

    return parse_date(text, plan_year=plan.year, today=today)


def point_in(store: Store, plan: Plan, number: str | None) -> int | None:
    """The point `number` names, refused unless `plan` has it; None (every point) when not given."""
    if number is None:
        return None
    from cqvet.parsing import parse_point

    point = parse_point(number)
    store.point_id(plan, point)  # raises NotFound for a point the plan does not have
    return point


def item_in(store: Store, plan: Plan, text: str | None) -> ItemRef | None:
    """The point or measure `text` names (`7`, `7-2`, `7（2）`), refused unless `plan` has it;
    None (every point) when not given."""
    if text is None:
        return None
    from cqvet.parsing import parse_item

    item = parse_item(text)
    if item.measure is None:
        store.point_id(plan, item.number)  # raises NotFound for a point the plan does not have
    else:
        from cqvet.store_measures import measure_id

        measure_id(store, plan, item.number, item.measure)
    return item
