"""Inputs for mlquiz's own grader tests (not used by bank questions)."""

from __future__ import annotations

import random
from typing import Any


def pair_sums_large(seed: int) -> dict[str, Any]:
    """A long list whose only matching pair sits at the very end: O(n^2) scans it all."""
    rng = random.Random(seed)
    n = 6000
    nums = [rng.randrange(1, 10**6) * 2 for _ in range(n - 2)] + [1, 3]
    return {"args": [nums, 4], "kwargs": {}}
