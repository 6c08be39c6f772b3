"""Shared fixtures: small bank files written on the fly."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

VALID_MCQ = """\
id: ml_theory/testing/sample-mcq
kind: mcq
title: A sample question
round: ml_theory
topics: [bias-variance]
difficulty: easy
time_estimate_minutes: 1
prompt: Which is right?
options:
  - id: right
    text: The right one
    correct: true
    feedback: Because it is right.
  - id: wrong
    text: The wrong one
    feedback: A common confusion.
explanation: Because.
"""

VALID_NUMERIC = """\
id: ml_theory/testing/sample-numeric
kind: numeric
title: Precision from counts
round: ml_theory
topics: [evaluation-metrics]
difficulty: easy
time_estimate_minutes: 2
prompt: "A classifier has {{ tp }} true positives and {{ fp }} false positives. Precision?"
parameters:
  tp: {type: int, min: 1, max: 50}
  fp: {type: int, min: 0, max: 50}
answer:
  formula: tp / (tp + fp)
tolerance: {absolute: 0.005}
explanation: "Precision is TP / (TP + FP) = {{ tp }} / ({{ tp }} + {{ fp }})."
"""


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` (dedented) or raw bytes to ``name`` under a fresh folder."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return write


INSTALL_HINT = "run 'sudo scripts/install-sandbox-deps.sh' (installs bubblewrap)"


@pytest.fixture(scope="session")
def sandbox() -> Iterator[object]:
    from mlquiz.grading.code.sandbox import Sandbox, SandboxUnavailable

    try:
        pool = Sandbox(workers=1)
    except SandboxUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the code sandbox is required in CI: {exc}")
        pytest.skip(f"code sandbox unavailable ({exc}); {INSTALL_HINT}")
    try:
        yield pool
    finally:
        pool.close()
