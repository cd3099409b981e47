"""`cqvet serve` at measure level (issue 15): who sees and writes a point through its measures,
each measure's own form, supporting offices' contributions, and a rolled-up point's form.

The served database (serve_fixtures.py) has point 1 led by 职成教处 and supported by 高教处,
point 2 led by 高教处, point 3 without owners. Here measure 1-2 is led by 高教处 and measure
3-1 by 高教处 with 职成教处 supporting, recorded through `cqvet.measures` as the CLI records them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from serve_fixtures import PASSWORD, TODAY, csrf_of
from starlette.testclient import TestClient

from cqvet import measures
from cqvet.parsing import ItemRef
from cqvet.serve.app import build
from cqvet.store import Store


@pytest.fixture
def app(served: Path) -> Any:
    store = Store.open(served)
    try:
        plan = store.plan()
        for ref, lead, supports in ((ItemRef(1, 2), "高教处", []), (ItemRef(3, 1), "高教处", ["职成教处"])):
            measures.assign_owner(
                store,
                plan,
                ref,
                lead=lead,
                supports=supports,
                effective_on=None,
                author="tester",
                today=TODAY,
            )
    finally:
        store.close()
    return build(served, "zh", "127.0.0.1", today=lambda: TODAY)


def log_in(app: Any, name: str) -> TestClient:
    browser = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    page = browser.get("/login")
    response = browser.post("/login", data={"csrf": csrf_of(page.text), "name": name, "password": PASSWORD})
    assert response.status_code == 303, response.text
    return browser


def point_figures(db: Path, number: int) -> tuple[int, str]:
    store = Store.open(db)
    try:
        state = store.point_states(store.plan(), TODAY, [number], with_targets=False)[0]
        return state.percent, str(state.status)
    finally:
        store.close()


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    store = Store.open(db)
    try:
        return [tuple(r) for r in store.conn.execute(sql).fetchall()]
    finally:
        store.close()


def flash(browser: TestClient, number: int) -> str:
    page = browser.get(f"/point/{number}").text
    return page.split('id="flash">')[1].split("</p>")[0]


def test_a_supporting_offices_report_becomes_its_contribution_and_leaves_the_points_figure(
    app: Any, served: Path
) -> None:
    """高教处 supports point 1: its form is 报送本单位承担部分, and what it sends is listed under
    配合单位报送 while point 1 keeps the 40 % its lead office reported."""
    zhi, gao = log_in(app, "zhi"), log_in(app, "gao")
    lead_page = zhi.get("/point/1").text
    assert "报送本单位承担部分" not in lead_page and "填报进度" in lead_page
    assert (
        zhi.post("/point/1/progress", data={"csrf": csrf_of(lead_page), "percent": "40"}).status_code == 303
    )

    page = gao.get("/point/1").text
    assert "报送本单位承担部分" in page and 'id="f-status"' not in page
    response = gao.post(
        "/point/1/progress", data={"csrf": csrf_of(page), "percent": "20", "note": "已完成调研"}
    )
    assert response.status_code == 303
    assert flash(gao, 1).startswith("已报送高教处在第1项承担部分的情况（2021-06-15，#")
    assert point_figures(served, 1) == (40, "in_progress")
    assert rows(
        served,
        "SELECT u.name, c.percent, c.note, e.author, e.kind FROM contributions c"
        " JOIN units u ON u.id = c.unit_id JOIN events e ON e.id = c.event_id",
    ) == [("高教处", 20, "已完成调研", "gao", "contribution")]
    listed = zhi.get("/point/1").text.split('id="contributions">')[1].split("</table>")[0]
    assert "高教处" in listed and "20%" in listed and "已完成调研" in listed
    assert "配合单位报送" in zhi.get("/point/1").text


def test_a_supporting_office_cannot_set_the_points_status(app: Any, served: Path) -> None:
    """A forged status on a contribution is refused with the CLI's message; nothing is written."""
    gao = log_in(app, "gao")
    token = csrf_of(gao.get("/point/1").text)
    before = snapshot(served)
    response = gao.post("/point/1/progress", data={"csrf": token, "status": "done", "note": "完成"})
    assert response.status_code == 400
    assert "配合单位报送的是本单位承担部分的情况" in response.text
    assert snapshot(served) == before


def test_a_measure_lead_reports_its_measure_and_the_points_percent_rolls_up(app: Any, served: Path) -> None:
    """高教处 leads 1-2: its 60 % makes point 1 20 % (60, 0, 0 over three measures of weight 1)."""
    gao = log_in(app, "gao")
    page = gao.get("/point/1").text
    assert 'id="measure-form-1-2"' in page
    assert 'id="measure-form-1-1"' not in page and 'id="measure-form-1-3"' not in page
    response = gao.post(
        "/point/1/measure/2/progress", data={"csrf": csrf_of(page), "percent": "60", "note": "专业群遴选"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/point/1"
    assert flash(gao, 1).startswith("已记录举措1-2：60%，推进中（2021-06-15，#")
    assert point_figures(served, 1) == (20, "in_progress")
    assert rows(
        served,
        "SELECT m.seq, x.percent, x.note, e.author FROM measure_progress x"
        " JOIN measures m ON m.id = x.measure_id JOIN events e ON e.id = x.event_id",
    ) == [(2, 60, "专业群遴选", "gao")]
    measure_row = gao.get("/point/1").text.split('id="measure-1-2"')[1].split("</tr>")[0]
    assert "60%" in measure_row and "推进中" in measure_row
    history = gao.get("/point/1").text.split('id="history">')[1].split("</table>")[0]
    assert '<td class="nowrap">1-2</td><td>2021-06-15</td><td>60%</td>' in history and "专业群遴选" in history


def test_the_lead_of_a_rolled_up_point_may_write_a_note_only(app: Any, served: Path) -> None:
    """Once 1-2 is reported, 职成教处's form on point 1 has no percent and says why; a forged
    percent is refused with the rule's message and nothing written; a note is recorded."""
    gao, zhi = log_in(app, "gao"), log_in(app, "zhi")
    gao.post("/point/1/measure/2/progress", data={"csrf": csrf_of(gao.get("/point/1").text), "percent": "60"})
    page = zhi.get("/point/1").text
    form = page.split('id="point-form"')[1].split("</form>")[0]
    assert "本项进度由各举措汇总，此处只能填写说明" in form
    assert 'name="percent"' not in form and 'name="status"' not in form
    before = snapshot(served)
    forged = zhi.post("/point/1/progress", data={"csrf": csrf_of(page), "percent": "50"})
    assert forged.status_code == 400 and "第1项的进度由其举措汇总，不能直接设定" in forged.text
    assert snapshot(served) == before
    noted = zhi.post("/point/1/progress", data={"csrf": csrf_of(page), "note": "统筹推进"})
    assert noted.status_code == 303
    assert point_figures(served, 1) == (20, "in_progress")


def test_the_points_lead_reports_a_measure_without_owners_of_its_own(app: Any, served: Path) -> None:
    """1-1 has no owners: 职成教处, the point's lead, answers for it and has its form; 1-2 is 高教处's."""
    zhi = log_in(app, "zhi")
    page = zhi.get("/point/1").text
    assert 'id="measure-form-1-1"' in page and 'id="measure-form-1-2"' not in page
    response = zhi.post("/point/1/measure/1/progress", data={"csrf": csrf_of(page), "status": "done"})
    assert response.status_code == 303
    assert point_figures(served, 1) == (33, "in_progress")


def test_an_office_sees_and_reports_a_point_through_a_measure_it_leads(app: Any, served: Path) -> None:
    """Point 3 has no owners, but 高教处 leads 3-1: 高教处's page lists point 3 with the measure
    under its row, and its report on the point's form is its contribution."""
    gao = log_in(app, "gao")
    office = gao.get("/office").text
    assert 'id="point-3"' in office and 'id="measure-3-1"' in office
    between = office.split('id="point-3"')[1].split('id="measure-3-1"')[0]
    assert 'id="point-' not in between  # right under its point's row
    assert "承担举措" in between
    assert 'id="point-' not in office.split('id="point-1"')[1].split('id="measure-1-2"')[0]
    chosen = log_in(app, "du").get("/office", params={"unit": "高教处"}).text  # steering, as 高教处
    assert all(
        f'id="{row}"' in chosen for row in ("point-1", "measure-1-2", "point-2", "point-3", "measure-3-1")
    )
    assert 'id="measure-1-1"' not in chosen
    page = gao.get("/point/3")
    assert page.status_code == 200 and 'id="measure-form-3-1"' in page.text
    token = csrf_of(page.text)
    assert gao.post("/point/3/measure/1/progress", data={"csrf": token, "percent": "30"}).status_code == 303
    assert gao.post("/point/3/progress", data={"csrf": token, "note": "牵头举措3-1"}).status_code == 303
    assert rows(served, "SELECT note FROM contributions") == [("牵头举措3-1",)]
    assert point_figures(served, 3)[0] == 8  # 30 over four measures: 7.5, rounded half up


def test_a_supporting_office_of_a_measure_sees_the_point_but_not_its_measure_form(
    app: Any, served: Path
) -> None:
    """职成教处 supports 3-1: it reads point 3 and reports its part, but cannot record 3-1 (403)."""
    zhi = log_in(app, "zhi")
    office = zhi.get("/office").text
    assert 'id="point-3"' in office and 'id="measure-3-1"' not in office  # listed: the measures it leads
    page = zhi.get("/point/3")
    assert page.status_code == 200 and 'id="measure-form-3-1"' not in page.text
    assert "报送本单位承担部分" in page.text
    token = csrf_of(page.text)
    before = snapshot(served)
    forged = zhi.post("/point/3/measure/1/progress", data={"csrf": token, "percent": "50"})
    assert forged.status_code == 403 and "无权查看或办理该事项" in forged.text
    assert snapshot(served) == before


def test_a_forged_post_on_another_offices_measure_is_403_and_writes_nothing(app: Any, served: Path) -> None:
    """With a valid CSRF token: 职成教处 on 1-2 (高教处's) and on point 2's measures (not its point),
    高教处 on 1-1 (the point's lead answers for it), a leader on any: 403 each, the ledger unchanged."""
    zhi, gao, boss = log_in(app, "zhi"), log_in(app, "gao"), log_in(app, "boss")
    attempts = [
        (zhi, "/point/1/measure/2/progress"),
        (zhi, "/point/2/measure/1/progress"),
        (gao, "/point/1/measure/1/progress"),
        (boss, "/point/1/measure/2/progress"),
    ]
    tokens = {id(zhi): csrf_of(zhi.get("/point/1").text), id(gao): csrf_of(gao.get("/point/1").text)}
    tokens[id(boss)] = csrf_of(boss.get("/point/1").text)
    before = snapshot(served)
    for browser, url in attempts:
        response = browser.post(url, data={"csrf": tokens[id(browser)], "percent": "90", "note": "伪造"})
        assert response.status_code == 403, url
        assert "无权查看或办理该事项" in response.text
    assert snapshot(served) == before


def test_a_measure_post_without_a_valid_csrf_token_or_session_is_refused(app: Any, served: Path) -> None:
    """No token, a made-up one, another session's: 403; no session at all: 401; nothing written."""
    gao, zhi = log_in(app, "gao"), log_in(app, "zhi")
    foreign = csrf_of(zhi.get("/point/1").text)
    before = snapshot(served)
    for data in ({}, {"csrf": "forged"}, {"csrf": foreign}):
        response = gao.post("/point/1/measure/2/progress", data={**data, "percent": "40"})
        assert response.status_code == 403
        assert "表单已过期或不是从本系统页面提交的" in response.text
    stranger = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    token = csrf_of(stranger.get("/login").text)
    anonymous = stranger.post("/point/1/measure/2/progress", data={"csrf": token, "percent": "40"})
    assert anonymous.status_code == 401 and "请先登录" in anonymous.text
    assert snapshot(served) == before


def test_an_unknown_measure_is_404_with_the_clis_message(app: Any, served: Path) -> None:
    du = log_in(app, "du")
    token = csrf_of(du.get("/point/1").text)
    before = snapshot(served)
    missing = du.post("/point/1/measure/9/progress", data={"csrf": token, "percent": "40"})
    assert missing.status_code == 404 and "第1项没有举措（9）（该项共3条举措）" in missing.text
    garbled = du.post("/point/1/measure/x/progress", data={"csrf": token, "percent": "40"})
    assert garbled.status_code == 404 and "“1-x”不是工作要点或举措的编号" in garbled.text
    assert snapshot(served) == before


def test_steering_reports_any_measure_and_a_lower_percent_needs_a_correction(app: Any, served: Path) -> None:
    """办公室 (steering) has every measure's form; a lower figure is refused unless marked 更正."""
    du = log_in(app, "du")
    page = du.get("/point/1").text
    assert all(f'id="measure-form-1-{seq}"' in page for seq in (1, 2, 3))
    token = csrf_of(page)
    assert du.post("/point/1/measure/3/progress", data={"csrf": token, "percent": "50"}).status_code == 303
    before = snapshot(served)
    lower = du.post("/point/1/measure/3/progress", data={"csrf": token, "percent": "30"})
    assert lower.status_code == 400 and "30" in lower.text and "50" in lower.text
    assert snapshot(served) == before
    fixed = du.post("/point/1/measure/3/progress", data={"csrf": token, "percent": "30", "correct": "1"})
    assert fixed.status_code == 303
    assert point_figures(served, 1) == (10, "in_progress")
    assert rows(served, "SELECT author FROM events WHERE kind = 'measure_progress'") == [("du",), ("du",)]


def test_measures_are_listed_on_the_point_page_with_offices_deadline_and_colour(app: Any) -> None:
    """Every measure of point 1, named 1-1 … 1-3, with its lead (1-1 the point's, for want of its
    own), its deadline (the point's, marked 随本项) and its health against 序时进度."""
    boss = log_in(app, "boss")
    page = boss.get("/point/1").text
    table = page.split('id="measures">')[1].split("</table>")[0]
    assert [f"measure-1-{seq}" in table for seq in (1, 2, 3)] == [True, True, True]
    first = table.split('id="measure-1-1"')[1].split("</tr>")[0]
    assert "职成教处" in first and "2021-09-30（随本项）" in first
    second = table.split('id="measure-1-2"')[1].split("</tr>")[0]
    assert "高教处" in second and "0%" in second and "滞后" in second
    assert 'class="colour-yellow" id="measure-1-2"' in table
    assert "measure-form" not in page  # a leader writes nothing


def test_evidence_sent_with_a_measure_or_a_contribution_is_kept_and_dated_by_its_report(
    app: Any, served: Path
) -> None:
    """高教处 attaches a PDF to its 1-2 report (dated 6月1日) and another to its part of point 1:
    both are listed under the point with their report's day and download intact."""
    import io

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
    gao = log_in(app, "gao")
    token = csrf_of(gao.get("/point/1").text)
    sent = gao.post(
        "/point/1/measure/2/progress",
        data={"csrf": token, "percent": "40", "date": "6月1日"},
        files=[("attach", ("遴选方案.pdf", io.BytesIO(pdf), "application/pdf"))],
    )
    assert sent.status_code == 303
    part = gao.post(
        "/point/1/progress",
        data={"csrf": token, "note": "配合"},
        files=[("attach", ("配合材料.pdf", io.BytesIO(pdf + b"%"), "application/pdf"))],
    )
    assert part.status_code == 303
    listed = gao.get("/point/1").text.split('id="attachments">')[1].split("</ul>")[0]
    assert "遴选方案.pdf</a>（2021-06-01）" in listed and "配合材料.pdf</a>（2021-06-15）" in listed
    link = listed.split('href="')[1].split('"')[0]
    assert gao.get(link).content == pdf
    assert rows(
        served, "SELECT e.kind FROM progress_attachments a JOIN events e ON e.id = a.event_id ORDER BY a.id"
    ) == [
        ("measure_progress",),
        ("contribution",),
    ]


def test_any_text_in_a_measures_address_is_read_as_the_cli_reads_a_measure_and_writes_nothing(
    app: Any, served: Path
) -> None:
    """Whatever stands where the measure's number goes, the answer is `parse_item`'s reading of
    `1-<text>`: a measure of point 1 reaches the rules (here: nothing to record, 400), anything
    else is 404 with a message; never a failure, never a write."""
    from urllib.parse import quote

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cqvet.errors import CqvetError
    from cqvet.parsing import parse_item

    du = log_in(app, "du")
    token = csrf_of(du.get("/point/1").text)
    before = snapshot(served)

    @settings(max_examples=30, deadline=None)  # each example is an HTTP request (~30 ms)
    @given(st.one_of(st.text(min_size=1, max_size=8), st.from_regex(r"\A[0-9０-９]{1,3}\Z")))
    def answers(seq: str) -> None:
        if "/" in seq:
            return  # another route (or none): not a measure's address
        try:
            ref = parse_item(f"1-{seq}")
            expected = 400 if ref.measure is not None and 1 <= ref.measure <= 3 else 404
        except CqvetError:
            expected = 404
        response = du.post(f"/point/1/measure/{quote(seq, safe='')}/progress", data={"csrf": token})
        assert response.status_code == expected, (seq, response.text[-300:])
        assert "错误：" in response.text

    answers()
    assert snapshot(served) == before
