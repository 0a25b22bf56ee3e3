"""One hidden layer through given points: exact knots, hard sigmoids, fitting error."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.activations import hard_sigmoid
from lessons.hidden_layer import hard_sigmoid_terms, piecewise_to_relu, relu_fit, sup_error
from lessons.pieces import breakpoints, count_pieces
from lessons.square import square_error


@st.composite
def knots(draw, min_size=2, max_size=12):
    """Strictly increasing xs (gaps >= 0.01) and arbitrary ys."""
    n = draw(st.integers(min_size, max_size))
    gaps = draw(st.lists(st.floats(0.01, 3), min_size=n - 1, max_size=n - 1))
    x0 = draw(st.floats(-5, 5))
    xs = x0 + np.concatenate(([0.0], np.cumsum(gaps)))
    ys = np.array(draw(st.lists(st.floats(-10, 10), min_size=n, max_size=n)))
    return xs, ys


def scale(ys):
    return 1.0 + np.abs(ys).max()


@settings(max_examples=150, deadline=None)
@given(knots(), st.booleans())
def test_goes_through_every_knot_and_is_linear_between(data, extrapolate):
    xs, ys = data
    net = piecewise_to_relu(xs, ys, extrapolate=extrapolate)
    assert net.depth <= 1
    assert net.n_neurons <= xs.size + (1 if extrapolate else 0)
    tol = 1e-9 * scale(ys) * (1 + np.abs(xs).max())
    np.testing.assert_allclose(net(xs), ys, atol=tol)
    between = np.sort(np.random.default_rng(0).uniform(xs[0], xs[-1], 50))
    np.testing.assert_allclose(net(between), np.interp(between, xs, ys), atol=tol)


@settings(max_examples=100, deadline=None)
@given(knots())
def test_extrapolation(data):
    xs, ys = data
    m0 = (ys[1] - ys[0]) / (xs[1] - xs[0])
    m1 = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
    tol = 1e-8 * scale(ys) * (1 + np.abs(xs).max()) * (1 + abs(m0) + abs(m1))
    linear = piecewise_to_relu(xs, ys)
    assert linear(xs[0] - 2.0) == pytest.approx(ys[0] - 2.0 * m0, abs=tol)
    assert linear(xs[-1] + 2.0) == pytest.approx(ys[-1] + 2.0 * m1, abs=tol)
    flat = piecewise_to_relu(xs, ys, extrapolate=False)
    assert flat(xs[0] - 2.0) == pytest.approx(ys[0], abs=tol)
    assert flat(xs[-1] + 2.0) == pytest.approx(ys[-1] + 2.0 * m1, abs=tol)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 16), min_size=2, max_size=12), st.data())
def test_breakpoints_are_the_kinks(gaps, data):
    # Knots on a grid of 1/8 and small integer values: slopes are exact, and
    # a knot is a kink exactly when the slope changes.
    xs = np.concatenate(([0.0], np.cumsum(gaps))) / 8
    ys = np.array(data.draw(st.lists(st.integers(-3, 3), min_size=xs.size, max_size=xs.size)), float)
    net = piecewise_to_relu(xs, ys)
    m = np.diff(ys) / np.diff(xs)
    bends = np.diff(m) != 0
    found = breakpoints(net, xs[0] - 1, xs[-1] + 1)
    np.testing.assert_allclose(found, xs[1:-1][bends], atol=1e-9)
    # One unit per kink, plus two for the line through the first segment.
    assert net.n_neurons == int(bends.sum()) + (2 if m[0] != 0 else 0)


def test_units_with_zero_weight_are_left_out():
    net = piecewise_to_relu([0, 1, 2, 3], [0, 0, 0, 5])
    assert net.n_neurons == 1 and count_pieces(net, -1, 4) == 2
    const = piecewise_to_relu([0, 1], [2, 2])
    assert const.depth == 0 and const(7.0) == 2.0


@settings(max_examples=100, deadline=None)
@given(knots())
def test_hard_sigmoid_terms_sum_to_the_curve(data):
    xs, ys = data
    const, terms = hard_sigmoid_terms(xs, ys)
    assert len(terms) == xs.size - 1
    x = np.linspace(xs[0], xs[-1], 97)
    total = const + sum(hard_sigmoid(x, *t) for t in terms)
    np.testing.assert_allclose(total, np.interp(x, xs, ys), atol=1e-9 * scale(ys) * (1 + np.abs(xs).max()))
    assert all(type(v) is float for t in terms for v in t) and type(const) is float


@pytest.mark.parametrize("n", [1, 2, 5, 16, 100])
def test_relu_fit_of_the_square_errs_by_a_quarter_of_h_squared(n):
    # Interpolating x**2 on pieces of length h = 1/n misses by h**2 / 4 at midpoints.
    net = relu_fit(lambda x: x**2, n)
    assert net.n_neurons == n
    assert square_error(net) == pytest.approx(1 / (4 * n * n), rel=1e-9)
    assert sup_error(lambda x: x**2, net, samples=2 * n + 1) == pytest.approx(1 / (4 * n * n), rel=1e-9)


def test_error_falls_like_one_over_n_squared_for_a_smooth_function():
    ns = np.array([8, 16, 32, 64, 128])
    errors = [sup_error(np.sin, relu_fit(np.sin, n, 0.0, math.pi), 0.0, math.pi) for n in ns]
    slope = np.polyfit(np.log(ns), np.log(errors), 1)[0]
    assert -2.1 < slope < -1.9
    # h**2 / 8 * max|sin''| is the interpolation error bound; it is nearly reached.
    assert np.all(np.array(errors) <= (math.pi / ns) ** 2 / 8)
    assert errors[-1] > 0.9 * (math.pi / ns[-1]) ** 2 / 8


def test_relu_fit_accepts_scalar_functions():
    net = relu_fit(math.sin, 8, 0.0, math.pi)
    knots = np.linspace(0, math.pi, 9)
    np.testing.assert_allclose(net(knots), np.sin(knots), atol=1e-12)
    assert sup_error(math.sin, net, 0.0, math.pi) < 0.02


def test_sup_error_includes_the_breakpoints():
    net = piecewise_to_relu([0.0, 0.3, 1.0], [0.0, 1.0, 0.0])
    # The peak at 0.3 is not on a 3-point grid; the error to 0 is still 1.
    assert sup_error(lambda x: 0 * x, net, samples=3) == 1.0


@pytest.mark.parametrize(("xs", "ys", "error", "match"), [
    ([0.0], [1.0], ValueError, "xs"),
    ([0.0, 0.0], [1.0, 2.0], ValueError, "xs"),
    ([1.0, 0.0], [1.0, 2.0], ValueError, "xs"),
    ([0.0, np.nan], [1.0, 2.0], ValueError, "xs"),
    ([0.0, 1.0], [1.0, np.inf], ValueError, "ys"),
    ([0.0, 1.0], [1.0, 2.0, 3.0], ValueError, "ys"),
    ([[0.0, 1.0]], [1.0, 2.0], ValueError, "xs"),
    (["a", "b"], [1.0, 2.0], TypeError, "xs"),
    ([[0.0, 1.0], [2.0]], [1.0, 2.0], TypeError, "xs"),
])
def test_bad_knots(xs, ys, error, match):
    with pytest.raises(error, match=match):
        piecewise_to_relu(xs, ys)
    with pytest.raises(error, match=match):
        hard_sigmoid_terms(xs, ys)


def test_bad_arguments():
    with pytest.raises(TypeError, match="extrapolate"):
        piecewise_to_relu([0, 1], [0, 1], extrapolate="no")
    with pytest.raises(ValueError, match="n"):
        relu_fit(np.sin, 0)
    with pytest.raises(TypeError, match="n"):
        relu_fit(np.sin, 2.5)
    with pytest.raises(TypeError, match="n must be a positive integer, got list"):
        relu_fit(np.sin, list(range(100)))
    with pytest.raises(TypeError, match="f"):
        relu_fit("sin", 3)
    with pytest.raises(ValueError, match="hi"):
        relu_fit(np.sin, 3, 1.0, 0.0)
    with pytest.raises(ValueError, match=r"f\(x\)"), np.errstate(divide="ignore"):
        relu_fit(np.log, 3)  # log(0) = -inf
    net = relu_fit(np.sin, 3)
    with pytest.raises(ValueError, match="samples"):
        sup_error(np.sin, net, samples=1)
