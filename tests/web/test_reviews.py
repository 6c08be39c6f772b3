"""Spaced repetition on the web: grading feeds FSRS cards, the queue, overrides and settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs
import pytest
from django.contrib.auth.models import User
from django.test import Client

from mlquiz.web.practice.models import Attempt, Submission
from mlquiz.web.reviews import selectors, services
from mlquiz.web.reviews.models import ReviewCard, ReviewLog

pytestmark = pytest.mark.django_db(transaction=True)

MCQ = "ml_theory/testing/web-mcq"
MULTI = "ml_theory/testing/web-multi"
ADD = "coding/testing/web-add"


def attempt(user: User, qid: str, *, correct: bool, key: str) -> Attempt:
    return Attempt.objects.create(
        user=user,
        question_id=qid,
        kind="mcq",
        answer={},
        result={},
        score=1.0 if correct else 0.0,
        correct=correct,
        idempotency_key=key,
    )


def test_attempts_become_reviews_once(user: User) -> None:
    a = attempt(user, MCQ, correct=False, key="k1")
    card = ReviewCard.objects.get(user=user, question_id=MCQ)
    log = ReviewLog.objects.get(user=user)
    assert (log.rating, log.source, log.source_id) == (1, "attempt", a.pk)
    assert card.last_rating == 1
    a.save()  # a later save of the same attempt is not another review
    assert ReviewLog.objects.filter(user=user).count() == 1
    attempt(user, MCQ, correct=True, key="k2")
    card.refresh_from_db()
    assert card.last_rating == 3
    assert card.reps == 2


def test_card_matches_the_library_scheduler(user: User) -> None:
    t0 = datetime(2026, 2, 1, 8, tzinfo=UTC)
    services.card_record(user=user, question_id=MCQ, override=services.Rating.GOOD, when=t0)
    card = ReviewCard.objects.get(user=user, question_id=MCQ)
    reference, _ = fsrs.Scheduler().review_card(fsrs.Card(card_id=0, due=t0), fsrs.Rating.Good, t0)
    assert card.due == reference.due
    assert card.stability == pytest.approx(reference.stability)


def test_submissions_are_reviewed_when_done(user: User) -> None:
    sub = Submission.objects.create(
        user=user, question_id=ADD, code="x", mode="submit", idempotency_key="s1"
    )
    assert not ReviewLog.objects.exists()  # queued: nothing to rate yet
    sub.status, sub.verdict = Submission.Status.DONE, "AC"
    sub.save()
    sub.save()
    log = ReviewLog.objects.get(user=user)
    assert (log.rating, log.source) == (3, "submission")
    run = Submission.objects.create(
        user=user,
        question_id=ADD,
        code="x",
        mode="run",
        idempotency_key="r1",
        status=Submission.Status.DONE,
        verdict="WA",
    )
    assert run.pk
    assert ReviewLog.objects.count() == 1  # public-test runs are not reviews


def test_override_replaces_the_latest_rating(client_in: Client, user: User) -> None:
    attempt(user, MCQ, correct=True, key="k1")
    log = ReviewLog.objects.get(user=user)
    good_due = ReviewCard.objects.get(user=user).due
    response = client_in.post(f"/review/override/{log.pk}/", {"rating": "4"})
    assert response.status_code == 302
    card = ReviewCard.objects.get(user=user)
    assert card.last_rating == 4
    assert card.reps == 1
    assert card.due > good_due
    log.refresh_from_db()
    assert (log.rating, log.auto_rating) == (4, 3)


def test_queue_interleaves_limits_and_introduces_new(client_in: Client, user: User) -> None:
    past = datetime.now(UTC) - timedelta(days=3)
    for qid in (MCQ, MULTI, ADD):
        services.card_record(user=user, question_id=qid, override=services.Rating.GOOD, when=past)
    ReviewLog.objects.update(reviewed=past)
    ReviewCard.objects.update(created=past, due=past)
    services.settings_update(user=user, daily_limit=4, new_per_day=1, desired_retention=0.9)
    queue, counts = selectors.queue_for(user=user, now=datetime.now(UTC))
    assert counts["reviewed_today"] == 0
    assert len(queue.due) == 3
    assert len(queue.new) == 1
    html = client_in.get("/review/").content.decode()
    assert "3 due · 1 new" in html
    assert html.count("data-card=") == 4
    # rating one directly counts against today's limit
    client_in.post(f"/review/rate/{MCQ}/", {"rating": "3"})
    queue, counts = selectors.queue_for(user=user, now=datetime.now(UTC))
    assert counts["reviewed_today"] == 1
    assert len(queue.cards) == 3


def test_settings_are_validated(client_in: Client, user: User) -> None:
    client_in.post(
        "/review/settings/", {"daily_limit": "20", "new_per_day": "3", "desired_retention": "85"}
    )
    prefs = services.settings_get(user=user)
    assert (prefs.daily_limit, prefs.new_per_day, prefs.desired_retention) == (20, 3, 0.85)
    response = client_in.post(
        "/review/settings/",
        {"daily_limit": "20", "new_per_day": "3", "desired_retention": "100"},
        follow=True,
    )
    assert "Desired retention must be between" in response.content.decode()
    assert services.settings_get(user=user).desired_retention == 0.85


def test_practice_answer_updates_the_card(client_in: Client, user: User) -> None:
    html = client_in.get(f"/q/{MCQ}/").content.decode()
    import re

    variant = re.search(r'name="variant" value="([^"]*)"', html).group(1)  # type: ignore[union-attr]
    client_in.post(f"/answer/{MCQ}/", {"variant": variant, "key": "abc", "choice": "test"})
    assert ReviewCard.objects.get(user=user, question_id=MCQ).last_rating == 3
