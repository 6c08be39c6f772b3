"""The JSON API: the same actions as the pages, documented at /api/openapi.json.

Browsers authenticate with their session (CSRF token required on writes); the terminal client
and scripts send ``Authorization: Bearer <token>`` (a token from POST /api/auth/token or the
account page). Every read and write is scoped to the authenticated user.
"""

from __future__ import annotations

import contextlib
from typing import Any, Literal

from django.contrib.auth import authenticate
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from mlquiz import __version__
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
from mlquiz.content.variants import VariantError, make_variant, render_explanation, render_text
from mlquiz.practice.quiz import ordered_options
from mlquiz.web.accounts.models import ApiToken, hash_token
from mlquiz.web.accounts.services import api_token_create
from mlquiz.web.auth import current_user
from mlquiz.web.bank.selectors import facets_clean, question_get, question_list
from mlquiz.web.practice import selectors, services
from mlquiz.web.practice.models import Attempt, Submission
from mlquiz.web.practice.services import PracticeError


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.select_related("user").filter(digest=hash_token(token)).first()
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="mlquiz API",
    version=__version__,
    description=__doc__ or "",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(PracticeError)
def _practice_error(request: HttpRequest, exc: PracticeError) -> Any:
    return api.create_response(request, {"detail": str(exc)}, status=400)


# --- schemas ----------------------------------------------------------------------------------


class Message(Schema):
    detail: str


class TokenIn(Schema):
    username: str
    password: str
    name: str = "terminal"


class TokenOut(Schema):
    token: str
    username: str


class Me(Schema):
    id: int
    username: str
    is_staff: bool


class QuestionSummary(Schema):
    id: str
    title: str
    kind: str
    round: str
    topics: list[str]
    difficulty: str
    time_estimate_minutes: float
    status: Literal["new", "attempted", "solved"]


class OptionOut(Schema):
    id: str
    text: str


class PublicTestOut(Schema):
    name: str
    args: list[Any]
    keyword_args: dict[str, Any]
    expected: Any = None


class StepOut(Schema):
    name: str
    weight: float
    guidance: str


class QuestionDetail(QuestionSummary):
    prompt: str
    hints: list[str]
    variant: str | None = None
    options: list[OptionOut] = Field(default_factory=list)
    unit: str = ""
    signature: str | None = None
    starter: str | None = None
    public_tests: list[PublicTestOut] = Field(default_factory=list)
    clarifications: list[dict[str, str]] = Field(default_factory=list)
    steps: list[StepOut] = Field(default_factory=list)
    draft: str | None = None


class AnswerIn(Schema):
    variant: str = ""
    choice: str = ""
    choices: list[str] = Field(default_factory=list)
    value: str = ""
    text: str = ""
    answers: dict[str, str] = Field(default_factory=dict)
    idempotency_key: str = ""


class AttemptOut(Schema):
    id: int
    question_id: str
    kind: str
    score: float
    correct: bool
    answer: dict[str, Any]
    result: dict[str, Any]
    created: Any
    explanation: str | None = None
    model_answer: str | None = None
    reference_answer: dict[str, str] | None = None


class SubmissionIn(Schema):
    code: str
    mode: Literal["run", "submit"] = "run"
    idempotency_key: str = ""


class SubmissionOut(Schema):
    id: int
    question_id: str
    mode: str
    status: str
    verdict: str
    code: str
    report: dict[str, Any] | None
    created: Any
    finished: Any


class ConfirmIn(Schema):
    items: list[str] = Field(default_factory=list)


class DraftIn(Schema):
    content: str


class DraftOut(Schema):
    question_id: str
    content: str | None


class Filters(Schema):
    round: list[str] = Field(default_factory=list)
    topic: list[str] = Field(default_factory=list)
    difficulty: list[str] = Field(default_factory=list)
    kind: list[str] = Field(default_factory=list)
    q: str = ""


# --- helpers ----------------------------------------------------------------------------------


def _question(question_id: str) -> Question:
    question = question_get(question_id)
    if question is None:
        raise HttpError(404, f"No question with id '{question_id[:160]}'")
    return question


def _summary(question: Question, status: str) -> dict[str, Any]:
    return {
        "id": question.id,
        "title": question.title,
        "kind": question.kind,
        "round": question.round,
        "topics": list(question.topics),
        "difficulty": question.difficulty,
        "time_estimate_minutes": question.time_estimate_minutes,
        "status": status,
    }


def _detail(request: HttpRequest, question: Question) -> dict[str, Any]:
    user = current_user(request)
    status = selectors.question_status(user=user, question_id=question.id)
    data = _summary(question, status)
    data.update(prompt=question.prompt, hints=list(question.hints))
    if isinstance(question, (McqQuestion, MultiSelectQuestion, NumericQuestion)):
        state = services.question_state_get(user=user, question_id=question.id)
        data["variant"] = services.variant_token(
            user=user, question_id=question.id, seed=state.seed
        )
        if isinstance(question, NumericQuestion):
            try:
                variant = make_variant(question, state.seed)
            except VariantError as exc:
                raise HttpError(500, "This question could not be generated.") from exc
            data["prompt"] = variant.prompt
            data["hints"] = [render_text(h, variant.values) for h in question.hints]
            data["unit"] = question.unit
        else:
            data["options"] = [
                {"id": o.id, "text": o.text} for o in ordered_options(question, state.seed)
            ]
    draft = selectors.draft_get(user=user, question_id=question.id)
    data["draft"] = draft.content if draft else None
    if isinstance(question, CodingQuestion):
        data["signature"] = question.signature
        data["starter"] = question.starter
        data["public_tests"] = [
            {
                "name": t.name,
                "args": t.args,
                "keyword_args": t.kwargs,
                "expected": t.expected if t.has_expected else None,
            }
            for t in question.tests.public
        ]
    if isinstance(question, SystemDesignQuestion):
        data["clarifications"] = [
            {"question": c.question, "answer": c.answer} for c in question.clarifications
        ]
        data["steps"] = [
            {
                "name": n,
                "weight": getattr(question.steps, n).weight,
                "guidance": getattr(question.steps, n).guidance,
            }
            for n in STEP_NAMES
        ]
    return data


def _attempt_out(question: Question, attempt: Attempt) -> dict[str, Any]:
    explanation = question.explanation
    if isinstance(question, NumericQuestion) and attempt.seed is not None:
        with contextlib.suppress(VariantError):
            explanation = render_explanation(question, make_variant(question, attempt.seed))
    return {
        "id": attempt.pk,
        "question_id": attempt.question_id,
        "kind": attempt.kind,
        "score": attempt.score,
        "correct": attempt.correct,
        "answer": attempt.answer,
        "result": attempt.result,
        "created": attempt.created,
        "explanation": explanation,
        "model_answer": question.model_answer if isinstance(question, ShortTextQuestion) else None,
        "reference_answer": question.reference_answer.model_dump()
        if isinstance(question, SystemDesignQuestion)
        else None,
    }


def _submission_out(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "question_id": submission.question_id,
        "mode": submission.mode,
        "status": submission.status,
        "verdict": submission.verdict,
        "code": submission.code,
        "report": submission.report,
        "created": submission.created,
        "finished": submission.finished,
    }


# --- endpoints --------------------------------------------------------------------------------
# Routes with a suffix after {path:question_id} come before the bare one: Django resolves the
# first pattern that matches, whatever the method.


@api.post("/auth/token", auth=None, response={201: TokenOut, 401: Message}, tags=["auth"])
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Exchange a username and password for an API token (shown once; keep it secret)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        return Status(401, {"detail": "Wrong username or password."})
    _, raw = api_token_create(user=user, name=payload.name)
    return Status(201, {"token": raw, "username": user.get_username()})


@api.get("/me", response=Me, tags=["auth"])
def me(request: HttpRequest) -> Any:
    return request.user


@api.get("/questions", response=list[QuestionSummary], tags=["bank"])
def questions(request: HttpRequest, filters: Query[Filters]) -> list[dict[str, Any]]:
    """The bank, filtered by round, topic, difficulty and kind (each repeatable), with status."""
    facets = facets_clean(
        rounds=filters.round,
        topics=filters.topic,
        difficulties=filters.difficulty,
        kinds=filters.kind,
    )
    found = question_list(facets, search=filters.q[:100])
    statuses = selectors.question_statuses(
        user=current_user(request), question_ids=[q.id for q in found]
    )
    return [_summary(q, statuses.get(q.id, "new")) for q in found]


@api.post("/questions/{path:question_id}/variant", response=QuestionDetail, tags=["practice"])
def new_variant(request: HttpRequest, question_id: str) -> dict[str, Any]:
    """'Try another': a new variant (numbers, option order) of the question."""
    question = _question(question_id)
    services.question_state_new_variant(user=current_user(request), question_id=question.id)
    return _detail(request, question)


@api.post(
    "/questions/{path:question_id}/answer",
    response={201: AttemptOut, 200: AttemptOut, 400: Message},
    tags=["practice"],
)
def answer(request: HttpRequest, question_id: str, payload: AnswerIn) -> Status[dict[str, Any]]:
    """Grade an answer. Choice: ``choice`` or ``choices``; numeric: ``value`` and ``variant``;
    short text: ``text``; system design: ``answers`` keyed by step."""
    question = _question(question_id)
    data: dict[str, Any] = {
        "choice": payload.choice,
        "choices": payload.choices,
        "value": payload.value,
        "text": payload.text,
        **{step: payload.answers.get(step, "") for step in STEP_NAMES},
    }
    attempt, created = services.attempt_create(
        user=current_user(request),
        question=question,
        answer=data,
        variant=payload.variant,
        idempotency_key=payload.idempotency_key,
    )
    return Status(201 if created else 200, _attempt_out(question, attempt))


@api.post(
    "/questions/{path:question_id}/submissions",
    response={202: SubmissionOut, 200: SubmissionOut, 400: Message, 404: Message},
    tags=["coding"],
)
def submit(request: HttpRequest, question_id: str, payload: SubmissionIn) -> Status[dict[str, Any]]:
    """Queue code for grading: ``run`` (public tests) or ``submit`` (every test). Poll
    GET /api/submissions/{id} until ``status`` is ``done`` or ``error``."""
    question = _question(question_id)
    if not isinstance(question, CodingQuestion):
        raise HttpError(404, "Not a coding question")
    submission, created = services.submission_create(
        user=current_user(request),
        question=question,
        code=payload.code,
        mode=payload.mode,
        idempotency_key=payload.idempotency_key,
    )
    return Status(202 if created else 200, _submission_out(submission))


@api.get("/questions/{path:question_id}/submissions", response=list[SubmissionOut], tags=["coding"])
def question_submissions(request: HttpRequest, question_id: str) -> list[dict[str, Any]]:
    question = _question(question_id)
    found = selectors.submissions_for_question(user=current_user(request), question_id=question.id)
    return [_submission_out(s) for s in found]


@api.get("/questions/{path:question_id}/attempts", response=list[AttemptOut], tags=["practice"])
def question_attempts(request: HttpRequest, question_id: str) -> list[dict[str, Any]]:
    question = _question(question_id)
    found = Attempt.objects.filter(user=current_user(request), question_id=question.id)[:50]
    return [_attempt_out(question, a) for a in found]


@api.get("/questions/{path:question_id}/draft", response=DraftOut, tags=["practice"])
def draft_get(request: HttpRequest, question_id: str) -> dict[str, Any]:
    question = _question(question_id)
    draft = selectors.draft_get(user=current_user(request), question_id=question.id)
    return {"question_id": question.id, "content": draft.content if draft else None}


@api.put(
    "/questions/{path:question_id}/draft",
    response={200: DraftOut, 400: Message},
    tags=["practice"],
)
def draft_put(request: HttpRequest, question_id: str, payload: DraftIn) -> dict[str, Any]:
    question = _question(question_id)
    draft = services.draft_save(
        user=current_user(request), question_id=question.id, content=payload.content
    )
    return {"question_id": question.id, "content": draft.content}


@api.get("/questions/{path:question_id}", response=QuestionDetail, tags=["bank"])
def question_detail(request: HttpRequest, question_id: str) -> dict[str, Any]:
    """One question as a candidate sees it (the current variant; no answers)."""
    return _detail(request, _question(question_id))


@api.post(
    "/attempts/{int:attempt_id}/confirm",
    response={200: AttemptOut, 400: Message},
    tags=["practice"],
)
def attempt_confirm(request: HttpRequest, attempt_id: int, payload: ConfirmIn) -> Any:
    """Confirm or toggle the rubric items of a graded free-text or design answer.

    ``items`` lists the ids the answer covers (short text: item ids; design: ``step:item``);
    the user's choice sets the final score and the review rating.
    """
    attempt = services.attempt_confirm(
        user=current_user(request), attempt_id=attempt_id, confirmed=payload.items
    )
    return _attempt_out(_question(attempt.question_id), attempt)


@api.get("/submissions/{int:submission_id}", response=SubmissionOut, tags=["coding"])
def submission(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    try:
        found = selectors.submission_get(user=current_user(request), submission_id=submission_id)
    except Http404:
        raise HttpError(404, "No such submission") from None
    return _submission_out(found)
