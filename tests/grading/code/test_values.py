"""Authored test values become the Python values the sandbox layer sends."""

from __future__ import annotations

import numpy as np
import pytest

from mlquiz.grading.code.sandbox.codec import LinkedList, Tree
from mlquiz.grading.code.values import ValueFormatError, from_authored, show


def test_tags_become_values() -> None:
    value = from_authored(
        [
            {"$array": [[1, 2], [3, 4]], "dtype": "float64"},
            {"$tree": [1, None, 2]},
            {"$linked_list": [1, 2]},
            {"$tuple": [1, 2]},
            {"$set": [1, 2]},
            {"plain": {"$array": [], "shape": [0, 3]}},
        ]
    )
    assert value[0].dtype == np.float64
    assert value[0].shape == (2, 2)
    assert value[1] == Tree((1, None, 2))
    assert value[2] == LinkedList((1, 2))
    assert value[3] == (1, 2)
    assert value[4] == frozenset({1, 2})
    assert value[5]["plain"].shape == (0, 3)


@pytest.mark.parametrize(
    "bad",
    [
        {"$array": [1], "dtyp": "int8"},
        {"$tree": 3},
        {"$matrix": [1]},
        {"$tree": [1], "x": 1},
        {"$array": [1, 2], "shape": [3]},
    ],
)
def test_bad_tags_are_reported(bad: object) -> None:
    with pytest.raises(ValueFormatError):
        from_authored(bad)


def test_show_is_readable_and_capped() -> None:
    assert show(Tree((1, None, 2))) == "tree[1, None, 2]"
    assert show(LinkedList((1, 2))) == "1 -> 2"
    assert show(list(range(1000))).endswith("...")
    assert len(show(list(range(1000)))) == 400
