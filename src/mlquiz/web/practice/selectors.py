"""Reads of the practice app. Every query is scoped to one user: nobody sees another's work."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max, Q
from django.http import Http404

from mlquiz.web.practice.models import Attempt, Draft, QuestionState, Submission

NEW, ATTEMPTED, SOLVED = "new", "attempted", "solved"


def question_statuses(
    *, user: AbstractBaseUser, question_ids: Iterable[str] | None = None
) -> dict[str, str]:
    """``attempted`` or ``solved`` for each question the user touched (absent means new)."""
    attempts = Attempt.objects.filter(user=user)
    submissions = Submission.objects.filter(user=user)
    if question_ids is not None:
        ids = list(question_ids)
        attempts = attempts.filter(question_id__in=ids)
        submissions = submissions.filter(question_id__in=ids)
    status: dict[str, str] = {}
    for row in attempts.values("question_id").annotate(solved=Count("id", filter=Q(correct=True))):
        status[row["question_id"]] = SOLVED if row["solved"] else ATTEMPTED
    for row in submissions.values("question_id").annotate(
        solved=Count("id", filter=Q(mode=Submission.Mode.SUBMIT, verdict="AC"))
    ):
        if row["solved"]:
            status[row["question_id"]] = SOLVED
        else:
            status.setdefault(row["question_id"], ATTEMPTED)
    return status


def question_status(*, user: AbstractBaseUser, question_id: str) -> str:
    return question_statuses(user=user, question_ids=[question_id]).get(question_id, NEW)


def attempt_latest(*, user: AbstractBaseUser, question_id: str) -> Attempt | None:
    return Attempt.objects.filter(user=user, question_id=question_id).first()


def attempt_count(*, user: AbstractBaseUser, question_id: str) -> int:
    return Attempt.objects.filter(user=user, question_id=question_id).count()


def attempts_recent(*, user: AbstractBaseUser, limit: int = 8) -> list[Attempt]:
    return list(Attempt.objects.filter(user=user)[:limit])


def submission_get(*, user: AbstractBaseUser, submission_id: int) -> Submission:
    """The user's own submission; anyone else's is indistinguishable from a missing one."""
    submission = Submission.objects.filter(user=user, pk=submission_id).first()
    if submission is None:
        raise Http404("No such submission")
    return submission


def submissions_for_question(
    *, user: AbstractBaseUser, question_id: str, limit: int = 50
) -> list[Submission]:
    return list(Submission.objects.filter(user=user, question_id=question_id)[:limit])


def submissions_recent(*, user: AbstractBaseUser, limit: int = 8) -> list[Submission]:
    return list(Submission.objects.filter(user=user)[:limit])


def has_accepted(*, user: AbstractBaseUser, question_id: str) -> bool:
    return Submission.objects.filter(
        user=user, question_id=question_id, mode=Submission.Mode.SUBMIT, verdict="AC"
    ).exists()


def draft_get(*, user: AbstractBaseUser, question_id: str) -> Draft | None:
    return Draft.objects.filter(user=user, question_id=question_id).first()


def state_get(*, user: AbstractBaseUser, question_id: str) -> QuestionState | None:
    return QuestionState.objects.filter(user=user, question_id=question_id).first()


def activity_summary(*, user: AbstractBaseUser) -> dict[str, Any]:
    attempts = Attempt.objects.filter(user=user).aggregate(n=Count("id"), last=Max("created"))
    submissions = Submission.objects.filter(user=user).aggregate(n=Count("id"), last=Max("created"))
    return {"attempts": attempts["n"], "submissions": submissions["n"]}
