"""Grading outcomes -> FSRS ratings: fail is Again, pass is Good, a laboured pass is Hard."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

#: a pass that took more than this multiple of the question's time estimate counts as Hard
SLOW_FACTOR = 1.5


class Rating(IntEnum):
    """The four FSRS grades (same values as ``fsrs.Rating``)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @classmethod
    def parse(cls, name: str) -> Rating:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown rating {name!r} (again, hard, good, easy)") from None


@dataclass(frozen=True)
class Outcome:
    """What grading said about one answer, plus how it was reached."""

    passed: bool
    used_hints: bool = False
    seconds: float | None = None
    estimate_minutes: float | None = None


def rating_for(outcome: Outcome, *, override: Rating | None = None) -> Rating:
    """The rating an answer earns; a user's explicit ``override`` always wins."""
    if override is not None:
        return override
    if not outcome.passed:
        return Rating.AGAIN
    if outcome.used_hints:
        return Rating.HARD
    if (
        outcome.seconds is not None
        and outcome.estimate_minutes
        and outcome.seconds > SLOW_FACTOR * outcome.estimate_minutes * 60
    ):
        return Rating.HARD
    return Rating.GOOD
