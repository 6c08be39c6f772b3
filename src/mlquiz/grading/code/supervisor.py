"""The trusted supervisor: decide a verdict from what the sandbox returned.

It never runs candidate code itself. Expected outputs come from running the reference solution
in the same sandbox (so both sides go through the same codec) unless the author wrote them;
the candidate's run receives inputs only. Public and hidden tests travel in separate sandbox
requests, so nothing a hidden input provokes (stdout, exception text) can reach feedback.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mlquiz.content.generators import resolve_callable
from mlquiz.content.schema import CodingQuestion, CodingTest, GeneratedTests
from mlquiz.grading.code.checkers import CheckContext, check
from mlquiz.grading.code.report import GradeReport, Mode, TestReport, Verdict
from mlquiz.grading.code.sandbox import (
    Call,
    Limits,
    Sandbox,
    SandboxRequest,
    SandboxResult,
)
from mlquiz.grading.code.values import from_authored, show, show_call

MAX_CODE_BYTES = 64 * 1024
_ABORT_VERDICT: dict[str, Verdict] = {
    "timeout": "TLE",
    "memory": "MLE",
    "output_limit": "OLE",
    "crashed": "RE",
    "result_invalid": "WA",
}


@dataclass(frozen=True)
class Case:
    """One test call, with the expected value when the author wrote it."""

    name: str
    public: bool
    args: list[Any]
    kwargs: dict[str, Any]
    expected: Any = None
    has_expected: bool = False


@dataclass
class _ExpectedCache:
    values: dict[str, list[Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_EXPECTED = _ExpectedCache()


class GradingError(RuntimeError):
    """Grading itself was impossible (the reference fails, a generator is broken)."""


def build_cases(question: CodingQuestion, *, include_hidden: bool) -> list[Case]:
    """Public tests, then (when asked) hidden and generated ones, all as Python values."""
    cases = [_case(t, public=True) for t in question.tests.public]
    if include_hidden:
        cases += [_case(t, public=False) for t in question.tests.hidden]
        for spec in question.tests.generated:
            cases += build_generated(spec)
    return cases


def build_generated(spec: GeneratedTests) -> list[Case]:
    """Hidden cases made by a trusted generator (expected values come from the reference)."""
    generator = resolve_callable(spec.generator)
    return [
        Case(
            f"generated-{spec.seed}-{index}",
            False,
            list(made.get("args", [])),
            dict(made.get("kwargs", {})),
        )
        for index, made in enumerate(generator(spec.seed, spec.count))
    ]


def _case(test: CodingTest, *, public: bool) -> Case:
    return Case(
        name=test.name,
        public=public,
        args=[from_authored(a) for a in test.args],
        kwargs={k: from_authored(v) for k, v in test.kwargs.items()},
        expected=from_authored(test.expected) if test.has_expected else None,
        has_expected=test.has_expected,
    )


def limits_for(question: CodingQuestion) -> Limits:
    """The question's time limit applies to the whole request; wall time gets slack for I/O."""
    seconds = question.limits.time_seconds
    return Limits(
        cpu_seconds=seconds,
        wall_seconds=seconds * 2 + 1.0,
        memory_mb=question.limits.memory_mb,
        output_kb=question.limits.output_kb,
    )


def _request(
    question: CodingQuestion, code: str, cases: Sequence[Case], limits: Limits | None = None
) -> SandboxRequest:
    return SandboxRequest(
        code=code,
        entry_point=question.entry_point,
        calls=[Call(args=list(c.args), kwargs=dict(c.kwargs)) for c in cases],
        numpy=question.round == "ml_coding",
        limits=limits or limits_for(question),
    )


def expected_values(question: CodingQuestion, cases: Sequence[Case], sandbox: Sandbox) -> list[Any]:
    """The reference's outputs for ``cases`` (cached per question content and case list)."""
    key = _cache_key(question, cases)
    with _EXPECTED.lock:
        cached = _EXPECTED.values.get(key)
    if cached is not None:
        return cached
    result = sandbox.run(_request(question, question.solution, cases))
    if result.status != "ok" or any(c.status != "ok" for c in result.calls):
        failed = next(
            (i for i, c in enumerate(result.calls) if c.status != "ok"), len(result.calls)
        )
        name = cases[failed].name if failed < len(cases) else "?"
        raise GradingError(
            f"the reference solution of {question.id} failed on test '{name}' "
            f"({result.status}: {result.detail or _exception(result, failed)})"
        )
    values = [
        c.expected if c.has_expected else o.value for c, o in zip(cases, result.calls, strict=True)
    ]
    with _EXPECTED.lock:
        _EXPECTED.values[key] = values
    return values


def _exception(result: SandboxResult, index: int) -> str:
    if index < len(result.calls):
        call = result.calls[index]
        return f"{call.exception_type}: {call.exception_message}"
    return "no result"


def _cache_key(question: CodingQuestion, cases: Sequence[Case]) -> str:
    digest = hashlib.sha256()
    digest.update(question.model_dump_json().encode())
    digest.update(json.dumps([(c.name, c.public) for c in cases]).encode())
    return digest.hexdigest()


def grade(
    question: CodingQuestion,
    code: str,
    *,
    mode: Mode = "submit",
    sandbox: Sandbox,
    author_view: bool = False,
) -> GradeReport:
    """Grade ``code``: public tests for "run"; every test and the performance check for "submit".

    ``author_view`` keeps the details of hidden tests (for ``mlquiz validate``); candidates
    never get it.
    """
    started = time.perf_counter()
    if not code.strip():
        return GradeReport("CE", message="The submission is empty.", mode=mode)
    if len(code.encode("utf-8")) > MAX_CODE_BYTES:
        return GradeReport(
            "CE", message=f"The submission is over {MAX_CODE_BYTES // 1024} KiB.", mode=mode
        )
    cases = build_cases(question, include_hidden=mode == "submit")
    try:
        expected = expected_values(question, cases, sandbox)
    except GradingError as exc:
        return GradeReport("SE", message=str(exc), mode=mode)
    public = [i for i, c in enumerate(cases) if c.public]
    hidden = [i for i, c in enumerate(cases) if not c.public]
    reports: list[TestReport] = []
    isolation = "sandbox"
    for indices in (public, hidden):
        if not indices:
            continue
        group = [cases[i] for i in indices]
        result = sandbox.run(_request(question, code, group))
        isolation = result.isolation
        early = _early_verdict(result)
        if early is not None:
            verdict, message = early
            return GradeReport(
                verdict, message=message, mode=mode, isolation=isolation, time_ms=_elapsed(started)
            )
        stdouts = [result.stdout] * len(group)
        if result.stdout and group[0].public and len(group) > 1:
            stdouts = _stdout_per_test(question, code, group, sandbox)
        reports += _judge_group(
            question,
            group,
            [expected[i] for i in indices],
            result,
            stdouts,
            author_view=author_view,
        )
    verdict = _overall(reports)
    message = ""
    if verdict == "AC" and mode == "submit" and question.performance is not None:
        verdict, message = _performance(question, code, sandbox)
    return GradeReport(verdict, reports, _elapsed(started), message, mode, isolation)


def _stdout_per_test(
    question: CodingQuestion, code: str, group: Sequence[Case], sandbox: Sandbox
) -> list[str]:
    """What each public test printed: one request per test, only when the run printed at all.

    A request captures one stream for all its calls; re-running the (few) public tests one by
    one attributes output to the right test instead of repeating the whole stream on each.
    """
    return [sandbox.run(_request(question, code, [case])).stdout for case in group]


def _elapsed(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _early_verdict(result: SandboxResult) -> tuple[Verdict, str] | None:
    if result.status == "compile_error":
        return "CE", result.detail
    if result.status == "forbidden_import":
        return "IE", result.detail
    if result.status == "system_error":
        return "SE", "The grader failed; please try again."
    return None


def _judge_group(
    question: CodingQuestion,
    cases: Sequence[Case],
    expected: Sequence[Any],
    result: SandboxResult,
    stdouts: Sequence[str],
    *,
    author_view: bool,
) -> list[TestReport]:
    reports = []
    abort = _ABORT_VERDICT.get(result.status)
    for index, case in enumerate(cases):
        if index < len(result.calls):
            outcome = result.calls[index]
            if outcome.status == "exception":
                verdict: Verdict | str = "RE"
                message = f"{outcome.exception_type}: {outcome.exception_message or ''}".strip()
                got = None
            else:
                context = CheckContext(list(case.args), dict(case.kwargs), question.checker)
                problem = check(expected[index], outcome.value, question.checker, context)
                verdict = "AC" if problem is None else "WA"
                message = problem or ""
                got = show(outcome.value)
        elif index == len(result.calls) and abort is not None:
            verdict, got = abort, None
            message = _abort_message(result.status, question)
        else:
            verdict, message, got = "skipped", "not run: an earlier test stopped the run", None
        reports.append(
            _report(
                case,
                question.entry_point,
                expected[index],
                verdict,
                message,
                got,
                stdouts[index],
                author_view,
            )
        )
    return reports


def _abort_message(status: str, question: CodingQuestion) -> str:
    limits = question.limits
    return {
        "timeout": f"took longer than the {limits.time_seconds:g} s limit",
        "memory": f"used more than {limits.memory_mb} MB of memory",
        "output_limit": f"printed more than {limits.output_kb} KB",
        "crashed": "the process died (for example sys.exit or a crash in native code)",
        "result_invalid": "returned a value that cannot be checked (only plain data: numbers, "
        "strings, lists, dicts, NumPy arrays)",
    }.get(status, status)


def _report(
    case: Case,
    entry_point: str,
    expected: Any,
    verdict: Verdict | str,
    message: str,
    got: str | None,
    stdout: str,
    author_view: bool,
) -> TestReport:
    passed = verdict == "AC"
    if not case.public and not author_view:
        return TestReport(case.name, False, passed, verdict)  # type: ignore[arg-type]
    return TestReport(
        name=case.name,
        public=case.public,
        passed=passed,
        verdict=verdict,  # type: ignore[arg-type]
        message=message,
        input=show_call(entry_point, case.args, case.kwargs),
        expected=show(expected),
        got=got,
        stdout=stdout or None,
    )


def _overall(reports: Sequence[TestReport]) -> Verdict:
    for report in reports:
        if report.verdict not in ("AC", "skipped"):
            return report.verdict  # type: ignore[return-value]
    return "AC"


def _performance(question: CodingQuestion, code: str, sandbox: Sandbox) -> tuple[Verdict, str]:
    """Time the candidate against the reference on one large input (min of two runs each)."""
    assert question.performance is not None
    spec = question.performance
    made = resolve_callable(spec.generator)(spec.seed)
    case = Case("performance", False, list(made.get("args", [])), dict(made.get("kwargs", {})))
    budget = _perf_limits(question)
    reference = candidate = float("inf")
    for _ in range(2):
        ref = sandbox.run(_request(question, question.solution, [case], budget))
        if ref.status != "ok" or not ref.calls or ref.calls[0].status != "ok":
            # A loaded machine can stall one run; only a repeatable failure is the grader's.
            ref = sandbox.run(_request(question, question.solution, [case], budget))
        if ref.status != "ok" or not ref.calls or ref.calls[0].status != "ok":
            return "SE", f"the reference solution failed the performance input ({ref.status})"
        reference = min(reference, ref.cpu_ms or ref.wall_ms)
        run = sandbox.run(_request(question, code, [case], budget))
        if run.status == "timeout":
            return "PERF", "too slow on a large input (ran out of time)"
        if run.status != "ok" or not run.calls or run.calls[0].status != "ok":
            return _ABORT_VERDICT.get(run.status, "RE"), "failed on a large input"
        candidate = min(candidate, run.cpu_ms or run.wall_ms)
        if candidate <= spec.max_ratio * reference:
            return "AC", ""
    return "PERF", (
        f"correct, but about {candidate / max(reference, 1e-3):.0f}x slower than "
        f"the reference on a large input (allowed: {spec.max_ratio:g}x)"
    )


def _perf_limits(question: CodingQuestion) -> Limits:
    base = limits_for(question)
    seconds = max(base.cpu_seconds, 10.0)
    return Limits(
        cpu_seconds=seconds,
        wall_seconds=seconds * 2,
        memory_mb=base.memory_mb,
        output_kb=base.output_kb,
    )
