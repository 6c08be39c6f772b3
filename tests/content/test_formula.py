"""The formula language evaluates arithmetic and refuses everything else."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlquiz.content.formula import FormulaError, parse_formula


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        ("2*tp / (2*tp + fp + fn)", {"tp": 8, "fp": 2, "fn": 4}, 16 / 22),
        ("sqrt(v) + 1e-8", {"v": 4.0}, 2.0 + 1e-8),
        ("x ** 2 if x > 0 else -x", {"x": -3}, 3),
        ("max(a, b) - min(a, b)", {"a": 2, "b": 7}, 5),
        ("log(e)", {}, 1.0),
        ("comb(n, 2)", {"n": 5}, 10),
        ("sigmoid(0)", {}, 0.5),
        ("1 < x <= 3 and x != 2", {"x": 3}, True),
        ("floor(n / k)", {"n": 7, "k": 2}, 3),
        ("phi_inv(0.975)", {}, 1.959964),
        ("phi(phi_inv(p))", {"p": 0.8}, 0.8),
    ],
)
def test_evaluates(source: str, values: dict[str, float], expected: float) -> None:
    assert parse_formula(source).evaluate(values) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("__import__('os').system('true')", "unknown function"),
        ("x.__class__", "'Attribute' is not allowed"),
        ("[x for x in y]", "'ListComp' is not allowed"),
        ("'text'", "only numbers"),
        ("lambda: 1", "'Lambda' is not allowed"),
        ("open('f')", "unknown function 'open'"),
        ("x[0]", "'Subscript' is not allowed"),
        ("sqrt(x=1)", "keyword arguments"),
        ("1 +", "not a valid expression"),
    ],
)
def test_rejects_non_arithmetic(source: str, message: str) -> None:
    with pytest.raises(FormulaError, match=message.replace("(", r"\(")):
        parse_formula(source)


def test_names_are_reported_without_functions_or_constants() -> None:
    assert parse_formula("sqrt(a) * pi + b").names == {"a", "b"}


def test_runtime_errors_become_formula_errors() -> None:
    with pytest.raises(FormulaError, match="division by zero"):
        parse_formula("a / b").evaluate({"a": 1, "b": 0})
    with pytest.raises(FormulaError, match="ValueError"):
        parse_formula("log(a)").evaluate({"a": -1})
    with pytest.raises(FormulaError, match="no value for a"):
        parse_formula("a + 1").evaluate({})


def test_huge_powers_are_refused_instead_of_hanging() -> None:
    with pytest.raises(FormulaError, match="too large"):
        parse_formula("10 ** 100000000").evaluate({})


@given(
    a=st.floats(-1e6, 1e6, allow_nan=False),
    b=st.floats(-1e6, 1e6, allow_nan=False).filter(lambda v: abs(v) > 1e-9),
)
def test_matches_python_arithmetic(a: float, b: float) -> None:
    got = parse_formula("(a + b) * a / b - a ** 2").evaluate({"a": a, "b": b})
    assert math.isclose(got, (a + b) * a / b - a**2, rel_tol=1e-12, abs_tol=1e-9)
