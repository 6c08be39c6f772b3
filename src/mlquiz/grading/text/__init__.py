"""Grade free text against rubrics: keyword groups, sentence embeddings, red flags.

Public surface: :func:`grade_answer` (the rubric engine, semantic when the optional model is
installed), :func:`grade_rubric` / :func:`match_keywords` (strict keyword mode, what the bank
validator checks fixtures with), :func:`mlquiz.grading.text.design.score_design_answer`
(system-design cases) and :func:`confirm_items` (the user's final say on which items they covered).
"""

from mlquiz.grading.text.confirm import Confirmation, confirm_items, review_rating
from mlquiz.grading.text.engine import Thresholds, grade_answer, resolve_mode
from mlquiz.grading.text.keywords import ItemResult, RubricResult, grade_rubric, match_keywords

__all__ = [
    "Confirmation",
    "ItemResult",
    "RubricResult",
    "Thresholds",
    "confirm_items",
    "grade_answer",
    "grade_rubric",
    "match_keywords",
    "resolve_mode",
    "review_rating",
]
