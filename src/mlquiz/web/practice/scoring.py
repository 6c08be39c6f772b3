"""System-design scoring: weighted rubric coverage per step, plus the case's red flags.

Pure (no Django) so it can move into ``mlquiz.grading`` unchanged once the grading package
grows a design scorer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mlquiz.content.schema import STEP_NAMES, SystemDesignQuestion
from mlquiz.grading.text import RubricResult, grade_rubric, match_keywords

PASS_THRESHOLD = 0.6


@dataclass(frozen=True)
class StepCoverage:
    step: str
    weight: float
    rubric: RubricResult

    @property
    def coverage(self) -> float:
        return self.rubric.score


@dataclass(frozen=True)
class RedFlagHit:
    flag_id: str
    description: str
    step: str
    evidence: str


@dataclass(frozen=True)
class DesignScore:
    steps: list[StepCoverage]
    red_flags: list[RedFlagHit]

    @property
    def score(self) -> float:
        """The weighted mean of per-step coverage (the step weights sum to 1)."""
        return sum(s.weight * s.coverage for s in self.steps)

    @property
    def passed(self) -> bool:
        return self.score >= PASS_THRESHOLD and not self.red_flags


def score_design_answer(question: SystemDesignQuestion, answers: Mapping[str, str]) -> DesignScore:
    """Grade each step's text against its rubric and look for red flags where they apply."""
    steps = []
    for name in STEP_NAMES:
        step = getattr(question.steps, name)
        steps.append(
            StepCoverage(name, step.weight, grade_rubric(step.rubric, answers.get(name, "")))
        )
    hits = []
    for flag in question.red_flags:
        for name in flag.steps:
            evidence = match_keywords(flag.keywords, answers.get(name, ""))
            if evidence is not None:
                hits.append(RedFlagHit(flag.id, flag.description, name, evidence))
                break
    return DesignScore(steps=steps, red_flags=hits)
