"""Trusted test-input generators for the shipped coding and ml_coding questions.

Generators make inputs only: expected outputs are always computed from the question's
reference solution on the trusted side. Each is a pure function of its seed, so a hidden test
can be replayed exactly. Case generators return ``{"args": [...], "kwargs": {...}}`` dicts;
performance generators return one large case sized so that a solution of the wrong complexity
(quadratic, or a Python loop where NumPy should vectorize) is many times slower than the
reference while the reference itself stays well inside the time limit. The grader times whole
sandbox requests (decoding inputs and encoding outputs included), so a performance case must be
cheap to transfer and expensive to compute.
"""

from __future__ import annotations

import random
import string
from typing import Any

import numpy as np

Case = dict[str, Any]


def _case(*args: Any) -> Case:
    return {"args": list(args), "kwargs": {}}


# --- coding/sliding-window/longest-substring-k-distinct -------------------------------------------


def k_distinct_cases(seed: int, count: int) -> list[Case]:
    """Random strings over small alphabets, so windows with few distinct characters are long.

    Small alphabets and k from 0 to 5 make every branch matter: k = 0, k above the number of
    distinct characters, and windows that must shrink by several characters at once.
    """
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        alphabet = rng.choice(["ab", "abc", "abcd", "xyz12", string.ascii_lowercase[:8]])
        length = rng.choice([0, 1, 2, rng.randint(3, 15), rng.randint(16, 80)])
        text = "".join(rng.choice(alphabet) for _ in range(length))
        cases.append(_case(text, rng.randint(0, 5)))
    return cases


def k_distinct_large(seed: int) -> Case:
    """Two long two-letter runs split by one foreign character, with k = 2.

    The answer is about half the string, so a brute force that restarts from every index scans
    thousands of characters per start (quadratic), while the sliding window stays linear.
    """
    rng = random.Random(seed)
    half = 3000
    left = "".join(rng.choice("ab") for _ in range(half))
    right = "".join(rng.choice("ab") for _ in range(half))
    return _case(left + "z" + right, 2)


# --- coding/intervals/merge-overlapping-intervals -------------------------------------------------


def merge_intervals_cases(seed: int, count: int) -> list[Case]:
    """Shuffled random intervals on a small coordinate range, so touching and nesting are common."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        n = rng.choice([0, 1, 2, rng.randint(3, 10), rng.randint(11, 40)])
        span = rng.choice([5, 20, 100])
        intervals = []
        for _ in range(n):
            start = rng.randint(-span, span)
            intervals.append([start, start + rng.randint(0, max(1, span // 4))])
        rng.shuffle(intervals)
        cases.append(_case(intervals))
    return cases


def merge_intervals_large(seed: int) -> Case:
    """Six thousand shuffled, pairwise-disjoint intervals: nothing merges.

    Every interval survives, so a solution that scans all merged intervals for each new one does
    about n^2 / 2 = 18 million comparisons, against n log n for sort-then-sweep.
    """
    rng = random.Random(seed)
    n = 6000
    intervals = [[3 * i, 3 * i + 1] for i in range(n)]
    rng.shuffle(intervals)
    return _case(intervals)


# --- ml_coding/softmax-cross-entropy/stable-softmax -----------------------------------------------


def softmax_cases(seed: int, count: int) -> list[Case]:
    """Logit matrices of random shape and scale, up to magnitudes near 1e3.

    Scales of 1e2 and 1e3 overflow ``exp`` without the max shift; a per-row offset makes rows
    live at very different levels, which catches a shift by the global instead of the row max.
    Shapes are deliberately non-square most of the time (a wrong axis then fails loudly).
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n = 0 if index == 0 else int(rng.integers(1, 7))
        m = int(rng.integers(1, 9))
        scale = float(rng.choice([1.0, 10.0, 100.0, 1000.0]))
        offsets = rng.uniform(-1000.0, 1000.0, size=(n, 1)) if index % 3 == 0 else 0.0
        logits = rng.normal(0.0, scale, size=(n, m)) + offsets
        cases.append(_case(logits))
    return cases


# --- ml_coding/k-means/kmeans-assign-step ---------------------------------------------------------


def kmeans_assign_cases(seed: int, count: int) -> list[Case]:
    """Points and centroids, half on a small integer grid (many exact ties), half continuous.

    Integer coordinates make squared distances exact in float64, so ties are real ties for any
    correct distance formula and the lowest-index rule is what decides them. The first case has
    no points at all.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n = 0 if index == 0 else int(rng.integers(1, 30))
        k = int(rng.integers(1, 7))
        d = int(rng.integers(1, 5))
        if index % 2 == 0:
            points = rng.integers(-3, 4, size=(n, d)).astype(np.float64)
            centroids = rng.integers(-3, 4, size=(k, d)).astype(np.float64)
        else:
            points = rng.normal(0.0, 3.0, size=(n, d))
            centroids = rng.normal(0.0, 3.0, size=(k, d))
        cases.append(_case(points, centroids))
    return cases


def kmeans_assign_large(seed: int) -> Case:
    """2000 points, 64 centroids, 4 dimensions: 128,000 distances from a small input.

    The grader times whole sandbox requests, including decoding the inputs, so the case keeps
    the input small (about 8,000 numbers) while the work is large: broadcasting needs a few
    milliseconds, a double Python loop over points and centroids about half a second.
    """
    rng = np.random.default_rng(seed)
    points = rng.normal(0.0, 1.0, size=(2000, 4))
    centroids = rng.normal(0.0, 1.0, size=(64, 4))
    return _case(points, centroids)
