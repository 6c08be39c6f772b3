"""Numeric variants: reproducible per seed, rounded before computing, answers parsed leniently."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlquiz.content.schema import NumericQuestion, Tolerance
from mlquiz.content.variants import (
    VariantError,
    draw_parameters,
    format_number,
    is_correct,
    make_variant,
    parse_answer,
    render_text,
)


def _question(**overrides: object) -> NumericQuestion:
    data: dict[str, object] = {
        "id": "ml_theory/testing/lr",
        "kind": "numeric",
        "title": "Decayed rate",
        "round": "ml_theory",
        "topics": ["lr-schedules"],
        "difficulty": "easy",
        "time_estimate_minutes": 2,
        "prompt": "Rate {{ lr }} decays by {{ gamma }} every step. After {{ steps }} steps?",
        "parameters": {
            "lr": {"type": "float", "min": 0.01, "max": 0.1, "decimals": 2},
            "gamma": {"type": "choice", "values": [0.5, 0.9]},
            "steps": {"type": "int", "min": 1, "max": 5},
        },
        "derived": {"factor": "gamma ** steps"},
        "constraints": ["lr * factor > 0.001"],
        "answer": {"formula": "lr * factor"},
        "tolerance": {"relative": 0.01},
        "explanation": "Multiply.",
    }
    data.update(overrides)
    return NumericQuestion.model_validate(data)


def test_same_seed_same_variant_other_seed_other_variant() -> None:
    question = _question()
    first, again = make_variant(question, 7), make_variant(question, 7)
    assert first == again
    assert {make_variant(question, s).values["lr"] for s in range(30)} != {first.values["lr"]}


def test_parameters_are_rounded_before_the_answer_is_computed() -> None:
    question = _question()
    for seed in range(50):
        variant = make_variant(question, seed)
        lr = variant.values["lr"]
        assert lr == round(lr, 2)
        assert variant.answer == pytest.approx(
            lr * variant.values["gamma"] ** variant.values["steps"]
        )
        assert f"Rate {format_number(lr)} decays" in variant.prompt


def test_constraints_are_respected() -> None:
    question = _question(constraints=["steps >= 4"])
    assert all(draw_parameters(question, s)["steps"] >= 4 for s in range(50))


def test_unsatisfiable_constraints_raise() -> None:
    with pytest.raises(VariantError, match="no parameters satisfied"):
        draw_parameters(_question(constraints=["steps > 10"]), 0)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("0.25", "", 0.25),
        (" 1e-3 ", "", 0.001),
        ("25%", "", 0.25),
        ("25%", "%", 25.0),
        ("3/4", "", 0.75),
        ("1,234.5", "", 1234.5),
        ("-2", "", -2.0),
    ],
)
def test_parse_answer_accepts_common_forms(text: str, unit: str, value: float) -> None:
    assert parse_answer(text, unit) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1/0", "nan", "inf", "0x10"])
def test_parse_answer_rejects_with_a_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"number"):
        parse_answer(text)


def test_tolerances() -> None:
    assert is_correct(0.101, 0.1, Tolerance(relative=0.02))
    assert not is_correct(0.11, 0.1, Tolerance(relative=0.02))
    assert is_correct(0.0004, 0.0, Tolerance(absolute=0.001))
    assert is_correct(0.1235, 0.12345, Tolerance(sig_figs=3))
    assert not is_correct(0.125, 0.12345, Tolerance(sig_figs=3))
    assert not is_correct(float("nan"), 0.1, Tolerance(absolute=1.0))


def test_render_leaves_unknown_placeholders_visible() -> None:
    assert render_text("{{ a }} and {{ b }}", {"a": 2}) == "2 and {{ b }}"


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_formatted_numbers_parse_back(value: float) -> None:
    assert parse_answer(format_number(value)) == pytest.approx(value, rel=1e-5, abs=1e-6)


def test_parameter_constraints_guard_derived_values() -> None:
    question = _question(
        parameters={"share": {"type": "float", "min": -1.0, "max": 1.0, "decimals": 2}},
        derived={"surprise": "-log(share)"},
        constraints=["share > 0.1"],
        answer={"formula": "surprise"},
        prompt="Share {{ share }}.",
    )
    for seed in range(50):
        variant = make_variant(question, seed)
        assert variant.values["share"] > 0.1


def test_explanation_shows_the_variants_numbers_and_key() -> None:
    from mlquiz.content.variants import render_explanation

    question = _question(explanation="{{ lr }} times {{ factor }} is {{ answer }}.")
    variant = make_variant(question, 3)
    text = render_explanation(question, variant)
    assert text.startswith(format_number(variant.values["lr"]))
    assert text.endswith(f"is {format_number(round(variant.answer, 4))}.")
