"""`cqvet serve` in a real browser: headless Chromium driven by Playwright (the system's Chromium,
no browser download). An office logs in, acknowledges, reports done with a file attached; the
steering office confirms it; the leader sees it on the dashboard, and `cqvet report` says the same.

The server runs in this process (uvicorn in a thread) with "today" fixed at 2021-06-15. Point 7
is reported through its measures (`MEASURES`), so that the office page and the dashboard show them.
Set CQVET_SCREENSHOTS=docs to keep the screenshots of the office page and the dashboard for the
README.
Skipped without Chromium or Playwright, except in CI (CQVET_REQUIRE_CHROMIUM=1), where that fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_fixtures import PASSWORD, TODAY

from cqvet.serve.app import build

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"

# A real Chromium, started and driven for some 9 s (README, Tests): CI runs it, the inner loop does not.
pytestmark = pytest.mark.slow


def chromium(headless_chromium: list[str]) -> str:
    """The system Chromium found by conftest's `headless_chromium` (skipped without one, failed in
    CI), driven through Playwright, which the `test` extra installs (likewise failed in CI without it)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CQVET_REQUIRE_CHROMIUM") == "1":
            pytest.fail("CQVET_REQUIRE_CHROMIUM=1 but playwright is missing")
        pytest.skip("no playwright (pip install -e '.[test]')")
    return headless_chromium[0]


# Point 7 led by 职成教处 (zhi), reported through its three measures: 7-1 its own, 7-2 高教处's
# with 职成教处 supporting, 7-3 its own, due 9月底. Measure 3-1 of a point without owners is
# 职成教处's too, so the office page also shows a point it answers for only through a measure.
MEASURES = (
    ("owner", "set", "7", "--lead", "职成教处", "--support", "高教处", "--date", "2021-01-01"),
    ("owner", "set", "7-1", "--lead", "职成教处", "--date", "2021-01-01"),
    ("owner", "set", "7-2", "--lead", "高教处", "--support", "职成教处", "--date", "2021-01-01"),
    ("owner", "set", "7-3", "--lead", "职成教处", "--date", "2021-01-01"),
    ("deadline", "set", "7-3", "9月底", "--date", "2021-01-01"),
    ("owner", "set", "3-1", "--lead", "职成教处", "--date", "2021-01-01"),
    ("progress", "set", "7-1", "--percent", "60", "--note", "遴选工作完成", "--date", "2021-06-10"),
    ("progress", "set", "7-2", "--percent", "20", "--note", "评价方案起草中", "--date", "2021-06-08"),
    ("progress", "set", "3-1", "--percent", "50", "--note", "已完成调研", "--date", "2021-06-11"),
)


@pytest.fixture
def measured(served: Path, cqvet: Callable[..., Any]) -> Path:
    """The served database with point 7 reported through its measures (`MEASURES`)."""
    for args in MEASURES:
        result = cqvet(*args)
        assert result.exit_code == 0, result.output
    return served


@pytest.fixture
def server(measured: Path) -> Iterator[str]:
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = build(measured, "zh", "127.0.0.1", today=lambda: TODAY)
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


def keep(page: Any, name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    page.screenshot(path=str(target), full_page=True)
    folder = os.environ.get("CQVET_SCREENSHOTS")
    if folder:
        shutil.copy(target, Path(folder) / name)
    return target


def test_an_office_reports_steering_confirms_and_the_leader_sees_it(
    server: str, tmp_path: Path, cqvet: Callable[..., Any], headless_chromium: list[str]
) -> None:
    binary = chromium(headless_chromium)
    from playwright.sync_api import sync_playwright

    evidence = tmp_path / "会议纪要.pdf"
    evidence.write_bytes(PDF)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=binary, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")

            def log_in(name: str) -> None:
                page.goto(server + "/login")
                page.fill("input[name=name]", name)
                page.fill("input[name=password]", PASSWORD)
                page.click("#login")

            log_in("zhi")
            page.wait_for_selector("#items")
            assert "待签收" in page.inner_text("#point-1")
            assert "承担举措" in page.inner_text("#point-3") and "27%" in page.inner_text("#point-7")
            assert "60%" in page.inner_text("#measure-7-1") and "2021-09-30" in page.inner_text(
                "#measure-7-3"
            )
            assert page.locator("#measure-7-2").count() == 0  # 职成教处 only supports it
            keep(page, "serve-office.png", tmp_path)
            page.click("#point-1 a")
            page.click("#acknowledge")
            assert "已签收第1项" in page.inner_text("#flash")
            page.select_option("#f-status", "done")
            page.fill("#f-note", "已全部完成，<b>附会议纪要</b>")
            page.set_input_files("#f-attach", str(evidence))
            page.click("#submit-progress")
            assert "100%" in page.inner_text("#percent")
            assert "<b>附会议纪要</b>" in page.inner_text("#history")  # shown as typed, not as markup
            page.click("header button")

            log_in("du")
            page.goto(server + "/point/1")
            page.check("input[value=confirm]")
            page.click("#close-point")
            assert "第1项已销号" in page.inner_text("#flash")
            page.click("header button")

            log_in("boss")
            page.wait_for_selector("#points")
            row = page.locator("#points tr", has_text="加强职业院校党建工作")
            assert (
                "100%" in row.inner_text() and "已办结" in row.inner_text()
            )  # confirmed, as the report says
            page.frame_locator("iframe").locator("body").wait_for()
            keep(page, "serve-dashboard.png", tmp_path)
        finally:
            browser.close()
    report = cqvet("report", "--as-of", TODAY.isoformat(), "--format", "json")
    assert report.exit_code == 0
    import json

    (line,) = [p for p in json.loads(report.output)["points"] if p["number"] == 1]
    assert line["percent"] == 100 and line["status"] == "done"
