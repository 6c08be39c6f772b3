"""Grade free text against rubrics."""

from mlquiz.grading.text.keywords import ItemResult, RubricResult, grade_rubric, match_keywords

__all__ = ["ItemResult", "RubricResult", "grade_rubric", "match_keywords"]
