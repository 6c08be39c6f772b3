"""Where a terminal quiz gets its questions and grades: the local bank or a running server.

The quiz loop only sees :class:`Presented` questions and :class:`Graded` answers, so the same
terminal experience works offline and against ``mlquiz serve`` through its JSON API.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from mlquiz.cli.remote import ApiClient
from mlquiz.content.bank import Bank
from mlquiz.content.schema import McqQuestion, MultiSelectQuestion, NumericQuestion
from mlquiz.content.variants import make_variant, parse_answer, render_explanation
from mlquiz.grading.choice import grade_choice, grade_numeric_variant
from mlquiz.practice.quiz import QUIZ_KINDS, build_quiz, ordered_options

Kind = Literal["mcq", "multi_select", "numeric"]


@dataclass(frozen=True)
class Presented:
    id: str
    title: str
    kind: Kind
    header: str
    prompt: str
    options: list[tuple[str, str]] = field(default_factory=list)  # (id, text) in display order
    unit: str = ""
    variant: str = ""


@dataclass(frozen=True)
class OptionLine:
    text: str
    chosen: bool
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Graded:
    correct: bool
    score: float
    options: list[OptionLine]
    expected_text: str
    explanation: str


class QuizSource(Protocol):
    def question_ids(self) -> list[str]: ...
    def present(self, question_id: str) -> Presented: ...
    def grade(self, presented: Presented, chosen: Sequence[str], typed: str) -> Graded: ...


def _header(round_: str, difficulty: str, topics: Sequence[str]) -> str:
    return f"{round_} · {difficulty} · {', '.join(topics)}"


class LocalSource:
    """The installed bank, graded in this process."""

    def __init__(
        self, bank: Bank, filters: Mapping[str, Sequence[str]], count: int, seed: int | None
    ) -> None:
        candidates = bank.filter(kinds=QUIZ_KINDS, **filters)
        self.quiz = build_quiz(candidates, count=count, seed=seed)
        self.by_id = {q.id: q for q in self.quiz.questions}

    def question_ids(self) -> list[str]:
        return [q.id for q in self.quiz.questions]

    def present(self, question_id: str) -> Presented:
        question = self.by_id[question_id]
        seed = self.quiz.seeds[question_id]
        header = _header(question.round, question.difficulty, question.topics)
        if isinstance(question, NumericQuestion):
            prompt = make_variant(question, seed).prompt
            return Presented(
                question.id, question.title, "numeric", header, prompt, unit=question.unit
            )
        options = [(o.id, o.text) for o in ordered_options(question, seed)]
        return Presented(
            question.id, question.title, question.kind, header, question.prompt, options
        )

    def grade(self, presented: Presented, chosen: Sequence[str], typed: str) -> Graded:
        question = self.by_id[presented.id]
        seed = self.quiz.seeds[presented.id]
        if isinstance(question, NumericQuestion):
            variant = make_variant(question, seed)
            result = grade_numeric_variant(question, variant, parse_answer(typed, question.unit))
            return Graded(
                result.correct,
                result.score,
                [],
                result.expected_text,
                render_explanation(question, variant),
            )
        assert isinstance(question, (McqQuestion, MultiSelectQuestion))
        graded = grade_choice(question, chosen)
        by_id = {o.option_id: o for o in graded.options}
        lines = [
            OptionLine(o.text, o.id in chosen, o.correct, by_id[o.id].feedback)
            for o in ordered_options(question, seed)
        ]
        return Graded(graded.correct, graded.score, lines, "", question.explanation)


class RemoteSource:
    """A running mlquiz server: questions, variants and grading through its JSON API.

    Answers are recorded in the user's history on the server, as in the browser.
    """

    def __init__(
        self, client: ApiClient, filters: Mapping[str, Sequence[str]], count: int, seed: int | None
    ) -> None:
        self.client = client
        params: dict[str, Any] = {"kind": list(QUIZ_KINDS)}
        for name, key in (("rounds", "round"), ("topics", "topic"), ("difficulties", "difficulty")):
            if filters.get(name):
                params[key] = list(filters[name])
        found = [q["id"] for q in client.get("/api/questions", params)]
        random.Random(seed).shuffle(found)
        self.ids = found[:count]

    def question_ids(self) -> list[str]:
        return list(self.ids)

    def present(self, question_id: str) -> Presented:
        data = self.client.get(f"/api/questions/{question_id}")
        return Presented(
            id=data["id"],
            title=data["title"],
            kind=data["kind"],
            header=_header(data["round"], data["difficulty"], data["topics"]),
            prompt=data["prompt"],
            options=[(o["id"], o["text"]) for o in data.get("options", [])],
            unit=data.get("unit", ""),
            variant=data.get("variant") or "",
        )

    def grade(self, presented: Presented, chosen: Sequence[str], typed: str) -> Graded:
        body: dict[str, Any] = {"variant": presented.variant}
        if presented.kind == "numeric":
            body["value"] = typed
        elif presented.kind == "mcq":
            body["choice"] = chosen[0]
        else:
            body["choices"] = list(chosen)
        attempt = self.client.post(f"/api/questions/{presented.id}/answer", body)
        result = attempt.get("result", {})
        lines = [
            OptionLine(o["text"], o["chosen"], o["correct"], o["feedback"])
            for o in result.get("options", [])
        ]
        return Graded(
            bool(attempt["correct"]),
            float(attempt["score"]),
            lines,
            str(result.get("expected_text", "")),
            attempt.get("explanation") or "",
        )
