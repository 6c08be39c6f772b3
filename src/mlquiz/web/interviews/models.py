# mypy: disable-error-code="var-annotated"
"""Mock-interview runs: the frozen draw and its deadlines (one JSON state), and per-item drafts.

The state is :class:`mlquiz.practice.mock.MockRun` as JSON: deadlines are absolute UTC instants
in the database, so a reload, a closed lid or a server restart changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MockSession(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running"
        FINISHED = "finished"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mock_id = models.CharField(max_length=160, db_index=True)
    title = models.CharField(max_length=200)
    state = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    percent = models.FloatField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"#{self.pk} {self.mock_id} {self.status}"


class MockDraft(models.Model):
    """What is typed into one item of a run, saved as the candidate types (auto-submitted)."""

    session = models.ForeignKey(MockSession, on_delete=models.CASCADE, related_name="drafts")
    item_key = models.CharField(max_length=80)
    content = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["session", "item_key"], name="one_draft_per_mock_item"),
        )
