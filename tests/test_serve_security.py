"""`cqvet serve` over HTTP (Starlette's TestClient): every security rule, each by a forged request.

Logins, sessions, CSRF, per-office authorization, escaping, throttling, the Host check,
quiet errors, and the refusal of plain HTTP on a network address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from serve_fixtures import PASSWORD, TODAY, csrf_of
from starlette.testclient import TestClient

from cqvet.serve.app import build
from cqvet.store import Store

BASE = "http://127.0.0.1"


@pytest.fixture
def app(served: Path) -> Any:
    return build(served, "zh", "127.0.0.1", today=lambda: TODAY)


def client(app: Any) -> TestClient:
    return TestClient(app, base_url=BASE, follow_redirects=False)


def log_in(app: Any, name: str, password: str = PASSWORD) -> TestClient:
    browser = client(app)
    page = browser.get("/login")
    response = browser.post("/login", data={"csrf": csrf_of(page.text), "name": name, "password": password})
    assert response.status_code == 303, response.text
    return browser


def progress_rows(db: Path) -> list[tuple[Any, ...]]:
    return snapshot(db)["progress_updates"]


def test_an_office_sees_only_the_points_its_office_leads_or_supports(app: Any) -> None:
    """职成教处 leads point 1 only; 高教处 leads 2 and supports 1: each page lists exactly those."""
    zhi = log_in(app, "zhi").get("/office")
    assert zhi.status_code == 200
    assert 'id="point-1"' in zhi.text and 'id="point-2"' not in zhi.text
    gao = log_in(app, "gao").get("/office")
    assert 'id="point-1"' in gao.text and 'id="point-2"' in gao.text and 'id="point-3"' not in gao.text


def test_an_office_cannot_read_another_offices_point_by_its_address(app: Any) -> None:
    """GET /point/2 by 职成教处 is 403 and shows nothing of the point; its own point 1 answers 200."""
    zhi = log_in(app, "zhi")
    refused = zhi.get("/point/2")
    assert refused.status_code == 403
    assert "无权查看或办理该事项" in refused.text
    assert "职业教育" not in refused.text.split("<main>")[1]
    assert zhi.get("/point/1").status_code == 200


def test_an_office_cannot_write_another_offices_point_by_a_forged_post(app: Any, served: Path) -> None:
    """A POST to /point/2/progress with a valid CSRF token but from 职成教处 is 403; nothing is written."""
    zhi = log_in(app, "zhi")
    token = csrf_of(zhi.get("/point/1").text)
    before = snapshot(served)
    for action in ("progress", "ack", "owner", "deadline", "close"):
        response = zhi.post(f"/point/2/{action}", data={"csrf": token, "percent": "50", "lead": "职成教处"})
        assert response.status_code == 403, action
    assert snapshot(served) == before


def test_a_leader_reads_everything_and_writes_nothing(app: Any, served: Path) -> None:
    boss = log_in(app, "boss")
    assert boss.get("/point/2").status_code == 200
    assert boss.get("/dashboard").status_code == 200
    token = csrf_of(boss.get("/dashboard").text)
    before = snapshot(served)
    assert boss.post("/point/2/progress", data={"csrf": token, "percent": "50"}).status_code == 403
    assert boss.get("/office").status_code == 403
    assert snapshot(served) == before


def test_a_post_without_or_with_a_foreign_csrf_token_is_refused(app: Any, served: Path) -> None:
    """No token, a made-up token, and another session's token: 403 each, the ledger unchanged."""
    zhi, gao = log_in(app, "zhi"), log_in(app, "gao")
    foreign = csrf_of(gao.get("/point/1").text)
    before = snapshot(served)
    for data in ({}, {"csrf": "forged"}, {"csrf": foreign}):
        response = zhi.post("/point/1/progress", data={**data, "percent": "40"})
        assert response.status_code == 403
        assert "表单已过期或不是从本系统页面提交的" in response.text
    assert snapshot(served) == before


def test_a_token_from_before_logging_in_again_is_stale(app: Any, served: Path) -> None:
    """A form loaded in an earlier session of the same browser is refused after logout and login."""
    zhi = log_in(app, "zhi")
    old = csrf_of(zhi.get("/point/1").text)
    zhi.post("/logout", data={"csrf": old})
    page = zhi.get("/login")
    zhi.post("/login", data={"csrf": csrf_of(page.text), "name": "zhi", "password": PASSWORD})
    before = snapshot(served)
    assert zhi.post("/point/1/progress", data={"csrf": old, "percent": "40"}).status_code == 403
    assert snapshot(served) == before


def test_a_report_is_recorded_as_an_event_by_the_logged_in_user(app: Any, served: Path) -> None:
    """Percent, status and note from the form land in the ledger with author `zhi`, as the CLI's would."""
    zhi = log_in(app, "zhi")
    token = csrf_of(zhi.get("/point/1").text)
    response = zhi.post("/point/1/progress", data={"csrf": token, "percent": "40", "note": "已开会部署"})
    assert response.status_code == 303
    page = zhi.get("/point/1")
    assert 'id="flash"' in page.text and 'id="percent">40%' in page.text
    store = Store.open(served)
    try:
        row = store.conn.execute(
            "SELECT u.percent, u.note, e.author, e.kind FROM progress_updates u"
            " JOIN events e ON e.id = u.event_id"
        ).fetchall()
    finally:
        store.close()
    assert row == [(40, "已开会部署", "zhi", "progress")]


def test_a_lower_percent_is_refused_with_the_clis_message(app: Any, served: Path, cqvet: Any) -> None:
    """The web refuses 30 % after 40 % without 更正 in the same words as `cqvet progress set`."""
    zhi = log_in(app, "zhi")
    token = csrf_of(zhi.get("/point/1").text)
    zhi.post("/point/1/progress", data={"csrf": token, "percent": "40"})
    before = snapshot(served)
    response = zhi.post("/point/1/progress", data={"csrf": token, "percent": "30"})
    assert response.status_code == 400
    cli = cqvet("progress", "set", "1", "--percent", "30", "--date", "2021-06-15")
    assert cli.exit_code == 2
    assert cli.stderr.strip() in response.text
    assert snapshot(served) == before


def test_script_in_a_note_is_shown_as_text(app: Any) -> None:
    """A note holding <script> comes back escaped on the point page and the dashboard's report."""
    zhi = log_in(app, "zhi")
    token = csrf_of(zhi.get("/point/1").text)
    note = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert (
        zhi.post("/point/1/progress", data={"csrf": token, "percent": "40", "note": note}).status_code == 303
    )
    page = zhi.get("/point/1").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    report = log_in(app, "boss").get("/dashboard/report").text
    assert "<script>alert" not in report and "<img src=x" not in report


def test_five_failed_logins_lock_that_name_from_that_address_for_fifteen_minutes(
    app: Any, served: Path
) -> None:
    """After 5 wrong passwords the right one is refused too (429); another account is not affected."""
    browser = client(app)
    token = csrf_of(browser.get("/login").text)
    for _ in range(5):
        wrong = browser.post("/login", data={"csrf": token, "name": "zhi", "password": "guess-guess"})
        assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.text
    locked = browser.post("/login", data={"csrf": token, "name": "zhi", "password": PASSWORD})
    assert locked.status_code == 429 and "15 分钟内失败 5 次" in locked.text
    assert "token" not in browser.cookies.get("cqvet_session", "")
    assert log_in(app, "gao").get("/office").status_code == 200


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer(app: Any) -> None:
    browser = client(app)
    token = csrf_of(browser.get("/login").text)
    unknown = browser.post("/login", data={"csrf": token, "name": "nobody", "password": "x" * 10})
    wrong = browser.post("/login", data={"csrf": token, "name": "zhi", "password": "x" * 10})
    assert unknown.status_code == wrong.status_code == 401
    assert (
        csrf_of(unknown.text) and "用户名或密码不正确" in unknown.text and "用户名或密码不正确" in wrong.text
    )


def test_a_session_cookie_is_refused_after_logout(app: Any) -> None:
    """A copy of the cookie taken before logout no longer opens any page."""
    zhi = log_in(app, "zhi")
    cookie = zhi.cookies["cqvet_session"]
    zhi.post("/logout", data={"csrf": csrf_of(zhi.get("/office").text)})
    replay = client(app)
    replay.cookies.set("cqvet_session", cookie)
    response = replay.get("/office")
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_a_session_ends_when_the_account_is_disabled(app: Any, cqvet: Any) -> None:
    zhi = log_in(app, "zhi")
    token = csrf_of(zhi.get("/office").text)
    assert cqvet("user", "disable", "zhi").exit_code == 0
    assert zhi.get("/office").status_code == 303
    assert zhi.post("/point/1/progress", data={"csrf": token, "percent": "40"}).status_code == 401
    browser = client(app)
    again = browser.post(
        "/login", data={"csrf": csrf_of(browser.get("/login").text), "name": "zhi", "password": PASSWORD}
    )
    assert again.status_code == 401


def test_the_session_cookie_is_signed_http_only_and_same_site(app: Any) -> None:
    browser = client(app)
    page = browser.get("/login")
    response = browser.post("/login", data={"csrf": csrf_of(page.text), "name": "zhi", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "max-age=28800" in cookie


def test_a_request_naming_another_host_is_refused(app: Any) -> None:
    """DNS rebinding: a Host header that is not this computer gets 400 before any page."""
    browser = client(app)
    response = browser.get("/login", headers={"Host": "evil.example"})
    assert response.status_code == 400 and "不是本机" in response.text


def test_a_failure_inside_a_page_is_one_line_on_the_console_and_no_traceback(
    app: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    zhi = log_in(app, "zhi")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "point_states", broken)
    response = zhi.get("/office")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "disk on fire" not in response.text
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError" in err and "/office" in err


def test_serve_refuses_plain_http_on_a_network_address(cqvet: Any, served: Path) -> None:
    """`--host 0.0.0.0` without `--insecure-http`: one line about HTTPS and a reverse proxy, exit 2."""
    before = snapshot(served)
    result = cqvet("serve", "--host", "0.0.0.0")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "反向代理" in result.stderr and "--insecure-http" in result.stderr
    assert snapshot(served) == before


def test_the_served_process_answers_on_loopback_and_prints_nothing_else(served: Path, tmp_path: Path) -> None:
    """`python -m cqvet serve` as a user starts it: one line saying where, the login page, no traceback."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    env = {**os.environ, "CQVET_LANG": "zh", "PYTHONUNBUFFERED": "1"}
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "cqvet", "--db", str(served), "serve", "--port", str(port)],
            stdout=stdout,
            stderr=stderr,
            env=env,
        )
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        page = ""
        for _ in range(150):
            try:
                with opener.open(f"http://127.0.0.1:{port}/login", timeout=2) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
        assert '<button type="submit" id="login">登录</button>' in page
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert f"正在 http://127.0.0.1:{port}/ 提供服务，需登录" in out.read_text(encoding="utf-8")
    assert "Traceback" not in err.read_text(encoding="utf-8", errors="replace")


def test_a_hash_made_with_other_parameters_is_made_again_at_the_next_login(
    served: Path, real_password_hashes: str
) -> None:
    """The served accounts were hashed with the tests' cheap profile; with the product's own, a
    right password logs in and its hash is replaced by one with the product's parameters, which
    the next login verifies."""
    from cqvet.store_users import user_named

    def stored() -> str:
        store = Store.open(served)
        try:
            user = user_named(store, "zhi")
            assert user is not None
            return user.password_hash
        finally:
            store.close()

    assert not stored().startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    app = build(served, "zh", "127.0.0.1", today=lambda: TODAY)
    log_in(app, "zhi")
    assert stored().startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    log_in(app, "zhi")
