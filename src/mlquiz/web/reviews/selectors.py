"""Reads of spaced repetition: today's queue, cards, retrievability, recent reviews."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from mlquiz.scheduling import QueueCard, QueuePolicy, build_queue, card_retrievability
from mlquiz.scheduling.queue import Queue
from mlquiz.web.bank.selectors import get_bank
from mlquiz.web.reviews.models import ReviewCard, ReviewLog
from mlquiz.web.reviews.services import settings_get


def _day_start(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), time.min, tzinfo=moment.tzinfo)


def cards_for(*, user: AbstractBaseUser) -> dict[str, ReviewCard]:
    return {c.question_id: c for c in ReviewCard.objects.filter(user=user)}


def queue_for(*, user: AbstractBaseUser, now: datetime) -> tuple[Queue, dict[str, Any]]:
    """Today's interleaved queue plus the counts behind it."""
    prefs = settings_get(user=user)
    cards = cards_for(user=user)
    rows = []
    for question in get_bank().questions():
        card = cards.get(question.id)
        rows.append(QueueCard(question.id, question.topics[0], card.due if card else None))
    start = _day_start(now)
    reviewed = ReviewLog.objects.filter(user=user, reviewed__gte=start).count()
    introduced = ReviewCard.objects.filter(user=user, created__gte=start).count()
    policy = QueuePolicy(
        daily_limit=prefs.daily_limit,
        new_per_day=prefs.new_per_day,
        desired_retention=prefs.desired_retention,
    )
    queue = build_queue(
        rows, now=now, policy=policy, reviewed_today=reviewed, introduced_today=introduced
    )
    return queue, {"reviewed_today": reviewed, "introduced_today": introduced, "prefs": prefs}


def retrievability_by_question(*, user: AbstractBaseUser, now: datetime) -> dict[str, float]:
    return {
        c.question_id: card_retrievability(c.card or None, now=now)
        for c in ReviewCard.objects.filter(user=user)
    }


def logs_recent(*, user: AbstractBaseUser, limit: int = 10) -> list[ReviewLog]:
    return list(ReviewLog.objects.filter(user=user)[:limit])


def latest_log_ids(*, user: AbstractBaseUser, question_ids: list[str]) -> set[int]:
    latest: dict[str, int] = {}
    for log in ReviewLog.objects.filter(user=user, question_id__in=question_ids):
        latest.setdefault(log.question_id, log.pk)
    return set(latest.values())
