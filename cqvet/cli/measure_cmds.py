"""`cqvet measure`: what belongs to measures (举措) alone, their weight in the point's roll-up.

Measures are recorded with the point commands (`progress set 7-2`, `owner set 7-2`,
`deadline set 7-2`) and shown by `show 7`; this group holds their list (`list --measures`
by another name) and what has no point counterpart, their weight.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cqvet.cli.options import AsciiOpt, AsOfOpt, ByOpt, DateOpt, FormatOpt, ListFormat, PlanOpt, day
from cqvet.cli.output import say
from cqvet.cli.root import app, session_of
from cqvet.errors import UsageError
from cqvet.labels import message
from cqvet.parsing import parse_item

measure_app = typer.Typer(
    help="Measures (举措): the list, and their weight in the roll-up.", no_args_is_help=True
)
app.add_typer(measure_app, name="measure")


@measure_app.command("weight")
def measure_weight(
    ctx: typer.Context,
    measure: Annotated[str, typer.Argument()],
    weight: Annotated[str, typer.Argument()],
    date: DateOpt = None,
    by: ByOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Set a measure's weight in its point's roll-up (1 unless set); kept in history, undoable."""
    from cqvet.measures import set_weight
    from cqvet.parsing import parse_weight
    from cqvet.render.records import number

    session = session_of(ctx)
    item = parse_item(measure)
    if item.measure is None:
        raise UsageError("measure_weight_point", text=measure, number=item.number)
    value = parse_weight(weight)
    chosen = session.plan(plan)
    recorded = set_weight(
        session.store(),
        chosen,
        item,
        weight=value,
        effective_on=day(date, chosen, session.today) if date else None,
        author=session.author(by),
        today=session.today,
    )
    say(
        message(
            "done.measure_weight",
            session.lang,
            ref=str(item),
            point=item.number,
            weight=number(value),
            date=recorded.summary["effective_on"],
            event=recorded.event_id,
        )
    )


@measure_app.command("list")
def measure_list(
    ctx: typer.Context,
    number: Annotated[str | None, typer.Argument()] = None,
    fmt: FormatOpt = ListFormat.table,
    ascii: AsciiOpt = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Every point's measures under it, or point N's: `list --measures`."""
    from cqvet.cli.view_cmds import list_items

    list_items(session_of(ctx), None, None, None, fmt, ascii, as_of, plan, measures=True, number=number)
