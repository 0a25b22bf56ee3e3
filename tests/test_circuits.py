"""Parity: the convention, the XNOR tree and its odd-n caveat, ReLU networks, DNF size."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from lessons.circuits import XnorTree, parity, parity_dnf_size, parity_network, xnor_tree


def all_inputs(n):
    return np.array(list(itertools.product([0, 1], repeat=n)), dtype=int)


def even_by_counting(rows):
    return np.array([1 if list(r).count(1) % 2 == 0 else 0 for r in rows])


def test_lecture_convention():
    assert parity([1, 0, 1, 0]) == 1  # two 1s: even
    assert parity([0, 0, 0, 1]) == 0  # one 1: odd
    assert parity([]) == 1
    assert type(parity((True, False))) is int


@pytest.mark.parametrize("n", range(1, 13))
def test_every_construction_agrees_with_parity_on_every_input(n):
    x = all_inputs(n)
    expected = even_by_counting(x)
    np.testing.assert_array_equal(parity(x), expected)
    np.testing.assert_array_equal(xnor_tree(n)(x), expected)
    for deep in (True, False):
        out = parity_network(n, deep=deep)(x.astype(float))[:, 0]
        np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("n", [3, 5, 7, 9])
def test_plain_xnor_tree_gives_odd_parity_for_odd_n(n):
    # The caveat: without the NOT, an XNOR tree over an odd number of bits inverts.
    plain = XnorTree(n=n, gates=n - 1, depth=(n - 1).bit_length(), needs_not=False)
    x = all_inputs(n)
    np.testing.assert_array_equal(plain(x), 1 - parity(x))


@pytest.mark.parametrize("n", range(1, 40))
def test_tree_size(n):
    tree = xnor_tree(n)
    odd = n % 2
    assert tree.needs_not == bool(odd)
    assert tree.gates == n - 1 + odd
    assert tree.depth == math.ceil(math.log2(n)) + odd


def test_single_input_rows():
    assert xnor_tree(4)([1, 0, 1, 0]) == 1
    assert xnor_tree(1)([1]) == 0
    assert type(xnor_tree(2)([1, 1])) is int


@pytest.mark.parametrize("n", range(1, 11))
def test_dnf_needs_one_term_per_even_input(n):
    x = all_inputs(n)
    true_rows = x[parity(x) == 1]
    assert parity_dnf_size(n) == len(true_rows) == 2 ** (n - 1)
    if 2 <= n <= 8:  # no two true inputs are neighbours, so no term covers two of them
        dist = np.abs(true_rows[:, None, :] - true_rows[None, :, :]).sum(axis=2)
        assert dist[~np.eye(len(true_rows), dtype=bool)].min() >= 2


@pytest.mark.parametrize("n", [2, 4, 8, 16, 32])
def test_network_sizes(n):
    deep, shallow = parity_network(n), parity_network(n, deep=False)
    assert deep.depth == math.ceil(math.log2(n)) and shallow.depth == 1
    assert deep.n_neurons == 2 * (n - 1)  # two ReLUs per XOR gate
    assert shallow.n_neurons == n
    # Wires: O(n) for the tree, about n**2 for one hidden layer.
    assert deep.n_nonzero <= 7 * n
    assert shallow.n_nonzero >= n * n


def test_deep_network_for_large_n():
    n = 100
    net = parity_network(n)
    x = np.random.default_rng(0).integers(0, 2, (200, n))
    np.testing.assert_array_equal(net(x.astype(float))[:, 0], parity(x))


@pytest.mark.parametrize(("bits", "error", "match"), [
    ([0, 2, 1], ValueError, "bits"),
    ([0.5, 1], ValueError, "bits"),
    ([[[0, 1]]], ValueError, "bits"),
    (["0", "1"], TypeError, "bits"),
    ([[0, 1], [1]], TypeError, "bits"),
])
def test_bad_bits(bits, error, match):
    with pytest.raises(error, match=match):
        parity(bits)


def test_bad_arguments():
    with pytest.raises(ValueError, match="bits"):
        xnor_tree(4)([1, 0, 1])
    for f in (xnor_tree, parity_dnf_size, parity_network):
        with pytest.raises(ValueError, match="n"):
            f(0)
        with pytest.raises(TypeError, match="n"):
            f(3.0)
    with pytest.raises(TypeError, match="deep"):
        parity_network(3, deep=1)
