"""Wire format shared by both sides: plain JSON with a few ``$``-tags.

Why tags instead of pickle: the trusted side must be able to parse everything with a strict
JSON parser and validate it against a closed set of shapes. See docs/grading.md for the table.

This module runs in the sandbox: it encodes candidate return values (reading containers
through their *base* C methods, so subclasses cannot lie) and decodes the inputs the trusted
side sent into Python objects, building ``TreeNode`` / ``ListNode`` structures.
"""

from __future__ import annotations

import collections
import math
from typing import Any

# Captured at import time, before candidate code runs, so that rebinding builtins does not
# change how the harness sees values (defence in depth: the trusted side re-validates).
_type = type
_len = len
_id = id
_isnan = math.isnan
_isinf = math.isinf
_dict_items = dict.items
_list_iter = list.__iter__
_tuple_iter = tuple.__iter__
_set_iter = set.__iter__
_frozenset_iter = frozenset.__iter__
_deque_iter = collections.deque.__iter__
_DICT_TYPES = (dict, collections.OrderedDict, collections.defaultdict, collections.Counter)

TAGS = frozenset(
    {"$float", "$complex", "$tuple", "$set", "$dict", "$ndarray", "$tree", "$linked_list"}
)
#: ndarray dtype kinds accepted across the wire: bool, signed, unsigned, float, complex.
ARRAY_KINDS = "biufc"
#: Largest integer magnitude accepted (Python's own int/str conversion limit is 4300 digits).
MAX_INT_DIGITS = 4300
_MAX_INT_BITS = 14280  # ~ 4300 decimal digits


class WireError(ValueError):
    """A value cannot be represented on the wire (too big, too deep, unsupported type)."""


class TreeNode:
    """Binary-tree node handed to candidate code (LeetCode-compatible)."""

    def __init__(self, val: Any = 0, left: TreeNode | None = None, right: TreeNode | None = None):
        self.val = val
        self.left = left
        self.right = right

    def __repr__(self) -> str:
        return f"TreeNode({self.val!r})"


class ListNode:
    """Singly-linked-list node handed to candidate code (LeetCode-compatible)."""

    def __init__(self, val: Any = 0, next: ListNode | None = None):
        self.val = val
        self.next = next

    def __repr__(self) -> str:
        return f"ListNode({self.val!r})"


def _numpy() -> Any:
    """NumPy if this interpreter can import it (only the numpy flavour of the sandbox can)."""
    import sys

    return sys.modules.get("numpy")


# --------------------------------------------------------------------------- encoding


def encode_float(x: float) -> Any:
    """JSON has no NaN/inf: tag them."""
    if _isnan(x):
        return {"$float": "nan"}
    if _isinf(x):
        return {"$float": "inf" if x > 0 else "-inf"}
    return x


class Encoder:
    """Turn a candidate's return value into JSON-ready data, within a byte budget and depth.

    Only exact, known types are accepted; containers are read through their base-class C
    methods so overriding ``__iter__``/``items``/``__eq__`` in a subclass changes nothing.
    """

    def __init__(self, budget: int, max_depth: int) -> None:
        self.budget = budget
        self.max_depth = max_depth

    def _spend(self, n: int) -> None:
        self.budget -= n
        if self.budget < 0:
            raise WireError("result too large")

    def encode(self, obj: Any, depth: int = 0) -> Any:
        if depth > self.max_depth:
            raise WireError(f"result nested deeper than {self.max_depth}")
        t = _type(obj)
        self._spend(8)
        if obj is None or t is bool:
            return obj
        if t is int:
            if obj.bit_length() > _MAX_INT_BITS:
                raise WireError(f"integer with more than {MAX_INT_DIGITS} digits")
            self._spend(obj.bit_length() // 3)
            return obj
        if t is float:
            return encode_float(obj)
        if t is str:
            self._spend(_len(obj) * 2)
            return str.__str__(obj)
        if t is complex:
            return {"$complex": [encode_float(obj.real), encode_float(obj.imag)]}
        if t is list:
            return [self.encode(x, depth + 1) for x in _list_iter(obj)]
        if t is collections.deque:
            return [self.encode(x, depth + 1) for x in _deque_iter(obj)]
        if t is tuple or (issubclass(t, tuple) and hasattr(t, "_fields")):
            return {"$tuple": [self.encode(x, depth + 2) for x in _tuple_iter(obj)]}
        if t in _DICT_TYPES:
            return self._encode_dict(obj, depth)
        if t is set or t is frozenset:
            it = _set_iter(obj) if t is set else _frozenset_iter(obj)
            items = [self.encode(x, depth + 2) for x in it]
            return {"$set": _sorted_items(items)}
        if t is TreeNode or t.__name__ == "TreeNode":
            return {"$tree": self._encode_tree(obj, depth)}
        if t is ListNode or t.__name__ == "ListNode":
            return {"$linked_list": self._encode_list(obj, depth)}
        np = _numpy()
        if np is not None:
            if issubclass(t, np.ndarray):
                return self._encode_array(np, obj)
            if t in _numpy_scalar_types(np):
                return self.encode(np.generic.item(obj), depth)
        raise WireError(f"unsupported return type {t.__name__[:60]}")

    def _encode_dict(self, obj: Any, depth: int) -> Any:
        pairs = list(_dict_items(obj))
        if all(_type(k) is str and not k.startswith("$") for k, _ in pairs):
            out: dict[str, Any] = {}
            for k, v in pairs:
                self._spend(_len(k) * 2)
                out[str.__str__(k)] = self.encode(v, depth + 1)
            return out
        return {"$dict": [[self.encode(k, depth + 3), self.encode(v, depth + 3)] for k, v in pairs]}

    def _node_fields(self, node: Any, names: tuple[str, ...]) -> list[Any]:
        # Read the instance dict only: no properties or __getattr__ of candidate classes.
        d = object.__getattribute__(node, "__dict__")
        if _type(d) is not dict:
            raise WireError("node without a plain __dict__")
        missing = object()
        vals = [dict.get(d, n, missing) for n in names]
        if any(v is missing for v in vals):
            raise WireError(f"node lacks attributes {names}")
        return vals

    def _encode_tree(self, root: Any, depth: int) -> list[Any]:
        out: list[Any] = []
        seen: set[int] = set()
        queue: collections.deque[Any] = collections.deque([root])
        while queue:
            node = queue.popleft()
            self._spend(4)
            if node is None:
                out.append(None)
                continue
            nt = _type(node)
            if not (nt is TreeNode or nt.__name__ == "TreeNode"):
                raise WireError("tree child is not a TreeNode")
            if _id(node) in seen:
                raise WireError("tree contains a cycle or a shared node")
            seen.add(_id(node))
            val, left, right = self._node_fields(node, ("val", "left", "right"))
            out.append(self.encode(val, depth + 2))
            queue.append(left)
            queue.append(right)
        while out and out[-1] is None:
            out.pop()
        return out

    def _encode_list(self, head: Any, depth: int) -> list[Any]:
        out: list[Any] = []
        seen: set[int] = set()
        node = head
        while node is not None:
            nt = _type(node)
            if not (nt is ListNode or nt.__name__ == "ListNode"):
                raise WireError("list next is not a ListNode")
            if _id(node) in seen:
                raise WireError("linked list contains a cycle")
            seen.add(_id(node))
            val, nxt = self._node_fields(node, ("val", "next"))
            out.append(self.encode(val, depth + 2))
            node = nxt
        return out

    def _encode_array(self, np: Any, obj: Any) -> Any:
        # A base-class view + copy: a subclass's overridden methods/attributes are never used.
        base = np.ndarray.view(obj, np.ndarray)
        dt = base.dtype
        if dt.kind not in ARRAY_KINDS or dt.fields is not None or dt.subdtype is not None:
            raise WireError(f"unsupported array dtype {str(dt)[:40]}")
        self._spend(int(base.size) * (24 if dt.kind in "fc" else 12) + 64)
        arr = np.array(base, copy=True, order="C")
        flat = arr.ravel().tolist()
        if dt.kind == "f":
            flat = [encode_float(x) for x in flat]
        elif dt.kind == "c":
            flat = [[encode_float(x.real), encode_float(x.imag)] for x in flat]
        return {"$ndarray": {"dtype": dt.name, "shape": list(arr.shape), "data": flat}}


_SCALARS: list[Any] = []


def _numpy_scalar_types(np: Any) -> tuple[Any, ...]:
    if not _SCALARS:
        names = [
            "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
            "float16", "float32", "float64", "complex64", "complex128", "longlong", "ulonglong",
            "intc", "uintc",
        ]  # fmt: skip
        _SCALARS.extend({getattr(np, n) for n in names if hasattr(np, n)})
    return tuple(_SCALARS)


def _sorted_items(items: list[Any]) -> list[Any]:
    """Sets have no order: sort so that equal sets encode equally (by JSON text if mixed)."""
    try:
        return sorted(items)
    except TypeError:
        import json

        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))


# --------------------------------------------------------------------------- decoding


def decode(obj: Any, hint: str | None = None) -> Any:
    """Build candidate-facing Python objects from wire data sent by the trusted side."""
    if hint == "tree" and _type(obj) is list:
        return build_tree([decode(v) for v in obj])
    if hint == "linked_list" and _type(obj) is list:
        return build_list([decode(v) for v in obj])
    t = _type(obj)
    if t is list:
        return [decode(v) for v in obj]
    if t is not dict:
        return obj
    if _len(obj) == 1:
        ((k, v),) = obj.items()
        if k in TAGS:
            return _decode_tag(k, v)
    return {k: decode(v) for k, v in obj.items()}


def _decode_float(v: Any) -> Any:
    if _type(v) is dict:
        return float(v["$float"])
    return v


def _decode_tag(tag: str, v: Any) -> Any:
    if tag == "$float":
        return float(v)
    if tag == "$complex":
        return complex(_decode_float(v[0]), _decode_float(v[1]))
    if tag == "$tuple":
        return tuple(decode(x) for x in v)
    if tag == "$set":
        return {_freeze(decode(x)) for x in v}
    if tag == "$dict":
        return {_freeze(decode(k)): decode(x) for k, x in v}
    if tag == "$tree":
        return build_tree([decode(x) for x in v])
    if tag == "$linked_list":
        return build_list([decode(x) for x in v])
    # $ndarray
    np = _numpy()
    if np is None:
        raise WireError("an ndarray input needs the numpy sandbox")
    dtype = np.dtype(v["dtype"])
    data = v["data"]
    if dtype.kind == "f":
        data = [_decode_float(x) for x in data]
    elif dtype.kind == "c":
        data = [complex(_decode_float(x[0]), _decode_float(x[1])) for x in data]
    return np.array(data, dtype=dtype).reshape(v["shape"])


def _freeze(x: Any) -> Any:
    if _type(x) is set:
        return frozenset(x)
    if _type(x) is list:
        return tuple(_freeze(v) for v in x)
    return x


def build_tree(values: list[Any]) -> TreeNode | None:
    """LeetCode level-order list (None = missing child) -> TreeNode structure."""
    if not values or values[0] is None:
        return None
    root = TreeNode(values[0])
    queue = collections.deque([root])
    i = 1
    while queue and i < _len(values):
        node = queue.popleft()
        for side in ("left", "right"):
            if i < _len(values) and values[i] is not None:
                child = TreeNode(values[i])
                setattr(node, side, child)
                queue.append(child)
            i += 1
    return root


def build_list(values: list[Any]) -> ListNode | None:
    """Python list -> ListNode chain."""
    head: ListNode | None = None
    for v in reversed(values):
        head = ListNode(v, head)
    return head
