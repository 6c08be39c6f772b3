"""Writes for the bank app: mirror the bank's metadata into the admin's table."""

from __future__ import annotations

from django.db import transaction

from mlquiz.web.bank.models import BankQuestion
from mlquiz.web.bank.selectors import get_bank


def bank_sync() -> int:
    """Rewrite the BankQuestion mirror from the loaded bank; returns the number of questions."""
    bank = get_bank()
    rows = [
        BankQuestion(
            id=q.id,
            kind=q.kind,
            title=q.title,
            round=q.round,
            topics=", ".join(q.topics),
            difficulty=q.difficulty,
            time_estimate_minutes=q.time_estimate_minutes,
            source_path=str(bank.paths.get(q.id, "")),
            prompt=q.prompt,
        )
        for q in bank.questions()
    ]
    with transaction.atomic():
        BankQuestion.objects.exclude(id__in=[r.id for r in rows]).delete()
        BankQuestion.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=[
                "kind",
                "title",
                "round",
                "topics",
                "difficulty",
                "time_estimate_minutes",
                "source_path",
                "prompt",
            ],
        )
    return len(rows)
