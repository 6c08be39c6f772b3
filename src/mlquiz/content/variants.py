"""Seeded variants of numeric questions: draw parameters, render the prompt, compute the key.

A variant is a pure function of (question, seed): the seed is stored with the attempt, so an
attempt can be replayed and audited. Parameters are rounded for display *before* the answer is
computed, so the candidate works with exactly the numbers shown.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from mlquiz.content.formula import Formula, FormulaError, parse_formula
from mlquiz.content.generators import GeneratorError, resolve_callable
from mlquiz.content.schema import (
    ChoiceParameter,
    FloatParameter,
    IntParameter,
    NumericQuestion,
    Tolerance,
)

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
MAX_DRAWS = 1000
ParamValue = int | float


class VariantError(ValueError):
    """A question whose variants cannot be produced (unsatisfiable constraints, bad formula)."""


@dataclass(frozen=True)
class NumericVariant:
    question_id: str
    seed: int
    values: dict[str, ParamValue]
    prompt: str
    answer: float


@cache
def _parsed(source: str) -> Formula:
    return parse_formula(source)


def draw_parameters(question: NumericQuestion, seed: int) -> dict[str, ParamValue]:
    """Draw parameters for ``seed`` by rejection sampling against the constraints.

    Constraints that name only parameters are checked before derived values are computed, so
    a derived formula may rely on them (``log(share)`` behind ``share > 0``).
    """
    rng = random.Random(f"{question.id}#{seed}")
    constraints = [_parsed(c) for c in question.constraints]
    names = set(question.parameters)
    early = [c for c in constraints if c.names <= names]
    late = [c for c in constraints if not c.names <= names]
    for _ in range(MAX_DRAWS):
        values: dict[str, ParamValue] = {}
        for name, spec in question.parameters.items():
            values[name] = _draw_one(spec, rng)
        try:
            if not all(bool(c.evaluate(values)) for c in early):
                continue
            values.update(_derived(question, values))
            if all(bool(c.evaluate(values)) for c in late):
                return values
        except FormulaError as exc:
            raise VariantError(f"constraint failed to evaluate: {exc}") from None
    raise VariantError(f"no parameters satisfied the constraints after {MAX_DRAWS} draws")


def _draw_one(
    spec: IntParameter | FloatParameter | ChoiceParameter, rng: random.Random
) -> ParamValue:
    if isinstance(spec, IntParameter):
        return rng.randrange(spec.min, spec.max + 1, spec.step)
    if isinstance(spec, FloatParameter):
        return round(rng.uniform(spec.min, spec.max), spec.decimals)
    return rng.choice(spec.values)


def _derived(question: NumericQuestion, values: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
    env = dict(values)
    out: dict[str, ParamValue] = {}
    for name, source in question.derived.items():
        try:
            result = _parsed(source).evaluate(env)
        except FormulaError as exc:
            raise VariantError(f"derived value '{name}' failed: {exc}") from None
        out[name] = result
        env[name] = result
    return out


def compute_answer(question: NumericQuestion, values: Mapping[str, ParamValue]) -> float:
    """The key for these parameter values, from the formula or the trusted generator."""
    if question.answer.formula is not None:
        try:
            result = _parsed(question.answer.formula).evaluate(values)
        except FormulaError as exc:
            raise VariantError(f"answer formula failed: {exc}") from None
    else:
        assert question.answer.generator is not None
        try:
            generator = resolve_callable(question.answer.generator)
        except GeneratorError as exc:
            raise VariantError(str(exc)) from None
        try:
            result = generator(dict(values))
        except (ArithmeticError, ValueError) as exc:
            raise VariantError(f"answer generator failed: {type(exc).__name__}: {exc}") from None
    if isinstance(result, bool) or not isinstance(result, (int, float)):
        raise VariantError(f"answer must be a number, got {type(result).__name__}")
    answer = float(result)
    if not math.isfinite(answer):
        raise VariantError(f"answer is not finite ({answer})")
    return answer


def make_variant(question: NumericQuestion, seed: int) -> NumericVariant:
    values = draw_parameters(question, seed)
    return NumericVariant(
        question_id=question.id,
        seed=seed,
        values=values,
        prompt=render_text(question.prompt, values),
        answer=compute_answer(question, values),
    )


ANSWER_PLACEHOLDER = "answer"


def render_explanation(question: NumericQuestion, variant: NumericVariant) -> str:
    """The explanation with this variant's numbers; ``{{ answer }}`` shows the key, rounded."""
    shown = round(variant.answer, question.answer_decimals)
    return render_text(question.explanation, {**variant.values, ANSWER_PLACEHOLDER: shown})


def render_text(text: str, values: Mapping[str, ParamValue]) -> str:
    """Replace ``{{ name }}`` placeholders with display values; unknown names stay visible."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return format_number(values[name]) if name in values else match.group(0)

    return PLACEHOLDER.sub(replace, text)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def format_number(value: float | int, decimals: int = 6) -> str:
    """Short display form: integers without a point, floats without trailing zeros."""
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return text if text not in {"", "-0"} else f"{value:.{decimals}g}"


def parse_answer(text: str, unit: str = "") -> float:
    """Read a typed answer: ``0.25``, ``1e-3``, ``25%``, ``1/4``, ``1,234.5``.

    ``25%`` means 0.25, unless the question's unit is itself ``%`` (then it means 25).

    Raises ValueError with a message fit to show the user.
    """
    cleaned = text.strip().replace(",", "").replace(" ", "")
    if not cleaned:
        raise ValueError("enter a number")
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    try:
        if re.fullmatch(r"[-+]?\d+(\.\d+)?/[-+]?\d+(\.\d+)?", cleaned):
            numerator, denominator = cleaned.split("/")
            value = float(numerator) / float(denominator)
        else:
            value = float(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ValueError(
            f"{text.strip()[:40]!r} is not a number (try e.g. 0.25, 1e-3 or 3/4)"
        ) from None
    if not math.isfinite(value):
        raise ValueError("enter a finite number")
    return value / 100 if percent and unit.strip() != "%" else value


def is_correct(given: float, expected: float, tolerance: Tolerance) -> bool:
    """Accept ``given`` when it meets any criterion of ``tolerance``."""
    if not math.isfinite(given):
        return False
    error = abs(given - expected)
    if tolerance.absolute is not None and error <= tolerance.absolute * (1 + 1e-9):
        return True
    if tolerance.relative is not None and error <= tolerance.relative * abs(expected) * (1 + 1e-9):
        return True
    if tolerance.sig_figs is not None:
        return math.isclose(
            round_sig(given, tolerance.sig_figs),
            round_sig(expected, tolerance.sig_figs),
            rel_tol=1e-9,
            abs_tol=0.0,
        )
    return False


def round_sig(value: float, figures: int) -> float:
    if value == 0:
        return 0.0
    return round(value, figures - 1 - math.floor(math.log10(abs(value))))
