"""Without the kernel features or bubblewrap, mlquiz refuses untrusted code and says why."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlquiz.cli.main import cli
from mlquiz.grading.code import configure_sandbox
from mlquiz.grading.code.sandbox import Sandbox, SandboxUnavailable, check_capabilities


@pytest.fixture
def no_bubblewrap(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_which, real_exists = shutil.which, os.path.exists
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "bwrap"
                        else real_which(name, *a, **k))
    monkeypatch.setattr(os.path, "exists", lambda p: False if str(p).endswith("/bwrap")
                        else real_exists(p))
    check_capabilities(refresh=True)
    configure_sandbox(unsafe_local=False)  # drop any shared pool built before
    yield
    monkeypatch.undo()
    check_capabilities(refresh=True)
    configure_sandbox(unsafe_local=False)


def test_sandbox_refuses_and_explains(no_bubblewrap: None) -> None:
    report = check_capabilities()
    assert not report.ok
    assert "bubblewrap" in report.explain()
    with pytest.raises(SandboxUnavailable) as raised:
        Sandbox()
    message = str(raised.value)
    assert "cannot isolate untrusted code on this host" in message
    assert "apt-get install bubblewrap" in message


def test_grade_command_refuses_without_unsafe_flag(
    no_bubblewrap: None, write_file: Callable[..., Path]
) -> None:
    solution = write_file("s.py", "def merge_intervals(intervals):\n    return intervals\n")
    question = "coding/intervals/merge-overlapping-intervals"
    refused = CliRunner().invoke(cli, ["grade", question, str(solution), "--json"])
    assert refused.exit_code != 0
    assert "apt-get install bubblewrap" in refused.output
    unsafe = CliRunner().invoke(cli, ["grade", question, str(solution), "--json",
                                      "--unsafe-local"])
    assert unsafe.exit_code == 0, unsafe.output
    assert "UNSAFE LOCAL MODE" in unsafe.output
    assert '"isolation": "unsafe-local"' in unsafe.output
