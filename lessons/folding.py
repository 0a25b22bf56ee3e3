"""Paper cutting (剪窗花): fold the paper k times, cut once, unfold many copies.

Folding a strip of paper in half is the tent map g(x) = 1 - |2x - 1| on
[0, 1]: both halves land on the same folded coordinate. After k folds,
2**k points of the strip share each folded point, so one cut makes 2**k
holes, mirrored. Folding a square along both axes k times and cutting
once makes 4**k. A deep network does the same: early layers fold the
input space, and whatever a later layer computes is repeated in every fold.

>>> fold([0.1, 0.4, 0.6, 0.9], 2)   # one folded point, four places on the strip
array([0.4, 0.4, 0.4, 0.4])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from ._checks import check_callable, check_finite_array, check_int, scalar_or_array
from .sawtooth import tent

__all__ = ["fold", "fold_plane", "default_cut", "paper_cut"]


def _unit(name: str, x: ArrayLike) -> np.ndarray:
    arr = check_finite_array(name, x)
    if np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"{name} must lie in [0, 1] (the paper), got values outside it")
    return arr


def fold(x: ArrayLike, k: int) -> float | np.ndarray:
    """Where each point of the strip [0, 1] lands after folding it k times: the tent map k times.

    >>> fold(0.3, 0), fold(0.3, 1), fold(0.3, 2)
    (0.3, 0.6, 0.8)
    """
    arr = _unit("x", x)
    k = check_int("k", k, minimum=0)
    for _ in range(k):
        arr = tent(arr)
    return scalar_or_array(np.asarray(arr), np.ndim(x) == 0)


def fold_plane(x: ArrayLike, y: ArrayLike, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Fold the unit square k times along both axes: ``(fold(x, k), fold(y, k))``.

    ``x`` and ``y`` broadcast against each other (e.g. a grid from
    ``np.meshgrid``); each of the 4**k cells of side 2**-k is mapped onto
    the whole square, mirrored across every crease.

    >>> u, v = fold_plane([0.1, 0.9], [0.2, 0.2], 1)
    >>> u, v
    (array([0.2, 0.2]), array([0.4, 0.4]))
    """
    x, y = np.broadcast_arrays(_unit("x", x), _unit("y", y))
    k = check_int("k", k, minimum=0)
    return np.asarray(fold(x, k), dtype=float), np.asarray(fold(y, k), dtype=float)


def default_cut(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The cut made in the folded paper: a crescent, and a notch at the folded corner.

    The crescent is not symmetric about the creases, so the unfolded
    pattern shows every mirror image; the notch at (1, 1), where the
    creases meet, opens into a diamond.

    >>> default_cut(np.array([0.4, 0.6, 1.0]), np.array([0.3, 0.5, 1.0]))
    array([ True, False,  True])
    """
    crescent = ((u - 0.5) ** 2 + (v - 0.4) ** 2 < 0.25**2) & ((u - 0.62) ** 2 + (v - 0.52) ** 2 > 0.2**2)
    notch = u + v > 1.85
    return crescent | notch


def paper_cut(x: ArrayLike, y: ArrayLike, k: int,
              cut: Callable[[np.ndarray, np.ndarray], ArrayLike] = default_cut) -> np.ndarray:
    """True where the unfolded paper has a hole: ``cut`` applied to the folded coordinates.

    ``cut(u, v)`` gets arrays of folded coordinates and returns a boolean
    array of the same shape. One cut shape that stays away from the creases
    gives 4**k holes.

    >>> xs = (np.arange(64) + 0.5) / 64
    >>> X, Y = np.meshgrid(xs, xs)
    >>> once = paper_cut(X, Y, 1)      # mirrored across both creases
    >>> bool((once == once[:, ::-1]).all() and (once == once[::-1]).all())
    True
    """
    u, v = fold_plane(x, y, k)
    check_callable("cut", cut)
    mask = np.asarray(cut(u, v))
    if mask.shape != u.shape:
        raise ValueError(f"cut must return an array of shape {u.shape}, got {mask.shape}")
    return mask.astype(bool)
