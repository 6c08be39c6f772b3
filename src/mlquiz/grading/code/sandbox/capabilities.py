"""What this host offers for isolation, and exactly how to fix what is missing.

Why a live probe: "bwrap is installed" is not the same as "bwrap works here" (user
namespaces may be disabled by sysctl or AppArmor, the sandbox user may be unable to read the
interpreter). The probe starts bubblewrap with the real filesystem view and, inside it, does
what every run does: a nested user+pid+mount+net namespace and a fresh /proc.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

from . import _cgroups, _runtime
from .inner import seccomp

_PROBE = """\
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
uid, gid = os.getuid(), os.getgid()
pid = os.fork()
if pid == 0:
    if libc.unshare(0x10000000 | 0x20000 | 0x20000000 | 0x40000000 | 0x08000000 | 0x04000000):
        os._exit(10)
    open("/proc/self/uid_map", "w").write(f"{uid} {uid} 1")
    open("/proc/self/setgroups", "w").write("deny")
    open("/proc/self/gid_map", "w").write(f"{gid} {gid} 1")
    c = os.fork()
    if c == 0:
        libc.mount(b"none", b"/", None, 16384 | (1 << 18), None)
        os._exit(0 if libc.mount(b"proc", b"/proc", b"proc", 0, None) == 0 else 11)
    os._exit(os.waitstatus_to_exitcode(os.waitpid(c, 0)[1]))
print("probe-ok" if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0 else "probe-ns-fail")
"""

USERNS_FIX = (
    "enable unprivileged user namespaces: sysctl -w user.max_user_namespaces=15000; "
    "on Debian kernels also sysctl -w kernel.unprivileged_userns_clone=1; on Ubuntu 24.04+ "
    "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (or an AppArmor profile for "
    "bwrap); inside Docker run with --security-opt seccomp=unconfined (or a profile allowing "
    "unshare/clone with namespace flags) and without a read-only /proc"
)


@dataclass(frozen=True)
class Capability:
    """One requirement: present or not, whether isolation needs it, and the fix."""

    name: str
    ok: bool
    required: bool
    detail: str
    fix: str = ""


@dataclass(frozen=True)
class CapabilityReport:
    """Everything ``check_capabilities`` found; ``ok`` means untrusted code may run."""

    items: tuple[Capability, ...]
    runtime: _runtime.Runtime | None
    cgroups: _cgroups.Features

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.items if c.required)

    @property
    def numpy_ok(self) -> bool:
        return self.ok and self.runtime is not None and self.runtime.numpy_site is not None

    def missing(self) -> list[Capability]:
        return [c for c in self.items if not c.ok]

    def explain(self) -> str:
        """Human-readable list of what is missing and how to get it."""
        lines = []
        for c in self.missing():
            kind = "required" if c.required else "optional"
            lines.append(f"- {c.name} ({kind}): {c.detail}\n  fix: {c.fix}")
        return "\n".join(lines) or "all sandbox capabilities present"

    def __str__(self) -> str:
        rows = [f"[{'ok' if c.ok else 'MISSING'}] {c.name}: {c.detail}" for c in self.items]
        if self.missing():
            rows.append(self.explain())
        return "\n".join(rows)


def check_capabilities(refresh: bool = False) -> CapabilityReport:
    """Probe the host (cached; ``refresh=True`` probes again)."""
    if refresh:
        _check.cache_clear()
    return _check()


@functools.lru_cache(maxsize=1)
def _check() -> CapabilityReport:
    items: list[Capability] = []
    hint = _runtime.INSTALL_HINT
    bwrap = shutil.which("bwrap") or ("/usr/bin/bwrap" if os.path.exists("/usr/bin/bwrap") else "")
    items.append(
        Capability(
            "bubblewrap",
            bool(bwrap),
            True,
            bwrap or "bwrap not found",
            f"apt-get install bubblewrap ({hint})",
        )
    )
    python = _runtime.env_python()
    paths = _runtime.interpreter_paths(python)
    py_ok = paths is not None and paths[2] >= (3, 11)
    items.append(
        Capability(
            "sandbox interpreter", py_ok,
            True, f"{python} -> {paths}" if paths else f"{python} does not run",
            f"apt-get install python3.11 ({hint}), or set MLQUIZ_SANDBOX_PYTHON",
        )
    )  # fmt: skip
    site = _runtime.numpy_site()
    items.append(
        Capability(
            "sandbox NumPy tree",
            site is not None,
            False,
            site or f"no {_runtime.env_root()}/numpy-site (numpy requests unavailable)",
            hint,
        )
    )
    user, user_name = _runtime.sandbox_user()
    if os.geteuid() == 0:
        dedicated = user_name == os.environ.get("MLQUIZ_SANDBOX_USER", _runtime.DEFAULT_USER)
        items.append(
            Capability(
                "unprivileged sandbox user",
                user is not None,
                True,
                f"{user_name} {user}" if user else "no unprivileged user to run as",
                f"{hint} (creates user {_runtime.DEFAULT_USER})",
            )
        )
        if user is not None and not dedicated:
            items.append(
                Capability(
                    "dedicated sandbox user",
                    False,
                    False,
                    f"falling back to shared user {user_name}",
                    hint,
                )
            )
    sec_ok = seccomp.supported() and _seccomp_available()
    items.append(
        Capability(
            "seccomp filter",
            sec_ok,
            True,
            f"arch {os.uname().machine}, filter mode "
            f"{'available' if _seccomp_available() else 'unavailable'}",
            "a Linux x86_64 kernel with CONFIG_SECCOMP_FILTER",
        )
    )
    rt = None
    if bwrap and py_ok and paths is not None and (os.geteuid() != 0 or user is not None):
        rt = _runtime.Runtime(
            bwrap=bwrap, python=paths[0], stdlib=paths[1], libdirs=_runtime.library_dirs(),
            numpy_site=site, user=user, user_name=user_name,
        )  # fmt: skip
        ok, detail = _probe(rt)
        items.append(Capability("user namespaces in bubblewrap", ok, True, detail, USERNS_FIX))
        if not ok:
            rt = None
    else:
        items.append(
            Capability(
                "user namespaces in bubblewrap",
                False,
                True,
                "not probed (prerequisites missing)",
                USERNS_FIX,
            )
        )
    cg = _cgroups.detect()
    have = [k for k in ("pids", "memory", "cpuacct", "v2") if getattr(cg, k) is not None]
    items.append(
        Capability(
            "cgroups",
            cg.any,
            False,
            f"usable: {', '.join(have) or 'none'} {'; '.join(cg.notes)}".strip(),
            "run mlquiz as root on a host with cgroup v1 pids/memory/cpuacct or a "
            "cgroup v2 with cgroup.kill (rlimits still apply without them)",
        )
    )
    return CapabilityReport(tuple(items), rt, cg)


def _seccomp_available() -> bool:
    try:
        with open("/proc/sys/kernel/seccomp/actions_avail") as fh:
            return "errno" in fh.read()
    except OSError:
        return False


def _probe(rt: _runtime.Runtime) -> tuple[bool, str]:
    argv = _runtime.bwrap_argv(rt, numpy=False)
    argv[-1] = _PROBE  # replace the worker bootstrap with the probe script
    if rt.user is not None:
        argv = _runtime.privilege_drop_argv(rt.user, [], argv)
    try:
        proc = subprocess.run(
            argv, capture_output=True, timeout=30, env={"PATH": "/usr/bin:/bin"}, cwd="/"
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return False, f"bwrap probe failed to start: {exc}"
    out = proc.stdout.decode(errors="replace").strip()
    if "probe-ok" in out:
        return True, "bwrap + nested user/pid/mount/net namespaces work"
    err = proc.stderr.decode(errors="replace").strip()[-300:]
    return False, f"bwrap probe failed (rc={proc.returncode}): {out} {err}".strip()
