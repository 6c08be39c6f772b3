"""Browsing the bank: facets, the user's status, the admin mirror, the shipped bank renders."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from mlquiz.web.bank.models import BankQuestion
from mlquiz.web.bank.selectors import bank_reload, get_bank
from mlquiz.web.bank.services import bank_sync
from mlquiz.web.practice.models import Attempt, Submission

pytestmark = pytest.mark.django_db

ALL = {
    "Which split estimates generalisation",
    "Which reduce overfitting",
    "Precision from counts",
    "Why gradients vanish",
    "Recommend videos on a home page",
    "Add two numbers",
}


def titles(client: Client, query: str = "") -> set[str]:
    html = client.get(f"/bank/{query}").content.decode()
    return {t for t in ALL if f">{t}</a>" in html}


def test_anonymous_visitors_can_browse(client: Client) -> None:
    assert titles(client) == ALL
    assert "Status</th>" not in client.get("/bank/").content.decode()


def test_filters(client_in: Client) -> None:
    assert titles(client_in, "?round=coding") == {"Add two numbers"}
    assert titles(client_in, "?round=ml_theory&difficulty=medium") == {"Why gradients vanish"}
    assert titles(client_in, "?topic=evaluation-metrics") == {"Precision from counts"}
    assert titles(client_in, "?kind=mcq&kind=multi_select") == {
        "Which split estimates generalisation",
        "Which reduce overfitting",
    }
    assert titles(client_in, "?q=overfit") == {"Which reduce overfitting"}
    # unknown facet values are ignored rather than an error
    assert titles(client_in, "?round=nope&difficulty=impossible&topic=%3Cscript%3E") == ALL


def test_status_per_question_is_the_users_own(client: Client, user: User, other_user: User) -> None:
    Attempt.objects.create(
        user=user,
        question_id="ml_theory/testing/web-mcq",
        kind="mcq",
        answer={},
        score=1,
        correct=True,
        idempotency_key="a",
    )
    Attempt.objects.create(
        user=user,
        question_id="ml_theory/testing/web-multi",
        kind="multi_select",
        answer={},
        score=0,
        correct=False,
        idempotency_key="b",
    )
    Submission.objects.create(
        user=other_user,
        question_id="coding/testing/web-add",
        code="x",
        mode="submit",
        verdict="AC",
        status="done",
        idempotency_key="c",
    )
    client.force_login(user)
    assert titles(client, "?status=solved") == {"Which split estimates generalisation"}
    assert titles(client, "?status=attempted") == {"Which reduce overfitting"}
    assert "Add two numbers" in titles(client, "?status=new")
    client.force_login(other_user)
    assert titles(client, "?status=solved") == {"Add two numbers"}


def test_htmx_filtering_returns_only_the_results(client_in: Client) -> None:
    html = client_in.get("/bank/?round=coding", HTTP_HX_REQUEST="true").content.decode()
    assert "Add two numbers" in html
    assert "<html" not in html


def test_bank_sync_mirrors_metadata() -> None:
    assert bank_sync() == 6
    row = BankQuestion.objects.get(id="coding/testing/web-add")
    assert (row.kind, row.round, row.difficulty, row.topics) == (
        "coding",
        "coding",
        "easy",
        "arrays",
    )
    BankQuestion.objects.create(
        id="gone/old",
        kind="mcq",
        title="old",
        round="ml_theory",
        topics="",
        difficulty="easy",
        time_estimate_minutes=1,
        prompt="",
    )
    bank_sync()
    assert not BankQuestion.objects.filter(id="gone/old").exists()


def test_home_page(client: Client, user: User) -> None:
    assert "Create an account" in client.get("/").content.decode()
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Welcome back, ada" in html
    assert "data-chart" in html


def test_every_shipped_question_page_renders(client_in: Client) -> None:
    """Smoke test over the real bank: every question page renders without an error."""
    old = (settings.MLQUIZ_INCLUDE_SHIPPED_BANK, settings.MLQUIZ_BANK_PATHS)
    settings.MLQUIZ_INCLUDE_SHIPPED_BANK, settings.MLQUIZ_BANK_PATHS = True, []
    try:
        bank_reload()
        questions = get_bank().questions()
        assert questions
        for question in questions:
            response = client_in.get(f"/q/{question.id}/")
            assert response.status_code == 200, question.id
        assert client_in.get("/bank/").status_code == 200
    finally:
        settings.MLQUIZ_INCLUDE_SHIPPED_BANK, settings.MLQUIZ_BANK_PATHS = old
        bank_reload()
