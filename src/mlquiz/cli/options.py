"""Options shared by several subcommands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from mlquiz.content.schema import DIFFICULTIES, ROUNDS

F = TypeVar("F", bound=Callable[..., Any])


def filter_options(function: F) -> F:
    """--round, --topic and --difficulty, each repeatable."""
    function = click.option(
        "--difficulty",
        "difficulties",
        multiple=True,
        type=click.Choice(DIFFICULTIES),
        help="Only this difficulty.",
    )(function)
    function = click.option(
        "--topic", "topics", multiple=True, help="Only questions with this topic (repeatable)."
    )(function)
    function = click.option(
        "--round",
        "rounds",
        multiple=True,
        type=click.Choice(ROUNDS),
        help="Only this round (repeatable).",
    )(function)
    return function
