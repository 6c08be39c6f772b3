"""Trusted test-input generators for the second batch of general DSA problems.

Same contract as ``generators.dsa``: inputs only (expected outputs come from each question's
reference solution), pure functions of their seed. Case generators use small value ranges so
that zeros, repeats, ties and edge shapes are common; performance generators build one input
that is cheap to send (a few thousand values) but makes the natural wrong-complexity solution
do tens of millions of steps while the reference does thousands. Linked lists travel as
:class:`~mlquiz.grading.code.sandbox.codec.LinkedList`, the bank's one convention.
"""

from __future__ import annotations

import random
from typing import Any

from mlquiz.grading.code.sandbox.codec import LinkedList

Case = dict[str, Any]


def _case(*args: Any) -> Case:
    return {"args": list(args), "kwargs": {}}


def _size(rng: random.Random, small: int = 10, large: int = 60) -> int:
    """Lengths skewed towards the edge cases: 0, 1, 2, then small and medium."""
    return rng.choice([0, 1, 2, rng.randint(3, small), rng.randint(small + 1, large)])


# --- leave-one-out product --------------------------------------------------------------------


def leave_one_out_cases(seed: int, count: int) -> list[Case]:
    """Short lists rich in zeros (none, one, several) and negatives: where division breaks."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(count):
        n = max(1, _size(rng))
        zero_rate = rng.choice([0.0, 0.0, 0.1, 0.3])
        values = [0 if rng.random() < zero_rate else rng.randint(-9, 9) or 1 for _ in range(n)]
        if rng.random() < 0.2:
            values = [rng.randint(-(10**9), 10**9) for _ in range(n)]
        cases.append(_case(values))
    return cases


def leave_one_out_large(seed: int) -> Case:
    """3000 factors: the all-pairs double loop does ~9 million multiply-and-reduce steps."""
    rng = random.Random(seed)
    return _case([rng.randint(-50, 50) or 7 for _ in range(3000)])


# --- top-k frequent with ties -----------------------------------------------------------------


def top_tags_cases(seed: int, count: int) -> list[Case]:
    """Few distinct values so frequency ties are the rule; k from 1 to the number distinct."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(count):
        n = max(1, _size(rng, 12, 80))
        spread = rng.choice([2, 4, 8, 20])
        values = [rng.randint(-spread, spread) for _ in range(n)]
        k = rng.randint(1, len(set(values)))
        cases.append(_case(values, k))
    return cases


def top_tags_large(seed: int) -> Case:
    """6000 tags, 3000 distinct: counting each distinct tag by a scan costs ~18 million steps."""
    rng = random.Random(seed)
    values = list(range(3000)) + [rng.randrange(3000) for _ in range(3000)]
    rng.shuffle(values)
    return _case(values, 10)


# --- islands on a grid ------------------------------------------------------------------------


def island_cases(seed: int, count: int) -> list[Case]:
    """Random grids of varied density, including empty, one-row and one-column grids."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(count):
        rows = rng.choice([0, 1, rng.randint(1, 4), rng.randint(2, 12)])
        cols = rng.choice([1, rng.randint(1, 4), rng.randint(2, 12)])
        density = rng.choice([0.2, 0.4, 0.55, 0.8])
        grid = [
            "".join("#" if rng.random() < density else "." for _ in range(cols))
            for _ in range(rows)
        ]
        cases.append(_case(grid))
    return cases


def island_large(seed: int) -> Case:
    """A 150 x 150 grid of many mid-sized islands: rescanning the grid per island is quadratic."""
    rng = random.Random(seed)
    grid = ["".join("#" if rng.random() < 0.45 else "." for _ in range(150)) for _ in range(150)]
    return _case(grid)


# --- merge k sorted lists ---------------------------------------------------------------------


def merge_k_cases(seed: int, count: int) -> list[Case]:
    """A handful of short sorted lists, some empty, with repeated and negative values."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(count):
        k = rng.choice([0, 1, 2, rng.randint(3, 6), rng.randint(7, 15)])
        lists = [
            LinkedList(tuple(sorted(rng.randint(-10, 10) for _ in range(_size(rng, 5, 12)))))
            for _ in range(k)
        ]
        cases.append(_case(lists))
    return cases


def merge_k_large(seed: int) -> Case:
    """4000 lists of 2 values: folding lists in one by one (or scanning every head per output
    node) costs ~16 million steps, while the input stays small to send (8000 values)."""
    rng = random.Random(seed)
    lists = [
        LinkedList(tuple(sorted(rng.randint(-(10**6), 10**6) for _ in range(2))))
        for _ in range(4000)
    ]
    return _case(lists)


def island_full_cases(seed: int, count: int) -> list[Case]:
    """All-land tiles of 200 x 200 (one mass, 40,000 cells): a recursive fill overflows."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(count):
        grid = ["#" * 200 for _ in range(200)]
        row = rng.randrange(200)  # one water cell somewhere, still a single mass
        grid[row] = grid[row][:100] + "." + grid[row][101:]
        cases.append(_case(grid))
    return cases


# --- three values summing to a target ---------------------------------------------------------


def three_split_cases(seed: int, count: int) -> list[Case]:
    """Small ranges so repeated values and repeated triples are common; targets near the mean."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(count):
        n = _size(rng, 8, 40)
        spread = rng.choice([2, 5, 10, 30])
        values = [rng.randint(-spread, spread) for _ in range(n)]
        target = rng.randint(-spread, spread)
        cases.append(_case(values, target))
    return cases


def three_split_large(seed: int) -> Case:
    """500 spread-out amounts with few solutions: the triple loop tries ~20 million triples."""
    rng = random.Random(seed)
    return _case([rng.randint(-(10**6), 10**6) for _ in range(500)], 12345)


# --- next strictly lower value ----------------------------------------------------------------


def improvement_cases(seed: int, count: int) -> list[Case]:
    """Short loss curves over few values, so plateaus (equal losses) are frequent."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(count):
        n = _size(rng, 10, 60)
        spread = rng.choice([3, 6, 20, 1000])
        cases.append(_case([rng.randint(-spread, spread) for _ in range(n)]))
    return cases


def improvement_large(seed: int) -> Case:
    """5000 rising losses with small dips: the forward scan runs to the end ~12 million steps."""
    rng = random.Random(seed)
    losses = [10 * i + rng.randint(0, 15) for i in range(5000)]
    return _case(losses)


# --- search in a rotated sorted array ---------------------------------------------------------


def ring_cases(seed: int, count: int) -> list[Case]:
    """Rotated distinct runs of every small length and rotation; targets present or in gaps."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(count):
        n = rng.choice([1, 2, 3, rng.randint(4, 9), rng.randint(10, 40)])
        values = sorted(rng.sample(range(-60, 60, 2), n))  # even values: odd targets are gaps
        shift = rng.randrange(n)
        ring = values[shift:] + values[:shift]
        seq = rng.choice(ring) if rng.random() < 0.6 else rng.randrange(-63, 63, 2)
        cases.append(_case(ring, seq))
    return cases
