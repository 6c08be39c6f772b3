"""Reads behind the progress dashboard and the staff question statistics.

Mastery of a question = FSRS retrievability now x the latest result (0 for untouched), so a
question solved long ago and probably forgotten counts less than one solved last week; a
topic's mastery is the mean over its questions in the bank.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, timedelta
from statistics import mean
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from mlquiz.content.schema import ROUNDS, NumericQuestion
from mlquiz.content.variants import VariantError, make_variant
from mlquiz.web.bank.selectors import get_bank, topic_titles
from mlquiz.web.interviews.models import MockSession
from mlquiz.web.practice.models import Attempt, Submission
from mlquiz.web.reviews.models import ReviewLog
from mlquiz.web.reviews.selectors import retrievability_by_question

HEATMAP_WEEKS = 26
MOCK_WEIGHT = 0.4


def latest_results(*, user: AbstractBaseUser) -> dict[str, float]:
    """The latest score (0..1) per question: attempts, and code submitted for grading."""
    latest: dict[str, tuple[datetime, float]] = {}
    for qid, created, score in Attempt.objects.filter(user=user).values_list(
        "question_id", "created", "score"
    ):
        if qid not in latest or created > latest[qid][0]:
            latest[qid] = (created, float(score))
    for qid, created, verdict in Submission.objects.filter(
        user=user, mode=Submission.Mode.SUBMIT, status=Submission.Status.DONE
    ).values_list("question_id", "created", "verdict"):
        if qid not in latest or created > latest[qid][0]:
            latest[qid] = (created, 1.0 if verdict == "AC" else 0.0)
    return {qid: score for qid, (_, score) in latest.items()}


def mastery(*, user: AbstractBaseUser, now: datetime) -> dict[str, Any]:
    recall = retrievability_by_question(user=user, now=now)
    results = latest_results(user=user)
    per_question = {
        q.id: recall.get(q.id, 0.0) * results.get(q.id, 0.0) for q in get_bank().questions()
    }
    titles = topic_titles()
    by_topic: dict[str, list[float]] = defaultdict(list)
    by_round: dict[str, list[float]] = defaultdict(list)
    touched: dict[str, int] = defaultdict(int)
    for q in get_bank().questions():
        by_round[q.round].append(per_question[q.id])
        for t in q.topics:
            by_topic[t].append(per_question[q.id])
            touched[t] += int(q.id in results)
    topics = sorted(
        (
            {
                "topic": t,
                "title": titles.get(t, t),
                "mastery": round(100 * mean(v), 1),
                "touched": touched[t],
                "total": len(v),
            }
            for t, v in by_topic.items()
        ),
        key=lambda row: (-float(str(row["mastery"])), str(row["title"])),
    )
    rounds = {r: round(100 * mean(v), 1) for r, v in by_round.items() if v}
    return {"topics": topics, "rounds": rounds, "questions": per_question}


def accuracy_by_week(*, user: AbstractBaseUser, weeks: int = 12, today: date) -> dict[str, Any]:
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    buckets: dict[date, list[int]] = {start + timedelta(weeks=i): [0, 0] for i in range(weeks)}
    rows: list[tuple[datetime, bool]] = list(
        Attempt.objects.filter(user=user, created__date__gte=start).values_list(
            "created", "correct"
        )
    )
    rows += [
        (created, verdict == "AC")
        for created, verdict in Submission.objects.filter(
            user=user,
            mode=Submission.Mode.SUBMIT,
            status=Submission.Status.DONE,
            created__date__gte=start,
        ).values_list("created", "verdict")
    ]
    for created, correct in rows:
        day = created.date()
        week = day - timedelta(days=day.weekday())
        if week in buckets:
            buckets[week][0] += int(correct)
            buckets[week][1] += 1
    return {
        "labels": [w.strftime("%b %d") for w in buckets],
        "accuracy": [round(100 * c / n, 1) if n else None for c, n in buckets.values()],
        "counts": [n for _, n in buckets.values()],
    }


def mock_history(*, user: AbstractBaseUser) -> list[dict[str, Any]]:
    return [
        {
            "id": s.pk,
            "title": s.title,
            "mock_id": s.mock_id,
            "date": s.created.strftime("%b %d"),
            "percent": s.percent or 0.0,
            "rounds": (s.report or {}).get("rounds", {}),
        }
        for s in MockSession.objects.filter(user=user, status=MockSession.Status.FINISHED).order_by(
            "created"
        )
    ]


def heatmap(*, user: AbstractBaseUser, today: date) -> list[list[dict[str, Any]]]:
    """Weeks (columns) of days (rows, Monday first) with an activity level 0-4."""
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)
    counts: dict[date, int] = defaultdict(int)
    for model, field in ((Attempt, "created"), (Submission, "created"), (ReviewLog, "reviewed")):
        for moment in model.objects.filter(user=user, **{f"{field}__date__gte": first}).values_list(
            field, flat=True
        ):
            counts[moment.date()] += 1
    weeks = []
    for w in range(HEATMAP_WEEKS):
        days = []
        for d in range(7):
            day = first + timedelta(weeks=w, days=d)
            n = counts.get(day, 0)
            level = 0 if n == 0 else 1 if n < 3 else 2 if n < 6 else 3 if n < 10 else 4
            days.append(
                {"date": day.isoformat(), "count": n, "level": level, "future": day > today}
            )
        weeks.append(days)
    return weeks


def readiness(
    mastery_rounds: dict[str, float], mocks: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per round: 60% mastery, 40% the mean of the last three mock scores for that round."""
    rows = []
    for round_id in ROUNDS:
        m = mastery_rounds.get(round_id, 0.0)
        recent = [float(x["rounds"][round_id]) for x in mocks if round_id in x["rounds"]][-3:]
        mock_part = mean(recent) if recent else None
        value = m if mock_part is None else (1 - MOCK_WEIGHT) * m + MOCK_WEIGHT * mock_part
        rows.append(
            {
                "round": round_id,
                "readiness": round(value, 1),
                "mastery": m,
                "mock": round(mock_part, 1) if mock_part is not None else None,
                "mocks_counted": len(recent),
            }
        )
    return rows


# --- staff statistics -------------------------------------------------------------------------


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    mx, my = mean(xs), mean(ys)
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    if sx == 0 or sy == 0:
        return None
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (sx * sy), 2)


def question_stats() -> list[dict[str, Any]]:
    """Per question, across all users: attempts, first-try success, mean score, discrimination
    (item score vs the rest of the mock, Pearson) and, for numeric questions, success by
    parameter value."""
    per: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"n": 0, "scores": [], "first": {}, "seeds": []}
    )
    for user_id, qid, score, correct, seed in Attempt.objects.order_by("created", "id").values_list(
        "user_id", "question_id", "score", "correct", "seed"
    ):
        row = per[qid]
        row["n"] += 1
        row["scores"].append(float(score))
        row["first"].setdefault(user_id, bool(correct))
        if seed is not None:
            row["seeds"].append((seed, bool(correct)))
    for user_id, qid, verdict in (
        Submission.objects.filter(mode=Submission.Mode.SUBMIT, status=Submission.Status.DONE)
        .order_by("created", "id")
        .values_list("user_id", "question_id", "verdict")
    ):
        row = per[qid]
        row["n"] += 1
        row["scores"].append(1.0 if verdict == "AC" else 0.0)
        row["first"].setdefault(user_id, verdict == "AC")
    pairs: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for state in MockSession.objects.filter(status=MockSession.Status.FINISHED).values_list(
        "state", flat=True
    ):
        items = state.get("items", [])
        total = sum((i.get("score") or 0.0) * i["points"] for i in items)
        for i in items:
            got = (i.get("score") or 0.0) * i["points"]
            pairs[i["question_id"]][0].append(i.get("score") or 0.0)
            pairs[i["question_id"]][1].append(total - got)  # the rest of the mock
    out = []
    bank = get_bank()
    for question in bank.questions():
        stats: dict[str, Any] = per.get(question.id) or {}
        first, scores = list(stats.get("first", {}).values()), stats.get("scores", [])
        xs, ys = pairs.get(question.id, ([], []))
        out.append(
            {
                "question": question,
                "attempts": stats.get("n", 0),
                "first_try": round(100 * mean(first), 1) if first else None,
                "mean_score": round(100 * mean(scores), 1) if scores else None,
                "discrimination": _pearson(xs, ys),
                "mock_n": len(xs),
                "by_param": _by_param(question, stats["seeds"]) if stats else [],
            }
        )
    return out


def _by_param(question: Any, seeds: list[tuple[int, bool]]) -> list[dict[str, Any]]:
    if not isinstance(question, NumericQuestion) or not seeds:
        return []
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for seed, correct in seeds:
        try:
            values = make_variant(question, seed).values
        except VariantError:
            continue
        for name, value in values.items():
            cell = table[(name, str(value))]
            cell[0] += int(correct)
            cell[1] += 1
    return [
        {"param": name, "value": value, "success": round(100 * ok / n, 1), "n": n}
        for (name, value), (ok, n) in sorted(table.items())
    ]
