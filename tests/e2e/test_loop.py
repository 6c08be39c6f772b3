"""Browser tests of mock interviews, the review queue and the progress dashboard.

The mock test runs its own ``mlquiz serve`` so it can restart it mid-round: deadlines and
drafts live in the database, so nothing is lost. It waits for a real one-minute round to run
out (no timing is asserted, only what the page shows afterwards).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.conftest import Server, _require_browser, sign_up
from tests.servers import FIXTURE_BANK, free_port, server_env

MOCK_BANK = Path(__file__).resolve().parent / "mockbank"
SHOTS = os.environ.get("MLQUIZ_SCREENSHOTS")


class Restartable:
    """``mlquiz serve`` on a fixed port and data directory that can be stopped and started."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "serve.log"

    def start(self) -> None:
        import socket

        env = server_env(self.data_dir)
        env["MLQUIZ_BANK_PATHS"] = os.pathsep.join([str(FIXTURE_BANK), str(MOCK_BANK)])
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mlquiz", "serve", "--port", str(self.port)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"mlquiz serve exited early:\n{self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"mlquiz serve did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Restartable]:
    _require_browser()
    server = Restartable(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_browser(browser: Any) -> Any:
    """The session's Chromium (one Playwright per process), pointed at our own server."""
    return browser


def open_page(browser: Any, server: Restartable, color_scheme: str = "light") -> Any:
    context = browser.new_context(
        base_url=server.url, viewport={"width": 1366, "height": 820}, color_scheme=color_scheme
    )
    context.set_default_timeout(30_000)
    return context.new_page()


@pytest.fixture
def own_page(own_browser: Any, own_server: Restartable) -> Any:
    return open_page(own_browser, own_server)


def collect_errors(page: Any) -> list[str]:
    """JavaScript errors and failed requests (the browser's own favicon probe aside)."""
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response: Any) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", on_response)
    return errors


def test_short_mock_with_restart_and_timeout(own_page: Any, own_server: Restartable) -> None:
    page = own_page
    errors = collect_errors(page)
    sign_up(page)
    page.goto("/mocks/")
    page.click("[data-start='mock/e2e-short']")
    page.wait_for_url("**/mocks/*/")
    take_url = page.url
    assert "Round 1 of 2" in page.inner_text("h1")
    assert page.locator("[data-countdown]").is_visible()
    # pick an option and move on: the pick is saved as a draft, not submitted
    page.locator(".option").first.click()
    page.wait_for_function("document.querySelector('[data-save-state]').textContent == 'Saved'")
    picked = page.locator(".option input").first.get_attribute("value")
    page.locator("[data-mock-nav] a").nth(1).click()
    page.wait_for_url("**?q=quick:2")
    page.fill("textarea[name=text]", "Gradients shrink through saturating sigmoids; use ReLU.")
    page.wait_for_function("document.querySelector('[data-save-state]').textContent == 'Saved'")

    own_server.stop()
    own_server.start()
    page.goto(take_url + "?q=quick:2")
    assert "Round 1 of 2" in page.inner_text("h1")
    assert "saturating sigmoids" in page.input_value("textarea[name=text]")
    page.locator("[data-mock-nav] a").first.click()
    assert page.locator(f".option input[value='{picked}']").is_checked()

    # the round runs out: the page moves on by itself, having submitted both drafts
    page.wait_for_function(
        "document.querySelector('h1') && document.querySelector('h1').textContent"
        ".includes('Round 2 of 2')",
        timeout=120_000,
    )
    assert page.locator("[data-mock-nav] .status-solved").count() == 0
    page.fill("textarea[name=requirements]", "Clarify scale and latency first.")
    page.click("button[type=submit]:has-text('Submit answer')")
    page.wait_for_url("**/report/")
    text = page.inner_text("main")
    assert "Overall" in text
    assert text.count("auto-submitted") == 2
    assert "Quick theory" in text
    assert "timed out" in text
    assert not errors, errors


def test_coding_round_in_the_editor(own_page: Any) -> None:
    """The mock's code editor saves drafts; submitting grades in the sandbox; report shows it."""
    page = own_page
    errors = collect_errors(page)
    sign_up(page)
    page.goto("/mocks/")
    page.click("[data-start='mock/e2e-code']")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("def add(a, b):\nreturn a + b\n")
    page.wait_for_function("document.querySelector('[data-save-state]').textContent == 'Saved'")
    page.reload()
    assert "return a + b" in page.locator(".cm-content").inner_text()
    page.get_by_role("button", name="Submit answer").click()
    page.wait_for_url("**/report/")
    # the grading worker may finish after the report is first shown: reload until it has
    for _ in range(60):
        if page.inner_text("[data-overall]").strip() == "100.0%":
            break
        time.sleep(1)
        page.reload()
    assert page.inner_text("[data-overall]").strip() == "100.0%"
    assert not errors, errors


def test_review_queue_and_dashboard(new_page: Any, server: Server) -> None:
    page = new_page()
    errors = collect_errors(page)
    sign_up(page)
    page.goto("/q/ml_theory/testing/web-mcq/")
    page.locator(".option").first.click()
    page.get_by_role("button", name="Submit answer").click()
    page.locator(".result").wait_for()
    page.goto("/review/")
    assert "Recent reviews" in page.inner_text("main")
    queue = page.locator("[data-review-queue]")
    assert queue.locator("[data-card]").count() >= 1  # new questions are introduced
    # override the automatic rating of the answer just given
    page.locator("form[action*='/review/override/'] button:has-text('Easy')").click()
    page.wait_for_url("**/review/")
    assert page.locator("button[aria-pressed=true]").inner_text() == "Easy"
    page.goto("/progress/")
    page.wait_for_function("document.documentElement.dataset.chartsReady === '1'")
    for canvas in ("chart-mastery", "chart-accuracy"):
        box = page.locator(f"#{canvas}").bounding_box()
        assert box is not None
        assert box["width"] > 100
    assert not errors, errors


@pytest.mark.skipif(not SHOTS, reason="set MLQUIZ_SCREENSHOTS=<dir> to take screenshots")
def test_loop_screenshots(own_browser: Any, own_server: Restartable) -> None:
    """Screenshots of every new page in both themes (written to $MLQUIZ_SCREENSHOTS)."""
    out = Path(SHOTS or "/tmp")
    out.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        page = open_page(own_browser, own_server, scheme)
        sign_up(page)
        page.goto("/mocks/")
        page.screenshot(path=str(out / f"mocks-{scheme}.png"), full_page=True)
        page.click("[data-start='mock/e2e-short']")
        page.wait_for_url("**/mocks/*/")
        page.screenshot(path=str(out / f"take-{scheme}.png"), full_page=True)
        page.on("dialog", lambda d: d.accept())
        page.click("[data-end-zone]")
        page.wait_for_selector("text=Round 2 of 2")
        page.screenshot(path=str(out / f"take-design-{scheme}.png"), full_page=True)
        page.click("[data-end-zone]")
        page.wait_for_url("**/report/")
        page.screenshot(path=str(out / f"report-{scheme}.png"), full_page=True)
        page.emulate_media(media="print")
        page.screenshot(path=str(out / f"report-print-{scheme}.png"), full_page=True)
        page.emulate_media(media="screen")
        for path, name in (("/review/", "review"), ("/progress/", "progress")):
            page.goto(path)
            page.screenshot(path=str(out / f"{name}-{scheme}.png"), full_page=True)
        page.goto("/mocks/")
        page.click("[data-start='mock/e2e-code']")
        page.wait_for_selector(".cm-editor")
        page.screenshot(path=str(out / f"take-code-{scheme}.png"), full_page=True)
        page.context.close()
