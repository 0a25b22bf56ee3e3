"""Exact linear pieces of a ReLU network with one input and one output.

A ReLU network on a line is piecewise linear. Its pieces are found without
sampling: on every piece of the current partition each unit's
pre-activation is an affine function a*x + c, which crosses zero at most
once, at x = -c/a. Adding those crossings refines the partition; on each
new piece every unit is either on or off, so the next layer again sees one
affine function per piece. At the end, neighbouring pieces with the same
output slope are merged: a unit may switch without the output bending (its
outgoing weight is zero, or two switches cancel), and such a point is not
a breakpoint. Everything is vectorised over pieces, so the cost grows with
the number of pieces, not with a sampling resolution.

Floating-point caveat: two breakpoints closer than about 1e-12 times the
size of the interval are treated as one, and slopes that agree to about
1e-9 (relative to the size of the terms that were summed) count as equal.

>>> from lessons.network import ReLUNetwork
>>> absx = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])
>>> count_pieces(absx, -1, 1), breakpoints(absx, -1, 1)
(2, array([0.]))
"""

from __future__ import annotations

import numpy as np

from ._checks import check_interval
from .network import ReLUNetwork

__all__ = ["linear_pieces", "breakpoints", "count_pieces", "same_function"]

_X_RTOL = 1e-12  # breakpoints closer than this (relative to the interval) coincide
_SLOPE_RTOL = 1e-9  # relative to the sum of |terms| that made the slope


def _check_scalar_net(net: object) -> ReLUNetwork:
    if not isinstance(net, ReLUNetwork):
        raise TypeError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if net.widths[0] != 1 or net.widths[-1] != 1:
        raise ValueError(f"net must have one input and one output, got widths {net.widths}")
    return net


def _affine(slope: np.ndarray, icpt: np.ndarray, gross: np.ndarray,
            W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pre-activations W h + b per piece, as (slope, intercept, sum of |slope terms|)."""
    # einsum rather than @: BLAS threads make tall, thin products many times slower.
    return (np.einsum("pi,ji->pj", slope, W), np.einsum("pi,ji->pj", icpt, W) + b,
            np.einsum("pi,ji->pj", gross, np.abs(W)))


def _events(edges: np.ndarray, a: np.ndarray, c: np.ndarray,
            tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every piece's left edge followed by its units' zero crossings, in x order.

    ``a`` and ``c`` hold one row per piece and one column per unit. Returns
    ``(x, piece, unit)`` for each event; ``unit`` is -1 for a piece's left
    edge. Sorting within each row (not globally) keeps the cost linear in
    the number of pieces.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        z = -c / a
    # A zero within tol of an edge is that edge, not a new piece.
    inside = (a != 0) & (z > edges[:-1, None] + tol) & (z < edges[1:, None] - tol)
    z = np.where(inside, z, np.inf)
    unit = np.argsort(z, axis=1, kind="stable")
    x = np.concatenate((edges[:-1, None], np.take_along_axis(z, unit, axis=1)), axis=1)
    unit = np.concatenate((np.full((len(x), 1), -1), unit), axis=1)
    keep = x < np.inf
    return x[keep], np.nonzero(keep)[0], unit[keep]


def _hidden_layer(edges: np.ndarray, a: np.ndarray, c: np.ndarray, g: np.ndarray,
                  tol: float) -> tuple[np.ndarray, ...]:
    """Split the pieces at every zero crossing and apply ReLU on each new piece."""
    x, piece, _ = _events(edges, a, c, tol)
    if x.size > edges.size - 1:
        kept = np.concatenate(([True], np.diff(x) > tol))  # units crossing together
        x, piece = x[kept], piece[kept]
        edges, a, c, g = np.concatenate((x, edges[-1:])), a[piece], c[piece], g[piece]
    mid = 0.5 * (edges[:-1] + edges[1:])
    on = a * mid[:, None] + c > 0  # no unit changes sign inside a piece
    return edges, a * on, c * on, g * on


def _output_layer(edges: np.ndarray, a: np.ndarray, c: np.ndarray, g: np.ndarray,
                  v: np.ndarray, b: float, tol: float) -> tuple[np.ndarray, ...]:
    """Pieces of b + sum_j v_j relu(a_j x + c_j) without a (pieces x units) table.

    A zero crossing of unit j changes the output slope by |a_j| v_j, so a
    cumulative sum over the crossings gives the output on every new piece:
    one hidden layer of n units costs O(n log n), not O(n**2).
    """
    x, piece, unit = _events(edges, a, c, tol)
    mid = 0.5 * (edges[:-1] + edges[1:])
    # State on each piece's first sub-piece: a unit that crosses zero inside
    # is on before its zero iff it decreases; any other unit keeps one sign.
    crosses = np.zeros(a.shape, dtype=bool)
    step = unit >= 0
    p, j = piece[step], unit[step]
    crosses[p, j] = True
    on = np.where(crosses, a < 0, a * mid[:, None] + c > 0)
    values = np.empty((x.size, 3))
    values[~step] = np.stack((np.einsum("pj,j->p", a * on, v), np.einsum("pj,j->p", c * on, v) + b,
                              np.einsum("pj,j->p", g * on, np.abs(v))), axis=1)
    sign, vj = np.sign(a[p, j]), v[j]
    values[step] = np.stack((np.abs(a[p, j]) * vj, sign * c[p, j] * vj,
                             sign * g[p, j] * np.abs(vj)), axis=1)
    # Within each old piece: its start value plus the steps so far.
    total = np.cumsum(values, axis=0)
    first = np.maximum.accumulate(np.where(step, 0, np.arange(x.size)))
    values = total - total[first] + values[first]
    last = np.concatenate((np.diff(x) > tol, [True]))  # units crossing together
    edges = np.concatenate((x[last], edges[-1:]))
    return edges, values[last, 0], values[last, 1], np.abs(values[last, 2])


def linear_pieces(net: ReLUNetwork, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The maximal linear pieces of ``net`` on ``[lo, hi]``, exactly.

    Returns ``(edges, slopes, intercepts)``: piece ``i`` is
    ``[edges[i], edges[i + 1]]``, on which ``net(x) == slopes[i] * x + intercepts[i]``.

    >>> from lessons.network import ReLUNetwork
    >>> absx = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])
    >>> edges, slopes, intercepts = linear_pieces(absx, -2, 3)
    >>> edges, slopes, intercepts
    (array([-2.,  0.,  3.]), array([-1.,  1.]), array([0., 0.]))
    """
    _check_scalar_net(net)
    lo, hi = check_interval(lo, hi)
    tol = _X_RTOL * max(hi - lo, abs(lo), abs(hi))
    edges = np.array([lo, hi])
    # Per piece: the hidden state as an affine function of x (slope, intercept),
    # and the sum of |terms| behind each slope, to judge rounding when merging.
    state = (np.ones((1, 1)), np.zeros((1, 1)), np.ones((1, 1)))
    *hidden, (W, b) = net.layers
    for W_h, b_h in hidden[:-1]:
        edges, *state = _hidden_layer(edges, *_affine(*state, W_h, b_h), tol)
    if hidden:
        edges, s, c, g = _output_layer(edges, *_affine(*state, *hidden[-1]), W[0], b[0], tol)
    else:
        s, c, g = (col[:, 0] for col in _affine(*state, W, b))
    bends = np.abs(np.diff(s)) > _SLOPE_RTOL * np.maximum(g[:-1], g[1:])
    first = np.concatenate(([0], np.flatnonzero(bends) + 1))  # first piece of each run
    edges = np.concatenate((edges[first], [hi])) + 0.0  # + 0.0 turns -0.0 into 0.0
    return edges, s[first], c[first]


def breakpoints(net: ReLUNetwork, lo: float, hi: float) -> np.ndarray:
    """The sorted points in the open interval (lo, hi) where the slope of ``net`` changes.

    >>> from lessons.sawtooth import sawtooth
    >>> breakpoints(sawtooth(2), 0, 1)
    array([0.25, 0.5 , 0.75])
    """
    return linear_pieces(net, lo, hi)[0][1:-1]


def count_pieces(net: ReLUNetwork, lo: float, hi: float) -> int:
    """The number of maximal linear pieces of ``net`` on ``[lo, hi]``.

    >>> from lessons.sawtooth import sawtooth
    >>> count_pieces(sawtooth(10), 0, 1)
    1024
    """
    return int(linear_pieces(net, lo, hi)[1].size)


def same_function(net_a: ReLUNetwork, net_b: ReLUNetwork, lo: float = 0.0, hi: float = 1.0) -> bool:
    """Whether two networks with one input and one output are the same function on ``[lo, hi]``.

    Decided exactly, not by sampling: both are piecewise linear, so they are
    equal on the interval when :func:`linear_pieces` gives both the same
    pieces, with the same edges, slopes and intercepts, to the last bit.
    (Two constructions that agree only up to rounding compare as different.)

    >>> from lessons.sawtooth import sawtooth, shallow_sawtooth
    >>> same_function(sawtooth(5), shallow_sawtooth(5)), same_function(sawtooth(5), sawtooth(4))
    (True, False)
    >>> same_function(sawtooth(1), shallow_sawtooth(1), -1, 1)  # the shallow one is flat left of 0
    False
    """
    pieces_a = linear_pieces(net_a, lo, hi)
    pieces_b = linear_pieces(net_b, lo, hi)
    return all(a.shape == b.shape and bool(np.array_equal(a, b)) for a, b in zip(pieces_a, pieces_b))
