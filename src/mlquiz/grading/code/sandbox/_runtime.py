"""Where the sandbox's interpreter, stdlib and NumPy come from, and the worker command line.

Why Debian's ``/usr/bin/python3.11`` and not the interpreter running mlquiz: the workers run
as an unprivileged user, and the project interpreter typically lives somewhere that user
cannot read (pyenv under /root, a venv in a home directory) next to site-packages that must
stay invisible. Debian's interpreter and stdlib are world-readable, and the only third-party
code bound in is a read-only NumPy tree prepared by ``scripts/install-sandbox-deps.sh``.
"""

from __future__ import annotations

import functools
import json
import os
import pwd
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .inner import MODULES

DEFAULT_PYTHON = "/usr/bin/python3.11"
DEFAULT_ROOT = "/opt/mlquiz-sandbox"
DEFAULT_USER = "mlquiz-sandbox"
INSTALL_HINT = "run scripts/install-sandbox-deps.sh as root"
THREAD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    # glibc reserves 64 MiB of address space per malloc arena and thread; under RLIMIT_AS
    # that would make a handful of threads look like a memory bomb.
    "MALLOC_ARENA_MAX": "1",
}

BOOT = """\
import sys, os, json, types, builtins
def _rd(n):
    b = b""
    while len(b) < n:
        c = os.read(0, n - len(b))
        if not c:
            raise SystemExit(3)
        b += c
    return b
_boot = json.loads(_rd(int.from_bytes(_rd(4), "big")))
_pkg = types.ModuleType("mlq_inner")
_pkg.__path__ = []
sys.modules["mlq_inner"] = _pkg
for _name, _src in _boot.pop("modules"):
    _m = types.ModuleType("mlq_inner." + _name)
    _m.__package__ = "mlq_inner"
    # A private snapshot: submissions rebinding builtins do not reach the harness.
    _m.__dict__["__builtins__"] = dict(builtins.__dict__)
    sys.modules[_m.__name__] = _m
    setattr(_pkg, _name, _m)
    exec(compile(_src, "<mlq_inner/" + _name + ".py>", "exec"), _m.__dict__)
del _rd, _pkg, _m, _name, _src
sys.modules["mlq_inner.worker"].main(_boot)
"""


@dataclass(frozen=True)
class Runtime:
    """Host paths bound read-only into every worker, and who the workers run as."""

    bwrap: str
    python: str
    stdlib: str
    libdirs: tuple[str, ...]
    numpy_site: str | None
    user: tuple[int, int] | None  # (uid, gid) to drop to; None when not started as root
    user_name: str | None


def env_python() -> str:
    return os.environ.get("MLQUIZ_SANDBOX_PYTHON", DEFAULT_PYTHON)


def env_root() -> str:
    return os.environ.get("MLQUIZ_SANDBOX_ROOT", DEFAULT_ROOT)


def numpy_site() -> str | None:
    """The read-only NumPy tree, if the install script prepared one."""
    site = Path(env_root()) / "numpy-site"
    return str(site.resolve()) if (site / "numpy" / "__init__.py").is_file() else None


@functools.lru_cache(maxsize=4)
def interpreter_paths(python: str) -> tuple[str, str, tuple[int, int]] | None:
    """(realpath, stdlib dir, version) of an interpreter, or None if it does not run."""
    try:
        out = subprocess.run(
            [python, "-I", "-S", "-c",
             "import sys,sysconfig,json;print(json.dumps([sysconfig.get_paths()['stdlib'],"
             "list(sys.version_info[:2])]))"],
            capture_output=True, timeout=20, check=True, env={"PATH": "/usr/bin:/bin"},
        ).stdout  # fmt: skip
        stdlib, ver = json.loads(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return os.path.realpath(python), str(stdlib), (int(ver[0]), int(ver[1]))


def library_dirs() -> tuple[str, ...]:
    """Shared-library directories the interpreter and NumPy's OpenBLAS need."""
    multiarch = f"{os.uname().machine}-linux-gnu"
    cands = [f"/usr/lib/{multiarch}", "/usr/lib64", f"/lib/{multiarch}", "/lib64"]
    out = []
    for d in cands:
        if os.path.isdir(d) and os.path.realpath(d) == d:  # skip merged-/usr aliases
            out.append(d)
    return tuple(out)


def sandbox_user() -> tuple[tuple[int, int] | None, str | None]:
    """The unprivileged account workers use when mlquiz runs as root (dedicated, else nobody)."""
    if os.geteuid() != 0:
        return None, None
    for name in (os.environ.get("MLQUIZ_SANDBOX_USER", DEFAULT_USER), "nobody"):
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            continue
        if pw.pw_uid != 0:
            return (pw.pw_uid, pw.pw_gid), name
    return None, None


def module_sources() -> list[tuple[str, str]]:
    """The in-sandbox modules as (name, source), shipped over the pipe, never bound in."""
    here = Path(__file__).with_name("inner")
    return [(name, (here / f"{name}.py").read_text()) for name in MODULES]


def bwrap_argv(rt: Runtime, numpy: bool) -> list[str]:
    """bubblewrap command line: new namespaces, read-only root, only stdlib (+ NumPy)."""
    a = [rt.bwrap, "--unshare-all", "--die-with-parent", "--new-session"]
    a += ["--hostname", "sandbox"]
    a += ["--ro-bind", rt.python, rt.python, "--ro-bind", rt.stdlib, rt.stdlib]
    for d in rt.libdirs:
        a += ["--ro-bind", d, d]
    for link in ("/lib", "/lib64"):
        if os.path.islink(link):
            a += ["--symlink", os.readlink(link), link]
    a += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    if numpy:
        if rt.numpy_site is None:
            raise FileNotFoundError("no NumPy tree for the sandbox; " + INSTALL_HINT)
        a += ["--ro-bind", rt.numpy_site, "/sandbox/site"]
    a += ["--proc", "/proc", "--dev", "/dev", "--dir", "/tmp", "--remount-ro", "/"]
    a += ["--clearenv", "--setenv", "PATH", "/usr/bin", "--setenv", "LANG", "C.UTF-8"]
    for k, v in THREAD_ENV.items():
        a += ["--setenv", k, v]
    a += ["--chdir", "/", rt.python, "-I", "-S", "-B", "-c", BOOT]
    return a


def privilege_drop_argv(user: tuple[int, int], cgroup_procs: list[str], argv: list[str]) -> list[
    str
]:  # fmt: skip
    """As root: join the worker's cgroups *before* anything forks, then become the user."""
    shim = 'while [ "$1" != "--" ]; do echo $$ > "$1" || exit 97; shift; done; shift; exec "$@"'
    setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
    drop = [setpriv, f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups"]
    return ["/bin/sh", "-c", shim, "sh", *cgroup_procs, "--", *drop, "--", *argv]


def unsafe_argv() -> list[str]:
    """Unsafe-local worker: the current interpreter, no namespaces (rlimits + seccomp only)."""
    return [sys.executable, "-I", "-S", "-B", "-c", BOOT]


def unsafe_numpy_dir() -> str | None:
    import importlib.util

    spec = importlib.util.find_spec("numpy")
    if spec is None or spec.origin is None:
        return None
    return os.path.dirname(spec.origin)
