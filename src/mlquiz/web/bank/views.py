"""Browse the bank: filter by round, topic, difficulty, kind and the user's own status."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mlquiz.content.schema import DIFFICULTIES, QUESTION_KINDS, ROUNDS
from mlquiz.web.bank.selectors import facets_clean, question_list, topic_titles, topics_in_use
from mlquiz.web.practice.selectors import NEW, question_statuses

STATUSES = ("new", "attempted", "solved")


@require_GET
def question_list_view(request: HttpRequest) -> HttpResponse:
    facets = facets_clean(
        rounds=request.GET.getlist("round"),
        topics=request.GET.getlist("topic"),
        difficulties=request.GET.getlist("difficulty"),
        kinds=request.GET.getlist("kind"),
    )
    search = request.GET.get("q", "")[:100]
    questions = question_list(facets, search=search)
    statuses = (
        question_statuses(user=request.user, question_ids=[q.id for q in questions])
        if request.user.is_authenticated
        else {}
    )
    wanted_status = request.GET.get("status", "")
    rows = [(q, statuses.get(q.id, NEW)) for q in questions]
    if wanted_status in STATUSES and request.user.is_authenticated:
        rows = [row for row in rows if row[1] == wanted_status]
    context = {
        "rows": rows,
        "facets": facets,
        "search": search,
        "wanted_status": wanted_status,
        "rounds": ROUNDS,
        "difficulties": DIFFICULTIES,
        "kinds": QUESTION_KINDS,
        "statuses": STATUSES,
        "topics": topics_in_use(),
        "topic_titles": topic_titles(),
        "solved": sum(1 for _, s in rows if s == "solved"),
    }
    template = "bank/_results.html" if getattr(request, "htmx", False) else "bank/list.html"
    return render(request, template, context)
