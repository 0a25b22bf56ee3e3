"""The |H| against N trade-off: how likely is a training set to mislead us?

A training set is "bad" if some hypothesis h in H has a training loss more
than eps away from its loss on all data. Hoeffding's inequality and a
union bound give P(bad) <= |H| * 2 exp(-2 N eps**2) for any loss in [0, 1].
``bad_sample_rate`` measures the real rate on a small synthetic problem.

>>> round(p_bad_bound(10_000, 500, 0.1), 3), min_samples(10_000, 0.1, 0.1)
(0.908, 611)
"""

from __future__ import annotations

import math

import numpy as np

from ._checks import check_int, check_open_unit, check_real

__all__ = ["p_bad_bound", "min_samples", "min_samples_bits", "thresholds", "true_losses", "train_losses",
           "bad_sample_rate"]

def p_bad_bound(h_size: int, n: int, eps: float) -> float:
    """The union bound |H| * 2 exp(-2 N eps**2) on P(the training set is bad).

    Not clipped: a value above 1 is a true statement that says nothing.
    ``h_size`` may be a huge integer (2**(bits * params)); the bound is
    computed through logarithms, and is ``inf`` when it exceeds a float.

    >>> round(p_bad_bound(10_000, 100, 0.1)), p_bad_bound(10_000, 1000, 0.1) < 1e-4
    (2707, True)
    >>> p_bad_bound(2**4000, 100, 0.1)
    inf
    """
    h_size = check_int("h_size", h_size, minimum=1)
    n = check_int("n", n, minimum=0)
    eps = check_open_unit("eps", eps)
    log_bound = math.log(h_size) + math.log(2.0) - 2.0 * n * eps**2
    return math.exp(log_bound) if log_bound < 709.0 else math.inf


def min_samples(h_size: int, eps: float, delta: float) -> int:
    """The smallest N with p_bad_bound(h_size, N, eps) <= delta: ceil(ln(2|H|/delta) / (2 eps**2)).

    ``h_size`` may be a huge integer: ``math.log`` takes it exactly.

    >>> min_samples(10_000, 0.1, 0.1), min_samples(10, 0.1, 0.1)
    (611, 265)
    >>> min_samples(2**1000, 0.1, 0.1)
    34808
    """
    h_size = check_int("h_size", h_size, minimum=1)
    eps = check_open_unit("eps", eps)
    delta = check_open_unit("delta", delta)
    return math.ceil((math.log(h_size) + math.log(2.0 / delta)) / (2.0 * eps**2))


def min_samples_bits(n_params: int, bits: int = 32, eps: float = 0.1, delta: float = 0.1) -> int:
    """``min_samples`` for the networks with ``n_params`` parameters of ``bits`` bits each.

    Such parameters can be set in at most 2**(bits * n_params) ways, so
    |H| <= 2**(bits * n_params) and ln|H| <= bits * n_params * ln 2. The
    sample size is computed from that logarithm, since |H| itself is far
    too large for a float: ceil((ln|H| + ln(2 / delta)) / (2 eps**2)).

    >>> min_samples_bits(10, bits=8), min_samples(2**80, 0.1, 0.1)
    (2923, 2923)
    >>> min_samples_bits(12289)
    13629087
    >>> min_samples_bits(1e6) == min_samples_bits(1_000_000)
    True
    """
    n_params = check_real("n_params", n_params)  # a float is fine, e.g. to draw a curve
    if n_params < 0:
        raise ValueError(f"n_params must be a non-negative number, got {n_params}")
    bits = check_int("bits", bits, minimum=1)
    eps = check_open_unit("eps", eps)
    delta = check_open_unit("delta", delta)
    log_h = bits * n_params * math.log(2.0)
    return math.ceil((log_h + math.log(2.0 / delta)) / (2.0 * eps**2))


def _check_noise(noise: float) -> float:
    noise = check_real("noise", noise)
    if not 0.0 <= noise <= 0.5:
        raise ValueError(f"noise must be a probability between 0 and 0.5, got {noise}")
    return noise


def thresholds(h_size: int) -> np.ndarray:
    """The thresholds t of H = {h_t(x) = [x >= t]}: h_size points evenly spaced on [0, 1].

    >>> thresholds(5)
    array([0.  , 0.25, 0.5 , 0.75, 1.  ])
    """
    return np.linspace(0.0, 1.0, check_int("h_size", h_size, minimum=1))


def true_losses(h_size: int, noise: float = 0.1) -> np.ndarray:
    """L(h_t, D_all) for every threshold, in closed form.

    The data: x uniform on [0, 1], label [x >= 1/2] flipped with
    probability ``noise``. h_t disagrees with the clean label on a set of
    mass |t - 1/2|, so L(h_t) = noise + (1 - 2 noise) |t - 1/2|.

    >>> true_losses(3, noise=0.1)
    array([0.5, 0.1, 0.5])
    """
    noise = _check_noise(noise)
    return noise + (1.0 - 2.0 * noise) * np.abs(thresholds(h_size) - 0.5)


def _draw(rng: np.random.Generator, trials: int, n: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """``trials`` training sets of size n, each sorted by x.

    Sorted uniforms come straight from normalised sums of exponential
    gaps (no sort needed); labels are [x >= 1/2] flipped independently.
    """
    gaps = np.cumsum(rng.exponential(size=(trials, n + 1)), axis=1)
    x = gaps[:, :n] / gaps[:, n:]
    y = (x >= 0.5) ^ (rng.random((trials, n)) < noise)
    return x, y


def _runs(t: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training errors as a step function of the threshold, one row per training set.

    h_t errs on the 1s with x < t and on the 0s with x >= t. For t between
    two sorted points, x_i < t <= x_(i+1), the count is constant:
    errors[:, i] = #0s + sum_{j <= i} (2 y_j - 1). The thresholds of that
    gap have indices first[:, i] .. last[:, i]. All shapes (trials, n + 1).
    """
    zeros = (~y).sum(axis=1, keepdims=True)
    start = np.zeros_like(zeros)
    errors = zeros + np.concatenate((start, np.cumsum(2 * y - 1, axis=1)), axis=1)
    above = np.searchsorted(t, x, side="right")  # index of the first threshold > x_i
    first = np.concatenate((start, above), axis=1)
    last = np.concatenate((above, np.full_like(zeros, t.size)), axis=1) - 1
    return errors, first, last


def train_losses(h_size: int, n: int, trials: int = 1, seed: int = 0, noise: float = 0.1) -> np.ndarray:
    """L(h_t, D_train) for every threshold on ``trials`` training sets of size n.

    Returns shape ``(trials, h_size)``. The training sets are the ones
    ``bad_sample_rate`` draws with the same seed.

    >>> train_losses(3, 4, trials=2, seed=1)
    array([[0.5 , 0.  , 0.5 ],
           [0.25, 0.  , 0.75]])
    """
    h_size = check_int("h_size", h_size, minimum=1)
    n = check_int("n", n, minimum=1)
    trials = check_int("trials", trials, minimum=1)
    rng = np.random.default_rng(check_int("seed", seed, minimum=0))
    x, y = _draw(rng, trials, n, _check_noise(noise))
    errors, first, last = _runs(thresholds(h_size), x, y)
    # Each gap's error count, repeated once per threshold inside the gap.
    return np.repeat(errors.ravel(), (last - first + 1).ravel()).reshape(trials, h_size) / n


def bad_sample_rate(h_size: int, n: int, eps: float, trials: int = 2000, seed: int = 0,
                    noise: float = 0.1) -> float:
    """Fraction of ``trials`` training sets of size n on which some h has |L_train - L_all| > eps.

    H is ``h_size`` thresholds (``thresholds``), the data as in
    ``true_losses``; the training sets are those of ``train_losses`` with
    the same seed, but the work per set grows with n, not with |H|. The
    union bound ``p_bad_bound`` must lie above this rate (up to sampling
    noise): it holds for every H and distribution, so on a given one it
    is usually loose.

    >>> bad_sample_rate(100, 100, 0.1, seed=0), round(p_bad_bound(100, 100, 0.1), 3)
    (0.264, 27.067)
    """
    h_size = check_int("h_size", h_size, minimum=1)
    n = check_int("n", n, minimum=1)
    eps = check_open_unit("eps", eps)
    trials = check_int("trials", trials, minimum=1)
    rng = np.random.default_rng(check_int("seed", seed, minimum=0))
    noise = _check_noise(noise)
    t, truth = thresholds(h_size), true_losses(h_size, noise)
    best = int(np.argmin(truth))  # truth is convex in the index: clip to find a gap's minimum
    errors, first, last = _runs(t, *_draw(rng, trials, n, noise))
    row, col = np.nonzero(first <= last)  # only gaps that hold a threshold
    train, first, last = errors[row, col] / n, first[row, col], last[row, col]
    # Within a gap the training loss is constant and the true loss convex:
    # the largest difference is at the gap's end thresholds or its lowest point.
    above = train - truth[np.clip(best, first, last)]
    below = np.maximum(truth[first], truth[last]) - train
    bad_rows = np.unique(row[np.maximum(above, below) > eps])
    return bad_rows.size / trials
