"""Trusted-side comparisons: structure first, then numbers, with messages that say what differs."""

from __future__ import annotations

import numpy as np
import pytest

from mlquiz.content.schema import Checker
from mlquiz.grading.code.checkers import check

EXACT = Checker()
CLOSE = Checker(type="close", rtol=1e-6, atol=1e-9)
STRICT = Checker(lenient_containers=False)


def test_exact_scalars_and_containers() -> None:
    assert check([1, [2, 3]], [1, [2, 3]], EXACT) is None
    assert check([1, 2], [2, 1], EXACT) == "expected 1 at [0], got 2"
    assert check([1, 2], [1, 2, 3], EXACT) == "expected 2 item(s), got 3"
    assert check("ab", "ab", EXACT) is None
    assert check(None, 0, EXACT) == "expected None, got 0"
    assert check({"a": 1}, {"a": 1, "b": 2}, EXACT) == "keys differ: unexpected keys ['b']"


def test_bool_is_not_an_int() -> None:
    assert check(True, 1, EXACT) == "expected bool, got int"
    assert check(1, True, EXACT) == "expected int, got bool"


def test_list_tuple_and_int_float_leniency() -> None:
    assert check((1, 2), [1, 2], EXACT) is None
    assert check((1, 2), [1, 2], STRICT) == "expected a tuple, got a list"
    assert check(3, 3.0, EXACT) is None
    assert check(3, 3.0, STRICT) == "expected an int, got a float"


def test_close_uses_tolerances_and_nan_positions() -> None:
    assert check(0.1 + 0.2, 0.3, CLOSE) is None
    assert check(0.3, 0.31, CLOSE) == "expected 0.3, got 0.31"
    assert check(float("nan"), float("nan"), CLOSE) is None
    assert check(1.0, float("nan"), CLOSE) == "expected 1.0, got nan"
    assert check(float("inf"), 1e308, CLOSE) == "expected inf, got 1e+308"


def test_arrays_shape_dtype_and_values() -> None:
    e = np.array([[0.5, 0.5], [0.25, 0.75]])
    assert check(e, e.copy() + 1e-12, CLOSE) is None
    assert check(e, e.T.copy()[:, :1], CLOSE) == "expected shape (2, 2), got shape (2, 1)"
    assert check(e, e.T, CLOSE) == (
        "value differs at index (0, 1): expected 0.5, got 0.25 (rtol 1e-06, atol 1e-09)"
    )
    assert check(e, e.tolist(), CLOSE) is None  # a list is fine where the statement allows it
    strict_close = Checker(type="close", lenient_containers=False)
    assert check(e, e.tolist(), strict_close) == "expected a NumPy array, got list"
    assert check(np.array([1, 2]), np.array([1.0, 2.0]), EXACT) == (
        "expected int values, got float values (dtype float64)"
    )
    assert check(np.array([1.0, 2.0]), np.array([1, 2]), CLOSE) is None


def test_nan_where_it_should_not_be() -> None:
    e = np.array([1.0, 0.0])
    got = np.array([np.nan, 0.0])
    assert check(e, got, CLOSE) == (
        "NaN where it should not be (first at index 0: expected 1.0, got nan)"
    )
    assert check(np.array([np.nan]), np.array([np.nan]), CLOSE) is None


def test_unordered_and_set() -> None:
    unordered = Checker(type="unordered")
    assert check([[1, 2], [3]], [[3], (1, 2)], unordered) is None
    assert check([1, 1, 2], [1, 2, 2], unordered) is not None
    as_set = Checker(type="set")
    assert check([1, 2, 3], [3, 2, 1, 1], as_set) is None
    assert check([1, 2, 3], [1, 2], as_set) == "missing 1 item(s), e.g. 3"


@pytest.mark.parametrize("bad", [{"x": 1}, "0.5", [0.5], None])
def test_wrong_types_for_numbers(bad: object) -> None:
    assert check(0.5, bad, CLOSE) is not None
