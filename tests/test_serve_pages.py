"""`cqvet serve`'s pages do what the CLI does, through the same rules: 签收, reports with evidence,
steering's owners, deadlines, 办结 review and notices, the downloads, the leader's dashboard."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, snapshot
from serve_fixtures import PASSWORD, TODAY, csrf_of
from starlette.testclient import TestClient

from cqvet.serve.app import build
from cqvet.store import Store

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def app(served: Path) -> Any:
    return build(served, "zh", "127.0.0.1", today=lambda: TODAY)


def log_in(app: Any, name: str) -> TestClient:
    browser = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    page = browser.get("/login")
    response = browser.post("/login", data={"csrf": csrf_of(page.text), "name": name, "password": PASSWORD})
    assert response.status_code == 303
    return browser


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    store = Store.open(db)
    try:
        return [tuple(r) for r in store.conn.execute(sql).fetchall()]
    finally:
        store.close()


def test_an_office_acknowledges_its_assignment_once(app: Any, served: Path) -> None:
    """签收 is an `acknowledge` event by the user; the page then says 已签收; a second one is refused."""
    zhi = log_in(app, "zhi")
    assert "待签收" in zhi.get("/office").text
    token = csrf_of(zhi.get("/point/1").text)
    assert 'id="acknowledge"' in zhi.get("/point/1").text
    assert zhi.post("/point/1/ack", data={"csrf": token}).status_code == 303
    assert rows(served, "SELECT kind, author FROM events WHERE kind = 'acknowledge'") == [
        ("acknowledge", "zhi")
    ]
    assert "已签收" in zhi.get("/office").text and 'id="acknowledge"' not in zhi.get("/point/1").text
    before = snapshot(served)
    again = zhi.post("/point/1/ack", data={"csrf": token})
    assert again.status_code == 400 and "第1项没有待签收的分工" in again.text
    assert snapshot(served) == before


def test_a_reassignment_asks_for_a_new_acknowledgement(app: Any, cqvet: Any) -> None:
    zhi = log_in(app, "zhi")
    zhi.post("/point/1/ack", data={"csrf": csrf_of(zhi.get("/point/1").text)})
    assert (
        cqvet(
            "owner", "set", "1", "--lead", "职成教处", "--support", "办公室", "--date", "2021-06-01"
        ).exit_code
        == 0
    )
    assert "待签收" in zhi.get("/office").text


def test_a_report_with_evidence_stores_the_file_with_the_update(app: Any, served: Path) -> None:
    gao = log_in(app, "gao")  # a supporting office: its part of point 1 (a contribution) carries evidence too
    token = csrf_of(gao.get("/point/1").text)
    files = [("attach", ("会议纪要.pdf", io.BytesIO(PDF), "application/pdf"))]
    response = gao.post(
        "/point/1/progress", data={"csrf": token, "percent": "35", "note": "配合"}, files=files
    )
    assert response.status_code == 303
    found = rows(
        served,
        "SELECT a.name, x.media_type, e.author FROM progress_attachments a JOIN attachments x"
        " ON x.id = a.attachment_id JOIN events e ON e.id = a.event_id",
    )
    assert found == [("会议纪要.pdf", "application/pdf", "gao")]


def test_a_file_of_an_unaccepted_kind_refuses_the_whole_report(app: Any, served: Path) -> None:
    gao = log_in(app, "gao")
    token = csrf_of(gao.get("/point/1").text)
    before = snapshot(served)
    files = [("attach", ("x.exe", io.BytesIO(b"MZ\x90\x00"), "application/octet-stream"))]
    response = gao.post("/point/1/progress", data={"csrf": token, "percent": "35"}, files=files)
    assert response.status_code == 400 and "佐证材料 x.exe 的内容不是" in response.text
    assert snapshot(served) == before


def test_steering_sets_owner_and_deadline_and_reviews_done(app: Any, served: Path) -> None:
    """Steering reassigns point 3, moves its deadline, confirms point 2's done; a return needs a reason."""
    du = log_in(app, "du")
    token = csrf_of(du.get("/point/3").text)
    assert (
        du.post("/point/3/owner", data={"csrf": token, "lead": "职成教处", "supports": "高教处"}).status_code
        == 303
    )
    assert du.post("/point/3/deadline", data={"csrf": token, "due": "9月底"}).status_code == 303
    page = du.get("/point/3").text
    assert "2021-09-30" in page and "职成教处" in page
    gao = log_in(app, "gao")
    gao.post("/point/2/progress", data={"csrf": csrf_of(gao.get("/point/2").text), "status": "done"})
    no_reason = du.post("/point/2/close", data={"csrf": token, "decision": "return", "reason": ""})
    assert no_reason.status_code == 400
    assert du.post("/point/2/close", data={"csrf": token, "decision": "confirm"}).status_code == 303
    assert rows(served, "SELECT decision FROM closures") == [("confirm",)]
    authors = rows(served, "SELECT DISTINCT author FROM events WHERE kind IN ('owner', 'deadline', 'close')")
    assert ("du",) in authors


def test_steering_issues_notices_and_the_office_downloads_its_own(app: Any, served: Path) -> None:
    """Point 2 (高教处, due at year end, 0 %) is behind on 15 June: a yellow item on 高教处's 督办单."""
    du = log_in(app, "du")
    assert du.post("/notices", data={"csrf": csrf_of(du.get("/office").text)}).status_code == 303
    assert rows(served, "SELECT count(*) FROM events WHERE kind = 'notice' AND author = 'du'") == [(1,)]
    gao = log_in(app, "gao")
    notice = gao.get("/office/notice.docx")
    assert notice.status_code == 200 and notice.content.startswith(b"PK")
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(notice.content)).paragraphs)
    assert "高教处" in text
    form = gao.get("/office/form.xlsx")
    assert form.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(form.content)).active
    assert sheet is not None
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any("高等" in str(v) or "高教处" in str(v) for v in values)


def test_an_office_cannot_download_another_offices_form(app: Any) -> None:
    """`?unit=` is steering's; an office always gets its own office's files."""
    zhi = log_in(app, "zhi")
    form = zhi.get("/office/form.xlsx?unit=高教处")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(form.content)).active
    assert sheet is not None
    values = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert "职成教处" in values and "高教处" not in values.replace("职成教处", "")


def test_the_leaders_dashboard_is_the_report_filtered_by_office_section_and_leader(app: Any) -> None:
    boss = log_in(app, "boss")
    every = boss.get("/dashboard")
    assert every.status_code == 200 and "领导看板" in every.text
    assert every.text.count('<a href="/point/') == 17
    by_office = boss.get("/dashboard", params={"office": "高教处"}).text
    assert by_office.count('<a href="/point/') == 2
    by_leader = boss.get("/dashboard", params={"leader": "张副主任"}).text
    assert by_leader.count('<a href="/point/') == 1
    report = boss.get("/dashboard/report", params={"office": "高教处"})
    assert report.status_code == 200 and "<html" in report.text
    assert boss.get("/scorecard").status_code == 200
    history = boss.get("/point/1")
    assert history.status_code == 200 and 'id="history"' in history.text


def test_a_request_larger_than_five_evidence_files_is_refused_before_it_is_read(
    app: Any, served: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """413 with the limit in words, nothing recorded (the limit lowered here to keep the test small)."""
    import cqvet.serve.app as served_app

    zhi = log_in(app, "zhi")
    token = csrf_of(zhi.get("/point/1").text)
    monkeypatch.setattr(served_app, "MAX_REQUEST_BYTES", 10_000)
    before = snapshot(served)
    files = [("attach", ("big.pdf", io.BytesIO(PDF + b"0" * 20_000), "application/pdf"))]
    response = zhi.post("/point/1/progress", data={"csrf": token, "percent": "30"}, files=files)
    assert response.status_code == 413 and "佐证材料每份不超过 20 兆字节" in response.text
    assert snapshot(served) == before


def test_evidence_is_listed_and_downloaded_only_through_its_own_point(app: Any) -> None:
    """Steering downloads the file byte for byte from point 1's page; the same id under point 2 is 404,
    and 职成教处 (which may not read point 2) gets 403 there."""
    gao = log_in(app, "gao")
    token = csrf_of(gao.get("/point/1").text)
    files = [("attach", ("纪要.pdf", io.BytesIO(PDF), "application/pdf"))]
    gao.post("/point/1/progress", data={"csrf": token, "percent": "35"}, files=files)
    du = log_in(app, "du")
    page = du.get("/point/1").text
    import re

    link = re.search(r'href="(/point/1/attachment/(\d+))">纪要.pdf</a>', page)
    assert link, page
    download = du.get(link[1])
    assert download.status_code == 200 and download.content == PDF
    assert du.get(f"/point/2/attachment/{link[2]}").status_code == 404
    assert log_in(app, "zhi").get(f"/point/2/attachment/{link[2]}").status_code == 403


def test_every_page_speaks_english_with_lang_en(served: Path) -> None:
    """`cqvet --lang en serve`: the same pages, every word from the catalogue's English side."""
    english = build(served, "en", "127.0.0.1", today=lambda: TODAY)
    browser = TestClient(english, base_url="http://127.0.0.1", follow_redirects=False)
    login = browser.get("/login")
    assert "Log in" in login.text
    browser.post("/login", data={"csrf": csrf_of(login.text), "name": "du", "password": PASSWORD})
    for path, words in (
        ("/office", "Items of every office"),
        ("/point/1", "Report progress"),
        ("/dashboard", "Every point"),
        ("/scorecard", "Reports on time"),
    ):
        page = browser.get(path)
        assert page.status_code == 200 and words in page.text, path
        main = page.text.split("<main>")[1].split("</main>")[0]
        assert not [w for w in ("签收", "填报", "领导看板") if w in main], path


def test_the_dashboards_counts_are_the_reports_own_in_a_plan_that_requires_review(
    app: Any, cqvet: Run
) -> None:
    """Point 2 reported done but not yet confirmed: the dashboard, like `cqvet report`, counts it
    under 待审核, not under 已办结 (it used to count every point whose health is done)."""
    import json
    import re

    gao = log_in(app, "gao")
    gao.post("/point/2/progress", data={"csrf": csrf_of(gao.get("/point/2").text), "status": "done"})
    page = log_in(app, "boss").get("/dashboard").text
    summary = page.split('id="summary"')[1].split("</table>")[0]
    assert "<th>已办结</th>" in summary and "<th>待审核</th>" in summary
    shown = {key: int(re.search(rf'id="summary-{key}">(\d+)<', summary)[1]) for key in ("done", "pending")}
    report = cqvet("report", "--as-of", TODAY.isoformat(), "--format", "json")
    assert report.exit_code == 0
    figures = json.loads(report.stdout)["summary"]
    assert (
        shown == {"done": figures["done"], "pending": figures["pending_review"]} == {"done": 0, "pending": 1}
    )
    # and the point's row says 待审核 as the report's rows do, not 已完成
    row = page.split('<a href="/point/2">')[1].split("</tr>")[0]
    assert "待审核" in row and "已完成" not in row


def test_the_scorecard_page_has_the_scorecards_title_columns_rank_and_rates(app: Any, cqvet: Run) -> None:
    """The page says which quarter and which day it scores, and has `cqvet scorecard`'s columns:
    名次 first, then shares as percentages (按时报送率, 序时推进率), not bare counts."""
    import re

    page = log_in(app, "boss").get("/scorecard").text
    assert "2021年第二季度各单位督办考评（截至2021年6月15日）" in page
    heads = re.findall(r"<th>([^<]+)</th>", page.split('id="scores"')[1])
    terminal = cqvet("scorecard", "-q", "2021Q2").stdout
    assert heads[0] == "名次" and {"按时报送率", "序时推进率", "逾期事项"} <= set(heads)
    assert all(head in terminal for head in heads)
    first = re.findall(r"<td[^>]*>([^<]*)</td>", page.split('id="scores"')[1])[: len(heads)]
    assert first[0] == "1" and re.fullmatch(r"\d+\.\d%|—", first[3])
