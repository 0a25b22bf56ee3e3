"""One protocol for every trained comparison of network shapes.

A trained network depends on its seed, and a handful of seeds can tell
almost any story. So every comparison that trains networks of different
shapes follows the same rules, fixed before any result is seen, and
:func:`fair_comparison` is the one function that applies them:

1. **Seeds.** At least 20 evaluation seeds per shape (:data:`MIN_SEEDS`),
   trained as one stacked array.
2. **Learning rate.** Each shape gets its own rate from a small grid
   (:data:`LR_GRID`, by default 1e-3, 3e-3 and 1e-2), chosen by a rule that
   sees no test data: the lowest median final *training* MSE over a separate
   set of tuning seeds (5 by default, numbered after the evaluation seeds).
   A tie goes to the smaller rate.
3. **Report.** Quartiles of the test MSE over the evaluation seeds, every
   seed plotted, and the probability that a random run of one shape beats
   (ends with a lower test MSE than) a random run of another, with a
   bootstrap interval (:func:`win_probability`, :func:`bootstrap_interval`).
4. **Fragility** (``fragility=True``). The same evaluation seeds trained
   again with every chosen learning rate 3 % higher, and again in float32.

Every number measured on trained networks is printed with one significant
digit (:func:`one_digit`): across machines, training can change the second.

>>> r = fair_comparison(x_squared, budget=50, depths=(1, 2), steps=40, n_points=16, n_test=64)
>>> [s.widths for s in r.shapes], len(r.seeds), r.tuning_seeds
([(16,), (7, 4)], 20, (20, 21, 22, 23, 24))
>>> 0.0 <= r.win(2).p <= 1.0
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import experiments as _experiments  # called through the module: the build may keep its results
from ._checks import check_finite_array, check_int, check_open_unit, check_positive, check_real
from .experiments import DepthRow, x_squared  # noqa: F401  (x_squared: the docstring examples)
from .style import PALETTE
from .training import _seeds

__all__ = [
    "LR_GRID",
    "MIN_SEEDS",
    "one_digit",
    "win_probability",
    "bootstrap_interval",
    "Win",
    "ShapeResult",
    "FairComparison",
    "fair_comparison",
]

#: The default learning-rate grid: three rates, about a factor of 3 apart.
LR_GRID = (1e-3, 3e-3, 1e-2)
#: The least number of evaluation seeds per shape.
MIN_SEEDS = 20
#: The checks that ``fragility=True`` runs: (name, learning-rate factor, dtype).
_CHECKS = (("lr +3%", 1.03, np.float64), ("float32", 1.0, np.float32))


# ---------------------------------------------------------------- printing


def one_digit(value: float) -> str:
    """``value`` with one significant digit: the book's rule for trained results.

    Plain notation from 0.001 to 9000, powers of ten outside.

    >>> [one_digit(v) for v in (0.0734, 0.96, 12.8, 3.1e-05, 0.0, -0.25)]
    ['0.07', '1', '10', '3e-05', '0', '-0.2']
    """
    value = check_real("value", value)
    if value == 0:
        return "0"
    text = f"{value:.0e}"  # one significant digit, correctly rounded, e.g. '7e-02'
    exponent = int(text.split("e")[1])
    if -3 <= exponent <= 3:
        return f"{float(text):.{max(0, -exponent)}f}"
    return text


# ---------------------------------------------------------------- statistics


def _two_samples(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    return (check_finite_array("a", a, ndim=1, min_size=1), check_finite_array("b", b, ndim=1, min_size=1))


def _wins(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """1 where a[i] < b[j], 1/2 where they are equal, 0 otherwise: shape (len(a), len(b))."""
    return (a[:, None] < b[None, :]) + 0.5 * (a[:, None] == b[None, :])


def win_probability(a: Any, b: Any) -> float:
    """How often a random value of ``a`` is lower than a random value of ``b``.

    The fraction of all pairs ``(a[i], b[j])`` with ``a[i] < b[j]``, a tie
    counting one half. With test errors of two shapes, one per seed, it is
    the probability that a random run of the first shape beats a random run
    of the second: 1 if every run of ``a`` beats every run of ``b``, 1/2 if
    neither shape tends to win.

    >>> win_probability([1, 2, 3, 4], [2.5, 5])
    0.75
    >>> win_probability([1, 2], [1, 2])
    0.5
    """
    a, b = _two_samples(a, b)
    return float(_wins(a, b).mean())


def bootstrap_interval(a: Any, b: Any, level: float = 0.95, n_boot: int = 2000,
                       seed: int = 0) -> tuple[float, float]:
    """A percentile bootstrap interval for ``win_probability(a, b)``.

    Each of ``n_boot`` replicates draws ``len(a)`` values of ``a`` and
    ``len(b)`` values of ``b`` with replacement and recomputes the win
    probability; the interval holds the central ``level`` of the
    replicates. Seeded, so the same call gives the same interval. It
    describes the spread over seeds of *this* training recipe: another
    machine, rate or precision is another recipe.

    >>> bootstrap_interval([1, 2, 3, 4], [2.5, 5, 6, 7])
    (0.5, 1.0)
    >>> bootstrap_interval([1, 2], [3, 4])  # complete separation: no spread
    (1.0, 1.0)
    """
    a, b = _two_samples(a, b)
    level = check_open_unit("level", level)
    n_boot = check_int("n_boot", n_boot, minimum=100, hint="fewer replicates give a noisy interval")
    seed = check_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    # How often each value is drawn: a multinomial count per replicate.
    count_a = rng.multinomial(a.size, np.full(a.size, 1.0 / a.size), size=n_boot)
    count_b = rng.multinomial(b.size, np.full(b.size, 1.0 / b.size), size=n_boot)
    replicates = np.einsum("ri,ij,rj->r", count_a, _wins(a, b), count_b) / (a.size * b.size)
    low, high = np.quantile(replicates, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    return float(low), float(high)


@dataclass(frozen=True)
class Win:
    """A win probability ``p`` with its bootstrap interval ``[low, high]``.

    >>> print(Win(0.7425, 0.55, 0.9, 0.95))
    0.7 (95% interval 0.6 to 0.9)
    """

    p: float
    low: float
    high: float
    level: float

    def __str__(self) -> str:
        return f"{one_digit(self.p)} ({self.level:.0%} interval {one_digit(self.low)} to {one_digit(self.high)})"


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class ShapeResult:
    """One shape of a :class:`FairComparison`, trained at its chosen rate.

    ``tuning`` maps every learning rate of the grid to the median final
    training MSE over the tuning seeds; ``lr`` is the rate the rule chose
    (for a fragility check, the rate actually used). ``train_mse`` and
    ``test_mse`` hold one value per evaluation seed. ``row`` keeps the
    trained networks (``row.model``) and their learning curves
    (``row.result``).
    """

    depth: int
    widths: tuple[int, ...]
    n_params: int
    lr: float
    tuning: dict[float, float]
    train_mse: np.ndarray
    test_mse: np.ndarray
    row: DepthRow = field(repr=False)

    @property
    def label(self) -> str:
        """The shape as "layers × widths", e.g. ``1 × 131`` or ``4 × 11,11,10,10``."""
        return f"{self.depth} × {','.join(map(str, self.widths))}"

    @property
    def quartiles(self) -> tuple[float, float, float]:
        """First quartile, median and third quartile of the test MSE over the seeds."""
        q1, q2, q3 = np.quantile(self.test_mse, [0.25, 0.5, 0.75])
        return float(q1), float(q2), float(q3)

    @property
    def median(self) -> float:
        """Median test MSE over the seeds."""
        return float(np.median(self.test_mse))


@dataclass(frozen=True)
class FairComparison:
    """What :func:`fair_comparison` measured.

    ``shapes`` holds one :class:`ShapeResult` per depth, shallowest first;
    ``checks`` maps the name of each fragility check (``"lr +3%"``,
    ``"float32"``) to the same shapes trained that way. The data are kept
    for plotting fits (``shape.row.model(x_test)``).
    """

    shapes: tuple[ShapeResult, ...]
    checks: dict[str, tuple[ShapeResult, ...]]
    budget: int
    seeds: tuple[int, ...]
    tuning_seeds: tuple[int, ...]
    lrs: tuple[float, ...]
    steps: int
    level: float
    n_boot: int
    x_train: np.ndarray = field(repr=False)
    y_train: np.ndarray = field(repr=False)
    x_test: np.ndarray = field(repr=False)
    y_test: np.ndarray = field(repr=False)

    def shape(self, depth: int, check: str | None = None) -> ShapeResult:
        """The result of one depth, as tuned or (``check``) from a fragility check."""
        if check is None:
            shapes = self.shapes
        elif check in self.checks:
            shapes = self.checks[check]
        else:
            raise ValueError(f"check must be None or one of {sorted(self.checks)}, got {check!r}")
        for s in shapes:
            if s.depth == depth:
                return s
        raise ValueError(f"depth must be one of {[s.depth for s in shapes]}, got {depth!r}")

    def win(self, depth: int, against: int | None = None, on: str = "test",
            check: str | None = None) -> Win:
        """How likely a random run of ``depth`` beats a random run of ``against``.

        "Beats" means a lower MSE on the test grid (``on="test"``) or on the
        training points (``on="train"``). ``against`` defaults to the
        shallowest shape. The interval is :func:`bootstrap_interval` at the
        comparison's ``level`` and ``n_boot``, seeded, so it is reproducible.
        """
        if on not in ("test", "train"):
            raise ValueError(f"on must be 'test' or 'train', got {on!r}")
        against = self.shapes[0].depth if against is None else against
        mine, theirs = self.shape(depth, check), self.shape(against, check)
        a, b = (getattr(s, f"{on}_mse") for s in (mine, theirs))
        low, high = bootstrap_interval(a, b, level=self.level, n_boot=self.n_boot)
        return Win(win_probability(a, b), low, high, self.level)

    def tuning_table(self) -> str:
        """Median training MSE over the tuning seeds at every rate; ``*`` marks the rate chosen."""
        w = self._label_width()
        head = f"{'shape':<{w}} " + " ".join(f"{'lr ' + format(lr, 'g'):>10}" for lr in self.lrs)
        lines = [head]
        for s in self.shapes:
            cells = [(one_digit(s.tuning[lr]) + ("*" if lr == s.lr else " ")) for lr in self.lrs]
            lines.append(f"{s.label:<{w}} " + " ".join(f"{c:>10}" for c in cells).rstrip())
        return "\n".join(lines)

    def _label_width(self) -> int:
        return max(16, *(len(s.label) for s in self.shapes))

    def table(self) -> str:
        """Per shape: parameters, chosen rate, test MSE quartiles and extremes, median training MSE.

        Then, for every deeper shape, the probability that it beats the
        shallowest one, with its interval. One significant digit throughout.
        """
        w = self._label_width()
        lines = [f"{'shape':<{w}} {'params':>6} {'lr':>6}   {'test MSE: min':>13} {'q1':>7} {'median':>7}"
                 f" {'q3':>7} {'max':>7}   train MSE"]
        for s in self.shapes:
            q1, q2, q3 = s.quartiles
            cells = [one_digit(v) for v in (s.test_mse.min(), q1, q2, q3, s.test_mse.max())]
            lines.append(f"{s.label:<{w}} {s.n_params:>6} {format(s.lr, 'g'):>6}   {cells[0]:>13}"
                         + "".join(f" {c:>7}" for c in cells[1:])
                         + f"   {one_digit(float(np.median(s.train_mse))):>9}")
        shallow = self.shapes[0]
        for s in self.shapes[1:]:
            lines.append(f"P({s.depth} layers beat {shallow.depth}) = {self.win(s.depth)}")
        return "\n".join(lines)

    def checks_table(self) -> str:
        """The evaluation as tuned and in every fragility check: medians and win probabilities.

        ``moved`` is the fraction of seeds whose test MSE changed by more
        than a factor of 2 from the tuned run (:meth:`moved`).
        """
        if not self.checks:
            raise ValueError("this comparison ran no fragility checks (use fragility=True)")
        deep = self.shapes[1:]
        head = f"{'run':<9}" + "".join(f" {'median ' + str(s.depth):>9}" for s in self.shapes)
        head += "".join(f"  {'P(' + str(s.depth) + ' beats ' + str(self.shapes[0].depth) + ')':<29}" for s in deep)
        head += "".join(f" {'moved ' + str(s.depth):>8}" for s in self.shapes)
        lines = [head]
        for name in (None, *self.checks):
            row = f"{name or 'as tuned':<9}"
            row += "".join(f" {one_digit(self.shape(s.depth, name).median):>9}" for s in self.shapes)
            row += "".join(f"  {str(self.win(s.depth, check=name)):<29}" for s in deep)
            for s in self.shapes:
                moved = "-" if name is None else one_digit(self.moved(s.depth, name))
                row += f" {moved:>8}"
            lines.append(row.rstrip())
        return "\n".join(lines)

    def moved(self, depth: int, check: str) -> float:
        """The fraction of seeds whose test MSE in ``check`` is more than twice, or less than half, the tuned one."""
        tuned, other = self.shape(depth).test_mse, self.shape(depth, check).test_mse
        return float(np.mean(np.abs(np.log(other / tuned)) > np.log(2.0)))

    def plot(self, ax: Any = None, check: str | None = None) -> Any:
        """Every seed's test MSE as a dot, per shape, with a box from q1 to q3 and a bar at the median.

        Log scale; the shallowest shape in orange, the others in the
        following house colours. Returns the axes.
        """
        import matplotlib.pyplot as plt
        from matplotlib.patches import Rectangle

        ax = plt.gca() if ax is None else ax
        colors = [PALETTE["orange"], PALETTE["blue"], PALETTE["green"], PALETTE["purple"]]
        shapes = self.shapes if check is None else self.checks[check]
        for i, s in enumerate(shapes):
            color = colors[i % len(colors)]
            q1, q2, q3 = s.quartiles
            ax.add_patch(Rectangle((i - 0.28, q1), 0.56, q3 - q1, fill=False, edgecolor=PALETTE["ink"],
                                   linewidth=1.0))
            ax.plot([i - 0.28, i + 0.28], [q2, q2], color=PALETTE["ink"], linewidth=2.0)
            spread = i + np.linspace(-0.2, 0.2, s.test_mse.size)
            ax.plot(spread, s.test_mse, "o", color=color, markersize=4, alpha=0.85)
        ax.set_yscale("log")
        ax.set_xticks(range(len(shapes)), [s.label for s in shapes])
        ax.set_xlim(-0.6, len(shapes) - 0.4)
        ax.set_xlabel("hidden layers × widths")
        ax.set_ylabel("test MSE")
        return ax


# ---------------------------------------------------------------- the protocol


def _grid(lrs: Any) -> tuple[float, ...]:
    if isinstance(lrs, (str, bytes)) or not isinstance(lrs, Sequence):
        raise TypeError(f"lrs must be a sequence of learning rates, e.g. (1e-3, 3e-3, 1e-2), got {lrs!r}")
    out = tuple(sorted(check_positive(f"lrs[{i}]", lr) for i, lr in enumerate(lrs)))
    if len(out) < 2 or len(set(out)) != len(out):
        raise ValueError(f"lrs must hold at least 2 distinct learning rates, got {lrs!r}")
    return out


def _shapes(comparisons: dict[float, Any], choice: dict[int, float], tuning: dict[int, dict[float, float]],
            factor: float = 1.0) -> tuple[ShapeResult, ...]:
    out = []
    for depth in choice:
        row = comparisons[choice[depth]].row(depth)
        out.append(ShapeResult(depth, row.widths, row.n_params, choice[depth] * factor, tuning[depth],
                               row.train_mse, row.test_mse, row))
    return tuple(out)


def fair_comparison(
    target: Callable[[np.ndarray], np.ndarray],
    budget: int,
    depths: Sequence[int] = (1, 4),
    seeds: int | Sequence[int] = MIN_SEEDS,
    tuning_seeds: int | Sequence[int] = 5,
    lrs: Sequence[float] = LR_GRID,
    steps: int = 3000,
    n_points: int = 256,
    fragility: bool = False,
    level: float = 0.95,
    n_boot: int = 2000,
    **data: Any,
) -> FairComparison:
    """Compare network shapes of about ``budget`` parameters on ``target`` by the protocol.

    For every depth the widths come from :func:`widths_for_budget`; training
    is :func:`compare_depths` (full-batch Adam on ``n_points`` points for
    ``steps`` steps). The protocol (see the module's help):

    - ``tuning_seeds`` (an int n: the n seeds after the last evaluation seed)
      are trained at every rate of ``lrs``; each depth gets the rate with the
      lowest median final *training* MSE (ties: the smaller rate);
    - the ``seeds`` (at least 20; an int n: seeds 0 to n - 1) are trained at
      each depth's chosen rate; their test MSE is the result;
    - ``fragility=True`` trains the same seeds again with every chosen rate
      3 % higher (check ``"lr +3%"``) and in float32 (check ``"float32"``).

    Other keywords (``lo``, ``hi``, ``sampling``, ``data_seed``, ``n_test``,
    ``n_in``, ``bias_init``) go to :func:`compare_depths`.

    >>> r = fair_comparison(x_squared, budget=50, depths=(1, 2), steps=40, n_points=16, n_test=64,
    ...                     fragility=True)
    >>> r.shape(1).lr in r.lrs, sorted(r.checks), r.shape(1, "lr +3%").lr == 1.03 * r.shape(1).lr
    (True, ['float32', 'lr +3%'], True)
    >>> r.shape(2).test_mse.shape, r.shape(2, "float32").test_mse.shape
    ((20,), (20,))
    """
    budget = check_int("budget", budget, minimum=1)
    if isinstance(depths, (int, str)) or not isinstance(depths, Sequence) or len(depths) < 2:
        raise TypeError(f"depths must be a sequence of at least two depths, e.g. (1, 4), got {depths!r}")
    depths = tuple(sorted(check_int(f"depths[{i}]", d, minimum=1) for i, d in enumerate(depths)))
    if len(set(depths)) != len(depths):
        raise ValueError(f"depths must be distinct, got {depths}")
    seeds = _seeds(seeds)
    if len(seeds) < MIN_SEEDS:
        raise ValueError(f"seeds must hold at least {MIN_SEEDS} seeds (the protocol), got {len(seeds)}")
    if isinstance(tuning_seeds, int) and not isinstance(tuning_seeds, bool):
        n = check_int("tuning_seeds", tuning_seeds, minimum=1)
        tuning_seeds = tuple(range(max(seeds) + 1, max(seeds) + 1 + n))
    tuning_seeds = _seeds(tuning_seeds)
    if set(tuning_seeds) & set(seeds):
        raise ValueError(f"tuning_seeds must be separate from seeds, both hold {sorted(set(tuning_seeds) & set(seeds))}")
    lrs = _grid(lrs)
    steps = check_int("steps", steps, minimum=1)
    level = check_open_unit("level", level)
    n_boot = check_int("n_boot", n_boot, minimum=100, hint="fewer replicates give a noisy interval")
    if not isinstance(fragility, bool):
        raise TypeError(f"fragility must be True or False, got {fragility!r}")
    unknown = set(data) - {"lo", "hi", "sampling", "data_seed", "n_test", "n_in", "bias_init"}
    if unknown:
        raise TypeError(f"fair_comparison got unexpected keyword arguments {sorted(unknown)}"
                        " (it chooses lr itself and trains in float64)")
    common = dict(steps=steps, n_points=n_points, **data)

    def train(depths: tuple[int, ...], seeds: tuple[int, ...], lr: float, **extra: Any) -> Any:
        return _experiments.compare_depths(target, budget, depths=depths, seeds=seeds, lr=lr, **common, **extra)

    # 1. the rate: lowest median training MSE of the tuning seeds, smaller rate on a tie
    tuned = {lr: train(depths, tuning_seeds, lr) for lr in lrs}
    tuning = {d: {lr: float(np.median(tuned[lr].row(d).train_mse)) for lr in lrs} for d in depths}
    choice = {d: min(lrs, key=lambda lr, d=d: (tuning[d][lr], lr)) for d in depths}

    # 2. the evaluation seeds, each depth at its own rate (depths sharing a rate train together)
    def evaluate(factor: float = 1.0, **extra: Any) -> tuple[ShapeResult, ...]:
        runs = {}
        for lr in sorted(set(choice.values())):
            group = tuple(d for d in depths if choice[d] == lr)
            runs[lr] = train(group, seeds, lr * factor, **extra)
        return _shapes(runs, choice, tuning, factor)

    shapes = evaluate()
    checks = {}
    if fragility:
        for name, factor, dtype in _CHECKS:
            checks[name] = evaluate(factor, dtype=dtype)
    data = next(iter(tuned.values()))  # every call trains on the same points
    return FairComparison(shapes, checks, budget, seeds, tuning_seeds, lrs, steps, level, n_boot,
                          data.x_train, data.y_train, data.x_test, data.y_test)
