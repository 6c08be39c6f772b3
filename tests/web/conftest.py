"""Web tests: the fixture bank in tests/web/bank, users, and a spy on the real code grader.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL points at one
(pytest-django creates and drops the test database). An unreachable PostgreSQL skips these
tests with a hint, or fails the run under CI=true.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from mlquiz.web.bank.selectors import bank_reload

FIXTURE_BANK = Path(__file__).parent / "bank"
WEB_DIRS = (str(Path(__file__).parent), str(Path(__file__).parent.parent / "e2e"))


def postgres_problem() -> str | None:
    """Why the PostgreSQL named by DATABASE_URL cannot be used, or None when it can."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql", "postgis"}:
        return None
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    try:
        with socket.create_connection((host, port), timeout=3):
            return None
    except OSError as exc:
        return (
            f"DATABASE_URL points at PostgreSQL on {host}:{port}, which is not reachable "
            f"({exc.strerror or exc}); start it (scripts/services.sh) or unset DATABASE_URL"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problem = postgres_problem()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(problem)
    skip = pytest.mark.skip(reason=problem)
    for item in items:
        if str(item.path).startswith(str(Path(__file__).parent)):
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def fixture_bank() -> Iterator[None]:
    """Every web test sees only the small fixture bank (the shipped bank changes often)."""
    old = (settings.MLQUIZ_INCLUDE_SHIPPED_BANK, settings.MLQUIZ_BANK_PATHS)
    settings.MLQUIZ_INCLUDE_SHIPPED_BANK = False
    settings.MLQUIZ_BANK_PATHS = [FIXTURE_BANK]
    bank_reload()
    yield
    settings.MLQUIZ_INCLUDE_SHIPPED_BANK, settings.MLQUIZ_BANK_PATHS = old
    bank_reload()


PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(username: str = "ada", **extra: Any) -> User:
        return User.objects.create_user(username=username, password=PASSWORD, **extra)

    return make


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user("ada")


@pytest.fixture
def other_user(make_user: Callable[..., User]) -> User:
    return make_user("grace")


@pytest.fixture
def client_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def grader_calls(monkeypatch: pytest.MonkeyPatch, sandbox: Any) -> list[tuple[str, str]]:
    """Spy on the real sandboxed grader: tests see how often (and how) it ran."""
    from mlquiz.web.practice import services

    real = services._grade_code
    calls: list[tuple[str, str]] = []

    def spy(question: Any, code: str, mode: str) -> Any:
        calls.append((code, mode))
        return real(question, code, mode)

    monkeypatch.setattr(services, "_grade_code", spy)
    return calls
