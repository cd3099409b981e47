"""`cqvet serve`: the ledger behind a login, for offices, the steering office and leaders.

`app.build()` makes the Starlette application; `app.run()` serves it with
uvicorn. `pages` holds the request handlers (each: check who asks and what
they may do, one call into `cqvet.recording`/`cqvet.supervision`/the report,
a template), `auth` the session, CSRF and throttle plumbing over
`cqvet.accounts` (the rules) and `cqvet.store_users` (the SQL).

Why Starlette (README, Serving offices): a small, typed ASGI toolkit whose
SessionMiddleware gives signed (itsdangerous), HttpOnly, SameSite=Lax cookies
with an expiry, served by uvicorn, which the `web` extra already installs for
Datasette. A Datasette plugin would keep one server, but Datasette's pages
are built for browsing tables; an office's form with files, a 签收 button and
per-office authorization on every request are plain handlers here.

Security, each rule checked on the server for every request:

- Host check (DNS rebinding), as for the Datasette view: `cqvet.web.local_only`.
- Sessions: the cookie holds a random token signed by a per-process secret;
  the server keeps only the token's SHA-256 (`user_sessions`), so logout,
  `cqvet user disable` and `cqvet user password` end a session at once, and
  a copied database holds no usable token. Restarting the server signs
  with a new secret: everyone logs in again.
- CSRF: every form carries the session's CSRF key signed with itsdangerous
  (`auth.csrf_token`); a POST without it, with another session's, or with one
  from before a login or logout is refused with 403.
- Authorization: `cqvet.accounts.may_see` / `may_write` for every point a
  request names, read from the ledger as of today; links are not the guard.
- Output: Jinja2 autoescapes every template; the report is the HTML renderer's,
  which escapes user text itself. No SQL is built from input: handlers call
  the store's functions with parameters.
- Errors: a refusal (`CqvetError`) is the same message the CLI gives, on the
  page, with status 400/403; anything else is one line on the server's
  console and a plain 500 page, never a traceback to the client.

Nothing here is imported by any command but `serve` (tests/test_startup.py).
"""
