"""Trusted test-input generators for the ML-math coding problems (round ``ml_coding``).

Generators make inputs only: expected outputs come from each question's reference solution on
the trusted side. Every function is a pure function of its seed, so a hidden test replays
exactly. Case generators return ``{"args": [...], "kwargs": {...}}`` dicts. Performance
generators return one case that is small to send but heavy to compute (the grader times whole
sandbox requests, decoding included), so a Python loop where NumPy should vectorize is many
times slower than the reference while the reference stays far inside the time limit.

Shapes are drawn so that most inputs are non-square: a reduction over the wrong axis then fails
loudly instead of passing by accident.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Case = dict[str, Any]


def _case(*args: Any, **kwargs: Any) -> Case:
    return {"args": list(args), "kwargs": dict(kwargs)}


def _distinct_pair(rng: np.random.Generator, low: int, high: int) -> tuple[int, int]:
    """Two different integers in [low, high): unequal sizes make axis mistakes visible."""
    first = int(rng.integers(low, high))
    second = int(rng.integers(low, high - 1))
    return first, second + (second >= first)


# --- ml_coding/k-means/kmeans-full-loop -----------------------------------------------------------


def kmeans_loop_cases(seed: int, count: int) -> list[Case]:
    """Gaussian blobs started from given centroids, some of them far away or duplicated.

    A far-away or duplicated starting centroid receives no points, which exercises the
    keep-it-in-place rule for empty clusters; small iteration counts (0 to 3) leave many runs
    unconverged, so returning the labels from before the last update is caught.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n = int(rng.integers(1, 40))
        d = int(rng.integers(1, 4))
        k = int(rng.integers(1, 6))
        centres = rng.normal(0.0, 5.0, size=(k, d))
        points = centres[rng.integers(0, k, size=n)] + rng.normal(0.0, 1.0, size=(n, d))
        start = points[rng.choice(n, size=k, replace=k > n)].copy()
        if index % 3 == 0:
            start[-1] = 100.0 + rng.normal(0.0, 1.0, size=d)  # no point comes near it
        if index % 4 == 1 and k >= 2:
            start[1] = start[0]  # duplicate: ties go to index 0, index 1 stays empty
        n_iters = int(rng.choice([0, 1, 2, 3, 10, 50]))
        cases.append(_case(points, start, n_iters))
    return cases


def kmeans_loop_large(seed: int) -> Case:
    """1200 uniform points in the plane, 16 centroids, up to 30 iterations.

    Uniform data has no clear clusters, so K-Means keeps moving for dozens of iterations:
    about 1200 x 16 x 30 = 576,000 point-centroid distances from an input of 2,400 numbers.
    Broadcasting needs a few milliseconds; a Python loop over points and centroids needs
    seconds.
    """
    rng = np.random.default_rng(seed)
    points = rng.uniform(0.0, 1.0, size=(1200, 2))
    start = points[:16].copy()
    return _case(points, start, 30)


# --- ml_coding/knn/knn-classify -------------------------------------------------------------------


def knn_cases(seed: int, count: int) -> list[Case]:
    """Training sets on a small integer grid (many exact distance ties) or continuous.

    Integer coordinates make squared distances exact, so equal distances are real ties for any
    correct formula; few classes and even k make vote ties common, so both tie rules matter.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n = int(rng.integers(1, 30))
        m = int(rng.integers(1, 12))
        d = int(rng.integers(1, 4))
        classes = int(rng.integers(1, 5))
        if index % 2 == 0:
            train = rng.integers(-3, 4, size=(n, d)).astype(np.float64)
            test = rng.integers(-3, 4, size=(m, d)).astype(np.float64)
        else:
            train = rng.normal(0.0, 2.0, size=(n, d))
            test = rng.normal(0.0, 2.0, size=(m, d))
        labels = rng.integers(0, classes, size=n).astype(np.int64)
        k = int(rng.integers(1, n + 1))
        cases.append(_case(train, labels, test, k))
    return cases


def knn_large(seed: int) -> Case:
    """2000 training points, 200 queries, 4 features: 400,000 distances from 9,000 numbers.

    Broadcasting plus a stable sort per row takes tens of milliseconds; a double Python loop
    over queries and training points needs seconds.
    """
    rng = np.random.default_rng(seed)
    train = rng.normal(0.0, 1.0, size=(2000, 4))
    labels = rng.integers(0, 5, size=2000).astype(np.int64)
    test = rng.normal(0.0, 1.0, size=(200, 4))
    return _case(train, labels, test, 7)


# --- ml_coding/linear-regression/least-squares-closed-form ----------------------------------------


def least_squares_cases(seed: int, count: int) -> list[Case]:
    """Noisy linear data, sometimes with n <= d or a duplicated feature (non-unique solutions).

    Non-unique cases check that the minimum-norm solution of the augmented system is returned;
    a fifth of the cases have nearly collinear features (condition number around 1e6), where
    forming X^T X squares the condition number and loses the required accuracy.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        kind = index % 5
        d = int(rng.integers(1, 5))
        n = int(rng.integers(1, d + 1)) if kind == 1 else int(rng.integers(d + 2, 40))
        x = rng.normal(0.0, 2.0, size=(n, d))
        if kind == 2 and d >= 2:
            x[:, 1] = x[:, 0]
        if kind == 3 and d >= 2:
            x[:, 1] = x[:, 0] + 1e-6 * rng.normal(0.0, 1.0, size=n)
        w = rng.normal(0.0, 3.0, size=d)
        b = float(rng.normal(0.0, 3.0))
        noise = 0.0 if kind == 3 else 0.1
        y = x @ w + b + noise * rng.normal(0.0, 1.0, size=n)
        cases.append(_case(x, y))
    return cases


# --- ml_coding/linear-regression/gradient-descent-step --------------------------------------------


def linreg_step_cases(seed: int, count: int) -> list[Case]:
    """Random data and parameters of varied scale; one case in four is square (n == d)."""
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        d = int(rng.integers(1, 6))
        n = d if index % 4 == 0 else int(rng.integers(1, 30))
        scale = float(rng.choice([0.1, 1.0, 10.0]))
        x = rng.normal(0.0, scale, size=(n, d))
        y = rng.normal(0.0, 3.0, size=n)
        w = rng.normal(0.0, 1.0, size=d)
        b = float(rng.normal(0.0, 1.0))
        lr = float(rng.choice([0.001, 0.01, 0.1, 0.5]))
        cases.append(_case(x, y, w, b, lr))
    return cases


# --- ml_coding/logistic-regression/logistic-gd-step -----------------------------------------------


def logistic_step_cases(seed: int, count: int) -> list[Case]:
    """Binary labels with logits from moderate up to magnitudes of several hundred.

    Large weights push some logits far past 40, where 1 - sigmoid(z) rounds to 0 and a naive
    log(1 - p) gives inf, and past 710, where exp(z) itself overflows.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n = int(rng.integers(1, 30))
        d = int(rng.integers(1, 5))
        x = rng.normal(0.0, 1.0, size=(n, d))
        y = rng.integers(0, 2, size=n).astype(np.int64)
        scale = float(rng.choice([0.5, 2.0, 50.0, 400.0])) if index % 2 else 1.0
        w = rng.normal(0.0, scale, size=d)
        b = float(rng.normal(0.0, 1.0))
        lr = float(rng.choice([0.01, 0.1, 1.0]))
        cases.append(_case(x, y, w, b, lr))
    return cases


# --- ml_coding/softmax-cross-entropy/cross-entropy-gradient ---------------------------------------


def cross_entropy_cases(seed: int, count: int) -> list[Case]:
    """Logits of random shape and scale up to 1e3, with per-row offsets and random labels.

    At scale 1e3 the true class is often hundreds below the row maximum: its probability
    underflows to 0, so log(softmax) gives inf while log-softmax stays finite.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n, c = _distinct_pair(rng, 1, 8)
        scale = float(rng.choice([1.0, 10.0, 100.0, 1000.0]))
        logits = rng.normal(0.0, scale, size=(n, c))
        if index % 3 == 0:
            logits += rng.uniform(-1000.0, 1000.0, size=(n, 1))
        labels = rng.integers(0, c, size=n).astype(np.int64)
        cases.append(_case(logits, labels))
    return cases


# --- ml_coding/backpropagation/mlp-forward-backward -----------------------------------------------


def _clear_of_kinks(x: np.ndarray, w1: np.ndarray, b1: np.ndarray, gap: float) -> np.ndarray:
    """Shift b1 so no hidden pre-activation is within ``gap`` of 0 (ReLU is not smooth there)."""
    b1 = b1.copy()
    for _ in range(50):
        pre = x @ w1 + b1
        near = np.abs(pre) < gap
        if not near.any():
            break
        b1 += np.where(near.any(axis=0), 3 * gap, 0.0)
    return b1


def mlp_cases(seed: int, count: int) -> list[Case]:
    """Small two-layer networks with no hidden pre-activation near the ReLU kink.

    The checker compares gradients with central differences, which are only meaningful where
    the loss is smooth, so every pre-activation is kept at least 1e-3 away from zero. Sizes
    differ per axis; some cases have large output weights (logits in the hundreds) as a
    stability probe.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n = int(rng.integers(1, 9))
        d = int(rng.integers(1, 5))
        hidden = int(rng.integers(2, 7))
        classes = int(rng.integers(2, 5))
        x = rng.normal(0.0, 1.0, size=(n, d))
        w1 = rng.normal(0.0, 1.0, size=(d, hidden))
        b1 = _clear_of_kinks(x, w1, rng.normal(0.0, 0.5, size=hidden), 1e-3)
        out_scale = 500.0 if index % 4 == 3 else 1.0
        w2 = rng.normal(0.0, out_scale, size=(hidden, classes))
        b2 = rng.normal(0.0, 0.5, size=classes)
        y = rng.integers(0, classes, size=n).astype(np.int64)
        cases.append(_case(x, y, w1, b1, w2, b2))
    return cases


# --- ml_coding/attention-transformers/scaled-dot-product-attention --------------------------------


def attention_cases(seed: int, count: int) -> list[Case]:
    """Batched queries, keys and values; every other case causal (then n_q == n_k).

    Dimensions are drawn so that n_q, n_k, d_k and d_v mostly differ; one case in four scales
    the queries so the scores reach several hundred to thousands (exp overflows unshifted).
    """
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        causal = index % 2 == 1
        batch = int(rng.integers(1, 4))
        n_q, n_k = _distinct_pair(rng, 1, 7)
        if causal:
            n_k = n_q
        d_k = int(rng.integers(1, 9))
        d_v = int(rng.integers(1, 6))
        scale = 600.0 if index % 4 >= 2 else 1.0
        queries = rng.normal(0.0, scale, size=(batch, n_q, d_k))
        keys = rng.normal(0.0, 1.0, size=(batch, n_k, d_k))
        values = rng.normal(0.0, 1.0, size=(batch, n_k, d_v))
        cases.append(_case(queries, keys, values, causal=causal))
    return cases


# --- ml_coding/normalization/layer-norm-forward ---------------------------------------------------


def layer_norm_cases(seed: int, count: int) -> list[Case]:
    """Rows of random scale and offset (up to 1e6, where E[x^2] - E[x]^2 cancels), some constant."""
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n, d = _distinct_pair(rng, 1, 9)
        scale = float(rng.choice([0.01, 1.0, 100.0]))
        x = rng.normal(0.0, scale, size=(n, d)) + rng.uniform(-10.0, 10.0, size=(n, 1))
        if index % 4 == 1:
            x += 1e6
        if index % 5 == 2:
            x[0] = 3.0  # a constant row: variance 0, only eps keeps the division finite
        gamma = rng.normal(1.0, 0.5, size=d)
        beta = rng.normal(0.0, 0.5, size=d)
        eps = float(rng.choice([1e-5, 1e-3, 0.1]))
        cases.append(_case(x, gamma, beta, eps=eps))
    return cases


# --- ml_coding/optimizers/adam-step ---------------------------------------------------------------


def adam_cases(seed: int, count: int) -> list[Case]:
    """Adam states at early and late steps, with gradients from 1e-5 (eps matters) to 10."""
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        d = int(rng.integers(1, 8))
        t = int(rng.choice([1, 2, 3, 10, 100, 5000]))
        scale = float(rng.choice([1e-5, 1e-3, 1.0, 10.0]))
        w = rng.normal(0.0, 1.0, size=d)
        grad = rng.normal(0.0, scale, size=d)
        if t == 1:
            m = np.zeros(d)
            v = np.zeros(d)
        else:
            m = rng.normal(0.0, scale, size=d)
            v = rng.uniform(0.0, 2.0, size=d) * scale**2
        kwargs: dict[str, float] = {}
        if index % 3 == 0:
            kwargs = {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}
        cases.append({"args": [w, grad, m, v, t], "kwargs": kwargs})
    return cases


# --- ml_coding/lr-schedules/cosine-warmup ---------------------------------------------------------


def cosine_warmup_cases(seed: int, count: int) -> list[Case]:
    """Schedules with and without warmup or floor, queried before, inside and past the end."""
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        total = int(rng.integers(1, 200))
        warmup = 0 if index % 4 == 0 else int(rng.integers(0, total + 1))
        base = float(rng.choice([1e-3, 3e-4, 0.1, 1.0]))
        min_lr = 0.0 if index % 3 == 0 else base * float(rng.choice([0.01, 0.1, 0.5]))
        steps = rng.integers(0, total + 20, size=int(rng.integers(1, 25))).astype(np.int64)
        cases.append(_case(steps, base, warmup, total, min_lr=min_lr))
    return cases


# --- ml_coding/evaluation-metrics/macro-precision-recall-f1 ---------------------------------------


def prf_cases(seed: int, count: int) -> list[Case]:
    """Predictions that are right most of the time, over more classes than are always used.

    Some classes never occur in ``y_true`` or never in ``y_pred``, so every zero-division rule
    is exercised; a skewed label distribution separates macro from micro averaging.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(count):
        classes = int(rng.integers(2, 7))
        n = int(rng.integers(1, 40))
        weights = rng.dirichlet(np.full(classes, 0.5))
        y_true = rng.choice(classes, size=n, p=weights).astype(np.int64)
        noise = rng.integers(0, classes, size=n)
        y_pred = np.where(rng.uniform(size=n) < 0.6, y_true, noise).astype(np.int64)
        cases.append(_case(y_true, y_pred, classes))
    return cases


# --- ml_coding/evaluation-metrics/roc-auc ---------------------------------------------------------


def roc_auc_cases(seed: int, count: int) -> list[Case]:
    """Scores with heavy ties (rounded to a coarse grid) or continuous, class balance varied."""
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        n = int(rng.integers(2, 60))
        positive_rate = float(rng.uniform(0.1, 0.9))
        y = (rng.uniform(size=n) < positive_rate).astype(np.int64)
        y[0], y[-1] = 0, 1  # both classes present
        scores = rng.normal(0.0, 1.0, size=n) + 0.8 * y
        if index % 2 == 0:
            scores = np.round(scores * 2.0) / 2.0  # coarse grid: many tied scores
        cases.append(_case(y, scores))
    return cases


def roc_auc_large(seed: int) -> Case:
    """40,000 scores on a coarse grid (many ties), half positive.

    The input is 80,000 numbers; a sort-based O(n log n) computation takes milliseconds, while
    comparing all 400 million positive-negative pairs takes seconds in Python loops and needs
    hundreds of megabytes as a NumPy broadcast.
    """
    rng = np.random.default_rng(seed)
    n = 40_000
    y = np.zeros(n, dtype=np.int64)
    y[rng.choice(n, size=n // 2, replace=False)] = 1
    scores = np.round(rng.normal(0.0, 1.0, size=n) * 80.0 + 40.0 * y) / 80.0
    return _case(y, scores)


# --- ml_coding/cnn/conv2d-forward -----------------------------------------------------------------


def conv2d_cases(seed: int, count: int) -> list[Case]:
    """Small NCHW inputs with every combination of stride 1-3, padding 0-2 and odd or even kernels.

    Heights and widths differ, as do kernel heights and widths, so swapped axes fail; sizes are
    chosen so (size + 2 * padding - kernel) is sometimes not a multiple of the stride, which
    exercises the floor in the output-size formula.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(count):
        batch = int(rng.integers(1, 3))
        c_in = int(rng.integers(1, 4))
        c_out = int(rng.integers(1, 4))
        k_h = int(rng.integers(1, 4))
        k_w = int(rng.integers(1, 4))
        stride = int(rng.integers(1, 4))
        padding = int(rng.integers(0, 3))
        h_in = int(rng.integers(max(1, k_h - 2 * padding), 9))
        w_in = int(rng.integers(max(1, k_w - 2 * padding), 9))
        x = rng.normal(0.0, 1.0, size=(batch, c_in, h_in, w_in))
        kernels = rng.normal(0.0, 1.0, size=(c_out, c_in, k_h, k_w))
        b = rng.normal(0.0, 1.0, size=c_out)
        cases.append(_case(x, kernels, b, stride=stride, padding=padding))
    return cases


def conv2d_large(seed: int) -> Case:
    """2 x 8 x 20 x 20 input, 8 filters of 8 x 5 x 5, padding 2: 1.3 million multiply-adds.

    About 8,000 input numbers and 6,400 outputs. A loop over the 25 kernel offsets (or over
    the 400 output positions) stays vectorized and fast; a Python loop over every output
    element and every kernel weight is a hundred times slower.
    """
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 1.0, size=(2, 8, 20, 20))
    kernels = rng.normal(0.0, 1.0, size=(8, 8, 5, 5))
    b = rng.normal(0.0, 1.0, size=8)
    return _case(x, kernels, b, stride=1, padding=2)


# --- ml_coding/dimensionality-reduction/pca-svd ---------------------------------------------------


def pca_cases(seed: int, count: int) -> list[Case]:
    """Correlated data with well-separated variances and a non-zero mean.

    Each axis of a random rotation gets a distinct scale, and draws are repeated until the
    sample's singular values are at least 20% apart, so every component is unique up to sign
    and stable to rounding; the offset makes forgetting to centre visible.
    """
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(count):
        d = int(rng.integers(2, 6))
        n = int(rng.integers(d + 2, 30))
        rotation, _ = np.linalg.qr(rng.normal(size=(d, d)))
        scales = 4.0 * 1.8 ** -np.arange(d, dtype=np.float64)
        while True:
            x = (rng.normal(size=(n, d)) * scales) @ rotation.T + rng.normal(0.0, 5.0, size=d)
            singular = np.linalg.svd(x - x.mean(axis=0), compute_uv=False)
            if np.all(singular[1:] < 0.8 * singular[:-1]):  # sample variances well apart too
                break
        k = int(rng.integers(1, d + 1))
        cases.append(_case(x, k))
    return cases
