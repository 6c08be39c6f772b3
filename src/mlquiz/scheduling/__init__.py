"""Spaced repetition over every question: an FSRS wrapper and the review-queue policy (pure).

One card per user and question (variants share it). Grading outcomes become FSRS ratings in
``ratings``; ``cards`` applies them with py-fsrs; ``queue`` decides what to review today.
"""

from mlquiz.scheduling.cards import (
    CardData,
    Clock,
    ReviewResult,
    card_new,
    card_retrievability,
    card_review,
    make_scheduler,
    utc_now,
)
from mlquiz.scheduling.queue import QueueCard, QueuePolicy, build_queue, interleave
from mlquiz.scheduling.ratings import Outcome, Rating, rating_for

__all__ = [
    "CardData",
    "Clock",
    "Outcome",
    "QueueCard",
    "QueuePolicy",
    "Rating",
    "ReviewResult",
    "build_queue",
    "card_new",
    "card_retrievability",
    "card_review",
    "interleave",
    "make_scheduler",
    "rating_for",
    "utc_now",
]
