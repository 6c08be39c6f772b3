"""The user has the last word: they confirm or toggle the items the grader matched.

After seeing the evidence and the reference answer, the user says which items their answer
really covered (and which misconceptions it really stated). Their choice sets the final score
and the review rating; how often the grader agreed with them is kept per question, so authors
can see which rubrics the automatic grading gets wrong.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from mlquiz.grading.text.keywords import ItemResult, rubric_score

# FSRS ratings (py-fsrs ``Rating``): Again, Hard, Good, Easy.
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
EASY_SCORE = 0.9
AGAIN_SCORE = 0.4


@dataclass(frozen=True)
class Confirmation:
    """The items as the user confirmed them, the score they give, and the agreement."""

    items: list[ItemResult]
    score: float
    added: list[str]  # items the user turned on (the grader missed them)
    removed: list[str]  # items the user turned off (the grader was wrong to match them)

    @property
    def agreed(self) -> int:
        return len(self.items) - len(self.added) - len(self.removed)

    @property
    def agreement(self) -> float:
        """The share of items on which the automatic grading and the user agree (1.0 if none)."""
        return 1.0 if not self.items else self.agreed / len(self.items)


def confirm_items(results: Sequence[ItemResult], confirmed: Collection[str]) -> Confirmation:
    """Apply the user's choice: ``confirmed`` holds the ids they say are matched.

    Ids that name no item are ignored (a stale form must not invent points).
    """
    chosen = set(confirmed)
    items: list[ItemResult] = []
    added: list[str] = []
    removed: list[str] = []
    for result in results:
        matched = result.item_id in chosen
        if matched and not result.matched:
            added.append(result.item_id)
        elif result.matched and not matched:
            removed.append(result.item_id)
        items.append(
            ItemResult(
                item_id=result.item_id,
                matched=matched,
                evidence=result.evidence if matched else "",
                points=result.points,
                misconception=result.misconception,
                method=result.method if matched == result.matched else "user",
                similarity=result.similarity,
            )
        )
    return Confirmation(items=items, score=rubric_score(items), added=added, removed=removed)


def review_rating(score: float, passed: bool) -> int:
    """The spaced-repetition rating a graded answer earns (1 Again … 4 Easy)."""
    if not passed:
        return AGAIN if score < AGAIN_SCORE else HARD
    return EASY if score >= EASY_SCORE else GOOD
