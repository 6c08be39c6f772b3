"""Trusted side of the wire codec: encode inputs, strictly validate and decode results.

Why strict: a result frame is candidate-controlled bytes. Decoding accepts exactly the shapes
the in-sandbox encoder can produce (see ``inner/wire.py`` and docs/grading.md), so anything a
submission forges is indistinguishable from — and no more powerful than — a value it could
have returned. Nothing is ever unpickled; ndarray data is rebuilt from a flat list with a
whitelisted dtype; custom classes cannot cross.

Decoded Python types: ``None, bool, int, float, complex, str, list, tuple, dict, frozenset,
numpy.ndarray, Tree, LinkedList``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from .inner.wire import TAGS

ARRAY_DTYPES = frozenset(
    {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64", "complex64", "complex128"}
)  # fmt: skip
_MAX_NDIM = 32


class CodecError(ValueError):
    """Data does not follow the wire format."""


@dataclass(frozen=True)
class Tree:
    """A binary tree as its LeetCode level-order list (``None`` = missing child)."""

    values: tuple[Any, ...]


@dataclass(frozen=True)
class LinkedList:
    """A singly linked list as the tuple of its values."""

    values: tuple[Any, ...]


# --------------------------------------------------------------------------- encode inputs


def encode(value: Any, hint: str | None = None) -> Any:
    """Python test input -> wire data. ``hint`` ("tree"/"linked_list") applies to a list."""
    if hint == "tree" and isinstance(value, list | tuple):
        return {"$tree": [encode(v) for v in value]}
    if hint == "linked_list" and isinstance(value, list | tuple):
        return {"$linked_list": [encode(v) for v in value]}
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return _enc_float(float(value))
    if isinstance(value, complex):
        return {"$complex": [_enc_float(value.real), _enc_float(value.imag)]}
    if isinstance(value, Tree):
        return {"$tree": [encode(v) for v in value.values]}
    if isinstance(value, LinkedList):
        return {"$linked_list": [encode(v) for v in value.values]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, set | frozenset):
        items = [encode(v) for v in value]
        return {"$set": sorted(items, key=lambda v: json.dumps(v, sort_keys=True))}
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in TAGS:
            return encode(decode(value, max_depth=1000))  # already tagged: validate
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"$dict": [[encode(k), encode(v)] for k, v in value.items()]}
    return _encode_numpy(value)


def _enc_float(x: float) -> Any:
    if math.isnan(x):
        return {"$float": "nan"}
    if math.isinf(x):
        return {"$float": "inf" if x > 0 else "-inf"}
    return x


def _encode_numpy(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.ndarray):
        arr = np.asarray(value)
        if arr.dtype.name not in ARRAY_DTYPES:
            raise CodecError(f"unsupported input dtype {arr.dtype}")
        flat = arr.ravel().tolist()
        if arr.dtype.kind == "f":
            flat = [_enc_float(x) for x in flat]
        elif arr.dtype.kind == "c":
            flat = [[_enc_float(x.real), _enc_float(x.imag)] for x in flat]
        return {"$ndarray": {"dtype": arr.dtype.name, "shape": list(arr.shape), "data": flat}}
    if isinstance(value, np.generic):
        return encode(value.item())
    raise CodecError(f"unsupported input type {type(value).__name__}")


# --------------------------------------------------------------------------- decode results


def decode(data: Any, max_depth: int) -> Any:
    """Validate wire data (already JSON-parsed) and build plain Python values."""
    return _Decoder(2 * max_depth + 8).value(data, 0)


def parse_json(text: bytes | str) -> Any:
    """Strict JSON: no NaN/Infinity literals, no duplicate keys, bounded nesting."""

    def no_constants(name: str) -> Any:
        raise CodecError(f"non-standard JSON constant {name}")

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            raise CodecError("duplicate key in JSON object")
        return out

    try:
        return json.loads(text, parse_constant=no_constants, object_pairs_hook=pairs)
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        raise CodecError(f"malformed JSON: {str(exc)[:200]}") from exc


class _Decoder:
    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth

    def value(self, v: Any, depth: int) -> Any:
        if depth > self.max_depth:
            raise CodecError("value nested too deeply")
        t = type(v)
        if v is None or t in (bool, int, str):
            return v
        if t is float:
            if not math.isfinite(v):
                raise CodecError("bare non-finite float")
            return v
        if t is list:
            return [self.value(x, depth + 1) for x in v]
        if t is not dict:
            raise CodecError(f"unexpected JSON type {t.__name__}")
        if len(v) == 1:
            ((key, inner),) = v.items()
            if key.startswith("$"):
                return self._tag(key, inner, depth + 1)
        if any(k.startswith("$") for k in v):
            raise CodecError("object key starting with '$' outside a tag")
        return {k: self.value(x, depth + 1) for k, x in v.items()}

    def _float(self, v: Any) -> float:
        if type(v) in (int, float):
            try:
                return float(v)
            except OverflowError:
                raise CodecError("number out of float range") from None
        if type(v) is dict and len(v) == 1 and "$float" in v:
            tag = v["$float"]
            if tag in ("nan", "inf", "-inf"):
                return float(tag)
        raise CodecError("expected a float")

    def _list(self, v: Any) -> list[Any]:
        if type(v) is not list:
            raise CodecError("tag payload must be a list")
        return v

    def _hashable(self, v: Any) -> Any:
        try:
            hash(v)
        except TypeError:
            raise CodecError("set element or dict key is not hashable") from None
        return v

    def _tag(self, tag: str, v: Any, depth: int) -> Any:
        if tag == "$float":
            return self._float({"$float": v})
        if tag == "$complex":
            pair = self._list(v)
            if len(pair) != 2:
                raise CodecError("$complex needs [re, im]")
            return complex(self._float(pair[0]), self._float(pair[1]))
        if tag == "$tuple":
            return tuple(self.value(x, depth + 1) for x in self._list(v))
        if tag == "$set":
            return frozenset(self._hashable(self.value(x, depth + 1)) for x in self._list(v))
        if tag == "$dict":
            out: dict[Any, Any] = {}
            for pair in self._list(v):
                if type(pair) is not list or len(pair) != 2:
                    raise CodecError("$dict needs [key, value] pairs")
                key = self._hashable(self.value(pair[0], depth + 2))
                if key in out:
                    raise CodecError("duplicate $dict key")
                out[key] = self.value(pair[1], depth + 2)
            return out
        if tag == "$tree":
            return Tree(tuple(self.value(x, depth + 1) for x in self._list(v)))
        if tag == "$linked_list":
            return LinkedList(tuple(self.value(x, depth + 1) for x in self._list(v)))
        if tag == "$ndarray":
            return self._ndarray(v)
        raise CodecError(f"unknown tag {tag[:40]!r}")

    def _ndarray(self, v: Any) -> Any:
        import numpy as np

        if type(v) is not dict or set(v) != {"dtype", "shape", "data"}:
            raise CodecError("$ndarray needs exactly dtype, shape, data")
        dtype, shape, data = v["dtype"], v["shape"], v["data"]
        if type(dtype) is not str or dtype not in ARRAY_DTYPES:
            raise CodecError(f"array dtype not allowed: {str(dtype)[:40]!r}")
        if type(shape) is not list or len(shape) > _MAX_NDIM:
            raise CodecError("array shape must be a short list")
        if any(type(n) is not int or n < 0 for n in shape):
            raise CodecError("array shape entries must be non-negative ints")
        if type(data) is not list or math.prod(shape) != len(data):
            raise CodecError("array data length does not match its shape")
        kind = np.dtype(dtype).kind
        if kind == "b":
            if any(type(x) is not bool for x in data):
                raise CodecError("bool array with non-bool data")
            flat: list[Any] = data
        elif kind in "iu":
            if any(type(x) is not int for x in data):
                raise CodecError("integer array with non-integer data")
            flat = data
        elif kind == "f":
            flat = [self._float(x) for x in data]
        else:
            flat = []
            for x in data:
                if type(x) is not list or len(x) != 2:
                    raise CodecError("complex array entries must be [re, im]")
                flat.append(complex(self._float(x[0]), self._float(x[1])))
        try:
            arr = np.array(flat, dtype=dtype)
        except (OverflowError, ValueError) as exc:
            raise CodecError(f"array data out of range for {dtype}") from exc
        return arr.reshape(shape)
