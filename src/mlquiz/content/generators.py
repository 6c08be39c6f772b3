"""Resolve trusted generator and checker functions named in bank files.

Only functions inside the ``mlquiz.bank`` package may be named: bank files are data, and the
code they point to ships and is reviewed with mlquiz itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


class GeneratorError(ValueError):
    """A dotted path that does not name a callable in mlquiz.bank."""


def resolve_callable(dotted: str) -> Callable[..., Any]:
    """``mlquiz.bank.generators.theory:adam_step`` -> the function object."""
    module_name, _, attribute = dotted.partition(":")
    if not module_name.startswith("mlquiz.bank.") or not attribute:
        raise GeneratorError(f"{dotted!r} must look like 'mlquiz.bank.<module>:<function>'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise GeneratorError(f"cannot import module {module_name!r}: {exc}") from None
    function = getattr(module, attribute, None)
    if not callable(function):
        raise GeneratorError(f"module {module_name!r} has no function {attribute!r}")
    return function  # type: ignore[no-any-return]
