"""Reads of the question bank: loaded from files once per process, then served from memory."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from mlquiz.content.bank import Bank, load_bank
from mlquiz.content.paths import shipped_bank_dir, shipped_taxonomy_path
from mlquiz.content.schema import DIFFICULTIES, QUESTION_KINDS, ROUNDS, MockInterview, Question
from mlquiz.content.taxonomy import Taxonomy, load_taxonomy

_lock = threading.Lock()
_bank: Bank | None = None


def bank_paths() -> list[Path]:
    shipped = [shipped_bank_dir()] if settings.MLQUIZ_INCLUDE_SHIPPED_BANK else []
    return shipped + list(settings.MLQUIZ_BANK_PATHS)


def get_bank() -> Bank:
    """The bank of this process (loaded on first use; ``bank_reload`` replaces it)."""
    global _bank
    if _bank is None:
        with _lock:
            if _bank is None:
                _bank = load_bank(bank_paths())
    return _bank


def bank_reload() -> Bank:
    global _bank
    with _lock:
        _bank = load_bank(bank_paths())
    return _bank


@cache
def get_taxonomy() -> Taxonomy:
    return load_taxonomy(shipped_taxonomy_path())


def question_get(question_id: str) -> Question | None:
    """The question with this id, or None (mock interviews are not questions)."""
    item = get_bank().get(question_id)
    if item is None or isinstance(item, MockInterview):
        return None
    return item


@dataclass(frozen=True)
class Facets:
    rounds: tuple[str, ...]
    topics: tuple[str, ...]
    difficulties: tuple[str, ...]
    kinds: tuple[str, ...]


def facets_clean(
    *, rounds: list[str], topics: list[str], difficulties: list[str], kinds: list[str]
) -> Facets:
    """Drop unknown facet values (a hand-edited URL filters by what it can, never errors)."""
    known_topics = {t.id for t in get_taxonomy().topics}
    return Facets(
        rounds=tuple(r for r in rounds if r in ROUNDS),
        topics=tuple(t for t in topics if t in known_topics),
        difficulties=tuple(d for d in difficulties if d in DIFFICULTIES),
        kinds=tuple(k for k in kinds if k in QUESTION_KINDS),
    )


def question_list(facets: Facets, *, search: str = "") -> list[Question]:
    questions = get_bank().filter(
        rounds=facets.rounds,
        topics=facets.topics,
        difficulties=facets.difficulties,
        kinds=facets.kinds,
    )
    needle = search.strip().lower()
    if needle:
        questions = [q for q in questions if needle in q.title.lower() or needle in q.id]
    order = {r: i for i, r in enumerate(ROUNDS)}
    difficulty = {d: i for i, d in enumerate(DIFFICULTIES)}
    return sorted(questions, key=lambda q: (order[q.round], difficulty[q.difficulty], q.title))


def topics_in_use() -> list[tuple[str, str]]:
    """(id, title) of every taxonomy topic at least one question uses, by title."""
    used = {t for q in get_bank().questions() for t in q.topics}
    return sorted(
        ((t.id, t.title) for t in get_taxonomy().topics if t.id in used), key=lambda p: p[1]
    )


def topic_titles() -> dict[str, str]:
    return {t.id: t.title for t in get_taxonomy().topics}


def next_question_id(question: Question) -> str | None:
    """The next question of the same round in browse order, wrapping around."""
    same_round = question_list(
        facets_clean(rounds=[question.round], topics=[], difficulties=[], kinds=[])
    )
    ids = [q.id for q in same_round]
    if question.id not in ids or len(ids) < 2:
        return None
    return ids[(ids.index(question.id) + 1) % len(ids)]
