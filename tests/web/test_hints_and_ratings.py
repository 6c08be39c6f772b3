"""Hints opened before a pass make the review rating Hard; a confirmed answer's rating wins."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from mlquiz.scheduling import Rating
from mlquiz.web.practice.models import Attempt, QuestionState
from mlquiz.web.reviews.models import ReviewLog

pytestmark = pytest.mark.django_db(transaction=True)
MCQ = "ml_theory/testing/web-mcq"
SHORT = "ml_theory/testing/web-short"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _answer_mcq(client: Client, choice: str) -> Attempt:
    page = client.get(f"/q/{MCQ}/").content.decode()
    variant = page.split('name="variant" value="', 1)[1].split('"', 1)[0]
    client.post(f"/answer/{MCQ}/", {"variant": variant, "choice": choice}, **HTMX)
    return Attempt.objects.latest("pk")


def test_opening_a_hint_is_remembered_and_makes_a_pass_hard(client_in: Client, user: User) -> None:
    assert client_in.post(f"/hint/{MCQ}/", {"index": "0"}).status_code == 204
    assert QuestionState.objects.get(user=user, question_id=MCQ).hints_used == 1
    attempt = _answer_mcq(client_in, "test")
    assert attempt.correct
    log = ReviewLog.objects.get(source_id=attempt.pk)
    assert log.rating == Rating.HARD


def test_a_pass_without_hints_is_good_and_a_new_variant_forgets_hints(
    client_in: Client, user: User
) -> None:
    client_in.post(f"/hint/{MCQ}/", {"index": "0"})
    client_in.post(f"/another/{MCQ}/", **HTMX)
    assert QuestionState.objects.get(user=user, question_id=MCQ).hints_used == 0
    attempt = _answer_mcq(client_in, "test")
    assert ReviewLog.objects.get(source_id=attempt.pk).rating == Rating.GOOD


@pytest.mark.parametrize("index", ["", "x", "-1", "7"])
def test_bad_hint_index_is_a_message(client_in: Client, index: str) -> None:
    response = client_in.post(f"/hint/{MCQ}/", {"index": index})
    assert response.status_code == 400
    assert client_in.post("/hint/no/such-question/", {"index": "0"}).status_code == 404


def test_confirmed_items_decide_the_review_rating(client_in: Client, user: User) -> None:
    client_in.post(
        f"/answer/{SHORT}/", {"text": "The chain rule multiplies many small derivatives."}
    )
    attempt = Attempt.objects.get(user=user)
    automatic = ReviewLog.objects.get(source_id=attempt.pk).rating
    assert automatic == Rating.AGAIN  # half the rubric: not a pass
    client_in.post(
        f"/answer/{SHORT}/",
        {
            "action": "confirm",
            "attempt": attempt.pk,
            "items": ["chain-rule-product", "sigmoid-derivative"],
        },
    )
    attempt.refresh_from_db()
    assert attempt.correct
    assert ReviewLog.objects.get(source_id=attempt.pk).rating == attempt.rating == Rating.EASY
