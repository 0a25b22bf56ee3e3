"""The |H| against N bound, and a simulation that must stay below it."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.bounds import (_draw, bad_sample_rate, min_samples, p_bad_bound, thresholds,
                            train_losses, true_losses)


def _union_bound(h_size: int, n: int, eps: float) -> float:
    """2 |H| exp(-2 N eps**2), computed directly (no logarithms)."""
    return 2 * h_size * math.exp(-2 * n * eps**2)


def _smallest_n(h_size: int, eps: float, delta: float) -> int:
    """The smallest N whose direct bound is at most delta, by counting up."""
    n = 0
    while _union_bound(h_size, n, eps) > delta:
        n += 1
    return n


@pytest.mark.parametrize("h_size", [1, 2, 10, 10_000, 10**6])
@pytest.mark.parametrize("n", [0, 1, 100, 500, 1000, 3000])
@pytest.mark.parametrize("eps", [0.01, 0.1, 0.3])
def test_bound_is_the_union_of_hoeffding_bounds(h_size, n, eps):
    assert p_bad_bound(h_size, n, eps) == pytest.approx(_union_bound(h_size, n, eps), rel=1e-12)


def test_the_lecture_example():
    # |H| = 10 000, eps = 0.1: 100 samples prove nothing, 500 barely, 1000 plenty
    assert round(p_bad_bound(10_000, 100, 0.1)) == 2707
    assert p_bad_bound(10_000, 500, 0.1) == pytest.approx(0.908, abs=5e-4)
    assert p_bad_bound(10_000, 1000, 0.1) == pytest.approx(4.1e-5, rel=0.01)
    assert min_samples(10_000, 0.1, 0.1) == _smallest_n(10_000, 0.1, 0.1) == 611


@pytest.mark.parametrize(("h_size", "eps", "delta"), [
    (1, 0.1, 0.5), (1, 0.5, 0.9), (10, 0.1, 0.1), (10_000, 0.1, 0.1), (10_000, 0.05, 0.01),
    (10**6, 0.2, 1e-6), (3, 0.3, 0.999), (2**40, 0.1, 0.05)])
def test_min_samples_by_counting_up(h_size, eps, delta):
    assert min_samples(h_size, eps, delta) == _smallest_n(h_size, eps, delta)


def test_bound_and_samples_move_the_right_way():
    ns = range(0, 2001, 50)
    for h_size in (1, 10, 10_000):
        bounds = [p_bad_bound(h_size, n, 0.1) for n in ns]
        assert all(a > b for a, b in zip(bounds, bounds[1:])), "more data must tighten the bound"
    sizes = [1, 2, 10, 10**3, 10**6, 2**100]
    assert all(p_bad_bound(a, 300, 0.1) < p_bad_bound(b, 300, 0.1) for a, b in zip(sizes, sizes[1:]))
    needed = [min_samples(h, 0.1, 0.1) for h in sizes]
    assert all(a < b for a, b in zip(needed, needed[1:])), f"a bigger H must need more data: {needed}"
    epss = [0.02, 0.05, 0.1, 0.2, 0.4]
    assert all(min_samples(100, a, 0.1) > min_samples(100, b, 0.1) for a, b in zip(epss, epss[1:]))
    deltas = [1e-6, 1e-3, 0.1, 0.5]
    assert all(min_samples(100, 0.1, a) > min_samples(100, 0.1, b) for a, b in zip(deltas, deltas[1:]))
    # |H| = 2**(bits x params) is far beyond a float, and still counts
    assert min_samples(2**2000, 0.1, 0.1) > min_samples(2**1000, 0.1, 0.1) > min_samples(2**40, 0.1, 0.1)
    assert p_bad_bound(2**4000, 100, 0.1) == math.inf


@settings(deadline=None)
@given(st.integers(1, 10**6), st.floats(0.01, 0.5), st.floats(1e-6, 0.5))
def test_min_samples_is_the_smallest_n_that_meets_delta(h_size, eps, delta):
    n = min_samples(h_size, eps, delta)
    assert p_bad_bound(h_size, n, eps) <= delta * (1 + 1e-12)
    assert n == 0 or p_bad_bound(h_size, n - 1, eps) > delta * (1 - 1e-12)


def test_true_losses_match_a_large_sample():
    x, y = _draw(np.random.default_rng(0), 1, 400_000, 0.1)
    t = thresholds(7)
    empirical = np.array([np.mean((x[0] >= ti) != y[0]) for ti in t])
    np.testing.assert_allclose(empirical, true_losses(7), atol=0.003)
    assert np.all(np.diff(x[0]) >= 0)  # each training set comes sorted


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 60), st.integers(1, 40), st.integers(0, 10**6))
def test_train_losses_by_brute_force(h_size, n, seed):
    x, y = _draw(np.random.default_rng(seed), 3, n, 0.1)
    t = thresholds(h_size)
    brute = np.array([[np.mean((xr >= ti) != yr) for ti in t] for xr, yr in zip(x, y)])
    np.testing.assert_allclose(train_losses(h_size, n, trials=3, seed=seed), brute, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 300), st.integers(1, 60), st.floats(0.02, 0.4), st.integers(0, 10**6))
def test_bad_rate_agrees_with_the_dense_computation(h_size, n, eps, seed):
    losses = train_losses(h_size, n, trials=50, seed=seed)
    dense = np.mean(np.abs(losses - true_losses(h_size)).max(axis=1) > eps)
    assert bad_sample_rate(h_size, n, eps, trials=50, seed=seed) == dense


@pytest.mark.parametrize(("h_size", "n"), [(1, 200), (10, 300), (100, 400), (10_000, 500), (10_000, 1000)])
def test_simulation_stays_below_the_bound(h_size, n):
    trials = 2000
    rate = bad_sample_rate(h_size, n, 0.1, trials=trials, seed=1)
    bound = p_bad_bound(h_size, n, 0.1)
    slack = 3 * math.sqrt(max(min(bound, 1.0), 1.0 / trials) / trials)
    assert rate <= min(bound, 1.0) + slack


def test_more_data_means_fewer_bad_samples():
    rates = [bad_sample_rate(1000, n, 0.1, trials=1000, seed=2) for n in (25, 50, 100, 200, 400)]
    assert rates[0] > 0.5 and rates[-1] < 0.05
    assert all(a >= b for a, b in zip(rates, rates[1:]))


def test_seeded():
    args = dict(h_size=50, n=60, eps=0.1, trials=300, seed=3)
    assert bad_sample_rate(**args) == bad_sample_rate(**args)
    a, b = train_losses(5, 20, trials=4, seed=3), train_losses(5, 20, trials=4, seed=4)
    assert not np.array_equal(a, b)


def test_no_noise_and_one_hypothesis():
    # The single threshold 0 says "1" everywhere: its loss is P(label 0) = 1/2.
    np.testing.assert_array_equal(true_losses(1, noise=0.0), [0.5])
    losses = train_losses(1, 10, trials=200, seed=0, noise=0.0)
    assert abs(losses.mean() - 0.5) < 0.05


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: p_bad_bound(0, 10, 0.1), ValueError, "h_size"),
    (lambda: p_bad_bound(10, -1, 0.1), ValueError, "n"),
    (lambda: p_bad_bound(10, 10, 1.5), ValueError, "eps"),
    (lambda: p_bad_bound(10.0, 10, 0.1), TypeError, "h_size"),
    (lambda: min_samples(10, 0.1, 0.0), ValueError, "delta"),
    (lambda: min_samples(10, 0.0, 0.1), ValueError, "eps"),
    (lambda: thresholds(0), ValueError, "h_size"),
    (lambda: true_losses(5, noise=0.6), ValueError, "noise"),
    (lambda: true_losses(5, noise=np.nan), ValueError, "noise"),
    (lambda: train_losses(5, 0), ValueError, "n"),
    (lambda: train_losses(5, 5, trials=0), ValueError, "trials"),
    (lambda: train_losses(5, 5, seed=-1), ValueError, "seed"),
    (lambda: bad_sample_rate(5, 5, 0.1, trials=0), ValueError, "trials"),
    (lambda: bad_sample_rate(5, 5, 0.1, noise=-0.1), ValueError, "noise"),
])
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_min_samples_bits_equals_min_samples_of_the_exact_set_size():
    from lessons import min_samples, min_samples_bits

    for bits in (1, 4, 8):
        for p in range(0, 60, 7):
            assert min_samples_bits(p, bits=bits) == min_samples(2 ** (bits * p), 0.1, 0.1)
            assert min_samples_bits(p, bits=bits, eps=0.05, delta=0.01) == min_samples(2 ** (bits * p), 0.05, 0.01)
    with pytest.raises(ValueError, match="bits"):
        min_samples_bits(10, bits=0)
    with pytest.raises(ValueError, match="n_params"):
        min_samples_bits(-1)
    with pytest.raises(ValueError, match="eps"):
        min_samples_bits(10, eps=1.5)
