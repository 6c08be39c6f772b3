"""A thin, serialisable wrapper over py-fsrs: cards are plain dicts a database can store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import fsrs

from mlquiz.scheduling.ratings import Rating

Clock = Callable[[], datetime]
CardData = dict[str, Any]

DEFAULT_RETENTION = 0.9
MIN_RETENTION, MAX_RETENTION = 0.7, 0.97


def utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    """FSRS insists on UTC-aware datetimes; naive ones are a bug, so refuse them."""
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware (UTC)")
    return moment.astimezone(UTC)


def make_scheduler(
    *, desired_retention: float = DEFAULT_RETENTION, fuzz: bool = True
) -> fsrs.Scheduler:
    """The FSRS scheduler with default weights and the user's desired retention (clamped)."""
    retention = min(MAX_RETENTION, max(MIN_RETENTION, desired_retention))
    return fsrs.Scheduler(desired_retention=retention, enable_fuzzing=fuzz)


def card_new(*, now: datetime, card_id: int = 0) -> CardData:
    """A fresh card, due immediately."""
    return dict(fsrs.Card(card_id=card_id, due=_aware(now)).to_dict())


@dataclass(frozen=True)
class ReviewResult:
    card: CardData
    rating: Rating
    due: datetime
    state: str
    stability: float | None
    difficulty: float | None


def card_review(
    card: CardData | None,
    rating: Rating,
    *,
    now: datetime,
    desired_retention: float = DEFAULT_RETENTION,
    fuzz: bool = True,
) -> ReviewResult:
    """Apply one rating at ``now`` and return the updated card (``None`` means a new card)."""
    moment = _aware(now)
    current = fsrs.Card.from_dict(card) if card else fsrs.Card(card_id=0, due=moment)  # type: ignore[arg-type]
    scheduler = make_scheduler(desired_retention=desired_retention, fuzz=fuzz)
    updated, _log = scheduler.review_card(current, fsrs.Rating(int(rating)), moment)
    return ReviewResult(
        card=dict(updated.to_dict()),
        rating=rating,
        due=updated.due,
        state=updated.state.name.lower(),
        stability=updated.stability,
        difficulty=updated.difficulty,
    )


def card_retrievability(card: CardData | None, *, now: datetime) -> float:
    """Predicted probability of recall at ``now`` (0 for a card never reviewed)."""
    if not card:
        return 0.0
    scheduler = make_scheduler(fuzz=False)
    value = scheduler.get_card_retrievability(
        fsrs.Card.from_dict(card),  # type: ignore[arg-type]
        _aware(now),
    )
    return float(value)


def card_due(card: CardData) -> datetime:
    return _aware(datetime.fromisoformat(str(card["due"])))
