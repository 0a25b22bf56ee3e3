"""Two ReLU networks on the unit square: one wide layer of lines, and deep folds.

One hidden layer of n ReLUs on two inputs draws n lines; n lines cut the
plane into at most 1 + n + n(n - 1)/2 regions, a number that grows like
n**2. ``shallow_lines(n)`` reaches it inside the unit square. Deep layers
can fold instead: ``folding_net(k)`` folds both axes of the square k times
(the paper cutting of chapter 8) and makes 4**k square regions from 4k
ReLUs, a number that grows exponentially with depth.

>>> from lessons.regions import count_regions
>>> box = (0, 1, 0, 1)
>>> count_regions(shallow_lines(16), box), max_shallow_regions(16), count_regions(folding_net(4), box)
(137, 137, 256)
"""

from __future__ import annotations

import math

import numpy as np

from ._checks import check_int
from .network import ReLUNetwork

__all__ = ["max_shallow_regions", "shallow_lines", "folding_net"]

#: ``folding_net(k)`` has 4**k regions; larger k would be too many to list.
MAX_FOLDS = 10


def max_shallow_regions(n: int) -> int:
    """The most regions n lines can cut the plane into: 1 + n + n(n - 1)/2.

    Reached exactly when no two lines are parallel and no three meet in a
    point (general position). It is also the most activation regions of
    one hidden layer of n ReLUs on two inputs.

    >>> [max_shallow_regions(n) for n in range(5)]
    [1, 2, 4, 7, 11]
    """
    n = check_int("n", n, minimum=0)
    return 1 + n + math.comb(n, 2)


def shallow_lines(n: int) -> ReLUNetwork:
    """One hidden layer of n ReLUs whose lines are in general position, all crossings inside the unit square.

    The lines are tangents to the parabola y = 1/2 + 2 (x - 1/2)**2 at n
    points t_j spread evenly over [0.05, 0.95]; unit j is
    relu(s_j x - y + d_j), positive below its line. Tangents at t_i and
    t_j cross at ((t_i + t_j) / 2, 1/2 + 2 (t_i - 1/2)(t_j - 1/2)), inside
    the square; no two are parallel (their slopes s_j = 4 (t_j - 1/2)
    differ), and no three meet in a point (a point lies on at most two
    tangents of a parabola). The output is the sum of the units.

    >>> net = shallow_lines(3)
    >>> net, net.n_neurons
    (ReLUNetwork(2 -> 3 -> 1, 13 params), 3)
    """
    n = check_int("n", n, minimum=1)
    t = 0.05 + 0.9 * (np.arange(n) + 0.5) / n
    slope = 4.0 * (t - 0.5)
    intercept = 0.5 + 2.0 * (t - 0.5) ** 2 - slope * t  # the tangent: y = slope x + intercept
    return ReLUNetwork([(np.column_stack((slope, -np.ones(n))), intercept), (np.ones((1, n)), [0.0])])


def _fold_both_axes() -> ReLUNetwork:
    """(x, y) -> (|2x - 1|, |2y - 1|) with 4 ReLUs: one fold of each axis."""
    W = [[2.0, 0.0], [-2.0, 0.0], [0.0, 2.0], [0.0, -2.0]]
    return ReLUNetwork([(W, [-1.0, 1.0, -1.0, 1.0]), ([[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]], [0.0, 0.0])])


def folding_net(k: int) -> ReLUNetwork:
    """k hidden layers of 4 ReLUs that fold both axes of the unit square k times; output u + v.

    Layer l computes u_l = |2 u_(l-1) - 1| from u_(l-1) (u_0 = x) with two
    ReLUs, and the same for y. Its units switch where u_(l-1) = 1/2, at
    x = j / 2**l for odd j, so the k layers cut the square along
    x = j / 2**k and y = j / 2**k (0 < j < 2**k): 4**k squares of side
    2**-k, each with its own activation pattern. 4k ReLUs, 20k - 3
    parameters; ``k = 0`` is the affine map x + y.

    >>> net = folding_net(2)
    >>> net, net.n_neurons
    (ReLUNetwork(2 -> 4 -> 4 -> 1, 37 params), 8)
    >>> float(net([0.125, 0.375]))      # |2|2x - 1| - 1| + |2|2y - 1| - 1|
    1.0
    """
    k = check_int("k", k, minimum=0, maximum=MAX_FOLDS, hint="4**k regions")
    net = ReLUNetwork([(np.eye(2), np.zeros(2))])
    for _ in range(k):
        net = net.then(_fold_both_axes())
    return net.then(ReLUNetwork([([[1.0, 1.0]], [0.0])]))
