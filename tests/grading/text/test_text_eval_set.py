"""The evaluation set is well formed, and semantic grading still meets its targets on it."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest

from mlquiz.content.schema import ShortTextQuestion
from mlquiz.grading.text import embeddings
from mlquiz.grading.text.evaluation import CATEGORIES, EvalSetError, evaluate, load_eval_set

EVAL = Path(__file__).parent / "eval"


def test_the_set_is_large_varied_and_labelled_with_real_items() -> None:
    cases = load_eval_set(EVAL)
    assert len(cases) >= 150
    assert {c.split for c in cases} == {"dev", "test"}
    kinds = Counter(isinstance(c.question, ShortTextQuestion) for c in cases)
    assert kinds[True] >= 60
    assert kinds[False] >= 40
    categories = Counter(c.category for c in cases)
    assert set(categories) == set(CATEGORIES)
    assert all(c.label_score == 0.0 for c in cases if c.category in ("stuffed", "off_topic"))


def test_malformed_files_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "question: ml_theory/practical-judgement/start-with-a-baseline\n"
        "answers:\n"
        "  - {id: x, category: strong, split: dev, answer: hi, items: [no-such-item]}\n"
    )
    with pytest.raises(EvalSetError, match="unknown items"):
        load_eval_set(tmp_path)


def test_strict_mode_is_what_the_validator_uses() -> None:
    cases = load_eval_set(EVAL)
    assert evaluate(cases, "strict").f1 > 0.5  # runs, and is the baseline the engine improves


def test_semantic_mode_meets_the_targets_on_the_held_out_split(
    model: embeddings.Encoder,
) -> None:
    held_out = [c for c in load_eval_set(EVAL) if c.split == "test"]
    semantic = evaluate(held_out, "semantic")
    keyword = evaluate(held_out, "keyword")
    assert semantic.f1 >= 0.85
    assert semantic.pearson >= 0.85
    assert semantic.f1 > keyword.f1
    strong = statistics.mean(semantic.by_category["strong"])
    assert max(semantic.by_category["stuffed"]) < strong / 2
