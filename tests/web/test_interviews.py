"""Mock interviews on the web: frozen draws, server-kept deadlines, auto-submission, the report."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from loop_helpers import FakeClock, use_fake_clock, use_mock_bank

from mlquiz.content.variants import make_variant
from mlquiz.practice.mock import MockRun
from mlquiz.web.bank.selectors import question_get
from mlquiz.web.interviews.models import MockDraft, MockSession
from mlquiz.web.practice.models import Attempt, Submission
from mlquiz.web.reviews.models import ReviewCard, ReviewLog

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("mock_bank")]


@pytest.fixture
def mock_bank() -> Iterator[None]:
    yield from use_mock_bank()


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    yield from use_fake_clock()


def start(client: Client, mock_id: str = "mock/web-loop") -> MockSession:
    response = client.post(f"/mocks/start/{mock_id}/")
    assert response.status_code == 302
    session = MockSession.objects.latest("id")
    assert response["Location"] == f"/mocks/{session.pk}/"
    return session


def run_of(session: MockSession) -> MockRun:
    session.refresh_from_db()
    return MockRun.from_json(session.state)


def by_kind(run: MockRun, kind: str) -> str:
    return next(i.key for i in run.items if i.kind == kind)


def test_list_and_start_freezes_the_draw(client_in: Client, clock: FakeClock) -> None:
    html = client_in.get("/mocks/").content.decode()
    assert "Web test loop" in html
    assert "Web test sprint" in html
    session = start(client_in)
    run = run_of(session)
    assert [z.id for z in run.zones] == ["theory", "design"]
    assert [i.kind for i in run.items] == ["mcq", "numeric", "short_text", "system_design"]
    page = client_in.get(f"/mocks/{session.pk}/").content.decode()
    assert 'data-seconds-left="600"' in page
    assert "Round 1 of 2: Theory" in page
    # a reload later shows the same draw and the time that is really left
    clock.advance(minutes=4)
    page = client_in.get(f"/mocks/{session.pk}/").content.decode()
    assert 'data-seconds-left="360"' in page
    assert run_of(session).items == run.items


def test_answers_hidden_until_the_end_then_report(client_in: Client, clock: FakeClock) -> None:
    session = start(client_in)
    run = run_of(session)
    mcq = by_kind(run, "mcq")
    response = client_in.post(f"/mocks/{session.pk}/answer/", {"key": mcq, "choice": "test"})
    assert response.status_code == 302
    page = client_in.get(f"/mocks/{session.pk}/?q={mcq}").content.decode()
    assert "The score is in the report at the end" in page
    assert "Explanation" not in page
    assert client_in.get(f"/mocks/{session.pk}/report/").status_code == 302  # not yet
    numeric = run_of(session).item(by_kind(run, "numeric"))
    question = question_get(numeric.question_id)
    answer = make_variant(question, numeric.seed).answer  # type: ignore[arg-type]
    client_in.post(f"/mocks/{session.pk}/answer/", {"key": numeric.key, "value": f"{answer:.6g}"})
    clock.advance(minutes=3)
    client_in.post(f"/mocks/{session.pk}/end-round/")
    run = run_of(session)
    assert run.zone is not None
    assert run.zone.id == "design"
    assert run.item(by_kind(run, "short_text")).score == 0.0
    design = by_kind(run, "system_design")
    client_in.post(
        f"/mocks/{session.pk}/answer/",
        {
            "key": design,
            "requirements": "Ask about scale and latency.",
            "data": "",
            "model": "",
            "serving": "",
        },
    )
    session.refresh_from_db()
    assert session.status == "finished"
    report = client_in.get(f"/mocks/{session.pk}/report/")
    assert report.status_code == 200
    html = report.content.decode()
    assert "Overall" in html
    assert "By topic" in html
    assert "Your first mock" in html
    assert session.report is not None
    assert session.report["zones"][0]["percent"] == 50.0  # 20 of 40 theory points
    # every answer also counts as practice and feeds the review cards
    assert Attempt.objects.filter(user=session.user).count() == 3
    assert ReviewCard.objects.filter(user=session.user).count() == 3
    # a second mock compares with the first
    second = start(client_in)
    client_in.post(f"/mocks/{second.pk}/end-round/")
    client_in.post(f"/mocks/{second.pk}/end-round/")
    html = client_in.get(f"/mocks/{second.pk}/report/").content.decode()
    assert "vs last time" in html
    assert 'id="mock-history"' in html


def test_timeout_submits_drafts_server_side(client_in: Client, clock: FakeClock) -> None:
    session = start(client_in)
    run = run_of(session)
    mcq = by_kind(run, "mcq")
    saved = client_in.post(f"/mocks/{session.pk}/draft/", {"key": mcq, "choice": "test"})
    assert saved.json() == {"saved": True}
    short = by_kind(run, "short_text")
    client_in.post(f"/mocks/{session.pk}/draft/", {"key": short, "text": "  "})
    assert MockDraft.objects.filter(session=session).count() == 2
    clock.advance(minutes=10, seconds=30)
    # a draft arriving after the deadline is refused; the next request closes the round
    late = client_in.post(f"/mocks/{session.pk}/draft/", {"key": mcq, "choice": "train"})
    assert late.json() == {"saved": False}
    run = run_of(session)
    item = run.item(mcq)
    assert item.auto_submitted
    assert item.correct
    assert run.zones[0].timed_out
    assert run.item(short).score == 0.0  # an empty draft submits nothing
    assert run.zone is not None
    assert run.zone.id == "design"
    # the laptop lid stays closed past the design deadline too: the mock ends by itself
    clock.advance(minutes=20)
    assert client_in.get(f"/mocks/{session.pk}/").status_code == 302
    session.refresh_from_db()
    assert session.status == "finished"
    assert client_in.get(f"/mocks/{session.pk}/report/").status_code == 200


def test_state_endpoint_is_the_countdown_source(client_in: Client, clock: FakeClock) -> None:
    session = start(client_in)
    clock.advance(seconds=90)
    assert client_in.get(f"/mocks/{session.pk}/state/").json() == {
        "finished": False,
        "zone": "theory",
        "seconds_left": 510,
    }


def test_as_you_go_feedback(client_in: Client, clock: FakeClock) -> None:
    session = start(client_in, "mock/web-sprint")
    run = run_of(session)
    key = run.items[0].key
    payload = (
        {"key": key, "choice": "test"}
        if run.items[0].kind == "mcq"
        else {"key": key, "choices": ["l2", "dropout"]}
    )
    client_in.post(f"/mocks/{session.pk}/answer/", payload)
    page = client_in.get(f"/mocks/{session.pk}/?q={key}").content.decode()
    assert "Score: 100%" in page
    assert "Explanation" in page


def test_slow_pass_is_rated_hard(client_in: Client, clock: FakeClock, user: User) -> None:
    session = start(client_in)
    mcq = by_kind(run_of(session), "mcq")
    clock.advance(minutes=9)  # the estimate is about a minute
    client_in.post(f"/mocks/{session.pk}/answer/", {"key": mcq, "choice": "test"})
    log = ReviewLog.objects.get(user=user)
    assert log.auto_rating == 3
    assert log.rating == 2


def test_runs_are_private(client_in: Client, clock: FakeClock, other_user: User) -> None:
    session = start(client_in)
    other = Client()
    other.force_login(other_user)
    assert other.get(f"/mocks/{session.pk}/").status_code == 404
    assert other.get(f"/mocks/{session.pk}/report/").status_code == 404
    key = run_of(session).items[0].key
    assert other.post(f"/mocks/{session.pk}/draft/", {"key": key}).status_code == 404


def test_unknown_mock_is_404(client_in: Client) -> None:
    assert client_in.post("/mocks/start/mock/nope/").status_code == 404


def test_coding_round_grades_in_the_sandbox(
    client_in: Client, clock: FakeClock, grader_calls: list[tuple[str, str]]
) -> None:
    session = start(client_in, "mock/web-code")
    key = run_of(session).items[0].key
    page = client_in.get(f"/mocks/{session.pk}/").content.decode()
    assert re.search(r"def add\(a: int, b: int\) -&gt; int:\n    return 0", page)
    client_in.post(
        f"/mocks/{session.pk}/draft/", {"key": key, "code": "def add(a, b):\n    return a + b\n"}
    )
    clock.advance(minutes=21)
    client_in.get(f"/mocks/{session.pk}/")
    session.refresh_from_db()
    assert session.status == "finished"
    assert grader_calls
    assert session.percent == 100.0
    assert Submission.objects.get(user=session.user).verdict == "AC"
