"""Score the closed-form kinds: single choice, multiple choice and numeric answers."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from mlquiz.content.schema import McqQuestion, MultiSelectQuestion, NumericQuestion
from mlquiz.content.variants import (
    NumericVariant,
    format_number,
    is_correct,
    make_variant,
    parse_answer,
)


@dataclass(frozen=True)
class OptionFeedback:
    option_id: str
    text: str
    chosen: bool
    correct: bool
    feedback: str


@dataclass(frozen=True)
class ChoiceResult:
    correct: bool
    score: float
    options: list[OptionFeedback]


def grade_choice(
    question: McqQuestion | MultiSelectQuestion, chosen: Collection[str]
) -> ChoiceResult:
    """Score a set of chosen option ids.

    Multi-select partial credit is (right picks - wrong picks) / correct options, floored at 0:
    picking everything must not earn credit.
    """
    known = {o.id for o in question.options}
    unknown = set(chosen) - known
    if unknown:
        raise ValueError(f"unknown option(s): {', '.join(sorted(unknown))}")
    picked = set(chosen)
    feedback = [
        OptionFeedback(o.id, o.text, o.id in picked, o.correct, o.feedback)
        for o in question.options
    ]
    right = {o.id for o in question.options if o.correct}
    correct = picked == right
    if isinstance(question, McqQuestion) or question.scoring == "all_or_nothing":
        score = 1.0 if correct else 0.0
    else:
        hits, misses = len(picked & right), len(picked - right)
        score = max(0.0, (hits - misses) / len(right))
    return ChoiceResult(correct=correct, score=score, options=feedback)


@dataclass(frozen=True)
class NumericResult:
    correct: bool
    score: float
    given: float
    expected: float
    expected_text: str


def grade_numeric(question: NumericQuestion, seed: int, answer_text: str) -> NumericResult:
    """Score a typed answer for the variant ``seed``; ValueError says what is wrong with it."""
    variant = make_variant(question, seed)
    return grade_numeric_variant(question, variant, parse_answer(answer_text, question.unit))


def grade_numeric_variant(
    question: NumericQuestion, variant: NumericVariant, given: float
) -> NumericResult:
    correct = is_correct(given, variant.answer, question.tolerance)
    expected_text = format_number(
        round(variant.answer, question.answer_decimals), question.answer_decimals
    )
    if question.unit:
        expected_text += f" {question.unit}"
    return NumericResult(correct, 1.0 if correct else 0.0, given, variant.answer, expected_text)
