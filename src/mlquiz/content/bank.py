"""The bank as the rest of mlquiz sees it: questions and mocks by id, filtered by facets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlquiz.content.errors import ContentError
from mlquiz.content.loader import load_files
from mlquiz.content.paths import shipped_bank_dir
from mlquiz.content.schema import BankItem, MockInterview, Question


@dataclass
class Bank:
    """Validated items keyed by id, in a stable order (by id)."""

    items: dict[str, BankItem] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)

    def get(self, item_id: str) -> BankItem | None:
        return self.items.get(item_id)

    def questions(self) -> list[Question]:
        return [i for i in self.items.values() if not isinstance(i, MockInterview)]

    def mocks(self) -> list[MockInterview]:
        return [i for i in self.items.values() if isinstance(i, MockInterview)]

    def filter(
        self,
        *,
        rounds: Iterable[str] = (),
        topics: Iterable[str] = (),
        difficulties: Iterable[str] = (),
        kinds: Iterable[str] = (),
    ) -> list[Question]:
        """Questions matching every given facet (a facet left empty matches all)."""
        wanted_rounds, wanted_topics = set(rounds), set(topics)
        wanted_difficulties, wanted_kinds = set(difficulties), set(kinds)
        return [
            q
            for q in self.questions()
            if (not wanted_rounds or q.round in wanted_rounds)
            and (not wanted_topics or wanted_topics & set(q.topics))
            and (not wanted_difficulties or q.difficulty in wanted_difficulties)
            and (not wanted_kinds or q.kind in wanted_kinds)
        ]


def load_bank(paths: Sequence[Path] | None = None) -> Bank:
    """Load the bank; broken files are skipped and reported in ``errors`` (first id wins)."""
    result = load_files(list(paths) if paths else [shipped_bank_dir()])
    bank = Bank(errors=list(result.errors))
    for loaded in sorted(result.items, key=lambda i: i.item.id):
        bank.items.setdefault(loaded.item.id, loaded.item)
        bank.paths.setdefault(loaded.item.id, loaded.path)
    return bank
