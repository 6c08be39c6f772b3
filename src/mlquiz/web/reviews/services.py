"""Writes of spaced repetition: grading outcomes become FSRS reviews; overrides; settings."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from mlquiz.scheduling import Outcome, Rating, card_review, rating_for
from mlquiz.scheduling.cards import MAX_RETENTION, MIN_RETENTION
from mlquiz.web.reviews.models import ReviewCard, ReviewLog, ReviewSettings


class ReviewError(ValueError):
    pass


def now() -> datetime:
    return datetime.now(UTC)


def settings_get(*, user: AbstractBaseUser) -> ReviewSettings:
    found, _ = ReviewSettings.objects.get_or_create(user=user)
    return found


def settings_update(
    *, user: AbstractBaseUser, daily_limit: int, new_per_day: int, desired_retention: float
) -> ReviewSettings:
    if not 1 <= daily_limit <= 500:
        raise ReviewError("The daily limit must be between 1 and 500.")
    if not 0 <= new_per_day <= daily_limit:
        raise ReviewError("New questions a day must be between 0 and the daily limit.")
    if not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
        raise ReviewError(
            f"Desired retention must be between {MIN_RETENTION:.0%} and {MAX_RETENTION:.0%}."
        )
    found = settings_get(user=user)
    found.daily_limit, found.new_per_day = daily_limit, new_per_day
    found.desired_retention = desired_retention
    found.save()
    return found


def _apply(card: ReviewCard, rating: Rating, moment: datetime, retention: float) -> None:
    result = card_review(card.card or None, rating, now=moment, desired_retention=retention)
    card.card = result.card
    card.due = result.due
    card.state = result.state
    card.stability, card.difficulty = result.stability, result.difficulty
    card.reps += 1
    card.lapses += int(rating == Rating.AGAIN and card.reps > 1)
    card.last_rating, card.last_review = int(rating), moment
    card.save()


def card_record(
    *,
    user: AbstractBaseUser,
    question_id: str,
    outcome: Outcome | None = None,
    override: Rating | None = None,
    source: str = ReviewLog.Source.MANUAL,
    source_id: int | None = None,
    when: datetime | None = None,
) -> ReviewLog | None:
    """Review the user's card for this question once; a source already recorded is ignored."""
    if outcome is None and override is None:
        raise ReviewError("a review needs a grading outcome or a rating")
    moment = when or now()
    auto = rating_for(outcome) if outcome is not None else None
    rating = rating_for(outcome or Outcome(passed=False), override=override)
    retention = settings_get(user=user).desired_retention
    try:
        with transaction.atomic():
            card, _ = ReviewCard.objects.select_for_update().get_or_create(
                user=user,
                question_id=question_id,
                defaults={"card": {}, "due": moment, "created": moment},
            )
            log = ReviewLog.objects.create(
                user=user,
                question_id=question_id,
                rating=int(rating),
                auto_rating=int(auto) if auto is not None else None,
                reviewed=moment,
                source=source,
                source_id=source_id,
                card_before=card.card or None,
            )
            _apply(card, rating, moment, retention)
    except IntegrityError:  # this attempt or submission was already counted
        return None
    return log


def card_override(*, user: AbstractBaseUser, log_id: int, rating: Rating) -> ReviewLog:
    """Replace the rating of the user's latest review of a question (e.g. Good -> Easy)."""
    with transaction.atomic():
        log = ReviewLog.objects.select_for_update().filter(pk=log_id, user=user).first()
        if log is None:
            raise ReviewError("No such review.")
        card = ReviewCard.objects.select_for_update().get(user=user, question_id=log.question_id)
        latest = ReviewLog.objects.filter(user=user, question_id=log.question_id).first()
        if latest is None or latest.pk != log.pk:
            raise ReviewError("Only the latest review of a question can be changed.")
        card.card = log.card_before or {}
        card.reps = max(0, card.reps - 1)
        _apply(card, rating, log.reviewed, settings_get(user=user).desired_retention)
        log.rating = int(rating)
        log.save(update_fields=["rating"])
    return log


def review_mark_slow(*, user: AbstractBaseUser, source: str, source_id: int) -> None:
    """A pass that took well over the time estimate (known in mocks) is Hard, not Good."""
    log = ReviewLog.objects.filter(user=user, source=source, source_id=source_id).first()
    if log is not None and log.rating == Rating.GOOD:
        with contextlib.suppress(ReviewError):
            card_override(user=user, log_id=log.pk, rating=Rating.HARD)


def review_rerate(*, user: AbstractBaseUser, source: str, source_id: int, rating: Rating) -> None:
    """The user confirmed or toggled their graded items: their rating replaces the automatic one.

    Only the latest review of a question can change (FSRS state moves on after it); an older
    one keeps its rating.
    """
    log = ReviewLog.objects.filter(user=user, source=source, source_id=source_id).first()
    if log is not None and log.rating != int(rating):
        with contextlib.suppress(ReviewError):
            card_override(user=user, log_id=log.pk, rating=rating)
