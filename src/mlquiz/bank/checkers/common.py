"""Checkers for invariances several problems share (clusterings are equal up to renaming)."""

from __future__ import annotations

from typing import Any

import numpy as np

from mlquiz.grading.code.checkers import CheckContext


def labels_up_to_permutation(expected: Any, got: Any, context: CheckContext) -> str | None:
    """Two labelings agree when a one-to-one renaming of cluster ids maps one onto the other.

    Clustering algorithms number clusters arbitrarily, so comparing ids directly rejects correct
    answers; this builds the renaming from the first occurrences and checks it is a bijection.
    """
    want = np.asarray(expected).ravel()
    try:
        have = np.asarray(got).ravel()
    except (TypeError, ValueError):
        return "expected a 1-D array of integer labels"
    if have.dtype.kind not in "iu" and not (
        have.dtype.kind == "f" and np.all(np.isfinite(have)) and np.all(have == np.round(have))
    ):
        return f"expected integer labels, got {have.dtype} values"
    if have.shape != want.shape:
        return f"expected {want.shape[0]} labels, got {have.shape[0]}"
    forward: dict[int, int] = {}
    backward: dict[int, int] = {}
    for index, (w, h) in enumerate(zip(want.tolist(), have.tolist(), strict=True)):
        h = int(h)
        if forward.setdefault(w, h) != h or backward.setdefault(h, w) != w:
            return (
                f"the clustering differs at index {index}: points that share a cluster in "
                "the expected answer are split, or different clusters are merged"
            )
    return None
