"""Custom checkers for the ML-math coding problems (round ``ml_coding``).

Trusted code: it runs on the grading side and only ever sees decoded plain data. Each checker
checks structure first (tuple length, shapes, finiteness), then the property the problem is
about, then closeness, so a public test's message says what is wrong ("rows of the attention
weights do not sum to 1") rather than just "differs". Where a result is only defined up to a
symmetry (principal components up to sign) the checker compares modulo that symmetry; where a
result can be verified from first principles (gradients by finite differences) it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from mlquiz.content.schema import Checker
from mlquiz.grading.code.checkers import CheckContext, check


def _close(rtol: float, atol: float) -> Checker:
    return Checker(type="close", rtol=rtol, atol=atol)


def _parts(got: Any, count: int, names: str) -> list[Any] | str:
    if not isinstance(got, (list, tuple)) or len(got) != count:
        return f"expected a tuple of {count} values ({names}), got {_kind(got)}"
    return list(got)


def _kind(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} values"
    if isinstance(value, np.ndarray):
        return f"an array of shape {tuple(value.shape)}"
    return type(value).__name__


def _float_array(value: Any, name: str, shape: tuple[int, ...]) -> np.ndarray | str:
    """``value`` as a float64 array of ``shape``, or the reason it cannot be one."""
    if isinstance(value, (list, tuple)):
        try:
            value = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            return f"{name} must be a numeric array"
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "iuf":
        return f"{name} must be a float array, got {_kind(value)}"
    if value.shape != shape:
        return f"{name} should have shape {shape}, got {tuple(value.shape)}"
    array = value.astype(np.float64)
    if not np.all(np.isfinite(array)):
        return f"{name} contains nan or inf"
    return array


# --- ml_coding/backpropagation/mlp-forward-backward -----------------------------------------------

KINK_GAP = 1e-3  # finite differences are skipped if a pre-activation is closer than this to 0
FD_STEP = 1e-4


def _mlp_loss(
    x: np.ndarray, y: np.ndarray, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray
) -> float:
    scores = np.maximum(x @ w1 + b1, 0.0) @ w2 + b2
    top = scores.max(axis=1, keepdims=True)
    log_norm = top[:, 0] + np.log(np.exp(scores - top).sum(axis=1))
    return float(np.mean(log_norm - scores[np.arange(len(y)), y]))


def _finite_difference(loss: Callable[[np.ndarray], float], param: np.ndarray) -> np.ndarray:
    """Five-point central differences: truncation O(h^4), so h can be large enough to beat
    rounding error."""
    grad = np.zeros_like(param)
    for index in np.ndindex(param.shape):
        values = []
        for step in (2.0, 1.0, -1.0, -2.0):
            shifted = param.copy()
            shifted[index] += step * FD_STEP
            values.append(loss(shifted))
        grad[index] = (-values[0] + 8.0 * values[1] - 8.0 * values[2] + values[3]) / (
            12.0 * FD_STEP
        )
    return grad


def mlp_gradients(expected: Any, got: Any, context: CheckContext) -> str | None:
    """``(loss, dW1, db1, dW2, db2)``: loss against the reference, gradients by finite differences.

    Each gradient is compared with five-point central differences of a trusted forward pass
    (tolerance 1e-6 absolute plus 1e-5 relative) and with the reference's gradient (rtol 1e-6,
    atol 1e-9). Finite differences are skipped on an input where a hidden pre-activation lies
    within 1e-3 of the ReLU kink, where the loss is not smooth.
    """
    parts = _parts(got, 5, "loss, dW1, db1, dW2, db2")
    if isinstance(parts, str):
        return parts
    x, y, w1, b1, w2, b2 = (np.asarray(a) for a in context.args[:6])
    problem = check(expected[0], parts[0], _close(1e-7, 1e-10))
    if problem:
        return f"loss: {problem}"
    params = [w1, b1, w2, b2]
    smooth = bool(np.all(np.abs(x @ w1 + b1) >= KINK_GAP))
    for position, name in enumerate(("dW1", "db1", "dW2", "db2")):
        param = params[position]
        grad = _float_array(parts[position + 1], name, tuple(param.shape))
        if isinstance(grad, str):
            return grad
        if smooth:

            def loss(value: np.ndarray, position: int = position) -> float:
                trial = list(params)
                trial[position] = value
                return _mlp_loss(x, y, *trial)

            numeric = _finite_difference(loss, param.astype(np.float64))
            bad = np.abs(grad - numeric) > 1e-6 + 1e-5 * np.abs(numeric)
            if bad.any():
                index = tuple(int(i) for i in np.argwhere(bad)[0])
                return (
                    f"{name} disagrees with finite differences at index {index}: got "
                    f"{grad[index]:.6g}, numerical {numeric[index]:.6g}"
                )
        problem = check(expected[position + 1], grad, _close(1e-6, 1e-9))
        if problem:
            return f"{name}: {problem}"
    return None


# --- ml_coding/attention-transformers/scaled-dot-product-attention --------------------------------


def attention_outputs(expected: Any, got: Any, context: CheckContext) -> str | None:
    """``(output, weights)``: weight rows sum to 1, the causal mask holds, then closeness.

    Tolerances: rows sum to 1 within 1e-9; masked weights at most 1e-12; values to rtol 1e-7
    and atol 1e-10 of the reference.
    """
    parts = _parts(got, 2, "output, weights")
    if isinstance(parts, str):
        return parts
    expected_output, expected_weights = (np.asarray(e) for e in expected)
    weights = _float_array(parts[1], "weights", tuple(expected_weights.shape))
    if isinstance(weights, str):
        return weights
    if np.any(weights < 0.0):
        return "attention weights must be non-negative"
    sums = weights.sum(axis=-1)
    off = np.abs(sums - 1.0) > 1e-9
    if off.any():
        index = tuple(int(i) for i in np.argwhere(off)[0])
        return (
            f"each query's weights must sum to 1 over the keys; (batch, query) {index} "
            f"sums to {sums[index]:.6g}"
        )
    causal = context.kwargs.get("causal", context.args[3] if len(context.args) > 3 else False)
    if causal:
        n_q, n_k = weights.shape[-2:]
        later = np.triu(np.ones((n_q, n_k), dtype=bool), k=1)
        leaks = (weights > 1e-12) & later
        if leaks.any():
            _, query, key = (int(i) for i in np.argwhere(leaks)[0])
            return f"causal mask not respected: query {query} attends to the later key {key}"
    output = _float_array(parts[0], "output", tuple(expected_output.shape))
    if isinstance(output, str):
        return output
    for name, want, have in (
        ("weights", expected_weights, weights),
        ("output", expected_output, output),
    ):
        problem = check(want, have, _close(1e-7, 1e-10))
        if problem:
            return f"{name}: {problem}"
    return None


# --- ml_coding/dimensionality-reduction/pca-svd ---------------------------------------------------


def pca_up_to_sign(expected: Any, got: Any, context: CheckContext) -> str | None:
    """``(components, explained_variance, projected)`` with each component's sign free.

    A principal direction is defined only up to sign, so component i may be flipped, but then
    column i of the projection must flip with it. Components must be unit length; values are
    compared to atol 1e-7 (components), rtol 1e-7 (variances) and atol 1e-7 times the data
    scale (projections).
    """
    parts = _parts(got, 3, "components, explained_variance, projected")
    if isinstance(parts, str):
        return parts
    want_components, want_variance, want_projected = (np.asarray(e) for e in expected)
    components = _float_array(parts[0], "components", tuple(want_components.shape))
    if isinstance(components, str):
        return components
    variance = _float_array(parts[1], "explained_variance", tuple(want_variance.shape))
    if isinstance(variance, str):
        return variance
    projected = _float_array(parts[2], "projected", tuple(want_projected.shape))
    if isinstance(projected, str):
        return projected
    problem = check(want_variance, variance, _close(1e-7, 1e-10))
    if problem:
        return f"explained_variance: {problem}"
    norms = np.linalg.norm(components, axis=1)
    if np.any(np.abs(norms - 1.0) > 1e-7):
        return f"components must be unit vectors; row norms are {np.round(norms, 6).tolist()}"
    scale = max(1.0, float(np.abs(want_projected).max(initial=0.0)))
    for i in range(want_components.shape[0]):
        sign = 1.0 if float(components[i] @ want_components[i]) >= 0.0 else -1.0
        if np.abs(sign * components[i] - want_components[i]).max() > 1e-7:
            return f"component {i} is not the expected direction (even up to sign)"
        column = sign * projected[:, i]
        if np.abs(column - want_projected[:, i]).max() > 1e-7 * scale:
            if np.abs(-column - want_projected[:, i]).max() <= 1e-7 * scale:
                return f"projected column {i} has the opposite sign of component {i}"
            return f"projected column {i} is not the data projected on component {i}"
    return None
