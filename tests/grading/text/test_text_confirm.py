"""The user's last word: confirmed items set the score; agreement and rating follow."""

from __future__ import annotations

from mlquiz.grading.text import ItemResult, confirm_items, review_rating
from mlquiz.grading.text.confirm import AGAIN, EASY, GOOD, HARD


def items() -> list[ItemResult]:
    return [
        ItemResult("a", True, "A sentence.", 2.0, False, "keyword"),
        ItemResult("b", False, "", 1.0, False),
        ItemResult("myth", True, "A wrong claim.", 1.0, True, "semantic", 0.8),
    ]


def test_confirming_everything_keeps_the_grading() -> None:
    confirmation = confirm_items(items(), {"a", "myth"})
    assert confirmation.added == confirmation.removed == []
    assert confirmation.agreement == 1.0
    assert confirmation.score == (2.0 - 1.0) / 3.0


def test_toggles_change_the_score_and_lower_agreement() -> None:
    confirmation = confirm_items(items(), {"a", "b", "unknown-id"})
    assert confirmation.added == ["b"]
    assert confirmation.removed == ["myth"]
    assert confirmation.score == 1.0
    assert confirmation.agreement == 1 / 3
    by_id = {i.item_id: i for i in confirmation.items}
    assert by_id["b"].method == "user"
    assert by_id["a"].evidence == "A sentence."
    assert not by_id["myth"].matched


def test_review_rating() -> None:
    assert review_rating(0.2, False) == AGAIN
    assert review_rating(0.5, False) == HARD
    assert review_rating(0.7, True) == GOOD
    assert review_rating(0.95, True) == EASY
