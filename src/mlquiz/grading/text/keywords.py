"""Keyword rubric matching: the always-available baseline of the rubric engine.

An item's keywords are groups of phrases; the item matches a sentence when every group has a
phrase in that sentence. Requiring one sentence (rather than the whole answer) keeps a scattered
list of terms from matching an idea nobody stated. Phrases are compared on normalised tokens;
a trailing ``*`` on a word matches any word starting with it (``regulari*``), and a plural ``s``
or ``es`` is tolerated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

_WORD = re.compile(r"[a-z0-9]+")
_PATTERN_WORD = re.compile(r"[a-z0-9]+\*?")
# A sentence ends at . ! ? ; followed by space (not after an abbreviation such as "e.g."),
# at a blank line, or where a Markdown list item or heading starts. A single newline inside
# a paragraph (hard-wrapped text) does not end a sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "cf.", "a.k.a.")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*(?:[-*+•]|\d+[.)]|#)\s)")


class KeywordItem(Protocol):
    """What the matcher needs of a rubric item or red flag."""

    @property
    def id(self) -> str: ...
    @property
    def keywords(self) -> Sequence[Sequence[str]]: ...


class ScoredItem(KeywordItem, Protocol):
    @property
    def points(self) -> float: ...
    @property
    def misconception(self) -> bool: ...


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    matched: bool
    evidence: str
    points: float
    misconception: bool


@dataclass(frozen=True)
class RubricResult:
    items: list[ItemResult]
    score: float
    mode: str = "keyword"

    def matched_ids(self) -> set[str]:
        return {r.item_id for r in self.items if r.matched}


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.lower()


def tokens(text: str) -> list[str]:
    """Words of an answer (Markdown emphasis such as ``**bold**`` is just punctuation)."""
    return _WORD.findall(normalise(text).replace("-", " "))


def sentences(text: str) -> list[str]:
    pieces = [p for p in _SENTENCE_END.split(text) if p and p.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and merged[-1].rstrip().lower().endswith(_ABBREVIATIONS):
            merged[-1] = f"{merged[-1].rstrip()} {piece.strip()}"
        else:
            merged.append(piece.strip())
    return [" ".join(m.split()) for m in merged]


@cache
def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Words of a rubric phrase; a trailing ``*`` marks a prefix."""
    return tuple(_PATTERN_WORD.findall(normalise(phrase).replace("-", " ")))


def _word_matches(word: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern or word == pattern + "s" or word == pattern + "es"


def _phrase_in(words: Sequence[str], phrase: str) -> bool:
    pattern = _phrase_tokens(phrase)
    if not pattern:
        return False
    width = len(pattern)
    for start in range(len(words) - width + 1):
        if all(_word_matches(words[start + i], pattern[i]) for i in range(width)):
            return True
    return False


def match_keywords(groups: Sequence[Sequence[str]], text: str) -> str | None:
    """The first sentence of ``text`` in which every group has a phrase, or None."""
    for sentence in sentences(text):
        words = tokens(sentence)
        if all(any(_phrase_in(words, phrase) for phrase in group) for group in groups):
            return sentence
    return None


def grade_rubric(items: Sequence[ScoredItem], text: str) -> RubricResult:
    """Score = matched positive points / all positive points, minus matched misconceptions."""
    results = []
    for item in items:
        evidence = match_keywords(item.keywords, text)
        results.append(
            ItemResult(
                item_id=item.id,
                matched=evidence is not None,
                evidence=evidence or "",
                points=item.points,
                misconception=item.misconception,
            )
        )
    total = sum(r.points for r in results if not r.misconception)
    gained = sum(r.points for r in results if r.matched and not r.misconception)
    lost = sum(r.points for r in results if r.matched and r.misconception)
    score = 0.0 if total == 0 else max(0.0, min(1.0, (gained - lost) / total))
    return RubricResult(items=results, score=score)
