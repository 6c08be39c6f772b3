"""System-design scoring for the web layer: a thin re-export of the pure core.

The scoring itself lives in :mod:`mlquiz.grading.text.design` (no Django); this module keeps the
import path the practice app and its tests use.
"""

from __future__ import annotations

from mlquiz.grading.text.design import (
    PASS_THRESHOLD,
    DesignScore,
    RedFlagHit,
    StepCoverage,
    score_design_answer,
)

__all__ = ["PASS_THRESHOLD", "DesignScore", "RedFlagHit", "StepCoverage", "score_design_answer"]
