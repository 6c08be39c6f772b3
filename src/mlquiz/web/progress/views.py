"""The progress dashboard, history export/import, the Anki deck and staff statistics."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mlquiz.web.auth import current_user
from mlquiz.web.progress import selectors, services

MAX_IMPORT_BYTES = 20 * 1024 * 1024


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    now = datetime.now(UTC)
    mastery = selectors.mastery(user=user, now=now)
    mocks = selectors.mock_history(user=user)
    charts = {
        "mastery": {
            "labels": [t["title"] for t in mastery["topics"]],
            "values": [t["mastery"] for t in mastery["topics"]],
        },
        "accuracy": selectors.accuracy_by_week(user=user, today=now.date()),
        "mocks": {
            "labels": [f"{m['date']} · {m['title']}" for m in mocks],
            "values": [m["percent"] for m in mocks],
        },
    }
    return render(
        request,
        "progress/dashboard.html",
        {
            "charts": charts,
            "mastery": mastery,
            "readiness": selectors.readiness(mastery["rounds"], mocks),
            "heatmap": selectors.heatmap(user=user, today=now.date()),
            "mocks": mocks,
            "mock_weight": int(100 * selectors.MOCK_WEIGHT),
        },
    )


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d")


@require_GET
@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(services.history_json(user=current_user(request)))
    response["Content-Disposition"] = f'attachment; filename="mlquiz-history-{_stamp()}.json"'
    return response


@require_GET
@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        services.history_csv(user=current_user(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mlquiz-history-{_stamp()}.csv"'
    return response


@require_GET
@login_required
def export_anki(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(services.anki_deck(), content_type="application/octet-stream")
    response["Content-Disposition"] = 'attachment; filename="mlquiz-theory.apkg"'
    return response


@require_POST
@login_required
def import_json(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None or upload.size is None or upload.size > MAX_IMPORT_BYTES:
        messages.error(request, "Choose an mlquiz JSON export (at most 20 MB).")
        return redirect("progress:dashboard")
    try:
        data = json.loads(upload.read().decode("utf-8"))
        counts = services.history_import(user=current_user(request), data=data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        messages.error(request, "That file is not JSON.")
    except services.HistoryImportError as exc:
        messages.error(request, str(exc))
    else:
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        messages.success(request, f"Imported {summary}.")
    return redirect("progress:dashboard")


@require_GET
@staff_member_required
def question_stats(request: HttpRequest) -> HttpResponse:
    rows = selectors.question_stats()
    rows.sort(key=lambda r: (-r["attempts"], r["question"].id))
    return render(request, "progress/stats.html", {"rows": rows})
