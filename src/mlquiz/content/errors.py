"""Problems found in bank files, always tied to a file and a line so authors can fix them fast."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file. ``line`` is 1-based; 0 means "the file as a whole"."""

    path: Path
    line: int
    message: str
    hint: str = ""

    def render(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" (fix: {self.hint})"
        return text


class ContentLoadError(Exception):
    """Raised when a file cannot become a bank object; carries every problem found in it."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(e.render() for e in errors))
        self.errors = errors
