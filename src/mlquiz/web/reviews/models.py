# mypy: disable-error-code="var-annotated"
"""Spaced repetition: one FSRS card per user and question (variants share it), its review log,
and each user's review settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class ReviewCard(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=160)
    card = models.JSONField()  # py-fsrs Card.to_dict()
    due = models.DateTimeField(db_index=True)
    state = models.CharField(max_length=12, default="learning")
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    last_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    last_review = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(db_index=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["user", "question_id"], name="one_card_per_question"),
        )

    def __str__(self) -> str:
        return f"{self.user} {self.question_id} due {self.due:%Y-%m-%d}"


class ReviewLog(models.Model):
    class Source(models.TextChoices):
        ATTEMPT = "attempt"
        SUBMISSION = "submission"
        MANUAL = "manual"
        IMPORT = "import"

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=160, db_index=True)
    rating = models.PositiveSmallIntegerField()
    auto_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    reviewed = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=12, choices=Source.choices)
    source_id = models.PositiveIntegerField(null=True, blank=True)
    card_before = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("-reviewed", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="one_review_per_graded_source",
            ),
        )


class ReviewSettings(models.Model):
    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="+")
    daily_limit = models.PositiveSmallIntegerField(default=30)
    new_per_day = models.PositiveSmallIntegerField(default=5)
    desired_retention = models.FloatField(default=0.9)
