"""The lecture's 2**k-pieces construction: depth folds, width only adds.

One layer of two ReLUs computes a = relu(2x - 1) + relu(1 - 2x) = |2x - 1|,
which maps [0, 1] onto [0, 1] going down and back up: it folds the
interval. Feeding the output to the same layer again k times gives a
sawtooth with 2**k linear pieces from only 2k ReLUs. A network with one
hidden layer needs a kink per corner, 2**k - 1 of them, and one more: exactly
2**k ReLUs for the same function (the chapter "Deep network" proves it).

Without the factor 2 the unit |x - 1/2| maps [0, 1] into [0, 1/2]; the
next layer then sees no fold and the count stays at 2.

>>> from lessons.pieces import count_pieces
>>> deep, shallow = sawtooth(4), shallow_sawtooth(4)
>>> deep.n_neurons, shallow.n_neurons, count_pieces(deep, 0, 1), count_pieces(shallow, 0, 1)
(8, 16, 16, 16)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import check_finite_array, check_int, scalar_or_array
from .hidden_layer import piecewise_to_relu
from .network import ReLUNetwork

__all__ = ["tent", "fold_layer", "sawtooth", "layer_outputs", "shallow_sawtooth", "MAX_SHALLOW_K"]

#: Largest k for ``shallow_sawtooth``: it needs 2**k neurons.
MAX_SHALLOW_K = 20


def tent(x: ArrayLike) -> float | np.ndarray:
    """The tent map g(x) = 1 - |2x - 1|: 0 at 0 and 1, peak 1 at 1/2.

    On [0, 1] it equals 2 relu(x) - 4 relu(x - 1/2). Composing it k times
    gives 2**(k - 1) teeth. The lecture's layer computes 1 - g(x) = |2x - 1|.

    >>> tent(0.25), tent([0.0, 0.5, 1.0])
    (0.5, array([0., 1., 0.]))
    """
    arr = check_finite_array("x", x)
    return scalar_or_array(1.0 - np.abs(2.0 * arr - 1.0), arr.ndim == 0)


def fold_layer() -> ReLUNetwork:
    """One hidden layer of two ReLUs computing relu(2x - 1) + relu(1 - 2x) = |2x - 1|.

    >>> fold_layer(), fold_layer()([0.0, 0.25, 0.5, 1.0])
    (ReLUNetwork(1 -> 2 -> 1, 7 params), array([1. , 0.5, 0. , 1. ]))
    """
    return ReLUNetwork([([[2.0], [-2.0]], [-1.0, 1.0]), ([[1.0, 1.0]], [0.0])])


def sawtooth(k: int) -> ReLUNetwork:
    """k hidden layers of 2 ReLUs: ``fold_layer`` called k times in a row.

    On [0, 1] it computes |2x - 1| composed k times, which equals
    1 - tent composed k times, with exactly 2**k linear pieces (2**(k-1)
    V shapes). Each layer's sum a is merged into the next layer's weights,
    so there are 6k + 1 parameters. ``k = 0`` gives the identity x -> x
    (one piece, no hidden layer).

    >>> net = sawtooth(3)
    >>> net, net.n_neurons
    (ReLUNetwork(1 -> 2 -> 2 -> 2 -> 1, 19 params), 6)
    >>> net([0.0, 0.0625, 0.125, 0.1875, 0.25])
    array([1. , 0.5, 0. , 0.5, 1. ])
    """
    k = check_int("k", k, minimum=0)
    net = ReLUNetwork([([[1.0]], [0.0])])  # identity
    for _ in range(k):
        net = net.then(fold_layer())
    return net


def layer_outputs(x: ArrayLike, k: int) -> list[np.ndarray]:
    """[a1(x), ..., ak(x)]: what each layer of ``sawtooth(k)`` computes.

    Layer j outputs aj = relu(2 a - 1) + relu(1 - 2 a) of the previous
    layer's a (a0 = x): the sum of its two ReLUs, read off the network.

    >>> [a.tolist() for a in layer_outputs([0.0, 0.125, 0.25], 2)]
    [[1.0, 0.75, 0.5], [1.0, 0.5, 0.0]]
    """
    k = check_int("k", k, minimum=0)
    x = check_finite_array("x", x, ndim=(0, 1))
    if k == 0:
        return []
    return [h.sum(axis=1) for h in sawtooth(k).activations(x.reshape(-1))]


def shallow_sawtooth(k: int) -> ReLUNetwork:
    """One hidden layer computing ``sawtooth(k)`` on [0, 1].

    Built by ``piecewise_to_relu`` through the 2**k + 1 corners (flat left
    of 0), so it has 2**k ReLUs: one per interior corner (2**k - 1, which
    every one-hidden-layer net needs) plus one for the first slope.
    ``k`` is capped at ``MAX_SHALLOW_K``.

    >>> net = shallow_sawtooth(3)
    >>> net, net.n_neurons
    (ReLUNetwork(1 -> 8 -> 1, 25 params), 8)
    """
    k = check_int("k", k, minimum=0, maximum=MAX_SHALLOW_K,
                  hint="a one-hidden-layer sawtooth needs 2**k neurons")
    xs = np.linspace(0.0, 1.0, 2**k + 1)
    # Corners alternate 1, 0, 1, ...; k = 0 is the identity, like sawtooth(0).
    ys = 1.0 - np.arange(xs.size) % 2 if k > 0 else xs
    return piecewise_to_relu(xs, ys, extrapolate=False)
