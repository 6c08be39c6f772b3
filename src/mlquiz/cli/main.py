"""Entry point of the ``mlquiz`` command."""

from __future__ import annotations

import click

from mlquiz import __version__
from mlquiz.cli import bank, grade, practice, schema, serve, validate, worker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mlquiz")
def cli() -> None:
    """Practice for the machine-learning engineer interview loop."""


cli.add_command(validate.command)
cli.add_command(schema.command)
cli.add_command(bank.command)
cli.add_command(practice.command)
cli.add_command(serve.command)
cli.add_command(grade.command)
cli.add_command(worker.command)


def main() -> None:
    cli(prog_name="mlquiz")
