"""``mlquiz grade QUESTION SOLUTION.py``: grade a file against a coding question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mlquiz.content.bank import load_bank
from mlquiz.content.errors import ContentLoadError
from mlquiz.content.loader import load_item
from mlquiz.content.schema import BankItem, CodingQuestion

if TYPE_CHECKING:
    from mlquiz.grading.code import GradeReport

UNSAFE_BANNER = (
    "UNSAFE LOCAL MODE: the code runs WITHOUT the sandbox, with your user's full rights. "
    "Use it only for your own code on your own machine."
)


@click.command("grade")
@click.argument("question")
@click.argument("solution", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (docs/grading.md).")
@click.option("--run", "run_only", is_flag=True, help="Public tests only, like the Run button.")
@click.option(
    "--unsafe-local",
    is_flag=True,
    help="Run without the sandbox (only for your own code on your own machine).",
)
def command(
    question: str, solution: Path, as_json: bool, run_only: bool, unsafe_local: bool
) -> None:
    """Grade SOLUTION against QUESTION (a bank id or a question file)."""
    # Imported here so the other subcommands start fast and never touch the sandbox.
    from mlquiz.grading.code import SandboxUnavailable, configure_sandbox, grade_submission

    item = _find_question(question)
    if not isinstance(item, CodingQuestion):
        raise click.ClickException(f"{question!r} is a {item.kind} question, not a coding one")
    try:
        code = solution.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{solution} is not UTF-8 text") from None
    if unsafe_local:
        click.secho(UNSAFE_BANNER, fg="red", bold=True, err=True)
        configure_sandbox(unsafe_local=True)
    try:
        report = grade_submission(item, code, mode="run" if run_only else "submit")
    except SandboxUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.to_json()))
    else:
        _print(report)
    if report.verdict == "SE":
        raise SystemExit(2)


def _find_question(question: str) -> BankItem:
    path = Path(question)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        try:
            return load_item(path).item
        except ContentLoadError as exc:
            raise click.ClickException(str(exc)) from None
    item = load_bank().get(question)
    if item is None:
        raise click.ClickException(f"no question with id {question!r}; see 'mlquiz bank list'")
    return item


def _print(report: GradeReport) -> None:
    console = Console(highlight=False)
    colour = "green" if report.verdict == "AC" else "red"
    console.print(
        f"[bold {colour}]{report.verdict}[/] {report.verdict_text}"
        f"  ({report.passed}/{len(report.tests)} tests, {report.time_ms:.0f} ms)"
    )
    if report.message:
        console.print(escape(report.message))
    if report.isolation != "sandbox":
        console.print(f"[bold red]{UNSAFE_BANNER}[/]")
    table = Table(show_header=True)
    for column in ("test", "result", "details"):
        table.add_column(column)
    for test in report.tests:
        mark = "[green]pass[/]" if test.passed else f"[red]{test.verdict}[/]"
        details = ""
        if test.public and not test.passed:
            details = f"input {test.input}\nexpected {test.expected}\ngot {test.got}"
            if test.message:
                details += f"\n{test.message}"
        if test.public and test.stdout:
            details += f"\nstdout: {test.stdout[:300]}"
        name = test.name if test.public else f"{test.name} (hidden)"
        table.add_row(escape(name), mark, escape(details.strip()))
    console.print(table)
