# mypy: disable-error-code="var-annotated"
"""What users did: attempts at theory and design questions, code submissions, drafts.

Questions live in bank files and are referred to by their stable id (a string), never by a
foreign key: the bank can change without migrations, and history survives it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL
QUESTION_ID_LENGTH = 160


class QuestionState(models.Model):
    """Per user and question: the current variant seed and whether the explanation was revealed."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=QUESTION_ID_LENGTH)
    seed = models.PositiveIntegerField()
    revealed = models.BooleanField(default=False)
    # Hints opened for the current variant: a pass after hints is rated Hard for review.
    hints_used = models.PositiveSmallIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["user", "question_id"], name="one_state_per_question"),
        )


class Attempt(models.Model):
    """One graded answer to a non-coding question (choice, numeric, short text, design)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="attempts")
    question_id = models.CharField(max_length=QUESTION_ID_LENGTH, db_index=True)
    kind = models.CharField(max_length=20)
    seed = models.PositiveIntegerField(null=True, blank=True)
    answer = models.JSONField()
    result = models.JSONField(default=dict)
    score = models.FloatField()  # final: the user's confirmed choice once they gave it
    correct = models.BooleanField()
    # Free-text kinds: the grader's score before the user confirmed or toggled items, the share
    # of items on which the grader and the user agreed, and when they confirmed.
    auto_score = models.FloatField(null=True, blank=True)
    agreement = models.FloatField(null=True, blank=True)
    confirmed = models.DateTimeField(null=True, blank=True)
    # The spaced-repetition rating the answer earns (FSRS: 1 Again, 2 Hard, 3 Good, 4 Easy).
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="one_attempt_per_idempotency_key"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} {self.question_id} {self.score:.2f}"


class Submission(models.Model):
    """Code sent to the grader: ``run`` (public tests) or ``submit`` (every test)."""

    class Mode(models.TextChoices):
        RUN = "run"
        SUBMIT = "submit"

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        ERROR = "error"

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="submissions")
    question_id = models.CharField(max_length=QUESTION_ID_LENGTH, db_index=True)
    code = models.TextField()
    mode = models.CharField(max_length=6, choices=Mode.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    verdict = models.CharField(max_length=8, blank=True)
    report = models.JSONField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="one_submission_per_idempotency_key"
            ),
        )

    def __str__(self) -> str:
        return f"#{self.pk} {self.question_id} {self.mode} {self.verdict or self.status}"

    @property
    def pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class Draft(models.Model):
    """Unsent editor content (code, or a design answer as JSON), so a reload loses nothing."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=QUESTION_ID_LENGTH)
    content = models.TextField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["user", "question_id"], name="one_draft_per_question"),
        )
