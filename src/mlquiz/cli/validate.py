"""``mlquiz validate [PATH...]``: check bank files; non-zero exit on any error."""

from __future__ import annotations

from pathlib import Path

import click

from mlquiz.content.validator import validate_paths


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--taxonomy",
    "taxonomy_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Taxonomy file (default: the shipped one).",
)
def command(paths: tuple[Path, ...], taxonomy_path: Path | None) -> None:
    """Validate question files or folders (default: the shipped bank)."""
    report = validate_paths(list(paths), taxonomy_path=taxonomy_path)
    for error in report.errors:
        click.echo(error.render(), err=True)
    click.echo(report.summary())
    if not report.ok:
        raise SystemExit(1)
