"""The progress dashboard, history export and import, the Anki deck, staff statistics."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from loop_helpers import FakeClock, use_fake_clock, use_mock_bank

from mlquiz.web.bank.selectors import get_bank
from mlquiz.web.interviews.models import MockSession
from mlquiz.web.practice.models import Attempt, Submission
from mlquiz.web.progress import selectors
from mlquiz.web.reviews.models import ReviewCard, ReviewLog

pytestmark = pytest.mark.django_db(transaction=True)

MCQ = "ml_theory/testing/web-mcq"
NUMERIC = "ml_theory/testing/web-numeric"
ADD = "coding/testing/web-add"


@pytest.fixture
def mock_bank() -> Iterator[None]:
    yield from use_mock_bank()


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    yield from use_fake_clock()


def history(user: User) -> None:
    Attempt.objects.create(
        user=user,
        question_id=MCQ,
        kind="mcq",
        answer={"chosen": ["test"]},
        result={},
        score=1.0,
        correct=True,
        idempotency_key="a1",
    )
    Attempt.objects.create(
        user=user,
        question_id=NUMERIC,
        kind="numeric",
        seed=11,
        answer={"value": "1"},
        result={},
        score=0.0,
        correct=False,
        idempotency_key="a2",
    )
    sub = Submission.objects.create(
        user=user,
        question_id=ADD,
        code="def add(a, b):\n    return a + b\n",
        mode="submit",
        idempotency_key="s1",
    )
    sub.status, sub.verdict = Submission.Status.DONE, "AC"
    sub.save()


def test_dashboard_renders_charts_data(client_in: Client, user: User) -> None:
    history(user)
    response = client_in.get("/progress/")
    assert response.status_code == 200
    html = response.content.decode()
    for canvas in ("chart-mastery", "chart-accuracy"):
        assert f'id="{canvas}"' in html
    assert "vendor/chart.umd.min.js" in html
    assert "How readiness is computed" in html
    data = json.loads(html.split('id="progress-data" type="application/json">')[1].split("<")[0])
    assert sum(data["accuracy"]["counts"]) == 3
    assert data["accuracy"]["accuracy"][-1] == pytest.approx(66.7)
    assert 'data-readiness="ml_theory"' in html


def test_mastery_uses_retrievability_and_results(user: User) -> None:
    from datetime import UTC, datetime

    history(user)
    result = selectors.mastery(user=user, now=datetime.now(UTC))
    per = result["questions"]
    assert per[MCQ] > 0.9  # just answered right: recall ~1 x score 1
    assert per[NUMERIC] == 0.0  # answered wrong
    assert per["ml_theory/testing/web-multi"] == 0.0  # never seen
    theory = [q for q in get_bank().questions() if q.round == "ml_theory"]
    assert result["rounds"]["ml_theory"] == pytest.approx(
        round(100 * sum(per[q.id] for q in theory) / len(theory), 1)
    )
    rows = selectors.readiness(result["rounds"], [{"rounds": {"ml_theory": 50.0}}])
    theory_row = next(r for r in rows if r["round"] == "ml_theory")
    assert theory_row["readiness"] == pytest.approx(
        round(0.6 * result["rounds"]["ml_theory"] + 0.4 * 50.0, 1)
    )


def test_export_csv_and_json_then_import_elsewhere(
    client_in: Client, user: User, other_user: User
) -> None:
    history(user)
    rows = list(csv.reader(io.StringIO(client_in.get("/progress/export.csv").content.decode())))
    assert rows[0][:3] == ["when", "type", "question_id"]
    assert {r[1] for r in rows[1:]} >= {"attempt", "code_submit", "review"}
    response = client_in.get("/progress/export.json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "mlquiz-history"
    assert len(data["attempts"]) == 2
    assert len(data["cards"]) == 3
    other = Client()
    other.force_login(other_user)
    upload = SimpleUploadedFile("h.json", response.content, content_type="application/json")
    page = other.post("/progress/import/", {"file": upload}, follow=True).content.decode()
    assert "Imported 2 attempts, 1 submissions, 3 reviews, 3 cards, 0 mocks" in page
    assert Attempt.objects.filter(user=other_user).count() == 2
    # imported answers restore their own review history rather than being reviewed again
    assert ReviewLog.objects.filter(user=other_user).count() == 3
    assert ReviewCard.objects.filter(user=other_user).count() == 3
    again = SimpleUploadedFile("h.json", response.content, content_type="application/json")
    page = other.post("/progress/import/", {"file": again}, follow=True).content.decode()
    assert "Imported 0 attempts, 0 submissions, 0 reviews, 0 cards, 0 mocks" in page
    bad = SimpleUploadedFile("h.json", b'{"format": "other"}', content_type="application/json")
    page = other.post("/progress/import/", {"file": bad}, follow=True).content.decode()
    assert "not an mlquiz history export" in page


def test_anki_deck_holds_the_theory_questions(client_in: Client) -> None:
    response = client_in.get("/progress/theory.apkg")
    assert response.status_code == 200
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        path.write_bytes(response.content)
        with zipfile.ZipFile(path) as archive:
            archive.extract("collection.anki2", tmp)
        db = sqlite3.connect(Path(tmp) / "collection.anki2")
        fields = [row[0] for row in db.execute("select flds from notes")]
        db.close()
    ids = sorted(f.split("\x1f")[2] for f in fields)
    assert ids == sorted(q.id for q in get_bank().questions() if q.round == "ml_theory")
    mcq = next(f for f in fields if f.endswith(MCQ))
    assert "Answer: " in mcq


def test_staff_statistics(
    client: Client,
    make_user,
    clock: FakeClock,
    mock_bank: None,  # type: ignore[no-untyped-def]
) -> None:
    staff = make_user("root", is_staff=True)
    learners = [make_user(f"u{i}") for i in range(4)]
    for i, learner in enumerate(learners):
        Attempt.objects.create(
            user=learner,
            question_id=NUMERIC,
            kind="numeric",
            seed=i + 1,
            answer={},
            result={},
            score=float(i % 2),
            correct=bool(i % 2),
            idempotency_key=f"n{i}",
        )
        items = [
            {"question_id": MCQ, "points": 10, "score": float(i > 1)},
            {"question_id": ADD, "points": 90, "score": i / 4},
        ]
        MockSession.objects.create(
            user=learner,
            mock_id="mock/web-loop",
            title="t",
            status="finished",
            state={"items": items},
            percent=0,
        )
    client.force_login(learners[0])
    assert client.get("/progress/stats/").status_code == 302  # staff only
    client.force_login(staff)
    html = client.get("/progress/stats/").content.decode()
    assert f'data-stat="{NUMERIC}"' in html
    rows = {r["question"].id: r for r in selectors.question_stats()}
    assert rows[NUMERIC]["attempts"] == 4
    assert rows[NUMERIC]["first_try"] == 50.0
    assert rows[NUMERIC]["by_param"]
    assert rows[MCQ]["discrimination"] is not None
    assert rows[MCQ]["discrimination"] > 0.5  # the MCQ score rises with the rest of the mock
