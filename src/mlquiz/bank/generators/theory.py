"""Answer generators for numeric ml_theory questions.

These compute answer keys with plain step-by-step arithmetic rather than a closed form, so a
question whose ``derived`` values restate the same maths in the formula language gets a second,
independent computation. Every function takes the drawn (and derived) parameter values and
returns one float.
"""

from __future__ import annotations

import math

Params = dict[str, float | int]

ADAM_BETA1 = 0.9
ADAM_BETA2 = 0.999
ADAM_EPSILON = 1e-8


def adam_step_change(params: Params) -> float:
    """Signed change of the parameter after one Adam step at step ``t``.

    Reads ``m_prev``, ``v_prev`` (the raw, bias-uncorrected moments after step t-1), the new
    gradient ``g``, the step number ``t`` and the learning rate ``lr``. The betas and epsilon are
    fixed at the Kingma-Ba defaults the question states. Returns theta_t - theta_{t-1}, which is
    the negative of the step taken.
    """
    t = int(params["t"])
    g = float(params["g"])
    m = ADAM_BETA1 * float(params["m_prev"]) + (1.0 - ADAM_BETA1) * g
    v = ADAM_BETA2 * float(params["v_prev"]) + (1.0 - ADAM_BETA2) * g * g
    m_hat = m / (1.0 - ADAM_BETA1**t)
    v_hat = v / (1.0 - ADAM_BETA2**t)
    return -float(params["lr"]) * m_hat / (math.sqrt(v_hat) + ADAM_EPSILON)


def conv2d_macs(params: Params) -> float:
    """Multiply-accumulate count of one 2-D convolution layer (bias additions not counted).

    Counts output positions by sliding the kernel along one axis explicitly (instead of the
    floor formula a question's ``derived`` block uses), then multiplies by the work per output
    value: one MAC per weight of a filter, ``k * k * c_in``. Input is square ``h`` x ``h`` with
    ``c_in`` channels, ``c_out`` filters of size ``k``, stride ``s``, zero padding ``p``.
    """
    h, k, s, p = int(params["h"]), int(params["k"]), int(params["s"]), int(params["p"])
    c_in, c_out = int(params["c_in"]), int(params["c_out"])
    padded = h + 2 * p
    positions = 0
    start = 0
    while start + k <= padded:
        positions += 1
        start += s
    return float(positions * positions * c_out * k * k * c_in)
