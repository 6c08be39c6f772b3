"""Test values as authors write them in YAML -> the Python values the sandbox layer takes.

Authors write plain YAML plus a few single-key tags: ``{$array: [[1, 2]], dtype: float64}``,
``{$tree: [3, 9, 20, null, null, 15, 7]}``, ``{$linked_list: [1, 2]}``, ``{$tuple: [..]}`` and
``{$set: [..]}``. Expected values go through the same conversion, so they compare like values
decoded from the sandbox.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlquiz.grading.code.sandbox.codec import LinkedList, Tree

ARRAY_TAG = "$array"


class ValueFormatError(ValueError):
    """A tagged value written wrongly in a bank file."""


def from_authored(value: Any) -> Any:
    """Convert one authored value (recursively)."""
    if isinstance(value, list):
        return [from_authored(v) for v in value]
    if not isinstance(value, dict):
        return value
    if ARRAY_TAG in value:
        extra = set(value) - {ARRAY_TAG, "dtype", "shape"}
        if extra:
            raise ValueFormatError(
                f"$array takes only 'dtype' and 'shape' besides the data, not {sorted(extra)}"
            )
        try:
            array = np.array(value[ARRAY_TAG], dtype=value.get("dtype"))
            # An explicit shape is how authors write empty arrays such as shape (0, 3).
            return array.reshape(value["shape"]) if "shape" in value else array
        except (TypeError, ValueError) as exc:
            raise ValueFormatError(f"bad $array: {exc}") from None
    tags = [k for k in value if isinstance(k, str) and k.startswith("$")]
    if not tags:
        return {k: from_authored(v) for k, v in value.items()}
    if len(value) != 1:
        raise ValueFormatError(f"a tagged value has exactly one key, got {sorted(map(str, value))}")
    tag, inner = tags[0], value[tags[0]]
    if not isinstance(inner, list):
        raise ValueFormatError(f"{tag} takes a list")
    if tag == "$tree":
        return Tree(tuple(from_authored(v) for v in inner))
    if tag == "$linked_list":
        return LinkedList(tuple(from_authored(v) for v in inner))
    if tag == "$tuple":
        return tuple(from_authored(v) for v in inner)
    if tag == "$set":
        return frozenset(from_authored(v) for v in inner)
    raise ValueFormatError(f"unknown tag {tag!r}: use $array, $tree, $linked_list, $tuple or $set")


def show(value: Any, limit: int = 400) -> str:
    """A short, readable rendering of a (trusted, decoded) value for public-test feedback."""
    text = _render(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def show_call(function: str, args: list[Any], kwargs: dict[str, Any], limit: int = 400) -> str:
    """A test input as the call the candidate's function receives: ``merge([[1, 3]], k=2)``."""
    parts = [_render(a) for a in args] + [f"{k}={_render(v)}" for k, v in kwargs.items()]
    text = f"{function}({', '.join(parts)})"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _render(value: Any) -> str:
    if isinstance(value, np.ndarray):
        body = np.array2string(value, threshold=60, precision=6, separator=", ")
        return f"array({body}, dtype={value.dtype})"
    if isinstance(value, Tree):
        return f"tree{list(value.values)}"
    if isinstance(value, LinkedList):
        return " -> ".join(_render(v) for v in value.values) or "empty list"
    if isinstance(value, list):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(_render(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(_render(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_render(v)}" for k, v in value.items()) + "}"
    return repr(value)
