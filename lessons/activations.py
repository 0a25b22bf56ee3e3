"""Activation functions: ReLU, sigmoid, and the hard sigmoid built from two ReLUs.

The lecture's building block: a "hard sigmoid" (flat, a linear ramp, flat
again) is the difference of two ReLUs, so any piecewise-linear curve is a
constant plus a sum of ReLUs.

>>> hard_sigmoid(0.5, start=0.0, end=1.0, height=2.0)
1.0
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import check_finite_array, check_interval, check_real, scalar_or_array

__all__ = ["relu", "sigmoid", "hard_sigmoid"]


def relu(x: ArrayLike) -> float | np.ndarray:
    """Rectified linear unit, max(0, x), elementwise.

    >>> relu(-1.0), relu(2.5)
    (0.0, 2.5)
    >>> relu([-2, 0, 3])
    array([0., 0., 3.])
    """
    arr = check_finite_array("x", x)
    return scalar_or_array(np.maximum(arr, 0.0), arr.ndim == 0)


def sigmoid(x: ArrayLike) -> float | np.ndarray:
    """Logistic sigmoid 1 / (1 + exp(-x)), elementwise, without overflow.

    Only exp(-|x|) is ever evaluated, so large |x| gives 0 or 1, never a
    warning.

    >>> sigmoid(0.0)
    0.5
    >>> sigmoid([-1000.0, 1000.0])
    array([0., 1.])
    """
    arr = check_finite_array("x", x)
    e = np.exp(-np.abs(arr))
    out = np.where(arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return scalar_or_array(out, arr.ndim == 0)


def hard_sigmoid(x: ArrayLike, start: float, end: float, height: float = 1.0) -> float | np.ndarray:
    """0 before ``start``, a linear ramp, ``height`` after ``end``: two ReLUs.

    Computed literally as ``height / (end - start) * (relu(x - start) - relu(x - end))``.

    >>> hard_sigmoid([-1.0, 0.25, 2.0], start=0.0, end=1.0)
    array([0.  , 0.25, 1.  ])
    >>> hard_sigmoid(3.0, start=1.0, end=2.0, height=-0.5)
    -0.5
    """
    arr = check_finite_array("x", x)
    start, end = check_interval(start, end, names=("start", "end"))
    height = check_real("height", height)
    out = height / (end - start) * (relu(arr - start) - relu(arr - end))
    return scalar_or_array(out, arr.ndim == 0)
