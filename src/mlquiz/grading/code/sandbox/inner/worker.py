"""The warm worker: a long-lived process inside bubblewrap that forks one child per run.

Why a warm fork: a fresh interpreter with NumPy costs 200-400 ms; forking a process that has
already imported it costs about a millisecond. The worker itself never runs candidate code.
Per run it forks ``A``, which enters fresh user/pid/mount/net/ipc/uts namespaces and forks
``C``, pid 1 of the new pid namespace. The worker is a child subreaper, so ``C`` becomes its
child when ``A`` exits; killing ``C`` tears down the whole namespace (and thus everything the
submission started). ``C`` mounts a fresh /proc and private tmpfs, applies rlimits, drops all
capabilities, sets no_new_privs, loads the seccomp filter and only then runs the harness.

The worker relays raw bytes (result pipe, captured stdout) and its own observations (exit
status, rusage CPU, wall clock, what it killed) to the trusted side; it parses nothing the
submission wrote. The trusted side decides.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import math
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
from typing import Any

from . import harness, seccomp

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_CHILD_SUBREAPER = 36
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
_CAP_VERSION_3 = 0x20080522
_RESULT_FD = 3
_READY_FD = 4

_libc = ctypes.CDLL(None, use_errno=True)


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


# --------------------------------------------------------------------------- framing


def read_exact(fd: int, n: int) -> bytes | None:
    """Read exactly n bytes from a blocking fd; None on EOF."""
    chunks: list[bytes] = []
    while n:
        data = os.read(fd, min(n, 1 << 20))
        if not data:
            return None
        chunks.append(data)
        n -= len(data)
    return b"".join(chunks)


def read_frame(fd: int) -> bytes | None:
    head = read_exact(fd, 4)
    if head is None:
        return None
    return read_exact(fd, int.from_bytes(head, "big")) if head != b"\0\0\0\0" else b""


def write_frames(fd: int, *parts: bytes) -> None:
    data = b"".join(len(p).to_bytes(4, "big") + p for p in parts)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


# --------------------------------------------------------------------------- worker loop


def main(boot: dict[str, Any]) -> None:
    """Serve runs until the trusted side closes our stdin."""
    _check(_libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl(CHILD_SUBREAPER)")
    numpy_version = None
    if boot.get("numpy"):
        site = boot.get("site")
        if boot.get("numpy_dir"):  # unsafe-local: expose only numpy through a symlink dir
            site = tempfile.mkdtemp(prefix="mlquiz-np-")
            os.symlink(boot["numpy_dir"], os.path.join(site, "numpy"))
        if site:
            sys.path.insert(0, site)
        import numpy

        numpy_version = numpy.__version__
    spare = _prefork(boot)
    ready = {"t": "ready", "pid": os.getpid(), "numpy": numpy_version, "py": sys.version}
    write_frames(1, json.dumps(ready).encode())
    while True:
        head = read_frame(0)
        body = read_frame(0)
        if head is None or body is None:
            return
        hdr = json.loads(head)
        try:
            reply, results, out = run_one(spare, hdr, body)
        except Exception as exc:
            reply, results, out = {"t": "error", "detail": repr(exc)[:500]}, b"", b""
        del body
        write_frames(1, json.dumps(reply).encode(), results, out)
        # Fork and namespace the next run's parent now, off the critical path. If that
        # fails, exit: the trusted side sees the worker gone and starts a fresh one.
        spare = _prefork(boot)


class _Spare:
    """A pre-forked process ``A``, already in fresh namespaces, waiting for its request."""

    def __init__(self, pid: int, fds: dict[str, int], workdir: str | None) -> None:
        self.pid = pid
        self.fds = fds
        self.workdir = workdir


def _prefork(boot: dict[str, Any]) -> _Spare:
    isolate = bool(boot.get("isolate"))
    res_r, res_w = os.pipe()  # C -> W: result frames
    out_r, out_w = os.pipe()  # C -> W: stdout and stderr
    pid_r, pid_w = os.pipe()  # A -> W: the run's pid
    rdy_r, rdy_w = os.pipe()  # C -> W: "R" once isolation is complete (a separate pipe)
    req_r, req_w = os.pipe()  # W -> A: the request
    workdir = None if isolate else tempfile.mkdtemp(prefix="mlquiz-run-")
    a = os.fork()
    if a == 0:  # process A
        try:
            for fd in (res_r, out_r, pid_r, rdy_r, req_w, 0, 1):
                os.close(fd)
            _process_a(boot, req_r, res_w, out_w, pid_w, rdy_w, workdir)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(70)
    for fd in (res_w, out_w, pid_w, rdy_w, req_r):
        os.close(fd)
    fds = {"res": res_r, "out": out_r, "pid": pid_r, "rdy": rdy_r, "req": req_w}
    return _Spare(a, fds, workdir)


def run_one(spare: _Spare, hdr: dict[str, Any], body: bytes) -> tuple[
    dict[str, Any], bytes, bytes
]:  # fmt: skip
    """Hand the request to the spare ``A``, watch the run until exit or a limit."""
    t0 = time.monotonic()
    fds = spare.fds
    try:
        with contextlib.suppress(OSError):  # A died in setup: reported via the pid pipe
            write_frames(fds["req"], json.dumps(hdr).encode(), body)
        os.close(fds["req"])
        return _watch(hdr, spare.pid, t0, fds["res"], fds["out"], fds["pid"], fds["rdy"])
    finally:
        for fd in fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        if spare.workdir:
            shutil.rmtree(spare.workdir, ignore_errors=True)


def _watch(
    hdr: dict[str, Any], a: int, t0: float, res_r: int, out_r: int, pid_r: int, rdy_r: int
) -> tuple[dict[str, Any], bytes, bytes]:
    ready = select.select([pid_r], [], [], 10.0)[0]
    raw = os.read(pid_r, 4) if ready else b""
    _, a_status = os.waitpid(a, 0)
    if len(raw) != 4:
        detail = f"run setup failed in the namespace step (status {a_status})"
        return {"t": "error", "detail": detail}, b"", b""
    c = int.from_bytes(raw, "big")
    pidfd = os.pidfd_open(c)
    deadline = t0 + float(hdr["wall"])
    out_cap = int(hdr["output_kb"]) * 1024
    res_cap = int(hdr["result_kb"]) * 1024 + 65536
    bufs: dict[int, list[bytes]] = {res_r: [], out_r: []}
    sizes = {res_r: 0, out_r: 0}
    poller = select.poll()
    for fd in (res_r, out_r, pidfd, rdy_r):
        poller.register(fd, select.POLLIN)
    live = {res_r, out_r}
    exited = False
    killed = None
    isolated = False
    while live or not exited:
        left = deadline - time.monotonic()
        if left <= 0:
            killed = "wall"
            break
        for fd, _ev in poller.poll(max(1, math.ceil(left * 1000))):
            if fd == pidfd:
                exited = True
                poller.unregister(pidfd)
                continue
            if fd == rdy_r:
                isolated = isolated or os.read(rdy_r, 1) == b"R"
                poller.unregister(rdy_r)
                continue
            data = os.read(fd, 65536)
            if not data:
                live.discard(fd)
                poller.unregister(fd)
                continue
            sizes[fd] += len(data)
            if fd == out_r and sizes[fd] > out_cap:
                bufs[fd].append(data[: max(0, out_cap - (sizes[fd] - len(data)))])
                killed = "output"
            elif fd == res_r and sizes[fd] > res_cap:
                killed = "result"
            else:
                bufs[fd].append(data)
        if killed:
            break
    if killed:
        with contextlib.suppress(ProcessLookupError):
            os.kill(c, signal.SIGKILL)
    _, status, ru = os.wait4(c, 0)
    os.close(pidfd)
    wall_ms = (time.monotonic() - t0) * 1000
    if not isolated and not killed:
        # Setup output (a traceback) is operator diagnostics; candidate code never ran.
        diag = b"".join(bufs[out_r])[-1500:].decode("utf-8", "replace")
        return {"t": "error", "detail": f"run setup failed (status {status}): {diag}"}, b"", b""
    reply = {
        "t": "result",
        "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "killed": killed,
        "wall_ms": wall_ms,
        "cpu_ms": (ru.ru_utime + ru.ru_stime) * 1000,
        "maxrss_kb": ru.ru_maxrss,
        "stdout_bytes": sizes[out_r],
    }
    return reply, b"".join(bufs[res_r]), b"".join(bufs[out_r])


# --------------------------------------------------------------------------- process A


def _process_a(
    boot: dict[str, Any],
    req_r: int,
    res_w: int,
    out_w: int,
    pid_w: int,
    rdy_w: int,
    workdir: str | None,
) -> None:
    if boot.get("isolate"):
        uid, gid = os.getuid(), os.getgid()
        flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC
        _check(_libc.unshare(flags | CLONE_NEWUTS), "unshare")
        _write_file("/proc/self/uid_map", f"{uid} {uid} 1")
        _write_file("/proc/self/setgroups", "deny")
        _write_file("/proc/self/gid_map", f"{gid} {gid} 1")
    head = read_frame(req_r)
    body = read_frame(req_r)
    if head is None or body is None:  # the worker is shutting down
        os._exit(0)
    os.close(req_r)
    hdr = json.loads(head)
    c = os.fork()
    if c == 0:
        try:
            os.close(pid_w)
            _process_c(boot, hdr, body, res_w, out_w, rdy_w, workdir)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(71)
    os.write(pid_w, c.to_bytes(4, "big"))
    os._exit(0)


def _write_file(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- process C


def _mount(src: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    _check(
        _libc.mount(
            src.encode(), target.encode(), fstype.encode() if fstype else None, flags,
            data.encode() if data else None,
        ),
        f"mount {target}",
    )  # fmt: skip


def _drop_capabilities() -> None:
    """Empty the bounding, ambient, effective, permitted and inheritable sets."""
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break
    header = (ctypes.c_uint32 * 2)(_CAP_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    _check(_libc.capset(header, data), "capset")


def _set_rlimits(hdr: dict[str, Any], isolate: bool) -> None:
    # soft == hard: the run is pid 1 of its namespace, which ignores SIGXCPU; the kernel's
    # SIGKILL at the hard limit is the enforcement (the trusted side labels it a timeout).
    cpu = max(1, math.ceil(float(hdr["cpu"])))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    mem = int(hdr["mem_mb"]) * 1024 * 1024
    if mem > 0:
        with open("/proc/self/status") as fh:
            vm = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmSize:"))
        resource.setrlimit(resource.RLIMIT_AS, (vm * 1024 + mem, vm * 1024 + mem))
    fsize = int(hdr.get("tmp_mb", 16)) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_MSGQUEUE, (0, 0))
    if isolate:  # counts threads; meaningless for a shared uid outside a fresh userns
        threads = int(hdr.get("threads", 32))
        resource.setrlimit(resource.RLIMIT_NPROC, (threads, threads))


def _process_c(
    boot: dict[str, Any],
    hdr: dict[str, Any],
    body: bytes,
    res_w: int,
    out_w: int,
    ready_w: int,
    workdir: str | None,
) -> None:
    isolate = bool(boot.get("isolate"))
    if isolate:
        tmp_mb = int(hdr.get("tmp_mb", 16))
        _mount("none", "/", None, MS_REC | MS_PRIVATE, None)
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
        opts = f"size={tmp_mb}m,nr_inodes=2048,mode=1777"
        _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, opts)
        _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=64")
        _check(_libc.sethostname(b"sandbox", 7), "sethostname")
        os.chdir("/tmp")
    elif workdir:
        os.chdir(workdir)
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    os.dup2(res_w, _RESULT_FD)
    os.dup2(ready_w, _READY_FD)
    os.closerange(_READY_FD + 1, 1 << 16)
    os.environ.clear()
    os.environ.update({"PATH": "/usr/bin", "HOME": "/tmp", "LANG": "C.UTF-8"})
    _set_rlimits(hdr, isolate)
    if isolate:
        _drop_capabilities()
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    seccomp.install()
    sys.setrecursionlimit(10_000)
    # Isolation is complete: tell the worker, and drop the channel before candidate code.
    os.write(_READY_FD, b"R")
    os.close(_READY_FD)
    harness.run(
        body,
        str(hdr["nonce"]),
        _RESULT_FD,
        int(hdr["max_depth"]),
        int(hdr["result_kb"]) * 1024,
    )
