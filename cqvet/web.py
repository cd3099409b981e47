"""The read-only web viewer: Datasette over the cqvet database, with Chinese titles and leadership's queries.

`metadata()` builds Datasette's metadata: a title for every table and a
description for every column (from `cqvet.labels`), and four canned queries
for what leadership asks: 逾期事项, 滞后事项, 本季度进展, 各处室任务.
`datasette_view()` makes the guarded Datasette application: `cqvet serve`
mounts it at /data/ behind its login, for the steering office, with free SQL
off (`metadata(free_sql=False)`); `run()` serves it alone for `serve --raw`
(free SQL, no login, this computer only) in this process with uvicorn.

The canned queries hold SQL outside `cqvet.store` because Datasette, not
cqvet, runs them; 序时进度, 滞后 and 逾期 in them are `cqvet.schedule`'s rules,
called as SQL functions that `run` registers on every Datasette connection
(`schedule.register_sql_functions`), not restated in SQL. They read the ledger
exactly as `Store.point_states` does: rows of undone events are left out (`store.LIVE`) and each point's
current row is the newest one dated today or earlier (ordered by date,
then id, descending). They look at the newest plan, as
every command does without `--plan`. "Today" is the server's local date.

Read-only, and why not `--immutable`: Datasette opens a database file it
was given as mutable with `?mode=ro` for every read, and writes only through
canned queries marked `write: true` (there are none here) or plugins (the
`web` extra installs none); both arrive as POST requests, which `read_only`
refuses with 405 before Datasette sees them, and SQL typed into the page
must be a SELECT. Immutable mode would be wrong for a ledger that
colleagues keep writing while it is served: it tells SQLite the file never
changes, so SQLite skips locking and may read a half-written state or an
old one. Opened normally, each query reads a consistent snapshot of the
current file, and cqvet's writers never wait for the server.

Doors besides writing, each closed in `run()`:

- DNS rebinding: a web page on another site could point its own name at
  127.0.0.1 and read the ledger through the visitor's browser. Such a request
  carries that name in its Host header, so `local_only` answers 400 unless
  the Host is localhost, an IP address (which cannot be rebound), the
  `--host` given, or, when that is every interface (0.0.0.0, ::), this
  computer's own name.
- What the server prints: Datasette's own error handler prints a Rich
  traceback with local variables for every refused request (a `?sql=` that is
  not a SELECT, an unknown column) and logs failed SQL with the request's
  text in it. `QuietErrors` replaces it: client errors are answered without a
  word on the console (Datasette's errors that it labels 500 but that name a
  bad request, such as sorting by an unknown column, are answered 400), and a
  real failure is one line; everything printed while serving passes through
  `InertConsole`, which removes ESC and other control characters.
- File paths: the database's folder is taken out of every response
  (`hide_folder`: `/-/databases.json`, `pragma_database_list` in a query,
  error texts), leaving the file's name, and `/-/threads` (which lists the
  server's own files) answers 404.
- Accounts: `users`, `user_sessions` and `login_failures` (m010) hold
  password and session hashes. Their pages, rows, JSON and CSV are refused
  to everyone (`allow: false`) and left out of the lists; beneath that, a
  SQLite authorizer on every Datasette connection reads each of their
  columns as NULL, so no free SQL, `?_where=`, join or subquery reads or
  tests one (`_accounts_unread`).

Nothing here imports datasette or uvicorn at module level: `cqvet` works
without the `web` extra, and `run()` says how to install it when missing.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from cqvet import __version__
from cqvet.errors import CqvetError
from cqvet.labels import has, message
from cqvet.migrations import LEDGER_TABLES
from cqvet.models import Status
from cqvet.schedule import DEFAULT_TOLERANCE
from cqvet.store import LIVE, name_on

# The tables a person may want to browse, in the order they are listed; columns as in `cqvet.migrations`.
TABLES: dict[str, tuple[str, ...]] = {
    "points": ("id", "plan_id", "section_id", "number", "title", "body"),
    "progress_updates": (
        "id",
        "event_id",
        "point_id",
        "reported_on",
        "percent",
        "status",
        "note",
        "is_correction",
    ),
    "owner_assignments": ("id", "event_id", "point_id", "lead_unit_id", "contact", "leader", "effective_on"),
    "owner_supports": ("assignment_id", "unit_id", "seq"),
    "owner_leads": ("assignment_id", "unit_id", "seq"),
    "unit_names": ("id", "event_id", "unit_id", "name", "effective_on"),
    "deadline_changes": ("id", "event_id", "point_id", "due_on", "as_written", "note", "effective_on"),
    "target_actuals": ("id", "event_id", "target_id", "value", "reported_on", "note"),
    "targets": ("id", "point_id", "seq", "value", "unit", "kind", "qualifier", "text"),
    "measures": ("id", "point_id", "seq", "text"),
    "measure_progress": (
        "id",
        "event_id",
        "measure_id",
        "reported_on",
        "percent",
        "status",
        "note",
        "is_correction",
    ),
    "measure_owners": ("id", "event_id", "measure_id", "effective_on"),
    "measure_deadlines": ("id", "event_id", "measure_id", "due_on", "as_written", "note", "effective_on"),
    "contributions": ("id", "event_id", "point_id", "unit_id", "reported_on", "percent", "note"),
    "units": ("id", "name"),
    "sections": ("id", "plan_id", "seq", "numeral", "title"),
    "plans": ("id", "title", "year", "start_on", "source_name", "source_sha256", "preamble", "loaded_at"),
    "events": ("id", "kind", "plan_id", "author", "recorded_at", "detail", "reverts"),
}
LEDGER = frozenset(LEDGER_TABLES)  # the append-only tables, as `cqvet.migrations` names them
# The accounts of `cqvet serve` (m010): password and session hashes. Never shown, never read (`ACCOUNTS`).
ACCOUNT_TABLES = ("users", "user_sessions", "login_failures")
# What a foreign key shows instead of a bare id.
LABEL_COLUMNS = {"points": "title", "units": "name", "plans": "title", "sections": "title", "targets": "text"}
QUERIES = ("overdue", "behind", "this_quarter", "unit_duties")

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]

# Datasette's templates that cqvet overrides (each extends `default:<name>`).
TEMPLATES = Path(__file__).parent / "web_templates"

NEWEST_PLAN = "(SELECT id FROM plans ORDER BY year DESC, id DESC LIMIT 1)"


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _status(column: str, lang: str) -> str:
    """The stored status value as its word, in SQL."""
    cases = " ".join(
        f"WHEN {_literal(s.value)} THEN {_literal(message(f'status.{s}', lang))}" for s in Status
    )
    return f"CASE {column} {cases} ELSE {column} END"


def _latest(table: str, date_column: str) -> str:
    """The id of a point's newest live row of `table` dated today or earlier (`t.today`)."""
    return (
        f"(SELECT x.id FROM {table} x WHERE x.point_id = p.id AND x.{date_column} <= t.today "
        f"AND {LIVE.format('x')} ORDER BY x.{date_column} DESC, x.id DESC LIMIT 1)"
    )


def _leads(day: str) -> str:
    """Every lead of assignment `o` (joined by `lead` to its first) named as on `day`, joined with 、."""
    further = (
        f"(SELECT group_concat('、' || n, '') FROM (SELECT {name_on('cu', day)} AS n FROM owner_leads l "
        "JOIN units cu ON cu.id = l.unit_id WHERE l.assignment_id = o.id ORDER BY l.seq))"
    )
    return f"{name_on('lead', day)} || coalesce({further}, '')"


def _latest_of_measure(table: str, date_column: str) -> str:
    """The id of a measure's newest live row of `table` dated today or earlier (`t.today`)."""
    return (
        f"(SELECT x.id FROM {table} x WHERE x.measure_id = m.id AND x.{date_column} <= t.today "
        f"AND {LIVE.format('x')} ORDER BY x.{date_column} DESC, x.id DESC LIMIT 1)"
    )


# Each point of the newest plan as the ledger stands today: one row per point. A point whose
# measures are tracked takes its figures from them (`cqvet.rollup`, as SQL aggregates).
CURRENT = f"""
t(today) AS (SELECT date('now', 'localtime')),
rolled AS (
    SELECT m.point_id,
           cqvet_rollup_percent(coalesce(mu.percent, 0), coalesce(mu.status, 'not_started'),
                                coalesce(w.weight, 1.0)) AS percent,
           cqvet_rollup_status(coalesce(mu.percent, 0), coalesce(mu.status, 'not_started'),
                               coalesce(w.weight, 1.0)) AS status,
           max(mu.reported_on) AS reported_on
    FROM measures m
    CROSS JOIN t
    LEFT JOIN measure_progress mu ON mu.id = {_latest_of_measure("measure_progress", "reported_on")}
    LEFT JOIN measure_weights w ON w.id = {_latest_of_measure("measure_weights", "effective_on")}
    WHERE m.point_id IN (SELECT id FROM points WHERE plan_id = {NEWEST_PLAN})
    GROUP BY m.point_id
    HAVING count(mu.id) > 0
),
current AS (
    SELECT p.number, p.title, pl.start_on, t.today,
           {_leads("t.today")} AS lead,
           coalesce(d.due_on, pl.year || '-12-31') AS due,
           coalesce(r.percent, u.percent, 0) AS percent,
           coalesce(r.status, u.status, 'not_started') AS status,
           coalesce(r.reported_on, u.reported_on) AS reported_on
    FROM points p
    JOIN plans pl ON pl.id = p.plan_id
    CROSS JOIN t
    LEFT JOIN rolled r ON r.point_id = p.id
    LEFT JOIN progress_updates u ON u.id = {_latest("progress_updates", "reported_on")}
    LEFT JOIN deadline_changes d ON d.id = {_latest("deadline_changes", "effective_on")}
    LEFT JOIN owner_assignments o ON o.id = {_latest("owner_assignments", "effective_on")}
    LEFT JOIN units lead ON lead.id = o.lead_unit_id
    WHERE p.plan_id = {NEWEST_PLAN}
)"""


def _col(key: str, lang: str) -> str:
    return _ident(message(key, lang))


def overdue_sql(lang: str) -> str:
    return f"""WITH {CURRENT}
SELECT number AS {_col("col.number", lang)}, title AS {_col("col.title", lang)},
       coalesce(lead, '') AS {_col("col.lead", lang)}, due AS {_col("col.deadline", lang)},
       CAST(julianday(today) - julianday(due) AS INTEGER) AS {_col("web.out.overdue_days", lang)},
       percent AS {_col("col.percent", lang)}, {_status("status", lang)} AS {_col("col.status", lang)},
       reported_on AS {_col("web.out.reported_on", lang)}
FROM current
WHERE cqvet_overdue(status, due, today)
ORDER BY due, number"""


def behind_sql(lang: str, tolerance: float = DEFAULT_TOLERANCE) -> str:
    # 序时进度 and 滞后 are `cqvet.schedule`'s rules, called as SQL functions (`register_sql_functions`).
    return f"""WITH {CURRENT},
scheduled AS (
    SELECT *, cqvet_expected(start_on, due, today) AS expected,
           cqvet_health(status, percent, start_on, due, today, {float(tolerance)!r}) AS health
    FROM current
)
SELECT number AS {_col("col.number", lang)}, title AS {_col("col.title", lang)},
       coalesce(lead, '') AS {_col("col.lead", lang)}, due AS {_col("col.deadline", lang)},
       percent AS {_col("col.percent", lang)}, expected AS {_col("col.expected", lang)},
       round(expected - percent, 1) AS {_col("web.out.gap", lang)},
       {_status("status", lang)} AS {_col("col.status", lang)}
FROM scheduled
WHERE health = 'behind'
ORDER BY expected - percent DESC, number"""


def this_quarter_sql(lang: str) -> str:
    # An empty :quarter_start means the current quarter; a malformed one matches nothing rather than
    # silently falling back to the current quarter.
    return f"""WITH t(today) AS (SELECT date('now', 'localtime')),
q(start) AS (
    SELECT CASE WHEN trim(coalesce(:quarter_start, '')) = ''
        THEN date(today, 'start of month',
                  printf('-%d months', (CAST(strftime('%m', today) AS INTEGER) - 1) % 3))
        ELSE date(trim(:quarter_start)) END
    FROM t
)
SELECT p.number AS {_col("col.number", lang)}, p.title AS {_col("col.title", lang)},
       u.reported_on AS {_col("col.date", lang)}, u.percent AS {_col("col.percent", lang)},
       {_status("u.status", lang)} AS {_col("col.status", lang)}, u.note AS {_col("col.note", lang)},
       CASE WHEN u.is_correction THEN {_literal(message("word.correction", lang))} ELSE '' END
           AS {_col("word.correction", lang)},
       e.author AS {_col("col.author", lang)}, coalesce({_leads("t.today")}, '') AS {_col("col.lead", lang)}
FROM progress_updates u
JOIN points p ON p.id = u.point_id
JOIN events e ON e.id = u.event_id
CROSS JOIN t
CROSS JOIN q
LEFT JOIN owner_assignments o ON o.id = {_latest("owner_assignments", "effective_on")}
LEFT JOIN units lead ON lead.id = o.lead_unit_id
WHERE p.plan_id = {NEWEST_PLAN}
  AND u.reported_on >= q.start AND u.reported_on < date(q.start, '+3 months') AND u.reported_on <= t.today
  AND {LIVE.format("u")}
ORDER BY u.reported_on DESC, u.id DESC"""


def unit_duties_sql(lang: str) -> str:
    separator = _literal("、" if lang == "zh" else ", ")

    def numbers(role: str) -> str:
        return (
            f"(SELECT group_concat(number, {separator}) FROM (SELECT d.number FROM duty d "
            f"WHERE d.unit_id = un.id AND d.role = '{role}' ORDER BY d.number))"
        )

    return f"""WITH t(today) AS (SELECT date('now', 'localtime')),
assigned AS (
    SELECT p.number, o.id AS assignment_id, o.lead_unit_id
    FROM points p
    CROSS JOIN t
    JOIN owner_assignments o ON o.id = {_latest("owner_assignments", "effective_on")}
    WHERE p.plan_id = {NEWEST_PLAN}
),
duty(unit_id, number, role) AS (
    SELECT lead_unit_id, number, 'lead' FROM assigned
    UNION ALL
    SELECT l.unit_id, a.number, 'lead'
    FROM assigned a JOIN owner_leads l ON l.assignment_id = a.assignment_id
    UNION ALL
    SELECT s.unit_id, a.number, 'support'
    FROM assigned a JOIN owner_supports s ON s.assignment_id = a.assignment_id
)
SELECT {name_on("un", "(SELECT today FROM t)")} AS {_col("col.unit", lang)},
       coalesce({numbers("lead")}, '') AS {_col("col.leads", lang)},
       coalesce({numbers("support")}, '') AS {_col("col.supports_points", lang)}
FROM units un
WHERE un.id IN (SELECT unit_id FROM duty)
ORDER BY coalesce((SELECT min(d.number) FROM duty d WHERE d.unit_id = un.id AND d.role = 'lead'), 99999),
         un.name"""


def _column_description(table: str, column: str, lang: str) -> str:
    specific = f"web.col.{table}.{column}"
    return message(specific if has(specific) else f"web.col.{column}", lang)


def metadata(db_name: str, plan_title: str, lang: str, *, free_sql: bool = True) -> dict[str, Any]:
    """Datasette's metadata for the database named `db_name` (its file name without extension).

    The account tables are hidden and refused to everyone (`allow: false`: their pages, rows,
    JSON and CSV answer 403); `free_sql=False` also turns off SQL typed into the page and
    `?_where=` (`allow_sql: false`), leaving the tables and the canned queries, whose SQL
    it then does not show.
    """
    tables: dict[str, Any] = {}
    for table, columns in TABLES.items():
        about = message(f"web.table.{table}.about", lang)
        if table in LEDGER:
            about += ("；" if lang == "zh" else "; ") + message("web.ledger_note", lang)
        tables[table] = {
            "title": message(f"web.table.{table}", lang),
            "description": about,
            "columns": {column: _column_description(table, column, lang) for column in columns},
        }
        if table in LABEL_COLUMNS:
            tables[table]["label_column"] = LABEL_COLUMNS[table]
    tables["_sqlite_migrations"] = {"hidden": True}
    for table in ACCOUNT_TABLES:
        tables[table] = {"hidden": True, "allow": False}
    sql = {
        "overdue": overdue_sql(lang),
        "behind": behind_sql(lang),
        "this_quarter": this_quarter_sql(lang),
        "unit_duties": unit_duties_sql(lang),
    }
    queries: dict[str, Any] = {}
    for name in QUERIES:
        queries[name] = {
            "title": message(f"web.q.{name}", lang),
            "description": message(f"web.q.{name}.about", lang, tolerance=DEFAULT_TOLERANCE),
            "sql": sql[name],
        }
    queries["this_quarter"]["params"] = ["quarter_start"]
    if not free_sql:  # SQL nobody may edit is only a wall of English keywords wider than the screen
        for query in queries.values():
            query["hide_sql"] = True
    meta: dict[str, Any] = {
        "title": message("web.title", lang, plan=plan_title),
        "description": message("web.description", lang, plan=plan_title),
        "databases": {db_name: {"tables": tables, "queries": queries}},
    }
    if not free_sql:
        meta["allow_sql"] = False
    return meta


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the server starts so a taken port is one clear error."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise CqvetError("serve_bind", host=host, port=port, reason=exc.strerror or str(exc)) from exc
    try:
        if hasattr(socket, "SO_REUSEADDR") and not hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # not on Windows
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise CqvetError("serve_bind", host=host, port=port, reason=exc.strerror or str(exc)) from exc
    return sock


def read_only(app: ASGIApp, lang: str) -> ASGIApp:
    """Answer 405 to every request that is not GET or HEAD, before Datasette sees it.

    Every way Datasette or a plugin writes (a write canned query, an insert
    API) arrives as a POST; Datasette 0.65 itself answers such a POST to a
    table or a read-only query with an internal error and a traceback in the
    terminal, where a plain refusal is what a person should see.
    """
    body = message("web.read_only", lang).encode("utf-8")

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD"):
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD")]
            await send({"type": "http.response.start", "status": 405, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return guarded


LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
HIDDEN_PATHS = ("/-/threads", "/-/threads.json")


def is_loopback(host: str) -> bool:
    """Whether `host` is this computer only (localhost, 127.0.0.0/8, ::1): plain HTTP stays on it."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> frozenset[str]:
    """The host names a request may carry: this computer's, and the address served on."""
    names = set(LOCAL_NAMES) | {host.strip("[]").lower()}
    if host in WILDCARDS:  # every interface: colleagues arrive by this computer's name
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(names)


def host_name(header: str) -> str:
    """`Host: example.org:8001` → `example.org`; `[::1]:8001` → `::1`."""
    text = header.strip().lower()
    if text.startswith("["):
        return text[1 : text.find("]")] if "]" in text else text[1:]
    if text.count(":") == 1:
        text = text.rsplit(":", 1)[0]
    return text.rstrip(".")


def host_allowed(header: bytes | None, allowed: frozenset[str]) -> bool:
    """Whether a request's Host header names this computer (see the module's docstring)."""
    if header is None:  # no browser leaves it out, so no page can rebind such a request
        return True
    name = host_name(header.decode("latin-1"))
    if name in allowed:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


async def _answer(send: Any, status: int, text: str, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    body = text.encode("utf-8")
    start_headers = [(b"content-type", b"text/plain; charset=utf-8"), *headers]
    await send({"type": "http.response.start", "status": status, "headers": start_headers})
    await send({"type": "http.response.body", "body": body})


def local_only(app: ASGIApp, host: str, lang: str) -> ASGIApp:
    """Answer 400 to a request whose Host header is not this computer (DNS rebinding)."""
    from cqvet.render.text import strip_controls

    allowed = allowed_hosts(host)

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            header = next((value for key, value in scope.get("headers", ()) if key.lower() == b"host"), None)
            if not host_allowed(header, allowed):
                shown = strip_controls(header.decode("latin-1") if header else "")[:100]
                await _answer(send, 400, message("web.host_refused", lang, host=shown))
                return
        await app(scope, receive, send)

    return guarded


def hide_pages(app: ASGIApp, base_url: str) -> ASGIApp:
    """Answer 404 to Datasette's introspection pages that show the server's files (`HIDDEN_PATHS`
    under `base_url`)."""
    hidden = {base_url.rstrip("/") + page for page in HIDDEN_PATHS}

    async def hiding(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("path", "").rstrip("/") in hidden:
            await _answer(send, 404, "404")
            return
        await app(scope, receive, send)

    return hiding


def folder_forms(path: Path) -> list[bytes]:
    """The database's folder, with its trailing separator, as it may appear in a response:
    raw, JSON-escaped (with and without ASCII escapes) and HTML-escaped."""
    import html
    import json

    folders = {os.path.abspath(path.parent), str(path.resolve().parent)}
    forms: set[str] = set()
    for folder in folders:
        with_sep = folder.rstrip(os.sep) + os.sep
        forms |= {
            with_sep,
            json.dumps(with_sep)[1:-1],
            json.dumps(with_sep, ensure_ascii=False)[1:-1],
            html.escape(with_sep),
        }
    # Longest first, so a JSON-escaped form is not half-replaced by a shorter raw one.
    return sorted((form.encode("utf-8") for form in forms if len(form) > 1), key=len, reverse=True)


def hide_folder(app: ASGIApp, path: Path) -> ASGIApp:
    """Take the database's folder out of every response body, leaving the file's name."""
    forms = folder_forms(path)

    async def hiding(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        held: dict[str, Any] | None = None

        async def send_hidden(event: dict[str, Any]) -> None:
            nonlocal held
            if event["type"] == "http.response.start":
                held = event  # sent with the first body, once its length is known
                return
            if event["type"] == "http.response.body":
                body = bytes(event.get("body", b""))
                for form in forms:
                    body = body.replace(form, b"")
                if held is not None:
                    headers = [(k, v) for k, v in held.get("headers", ()) if k.lower() != b"content-length"]
                    if not event.get("more_body", False):
                        headers.append((b"content-length", str(len(body)).encode("ascii")))
                    await send({**held, "headers": headers})
                    held = None
                await send({**event, "body": body})
                return
            await send(event)

        await app(scope, receive, send_hidden)

    return hiding


class InertConsole:
    """A console stream for the server: control characters (ESC, C1, bidi) removed, and Datasette's
    log of each failed SQL statement (the request's own text, one line per bad `?sql=`) left out."""

    SQL_ERROR_LOG = "ERROR: conn=<sqlite3.Connection"

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from cqvet.render.text import strip_controls

        if text.startswith(self.SQL_ERROR_LOG):
            return len(text)
        lines = text.split("\n")
        return int(self._stream.write("\n".join(strip_controls(line) for line in lines)) or 0)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class QuietErrors:
    """Datasette's exception handler, without the traceback it prints for every refused request."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def handle_exception(self, datasette: Any, request: Any, exception: BaseException) -> Any:
        from datasette import Response
        from datasette.utils.asgi import Base400
        from datasette.views.base import DatasetteError
        from markupsafe import Markup

        async def inner() -> Any:
            title, info = None, {}
            text: Any
            if isinstance(exception, Base400):
                status, text = exception.status, str(exception.args[0]) if exception.args else ""
            elif isinstance(exception, DatasetteError):
                # Raised on purpose for a request Datasette refuses; some say 500 (an unknown sort column).
                status = exception.status if exception.status < 500 else 400
                info = dict(exception.error_dict or {})
                text = Markup(exception.message) if exception.message_is_html else exception.message
                title = exception.title
            else:
                status, text = 500, message("web.internal", self.lang)
                line = message(
                    "web.internal_line",
                    self.lang,
                    path=request.path,
                    kind=type(exception).__name__,
                    text=" ".join(str(exception).split()),
                )
                sys.stderr.write(line[:500] + "\n")
            info.update({"ok": False, "error": text, "status": status, "title": title})
            if request.path.split("?")[0].endswith(".json"):
                return Response.json(info, status=status)
            template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
            page = await template.render_async(
                dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=lambda: [])
            )
            return Response.html(page, status=status)

        return inner


def _quiet_errors(lang: str) -> None:
    """Put `QuietErrors` in place of Datasette's own handler (this process serves one database)."""
    import types

    from datasette import hookimpl
    from datasette.plugins import pm

    quiet = QuietErrors(lang)

    def handle_exception(datasette: Any, request: Any, exception: BaseException) -> Any:
        return quiet.handle_exception(datasette, request, exception)

    pm.set_blocked("datasette.handle_exception")
    if pm.get_plugin("cqvet.quiet_errors") is None:
        plugin = types.ModuleType("cqvet.quiet_errors")  # pluggy takes modules (hashable) as plugins
        plugin.handle_exception = hookimpl(handle_exception)  # type: ignore[attr-defined]
        pm.register(plugin, name="cqvet.quiet_errors")


def _accounts_unread(action: int, table: str | None, *_: object) -> int:
    """SQLite authorizer: every column of an account table reads as NULL (`SQLITE_IGNORE`)."""
    import sqlite3

    if action == sqlite3.SQLITE_READ and table in ACCOUNT_TABLES:
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


def _register_rules() -> None:
    """A Datasette plugin that gives every connection `cqvet.schedule`'s SQL functions, and the
    authorizer that keeps the account tables unread whatever SQL is sent (`allow: false` refuses
    their pages; this closes a join, a subquery or a canned query too), registered once a
    process (`run` may be called again)."""
    from datasette import hookimpl
    from datasette.plugins import pm

    from cqvet.rollup import register_sql_functions as register_rollup
    from cqvet.schedule import register_sql_functions

    class Rules:  # a plugin is an object whose hooks are attributes (pluggy); a class will do
        @staticmethod
        @hookimpl
        def prepare_connection(conn: Any) -> None:
            register_sql_functions(conn)
            register_rollup(conn)
            conn.set_authorizer(_accounts_unread)

    if pm.get_plugin("cqvet_rules") is None:
        pm.register(Rules, name="cqvet_rules")


def datasette_view(path: Path, meta: dict[str, Any], lang: str, base_url: str = "/") -> ASGIApp:
    """Datasette over `path` at `base_url`, with every guard of this module but the Host check
    (the caller's, as it knows the address served): read-only, quiet errors, the folder and the
    introspection pages hidden, the account tables unread."""
    try:
        from datasette.app import Datasette
    except ImportError as exc:
        raise CqvetError("web_missing") from exc
    _quiet_errors(lang)
    import warnings

    # Datasette abandons the facet queries of a refused request, and Python says so on the console.
    warnings.filterwarnings("ignore", message=r"coroutine .* was never awaited", category=RuntimeWarning)
    _register_rules()
    datasette = Datasette(
        [str(path)],
        metadata=meta,
        settings={"base_url": base_url},
        template_dir=str(TEMPLATES),
        version_note=f"cqvet {__version__}",
    )
    return read_only(hide_pages(hide_folder(datasette.app(), path), base_url), lang)


def run(
    path: Path,
    meta: dict[str, Any],
    host: str,
    port: int,
    ready: Callable[[str, int], None],
    lang: str = "zh",
) -> None:
    """Serve `path` read-only until Ctrl-C; `ready(host, port)` is called once the port is bound.

    On Ctrl-C uvicorn finishes the requests in flight, closes the socket and
    re-raises the interrupt, which the CLI turns into exit code 130.
    """
    try:
        import uvicorn
    except ImportError as exc:
        raise CqvetError("web_missing") from exc
    view = datasette_view(path, meta, lang)
    sock = listen(host, port)
    app = local_only(view, host, lang)
    console = sys.stderr
    sys.stderr = InertConsole(console)  # type: ignore[assignment]
    try:
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        ready(host, sock.getsockname()[1])
        server.run(sockets=[sock])
    finally:
        sys.stderr = console
        sock.close()
