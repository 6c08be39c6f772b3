"""Compare a candidate's returned value with the expected one — trusted side only.

Values arrive already decoded from the sandbox's strict JSON: numbers, strings, lists, tuples,
dicts, sets and NumPy arrays (never the candidate's own objects, so no ``__eq__`` of theirs
runs here). Checks go from structure to numbers: type family, shape, dtype family, finiteness
and NaN positions, then values, so messages say what is wrong rather than just "differs".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from mlquiz.content.generators import resolve_callable
from mlquiz.content.schema import Checker
from mlquiz.grading.code.sandbox.codec import LinkedList, Tree

MAX_SHOWN = 60


@dataclass(frozen=True)
class CheckContext:
    """What a custom checker may look at besides the two values."""

    args: list[Any]
    kwargs: dict[str, Any]
    checker: Checker


CustomChecker = Callable[[Any, Any, CheckContext], "str | None"]


def check(
    expected: Any, got: Any, checker: Checker, context: CheckContext | None = None
) -> str | None:
    """``None`` when ``got`` is acceptable, else a short reason fit for a public test's feedback."""
    if checker.type == "custom":
        assert checker.function is not None
        function: CustomChecker = resolve_callable(checker.function)
        return function(expected, got, context or CheckContext([], {}, checker))
    if checker.type == "unordered":
        return _compare_unordered(expected, got, checker)
    if checker.type == "set":
        return _compare_as_sets(expected, got, checker)
    return _compare(expected, got, checker, close=checker.type == "close", where="")


def _compare(expected: Any, got: Any, checker: Checker, *, close: bool, where: str) -> str | None:
    at = f" at {where}" if where else ""
    if isinstance(expected, np.ndarray) or isinstance(got, np.ndarray):
        return _compare_arrays(expected, got, checker, close=close, at=at)
    if isinstance(expected, (Tree, LinkedList)):
        what = "tree" if isinstance(expected, Tree) else "linked list"
        if type(got) is not type(expected):
            return f"expected a {what}{at}, got {_type_name(got)}"
        problem = _compare(
            list(expected.values), list(got.values), checker, close=close, where=where
        )
        return None if problem is None else f"{what} differs: {problem}"
    if isinstance(expected, bool) or isinstance(got, bool):
        if type(expected) is not type(got):
            return f"expected {_type_name(expected)}{at}, got {_type_name(got)}"
        return None if expected == got else f"expected {expected}{at}, got {got}"
    if _is_number(expected):
        if not _is_number(got):
            return f"expected a number{at}, got {_type_name(got)}"
        if isinstance(expected, int) and isinstance(got, float) and not checker.lenient_containers:
            return f"expected an int{at}, got a float"
        return _compare_scalars(
            float(expected) if isinstance(expected, float) else expected,
            got,
            checker,
            close=close,
            at=at,
        )
    if isinstance(expected, str):
        if not isinstance(got, str):
            return f"expected a string{at}, got {_type_name(got)}"
        return None if expected == got else f"expected {_show(expected)}{at}, got {_show(got)}"
    if expected is None:
        return None if got is None else f"expected None{at}, got {_show(got)}"
    if isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return f"expected a list{at}, got {_type_name(got)}"
        if type(expected) is not type(got) and not checker.lenient_containers:
            return f"expected a {_type_name(expected)}{at}, got a {_type_name(got)}"
        if len(expected) != len(got):
            return f"expected {len(expected)} item(s){at}, got {len(got)}"
        for index, (e, g) in enumerate(zip(expected, got, strict=True)):
            problem = _compare(e, g, checker, close=close, where=f"{where}[{index}]")
            if problem:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"expected a dict{at}, got {_type_name(got)}"
        if set(expected) != set(got):
            missing, extra = set(expected) - set(got), set(got) - set(expected)
            parts = [
                f"missing keys {_show(sorted(map(str, missing)))}" if missing else "",
                f"unexpected keys {_show(sorted(map(str, extra)))}" if extra else "",
            ]
            return f"keys differ{at}: " + "; ".join(p for p in parts if p)
        for key in expected:
            problem = _compare(
                expected[key], got[key], checker, close=close, where=f"{where}[{key!r}]"
            )
            if problem:
                return problem
        return None
    if isinstance(expected, (set, frozenset)):
        if not isinstance(got, (set, frozenset)):
            return f"expected a set{at}, got {_type_name(got)}"
        return None if set(expected) == set(got) else f"sets differ{at}"
    return None if expected == got else f"expected {_show(expected)}{at}, got {_show(got)}"


def _compare_scalars(
    expected: float | int, got: Any, checker: Checker, *, close: bool, at: str
) -> str | None:
    differs = f"expected {_num(expected)}{at}, got {_num(got)}"
    if isinstance(expected, int) and isinstance(got, int):
        if close and max(abs(expected), abs(got)) < 2**53:
            return (
                None
                if abs(expected - got) <= checker.atol + checker.rtol * abs(expected)
                else differs
            )
        return None if expected == got else differs
    try:
        e, g = float(expected), float(got)
    except OverflowError:
        return differs
    if math.isnan(e) or math.isnan(g):
        return None if math.isnan(e) and math.isnan(g) else differs
    if math.isinf(e) or math.isinf(g):
        return None if e == g else differs
    ok = abs(e - g) <= checker.atol + checker.rtol * abs(e) if close else e == g
    return None if ok else differs


def _compare_arrays(
    expected: Any, got: Any, checker: Checker, *, close: bool, at: str
) -> str | None:
    if not isinstance(got, np.ndarray):
        if not (checker.lenient_containers and isinstance(got, (list, tuple, int, float))):
            return f"expected a NumPy array{at}, got {_type_name(got)}"
        try:
            got = np.asarray(got)
        except (ValueError, TypeError):
            return f"expected a NumPy array{at}, got a ragged list"
        if got.dtype.kind not in "biuf":
            return f"expected a numeric array{at}, got a list of {got.dtype}"
    if not isinstance(expected, np.ndarray):
        expected = np.asarray(expected)
    if expected.shape != got.shape:
        return f"expected shape {tuple(expected.shape)}{at}, got shape {tuple(got.shape)}"
    e_kind, g_kind = _family(expected.dtype), _family(got.dtype)
    if e_kind != g_kind and not (
        e_kind == "float" and g_kind == "int" and checker.lenient_containers
    ):
        return f"expected {e_kind} values{at}, got {g_kind} values (dtype {got.dtype})"
    if e_kind in ("float", "complex"):
        e_nan, g_nan = np.isnan(expected), np.isnan(got.astype(expected.dtype))
        if not np.array_equal(e_nan, g_nan):
            index = _first(e_nan != g_nan)
            return (
                f"NaN where it should not be{at} (first at index {index}: expected "
                f"{_num(expected[index])}, got {_num(got[index])})"
            )
    if close and e_kind in ("float", "complex", "int"):
        with np.errstate(invalid="ignore", over="ignore"):
            g = got.astype(np.complex128 if e_kind == "complex" else np.float64)
            e = expected.astype(g.dtype)
            same_inf = np.isinf(e) & (e == g)
            diff = np.abs(e - g)
            ok = same_inf | np.isnan(e) | (diff <= checker.atol + checker.rtol * np.abs(e))
    else:
        ok = (expected == got) | (_nan_mask(expected) & _nan_mask(got))
    if not np.all(ok):
        index = _first(~ok)
        return (
            f"value differs{at} at index {index}: expected {_num(expected[index])}, "
            f"got {_num(got[index])}"
            + (f" (rtol {checker.rtol:g}, atol {checker.atol:g})" if close else "")
        )
    return None


def _nan_mask(array: np.ndarray) -> np.ndarray:
    if array.dtype.kind in "fc":
        mask: np.ndarray = np.isnan(array)
        return mask
    return np.zeros(array.shape, dtype=bool)


def _family(dtype: np.dtype[Any]) -> str:
    return {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}.get(
        dtype.kind, str(dtype)
    )


def _first(mask: np.ndarray) -> tuple[int, ...] | int:
    index = tuple(int(i) for i in np.argwhere(mask)[0]) if mask.ndim else ()
    return index[0] if len(index) == 1 else index


def _compare_unordered(expected: Any, got: Any, checker: Checker) -> str | None:
    if not isinstance(got, (list, tuple)):
        return f"expected a list, got {_type_name(got)}"
    if len(expected) != len(got):
        return f"expected {len(expected)} item(s), got {len(got)}"
    missing = Counter(map(_canonical, expected)) - Counter(map(_canonical, got))
    if missing:
        return f"items differ (in any order): e.g. missing {next(iter(missing))[:MAX_SHOWN]}"
    return None


def _compare_as_sets(expected: Any, got: Any, checker: Checker) -> str | None:
    if not isinstance(got, (list, tuple, set, frozenset)):
        return f"expected a collection, got {_type_name(got)}"
    want, have = set(map(_canonical, expected)), set(map(_canonical, got))
    if want == have:
        return None
    if want - have:
        return f"missing {len(want - have)} item(s), e.g. {sorted(want - have)[0][:MAX_SHOWN]}"
    return f"{len(have - want)} unexpected item(s), e.g. {sorted(have - want)[0][:MAX_SHOWN]}"


def _canonical(value: Any) -> str:
    """A hashable form where list and tuple agree, so order-free checks can count items."""
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k!r}:{_canonical(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, np.ndarray):
        return _canonical(value.tolist())
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return repr(int(value))
    return repr(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type_name(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return "a NumPy array"
    return {
        type(None): "None",
        list: "list",
        tuple: "tuple",
        dict: "dict",
        str: "string",
        int: "int",
        float: "float",
        bool: "bool",
        set: "set",
    }.get(type(value), type(value).__name__)


def _num(value: Any) -> str:
    return _show(value.item() if isinstance(value, np.generic) else value)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."
