"""Writes of the practice app: variants, graded attempts, code submissions, drafts.

Every function here takes keyword arguments, validates what a user sent, and raises
``PracticeError`` with a message fit to show them; views and the API turn it into a 400.
Scoring itself is delegated to the pure cores (``mlquiz.grading``).
"""

from __future__ import annotations

import json
import logging
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from mlquiz.content.schema import (
    STEP_NAMES,
    CodingQuestion,
    McqQuestion,
    MultiSelectQuestion,
    NumericQuestion,
    Question,
    ShortTextQuestion,
    SystemDesignQuestion,
)
from mlquiz.content.variants import VariantError, make_variant, parse_answer
from mlquiz.grading.choice import grade_choice, grade_numeric_variant
from mlquiz.grading.text import grade_rubric
from mlquiz.practice.quiz import ordered_options
from mlquiz.web.practice.models import Attempt, Draft, QuestionState, Submission
from mlquiz.web.practice.scoring import score_design_answer

logger = logging.getLogger(__name__)

VARIANT_SALT = "mlquiz.practice.variant"
SEED_LIMIT = 2**31 - 1
MAX_KEY_LENGTH = 64


class PracticeError(ValueError):
    """Bad input from the user; the message says what to do about it."""


# --- variants ---------------------------------------------------------------------------------


def question_state_get(*, user: AbstractBaseUser, question_id: str) -> QuestionState:
    """The user's state for a question, created with a fresh seed on first sight."""
    state, _ = QuestionState.objects.get_or_create(
        user=user, question_id=question_id, defaults={"seed": _new_seed()}
    )
    return state


def question_state_new_variant(*, user: AbstractBaseUser, question_id: str) -> QuestionState:
    """'Try another': a new seed (new numbers, new option order) for this question."""
    state = question_state_get(user=user, question_id=question_id)
    previous = state.seed
    state.seed = _new_seed()
    while state.seed == previous:  # pragma: no cover - one chance in two billion
        state.seed = _new_seed()
    state.save(update_fields=["seed", "updated"])
    return state


def question_state_reveal(*, user: AbstractBaseUser, question_id: str) -> QuestionState:
    state = question_state_get(user=user, question_id=question_id)
    if not state.revealed:
        state.revealed = True
        state.save(update_fields=["revealed", "updated"])
    return state


def _new_seed() -> int:
    return secrets.randbelow(SEED_LIMIT)


def variant_token(*, user: AbstractBaseUser, question_id: str, seed: int) -> str:
    """A signed token naming the variant the page showed, so answers grade that variant."""
    return signing.dumps({"u": user.pk, "q": question_id, "s": seed}, salt=VARIANT_SALT)


def variant_seed(*, user: AbstractBaseUser, question_id: str, token: str) -> int:
    """The seed in ``token``; PracticeError when it was tampered with or belongs elsewhere."""
    try:
        data = signing.loads(token or "", salt=VARIANT_SALT)
    except signing.BadSignature:
        raise PracticeError(
            "This question's numbers could not be verified (the form was changed). "
            "Reload the page and answer again."
        ) from None
    if (
        not isinstance(data, dict)
        or data.get("u") != user.pk
        or data.get("q") != question_id
        or not isinstance(data.get("s"), int)
    ):
        raise PracticeError("This answer form belongs to another question. Reload the page.")
    seed: int = data["s"]
    return seed


# --- attempts ---------------------------------------------------------------------------------


def attempt_create(
    *,
    user: AbstractBaseUser,
    question: Question,
    answer: Mapping[str, Any],
    variant: str = "",
    idempotency_key: str = "",
) -> tuple[Attempt, bool]:
    """Grade and store one answer; returns (attempt, created).

    A repeated ``idempotency_key`` (a double-clicked button, a re-sent form) returns the attempt
    already stored instead of grading twice.
    """
    key = _clean_key(idempotency_key)
    existing = Attempt.objects.filter(user=user, idempotency_key=key).first()
    if existing is not None:
        if existing.question_id != question.id:
            raise PracticeError("This form was already used for another question. Reload.")
        return existing, False

    seed: int | None = None
    if isinstance(question, (McqQuestion, MultiSelectQuestion, NumericQuestion)):
        seed = variant_seed(user=user, question_id=question.id, token=variant)
    stored_answer, result, score, correct = _grade(question, answer, seed)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                question_id=question.id,
                kind=question.kind,
                seed=seed,
                answer=stored_answer,
                result=result,
                score=score,
                correct=correct,
                idempotency_key=key,
            )
    except IntegrityError:  # the same key raced us: the other request stored it
        return Attempt.objects.get(user=user, idempotency_key=key), False
    if isinstance(question, SystemDesignQuestion):
        Draft.objects.filter(user=user, question_id=question.id).delete()
    return attempt, True


def _clean_key(key: str) -> str:
    key = (key or "").strip()
    if not key:
        return uuid.uuid4().hex
    if len(key) > MAX_KEY_LENGTH:
        raise PracticeError("The form's key is too long. Reload the page.")
    return key


def _grade(
    question: Question, answer: Mapping[str, Any], seed: int | None
) -> tuple[dict[str, Any], dict[str, Any], float, bool]:
    """(answer as stored, result for display, score, correct) for any non-coding kind."""
    if isinstance(question, (McqQuestion, MultiSelectQuestion)):
        assert seed is not None
        return _grade_choice(question, answer, seed)
    if isinstance(question, NumericQuestion):
        assert seed is not None
        return _grade_numeric(question, answer, seed)
    if isinstance(question, ShortTextQuestion):
        text = _text(answer.get("text"), "your answer")
        rubric = grade_rubric(question.rubric, text)
        descriptions = {item.id: item.description for item in question.rubric}
        result = {
            "score": rubric.score,
            "passed": rubric.score >= question.pass_threshold,
            "mode": rubric.mode,
            "items": [
                {**asdict(item), "description": descriptions[item.item_id]} for item in rubric.items
            ],
        }
        return {"text": text}, result, rubric.score, bool(result["passed"])
    if isinstance(question, SystemDesignQuestion):
        answers = _design_answers(answer)
        design = score_design_answer(question, answers)
        result = design_result_json(question, answers, design)
        return answers, result, design.score, design.passed
    raise PracticeError("Coding questions are answered with Run and Submit.")


def _grade_choice(
    question: McqQuestion | MultiSelectQuestion, answer: Mapping[str, Any], seed: int
) -> tuple[dict[str, Any], dict[str, Any], float, bool]:
    raw = answer.get("choices")
    chosen = [str(c) for c in raw] if isinstance(raw, (list, tuple)) else []
    if isinstance(question, McqQuestion):
        one = answer.get("choice")
        chosen = [str(one)] if one else chosen[:1]
    if not chosen:
        raise PracticeError(
            "Pick an option first."
            if isinstance(question, McqQuestion)
            else "Pick at least one option."
        )
    try:
        graded = grade_choice(question, chosen)
    except ValueError:
        raise PracticeError("That option is not part of this question. Reload the page.") from None
    by_id = {o.option_id: o for o in graded.options}
    options = [asdict(by_id[o.id]) for o in ordered_options(question, seed)]
    result = {"score": graded.score, "correct": graded.correct, "options": options}
    return {"chosen": sorted(set(chosen))}, result, graded.score, graded.correct


def _grade_numeric(
    question: NumericQuestion, answer: Mapping[str, Any], seed: int
) -> tuple[dict[str, Any], dict[str, Any], float, bool]:
    text = str(answer.get("value") or "")[:200]
    try:
        given = parse_answer(text, question.unit)
    except ValueError as exc:
        raise PracticeError(f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from None
    try:
        variant = make_variant(question, seed)
    except VariantError:
        logger.exception("numeric variant failed for %s seed %s", question.id, seed)
        raise PracticeError("This question could not be generated; try another.") from None
    graded = grade_numeric_variant(question, variant, given)
    result = {
        "score": graded.score,
        "correct": graded.correct,
        "given": graded.given,
        "expected_text": graded.expected_text,
    }
    return {"value": text}, result, graded.score, graded.correct


def _text(value: Any, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise PracticeError(f"Write {what} before submitting.")
    limit = settings.MLQUIZ_MAX_TEXT_CHARS
    if len(text) > limit:
        raise PracticeError(
            f"{what.capitalize()} is {len(text):,} characters; the limit is {limit:,}."
        )
    return text


def _design_answers(answer: Mapping[str, Any]) -> dict[str, str]:
    answers: dict[str, str] = {step: str(answer.get(step) or "").strip() for step in STEP_NAMES}
    if not any(answers.values()):
        raise PracticeError("Answer at least one step before submitting.")
    limit = settings.MLQUIZ_MAX_TEXT_CHARS
    for step, text in answers.items():
        if len(text) > limit:
            raise PracticeError(
                f"The {step} step is {len(text):,} characters; the limit is {limit:,}."
            )
    return answers


def design_result_json(
    question: SystemDesignQuestion, answers: Mapping[str, str], design: Any
) -> dict[str, Any]:
    steps = {}
    for coverage in design.steps:
        rubric = getattr(question.steps, coverage.step).rubric
        descriptions = {item.id: item.description for item in rubric}
        steps[coverage.step] = {
            "weight": coverage.weight,
            "coverage": coverage.coverage,
            "answered": bool(answers.get(coverage.step)),
            "items": [
                {**asdict(item), "description": descriptions[item.item_id]}
                for item in coverage.rubric.items
            ],
        }
    return {
        "score": design.score,
        "passed": design.passed,
        "steps": steps,
        "red_flags": [asdict(hit) for hit in design.red_flags],
    }


# --- code submissions -------------------------------------------------------------------------


def submission_create(
    *,
    user: AbstractBaseUser,
    question: CodingQuestion,
    code: str,
    mode: str,
    idempotency_key: str = "",
) -> tuple[Submission, bool]:
    """Store a submission and queue its grading; a repeated key returns the stored one."""
    if mode not in Submission.Mode.values:
        raise PracticeError("Choose Run or Submit.")
    key = _clean_key(idempotency_key)
    existing = Submission.objects.filter(user=user, idempotency_key=key).first()
    if existing is not None:
        return existing, False
    _check_code(code)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                user=user, question_id=question.id, code=code, mode=mode, idempotency_key=key
            )
    except IntegrityError:
        return Submission.objects.get(user=user, idempotency_key=key), False
    draft_save(user=user, question_id=question.id, content=code)
    _enqueue(submission)
    submission.refresh_from_db()  # an inline backend (tests, ImmediateBackend) already graded it
    return submission, True


def _check_code(code: str) -> None:
    if not code.strip():
        raise PracticeError("The editor is empty: write a solution before running it.")
    size = len(code.encode("utf-8"))
    limit = settings.MLQUIZ_MAX_CODE_BYTES
    if size > limit:
        raise PracticeError(
            f"Your code is {size / 1024:.1f} KiB; the limit is {limit // 1024} KiB. "
            "Nothing was sent; your saved draft is unchanged."
        )


def _enqueue(submission: Submission) -> None:
    from mlquiz.web.practice.tasks import grade_code_submission

    try:
        grade_code_submission.enqueue(submission.pk)
    except Exception:  # the queue is down: say so on the verdict panel instead of a 500
        logger.exception("could not enqueue submission %s", submission.pk)
        _finish(
            submission,
            status=Submission.Status.ERROR,
            verdict="SE",
            report={
                "verdict": "SE",
                "verdict_text": "System error",
                "message": "The grading queue is unavailable; try again shortly.",
                "tests": [],
            },
        )


def submission_grade(*, submission_id: int) -> str:
    """Grade a queued submission (run by the task worker). Returns the final status."""
    with transaction.atomic():
        claimed = Submission.objects.filter(
            pk=submission_id, status=Submission.Status.QUEUED
        ).update(status=Submission.Status.RUNNING)
    if not claimed:
        return "skipped"
    submission = Submission.objects.get(pk=submission_id)
    from mlquiz.web.bank.selectors import question_get

    question = question_get(submission.question_id)
    if not isinstance(question, CodingQuestion):
        _finish(
            submission,
            status=Submission.Status.ERROR,
            verdict="SE",
            report=_system_error("This question is no longer in the bank."),
        )
        return str(submission.status)
    try:
        report = _grade_code(question, submission.code, submission.mode)
    except Exception as exc:
        logger.exception("grading submission %s failed", submission_id)
        _finish(
            submission,
            status=Submission.Status.ERROR,
            verdict="SE",
            report=_system_error(f"The grader failed: {type(exc).__name__}."),
        )
        return str(submission.status)
    data = report.to_json()
    _finish(submission, status=Submission.Status.DONE, verdict=str(data["verdict"]), report=data)
    return str(submission.status)


def _grade_code(question: CodingQuestion, code: str, mode: str) -> Any:
    """The sandboxed grader (imported lazily: it starts a worker pool on first use)."""
    from mlquiz.grading.code import grade_submission

    return grade_submission(question, code, mode="submit" if mode == "submit" else "run")


def _system_error(message: str) -> dict[str, Any]:
    return {
        "verdict": "SE",
        "verdict_text": "System error",
        "message": message,
        "tests": [],
        "passed_count": 0,
        "total_count": 0,
    }


def _finish(submission: Submission, *, status: str, verdict: str, report: dict[str, Any]) -> None:
    submission.status = status
    submission.verdict = verdict
    submission.report = json.loads(json.dumps(report, default=str))
    submission.finished = timezone.now()
    submission.save(update_fields=["status", "verdict", "report", "finished"])


# --- drafts -----------------------------------------------------------------------------------


def draft_save(
    *, user: AbstractBaseUser, question_id: str, content: str, limit_bytes: int | None = None
) -> Draft:
    """Save editor content; an oversized draft is refused and the saved one kept."""
    limit = settings.MLQUIZ_MAX_CODE_BYTES if limit_bytes is None else limit_bytes
    if len(content.encode("utf-8")) > limit:
        raise PracticeError(
            f"Not saved: the draft is over {limit // 1024} KiB. The last saved draft is kept."
        )
    draft, _ = Draft.objects.update_or_create(
        user=user, question_id=question_id, defaults={"content": content}
    )
    return draft


def design_draft_save(
    *, user: AbstractBaseUser, question_id: str, answers: Mapping[str, Any]
) -> Draft:
    clean = {step: str(answers.get(step) or "") for step in STEP_NAMES}
    return draft_save(
        user=user,
        question_id=question_id,
        content=json.dumps(clean),
        limit_bytes=8 * settings.MLQUIZ_MAX_TEXT_CHARS,
    )


def design_draft_load(content: str | None) -> dict[str, str]:
    try:
        data = json.loads(content or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    return {step: str(data.get(step) or "") for step in STEP_NAMES}
