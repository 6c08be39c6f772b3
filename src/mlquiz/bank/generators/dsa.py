"""Trusted test-input generators for the general data-structures-and-algorithms problems.

Same contract as ``generators.coding``: inputs only (expected outputs come from each question's
reference solution), pure functions of their seed. Case generators favour small value ranges so
that duplicates, ties and edge shapes are common; performance generators build one input that
is cheap to send (a few thousand numbers) but makes the natural wrong-complexity solution do
millions of steps while the reference does thousands. Trees travel as
:class:`~mlquiz.grading.code.sandbox.codec.Tree` level-order lists, the bank's one convention.
"""

from __future__ import annotations

import random
import string
from typing import Any

from mlquiz.grading.code.sandbox.codec import Tree

Case = dict[str, Any]


def _case(*args: Any) -> Case:
    return {"args": list(args), "kwargs": {}}


def _size(rng: random.Random, small: int = 10, large: int = 60) -> int:
    """Lengths skewed towards the edge cases: 0, 1, 2, then small and medium."""
    return rng.choice([0, 1, 2, rng.randint(3, small), rng.randint(small + 1, large)])


# --- trees ----------------------------------------------------------------------------------


class _Node:
    """A plain node used only to lay out random shapes before serialising them."""

    __slots__ = ("left", "right", "val")

    def __init__(self, val: int) -> None:
        self.val = val
        self.left: _Node | None = None
        self.right: _Node | None = None


def _level_order(root: _Node | None) -> list[int | None]:
    """LeetCode-style level order with ``None`` holes and no trailing ``None``."""
    out: list[int | None] = []
    queue: list[_Node | None] = [root]
    head = 0
    while head < len(queue):
        node = queue[head]
        head += 1
        if node is None:
            out.append(None)
            continue
        out.append(node.val)
        queue.append(node.left)
        queue.append(node.right)
    while out and out[-1] is None:
        out.pop()
    return out


def _random_shape(rng: random.Random, n: int, values: list[int]) -> _Node | None:
    """A random binary tree of ``n`` nodes, sometimes a left or right chain (skewed)."""
    if n == 0:
        return None
    style = rng.choice(["random", "random", "left", "right", "zigzag"])
    nodes = [_Node(values[i]) for i in range(n)]
    for i in range(1, n):
        if style == "left":
            nodes[i - 1].left = nodes[i]
        elif style == "right":
            nodes[i - 1].right = nodes[i]
        elif style == "zigzag":
            if i % 2:
                nodes[i - 1].left = nodes[i]
            else:
                nodes[i - 1].right = nodes[i]
        else:
            while True:
                parent = nodes[rng.randrange(i)]
                side = rng.choice(["left", "right"])
                if getattr(parent, side) is None:
                    setattr(parent, side, nodes[i])
                    break
    return nodes[0]


def _bst_insert(root: _Node | None, val: int) -> _Node:
    if root is None:
        return _Node(val)
    node = root
    while True:
        side = "left" if val < node.val else "right"
        child = getattr(node, side)
        if child is None:
            setattr(node, side, _Node(val))
            return root
        node = child


# --- coding/hash-maps/same-letter-pattern ---------------------------------------------------


def same_pattern_cases(seed: int, count: int) -> list[Case]:
    """String pairs built from one random "shape" (a list of class numbers).

    Some pairs spell the same shape through two injective letter maps (answer True); the rest
    use a map that merges two classes on one side, change one position, shuffle the letters
    (same counts, other pattern) or differ in length, so one-directional maps, count-based
    shortcuts and missing length checks all fail.
    """
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        n = _size(rng, 8, 30)
        classes = rng.randint(1, 6)
        shape = [rng.randrange(classes) for _ in range(n)]
        left = rng.sample(string.ascii_lowercase, classes)
        right = rng.sample(string.ascii_letters + string.digits, classes)
        a = "".join(left[c] for c in shape)
        kind = rng.randrange(5)
        if kind == 1 and classes >= 2:
            right[1] = right[0]  # two classes collapse on the right-hand side
        b = "".join(right[c] for c in shape)
        if kind == 2 and n:
            i = rng.randrange(n)
            b = b[:i] + rng.choice(right) + b[i + 1 :]
        elif kind == 3:
            b = b + rng.choice(right) if rng.random() < 0.5 or not b else b[:-1]
        elif kind == 4:
            letters = list(b)
            rng.shuffle(letters)  # same letter counts, usually a different pattern
            b = "".join(letters)
        if rng.random() < 0.5:
            a, b = b, a
        cases.append(_case(a, b))
    return cases


# --- coding/hash-maps/group-anagrams-in-order -----------------------------------------------


def anagram_cases(seed: int, count: int) -> list[Case]:
    """Word lists drawn from a few base words and their shuffles, with decoys.

    Decoys share a letter set but not multiplicities ("aab" / "abb") or share a letter-code
    sum ("ad" / "bc"), and words repeat, so keys that forget counts, additive keys and
    de-duplication are all caught.
    """
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        bases = ["".join(rng.choice("abcd") for _ in range(rng.randint(0, 5))) for _ in range(4)]
        bases += ["aab", "abb", "ad", "bc"]
        words: list[str] = []
        for _ in range(_size(rng, 8, 40)):
            letters = list(rng.choice(bases))
            rng.shuffle(letters)
            words.append("".join(letters))
        cases.append(_case(words))
    return cases


def anagram_large(seed: int) -> Case:
    """5000 four-letter words, almost all in different anagram groups.

    Comparing each word with one representative per existing group is quadratic in the number
    of groups (about twelve million comparisons); hashing a canonical key is linear. Short
    words keep the input small.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    words: list[str] = []
    while len(words) < 5000:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(4))
        key = "".join(sorted(word))
        if key in seen and rng.random() < 0.9:
            continue
        seen.add(key)
        words.append(word)
    return _case(words)


# --- coding/hash-maps/longest-consecutive-streak --------------------------------------------


def streak_cases(seed: int, count: int) -> list[Case]:
    """Shuffled unions of a few integer runs (some negative), with repeats and strays."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        values: list[int] = []
        for _ in range(rng.randint(0, 4)):
            start = rng.randint(-30, 30)
            values += range(start, start + rng.randint(1, 8))
        values += [rng.randint(-40, 40) for _ in range(rng.randint(0, 6))]
        values += rng.sample(values, min(len(values), rng.randint(0, 4)))  # duplicates
        rng.shuffle(values)
        cases.append(_case(values))
    return cases


def streak_large(seed: int) -> Case:
    """One shuffled run of 5000 consecutive integers.

    Walking upwards from every value (without first checking that ``x - 1`` is absent) costs
    n^2 / 2 = 12.5 million set look-ups here; starting only at run beginnings costs n.
    """
    rng = random.Random(seed)
    values = list(range(-2000, 3000))
    rng.shuffle(values)
    return _case(values)


# --- coding/two-pointers/pairs-within-budget ------------------------------------------------


def budget_pairs_cases(seed: int, count: int) -> list[Case]:
    """Small price ranges (negatives included) so sums often equal the budget exactly."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        prices = [rng.randint(-10, 20) for _ in range(_size(rng, 10, 50))]
        budget = rng.randint(-15, 35)
        if prices and rng.random() < 0.4:
            budget = rng.choice(prices) + rng.choice(prices)
        cases.append(_case(prices, budget))
    return cases


def budget_pairs_large(seed: int) -> Case:
    """5000 prices with a budget that admits about half the pairs.

    Checking every pair is 12.5 million additions; sorting and moving two pointers is a few
    thousand steps after an O(n log n) sort.
    """
    rng = random.Random(seed)
    prices = [rng.randint(1, 1_000_000) for _ in range(5000)]
    return _case(prices, 1_000_000)


# --- coding/sliding-window/shortest-run-reaching-quota --------------------------------------


def quota_cases(seed: int, count: int) -> list[Case]:
    """Positive readings with quotas from below the smallest value to above the total."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        values = [rng.randint(1, 9) for _ in range(_size(rng, 10, 50))]
        total = sum(values)
        quota = rng.choice([1, rng.randint(1, 15), rng.randint(1, total + 2), total, total + 1])
        cases.append(_case(values, max(1, quota)))
    return cases


def quota_large(seed: int) -> Case:
    """6000 readings of 1 or 2 and a quota near half the total.

    The shortest qualifying run is thousands of readings long, so restarting a sum from every
    index is about 18 million additions; the sliding window moves each end once.
    """
    rng = random.Random(seed)
    values = [rng.randint(1, 2) for _ in range(6000)]
    return _case(values, sum(values) // 2)


# --- coding/stacks/largest-billboard --------------------------------------------------------


def histogram_cases(seed: int, count: int) -> list[Case]:
    """Short skylines over a few heights (zeros included), so equal heights and plateaus abound."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        top = rng.choice([1, 3, 6, 20])
        heights = [rng.randint(0, top) for _ in range(_size(rng, 10, 50))]
        shape = rng.random()
        if shape < 0.15:
            heights.sort()
        elif shape < 0.3:
            heights.sort(reverse=True)
        cases.append(_case(heights))
    return cases


def histogram_large(seed: int) -> Case:
    """6000 bars of height 100, 101 or 102.

    Every bar of height 100 spans the whole skyline, so expanding left and right from each bar
    (or taking the minimum over every pair of ends) takes about 12 million steps; the monotonic
    stack pushes and pops each bar once.
    """
    rng = random.Random(seed)
    return _case([rng.randint(100, 102) for _ in range(6000)])


# --- coding/binary-search/smallest-batch-capacity -------------------------------------------


def capacity_cases(seed: int, count: int) -> list[Case]:
    """Job lists with batch counts from 1 to beyond the number of jobs."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        jobs = [rng.randint(1, rng.choice([3, 10, 50])) for _ in range(_size(rng, 10, 40))]
        cases.append(_case(jobs, rng.randint(1, len(jobs) + 2)))
    return cases


def capacity_large(seed: int) -> Case:
    """1500 jobs of size up to 60 split into 3 batches: the answer is about 15,000 above the max.

    Trying capacities one by one upward from the largest job costs about 22 million job visits;
    binary search over [max, total] needs about 17 feasibility passes.
    """
    rng = random.Random(seed)
    return _case([rng.randint(1, 60) for _ in range(1500)], 3)


# --- coding/heaps/cheapest-cable-joining ----------------------------------------------------


def cable_cases(seed: int, count: int) -> list[Case]:
    """Cable lists with many equal lengths, where joining order matters most."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        top = rng.choice([1, 5, 30, 1000])
        cases.append(_case([rng.randint(1, top) for _ in range(_size(rng, 10, 60))]))
    return cases


def cable_large(seed: int) -> Case:
    """10,000 cables: scanning the list for its two minima at every join is quadratic."""
    rng = random.Random(seed)
    return _case([rng.randint(1, 10_000) for _ in range(10_000)])


# --- coding/trees/mirror-tree and coding/trees/max-path-sum ---------------------------------


def tree_cases(seed: int, count: int) -> list[Case]:
    """Random trees of every shape (random, left chain, right chain, zigzag), values in [-9, 9].

    Small values give repeated values and all-negative trees; chains exercise the skewed case.
    The first case is the empty tree, so callers that require a non-empty tree pass
    ``tree_cases_nonempty`` instead.
    """
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        n = 0 if index == 0 else rng.choice([1, 2, 3, rng.randint(4, 12), rng.randint(13, 40)])
        values = [rng.randint(-9, 9) for _ in range(n)]
        cases.append(_case(Tree(tuple(_level_order(_random_shape(rng, n, values))))))
    return cases


def tree_cases_nonempty(seed: int, count: int) -> list[Case]:
    """As :func:`tree_cases` but never empty; some trees have only negative values."""
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        n = rng.choice([1, 2, 3, rng.randint(4, 12), rng.randint(13, 40)])
        low, high = (-9, -1) if index % 5 == 0 else (-9, 9)
        values = [rng.randint(low, high) for _ in range(n)]
        cases.append(_case(Tree(tuple(_level_order(_random_shape(rng, n, values))))))
    return cases


def tree_chain_cases(seed: int, count: int) -> list[Case]:
    """Chains of 1500 to 3000 nodes (left, right or zigzag): the skewed, deep extreme.

    They reach recursion depths a balanced tree never does, so a solution that only works on
    shallow trees fails here; values are small so sums stay exact and repeats are common.
    """
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        n = rng.randint(1500, 3000)
        values = [rng.randint(-9, 9) for _ in range(n)]
        nodes = [_Node(v) for v in values]
        style = rng.choice(["left", "right", "zigzag"])
        for i in range(1, n):
            side = style if style != "zigzag" else ("left" if i % 2 else "right")
            setattr(nodes[i - 1], side, nodes[i])
        cases.append(_case(Tree(tuple(_level_order(nodes[0])))))
    return cases


def path_sum_large(seed: int) -> Case:
    """A 2000-node zigzag chain of small values: recomputing depths per node is quadratic."""
    rng = random.Random(seed)
    nodes = [_Node(rng.randint(-3, 5)) for _ in range(2000)]
    for i in range(1, len(nodes)):
        if i % 2:
            nodes[i - 1].left = nodes[i]
        else:
            nodes[i - 1].right = nodes[i]
    return _case(Tree(tuple(_level_order(nodes[0]))))


# --- coding/trees/validate-search-tree ------------------------------------------------------


def bst_cases(seed: int, count: int) -> list[Case]:
    """Random BSTs, half of them broken by one change deep in the tree.

    Breaks are: a value moved to the wrong side of a *grand*-parent (passes every parent-child
    check), a value equal to an ancestor, or two swapped values. About half stay valid.
    """
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        n = 0 if index == 0 else rng.choice([1, 2, 3, rng.randint(4, 12), rng.randint(13, 40)])
        values = rng.sample(range(-50, 50), n)
        root: _Node | None = None
        for value in values:
            root = _bst_insert(root, value)
        nodes: list[_Node] = []
        stack = [root] if root else []
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack += [c for c in (node.left, node.right) if c is not None]
        roll = rng.random()
        if nodes and roll < 0.2:
            victim = rng.choice(nodes)
            others = [v for v in values if v != victim.val]
            victim.val = rng.choice(others) if others else victim.val  # duplicate value
        elif len(nodes) >= 2 and roll < 0.35:
            a, b = rng.sample(nodes, 2)
            a.val, b.val = b.val, a.val
        elif nodes and roll < 0.5:
            victim = rng.choice(nodes)
            victim.val += rng.choice([-60, 60])  # far outside an ancestor's bound
        cases.append(_case(Tree(tuple(_level_order(root)))))
    return cases


def _bst_spine(rng: random.Random, n: int, side: str) -> list[_Node]:
    """A valid BST shaped as a chain along ``side``, with one-node twigs on the other side."""
    sign = 1 if side == "right" else -1
    spine = [_Node(sign * 3 * i) for i in range(n)]
    other = "left" if side == "right" else "right"
    for i in range(1, n):
        setattr(spine[i - 1], side, spine[i])
        if rng.random() < 0.3:
            setattr(spine[i], other, _Node(sign * (3 * i - 1)))
    return spine


def bst_deep_cases(seed: int, count: int) -> list[Case]:
    """Spines of 1500 to 2500 nodes; every other one breaks a bound near the bottom.

    The break moves a deep twig just across the key of an ancestor far above it, so only a
    check that carries bounds (or a full in-order walk) down the whole chain notices.
    """
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        side = rng.choice(["left", "right"])
        spine = _bst_spine(rng, rng.randint(1500, 2500), side)
        if index % 2:
            deep = spine[-1]
            twig = _Node(spine[rng.randrange(len(spine) // 2)].val)  # equals an ancestor
            setattr(deep, "left" if side == "right" else "right", twig)
        cases.append(_case(Tree(tuple(_level_order(spine[0])))))
    return cases


def bst_large(seed: int) -> Case:
    """A valid 1200-node BST shaped as a right chain with short left twigs.

    Checking each node against the minimum and maximum of its subtrees, recomputed by walking
    them, is quadratic on a chain (about 700,000 node visits); one pass with bounds (or an
    in-order walk) is linear.
    """
    rng = random.Random(seed)
    return _case(Tree(tuple(_level_order(_bst_spine(rng, 1200, "right")[0]))))


# --- coding/graphs/build-order --------------------------------------------------------------


def build_order_cases(seed: int, count: int) -> list[Case]:
    """Random DAGs (repeated edges, isolated steps) and, for a third of them, one added cycle."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        n = rng.choice([0, 1, 2, rng.randint(3, 8), rng.randint(9, 25)])
        order = list(range(n))
        rng.shuffle(order)
        deps = []
        if n >= 2:
            for _ in range(rng.randint(0, 2 * n)):
                i, j = sorted(rng.sample(range(n), 2))
                deps.append([order[i], order[j]])
            if deps and rng.random() < 0.3:
                deps.append(list(rng.choice(deps)))  # a repeated dependency
            if rng.random() < 0.33:
                i, j = sorted(rng.sample(range(n), 2))
                deps.append([order[j], order[i]])  # may close a cycle
        if n >= 1 and rng.random() < 0.05:
            task = rng.randrange(n)
            deps.append([task, task])
        rng.shuffle(deps)
        cases.append(_case(n, deps))
    return cases


def build_order_large(seed: int) -> Case:
    """6000 steps in one long chain (shuffled labels and edge order) plus 100 shortcut edges.

    Only one step is ever ready, so picking the next ready step by scanning all steps costs
    about n^2 / 2 = 18 million checks; a queue of ready steps is linear.
    """
    rng = random.Random(seed)
    n = 6000
    order = list(range(n))
    rng.shuffle(order)
    deps = [[order[i], order[i + 1]] for i in range(n - 1)]
    for _ in range(100):
        i, j = sorted(rng.sample(range(n), 2))
        deps.append([order[i], order[j]])
    rng.shuffle(deps)
    return _case(n, deps)


# --- coding/union-find/first-redundant-link -------------------------------------------------


def redundant_link_cases(seed: int, count: int) -> list[Case]:
    """Random link lists on few nodes: cycles, repeated links, self-links, or none at all."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        n = rng.choice([1, 2, 3, rng.randint(4, 10), rng.randint(11, 30)])
        links = []
        if rng.random() < 0.3:  # a random forest: no redundant link at all
            for node in range(1, n):
                if rng.random() < 0.8:
                    links.append([node, rng.randrange(node)])
            rng.shuffle(links)
        else:
            for _ in range(rng.randint(0, 2 * n)):
                links.append([rng.randrange(n), rng.randrange(n)])
        links = [link if rng.random() < 0.5 else link[::-1] for link in links]
        cases.append(_case(n, links))
    return cases


def redundant_link_large(seed: int) -> Case:
    """A star on 10,000 nodes around node 0, links in random orientation, then one redundant link.

    Without path compression or union by size, node 0 sinks one level deeper with about half of
    the links whichever way a union attaches roots, and every link pays a find from node 0, so
    finds walk about n^2 / 4 steps in total.
    """
    rng = random.Random(seed)
    n = 10_000
    links = [[0, i] if rng.random() < 0.5 else [i, 0] for i in range(1, n)]
    return _case(n, [*links, [n - 2, n - 1]])


# --- coding/prefix-sums/count-subarrays-with-sum --------------------------------------------


def subarray_sum_cases(seed: int, count: int) -> list[Case]:
    """Small values with negatives and zeros, targets including 0 and common subarray sums."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        low = rng.choice([0, -3, -6])
        values = [rng.randint(low, 5) for _ in range(_size(rng, 10, 50))]
        target = rng.choice([0, rng.randint(-5, 10)])
        if values and rng.random() < 0.4:
            i = rng.randrange(len(values))
            target = sum(values[i : rng.randint(i + 1, len(values))])
        cases.append(_case(values, target))
    return cases


def subarray_sum_large(seed: int) -> Case:
    """5000 values in [-3, 3]: every start-end pair is a candidate, 12.5 million for brute force."""
    rng = random.Random(seed)
    return _case([rng.randint(-3, 3) for _ in range(5000)], 4)


# --- coding/dynamic-programming/longest-rising-subsequence ----------------------------------


def rising_cases(seed: int, count: int) -> list[Case]:
    """Sequences over small ranges (many repeats, negatives), some sorted or reversed."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        top = rng.choice([2, 5, 20, 1000])
        values = [rng.randint(-top, top) for _ in range(_size(rng, 10, 60))]
        shape = rng.random()
        if shape < 0.1:
            values.sort()
        elif shape < 0.2:
            values.sort(reverse=True)
        cases.append(_case(values))
    return cases


def rising_large(seed: int) -> Case:
    """5000 random values: the O(n^2) table does 12.5 million comparisons, patience sorting 60k."""
    rng = random.Random(seed)
    return _case([rng.randint(-(10**6), 10**6) for _ in range(5000)])
