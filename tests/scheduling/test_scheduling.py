"""The FSRS wrapper agrees with py-fsrs itself; ratings and the queue follow the policy."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from mlquiz.scheduling import (
    Outcome,
    QueueCard,
    QueuePolicy,
    Rating,
    build_queue,
    card_new,
    card_retrievability,
    card_review,
    interleave,
    rating_for,
)
from mlquiz.scheduling.cards import card_due

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.mark.parametrize("retention", [0.8, 0.9, 0.95])
def test_reviews_match_the_library_scheduler(retention: float) -> None:
    clock = FakeClock(T0)
    ours = card_new(now=clock())
    reference = fsrs.Card(card_id=0, due=clock())
    scheduler = fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False)
    ratings = [Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
    for rating in ratings:
        result = card_review(ours, rating, now=clock(), desired_retention=retention, fuzz=False)
        reference, _ = scheduler.review_card(reference, fsrs.Rating(int(rating)), clock())
        ours = result.card
        assert result.due == reference.due
        assert result.stability == pytest.approx(reference.stability)
        assert result.difficulty == pytest.approx(reference.difficulty)
        assert result.state == reference.state.name.lower()
        assert card_retrievability(ours, now=clock() + timedelta(days=3)) == pytest.approx(
            scheduler.get_card_retrievability(reference, clock() + timedelta(days=3))
        )
        clock.now = reference.due


def test_higher_retention_means_shorter_intervals() -> None:
    card = card_new(now=T0)
    for _ in range(3):
        card = card_review(card, Rating.GOOD, now=card_due(card), fuzz=False).card
    low = card_review(card, Rating.GOOD, now=card_due(card), desired_retention=0.8, fuzz=False)
    high = card_review(card, Rating.GOOD, now=card_due(card), desired_retention=0.95, fuzz=False)
    assert high.due < low.due


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        card_review(None, Rating.GOOD, now=datetime(2026, 1, 1))


def test_new_card_has_no_retrievability() -> None:
    assert card_retrievability(None, now=T0) == 0.0
    assert card_retrievability(card_new(now=T0), now=T0) == 0.0


def test_rating_policy() -> None:
    assert rating_for(Outcome(passed=False)) is Rating.AGAIN
    assert rating_for(Outcome(passed=True)) is Rating.GOOD
    assert rating_for(Outcome(passed=True, used_hints=True)) is Rating.HARD
    slow = Outcome(passed=True, seconds=20 * 60, estimate_minutes=10)
    assert rating_for(slow) is Rating.HARD
    on_time = Outcome(passed=True, seconds=11 * 60, estimate_minutes=10)
    assert rating_for(on_time) is Rating.GOOD
    assert rating_for(Outcome(passed=True), override=Rating.EASY) is Rating.EASY
    assert rating_for(Outcome(passed=False), override=Rating.HARD) is Rating.HARD
    assert Rating.parse(" easy ") is Rating.EASY
    with pytest.raises(ValueError, match="unknown rating"):
        Rating.parse("perfect")


def test_interleave_alternates_topics() -> None:
    cards = [QueueCard(f"a{i}", "a") for i in range(3)] + [QueueCard("b0", "b")]
    cards += [QueueCard("c0", "c")]
    order = [c.question_id for c in interleave(cards)]
    assert order == ["a0", "b0", "c0", "a1", "a2"]


def test_queue_due_first_then_new_under_limits() -> None:
    clock = FakeClock(T0)
    due = [
        QueueCard(f"t{i % 3}/q{i}", f"t{i % 3}", clock() - timedelta(days=i)) for i in range(1, 7)
    ]
    later = [QueueCard("t0/later", "t0", clock() + timedelta(days=2))]
    new = [QueueCard(f"n/q{i}", f"n{i % 2}") for i in range(10)]
    policy = QueuePolicy(daily_limit=9, new_per_day=4)
    queue = build_queue([*due, *later, *new], now=clock(), policy=policy)
    assert len(queue.due) == 6
    assert queue.due_total == 6
    assert "t0/later" not in {c.question_id for c in queue.cards}
    assert len(queue.new) == 3  # the daily limit leaves room for 3 of the 4 new ones
    topics = [c.topic for c in queue.due]
    assert all(a != b for a, b in itertools.pairwise(topics))
    # later in the day: 8 reviews already done, 2 new introduced -> one slot left
    queue = build_queue(
        [*due, *new], now=clock(), policy=policy, reviewed_today=8, introduced_today=2
    )
    assert len(queue.cards) == 1
    assert queue.due
    # tomorrow: steady rate of new questions, not the whole backlog
    clock.advance(days=1)
    queue = build_queue(new, now=clock(), policy=policy)
    assert len(queue.new) == 4
