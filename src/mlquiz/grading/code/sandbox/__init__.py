"""The code grader's sandbox layer: run untrusted Python, return plain data.

Public surface (everything else is private)::

    with Sandbox(workers=2) as sb:
        result = sb.run(SandboxRequest(code, "two_sum", [Call([[2, 7, 11, 15], 9])]))

The layer never decides right or wrong: it returns decoded return values and a status, and
the trusted checkers compare. See docs/grading.md ("The sandbox") for the design.
"""

from ._pool import Sandbox
from ._types import (
    Call,
    CallOutcome,
    Limits,
    SandboxRequest,
    SandboxResult,
    SandboxUnavailable,
    Status,
)
from .capabilities import Capability, CapabilityReport, check_capabilities
from .codec import CodecError, LinkedList, Tree

__all__ = [
    "Call",
    "CallOutcome",
    "Capability",
    "CapabilityReport",
    "CodecError",
    "Limits",
    "LinkedList",
    "Sandbox",
    "SandboxRequest",
    "SandboxResult",
    "SandboxUnavailable",
    "Status",
    "Tree",
    "check_capabilities",
]
