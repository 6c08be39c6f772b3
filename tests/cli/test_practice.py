"""Drive ``mlquiz practice`` end to end: through a pseudo-terminal and through a pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from tests.conftest import VALID_MCQ, VALID_NUMERIC

from mlquiz.content.bank import load_bank
from mlquiz.content.schema import NumericQuestion
from mlquiz.content.variants import format_number, make_variant
from mlquiz.practice.quiz import QUIZ_KINDS, build_quiz, ordered_options

SEED = 11


@pytest.fixture
def small_bank(write_file: Callable[..., Path]) -> Path:
    write_file("mcq.yaml", VALID_MCQ)
    return write_file("numeric.yaml", VALID_NUMERIC).parent


def _plan(folder: Path) -> list[tuple[str, str]]:
    """What the quiz will ask, in order, and the right answer to type for each."""
    bank = load_bank([folder])
    quiz = build_quiz(bank.filter(kinds=QUIZ_KINDS), count=10, seed=SEED)
    plan = []
    for question in quiz.questions:
        seed = quiz.seeds[question.id]
        if isinstance(question, NumericQuestion):
            plan.append((question.id, format_number(make_variant(question, seed).answer)))
        else:
            options = ordered_options(question, seed)
            letter = "abcdefghij"[next(i for i, o in enumerate(options) if o.correct)]
            plan.append((question.id, letter))
    return plan


def _command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "mlquiz", "practice", "--bank", str(folder), "--seed", str(SEED)]


def test_quiz_in_a_pseudo_terminal_with_letters_and_arrows(small_bank: Path) -> None:
    plan = _plan(small_bank)
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm"}
    argv = _command(small_bank)
    child = pexpect.spawn(
        argv[0], argv[1:], env=env, encoding="utf-8", timeout=20, dimensions=(40, 100)
    )
    try:
        for question_id, answer in plan:
            if "numeric" in question_id:
                child.expect("Your answer:")
                child.send("abc")  # invalid first: the prompt refuses it and says why
                child.expect("not a number")
                child.send("\x7f" * 3 + answer + "\r")
            else:
                child.expect("arrows or letter")
                child.send("\x1b[B")  # arrow down, then the letter decides
                child.send(answer)
                child.send("\r")
            child.expect("Correct.")
            child.expect("Explanation")
        child.expect(r"Score: 2 / 2")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_quiz_through_a_pipe_scores_right_and_wrong(small_bank: Path) -> None:
    plan = _plan(small_bank)
    lines = []
    for question_id, answer in plan:
        if "numeric" in question_id:
            lines += ["twelve", "-1000"]  # an invalid answer is asked again; -1000 is wrong
        else:
            lines += ["z", answer]  # 'z' is not an option: asked again
    done = subprocess.run(
        _command(small_bank),
        input="\n".join(lines) + "\n",
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Type one letter from a to b" in out
    assert "is not a number" in out
    assert "Not quite." in out
    assert "The answer is" in out
    assert "Correct." in out
    assert "Score: 1 / 2" in out
    assert "Traceback" not in out + done.stderr


def test_quitting_early_still_reports(small_bank: Path) -> None:
    done = subprocess.run(
        _command(small_bank), input="q\n", text=True, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert "Stopped early." in done.stdout
    assert "Score: 0 / 0 (2 not answered)" in done.stdout


def test_no_matching_questions_is_a_clear_error(small_bank: Path) -> None:
    done = subprocess.run(
        [*_command(small_bank), "--topic", "heaps"],
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "no single-choice, multi-select or numeric question matches" in done.stderr
