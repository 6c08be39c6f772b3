# mypy: disable-error-code="var-annotated"
"""A read-only mirror of the bank's metadata, so staff can browse and filter it in the admin.

The YAML files are the source of truth; ``bank_sync`` rewrites this table from them when the
server starts. Nothing else reads it.
"""

from __future__ import annotations

from django.db import models


class BankQuestion(models.Model):
    id = models.CharField(max_length=160, primary_key=True)
    kind = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=120)
    round = models.CharField(max_length=20, db_index=True)
    topics = models.CharField(max_length=600, help_text="Comma-separated topic ids")
    difficulty = models.CharField(max_length=10, db_index=True)
    time_estimate_minutes = models.FloatField()
    source_path = models.CharField(max_length=500, blank=True)
    prompt = models.TextField()
    synced = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("id",)
        verbose_name = "bank question"

    def __str__(self) -> str:
        return str(self.id)
