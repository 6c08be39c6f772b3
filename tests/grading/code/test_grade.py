"""The supervisor's verdicts, with candidate code run in the real sandbox."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest

from mlquiz.content.schema import CodingQuestion
from mlquiz.grading.code.supervisor import grade

GOOD = """
def pair_sums(nums, target):
    seen = {}
    for i, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
    return []
"""
QUADRATIC = """
def pair_sums(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j]
    return []
"""


def _question(**overrides: Any) -> CodingQuestion:
    data: dict[str, Any] = {
        "id": "coding/testing/pair-sums",
        "kind": "coding",
        "title": "Pair sums",
        "round": "coding",
        "topics": ["hash-maps"],
        "difficulty": "easy",
        "time_estimate_minutes": 10,
        "prompt": "Find two indices.",
        "explanation": "Hash map.",
        "entry_point": "pair_sums",
        "signature": "def pair_sums(nums: list[int], target: int) -> list[int]",
        "starter": "def pair_sums(nums, target):\n    return []\n",
        "solution": GOOD,
        "tests": {
            "public": [
                {"name": "basic", "args": [[2, 7, 11, 15], 9], "expected": [0, 1]},
                {"name": "later", "args": [[3, 2, 4], 6], "expected": [1, 2]},
            ],
            "hidden": [
                {"name": "negatives", "args": [[-3, 4, 3, 90], 0]},
                {"name": "secret", "args": [[5, 5], 10]},
            ],
        },
        "limits": {"time_seconds": 1.0},
        "performance": {
            "generator": "mlquiz.bank.generators.testing:pair_sums_large",
            "max_ratio": 5,
        },
        "mutants": [
            {
                "name": "m1",
                "description": "x",
                "code": "def pair_sums(nums, target):\n    return [0, 1]\n",
            },
            {"name": "m2", "description": "x", "code": QUADRATIC},
            {
                "name": "m3",
                "description": "x",
                "code": "def pair_sums(nums, target):\n    return []\n",
            },
        ],
    }
    data.update(overrides)
    return CodingQuestion.model_validate(data)


@pytest.fixture
def question() -> CodingQuestion:
    return _question()


def _code(text: str) -> str:
    return textwrap.dedent(text).strip() + "\n"


def test_correct_solution_is_accepted_and_hidden_tests_hold_no_details(
    question: CodingQuestion, sandbox: Any
) -> None:
    report = grade(question, GOOD, mode="submit", sandbox=sandbox)
    assert report.verdict == "AC", report
    assert [t.name for t in report.tests] == ["basic", "later", "negatives", "secret"]
    assert all(t.passed for t in report.tests)
    hidden = [t for t in report.to_json()["tests"] if not t["public"]]
    assert hidden
    assert all(set(t) == {"name", "public", "passed", "verdict"} for t in hidden)


def test_run_mode_checks_public_tests_only(question: CodingQuestion, sandbox: Any) -> None:
    report = grade(question, GOOD, mode="run", sandbox=sandbox)
    assert report.verdict == "AC"
    assert [t.name for t in report.tests] == ["basic", "later"]


def test_wrong_answer_shows_public_input_expected_got(
    question: CodingQuestion, sandbox: Any
) -> None:
    code = _code("""
        def pair_sums(nums, target):
            print("debug", nums)
            return [1, 0]
    """)
    report = grade(question, code, mode="run", sandbox=sandbox)
    assert report.verdict == "WA"
    first = report.tests[0]
    assert first.input == "pair_sums([2, 7, 11, 15], 9)"
    assert first.expected == "[0, 1]"
    assert first.got == "[1, 0]"
    assert first.message == "expected 0 at [0], got 1"
    assert first.stdout is not None
    assert "debug [2, 7, 11, 15]" in first.stdout


def test_failure_on_a_hidden_test_reveals_nothing(question: CodingQuestion, sandbox: Any) -> None:
    code = _code("""
        def pair_sums(nums, target):
            if nums == [5, 5]:
                raise ValueError("the secret input is " + repr(nums))
            seen = {}
            for i, x in enumerate(nums):
                if target - x in seen:
                    return [seen[target - x], i]
                seen[x] = i
    """)
    report = grade(question, code, mode="submit", sandbox=sandbox)
    assert report.verdict == "RE"
    dumped = json.dumps(report.to_json())
    assert "secret input" not in dumped
    assert "[5, 5]" not in dumped


@pytest.mark.parametrize(
    ("code", "verdict"),
    [
        ("def pair_sums(nums, target):\n    return [0, 1\n", "CE"),
        ("import pandas\ndef pair_sums(nums, target):\n    return []\n", "IE"),
        ("import numpy\ndef pair_sums(nums, target):\n    return []\n", "IE"),
        ("def pair_sums(nums, target):\n    while True:\n        pass\n", "TLE"),
        ("def pair_sums(nums, target):\n    return nums[99]\n", "RE"),
        ("def pair_sums(nums, target):\n    x = [0] * (10**10)\n", "MLE"),
        ("def pair_sums(nums, target):\n    while True:\n        print('x' * 1000)\n", "OLE"),
        ("def pair_sums(nums, target):\n    return object()\n", "WA"),
        ("def pair_sums(nums, target):\n    import sys\n    sys.exit(0)\n", "RE"),
        ("", "CE"),
        ("# " + "x" * (65 * 1024), "CE"),
    ],
    ids=[
        "syntax",
        "pandas",
        "numpy-in-coding",
        "loop",
        "index",
        "memory",
        "output",
        "object",
        "exit",
        "empty",
        "oversized",
    ],
)
def test_verdicts(question: CodingQuestion, sandbox: Any, code: str, verdict: str) -> None:
    report = grade(question, code, mode="run", sandbox=sandbox)
    assert report.verdict == verdict, report


def test_quadratic_solution_gets_perf(question: CodingQuestion, sandbox: Any) -> None:
    report = grade(question, QUADRATIC, mode="submit", sandbox=sandbox)
    assert report.verdict == "PERF", report
    assert "slower than the reference" in report.message or "too slow" in report.message


def test_a_broken_reference_is_a_system_error(sandbox: Any) -> None:
    broken = _question(solution="def pair_sums(nums, target):\n    raise RuntimeError('bug')\n")
    report = grade(broken, GOOD, mode="run", sandbox=sandbox)
    assert report.verdict == "SE"
    assert "reference solution" in report.message


def test_stdout_belongs_to_the_test_that_printed_it(
    question: CodingQuestion, sandbox: Any
) -> None:
    code = _code("""
        def pair_sums(nums, target):
            print("looking for", target)
            return [0, 1]
    """)
    report = grade(question, code, mode="run", sandbox=sandbox)
    assert [t.stdout for t in report.tests] == ["looking for 9\n", "looking for 6\n"]
