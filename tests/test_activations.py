"""Activations: values, types, stability and the two-ReLU hard sigmoid."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.activations import hard_sigmoid, relu, sigmoid

finite = st.floats(-1e6, 1e6, allow_nan=False)


def test_scalars_give_python_floats():
    assert type(relu(-1.0)) is float and relu(-1.0) == 0.0
    assert type(relu(3)) is float and relu(3) == 3.0
    assert type(sigmoid(0)) is float and sigmoid(0) == 0.5
    assert type(hard_sigmoid(0.5, 0, 1)) is float


def test_arrays_keep_their_shape():
    x = np.array([[-1.0, 2.0], [0.5, -0.0]])
    assert relu(x).shape == (2, 2)
    np.testing.assert_array_equal(relu(x), [[0.0, 2.0], [0.5, 0.0]])
    assert sigmoid(x).shape == (2, 2)


@settings(deadline=None)
@given(finite)
def test_relu_is_max_with_zero(x):
    assert relu(x) == max(x, 0.0)


def test_sigmoid_matches_the_formula_and_never_overflows():
    x = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-13)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = sigmoid(np.array([-1e300, -800.0, 800.0, 1e300]))
    np.testing.assert_array_equal(big, [0.0, 0.0, 1.0, 1.0])


@settings(deadline=None)
@given(st.floats(-700, 700))
def test_sigmoid_symmetry_and_range(x):
    s = sigmoid(x)
    assert 0.0 <= s <= 1.0
    assert abs(sigmoid(-x) - (1.0 - s)) < 1e-15


@settings(deadline=None)
@given(finite, st.floats(-100, 100), st.floats(1e-3, 100),
       st.floats(-100, 100, allow_subnormal=False))  # subnormal heights lose all precision
def test_hard_sigmoid_is_a_clipped_ramp(x, start, length, height):
    end = start + length
    expected = height * min(max((x - start) / (end - start), 0.0), 1.0)
    # Two ReLUs of size |x| cancel: rounding grows with |x| / (end - start).
    slack = 8 * np.finfo(float).eps * abs(height) * (abs(x) + abs(start) + abs(end)) / length
    assert abs(hard_sigmoid(x, start, end, height) - expected) <= slack + 1e-12 * abs(height)


def test_hard_sigmoid_is_flat_outside_the_ramp():
    y = hard_sigmoid(np.array([-5.0, 0.0, 1.0, 2.0, 7.0]), start=1.0, end=2.0, height=3.0)
    np.testing.assert_array_equal(y, [0.0, 0.0, 0.0, 3.0, 3.0])


@pytest.mark.parametrize("f", [relu, sigmoid])
def test_bad_x(f):
    with pytest.raises(ValueError, match="x"):
        f([1.0, np.nan])
    with pytest.raises(ValueError, match="x"):
        f(np.inf)
    with pytest.raises(TypeError, match="x"):
        f("one")


def test_bad_hard_sigmoid_arguments():
    with pytest.raises(ValueError, match="end"):
        hard_sigmoid(0.0, start=1.0, end=1.0)
    with pytest.raises(ValueError, match="start"):
        hard_sigmoid(0.0, start=np.nan, end=1.0)
    with pytest.raises(ValueError, match="height"):
        hard_sigmoid(0.0, 0.0, 1.0, height=np.inf)
    with pytest.raises(TypeError, match="height"):
        hard_sigmoid(0.0, 0.0, 1.0, height="tall")
