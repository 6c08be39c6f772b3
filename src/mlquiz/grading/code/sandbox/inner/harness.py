"""The in-sandbox harness: compile the submission, call it, stream result frames.

Runs in the per-submission child *after* isolation is complete (namespaces, rlimits,
no_new_privs, seccomp). Nothing here is trusted by the other side: the frames are
re-validated outside, and a frame the candidate forges can only claim something the
candidate could have returned legitimately (see docs/grading.md, "Result frames").
"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import os
import sys
import time
import typing
from typing import Any

from . import wire

_write = os.write
_dumps = json.dumps
_perf = time.perf_counter
_exit = os._exit
_MSG_CAP = 2000
#: Names LeetCode-style signatures use without importing them.
_TYPING_NAMES = ("List", "Dict", "Set", "Tuple", "Optional", "Union", "Any", "Deque")


class _Frames:
    """Length-prefixed JSON frames on the result pipe, each carrying the run nonce."""

    def __init__(self, fd: int, nonce: str) -> None:
        self.fd = fd
        self.nonce = nonce
        # Pre-encoded so that reporting an out-of-memory condition needs no allocation.
        self.memory_frame = self._pack({"t": "memory"})

    def _pack(self, obj: dict[str, Any]) -> bytes:
        obj["n"] = self.nonce
        data = _dumps(obj, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode()
        return len(data).to_bytes(4, "big") + data

    def send(self, obj: dict[str, Any]) -> None:
        self.raw(self._pack(obj))

    def raw(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = _write(self.fd, view)
            view = view[n:]


def _describe(exc: BaseException) -> tuple[str, str]:
    """Exception type and message, defensively (``__str__`` is candidate code)."""
    t = type(exc)
    mod = getattr(t, "__module__", "") or ""
    name = str(getattr(t, "__qualname__", "Exception"))[:200]
    if mod not in ("builtins", "solution"):
        name = f"{str(mod)[:100]}.{name}"
    try:
        msg = str(exc)[:_MSG_CAP]
    except BaseException:
        msg = "<unprintable exception>"
    return name, msg


def _resolve(ns: dict[str, Any], entry: str) -> Any:
    """``name`` -> a module-level function; ``Class.method`` -> bound on a fresh instance."""
    head, _, method = entry.partition(".")
    if head not in ns:
        raise NameError(f"entry point {head!r} is not defined")
    obj = ns[head]
    if method:
        return getattr(obj(), method)
    return obj


def run(body: bytes, nonce: str, fd: int, max_depth: int, result_budget: int) -> None:
    """Execute one submission against its calls; never returns."""
    frames = _Frames(fd, nonce)
    out = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), errors="backslashreplace")
    sys.stdout = out
    sys.stderr = out
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
    # The originals point at the worker's streams; the candidate must not reuse them.
    sys.__stdout__ = sys.__stderr__ = out  # type: ignore[misc]
    sys.__stdin__ = sys.stdin  # type: ignore[misc]
    try:
        _run(frames, json.loads(body), max_depth, result_budget)
    except MemoryError:
        with contextlib.suppress(BaseException):
            frames.raw(frames.memory_frame)
    except BaseException:
        pass
    with contextlib.suppress(BaseException):
        out.flush()
    _exit(0)


def _run(frames: _Frames, req: dict[str, Any], max_depth: int, budget: int) -> None:
    code: str = req["code"]
    try:
        compiled = compile(code, "<submission>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        frames.send({"t": "compile_error", "line": line, "msg": str(exc)[:_MSG_CAP]})
        return
    except (RecursionError, MemoryError):
        frames.send({"t": "compile_error", "line": None, "msg": "source too deeply nested"})
        return
    calls: list[dict[str, Any]] = req["calls"]
    hints: dict[str, str] = req.get("hints") or {}
    entry: str = req["entry"]
    ns: dict[str, Any] = {"__name__": "solution", "__builtins__": builtins}
    ns["TreeNode"] = wire.TreeNode
    ns["ListNode"] = wire.ListNode
    for name in _TYPING_NAMES:
        ns[name] = getattr(typing, name)
    del req
    module_error: tuple[str, str] | None = None
    try:
        exec(compiled, ns)
        fn = _resolve(ns, entry)
    except ModuleNotFoundError as exc:
        frames.send({"t": "forbidden_import", "module": str(exc.name)[:200]})
        return
    except MemoryError:
        raise
    except BaseException as exc:
        module_error = _describe(exc)
        fn = None
    encoder = wire.Encoder(budget, max_depth)
    for i, call in enumerate(calls):
        if module_error is not None:
            frames.send({"t": "call", "i": i, "ok": False, "et": module_error[0],
                         "em": module_error[1], "ms": 0.0})  # fmt: skip
            continue
        args = [wire.decode(a, hints.get(str(k))) for k, a in enumerate(call["args"])]
        kwargs = {k: wire.decode(v, hints.get(k)) for k, v in call.get("kwargs", {}).items()}
        t0 = _perf()
        try:
            value = fn(*args, **kwargs)
        except ModuleNotFoundError as exc:
            frames.send({"t": "forbidden_import", "module": str(exc.name)[:200]})
            return
        except MemoryError:
            raise
        except BaseException as exc:
            ms = (_perf() - t0) * 1000
            et, em = _describe(exc)
            frames.send({"t": "call", "i": i, "ok": False, "et": et, "em": em, "ms": ms})
            continue
        ms = (_perf() - t0) * 1000
        try:
            encoded = encoder.encode(value)
        except MemoryError:
            raise
        except BaseException as exc:
            frames.send({"t": "invalid", "i": i, "why": str(exc)[:500]})
            return
        del value
        frames.send({"t": "call", "i": i, "ok": True, "v": encoded, "ms": ms})
    frames.send({"t": "done"})
