"""Accounts: sign up, sign in, sign out, password change, hashing, CSRF, staff admin, tokens."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.test import Client, override_settings
from tests.web.conftest import PASSWORD

from mlquiz.web.bank.services import bank_sync
from mlquiz.web.practice.models import Attempt

pytestmark = pytest.mark.django_db


def test_sign_up_signs_in_and_lands_on_the_bank(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "username": "newcomer",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/bank/"
    page = client.get("/bank/").content.decode()
    assert "newcomer" in page
    assert "Sign out" in page
    assert get_user_model().objects.get(username="newcomer").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "too short"),
        ("password1234", "too common"),
        ("12345678901234", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(client: Client, password: str, message: str) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "username": "newcomer",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_sign_in_and_out(client: Client, user: User) -> None:
    bad = client.post("/accounts/login/", {"username": "ada", "password": "nope"})
    assert bad.status_code == 200
    assert "Please enter a correct username" in bad.content.decode()
    good = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert good.status_code == 302
    assert client.get("/q/ml_theory/testing/web-mcq/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405  # sign out is a POST
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/q/ml_theory/testing/web-mcq/").status_code == 302


def test_password_change(client_in: Client, user: User) -> None:
    response = client_in.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-pass-42",
            "new_password2": "another-long-pass-42",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-pass-42")
    assert client_in.get("/accounts/").status_code == 200  # still signed in


def test_production_settings_hash_with_argon2() -> None:
    production = importlib.import_module("mlquiz.web.settings")
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        encoded = make_password("s3cret-pass")
        assert encoded.startswith("argon2$argon2id$")
        assert check_password("s3cret-pass", encoded)


def test_forged_csrf_token_is_refused_with_a_message(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get("/q/ml_theory/testing/web-mcq/")
    assert page.status_code == 200
    for token in ("forged" * 6, ""):
        response = client.post(
            "/answer/ml_theory/testing/web-mcq/",
            {
                "csrfmiddlewaretoken": token,
                "choice": "test",
            },
        )
        assert response.status_code == 403
        assert "This form could not be verified" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_every_form_carries_a_csrf_token(client_in: Client) -> None:
    for path in (
        "/q/ml_theory/testing/web-mcq/",
        "/q/coding/testing/web-add/",
        "/q/ml_system_design/testing/web-design/",
        "/accounts/",
        "/accounts/password/",
    ):
        html = client_in.get(path).content.decode()
        assert html.count("<form") <= html.count("csrfmiddlewaretoken") + html.count(
            'method="get"'
        ), path


def test_staff_admin_for_users_and_the_bank(client: Client, make_user: object) -> None:
    staff = User.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    plain = User.objects.create_user("pleb", password=PASSWORD)
    bank_sync()
    client.force_login(plain)
    assert client.get("/admin/").status_code == 302
    client.force_login(staff)
    assert client.get("/admin/auth/user/").status_code == 200
    listing = client.get("/admin/bank/bankquestion/?round__exact=ml_theory")
    assert listing.status_code == 200
    assert "ml_theory/testing/web-mcq" in listing.content.decode()
    assert "coding/testing/web-add" not in listing.content.decode()
    detail = client.get("/admin/bank/bankquestion/ml_theory/testing/web-mcq/change/")
    assert detail.status_code in {200, 302}


def test_api_token_page(client_in: Client) -> None:
    response = client_in.post("/accounts/tokens/", {"name": "laptop"})
    html = response.content.decode()
    assert "copy it now" in html
    assert "mlq_" in html
