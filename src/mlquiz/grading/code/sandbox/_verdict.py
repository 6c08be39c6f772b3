"""Turn what the worker observed and relayed into a ``SandboxResult`` status.

This is the only place a status is decided, and it runs on the trusted side. Inputs are the
worker's observations (exit status, rusage CPU, what it killed), the supervisor's own (wall
clock, cgroup CPU and OOM counters) and the raw result bytes, which are parsed strictly: any
malformed, unauthenticated, out-of-order or duplicate frame makes the run ``result_invalid``.
Exit codes and stdout are never read as a verdict: ``ok`` needs the harness's ``done``
frame, every call's frame in order, *and* a clean exit.
"""

from __future__ import annotations

import math
import signal
from dataclasses import dataclass, field
from typing import Any

from . import codec
from ._sanitize import sanitize
from ._types import CallOutcome, Limits, Status

MSG_CAP = 1000
TYPE_CAP = 120
_TERMINAL = ("done", "compile_error", "forbidden_import", "memory", "invalid")


@dataclass
class Observation:
    """Facts about one run gathered outside the submission's reach."""

    reply: dict[str, Any]
    results: bytes
    nonce: str
    n_calls: int
    limits: Limits
    cgroup_cpu_ms: float | None = None
    oom_kills: int = 0


@dataclass
class Decision:
    status: Status
    calls: list[CallOutcome] = field(default_factory=list)
    detail: str = ""

    @property
    def anomaly(self) -> bool:
        """Whether the worker should be replaced before serving another run."""
        return self.status in ("timeout", "crashed", "result_invalid", "system_error")


class FrameError(ValueError):
    pass


def split_frames(raw: bytes) -> list[bytes]:
    """Length-prefixed frames; trailing garbage or a truncated frame is an error."""
    frames, pos = [], 0
    while pos < len(raw):
        if pos + 4 > len(raw):
            raise FrameError("truncated frame header")
        n = int.from_bytes(raw[pos : pos + 4], "big")
        pos += 4
        if n > len(raw) - pos:
            raise FrameError("truncated frame")
        frames.append(raw[pos : pos + n])
        pos += n
    return frames


def _cpu_exceeded(obs: Observation) -> bool:
    limit_ms = obs.limits.cpu_seconds * 1000
    cpu = float(obs.reply.get("cpu_ms") or 0.0)
    if cpu > limit_ms:
        return True
    # RLIMIT_CPU (whole seconds) kills with SIGKILL; rusage rounds a little below it.
    rlimit_ms = max(1, math.ceil(obs.limits.cpu_seconds)) * 1000
    if obs.reply.get("signal") == signal.SIGKILL and cpu >= rlimit_ms - 100:
        return True
    # The cgroup also counts the worker's own bookkeeping: allow a margin.
    return obs.cgroup_cpu_ms is not None and obs.cgroup_cpu_ms > limit_ms + 250


def decide(obs: Observation) -> Decision:
    reply = obs.reply
    if reply.get("t") != "result":
        return Decision("system_error", detail=f"worker error: {reply.get('detail', '')}"[:500])
    sig = reply.get("signal")
    killed = reply.get("killed")
    try:
        calls, terminal = _parse(obs)
        parse_error = ""
    except (FrameError, codec.CodecError) as exc:
        calls, terminal, parse_error = [], None, str(exc)
    if killed == "wall":
        return Decision("timeout", calls, f"wall clock limit {obs.limits.wall_seconds}s")
    if _cpu_exceeded(obs) or sig == signal.SIGXCPU:
        return Decision("timeout", calls, f"CPU limit {obs.limits.cpu_seconds}s")
    if killed == "output":
        return Decision("output_limit", calls, f"output over {obs.limits.output_kb} KiB")
    if killed == "result":
        return Decision("result_invalid", calls, f"results over {obs.limits.result_kb} KiB")
    if parse_error:
        return Decision("result_invalid", [], f"bad result frame: {parse_error}"[:500])
    if obs.oom_kills > 0 or (terminal or {}).get("t") == "memory":
        return Decision("memory", calls, f"memory limit {obs.limits.memory_mb} MiB")
    if terminal is not None:
        kind = terminal["t"]
        if kind == "compile_error":
            line = terminal.get("line")
            msg = sanitize(str(terminal.get("msg", "")), MSG_CAP)
            where = f"line {line}: " if type(line) is int else ""
            return Decision("compile_error", [], f"{where}{msg}")
        if kind == "forbidden_import":
            mod = sanitize(str(terminal.get("module", "")), 200)
            return Decision("forbidden_import", calls, f"module {mod!r} is not available")
        if kind == "invalid":
            why = sanitize(str(terminal.get("why", "")), 300)
            return Decision("result_invalid", calls, f"return value rejected: {why}")
        if kind == "done" and sig is None and reply.get("exit") == 0:
            if len(calls) == obs.n_calls:
                return Decision("ok", calls)
            return Decision("result_invalid", calls, "done before every call reported")
    if sig is not None:
        name = signal.Signals(sig).name if sig in signal.valid_signals() else str(sig)
        return Decision("crashed", calls, f"killed by {name}")
    return Decision("crashed", calls, f"exited with status {reply.get('exit')} before finishing")


def _parse(obs: Observation) -> tuple[list[CallOutcome], dict[str, Any] | None]:
    calls: list[CallOutcome] = []
    terminal: dict[str, Any] | None = None
    for raw in split_frames(obs.results):
        f = codec.parse_json(raw)
        if type(f) is not dict or f.get("n") != obs.nonce:
            raise FrameError("frame without the run's nonce")
        if terminal is not None:
            raise FrameError("frame after the final frame")
        kind = f.get("t")
        if kind == "call":
            calls.append(_call(f, len(calls), obs))
        elif kind in _TERMINAL:
            terminal = f
        else:
            raise FrameError("unknown frame type")
    return calls, terminal


def _call(f: dict[str, Any], expect: int, obs: Observation) -> CallOutcome:
    if f.get("i") != expect or expect >= obs.n_calls:
        raise FrameError("call frame out of order or duplicated")
    ms = f.get("ms")
    elapsed = float(ms) if isinstance(ms, int | float) and math.isfinite(ms) else 0.0
    if f.get("ok") is True:
        if "v" not in f:
            raise FrameError("call frame without a value")
        value = codec.decode(f["v"], obs.limits.max_depth)
        return CallOutcome("ok", value, elapsed_ms=elapsed)
    if f.get("ok") is False:
        et, em = f.get("et"), f.get("em")
        if type(et) is not str or type(em) is not str:
            raise FrameError("exception frame without type and message")
        return CallOutcome(
            "exception",
            None,
            exception_type=sanitize(et, TYPE_CAP),
            exception_message=sanitize(em, MSG_CAP),
            elapsed_ms=elapsed,
        )
    raise FrameError("call frame without a valid ok flag")
