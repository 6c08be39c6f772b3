"""A terminal-independent quiz: which questions, in which order, and the running score."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from mlquiz.content.schema import (
    McqQuestion,
    MultiSelectQuestion,
    NumericQuestion,
    Option,
    Question,
)

QUIZ_KINDS = ("mcq", "multi_select", "numeric")
QuizQuestion = McqQuestion | MultiSelectQuestion | NumericQuestion


@dataclass
class QuizAnswer:
    question_id: str
    score: float
    correct: bool


@dataclass
class Quiz:
    """Questions drawn once, with per-question variant seeds, and the answers given so far."""

    questions: list[QuizQuestion]
    seeds: dict[str, int]
    answers: list[QuizAnswer] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(a.score for a in self.answers)

    def record(self, question: QuizQuestion, score: float, correct: bool) -> None:
        self.answers.append(QuizAnswer(question.id, score, correct))


def build_quiz(candidates: Sequence[Question], *, count: int, seed: int | None = None) -> Quiz:
    """Draw up to ``count`` quiz-able questions in a random order (reproducible with ``seed``)."""
    rng = random.Random(seed)
    pool = [
        q for q in candidates if isinstance(q, (McqQuestion, MultiSelectQuestion, NumericQuestion))
    ]
    rng.shuffle(pool)
    chosen = pool[:count]
    return Quiz(questions=chosen, seeds={q.id: rng.randrange(1_000_000) for q in chosen})


def ordered_options(question: McqQuestion | MultiSelectQuestion, seed: int) -> list[Option]:
    """Options in display order: shuffled per variant seed unless the author fixed the order."""
    options = list(question.options)
    if question.shuffle:
        random.Random(f"{question.id}#{seed}").shuffle(options)
    return options
