"""Tests of lessons.protocol: the win probability, its bootstrap, the precision rule, fair_comparison."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lessons.experiments import compare_depths, x_squared  # noqa: E402
from lessons.protocol import (  # noqa: E402
    LR_GRID,
    MIN_SEEDS,
    FairComparison,
    Win,
    bootstrap_interval,
    fair_comparison,
    one_digit,
    win_probability,
)

# Small integers give many ties, the case a vectorised count gets wrong most easily.
SAMPLES = st.lists(st.integers(0, 6).map(float), min_size=1, max_size=12)


def brute_force_win(a, b) -> float:
    """The win probability by a plain double loop over all pairs."""
    total = 0.0
    for u in a:
        for v in b:
            total += 1.0 if u < v else 0.5 if u == v else 0.0
    return total / (len(a) * len(b))


def brute_force_bootstrap(a, b, n_boot, seed, level):
    """Resample the values themselves (not their counts) and recompute with the double loop."""
    rng = np.random.default_rng(seed)
    a, b = np.asarray(a), np.asarray(b)
    reps = [brute_force_win(rng.choice(a, a.size), rng.choice(b, b.size)) for _ in range(n_boot)]
    return tuple(np.quantile(reps, [(1 - level) / 2, (1 + level) / 2]))


# ---------------------------------------------------------------- win probability


@given(SAMPLES, SAMPLES)
def test_win_probability_matches_the_double_loop(a, b):
    assert win_probability(a, b) == pytest.approx(brute_force_win(a, b), abs=1e-12)


@given(SAMPLES, SAMPLES)
def test_win_probabilities_of_the_two_sides_add_up_to_one(a, b):
    assert win_probability(a, b) + win_probability(b, a) == pytest.approx(1.0)


def test_win_probability_extremes():
    assert win_probability([1, 2], [3, 4]) == 1.0
    assert win_probability([3, 4], [1, 2]) == 0.0
    assert win_probability([5.0], [5.0]) == 0.5


@pytest.mark.parametrize("a, b, error, pattern", [
    ([], [1.0], ValueError, "a must have at least 1"),
    ([1.0], [[1.0]], ValueError, "b must be a 1-D"),
    ([np.nan], [1.0], ValueError, "a must contain only finite"),
    (["x"], [1.0], TypeError, "a must be an array of real numbers"),
])
def test_win_probability_validation_names_the_argument(a, b, error, pattern):
    with pytest.raises(error, match=pattern):
        win_probability(a, b)


# ---------------------------------------------------------------- bootstrap


@settings(max_examples=60, deadline=None)
@given(SAMPLES, SAMPLES, st.integers(0, 2**16))
def test_bootstrap_interval_contains_the_estimate_and_lies_in_0_1(a, b, seed):
    low, high = bootstrap_interval(a, b, n_boot=500, seed=seed)
    p = win_probability(a, b)
    assert 0.0 <= low <= p <= high <= 1.0


def test_bootstrap_interval_is_seeded():
    rng = np.random.default_rng(1)
    a, b = rng.normal(0.0, 1.0, 20), rng.normal(0.5, 1.0, 20)
    first = bootstrap_interval(a, b, seed=3)
    assert bootstrap_interval(a, b, seed=3) == first
    assert bootstrap_interval(a, b, seed=4) != first


def test_bootstrap_interval_agrees_with_resampling_the_values():
    rng = np.random.default_rng(2)
    a, b = rng.lognormal(0.0, 1.0, 20), rng.lognormal(0.6, 1.0, 20)
    fast = bootstrap_interval(a, b, n_boot=20_000, seed=0)
    slow = brute_force_bootstrap(a, b, n_boot=4000, seed=1, level=0.95)
    assert fast == pytest.approx(slow, abs=0.03)


def test_bootstrap_interval_narrows_with_more_seeds_and_a_lower_level():
    rng = np.random.default_rng(5)
    few = bootstrap_interval(rng.normal(0, 1, 10), rng.normal(0.5, 1, 10))
    many = bootstrap_interval(rng.normal(0, 1, 200), rng.normal(0.5, 1, 200))
    assert many[1] - many[0] < few[1] - few[0]
    a, b = rng.normal(0, 1, 30), rng.normal(0.3, 1, 30)
    wide, narrow = bootstrap_interval(a, b, level=0.99), bootstrap_interval(a, b, level=0.5)
    assert wide[0] <= narrow[0] and narrow[1] <= wide[1]


def test_complete_separation_gives_a_point_interval():
    assert bootstrap_interval([1, 2, 3], [4, 5, 6]) == (1.0, 1.0)
    assert bootstrap_interval([4, 5, 6], [1, 2, 3]) == (0.0, 0.0)


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(level=1.0), ValueError, "level"),
    (dict(level=0.0), ValueError, "level"),
    (dict(n_boot=10), ValueError, "n_boot"),
    (dict(seed=-1), ValueError, "seed"),
    (dict(n_boot=1000.0), TypeError, "n_boot"),
])
def test_bootstrap_validation_names_the_argument(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        bootstrap_interval([1.0, 2.0], [1.5, 3.0], **kwargs)


# ---------------------------------------------------------------- the precision rule


@given(st.floats(min_value=1e-9, max_value=1e6, allow_nan=False) | st.floats(min_value=-1e6, max_value=-1e-9))
def test_one_digit_keeps_one_significant_digit(value):
    text = one_digit(value)
    assert float(text) == float(f"{value:.0e}")  # the same number as Python's rounding to one digit
    digits = text.lstrip("-").split("e")[0].replace(".", "").strip("0")
    assert len(digits) == 1


def test_one_digit_notation():
    assert [one_digit(v) for v in (0.0012, 0.5, 7.0, 9400.0, 2e-4, 3e4)] == ["0.001", "0.5", "7", "9000", "2e-04", "3e+04"]
    with pytest.raises(ValueError, match="value"):
        one_digit(float("inf"))


def test_win_prints_with_the_rule():
    assert str(Win(0.7425, 0.551, 0.9, 0.95)) == "0.7 (95% interval 0.6 to 0.9)"


# ---------------------------------------------------------------- fair_comparison

SMALL = dict(budget=50, depths=(1, 2), steps=30, n_points=16, n_test=32)


@pytest.fixture(scope="module")
def small() -> FairComparison:
    return fair_comparison(x_squared, fragility=True, **SMALL)


def test_defaults_follow_the_protocol(small):
    assert MIN_SEEDS >= 20 and len(small.seeds) == MIN_SEEDS
    assert small.lrs == LR_GRID and len(LR_GRID) >= 2
    assert small.tuning_seeds == tuple(range(20, 25))
    assert not set(small.seeds) & set(small.tuning_seeds)
    assert [s.depth for s in small.shapes] == [1, 2]
    for s in small.shapes:
        assert s.test_mse.shape == s.train_mse.shape == (20,)
        q1, q2, q3 = s.quartiles
        assert s.test_mse.min() <= q1 <= q2 <= q3 <= s.test_mse.max() and q2 == s.median


def test_the_rate_is_chosen_on_tuning_seeds_by_training_loss(small):
    # Oracle: train the tuning seeds at every rate directly, pick by median training MSE.
    direct = {lr: compare_depths(x_squared, 50, depths=(1, 2), seeds=small.tuning_seeds, lr=lr, steps=30,
                                 n_points=16, n_test=32) for lr in LR_GRID}
    for s in small.shapes:
        medians = {lr: float(np.median(direct[lr].row(s.depth).train_mse)) for lr in LR_GRID}
        assert s.tuning == medians
        assert s.lr == min(LR_GRID, key=lambda lr: (medians[lr], lr))


def test_the_rule_never_sees_the_test_data():
    # Same training points, another test grid: the same rates must be chosen.
    a = fair_comparison(x_squared, **SMALL)
    b = fair_comparison(x_squared, **{**SMALL, "n_test": 50})
    assert [s.lr for s in a.shapes] == [s.lr for s in b.shapes]
    assert [s.tuning for s in a.shapes] == [s.tuning for s in b.shapes]


def test_evaluation_and_checks_equal_direct_training(small):
    for s in small.shapes:
        direct = compare_depths(x_squared, 50, depths=(s.depth,), seeds=range(20), lr=s.lr, steps=30,
                                n_points=16, n_test=32).rows[0]
        np.testing.assert_array_equal(s.test_mse, direct.test_mse)
        np.testing.assert_array_equal(s.train_mse, direct.train_mse)
        faster = compare_depths(x_squared, 50, depths=(s.depth,), seeds=range(20), lr=1.03 * s.lr, steps=30,
                                n_points=16, n_test=32).rows[0]
        np.testing.assert_array_equal(small.shape(s.depth, "lr +3%").test_mse, faster.test_mse)
        single = compare_depths(x_squared, 50, depths=(s.depth,), seeds=range(20), lr=s.lr, steps=30,
                                n_points=16, n_test=32, dtype=np.float32).rows[0]
        np.testing.assert_array_equal(small.shape(s.depth, "float32").test_mse, single.test_mse)
        assert small.shape(s.depth, "float32").row.model.params.dtype == np.float32


def test_win_uses_every_pair_and_a_reproducible_interval(small):
    deep, shallow = small.shape(2), small.shape(1)
    win = small.win(2)
    assert win.p == pytest.approx(brute_force_win(deep.test_mse, shallow.test_mse))
    assert (win.low, win.high) == bootstrap_interval(deep.test_mse, shallow.test_mse)
    assert small.win(2) == win
    assert small.win(2, on="train").p == pytest.approx(brute_force_win(deep.train_mse, shallow.train_mse))
    assert small.win(1, against=2).p == pytest.approx(1.0 - win.p)
    assert small.win(2, check="float32").p == pytest.approx(
        brute_force_win(small.shape(2, "float32").test_mse, small.shape(1, "float32").test_mse))


def test_moved_counts_the_seeds_that_changed_by_more_than_a_factor_2(small):
    for depth in (1, 2):
        tuned, other = small.shape(depth).test_mse, small.shape(depth, "lr +3%").test_mse
        expected = sum(1 for u, v in zip(tuned, other) if v > 2 * u or v < u / 2) / len(tuned)
        assert small.moved(depth, "lr +3%") == pytest.approx(expected)


def test_tables_and_plot(small):
    assert len(small.table().splitlines()) == 1 + 2 + 1  # header, two shapes, one win line
    assert small.table().splitlines()[-1].startswith("P(2 layers beat 1) = ")
    tuning = small.tuning_table().splitlines()
    assert len(tuning) == 3 and sum(line.count("*") for line in tuning) == 2  # one chosen rate per shape
    assert len(small.checks_table().splitlines()) == 1 + 3  # as tuned, lr +3%, float32
    fig, ax = plt.subplots()
    small.plot(ax)
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert [len(line.get_xdata()) for line in dots] == [20, 20]  # every seed plotted
    assert ax.get_yscale() == "log"
    plt.close(fig)


def test_no_checks_without_fragility():
    r = fair_comparison(x_squared, **SMALL)
    assert r.checks == {}
    with pytest.raises(ValueError, match="fragility=True"):
        r.checks_table()
    with pytest.raises(ValueError, match="check must be None"):
        r.shape(1, "float32")


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(seeds=19), ValueError, "seeds must hold at least 20"),
    (dict(seeds=range(20), tuning_seeds=(19, 20)), ValueError, "tuning_seeds must be separate"),
    (dict(tuning_seeds=0), ValueError, "tuning_seeds"),
    (dict(lrs=(1e-3,)), ValueError, "lrs must hold at least 2"),
    (dict(lrs=(1e-3, -1.0)), ValueError, r"lrs\[1\]"),
    (dict(lrs=0.01), TypeError, "lrs"),
    (dict(depths=(1,)), TypeError, "depths"),
    (dict(depths=(1, 1)), ValueError, "depths must be distinct"),
    (dict(depths=(1, 0)), ValueError, r"depths\[1\]"),
    (dict(budget=0), ValueError, "budget"),
    (dict(steps=0), ValueError, "steps"),
    (dict(level=1.5), ValueError, "level"),
    (dict(n_boot=5), ValueError, "n_boot"),
    (dict(fragility="yes"), TypeError, "fragility"),
    (dict(lr=0.1), TypeError, "unexpected keyword"),
    (dict(dtype=np.float32), TypeError, "unexpected keyword"),
])
def test_fair_comparison_validation_names_the_argument(kwargs, error, pattern):
    args = {**SMALL, **kwargs}
    with pytest.raises(error, match=pattern):
        fair_comparison(x_squared, **args)
