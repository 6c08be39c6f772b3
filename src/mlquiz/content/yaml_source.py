"""Read YAML into plain Python data while remembering the line of every key and list item.

Pydantic validates plain data; authors need line numbers. ruamel.yaml's round-trip loader knows
positions, so we walk its tree once, producing plain built-in types (strict validation rejects
ruamel's scalar subclasses) and a map from each data path to its 1-based line.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from mlquiz.content.errors import ContentError, ContentLoadError

DataPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Plain data of one YAML file and the line of each path inside it."""

    path: Path
    data: Any
    lines: dict[DataPath, int] = field(default_factory=dict)
    value_lines: dict[DataPath, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int:
        """The line of the deepest existing prefix of ``path`` (1 when nothing matches)."""
        parts: DataPath = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return 1

    def block_line(self, path: Sequence[str | int], offset: int) -> int:
        """Line of line ``offset`` (1-based) inside a multi-line string value at ``path``.

        Block scalars (``|``) start on the line after their key, so line 1 of the text is
        key line + 1; plain one-line strings sit on the key line itself.
        """
        key_line = self.line_of(path)
        value_line = self.value_lines.get(tuple(path), key_line)
        if value_line == key_line:
            return key_line + offset
        return value_line + offset - 1


def _plain(node: Any, here: DataPath, doc: YamlDocument) -> Any:
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            child = (*here, str(key) if not isinstance(key, (str, int)) else key)
            try:
                line, _col = node.lc.key(key)
                doc.lines[child] = line + 1
                vline, _vcol = node.lc.value(key)
                doc.value_lines[child] = vline + 1
            except (KeyError, TypeError, AttributeError):
                pass
            out[_plain_key(key)] = _plain(value, child, doc)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*here, index)
            try:
                line, _col = node.lc.item(index)
                doc.lines[child] = line + 1
            except (KeyError, TypeError, AttributeError):
                pass
            items.append(_plain(value, child, doc))
        return items
    return _plain_scalar(node)


def _plain_key(key: Any) -> Any:
    return _plain_scalar(key)


def _plain_scalar(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return bool(value)
    # ruamel's ScalarBoolean subclasses int; it is a bool in the YAML source.
    if type(value).__name__ == "ScalarBoolean":
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {(_plain_scalar(k)): _plain_scalar(v) for k, v in value.items()}
    return value


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentLoadError(
            [
                ContentError(
                    path,
                    line,
                    f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                    "save the file as UTF-8",
                )
            ]
        ) from None


def load_yaml(path: Path) -> YamlDocument:
    """Parse ``path``; every failure becomes a ContentLoadError naming file and line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentLoadError(
            [ContentError(path, 0, f"cannot read file: {exc.strerror}")]
        ) from None
    text = _decode(path, raw)
    if not text.strip():
        raise ContentLoadError(
            [ContentError(path, 1, "file is empty", "write a question, or delete the file")]
        )
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        tree = yaml.load(text)
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise ContentLoadError(
            [
                ContentError(
                    path,
                    line,
                    f"duplicate key: {_first_line(exc.problem)}",
                    "each key may appear once in a mapping",
                )
            ]
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            problem += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        raise ContentLoadError(
            [
                ContentError(
                    path,
                    line,
                    f"malformed YAML: {problem}",
                    "check indentation, colons and quoting near this line",
                )
            ]
        ) from None
    except YAMLError as exc:
        raise ContentLoadError([ContentError(path, 1, f"malformed YAML: {exc}")]) from None
    doc = YamlDocument(path=path, data=None)
    doc.data = _plain(tree, (), doc)
    if not isinstance(doc.data, dict):
        raise ContentLoadError(
            [
                ContentError(
                    path,
                    1,
                    "the file must be a YAML mapping (key: value lines) at the top",
                    "start with 'id:', 'kind:' and the other fields",
                )
            ]
        )
    return doc


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if text else "repeated key"
