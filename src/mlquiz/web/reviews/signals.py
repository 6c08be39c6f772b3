"""Grading outcomes feed the FSRS cards without the practice app knowing: post_save hooks.

An attempt is reviewed when it is stored; a code submission when its ``submit`` run is done.
The review log's unique (source, source_id) makes every hook idempotent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from mlquiz.scheduling import Outcome, Rating
from mlquiz.web.practice.models import Attempt, QuestionState, Submission
from mlquiz.web.reviews import services
from mlquiz.web.reviews.models import ReviewLog

logger = logging.getLogger(__name__)
_local = threading.local()


@contextmanager
def suppressed() -> Iterator[None]:
    """Imports bring their own review history: do not review what they restore."""
    _local.off = True
    try:
        yield
    finally:
        _local.off = False


def _off() -> bool:
    return bool(getattr(_local, "off", False))


def _safely(fn: Any) -> None:
    """Scheduling must never break grading: log and carry on."""
    try:
        fn()
    except Exception:
        logger.exception("updating the review card failed")


def _hints_used(answer: Attempt | Submission) -> bool:
    """Whether hints were opened for the variant this answer was given on."""
    used = (
        QuestionState.objects.filter(user=answer.user, question_id=answer.question_id)
        .values_list("hints_used", flat=True)
        .first()
    )
    return bool(used)


@receiver(post_save, sender=Attempt, dispatch_uid="reviews.attempt_saved")
def attempt_saved(sender: type[Attempt], instance: Attempt, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw") or _off():
        return
    if not created:
        if instance.confirmed and instance.rating:
            rating = Rating(instance.rating)  # the user's confirmed items decide
            transaction.on_commit(
                lambda: _safely(
                    lambda: services.review_rerate(
                        user=instance.user,
                        source=ReviewLog.Source.ATTEMPT,
                        source_id=instance.pk,
                        rating=rating,
                    )
                )
            )
        return
    outcome = Outcome(passed=bool(instance.correct), used_hints=_hints_used(instance))
    transaction.on_commit(
        lambda: _safely(
            lambda: services.card_record(
                user=instance.user,
                question_id=instance.question_id,
                outcome=outcome,
                source=ReviewLog.Source.ATTEMPT,
                source_id=instance.pk,
                when=instance.created,
            )
        )
    )


@receiver(post_save, sender=Submission, dispatch_uid="reviews.submission_saved")
def submission_saved(
    sender: type[Submission], instance: Submission, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw") or _off() or instance.mode != Submission.Mode.SUBMIT:
        return
    if instance.status != Submission.Status.DONE:
        return
    # time at the keyboard is unknown in free practice; mocks report slow passes themselves
    outcome = Outcome(passed=instance.verdict == "AC", used_hints=_hints_used(instance))
    transaction.on_commit(
        lambda: _safely(
            lambda: services.card_record(
                user=instance.user,
                question_id=instance.question_id,
                outcome=outcome,
                source=ReviewLog.Source.SUBMISSION,
                source_id=instance.pk,
                when=instance.finished or instance.created,
            )
        )
    )
