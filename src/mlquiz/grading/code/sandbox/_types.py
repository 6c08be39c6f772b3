"""Public value types of the sandbox layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal[
    "ok",
    "compile_error",
    "forbidden_import",
    "timeout",
    "memory",
    "output_limit",
    "result_invalid",
    "crashed",
    "system_error",
]
Isolation = Literal["sandbox", "unsafe-local"]


@dataclass(frozen=True)
class Limits:
    """Per-request resource limits.

    ``cpu_seconds`` is enforced by RLIMIT_CPU (whole seconds, rounded up) and checked against
    CPU time measured outside the submission; ``wall_seconds`` by the worker and, as a
    backstop, the supervisor; ``memory_mb`` is address space *on top of* the warm worker's
    (RLIMIT_AS) plus a cgroup cap where cgroups are usable; ``output_kb`` caps captured
    stdout+stderr; ``result_kb`` caps the encoded return values of the whole request;
    ``max_depth`` caps nesting of a return value.
    """

    cpu_seconds: float = 2.0
    wall_seconds: float = 5.0
    memory_mb: int = 512
    output_kb: int = 64
    result_kb: int = 4096
    max_depth: int = 64


@dataclass(frozen=True)
class Call:
    """One invocation of the entry point with plain data (see ``codec``)."""

    args: list[Any]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SandboxRequest:
    """A submission and the inputs to call it with. It carries no expected outputs.

    ``arg_types`` hints how plain lists become structures: ``{"0": "tree"}`` builds positional
    argument 0 as a ``TreeNode``; keys are positions as strings or keyword names, values are
    ``"tree"`` or ``"linked_list"``.

    Confidentiality unit: everything in one request (all its inputs) may end up in that
    request's stdout or exception messages; send hidden tests in requests whose text output
    is not shown.
    """

    code: str
    entry_point: str
    calls: list[Call]
    numpy: bool = False
    limits: Limits = field(default_factory=Limits)
    arg_types: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CallOutcome:
    """What one call did. ``elapsed_ms`` is measured in the sandbox: informational only."""

    status: Literal["ok", "exception"]
    value: Any = None
    exception_type: str | None = None
    exception_message: str | None = None
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class SandboxResult:
    """Outcome of a request, decided by the trusted side.

    ``calls`` holds the calls completed before any abort. ``wall_ms`` is measured by the
    supervisor; ``cpu_ms`` is the kernel's account of the run's CPU time (rusage/cgroup),
    never a number the submission reported. ``isolation`` is ``"unsafe-local"`` when no
    sandbox was used.
    """

    status: Status
    calls: list[CallOutcome] = field(default_factory=list)
    stdout: str = ""
    wall_ms: float = 0.0
    detail: str = ""
    cpu_ms: float = 0.0
    isolation: Isolation = "sandbox"


class SandboxUnavailable(RuntimeError):  # noqa: N818 - public name fixed by the API
    """Isolation is impossible on this host and unsafe mode was not requested."""
