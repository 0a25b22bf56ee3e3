"""y = x**2: deep is exponentially better than shallow, even for a parabola.

Yarotsky's construction: with g_s the tent map composed s times,
f_m(x) = x - sum_{s=1..m} g_s(x) / 4**s is the piecewise-linear
interpolation of x**2 at the points k / 2**m, so its error on [0, 1] is
2**(-2m-2). A deep ReLU network computes it with 3 ReLUs per level: error
eps costs O(log(1/eps)) ReLUs. A network with one hidden layer needs
about 1/sqrt(8 eps) ReLUs: a function with p linear pieces misses x**2 by
at least 1/(8 p**2).

>>> m, neurons, params = deep_square_size(1e-6)
>>> m, neurons, shallow_square_size(1e-6)
(9, 27, 353)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ._checks import check_int, check_open_unit
from .hidden_layer import piecewise_to_relu
from .network import ReLUNetwork
from .pieces import linear_pieces

__all__ = ["square_level", "square_approx", "square_error", "deep_square_size",
           "shallow_square_size", "shallow_square"]


def square_level(s: int) -> ReLUNetwork:
    """Level s of Yarotsky's network: (g, f) -> (tent(g), f - tent(g) / 4**s).

    Three ReLUs: relu(g) and relu(g - 1/2) make the tent 2 relu(g) -
    4 relu(g - 1/2) (g stays in [0, 1]); relu(f) carries the running
    approximation forward (f >= 0 on [0, 1]).

    >>> square_level(1)([0.25, 0.25])      # g = x = 1/4: tent 1/2, f = 1/4 - 1/8
    array([0.5  , 0.125])
    """
    s = check_int("s", s, minimum=1)
    q = 4.0**-s
    return ReLUNetwork([([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], [0.0, -0.5, 0.0]),
                        ([[2.0, -4.0, 0.0], [-2.0 * q, 4.0 * q, 1.0]], [0.0, 0.0])])


def square_approx(m: int) -> ReLUNetwork:
    """Deep ReLU network computing f_m on [0, 1], sup error 2**(-2m-2) against x**2.

    m levels of 3 ReLUs (``square_level``) chained with ``then``; ``m = 0``
    is the identity f_0(x) = x. On [0, 1] it equals the piecewise-linear
    interpolation of x**2 at k / 2**m.

    >>> net = square_approx(2)
    >>> net
    ReLUNetwork(1 -> 3 -> 3 -> 1, 22 params)
    >>> net([0.25, 0.375, 0.5])          # 1/16 at a knot; midpoint errs by 1/64
    array([0.0625 , 0.15625, 0.25   ])
    """
    m = check_int("m", m, minimum=0)
    net = ReLUNetwork([([[1.0], [1.0]], [0.0, 0.0])])  # x -> (g_0, f_0) = (x, x)
    for s in range(1, m + 1):
        net = net.then(square_level(s))
    return net.then(ReLUNetwork([([[0.0, 1.0]], [0.0])]))  # output f_m


def square_error(m: int | ReLUNetwork) -> float:
    """The exact sup of |net(x) - x**2| on [0, 1], for ``square_approx(m)`` or any 1-D net.

    No sampling: on each exact linear piece a x + c of the network,
    x**2 - (a x + c) is convex, so its largest magnitude is at an end of
    the piece or at the parabola's vertex x = a / 2.

    >>> square_error(0), square_error(3), 2.0**-8
    (0.25, 0.00390625, 0.00390625)
    """
    if isinstance(m, ReLUNetwork):
        net = m
    else:
        net = square_approx(check_int("m", m, minimum=0))
    edges, a, c = linear_pieces(net, 0.0, 1.0)
    lo, hi = edges[:-1], edges[1:]
    vertex = np.clip(a / 2.0, lo, hi)
    err = [np.abs(t * t - (a * t + c)) for t in (lo, hi, vertex)]
    return float(np.max(err))


def deep_square_size(eps: float) -> tuple[int, int, int]:
    """``(m, n_neurons, n_params)`` of the smallest ``square_approx(m)`` with error <= eps.

    Uses the proven error 2**(-2m-2) (the tests check it against
    ``square_error``), i.e. m >= -log2(eps)/2 - 1.

    >>> deep_square_size(1e-2), deep_square_size(1e-6)
    ((3, 9, 34), (9, 27, 106))
    """
    eps = check_open_unit("eps", eps)
    m = 0
    while 2.0 ** (-2 * m - 2) > eps:  # powers of two: exact comparisons
        m += 1
    net = square_approx(m)
    return m, net.n_neurons, net.n_params


def shallow_square_size(eps: float) -> int:
    """A lower bound on the ReLUs of any one-hidden-layer net with error <= eps on [0, 1].

    n ReLUs make at most n kinks, so at most n + 1 linear pieces; one piece
    has length >= 1/(n + 1), and no line is closer than h**2/8 to x**2 on
    an interval of length h. So n must satisfy 1/(8 (n + 1)**2) <= eps.
    With n = 0 the net is a constant, at best 1/2 away. ``shallow_square``
    reaches eps with this many ReLUs or one more (the minimum is one of the two).

    >>> shallow_square_size(1e-2), shallow_square_size(1e-6)
    (3, 353)
    """
    eps = Fraction(check_open_unit("eps", eps))  # exact: no rounding at the boundary
    if eps >= Fraction(1, 2):
        return 0
    n = 1
    while 8 * (n + 1) ** 2 * eps < 1:
        n += 1
    return n


def shallow_square(eps: float) -> ReLUNetwork:
    """A one-hidden-layer net with error <= eps on [0, 1], using few ReLUs.

    Best-fit lines on n intervals of length h = 1/(n + 1/2), each h**2/8
    below the chord, plus a flat piece on [0, h/2] at height h**2/8: error
    exactly 1/(8 (n + 1/2)**2) with n ReLUs (one per kink; the flat start
    needs none). n is the smallest with that error <= eps, so it is
    ``shallow_square_size(eps)`` or one more.

    >>> net = shallow_square(1e-2)
    >>> net.n_neurons, round(square_error(net), 6)
    (4, 0.006173)
    """
    eps = Fraction(check_open_unit("eps", eps))
    n = 1
    while 2 * (2 * n + 1) ** 2 * eps < 1:  # 1/(8 (n + 1/2)**2) = 1/(2 (2n + 1)**2)
        n += 1
    h = 1.0 / (n + 0.5)
    knots = np.concatenate(([0.0], h / 2 + h * np.arange(n)))
    knots = np.append(knots, 1.0)
    values = knots**2 - h**2 / 8
    values[0] = h**2 / 8  # flat start: the best constant on [0, h/2]
    return piecewise_to_relu(knots, values, extrapolate=False)
