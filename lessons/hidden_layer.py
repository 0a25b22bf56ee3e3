"""Why one hidden layer can fit any curve: connect the dots with ReLUs.

A continuous piecewise-linear curve through knots ``(xs[i], ys[i])`` is a
constant plus one ReLU per kink (where the slope changes), or, in the
lecture's words, a constant plus one hard sigmoid per segment. Both are
networks with a single hidden layer, and refining the knots makes any
continuous function as close as we like.

>>> net = piecewise_to_relu([0, 1, 2], [0, 1, 0])
>>> net, net([0.0, 0.5, 1.0, 2.0, 3.0])
(ReLUNetwork(1 -> 3 -> 1, 10 params), array([ 0. ,  0.5,  1. ,  0. , -1. ]))
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from ._checks import check_callable, check_finite_array, check_int, check_interval
from .network import ReLUNetwork
from .pieces import breakpoints

__all__ = ["piecewise_to_relu", "hard_sigmoid_terms", "relu_fit", "sup_error"]


def _knots(xs: ArrayLike, ys: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    xs = check_finite_array("xs", xs, ndim=1, min_size=2)
    ys = check_finite_array("ys", ys, ndim=1)
    if ys.shape != xs.shape:
        raise ValueError(f"ys must have the same length as xs ({xs.size}), got {ys.size}")
    if np.any(np.diff(xs) <= 0):
        raise ValueError("xs must be strictly increasing")
    return xs, ys


def piecewise_to_relu(xs: ArrayLike, ys: ArrayLike, *, extrapolate: bool = True) -> ReLUNetwork:
    """One-hidden-layer ReLU network through the points ``(xs[i], ys[i])``.

    The network is ``ys[0] + m0 * (x - xs[0]) + sum_i (m_i - m_{i-1}) * relu(x - xs[i])``
    with ``m_i`` the slope of segment ``i``: a constant plus one ReLU per
    kink. Beyond the end knots it continues the first and last segments.
    The linear term ``m0 * (x - xs[0])`` costs two ReLUs,
    ``relu(x - xs[0]) - relu(xs[0] - x)``; with ``extrapolate=False`` it
    costs one, ``relu(x - xs[0])``, and the network is flat left of
    ``xs[0]`` (exact on ``[xs[0], inf)``). Units whose weight would be zero
    (a knot where the slope does not change) are left out; a constant curve
    gives a network without hidden layer.

    >>> net = piecewise_to_relu([0, 1, 3], [1, 2, 0])
    >>> net.n_neurons, net([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0])
    (3, array([ 0.,  1.,  2.,  1.,  0., -1.]))
    >>> piecewise_to_relu([0, 1, 3], [1, 2, 0], extrapolate=False)(-1.0)
    1.0
    """
    xs, ys = _knots(xs, ys)
    if not isinstance(extrapolate, bool):
        raise TypeError(f"extrapolate must be True or False, got {extrapolate!r}")
    m = np.diff(ys) / np.diff(xs)
    # Unit i is v[i] * relu(w[i] * (x - t[i])): the first segment's slope at
    # xs[0], then the change of slope at every inner knot.
    t = xs[:-1]
    w = np.ones(t.size)
    v = np.concatenate((m[:1], np.diff(m)))
    if extrapolate:  # m0 * (x - xs[0]) = m0 * relu(x - xs[0]) - m0 * relu(xs[0] - x)
        t, w, v = np.r_[xs[0], t], np.r_[-1.0, w], np.r_[-m[0], v]
    used = v != 0.0
    if not used.any():
        return ReLUNetwork([([[0.0]], [ys[0]])])
    t, w, v = t[used], w[used], v[used]
    return ReLUNetwork([(w[:, None], -w * t), (v[None, :], [ys[0]])])


def hard_sigmoid_terms(xs: ArrayLike, ys: ArrayLike) -> tuple[float, list[tuple[float, float, float]]]:
    """The curve through the knots as a constant plus one hard sigmoid per segment.

    Returns ``(constant, [(start, end, height), ...])``: on ``[xs[0], xs[-1]]``
    the curve equals ``constant + sum(hard_sigmoid(x, start, end, height))``.
    (Outside, the sum is flat; ``piecewise_to_relu`` extrapolates linearly.)

    >>> from lessons.activations import hard_sigmoid
    >>> const, terms = hard_sigmoid_terms([0, 1, 3], [1, 2, 0])
    >>> const, terms
    (1.0, [(0.0, 1.0, 1.0), (1.0, 3.0, -2.0)])
    >>> const + sum(hard_sigmoid(2.0, *t) for t in terms)
    1.0
    """
    xs, ys = _knots(xs, ys)
    terms = [(float(a), float(b), float(h)) for a, b, h in zip(xs[:-1], xs[1:], np.diff(ys))]
    return float(ys[0]), terms


def _evaluate(f: Callable, xs: np.ndarray) -> np.ndarray:
    """``f`` at every point of ``xs``, vectorised if ``f`` accepts arrays."""
    check_callable("f", f)
    try:
        ys = np.asarray(f(xs), dtype=float)
    except (TypeError, ValueError):  # e.g. math.sin: one number at a time
        ys = None
    if ys is None or ys.shape != xs.shape:
        ys = np.array([float(f(x)) for x in xs])
    return check_finite_array("f(x)", ys)


def relu_fit(f: Callable, n: int, lo: float = 0.0, hi: float = 1.0) -> ReLUNetwork:
    """``n`` ReLUs interpolating ``f`` at ``n + 1`` evenly spaced knots on ``[lo, hi]``.

    Built with ``piecewise_to_relu(..., extrapolate=False)``: exact at the
    knots, linear between them; units whose weight is zero are left out,
    so there are at most ``n``.

    >>> net = relu_fit(lambda x: x**2, 4)
    >>> net.n_neurons, net(0.5), net(0.625)
    (4, 0.25, 0.40625)
    """
    n = check_int("n", n, minimum=1)
    lo, hi = check_interval(lo, hi)
    xs = np.linspace(lo, hi, n + 1)
    return piecewise_to_relu(xs, _evaluate(f, xs), extrapolate=False)


def sup_error(f: Callable, net: ReLUNetwork, lo: float = 0.0, hi: float = 1.0,
              samples: int = 10_001) -> float:
    """Largest ``|f(x) - net(x)|`` on ``[lo, hi]``, measured on a grid.

    ``f`` is an arbitrary function, so this samples: ``samples`` evenly
    spaced points plus the network's exact breakpoints. It is a lower bound
    on the true sup error and close to it when the grid is fine compared
    with how fast ``f`` bends. (For x**2, ``lessons.square.square_error``
    is exact.)

    >>> sup_error(lambda x: x**2, relu_fit(lambda x: x**2, 4), samples=9)
    0.015625
    """
    samples = check_int("samples", samples, minimum=2)
    lo, hi = check_interval(lo, hi)
    grid = np.union1d(np.linspace(lo, hi, samples), breakpoints(net, lo, hi))
    return float(np.max(np.abs(_evaluate(f, grid) - net(grid))))
