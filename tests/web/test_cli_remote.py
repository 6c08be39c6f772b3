"""``mlquiz practice --server``: the terminal quiz against a running server's JSON API."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from tests.web.conftest import PASSWORD

from mlquiz.web.accounts.services import api_token_create
from mlquiz.web.practice.models import Attempt


def _practice(url: str, *extra: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mlquiz", "practice", "--server", url, "--seed", "3", *extra],
        input=stdin,
        text=True,
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_quiz_against_a_live_server_records_attempts(
    live_server: object, make_user: Callable[..., User]
) -> None:
    user = make_user("ada")
    _, token = api_token_create(user=user)
    url = str(live_server.url)  # type: ignore[attr-defined]
    # Three quiz-able questions in the fixture bank; answer 'a' (or 1) to everything.
    done = _practice(url, "--token", token, "--count", "3", stdin="a\n1\na\n1\na\n1\n")
    assert done.returncode == 0, done.stderr
    assert "Explanation" in done.stdout
    assert "Score: " in done.stdout
    assert "(0 not answered)" in done.stdout
    assert Attempt.objects.filter(user=user).count() == 3


@pytest.mark.django_db(transaction=True)
def test_password_login_and_bad_credentials(
    live_server: object, make_user: Callable[..., User]
) -> None:
    make_user("grace")
    url = str(live_server.url)  # type: ignore[attr-defined]
    wrong = _practice(url, "--username", "grace", stdin="not-the-password\n")
    assert wrong.returncode != 0
    assert "401 from the server: Wrong username or password." in wrong.stderr
    right = _practice(url, "--username", "grace", "--count", "1", stdin=f"{PASSWORD}\nq\n")
    assert right.returncode == 0, right.stderr
    assert "Stopped early." in right.stdout


def test_unreachable_server_is_a_clear_error() -> None:
    done = _practice("http://127.0.0.1:9", "--token", "x", stdin="")
    assert done.returncode != 0
    assert "cannot reach http://127.0.0.1:9" in done.stderr
