"""``mlquiz validate`` runs coding questions: reference passes, starter fails, mutants rejected."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from mlquiz.cli.main import cli

QUESTION = """\
id: coding/testing/max-of-list
kind: coding
title: Largest value
round: coding
topics: [arrays]
difficulty: easy
time_estimate_minutes: 5
prompt: Return the largest value of a non-empty list.
explanation: One pass.
entry_point: largest
signature: "def largest(values: list[int]) -> int"
starter: |
  def largest(values):
      return 0
solution: |
  def largest(values):
      best = values[0]
      for v in values[1:]:
          if v > best:
              best = v
      return best
tests:
  public:
    - name: basic
      args: [[1, 5, 3]]
      expected: 5
  hidden:
    - name: negatives
      args: [[-4, -2, -9]]
mutants:
  - name: starts-at-zero
    description: starts the maximum at 0, wrong for all-negative lists
    code: |
      def largest(values):
          best = 0
          for v in values:
              best = max(best, v)
          return best
  - name: first-element
    description: returns the first element
    code: |
      def largest(values):
          return values[0]
  - name: sorts-wrong-way
    description: sorts ascending and takes the first
    code: |
      def largest(values):
          return sorted(values)[0]
"""


def _validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    return result.exit_code, result.output


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_good_question_passes(write_file: Callable[..., Path], sandbox: Any) -> None:
    code, output = _validate(write_file("q.yaml", QUESTION))
    assert code == 0, output
    assert "OK: 1 file(s) checked (coding 1)" in output


def test_a_mutant_that_slips_through_is_named(
    write_file: Callable[..., Path], sandbox: Any
) -> None:
    text = QUESTION.replace(
        "    - name: negatives\n      args: [[-4, -2, -9]]\n",
        "    - name: mixed\n      args: [[1, 7, 2]]\n",
    )
    path = write_file("q.yaml", text)
    code, output = _validate(path)
    assert code == 1
    line = _line(text, "- name: starts-at-zero")
    assert (
        f"{path}:{line}: wrong solution 'starts-at-zero' is accepted: it passes all 2 tests "
        "(starts the maximum at 0, wrong for all-negative lists)"
    ) in output
    assert "add a test whose input exposes this mistake" in output


def test_a_passing_starter_and_a_wrong_expected(
    write_file: Callable[..., Path], sandbox: Any
) -> None:
    text = QUESTION.replace("      return 0\n", "      return max(values)\n", 1)
    path = write_file("starter.yaml", text)
    code, output = _validate(path)
    assert code == 1
    assert f"{path}:{_line(text, 'starter:')}: the starter code passes every test" in output
    wrong = QUESTION.replace("expected: 5", "expected: 3")
    path = write_file("wrong.yaml", wrong)
    code, output = _validate(path)
    assert code == 1
    assert (
        f"{path}:{_line(wrong, 'solution:')}: the reference solution is not accepted: "
        "WA on test 'basic' (expected 3, got 5)"
    ) in output


def test_bad_tagged_value_names_the_test_line(
    write_file: Callable[..., Path], sandbox: Any
) -> None:
    text = QUESTION.replace("args: [[-4, -2, -9]]", "args: [{$matrix: [1]}]")
    path = write_file("tag.yaml", text)
    code, output = _validate(path)
    assert code == 1
    assert f"{path}:{_line(text, '$matrix')}: test 'negatives': unknown tag '$matrix'" in output
    assert "Traceback" not in output


def test_structure_only_skips_running(write_file: Callable[..., Path]) -> None:
    text = QUESTION.replace("      return 0\n", "      return max(values)\n", 1)
    result = CliRunner().invoke(
        cli, ["validate", "--structure-only", str(write_file("s.yaml", textwrap.dedent(text)))]
    )
    assert result.exit_code == 0
