"""The 2**k-pieces construction, deep and shallow."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.activations import relu
from lessons.network import ReLUNetwork
from lessons.pieces import breakpoints, count_pieces
from lessons.sawtooth import MAX_SHALLOW_K, fold_layer, layer_outputs, sawtooth, shallow_sawtooth, tent

GRID = np.arange(2**14 + 1) / 2**14  # dyadic: every value below is exact


def tent_power(x, k):
    for _ in range(k):
        x = 1.0 - np.abs(2.0 * x - 1.0)
    return x


def test_tent_is_two_relus_on_the_unit_interval():
    np.testing.assert_array_equal(tent(GRID), 2 * relu(GRID) - 4 * relu(GRID - 0.5))
    # Yarotsky's three-ReLU form is zero outside [0, 1]; the two-ReLU form is not.
    x = np.array([-0.5, 1.5])
    np.testing.assert_array_equal(2 * relu(x) - 4 * relu(x - 0.5) + 2 * relu(x - 1), [0.0, 0.0])
    assert tent(0.5) == 1.0 and type(tent(0.5)) is float


@pytest.mark.parametrize("k", range(0, 13))
def test_sawtooth_has_two_to_the_k_pieces(k):
    net = sawtooth(k)
    assert count_pieces(net, 0, 1) == 2**k
    np.testing.assert_array_equal(breakpoints(net, 0, 1), np.arange(1, 2**k) / 2**k)
    assert (net.depth, net.n_neurons, net.n_params) == (k, 2 * k, 6 * k + 1 if k else 2)


@pytest.mark.parametrize("k", range(0, 9))
def test_sawtooth_is_one_minus_the_folded_tent(k):
    y = sawtooth(k)(GRID)
    np.testing.assert_array_equal(y, GRID if k == 0 else 1.0 - tent_power(GRID, k))
    assert y.min() == 0.0 and y.max() == 1.0  # onto [0, 1]


def test_sawtooth_20_is_exact():
    assert count_pieces(sawtooth(20), 0, 1) == 2**20


def test_without_the_factor_two_the_count_stays_at_two():
    # Layer |x - 1/2| = relu(x - 1/2) + relu(1/2 - x) maps [0, 1] into [0, 1/2]: no more folds.
    layer = ReLUNetwork([([[1.0], [-1.0]], [-0.5, 0.5]), ([[1.0, 1.0]], [0.0])])
    net = layer
    for _ in range(3):
        net = net.then(layer)
    assert net.depth == 4 and count_pieces(net, 0, 1) == 2


def test_fold_layer_folds():
    np.testing.assert_array_equal(fold_layer()(GRID), np.abs(2 * GRID - 1))


@settings(deadline=None)
@given(st.integers(1, 8), st.lists(st.floats(0, 1), min_size=1, max_size=20))
def test_layer_outputs_fold_one_layer_at_a_time(k, xs):
    a = layer_outputs(xs, k)
    assert len(a) == k
    prev = np.array(xs)
    for layer in a:
        np.testing.assert_allclose(layer, np.abs(2 * prev - 1), atol=1e-12)
        prev = layer
    np.testing.assert_allclose(a[-1], sawtooth(k)(np.array(xs)), atol=1e-12)


def test_layer_outputs_edge_cases():
    assert layer_outputs([0.3], 0) == []
    (a1,) = layer_outputs(0.25, 1)
    assert a1.tolist() == [0.5]


@pytest.mark.parametrize("k", range(0, 11))
def test_shallow_sawtooth_is_the_same_function_with_one_layer(k):
    deep, shallow = sawtooth(k), shallow_sawtooth(k)
    assert shallow.depth == 1
    assert shallow.n_neurons == 2**k
    assert count_pieces(shallow, 0, 1) == 2**k
    np.testing.assert_allclose(shallow(GRID), deep(GRID), atol=1e-9)
    # Every one-hidden-layer net with this many pieces needs >= 2**k - 1 kinks.
    assert shallow.n_neurons >= 2**k - 1


def test_shallow_sawtooth_at_the_cap():
    net = shallow_sawtooth(MAX_SHALLOW_K)
    assert net.n_neurons == 2**MAX_SHALLOW_K
    assert count_pieces(net, 0, 1) == 2**MAX_SHALLOW_K


def test_bad_k():
    for f in (sawtooth, shallow_sawtooth):
        with pytest.raises(ValueError, match="k"):
            f(-1)
        with pytest.raises(TypeError, match="k"):
            f(2.0)
        with pytest.raises(TypeError, match="k"):
            f(True)
    with pytest.raises(ValueError, match="k must be an integer with 0 <= value <= 20"):
        shallow_sawtooth(MAX_SHALLOW_K + 1)
    with pytest.raises(ValueError, match="k"):
        layer_outputs([0.5], -2)
    with pytest.raises(ValueError, match="x"):
        layer_outputs([[0.5]], 2)
    with pytest.raises(ValueError, match="x"):
        tent(np.nan)
