"""Grade Python submissions against coding questions, judged outside the candidate's process.

The public surface is small: :func:`grade_submission`, the report types, and
:func:`configure_sandbox` for operators. A process-wide warm sandbox pool is created lazily on
first use and closed at exit.
"""

from __future__ import annotations

import atexit
import os
import threading

from mlquiz.content.schema import CodingQuestion
from mlquiz.grading.code.report import VERDICT_TEXT, GradeReport, Mode, TestReport, Verdict
from mlquiz.grading.code.sandbox import Sandbox, SandboxUnavailable
from mlquiz.grading.code.supervisor import MAX_CODE_BYTES, GradingError, grade

__all__ = [
    "MAX_CODE_BYTES",
    "VERDICT_TEXT",
    "GradeReport",
    "GradingError",
    "SandboxUnavailable",
    "TestReport",
    "Verdict",
    "configure_sandbox",
    "grade_submission",
    "shared_sandbox",
]

UNSAFE_ENV = "MLQUIZ_UNSAFE_LOCAL_GRADING"
WORKERS_ENV = "MLQUIZ_GRADER_WORKERS"

_lock = threading.Lock()
_shared: Sandbox | None = None
_settings: dict[str, object] = {}


def configure_sandbox(*, workers: int | None = None, unsafe_local: bool | None = None) -> None:
    """Set how the shared pool is built (before first use). Unsafe mode is for one's own code."""
    global _shared
    with _lock:
        if workers is not None:
            _settings["workers"] = workers
        if unsafe_local is not None:
            _settings["unsafe_local"] = unsafe_local
        if _shared is not None:
            _shared.close()
            _shared = None


def shared_sandbox() -> Sandbox:
    """The process-wide warm pool; raises SandboxUnavailable saying what is missing."""
    global _shared
    with _lock:
        if _shared is None:
            workers = int(str(_settings.get("workers") or os.environ.get(WORKERS_ENV) or 1))
            unsafe = bool(_settings.get("unsafe_local")) or os.environ.get(UNSAFE_ENV) == "1"
            _shared = Sandbox(workers=workers, unsafe_local=unsafe)
            atexit.register(_close_shared)
        return _shared


def _close_shared() -> None:
    global _shared
    with _lock:
        if _shared is not None:
            _shared.close()
            _shared = None


def grade_submission(
    question: CodingQuestion, code: str, *, mode: Mode = "submit", sandbox: Sandbox | None = None
) -> GradeReport:
    """Grade ``code``; "run" checks the public tests, "submit" every test and performance."""
    return grade(question, code, mode=mode, sandbox=sandbox or shared_sandbox())
