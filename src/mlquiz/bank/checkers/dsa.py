"""Custom checkers for data-structures-and-algorithms questions with several right answers.

Checkers run on the trusted side with decoded plain data. They verify the *properties* a
correct answer must have rather than comparing with the reference's particular answer, and
return a short reason (shown on public tests) or ``None`` when the answer is acceptable.
"""

from __future__ import annotations

from typing import Any

from mlquiz.grading.code.checkers import CheckContext


def topological_order(expected: Any, got: Any, context: CheckContext) -> str | None:
    """Accept any order of all ``n`` steps that respects every dependency, or ``[]`` for a cycle.

    The reference decides feasibility: when it returns ``[]`` the dependencies contain a cycle
    and only ``[]`` is accepted; otherwise any permutation of ``range(n)`` placing ``a`` before
    ``b`` for each dependency ``[a, b]`` is right.
    """
    n, deps = context.args[0], context.args[1]
    if not isinstance(got, (list, tuple)):
        return f"expected a list of step numbers, got {type(got).__name__}"
    if n > 0 and len(expected) == 0:
        return None if len(got) == 0 else "the dependencies contain a cycle: expected []"
    if n > 0 and len(got) == 0:
        return "a valid order exists, but [] (no order possible) was returned"
    if any(type(step) is not int for step in got):
        return "every item of the order must be a step number (int)"
    if len(got) != n or set(got) != set(range(n)):
        return f"expected each of the {n} steps exactly once, got {len(got)} item(s)"
    position = {step: index for index, step in enumerate(got)}
    for before, after in deps:
        if position[before] > position[after]:
            return f"step {before} must come before step {after}"
    return None
