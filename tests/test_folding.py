"""Paper cutting: folds are tent maps, and one cut makes 2**k or 4**k holes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.folding import default_cut, fold, fold_plane, paper_cut
from lessons.sawtooth import sawtooth


@settings(deadline=None)
@given(st.integers(0, 8), st.integers(0, 2**10))
def test_each_of_the_2_to_the_k_strips_lands_on_the_whole_folded_strip(k, s_num):
    s = s_num / 2**10  # dyadic, so everything is exact
    for j in range(2**k):
        x = (j + s) / 2**k
        assert fold(x, k) == (s if j % 2 == 0 else 1 - s)


def test_fold_is_the_sawtooth_turned_upside_down():
    x = np.arange(2**12 + 1) / 2**12
    for k in range(1, 8):
        np.testing.assert_array_equal(fold(x, k), 1 - sawtooth(k)(x))
    assert fold(0.3, 0) == 0.3 and type(fold(0.3, 2)) is float


def test_fold_plane_broadcasts():
    xs = np.linspace(0, 1, 5)
    X, Y = np.meshgrid(xs, xs)
    u, v = fold_plane(X, Y, 2)
    assert u.shape == v.shape == (5, 5)
    u, v = fold_plane(xs[:, None], 0.5, 1)
    assert u.shape == v.shape == (5, 1) and np.all(v == 1.0)


def disc(u, v):
    """A hole well away from every crease and edge."""
    return (u - 0.45) ** 2 + (v - 0.6) ** 2 < 0.2**2


@pytest.mark.parametrize("k", range(0, 4))
def test_one_cut_makes_four_to_the_k_holes(k):
    cells, per_cell = 2**k, 32
    side = cells * per_cell
    xs = (np.arange(side) + 0.5) / side
    X, Y = np.meshgrid(xs, xs)
    mask = paper_cut(X, Y, k, cut=disc)
    blocks = mask.reshape(cells, per_cell, cells, per_cell).transpose(0, 2, 1, 3)
    holes = 0
    for block in blocks.reshape(-1, per_cell, per_cell):
        edge = np.concatenate((block[0], block[-1], block[:, 0], block[:, -1]))
        assert not edge.any()  # each hole stays inside its cell: they are separate
        holes += int(block.any())
    assert holes == 4**k
    # Every hole is the same disc, mirrored: the same area in every cell.
    areas = blocks.reshape(-1, per_cell * per_cell).sum(axis=1)
    assert np.all(areas == areas[0])


def test_default_cut_is_mirrored_across_the_creases():
    xs = (np.arange(128) + 0.5) / 128
    X, Y = np.meshgrid(xs, xs)
    twice = paper_cut(X, Y, 2)
    half = twice[:, :64]
    np.testing.assert_array_equal(twice[:, 64:], half[:, ::-1])
    np.testing.assert_array_equal(twice[64:], twice[:64][::-1])
    once = paper_cut(X, Y, 0)
    assert 0 < once.mean() < 0.5
    assert twice.mean() == pytest.approx(once.mean(), abs=0.01)  # folding keeps the area


def test_default_cut_returns_a_mask():
    out = default_cut(np.array([0.4, 0.6]), np.array([0.3, 0.5]))
    assert out.dtype == bool and out.tolist() == [True, False]


def test_bad_arguments():
    with pytest.raises(ValueError, match="x"):
        fold(1.5, 1)
    with pytest.raises(ValueError, match="x"):
        fold([0.5, np.nan], 1)
    with pytest.raises(ValueError, match="k"):
        fold(0.5, -1)
    with pytest.raises(ValueError, match="y"):
        fold_plane(0.5, -0.1, 1)
    with pytest.raises(TypeError, match="cut"):
        paper_cut(0.5, 0.5, 1, cut="scissors")
    with pytest.raises(ValueError, match="cut"):
        paper_cut(np.zeros(3), np.zeros(3), 1, cut=lambda u, v: True)
