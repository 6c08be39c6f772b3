"""Writes of mock interviews: start, save drafts, answer, move, end a round, time out.

Every action first *syncs* the run with the clock under a row lock: a round whose deadline has
passed is submitted from its drafts and closed, whatever the browser did (a page left open, a
closed lid, a server restart). The clock is injectable for tests.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import Http404

from mlquiz.content.schema import STEP_NAMES, CodingQuestion, MockInterview
from mlquiz.practice.mock import MockError, MockItem, MockRun, draw_mock, mock_report
from mlquiz.scheduling.ratings import SLOW_FACTOR
from mlquiz.web.bank.selectors import get_bank, question_get
from mlquiz.web.interviews.models import MockDraft, MockSession
from mlquiz.web.practice import services as practice_services
from mlquiz.web.practice.models import Submission
from mlquiz.web.reviews.services import review_mark_slow

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
MAX_DRAFT_CHARS = 200_000


def utc_now() -> datetime:
    return datetime.now(UTC)


_clock: Clock = utc_now


def set_clock(clock: Clock | None) -> None:
    """Tests only: drive every deadline from a fake clock (``None`` restores the real one)."""
    global _clock
    _clock = clock or utc_now


def now() -> datetime:
    return _clock()


def mock_start(*, user: AbstractBaseUser, mock_id: str) -> MockSession:
    mock = get_bank().get(mock_id)
    if not isinstance(mock, MockInterview):
        raise Http404("No such mock interview")
    run = draw_mock(mock, get_bank().questions(), seed=random.SystemRandom().randrange(2**31))
    if not run.items:
        raise MockError("This mock draws no questions from the bank.")
    run.start(now())
    return MockSession.objects.create(
        user=user, mock_id=mock.id, title=mock.title, state=run.to_json()
    )


def _locked(user: AbstractBaseUser, session_id: int) -> MockSession:
    session = MockSession.objects.select_for_update().filter(pk=session_id, user=user).first()
    if session is None:
        raise Http404("No such mock interview")
    return session


def mock_sync(*, user: AbstractBaseUser, session_id: int) -> MockSession:
    """Bring the run up to date with the clock (auto-submitting expired rounds)."""
    with transaction.atomic():
        session = _locked(user, session_id)
        run = MockRun.from_json(session.state)
        changed = _sync(session, run)
        if changed:
            _save(session, run)
    return session


def _sync(session: MockSession, run: MockRun) -> bool:
    changed = _refresh_code(run)
    moment = now()
    while not run.finished and run.expired(moment):
        _submit_drafts(session, run, moment)
        run.end_zone(moment, timed_out=True)
        changed = True
    return changed


def _submit_drafts(session: MockSession, run: MockRun, moment: datetime) -> None:
    """Grade what is typed in every unanswered item of the current round (auto-submission)."""
    drafts = {d.item_key: d.content for d in MockDraft.objects.filter(session=session)}
    for item in run.pending_auto():
        content = drafts.get(item.key) or {}
        if _has_content(content):
            _grade_and_record(session, run, item, content, moment, auto=True)


def _has_content(content: Mapping[str, Any]) -> bool:
    return any(
        (v.strip() if isinstance(v, str) else bool(v)) for k, v in content.items() if k != "key"
    )


def _save(session: MockSession, run: MockRun) -> None:
    session.state = run.to_json()
    if run.finished and session.status != MockSession.Status.FINISHED:
        _refresh_code(run)
        report = mock_report(run)
        session.state = run.to_json()
        session.status = MockSession.Status.FINISHED
        session.report = report
        session.percent = report["percent"]
        session.finished = now()
    elif run.finished and session.report is not None:
        session.report = mock_report(run)
        session.percent = session.report["percent"]
    session.save()


def mock_draft_save(
    *, user: AbstractBaseUser, session_id: int, key: str, content: Mapping[str, Any]
) -> bool:
    """Save what is typed; False when the item can no longer be answered (time is up)."""
    clean = {str(k)[:40]: str(v)[:MAX_DRAFT_CHARS] for k, v in content.items() if k != "key"}
    with transaction.atomic():
        session = _locked(user, session_id)
        run = MockRun.from_json(session.state)
        if _sync(session, run):
            _save(session, run)
        try:
            open_ = run.can_answer(key, now())
        except MockError:
            return False
        if not open_:
            return False
        MockDraft.objects.update_or_create(
            session=session, item_key=key, defaults={"content": clean}
        )
    return True


def mock_view(*, user: AbstractBaseUser, session_id: int, key: str) -> MockSession:
    with transaction.atomic():
        session = _locked(user, session_id)
        run = MockRun.from_json(session.state)
        _sync(session, run)
        if not run.finished and key != run.current_key:
            run.view(key, now())
        _save(session, run)
    return session


def mock_answer(
    *, user: AbstractBaseUser, session_id: int, key: str, answer: Mapping[str, Any]
) -> MockItem:
    """Submit one item now (graded at once; the score stays hidden unless feedback is on)."""
    with transaction.atomic():
        session = _locked(user, session_id)
        run = MockRun.from_json(session.state)
        _sync(session, run)
        moment = now()
        if not run.can_answer(key, moment):
            _save(session, run)
            raise MockError("Time is up for this question: what was saved has been submitted.")
        MockDraft.objects.update_or_create(
            session=session, item_key=key, defaults={"content": dict(answer)}
        )
        item = _grade_and_record(session, run, run.item(key), answer, moment, auto=False)
        # the round ends by itself once every question is answered
        if not run.pending_auto():
            run.end_zone(moment)
        _save(session, run)
    return item


def mock_end_zone(*, user: AbstractBaseUser, session_id: int) -> MockSession:
    """The candidate ends the round early: what is typed is submitted, as at a timeout."""
    with transaction.atomic():
        session = _locked(user, session_id)
        run = MockRun.from_json(session.state)
        _sync(session, run)
        if not run.finished:
            moment = now()
            _submit_drafts(session, run, moment)
            run.end_zone(moment)
        _save(session, run)
    return session


def _grade_and_record(
    session: MockSession,
    run: MockRun,
    item: MockItem,
    answer: Mapping[str, Any],
    moment: datetime,
    *,
    auto: bool,
) -> MockItem:
    question = question_get(item.question_id)
    score, correct, flags, ref = 0.0, False, [], {}
    user = session.user
    key = f"mock-{session.pk}-{item.key}"
    try:
        if question is None:
            raise practice_services.PracticeError("question left the bank")
        if isinstance(question, CodingQuestion):
            submission, _ = practice_services.submission_create(
                user=user,
                question=question,
                code=str(answer.get("code") or ""),
                mode=Submission.Mode.SUBMIT,
                idempotency_key=key,
            )
            ref = {"submission_id": submission.pk}
            score, correct = _code_score(submission)
        else:
            payload: dict[str, Any] = dict(answer)
            if question.kind == "multi_select" and isinstance(payload.get("choices"), str):
                payload["choices"] = [c for c in payload["choices"].split(",") if c]
            if question.kind == "system_design":
                payload = {s: str(answer.get(s) or "") for s in STEP_NAMES}
            attempt, _ = practice_services.attempt_create(
                user=user,
                question=question,
                answer=payload,
                variant=practice_services.variant_token(
                    user=user, question_id=question.id, seed=item.seed
                ),
                idempotency_key=key,
            )
            ref = {"attempt_id": attempt.pk}
            score, correct = float(attempt.score), bool(attempt.correct)
            result = attempt.result or {}
            flags = [
                str(f.get("description") or f.get("flag_id") or "red flag")
                for f in result.get("red_flags", [])
                if isinstance(f, dict)
            ]
    except practice_services.PracticeError as exc:  # an empty or malformed answer scores 0
        ref = {"error": str(exc)[:200]}
    recorded = run.record(
        item.key, score=score, correct=correct, now=moment, red_flags=flags, ref=ref, auto=auto
    )
    if correct and recorded.seconds > SLOW_FACTOR * 60 * recorded.estimate_minutes:
        source, source_id = (
            ("attempt", ref.get("attempt_id"))
            if "attempt_id" in ref
            else ("submission", ref.get("submission_id"))
        )
        if source_id:
            transaction.on_commit(
                lambda: review_mark_slow(user=user, source=source, source_id=int(source_id))
            )
    return recorded


def _code_score(submission: Submission) -> tuple[float, bool]:
    if submission.status != Submission.Status.DONE:
        return 0.0, False
    if submission.verdict == "AC":
        return 1.0, True
    tests = (submission.report or {}).get("tests") or []
    passed = sum(1 for t in tests if isinstance(t, dict) and t.get("passed"))
    return (passed / len(tests) if tests else 0.0), False


def _refresh_code(run: MockRun) -> bool:
    """Code graded by a worker after the answer was recorded: take its score now."""
    changed = False
    pending = {
        i.ref["submission_id"]: i
        for i in run.items
        if "submission_id" in i.ref and not i.ref.get("graded")
    }
    if not pending:
        return False
    for submission in Submission.objects.filter(pk__in=list(pending)):
        if submission.status in (Submission.Status.DONE, Submission.Status.ERROR):
            item = pending[submission.pk]
            item.score, item.correct = _code_score(submission)
            item.ref["graded"] = True
            item.ref["verdict"] = submission.verdict
            changed = True
    return changed
