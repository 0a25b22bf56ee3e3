"""ReLUNetwork: evaluation against a plain loop, shapes, sizes, composition, validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.network import ReLUNetwork
from tests.strategies import draw_network

ABS = [([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])]


@st.composite
def networks(draw, d_in=None, d_out=None, max_depth=3):
    """Random networks with small integer-over-4 weights."""
    widths = [d_in or draw(st.integers(1, 3))]
    widths += draw(st.lists(st.integers(1, 4), min_size=0, max_size=max_depth))
    widths.append(d_out or draw(st.integers(1, 3)))
    return draw_network(draw, widths)


def loop_forward(net, point):
    """One input vector through the layers, written with Python loops."""
    h = list(point)
    for i, (W, b) in enumerate(net.layers):
        z = [sum(W[r][c] * h[c] for c in range(len(h))) + b[r] for r in range(len(b))]
        h = z if i == len(net.layers) - 1 else [max(v, 0.0) for v in z]
    return h


@settings(max_examples=60, deadline=None)
@given(networks(), st.data())
def test_matches_a_plain_loop(net, data):
    pts = data.draw(st.lists(st.lists(st.floats(-3, 3), min_size=net.widths[0], max_size=net.widths[0]),
                             min_size=1, max_size=5))
    out = net(np.array(pts))
    assert out.shape == (len(pts), net.widths[-1])
    for row, p in zip(out, pts):
        np.testing.assert_allclose(row, loop_forward(net, p), atol=1e-12)


def test_shapes_for_one_input():
    net = ReLUNetwork(ABS)
    assert net(-2.0) == 2.0 and type(net(-2.0)) is float
    assert net(np.float64(3.0)) == 3.0
    assert net([1.0, -3.0]).shape == (2,)
    assert net(np.array([[1.0], [-3.0]])).shape == (2, 1)
    two_out = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), (np.eye(2), [0.0, 1.0])])
    assert two_out(2.0).shape == (2,)
    assert two_out([1.0, 2.0, 3.0]).shape == (3, 2)


def test_shapes_for_several_inputs():
    net = ReLUNetwork([([[1.0, 1.0]], [0.0])])
    assert net([1.0, 2.0]) == 3.0
    np.testing.assert_array_equal(net([[1.0, 2.0], [0.0, -1.0]]), [[3.0], [-1.0]])
    with pytest.raises(ValueError, match="x"):
        net([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x"):
        net(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="x"):
        net(np.zeros((2, 2, 2)))


def test_sizes_and_repr():
    net = ReLUNetwork([(np.ones((3, 1)), np.zeros(3)), (np.ones((2, 3)), np.zeros(2)),
                       (np.ones((1, 2)), np.zeros(1))])
    assert net.widths == (1, 3, 2, 1)
    assert net.depth == 2 and net.n_neurons == 5
    assert net.n_params == (3 + 3) + (6 + 2) + (2 + 1)
    assert net.n_nonzero == 3 + 6 + 2
    assert repr(net) == "ReLUNetwork(1 -> 3 -> 2 -> 1, 17 params)"
    linear = ReLUNetwork([([[2.0]], [1.0])])
    assert (linear.depth, linear.n_neurons, linear(1.0)) == (0, 0, 3.0)


def test_activations_are_the_hidden_outputs():
    net = ReLUNetwork(ABS)
    (h,) = net.activations([-2.0, 3.0])
    np.testing.assert_array_equal(h, [[0.0, 2.0], [3.0, 0.0]])
    np.testing.assert_array_equal(h.sum(axis=1), net([-2.0, 3.0]))


def test_layers_are_read_only_copies():
    W = np.array([[1.0]])
    net = ReLUNetwork([(W, [0.0])])
    W[0, 0] = 5.0
    assert net(1.0) == 1.0
    with pytest.raises(ValueError):
        net.layers[0][0][0, 0] = 2.0


@settings(max_examples=60, deadline=None)
@given(networks(d_out=2), st.data())
def test_then_is_composition(a, data):
    b = data.draw(networks(d_in=2))
    x = np.linspace(-2, 2, 7)[:, None] * np.ones(a.widths[0])
    both = a.then(b)
    np.testing.assert_allclose(both(x), b(a(x)), atol=1e-9)
    assert both.depth == a.depth + b.depth
    assert both.widths == a.widths[:-1] + b.widths[1:]


def test_then_checks_its_argument():
    net = ReLUNetwork(ABS)
    with pytest.raises(TypeError, match="other"):
        net.then(lambda x: x)
    with pytest.raises(ValueError, match="other"):
        net.then(ReLUNetwork([(np.ones((1, 2)), [0.0])]))


@pytest.mark.parametrize(("layers", "error", "match"), [
    ([], ValueError, "layers"),
    (5, TypeError, "layers"),
    ("W, b", TypeError, "layers"),
    ([([[1.0]],)], TypeError, r"layers\[0\]"),
    ([([[1.0]], [0.0, 0.0])], ValueError, r"layers\[0\] b"),
    ([([1.0], [0.0])], ValueError, r"layers\[0\] W"),
    ([(np.zeros((0, 1)), [])], ValueError, r"layers\[0\] W"),
    ([([[np.nan]], [0.0])], ValueError, r"layers\[0\] W"),
    ([([[1.0]], [np.inf])], ValueError, r"layers\[0\] b"),
    ([([[1.0]], [0.0]), (np.ones((1, 2)), [0.0])], ValueError, r"layers\[1\] W"),
    ([([["a"]], [0.0])], TypeError, r"layers\[0\] W"),
])
def test_bad_layers(layers, error, match):
    with pytest.raises(error, match=match):
        ReLUNetwork(layers)


def test_bad_input_values():
    net = ReLUNetwork(ABS)
    with pytest.raises(ValueError, match="x"):
        net([0.0, np.nan])
    with pytest.raises(TypeError, match="x"):
        net("zero")


def test_accepts_any_iterable_of_layers():
    net = ReLUNetwork(iter(ABS))
    assert net(-1.5) == 1.5
