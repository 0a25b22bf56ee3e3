"""The logic-circuit analogy: parity is cheap for deep circuits, costly for shallow ones.

Parity here follows the lecture: output 1 if the number of 1s is even,
0 if it is odd. A two-level (AND-OR) circuit needs 2**(n-1) terms; a tree
of two-input gates needs n - 1 gates and depth ceil(log2 n).
``parity_network(n)`` builds a deep and a shallow ReLU network for parity.

>>> parity([1, 0, 1, 0]), parity([0, 0, 0, 1])
(1, 0)
>>> xnor_tree(4), parity_dnf_size(4)
(XnorTree(n=4, gates=3, depth=2, needs_not=False), 8)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import check_int
from .hidden_layer import piecewise_to_relu
from .network import ReLUNetwork

__all__ = ["parity", "XnorTree", "xnor_tree", "parity_dnf_size", "parity_network"]


def _bits(bits: ArrayLike, n: int | None = None) -> np.ndarray:
    """``bits`` as an int array of 0s and 1s: one input (1-D) or one per row (2-D)."""
    try:
        arr = np.asarray(bits)
    except ValueError:
        raise TypeError("bits must be a sequence of 0s and 1s or a 2-D array of them") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"bits must contain 0s and 1s, got dtype {arr.dtype}")
    if arr.ndim not in (1, 2):
        raise ValueError(f"bits must be a 1-D sequence or a 2-D array of rows, got shape {arr.shape}")
    if not np.all((arr == 0) | (arr == 1)):
        raise ValueError("bits must contain only 0s and 1s")
    if n is not None and arr.shape[-1] != n:
        raise ValueError(f"bits must have {n} bits per input, got {arr.shape[-1]}")
    return arr.astype(np.int64)


def parity(bits: ArrayLike) -> int | np.ndarray:
    """1 if the number of 1s is even, else 0 (the lecture's convention).

    A 2-D array is read as one input per row and gives one result per row.

    >>> parity([1, 1, 0]), parity([1, 0, 0])
    (1, 0)
    >>> parity([[0, 0], [0, 1], [1, 1]])
    array([1, 0, 1])
    """
    arr = _bits(bits)
    even = 1 - arr.sum(axis=-1) % 2
    return int(even) if arr.ndim == 1 else even


@dataclass(frozen=True)
class XnorTree:
    """A balanced tree of two-input XNOR gates over n bits, plus a NOT when n is odd.

    A tree of n - 1 XNOR gates outputs XOR(bits) XOR ((n - 1) mod 2): even
    parity when n is even (the lecture's 4-bit picture), odd parity when n
    is odd. So for odd n a NOT gate follows the tree. ``gates`` and
    ``depth`` count that NOT. Build it with ``xnor_tree(n)``.

    >>> plain = XnorTree(n=3, gates=2, depth=2, needs_not=False)   # the caveat
    >>> plain([1, 1, 0]), xnor_tree(3)([1, 1, 0])
    (0, 1)
    """

    n: int
    gates: int
    depth: int
    needs_not: bool

    def __call__(self, bits: ArrayLike) -> int | np.ndarray:
        """Evaluate the circuit level by level (rows of a 2-D array at once).

        >>> xnor_tree(3)([[1, 1, 0], [1, 1, 1]])
        array([1, 0])
        """
        v = _bits(bits, self.n)
        while v.shape[-1] > 1:
            pairs = v.shape[-1] // 2
            gated = 1 - (v[..., 0:2 * pairs:2] ^ v[..., 1:2 * pairs:2])  # XNOR
            v = np.concatenate((gated, v[..., 2 * pairs:]), axis=-1)  # odd one waits
        out = 1 - v[..., 0] if self.needs_not else v[..., 0]
        return int(out) if out.ndim == 0 else out


def xnor_tree(n: int) -> XnorTree:
    """The XNOR-gate circuit for n-bit parity: n - 1 gates, depth ceil(log2 n) (+1 NOT if n is odd).

    >>> tree = xnor_tree(5)
    >>> tree, tree([1, 0, 1, 1, 1])
    (XnorTree(n=5, gates=5, depth=4, needs_not=True), 1)
    """
    n = check_int("n", n, minimum=1)
    needs_not = n % 2 == 1
    levels = (n - 1).bit_length()  # ceil(log2 n)
    return XnorTree(n=n, gates=n - 1 + needs_not, depth=levels + needs_not, needs_not=needs_not)


def parity_dnf_size(n: int) -> int:
    """Terms of the smallest two-level (OR of ANDs) circuit for n-bit parity: 2**(n-1).

    Each of the 2**(n-1) inputs with an even number of 1s needs its own
    AND term of all n literals: no two of them differ in one bit, so no
    term can cover two.

    >>> [parity_dnf_size(n) for n in (1, 2, 4, 10)]
    [1, 2, 8, 512]
    """
    n = check_int("n", n, minimum=1)
    return 2 ** (n - 1)


def _xor_level(width: int) -> ReLUNetwork:
    """One level of the tree: XOR neighbouring pairs, pass the odd one on.

    XOR(a, b) = relu(a + b) - 2 relu(a + b - 1) on bits; a bit passes
    through relu unchanged.
    """
    pairs, odd = divmod(width, 2)
    W1 = np.zeros((2 * pairs + odd, width))
    b1 = np.zeros(2 * pairs + odd)
    W2 = np.zeros((pairs + odd, 2 * pairs + odd))
    for i in range(pairs):
        W1[2 * i: 2 * i + 2, 2 * i: 2 * i + 2] = 1.0
        b1[2 * i + 1] = -1.0
        W2[i, 2 * i: 2 * i + 2] = [1.0, -2.0]
    if odd:
        W1[-1, -1] = W2[-1, -1] = 1.0
    return ReLUNetwork([(W1, b1), (W2, np.zeros(pairs + odd))])


def parity_network(n: int, *, deep: bool = True) -> ReLUNetwork:
    """A ReLU network computing ``parity`` exactly on every input in {0, 1}**n.

    ``deep=True``: the XOR tree as ReLUs, ceil(log2 n) hidden layers of
    two ReLUs per gate (2(n - 1) ReLUs when n is a power of 2), each
    level a subroutine called on the last one's output.
    ``deep=False``: one hidden layer on the sum s of the bits,
    relu(s - j) for j = 0..n-1 (n ReLUs, each wired to all n inputs),
    built by ``piecewise_to_relu`` through (j, parity of j).

    Unlike AND/OR circuits, a ReLU unit can add its inputs, so one hidden
    layer needs only n units; it pays in wires: about n**2 nonzero weights
    against O(n) for the tree (``n_nonzero``; ``n_params`` also counts the
    zeros of the dense matrices).

    >>> deep, shallow = parity_network(8), parity_network(8, deep=False)
    >>> deep, shallow
    (ReLUNetwork(8 -> 8 -> 4 -> 2 -> 1, 121 params), ReLUNetwork(8 -> 8 -> 1, 81 params))
    >>> deep.n_nonzero, shallow.n_nonzero
    (50, 80)
    >>> deep([1, 0, 1, 1, 0, 0, 0, 0]), shallow([1, 0, 1, 1, 0, 0, 0, 0])
    (0.0, 0.0)
    """
    n = check_int("n", n, minimum=1)
    if not isinstance(deep, bool):
        raise TypeError(f"deep must be True or False, got {deep!r}")
    if not deep:
        s = np.arange(n + 1.0)
        total = ReLUNetwork([(np.ones((1, n)), [0.0])])  # s = sum of the bits
        return total.then(piecewise_to_relu(s, 1.0 - s % 2, extrapolate=False))
    net = ReLUNetwork([(np.eye(n), np.zeros(n))])
    width = n
    while width > 1:
        net = net.then(_xor_level(width))
        width = (width + 1) // 2
    return net.then(ReLUNetwork([([[-1.0]], [1.0])]))  # even parity = 1 - XOR
