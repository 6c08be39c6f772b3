"""A real sandbox for grading tests: skipped with instructions outside CI, required in CI."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

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
