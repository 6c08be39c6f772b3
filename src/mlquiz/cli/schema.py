"""``mlquiz schema``: the JSON Schema of bank files, for editors and external tools."""

from __future__ import annotations

import json
from typing import Annotated, Any

import click
from pydantic import Field, TypeAdapter

from mlquiz.content.schema import (
    CodingQuestion,
    McqQuestion,
    MockInterview,
    MultiSelectQuestion,
    NumericQuestion,
    ShortTextQuestion,
    SystemDesignQuestion,
)

BankFile = Annotated[
    McqQuestion
    | MultiSelectQuestion
    | NumericQuestion
    | ShortTextQuestion
    | CodingQuestion
    | SystemDesignQuestion
    | MockInterview,
    Field(discriminator="kind"),
]


def bank_file_schema() -> dict[str, Any]:
    schema = TypeAdapter(BankFile).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mlquiz bank file"
    return schema


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of a bank file (one question or mock interview)."""
    click.echo(json.dumps(bank_file_schema(), indent=2, sort_keys=True))
