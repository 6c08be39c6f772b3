"""The controlled vocabulary: the four rounds and every topic a question may be tagged with."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from mlquiz.content.errors import ContentError, ContentLoadError
from mlquiz.content.schema import Round, ShortText, Slug, Strict, Text
from mlquiz.content.yaml_source import load_yaml


class RoundInfo(Strict):
    id: Round
    title: ShortText
    description: Text


class TopicInfo(Strict):
    id: Slug
    title: ShortText
    rounds: Annotated[list[Round], Field(min_length=1)]


class Taxonomy(Strict):
    rounds: Annotated[list[RoundInfo], Field(min_length=4, max_length=4)]
    topics: Annotated[list[TopicInfo], Field(min_length=1)]

    def topic(self, topic_id: str) -> TopicInfo | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def topic_ids(self) -> set[str]:
        return {t.id for t in self.topics}


def load_taxonomy(path: Path) -> Taxonomy:
    """Load the taxonomy file; problems become a ContentLoadError with lines."""
    doc = load_yaml(path)
    try:
        taxonomy = Taxonomy.model_validate(doc.data)
    except ValidationError as exc:
        raise ContentLoadError(
            [ContentError(path, doc.line_of(tuple(e["loc"])), e["msg"]) for e in exc.errors()]
        ) from None
    seen: set[str] = set()
    errors = []
    for index, topic in enumerate(taxonomy.topics):
        if topic.id in seen:
            errors.append(
                ContentError(
                    path, doc.line_of(("topics", index)), f"topic '{topic.id}' is listed twice"
                )
            )
        seen.add(topic.id)
    if errors:
        raise ContentLoadError(errors)
    return taxonomy
