"""Keyword rubric matching: the always-available baseline of the rubric engine.

An item's keywords are groups of phrases; the item matches a sentence when every group has a
phrase in that sentence. Requiring one sentence (rather than the whole answer) keeps a scattered
list of terms from matching an idea nobody stated. Phrases are compared on normalised tokens;
a trailing ``*`` on a word matches any word starting with it (``regulari*``), and a plural ``s``
or ``es`` is tolerated.

That strict mode is what ``mlquiz validate`` checks bank fixtures against, and it never changes
behind an author's back. ``tolerant=True`` adds, for the rubric engine, Snowball stemming
(``regularizing`` matches ``regularization``) and typo tolerance (one edit in words of six
letters or more, two in words of ten or more, first letter kept), when the optional
``snowballstemmer`` and ``rapidfuzz`` packages are installed (see :mod:`.tolerance`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from mlquiz.grading.text import tolerance

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
    """One item: whether it matched, the sentence that did, and how it was decided.

    ``method`` is ``keyword`` or ``semantic`` (empty when unmatched); ``similarity`` is the best
    cosine similarity between a sentence of the answer and the item's paraphrases, when the
    semantic model ran.
    """

    item_id: str
    matched: bool
    evidence: str
    points: float
    misconception: bool
    method: str = ""
    similarity: float | None = None


@dataclass(frozen=True)
class RubricResult:
    """Every item's outcome and the score. ``mode``: ``keyword`` or ``semantic``; ``message``
    says why the engine fell back to keywords when it did."""

    items: list[ItemResult]
    score: float
    mode: str = "keyword"
    message: str = ""

    def matched_ids(self) -> set[str]:
        return {r.item_id for r in self.items if r.matched}


_UNICODE_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


def normalise(text: str) -> str:
    """Lower-case ASCII; typographic dashes become '-' first so "query–listing" stays two words."""
    dashed = text.translate(_UNICODE_DASHES)
    folded = unicodedata.normalize("NFKD", dashed).encode("ascii", "ignore").decode("ascii")
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


def _word_matches(word: str, pattern: str, tolerant: bool = False) -> bool:
    if pattern.endswith("*"):
        if word.startswith(pattern[:-1]):
            return True
        return tolerant and tolerance.prefix_matches(word, pattern[:-1])
    if word == pattern or word == pattern + "s" or word == pattern + "es":
        return True
    return tolerant and tolerance.word_matches(word, pattern)


def _phrase_in(words: Sequence[str], phrase: str, tolerant: bool = False) -> bool:
    pattern = _phrase_tokens(phrase)
    if not pattern:
        return False
    width = len(pattern)
    for start in range(len(words) - width + 1):
        if all(_word_matches(words[start + i], pattern[i], tolerant) for i in range(width)):
            return True
    return False


def groups_in(groups: Sequence[Sequence[str]], sentence: str, *, tolerant: bool = False) -> int:
    """How many of ``groups`` have a phrase in ``sentence`` (partial keyword support)."""
    words = tokens(sentence)
    return sum(any(_phrase_in(words, phrase, tolerant) for phrase in group) for group in groups)


def match_keywords(
    groups: Sequence[Sequence[str]], text: str, *, tolerant: bool = False
) -> str | None:
    """The first sentence of ``text`` in which every group has a phrase, or None."""
    for sentence in sentences(text):
        words = tokens(sentence)
        if all(any(_phrase_in(words, phrase, tolerant) for phrase in group) for group in groups):
            return sentence
    return None


def rubric_score(results: Sequence[ItemResult]) -> float:
    """Matched positive points minus matched misconception points, over all positive points."""
    total = sum(r.points for r in results if not r.misconception)
    gained = sum(r.points for r in results if r.matched and not r.misconception)
    lost = sum(r.points for r in results if r.matched and r.misconception)
    return 0.0 if total == 0 else max(0.0, min(1.0, (gained - lost) / total))


def grade_rubric(items: Sequence[ScoredItem], text: str) -> RubricResult:
    """Strict keyword grading (the validator's mode). Score: see :func:`rubric_score`."""
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
                method="keyword" if evidence is not None else "",
            )
        )
    return RubricResult(items=results, score=rubric_score(results))
