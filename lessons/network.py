"""A feed-forward ReLU network, small enough to read and to build by hand.

Layers are ``(W, b)`` pairs with ``W`` of shape ``(fan_out, fan_in)``.
Every layer but the last applies ReLU; the last one is linear.

>>> net = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])
>>> net                      # |x| = relu(x) + relu(-x)
ReLUNetwork(1 -> 2 -> 1, 7 params)
>>> net([-2.0, 3.0])
array([2., 3.])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._checks import check_finite_array, scalar_or_array

__all__ = ["ReLUNetwork"]


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


class ReLUNetwork:
    """A ReLU network from a list of ``(W, b)`` layers.

    ``W`` has shape ``(fan_out, fan_in)`` and ``b`` shape ``(fan_out,)``.
    Hidden layers apply ReLU, the last layer is linear. A single layer is
    allowed: a network without hidden layers is an affine map.

    Calling the network: a network with one input accepts a scalar (returns
    a float, or an array of the outputs) or a 1-D array of ``n`` inputs
    (returns shape ``(n,)`` when there is one output, else ``(n, d_out)``);
    any network accepts ``(n, d_in)`` and returns ``(n, d_out)``, and a
    single point of shape ``(d_in,)``.

    >>> net = ReLUNetwork([([[2.0], [-2.0]], [-1.0, 1.0]),
    ...                    ([[1.0, 1.0]], [0.0])])
    >>> net(0.0), net(0.25), net(1.0)      # |2x - 1|
    (1.0, 0.5, 1.0)
    >>> net.n_params, net.n_neurons, net.depth, net.widths
    (7, 2, 1, (1, 2, 1))
    """

    def __init__(self, layers: Iterable[tuple[ArrayLike, ArrayLike]]) -> None:
        if isinstance(layers, (str, bytes)) or not isinstance(layers, Iterable):
            raise TypeError(f"layers must be a list of (W, b) pairs, got {type(layers).__name__}")
        layers = list(layers)
        if len(layers) == 0:
            raise ValueError("layers must contain at least one (W, b) pair, got an empty list")
        clean: list[tuple[np.ndarray, np.ndarray]] = []
        for i, layer in enumerate(layers):
            if not isinstance(layer, Sequence) or len(layer) != 2:
                raise TypeError(f"layers[{i}] must be a (W, b) pair")
            W = check_finite_array(f"layers[{i}] W", layer[0], ndim=2)
            b = check_finite_array(f"layers[{i}] b", layer[1], ndim=1)
            if 0 in W.shape:
                raise ValueError(f"layers[{i}] W must have at least one row and one column, "
                                 f"got shape {W.shape}")
            if b.shape != (W.shape[0],):
                raise ValueError(f"layers[{i}] b must have shape ({W.shape[0]},) to match W "
                                 f"of shape {W.shape}, got {b.shape}")
            if clean and W.shape[1] != clean[-1][0].shape[0]:
                raise ValueError(f"layers[{i}] W must have {clean[-1][0].shape[0]} columns "
                                 f"(layer {i - 1} has {clean[-1][0].shape[0]} outputs), "
                                 f"got shape {W.shape}")
            clean.append((_frozen(W), _frozen(b)))
        self._layers = tuple(clean)

    # -- structure --------------------------------------------------------
    @property
    def layers(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """The ``(W, b)`` pairs (read-only arrays).

        >>> ReLUNetwork([([[3.0]], [1.0])]).layers[0][0]
        array([[3.]])
        """
        return self._layers

    @property
    def widths(self) -> tuple[int, ...]:
        """Input width, each hidden width, output width.

        >>> ReLUNetwork([([[1.0]] * 4, [0.0] * 4), ([[1.0] * 4] * 2, [0.0, 0.0])]).widths
        (1, 4, 2)
        """
        return (self._layers[0][0].shape[1], *(W.shape[0] for W, _ in self._layers))

    @property
    def depth(self) -> int:
        """Number of hidden layers.

        >>> ReLUNetwork([([[1.0]], [0.0])]).depth
        0
        """
        return len(self._layers) - 1

    @property
    def n_neurons(self) -> int:
        """Number of hidden units (ReLUs).

        >>> ReLUNetwork([([[1.0]] * 3, [0.0] * 3), ([[1.0] * 3], [0.0])]).n_neurons
        3
        """
        return sum(self.widths[1:-1])

    @property
    def n_params(self) -> int:
        """Number of weights plus biases.

        >>> ReLUNetwork([([[1.0]] * 3, [0.0] * 3), ([[1.0] * 3], [0.0])]).n_params
        10
        """
        return sum(W.size + b.size for W, b in self._layers)

    @property
    def n_nonzero(self) -> int:
        """Number of weights and biases that are not zero (the wires actually used).

        >>> ReLUNetwork([([[1.0], [0.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])]).n_nonzero
        3
        """
        return sum(int(np.count_nonzero(W)) + int(np.count_nonzero(b)) for W, b in self._layers)

    def __repr__(self) -> str:
        arrows = " -> ".join(str(w) for w in self.widths)
        return f"ReLUNetwork({arrows}, {self.n_params} params)"

    # -- evaluation -------------------------------------------------------
    def _as_batch(self, x: Any) -> tuple[np.ndarray, str]:
        """Reshape the input to (n, d_in); say how to shape the output."""
        d_in = self.widths[0]
        arr = check_finite_array("x", x, ndim=(0, 1, 2))
        if arr.ndim == 2:
            if arr.shape[1] != d_in:
                raise ValueError(f"x must have shape (n, {d_in}), got {arr.shape}")
            return arr, "batch"
        if d_in == 1:
            return arr.reshape(-1, 1), ("point" if arr.ndim == 0 else "column")
        if arr.shape != (d_in,):
            raise ValueError(f"x must have shape ({d_in},) or (n, {d_in}), got {arr.shape}")
        return arr.reshape(1, -1), "point"

    def activations(self, x: ArrayLike) -> list[np.ndarray]:
        """The ReLU outputs of every hidden layer, each of shape ``(n, width)``.

        >>> net = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])
        >>> net.activations([-2.0, 3.0])[0]
        array([[0., 2.],
               [3., 0.]])
        """
        h, _ = self._as_batch(x)
        out = []
        for W, b in self._layers[:-1]:
            h = np.maximum(h @ W.T + b, 0.0)
            out.append(h)
        return out

    def __call__(self, x: ArrayLike) -> float | np.ndarray:
        h, kind = self._as_batch(x)
        for W, b in self._layers[:-1]:
            h = np.maximum(h @ W.T + b, 0.0)
        W, b = self._layers[-1]
        y = h @ W.T + b
        if kind == "batch":
            return y
        if kind == "column":
            return y[:, 0] if y.shape[1] == 1 else y
        return scalar_or_array(y[0, 0], True) if y.shape[1] == 1 else y[0]

    # -- composition ------------------------------------------------------
    def then(self, other: ReLUNetwork) -> ReLUNetwork:
        """The network computing ``other(self(x))``: a subroutine called on a result.

        The last (linear) layer of ``self`` and the first layer of ``other``
        are merged into one, so no ReLU is added: depths add up.

        >>> fold = ReLUNetwork([([[2.0], [-2.0]], [-1.0, 1.0]), ([[1.0, 1.0]], [0.0])])
        >>> twice = fold.then(fold)
        >>> twice, twice(0.125)
        (ReLUNetwork(1 -> 2 -> 2 -> 1, 13 params), 0.5)
        """
        if not isinstance(other, ReLUNetwork):
            raise TypeError(f"other must be a ReLUNetwork, got {type(other).__name__}")
        if other.widths[0] != self.widths[-1]:
            raise ValueError(f"other must take {self.widths[-1]} inputs "
                             f"(this network's outputs), got {other.widths[0]}")
        W_a, b_a = self._layers[-1]
        W_b, b_b = other._layers[0]
        merged = (W_b @ W_a, W_b @ b_a + b_b)
        return ReLUNetwork([*self._layers[:-1], merged, *other._layers[1:]])
