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
from collections.abc import Collection, Mapping
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
from mlquiz.grading.text import ItemResult, confirm_items, grade_answer, review_rating
from mlquiz.grading.text.design import PASS_THRESHOLD as DESIGN_PASS_THRESHOLD
from mlquiz.practice.quiz import ordered_options
from mlquiz.web.practice.models import Attempt, Draft, QuestionState, Submission
from mlquiz.web.practice.scoring import DesignScore, score_design_answer

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
    state.hints_used = 0
    state.save(update_fields=["seed", "hints_used", "updated"])
    return state


def hint_reveal(*, user: AbstractBaseUser, question_id: str, index: int) -> QuestionState:
    """Record that hint ``index`` (0-based) was opened for the current variant."""
    state = question_state_get(user=user, question_id=question_id)
    if index + 1 > state.hints_used:
        state.hints_used = min(index + 1, 100)
        state.save(update_fields=["hints_used", "updated"])
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
                auto_score=score,
                correct=correct,
                rating=review_rating(score, correct),
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
        rubric = grade_answer(question.rubric, text, mode=_text_mode())
        descriptions = {item.id: item.description for item in question.rubric}
        result = {
            "score": rubric.score,
            "passed": rubric.score >= question.pass_threshold,
            "mode": rubric.mode,
            "message": rubric.message,
            "items": [
                {**asdict(item), "description": descriptions[item.item_id]} for item in rubric.items
            ],
            "auto_matched": sorted(rubric.matched_ids()),
        }
        return {"text": text}, result, rubric.score, bool(result["passed"])
    if isinstance(question, SystemDesignQuestion):
        answers = _design_answers(answer)
        design = score_design_answer(question, answers, mode=_text_mode())
        result = design_result_json(question, answers, design)
        return answers, result, design.score, design.passed
    raise PracticeError("Coding questions are answered with Run and Submit.")


def _text_mode() -> Any:
    """``auto`` (semantic when the model is installed), or a mode forced by settings."""
    mode = getattr(settings, "MLQUIZ_TEXT_GRADING", "auto")
    return mode if mode in ("auto", "semantic", "keyword") else "auto"


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
    question: SystemDesignQuestion, answers: Mapping[str, str], design: DesignScore
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
        "mode": design.mode,
        "message": design.message,
        "steps": steps,
        "red_flags": [asdict(hit) for hit in design.red_flags],
        "general_flags": [asdict(hit) for hit in design.general_flags],
        "signals": [asdict(signal) for signal in design.signals],
        "follow_ups": [asdict(f) for f in design.follow_ups],
        "auto_matched": sorted(
            f"{c.step}:{i}" for c in design.steps for i in c.rubric.matched_ids()
        ),
    }


# --- the user's last word -------------------------------------------------------------------

CONFIRMABLE_KINDS = ("short_text", "system_design")


def attempt_confirm(
    *, user: AbstractBaseUser, attempt_id: int, confirmed: Collection[str]
) -> Attempt:
    """The user confirms or toggles the graded items of their answer.

    ``confirmed`` holds the ids they say their answer covers (short text: item ids; design:
    ``step:item``), misconceptions included when they agree they stated one. Their choice sets
    the final score, ``correct`` and the review rating; the agreement between the automatic
    items and theirs is stored on the attempt. They can change their mind: each call compares
    with the automatic grading, never with a previous confirmation.
    """
    attempt = Attempt.objects.filter(user=user, pk=attempt_id).first()
    if attempt is None or attempt.kind not in CONFIRMABLE_KINDS:
        raise PracticeError("There is no graded answer to confirm here. Reload the page.")
    from mlquiz.web.bank.selectors import question_get

    question = question_get(attempt.question_id)
    result = json.loads(json.dumps(attempt.result))
    chosen = set(confirmed)
    if "auto_matched" not in result:  # an attempt graded before confirmation existed
        result["auto_matched"] = sorted(
            [i["item_id"] for i in result.get("items", []) if i.get("matched")]
            + [
                f"{step}:{i['item_id']}"
                for step, data in (result.get("steps") or {}).items()
                for i in data.get("items", [])
                if i.get("matched")
            ]
        )
    auto_all = set(result["auto_matched"])
    if isinstance(question, ShortTextQuestion):
        confirmation = confirm_items(_auto_items(auto_all, result.get("items", [])), chosen)
        result["items"] = _with_descriptions(confirmation.items, result.get("items", []))
        score, agreed, total = confirmation.score, confirmation.agreed, len(confirmation.items)
        passed = score >= question.pass_threshold
    elif isinstance(question, SystemDesignQuestion):
        score, agreed, total = 0.0, 0, 0
        for step, data in (result.get("steps") or {}).items():
            prefix = f"{step}:"
            mine = {c[len(prefix) :] for c in chosen if c.startswith(prefix)}
            auto = {a[len(prefix) :] for a in auto_all if a.startswith(prefix)}
            confirmation = confirm_items(_auto_items(auto, data["items"]), mine)
            data["items"] = _with_descriptions(confirmation.items, data["items"])
            data["coverage"] = confirmation.score
            score += data["weight"] * confirmation.score
            agreed += confirmation.agreed
            total += len(confirmation.items)
        flagged = bool(result.get("red_flags") or result.get("general_flags"))
        passed = score >= DESIGN_PASS_THRESHOLD and not flagged
    else:
        raise PracticeError("This question is no longer in the bank.")
    result.update(
        score=score,
        passed=passed,
        confirmed=True,
        auto_score=attempt.auto_score if attempt.auto_score is not None else attempt.score,
    )
    attempt.result = result
    attempt.score = score
    attempt.correct = passed
    attempt.agreement = 1.0 if total == 0 else agreed / total
    attempt.rating = review_rating(score, passed)
    attempt.confirmed = timezone.now()
    attempt.save(update_fields=["result", "score", "correct", "agreement", "rating", "confirmed"])
    return attempt


def _auto_items(auto: Collection[str], items: list[dict[str, Any]]) -> list[ItemResult]:
    """The grader's own items (before any confirmation) from the stored result."""
    return [
        ItemResult(
            item_id=i["item_id"],
            matched=i["item_id"] in auto,
            evidence=i.get("auto_evidence", i.get("evidence", "")) if i["item_id"] in auto else "",
            points=float(i["points"]),
            misconception=bool(i["misconception"]),
            method=i.get("auto_method", i.get("method", "")),
            similarity=i.get("similarity"),
        )
        for i in items
    ]


def _with_descriptions(
    items: list[ItemResult], previous: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    old = {i["item_id"]: i for i in previous}
    out = []
    for item in items:
        before = old.get(item.item_id, {})
        row = {**asdict(item), "description": before.get("description", item.item_id)}
        row["auto_evidence"] = before.get("auto_evidence", before.get("evidence", ""))
        row["auto_method"] = before.get("auto_method", before.get("method", ""))
        if item.matched and not row["evidence"]:
            row["evidence"] = row["auto_evidence"]
        out.append(row)
    return out


def question_agreement(*, question_id: str) -> dict[str, Any]:
    """How often users agreed with the automatic grading of a question (for staff and authors).

    A read, kept here next to the write that records it.
    """
    from django.db.models import Avg, Count

    rows = Attempt.objects.filter(question_id=question_id, agreement__isnull=False).aggregate(
        confirmed=Count("id"), mean=Avg("agreement")
    )
    return {"confirmed": rows["confirmed"] or 0, "mean_agreement": rows["mean"]}


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
