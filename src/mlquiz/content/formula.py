"""A tiny arithmetic language for numeric answers, checked against an AST whitelist.

Authors write answers such as ``2*tp / (2*tp + fp + fn)``. We never ``eval`` them: the
expression is parsed with :mod:`ast`, every node is checked against a whitelist once, and a
small interpreter walks the tree. Power is capped so a formula cannot hang the server.
"""

from __future__ import annotations

import ast
import math
import operator
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Number = int | float
Value = int | float | bool

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
    ast.Not: operator.not_,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


def _comb(n: Number, k: Number) -> int:
    return math.comb(int(n), int(k))


FUNCTIONS: dict[str, Callable[..., Number]] = {
    "abs": abs,
    "min": min,
    "max": max,
    "round": round,
    "sqrt": math.sqrt,
    "exp": math.exp,
    "log": math.log,
    "log2": math.log2,
    "log10": math.log10,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "tanh": math.tanh,
    "floor": math.floor,
    "ceil": math.ceil,
    "comb": _comb,
    "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)),
    "erf": math.erf,
    "phi": lambda x: 0.5 * (1.0 + math.erf(x / math.sqrt(2.0))),
    "phi_inv": lambda p: statistics.NormalDist().inv_cdf(p),
}
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e, "inf": math.inf}
_MAX_EXPONENT = 1000
_MAX_LENGTH = 2000


class FormulaError(ValueError):
    """A formula that cannot be parsed, names something unknown, or fails to evaluate."""


@dataclass(frozen=True)
class Formula:
    """A parsed, whitelisted expression and the parameter names it reads."""

    source: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Value]) -> Value:
        """Evaluate with ``values``; any arithmetic failure becomes a FormulaError."""
        missing = self.names - values.keys()
        if missing:
            raise FormulaError(f"no value for {', '.join(sorted(missing))}")
        try:
            result: Value = _eval(self.tree.body, values)
        except FormulaError:
            raise
        except ZeroDivisionError:
            raise FormulaError("division by zero") from None
        except (ValueError, OverflowError, TypeError) as exc:
            raise FormulaError(f"{type(exc).__name__}: {exc}") from None
        return result


def parse_formula(source: str) -> Formula:
    """Parse and whitelist ``source``; raises FormulaError saying what is not allowed."""
    if len(source) > _MAX_LENGTH:
        raise FormulaError(f"formula is longer than {_MAX_LENGTH} characters")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not a valid expression: {exc.msg}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        _check_node(node, names)
    return Formula(source=source, tree=tree, names=frozenset(names - CONSTANTS.keys()))


def _check_node(node: ast.AST, names: set[str]) -> None:
    allowed = (
        ast.Expression,
        ast.BinOp,
        ast.UnaryOp,
        ast.Compare,
        ast.BoolOp,
        ast.IfExp,
        ast.Constant,
        ast.Name,
        ast.Load,
        ast.Call,
        ast.And,
        ast.Or,
        *_BINARY,
        *_UNARY,
        *_COMPARE,
    )
    if not isinstance(node, allowed):
        raise FormulaError(f"'{type(node).__name__}' is not allowed in a formula")
    if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
        raise FormulaError(f"only numbers may appear as constants, not {node.value!r}")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            shown = ast.unparse(node.func)
            raise FormulaError(
                f"unknown function '{shown}'; allowed: {', '.join(sorted(FUNCTIONS))}"
            )
        if node.keywords:
            raise FormulaError("keyword arguments are not allowed in a formula")
    if isinstance(node, ast.Name):
        is_function = node.id in FUNCTIONS
        if not is_function:
            names.add(node.id)


def _eval(node: ast.expr, env: Mapping[str, Value]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise FormulaError(f"unknown name '{node.id}'")
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, env), _eval(node.right, env)
        if isinstance(node.op, ast.Pow) and abs(right) > _MAX_EXPONENT:
            raise FormulaError(f"exponent {right} is too large")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, env))
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, env)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, env) for v in node.values]
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.IfExp):
        return _eval(node.body, env) if _eval(node.test, env) else _eval(node.orelse, env)
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return FUNCTIONS[node.func.id](*(_eval(a, env) for a in node.args))
    raise FormulaError(f"'{type(node).__name__}' is not allowed in a formula")
