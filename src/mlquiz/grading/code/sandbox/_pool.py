"""``Sandbox``: a thread-safe warm pool of workers, one pool per flavour (stdlib / NumPy).

Why two flavours: "NumPy only" is enforced by NumPy being *present* in one filesystem view
and *absent* from the other, and a warm worker has it imported already. Each flavour starts
lazily. Workers are replaced after ``max_runs_per_worker`` runs and after any anomaly.
Processes are spawned from one long-lived thread because bubblewrap's ``--die-with-parent``
follows the *thread* that forked it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import _cgroups, _runtime, codec
from ._sanitize import sanitize_bytes
from ._types import Isolation, SandboxRequest, SandboxResult, SandboxUnavailable
from ._verdict import Decision, Observation, decide
from ._worker import WorkerError, WorkerGone, WorkerHandle, WorkerTimeout
from .capabilities import check_capabilities

log = logging.getLogger(__name__)

SUPERVISOR_GRACE = 3.0  # seconds past wall_seconds before the supervisor kills a worker
MAX_CODE_BYTES = 1 << 20
TMP_MB = 16
WORKER_MEMORY_SLACK_MB = 320  # worker baseline + tmpfs + page cache, above memory_mb


class _Pool:
    """Workers of one flavour."""

    def __init__(self, owner: Sandbox, numpy: bool) -> None:
        self.owner = owner
        self.numpy = numpy
        self.idle: list[WorkerHandle] = []
        self.busy: set[WorkerHandle] = set()
        self.total = 0
        self.cond = threading.Condition()

    def acquire(self) -> WorkerHandle:
        with self.cond:
            while not self.idle and self.total >= self.owner.size:
                if self.owner.closed:
                    raise SandboxUnavailable("sandbox is closed")
                self.cond.wait()
            if self.owner.closed:
                raise SandboxUnavailable("sandbox is closed")
            worker = self.idle.pop() if self.idle else None
            if worker is None:
                self.total += 1
        try:
            if worker is None:
                worker = self.owner.spawn(self.numpy)
            worker.ensure_ready()
        except BaseException:
            if worker is not None:
                worker.kill()
            with self.cond:
                self.total -= 1
                self.cond.notify()
            raise
        with self.cond:
            self.busy.add(worker)
        return worker

    def release(self, worker: WorkerHandle, healthy: bool) -> None:
        replacement: WorkerHandle | None = worker
        if not healthy or worker.runs >= self.owner.max_runs or self.owner.closed:
            worker.kill()
            replacement = None
            if not self.owner.closed:
                try:  # start the replacement now so it warms up while the caller moves on
                    replacement = self.owner.spawn(self.numpy)
                except Exception:
                    log.exception("sandbox: could not start a replacement worker")
        with self.cond:
            self.busy.discard(worker)
            if replacement is None:
                self.total -= 1
            else:
                self.idle.append(replacement)
            self.cond.notify()

    def shutdown(self) -> None:
        with self.cond:
            workers = list(self.idle) + list(self.busy)
            self.idle.clear()
            self.cond.notify_all()
        for w in workers:
            w.kill()


class Sandbox:
    """Run untrusted submissions in warm, isolated workers.

    ``workers`` is the pool size per flavour. ``unsafe_local=True`` runs without bubblewrap
    or namespaces (rlimits and seccomp only) and labels every result ``unsafe-local``; it is
    for self-practice on hosts without the kernel features, never for untrusted users.
    """

    def __init__(
        self, workers: int = 1, *, unsafe_local: bool = False, max_runs_per_worker: int = 200
    ) -> None:
        if workers < 1 or max_runs_per_worker < 1:
            raise ValueError("workers and max_runs_per_worker must be >= 1")
        self.size = workers
        self.max_runs = max_runs_per_worker
        self.closed = False
        self.isolation: Isolation = "unsafe-local" if unsafe_local else "sandbox"
        report = check_capabilities()
        self.report = report
        if unsafe_local:
            log.warning(
                "mlquiz sandbox: UNSAFE LOCAL MODE - submissions run WITHOUT isolation "
                "(no namespaces, no filesystem view). Never use it for untrusted code."
            )
            self._runtime = None
            self._features = _cgroups.Features()
        else:
            if not report.ok or report.runtime is None:
                raise SandboxUnavailable(
                    "cannot isolate untrusted code on this host:\n" + report.explain()
                )
            self._runtime = report.runtime
            self._features = report.cgroups
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="mlquiz-sandbox-spawn")
        self._pools = {False: _Pool(self, False), True: _Pool(self, True)}
        self._counter = 0
        self._lock = threading.Lock()
        self._owner = os.getpid()

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill every worker; later ``run`` calls fail with ``SandboxUnavailable``."""
        if self.closed:
            return
        self.closed = True
        if os.getpid() != self._owner:
            return  # a forked child must not kill the parent's workers
        for pool in self._pools.values():
            pool.shutdown()
        self._spawner.shutdown(wait=True)

    def warm(self, numpy: bool = False) -> None:
        """Start (and wait for) the workers of one flavour ahead of the first request."""
        pool = self._pools[numpy]
        workers = [pool.acquire() for _ in range(self.size)]
        for w in workers:
            pool.release(w, healthy=True)

    def worker_pids(self) -> list[int]:
        """Host pids of the workers' top processes (for operators and containment tests)."""
        out = []
        for pool in self._pools.values():
            with pool.cond:
                out += [w.pid for w in pool.idle] + [w.pid for w in pool.busy]
        return out

    # ------------------------------------------------------------------ spawning

    def spawn(self, numpy: bool) -> WorkerHandle:
        """Start a worker process from the long-lived spawner thread."""
        if numpy and self._runtime is not None and self._runtime.numpy_site is None:
            raise SandboxUnavailable("no NumPy tree for the sandbox; " + _runtime.INSTALL_HINT)
        return self._spawner.submit(self._spawn, numpy).result()

    def _spawn(self, numpy: bool) -> WorkerHandle:
        with self._lock:
            self._counter += 1
            name = f"w{self._counter}"
        boot: dict[str, Any] = {"modules": _runtime.module_sources(), "numpy": numpy}
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **_runtime.THREAD_ENV}
        rt = self._runtime
        if rt is None:
            boot["isolate"] = False
            boot["numpy_dir"] = _runtime.unsafe_numpy_dir() if numpy else None
            return WorkerHandle(_runtime.unsafe_argv(), boot, env, None)
        boot["isolate"] = True
        boot["site"] = "/sandbox/site" if numpy else None
        argv = _runtime.bwrap_argv(rt, numpy)
        group = _cgroups.WorkerGroup(self._features, name) if self._features.any else None
        if rt.user is not None:
            procs = group.procs_files() if group is not None else []
            argv = _runtime.privilege_drop_argv(rt.user, procs, argv)
        return WorkerHandle(argv, boot, env, group)

    # ------------------------------------------------------------------ running

    def run(self, request: SandboxRequest) -> SandboxResult:
        """Run one submission against its calls; never raises for candidate behaviour."""
        t0 = time.monotonic()
        try:
            header, body, nonce = self._encode(request)
        except (codec.CodecError, ValueError, TypeError) as exc:
            return self._result("system_error", t0, detail=f"bad request: {exc}"[:500])
        if self.closed:
            raise SandboxUnavailable("sandbox is closed")
        if os.getpid() != self._owner:
            raise SandboxUnavailable("a Sandbox cannot be used across fork(); create a new one")
        pool = self._pools[request.numpy]
        for attempt in range(3):
            try:
                worker = pool.acquire()
            except (WorkerError, OSError) as exc:
                return self._result("system_error", t0, detail=str(exc)[:2000])
            healthy = False
            try:
                decision, stdout, cpu_ms = self._run_on(worker, request, header, body, nonce)
                healthy = not decision.anomaly
                break
            except WorkerGone as exc:  # died while idle: nothing ran, use a fresh worker
                log.warning("sandbox: idle worker was gone (%s); retrying", exc)
                if attempt == 2:
                    return self._result("system_error", t0, detail=str(exc)[:2000])
            finally:
                pool.release(worker, healthy)
        return SandboxResult(
            status=decision.status,
            calls=decision.calls,
            stdout=stdout,
            wall_ms=(time.monotonic() - t0) * 1000,
            detail=decision.detail,
            cpu_ms=cpu_ms,
            isolation=self.isolation,
        )

    def _result(self, status: Any, t0: float, detail: str) -> SandboxResult:
        wall = (time.monotonic() - t0) * 1000
        return SandboxResult(status, [], "", wall, detail, 0.0, self.isolation)

    def _encode(self, request: SandboxRequest) -> tuple[bytes, bytes, str]:
        lim = request.limits
        if not isinstance(request.code, str) or len(request.code.encode()) > MAX_CODE_BYTES:
            raise ValueError("code must be a str of at most 1 MiB")
        if not request.entry_point or not all(
            p.isidentifier() for p in request.entry_point.split(".", 1)
        ):
            raise ValueError(f"invalid entry point {request.entry_point!r}")
        if lim.wall_seconds <= 0 or lim.cpu_seconds <= 0 or lim.output_kb < 0:
            raise ValueError("limits must be positive")
        hints = {str(k): str(v) for k, v in request.arg_types.items()}
        for v in hints.values():
            if v not in ("tree", "linked_list"):
                raise ValueError(f"unknown arg_types hint {v!r}")
        calls = []
        for call in request.calls:
            args = [codec.encode(a, hints.get(str(i))) for i, a in enumerate(call.args)]
            kwargs = {str(k): codec.encode(v, hints.get(str(k))) for k, v in call.kwargs.items()}
            calls.append({"args": args, "kwargs": kwargs})
        nonce = secrets.token_hex(16)
        body: dict[str, Any] = {"code": request.code, "entry": request.entry_point}
        body["calls"] = calls
        body["hints"] = hints
        header = {
            "nonce": nonce,
            "wall": lim.wall_seconds,
            "cpu": lim.cpu_seconds,
            "mem_mb": lim.memory_mb,
            "output_kb": lim.output_kb,
            "result_kb": lim.result_kb,
            "max_depth": lim.max_depth,
            "tmp_mb": TMP_MB,
            "threads": 32,
        }
        enc = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":"))
        return enc.encode(header).encode(), enc.encode(body).encode(), nonce

    def _run_on(
        self, worker: WorkerHandle, request: SandboxRequest, header: bytes, body: bytes, nonce: str
    ) -> tuple[Decision, str, float]:
        lim = request.limits
        group = worker.group
        if group is not None and lim.memory_mb > 0:
            group.set_memory((lim.memory_mb + TMP_MB + WORKER_MEMORY_SLACK_MB) << 20)
        cpu0 = group.cpu_ns() if group is not None else None
        oom0 = group.oom_kills() if group is not None else None
        try:
            reply, results, out = worker.request(
                header, body, lim.wall_seconds + SUPERVISOR_GRACE + 1.0
            )
        except WorkerTimeout:
            return Decision("timeout", detail="supervisor deadline; worker killed"), "", 0.0
        except WorkerGone:
            raise
        except (WorkerError, OSError, ValueError) as exc:
            tail = worker.stderr_tail()
            return Decision("system_error", detail=f"worker failed: {exc} {tail}"[:2000]), "", 0.0
        cpu1 = group.cpu_ns() if group is not None else None
        oom1 = group.oom_kills() if group is not None else None
        cg_cpu = (cpu1 - cpu0) / 1e6 if cpu0 is not None and cpu1 is not None else None
        oom = (oom1 - oom0) if oom0 is not None and oom1 is not None else 0
        obs = Observation(reply, results, nonce, len(request.calls), lim, cg_cpu, oom)
        decision = decide(obs)
        if decision.status == "system_error":
            decision.detail = f"{decision.detail}; worker stderr: {worker.stderr_tail()}"[:3000]
        stdout = sanitize_bytes(out, lim.output_kb * 1024)
        cpu_ms = float(reply.get("cpu_ms") or 0.0)  # rusage of the run, kernel-measured
        return decision, stdout, cpu_ms
