"""`cqvet serve`: Datasette over the ledger, read-only, with Chinese titles and leadership's four queries.

One real server (a subprocess, as a user starts it) serves a database prepared
for this year, so "today" in the canned queries is the real today: point 1 is
overdue, point 2 behind schedule, the others done, and an undone
postponement, an undone update, an undone reassignment and an update dated
tomorrow are there to be left out.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, snapshot

from cqvet.labels import message
from cqvet.ledger import Event
from cqvet.models import Health, Status
from cqvet.schedule import expected_percent, health

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date.today()
# Plain urllib, never through a proxy named in the environment: the server is on this machine.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def col(key: str) -> str:
    return message(key, "zh")


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=data, headers=headers or {}, method="GET" if data is None else "POST"
    )
    try:
        with OPENER.open(request, timeout=10) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8", "replace")


def prepare(path: Path) -> None:
    """This year's plan: 1 overdue, 2 behind, 3–17 done, and undone or future rows that must not count."""
    from cqvet.plan_doc import parse_plan
    from cqvet.store import Store

    text = SEED.read_text(encoding="utf-8").replace("2021年", f"{TODAY.year}年")
    store = Store.open(path)
    try:
        store.load_plan(parse_plan(text), source_name="plan.txt", source_text=text, author="tester")
        plan = store.plan()
        day = dt.timedelta(days=1)
        with store.transaction():
            ids = {n: store.point_id(plan, n) for n in range(1, 18)}

            def progress(number: int, on: dt.date, percent: int, status: Status) -> int:
                return store.append_progress(
                    plan,
                    ids[number],
                    reported_on=on,
                    percent=percent,
                    status=status,
                    note=f"第{number}项",
                    correction=False,
                    author="tester",
                )

            def deadline(number: int, due: dt.date, effective: dt.date = plan.start) -> int:
                return store.append_deadline(
                    plan,
                    ids[number],
                    due_on=due,
                    as_written=due.isoformat(),
                    note="",
                    effective_on=effective,
                    author="tester",
                    detail={},
                )

            def owner(
                number: int, lead: str | list[str], supports: list[str], effective: dt.date = plan.start
            ) -> int:
                return store.append_owner(
                    plan,
                    ids[number],
                    lead=lead,
                    supports=supports,
                    contact="",
                    effective_on=effective,
                    author="tester",
                    detail={},
                )

            def undo(event_id: int) -> None:
                store.revert(Event(event_id, "x", "tester", "", {}, None), author="tester", detail={})

            deadline(1, TODAY - 3 * day)
            undo(deadline(1, dt.date(TODAY.year + 1, 6, 30), effective=TODAY))
            owner(1, "处A", ["处C"])
            undo(owner(1, "处D", [], effective=TODAY))
            progress(1, TODAY - 100 * day, 10, Status.IN_PROGRESS)
            progress(1, TODAY, 30, Status.IN_PROGRESS)
            deadline(2, TODAY + day)
            owner(2, "处B", ["处A"])
            progress(2, TODAY, 20, Status.IN_PROGRESS)
            undo(progress(2, TODAY, 100, Status.DONE))
            progress(2, TODAY + day, 100, Status.DONE)  # tomorrow's: not yet part of today's state
            deadline(3, TODAY - 3 * day)
            owner(3, ["处E", "处B"], [])  # two leads, in that order
            renamed = store.unit_id("处C")
            assert renamed is not None
            for name, effective in (("处C2", TODAY - 10 * day), ("处C3", TODAY + day)):  # 处C3 from tomorrow
                store.rename_unit(renamed, name, effective_on=effective, plan=plan, author="t", detail={})
            for number in range(3, 18):
                progress(number, TODAY, 100, Status.DONE)
    finally:
        store.close()


@dataclass
class Server:
    url: str
    db: Path
    name: str
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path


def start(db: Path, folder: Path) -> Server:
    """`python -m cqvet --db DB serve --port PORT`, returned once it answers (within 30 s)."""
    port = free_port()
    stdout, stderr = folder / f"serve-{port}.out", folder / f"serve-{port}.err"
    env = {**os.environ, "CQVET_LANG": "zh", "PYTHONUNBUFFERED": "1"}
    env.pop("CQVET_DEBUG", None)
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "cqvet", "--db", str(db), "serve", "--raw", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
        )
    server = Server(f"http://127.0.0.1:{port}", db, db.stem, process, stdout, stderr)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"cqvet serve exited with {process.returncode}: {stderr.read_text(errors='replace')}")
        try:
            with OPENER.open(server.url + "/", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    pytest.fail(f"cqvet serve did not answer within 30 s: {stderr.read_text(errors='replace')}")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "cqvet.db"
    prepare(db)
    running = start(db, folder)
    try:
        yield running
    finally:
        stop(running)


def rows(server: Server, query: str, **params: str) -> list[dict[str, Any]]:
    query_string = urllib.parse.urlencode({"_shape": "array", **params})
    status, body = fetch(f"{server.url}/{server.name}/{query}.json?{query_string}")
    assert status == 200, body[:2000]
    result = json.loads(body)
    assert isinstance(result, list)
    return result


def states(server: Server) -> list[Any]:
    from cqvet.store import Store

    store = Store.open(server.db)
    try:
        return [(s, store.plan().start) for s in store.point_states(store.plan(), TODAY)]
    finally:
        store.close()


# --- pages ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_home_page_carries_the_chinese_title(server: Server) -> None:
    """`/` answers 200 with 「cqvet：<year>年全市职业教育与继续教育工作要点」."""
    status, page = fetch(server.url + "/")
    assert status == 200
    assert f"cqvet：{TODAY.year}年全市职业教育与继续教育工作要点" in page
    assert "只读浏览" in page


def test_a_table_page_has_its_chinese_title_and_column_descriptions(server: Server) -> None:
    """The points table is titled 工作要点, its title column described as 重点任务; 17 rows as JSON."""
    status, page = fetch(f"{server.url}/{server.name}/points")
    assert status == 200
    assert "工作要点" in page
    assert "重点任务" in page
    assert len(rows(server, "points", _size="max")) == 17


# --- the canned queries -------------------------------------------------------------


def test_overdue_lists_the_open_point_past_its_deadline(server: Server) -> None:
    """Point 1 only: its undone postponement and reassignment are left out; done point 3 is not overdue."""
    found = rows(server, "overdue")
    assert found == [
        {
            col("col.number"): 1,
            col("col.title"): "加强职业院校党建工作",
            col("col.lead"): "处A",
            col("col.deadline"): (TODAY - dt.timedelta(days=3)).isoformat(),
            col("web.out.overdue_days"): 3,
            col("col.percent"): 30,
            col("col.status"): "推进中",
            col("web.out.reported_on"): TODAY.isoformat(),
        }
    ]
    assert [s.number for s, start in states(server) if health(s, start, TODAY) is Health.OVERDUE] == [1]


def test_behind_lists_the_point_more_than_ten_points_below_schedule(server: Server) -> None:
    """Point 2 at 20 % against its 序时进度: the undone 100 % and tomorrow's 100 % do not count."""
    found = rows(server, "behind")
    assert [r[col("col.number")] for r in found] == [2]
    row = found[0]
    start = dt.date(TODAY.year, 1, 1)
    expected = expected_percent(start, TODAY + dt.timedelta(days=1), TODAY)
    assert row[col("col.percent")] == 20
    assert row[col("col.expected")] == pytest.approx(expected, abs=0.05)
    assert row[col("web.out.gap")] == pytest.approx(expected - 20, abs=0.05)
    assert row[col("col.lead")] == "处B"
    assert row[col("col.status")] == "推进中"
    assert [s.number for s, begin in states(server) if health(s, begin, TODAY) is Health.BEHIND] == [2]


def test_this_quarter_lists_the_live_updates_reported_this_quarter(server: Server) -> None:
    """17 updates of today by default; an older quarter by parameter; a malformed start matches nothing."""
    found = rows(server, "this_quarter")
    assert len(found) == 17
    assert {r[col("col.date")] for r in found} == {TODAY.isoformat()}
    by_point = {r[col("col.number")]: r for r in found}
    assert by_point[2][col("col.percent")] == 20
    assert by_point[1][col("col.lead")] == "处A"
    assert by_point[1][col("col.author")] == "tester"

    earlier = TODAY - dt.timedelta(days=100)
    older = rows(server, "this_quarter", quarter_start=quarter_start(earlier).isoformat())
    assert [(r[col("col.number")], r[col("col.percent")], r[col("col.date")]) for r in older] == [
        (1, 10, earlier.isoformat())
    ]
    assert rows(server, "this_quarter", quarter_start="2021Q2") == []


def test_unit_duties_lists_what_each_office_leads_and_supports(server: Server) -> None:
    """处A leads 1 and supports 2, 处B leads 2 and (with 处E) 3, 处C supports 1 under today's name 处C2;
    处D, assigned then undone, owes nothing."""
    from cqvet.store import Store

    found = rows(server, "unit_duties")
    assert [(r[col("col.unit")], r[col("col.leads")], r[col("col.supports_points")]) for r in found] == [
        ("处A", "1", "2"),
        ("处B", "2、3", ""),
        ("处E", "3", ""),
        ("处C2", "", "1"),
    ]
    store = Store.open(server.db)
    try:
        duties = store.unit_duties(store.plan(), TODAY)
    finally:
        store.close()
    assert [(d.name, "、".join(map(str, d.leads)), "、".join(map(str, d.supports))) for d in duties] == [
        (r[col("col.unit")], r[col("col.leads")], r[col("col.supports_points")]) for r in found
    ]
    updates = rows(server, "this_quarter")
    assert {r[col("col.lead")] for r in updates if r[col("col.number")] == 3} == {"处E、处B"}


# --- read-only ------------------------------------------------------------------------


def test_writes_are_refused_and_the_file_is_unchanged(server: Server) -> None:
    """POSTs (an insert API, a canned query) get 405, an INSERT typed as SQL gets 400; no row changes."""
    before = snapshot(server.db)
    row = json.dumps({"row": {"name": "入侵处"}}).encode("utf-8")
    for path, body, kind in (
        (f"/{server.name}/units/-/insert", row, "application/json"),
        ("/-/insert", row, "application/json"),
        (f"/{server.name}/overdue", b"quarter_start=x", "application/x-www-form-urlencoded"),
    ):
        status, text = fetch(server.url + path, body, {"Content-Type": kind})
        assert (status, text) == (405, message("web.read_only", "zh")), path
    sql = urllib.parse.urlencode({"sql": "INSERT INTO units (name) VALUES ('入侵处')"})
    status, text = fetch(f"{server.url}/{server.name}.json?{sql}")
    assert status == 400
    assert "SELECT" in text
    assert snapshot(server.db) == before
    assert "Traceback" not in server.stderr.read_text(encoding="utf-8", errors="replace")


def test_free_sql_reads_the_account_tables_as_empty_and_their_pages_are_refused(server: Server) -> None:
    """`--raw` keeps free SQL, but every column of users, user_sessions and login_failures reads as
    NULL (a subquery on a password hash matches nothing), and their pages and JSON answer 403."""
    from cqvet.store import Store, utc_now
    from cqvet.store_users import add_user

    store = Store.open(server.db)
    try:
        with store.transaction():
            add_user(
                store,
                name="du-raw",
                office="办公室",
                unit_id=None,
                role="steering",
                password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
                now=utc_now(),
            )
    finally:
        store.close()
    sql = urllib.parse.urlencode({"sql": "select name, password_hash from users", "_shape": "array"})
    status, text = fetch(f"{server.url}/{server.name}.json?{sql}")
    assert status == 200
    assert json.loads(text) == [{"name": None, "password_hash": None}]
    probe = "select count(*) as n from units where exists (select 1 from users where password_hash like '$%')"
    status, text = fetch(
        f"{server.url}/{server.name}.json?" + urllib.parse.urlencode({"sql": probe, "_shape": "array"})
    )
    assert (status, json.loads(text)) == (200, [{"n": 0}])
    for page in ("/users", "/users.json", "/user_sessions.csv", "/login_failures"):
        assert fetch(f"{server.url}/{server.name}{page}")[0] == 403, page


# --- the other doors: Host, odd requests, the console, file paths ----------------------------


def console_of(server: Server) -> bytes:
    return server.stdout.read_bytes() + server.stderr.read_bytes()


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8001", "127.0.0.1.evil.example", "localhost.evil."]
)
def test_a_request_naming_another_host_is_refused_so_a_rebound_page_cannot_read_the_ledger(
    server: Server, host: str
) -> None:
    """DNS rebinding: the page's own name arrives in the Host header; it gets 400 and no data."""
    status, text = fetch(f"{server.url}/{server.name}/units.json", headers={"Host": host})
    assert status == 400
    assert text == message("web.host_refused", "zh", host=host)
    assert "职成教处" not in text


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST:8001", "[::1]:8001", "192.168.1.20"])
def test_this_computer_by_name_or_by_address_is_served(server: Server, host: str) -> None:
    status, _ = fetch(f"{server.url}/{server.name}/units.json", headers={"Host": host})
    assert status == 200


ODD_REQUESTS = (
    "/{db}/points.json?_sort=nonexistent",
    "/{db}/points?_sort_desc=nonexistent",
    "/{db}/points?_where=1)))",
    "/{db}/points?_facet=nonexistent",
    "/{db}/points.json?_shape=bad",
    "/{db}/points?_col=nonexistent",
    "/{db}/points.json?_size=abc",
    "/{db}/nonexistent",
    "/{db}/points/999999",
    "/{db}/points/1%2F2",
    "/{db}/-/query?sql=pragma+database_list",
    "/{db}.json?sql=DELETE+FROM+units",
    "/{db}.json?sql=select+load_extension('x')",
    "/{db}.json?sql=select+*+from+nope%1b%5b31m",
    "/{db}?sql=select+%1b%5b2J",
    "/-/nonexistent",
    "/%ff%fe",
)


@pytest.mark.slow
def test_odd_requests_get_client_errors_and_print_no_traceback_nor_escape_on_the_console(
    server: Server,
) -> None:
    """Every odd path or refused `?sql=` is answered below 500; the console gains no traceback, no
    local variables, no ESC, and at most a line or two in all."""
    before = console_of(server)
    for path in ODD_REQUESTS:
        status, _ = fetch(server.url + path.format(db=server.name))
        assert status < 500, (path, status)
    time.sleep(0.5)  # what the server prints after answering
    printed = console_of(server)[len(before) :]
    assert b"Traceback" not in printed and b"locals" not in printed
    assert b"\x1b" not in console_of(server)
    assert printed.count(b"\n") <= 2, printed.decode("utf-8", "replace")[:2000]


def test_no_response_shows_the_folder_of_the_database(server: Server) -> None:
    """`/-/databases.json` names the file without its folder; a query of `pragma_database_list` too;
    `/-/threads.json`, which lists the server's own files, is not served."""
    status, text = fetch(server.url + "/-/databases.json")
    assert status == 200
    (database,) = json.loads(text)
    assert database["path"] == server.db.name
    sql = urllib.parse.urlencode({"sql": "select file from pragma_database_list", "_shape": "array"})
    status, text = fetch(f"{server.url}/{server.name}.json?{sql}")
    assert status == 200
    assert json.loads(text)[0]["file"] == server.db.name
    for path in ("/", "/-/databases", f"/{server.name}", "/-/versions.json", "/-/settings.json"):
        status, text = fetch(server.url + path)
        assert str(server.db.parent) not in text, path
    assert fetch(server.url + "/-/threads.json")[0] == 404


# --- a real browser -------------------------------------------------------------------


@pytest.mark.slow
def test_chromium_renders_the_home_page(server: Server, headless_chromium: list[str]) -> None:
    """Headless Chromium loads `/` from the server and its DOM holds the Chinese title."""
    command = [
        *headless_chromium,
        "--dump-dom",
        server.url + "/",
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"cqvet：{TODAY.year}年全市职业教育与继续教育工作要点" in result.stdout


# --- starting and stopping ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl-C is a console event on Windows, not SIGINT")
def test_ctrl_c_stops_the_server_cleanly(tmp_path: Path) -> None:
    """SIGINT ends the server within seconds: exit 130, no traceback, the port free again."""
    db = tmp_path / "cqvet.db"
    prepare(db)
    server = start(db, tmp_path)
    try:
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=15) == 130
    finally:
        stop(server)
    assert "按 Ctrl-C 停止" in server.stdout.read_text(encoding="utf-8")
    assert "Traceback" not in server.stderr.read_text(encoding="utf-8", errors="replace")
    port = int(server.url.rsplit(":", 1)[1])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))


@pytest.mark.slow
def test_a_taken_port_is_one_line_of_error(cqvet: Any, loaded: Path) -> None:
    """When the port is in use, serve says so on one line and exits 1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        result = cqvet("serve", "--raw", "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert f"127.0.0.1:{port}" in result.stderr


def test_without_datasette_it_says_how_to_install_the_extra(
    cqvet: Any, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the web extra missing, one line names `pip install 'cqvet[web]'` and the exit code is 1."""
    for name in ("datasette", "datasette.app", "uvicorn"):
        monkeypatch.setitem(sys.modules, name, None)
    result = cqvet("serve", "--raw")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "pip install 'cqvet[web]'" in result.stderr
