"""System-design scoring in the pure core: coverage, case and general red flags, the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.content.loader import load_item
from mlquiz.content.schema import SystemDesignQuestion
from mlquiz.grading.text.design import SIGNALS, general_flags, is_imbalanced, score_design_answer

BANK = Path(__file__).resolve().parents[3] / "src" / "mlquiz" / "bank" / "ml_system_design"


def case(path: str) -> SystemDesignQuestion:
    item = load_item(BANK / path).item
    assert isinstance(item, SystemDesignQuestion)
    return item


FRAUD = "fraud-anomaly/payment-fraud-detection.yaml"
SPAM = "nlp/email-spam-filtering.yaml"


def flag_ids(question: SystemDesignQuestion, answers: dict[str, str]) -> list[str]:
    return [f.flag_id for f in general_flags(question, answers)]


@pytest.mark.parametrize("mode", ["keyword", "auto"])
def test_strong_fixture_scores_high_without_flags(mode: str) -> None:
    question = case(FRAUD)
    strong = next(f for f in question.fixtures if f.label == "strong")
    result = score_design_answer(question, strong.answers.model_dump(), mode=mode)  # type: ignore[arg-type]
    assert result.score == pytest.approx(1.0)
    assert result.general_flags == []
    assert result.passed
    assert [s.signal for s in result.signals] == [s for s, _ in SIGNALS]
    assert all(0.0 <= s.score <= 1.0 for s in result.signals)
    assert len(result.follow_ups) == len(question.follow_ups)


def test_deep_model_before_any_baseline() -> None:
    question = case(FRAUD)
    answers = {
        "requirements": "We score 580 payments per second with a 100 ms latency budget.",
        "data": "Labels come from chargebacks that arrive late.",
        "model": "I would start with a Transformer over each card's history. Later maybe rules.",
        "serving": "We run an A/B test against the current system before launch.",
    }
    assert flag_ids(question, answers) == ["deep-before-baseline"]
    answers["model"] = (
        "Rather than a Transformer, I start with a logistic regression baseline, then a "
        "Transformer if error analysis justifies it."
    )
    assert flag_ids(question, answers) == []


def test_omissions_are_flagged() -> None:
    question = case(SPAM)
    answers = {
        "requirements": "The filter must be fast and catch most spam for our users.",
        "data": "We use the text of each message as the input to the classifier.",
        "model": "A logistic regression on word counts, then gradient boosted trees.",
        "serving": "Deploy it behind a service and retrain it every week.",
    }
    assert flag_ids(question, answers) == ["ignores-data", "no-online-evaluation", "no-numbers"]


def test_accuracy_alone_only_on_imbalanced_cases() -> None:
    fraud, spam = case(FRAUD), case(SPAM)
    assert is_imbalanced(fraud)
    answers = {
        "requirements": "We handle 580 payments per second; the goal is 99% accuracy.",
        "data": "Chargeback labels arrive 60 days late.",
        "model": "A logistic regression baseline, then gradient boosted trees.",
        "serving": "An A/B test decides the launch.",
    }
    assert flag_ids(fraud, answers) == ["accuracy-on-imbalanced"]
    answers["model"] += " We compare models by precision and recall at the threshold."
    assert flag_ids(fraud, answers) == []
    answers["requirements"] = "We handle 580 payments per second; accuracy is misleading here."
    assert flag_ids(fraud, answers) == []
    assert spam.clarifications  # a case's numbers decide; the detector reads them, not the topic


def test_near_empty_answers_get_no_general_flags() -> None:
    assert general_flags(case(FRAUD), {"requirements": "Use a Transformer."}) == []


def test_case_flag_and_general_flag_name_one_mistake_once() -> None:
    question = case(FRAUD)
    answers = {
        "requirements": "We handle 580 payments per second within 100 ms.",
        "data": "Chargeback labels arrive 60 days late.",
        "model": "I would go straight to a Transformer over each card's payments.",
        "serving": "Run an A/B test.",
    }
    result = score_design_answer(question, answers, mode="keyword")
    assert [f.flag_id for f in result.red_flags] == ["deep-first"]
    assert [f.flag_id for f in result.general_flags] == []
    modelling = next(s for s in result.signals if s.signal == "modelling")
    assert "Red flags here: deep-first." in modelling.notes
    assert not result.passed


def test_follow_ups_nearest_to_the_gaps_come_first() -> None:
    question = case(FRAUD)
    strong = next(f for f in question.fixtures if f.label == "strong").answers.model_dump()
    strong["data"] = "Velocity counts per card over the last hour, split by time."
    result = score_design_answer(question, strong, mode="keyword")
    first = result.follow_ups[0].question.lower()
    assert "declines" in first or "unbiased" in first or "declined" in first
