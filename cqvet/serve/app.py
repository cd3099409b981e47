"""The Starlette application of `cqvet serve`, and `run()`, which serves it (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import secrets
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from cqvet.accounts import SESSION_LIFETIME, Role
from cqvet.errors import CqvetError
from cqvet.labels import message
from cqvet.models import Plan
from cqvet.serve import auth
from cqvet.store import Store
from cqvet.store_users import User

TEMPLATES = Path(__file__).parent / "templates"
FORM_LIMITS = {"max_files": 5, "max_fields": 40}
# Five evidence files of the largest size accepted (`attachments.MAX_BYTES`) and the form around them;
# a larger request is refused before its body is read, so it cannot fill the server's disk.
MAX_REQUEST_BYTES = 5 * 20 * 1024 * 1024 + 1024 * 1024


class Forbidden(CqvetError):
    """A request for a point, an office or an action the user's role does not allow (403)."""


class Ctx(NamedTuple):
    """What a handler works with: the store (open for this request), who asks, and today."""

    store: Store
    user: User
    office: str | None  # the user's office as named today (office accounts)
    plan: Plan
    today: dt.date
    lang: str
    request: Request
    form: FormData | None
    server: Server


class Server:
    """One served database: its path, language, template environment and signing secret."""

    def __init__(self, path: Path, lang: str, secret: str, today: Callable[[], dt.date]) -> None:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        self.path = path
        self.lang = lang
        self.secret = secret
        self.today = today
        self.tokens = auth.Tokens(secret)
        self._store: Store | None = None
        self._db_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cqvet-db")
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )

    def t(self, key: str, **params: object) -> str:
        return message(key, self.lang, **params)

    def render(self, request: Request, template: str, status: int = 200, **values: object) -> HTMLResponse:
        page = self.env.get_template(template).render(
            t=self.t,
            csrf=self.tokens.csrf_token(request.session),
            flash=request.session.pop("flash", None),
            **values,
        )
        return HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)

    def refusal(self, request: Request, text: str, status: int, user: User | None = None) -> HTMLResponse:
        return self.render(request, "error.html", status=status, text=text, user=user)

    def open(self) -> Store:
        """The server's one store, opened on first use; only ever called in the database thread.

        One connection in one thread, by decision (README, Serving offices): POSIX file locks
        belong to the process, and closing any descriptor of the database file drops them
        all. Each further connection this process opened read the file's header first
        (`cqvet.db.check_file`), which dropped the locks of the connections already open; a
        `cqvet progress set` ending meanwhile then found itself the last user of the file and
        deleted the `-wal` under the server, whose later writes were lost (the load benchmark
        lost every web update so). `db.connect` no longer re-reads a file this process holds
        open; one connection stays because SQLite serializes writers anyway and reads are
        milliseconds.
        """
        if self._store is None:
            self._store = Store.open(self.path)
        if self._store.conn.in_transaction:  # never left so, but a request must not inherit one
            self._store.conn.execute("ROLLBACK")
        return self._store

    async def in_db_thread(self, work: Callable[..., Any], *args: Any) -> Any:
        """Run `work(*args)` in the database thread (see `open`)."""
        import asyncio
        import functools

        return await asyncio.get_running_loop().run_in_executor(
            self._db_thread, functools.partial(work, *args)
        )


SECURITY_HEADERS = {
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

Handler = Callable[[Ctx], Response]


def endpoint(server: Server, handler: Handler, roles: tuple[Role, ...] = tuple(Role)) -> Any:
    """An ASGI endpoint: CSRF for a POST, then the handler in a thread with its own store, for a
    logged-in user of one of `roles`; refusals in the user's language, failures in one line."""

    async def respond(request: Request) -> Response:
        form = None
        if request.method == "POST":
            if int(request.headers.get("content-length") or 0) > MAX_REQUEST_BYTES:
                return server.refusal(
                    request, server.t("serve.too_large", limit=MAX_REQUEST_BYTES >> 20), 413
                )
            form = await request.form(**FORM_LIMITS)
            if not server.tokens.csrf_ok(request.session, form.get("csrf")):
                return server.refusal(request, server.t("serve.csrf"), 403)
        try:
            return await server.in_db_thread(_call, server, handler, roles, request, form)
        finally:
            if form is not None:
                await form.close()

    return respond


def _call(
    server: Server, handler: Handler, roles: tuple[Role, ...], request: Request, form: FormData | None
) -> Response:
    try:
        store = server.open()
    except CqvetError as exc:
        return server.refusal(request, message(exc.key, server.lang, **exc.params), 503)
    try:
        user = _gate(server, store, request, roles)
        if isinstance(user, Response):
            return user
        today = server.today()
        office = store.unit_name_on(user.unit_id, today) if user.unit_id is not None else None
        ctx = Ctx(store, user, office, store.plan(), today, server.lang, request, form, server)
        try:
            return handler(ctx)
        except Forbidden as exc:
            return server.refusal(request, server.t(exc.key, **exc.params), 403, user)
        except CqvetError as exc:
            text = message("error_prefix", server.lang) + message(exc.key, server.lang, **exc.params)
            missing = exc.key.startswith("point_") or exc.key in (
                "serve.no_attachment",
                "measure_unknown",
                "item_invalid",
            )
            return server.refusal(request, text, 404 if missing else 400, user)
    except Exception as exc:  # one line on the console, a plain page to the client
        return _failure(server, request, exc)


def _gate(server: Server, store: Store, request: Request, roles: tuple[Role, ...]) -> User | Response:
    """The logged-in user, if of one of `roles`; else the answer: the login page for a GET without
    a session, 401 for anything else without one, 403 for another role."""
    user = auth.user_of(store, request.session)
    if user is None:
        request.session.pop("token", None)
        if request.method in ("GET", "HEAD"):
            return RedirectResponse("/login", status_code=303)
        return server.refusal(request, server.t("serve.login_needed"), 401)
    if Role(user.role) not in roles:
        return server.refusal(request, server.t("serve.forbidden"), 403, user)
    return user


def _gate_in_db_thread(server: Server, request: Request, roles: tuple[Role, ...]) -> User | Response:
    try:
        return _gate(server, server.open(), request, roles)
    except CqvetError as exc:
        return server.refusal(request, message(exc.key, server.lang, **exc.params), 503)
    except Exception as exc:
        return _failure(server, request, exc)


DATA_URL = "/data/"


def data_view(server: Server) -> Any:
    """The raw tables (Datasette, `cqvet.web`) at `DATA_URL`, for the steering office only: the
    session is checked on the server for every request, pages, JSON and CSV alike, before
    Datasette sees it. Free SQL is off and the account tables are refused and unread
    (`web.metadata(free_sql=False)`, `web.datasette_view`). Datasette is built at the first
    request that passes, so a server nobody asks for it never imports it."""
    view: Any = None

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        nonlocal view
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        answer = await server.in_db_thread(_gate_in_db_thread, server, request, (Role.STEERING,))
        if isinstance(answer, Response):
            await answer(scope, receive, send)
            return
        if not scope["path"].startswith(DATA_URL):
            await RedirectResponse(DATA_URL, status_code=303)(scope, receive, send)
            return
        if view is None:
            view = await server.in_db_thread(_build_data_view, server)
        await view(scope, receive, send)

    return guarded


def _build_data_view(server: Server) -> Any:
    from cqvet import web

    plans = server.open().plans()
    meta = web.metadata(server.path.stem, plans[0].title if plans else "cqvet", server.lang, free_sql=False)
    return web.datasette_view(server.path, meta, server.lang, DATA_URL)


def _failure(server: Server, request: Request, exc: BaseException) -> Response:
    from cqvet.render.text import strip_controls

    line = message(
        "web.internal_line",
        server.lang,
        path=request.url.path,
        kind=type(exc).__name__,
        text=" ".join(str(exc).split()),
    )
    sys.stderr.write(strip_controls(line)[:500] + "\n")
    return PlainTextResponse(server.t("web.internal"), status_code=500)


def build(
    path: Path,
    lang: str = "zh",
    host: str = "127.0.0.1",
    *,
    secret: str | None = None,
    https: bool = False,
    today: Callable[[], dt.date] | None = None,
) -> Any:
    """The whole application for the database at `path` (already migrated), as an ASGI callable."""
    from cqvet.clock import local_today
    from cqvet.serve import pages
    from cqvet.web import local_only

    server = Server(path, lang, secret or secrets.token_urlsafe(32), today or local_today)
    office_and_up = (Role.OFFICE, Role.STEERING)
    steering = (Role.STEERING,)
    readers = (Role.LEADER, Role.STEERING)

    def route(url: str, handler: Handler, roles: tuple[Role, ...] = tuple(Role), post: bool = False) -> Route:
        return Route(url, endpoint(server, handler, roles), methods=["POST"] if post else ["GET"])

    routes = [
        Route("/login", pages.login_endpoint(server), methods=["GET", "POST"]),
        Route("/logout", pages.logout_endpoint(server), methods=["POST"]),
        route("/", pages.home),
        route("/office", pages.office, office_and_up),
        route("/office/notice.docx", pages.notice_download, office_and_up),
        route("/office/form.xlsx", pages.form_download, office_and_up),
        route("/point/{number}", pages.point),
        route("/point/{number}/attachment/{attachment}", pages.attachment_download),
        route("/point/{number}/progress", pages.report_progress, office_and_up, post=True),
        route("/point/{number}/measure/{seq}/progress", pages.report_measure, office_and_up, post=True),
        route("/point/{number}/ack", pages.acknowledge, office_and_up, post=True),
        route("/point/{number}/owner", pages.set_owner, steering, post=True),
        route("/point/{number}/deadline", pages.set_deadline, steering, post=True),
        route("/point/{number}/close", pages.close, steering, post=True),
        route("/notices", pages.issue_notices, steering, post=True),
        route("/dashboard", pages.dashboard, readers),
        route("/dashboard/report", pages.dashboard_report, readers),
        route("/scorecard", pages.scorecard, readers),
        Mount(DATA_URL.rstrip("/"), app=data_view(server)),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=server.secret,
                session_cookie="cqvet_session",
                max_age=int(SESSION_LIFETIME.total_seconds()),
                same_site="lax",
                https_only=https,
            )
        ],
    )
    return local_only(app, host, lang)


def run(
    path: Path,
    host: str,
    port: int,
    ready: Callable[[str, int], None],
    lang: str = "zh",
    *,
    https: bool = False,
) -> None:
    """Serve until Ctrl-C; `ready(host, port)` is called once the port is bound."""
    import uvicorn

    from cqvet.web import InertConsole, listen

    app = build(path, lang, host, https=https)
    sock = listen(host, port)
    console = sys.stderr
    sys.stderr = InertConsole(console)  # type: ignore[assignment]
    try:
        server = uvicorn.Server(
            uvicorn.Config(app, log_level="warning", proxy_headers=https, forwarded_allow_ips="127.0.0.1")
        )
        ready(host, sock.getsockname()[1])
        server.run(sockets=[sock])
    finally:
        sys.stderr = console
        sock.close()
