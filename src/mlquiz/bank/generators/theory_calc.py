"""Answer generators for by-hand calculation questions of the ml_theory round.

Each function recomputes a key step by step (loops over steps, bins or classes) instead of
restating the closed form a question's ``derived`` block shows in its explanation, so the key
and the worked explanation come from two different computations. Every function takes the drawn
(and derived) parameter values and returns one float.
"""

from __future__ import annotations

import math

Params = dict[str, float | int]


def momentum_two_steps(params: Params) -> float:
    """Weight after two steps of SGD with heavy-ball momentum, starting from zero velocity.

    Uses the convention the question states (the one PyTorch uses): ``v = mu * v + g`` then
    ``theta = theta - lr * v``. Reads ``theta0``, ``lr``, ``mu`` and the gradients ``g1``,
    ``g2`` (given in the prompt, not recomputed from a loss).
    """
    theta = float(params["theta0"])
    lr, mu = float(params["lr"]), float(params["mu"])
    velocity = 0.0
    for grad in (float(params["g1"]), float(params["g2"])):
        velocity = mu * velocity + grad
        theta -= lr * velocity
    return theta


def _entropy_bits(counts: list[int]) -> float:
    total = sum(counts)
    result = 0.0
    for count in counts:
        if count > 0:
            share = count / total
            result -= share * math.log2(share)
    return result


def information_gain_bits(params: Params) -> float:
    """Information gain (in bits) of a binary split of a two-class node.

    Reads the class counts of the left child (``lp`` positives, ``ln`` negatives) and of the
    right child (``rp``, ``rn``); the parent is their sum. Empty classes contribute 0, as the
    limit of p log p.
    """
    left = [int(params["lp"]), int(params["ln"])]
    right = [int(params["rp"]), int(params["rn"])]
    parent = [left[0] + right[0], left[1] + right[1]]
    n = sum(parent)
    children = sum(sum(child) / n * _entropy_bits(child) for child in (left, right))
    return _entropy_bits(parent) - children


def warmup_cosine_lr(params: Params) -> float:
    """Learning rate at step ``t`` of linear warmup followed by cosine decay.

    Warmup rises linearly from 0 at step 0 to ``peak`` at step ``warmup``; from there a half
    cosine falls to ``peak * floor_ratio`` at step ``total``. Computed by branching on the phase
    rather than with the single expression a formula would need.
    """
    t, warmup, total = int(params["t"]), int(params["warmup"]), int(params["total"])
    peak = float(params["peak"])
    floor = peak * float(params["floor_ratio"])
    if t <= warmup:
        return peak * t / warmup
    progress = (t - warmup) / (total - warmup)
    return floor + (peak - floor) * (1.0 + math.cos(math.pi * progress)) / 2.0


def expected_squared_error(params: Params) -> float:
    """Expected squared error at one input, averaged over five equally likely training sets.

    Averages ``(y - prediction)^2`` over the five predictions ``y1..y5`` with the noise folded
    in as ``sigma2`` (the error against a fresh noisy label is the error against the true value
    ``f`` plus the noise variance), which equals bias^2 + variance + noise without computing
    those terms separately.
    """
    predictions = [float(params[f"y{i}"]) for i in range(1, 6)]
    truth = float(params["f"])
    mean_sq = sum((truth - p) ** 2 for p in predictions) / len(predictions)
    return mean_sq + float(params["sigma2"])


def population_stability_index(params: Params) -> float:
    """Population stability index over four bins given as percentages.

    Reads the training (expected) shares ``e1..e4`` and the production (actual) shares
    ``a1..a4``, in percent, and sums ``(a - e) * ln(a / e)`` over the bins on proportions.
    """
    total = 0.0
    for i in range(1, 5):
        expected = float(params[f"e{i}"]) / 100.0
        actual = float(params[f"a{i}"]) / 100.0
        total += (actual - expected) * math.log(actual / expected)
    return total
