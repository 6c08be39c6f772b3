"""Free-text grading in the web app: the engine's result on the page, and the user's last word.

The user confirms or toggles the items the grader matched; the final score, ``correct`` and the
review rating follow their choice, and the agreement with the grader is kept per attempt and
shown to staff per question.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from mlquiz.grading.text import embeddings
from mlquiz.grading.text.confirm import AGAIN, EASY, GOOD
from mlquiz.web.practice.models import Attempt

SHORT = "ml_theory/testing/web-short"
DESIGN = "ml_system_design/testing/web-design"

pytestmark = pytest.mark.django_db


def post(client: Client, qid: str, data: dict[str, object]) -> tuple[int, str]:
    response = client.post(f"/answer/{qid}/", data)
    return response.status_code, response.content.decode()


def confirm(client: Client, qid: str, attempt: Attempt, items: list[str]) -> tuple[int, str]:
    return post(client, qid, {"action": "confirm", "attempt": attempt.pk, "items": items})


def test_short_text_confirmation_sets_score_rating_and_agreement(
    client_in: Client, user: User
) -> None:
    status, html = post(
        client_in, SHORT, {"text": "The chain rule multiplies many small derivatives."}
    )
    assert status == 200
    assert 'name="items" value="chain-rule-product"' in html  # a tick box per item
    assert "Confirm my score" in html
    attempt = Attempt.objects.get(user=user)
    assert attempt.score == attempt.auto_score == pytest.approx(0.5)
    assert attempt.rating == AGAIN if attempt.score < 0.4 else attempt.rating is not None
    assert attempt.agreement is None
    assert attempt.result["auto_matched"] == ["chain-rule-product"]

    # The user says they also covered the sigmoid point (the grader missed it).
    status, html = confirm(client_in, SHORT, attempt, ["chain-rule-product", "sigmoid-derivative"])
    assert status == 200
    attempt.refresh_from_db()
    assert attempt.score == 1.0
    assert attempt.auto_score == pytest.approx(0.5)
    assert attempt.correct
    assert attempt.rating == EASY
    assert attempt.agreement == pytest.approx(2 / 3)  # 3 items, one toggled
    assert attempt.confirmed is not None
    assert "You confirmed this grading" in html
    assert "your call" in html

    # Changing their mind compares with the grader again, not with the last confirmation.
    confirm(client_in, SHORT, attempt, ["chain-rule-product"])
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(0.5)
    assert attempt.agreement == 1.0
    assert not attempt.correct


def test_confirming_a_misconception_costs_points(client_in: Client, user: User) -> None:
    post(
        client_in,
        SHORT,
        {"text": "The chain rule multiplies small derivatives. The sigmoid slope is 0.25 at most."},
    )
    attempt = Attempt.objects.get(user=user)
    assert attempt.score == 1.0
    confirm(
        client_in,
        SHORT,
        attempt,
        ["chain-rule-product", "sigmoid-derivative", "relu-fixes-everything"],
    )
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(0.5)
    assert attempt.rating != EASY


def test_design_confirmation_reweights_steps(client_in: Client, user: User) -> None:
    status, html = post(
        client_in,
        DESIGN,
        {
            "requirements": "Latency under 200 ms for 50 million users.",
            "data": "Use watch time as implicit feedback.",
            "model": "Collaborative filtering on the interaction matrix.",
            "serving": "Run an A/B test.",
        },
    )
    assert status == 200
    assert 'value="model:baseline"' in html
    assert "Report by signal" in html
    assert "Problem understanding" in html
    attempt = Attempt.objects.get(user=user)
    assert attempt.score == pytest.approx(0.5)
    auto = attempt.result["auto_matched"]
    assert "requirements:latency" in auto
    confirm(client_in, DESIGN, attempt, [*auto, "model:baseline", "model:two-stage"])
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(0.75)
    assert attempt.result["steps"]["model"]["coverage"] == 1.0
    assert attempt.agreement == pytest.approx(6 / 8)
    assert attempt.rating in (GOOD, EASY) if attempt.correct else attempt.rating is not None


def test_nobody_confirms_someone_elses_answer(
    client: Client, user: User, make_user: Callable[..., User]
) -> None:
    client.force_login(user)
    post(client, SHORT, {"text": "The chain rule multiplies many small derivatives."})
    attempt = Attempt.objects.get(user=user)
    client.force_login(make_user("mallory"))
    status, html = confirm(client, SHORT, attempt, ["chain-rule-product", "sigmoid-derivative"])
    assert status == 400
    assert "no graded answer to confirm" in html
    attempt.refresh_from_db()
    assert attempt.confirmed is None
    status, _ = post(client, SHORT, {"action": "confirm", "attempt": "not-a-number"})
    assert status == 400


def test_staff_see_the_agreement_of_a_question(
    client: Client, make_user: Callable[..., User]
) -> None:
    ada = make_user("ada")
    client.force_login(ada)
    post(client, SHORT, {"text": "The chain rule multiplies many small derivatives."})
    attempt = Attempt.objects.get(user=ada)
    confirm(client, SHORT, attempt, ["chain-rule-product", "sigmoid-derivative"])
    assert "grader-agreement" not in client.get(f"/q/{SHORT}/").content.decode()
    client.force_login(make_user("staff", is_staff=True))
    html = client.get(f"/q/{SHORT}/").content.decode()
    assert "users agreed with the automatic grading on 67% of items over 1 confirmed answer" in html


def test_keyword_fallback_is_said_on_the_page(
    client_in: Client, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: (False, "the model is not installed"))
    status, html = post(
        client_in, SHORT, {"text": "The chain rule multiplies many small derivatives."}
    )
    assert status == 200
    assert "Graded by keywords only: the model is not installed" in html
    assert Attempt.objects.get(user=user).result["mode"] == "keyword"


def test_semantic_grading_on_the_page(client_in: Client, user: User) -> None:
    ok, why = embeddings.available()
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the semantic extra is part of the dev install: {why}")
        pytest.skip(f"{why}; pip install -e '.[semantic]'")
    text = "Backprop multiplies the per-layer derivatives together, so the gradient shrinks."
    status, html = post(client_in, SHORT, {"text": text})
    assert status == 200
    result = Attempt.objects.get(user=user).result
    assert result["mode"] == "semantic"
    assert all(item["similarity"] is not None for item in result["items"])
    assert "matched by meaning with a local sentence model" in html
