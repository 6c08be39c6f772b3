"""Mock-interview pages: the list, taking a mock, and its report. Thin glue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mlquiz.content.schema import (
    STEP_NAMES,
    CodingQuestion,
    McqQuestion,
    MultiSelectQuestion,
    NumericQuestion,
    SystemDesignQuestion,
)
from mlquiz.content.variants import VariantError, make_variant
from mlquiz.practice.mock import MockError, MockItem, MockRun
from mlquiz.practice.quiz import ordered_options
from mlquiz.web.auth import current_user
from mlquiz.web.bank.selectors import question_get, topic_titles
from mlquiz.web.interviews import selectors, services

STEP_TITLES = {
    "requirements": "Requirements",
    "data": "Data pipeline",
    "model": "Model",
    "serving": "Serving and monitoring",
}
ANSWER_FIELDS = ("choice", "choices", "value", "text", "code", *STEP_NAMES)


@require_GET
@login_required
def mock_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(
        request,
        "interviews/list.html",
        {
            "mocks": selectors.mocks_available(),
            "sessions": selectors.sessions_for_user(user=user, limit=20),
        },
    )


@require_POST
@login_required
def mock_start(request: HttpRequest, mock_id: str) -> HttpResponse:
    try:
        session = services.mock_start(user=current_user(request), mock_id=mock_id)
    except MockError as exc:
        messages.error(request, str(exc))
        return redirect("interviews:list")
    return redirect("interviews:take", session_id=session.pk)


@require_GET
@login_required
def mock_take(request: HttpRequest, session_id: int) -> HttpResponse:
    user = current_user(request)
    key = request.GET.get("q", "")
    session = services.mock_sync(user=user, session_id=session_id)
    run = MockRun.from_json(session.state)
    if run.finished:
        return redirect("interviews:report", session_id=session.pk)
    if key and key != run.current_key:
        try:
            session = services.mock_view(user=user, session_id=session_id, key=key)
        except MockError:
            return redirect("interviews:take", session_id=session.pk)
        run = MockRun.from_json(session.state)
    item = run.item(run.current_key) if run.current_key else run.zone_items()[0]
    drafts = selectors.drafts_for(session)
    moment = services.now()
    zone = run.zone
    assert zone is not None
    context: dict[str, Any] = {
        "session": session,
        "run": run,
        "zone": zone,
        "zone_number": run.zone_index + 1,
        "items": run.zone_items(),
        "item": item,
        "question": _question_context(item, drafts.get(item.key) or {}, run),
        "seconds_left": int(run.seconds_left(moment)),
        "deadline": deadline.isoformat() if (deadline := run.deadline()) else "",
        "open": run.can_answer(item.key, moment),
        "feedback": run.show_feedback(),
        "next_key": _next_key(run, item),
    }
    return render(request, "interviews/take.html", context)


def _next_key(run: MockRun, item: MockItem) -> str:
    items = run.zone_items()
    keys = [i.key for i in items]
    index = keys.index(item.key)
    for other in items[index + 1 :] + items[:index]:
        if not other.answered:
            return other.key
    return ""


def _question_context(item: MockItem, draft: dict[str, Any], run: MockRun) -> dict[str, Any]:
    question = question_get(item.question_id)
    ctx: dict[str, Any] = {"missing": question is None, "draft": draft}
    if question is None:
        return ctx
    ctx.update(
        {
            "q": question,
            "prompt": question.prompt,
            "explanation": question.explanation if run.show_feedback() else "",
        }
    )
    if isinstance(question, (McqQuestion, MultiSelectQuestion)):
        ctx["options"] = ordered_options(question, item.seed)
        raw = draft.get("choices") or draft.get("choice") or ""
        ctx["chosen"] = set(str(raw).split(","))
    elif isinstance(question, NumericQuestion):
        try:
            ctx["prompt"] = make_variant(question, item.seed).prompt
        except VariantError:
            ctx["missing"] = True
    elif isinstance(question, SystemDesignQuestion):
        ctx["clarifications"] = question.clarifications
        ctx["steps"] = [
            {"name": n, "title": STEP_TITLES[n], "answer": draft.get(n, "")} for n in STEP_NAMES
        ]
    elif isinstance(question, CodingQuestion):
        ctx["code"] = draft.get("code") or question.starter
    return ctx


def _answer_from(request: HttpRequest) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in ANSWER_FIELDS:
        if name == "choices":
            values = request.POST.getlist("choices")
            if values:
                data["choices"] = ",".join(values) if len(values) > 1 else values[0]
        elif name in request.POST:
            data[name] = request.POST.get(name, "")
    return data


@require_POST
@login_required
def mock_draft(request: HttpRequest, session_id: int) -> HttpResponse:
    saved = services.mock_draft_save(
        user=current_user(request),
        session_id=session_id,
        key=request.POST.get("key", ""),
        content=_answer_from(request),
    )
    # not saved means the question is closed (time is up): the page reloads to the next state
    return JsonResponse({"saved": saved})


@require_POST
@login_required
def mock_answer(request: HttpRequest, session_id: int) -> HttpResponse:
    key = request.POST.get("key", "")
    try:
        services.mock_answer(
            user=current_user(request), session_id=session_id, key=key, answer=_answer_from(request)
        )
    except MockError as exc:
        messages.info(request, str(exc))
    return redirect("interviews:take", session_id=session_id)


@require_POST
@login_required
def mock_end_zone(request: HttpRequest, session_id: int) -> HttpResponse:
    services.mock_end_zone(user=current_user(request), session_id=session_id)
    return redirect("interviews:take", session_id=session_id)


@require_GET
@login_required
def mock_state(request: HttpRequest, session_id: int) -> HttpResponse:
    """The countdown's source of truth (the browser's clock is never trusted)."""
    session = services.mock_sync(user=current_user(request), session_id=session_id)
    run = MockRun.from_json(session.state)
    return JsonResponse(
        {
            "finished": run.finished,
            "zone": run.zone.id if run.zone else None,
            "seconds_left": int(run.seconds_left(services.now())),
        }
    )


@require_GET
@login_required
def mock_report_page(request: HttpRequest, session_id: int) -> HttpResponse:
    user = current_user(request)
    session = services.mock_sync(user=user, session_id=session_id)
    run = MockRun.from_json(session.state)
    if not run.finished:
        return redirect("interviews:take", session_id=session.pk)
    report = session.report or {}
    earlier = selectors.earlier_sessions(session=session)
    same = [s for s in earlier if s.mock_id == session.mock_id]
    titles = topic_titles()
    return render(
        request,
        "interviews/report.html",
        {
            "session": session,
            "report": report,
            "earlier": earlier,
            "previous_same": same[-1] if same else None,
            "delta": (round((session.percent or 0) - (same[-1].percent or 0), 1) if same else None),
            "topic_titles": titles,
            "duration": _minutes(run.started, run.ended),
            "chart": {
                "labels": [s.created.strftime("%b %d") for s in earlier] + ["this mock"],
                "scores": [s.percent for s in earlier] + [session.percent],
            },
        },
    )


def _minutes(start: str | None, end: str | None) -> int:
    if not start or not end:
        return 0
    return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60)
