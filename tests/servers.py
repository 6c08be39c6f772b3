"""Helpers for tests that start ``mlquiz serve`` or ``mlquiz worker`` as real processes."""

from __future__ import annotations

import os
import socket
from pathlib import Path

FIXTURE_BANK = Path(__file__).resolve().parent / "web" / "bank"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(data_dir: Path, bank: Path = FIXTURE_BANK) -> dict[str, str]:
    """This process's environment for a server on its own SQLite file and a fixture bank."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MLQUIZ_SECRET_KEY"}
    }
    env.update(
        MLQUIZ_DATA_DIR=str(data_dir),
        MLQUIZ_NO_SHIPPED_BANK="1",
        MLQUIZ_BANK_PATHS=str(bank),
        PYTHONUNBUFFERED="1",
    )
    return env
