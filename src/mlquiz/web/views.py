"""Site-wide pages: the home dashboard and friendly error pages."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mlquiz.content.schema import ROUNDS
from mlquiz.web.auth import current_user
from mlquiz.web.bank.selectors import get_bank, get_taxonomy
from mlquiz.web.practice import selectors as practice


def home(request: HttpRequest) -> HttpResponse:
    bank = get_bank()
    questions = bank.questions()
    rounds: list[dict[str, Any]] = []
    statuses = (
        practice.question_statuses(user=request.user) if request.user.is_authenticated else {}
    )
    titles = {r.id: r for r in get_taxonomy().rounds}
    for round_id in ROUNDS:
        in_round = [q for q in questions if q.round == round_id]
        rounds.append(
            {
                "id": round_id,
                "title": titles[round_id].title,
                "description": titles[round_id].description,
                "total": len(in_round),
                "solved": sum(1 for q in in_round if statuses.get(q.id) == "solved"),
                "attempted": sum(1 for q in in_round if statuses.get(q.id) == "attempted"),
            }
        )
    context = {
        "rounds": rounds,
        "total": len(questions),
        "chart": json.dumps(
            {
                "labels": [r["title"] for r in rounds],
                "solved": [r["solved"] for r in rounds],
                "attempted": [r["attempted"] for r in rounds],
                "remaining": [r["total"] - r["solved"] - r["attempted"] for r in rounds],
            }
        ),
    }
    if request.user.is_authenticated:
        context["recent"] = _recent_activity(request, {q.id: q.title for q in questions})
    return render(request, "home.html", context)


def _recent_activity(request: HttpRequest, titles: dict[str, str]) -> list[dict[str, Any]]:
    """The user's latest attempts and submissions, newest first, with question titles."""
    items: list[dict[str, Any]] = []
    for attempt in practice.attempts_recent(user=current_user(request)):
        tone = "good" if attempt.correct else "warn" if attempt.score > 0 else "bad"
        label = f"{round(attempt.score * 100)}%"
        items.append(
            {
                "when": attempt.created,
                "qid": attempt.question_id,
                "label": label,
                "tone": tone,
                "what": "Answer",
            }
        )
    for submission in practice.submissions_recent(user=current_user(request)):
        items.append(
            {
                "when": submission.created,
                "qid": submission.question_id,
                "label": submission.verdict or "…",
                "tone": "",
                "verdict": submission.verdict,
                "what": submission.mode.capitalize(),
            }
        )
    items.sort(key=lambda i: i["when"], reverse=True)
    for item in items:
        item["title"] = titles.get(item["qid"], item["qid"])
    return items[:8]


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forged or expired CSRF token: explain, and keep what the user typed (nothing saved)."""
    return render(request, "errors/403_csrf.html", {"reason": reason}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", {}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", {}, status=500)
