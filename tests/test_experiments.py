"""Tests of lessons.experiments: targets, compare_depths and its report."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lessons.experiments import (
    TARGETS,
    DepthComparison,
    DepthRow,
    checkerboard,
    compare_depths,
    folded_cut,
    sawtooth8,
    x_squared,
    wiggle,
)
from lessons.training import count_params


def test_targets_values():
    x = np.linspace(0.0, 1.0, 257)
    np.testing.assert_allclose(x_squared(x), x**2)
    # 8 teeth: peaks (value 1) at odd multiples of 1/16, zeros at multiples of 1/8
    assert np.allclose(sawtooth8(np.arange(1, 16, 2) / 16), 1.0)
    assert np.allclose(sawtooth8(np.arange(0, 9) / 8), 0.0)
    np.testing.assert_allclose(wiggle(x), np.sin(16 * np.pi * x) * x)
    for name, f in TARGETS.items():
        n_in = getattr(f, "n_in", 1)
        pts = x if n_in == 1 else np.stack([x, x[::-1]], axis=1)
        y = f(pts)
        assert y.shape == (len(x),), name
        assert np.all(np.isfinite(y)), name


def test_two_input_targets():
    assert folded_cut.n_in == 2 and checkerboard.n_in == 2
    grid = np.stack(np.meshgrid(np.linspace(0, 1, 65), np.linspace(0, 1, 65)), axis=-1).reshape(-1, 2)
    fc = folded_cut(grid)
    assert fc.min() == 0.0 and fc.max() == pytest.approx(1.0)
    # folding makes the pattern symmetric about both midlines
    img = fc.reshape(65, 65)
    np.testing.assert_allclose(img, img[::-1], atol=1e-12)
    np.testing.assert_allclose(img, img[:, ::-1], atol=1e-12)
    cb = checkerboard(grid)
    assert set(np.unique(cb)) == {0.0, 1.0}
    assert cb.mean() == pytest.approx(0.5, abs=0.02)
    with pytest.raises(ValueError, match="x must have shape"):
        folded_cut(np.zeros(4))


def test_compare_depths_matches_parameters_and_reports_every_seed():
    r = compare_depths(wiggle, 395, depths=(1, 4), seeds=3, steps=200, n_points=64)
    assert isinstance(r, DepthComparison)
    assert [row.widths for row in r.rows] == [(131,), (11, 11, 10, 10)]
    for row in r.rows:
        assert row.n_params == count_params(row.widths)
        assert abs(row.n_params - 395) <= 0.02 * 395
        assert row.train_mse.shape == row.test_mse.shape == (3,)
        assert row.min <= row.median <= row.max
        assert row.model(r.x_test).shape == (3, len(r.x_test))
    assert r.row(4).depth == 4
    with pytest.raises(ValueError, match="depth must be one of"):
        r.row(2)


def test_training_beats_a_constant_and_best_depth_has_the_lowest_median():
    r = compare_depths(x_squared, 100, depths=(1, 2), seeds=3, steps=400, n_points=64)
    constant = float(np.var(r.y_test))  # the test MSE of the best constant prediction
    for row in r.rows:
        assert np.all(row.test_mse < constant / 10), row.depth
    medians = {row.depth: float(np.median(row.test_mse)) for row in r.rows}
    assert medians[r.best_depth] == min(medians.values())


def _fake_comparison(medians: dict[int, float]) -> DepthComparison:
    """A DepthComparison with given median test MSEs (no training), to test its bookkeeping."""
    rows = tuple(
        DepthRow(depth=d, widths=(1,) * d, n_params=0, train_mse=np.full(3, m), test_mse=np.array([m / 2, m, 2 * m]),
                 seconds=0.0, model=None, result=None)
        for d, m in medians.items()
    )
    empty = np.zeros(0)
    return DepthComparison(rows, 10, (0, 1, 2), 1, 1e-3, empty, empty, empty, empty)


@pytest.mark.parametrize("medians, best", [({1: 0.3, 2: 0.1, 4: 0.2}, 2), ({1: 0.1, 4: 0.2}, 1), ({1: 0.5, 4: 0.2}, 4)])
def test_best_depth_is_the_depth_with_the_lowest_median(medians, best):
    r = _fake_comparison(medians)
    assert r.best_depth == best
    assert r.row(best).median == min(medians.values())


def test_compare_depths_is_reproducible():
    kwargs = dict(depths=(1, 2), seeds=2, steps=100, n_points=32)
    a = compare_depths(x_squared, 200, **kwargs).as_dict()
    b = compare_depths(x_squared, 200, **kwargs).as_dict()
    for ra, rb in zip(a["rows"], b["rows"]):
        assert ra["test_mse"] == rb["test_mse"]
    c = compare_depths(x_squared, 200, **{**kwargs, "seeds": (7, 8)}).as_dict()
    assert c["rows"][0]["test_mse"] != a["rows"][0]["test_mse"]


def test_table_and_dict():
    r = compare_depths(x_squared, 200, depths=(1, 2), seeds=2, steps=50, n_points=32)
    lines = r.table().splitlines()
    assert len(lines) == 3
    assert lines[0].split()[:3] == ["depth", "widths", "params"]
    assert lines[1].split()[:3] == ["1", "66", "199"]
    d = r.as_dict()
    json.dumps(d)  # plain data only
    assert d["budget"] == 200 and d["seeds"] == [0, 1] and len(d["rows"]) == 2


def test_two_input_target_and_random_sampling():
    r = compare_depths(folded_cut, 200, depths=(1, 3), seeds=2, steps=50, n_points=100, n_test=400)
    assert r.x_train.shape == (100, 2) and r.x_test.shape == (400, 2)
    r = compare_depths(checkerboard, 200, depths=(2,), seeds=2, steps=20, n_points=50, sampling="random")
    assert r.x_train.shape == (50, 2)
    assert np.all((r.x_train >= 0) & (r.x_train <= 1))


def test_minibatches_and_float32():
    r = compare_depths(
        x_squared, 200, depths=(1,), seeds=2, steps=50, n_points=64, batch_size=16, dtype=np.float32
    )
    assert r.rows[0].model.params.dtype == np.float32
    assert np.all(np.isfinite(r.rows[0].test_mse))


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(target=3), TypeError, "target"),
        (dict(budget=0), ValueError, "budget"),
        (dict(depths=()), TypeError, "depths"),
        (dict(depths=(1, 0)), ValueError, r"depths\[1\]"),
        (dict(seeds=0), ValueError, "seeds"),
        (dict(steps=0), ValueError, "steps"),
        (dict(lr=-1.0), ValueError, "lr"),
        (dict(n_points=1), ValueError, "n_points"),
        (dict(lo=1.0, hi=0.0), ValueError, "hi"),
        (dict(sampling="sobol"), ValueError, "sampling"),
        (dict(target=folded_cut, n_points=50), ValueError, "n_points must be a perfect square"),
        (dict(n_in=3), ValueError, "n_in"),
        (dict(target=lambda x: x[:-1]), ValueError, "target must return one value per point"),
        (dict(target=lambda x: x / 0.0), ValueError, "target must return finite"),
        (dict(budget=25, depths=(3,)), ValueError, "budget=25"),
    ],
)
def test_compare_depths_validation_names_the_argument(kwargs, error, pattern):
    args = dict(target=x_squared, budget=100, depths=(1,), seeds=1, steps=1, n_points=16)
    args.update(kwargs)
    with np.errstate(divide="ignore", invalid="ignore"), pytest.raises(error, match=pattern):
        compare_depths(**args)
