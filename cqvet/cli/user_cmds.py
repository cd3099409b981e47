"""The accounts of `cqvet serve`: user add, list, disable, password.

A password is typed twice (hidden) or read from the first line of
`--password-file` (for scripts; the file should be readable by its owner
only). Accounts live in the same database as the ledger (`cqvet.store_users`);
the rules are in `cqvet.accounts`.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cqvet.cli.options import AsciiOpt, FormatOpt, ListFormat
from cqvet.cli.output import emit, say
from cqvet.cli.root import app, session_of
from cqvet.errors import UsageError
from cqvet.labels import message

if TYPE_CHECKING:
    from cqvet.store import Store
    from cqvet.store_users import User

user_app = typer.Typer(help="Accounts of cqvet serve (用户).", no_args_is_help=True)
app.add_typer(user_app, name="user")

PasswordFileOpt = Annotated[Path | None, typer.Option("--password-file")]


def _password(lang: str, password_file: Path | None) -> str:
    """The new password: from the file's first line, else typed twice without echo."""
    from cqvet.accounts import check_password

    if password_file is not None:
        from cqvet.errors import unreadable

        try:
            text = password_file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise unreadable(exc, password_file) from exc
        except UnicodeDecodeError:
            raise UsageError("password_file_not_text", path=str(password_file)) from None
        lines = text.splitlines()
        return check_password(lines[0] if lines else "")
    typed = typer.prompt(
        message("prompt.password", lang),
        hide_input=True,
        confirmation_prompt=message("prompt.password_again", lang),
    )
    return check_password(str(typed))


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument()],
    office: Annotated[str, typer.Option("--office")],
    role: Annotated[str, typer.Option("--role")],
    password_file: PasswordFileOpt = None,
) -> None:
    """Create an account: an office, the steering office or a leader."""
    from cqvet.accounts import Role, hash_password, parse_role, user_name
    from cqvet.parsing import unit_name
    from cqvet.store import utc_now
    from cqvet.store_users import add_user, user_named

    session = session_of(ctx)
    login = user_name(name)
    chosen_role = parse_role(role)
    office_name = unit_name(office)
    store = session.store()
    unit_id = store.unit_id(office_name)
    if chosen_role is Role.OFFICE and unit_id is None:
        from cqvet.recording import office_key

        unit_id = next(
            (store.unit_id(n) for n in store.unit_names() if office_key(n) == office_key(office_name)), None
        )
        if unit_id is None:
            known = "、".join(store.unit_names()) or "—"
            raise UsageError("user_office_unknown", office=office_name, known=known)
    if user_named(store, login) is not None:
        raise UsageError("user_exists", name=login)
    hashed = hash_password(_password(session.lang, password_file))
    with store.transaction():
        if user_named(store, login) is not None:  # added meanwhile by another process
            raise UsageError("user_exists", name=login)
        add_user(
            store,
            name=login,
            office=office_name,
            unit_id=unit_id,
            role=str(chosen_role),
            password_hash=hashed,
            now=utc_now(),
        )
    say(
        message(
            "done.user_add",
            session.lang,
            name=login,
            office=office_name,
            role=message(f"role.{chosen_role}", session.lang),
        )
    )


@user_app.command("list")
def user_list(ctx: typer.Context, fmt: FormatOpt = ListFormat.table, ascii: AsciiOpt = False) -> None:
    """Every account with its office, role and whether it is disabled."""
    from cqvet.store_users import users

    session = session_of(ctx)
    lang = session.lang
    found = users(session.store())

    def records() -> list[dict[str, object]]:
        return [
            {
                "name": u.name,
                "office": u.office,
                "role": u.role,
                "disabled": u.disabled,
                "created_at": u.created_at,
            }
            for u in found
        ]

    def table() -> object:
        from rich.text import Text

        from cqvet.render.terminal import table_frame

        grid = table_frame(ascii, message("word.users", lang))  # drawn as every other table
        for key in ("col.user", "col.unit", "col.role", "col.account_state"):
            grid.add_column(message(key, lang))
        for u in found:
            state = message("word.disabled" if u.disabled else "word.enabled", lang)
            grid.add_row(Text(u.name), Text(u.office), message(f"role.{u.role}", lang), state)
        return grid

    emit(fmt, records, ("name", "office", "role", "disabled", "created_at"), table)


def _existing(store: "Store", name: str) -> "User":
    from cqvet.store_users import user_named

    found = user_named(store, name.strip())
    if found is None:
        raise UsageError("user_unknown", name=name.strip())
    return found


@user_app.command("disable")
def user_disable(ctx: typer.Context, name: Annotated[str, typer.Argument()]) -> None:
    """Disable an account at once: its open sessions end and it can no longer log in."""
    from cqvet.store import utc_now
    from cqvet.store_users import disable

    session = session_of(ctx)
    store = session.store()
    with store.transaction():
        found = _existing(store, name)
        disable(store, found.id, utc_now())
    say(message("done.user_disable", session.lang, name=found.name))


@user_app.command("password")
def user_password(
    ctx: typer.Context, name: Annotated[str, typer.Argument()], password_file: PasswordFileOpt = None
) -> None:
    """Set an account's new password; its open sessions end."""
    from cqvet.accounts import hash_password
    from cqvet.store import utc_now
    from cqvet.store_users import set_password

    session = session_of(ctx)
    store = session.store()
    found = _existing(store, name)
    hashed = hash_password(_password(session.lang, password_file))
    with store.transaction():
        set_password(store, found.id, hashed, utc_now())
    say(message("done.user_password", session.lang, name=found.name))
