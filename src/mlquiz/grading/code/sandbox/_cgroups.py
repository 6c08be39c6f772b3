"""Per-worker cgroups, where the host lets us have them (feature-detected, root only).

Why per worker rather than per run: creating and populating a cgroup is privileged, so it is
done by the trusted side once per worker, before the worker forks anything (a shell shim
writes its own pid into ``cgroup.procs`` and then execs bubblewrap). Per-run limits are
rlimits inside the run; the cgroup is the outer belt: ``pids.max`` caps fork/thread bombs,
``memory.limit_in_bytes`` caps what the rlimit cannot see, ``cpuacct.usage`` measures CPU
from outside, and a v2 group's ``cgroup.kill`` takes the whole worker tree down at once.
The sandbox user cannot write any of these files (root-owned, and /sys is not in its view).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

V1_ROOT = Path("/sys/fs/cgroup")
V2_CANDIDATES = (Path("/sys/fs/cgroup/unified"), Path("/sys/fs/cgroup"))
PIDS_MAX = 256


def _own_path(controller: str) -> str | None:
    """This process's cgroup path in a v1 hierarchy (``controller``) or v2 (``""``)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _hid, ctrls, path = line.split(":", 2)
        if controller in ctrls.split(","):
            return path
    return None


def _v1_base(controller: str) -> Path | None:
    mount = V1_ROOT / controller
    own = _own_path(controller)
    if own is None or not (mount / "cgroup.procs").exists():
        return None
    base = mount / own.lstrip("/")
    return base if os.access(base, os.W_OK) else None


def _v2_base() -> Path | None:
    own = _own_path("")
    if own is None:
        return None
    for mount in V2_CANDIDATES:
        if (mount / "cgroup.controllers").exists():
            base = mount / own.lstrip("/")
            if os.access(base, os.W_OK):
                return base
    return None


@dataclass
class Features:
    """Which cgroup pieces are usable on this host."""

    pids: Path | None = None
    memory: Path | None = None
    cpuacct: Path | None = None
    v2: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return any((self.pids, self.memory, self.cpuacct, self.v2))


def detect() -> Features:
    """Probe by creating and removing a scratch group in each candidate hierarchy."""
    f = Features()
    if os.geteuid() != 0:
        f.notes.append("not root: cgroups not managed (rlimits only)")
        return f
    for name in ("pids", "memory", "cpuacct"):
        base = _v1_base(name)
        if base is not None and _probe(base):
            setattr(f, name, base)
    v2 = _v2_base()
    if v2 is not None and _probe(v2, need="cgroup.kill"):
        f.v2 = v2
    return f


def _probe(base: Path, need: str = "cgroup.procs") -> bool:
    probe = base / f"mlquiz-probe-{os.getpid()}"
    try:
        probe.mkdir(exist_ok=True)
        ok = (probe / need).exists()
        probe.rmdir()
        return ok
    except OSError:
        return False


class WorkerGroup:
    """The set of cgroups (one per usable hierarchy) holding one worker's process tree."""

    def __init__(self, features: Features, name: str) -> None:
        self.dirs: dict[str, Path] = {}
        for kind in ("pids", "memory", "cpuacct", "v2"):
            base = getattr(features, kind)
            if base is None:
                continue
            d = base / f"mlquiz-sandbox-{os.getpid()}" / name
            try:
                d.mkdir(parents=True, exist_ok=True)
            except OSError:
                continue
            self.dirs[kind] = d
        if "pids" in self.dirs:
            _write(self.dirs["pids"] / "pids.max", str(PIDS_MAX))

    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs.values()]

    def set_memory(self, limit_bytes: int) -> None:
        if "memory" in self.dirs:
            _write(self.dirs["memory"] / "memory.limit_in_bytes", str(limit_bytes))

    def cpu_ns(self) -> int | None:
        if "cpuacct" not in self.dirs:
            return None
        try:
            return int((self.dirs["cpuacct"] / "cpuacct.usage").read_text())
        except (OSError, ValueError):
            return None

    def oom_kills(self) -> int | None:
        if "memory" not in self.dirs:
            return None
        try:
            for line in (self.dirs["memory"] / "memory.oom_control").read_text().splitlines():
                if line.startswith("oom_kill "):
                    return int(line.split()[1])
        except (OSError, ValueError):
            return None
        return None

    def kill_all(self) -> None:
        """Kill every process in the group (v2 cgroup.kill, else SIGKILL each listed pid)."""
        if "v2" in self.dirs:
            _write(self.dirs["v2"] / "cgroup.kill", "1")
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:  # wait until the tree is really gone
            pids = {pid for d in self.dirs.values() for pid in _pids(d)}
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)

    def remove(self) -> None:
        """Remove the (empty) groups; retried briefly while the kernel reaps the tree."""
        for d in self.dirs.values():
            for _ in range(50):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)
            with contextlib.suppress(OSError):
                d.parent.rmdir()  # the per-process parent, once the last worker is gone


def _pids(d: Path) -> list[int]:
    try:
        return [int(x) for x in (d / "cgroup.procs").read_text().split()]
    except (OSError, ValueError):
        return []


def _write(path: Path, text: str) -> None:
    with contextlib.suppress(OSError):
        path.write_text(text)
