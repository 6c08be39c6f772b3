"""Measure the rubric engine against hand-labelled answers (the evaluation set).

The set lives in ``tests/grading/text/eval/*.yaml`` (its README gives the schema): answers to
short-text questions and to single system-design steps, each labelled with the rubric items it
truly covers. Item-level precision, recall and F1 count every (answer, item) pair, misconception
items included; the correlation compares the automatic score with the score the labels give.
``bench/text_grading.py`` prints these figures; the tests check the set is well formed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlquiz.content.loader import load_item
from mlquiz.content.schema import STEP_NAMES, RubricItem, ShortTextQuestion, SystemDesignQuestion
from mlquiz.grading.text.design import case_red_flags
from mlquiz.grading.text.engine import DEFAULT_THRESHOLDS, Mode, Thresholds, grade_answer
from mlquiz.grading.text.keywords import ItemResult, grade_rubric, rubric_score

BANK = Path(__file__).resolve().parents[2] / "bank"
CATEGORIES = ("strong", "partial", "wrong", "misconception", "off_topic", "stuffed", "red_flag")
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class EvalCase:
    id: str
    question: ShortTextQuestion | SystemDesignQuestion
    step: str | None
    category: str
    split: str
    answer: str
    items: frozenset[str]
    red_flags: frozenset[str] = frozenset()

    @property
    def rubric(self) -> list[RubricItem]:
        if isinstance(self.question, ShortTextQuestion):
            return list(self.question.rubric)
        assert self.step is not None
        return list(getattr(self.question.steps, self.step).rubric)

    @property
    def label_score(self) -> float:
        return rubric_score(
            [
                ItemResult(r.id, r.id in self.items, "", r.points, r.misconception)
                for r in self.rubric
            ]
        )


class EvalSetError(ValueError):
    """A malformed evaluation file (unknown question, step, item or category)."""


def _question(question_id: str, bank: Path) -> ShortTextQuestion | SystemDesignQuestion:
    path = bank / f"{question_id}.yaml"
    if not path.is_file():
        raise EvalSetError(f"no bank file for question {question_id!r} ({path})")
    item = load_item(path).item
    if not isinstance(item, (ShortTextQuestion, SystemDesignQuestion)):
        raise EvalSetError(f"{question_id} is neither short_text nor system_design")
    return item


def load_eval_set(directory: Path, *, bank: Path = BANK) -> list[EvalCase]:
    """Every answer of every ``*.yaml`` file in ``directory``, checked against the bank."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    cases: list[EvalCase] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.yaml")):
        data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"))
        question = _question(str(data["question"]), bank)
        for raw in data["answers"]:
            where = f"{path.name}: {raw.get('id')}"
            unknown = set(raw) - {"id", "step", "category", "split", "answer", "items", "red_flags"}
            if unknown:
                raise EvalSetError(f"{where}: unknown keys {sorted(unknown)}")
            case_id = str(raw["id"])
            if case_id in seen:
                raise EvalSetError(f"{where}: duplicate id")
            seen.add(case_id)
            step = raw.get("step")
            if isinstance(question, SystemDesignQuestion) and step not in STEP_NAMES:
                raise EvalSetError(f"{where}: a design answer needs a step of {STEP_NAMES}")
            if isinstance(question, ShortTextQuestion) and step is not None:
                raise EvalSetError(f"{where}: short-text answers have no step")
            if raw["category"] not in CATEGORIES or raw["split"] not in SPLITS:
                raise EvalSetError(f"{where}: category or split not one of the allowed values")
            case = EvalCase(
                id=case_id,
                question=question,
                step=step,
                category=str(raw["category"]),
                split=str(raw["split"]),
                answer=str(raw["answer"]).strip(),
                items=frozenset(raw.get("items") or []),
                red_flags=frozenset(raw.get("red_flags") or []),
            )
            ids = {r.id for r in case.rubric}
            if not case.items <= ids:
                raise EvalSetError(f"{where}: unknown items {sorted(case.items - ids)}")
            if isinstance(question, SystemDesignQuestion):
                flags = {f.id for f in question.red_flags}
                if not case.red_flags <= flags:
                    raise EvalSetError(
                        f"{where}: unknown red flags {sorted(case.red_flags - flags)}"
                    )
            cases.append(case)
    return cases


@dataclass
class Metrics:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    auto: list[float] = field(default_factory=list)
    labelled: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    by_category: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def pearson(self) -> float:
        return pearson(self.auto, self.labelled)

    def ms_per_answer(self) -> float:
        return 1000 * sum(self.seconds) / len(self.seconds) if self.seconds else 0.0


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def grade_case(
    case: EvalCase, mode: Mode | str, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> set[str]:
    """The items the engine matches for one case (``strict``: the validator's matcher)."""
    return set(_grade(case, mode, thresholds).matched_ids())


def _grade(case: EvalCase, mode: Mode | str, thresholds: Thresholds) -> Any:
    if mode == "strict":
        return grade_rubric(case.rubric, case.answer)
    blocked: list[str] = []
    if isinstance(case.question, SystemDesignQuestion) and case.step is not None:
        flags = case_red_flags(
            case.question,
            {case.step: case.answer},
            semantic=mode == "semantic",
            thresholds=thresholds,
        )
        blocked = [f.evidence for f in flags]
    assert mode in ("semantic", "keyword", "auto")
    return grade_answer(case.rubric, case.answer, mode=mode, thresholds=thresholds, blocked=blocked)  # type: ignore[arg-type]


def evaluate(
    cases: Iterable[EvalCase],
    mode: Mode | str,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Metrics:
    metrics = Metrics()
    for case in cases:
        started = time.perf_counter()
        result = _grade(case, mode, thresholds)
        metrics.seconds.append(time.perf_counter() - started)
        got = result.matched_ids()
        metrics.tp += len(got & case.items)
        metrics.fp += len(got - case.items)
        metrics.fn += len(case.items - got)
        metrics.auto.append(result.score)
        metrics.labelled.append(case.label_score)
        metrics.by_category.setdefault(case.category, []).append(result.score)
        if got != case.items:
            extra, missed = sorted(got - case.items), sorted(case.items - got)
            metrics.errors.append(f"{case.id}: +{extra} -{missed}")
    return metrics
