"""Fixtures for the sandbox tests.

Tests that need real isolation use ``sandbox`` / ``numpy_sandbox``. Without bubblewrap and
user namespaces they *skip* locally (saying what to install) but *fail* under ``CI=true``:
CI must never report green for a security suite that did not run.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mlquiz.grading.code.sandbox import (
    Call,
    CapabilityReport,
    Limits,
    Sandbox,
    SandboxRequest,
    SandboxResult,
    check_capabilities,
)

INSTALL = "install them with: sudo scripts/install-sandbox-deps.sh"


def _require(ok: bool, what: str, report: CapabilityReport) -> None:
    if ok:
        return
    msg = f"sandbox {what} unavailable; {INSTALL}\n{report.explain()}"
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail("CI=true and " + msg, pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def capabilities() -> CapabilityReport:
    report = check_capabilities()
    _require(report.ok, "isolation", report)
    return report


@pytest.fixture(scope="session")
def sandbox(capabilities: CapabilityReport) -> Iterator[Sandbox]:
    with Sandbox(workers=1, max_runs_per_worker=1000) as sb:
        yield sb


@pytest.fixture(scope="session")
def numpy_sandbox(sandbox: Sandbox, capabilities: CapabilityReport) -> Sandbox:
    _require(capabilities.numpy_ok, "NumPy tree", capabilities)
    return sandbox


def _run(
    sb: Sandbox,
    code: str,
    *calls: list[Any],
    entry: str = "f",
    numpy: bool = False,
    limits: Limits | None = None,
    arg_types: dict[str, str] | None = None,
) -> SandboxResult:
    """Run ``code`` with one call per positional ``calls`` item (a list of arguments)."""
    req = SandboxRequest(
        code=code,
        entry_point=entry,
        calls=[Call(list(c)) for c in (calls or ([],))],
        numpy=numpy,
        limits=limits or Limits(),
        arg_types=arg_types or {},
    )
    return sb.run(req)


Runner = Callable[..., SandboxResult]


@pytest.fixture(scope="session")
def run() -> Runner:
    """``run(sb, code, [args...], ..., entry="f", numpy=False, limits=None, arg_types=None)``."""
    return _run


# --------------------------------------------------------------------------- host plants


@dataclass
class Host:
    """Things planted on the host before hostile runs, to check containment afterwards."""

    secret: str
    files: list[Path] = field(default_factory=list)
    digests: dict[Path, str] = field(default_factory=dict)
    tcp: socket.socket | None = None
    tcp_port: int = 0
    unix: socket.socket | None = None
    unix_path: str = ""
    abstract: socket.socket | None = None
    abstract_name: str = ""
    sandbox_uid: int | None = None

    def snapshot(self) -> dict[Path, str]:
        out = {}
        for p in self.files:
            try:
                out[p] = hashlib.sha256(p.read_bytes()).hexdigest()
            except OSError:
                out[p] = "missing"
        return out


@pytest.fixture(scope="session")
def host(capabilities: CapabilityReport) -> Iterator[Host]:
    secret = "MLQUIZ-SECRET-" + secrets.token_hex(8)
    h = Host(secret=secret)
    tmp = Path(tempfile.mkdtemp(prefix="mlquiz-host-"))
    (tmp / "hidden_tests.yaml").write_text(f"expected: {secret}\n")
    (tmp / "secret.txt").write_text(secret)
    h.files += [tmp / "hidden_tests.yaml", tmp / "secret.txt"]
    if os.geteuid() == 0:
        root_secret = Path(f"/root/.mlquiz-test-secret-{secrets.token_hex(4)}")
        root_secret.write_text(secret)
        h.files.append(root_secret)
    for p in ("/etc/passwd", "/etc/hostname"):
        if Path(p).exists():
            h.files.append(Path(p))
    h.digests = h.snapshot()
    h.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    h.tcp.bind(("127.0.0.1", 0))
    h.tcp.listen(8)
    h.tcp.setblocking(False)
    h.tcp_port = h.tcp.getsockname()[1]
    h.unix_path = str(tmp / "grader.sock")
    h.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    h.unix.bind(h.unix_path)
    os.chmod(h.unix_path, 0o777)
    h.unix.listen(8)
    h.unix.setblocking(False)
    h.abstract_name = "mlquiz-test-" + secrets.token_hex(4)
    h.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    h.abstract.bind("\0" + h.abstract_name)
    h.abstract.listen(8)
    h.abstract.setblocking(False)
    rt = capabilities.runtime
    h.sandbox_uid = rt.user[0] if rt is not None and rt.user is not None else None
    yield h
    for s in (h.tcp, h.unix, h.abstract):
        if s is not None:
            s.close()
    for p in h.files:
        if str(p).startswith("/root/.mlquiz-test-secret-") or str(p).startswith(str(tmp)):
            p.unlink(missing_ok=True)
    Path(h.unix_path).unlink(missing_ok=True)
    tmp.rmdir()
