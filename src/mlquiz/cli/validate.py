"""``mlquiz validate [PATH...]``: check bank files; non-zero exit on any error."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mlquiz.content.errors import ContentError
from mlquiz.content.loader import LoadedItem
from mlquiz.content.schema import CodingQuestion
from mlquiz.content.validator import CodingRunner, validate_paths


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--taxonomy",
    "taxonomy_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Taxonomy file (default: the shipped one).",
)
@click.option(
    "--structure-only", is_flag=True, help="Check coding questions without running their tests."
)
def command(paths: tuple[Path, ...], taxonomy_path: Path | None, structure_only: bool) -> None:
    """Validate question files or folders (default: the shipped bank).

    Coding questions are run in the sandbox: the reference must pass, the starter fail and
    every listed wrong solution be rejected. Where the sandbox cannot run, bank code (the
    author's own) runs without it, and the output says so.
    """
    runner = None if structure_only else _coding_runner()
    report = validate_paths(list(paths), taxonomy_path=taxonomy_path, coding_runner=runner)
    for error in report.errors:
        click.echo(error.render(), err=True)
    click.echo(report.summary())
    if not report.ok:
        raise SystemExit(1)


def _coding_runner() -> CodingRunner:
    from mlquiz.grading.code import SandboxUnavailable, configure_sandbox, shared_sandbox
    from mlquiz.grading.code.selfcheck import check_coding_question

    state: dict[str, object] = {}

    def run(question: CodingQuestion, item: LoadedItem) -> list[ContentError]:
        if "sandbox" not in state:
            try:
                state["sandbox"] = shared_sandbox()
            except SandboxUnavailable as exc:
                if os.environ.get("CI") == "true":
                    raise click.ClickException(f"the sandbox is required in CI: {exc}") from None
                click.secho(
                    "note: the sandbox is unavailable, so bank code (reference, starter and "
                    f"wrong solutions) runs WITHOUT isolation: {exc}",
                    fg="yellow",
                    err=True,
                )
                configure_sandbox(unsafe_local=True)
                state["sandbox"] = shared_sandbox()
        from mlquiz.grading.code.sandbox import Sandbox

        sandbox = state["sandbox"]
        assert isinstance(sandbox, Sandbox)
        return check_coding_question(question, item, sandbox)

    return run
