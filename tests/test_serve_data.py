"""`cqvet serve`'s raw data view (Datasette at /data/) behind the login, over HTTP (Starlette's TestClient).

Only the steering office gets it; office and leader accounts get 403 and a logged-out
visitor the login page, for pages, JSON and CSV alike. Free SQL and `?_where=` are off,
the account tables (password and session hashes) are refused and read as NULL even
from a canned query's join; the Chinese table titles and leadership's queries stay.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from serve_fixtures import PASSWORD, TODAY, csrf_of, prepare
from starlette.testclient import TestClient

from cqvet.labels import message
from cqvet.serve.app import build
from cqvet.web import ACCOUNT_TABLES, _accounts_unread

BASE = "http://127.0.0.1"


@pytest.fixture
def served(cqvet: Callable[..., Any], loaded: Path) -> Path:
    prepare(loaded, cqvet)
    return loaded


@pytest.fixture
def app(served: Path) -> Iterator[Any]:
    yield build(served, "zh", "127.0.0.1", today=lambda: TODAY)


def log_in(app: Any, name: str | None) -> TestClient:
    browser = TestClient(app, base_url=BASE, follow_redirects=False)
    if name is not None:
        page = browser.get("/login")
        response = browser.post(
            "/login", data={"csrf": csrf_of(page.text), "name": name, "password": PASSWORD}
        )
        assert response.status_code == 303, response.text
    return browser


def data(served: Path, page: str) -> str:
    return f"/data/{served.stem}{page}"


PAGES = ("", "/units", "/units.json", "/units.csv", "/overdue", "/overdue.json")


def test_the_steering_office_sees_the_tables_and_the_queries_with_their_chinese_titles(
    app: Any, served: Path
) -> None:
    """/data/ lists the database; its page the tables by Chinese title; units JSON and CSV hold the
    offices; the canned query 逾期事项 answers; the table page keeps its Chinese column notes."""
    du = log_in(app, "du")
    home = du.get("/data/")
    assert home.status_code == 200
    assert "cqvet：2021年全市职业教育与继续教育工作要点" in home.text
    database = du.get(data(served, ""))
    assert database.status_code == 200
    assert message("web.table.progress_updates", "zh") in database.text
    assert message("web.q.overdue", "zh") in database.text
    units = du.get(data(served, "/units.json"), params={"_shape": "array"})
    assert units.status_code == 200
    assert {"职成教处", "高教处"} <= {row["name"] for row in units.json()}
    csv = du.get(data(served, "/units.csv"))
    assert csv.status_code == 200 and "职成教处" in csv.text
    overdue = du.get(data(served, "/overdue.json"), params={"_shape": "array"})
    assert overdue.status_code == 200, overdue.text[:500]
    points = du.get(data(served, "/points"))
    assert points.status_code == 200
    assert message("web.col.number", "zh") in points.text


def test_the_data_view_links_stay_under_data(app: Any, served: Path) -> None:
    """Datasette's links and its stylesheet are under /data/ (its base_url), so they pass the same check."""
    page = log_in(app, "du").get(data(served, "/units")).text
    assert 'href="/data/-/static/app.css' in page
    assert f'href="/data/{served.stem}"' in page


@pytest.mark.parametrize("name", ["zhi", "boss"])
def test_an_office_or_a_leader_gets_403_for_every_page_json_and_csv(
    app: Any, served: Path, name: str
) -> None:
    """The check is on the server for each request: an office (zhi) and a leader (boss) get 403 and
    the refusal page, never a row, whether they ask for a page, JSON or CSV."""
    browser = log_in(app, name)
    for page in ("/data/", *(data(served, p) for p in PAGES)):
        response = browser.get(page)
        assert response.status_code == 403, page
        assert message("serve.forbidden", "zh") in response.text
        assert "职成教处" not in response.text or name == "zhi"  # zhi's own name is in the header
        assert '"rows"' not in response.text and "rowid" not in response.text


def test_a_logged_out_visitor_is_sent_to_the_login_page(app: Any, served: Path) -> None:
    """Without a session every /data/ address answers 303 to /login, which shows the login form."""
    browser = log_in(app, None)
    for page in ("/data/", *(data(served, p) for p in PAGES)):
        response = browser.get(page)
        assert (response.status_code, response.headers["location"]) == (303, "/login"), page
    login = browser.get("/data/units.json", follow_redirects=True)
    assert login.status_code == 200
    assert 'name="password"' in login.text


def test_after_logout_the_data_view_is_closed_again(app: Any, served: Path) -> None:
    du = log_in(app, "du")
    assert du.get(data(served, "/units.json")).status_code == 200
    logout = du.post("/logout", data={"csrf": csrf_of(du.get("/office").text)})
    assert logout.status_code == 303
    assert du.get(data(served, "/units.json")).status_code == 303


@pytest.mark.parametrize("table", ACCOUNT_TABLES)
def test_the_account_tables_are_refused_to_steering_too(app: Any, served: Path, table: str) -> None:
    """users, user_sessions and login_failures: their page, JSON, CSV and a row answer 403."""
    du = log_in(app, "du")
    for page in ("", ".json", ".csv", "/1", "/1.json"):
        response = du.get(data(served, f"/{table}{page}"))
        assert response.status_code == 403, (table, page)
        assert "argon2" not in response.text


def test_the_account_tables_are_not_listed(app: Any, served: Path) -> None:
    """The database page, even with hidden tables shown, names none of the account tables."""
    du = log_in(app, "du")
    for query in ("", "?_show_hidden=1"):
        page = du.get(data(served, ".json" + query)).json()
        listed = {table["name"] for table in page["tables"]}
        assert "points" in listed
        assert not listed & set(ACCOUNT_TABLES)


SQL = (
    "select password_hash from users",
    "select token_sha256 from user_sessions",
    "select name from units",
)


@pytest.mark.parametrize("sql", SQL)
def test_free_sql_is_refused_in_page_json_and_csv(app: Any, served: Path, sql: str) -> None:
    """`?sql=` is off for everyone (403), whatever it reads, as a page, JSON or CSV."""
    du = log_in(app, "du")
    query = urllib.parse.urlencode({"sql": sql})
    for page in ("", ".json", ".csv"):
        response = du.get(data(served, f"{page}?{query}"))
        assert response.status_code == 403, (sql, page)
        assert "argon2" not in response.text


def test_a_where_clause_cannot_reach_the_account_tables(app: Any, served: Path) -> None:
    """`?_where=` is SQL too: refused (403), so no subquery can test a password hash."""
    du = log_in(app, "du")
    where = "exists (select 1 from users where password_hash like '$argon2%')"
    response = du.get(data(served, "/units.json"), params={"_where": where})
    assert response.status_code == 403


def test_the_sql_editor_is_not_offered(app: Any, served: Path) -> None:
    """The database page shows no SQL box; a canned query neither its SQL nor an 'Edit SQL' link."""
    du = log_in(app, "du")
    assert 'name="sql"' not in du.get(data(served, "")).text
    overdue = du.get(data(served, "/overdue")).text
    assert "Edit SQL" not in overdue
    assert "CROSS JOIN" not in overdue  # nor the query's SQL, which nobody may edit here
    assert f"<title>{message('web.q.overdue', 'zh')}</title>" in overdue  # the window's title too
    assert message("col.deadline", "zh") in overdue


def test_posts_are_refused_and_nothing_changes(app: Any, served: Path) -> None:
    """A POST under /data/ (an insert API, a canned query) from steering gets 405; from nobody 401."""
    du = log_in(app, "du")
    before = snapshot(served)
    for page in ("/units/-/insert", "/overdue"):
        response = du.post(data(served, page), json={"row": {"name": "入侵处"}})
        assert response.status_code == 405, page
        assert response.text == message("web.read_only", "zh")
    assert log_in(app, None).post(data(served, "/overdue")).status_code == 401
    assert snapshot(served) == before


def test_the_servers_files_are_not_shown(app: Any, served: Path) -> None:
    """/data/-/threads is not served; /data/-/databases.json names the file without its folder."""
    du = log_in(app, "du")
    assert du.get("/data/-/threads.json").status_code == 404
    databases = du.get("/data/-/databases.json")
    assert databases.status_code == 200
    assert str(served.parent) not in databases.text
    assert databases.json()[0]["path"] == served.name


def test_a_request_naming_another_host_is_refused_before_the_login(app: Any, served: Path) -> None:
    du = log_in(app, "du")
    response = du.get(data(served, "/units.json"), headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_the_authorizer_reads_every_account_column_as_null(served: Path) -> None:
    """Belt and braces under `allow: false`: a connection with the authorizer (every Datasette
    connection gets it) reads the account tables' columns as NULL, in a join or a subquery too."""
    conn = sqlite3.connect(f"file:{served}?mode=ro", uri=True)
    try:
        conn.set_authorizer(_accounts_unread)
        assert conn.execute("select count(*) from users").fetchone() == (4,)
        assert set(conn.execute("select name, password_hash from users").fetchall()) == {(None, None)}
        hit = conn.execute(
            "select count(*) from units where exists "
            "(select 1 from users where password_hash like '$argon2%')"
        ).fetchone()
        assert hit == (0,)
        assert conn.execute("select count(*) from units").fetchone()[0] > 0
    finally:
        conn.close()
