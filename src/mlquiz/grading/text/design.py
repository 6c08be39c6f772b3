"""System-design grading: weighted coverage per step, red flags, a report by signal, follow-ups.

A case (``content.schema.SystemDesignQuestion``) is answered in four steps, each graded against
its own rubric by the rubric engine (:mod:`.engine`). On top of the case's own red flags, five
general detectors look for what interviewers mark down in any design round:

- ``deep-before-baseline``: a deep model is proposed before any baseline or heuristic;
- ``ignores-data``: nothing about labels, data quality, missing values or drift;
- ``no-online-evaluation``: no online metric and no A/B test;
- ``accuracy-on-imbalanced``: accuracy as the metric, with no rare-class metric, on a problem
  whose case text says the positive class is rare;
- ``no-numbers``: no number for scale or latency.

General flags are reported apart from the case's flags (``general_flags``): both count against
``passed``. A general flag whose evidence is a sentence a case flag already quoted is dropped, so
one mistake is named once. The report by signal maps the steps onto what interviewers score:
problem understanding (requirements), data, modelling, deployment and monitoring (serving), and
communication (structure, numbers, reasons given, no term lists).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mlquiz.content.schema import STEP_NAMES, SystemDesignQuestion
from mlquiz.grading.text.engine import (
    DEFAULT_THRESHOLDS,
    Mode,
    Thresholds,
    grade_answer,
    is_negated,
    is_term_list,
    resolve_mode,
)
from mlquiz.grading.text.keywords import RubricResult, match_keywords, sentences, tokens

PASS_THRESHOLD = 0.6
MIN_WORDS_FOR_GENERAL_FLAGS = 20

SIGNALS: tuple[tuple[str, str], ...] = (
    ("problem", "Problem understanding"),
    ("data", "Data"),
    ("modelling", "Modelling"),
    ("deployment", "Deployment and monitoring"),
    ("communication", "Communication"),
)
STEP_SIGNAL = {
    "requirements": "problem",
    "data": "data",
    "model": "modelling",
    "serving": "deployment",
}


@dataclass(frozen=True)
class StepCoverage:
    step: str
    weight: float
    rubric: RubricResult

    @property
    def coverage(self) -> float:
        return self.rubric.score


@dataclass(frozen=True)
class RedFlagHit:
    flag_id: str
    description: str
    step: str
    evidence: str
    method: str = "keyword"


@dataclass(frozen=True)
class SignalReport:
    signal: str
    title: str
    score: float
    notes: list[str]


@dataclass(frozen=True)
class FollowUpQuestion:
    question: str
    points: list[str]


@dataclass(frozen=True)
class DesignScore:
    steps: list[StepCoverage]
    red_flags: list[RedFlagHit]
    general_flags: list[RedFlagHit] = field(default_factory=list)
    signals: list[SignalReport] = field(default_factory=list)
    follow_ups: list[FollowUpQuestion] = field(default_factory=list)
    mode: str = "keyword"
    message: str = ""

    @property
    def score(self) -> float:
        """The weighted mean of per-step coverage (the step weights sum to 1)."""
        return sum(s.weight * s.coverage for s in self.steps)

    @property
    def passed(self) -> bool:
        return self.score >= PASS_THRESHOLD and not self.red_flags and not self.general_flags


# --- general detectors ------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneralFlag:
    id: str
    description: str
    signal: str


GENERAL_FLAGS = {
    flag.id: flag
    for flag in (
        GeneralFlag(
            "deep-before-baseline",
            "Proposes a deep model before any baseline or simple heuristic.",
            "modelling",
        ),
        GeneralFlag(
            "ignores-data",
            "Says nothing about labels, data quality, missing values or drift.",
            "data",
        ),
        GeneralFlag(
            "no-online-evaluation",
            "No online metric or A/B test: offline scores alone decide the launch.",
            "deployment",
        ),
        GeneralFlag(
            "accuracy-on-imbalanced",
            "Uses accuracy alone on a problem where the positive class is rare.",
            "problem",
        ),
        GeneralFlag(
            "no-numbers",
            "Gives no numbers for scale or latency (requests per second, data size, ms).",
            "problem",
        ),
    )
}

_DEEP = [
    [
        "deep learning",
        "deep neural",
        "deep model*",
        "neural network*",
        "neural net",
        "transformer*",
        "lstm*",
        "rnn*",
        "cnn*",
        "gru",
        "bert",
        "gpt*",
        "llm*",
        "graph neural",
        "gnn*",
        "autoencoder*",
        "large language model*",
        "two tower",
        "sequence model*",
        "attention model*",
    ]
]
_BASELINE = [
    [
        "baseline*",
        "heuristic*",
        "rule*",
        "logistic regression",
        "linear model*",
        "linear regression",
        "simple model*",
        "simpler model*",
        "popularity",
        "most popular",
        "naive bayes",
        "gradient boost*",
        "boosted tree*",
        "xgboost",
        "lightgbm",
        "catboost",
        "gbdt*",
        "gbm",
        "decision tree*",
        "random forest*",
        "tree model*",
        "tree ensemble*",
        "lookup",
        "blocklist*",
        "allowlist*",
        "reputation",
    ]
]
_DATA = [
    [
        "label*",
        "annotat*",
        "ground truth",
        "data quality",
        "missing",
        "null*",
        "imput*",
        "drift*",
        "distribution shift",
        "covariate shift",
        "outlier*",
        "duplicat*",
        "dedup*",
        "noisy",
        "noise",
        "leak*",
        "clean*",
        "bias*",
        "stale",
        "schema",
        "backfill*",
        "point in time",
        "delay*",
        "chargeback*",
        "feedback",
    ]
]
_ONLINE = [
    [
        "a b",
        "ab test*",
        "split test*",
        "online metric*",
        "online evaluation",
        "online experiment*",
        "online test*",
        "experiment*",
        "randomi*",
        "control group",
        "holdout group",
        "champion",
        "challenger",
        "interleav*",
        "canary",
        "click through",
        "ctr",
        "conversion rate*",
        "business metric*",
        "guardrail*",
        "live traffic",
        "pilot*",
    ]
]
_ACCURACY = [["accuracy", "accurate"]]
_RARE_METRICS = [
    [
        "precision",
        "recall",
        "f1",
        "f score",
        "auc",
        "pr curve",
        "roc",
        "average precision",
        "log loss",
        "cross entropy",
        "calibrat*",
        "cost*",
        "dollar*",
        "false positive*",
        "false negative*",
        "fpr",
        "tpr",
        "sensitivity",
        "specificity",
        "lift",
        "uplift",
        "expected value",
    ]
]
_NUMBER = re.compile(r"\d|\b(?:hundred|thousand|million|billion|trillion|dozen)s?\b", re.I)
_UNITS = [
    [
        "per second",
        "a second",
        "second*",
        "qps",
        "rps",
        "tps",
        "ms",
        "millisecond*",
        "latency",
        "p50",
        "p95",
        "p99",
        "per day",
        "a day",
        "daily",
        "per hour",
        "hour*",
        "per month",
        "a month",
        "minute*",
        "user*",
        "request*",
        "queries",
        "query",
        "message*",
        "email*",
        "payment*",
        "transaction*",
        "event*",
        "item*",
        "subscriber*",
        "row*",
        "record*",
        "gb",
        "tb",
        "pb",
        "mb",
        "million",
        "billion",
        "thousand",
        "k",
    ]
]
_IMBALANCE_WORDS = re.compile(r"imbalanc|\brare\b|base rate|needle", re.I)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_ONE_IN = re.compile(r"\b1 in ([\d,]+)")


def is_imbalanced(question: SystemDesignQuestion) -> bool:
    """Whether the case text says the class of interest is rare (a percentage under 10%,
    "1 in N" with N of 20 or more, or the words "rare" / "imbalanced" / "base rate")."""
    text = " ".join(
        [question.prompt, *(f"{c.question} {c.answer}" for c in question.clarifications)]
    )
    if _IMBALANCE_WORDS.search(text):
        return True
    if any(float(m.group(1)) < 10 for m in _PERCENT.finditer(text)):
        return True
    return any(int(m.group(1).replace(",", "")) >= 20 for m in _ONE_IN.finditer(text))


def _statements(answers: Mapping[str, str]) -> list[tuple[str, str]]:
    """(step, sentence) in reading order, term lists dropped."""
    return [
        (step, sentence)
        for step in STEP_NAMES
        for sentence in sentences(answers.get(step, ""))
        if not is_term_list(sentence)
    ]


def _has(groups: Sequence[Sequence[str]], sentence: str) -> bool:
    return match_keywords(groups, sentence, tolerant=True) is not None


def general_flags(question: SystemDesignQuestion, answers: Mapping[str, str]) -> list[RedFlagHit]:
    """The general detectors (see the module docstring); empty for near-empty answers."""
    statements = _statements(answers)
    if sum(len(tokens(s)) for _, s in statements) < MIN_WORDS_FOR_GENERAL_FLAGS:
        return []
    hits: list[RedFlagHit] = []

    def hit(flag_id: str, step: str = "", evidence: str = "") -> None:
        flag = GENERAL_FLAGS[flag_id]
        hits.append(RedFlagHit(flag.id, flag.description, step, evidence, "detector"))

    for step, sentence in statements:
        if _has(_BASELINE, sentence):
            break
        if _has(_DEEP, sentence) and not is_negated(sentence):
            hit("deep-before-baseline", step, sentence)
            break
    if not any(_has(_DATA, s) for _, s in statements):
        hit("ignores-data", "data")
    if not any(_has(_ONLINE, s) for _, s in statements):
        hit("no-online-evaluation", "serving")
    if is_imbalanced(question) and not any(_has(_RARE_METRICS, s) for _, s in statements):
        for step, sentence in statements:
            if _has(_ACCURACY, sentence) and not is_negated(sentence):
                hit("accuracy-on-imbalanced", step, sentence)
                break
    if not any(_NUMBER.search(s) and _has(_UNITS, s) for _, s in statements):
        hit("no-numbers", "requirements")
    return hits


# --- case red flags ---------------------------------------------------------------------------


def case_red_flags(
    question: SystemDesignQuestion,
    answers: Mapping[str, str],
    *,
    semantic: bool = False,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> list[RedFlagHit]:
    """The case's own flags, looked for in the steps each names.

    By keywords (tolerant, negated sentences excluded); with ``semantic``, also a sentence very
    close to one of the flag's paraphrases.
    """
    hits: list[RedFlagHit] = []
    encoder = None
    if semantic:
        from mlquiz.grading.text import embeddings

        try:
            encoder = embeddings.get_encoder()
        except embeddings.EmbeddingUnavailableError:
            encoder = None
    for flag in question.red_flags:
        found: RedFlagHit | None = None
        for name in flag.steps:
            for sentence in sentences(answers.get(name, "")):
                if is_term_list(sentence) or is_negated(sentence, flag.keywords):
                    continue
                if _has(flag.keywords, sentence):
                    found = RedFlagHit(flag.id, flag.description, name, sentence)
                    break
            if found:
                break
        if found is None and encoder is not None and flag.paraphrases:
            found = _semantic_flag(encoder, flag, answers, thresholds)
        if found is not None:
            hits.append(found)
    return hits


def _semantic_flag(
    encoder: object, flag: object, answers: Mapping[str, str], thresholds: Thresholds
) -> RedFlagHit | None:
    from mlquiz.content.schema import RedFlag
    from mlquiz.grading.text.embeddings import Encoder

    assert isinstance(encoder, Encoder)
    assert isinstance(flag, RedFlag)
    for name in flag.steps:
        units = [
            s
            for s in sentences(answers.get(name, ""))
            if not is_term_list(s) and not is_negated(s, flag.keywords)
        ]
        if not units:
            continue
        vectors = encoder.encode([*units, *flag.paraphrases])
        sims = vectors[: len(units)] @ vectors[len(units) :].T
        best = sims.max(axis=1)
        index = int(best.argmax())
        if float(best[index]) >= thresholds.red_flag:
            return RedFlagHit(flag.id, flag.description, name, units[index], "semantic")
    return None


# --- the report -------------------------------------------------------------------------------


def _communication(answers: Mapping[str, str]) -> SignalReport:
    notes: list[str] = []
    answered = [s for s in STEP_NAMES if answers.get(s, "").strip()]
    all_sentences = [s for step in STEP_NAMES for s in sentences(answers.get(step, ""))]
    lists = [s for s in all_sentences if is_term_list(s)]
    reasons = sum(
        bool(
            {"because", "so", "since", "therefore", "otherwise", "which", "means"} & set(tokens(s))
        )
        for s in all_sentences
    )
    numbers = sum(bool(_NUMBER.search(s)) for s in all_sentences)
    parts = [
        len(answered) / len(STEP_NAMES),
        min(1.0, reasons / 4),
        min(1.0, numbers / 3),
        1.0 - (len(lists) / len(all_sentences) if all_sentences else 1.0),
    ]
    if len(answered) < len(STEP_NAMES):
        missing = ", ".join(s for s in STEP_NAMES if s not in answered)
        notes.append(f"Steps left blank: {missing}.")
    if lists:
        notes.append(
            f"{len(lists)} sentence(s) are bare lists of terms; say what each does and why."
        )
    if reasons < 2:
        notes.append('Few reasons given: say why ("because", "so that") for each choice.')
    if numbers < 2:
        notes.append("Put numbers on it: traffic, data size, latency, costs.")
    if not notes:
        notes.append("Structured, quantified and reasoned.")
    return SignalReport("communication", "Communication", sum(parts) / len(parts), notes)


def _signals(
    steps: Sequence[StepCoverage],
    descriptions: Mapping[str, Mapping[str, str]],
    flags: Sequence[RedFlagHit],
    answers: Mapping[str, str],
) -> list[SignalReport]:
    by_signal = {STEP_SIGNAL[s.step]: s for s in steps}
    general = {f.flag_id: GENERAL_FLAGS[f.flag_id].signal for f in flags if f.method == "detector"}
    reports = []
    for signal, title in SIGNALS:
        if signal == "communication":
            reports.append(_communication(answers))
            continue
        step = by_signal[signal]
        missed = [
            descriptions[step.step][r.item_id]
            for r in step.rubric.items
            if not r.matched and not r.misconception
        ]
        wrong = [
            descriptions[step.step][r.item_id]
            for r in step.rubric.items
            if r.matched and r.misconception
        ]
        notes = [f"Missing: {m}" for m in missed[:3]] + [f"Misconception: {w}" for w in wrong]
        hits = [
            flag
            for flag in flags
            if general.get(flag.flag_id) == signal
            or (flag.method != "detector" and STEP_SIGNAL.get(flag.step) == signal)
        ]
        if hits:  # named in full in the red-flag lists; here only counted against the signal
            ids = ", ".join(flag.flag_id for flag in hits)
            notes.append(f"Red flags here: {ids}.")
        penalty = 0.25 * len(hits)
        if not notes:
            notes.append("Covered.")
        reports.append(SignalReport(signal, title, max(0.0, step.coverage - penalty), notes))
    return reports


def _follow_ups(
    question: SystemDesignQuestion,
    steps: Sequence[StepCoverage],
    descriptions: Mapping[str, Mapping[str, str]],
) -> list[FollowUpQuestion]:
    """The case's follow-up questions, those nearest to what the answer missed first."""
    missed_words: set[str] = set()
    for step in steps:
        for r in step.rubric.items:
            if not r.matched and not r.misconception:
                missed_words |= {
                    w for w in tokens(descriptions[step.step][r.item_id]) if len(w) > 4
                }

    def overlap(text: str) -> int:
        return len({w for w in tokens(text) if len(w) > 4} & missed_words)

    ranked = sorted(
        question.follow_ups,
        key=lambda f: -overlap(" ".join([f.question, *f.points])),
    )
    return [FollowUpQuestion(f.question, list(f.points)) for f in ranked]


def score_design_answer(
    question: SystemDesignQuestion,
    answers: Mapping[str, str],
    *,
    mode: Mode = "auto",
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> DesignScore:
    """Grade every step, find red flags, and build the report by signal."""
    used, message = resolve_mode(mode)
    case_flags = case_red_flags(
        question, answers, semantic=used == "semantic", thresholds=thresholds
    )
    steps = []
    descriptions: dict[str, dict[str, str]] = {}
    for name in STEP_NAMES:
        step = getattr(question.steps, name)
        descriptions[name] = {item.id: item.description for item in step.rubric}
        blocked = [f.evidence for f in case_flags if f.step == name]
        rubric = grade_answer(
            step.rubric, answers.get(name, ""), mode=used, thresholds=thresholds, blocked=blocked
        )
        if rubric.mode != used:  # the model failed to load half-way
            used, message = "keyword", rubric.message
        steps.append(StepCoverage(name, step.weight, rubric))
    quoted = {f.evidence for f in case_flags}
    general = [
        f for f in general_flags(question, answers) if not f.evidence or f.evidence not in quoted
    ]
    return DesignScore(
        steps=steps,
        red_flags=case_flags,
        general_flags=general,
        signals=_signals(steps, descriptions, [*case_flags, *general], answers),
        follow_ups=_follow_ups(question, steps, descriptions),
        mode=used,
        message=message,
    )
