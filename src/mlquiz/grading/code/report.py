"""The verdict of a graded submission, as every front end (CLI, web, API) shows it.

Hidden tests carry pass/fail only: no inputs, outputs, stdout, exception text or timings, so a
candidate cannot mine them. Public tests carry input, expected, got and stdout, all escaped and
capped by the time they reach this object.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Verdict = Literal["AC", "WA", "TLE", "MLE", "RE", "OLE", "CE", "IE", "PERF", "SE"]
Mode = Literal["run", "submit"]

VERDICT_TEXT: dict[str, str] = {
    "AC": "Accepted",
    "WA": "Wrong answer",
    "TLE": "Time limit exceeded",
    "MLE": "Memory limit exceeded",
    "RE": "Runtime error",
    "OLE": "Output limit exceeded",
    "CE": "Does not compile",
    "IE": "Forbidden import",
    "PERF": "Correct but too slow for the expected complexity",
    "SE": "System error (the grader's fault, not yours)",
}


@dataclass(frozen=True)
class TestReport:
    name: str
    public: bool
    passed: bool
    verdict: Verdict | Literal["skipped"]
    message: str = ""
    input: str | None = None
    expected: str | None = None
    got: str | None = None
    stdout: str | None = None


@dataclass(frozen=True)
class GradeReport:
    verdict: Verdict
    tests: list[TestReport] = field(default_factory=list)
    time_ms: float = 0.0
    message: str = ""
    mode: Mode = "submit"
    isolation: str = "sandbox"

    @property
    def passed(self) -> int:
        return sum(1 for t in self.tests if t.passed)

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT[self.verdict]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form (docs/grading.md); hidden tests already hold no details."""
        data = asdict(self)
        data["verdict_text"] = self.verdict_text
        data["passed_count"] = self.passed
        data["total_count"] = len(self.tests)
        data["tests"] = [
            {k: v for k, v in asdict(t).items() if t.public or k in _HIDDEN_FIELDS}
            for t in self.tests
        ]
        return data


_HIDDEN_FIELDS = frozenset({"name", "public", "passed", "verdict"})
