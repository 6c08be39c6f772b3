"""``mlquiz grade`` as scripts use it: JSON out, exit 0 whenever grading happened."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from mlquiz.cli.main import cli
from mlquiz.content.bank import load_bank
from mlquiz.content.schema import CodingQuestion

QUESTION_ID = "coding/intervals/merge-overlapping-intervals"


def _reference() -> str:
    question = load_bank().get(QUESTION_ID)
    assert isinstance(question, CodingQuestion)
    return question.solution


def test_json_report_for_an_accepted_solution(
    write_file: Callable[..., Path], sandbox: Any
) -> None:
    solution = write_file("good.py", _reference())
    result = CliRunner().invoke(cli, ["grade", QUESTION_ID, str(solution), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["verdict"] == "AC"
    assert report["passed_count"] == report["total_count"] > 10
    assert isinstance(report["time_ms"], float)
    public = [t for t in report["tests"] if t["public"]]
    assert public
    assert {"name", "public", "passed", "verdict", "message", "input", "expected", "got"} <= set(
        public[0]
    )


def test_a_wrong_answer_still_exits_zero(write_file: Callable[..., Path], sandbox: Any) -> None:
    wrong = write_file("wrong.py", "def merge_intervals(intervals):\n    return intervals\n")
    result = CliRunner().invoke(cli, ["grade", QUESTION_ID, str(wrong), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["verdict"] == "WA"


def test_human_output_and_question_file_path(write_file: Callable[..., Path], sandbox: Any) -> None:
    path = load_bank().paths[QUESTION_ID]
    wrong = write_file("wrong.py", "def merge_intervals(intervals):\n    return []\n")
    result = CliRunner().invoke(cli, ["grade", str(path), str(wrong), "--run"])
    assert result.exit_code == 0
    assert "WA Wrong answer" in result.output
    assert "expected" in result.output


def test_impossible_grading_exits_non_zero(write_file: Callable[..., Path]) -> None:
    solution = write_file("s.py", "x = 1\n")
    unknown = CliRunner().invoke(cli, ["grade", "no/such", str(solution)])
    assert unknown.exit_code != 0
    assert "no question with id 'no/such'" in unknown.output
    not_coding = CliRunner().invoke(
        cli, ["grade", "ml_theory/optimizers/adam-bias-correction", str(solution)]
    )
    assert not_coding.exit_code != 0
    assert "is a mcq question, not a coding one" in not_coding.output
