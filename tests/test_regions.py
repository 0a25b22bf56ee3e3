"""Exact linear regions on the plane, checked against sampling, geometry and the formulas."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.network import ReLUNetwork
from lessons.plane import MAX_FOLDS, folding_net, max_shallow_regions, shallow_lines
from lessons.regions import Region, count_regions, linear_regions
from lessons.training import MLP
from tests.strategies import draw_network

BOX = (-2.0, 2.0, -2.0, 2.0)
UNIT = (0.0, 1.0, 0.0, 1.0)
# Grid offsets: sqrt(2) - 1 and sqrt(3) - 1.5 are independent over the rationals, so no grid
# point lies on a line with rational coefficients (every net below has them), however fine.
OFFSETS = (np.sqrt(2.0) - 1.0, np.sqrt(3.0) - 1.5)
# A unit that is exactly 0 on a region (it counts as off there) may evaluate to about 1e-16
# at a sampled point; values of the nets below are far larger wherever a unit is really on.
ON = 1e-10


@st.composite
def plane_networks(draw, max_depth=3, max_width=4):
    """Two-input networks; weights are multiples of 1/4."""
    widths = [2, *draw(st.lists(st.integers(1, max_width), min_size=1, max_size=max_depth)), 1]
    return draw_network(draw, widths)


def codes(on):
    """Each row of booleans (a pattern, at most 63 units) as one integer."""
    return on.astype(np.int64) @ (np.int64(1) << np.arange(on.shape[1], dtype=np.int64))


def grid_patterns(net, box, n=400):
    """The activation patterns seen on an n x n grid: an independent, sampled count."""
    x0, x1, y0, y1 = box
    xs = x0 + (np.arange(n) + OFFSETS[0]) * (x1 - x0) / n
    ys = y0 + (np.arange(n) + OFFSETS[1]) * (y1 - y0) / n
    X, Y = np.meshgrid(xs, ys)
    acts = net.activations(np.column_stack((X.ravel(), Y.ravel())))
    on = np.concatenate(acts, axis=1) > ON if acts else np.zeros((X.size, 0), bool)
    return set(np.unique(codes(on)).tolist())


def exact_patterns(regions):
    return set(codes(np.array([r.pattern for r in regions])).tolist())


def box_area(box):
    return (box[1] - box[0]) * (box[3] - box[2])


# ---------------------------------------------------------------- the definition


@settings(max_examples=150, deadline=None)
@given(plane_networks())
def test_regions_tile_the_box_with_convex_polygons(net):
    regions = linear_regions(net, BOX)
    assert sum(r.area for r in regions) == pytest.approx(box_area(BOX), rel=1e-9)
    for r in regions:
        assert r.area > 0
        P = r.vertices
        edges = np.roll(P, -1, axis=0) - P
        turns = edges[:, 0] * np.roll(edges[:, 1], -1) - edges[:, 1] * np.roll(edges[:, 0], -1)
        assert np.all(turns >= -1e-12), "every polygon is convex, counter-clockwise"
        assert np.all((P[:, 0] >= BOX[0] - 1e-12) & (P[:, 0] <= BOX[1] + 1e-12))
        assert np.all((P[:, 1] >= BOX[2] - 1e-12) & (P[:, 1] <= BOX[3] + 1e-12))


@settings(max_examples=150, deadline=None)
@given(plane_networks())
def test_each_region_has_its_pattern_and_affine_map_inside(net):
    regions = linear_regions(net, BOX)
    assert len(exact_patterns(regions)) == len(regions), "every region has its own pattern"
    for r in regions:
        inside = 0.5 * (r.vertices + r.centroid)  # points strictly inside the convex polygon
        pts = np.vstack((r.centroid, inside))
        expected = pts @ r.slope.T + r.intercept
        np.testing.assert_allclose(net(pts), expected, atol=1e-9 * (1 + np.abs(expected).max()))
        on = np.concatenate(net.activations(pts), axis=1) > ON
        assert np.array_equal(on, np.broadcast_to(r.pattern, on.shape))


@settings(max_examples=100, deadline=None)
@given(plane_networks())
def test_a_fine_grid_finds_no_region_the_exact_count_missed(net):
    regions = linear_regions(net, BOX)
    sampled = grid_patterns(net, BOX, n=200)
    assert sampled <= exact_patterns(regions)  # so the grid count is at most the exact count
    assert len(sampled) <= count_regions(net, BOX)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_grid_count_equals_exact_count_when_regions_are_large(k):
    net = folding_net(k)
    assert len(grid_patterns(net, UNIT, n=64)) == count_regions(net, UNIT) == 4**k


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_grid_count_equals_exact_count_for_a_few_lines(n):
    net = shallow_lines(n)
    assert len(grid_patterns(net, UNIT, n=200)) == count_regions(net, UNIT) == max_shallow_regions(n)


def test_random_networks_against_the_grid():
    """He-initialised networks: the grid never sees more; what it misses are slivers (area about 1e-8)."""
    for widths in [(12,), (6, 6), (4, 4, 4)]:
        model = MLP(widths, n_in=2, seeds=range(5))
        for i in range(5):
            net = model.network(i)
            exact, sampled = count_regions(net, UNIT), grid_patterns(net, UNIT, n=300)
            assert sampled <= exact_patterns(linear_regions(net, UNIT))
            assert len(sampled) >= 0.8 * exact


# ---------------------------------------------------------------- formulas and constructions


@pytest.mark.parametrize("n", list(range(1, 31)))
def test_n_lines_in_general_position_make_the_one_layer_maximum(n):
    net = shallow_lines(n)
    assert net.n_neurons == n
    assert count_regions(net, UNIT) == max_shallow_regions(n) == 1 + n + n * (n - 1) // 2


def test_shallow_lines_are_in_general_position_with_every_crossing_inside_the_square():
    W, b = shallow_lines(12).layers[0]
    for i, j in itertools.combinations(range(12), 2):
        p = np.linalg.solve(W[[i, j]], -b[[i, j]])
        assert np.all((0.05 < p) & (p < 0.95))
        others = np.abs(np.delete(W, [i, j], axis=0) @ p + np.delete(b, [i, j]))
        assert others.min() > 1e-6, "no third line through a crossing"


@settings(max_examples=100, deadline=None)
@given(plane_networks(max_depth=1, max_width=8))
def test_one_hidden_layer_never_exceeds_the_line_formula(net):
    assert count_regions(net, BOX) <= max_shallow_regions(net.n_neurons)


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4, 5])
def test_folding_net_cuts_the_square_into_4_to_the_k_squares(k):
    net = folding_net(k)
    regions = linear_regions(net, UNIT)
    assert (net.n_neurons, net.n_params) == (4 * k, 20 * k - 3 if k else 3)
    assert len(regions) == 4**k
    side = 2.0**-k
    for r in regions:
        lo = r.vertices.min(axis=0)
        assert r.area == pytest.approx(side**2, rel=1e-12)
        np.testing.assert_allclose(r.vertices.max(axis=0) - lo, [side, side], atol=1e-12)
        np.testing.assert_allclose(lo / side, np.round(lo / side), atol=1e-9)  # on the dyadic grid


def test_folding_net_outside_the_square_still_counts_exactly():
    # On [-1, 2]^2 the first layer's units stay as they are, later ones see |2x - 1| >= 1 outside.
    assert count_regions(folding_net(1), (-1, 2, -1, 2)) == 4
    assert count_regions(folding_net(2), (-1, 2, -1, 2)) == len(grid_patterns(folding_net(2), (-1, 2, -1, 2)))


# ---------------------------------------------------------------- degenerate cases


def lines_net(W, b, out=None):
    W = np.asarray(W, float)
    return ReLUNetwork([(W, b), (np.ones((1, len(W))) if out is None else out, [0.0])])


def test_lines_through_one_point_and_parallel_lines():
    angles = np.pi * np.arange(5) / 5
    star = lines_net(np.column_stack((np.cos(angles), np.sin(angles))), np.zeros(5))
    assert count_regions(star, BOX) == 10  # 5 lines through the origin: 2n
    parallel = lines_net(np.tile([1.0, 0.0], (5, 1)), -np.linspace(-1, 1, 5))
    assert count_regions(parallel, BOX) == 6  # n + 1


def test_lines_through_vertices_and_along_edges_add_no_slivers():
    diagonal = lines_net([[1.0, -1.0], [1.0, 1.0]], [0.0, 0.0])  # through the box's corners
    assert count_regions(diagonal, BOX) == 4
    edge = lines_net([[1.0, 0.0], [0.0, 1.0]], [2.0, -2.0])  # along x = -2 and y = 2
    (region,) = linear_regions(edge, BOX)
    assert region.pattern.tolist() == [True, False]
    outside = lines_net([[1.0, 0.0]], [-5.0])
    assert count_regions(outside, BOX) == 1


def test_duplicate_opposite_and_constant_units():
    twins = lines_net([[1.0, 2.0], [1.0, 2.0], [-1.0, -2.0]], [0.5, 0.5, -0.5])  # one line, three units
    assert count_regions(twins, BOX) == 2
    dead = lines_net([[0.0, 0.0], [1.0, 0.0]], [0.0, 0.0])  # a unit that is 0 everywhere counts as off
    assert [r.pattern.tolist() for r in linear_regions(dead, BOX)] == [[False, True], [False, False]]
    # Layer 2 reads two identical units and subtracts them: identically 0, no cut.
    cancel = ReLUNetwork([([[1.0, 0.3], [1.0, 0.3]], [0.1, 0.1]), ([[1.0, -1.0]], [0.0]), ([[1.0]], [0.0])])
    assert count_regions(cancel, BOX) == 2


def test_a_unit_that_cancels_on_a_region_is_off_there():
    # Layer 3's unit is 0.5 relu(1.5 h - 0.5) - 0.75 h + 0.25 with h = relu(y / 4): exactly 0 for y > 4/3
    # (off), positive for y < 4/3 (where h = 0, y < 0, as well).
    net = ReLUNetwork([([[0.0, 0.25]], [0.0]), ([[1.5], [0.5]], [-0.5, 1.5]), ([[0.5, -1.5]], [2.5]), ([[1.0]], [0.0])])
    regions = linear_regions(net, BOX)
    assert [r.pattern.tolist() for r in regions] == [[True, True, True, False], [True, False, True, True], [False, False, True, True]]
    assert grid_patterns(net, BOX) == exact_patterns(regions)


def test_a_cut_thinner_than_the_tolerance_is_not_made():
    sliver = lines_net([[1.0, 0.0]], [2.0 - 1e-14])  # x = -2 + 1e-14: a strip of area 4e-14
    (region,) = linear_regions(sliver, BOX)
    assert region.pattern.tolist() == [True] and region.area == pytest.approx(16.0)
    thin = lines_net([[1.0, 0.0]], [2.0 - 1e-6])
    assert count_regions(thin, BOX) == 2


def test_same_affine_map_is_not_merged():
    # relu(x) with zero outgoing weight: two activation regions, one affine function.
    silent = lines_net([[1.0, 0.0]], [0.0], out=np.zeros((1, 1)))
    regions = linear_regions(silent, BOX)
    assert len(regions) == 2
    assert all(np.array_equal(r.slope, regions[0].slope) for r in regions)


def test_networks_without_hidden_layers_and_with_several_outputs():
    (region,) = linear_regions(ReLUNetwork([([[3.0, -1.0]], [2.0])]), UNIT)
    assert region.slope.tolist() == [[3.0, -1.0]] and region.intercept.tolist() == [2.0]
    assert region.pattern.size == 0 and repr(region) == "Region(4 vertices, area 1, pattern -)"
    two_out = ReLUNetwork([([[1.0, 0.0]], [-0.5]), ([[1.0], [-2.0]], [0.0, 1.0])])
    assert [r.slope.shape for r in linear_regions(two_out, UNIT)] == [(2, 2), (2, 2)]


# ---------------------------------------------------------------- seeds and input checks


def test_seeded_networks_give_the_same_regions_every_time():
    first = [count_regions(MLP((6, 6), n_in=2, seeds=range(4)).network(i), UNIT) for i in range(4)]
    again = [count_regions(MLP((6, 6), n_in=2, seeds=range(4)).network(i), UNIT) for i in range(4)]
    alone = [count_regions(MLP((6, 6), n_in=2, seeds=(s,)).network(0), UNIT) for s in range(4)]
    assert first == again == alone
    a = linear_regions(MLP((5, 5), n_in=2, seeds=(7,)).network(0), UNIT)
    b = linear_regions(MLP((5, 5), n_in=2, seeds=(7,)).network(0), UNIT)
    assert all(np.array_equal(p.vertices, q.vertices) for p, q in zip(a, b, strict=True))


def test_bad_arguments_name_what_is_wrong():
    net = shallow_lines(3)
    with pytest.raises(TypeError, match="net must be a ReLUNetwork"):
        count_regions(lambda p: p, UNIT)
    with pytest.raises(ValueError, match="net must take 2 inputs"):
        count_regions(ReLUNetwork([([[1.0]], [0.0])]), UNIT)
    with pytest.raises(ValueError, match="net must take 2 inputs"):
        linear_regions(ReLUNetwork([(np.ones((2, 3)), [0.0, 0.0]), ([[1.0, 1.0]], [0.0])]), UNIT)
    with pytest.raises(ValueError, match="layers.0. W must contain only finite"):
        ReLUNetwork([([[np.nan, 1.0]], [0.0])])  # a network never holds non-finite weights
    with pytest.raises(ValueError, match="box must be .x_lo, x_hi, y_lo, y_hi."):
        count_regions(net, (0, 1, 0))
    with pytest.raises(ValueError, match="box must have x_lo < x_hi and y_lo < y_hi"):
        count_regions(net, (1, 0, 0, 1))
    with pytest.raises(ValueError, match="box must have x_lo < x_hi"):
        count_regions(net, (0, 1, 0.5, 0.5))
    with pytest.raises(ValueError, match="box must contain only finite"):
        count_regions(net, (0, np.inf, 0, 1))
    with pytest.raises(ValueError, match="box must be a 1-D array"):
        count_regions(net, [[0, 1], [0, 1]])
    with pytest.raises(TypeError, match="box"):
        count_regions(net, "0 1 0 1")
    with pytest.raises(ValueError, match="n must be a positive integer"):
        shallow_lines(0)
    with pytest.raises(ValueError, match="n must be a non-negative integer"):
        max_shallow_regions(-1)
    with pytest.raises(ValueError, match="k must be an integer with 0 <= value"):
        folding_net(MAX_FOLDS + 1)
    with pytest.raises(TypeError, match="k must be"):
        folding_net(2.0)


def test_region_is_a_plain_record():
    r = Region(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.array([True, False]), np.zeros((1, 2)), np.zeros(1))
    assert r.area == 0.5 and repr(r) == "Region(3 vertices, area 0.5, pattern 10)"
    np.testing.assert_allclose(r.centroid, [1 / 3, 1 / 3])
