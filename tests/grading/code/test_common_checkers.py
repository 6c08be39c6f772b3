"""Shared invariance checkers for bank problems."""

from __future__ import annotations

import numpy as np

from mlquiz.bank.checkers.common import labels_up_to_permutation
from mlquiz.content.schema import Checker
from mlquiz.grading.code.checkers import CheckContext

CONTEXT = CheckContext([], {}, Checker())


def test_renamed_clusters_are_the_same_clustering() -> None:
    expected = np.array([0, 0, 1, 2, 1])
    assert labels_up_to_permutation(expected, np.array([2, 2, 0, 1, 0]), CONTEXT) is None
    assert labels_up_to_permutation(expected, [5, 5, 3, 4, 3], CONTEXT) is None


def test_merged_or_split_clusters_are_rejected() -> None:
    expected = np.array([0, 0, 1, 2, 1])
    assert labels_up_to_permutation(expected, np.array([0, 0, 1, 1, 1]), CONTEXT) is not None
    assert labels_up_to_permutation(expected, np.array([0, 1, 2, 3, 2]), CONTEXT) is not None
    assert labels_up_to_permutation(expected, np.array([0, 0, 1]), CONTEXT) == (
        "expected 5 labels, got 3"
    )
    assert "integer labels" in str(
        labels_up_to_permutation(expected, np.array([0.5, 0, 1, 2, 1]), CONTEXT)
    )
