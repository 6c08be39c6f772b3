"""The self-test every coding question carries, run by ``mlquiz validate``.

A coding problem is only trustworthy when its reference passes every test, its starter fails,
and every known-wrong solution (mutant) is rejected. A mutant that slips through means a test
is missing; the message names it and what it gets wrong, so the author knows what to add.
"""

from __future__ import annotations

from mlquiz.content.errors import ContentError
from mlquiz.content.loader import LoadedItem
from mlquiz.content.schema import CodingQuestion
from mlquiz.grading.code.report import GradeReport
from mlquiz.grading.code.sandbox import Sandbox
from mlquiz.grading.code.supervisor import build_generated, grade
from mlquiz.grading.code.values import ValueFormatError, from_authored


def check_coding_question(
    question: CodingQuestion, item: LoadedItem, sandbox: Sandbox
) -> list[ContentError]:
    errors: list[ContentError] = []

    def error(where: tuple[str | int, ...], message: str, hint: str = "") -> None:
        errors.append(ContentError(item.path, item.doc.line_of(where), message, hint))

    for group in ("public", "hidden"):
        for index, test in enumerate(getattr(question.tests, group)):
            for part, value in (
                ("args", test.args),
                ("kwargs", test.kwargs),
                ("expected", test.expected),
            ):
                try:
                    from_authored(value)
                except ValueFormatError as exc:
                    error(("tests", group, index, part), f"test '{test.name}': {exc}")
    for index, spec in enumerate(question.tests.generated):
        try:
            build_generated(spec)
        except Exception as exc:  # trusted code, but an author's bug must not be a traceback
            error(
                ("tests", "generated", index),
                f"generator {spec.generator} failed: {type(exc).__name__}: {exc}",
            )
    if errors:
        return errors
    reference = grade(question, question.solution, mode="submit", sandbox=sandbox, author_view=True)
    if reference.verdict != "AC":
        error(
            ("solution",),
            f"the reference solution is not accepted: {_describe(reference)}",
            "fix the solution or the test's 'expected'",
        )
        return errors  # everything below compares against the reference
    starter = grade(question, question.starter, mode="submit", sandbox=sandbox, author_view=True)
    if starter.verdict == "AC":
        error(
            ("starter",),
            "the starter code passes every test",
            "the starter must be a stub that fails, e.g. 'return []'",
        )
    for index, mutant in enumerate(question.mutants):
        report = grade(question, mutant.code, mode="submit", sandbox=sandbox, author_view=True)
        if report.verdict == "AC":
            error(
                ("mutants", index),
                f"wrong solution '{mutant.name}' is accepted: it passes all "
                f"{len(report.tests)} tests ({mutant.description})",
                "add a test whose input exposes this mistake",
            )
        elif report.verdict == "SE":
            error(
                ("mutants", index),
                f"grading wrong solution '{mutant.name}' failed: {report.message}",
            )
    return errors


def _describe(report: GradeReport) -> str:
    failed = [t for t in report.tests if not t.passed and t.verdict != "skipped"]
    if failed:
        first = failed[0]
        return f"{report.verdict} on test '{first.name}' ({first.message or first.verdict})"
    return f"{report.verdict} ({report.message})" if report.message else report.verdict
