"""The mock-interview state machine (pure): draw once, run zones in order against deadlines.

A :class:`MockRun` is plain data that round-trips through JSON, so the web layer stores it in
one column and every request rebuilds it: deadlines are absolute UTC instants, which is why
they survive reloads, closed lids and server restarts. Time comes from the caller (``now``),
never from the wall clock here, so tests drive it with a fake clock.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from mlquiz.content.schema import MockInterview, Question
from mlquiz.content.validator import pool_matches

RUNNING, FINISHED = "running", "finished"
#: grace after a deadline for answers already in flight (a slow network, not extra time)
GRACE = timedelta(seconds=5)


class MockError(ValueError):
    """An action the state machine refuses (answering a closed zone, an unknown item...)."""


@dataclass
class MockItem:
    key: str  # unique within a run: "<zone>:<n>"
    zone_id: str
    question_id: str
    kind: str
    round: str
    topics: list[str]
    title: str
    points: float
    seed: int
    estimate_minutes: float
    # filled as the run goes
    answered: bool = False
    auto_submitted: bool = False
    score: float | None = None  # 0..1 fraction of the item's points
    correct: bool | None = None
    seconds: float = 0.0
    red_flags: list[str] = field(default_factory=list)
    ref: dict[str, Any] = field(default_factory=dict)  # web-layer pointers (attempt id...)


@dataclass
class MockZone:
    id: str
    title: str
    time_minutes: int
    started: str | None = None
    deadline: str | None = None
    ended: str | None = None
    timed_out: bool = False


@dataclass
class MockRun:
    mock_id: str
    title: str
    feedback: str
    zones: list[MockZone]
    items: list[MockItem]
    zone_index: int = 0
    status: str = RUNNING
    started: str | None = None
    ended: str | None = None
    current_key: str | None = None
    viewed_since: str | None = None

    # --- (de)serialisation -------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MockRun:
        fields = dict(data)
        fields["zones"] = [MockZone(**z) for z in data["zones"]]
        fields["items"] = [MockItem(**i) for i in data["items"]]
        return cls(**fields)

    # --- reading -------------------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.status == FINISHED

    @property
    def zone(self) -> MockZone | None:
        return None if self.finished else self.zones[self.zone_index]

    def zone_items(self, zone_id: str | None = None) -> list[MockItem]:
        wanted = zone_id if zone_id is not None else (self.zone.id if self.zone else None)
        return [i for i in self.items if i.zone_id == wanted]

    def item(self, key: str) -> MockItem:
        for item in self.items:
            if item.key == key:
                return item
        raise MockError(f"no item {key!r} in this mock")

    def deadline(self) -> datetime | None:
        zone = self.zone
        return _parse(zone.deadline) if zone and zone.deadline else None

    def seconds_left(self, now: datetime) -> float:
        deadline = self.deadline()
        return 0.0 if deadline is None else max(0.0, (deadline - now).total_seconds())

    def can_answer(self, key: str, now: datetime) -> bool:
        item = self.item(key)
        deadline = self.deadline()
        return (
            not self.finished
            and self.zone is not None
            and item.zone_id == self.zone.id
            and not item.answered
            and deadline is not None
            and now <= deadline + GRACE
        )

    # --- transitions ---------------------------------------------------------------------------

    def start(self, now: datetime) -> None:
        if self.started is None:
            self.started = _iso(now)
            self._open_zone(now)

    def _open_zone(self, now: datetime) -> None:
        zone = self.zones[self.zone_index]
        zone.started = _iso(now)
        zone.deadline = _iso(now + timedelta(minutes=zone.time_minutes))
        first = self.zone_items(zone.id)
        self.current_key = first[0].key if first else None
        self.viewed_since = _iso(now)

    def view(self, key: str, now: datetime) -> None:
        """Move to another question of the current zone; time spent goes to the one left."""
        item = self.item(key)
        if self.zone is None or item.zone_id != self.zone.id:
            raise MockError("only questions of the current round can be opened")
        self._charge_time(now)
        self.current_key = key

    def _charge_time(self, now: datetime) -> None:
        if self.current_key and self.viewed_since:
            spent = (min(now, self.deadline() or now) - _parse(self.viewed_since)).total_seconds()
            self.item(self.current_key).seconds += max(0.0, spent)
        self.viewed_since = _iso(now)

    def record(
        self,
        key: str,
        *,
        score: float,
        correct: bool,
        now: datetime,
        red_flags: Sequence[str] = (),
        ref: dict[str, Any] | None = None,
        auto: bool = False,
    ) -> MockItem:
        """Store a graded answer for one item (``auto``: submitted by the timeout)."""
        if not auto and not self.can_answer(key, now):
            raise MockError("this question can no longer be answered")
        item = self.item(key)
        if item.answered:
            raise MockError("this question was already answered")
        if self.current_key == key:
            self._charge_time(now)
        item.answered, item.auto_submitted = True, auto
        item.score = max(0.0, min(1.0, score))
        item.correct = correct
        item.red_flags = list(red_flags)
        item.ref.update(ref or {})
        return item

    def expired(self, now: datetime) -> bool:
        deadline = self.deadline()
        return deadline is not None and now > deadline

    def pending_auto(self) -> list[MockItem]:
        """Items of the current zone the timeout must submit (graded from drafts by the caller)."""
        return [i for i in self.zone_items() if not i.answered]

    def end_zone(self, now: datetime, *, timed_out: bool = False) -> None:
        """Close the current zone (every unanswered item scores 0) and open the next one."""
        zone = self.zone
        if zone is None:
            raise MockError("the mock is over")
        self._charge_time(min(now, self.deadline() or now))
        for item in self.zone_items(zone.id):
            if not item.answered:
                item.answered, item.auto_submitted = True, True
                item.score, item.correct = 0.0, False
        end = min(now, self.deadline() or now)
        zone.ended, zone.timed_out = _iso(end), timed_out
        if self.zone_index + 1 < len(self.zones):
            self.zone_index += 1
            # the next round starts when the previous one ends (a lid closed across two rounds
            # times out both), never earlier than its own start
            self._open_zone(end)
            if self.expired(now):
                self.end_zone(now, timed_out=True)
        else:
            self.status, self.ended, self.current_key = FINISHED, _iso(end), None

    def show_feedback(self) -> bool:
        return self.finished or self.feedback == "as_you_go"


def draw_mock(
    mock: MockInterview, questions: Sequence[Question], *, seed: int | None = None
) -> MockRun:
    """Draw the questions of every zone once (no question twice in a run), each with its own
    variant seed: the draw is frozen in the returned run."""
    rng = random.Random(seed)
    used: set[str] = set()
    zones: list[MockZone] = []
    items: list[MockItem] = []
    ordered = sorted(questions, key=lambda q: q.id)
    for zone in mock.zones:
        zones.append(MockZone(zone.id, zone.title, zone.time_minutes))
        n = 0
        for draw in zone.draws:
            pool = [q for q in ordered if q.id not in used and pool_matches(draw.pool, q)]
            for question in rng.sample(pool, min(draw.count, len(pool))):
                used.add(question.id)
                n += 1
                items.append(
                    MockItem(
                        key=f"{zone.id}:{n}",
                        zone_id=zone.id,
                        question_id=question.id,
                        kind=question.kind,
                        round=question.round,
                        topics=list(question.topics),
                        title=question.title,
                        points=draw.points,
                        seed=rng.randrange(1, 2**31 - 1),
                        estimate_minutes=question.time_estimate_minutes,
                    )
                )
    return MockRun(mock.id, mock.title, mock.feedback, zones, items)


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware (UTC)")
    return moment.astimezone(UTC).isoformat()


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- the report -------------------------------------------------------------------------------


def _pct(got: float, total: float) -> float:
    return round(100.0 * got / total, 1) if total else 0.0


def mock_report(run: MockRun) -> dict[str, Any]:
    """Score per zone, per round and overall, per topic, red flags, time vs estimate."""
    zones = []
    for zone in run.zones:
        items = run.zone_items(zone.id)
        total = sum(i.points for i in items)
        got = sum((i.score or 0.0) * i.points for i in items)
        zones.append(
            {
                "id": zone.id,
                "title": zone.title,
                "points": round(got, 2),
                "total": total,
                "percent": _pct(got, total),
                "timed_out": zone.timed_out,
            }
        )
    by_round: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    by_topic: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for item in run.items:
        got = (item.score or 0.0) * item.points
        by_round[item.round][0] += got
        by_round[item.round][1] += item.points
        for topic in item.topics:
            by_topic[topic][0] += got
            by_topic[topic][1] += item.points
    total = sum(i.points for i in run.items)
    got = sum((i.score or 0.0) * i.points for i in run.items)
    ranked = sorted((_pct(g, p), t) for t, (g, p) in by_topic.items())
    topics = [{"topic": t, "percent": pct} for pct, t in ranked]
    return {
        "mock_id": run.mock_id,
        "title": run.title,
        "percent": _pct(got, total),
        "points": round(got, 2),
        "total": total,
        "zones": zones,
        "rounds": {r: _pct(g, p) for r, (g, p) in by_round.items()},  # in zone order
        "topics": topics,
        "red_flags": [
            {"question_id": i.question_id, "flag": flag} for i in run.items for flag in i.red_flags
        ],
        "items": [
            {
                "key": i.key,
                "question_id": i.question_id,
                "title": i.title,
                "zone_id": i.zone_id,
                "points": round((i.score or 0.0) * i.points, 2),
                "max_points": i.points,
                "correct": bool(i.correct),
                "auto_submitted": i.auto_submitted,
                "minutes": round(i.seconds / 60, 1),
                "estimate_minutes": i.estimate_minutes,
                "over_time": i.seconds > 60 * i.estimate_minutes * 1.5,
            }
            for i in run.items
        ],
        "weak_topics": [t for pct, t in ranked if pct < 70][:5],
        "to_review": [i.question_id for i in run.items if not i.correct],
    }
