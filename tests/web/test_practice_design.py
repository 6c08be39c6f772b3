"""System design: the four-step form, coverage per step, red flags, the reference answer."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from mlquiz.content.schema import SystemDesignQuestion
from mlquiz.web.bank.selectors import question_get
from mlquiz.web.practice.models import Attempt, Draft
from mlquiz.web.practice.scoring import score_design_answer

DESIGN = "ml_system_design/testing/web-design"


def design() -> SystemDesignQuestion:
    question = question_get(DESIGN)
    assert isinstance(question, SystemDesignQuestion)
    return question


def test_scoring_matches_the_fixture() -> None:
    question = design()
    for fixture in question.fixtures:
        result = score_design_answer(question, fixture.answers.model_dump())
        for step in result.steps:
            assert step.rubric.matched_ids() == set(fixture.expected_items.get(step.step, []))
        assert [f.flag_id for f in result.red_flags] == fixture.expected_red_flags
        assert result.score == pytest.approx(1.0)
        assert result.passed


def test_scoring_weights_steps_and_finds_red_flags_only_in_their_steps() -> None:
    answers = {
        "requirements": "Keep latency under 200 ms.",
        "data": "",
        "model": "Start with a transformer first, it is the best.",
        "serving": "We start with a transformer first.",  # the flag is limited to the model step
    }
    result = score_design_answer(design(), answers)
    assert result.score == pytest.approx(0.25 * 0.5)
    assert [(f.flag_id, f.step) for f in result.red_flags] == [("deep-first", "model")]
    assert not result.passed


@pytest.mark.django_db
def test_page_submit_shows_coverage_flags_and_reference(client_in: Client, user: User) -> None:
    html = client_in.get(f"/q/{DESIGN}/").content.decode()
    for title in ("Requirements", "Data pipeline", "Model", "Serving and monitoring"):
        assert title in html
    assert "How many users?" in html
    response = client_in.post(
        f"/answer/{DESIGN}/",
        {
            "requirements": "Latency under 200 ms for 50 million users.",
            "data": "Use watch time as implicit feedback.",
            "model": "Start with a transformer first.",
            "serving": "Run an A/B test.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Coverage 50%" in html
    assert "1 red flag" in html
    assert "Jumps to deep learning before a simple baseline." in html
    assert "Starts from a simple baseline (popularity)." in html  # a missing item, listed
    assert "Popularity baseline, then two-tower retrieval" in html  # reference answer
    attempt = Attempt.objects.get(user=user)
    assert attempt.answer["model"] == "Start with a transformer first."
    assert "status-attempted" in client_in.get("/bank/").content.decode()


@pytest.mark.django_db
def test_empty_design_answer(client_in: Client) -> None:
    response = client_in.post(f"/answer/{DESIGN}/", {"requirements": "  "})
    assert response.status_code == 400
    assert "Answer at least one step" in response.content.decode()
    assert Attempt.objects.count() == 0


@pytest.mark.django_db
def test_design_draft_survives_a_reload(client_in: Client, user: User) -> None:
    response = client_in.post(
        f"/draft/{DESIGN}/",
        {"requirements": "p99 under 150 ms", "model": "logistic regression baseline"},
    )
    assert response.json() == {"saved": True}
    assert json.loads(Draft.objects.get(user=user).content)["model"].startswith("logistic")
    html = client_in.get(f"/q/{DESIGN}/").content.decode()
    assert "p99 under 150 ms" in html
    assert "logistic regression baseline" in html


@pytest.mark.django_db
def test_short_text_draft(client_in: Client) -> None:
    client_in.post("/draft/ml_theory/testing/web-short/", {"content": "half-written thought"})
    assert (
        "half-written thought" in client_in.get("/q/ml_theory/testing/web-short/").content.decode()
    )
