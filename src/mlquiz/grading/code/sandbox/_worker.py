"""Trusted-side handle on one warm worker process: spawn, talk over pipes, kill.

Everything crosses as length-prefixed frames on the worker's stdin/stdout; nothing goes
through the filesystem. Every read has a deadline, so a wedged worker can delay a verdict by
at most the request's wall limit plus a grace period before it is killed.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import select
import signal
import subprocess
import threading
import time
from typing import Any

from ._cgroups import WorkerGroup

BOOT_TIMEOUT = 30.0


class WorkerError(Exception):
    """The worker died, spoke out of protocol, or missed a deadline."""


class WorkerGone(WorkerError):  # noqa: N818 - a kind of WorkerError
    """The worker was already dead when a run was handed to it (nothing of the run ran)."""


class WorkerTimeout(WorkerError):  # noqa: N818 - a kind of WorkerError
    """The worker did not answer before the supervisor's deadline."""


class WorkerHandle:
    """One worker: a bubblewrap (or unsafe-local) process tree serving runs one at a time."""

    def __init__(
        self,
        argv: list[str],
        boot: dict[str, Any],
        env: dict[str, str],
        group: WorkerGroup | None,
    ) -> None:
        self.group = group
        self.runs = 0
        self.ready_info: dict[str, Any] | None = None
        self.started = time.monotonic()
        self.owner = os.getpid()
        self._stderr: collections.deque[bytes] = collections.deque(maxlen=64)
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            close_fds=True,
            start_new_session=True,
            cwd="/",
        )
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self._in = self.proc.stdin.fileno()
        self._out = self.proc.stdout.fileno()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        with contextlib.suppress(OSError):  # reported by ensure_ready with the worker's stderr
            self._send(json.dumps(boot).encode())

    def _drain_stderr(self) -> None:
        stream = self.proc.stderr
        assert stream is not None
        fd = stream.fileno()
        with contextlib.suppress(OSError, ValueError):
            for chunk in iter(lambda: os.read(fd, 4096), b""):
                self._stderr.append(chunk)

    def stderr_tail(self) -> str:
        return b"".join(self._stderr)[-2000:].decode("utf-8", "replace")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def ensure_ready(self) -> dict[str, Any]:
        """Wait for the worker's ``ready`` frame (NumPy imported, loop running)."""
        if self.ready_info is None:
            try:
                info = json.loads(self._recv(time.monotonic() + BOOT_TIMEOUT))
            except (WorkerError, ValueError) as exc:
                raise WorkerError(f"worker failed to start: {exc}; {self.stderr_tail()}") from exc
            if not isinstance(info, dict) or info.get("t") != "ready":
                raise WorkerError("worker sent an unexpected first frame")
            self.ready_info = info
        return self.ready_info

    def request(self, header: bytes, body: bytes, timeout: float) -> tuple[
        dict[str, Any], bytes, bytes
    ]:  # fmt: skip
        """Send one run; return (worker observations, raw result bytes, raw stdout bytes)."""
        self.runs += 1
        deadline = time.monotonic() + timeout
        if self.proc.poll() is not None:
            raise WorkerGone(f"worker exited with {self.proc.returncode}")
        try:
            self._send(header, body)
        except OSError as exc:
            raise WorkerGone(f"worker pipe closed: {exc}") from exc
        try:
            first = self._recv(deadline)
        except WorkerTimeout:
            raise
        except WorkerError as exc:  # EOF before any reply: it was dead or dying already
            raise WorkerGone(str(exc)) from exc
        reply = json.loads(first)
        results = self._recv(deadline)
        out = self._recv(deadline)
        if not isinstance(reply, dict):
            raise WorkerError("worker reply is not an object")
        return reply, results, out

    def _send(self, *parts: bytes) -> None:
        data = b"".join(len(p).to_bytes(4, "big") + p for p in parts)
        view = memoryview(data)
        while view:
            view = view[os.write(self._in, view) :]

    def _read_exact(self, n: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        poller = select.poll()
        poller.register(self._out, select.POLLIN | select.POLLHUP)
        while n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkerTimeout("worker missed the supervisor deadline")
            if not poller.poll(max(1, int(left * 1000))):
                continue
            data = os.read(self._out, min(n, 1 << 20))
            if not data:
                raise WorkerError("worker exited")
            chunks.append(data)
            n -= len(data)
        return b"".join(chunks)

    def _recv(self, deadline: float) -> bytes:
        n = int.from_bytes(self._read_exact(4, deadline), "big")
        if n > 64 << 20:
            raise WorkerError("oversized frame from worker")
        return self._read_exact(n, deadline) if n else b""

    def kill(self) -> None:
        """Tear the whole worker tree down (process group, then the cgroups) and reap."""
        if os.getpid() != self.owner:
            return  # a forked copy of the supervisor does not own this worker
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.group is not None:
            self.group.kill_all()
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        if self.group is not None:
            self.group.remove()
