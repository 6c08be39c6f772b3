"""Every kind of broken file gives one clear message with file and line, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import VALID_MCQ, VALID_NUMERIC

from mlquiz.cli.main import cli
from mlquiz.content.validator import validate_paths


def _run(*paths: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_valid_files_pass(write_file: Callable[..., Path]) -> None:
    write_file("a.yaml", VALID_MCQ)
    path = write_file("b.yaml", VALID_NUMERIC)
    code, output = _run(path.parent)
    assert code == 0, output
    assert "OK: 2 file(s) checked (mcq 1, numeric 1)" in output


CASES = [
    # name, file text, needle on the expected line, expected message fragment
    (
        "malformed",
        VALID_MCQ.replace("title: A sample question", "title: [unclosed"),
        "round: ml_theory",
        "malformed YAML: expected ',' or ']', but got ':' (while parsing a "
        "flow sequence started at line 3)",
    ),
    (
        "bad-indent",
        VALID_MCQ.replace("    text: The wrong one", "   text: The wrong one"),
        "text: The wrong one",
        "malformed YAML",
    ),
    (
        "wrong-type",
        VALID_MCQ.replace("time_estimate_minutes: 1", "time_estimate_minutes: soon"),
        "time_estimate_minutes: soon",
        "time_estimate_minutes: Input should be a valid number",
    ),
    (
        "unknown-key",
        VALID_MCQ.replace("explanation: Because.", "explanation: Because.\nhint: x"),
        "hint: x",
        "unknown key 'hint'",
    ),
    (
        "missing-field",
        VALID_MCQ.replace("explanation: Because.\n", ""),
        "id: ml_theory",
        "missing required field 'explanation'",
    ),
    (
        "unknown-topic",
        VALID_MCQ.replace("[bias-variance]", "[bias-variance, astrology]"),
        "topics:",
        "unknown topic 'astrology'",
    ),
    (
        "no-correct",
        VALID_MCQ.replace("    correct: true\n", ""),
        "options:",
        "exactly one correct option, found 0",
    ),
    (
        "two-correct",
        VALID_MCQ.replace(
            "    feedback: A common confusion.",
            "    correct: true\n    feedback: A common confusion.",
        ),
        "options:",
        "exactly one correct option, found 2",
    ),
    (
        "divides-by-zero",
        VALID_NUMERIC.replace("tp / (tp + fp)", "tp / fp"),
        "answer:",
        "division by zero",
    ),
    (
        "unknown-parameter",
        VALID_NUMERIC.replace("tp / (tp + fp)", "tp / (tp + fn)"),
        "formula:",
        "unknown parameter(s): fn",
    ),
    (
        "unknown-placeholder",
        VALID_NUMERIC.replace("{{ fp }} false", "{{ fn }} false"),
        "prompt:",
        "placeholder '{{ fn }}' names no parameter",
    ),
    (
        "duplicate-key",
        VALID_MCQ.replace("difficulty: easy", "difficulty: easy\ndifficulty: hard"),
        "difficulty: hard",
        "duplicate key",
    ),
    ("bad-kind", VALID_MCQ.replace("kind: mcq", "kind: quiz"), "kind: quiz", "unknown kind 'quiz'"),
    (
        "bad-id",
        VALID_MCQ.replace("id: ml_theory/testing/sample-mcq", "id: Not An Id"),
        "id: Not An Id",
        "id: String should match pattern",
    ),
    (
        "topic-wrong-round",
        VALID_MCQ.replace("[bias-variance]", "[heaps]"),
        "topics:",
        "topic 'heaps' is not part of round 'ml_theory'",
    ),
]


@pytest.mark.parametrize(("name", "text", "needle", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_names_file_and_line(
    write_file: Callable[..., Path], name: str, text: str, needle: str, fragment: str
) -> None:
    path = write_file(f"{name}.yaml", text)
    code, output = _run(path)
    assert code == 1
    assert "Traceback" not in output
    expected_line = _line_of(text, needle)
    assert f"{path}:{expected_line}: " in output, output
    assert fragment in output, output


def test_duplicate_id_names_both_files(write_file: Callable[..., Path]) -> None:
    first = write_file("one.yaml", VALID_MCQ)
    second = write_file("two.yaml", VALID_MCQ)
    code, output = _run(first.parent)
    assert code == 1
    assert f"{first}:1: duplicate id 'ml_theory/testing/sample-mcq' (also in {second})" in output
    assert f"{second}:1: duplicate id" in output


def test_non_utf8_file(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "latin1.yaml", VALID_MCQ.replace("Because.", "Parce que déjà.").encode("latin-1")
    )
    code, output = _run(path)
    assert code == 1
    line = _line_of(VALID_MCQ, "explanation: Because.")
    assert f"{path}:{line}: file is not valid UTF-8" in output


def test_empty_file(write_file: Callable[..., Path]) -> None:
    path = write_file("empty.yaml", "\n  \n")
    code, output = _run(path)
    assert code == 1
    assert f"{path}:1: file is empty" in output


def test_directory_without_questions(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a question")
    code, output = _run(tmp_path)
    assert code == 1
    assert "no question files found" in output


def test_top_level_list_is_rejected(write_file: Callable[..., Path]) -> None:
    path = write_file("list.yaml", "- a\n- b\n")
    code, output = _run(path)
    assert code == 1
    assert f"{path}:1: the file must be a YAML mapping" in output


def test_errors_from_several_files_are_all_reported(write_file: Callable[..., Path]) -> None:
    write_file("bad1.yaml", VALID_MCQ.replace("kind: mcq", "kind: nope"))
    path = write_file("bad2.yaml", VALID_NUMERIC.replace("tp / (tp + fp)", "tp / zz"))
    report = validate_paths([path.parent])
    assert len(report.errors) == 2
    assert {e.path.name for e in report.errors} == {"bad1.yaml", "bad2.yaml"}


def test_numeric_constraint_that_never_holds(write_file: Callable[..., Path]) -> None:
    text = VALID_NUMERIC.replace("tolerance:", 'constraints: ["tp > 100"]\ntolerance:')
    path = write_file("never.yaml", text)
    code, output = _run(path)
    assert code == 1
    assert "no parameters satisfied the constraints" in output


def test_relative_tolerance_with_zero_answer(write_file: Callable[..., Path]) -> None:
    text = VALID_NUMERIC.replace("tp / (tp + fp)", "fp / (tp + fp)").replace(
        "{absolute: 0.005}", "{relative: 0.01}"
    )
    path = write_file("zero.yaml", text)
    code, output = _run(path)
    assert code == 1
    assert "relative tolerance can never accept" in output


def test_id_must_match_the_path_inside_a_bank_folder(tmp_path: Path) -> None:
    from mlquiz.content.paths import shipped_taxonomy_path

    (tmp_path / "taxonomy.yaml").write_bytes(shipped_taxonomy_path().read_bytes())
    place = tmp_path / "ml_theory" / "testing" / "elsewhere.yaml"
    place.parent.mkdir(parents=True)
    place.write_text(VALID_MCQ)
    code, output = _run(place)
    assert code == 1
    assert (
        f"{place}:1: id 'ml_theory/testing/sample-mcq' does not match the file's place "
        "'ml_theory/testing/elsewhere'"
    ) in output
    place.rename(place.with_name("sample-mcq.yaml"))
    assert _run(place.with_name("sample-mcq.yaml"))[0] == 0


def _shipped_copy(tmp_path: Path, question_id: str, edit: Callable[[dict], None]) -> Path:
    """A shipped question edited through ruamel (keeps it valid YAML), written outside the bank."""
    from ruamel.yaml import YAML

    from mlquiz.content.bank import load_bank

    yaml = YAML()
    data = yaml.load(load_bank().paths[question_id].read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "copy.yaml"
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    return path


def test_model_answer_must_make_its_rubric_points(tmp_path: Path) -> None:
    question = "ml_theory/practical-judgement/start-with-a-baseline"

    def blank(data: dict) -> None:
        data["model_answer"] = "It depends on the problem."

    code, output = _run(_shipped_copy(tmp_path, question, blank))
    assert code == 1
    assert "the model answer does not make rubric point(s): reference-point" in output


def test_reference_answer_must_cover_its_rubric_and_raise_no_flag(tmp_path: Path) -> None:
    question = "ml_system_design/fraud-anomaly/payment-fraud-detection"

    def spoil(data: dict) -> None:
        flagged = next(f for f in data["fixtures"] if f["expected_red_flags"])
        data["reference_answer"]["model"] = flagged["answers"]["model"]
        data["reference_answer"]["data"] = (
            flagged["answers"]["data"] + "\n\n" + str(data["reference_answer"]["data"])
        )

    code, output = _run(_shipped_copy(tmp_path, question, spoil))
    assert code == 1
    assert "the reference answer's 'model' step does not make rubric point(s)" in output
    assert "the reference answer raises its own red flag" in output
