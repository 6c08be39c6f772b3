"""The rubric engine: each item matched on its own, with the sentence that shows it.

Two modes:

- ``semantic`` (when the optional model is installed): an item matches a sentence of the answer
  when the sentence is close in meaning to one of the item's paraphrases (cosine similarity of
  MiniLM sentence embeddings above a threshold), or when it carries the item's keyword groups
  (with stemming and typo tolerance). Whole answers are never compared with a whole reference:
  published results put that at Pearson r of about 0.5 with human scores; item by item, with
  evidence, does better.
- ``keyword``: keyword groups only (stemming and typo tolerance included). The result says why
  the engine is in this mode when it was asked for semantics.

Both modes ignore "sentences" that are bare lists of terms (a keyword-stuffed answer says
nothing), and neither lets a negated sentence ("a larger learning rate does not help") count as
stating a misconception. Thresholds were tuned on the dev split of the evaluation set in
``tests/grading/text/eval`` and reported on its held-out split (``bench/text_grading.py``).

The validator does not use this module: bank fixtures are checked in strict keyword mode
(:func:`mlquiz.grading.text.keywords.grade_rubric`), which never changes behind an author.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from mlquiz.grading.text import embeddings, tolerance
from mlquiz.grading.text.keywords import (
    ItemResult,
    RubricResult,
    match_keywords,
    rubric_score,
    sentences,
    tokens,
)

Mode = Literal["auto", "semantic", "keyword"]


class RubricItemLike(Protocol):
    """What the engine needs of a rubric item (``content.schema.RubricItem`` fits)."""

    @property
    def id(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def keywords(self) -> Sequence[Sequence[str]]: ...
    @property
    def paraphrases(self) -> Sequence[str]: ...
    @property
    def points(self) -> float: ...
    @property
    def misconception(self) -> bool: ...


@dataclass(frozen=True)
class Thresholds:
    """Cosine similarities (MiniLM, unit vectors). Tuned on the evaluation set's dev split."""

    semantic: float = 0.62  # a sentence this close to a paraphrase states the item
    misconception: float = 0.75  # stricter: asserting a misconception costs points
    red_flag: float = 0.80  # stricter still: a flag is an accusation


DEFAULT_THRESHOLDS = Thresholds()

# Words that turn a sentence against what it mentions ("does not", "never", "is a myth").
_NEGATIONS = frozenset(
    (
        "not",
        "no",
        "never",
        "nor",
        "neither",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "isnt",
        "arent",
        "wont",
        "wouldnt",
        "shouldnt",
        "myth",
        "misconception",
        "wrong",
        "false",
        "incorrect",
        "mistake",
        "misleading",
    )
)
_NEGATED_CONTRACTION = re.compile(
    r"\b(?:do|does|did|is|are|was|were|wo|would|should|can|could)n[’']t\b"
)
_STOPWORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "we",
        "i",
        "you",
        "they",
        "he",
        "she",
        "our",
        "your",
        "their",
        "and",
        "or",
        "but",
        "so",
        "because",
        "since",
        "if",
        "then",
        "than",
        "when",
        "while",
        "which",
        "who",
        "what",
        "how",
        "why",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "not",
        "no",
        "more",
        "less",
        "very",
        "also",
        "only",
        "just",
        "into",
        "out",
        "up",
        "down",
        "about",
        "over",
        "under",
    )
)


def is_term_list(sentence: str) -> bool:
    """A bare list of terms ("Kafka, Flink, feature store, SMOTE.") rather than a statement.

    Three or more comma/slash-separated fragments and either almost no function words, or
    fragments that are all a few words long (four or more of them, or separated by slashes).
    """
    text = re.sub(r"\b[aA]/[bB]\b", "AB", sentence)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # "86,400" is a number, not two fragments
    fragments = [f for f in re.split(r"[,;/|]", text) if tokens(f)]
    words = tokens(text)
    if len(fragments) < 3 or not words:
        return False
    if sum(w in _STOPWORDS for w in words) / len(words) < 0.12:
        return True
    sizes = [len(tokens(f)) for f in fragments]
    if max(sizes) > 4:
        return False
    short = sum(size <= 3 for size in sizes) / len(sizes)
    return (len(fragments) >= 4 and short >= 0.8) or text.count("/") >= 2


def is_negated(sentence: str, groups: Sequence[Sequence[str]] = ()) -> bool:
    """True when the sentence negates or disowns what it says (negation words used as keywords
    by the item itself, such as "never" in "ReLU never vanishes", do not count)."""
    own = {w for group in groups for phrase in group for w in tokens(phrase.rstrip("*"))}
    words = set(tokens(_NEGATED_CONTRACTION.sub(" not ", sentence.lower())))
    return bool((words & _NEGATIONS) - own)


def _anchors(item: RubricItemLike) -> list[str]:
    """What a sentence is compared with: the paraphrases, or the description when there are
    none. (Descriptions are written in a grader's voice, "Names a latency budget"; adding them
    next to paraphrases lowered F1 on the dev split.)"""
    if item.paraphrases:
        return list(item.paraphrases)
    return [re.sub(r"^(misconception|remedy|red flag)\s*:\s*", "", item.description, flags=re.I)]


def _units(text: str) -> list[str]:
    """The sentences that can carry evidence (term lists dropped)."""
    return [s for s in sentences(text) if not is_term_list(s)]


def resolve_mode(mode: Mode) -> tuple[Literal["semantic", "keyword"], str]:
    """The mode the engine will use, and the message when it had to fall back."""
    tolerant, missing = tolerance.available()
    note = "" if tolerant else f" ({missing})"
    if mode == "keyword":
        return "keyword", f"Graded by keywords only{note}." if note else ""
    ok, why = embeddings.available()
    if ok:
        return "semantic", ""
    return "keyword", f"Graded by keywords only: {why}{note}."


def _keyword_result(item: RubricItemLike, units: Sequence[str]) -> str | None:
    for sentence in units:
        if match_keywords(item.keywords, sentence, tolerant=True) is None:
            continue
        if item.misconception and is_negated(sentence, item.keywords):
            continue
        return sentence
    return None


def grade_answer(
    items: Sequence[RubricItemLike],
    text: str,
    *,
    mode: Mode = "auto",
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    blocked: Collection[str] = (),
) -> RubricResult:
    """Grade ``text`` against ``items``; ``auto`` uses semantics when the model is installed.

    Sentences in ``blocked`` (a red flag's evidence) and sentences that state a matched
    misconception cannot be semantic evidence for a positive item: "we split randomly" is close
    in meaning to "we split by time", and must not earn it.
    """
    used, message = resolve_mode(mode)
    units = _units(text)
    similarity: np.ndarray | None = None
    unit_texts: list[str] = []
    if used == "semantic" and units and items:
        try:
            encoder = embeddings.get_encoder()
        except embeddings.EmbeddingUnavailableError as exc:
            used, message = "keyword", f"Graded by keywords only: {exc}."
        else:
            unit_texts = list(units)
            anchors = [_anchors(item) for item in items]
            flat = [a for group in anchors for a in group]
            vectors = encoder.encode([*unit_texts, *flat])
            sims = vectors[: len(unit_texts)] @ vectors[len(unit_texts) :].T
            # best anchor per (unit, item)
            similarity = np.zeros((len(unit_texts), len(items)), dtype=np.float32)
            start = 0
            for column, group in enumerate(anchors):
                similarity[:, column] = sims[:, start : start + len(group)].max(axis=1)
                start += len(group)
    unit_of = {u: u for u in units}
    results: dict[int, ItemResult] = {}
    taboo = set(blocked)
    # Misconceptions first: the sentences that state one cannot earn positive items semantically.
    order_of_items = sorted(range(len(items)), key=lambda i: not items[i].misconception)
    for column in order_of_items:
        item = items[column]
        evidence = _keyword_result(item, units)
        method = "keyword" if evidence is not None else ""
        best: float | None = None
        if similarity is not None:
            scores = similarity[:, column]
            order = np.argsort(-scores)
            best = float(scores[order[0]])
            if evidence is None:
                evidence = _semantic_evidence(
                    item, unit_texts, scores, order, unit_of, thresholds, taboo
                )
                if evidence is not None:
                    method = "semantic"
        if item.misconception and evidence is not None:
            taboo.add(evidence)
        results[column] = ItemResult(
            item_id=item.id,
            matched=evidence is not None,
            evidence=evidence or "",
            points=item.points,
            misconception=item.misconception,
            method=method,
            similarity=None if best is None else round(best, 4),
        )
    ordered = [results[i] for i in range(len(items))]
    return RubricResult(items=ordered, score=rubric_score(ordered), mode=used, message=message)


def _semantic_evidence(
    item: RubricItemLike,
    unit_texts: Sequence[str],
    scores: np.ndarray,
    order: np.ndarray,
    unit_of: dict[str, str],
    thresholds: Thresholds,
    taboo: Collection[str],
) -> str | None:
    floor = min(thresholds.semantic, thresholds.misconception)
    for index in order:
        score = float(scores[index])
        if score < floor:
            break
        unit = unit_texts[int(index)]
        sentence = unit_of.get(unit, unit)
        if sentence in taboo and not item.misconception:
            continue
        if item.misconception:
            if score >= thresholds.misconception and not is_negated(sentence, item.keywords):
                return sentence
            continue
        if score >= thresholds.semantic:
            return sentence
    return None
