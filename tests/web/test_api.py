"""The JSON API: OpenAPI document, token and session auth, the practice actions, isolation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from tests.web.conftest import PASSWORD

from mlquiz.content.variants import make_variant
from mlquiz.web.bank.selectors import question_get
from mlquiz.web.practice.models import Attempt, Submission

pytestmark = pytest.mark.django_db
ADD = "coding/testing/web-add"
NUMERIC = "ml_theory/testing/web-numeric"


def bearer(client: Client, username: str = "ada") -> dict[str, str]:
    response = client.post(
        "/api/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_openapi_document(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/questions",
        "/api/questions/{question_id}/answer",
        "/api/questions/{question_id}/submissions",
        "/api/submissions/{submission_id}",
        "/api/auth/token",
        "/api/me",
    ):
        assert path in paths, path


def test_needs_authentication(client: Client) -> None:
    assert client.get("/api/questions").status_code == 401
    bad = client.post(
        "/api/auth/token", {"username": "ada", "password": "x"}, content_type="application/json"
    )
    assert bad.status_code in {401, 422}


def test_token_flow_and_listing(client: Client, user: User) -> None:
    auth = bearer(client)
    assert client.get("/api/me", **auth).json()["username"] == "ada"
    listing = client.get("/api/questions?round=ml_theory&kind=numeric", **auth).json()
    assert [q["id"] for q in listing] == [NUMERIC]
    assert listing[0]["status"] == "new"
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer mlq_nope").status_code == 401


def test_numeric_answer_through_the_api(client: Client, user: User) -> None:
    auth = bearer(client)
    detail = client.get(f"/api/questions/{NUMERIC}", **auth).json()
    assert "{{" not in detail["prompt"]
    assert detail["variant"]
    bad = client.post(
        f"/api/questions/{NUMERIC}/answer",
        {"variant": detail["variant"], "value": "lots"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400
    assert "is not a number" in bad.json()["detail"]
    from mlquiz.web.practice.models import QuestionState

    seed = QuestionState.objects.get(user=user, question_id=NUMERIC).seed
    value = make_variant(question_get(NUMERIC), seed).answer  # type: ignore[arg-type]
    payload = {"variant": detail["variant"], "value": str(value), "idempotency_key": "k1"}
    first = client.post(
        f"/api/questions/{NUMERIC}/answer", payload, content_type="application/json", **auth
    )
    again = client.post(
        f"/api/questions/{NUMERIC}/answer", payload, content_type="application/json", **auth
    )
    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json()["correct"] is True
    assert "Precision is" in first.json()["explanation"]
    assert Attempt.objects.count() == 1
    tampered = client.post(
        f"/api/questions/{NUMERIC}/answer",
        {"variant": detail["variant"] + "x", "value": "0.5"},
        content_type="application/json",
        **auth,
    )
    assert tampered.status_code == 400
    fresh = client.post(f"/api/questions/{NUMERIC}/variant", **auth).json()
    assert fresh["variant"] != detail["variant"]


def test_design_and_choice_answers(client: Client, user: User) -> None:
    auth = bearer(client)
    design = client.post(
        "/api/questions/ml_system_design/testing/web-design/answer",
        {"answers": {"requirements": "latency in ms"}},
        content_type="application/json",
        **auth,
    ).json()
    assert design["result"]["steps"]["requirements"]["coverage"] == 0.5
    assert design["reference_answer"]["model"].startswith("Popularity")
    mcq = client.get("/api/questions/ml_theory/testing/web-mcq", **auth).json()
    assert {o["id"] for o in mcq["options"]} == {"test", "validation", "train"}
    assert "correct" not in str(mcq["options"])
    result = client.post(
        "/api/questions/ml_theory/testing/web-mcq/answer",
        {"variant": mcq["variant"], "choice": "validation"},
        content_type="application/json",
        **auth,
    ).json()
    assert result["correct"] is False


def test_submissions_through_the_api(
    client: Client, user: User, other_user: User, grader_calls: list
) -> None:
    auth = bearer(client)
    code = "def add(a, b):\n    return a + b\n"
    created = client.post(
        f"/api/questions/{ADD}/submissions",
        {"code": code, "mode": "submit"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 202
    sid = created.json()["id"]
    polled = client.get(f"/api/submissions/{sid}", **auth).json()
    assert polled["status"] == "done"
    assert polled["verdict"] == "AC"
    hidden = [t for t in polled["report"]["tests"] if not t["public"]]
    assert hidden[0] == {
        "name": "zeros",
        "public": False,
        "passed": True,
        "verdict": "AC",
    }
    history = client.get(f"/api/questions/{ADD}/submissions", **auth).json()
    assert [s["id"] for s in history] == [sid]
    huge = client.post(
        f"/api/questions/{ADD}/submissions",
        {"code": "#" * 70_000},
        content_type="application/json",
        **auth,
    )
    assert huge.status_code == 400
    assert "64 KiB" in huge.json()["detail"]
    empty = client.post(
        f"/api/questions/{ADD}/submissions", {"code": ""}, content_type="application/json", **auth
    )
    assert empty.status_code == 400
    other = bearer(client, "grace")
    assert client.get(f"/api/submissions/{sid}", **other).status_code == 404
    assert client.get(f"/api/questions/{ADD}/submissions", **other).json() == []
    assert Submission.objects.count() == 1


def test_drafts_and_unknown_questions(client: Client, user: User) -> None:
    auth = bearer(client)
    put = client.put(
        f"/api/questions/{ADD}/draft",
        {"content": "draft!"},
        content_type="application/json",
        **auth,
    )
    assert put.status_code == 200
    assert client.get(f"/api/questions/{ADD}/draft", **auth).json()["content"] == "draft!"
    assert client.get("/api/questions/nope/nope", **auth).status_code == 404
    assert (
        client.post(
            "/api/questions/nope/nope/answer", {}, content_type="application/json", **auth
        ).status_code
        == 404
    )


def test_session_auth_requires_csrf(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/me").status_code == 200
    response = client.post(
        f"/api/questions/{ADD}/submissions", {"code": "x = 1"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_api_docs_page_uses_local_assets(client: Client) -> None:
    html = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr.net" not in html


def test_confirm_items_through_the_api(client: Client, user: User, other_user: User) -> None:
    auth = bearer(client)
    short = "ml_theory/testing/web-short"
    graded = client.post(
        f"/api/questions/{short}/answer",
        {"text": "Nothing relevant at all."},
        content_type="application/json",
        **auth,
    ).json()
    assert graded["score"] == 0.0
    item = Attempt.objects.get(pk=graded["id"]).result["items"][0]["item_id"]
    confirmed = client.post(
        f"/api/attempts/{graded['id']}/confirm",
        {"items": [item]},
        content_type="application/json",
        **auth,
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["score"] > 0.0
    stranger = client.post(
        f"/api/attempts/{graded['id']}/confirm",
        {"items": []},
        content_type="application/json",
        **bearer(client, "grace"),
    )
    assert stranger.status_code == 400
    assert Attempt.objects.get(pk=graded["id"]).score == confirmed.json()["score"]
