"""Theory practice in the browser: choice, numeric and short-text questions, and bad input."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client

from mlquiz.content.variants import make_variant
from mlquiz.web.bank.selectors import question_get
from mlquiz.web.practice.models import Attempt, QuestionState
from mlquiz.web.practice.services import VARIANT_SALT

MCQ = "ml_theory/testing/web-mcq"
MULTI = "ml_theory/testing/web-multi"
NUMERIC = "ml_theory/testing/web-numeric"
SHORT = "ml_theory/testing/web-short"

pytestmark = pytest.mark.django_db


def page(client: Client, qid: str) -> str:
    response = client.get(f"/q/{qid}/")
    assert response.status_code == 200
    return response.content.decode()


def form_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} in page"
    return match.group(1)


def answer(client: Client, qid: str, **data: object) -> tuple[int, str]:
    html = page(client, qid)
    payload = {
        "variant": form_value(html, "variant") if 'name="variant"' in html else "",
        "key": form_value(html, "key"),
    }
    payload.update(data)  # type: ignore[arg-type]
    response = client.post(f"/answer/{qid}/", payload)
    return response.status_code, response.content.decode()


def test_pages_need_sign_in(client: Client) -> None:
    response = client.get(f"/q/{MCQ}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_mcq_right_answer_shows_feedback_and_explanation(client_in: Client, user: User) -> None:
    status, html = answer(client_in, MCQ, choice="test")
    assert status == 200
    assert "Correct" in html
    assert "Every dataset that influenced a decision" in html  # explanation
    assert "Tuning chose the model" in html  # feedback on a wrong option
    attempt = Attempt.objects.get(user=user)
    assert attempt.correct
    assert attempt.score == 1.0
    assert client_in.get("/bank/").content.decode().count("status-solved") == 1


def test_mcq_wrong_answer_marks_attempted(client_in: Client) -> None:
    status, html = answer(client_in, MCQ, choice="train")
    assert status == 200
    assert "Not quite" in html
    assert "status-attempted" in client_in.get("/bank/").content.decode()


def test_math_is_left_for_katex(client_in: Client) -> None:
    assert '<span class="math inline">' in page(client_in, MCQ)


def test_same_variant_on_reload_and_a_new_one_on_try_another(client_in: Client, user: User) -> None:
    first = form_value(page(client_in, NUMERIC), "variant")
    assert form_value(page(client_in, NUMERIC), "variant") == first
    seed = QuestionState.objects.get(user=user, question_id=NUMERIC).seed
    response = client_in.post(f"/another/{NUMERIC}/")
    assert response.status_code == 302
    assert QuestionState.objects.get(user=user, question_id=NUMERIC).seed != seed
    assert form_value(page(client_in, NUMERIC), "variant") != first


def test_numeric_right_answer(client_in: Client, user: User) -> None:
    page(client_in, NUMERIC)
    seed = QuestionState.objects.get(user=user, question_id=NUMERIC).seed
    question = question_get(NUMERIC)
    variant = make_variant(question, seed)  # type: ignore[arg-type]
    status, html = answer(client_in, NUMERIC, value=f"{variant.answer:.6f}")
    assert status == 200
    assert "Correct" in html
    # the explanation shows this variant's numbers
    assert f"{variant.values['tp']} / ({variant.values['tp']} + {variant.values['fp']})" in html


def test_multi_select_partial_credit(client_in: Client, user: User) -> None:
    response = client_in.post(
        f"/answer/{MULTI}/",
        {
            "variant": form_value(page(client_in, MULTI), "variant"),
            "choices": ["l2", "more-epochs", "dropout"],
        },
    )
    assert response.status_code == 200
    assert "Partly right" in response.content.decode()
    assert Attempt.objects.get(user=user).score == pytest.approx(0.5)


def test_short_text_shows_matched_rubric_items(client_in: Client, user: User) -> None:
    text = (
        "The chain rule multiplies many small derivatives. The sigmoid derivative is at most 0.25."
    )
    status, html = answer(client_in, SHORT, text=text)
    assert status == 200
    assert "Backprop multiplies many per-layer derivatives" in html
    assert "The chain rule multiplies many small derivatives." in html  # evidence
    assert "Model answer" in html
    attempt = Attempt.objects.get(user=user)
    assert attempt.correct
    assert attempt.score == 1.0


# --- bad input --------------------------------------------------------------------------------


def test_non_numeric_text_in_a_numeric_answer(client_in: Client) -> None:
    status, html = answer(client_in, NUMERIC, value="about a half")
    assert status == 400
    assert "is not a number" in html
    assert 'value="about a half"' in html  # what the user typed is kept
    assert Attempt.objects.count() == 0


def test_empty_choice(client_in: Client) -> None:
    status, html = answer(client_in, MCQ)
    assert status == 400
    assert "Pick an option first." in html
    assert Attempt.objects.count() == 0


def test_unknown_option(client_in: Client) -> None:
    status, html = answer(client_in, MCQ, choice="made-up")
    assert status == 400
    assert "not part of this question" in html


def test_tampered_variant_seed(client_in: Client, user: User) -> None:
    html = page(client_in, NUMERIC)
    token = form_value(html, "variant")
    forged = signing.dumps({"u": user.pk, "q": NUMERIC, "s": 12345}, salt="wrong-salt")
    edited = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (forged, edited, "12345", ""):
        response = client_in.post(f"/answer/{NUMERIC}/", {"variant": bad, "value": "0.5"})
        assert response.status_code == 400
        assert "could not be verified" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_variant_token_of_another_user_or_question(
    client_in: Client, user: User, other_user: User
) -> None:
    for data in ({"u": other_user.pk, "q": NUMERIC, "s": 1}, {"u": user.pk, "q": MCQ, "s": 1}):
        token = signing.dumps(data, salt=VARIANT_SALT)
        response = client_in.post(f"/answer/{NUMERIC}/", {"variant": token, "value": "0.5"})
        assert response.status_code == 400
        assert "belongs to another question" in response.content.decode()


def test_double_clicked_answer_is_one_attempt(client_in: Client, user: User) -> None:
    html = page(client_in, MCQ)
    data = {
        "variant": form_value(html, "variant"),
        "key": form_value(html, "key"),
        "choice": "test",
    }
    first = client_in.post(f"/answer/{MCQ}/", data)
    second = client_in.post(f"/answer/{MCQ}/", data)
    assert first.status_code == second.status_code == 200
    assert "Correct" in second.content.decode()
    assert Attempt.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/q/ml_theory/testing/no-such-question/",
        "/q/../../etc/passwd/",
        "/answer/ml_theory/testing/no-such-question/",
        "/another/nope/nope/",
        "/code/ml_theory/testing/no-such-question/",
    ],
)
def test_unknown_question_id_is_a_404(client_in: Client, path: str) -> None:
    response = client_in.post(path) if not path.startswith("/q/") else client_in.get(path)
    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()


def test_coding_question_cannot_be_answered_as_theory(client_in: Client) -> None:
    response = client_in.post("/answer/coding/testing/web-add/", {"text": "x"})
    assert response.status_code == 400
