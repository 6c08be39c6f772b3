"""The Review page: due cards interleaved across topics, settings, rating overrides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mlquiz.scheduling import Rating, card_retrievability
from mlquiz.web.auth import current_user
from mlquiz.web.bank.selectors import question_get, topic_titles
from mlquiz.web.reviews import selectors, services

RATINGS = [(r.value, r.name.title()) for r in Rating]


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    moment = services.now()
    queue, counts = selectors.queue_for(user=user, now=moment)
    cards = selectors.cards_for(user=user)
    rows = []
    for entry in queue.cards:
        question = question_get(entry.question_id)
        if question is None:
            continue
        card = cards.get(entry.question_id)
        rows.append(
            {
                "question": question,
                "new": entry.due is None,
                "due": entry.due,
                "recall": card_retrievability(card.card or None, now=moment) if card else None,
            }
        )
    recent = selectors.logs_recent(user=user)
    latest = selectors.latest_log_ids(user=user, question_ids=[log.question_id for log in recent])
    return render(
        request,
        "reviews/queue.html",
        {
            "rows": rows,
            "queue": queue,
            "counts": counts,
            "prefs": counts["prefs"],
            "recent": recent,
            "latest": latest,
            "ratings": RATINGS,
            "topic_titles": topic_titles(),
            "titles": {
                log.question_id: getattr(question_get(log.question_id), "title", log.question_id)
                for log in recent
            },
        },
    )


def _rating(request: HttpRequest) -> Rating | None:
    try:
        return Rating(int(request.POST.get("rating", "")))
    except ValueError:
        return None


@require_POST
@login_required
def review_rate(request: HttpRequest, question_id: str) -> HttpResponse:
    """Rate a card directly (you knew it cold: Easy; you could not recall it: Again)."""
    rating = _rating(request)
    if rating is None or question_get(question_id) is None:
        messages.error(request, "Choose Again, Hard, Good or Easy.")
    else:
        services.card_record(user=current_user(request), question_id=question_id, override=rating)
    return redirect("reviews:queue")


@require_POST
@login_required
def review_override(request: HttpRequest, log_id: int) -> HttpResponse:
    rating = _rating(request)
    if rating is None:
        messages.error(request, "Choose Again, Hard, Good or Easy.")
        return redirect("reviews:queue")
    try:
        services.card_override(user=current_user(request), log_id=log_id, rating=rating)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    return redirect("reviews:queue")


@require_POST
@login_required
def review_settings(request: HttpRequest) -> HttpResponse:
    try:
        services.settings_update(
            user=current_user(request),
            daily_limit=int(request.POST.get("daily_limit", "")),
            new_per_day=int(request.POST.get("new_per_day", "")),
            desired_retention=float(request.POST.get("desired_retention", "")) / 100,
        )
        messages.success(request, "Review settings saved.")
    except (ValueError, services.ReviewError) as exc:
        messages.error(
            request,
            str(exc)
            if isinstance(exc, services.ReviewError)
            else "Enter whole numbers and a retention in percent.",
        )
    return redirect("reviews:queue")
