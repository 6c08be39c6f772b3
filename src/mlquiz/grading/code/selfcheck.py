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
from mlquiz.grading.code.supervisor import grade


def check_coding_question(
    question: CodingQuestion, item: LoadedItem, sandbox: Sandbox
) -> list[ContentError]:
    errors: list[ContentError] = []

    def error(where: tuple[str | int, ...], message: str, hint: str = "") -> None:
        errors.append(ContentError(item.path, item.doc.line_of(where), message, hint))

    reference = grade(question, question.solution, mode="submit", sandbox=sandbox, author_view=True)
    if reference.verdict != "AC":
        error(("solution",), f"the reference solution is not accepted: {_describe(reference)}",
              "fix the solution or the test's 'expected'")
        return errors  # everything below compares against the reference
    starter = grade(question, question.starter, mode="submit", sandbox=sandbox, author_view=True)
    if starter.verdict == "AC":
        error(("starter",), "the starter code passes every test",
              "the starter must be a stub that fails, e.g. 'return []'")
    for index, mutant in enumerate(question.mutants):
        report = grade(question, mutant.code, mode="submit", sandbox=sandbox, author_view=True)
        if report.verdict == "AC":
            error(("mutants", index),
                  f"wrong solution '{mutant.name}' is accepted: it passes all "
                  f"{len(report.tests)} tests ({mutant.description})",
                  "add a test whose input exposes this mistake")
        elif report.verdict == "SE":
            error(("mutants", index), f"grading wrong solution '{mutant.name}' failed: "
                                      f"{report.message}")
    return errors


def _describe(report: GradeReport) -> str:
    failed = [t for t in report.tests if not t.passed and t.verdict != "skipped"]
    if failed:
        first = failed[0]
        return f"{report.verdict} on test '{first.name}' ({first.message or first.verdict})"
    return f"{report.verdict} ({report.message})" if report.message else report.verdict
