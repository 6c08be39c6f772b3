"""Turn bank files into validated objects, collecting every problem with its file and line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from mlquiz.content.errors import ContentError, ContentLoadError
from mlquiz.content.paths import discover_files
from mlquiz.content.schema import MODEL_BY_KIND, BankItem, MockInterview, Question
from mlquiz.content.yaml_source import YamlDocument, load_yaml


@dataclass(frozen=True)
class LoadedItem:
    """A validated bank object together with the document it came from (for line numbers)."""

    item: BankItem
    doc: YamlDocument

    @property
    def path(self) -> Path:
        return self.doc.path


@dataclass
class LoadResult:
    """What loading produced: good items, plus every error found (loading never stops early)."""

    items: list[LoadedItem] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def questions(self) -> Iterator[tuple[Question, LoadedItem]]:
        for loaded in self.items:
            if not isinstance(loaded.item, MockInterview):
                yield loaded.item, loaded

    def mocks(self) -> Iterator[tuple[MockInterview, LoadedItem]]:
        for loaded in self.items:
            if isinstance(loaded.item, MockInterview):
                yield loaded.item, loaded


def load_files(paths: Sequence[Path]) -> LoadResult:
    """Load every bank file found under ``paths``."""
    result = LoadResult()
    files = discover_files(paths)
    result.files = files
    if not files:
        shown = ", ".join(str(p) for p in paths) or "(nothing)"
        result.errors.append(
            ContentError(
                Path(shown),
                0,
                "no question files found (looked for *.yaml and *.yml)",
                "point mlquiz at a folder holding question files",
            )
        )
        return result
    for path in files:
        try:
            result.items.append(load_item(path))
        except ContentLoadError as exc:
            result.errors.extend(exc.errors)
    return result


def load_item(path: Path) -> LoadedItem:
    """Parse and validate one file; raises ContentLoadError naming file and line."""
    doc = load_yaml(path)
    return LoadedItem(item=parse_document(doc), doc=doc)


def parse_document(doc: YamlDocument) -> BankItem:
    kind = doc.data.get("kind")
    model = MODEL_BY_KIND.get(kind) if isinstance(kind, str) else None
    if model is None:
        where = doc.line_of(("kind",))
        known = ", ".join(MODEL_BY_KIND)
        message = "missing required field 'kind'" if kind is None else f"unknown kind {kind!r}"
        raise ContentLoadError([ContentError(doc.path, where, message, f"use one of: {known}")])
    try:
        item = model.model_validate(doc.data)
    except ValidationError as exc:
        raise ContentLoadError(
            [_describe(doc, model, error) for error in exc.errors(include_url=False)]
        ) from None
    assert isinstance(item, (*_bank_item_types(),))
    return item  # type: ignore[return-value]


def _bank_item_types() -> tuple[type[BaseModel], ...]:
    return tuple(MODEL_BY_KIND.values())


def _describe(doc: YamlDocument, model: type[BaseModel], error: Any) -> ContentError:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    found, rest = _resolve(doc, loc)
    shown = ".".join(str(p) for p in (*found, *rest)) or "(top level)"
    line = doc.lines.get(found, 1) if found else 1
    kind = error["type"]
    if kind == "missing":
        field_name = loc[-1]
        return ContentError(
            doc.path,
            line,
            f"missing required field '{field_name}' at {shown}",
            f"add '{field_name}:'",
        )
    if kind == "extra_forbidden":
        key = str(loc[-1])
        suggestion = difflib.get_close_matches(key, sorted(_all_field_names(model)), n=1)
        hint = f"did you mean '{suggestion[0]}'?" if suggestion else "remove it or check spelling"
        return ContentError(doc.path, line, f"unknown key '{key}' at {shown}", hint)
    message = str(error["msg"]).removeprefix("Value error, ")
    return ContentError(doc.path, line, f"{shown}: {message}", _hint_for(kind, error))


def _resolve(
    doc: YamlDocument, loc: tuple[str | int, ...]
) -> tuple[tuple[str | int, ...], list[str | int]]:
    """Split a pydantic location into the part found in the file and the rest.

    Pydantic inserts union tags (``'float'``, ``'function-after[...]'``) into locations; parts
    absent from the document are skipped so the line points at the deepest real key.
    """
    current: tuple[str | int, ...] = ()
    rest: list[str | int] = []
    for part in loc:
        candidate = (*current, part)
        if candidate in doc.lines:
            current = candidate
            rest = []
        elif isinstance(part, str) and ("[" in part or part in _UNION_TAGS):
            continue
        else:
            rest.append(part)
    return current, rest


_UNION_TAGS = frozenset({"int", "float", "choice", "str", "list", "dict", "bool", "none"})


def _hint_for(kind: str, error: Any) -> str:
    if kind.endswith("_type"):
        return f"got {type(error.get('input')).__name__} {str(error.get('input'))[:40]!r}"
    if kind == "string_pattern_mismatch":
        return (
            "ids and topics use lowercase letters, digits, '-' and '_'; "
            "ids look like round/topic/name"
        )
    if kind == "literal_error":
        return "use one of the values listed"
    return ""


@cache
def _all_field_names(model: type[BaseModel]) -> frozenset[str]:
    names: set[str] = set()
    for schema_model in _walk_models(model, set()):
        names.update(schema_model.model_fields)
    return frozenset(names)


def _walk_models(model: type[BaseModel], seen: set[type[BaseModel]]) -> Iterable[type[BaseModel]]:
    if model in seen:
        return
    seen.add(model)
    yield model
    for info in model.model_fields.values():
        for nested in _models_in(info.annotation):
            yield from _walk_models(nested, seen)


def _models_in(annotation: Any) -> Iterable[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if get_origin(annotation) is not None or get_args(annotation):
        for arg in get_args(annotation):
            yield from _models_in(arg)
