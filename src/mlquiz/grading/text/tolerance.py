"""Stemming and typo tolerance for keyword matching (the rubric engine's tolerant mode).

Stems come from the Snowball English stemmer (``snowballstemmer``: pure Python, BSD, the stemmer
Sphinx and many search engines use; it picks up the C ``PyStemmer`` when installed). Typos are
measured with ``rapidfuzz`` (MIT, C++), whose optimal-string-alignment distance counts a swap of
two neighbouring letters as one edit and stops early past the cutoff.

Rules, chosen to keep false matches rare: a word matches a pattern word when their stems are
equal; or, for pattern words of six letters or more, when the first letters agree and at most
one edit separates them (two for ten letters or more). Digits never get typo tolerance
("0.25" must not match "0.26"). Both packages are optional (extra ``semantic``); without them
tolerant matching is strict matching, and :func:`available` says so.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_stem: Callable[[str], str] | None = None
_distance: Callable[..., int] | None = None

try:
    _stemmer: Any = importlib.import_module("snowballstemmer").stemmer("english")
    _stem = _stemmer.stemWord
except ImportError:  # pragma: no cover - optional
    pass

try:
    _osa: Any = importlib.import_module("rapidfuzz.distance.OSA")
    _distance = _osa.distance
except ImportError:  # pragma: no cover - optional
    pass

MIN_TYPO_LENGTH = 6
TWO_TYPOS_LENGTH = 10


def available() -> tuple[bool, str]:
    missing = [
        name
        for name, found in (("snowballstemmer", _stem), ("rapidfuzz", _distance))
        if found is None
    ]
    if missing:
        return False, f"{' and '.join(missing)} not installed: no stemming or typo tolerance"
    return True, ""


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stem(word) if _stem is not None else word


def _allowed_edits(length: int) -> int:
    if length >= TWO_TYPOS_LENGTH:
        return 2
    return 1 if length >= MIN_TYPO_LENGTH else 0


@lru_cache(maxsize=65536)
def _close(word: str, pattern: str) -> bool:
    edits = _allowed_edits(len(pattern))
    if edits == 0 or _distance is None or word[:1] != pattern[:1]:
        return False
    if any(c.isdigit() for c in word) or any(c.isdigit() for c in pattern):
        return False
    if abs(len(word) - len(pattern)) > edits:
        return False
    return _distance(word, pattern, score_cutoff=edits) <= edits


@lru_cache(maxsize=65536)
def word_matches(word: str, pattern: str) -> bool:
    """A whole pattern word: same stem, or a near miss of a long word."""
    if word.isdigit() or pattern.isdigit():
        return word == pattern
    return stem(word) == stem(pattern) or _close(word, pattern)


@lru_cache(maxsize=65536)
def prefix_matches(word: str, prefix: str) -> bool:
    """A ``prefix*`` pattern: the word starts with a near miss of the prefix."""
    if len(prefix) < MIN_TYPO_LENGTH or len(word) < len(prefix) - 1:
        return False
    return any(
        _close(word[:size], prefix) for size in (len(prefix) - 1, len(prefix), len(prefix) + 1)
    )
