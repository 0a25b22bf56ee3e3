"""Fat and short against thin and tall: trained networks at equal parameter counts.

:func:`compare_depths` trains networks of several depths, each with about the
same number of parameters, on one target function, with several seeds each,
and reports the error of every seed.  Training decides whether depth's extra
expressive power is found: report what it measured, spread included.

Targets are plain functions.  One-input targets take an array of shape
``(N,)``; two-input targets (on the square ``[lo, hi]**2``) take ``(N, 2)``
and carry ``n_in = 2`` as an attribute.  Ready-made targets are in
:data:`TARGETS`:

>>> sorted(TARGETS)
['checkerboard', 'folded_cut', 'sawtooth8', 'wiggle', 'x_squared']

>>> result = compare_depths(x_squared, budget=100, depths=(1, 2), seeds=2, steps=200, n_points=64)
>>> [row.widths for row in result.rows], [row.n_params for row in result.rows]
([(33,), (11, 6)], [100, 101])
>>> bool(np.all(result.rows[0].test_mse < 1e-2))
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._checks import check_callable, check_int, check_interval, check_positive
from .sawtooth import tent
from .training import MLP, TrainResult, _seeds, count_params, train, widths_for_budget

__all__ = [
    "TARGETS",
    "DepthRow",
    "DepthComparison",
    "compare_depths",
    "x_squared",
    "sawtooth8",
    "wiggle",
    "folded_cut",
    "checkerboard",
]


# ---------------------------------------------------------------- targets


def _tent(x: np.ndarray, times: int) -> np.ndarray:
    """:func:`lessons.tent` applied ``times`` times (one fold of [0, 1] each)."""
    for _ in range(times):
        x = tent(x)
    return x


def x_squared(x: np.ndarray) -> np.ndarray:
    """y = x**2, the lecture's closing example.

    >>> x_squared(np.array([0.5])).tolist()
    [0.25]
    """
    return np.asarray(x, dtype=float) ** 2


def sawtooth8(x: np.ndarray) -> np.ndarray:
    """The tent map folded 4 times: 16 linear pieces, 8 teeth on [0, 1].

    A deep ReLU net with 4 layers of 2 units computes it exactly (25
    parameters); one hidden layer needs exactly 16 units (49 parameters),
    as the chapter "Deep network" proves for every 2**k pieces.

    >>> sawtooth8(np.array([0.0, 1 / 16, 1 / 8])).tolist()
    [0.0, 1.0, 0.0]
    """
    return _tent(np.asarray(x, dtype=float), 4)


def wiggle(x: np.ndarray) -> np.ndarray:
    """y = sin(16 pi x) * x: eight periods whose height grows with x.

    >>> round(float(wiggle(np.array([1 / 32]))[0]), 6)
    0.03125
    """
    x = np.asarray(x, dtype=float)
    return np.sin(16 * np.pi * x) * x


def folded_cut(x: np.ndarray) -> np.ndarray:
    """Paper cutting on [0, 1]**2: fold each side twice, then cut off one corner.

    With u, v the coordinates folded twice by the tent map, the value is
    max(0, u + v - 1): a pyramid of height 1 wherever the corner of the
    folded paper lands, 4 pyramids (16 faces) in all.  A deep ReLU network
    computes it exactly with three small layers (folds, folds, cut); one
    hidden layer must build every face of every pyramid side by side.

    >>> folded_cut(np.array([[0.25, 0.25], [0.0, 0.25], [0.5, 0.5]])).tolist()
    [1.0, 0.0, 0.0]
    """
    x = _points2(x)
    u, v = _tent(x[:, 0], 2), _tent(x[:, 1], 2)
    return np.maximum(u + v - 1.0, 0.0)


folded_cut.n_in = 2  # type: ignore[attr-defined]


def checkerboard(x: np.ndarray) -> np.ndarray:
    """A 4 x 4 checkerboard of 0s and 1s on [0, 1]**2 (the square cut in cells).

    >>> checkerboard(np.array([[0.1, 0.1], [0.3, 0.1], [0.3, 0.3]])).tolist()
    [1.0, 0.0, 1.0]
    """
    x = _points2(x)
    cells = np.floor(4 * np.clip(x, 0.0, 1.0 - 1e-12)).astype(int)
    return ((cells[:, 0] + cells[:, 1]) % 2 == 0).astype(float)


checkerboard.n_in = 2  # type: ignore[attr-defined]


def _points2(x: Any) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"x must have shape (N, 2) for a two-input target, got {x.shape}")
    return x


#: Ready-made targets by name (the key is the function's name).
TARGETS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "x_squared": x_squared,
    "sawtooth8": sawtooth8,
    "wiggle": wiggle,
    "folded_cut": folded_cut,
    "checkerboard": checkerboard,
}


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class DepthRow:
    """One depth of a comparison: its networks, their errors, the time taken.

    ``test_mse`` is measured on a dense grid of the whole domain (how well the
    function was learnt), ``train_mse`` on the training points; one entry
    per seed.  ``median``, ``min`` and ``max`` summarise ``test_mse``.

    >>> row = compare_depths(wiggle, 100, depths=(2,), seeds=3, steps=20, n_points=32).rows[0]
    >>> row.depth, row.widths, row.n_params, row.test_mse.shape
    (2, (11, 6), 101, (3,))
    >>> row.min <= row.median <= row.max
    True
    """

    depth: int
    widths: tuple[int, ...]
    n_params: int
    train_mse: np.ndarray
    test_mse: np.ndarray
    seconds: float
    model: MLP = field(repr=False)
    result: TrainResult = field(repr=False)

    @property
    def median(self) -> float:
        return float(np.median(self.test_mse))

    @property
    def min(self) -> float:
        return float(np.min(self.test_mse))

    @property
    def max(self) -> float:
        return float(np.max(self.test_mse))


@dataclass(frozen=True)
class DepthComparison:
    """What :func:`compare_depths` measured: one :class:`DepthRow` per depth.

    ``x_train``/``y_train`` and ``x_test``/``y_test`` are the data used, so a
    page can plot the target and every seed's fit (``row.model(x)``).

    >>> r = compare_depths(x_squared, 100, depths=(1, 4), seeds=2, steps=300, n_points=64)
    >>> r.row(4).widths, r.best_depth == min(r.rows, key=lambda row: float(np.median(row.test_mse))).depth
    ((5, 5, 5, 4), True)
    >>> constant = float(np.var(r.y_test))  # the test MSE of the best constant prediction
    >>> bool(np.all(r.row(1).test_mse < constant / 10))
    True
    >>> r.row(1).model(r.x_test).shape  # one curve per seed, for plotting
    (2, 2048)
    """

    rows: tuple[DepthRow, ...]
    budget: int
    seeds: tuple[int, ...]
    steps: int
    lr: float
    x_train: np.ndarray = field(repr=False)
    y_train: np.ndarray = field(repr=False)
    x_test: np.ndarray = field(repr=False)
    y_test: np.ndarray = field(repr=False)

    @property
    def best_depth(self) -> int:
        """The depth with the lowest median test MSE."""
        return min(self.rows, key=lambda r: r.median).depth

    def row(self, depth: int) -> DepthRow:
        """The row of one depth."""
        for r in self.rows:
            if r.depth == depth:
                return r
        raise ValueError(f"depth must be one of {[r.depth for r in self.rows]}, got {depth!r}")

    def table(self) -> str:
        """A plain-text table: test MSE median and range over seeds, train median.

        >>> r = compare_depths(x_squared, budget=100, depths=(1, 2), seeds=2, steps=50, n_points=32)
        >>> print(r.table().splitlines()[0])
        depth  widths        params  test MSE median      min      max  train MSE
        """
        widths = [",".join(map(str, r.widths)) for r in self.rows]
        w = max(13, *map(len, widths))  # the widths column grows with depth
        lines = [
            f"{'depth':>5}  {'widths':<{w}} {'params':>6}  {'test MSE median':>15} {'min':>8} {'max':>8}  train MSE"
        ]
        for r, text in zip(self.rows, widths):
            lines.append(
                f"{r.depth:>5}  {text:<{w}} {r.n_params:>6}  {r.median:>15.1e} {r.min:>8.1e} {r.max:>8.1e}"
                f"  {float(np.median(r.train_mse)):>9.1e}"
            )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """Plain Python data (lists, floats), e.g. for json.

        >>> r = compare_depths(x_squared, budget=100, depths=(1,), seeds=2, steps=20, n_points=16)
        >>> sorted(r.as_dict()["rows"][0])
        ['depth', 'max', 'median', 'min', 'n_params', 'seconds', 'test_mse', 'train_mse', 'widths']
        """
        return {
            "budget": self.budget,
            "seeds": list(self.seeds),
            "steps": self.steps,
            "lr": self.lr,
            "rows": [
                {
                    "depth": r.depth,
                    "widths": list(r.widths),
                    "n_params": r.n_params,
                    "train_mse": [float(v) for v in r.train_mse],
                    "test_mse": [float(v) for v in r.test_mse],
                    "median": r.median,
                    "min": r.min,
                    "max": r.max,
                    "seconds": r.seconds,
                }
                for r in self.rows
            ],
        }


# ---------------------------------------------------------------- the experiment


def _grid(n: int, n_in: int, lo: float, hi: float, name: str) -> np.ndarray:
    if n_in == 1:
        return np.linspace(lo, hi, n)
    side = math.isqrt(n)
    if side**n_in != n:
        raise ValueError(f"{name} must be a perfect square for a two-input grid, got {n}")
    axis = np.linspace(lo, hi, side)
    return np.stack([g.ravel() for g in np.meshgrid(axis, axis, indexing="xy")], axis=1)


def _evaluate(target: Callable, x: np.ndarray) -> np.ndarray:
    y = np.asarray(target(x), dtype=float)
    if y.shape != (len(x),):
        raise ValueError(f"target must return one value per point, shape ({len(x)},), got {y.shape}")
    if not np.all(np.isfinite(y)):
        raise ValueError("target must return finite values")
    return y


def compare_depths(
    target: Callable[[np.ndarray], np.ndarray],
    budget: int,
    depths: Sequence[int] = (1, 2, 4),
    seeds: int | Sequence[int] = 5,
    steps: int = 3000,
    lr: float = 3e-3,
    n_points: int = 256,
    lo: float = 0.0,
    hi: float = 1.0,
    bias_init: str = "spread",
    sampling: str = "grid",
    data_seed: int = 0,
    n_test: int = 2048,
    batch_size: int | None = None,
    n_in: int | None = None,
    dtype: Any = np.float64,
) -> DepthComparison:
    """Train networks of each depth with about ``budget`` parameters on ``target``.

    For every depth the hidden widths come from :func:`widths_for_budget`
    (equal parameters within 2%); all seeds of a depth train at once as one
    stacked :class:`MLP` with full-batch Adam (or minibatches of
    ``batch_size``).

    Data: ``n_points`` training points on ``[lo, hi]`` (or its square when the
    target has two inputs), evenly spaced (``sampling="grid"``, a
    ``sqrt(n_points)`` grid in 2-D) or uniformly random
    (``sampling="random"``, seeded by ``data_seed``); the test set is an even
    grid of about ``n_test`` points over the whole domain.  ``n_in`` defaults
    to the target's ``n_in`` attribute, else 1.  ``seeds`` is a number of
    seeds (0, 1, ...) or the seeds themselves.

    >>> r = compare_depths(sawtooth8, budget=100, depths=(1, 4), seeds=3, steps=300, n_points=128)
    >>> [(row.depth, row.widths, row.n_params) for row in r.rows]
    [(1, (33,), 100), (4, (5, 5, 5, 4), 99)]
    >>> r.row(4).test_mse.shape
    (3,)
    """
    target = check_callable("target", target)
    budget = check_int("budget", budget, minimum=1)
    if isinstance(depths, (int, str)) or not isinstance(depths, Sequence) or not depths:
        raise TypeError(f"depths must be a non-empty sequence of depths, e.g. (1, 2, 4), got {depths!r}")
    depths = tuple(check_int(f"depths[{i}]", d, minimum=1) for i, d in enumerate(depths))
    seed_list = _seeds(seeds)
    steps = check_int("steps", steps, minimum=1)
    lr = check_positive("lr", lr)
    n_points = check_int("n_points", n_points, minimum=2)
    lo, hi = check_interval(lo, hi)
    if sampling not in ("grid", "random"):
        raise ValueError(f"sampling must be 'grid' or 'random', got {sampling!r}")
    data_seed = check_int("data_seed", data_seed, minimum=0)
    n_test = check_int("n_test", n_test, minimum=2)
    n_in = getattr(target, "n_in", 1) if n_in is None else n_in
    n_in = check_int("n_in", n_in, minimum=1, maximum=2, hint="targets have one or two inputs")

    if sampling == "grid":
        x_train = _grid(n_points, n_in, lo, hi, "n_points")
    else:
        rng = np.random.default_rng(data_seed)
        x_train = rng.uniform(lo, hi, size=(n_points,) if n_in == 1 else (n_points, n_in))
    side = n_test if n_in == 1 else max(2, math.isqrt(n_test))
    x_test = _grid(side**n_in, n_in, lo, hi, "n_test")
    y_train, y_test = _evaluate(target, x_train), _evaluate(target, x_test)

    rows = []
    for depth in depths:
        widths = widths_for_budget(depth, budget, n_in=n_in)
        model = MLP(
            widths, n_in=n_in, seeds=seed_list, bias_init=bias_init, input_range=(lo, hi), dtype=dtype
        )
        start = time.perf_counter()
        result = train(model, x_train, y_train, steps=steps, lr=lr, batch_size=batch_size, seed=data_seed)
        test = model.loss(x_test, y_test)
        rows.append(
            DepthRow(
                depth=depth,
                widths=widths,
                n_params=count_params(widths, n_in=n_in),
                train_mse=result.final_loss,
                test_mse=test,
                seconds=time.perf_counter() - start,
                model=model,
                result=result,
            )
        )
    return DepthComparison(tuple(rows), budget, seed_list, steps, lr, x_train, y_train, x_test, y_test)
