"""``mlquiz bank list|show``: browse the question bank from the terminal or from scripts."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table

from mlquiz.cli.options import filter_options
from mlquiz.content.bank import Bank, load_bank
from mlquiz.content.schema import MockInterview


@click.group("bank")
def command() -> None:
    """Browse the question bank."""


@command.command("list")
@filter_options
@click.option("--kind", "kinds", multiple=True, help="Only this kind (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (for scripts).")
@click.option(
    "--bank",
    "bank_paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Bank folder (default: the shipped bank).",
)
def list_command(
    rounds: tuple[str, ...],
    topics: tuple[str, ...],
    difficulties: tuple[str, ...],
    kinds: tuple[str, ...],
    as_json: bool,
    bank_paths: tuple[Path, ...],
) -> None:
    """List questions (and mock interviews) with their facets."""
    bank = _load(bank_paths)
    questions = bank.filter(rounds=rounds, topics=topics, difficulties=difficulties, kinds=kinds)
    filtered = bool(rounds or topics or difficulties or (kinds and "mock" not in kinds))
    mocks = [] if filtered else bank.mocks()
    if as_json:
        for question in questions:
            click.echo(
                json.dumps(
                    {
                        "id": question.id,
                        "kind": question.kind,
                        "round": question.round,
                        "topics": question.topics,
                        "difficulty": question.difficulty,
                        "title": question.title,
                        "time_estimate_minutes": question.time_estimate_minutes,
                    }
                )
            )
        for mock in mocks:
            click.echo(
                json.dumps(
                    {
                        "id": mock.id,
                        "kind": mock.kind,
                        "round": None,
                        "topics": [],
                        "difficulty": None,
                        "title": mock.title,
                        "time_estimate_minutes": sum(z.time_minutes for z in mock.zones),
                    }
                )
            )
        return
    table = Table(title=f"{len(questions) + len(mocks)} item(s)", show_lines=False)
    for column in ("id", "kind", "round", "difficulty", "topics"):
        table.add_column(column)
    for question in questions:
        table.add_row(
            question.id,
            question.kind,
            question.round,
            question.difficulty,
            ", ".join(question.topics),
        )
    for mock in mocks:
        table.add_row(mock.id, "mock", "-", "-", f"{sum(z.time_minutes for z in mock.zones)} min")
    Console().print(table)


@command.command("show")
@click.argument("item_id")
@click.option(
    "--bank",
    "bank_paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Bank folder (default: the shipped bank).",
)
def show_command(item_id: str, bank_paths: tuple[Path, ...]) -> None:
    """Show one question or mock interview (without answers)."""
    bank = _load(bank_paths)
    item = bank.get(item_id)
    if item is None:
        raise click.ClickException(
            f"no question or mock with id {item_id!r}; see 'mlquiz bank list'"
        )
    console = Console()
    if isinstance(item, MockInterview):
        console.print(Panel(Markdown(item.description), title=item.title))
        for zone in item.zones:
            draws = "; ".join(
                f"{d.count} x {d.pool.round}"
                + (f" [{', '.join(d.pool.topics)}]" if d.pool.topics else "")
                for d in zone.draws
            )
            console.print(f"- {zone.title}: {zone.time_minutes} min — {draws}")
        return
    subtitle = (
        f"{item.kind} · {item.round} · {item.difficulty} · "
        f"~{item.time_estimate_minutes:g} min · {', '.join(item.topics)}"
    )
    console.print(Panel(Markdown(item.prompt), title=item.title, subtitle=subtitle))
    options = getattr(item, "options", None)
    if options:
        for letter, option in zip("ABCDEFGHIJ", options, strict=False):
            console.print(f"  {letter}. {option.text}")
    console.print(f"[dim]{bank.paths[item.id]}[/dim]")


def _load(bank_paths: tuple[Path, ...]) -> Bank:
    bank = load_bank(list(bank_paths) or None)
    for error in bank.errors:
        click.echo(f"warning: skipped {error.render()}", err=True)
    return bank
