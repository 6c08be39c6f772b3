"""Keyword rubric matching: one sentence must carry every group."""

from __future__ import annotations

from dataclasses import dataclass

from mlquiz.grading.text.keywords import grade_rubric, match_keywords


@dataclass(frozen=True)
class Item:
    id: str
    keywords: list[list[str]]
    points: float = 1.0
    misconception: bool = False


def test_all_groups_in_one_sentence() -> None:
    groups = [["gradient", "gradients"], ["vanish*", "shrink*"]]
    assert match_keywords(groups, "Deep nets suffer. Gradients vanish in early layers.") == (
        "Gradients vanish in early layers."
    )
    assert match_keywords(groups, "Gradients matter. Some things vanish.") is None


def test_phrases_plurals_prefixes_and_case() -> None:
    assert match_keywords([["learning rate"]], "Lower the Learning-Rate.")
    assert match_keywords([["baseline"]], "Start with simple baselines")
    assert match_keywords([["regulari*"]], "Regularisation helps")
    assert not match_keywords([["rate"]], "accurate")


def test_score_counts_misconceptions_against_the_answer() -> None:
    items = [
        Item("a", [["bias"]], 2.0),
        Item("b", [["variance"]], 1.0),
        Item("myth", [["l1"], ["never"], ["zero"]], 1.0, misconception=True),
    ]
    result = grade_rubric(items, "High bias. L1 never sets weights to zero.")
    assert result.matched_ids() == {"a", "myth"}
    assert result.score == (2.0 - 1.0) / 3.0
    assert grade_rubric(items, "nothing relevant").score == 0.0
    assert grade_rubric(items, "bias; variance.").score == 1.0


def test_markdown_emphasis_in_answers_is_punctuation() -> None:
    assert match_keywords([["per second"]], "We expect **580 per second** at peak.")


def test_sentences_survive_hard_wraps_abbreviations_and_split_lists() -> None:
    from mlquiz.grading.text.keywords import sentences

    text = "Use a baseline, e.g. a linear\nmodel. Then compare.\n\n- first item\n- second item"
    assert sentences(text) == [
        "Use a baseline, e.g. a linear model.",
        "Then compare.",
        "- first item",
        "- second item",
    ]


def test_typographic_dashes_separate_words() -> None:
    assert match_keywords([["query"], ["listing"]], "Score each query\u2013listing pair.")
