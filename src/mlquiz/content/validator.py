"""``mlquiz validate``: every rule a bank file must keep, each failure with file, line and fix.

Schema problems are found by the loader; this module adds the rules that span fields or
files and the self-tests each file carries (numeric answers over many seeds, rubric fixtures).
Coding questions are checked structurally here; running their tests is the grader's job, plugged
in through ``coding_runner``.
"""

from __future__ import annotations

import ast
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlquiz.content.errors import ContentError, ContentLoadError
from mlquiz.content.formula import FormulaError, parse_formula
from mlquiz.content.generators import GeneratorError, resolve_callable
from mlquiz.content.loader import LoadedItem, LoadResult, load_files
from mlquiz.content.paths import TAXONOMY_FILE, shipped_bank_dir, shipped_taxonomy_path
from mlquiz.content.schema import (
    STEP_NAMES,
    CodingQuestion,
    McqQuestion,
    MockInterview,
    MultiSelectQuestion,
    NumericQuestion,
    Pool,
    Question,
    RubricItem,
    ShortTextQuestion,
    SystemDesignQuestion,
)
from mlquiz.content.taxonomy import Taxonomy, load_taxonomy
from mlquiz.content.variants import (
    ANSWER_PLACEHOLDER,
    VariantError,
    compute_answer,
    draw_parameters,
    placeholders,
)
from mlquiz.grading.text.keywords import grade_rubric, match_keywords

SEEDS_CHECKED = 50
CodingRunner = Callable[[CodingQuestion, LoadedItem], list[ContentError]]


@dataclass
class ValidationReport:
    files: list[Path] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(self.kinds.items())) or "nothing"
        verdict = "OK" if self.ok else f"{len(self.errors)} error(s)"
        return f"{verdict}: {len(self.files)} file(s) checked ({counts})"


def validate_paths(
    paths: Sequence[Path],
    *,
    taxonomy_path: Path | None = None,
    coding_runner: CodingRunner | None = None,
) -> ValidationReport:
    """Validate the given files or folders (the shipped bank when none are given)."""
    report = ValidationReport()
    try:
        taxonomy = load_taxonomy(taxonomy_path or shipped_taxonomy_path())
    except ContentLoadError as exc:
        report.errors.extend(exc.errors)
        return report
    loaded = load_files(list(paths) or [shipped_bank_dir()])
    report.files = loaded.files
    report.errors.extend(loaded.errors)
    for loaded_item in loaded.items:
        report.kinds[loaded_item.item.kind] += 1
    report.errors.extend(check_bank(loaded, taxonomy, coding_runner=coding_runner))
    report.errors.sort()
    return report


def check_bank(
    loaded: LoadResult, taxonomy: Taxonomy, *, coding_runner: CodingRunner | None = None
) -> list[ContentError]:
    errors = _unique_ids(loaded.items)
    for question, item in loaded.questions():
        errors.extend(_check_envelope(question, item, taxonomy))
        errors.extend(_check_kind(question, item, coding_runner))
    pool_items = _pool_universe(loaded)
    for mock, item in loaded.mocks():
        errors.extend(_check_mock(mock, item, taxonomy, pool_items))
    return errors


def _err(
    item: LoadedItem, where: Sequence[str | int], message: str, hint: str = ""
) -> ContentError:
    return ContentError(item.path, item.doc.line_of(tuple(where)), message, hint)


def _unique_ids(items: Iterable[LoadedItem]) -> list[ContentError]:
    by_id: dict[str, list[LoadedItem]] = defaultdict(list)
    for item in items:
        by_id[item.item.id].append(item)
    errors = []
    for question_id, holders in by_id.items():
        if len(holders) > 1:
            for holder in holders:
                others = ", ".join(str(h.path) for h in holders if h is not holder)
                errors.append(
                    _err(
                        holder,
                        ("id",),
                        f"duplicate id '{question_id}' (also in {others})",
                        "ids must be unique across the bank",
                    )
                )
    return errors


def _id_matches_path(item: LoadedItem) -> list[ContentError]:
    """Inside a bank folder (one holding taxonomy.yaml) a file's path must spell its id."""
    path = item.path.resolve()
    root = next((p for p in path.parents if (p / TAXONOMY_FILE).is_file()), None)
    if root is None:
        return []
    expected = path.relative_to(root).with_suffix("").as_posix()
    if item.item.id == expected:
        return []
    return [
        _err(
            item,
            ("id",),
            f"id '{item.item.id}' does not match the file's place '{expected}'",
            "move the file or change the id",
        )
    ]


def _check_envelope(question: Question, item: LoadedItem, taxonomy: Taxonomy) -> list[ContentError]:
    errors = _id_matches_path(item)
    for index, topic_id in enumerate(question.topics):
        topic = taxonomy.topic(topic_id)
        if topic is None:
            errors.append(
                _err(
                    item,
                    ("topics", index),
                    f"unknown topic '{topic_id}'",
                    "use a topic from taxonomy.yaml or add it there first",
                )
            )
        elif question.round not in topic.rounds:
            errors.append(
                _err(
                    item,
                    ("topics", index),
                    f"topic '{topic_id}' is not part of round '{question.round}'",
                    f"its rounds are {', '.join(topic.rounds)}; add the round in taxonomy.yaml",
                )
            )
    if len(set(question.topics)) != len(question.topics):
        errors.append(_err(item, ("topics",), "a topic is listed twice"))
    if question.kind == "coding" and question.round not in ("coding", "ml_coding"):
        errors.append(
            _err(item, ("round",), "coding questions belong to round coding or ml_coding")
        )
    if question.kind == "system_design" and question.round != "ml_system_design":
        errors.append(_err(item, ("round",), "system_design questions belong to ml_system_design"))
    return errors


def _check_kind(
    question: Question, item: LoadedItem, coding_runner: CodingRunner | None
) -> list[ContentError]:
    if isinstance(question, McqQuestion):
        return _check_options(question, item, exactly_one=True)
    if isinstance(question, MultiSelectQuestion):
        return _check_options(question, item, exactly_one=False)
    if isinstance(question, NumericQuestion):
        return _check_numeric(question, item)
    if isinstance(question, ShortTextQuestion):
        return _check_short_text(question, item)
    if isinstance(question, SystemDesignQuestion):
        return _check_system_design(question, item)
    errors = _check_coding_structure(question, item)
    if not errors and coding_runner is not None:
        errors.extend(coding_runner(question, item))
    return errors


# --- choice ---------------------------------------------------------------------------------------


def _check_options(
    question: McqQuestion | MultiSelectQuestion, item: LoadedItem, *, exactly_one: bool
) -> list[ContentError]:
    errors = []
    correct = [o for o in question.options if o.correct]
    if exactly_one and len(correct) != 1:
        errors.append(
            _err(
                item,
                ("options",),
                f"an mcq needs exactly one correct option, found {len(correct)}",
                "mark one option 'correct: true' (use kind multi_select for several)",
            )
        )
    if not exactly_one and not correct:
        errors.append(_err(item, ("options",), "a multi_select needs at least one correct option"))
    if not exactly_one and len(correct) == len(question.options):
        errors.append(
            _err(item, ("options",), "every option is correct; add at least one wrong option")
        )
    errors.extend(_duplicates(item, ("options",), [o.id for o in question.options], "option id"))
    errors.extend(
        _duplicates(
            item, ("options",), [o.text.strip().lower() for o in question.options], "option text"
        )
    )
    return errors


def _duplicates(
    item: LoadedItem, where: tuple[str | int, ...], values: Sequence[str], what: str
) -> list[ContentError]:
    errors = []
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            errors.append(_err(item, (*where, index), f"duplicate {what} '{value[:60]}'"))
        seen.add(value)
    return errors


# --- numeric --------------------------------------------------------------------------------------


def _check_numeric(question: NumericQuestion, item: LoadedItem) -> list[ContentError]:
    errors: list[ContentError] = []
    known = set(question.parameters)
    for name, source in question.derived.items():
        errors.extend(_check_formula(item, ("derived", name), source, known))
        known.add(name)
    for index, source in enumerate(question.constraints):
        errors.extend(_check_formula(item, ("constraints", index), source, known))
    if question.answer.formula is not None:
        errors.extend(_check_formula(item, ("answer", "formula"), question.answer.formula, known))
    else:
        assert question.answer.generator is not None
        try:
            resolve_callable(question.answer.generator)
        except GeneratorError as exc:
            errors.append(_err(item, ("answer", "generator"), str(exc)))
    # The explanation is shown after answering, so it may also name the key: {{ answer }}.
    texts: list[tuple[tuple[str | int, ...], str, set[str]]] = [
        (("prompt",), question.prompt, known),
        (("explanation",), question.explanation, known | {ANSWER_PLACEHOLDER}),
    ]
    texts += [(("hints", i), hint, known) for i, hint in enumerate(question.hints)]
    for where, text, allowed in texts:
        for name in sorted(placeholders(text) - allowed):
            errors.append(
                _err(
                    item,
                    where,
                    f"placeholder '{{{{ {name} }}}}' names no parameter",
                    f"known names: {', '.join(sorted(allowed)) or 'none'}",
                )
            )
    if errors:
        return errors
    return _check_numeric_seeds(question, item)


def _check_formula(
    item: LoadedItem, where: tuple[str | int, ...], source: str, known: set[str]
) -> list[ContentError]:
    try:
        formula = parse_formula(source)
    except FormulaError as exc:
        return [_err(item, where, f"bad formula {source!r}: {exc}")]
    unknown = sorted(formula.names - known)
    if unknown:
        return [
            _err(
                item,
                where,
                f"formula {source!r} names unknown parameter(s): {', '.join(unknown)}",
                f"define them under 'parameters' or 'derived' (known: {', '.join(sorted(known))})",
            )
        ]
    return []


def _check_numeric_seeds(question: NumericQuestion, item: LoadedItem) -> list[ContentError]:
    """Answers must be finite and deterministic for every one of many seeds."""
    where = ("answer",)
    only_relative = question.tolerance.absolute is None and question.tolerance.sig_figs is None
    for seed in range(SEEDS_CHECKED):
        try:
            values = draw_parameters(question, seed)
            answer = compute_answer(question, values)
            again = compute_answer(question, draw_parameters(question, seed))
        except VariantError as exc:
            shown = _shown_values(question, seed)
            return [
                _err(
                    item,
                    where,
                    f"seed {seed}{shown}: {exc}",
                    "add a constraint or change parameter ranges so every draw works",
                )
            ]
        if not math.isclose(answer, again, rel_tol=0.0, abs_tol=0.0):
            return [
                _err(item, where, f"seed {seed}: answer is not deterministic ({answer} vs {again})")
            ]
        if only_relative and answer == 0.0:
            return [
                _err(
                    item,
                    ("tolerance",),
                    f"seed {seed} gives answer 0, which a relative tolerance can never accept",
                    "add an 'absolute' tolerance",
                )
            ]
    return []


def _shown_values(question: NumericQuestion, seed: int) -> str:
    try:
        values = draw_parameters(question, seed)
    except VariantError:
        return ""
    shown = ", ".join(f"{k}={v}" for k, v in values.items() if k in question.parameters)
    return f" ({shown})" if shown else ""


# --- rubrics --------------------------------------------------------------------------------------


def _check_rubric_ids(
    item: LoadedItem, where: tuple[str | int, ...], rubric: Sequence[RubricItem]
) -> list[ContentError]:
    return _duplicates(item, where, [r.id for r in rubric], "rubric item id")


def _check_short_text(question: ShortTextQuestion, item: LoadedItem) -> list[ContentError]:
    errors = _check_rubric_ids(item, ("rubric",), question.rubric)
    if not any(r.misconception for r in question.rubric):
        errors.append(
            _err(
                item,
                ("rubric",),
                "no misconception item",
                "add an item with 'misconception: true' for a common wrong belief",
            )
        )
    if all(r.misconception for r in question.rubric):
        errors.append(_err(item, ("rubric",), "every rubric item is a misconception"))
    errors.extend(
        _reference_covers(
            item, ("model_answer",), question.rubric, question.model_answer, "the model answer"
        )
    )
    ids = {r.id for r in question.rubric}
    for index, fixture in enumerate(question.fixtures):
        where = ("fixtures", index)
        unknown = sorted(set(fixture.matches) - ids)
        if unknown:
            errors.append(
                _err(
                    item,
                    (*where, "matches"),
                    f"fixture names unknown rubric item(s): {', '.join(unknown)}",
                )
            )
            continue
        got = grade_rubric(question.rubric, fixture.answer).matched_ids()
        errors.extend(_fixture_mismatch(item, where, set(fixture.matches), got, "rubric items"))
    return errors


def _reference_covers(
    item: LoadedItem,
    where: tuple[str | int, ...],
    rubric: Sequence[RubricItem],
    text: str,
    label: str,
) -> list[ContentError]:
    """A reference answer is shown as the example to follow: it must make every point it grades."""
    matched = grade_rubric(rubric, text).matched_ids()
    missing = [r.id for r in rubric if not r.misconception and r.id not in matched]
    wrong = [r.id for r in rubric if r.misconception and r.id in matched]
    errors = []
    if missing:
        errors.append(
            _err(
                item,
                where,
                f"{label} does not make rubric point(s): {', '.join(missing)}",
                "reword the answer or widen the items' keywords",
            )
        )
    if wrong:
        errors.append(_err(item, where, f"{label} states misconception(s): {', '.join(wrong)}"))
    return errors


def _fixture_mismatch(
    item: LoadedItem, where: tuple[str | int, ...], expected: set[str], got: set[str], what: str
) -> list[ContentError]:
    if expected == got:
        return []
    parts = []
    if expected - got:
        parts.append(f"expected but not matched: {', '.join(sorted(expected - got))}")
    if got - expected:
        parts.append(f"matched but not expected: {', '.join(sorted(got - expected))}")
    return [
        _err(
            item,
            where,
            f"fixture {what} differ from the keyword matcher: {'; '.join(parts)}",
            "adjust the item's keywords or the fixture's expected list",
        )
    ]


def _check_system_design(question: SystemDesignQuestion, item: LoadedItem) -> list[ContentError]:
    errors: list[ContentError] = []
    steps = question.steps
    total = sum(getattr(steps, name).weight for name in STEP_NAMES)
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        errors.append(_err(item, ("steps",), f"step weights sum to {total:g}, not 1"))
    for name in STEP_NAMES:
        errors.extend(
            _check_rubric_ids(item, ("steps", name, "rubric"), getattr(steps, name).rubric)
        )
    errors.extend(
        _duplicates(item, ("red_flags",), [f.id for f in question.red_flags], "red flag id")
    )
    for name in STEP_NAMES:
        errors.extend(
            _reference_covers(
                item,
                ("reference_answer", name),
                getattr(steps, name).rubric,
                getattr(question.reference_answer, name),
                f"the reference answer's '{name}' step",
            )
        )
    for flag in question.red_flags:
        if any(
            match_keywords(flag.keywords, getattr(question.reference_answer, s)) for s in flag.steps
        ):
            errors.append(
                _err(
                    item,
                    ("reference_answer",),
                    f"the reference answer raises its own red flag '{flag.id}'",
                    "reword the answer or narrow the flag's keywords",
                )
            )
    flag_ids = {f.id for f in question.red_flags}
    for index, fixture in enumerate(question.fixtures):
        where: tuple[str | int, ...] = ("fixtures", index)
        for step in STEP_NAMES:
            rubric = getattr(steps, step).rubric
            expected = set(fixture.expected_items.get(step, []))
            unknown = expected - {r.id for r in rubric}
            if unknown:
                errors.append(
                    _err(
                        item,
                        (*where, "expected_items", step),
                        f"unknown {step} item(s): {', '.join(sorted(unknown))}",
                    )
                )
                continue
            got = grade_rubric(rubric, getattr(fixture.answers, step)).matched_ids()
            errors.extend(
                _fixture_mismatch(
                    item, (*where, "expected_items", step), expected, got, f"'{step}' items"
                )
            )
        unknown_flags = set(fixture.expected_red_flags) - flag_ids
        if unknown_flags:
            errors.append(
                _err(
                    item,
                    (*where, "expected_red_flags"),
                    f"unknown red flag(s): {', '.join(sorted(unknown_flags))}",
                )
            )
            continue
        raised = {
            flag.id
            for flag in question.red_flags
            if any(match_keywords(flag.keywords, getattr(fixture.answers, s)) for s in flag.steps)
        }
        errors.extend(
            _fixture_mismatch(
                item,
                (*where, "expected_red_flags"),
                set(fixture.expected_red_flags),
                raised,
                "red flags",
            )
        )
    return errors


# --- coding ---------------------------------------------------------------------------------------

_NUMPY_ROOTS = frozenset({"numpy"})


def _check_coding_structure(question: CodingQuestion, item: LoadedItem) -> list[ContentError]:
    errors: list[ContentError] = []
    allowed_roots = set(sys.stdlib_module_names)
    if question.round == "ml_coding":
        allowed_roots |= _NUMPY_ROOTS
    sources: list[tuple[tuple[str | int, ...], str, str]] = [
        (("starter",), question.starter, "starter"),
        (("solution",), question.solution, "solution"),
    ]
    sources += [
        (("mutants", i, "code"), m.code, f"mutant '{m.name}'")
        for i, m in enumerate(question.mutants)
    ]
    for where, code, label in sources:
        errors.extend(_check_source(item, where, code, label, question.entry_point, allowed_roots))
    tests = question.tests
    names = [t.name for t in tests.public] + [t.name for t in tests.hidden]
    errors.extend(_duplicates(item, ("tests",), names, "test name"))
    errors.extend(
        _duplicates(item, ("mutants",), [m.name for m in question.mutants], "mutant name")
    )
    dotted: list[tuple[tuple[str | int, ...], str]] = [
        (("tests", "generated", i, "generator"), g.generator) for i, g in enumerate(tests.generated)
    ]
    if question.checker.function:
        dotted.append((("checker", "function"), question.checker.function))
    if question.performance:
        dotted.append((("performance", "generator"), question.performance.generator))
    for where, path in dotted:
        try:
            resolve_callable(path)
        except GeneratorError as exc:
            errors.append(_err(item, where, str(exc)))
    if question.solution.strip() == question.starter.strip():
        errors.append(_err(item, ("starter",), "the starter is identical to the solution"))
    return errors


def _check_source(
    item: LoadedItem,
    where: tuple[str | int, ...],
    code: str,
    label: str,
    entry_point: str,
    allowed_roots: set[str],
) -> list[ContentError]:
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        line = item.doc.block_line(where, exc.lineno or 1)
        return [ContentError(item.path, line, f"{label} does not parse: {exc.msg}")]
    errors = []
    defined = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    if entry_point not in defined:
        errors.append(_err(item, where, f"{label} does not define '{entry_point}' at top level"))
    for node in ast.walk(tree):
        roots: list[str] = []
        line_in_code = getattr(node, "lineno", 1)
        if isinstance(node, ast.Import):
            roots = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots = [node.module.split(".")[0]]
        for root in roots:
            if root not in allowed_roots:
                line = item.doc.block_line(where, line_in_code)
                errors.append(
                    ContentError(
                        item.path,
                        line,
                        f"{label} imports '{root}', which this round forbids",
                        "coding: standard library only; ml_coding: plus numpy",
                    )
                )
    return errors


# --- mocks ----------------------------------------------------------------------------------------


def _pool_universe(loaded: LoadResult) -> list[Question]:
    """Questions a mock may draw from: the files given plus the shipped bank."""
    questions = {q.id: q for q, _ in loaded.questions()}
    shipped = shipped_bank_dir()
    given_outside = any(shipped not in f.resolve().parents for f in loaded.files)
    if given_outside and any(True for _ in loaded.mocks()):
        for question, _ in load_files([shipped]).questions():
            questions.setdefault(question.id, question)
    return list(questions.values())


def pool_matches(pool: Pool, question: Question) -> bool:
    return (
        question.round == pool.round
        and (not pool.topics or bool(set(pool.topics) & set(question.topics)))
        and (not pool.difficulty or question.difficulty in pool.difficulty)
        and (not pool.kinds or question.kind in pool.kinds)
    )


def _check_mock(
    mock: MockInterview, item: LoadedItem, taxonomy: Taxonomy, universe: Sequence[Question]
) -> list[ContentError]:
    errors = _duplicates(item, ("zones",), [z.id for z in mock.zones], "zone id")
    topics = taxonomy.topic_ids()
    for z, zone in enumerate(mock.zones):
        for d, draw in enumerate(zone.draws):
            where = ("zones", z, "draws", d)
            for t, topic in enumerate(draw.pool.topics):
                if topic not in topics:
                    errors.append(
                        _err(item, (*where, "pool", "topics", t), f"unknown topic '{topic}'")
                    )
            available = sum(1 for q in universe if pool_matches(draw.pool, q))
            if available < draw.count:
                errors.append(
                    _err(
                        item,
                        where,
                        f"pool resolves to {available} question(s) but the draw needs {draw.count}",
                        "widen the pool (topics, difficulty, kinds) or lower 'count'",
                    )
                )
    return errors
