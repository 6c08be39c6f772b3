"""The issue's browser journeys, through a real server, worker, sandbox and Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.conftest import Server, sign_up

MCQ = "/q/ml_theory/testing/web-mcq/"
ADD = "/q/coding/testing/web-add/"
DESIGN = "/q/ml_system_design/testing/web-design/"
WRONG = "def add(a: int, b: int) -> int:\n    return a - b\n"
RIGHT = "def add(a: int, b: int) -> int:\n    return a + b\n"


def require_sandbox() -> None:
    from mlquiz.grading.code.sandbox.capabilities import check_capabilities

    report = check_capabilities()
    if not report.ok:
        message = f"code sandbox unavailable:\n{report.explain()}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def set_code(page: Any, code: str) -> None:
    page.wait_for_selector(".cm-editor")
    page.evaluate("code => window.__mlquizEditor.setValue(code)", code)


def test_sign_up_and_answer_an_mcq(new_page: Any) -> None:
    page = new_page()
    name = sign_up(page)
    assert page.locator(".topbar").get_by_text(name).is_visible()
    page.get_by_role("link", name="Which split estimates generalisation").click()
    page.wait_for_url(f"**{MCQ}")
    assert page.locator("#prompt .katex").count() >= 1  # LaTeX typeset by KaTeX
    page.get_by_text("The held-out test set, used once at the end").click()
    page.get_by_role("button", name="Submit answer").click()
    result = page.locator(".result")
    result.wait_for()
    assert "Correct" in result.inner_text()
    assert page.get_by_text("Every dataset that influenced a decision").is_visible()
    assert page.get_by_text("Tuning chose the model that looks best").is_visible()
    page.goto("/bank/?status=solved")
    assert page.get_by_role("link", name="Which split estimates generalisation").is_visible()


def test_keyboard_only_mcq(new_page: Any) -> None:
    page = new_page()
    sign_up(page)
    page.goto(MCQ)
    page.locator("body").press("b")
    page.keyboard.press("Enter")
    page.locator(".result").wait_for()
    assert page.locator(".option.is-correct").count() == 1


def test_coding_wrong_then_right(new_page: Any, server: Server) -> None:
    require_sandbox()
    page = new_page()
    sign_up(page)
    page.goto(ADD)
    set_code(page, WRONG)
    page.click("#run-button")
    page.wait_for_selector('[data-verdict="WA"]')
    assert page.get_by_text("Wrong answer").first.is_visible()
    set_code(page, RIGHT)
    page.click("#submit-button")
    page.wait_for_selector('[data-verdict="AC"]')
    assert page.locator(".test-result").count() == 4  # 2 public + 2 hidden
    page.wait_for_function("document.getElementById('submission-count').textContent.trim() == '2'")
    page.click("#tab-btn-explanation")
    assert page.get_by_text("Addition is commutative").is_visible()
    # the draft survives a reload
    page.reload()
    page.wait_for_selector(".cm-editor")
    assert "return a + b" in page.evaluate("window.__mlquizEditor.getValue()")


def test_double_clicked_submit_makes_one_submission(new_page: Any) -> None:
    require_sandbox()
    page = new_page()
    sign_up(page)
    page.goto(ADD)
    set_code(page, RIGHT)
    page.dblclick("#submit-button")
    page.wait_for_selector('[data-verdict="AC"]')
    page.wait_for_function("document.getElementById('submission-count').textContent.trim() == '1'")
    history = page.request.get("/api/questions/coding/testing/web-add/submissions").json()
    assert len(history) == 1


def test_system_design_answer_shows_coverage(new_page: Any) -> None:
    page = new_page()
    sign_up(page)
    page.goto(DESIGN)
    page.fill("#step-requirements-text", "Latency under 200 ms for 50 million users.")
    page.fill("#step-data-text", "Use watch time as implicit feedback.")
    page.fill("#step-model-text", "Start with a transformer first.")
    page.fill("#step-serving-text", "Run an A/B test and monitor dashboards.")
    page.get_by_role("button", name="Submit design").click()
    page.locator("#design-result").wait_for()
    assert re.search(r"Coverage \d+%", page.locator("#design-result").inner_text())
    assert page.get_by_text("Jumps to deep learning before a simple baseline.").is_visible()
    assert page.locator(".meter").count() == 4
    page.get_by_text("Reference answer: model").click()
    assert page.get_by_text("Popularity baseline, then two-tower retrieval").is_visible()


def test_second_user_cannot_open_first_users_submission(new_page: Any) -> None:
    first = new_page()
    sign_up(first)
    first.goto(ADD)
    set_code(first, WRONG)
    first.click("#run-button")
    first.wait_for_selector("[data-verdict]")
    first.click("#tab-btn-submissions")
    link = first.locator("#tab-submissions a").first
    first.locator("#tab-submissions summary").first.click()
    href = link.get_attribute("href")
    assert href
    assert re.fullmatch(r"/submissions/\d+/", href)
    assert first.goto(href).status == 200
    second = new_page()
    sign_up(second)
    response = second.goto(href)
    assert response.status == 404
    assert second.get_by_text("Nothing here").is_visible()
    assert "return a - b" not in second.content()


SHOTS = os.environ.get("MLQUIZ_SCREENSHOTS")


def shot(page: Any, path: Path, *, full: bool = False) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.move(0, 0)
    page.screenshot(path=path, full_page=full)


@pytest.mark.skipif(not SHOTS, reason="set MLQUIZ_SCREENSHOTS=<dir> to take screenshots")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(new_page: Any, scheme: str) -> None:
    out = Path(SHOTS or "/tmp")
    out.mkdir(parents=True, exist_ok=True)
    page = new_page(scheme)
    page.goto("/")
    shot(page, out / f"home-anon-{scheme}.png", full=True)
    page.goto("/accounts/signup/")
    shot(page, out / f"signup-{scheme}.png")
    sign_up(page)
    shot(page, out / f"bank-{scheme}.png", full=True)
    page.goto(MCQ)
    shot(page, out / f"mcq-{scheme}.png", full=True)
    page.get_by_text("The validation set you tuned on").click()
    page.get_by_role("button", name="Submit answer").click()
    page.locator(".result").wait_for()
    shot(page, out / f"mcq-answered-{scheme}.png", full=True)
    page.goto("/q/ml_theory/testing/web-numeric/")
    page.fill("#answer", "about half")
    page.get_by_role("button", name="Check answer").click()
    page.locator("#practice .alert-error").wait_for()
    shot(page, out / f"numeric-error-{scheme}.png", full=True)
    page.goto("/q/ml_theory/testing/web-short/")
    page.fill(
        "#answer-text", "The chain rule multiplies many small derivatives. ReLU always fixes it."
    )
    page.get_by_role("button", name="Submit answer").click()
    page.locator(".result").wait_for()
    shot(page, out / f"short-{scheme}.png", full=True)
    page.goto(ADD)
    set_code(page, WRONG + "    # print('x')\n")
    page.click("#run-button")
    page.wait_for_selector("[data-verdict]")
    shot(page, out / f"coding-{scheme}.png")
    page.goto(DESIGN)
    page.fill("#step-requirements-text", "Latency under 200 ms for 50 million users.")
    page.fill("#step-model-text", "Start with a transformer first.")
    page.get_by_role("button", name="Submit design").click()
    page.locator("#design-result").wait_for()
    shot(page, out / f"design-{scheme}.png", full=True)
    page.goto("/")
    shot(page, out / f"home-{scheme}.png", full=True)
    page.goto("/q/nope/nope/")
    shot(page, out / f"404-{scheme}.png")
