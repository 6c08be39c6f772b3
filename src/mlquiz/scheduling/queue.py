"""Which cards to review now: due cards first (most overdue first, interleaved across topics),
then new questions at a steady daily rate, all under a daily limit."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class QueueCard:
    question_id: str
    topic: str
    due: datetime | None = None  # None: a question never reviewed (a new card)


@dataclass(frozen=True)
class QueuePolicy:
    """User settings: ``daily_limit`` reviews in all, of which ``new_per_day`` new questions."""

    daily_limit: int = 30
    new_per_day: int = 5
    desired_retention: float = 0.9


@dataclass
class Queue:
    due: list[QueueCard] = field(default_factory=list)
    new: list[QueueCard] = field(default_factory=list)
    due_total: int = 0
    remaining_today: int = 0

    @property
    def cards(self) -> list[QueueCard]:
        return [*self.due, *self.new]


def interleave(cards: Iterable[QueueCard]) -> list[QueueCard]:
    """Round-robin over topics, keeping each topic's own order: no two neighbours share a topic
    while another topic still has cards (interleaving beats blocked practice)."""
    by_topic: OrderedDict[str, list[QueueCard]] = OrderedDict()
    for card in cards:
        by_topic.setdefault(card.topic, []).append(card)
    out: list[QueueCard] = []
    while by_topic:
        for topic in list(by_topic):
            bucket = by_topic[topic]
            out.append(bucket.pop(0))
            if not bucket:
                del by_topic[topic]
    return out


def build_queue(
    cards: Sequence[QueueCard],
    *,
    now: datetime,
    policy: QueuePolicy,
    reviewed_today: int = 0,
    introduced_today: int = 0,
) -> Queue:
    """Today's queue. ``reviewed_today`` / ``introduced_today`` count what was already done so
    the limits hold across the day, however often the page is reloaded."""
    remaining = max(0, policy.daily_limit - reviewed_today)
    due = sorted(
        (c for c in cards if c.due is not None and c.due <= now),
        key=lambda c: (c.due, c.question_id),
    )
    chosen_due = interleave(due[:remaining])
    room = max(0, remaining - len(chosen_due))
    new_quota = min(room, max(0, policy.new_per_day - introduced_today))
    new = interleave(sorted((c for c in cards if c.due is None), key=lambda c: c.question_id))
    return Queue(
        due=chosen_due,
        new=new[:new_quota],
        due_total=len(due),
        remaining_today=remaining,
    )
