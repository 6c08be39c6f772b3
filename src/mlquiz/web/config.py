"""Where the web app keeps its files, and the secret key it generates once per installation.

Kept free of Django imports so ``mlquiz serve`` can prepare the environment before settings load.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs

SECRET_KEY_FILE = "secret_key"


def data_dir() -> Path:
    """The user's data directory (``MLQUIZ_DATA_DIR`` overrides), created on first use."""
    override = os.environ.get("MLQUIZ_DATA_DIR")
    path = Path(override).expanduser() if override else Path(platformdirs.user_data_dir("mlquiz"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(directory: Path | None = None) -> str:
    """``MLQUIZ_SECRET_KEY``, else a random key stored (mode 0600) in the data directory."""
    from_env = os.environ.get("MLQUIZ_SECRET_KEY")
    if from_env:
        return from_env
    path = (directory or data_dir()) / SECRET_KEY_FILE
    try:
        existing = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        existing = ""
    if existing:
        return existing
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process (the worker) won the race: use its key
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}
