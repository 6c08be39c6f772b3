"""The question-bank format: one strict pydantic model per file kind.

Strict mode and ``extra="forbid"`` make typos fail loudly (``hint:`` instead of ``hints:``)
instead of silently dropping content. Cross-field rules that need file positions for good
messages (exactly one correct option, fixtures matching their rubric...) live in the
validator, which knows lines.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Round = Literal["coding", "ml_coding", "ml_theory", "ml_system_design"]
ROUNDS: tuple[Round, ...] = ("coding", "ml_coding", "ml_theory", "ml_system_design")
Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")
QuestionKind = Literal["mcq", "multi_select", "numeric", "short_text", "coding", "system_design"]
QUESTION_KINDS: tuple[QuestionKind, ...] = (
    "mcq",
    "multi_select",
    "numeric",
    "short_text",
    "coding",
    "system_design",
)
StepName = Literal["requirements", "data", "model", "serving"]
STEP_NAMES: tuple[StepName, ...] = ("requirements", "data", "model", "serving")

ID_PATTERN = r"^[a-z0-9_]+(/[a-z0-9][a-z0-9_-]*)+$"
QuestionId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=160)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
TopicId = Slug
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
DottedPath = Annotated[
    str, StringConstraints(pattern=r"^mlquiz\.bank\.[a-z0-9_.]+:[A-Za-z_][A-Za-z0-9_]*$")
]
PythonName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


class Strict(BaseModel):
    """Base of every bank model: strict types, unknown keys rejected, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Reference(Strict):
    title: ShortText
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    note: ShortText | None = None


class Envelope(Strict):
    """Fields every question shares, whatever its kind."""

    id: QuestionId
    title: Annotated[str, StringConstraints(min_length=3, max_length=120)]
    round: Round
    topics: Annotated[list[TopicId], Field(min_length=1, max_length=8)]
    difficulty: Difficulty
    time_estimate_minutes: Annotated[float, Field(gt=0, le=120)]
    prompt: Text
    hints: list[Text] = []
    explanation: Text
    references: list[Reference] = []


# --- choice questions -------------------------------------------------------------------------


class Option(Strict):
    id: Slug
    text: Text
    correct: bool = False
    feedback: Text


class McqQuestion(Envelope):
    kind: Literal["mcq"]
    options: Annotated[list[Option], Field(min_length=2, max_length=8)]
    shuffle: bool = True


class MultiSelectQuestion(Envelope):
    kind: Literal["multi_select"]
    options: Annotated[list[Option], Field(min_length=3, max_length=10)]
    shuffle: bool = True
    scoring: Literal["all_or_nothing", "partial"] = "partial"


# --- numeric ------------------------------------------------------------------------------------


class IntParameter(Strict):
    type: Literal["int"]
    min: int
    max: int
    step: Annotated[int, Field(ge=1)] = 1

    @model_validator(mode="after")
    def _ordered(self) -> IntParameter:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class FloatParameter(Strict):
    type: Literal["float"]
    min: float
    max: float
    decimals: Annotated[int, Field(ge=0, le=8)] = 2

    @model_validator(mode="after")
    def _ordered(self) -> FloatParameter:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class ChoiceParameter(Strict):
    type: Literal["choice"]
    values: Annotated[list[int | float], Field(min_length=1)]


Parameter = Annotated[IntParameter | FloatParameter | ChoiceParameter, Field(discriminator="type")]


class Tolerance(Strict):
    """An answer is accepted when it meets any criterion given."""

    relative: Annotated[float, Field(gt=0, lt=1)] | None = None
    absolute: Annotated[float, Field(gt=0)] | None = None
    sig_figs: Annotated[int, Field(ge=1, le=12)] | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> Tolerance:
        if self.relative is None and self.absolute is None and self.sig_figs is None:
            raise ValueError("give at least one of relative, absolute, sig_figs")
        return self


class NumericAnswer(Strict):
    formula: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = None
    generator: DottedPath | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> NumericAnswer:
        if (self.formula is None) == (self.generator is None):
            raise ValueError("give exactly one of 'formula' or 'generator'")
        return self


class NumericQuestion(Envelope):
    kind: Literal["numeric"]
    parameters: dict[PythonName, Parameter] = {}
    derived: dict[PythonName, Annotated[str, StringConstraints(min_length=1)]] = {}
    constraints: list[Annotated[str, StringConstraints(min_length=1)]] = []
    answer: NumericAnswer
    tolerance: Tolerance
    unit: Annotated[str, StringConstraints(max_length=40)] = ""
    answer_decimals: Annotated[int, Field(ge=0, le=10)] = 4


# --- rubrics (short text and system design) -------------------------------------------------------

KeywordGroup = Annotated[
    list[Annotated[str, StringConstraints(min_length=1, max_length=80)]], Field(min_length=1)
]


class RubricItem(Strict):
    """One checkable point. Keywords: every group must match; any phrase in a group matches."""

    id: Slug
    description: ShortText
    points: Annotated[float, Field(gt=0, le=100)] = 1.0
    keywords: Annotated[list[KeywordGroup], Field(min_length=1)]
    paraphrases: list[ShortText] = []
    misconception: bool = False


class RubricFixture(Strict):
    answer: Text
    matches: list[Slug]
    note: ShortText | None = None


class ShortTextQuestion(Envelope):
    kind: Literal["short_text"]
    rubric: Annotated[list[RubricItem], Field(min_length=2, max_length=12)]
    model_answer: Text
    pass_threshold: Annotated[float, Field(gt=0, le=1)] = 0.6
    fixtures: Annotated[list[RubricFixture], Field(min_length=2)]


class DesignStep(Strict):
    weight: Annotated[float, Field(gt=0, le=1)]
    guidance: Text
    rubric: Annotated[list[RubricItem], Field(min_length=2, max_length=10)]


class DesignSteps(Strict):
    requirements: DesignStep
    data: DesignStep
    model: DesignStep
    serving: DesignStep


class Clarification(Strict):
    question: ShortText
    answer: Text


class RedFlag(Strict):
    id: Slug
    description: ShortText
    keywords: Annotated[list[KeywordGroup], Field(min_length=1)]
    paraphrases: list[ShortText] = []
    steps: list[StepName] = list(STEP_NAMES)


class FollowUp(Strict):
    question: ShortText
    points: Annotated[list[ShortText], Field(min_length=1)]


class DesignAnswers(Strict):
    requirements: str
    data: str
    model: str
    serving: str


class DesignFixture(Strict):
    label: Slug
    answers: DesignAnswers
    expected_items: dict[StepName, list[Slug]]
    expected_red_flags: list[Slug] = []


class ReferenceAnswer(Strict):
    requirements: Text
    data: Text
    model: Text
    serving: Text


class SystemDesignQuestion(Envelope):
    kind: Literal["system_design"]
    clarifications: Annotated[list[Clarification], Field(min_length=1)]
    steps: DesignSteps
    red_flags: list[RedFlag] = []
    reference_answer: ReferenceAnswer
    follow_ups: list[FollowUp] = []
    fixtures: Annotated[list[DesignFixture], Field(min_length=1)]


# --- coding -----------------------------------------------------------------------------------


class CodingTest(Strict):
    """One call of the entry point. Without ``expected`` the reference solution's output is used."""

    name: Slug
    args: list[Any] = []
    kwargs: dict[PythonName, Any] = {}
    expected: Any = None
    note: ShortText | None = None

    @property
    def has_expected(self) -> bool:
        """True when the author wrote ``expected`` (``null`` is a legitimate expected value)."""
        return "expected" in self.model_fields_set


class GeneratedTests(Strict):
    """Hidden tests made by trusted code from a seed; expected outputs come from the reference."""

    generator: DottedPath
    count: Annotated[int, Field(ge=1, le=200)]
    seed: int = 0


class CodingTests(Strict):
    public: Annotated[list[CodingTest], Field(min_length=1)]
    hidden: list[CodingTest] = []
    generated: list[GeneratedTests] = []


class Checker(Strict):
    """How a returned value is compared with the expected one (trusted side only)."""

    type: Literal["exact", "close", "unordered", "set", "custom"] = "exact"
    rtol: Annotated[float, Field(ge=0)] = 1e-6
    atol: Annotated[float, Field(ge=0)] = 1e-9
    lenient_containers: bool = True
    function: DottedPath | None = None

    @model_validator(mode="after")
    def _custom_needs_function(self) -> Checker:
        if (self.type == "custom") != (self.function is not None):
            raise ValueError("'function' is required with type: custom and only then")
        return self


class CodingLimits(Strict):
    time_seconds: Annotated[float, Field(gt=0, le=30)] = 2.0
    memory_mb: Annotated[int, Field(ge=32, le=4096)] = 256
    output_kb: Annotated[int, Field(ge=1, le=1024)] = 64


class PerformanceCheck(Strict):
    """A large input on which the candidate may be at most ``max_ratio`` times the reference."""

    generator: DottedPath
    seed: int = 0
    max_ratio: Annotated[float, Field(ge=1.5, le=1000)] = 10.0


class Mutant(Strict):
    """A realistic wrong solution the tests must reject."""

    name: Slug
    description: ShortText
    code: Text


class CodingQuestion(Envelope):
    kind: Literal["coding"]
    entry_point: PythonName
    signature: Annotated[str, StringConstraints(min_length=5, max_length=500)]
    starter: Text
    solution: Text
    tests: CodingTests
    checker: Checker = Checker()
    limits: CodingLimits = CodingLimits()
    performance: PerformanceCheck | None = None
    mutants: Annotated[list[Mutant], Field(min_length=3)]


# --- mock interviews --------------------------------------------------------------------------


class Pool(Strict):
    round: Round
    topics: list[TopicId] = []
    difficulty: list[Difficulty] = []
    kinds: list[QuestionKind] = []


class Draw(Strict):
    pool: Pool
    count: Annotated[int, Field(ge=1, le=50)]
    points: Annotated[float, Field(gt=0, le=1000)]


class Zone(Strict):
    id: Slug
    title: ShortText
    time_minutes: Annotated[int, Field(ge=1, le=240)]
    draws: Annotated[list[Draw], Field(min_length=1)]


class MockInterview(Strict):
    id: QuestionId
    kind: Literal["mock"]
    title: Annotated[str, StringConstraints(min_length=3, max_length=120)]
    description: Text
    zones: Annotated[list[Zone], Field(min_length=1, max_length=8)]
    feedback: Literal["at_end", "as_you_go"] = "at_end"


Question = (
    McqQuestion
    | MultiSelectQuestion
    | NumericQuestion
    | ShortTextQuestion
    | CodingQuestion
    | SystemDesignQuestion
)
BankItem = Question | MockInterview

MODEL_BY_KIND: dict[str, type[Strict]] = {
    "mcq": McqQuestion,
    "multi_select": MultiSelectQuestion,
    "numeric": NumericQuestion,
    "short_text": ShortTextQuestion,
    "coding": CodingQuestion,
    "system_design": SystemDesignQuestion,
    "mock": MockInterview,
}
