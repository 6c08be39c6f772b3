"""Trusted test-input generators for the second batch of ML-math coding problems.

Generators make inputs only: expected outputs come from each question's reference solution on
the trusted side. Every function is a pure function of its seed, so a hidden test replays
exactly. Case generators return ``{"args": [...], "kwargs": {...}}`` dicts.

Inputs mix scales on purpose (tiny gradients where an epsilon matters, huge ones where a naive
sum of squares overflows) and use non-zero optimizer state, so formulations that agree only
from a zero state are told apart.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Case = dict[str, Any]


def _case(*args: Any, **kwargs: Any) -> Case:
    return {"args": list(args), "kwargs": dict(kwargs)}


# --- ml_coding/optimizers/sgd-momentum-step -----------------------------------------------------


def sgd_momentum_cases(seed: int, count: int) -> list[Case]:
    """Random shapes with non-zero velocity, both classical and Nesterov momentum.

    A non-zero velocity and a learning rate far from 1 separate the "lr inside the velocity"
    and the damped (EMA) formulations from the stated one; half the cases use Nesterov.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        shape = tuple(int(s) for s in rng.integers(1, 5, size=int(rng.integers(1, 3))))
        w = rng.normal(0.0, 1.0, size=shape)
        grad = rng.normal(0.0, 1.0, size=shape)
        velocity = np.zeros(shape) if index % 5 == 0 else rng.normal(0.0, 2.0, size=shape)
        lr = float(rng.choice([0.001, 0.05, 0.3]))
        momentum = float(rng.choice([0.5, 0.9, 0.99]))
        cases.append(_case(w, grad, velocity, lr=lr, momentum=momentum, nesterov=index % 2 == 1))
    return cases


# --- ml_coding/optimizers/rmsprop-step ----------------------------------------------------------


def rmsprop_cases(seed: int, count: int) -> list[Case]:
    """RMSProp states at gradient scales from 1e-9 (eps dominates) to 10, zero and warm."""
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        shape = tuple(int(s) for s in rng.integers(1, 5, size=int(rng.integers(1, 3))))
        scale = float(rng.choice([1e-9, 1e-5, 1.0, 10.0]))
        w = rng.normal(0.0, 1.0, size=shape)
        grad = rng.normal(0.0, scale, size=shape)
        if index % 4 == 0:
            sq_avg = np.zeros(shape)
        else:
            sq_avg = rng.uniform(0.1, 3.0, size=shape) * scale**2
        kwargs: dict[str, float] = {}
        if index % 3 == 0:
            kwargs = {"lr": 0.05, "rho": 0.9, "eps": 1e-6}
        cases.append({"args": [w, grad, sq_avg], "kwargs": kwargs})
    return cases


# --- ml_coding/optimizers/clip-grad-global-norm -------------------------------------------------


def clip_grad_cases(seed: int, count: int) -> list[Case]:
    """Lists of 1 to 4 gradient arrays of mixed shapes, some below and some above the limit.

    Scales span 1e-200 to 1e200 so a plain sum of squares underflows to 0 or overflows to inf;
    max_norm is drawn relative to the true norm so both the clipped and the untouched branch
    are exercised, and per-tensor clipping differs from global clipping whenever there are two
    or more arrays.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        k = int(rng.integers(1, 5))
        scale = float(rng.choice([1e-200, 1e-3, 1.0, 50.0, 1e200]))
        grads = []
        for _ in range(k):
            shape = tuple(int(s) for s in rng.integers(1, 5, size=int(rng.integers(1, 3))))
            grads.append(rng.normal(0.0, 1.0, size=shape) * scale)
        flat = np.concatenate([g.ravel() / scale for g in grads])
        true_norm = float(np.sqrt(np.dot(flat, flat))) * scale
        ratio = float(rng.choice([0.01, 0.3, 0.9, 1.5, 20.0])) if index % 2 else 0.5
        cases.append(_case(grads, true_norm * ratio))
    return cases


# --- ml_coding/regularization/dropout-train-inference -------------------------------------------


def dropout_cases(seed: int, count: int) -> list[Case]:
    """Arrays of 1 to 3 dimensions, drop rates from 0 to 0.9, training on and off.

    Each case carries its own dropout seed, so the candidate's mask must come from exactly the
    stated draw; drop rates far from 0.5 make "keep with probability p" visibly wrong.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        ndim = int(rng.integers(1, 4))
        shape = tuple(int(s) for s in rng.integers(1, 7, size=ndim))
        x = rng.normal(0.0, 2.0, size=shape)
        p = float(rng.choice([0.0, 0.1, 0.25, 0.5, 0.8, 0.9]))
        training = index % 4 != 3
        cases.append(_case(x, p, training, int(rng.integers(0, 2**31))))
    return cases


# --- ml_coding/sampling/top-p-filter -----------------------------------------------------------


def _safe_probs(rng: np.random.Generator, n: int, v: int, p: float) -> np.ndarray:
    """Rows whose sorted cumulative sums all stay at least 1e-6 away from p.

    The keep rule compares a cumulative sum with p; a sum within rounding of p would make the
    answer depend on summation order, so such rows are redrawn.
    """
    rows: list[np.ndarray] = []
    while len(rows) < n:
        alpha = float(rng.choice([0.1, 0.5, 2.0]))
        row = rng.dirichlet(np.full(v, alpha))
        if rng.random() < 0.3 and v >= 3:
            row[1] = row[2]  # an exact tie, so the lower-index rule matters
            row = row / row.sum()
        csum = np.cumsum(np.sort(row)[::-1])
        if np.all(np.abs(csum - p) > 1e-6):
            rows.append(row)
    return np.array(rows)


def top_p_cases(seed: int, count: int) -> list[Case]:
    """Batches of probability rows from peaked to flat, with p from 0.05 to 0.99."""
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(count):
        n = int(rng.integers(1, 5))
        v = int(rng.integers(2, 12))
        p = float(rng.choice([0.05, 0.3, 0.5, 0.8, 0.9, 0.95, 0.99]))
        cases.append(_case(_safe_probs(rng, n, v, p), p))
    return cases


# --- ml_coding/normalization/batch-norm-train-forward -------------------------------------------


def batch_norm_cases(seed: int, count: int) -> list[Case]:
    """Mini-batches with n != d, far-from-zero offsets and the odd constant feature.

    Offsets up to 1e6 break the one-pass E[x^2] - E[x]^2 variance; n != d makes a reduction
    over the wrong axis fail on shape or value; small n makes the n / (n - 1) correction of
    the running variance large enough to see.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n = int(rng.integers(2, 9))
        d = int(rng.integers(1, 6))
        if d == n:
            d += 1
        offset = float(rng.choice([0.0, 3.0, 1e6])) * rng.normal(0.0, 1.0, size=d)
        x = offset + rng.normal(0.0, 1.0, size=(n, d)) * rng.uniform(0.1, 5.0, size=d)
        if index % 5 == 2:
            x[:, 0] = 7.5  # a constant feature: variance 0, output beta
        gamma = rng.normal(1.0, 0.5, size=d)
        beta = rng.normal(0.0, 1.0, size=d)
        running_mean = rng.normal(0.0, 1.0, size=d)
        running_var = rng.uniform(0.5, 2.0, size=d)
        kwargs: dict[str, float] = {}
        if index % 3 == 1:
            kwargs = {"momentum": float(rng.choice([0.01, 0.3, 0.9])), "eps": 1e-3}
        cases.append({"args": [x, gamma, beta, running_mean, running_var], "kwargs": kwargs})
    return cases


# --- ml_coding/attention-transformers/sinusoidal-positional-encoding ----------------------------


def positional_encoding_cases(seed: int, count: int) -> list[Case]:
    """Sequence lengths 1 to 300 and even model widths 2 to 64, some with a non-default base.

    Long sequences make angles large, so an exponent off by a factor of two or a divide where
    a multiply belongs shows up in the later positions even when position 0 looks right.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n = int(rng.choice([1, 2, 5, 17, 64, 300]))
        d = 2 * int(rng.integers(1, 33))
        kwargs: dict[str, float] = {}
        if index % 3 == 2:
            kwargs = {"base": float(rng.choice([100.0, 500000.0]))}
        cases.append({"args": [n, d], "kwargs": kwargs})
    return cases


# --- ml_coding/cnn/max-pool2d ---------------------------------------------------------------


def max_pool_cases(seed: int, count: int) -> list[Case]:
    """NCHW inputs with unequal height and width, strides that leave a ragged edge.

    Values are often all negative, so initialising the running maximum with 0 fails; sizes
    where (H - k) is not a multiple of the stride separate floor from ceil output sizes.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        k = int(rng.integers(1, 4))
        s = int(rng.integers(1, 4))
        h = k + int(rng.integers(0, 7))
        w = k + int(rng.integers(0, 7))
        n, c = int(rng.integers(1, 3)), int(rng.integers(1, 4))
        x = rng.normal(0.0, 1.0, size=(n, c, h, w))
        if index % 3 == 0:
            x = -np.abs(x) - 0.5
        cases.append(_case(x, k, s))
    return cases


def max_pool_large(seed: int) -> Case:
    """1 x 2 x 72 x 72 input, 20 x 20 windows at stride 1: 2.2 million comparisons.

    About 10,000 numbers in and 5,600 out. A loop over the 400 window offsets (or over the
    output positions, each taking np.max of a window) stays fast; a Python loop over every
    output element and every window entry is many times slower.
    """
    rng = np.random.default_rng(seed)
    return _case(rng.normal(0.0, 1.0, size=(1, 2, 72, 72)), 20, 1)
