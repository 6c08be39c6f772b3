"""``mlquiz practice``: a terminal quiz over single-choice, multi-select and numeric questions.

On a terminal, choices are picked with the arrow keys or their letter (questionary); when
input is piped the same quiz reads plain lines, so scripts and tests can drive it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table

from mlquiz.cli.options import filter_options
from mlquiz.content.bank import load_bank
from mlquiz.content.schema import McqQuestion, MultiSelectQuestion, NumericQuestion
from mlquiz.content.variants import make_variant, parse_answer
from mlquiz.grading.choice import grade_choice, grade_numeric_variant
from mlquiz.practice.quiz import QUIZ_KINDS, Quiz, build_quiz, ordered_options

LETTERS = "abcdefghij"


class QuitQuizError(Exception):
    """The user asked to stop (q, Ctrl-C or end of input)."""


class Prompter(Protocol):
    def choose_one(self, labels: Sequence[str]) -> int: ...
    def choose_many(self, labels: Sequence[str]) -> list[int]: ...
    def number(self, validate_text: str) -> str: ...


class PlainPrompter:
    """Line-based prompts for piped input: letters for choices, text for numbers."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def _read(self, prompt: str) -> str:
        self.console.print(prompt, end="")
        line = sys.stdin.readline()
        if not line or line.strip().lower() in {"q", "quit"}:
            raise QuitQuizError
        return line.strip()

    def choose_one(self, labels: Sequence[str]) -> int:
        while True:
            text = self._read(f"Your answer ({LETTERS[0]}-{LETTERS[len(labels) - 1]}, q to quit): ")
            if len(text) == 1 and text.lower() in LETTERS[: len(labels)]:
                return LETTERS.index(text.lower())
            self.console.print(f"[yellow]Type one letter from a to {LETTERS[len(labels) - 1]}.[/]")

    def choose_many(self, labels: Sequence[str]) -> list[int]:
        while True:
            text = self._read("Your answers (letters, e.g. 'a c', q to quit): ")
            picked = [c for c in text.lower() if c.isalpha()]
            if picked and all(c in LETTERS[: len(labels)] for c in picked):
                return sorted({LETTERS.index(c) for c in picked})
            self.console.print("[yellow]Type the letters of every option you pick.[/]")

    def number(self, unit: str) -> str:
        while True:
            text = self._read("Your answer (a number, q to quit): ")
            try:
                parse_answer(text, unit)
            except ValueError as exc:
                self.console.print(f"[yellow]{exc}[/]")
                continue
            return text


class TerminalPrompter:
    """Arrow keys or letters on a real terminal, through questionary."""

    def choose_one(self, labels: Sequence[str]) -> int:
        import questionary

        choices = [
            questionary.Choice(label, value=i, shortcut_key=LETTERS[i])
            for i, label in enumerate(labels)
        ]
        answer = questionary.select(
            "Your answer (arrows or letter, Enter to confirm):", choices=choices, use_shortcuts=True
        ).ask()
        if answer is None:
            raise QuitQuizError
        return int(answer)

    def choose_many(self, labels: Sequence[str]) -> list[int]:
        import questionary

        choices = [questionary.Choice(label, value=i) for i, label in enumerate(labels)]
        answer = questionary.checkbox(
            "Pick every correct option (space to toggle, Enter to submit):", choices=choices
        ).ask()
        if answer is None:
            raise QuitQuizError
        return sorted(int(a) for a in answer)

    def number(self, unit: str) -> str:
        import questionary

        def valid(text: str) -> bool | str:
            try:
                parse_answer(text, unit)
            except ValueError as exc:
                return str(exc)
            return True

        answer = questionary.text("Your answer:", validate=valid).ask()
        if answer is None:
            raise QuitQuizError
        return str(answer)


@click.command("practice")
@filter_options
@click.option(
    "--count",
    default=10,
    show_default=True,
    type=click.IntRange(1, 500),
    help="How many questions.",
)
@click.option("--seed", type=int, default=None, help="Fix the draw (for replaying a quiz).")
@click.option(
    "--bank",
    "bank_paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Bank folder (default: the shipped bank).",
)
def command(
    rounds: tuple[str, ...],
    topics: tuple[str, ...],
    difficulties: tuple[str, ...],
    count: int,
    seed: int | None,
    bank_paths: tuple[Path, ...],
) -> None:
    """Answer single-choice, multi-select and numeric questions in the terminal."""
    console = Console(highlight=False)
    bank = load_bank(list(bank_paths) or None)
    candidates = bank.filter(
        rounds=rounds, topics=topics, difficulties=difficulties, kinds=QUIZ_KINDS
    )
    if not candidates:
        raise click.ClickException(
            "no single-choice, multi-select or numeric question matches those filters; "
            "see 'mlquiz bank list' for what there is"
        )
    quiz = build_quiz(candidates, count=count, seed=seed)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    prompter: Prompter = TerminalPrompter() if interactive else PlainPrompter(console)
    try:
        for number, question in enumerate(quiz.questions, start=1):
            _ask(console, prompter, quiz, question, number)
    except (QuitQuizError, KeyboardInterrupt, EOFError):
        console.print("\n[dim]Stopped early.[/]")
    _report(console, quiz)


def _ask(
    console: Console,
    prompter: Prompter,
    quiz: Quiz,
    question: McqQuestion | MultiSelectQuestion | NumericQuestion,
    number: int,
) -> None:
    seed = quiz.seeds[question.id]
    header = (
        f"Question {number}/{len(quiz.questions)} · {question.round} · "
        f"{question.difficulty} · {', '.join(question.topics)}"
    )
    if isinstance(question, NumericQuestion):
        variant = make_variant(question, seed)
        console.print(Panel(Markdown(variant.prompt), title=question.title, subtitle=header))
        numeric = grade_numeric_variant(
            question, variant, parse_answer(prompter.number(question.unit), question.unit)
        )
        _verdict(
            console,
            numeric.correct,
            "" if numeric.correct else f"The answer is {numeric.expected_text}.",
        )
        quiz.record(question, numeric.score, numeric.correct)
    else:
        options = ordered_options(question, seed)
        console.print(Panel(Markdown(question.prompt), title=question.title, subtitle=header))
        if isinstance(question, MultiSelectQuestion):
            console.print("[dim](select every correct option)[/]")
        for letter, option in zip(LETTERS, options, strict=False):
            console.print(f"  [bold]{letter})[/] {option.text}")
        labels = [f"{LETTERS[i]}) {o.text}" for i, o in enumerate(options)]
        picked = (
            prompter.choose_many(labels)
            if isinstance(question, MultiSelectQuestion)
            else [prompter.choose_one(labels)]
        )
        chosen = {options[i].id for i in picked}
        result = grade_choice(question, chosen)
        partial = (
            "" if result.correct or result.score == 0 else f" (partial credit {result.score:.0%})"
        )
        _verdict(console, result.correct, partial)
        for letter, option in zip(LETTERS, options, strict=False):
            if option.id in chosen or option.correct:
                mark = "✓" if option.correct else "✗"
                picked_note = " (your pick)" if option.id in chosen else ""
                console.print(f"  {mark} {letter}){picked_note} {option.feedback.strip()}")
        quiz.record(question, result.score, result.correct)
    console.print(Panel(Markdown(question.explanation), title="Explanation", border_style="blue"))


def _verdict(console: Console, correct: bool, extra: str) -> None:
    if correct:
        console.print("[bold green]Correct.[/]")
    else:
        console.print(f"[bold red]Not quite.[/] {extra}")


def _report(console: Console, quiz: Quiz) -> None:
    answered = len(quiz.answers)
    table = Table(title="Your results")
    table.add_column("question")
    table.add_column("score", justify="right")
    for answer in quiz.answers:
        table.add_row(answer.question_id, f"{answer.score:.2f}")
    if answered:
        console.print(table)
    console.print(
        f"[bold]Score: {quiz.score:g} / {answered}[/] "
        f"({len(quiz.questions) - answered} not answered)"
    )
