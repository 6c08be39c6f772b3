"""Where the shipped bank lives and which files in a folder are bank files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import mlquiz

TAXONOMY_FILE = "taxonomy.yaml"
BANK_SUFFIXES = (".yaml", ".yml")


def shipped_bank_dir() -> Path:
    """The question bank installed with the package (data, not code)."""
    return Path(mlquiz.__file__).resolve().parent / "bank"


def shipped_taxonomy_path() -> Path:
    return shipped_bank_dir() / TAXONOMY_FILE


def discover_files(paths: Iterable[Path]) -> list[Path]:
    """Every bank file under ``paths`` (files are taken as given), sorted, taxonomy excluded."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for candidate in path.rglob("*"):
                if (
                    candidate.is_file()
                    and candidate.suffix in BANK_SUFFIXES
                    and candidate.name != TAXONOMY_FILE
                    and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
                ):
                    found.add(candidate)
        else:
            found.add(path)
    return sorted(found)
