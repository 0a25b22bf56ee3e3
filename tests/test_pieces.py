"""Exact pieces, checked against sampling and against the definition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lessons.network import ReLUNetwork
from tests.strategies import draw_network
from lessons.pieces import breakpoints, count_pieces, linear_pieces
from lessons.sawtooth import sawtooth

LO, HI = -5.0, 5.0


@st.composite
def scalar_networks(draw, max_depth=3, max_width=4):
    """1-D networks; weights are multiples of 1/4 so slopes are exact."""
    widths = [1, *draw(st.lists(st.integers(1, max_width), min_size=1, max_size=max_depth)), 1]
    return draw_network(draw, widths)


def sampled_pieces(net, lo, hi, n=40_001):
    """Count pieces from a fine grid: runs of >= 2 cells with one slope.

    A cell holding a kink has a slope in between its neighbours' and forms
    a run of one, so it is not counted. Exact when every piece spans at
    least 3 full cells.
    """
    x = np.linspace(lo, hi, n)
    d = np.diff(net(x)) / np.diff(x)
    scale = 1e-7 * max(1.0, np.abs(d).max())
    change = np.abs(np.diff(d)) > scale
    runs = np.diff(np.flatnonzero(np.concatenate(([True], change, [True]))))
    return int(np.count_nonzero(runs >= 2)), (hi - lo) / (n - 1)


def test_absolute_value():
    absx = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])
    edges, slopes, icpts = linear_pieces(absx, -1.0, 2.0)
    np.testing.assert_array_equal(edges, [-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(slopes, [-1.0, 1.0])
    np.testing.assert_array_equal(icpts, [0.0, 0.0])
    assert count_pieces(absx, 0.5, 2.0) == 1
    assert breakpoints(absx, 0.5, 2.0).size == 0


def test_a_switch_the_output_does_not_see_is_no_breakpoint():
    # Unit 2 switches at x = 1 but its outgoing weight is 0.
    dead_end = ReLUNetwork([([[1.0], [1.0]], [0.0, -1.0]), ([[1.0, 0.0]], [0.0])])
    assert count_pieces(dead_end, -2, 2) == 2
    # relu(x) - relu(x) + relu(-x): two switches at 0 cancel in part.
    cancel = ReLUNetwork([([[1.0], [1.0], [-1.0]], [0.0, 0.0, 0.0]), ([[1.0, -1.0, 1.0]], [0.0])])
    np.testing.assert_array_equal(breakpoints(cancel, -1, 1), [0.0])
    # relu(x) - relu(x): the zero function.
    zero = ReLUNetwork([([[1.0], [1.0]], [0.0, 0.0]), ([[1.0, -1.0]], [0.0])])
    assert count_pieces(zero, -1, 1) == 1
    # Two layers: the second unit switches exactly at the first one's kink.
    stacked = ReLUNetwork([([[1.0]], [0.0]), ([[1.0]], [0.0]), ([[1.0]], [0.0])])
    assert count_pieces(stacked, -1, 1) == 2


def test_networks_without_hidden_layers_are_one_piece():
    line = ReLUNetwork([([[3.0]], [1.0])])
    edges, slopes, icpts = linear_pieces(line, -1, 1)
    assert (edges.tolist(), slopes.tolist(), icpts.tolist()) == ([-1.0, 1.0], [3.0], [1.0])


@settings(max_examples=150, deadline=None)
@given(scalar_networks())
def test_pieces_are_linear_and_bend_at_every_breakpoint(net):
    """The definition: linear on each piece, and a real bend between pieces."""
    edges, slopes, icpts = linear_pieces(net, LO, HI)
    assert edges[0] == LO and edges[-1] == HI and np.all(np.diff(edges) > 0)
    assert edges.size == slopes.size + 1 == icpts.size + 1
    t = np.array([0.1, 0.37, 0.5, 0.9])
    pts = edges[:-1, None] + t * np.diff(edges)[:, None]
    fitted = slopes[:, None] * pts + icpts[:, None]
    scale = 1.0 + np.abs(fitted).max()
    np.testing.assert_allclose(net(pts.ravel()).reshape(pts.shape), fitted, atol=1e-9 * scale)
    # One-sided slopes from points near each breakpoint differ.
    h = 0.25 * np.diff(edges).min()
    for b in edges[1:-1]:
        left = (net(b) - net(b - h)) / h
        right = (net(b + h) - net(b)) / h
        assert abs(right - left) > 1e-6 * (1 + abs(left) + abs(right))


@settings(max_examples=150, deadline=None)
@given(scalar_networks())
def test_count_agrees_with_dense_sampling(net):
    edges, _, _ = linear_pieces(net, LO, HI)
    sampled, dx = sampled_pieces(net, LO, HI)
    assume(np.diff(edges).min() > 4 * dx)  # sampling can only see pieces this long
    assert count_pieces(net, LO, HI) == sampled


def test_the_sampling_check_can_fail():
    # It sees 32 pieces of sawtooth(5) and would flag an off-by-one.
    assert sampled_pieces(sawtooth(5), 0.0, 1.0, n=2**12 + 1)[0] == 32 == count_pieces(sawtooth(5), 0, 1)


@settings(max_examples=100, deadline=None)
@given(scalar_networks(max_depth=1, max_width=12))
def test_one_hidden_layer_has_at_most_n_plus_one_pieces(net):
    assert count_pieces(net, LO, HI) <= net.n_neurons + 1


@settings(max_examples=50, deadline=None)
@given(scalar_networks(), st.floats(-4, 4), st.floats(0.01, 4))
def test_sub_interval_sees_the_breakpoints_inside_it(net, lo, width):
    hi = lo + width
    inner = breakpoints(net, lo, hi)
    outer = breakpoints(net, LO, HI)
    expected = outer[(outer > lo + 1e-9) & (outer < hi - 1e-9)]
    assert inner.size >= expected.size
    for b in expected:
        assert np.min(np.abs(inner - b)) < 1e-9


def test_wide_shallow_network_is_fast_and_exact():
    # 50_000 units with kinks at k / 50_000: one hidden layer, n + 1 pieces.
    n = 50_000
    knots = np.arange(n) / n
    layers = [(np.ones((n, 1)), -knots), (np.where(np.arange(n) % 2, -1.0, 1.0)[None, :], [0.0])]
    net = ReLUNetwork(layers)
    assert count_pieces(net, -1, 2) == n + 1


def test_bad_arguments():
    absx = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])
    with pytest.raises(TypeError, match="net"):
        count_pieces(lambda x: x, 0, 1)
    with pytest.raises(ValueError, match="net"):
        count_pieces(ReLUNetwork([(np.ones((1, 2)), [0.0])]), 0, 1)
    with pytest.raises(ValueError, match="net"):
        breakpoints(ReLUNetwork([(np.ones((2, 1)), [0.0, 0.0])]), 0, 1)
    with pytest.raises(ValueError, match="hi"):
        count_pieces(absx, 1, 1)
    with pytest.raises(ValueError, match="lo"):
        linear_pieces(absx, np.nan, 1)
    with pytest.raises(TypeError, match="hi"):
        linear_pieces(absx, 0, "1")


def test_same_function_compares_pieces_exactly():
    from lessons import ReLUNetwork, same_function, sawtooth, shallow_sawtooth

    for k in range(1, 9):
        assert same_function(sawtooth(k), shallow_sawtooth(k))
        assert not same_function(sawtooth(k), sawtooth(k + 1))
    # one slope changed by one part in 2**40: a different function
    W, b = shallow_sawtooth(3).layers[-1]
    nudged = ReLUNetwork([*shallow_sawtooth(3).layers[:-1], (W * (1 + 2.0**-40), b)])
    assert not same_function(sawtooth(3), nudged)
    # equal on [0, 1], different left of 0 (the shallow net is flat there, the deep one is not)
    assert not same_function(sawtooth(2), shallow_sawtooth(2), -1.0, 1.0)
    with pytest.raises(ValueError, match="hi must be greater than lo"):
        same_function(sawtooth(1), sawtooth(1), 1.0, 0.0)
