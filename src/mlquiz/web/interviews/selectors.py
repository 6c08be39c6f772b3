"""Reads of mock interviews: the mocks on offer, a user's runs, and what a report compares."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404

from mlquiz.content.schema import MockInterview
from mlquiz.web.bank.selectors import get_bank
from mlquiz.web.interviews.models import MockDraft, MockSession


def mocks_available() -> list[dict[str, Any]]:
    rows = []
    for mock in get_bank().mocks():
        rows.append(
            {
                "mock": mock,
                "minutes": sum(z.time_minutes for z in mock.zones),
                "questions": sum(d.count for z in mock.zones for d in z.draws),
            }
        )
    return sorted(rows, key=lambda r: (-len(r["mock"].zones), r["minutes"]))


def mock_get(mock_id: str) -> MockInterview | None:
    item = get_bank().get(mock_id)
    return item if isinstance(item, MockInterview) else None


def sessions_for_user(*, user: AbstractBaseUser, limit: int = 50) -> list[MockSession]:
    return list(MockSession.objects.filter(user=user)[:limit])


def session_get(*, user: AbstractBaseUser, session_id: int) -> MockSession:
    session = MockSession.objects.filter(pk=session_id, user=user).first()
    if session is None:
        raise Http404("No such mock interview")
    return session


def drafts_for(session: MockSession) -> dict[str, dict[str, Any]]:
    return {d.item_key: d.content for d in MockDraft.objects.filter(session=session)}


def earlier_sessions(*, session: MockSession, limit: int = 10) -> list[MockSession]:
    """Finished runs before this one (same mock first), oldest first, for the comparison."""
    rows = MockSession.objects.filter(
        user=session.user, status=MockSession.Status.FINISHED, created__lt=session.created
    ).exclude(pk=session.pk)
    return list(reversed(rows.order_by("-created")[:limit]))


def finished_sessions(*, user: AbstractBaseUser) -> list[MockSession]:
    return list(
        MockSession.objects.filter(user=user, status=MockSession.Status.FINISHED).order_by(
            "created"
        )
    )
