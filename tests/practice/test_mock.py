"""The mock-interview state machine, driven by a fake clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from mlquiz.content.bank import load_bank
from mlquiz.content.schema import MockInterview
from mlquiz.content.validator import pool_matches
from mlquiz.practice.mock import MockError, MockRun, draw_mock, mock_report

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def bank():  # type: ignore[no-untyped-def]
    return load_bank()


def _mock(bank, mock_id: str) -> MockInterview:  # type: ignore[no-untyped-def]
    mock = bank.get(mock_id)
    assert isinstance(mock, MockInterview)
    return mock


def test_draw_is_frozen_distinct_and_matches_pools(bank) -> None:  # type: ignore[no-untyped-def]
    mock = _mock(bank, "mock/full-loop")
    run = draw_mock(mock, bank.questions(), seed=7)
    again = draw_mock(mock, bank.questions(), seed=7)
    assert [i.question_id for i in run.items] == [i.question_id for i in again.items]
    assert len({i.question_id for i in run.items}) == len(run.items)
    assert len(run.items) == sum(d.count for z in mock.zones for d in z.draws)
    for zone in mock.zones:
        items = run.zone_items(zone.id)
        assert all(
            any(pool_matches(d.pool, bank.get(i.question_id)) for d in zone.draws) for i in items
        )
    # frozen: a JSON round trip gives the same run, seeds included
    copy = MockRun.from_json(json.loads(json.dumps(run.to_json())))
    assert copy == run


def test_zones_run_in_order_with_deadlines(bank) -> None:  # type: ignore[no-untyped-def]
    run = draw_mock(_mock(bank, "mock/short-loop"), bank.questions(), seed=1)
    run.start(T0)
    assert run.zone is not None
    assert run.zone.id == "ml-coding"
    assert run.deadline() == T0 + timedelta(minutes=20)
    assert run.seconds_left(T0 + timedelta(minutes=5)) == 15 * 60
    first = run.zone_items()[0]
    run.view(first.key, T0)
    run.record(first.key, score=1.0, correct=True, now=T0 + timedelta(minutes=12))
    assert first.seconds == 12 * 60
    with pytest.raises(MockError):
        run.record(first.key, score=1.0, correct=True, now=T0 + timedelta(minutes=13))
    theory = run.items[1]
    with pytest.raises(MockError, match="current round"):
        run.view(theory.key, T0)
    run.end_zone(T0 + timedelta(minutes=12))
    assert run.zone is not None
    assert run.zone.id == "theory"
    assert run.deadline() == T0 + timedelta(minutes=12 + 15)
    assert not run.show_feedback()


def test_timeout_auto_submits_and_cascades(bank) -> None:  # type: ignore[no-untyped-def]
    run = draw_mock(_mock(bank, "mock/short-loop"), bank.questions(), seed=2)
    run.start(T0)
    late = T0 + timedelta(minutes=21)
    assert run.expired(late)
    key = run.pending_auto()[0].key
    assert not run.can_answer(key, late)
    run.record(key, score=0.5, correct=False, now=late, auto=True)  # graded from the draft
    run.end_zone(late, timed_out=True)
    assert run.items[0].auto_submitted
    assert run.items[0].score == 0.5
    assert run.zones[0].timed_out
    assert run.zones[0].ended == (T0 + timedelta(minutes=20)).isoformat()
    # the laptop lid stays closed for two hours: every later round times out too
    run.end_zone(T0 + timedelta(hours=2), timed_out=True)
    assert run.finished
    assert run.show_feedback()
    assert all(z.timed_out for z in run.zones)
    report = mock_report(run)
    assert 0 < report["percent"] < 100
    assert report["zones"][0]["percent"] == 50.0
    assert set(report["rounds"]) == {i.round for i in run.items}


def test_report_per_topic_red_flags_and_time(bank) -> None:  # type: ignore[no-untyped-def]
    run = draw_mock(_mock(bank, "mock/system-design-round"), bank.questions(), seed=3)
    run.start(T0)
    item = run.items[0]
    run.record(
        item.key,
        score=0.4,
        correct=False,
        now=T0 + timedelta(minutes=80 - 20),
        red_flags=["jumps to deep learning"],
        auto=True,
    )
    run.end_zone(T0 + timedelta(minutes=60))
    report = mock_report(run)
    assert report["percent"] == 40.0
    assert report["red_flags"] == [
        {"question_id": item.question_id, "flag": "jumps to deep learning"}
    ]
    assert report["items"][0]["minutes"] == 45.0  # time is capped at the deadline
    assert report["to_review"] == [item.question_id]
    assert set(report["weak_topics"]) <= set(item.topics)


def test_as_you_go_feedback(bank) -> None:  # type: ignore[no-untyped-def]
    run = draw_mock(_mock(bank, "mock/theory-sprint"), bank.questions(), seed=4)
    assert run.show_feedback()


def test_naive_time_is_refused(bank) -> None:  # type: ignore[no-untyped-def]
    run = draw_mock(_mock(bank, "mock/theory-round"), bank.questions(), seed=5)
    with pytest.raises(ValueError, match="timezone-aware"):
        run.start(datetime(2026, 1, 1))
