"""Question pages and the actions on them. Thin: parse the request, call services, render."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

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
from mlquiz.content.variants import (
    NumericVariant,
    VariantError,
    make_variant,
    render_explanation,
    render_text,
)
from mlquiz.practice.quiz import ordered_options
from mlquiz.web.auth import current_user, is_htmx
from mlquiz.web.bank.selectors import next_question_id, question_get, topic_titles
from mlquiz.web.practice import selectors, services
from mlquiz.web.practice.models import Attempt, Submission
from mlquiz.web.practice.services import PracticeError

STEP_TITLES = {
    "requirements": "Requirements",
    "data": "Data pipeline",
    "model": "Model",
    "serving": "Serving and monitoring",
}


def _question_or_404(question_id: str) -> Question:
    question = question_get(question_id)
    if question is None:
        raise Http404(f"No question with id '{question_id[:160]}'")
    return question


@require_GET
@login_required
def question_page(request: HttpRequest, question_id: str) -> HttpResponse:
    question = _question_or_404(question_id)
    return _render_question(request, question)


def _render_question(
    request: HttpRequest,
    question: Question,
    *,
    attempt: Attempt | None = None,
    error: str = "",
    submitted: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = current_user(request)
    state = services.question_state_get(user=user, question_id=question.id)
    if attempt is None and not error:
        latest = selectors.attempt_latest(user=user, question_id=question.id)
        if latest is not None and (latest.seed is None or latest.seed == state.seed):
            attempt = latest
    context: dict[str, Any] = {
        "question": question,
        "status": selectors.question_status(user=user, question_id=question.id),
        "topic_titles": topic_titles(),
        "next_id": next_question_id(question),
        "state": state,
        "key": uuid.uuid4().hex,
        "attempt": attempt,
        "result": attempt.result if attempt else None,
        "error": error,
        "submitted": submitted or (attempt.answer if attempt else {}),
        "attempt_count": selectors.attempt_count(user=user, question_id=question.id),
        "variant": services.variant_token(user=user, question_id=question.id, seed=state.seed),
        "explanation": question.explanation,
        "hints": question.hints,
        "prompt": question.prompt,
    }
    if isinstance(question, (ShortTextQuestion, SystemDesignQuestion)) and getattr(
        user, "is_staff", False
    ):
        context["agreement"] = services.question_agreement(question_id=question.id)
    template = f"practice/{question.kind}.html"
    if isinstance(question, (McqQuestion, MultiSelectQuestion)):
        context["options"] = ordered_options(question, state.seed)
        chosen = (context["submitted"] or {}).get("chosen") or []
        context["chosen"] = set(chosen)
        template = "practice/choice.html"
    elif isinstance(question, NumericQuestion):
        variant = _variant(question, state.seed)
        if variant is None:
            context["variant_error"] = True
        else:
            context["prompt"] = variant.prompt
            context["explanation"] = render_explanation(question, variant)
            context["hints"] = [render_text(h, variant.values) for h in question.hints]
    elif isinstance(question, ShortTextQuestion):
        draft = selectors.draft_get(user=user, question_id=question.id)
        context["text"] = context["submitted"].get("text") or (draft.content if draft else "")
    elif isinstance(question, SystemDesignQuestion):
        _design_context(request, question, context)
    elif isinstance(question, CodingQuestion):
        _coding_context(request, question, context)
    return render(request, template, context, status=status)


def _variant(question: NumericQuestion, seed: int) -> NumericVariant | None:
    try:
        return make_variant(question, seed)
    except VariantError:
        return None


def _design_context(
    request: HttpRequest, question: SystemDesignQuestion, context: dict[str, Any]
) -> None:
    submitted = context["submitted"] or {}
    draft = selectors.draft_get(user=current_user(request), question_id=question.id)
    if context["error"] or context["attempt"] is None:
        answers = services.design_draft_load(draft.content if draft else None)
        answers.update({k: v for k, v in submitted.items() if k in STEP_NAMES and v})
    else:
        answers = {step: submitted.get(step, "") for step in STEP_NAMES}
    result = context["result"] or {}
    context["steps"] = [
        {
            "name": name,
            "title": STEP_TITLES[name],
            "number": index + 1,
            "spec": getattr(question.steps, name),
            "answer": answers.get(name, ""),
            "reference": getattr(question.reference_answer, name),
            "result": (result.get("steps") or {}).get(name),
        }
        for index, name in enumerate(STEP_NAMES)
    ]


def _coding_context(
    request: HttpRequest, question: CodingQuestion, context: dict[str, Any]
) -> None:
    user = current_user(request)
    draft = selectors.draft_get(user=user, question_id=question.id)
    submissions = selectors.submissions_for_question(user=user, question_id=question.id)
    context["code"] = draft.content if draft else question.starter
    context["draft"] = draft
    context["submissions"] = submissions
    context["latest"] = submissions[0] if submissions else None
    context["public_tests"] = [
        {
            "name": t.name,
            "call": f"{question.entry_point}({_args_text(t.args, t.kwargs)})",
            "expected": _value_text(t.expected) if t.has_expected else None,
            "note": t.note,
        }
        for t in question.tests.public
    ]
    context["accepted"] = any(s.mode == "submit" and s.verdict == "AC" for s in submissions)
    context["explanation_unlocked"] = context["accepted"] or context["state"].revealed
    context["max_code_kib"] = 64


def _value_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _args_text(args: list[Any], kwargs: dict[str, Any]) -> str:
    parts = [_value_text(a) for a in args] + [f"{k}={_value_text(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


@require_POST
@login_required
def answer(request: HttpRequest, question_id: str) -> HttpResponse:
    """Grade an answer to a choice, numeric, short-text or design question.

    With ``action=confirm`` the user confirms or toggles the items of a graded free-text answer
    (``attempt`` and the checked ``items``); the final score and rating follow their choice.
    """
    question = _question_or_404(question_id)
    post = request.POST
    if post.get("action") == "confirm":
        return _confirm(request, question)
    data: dict[str, Any] = {
        "choice": post.get("choice", ""),
        "choices": post.getlist("choices"),
        "value": post.get("value", ""),
        "text": post.get("text", ""),
    }
    data.update({step: post.get(step, "") for step in STEP_NAMES})
    try:
        attempt, _ = services.attempt_create(
            user=current_user(request),
            question=question,
            answer=data,
            variant=post.get("variant", ""),
            idempotency_key=post.get("key", ""),
        )
    except PracticeError as exc:
        submitted: dict[str, Any] = {
            "chosen": [c for c in [data["choice"], *data["choices"]] if c],
            "value": data["value"][:200],
            "text": data["text"],
            **{step: data[step] for step in STEP_NAMES},
        }
        return _render_question(request, question, error=str(exc), submitted=submitted, status=400)
    return _render_question(request, question, attempt=attempt)


def _confirm(request: HttpRequest, question: Question) -> HttpResponse:
    try:
        attempt_id = int(request.POST.get("attempt", ""))
    except ValueError:
        attempt_id = 0
    try:
        attempt = services.attempt_confirm(
            user=current_user(request),
            attempt_id=attempt_id,
            confirmed=request.POST.getlist("items"),
        )
    except PracticeError as exc:
        return _render_question(request, question, error=str(exc), status=400)
    if attempt.question_id != question.id:
        raise Http404("That answer belongs to another question")
    return _render_question(request, question, attempt=attempt)


@require_POST
@login_required
def another(request: HttpRequest, question_id: str) -> HttpResponse:
    """'Try another': a fresh variant (new numbers, new option order)."""
    question = _question_or_404(question_id)
    services.question_state_new_variant(user=current_user(request), question_id=question.id)
    return redirect("practice:question", question_id=question.id)


@require_POST
@login_required
def reveal(request: HttpRequest, question_id: str) -> HttpResponse:
    question = _question_or_404(question_id)
    services.question_state_reveal(user=current_user(request), question_id=question.id)
    if is_htmx(request):
        return _coding_extras(request, question)
    return redirect(reverse("practice:question", args=[question.id]) + "#explanation")


@require_POST
@login_required
def hint(request: HttpRequest, question_id: str) -> HttpResponse:
    """A hint was opened: remembered so a pass after hints is reviewed sooner (rated Hard)."""
    question = _question_or_404(question_id)
    try:
        index = int(request.POST.get("index", ""))
    except ValueError:
        return HttpResponse("Which hint? Send its index.", status=400)
    if not 0 <= index < len(question.hints):
        return HttpResponse("There is no such hint.", status=400)
    services.hint_reveal(user=current_user(request), question_id=question.id, index=index)
    return HttpResponse(status=204)


@require_POST
@login_required
def code_submit(request: HttpRequest, question_id: str) -> HttpResponse:
    """Run (public tests) or Submit (all tests): queue the job, answer with the verdict panel."""
    question = _question_or_404(question_id)
    if not isinstance(question, CodingQuestion):
        raise Http404("Not a coding question")
    try:
        submission, _ = services.submission_create(
            user=current_user(request),
            question=question,
            code=request.POST.get("code", ""),
            mode=request.POST.get("mode", "run"),
            idempotency_key=request.POST.get("key", ""),
        )
    except PracticeError as exc:
        if is_htmx(request):
            return render(
                request,
                "practice/_verdict_error.html",
                {"error": str(exc), "key": uuid.uuid4().hex},
                status=400,
            )
        context = {"error": str(exc)}
        return render(request, "practice/_verdict_error_page.html", context, status=400)
    if not is_htmx(request):
        return redirect("practice:submission", pk=submission.pk)
    return _panel(request, submission, question, fresh_key=True)


def _panel(
    request: HttpRequest,
    submission: Submission,
    question: Question | None,
    *,
    fresh_key: bool = False,
) -> HttpResponse:
    response = render(
        request,
        "practice/_verdict.html",
        {
            "submission": submission,
            "report": submission.report or {},
            "question": question,
            "key": uuid.uuid4().hex if fresh_key else "",
        },
    )
    if not submission.pending:
        response["HX-Trigger"] = "submission-finished"
    return response


@require_GET
@login_required
def submission_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The verdict panel of one submission (polled while it is queued or running)."""
    submission = selectors.submission_get(user=current_user(request), submission_id=pk)
    return _panel(request, submission, question_get(submission.question_id))


@require_GET
@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=current_user(request), submission_id=pk)
    return render(
        request,
        "practice/submission.html",
        {
            "submission": submission,
            "report": submission.report or {},
            "question": question_get(submission.question_id),
        },
    )


@require_GET
@login_required
def coding_extras(request: HttpRequest, question_id: str) -> HttpResponse:
    """Submission history and the explanation, refreshed when a verdict arrives."""
    question = _question_or_404(question_id)
    return _coding_extras(request, question)


def _coding_extras(request: HttpRequest, question: Question) -> HttpResponse:
    if not isinstance(question, CodingQuestion):
        raise Http404("Not a coding question")
    state = services.question_state_get(user=current_user(request), question_id=question.id)
    context: dict[str, Any] = {
        "question": question,
        "state": state,
        "error": "",
        "explanation": question.explanation,
        "status": selectors.question_status(user=current_user(request), question_id=question.id),
    }
    _coding_context(request, question, context)
    return render(request, "practice/_coding_extras.html", context)


@require_POST
@login_required
def draft(request: HttpRequest, question_id: str) -> HttpResponse:
    """Autosave of the editor (code) or of the design form (four steps)."""
    question = _question_or_404(question_id)
    try:
        if isinstance(question, SystemDesignQuestion):
            services.design_draft_save(
                user=current_user(request),
                question_id=question.id,
                answers={step: request.POST.get(step, "") for step in STEP_NAMES},
            )
        elif isinstance(question, (CodingQuestion, ShortTextQuestion)):
            services.draft_save(
                user=current_user(request),
                question_id=question.id,
                content=request.POST.get("content", ""),
            )
        else:
            raise Http404("Nothing to save for this question")
    except PracticeError as exc:
        return JsonResponse({"saved": False, "error": str(exc)}, status=400)
    return JsonResponse({"saved": True})
