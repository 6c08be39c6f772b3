"""``mlquiz bank`` and ``mlquiz schema`` as scripts and people use them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from tests.conftest import VALID_MCQ, VALID_NUMERIC

from mlquiz.cli.main import cli
from mlquiz.content.bank import load_bank


def test_bank_list_json_has_one_object_per_item() -> None:
    result = CliRunner().invoke(cli, ["bank", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    bank = load_bank()
    assert len(rows) == len(bank.items)
    for row in rows:
        assert {"id", "kind", "round", "topics", "difficulty"} <= row.keys()
    assert {r["id"] for r in rows} == set(bank.items)


def test_bank_list_filters(write_file: Callable[..., Path]) -> None:
    write_file("a.yaml", VALID_MCQ)
    folder = write_file("b.yaml", VALID_NUMERIC).parent
    result = CliRunner().invoke(
        cli, ["bank", "list", "--json", "--bank", str(folder), "--topic", "evaluation-metrics"]
    )
    assert [json.loads(x)["id"] for x in result.output.splitlines()] == [
        "ml_theory/testing/sample-numeric"
    ]
    result = CliRunner().invoke(cli, ["bank", "list", "--bank", str(folder), "--kind", "mcq"])
    assert "sample-mcq" in result.output
    assert "sample-numeric" not in result.output


def test_bank_show_and_unknown_id(write_file: Callable[..., Path]) -> None:
    folder = write_file("a.yaml", VALID_MCQ).parent
    shown = CliRunner().invoke(
        cli, ["bank", "show", "ml_theory/testing/sample-mcq", "--bank", str(folder)]
    )
    assert shown.exit_code == 0
    assert "Which is right?" in shown.output
    assert "The wrong one" in shown.output
    missing = CliRunner().invoke(cli, ["bank", "show", "no/such-id", "--bank", str(folder)])
    assert missing.exit_code != 0
    assert "no question or mock with id 'no/such-id'" in missing.output


def test_schema_is_json_schema_with_every_kind() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    kinds = set(schema["discriminator"]["mapping"])
    assert kinds == {
        "mcq",
        "multi_select",
        "numeric",
        "short_text",
        "coding",
        "system_design",
        "mock",
    }
    assert schema["$defs"]["McqQuestion"]["additionalProperties"] is False


def test_python_dash_m_and_console_script_agree() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mlquiz", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("mlquiz, version ")
