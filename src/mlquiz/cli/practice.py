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
from mlquiz.cli.practice_sources import Graded, LocalSource, Presented, QuizSource, RemoteSource
from mlquiz.cli.remote import ApiClient, ApiError
from mlquiz.content.bank import load_bank
from mlquiz.content.variants import parse_answer

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
@click.option(
    "--server",
    help="Practise on a running mlquiz server (e.g. http://127.0.0.1:8000); "
    "answers go to your history there.",
)
@click.option("--username", help="Your account on --server (the password is asked for).")
@click.option(
    "--token",
    envvar="MLQUIZ_TOKEN",
    help="An API token for --server instead of a password (or set MLQUIZ_TOKEN).",
)
def command(
    rounds: tuple[str, ...],
    topics: tuple[str, ...],
    difficulties: tuple[str, ...],
    count: int,
    seed: int | None,
    bank_paths: tuple[Path, ...],
    server: str | None,
    username: str | None,
    token: str | None,
) -> None:
    """Answer single-choice, multi-select and numeric questions in the terminal."""
    console = Console(highlight=False)
    filters = {"rounds": rounds, "topics": topics, "difficulties": difficulties}
    try:
        source = _source(filters, count, seed, bank_paths, server, username, token)
        ids = source.question_ids()
    except ApiError as exc:
        raise click.ClickException(str(exc)) from None
    if not ids:
        raise click.ClickException(
            "no single-choice, multi-select or numeric question matches those filters; "
            "see 'mlquiz bank list' for what there is"
        )
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    prompter: Prompter = TerminalPrompter() if interactive else PlainPrompter(console)
    scores: list[tuple[str, float]] = []
    try:
        for number, question_id in enumerate(ids, start=1):
            presented = source.present(question_id)
            graded = _ask(console, prompter, source, presented, number, len(ids))
            scores.append((question_id, graded.score))
    except (QuitQuizError, KeyboardInterrupt, EOFError):
        console.print("\n[dim]Stopped early.[/]")
    except ApiError as exc:
        console.print(f"[red]{exc}[/]")
    _report(console, scores, len(ids))


def _source(
    filters: dict[str, tuple[str, ...]],
    count: int,
    seed: int | None,
    bank_paths: tuple[Path, ...],
    server: str | None,
    username: str | None,
    token: str | None,
) -> QuizSource:
    if server is None:
        return LocalSource(load_bank(list(bank_paths) or None), filters, count, seed)
    client = ApiClient(server, token)
    if not token:
        if not username:
            raise click.ClickException("with --server, give --username (or --token)")
        password = click.prompt(f"Password for {username} on {server}", hide_input=True, err=True)
        client.login(username, password)
    return RemoteSource(client, filters, count, seed)


def _ask(
    console: Console,
    prompter: Prompter,
    source: QuizSource,
    presented: Presented,
    number: int,
    total: int,
) -> Graded:
    header = f"Question {number}/{total} · {presented.header}"
    console.print(Panel(Markdown(presented.prompt), title=presented.title, subtitle=header))
    chosen: list[str] = []
    typed = ""
    if presented.kind == "numeric":
        typed = prompter.number(presented.unit)
    else:
        if presented.kind == "multi_select":
            console.print("[dim](select every correct option)[/]")
        for letter, (_, text) in zip(LETTERS, presented.options, strict=False):
            console.print(f"  [bold]{letter})[/] {text}")
        labels = [f"{LETTERS[i]}) {text}" for i, (_, text) in enumerate(presented.options)]
        picked = (
            prompter.choose_many(labels)
            if presented.kind == "multi_select"
            else [prompter.choose_one(labels)]
        )
        chosen = [presented.options[i][0] for i in picked]
    graded = source.grade(presented, chosen, typed)
    if graded.correct:
        console.print("[bold green]Correct.[/]")
    elif graded.expected_text:
        console.print(f"[bold red]Not quite.[/] The answer is {graded.expected_text}.")
    else:
        partial = f" (partial credit {graded.score:.0%})" if graded.score else ""
        console.print(f"[bold red]Not quite.[/]{partial}")
    for letter, line in zip(LETTERS, graded.options, strict=False):
        if line.chosen or line.correct:
            mark = "✓" if line.correct else "✗"
            picked_note = " (your pick)" if line.chosen else ""
            console.print(f"  {mark} {letter}){picked_note} {line.feedback.strip()}")
    if graded.explanation:
        console.print(Panel(Markdown(graded.explanation), title="Explanation", border_style="blue"))
    return graded


def _report(console: Console, scores: list[tuple[str, float]], total: int) -> None:
    table = Table(title="Your results")
    table.add_column("question")
    table.add_column("score", justify="right")
    for question_id, score in scores:
        table.add_row(question_id, f"{score:.2f}")
    if scores:
        console.print(table)
    earned = sum(score for _, score in scores)
    console.print(
        f"[bold]Score: {earned:g} / {len(scores)}[/] ({total - len(scores)} not answered)"
    )
