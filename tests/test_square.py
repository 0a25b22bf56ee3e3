"""y = x**2: Yarotsky's deep network against the shallow bound."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.hidden_layer import piecewise_to_relu
from lessons.network import ReLUNetwork
from lessons.pieces import breakpoints, count_pieces
from lessons.square import (deep_square_size, shallow_square, shallow_square_size, square_approx,
                            square_error, square_level)

GRID = np.arange(2**16 + 1) / 2**16


@pytest.mark.parametrize("m", range(0, 11))
def test_error_is_exactly_two_to_the_minus_2m_minus_2(m):
    assert square_error(m) == 2.0 ** (-2 * m - 2)


@pytest.mark.parametrize("m", range(0, 11))
def test_f_m_is_the_interpolant_of_x_squared(m):
    net = square_approx(m)
    knots = np.arange(2**m + 1) / 2**m
    np.testing.assert_array_equal(net(GRID), np.interp(GRID, knots, knots**2))
    np.testing.assert_array_equal(breakpoints(net, 0, 1), knots[1:-1])
    assert count_pieces(net, 0, 1) == 2**m
    # Sampling agrees: the dyadic grid holds every midpoint.
    assert np.max(np.abs(net(GRID) - GRID**2)) == square_error(m)


@pytest.mark.parametrize("m", [0, 1, 5, 30])
def test_three_relus_per_level(m):
    net = square_approx(m)
    assert (net.depth, net.n_neurons) == (m, 3 * m)
    assert net.n_params == (0 if m == 0 else 12 * m - 2) + (2 if m == 0 else 0)


def test_level_keeps_its_promise():
    g, f = 0.3, 0.09
    out = square_level(2)([g, f])
    assert out[0] == pytest.approx(1 - abs(2 * g - 1))
    assert out[1] == pytest.approx(f - (1 - abs(2 * g - 1)) / 16)


def test_square_error_of_any_network():
    # The chord of x**2 on [0, 1] misses by 1/4 at x = 1/2.
    chord = ReLUNetwork([([[1.0]], [0.0])])
    assert square_error(chord) == 0.25
    # The zero function misses by 1 at x = 1.
    assert square_error(ReLUNetwork([([[0.0]], [0.0])])) == 1.0


@pytest.mark.parametrize("eps", [0.3, 0.1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6])
def test_deep_size_is_the_smallest_level_that_reaches_eps(eps):
    m, neurons, params = deep_square_size(eps)
    assert square_error(m) <= eps
    assert m == 0 or square_error(m - 1) > eps
    net = square_approx(m)
    assert (neurons, params) == (net.n_neurons, net.n_params)


def test_the_lecture_numbers():
    assert deep_square_size(1e-6) == (9, 27, 106)
    assert shallow_square_size(1e-6) == 353


@pytest.mark.parametrize("eps", [0.9, 0.5, 0.3, 0.1, 1 / 32, 1e-2, 1e-3, 1e-4, 1e-6])
def test_shallow_construction_reaches_eps_with_at_most_one_extra_relu(eps):
    net = shallow_square(eps)
    lower = shallow_square_size(eps)
    assert net.depth == 1
    assert square_error(net) <= eps * (1 + 1e-12)
    assert 0 <= net.n_neurons - lower <= 1
    # One ReLU fewer and the construction's error formula misses eps.
    n = net.n_neurons
    assert n == 1 or Fraction(1, 8) / Fraction(2 * n - 1, 2) ** 2 > Fraction(eps)


@pytest.mark.parametrize("eps", [0.3, 0.1, 1e-2, 1e-4, 1e-6])
def test_shallow_lower_bound_is_tight_as_a_bound(eps):
    n = shallow_square_size(eps)
    if n > 0:
        assert Fraction(1, 8 * (n + 1) ** 2) <= Fraction(eps)
    if n > 1:
        assert Fraction(1, 8 * n**2) > Fraction(eps)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 1.0), min_size=1, max_size=12), st.data())
def test_no_function_with_p_pieces_beats_one_over_8_p_squared(gaps, data):
    """The lemma behind shallow_square_size, on random continuous piecewise-linear functions."""
    xs = np.concatenate(([0.0], np.cumsum(gaps)))
    xs /= xs[-1]
    ys = np.array(data.draw(st.lists(st.floats(-0.5, 1.5), min_size=xs.size, max_size=xs.size)))
    net = piecewise_to_relu(xs, ys)
    p = count_pieces(net, 0, 1)
    assert square_error(net) >= 1 / (8 * p**2) * (1 - 1e-9)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10), st.data())
def test_one_hidden_layer_with_n_relus_errs_by_at_least_the_bound(n, data):
    w = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n)))
    b = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n)))
    v = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n)))
    c = data.draw(st.floats(-1, 1))
    net = ReLUNetwork([(w[:, None], b), (v[None, :], [c])])
    assert square_error(net) >= 1 / (8 * (n + 1) ** 2) * (1 - 1e-9)


def test_bad_arguments():
    with pytest.raises(ValueError, match="m"):
        square_approx(-1)
    with pytest.raises(TypeError, match="m"):
        square_error(1.5)
    with pytest.raises(ValueError, match="s"):
        square_level(0)
    for f in (deep_square_size, shallow_square_size, shallow_square):
        with pytest.raises(ValueError, match="eps"):
            f(0.0)
        with pytest.raises(ValueError, match="eps"):
            f(1.0)
        with pytest.raises(TypeError, match="eps"):
            f("small")
    with pytest.raises(ValueError, match="net"):
        square_error(ReLUNetwork([(np.ones((1, 2)), [0.0])]))
