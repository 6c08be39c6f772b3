"""Sandbox-layer benchmark: warm-pool overhead, cold-start ratio, two-worker speedup.

Run: ``.venv/bin/python bench/grader.py`` (needs scripts/install-sandbox-deps.sh). Not a test.

- overhead: supervisor-measured wall time of a trivial NumPy submission minus the time the
  candidate's own call took (as the harness measured it), warm pool, p50 and p95;
- cold_ratio: p50 of a cold sandboxed interpreter per submission (bubblewrap + fresh python +
  ``import numpy`` + the same call) divided by the warm p50 wall time;
- two_worker_speedup: throughput of 2 workers fed by 2 threads over 1 worker, with a
  submission burning ~50 ms of CPU.

Targets: overhead_p50_ms <= 20, cold_ratio >= 10, two_worker_speedup >= 1.7.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time

from mlquiz.grading.code.sandbox import (
    Call,
    Sandbox,
    SandboxRequest,
    _runtime,
    check_capabilities,
)

TRIVIAL = "import numpy as np\ndef f(x):\n    return np.asarray(x) + 1\n"
BURN = (
    "import time\n"
    "def f():\n"
    "    t = time.process_time()\n"
    "    while time.process_time() - t < 0.05:\n"
    "        pass\n"
    "    return 1\n"
)
COLD_SCRIPT = (
    "import sys\nsys.path.insert(0, '/sandbox/site')\nimport numpy as np\n"
    "def f(x):\n    return np.asarray(x) + 1\nprint(f([1, 2]).tolist())\n"
)


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def warm_overhead(n: int) -> tuple[list[float], list[float]]:
    with Sandbox(workers=1) as sb:
        sb.warm(numpy=True)
        req = SandboxRequest(TRIVIAL, "f", [Call([[1, 2, 3]])], numpy=True)
        for _ in range(5):
            sb.run(req)
        walls, overheads = [], []
        for _ in range(n):
            r = sb.run(req)
            assert r.status == "ok", r.detail
            walls.append(r.wall_ms)
            overheads.append(r.wall_ms - sum(c.elapsed_ms for c in r.calls))
    return walls, overheads


def cold_runs(n: int) -> list[float]:
    report = check_capabilities()
    rt = report.runtime
    assert rt is not None
    argv = _runtime.bwrap_argv(rt, numpy=True)
    argv[-1] = COLD_SCRIPT
    if rt.user is not None:
        argv = _runtime.privilege_drop_argv(rt.user, [], argv)
    env = {"PATH": "/usr/bin:/bin", **_runtime.THREAD_ENV}
    out = []
    for _ in range(n):
        t0 = time.monotonic()
        proc = subprocess.run(argv, capture_output=True, env=env, cwd="/", check=False)
        out.append((time.monotonic() - t0) * 1000)
        assert b"[2, 3]" in proc.stdout, proc.stderr[-500:]
    return out


def throughput(workers: int, n: int) -> float:
    with Sandbox(workers=workers) as sb:
        sb.warm()
        req = SandboxRequest(BURN, "f", [Call([])])
        sb.run(req)
        todo = list(range(n))
        lock = threading.Lock()

        def client() -> None:
            while True:
                with lock:
                    if not todo:
                        return
                    todo.pop()
                r = sb.run(req)
                assert r.status == "ok", r.detail

        t0 = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return n / (time.monotonic() - t0)


def main() -> int:
    report = check_capabilities()
    if not report.numpy_ok:
        print(report, file=sys.stderr)
        print("sandbox unavailable: run scripts/install-sandbox-deps.sh", file=sys.stderr)
        return 2
    walls, overheads = warm_overhead(80)
    cold = cold_runs(8)
    t1 = throughput(1, 30)
    t2 = throughput(2, 30)
    warm_p50 = statistics.median(walls)
    cold_p50 = statistics.median(cold)
    print(f"warm wall p50={warm_p50:.1f}ms p95={pct(walls, 0.95):.1f}ms")
    print(f"cold wall p50={cold_p50:.1f}ms p95={pct(cold, 0.95):.1f}ms")
    print(f"throughput 1 worker={t1:.1f}/s 2 workers={t2:.1f}/s (~50 ms CPU each)")
    print(
        f"overhead_p50_ms={statistics.median(overheads):.1f} "
        f"overhead_p95_ms={pct(overheads, 0.95):.1f} "
        f"cold_ratio={cold_p50 / warm_p50:.1f} two_worker_speedup={t2 / t1:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
