"""Train small ReLU networks with backpropagation and Adam, in plain numpy.

The chapters compare "fat and short" with "thin and tall" networks by
training them, several random seeds each.  :class:`MLP` therefore holds
``S`` independent networks of the same shape at once: layer ``l`` of all
seeds is one array of shape ``(S, fan_out, fan_in + 1)`` (the last column is
the bias), so one batched matrix product runs every seed's layer.  Seed ``s``
is initialised from its own random generator, so a network does not depend on
which other seeds share its stack: training seeds ``(0, 1, 2)`` together
gives the same numbers as training each one alone, only faster.

The model is the one of the lecture: ReLU hidden layers, a linear output,
the mean squared error (MSE) as loss.

>>> import numpy as np
>>> x = np.linspace(0.0, 1.0, 64)
>>> model = MLP((8, 8), seeds=(0, 1))
>>> model.n_params, model.depth
(97, 2)
>>> before = model.loss(x, x**2)
>>> result = train(model, x, x**2, steps=300, lr=1e-2)
>>> bool(np.all(result.final_loss < before / 10))
True
"""

from __future__ import annotations

import itertools
import math
import numbers
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import check_finite_array, check_int, check_interval, check_positive
from .network import ReLUNetwork

__all__ = ["MLP", "TrainResult", "train", "widths_for_budget", "count_params"]

# Adam's constants (Kingma & Ba 2015), the usual defaults.
_BETA1, _BETA2, _EPS = 0.9, 0.999, 1e-8
# Forward passes outside training run in chunks of this many points, so a
# dense evaluation grid never needs one huge activation array.
_CHUNK = 4096
# Training works on groups of networks whose activations (per layer) take
# about this many bytes: small matrices are fastest while they stay in cache.
_GROUP_BYTES = 1 << 20


# ---------------------------------------------------------------- checks


def _seeds(seeds: Any) -> tuple[int, ...]:
    """An int n means seeds 0..n-1; otherwise a sequence of distinct ints >= 0."""
    if isinstance(seeds, numbers.Integral) and not isinstance(seeds, bool):
        return tuple(range(check_int("seeds", seeds, 1)))
    if not isinstance(seeds, Iterable) or isinstance(seeds, (str, bytes)):
        raise TypeError(f"seeds must be an int or a sequence of ints, got {seeds!r}")
    out = tuple(check_int(f"seeds[{i}]", s, 0) for i, s in enumerate(seeds))
    if not out:
        raise ValueError("seeds must not be empty")
    if len(set(out)) != len(out):
        raise ValueError(f"seeds must be distinct, got {out}")
    return out


def _widths(widths: Any) -> tuple[int, ...]:
    if isinstance(widths, numbers.Integral) or not isinstance(widths, Iterable):
        raise TypeError(f"widths must be a sequence of hidden-layer widths, e.g. (16, 16), got {widths!r}")
    out = tuple(check_int(f"widths[{i}]", w, 1) for i, w in enumerate(widths))
    if not out:
        raise ValueError("widths must name at least one hidden layer")
    return out


def _interval(name: str, value: Any) -> tuple[float, float]:
    pair = tuple(value) if isinstance(value, Iterable) and not isinstance(value, (str, bytes)) else ()
    if len(pair) != 2:
        raise TypeError(f"{name} must be a pair (lo, hi) of numbers, got {value!r}")
    return check_interval(*pair, names=(f"{name}[0]", f"{name}[1]"))


def _columns(name: str, a: Any, width: int, dtype: np.dtype) -> np.ndarray:
    """Data as a C-contiguous (width + 1, N) array whose last row is ones.

    Points are columns (features x points), the layout every layer uses; the
    row of ones multiplies the bias column of the first layer.
    """
    arr = check_finite_array(name, a, ndim=(1, 2), min_size=1)
    if arr.ndim == 1 and width == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[1] != width:
        expected = f"(N,) or (N, {width})" if width == 1 else f"(N, {width})"
        raise ValueError(f"{name} must have shape {expected}, got {arr.shape}")
    out = np.ones((width + 1, arr.shape[0]), dtype=dtype)
    out[:width] = arr.T
    return out


# ---------------------------------------------------------------- sizes


def count_params(widths: Sequence[int], n_in: int = 1, n_out: int = 1) -> int:
    """Weights plus biases of one network with hidden ``widths``.

    >>> count_params((131,))
    394
    >>> count_params((11, 11, 10, 10))
    395
    """
    sizes = (check_int("n_in", n_in, 1), *_widths(widths), check_int("n_out", n_out, 1))
    return sum((fan_in + 1) * fan_out for fan_in, fan_out in zip(sizes[:-1], sizes[1:]))


def widths_for_budget(depth: int, budget: int, n_in: int = 1, n_out: int = 1) -> tuple[int, ...]:
    """Hidden widths for ``depth`` layers with ``budget`` parameters, within 2%.

    Networks of different depth are compared at the same number of
    parameters.  The widths differ by at most one (wider layers first), and
    the count is the closest to ``budget`` among such networks; only when none
    of them comes within 2% of ``budget`` may the widths differ by more, as
    little as needed.  Raises ValueError when still no network of that depth comes within
    2% (e.g. too many layers for too few parameters).

    >>> widths_for_budget(1, 395), widths_for_budget(4, 395)
    ((131,), (11, 11, 10, 10))
    >>> w = widths_for_budget(2, 100)  # (8, 8) has 97 parameters, (9, 8) 107
    >>> w, count_params(w)
    ((11, 6), 101)
    """
    depth = check_int("depth", depth, minimum=1)
    budget = check_int("budget", budget, minimum=1)
    n_in = check_int("n_in", n_in, minimum=1)
    n_out = check_int("n_out", n_out, minimum=1)
    tolerance = 0.02 * budget

    def count(widths: tuple[int, ...]) -> int:
        sizes = (n_in, *widths, n_out)
        return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))

    if depth == 1:  # (n_in + 1) w + (w + 1) n_out parameters: solve for w
        w = max(1, round((budget - n_out) / (n_in + 1 + n_out)))
        candidates = [(abs(count((v,)) - budget), count((v,)), (v,)) for v in (w - 1, w, w + 1) if v >= 1]
        distance, n, widths = min(candidates)
        if distance <= tolerance:
            return widths
        raise ValueError(
            f"budget={budget} cannot be matched within 2% by 1 hidden layer (closest: {n} parameters)"
        )

    closest: tuple[int, int, tuple[int, ...]] | None = None  # (distance, count, widths)
    for spread in range(1, 33):  # widen the range of widths only while nothing is within 2%
        if count((1 + spread,) + (1,) * (depth - 1)) > budget + tolerance:
            break  # every tuple this uneven has too many parameters
        w = 1
        # tuples new at this spread: widest w + spread, narrowest w (spread 1 also adds (w,) * depth)
        cheapest = (lambda w: (w,) * depth) if spread == 1 else (lambda w: (w + spread,) + (w,) * (depth - 1))
        while count(cheapest(w)) <= budget + tolerance or w == 1:
            middles = itertools.combinations_with_replacement(range(w + spread, w - 1, -1), depth - 2)
            tuples = [(w + spread, *m, w) for m in middles] + ([(w,) * depth] if spread == 1 else [])
            for widths in tuples:
                key = (abs(count(widths) - budget), count(widths), widths)
                if closest is None or key[:2] < closest[:2]:
                    closest = key
            w += 1
        if closest[0] <= tolerance:
            return closest[2]
    detail = f" (closest: {closest[2]} with {closest[1]} parameters)" if closest else ""
    raise ValueError(f"budget={budget} cannot be matched within 2% by {depth} hidden layers{detail}")


# ---------------------------------------------------------------- the model


class MLP:
    """``S`` independent ReLU networks of one shape, stored and run as stacks.

    Parameters
    ----------
    widths:
        Hidden-layer widths, e.g. ``(131,)`` (one layer) or ``(11, 11, 10, 10)``.
    n_in, n_out:
        Input and output dimension.
    seeds:
        Seeds of the networks in the stack; an int ``n`` means ``range(n)``.
    bias_init:
        ``"spread"`` (default): first-layer biases are set so that each
        unit's kink (the hyperplane ``w . x + b = 0``) passes through a
        random point of ``input_range``; ``"zero"``: all biases start at 0.
        With zero biases and inputs in [0, 1] every kink sits at x = 0 and
        every unit with a negative weight is dead on all inputs, so spread
        biases waste fewer units.  The weights are the same for both choices.
    input_range:
        The interval (per input coordinate) that ``"spread"`` covers.
    dtype:
        ``np.float64`` (default) or ``np.float32`` (faster, as it moves half
        the bytes, but with gradients exact to about 1e-7 only).

    Weights follow He initialisation, N(0, 2 / fan_in), in the ReLU layers
    and N(0, 1 / fan_in) in the linear output layer; hidden biases after the
    first layer and the output bias start at 0.

    Predictions have shape ``(S, N)`` when ``n_out == 1`` and
    ``(S, N, n_out)`` otherwise: one row per seed.

    >>> model = MLP((3, 2), seeds=2)
    >>> model.seeds, model.n_params, model.depth
    ((0, 1), 17, 2)
    >>> model([0.0, 0.5, 1.0]).shape
    (2, 3)
    >>> [W.shape for W, b in model.layers]
    [(2, 3, 1), (2, 2, 3), (2, 1, 2)]
    """

    def __init__(
        self,
        widths: Sequence[int],
        n_in: int = 1,
        n_out: int = 1,
        seeds: int | Sequence[int] = (0,),
        bias_init: str = "spread",
        input_range: tuple[float, float] = (0.0, 1.0),
        dtype: Any = np.float64,
    ) -> None:
        self.widths: tuple[int, ...] = _widths(widths)
        self.n_in: int = check_int("n_in", n_in, 1)
        self.n_out: int = check_int("n_out", n_out, 1)
        self.seeds: tuple[int, ...] = _seeds(seeds)
        if bias_init not in ("spread", "zero"):
            raise ValueError(f"bias_init must be 'spread' or 'zero', got {bias_init!r}")
        self.bias_init: str = bias_init
        self.input_range: tuple[float, float] = _interval("input_range", input_range)
        try:
            self.dtype: np.dtype = np.dtype(dtype)
        except TypeError:
            raise TypeError(f"dtype must be np.float64 or np.float32, got {dtype!r}") from None
        if self.dtype not in (np.dtype(np.float64), np.dtype(np.float32)):
            raise TypeError(f"dtype must be np.float64 or np.float32, got {self.dtype}")

        self.sizes: tuple[int, ...] = (self.n_in, *self.widths, self.n_out)
        shapes = [(fo, fi + 1) for fi, fo in zip(self.sizes[:-1], self.sizes[1:])]
        # All parameters of seed s live in row s of one (S, P) array, so Adam
        # updates every layer of every seed in a handful of array operations.
        # Each layer is a view (S, fan_out, fan_in + 1) into that array.
        self.params: np.ndarray = np.zeros((len(self.seeds), sum(a * b for a, b in shapes)), self.dtype)
        self._blocks = _block_views(self.params, shapes)
        lo, hi = self.input_range
        for s, seed in enumerate(self.seeds):
            rng = np.random.default_rng(seed)
            # weights first, then the kink positions: "spread" and "zero"
            # differ in the biases only
            for block, (fo, fi1) in zip(self._blocks, shapes):
                gain = 1.0 if block is self._blocks[-1] else 2.0
                block[s, :, :-1] = rng.standard_normal((fo, fi1 - 1)) * math.sqrt(gain / (fi1 - 1))
            if bias_init == "spread":
                first = self._blocks[0][s]
                centres = rng.uniform(lo, hi, size=(first.shape[0], self.n_in))
                first[:, -1] = -np.einsum("ij,ij->i", first[:, :-1], centres)

    # -- sizes -----------------------------------------------------------

    @property
    def n_params(self) -> int:
        """Parameters (weights and biases) of one network of the stack."""
        return self.params.shape[1]

    @property
    def depth(self) -> int:
        """Number of hidden layers."""
        return len(self.widths)

    @property
    def n_seeds(self) -> int:
        """Number of networks in the stack."""
        return len(self.seeds)

    @property
    def layers(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """``[(W, b), ...]`` views: W of shape (S, fan_out, fan_in), b of shape (S, fan_out)."""
        return [(B[:, :, :-1], B[:, :, -1]) for B in self._blocks]

    def __repr__(self) -> str:
        return (
            f"MLP(widths={self.widths}, n_in={self.n_in}, n_out={self.n_out}, "
            f"seeds={self.seeds}, bias_init={self.bias_init!r}, dtype={self.dtype.name})"
        )

    # -- evaluation ------------------------------------------------------

    def _inputs(self, x: Any) -> np.ndarray:
        return _columns("x", x, self.n_in, self.dtype)

    def _targets(self, y: Any, n: int) -> np.ndarray:
        yc = _columns("y", y, self.n_out, self.dtype)[: self.n_out]
        if yc.shape[1] != n:
            raise ValueError(f"y must hold one value per point of x: x has {n} points, y has {yc.shape[1]}")
        return np.ascontiguousarray(yc)

    def _forward(self, xc: np.ndarray, keep: bool = False) -> tuple[np.ndarray, list[np.ndarray]]:
        """Output (S, n_out, N) for inputs xc (n_in + 1, N); optionally the activations."""
        acts = [xc]
        a = xc
        for B in self._blocks[:-1]:
            z = np.ones((self.n_seeds, B.shape[1] + 1, a.shape[-1]), self.dtype)
            np.matmul(B, a, out=z[:, :-1])
            np.maximum(z[:, :-1], 0, out=z[:, :-1])
            a = z
            acts.append(a)
        return np.matmul(self._blocks[-1], a), acts if keep else []

    def _shape_out(self, out: np.ndarray) -> np.ndarray:
        out = out.transpose(0, 2, 1)  # (S, N, n_out)
        return np.ascontiguousarray(out[:, :, 0] if self.n_out == 1 else out)

    def __call__(self, x: Any) -> np.ndarray:
        """Predictions of every network: shape (S, N), or (S, N, n_out) if n_out > 1.

        >>> MLP((4,), seeds=3)([0.25, 0.75]).shape
        (3, 2)
        """
        xc = self._inputs(x)
        parts = [self._forward(xc[:, i : i + _CHUNK])[0] for i in range(0, xc.shape[1], _CHUNK)]
        return self._shape_out(np.concatenate(parts, axis=2))

    def loss(self, x: Any, y: Any) -> np.ndarray:
        """Mean squared error of each network on (x, y): an array of shape (S,).

        >>> model = MLP((4,), seeds=(0, 1))
        >>> model.loss([0.0, 1.0], [0.0, 1.0]).shape
        (2,)
        """
        xc = self._inputs(x)
        yc = self._targets(y, xc.shape[1])
        total = np.zeros(self.n_seeds)
        for i in range(0, xc.shape[1], _CHUNK):
            diff = self._forward(xc[:, i : i + _CHUNK])[0] - yc[:, i : i + _CHUNK]
            total += np.einsum("soi,soi->s", diff, diff, dtype=np.float64)
        return total / yc.size

    def gradients(self, x: Any, y: Any) -> list[tuple[np.ndarray, np.ndarray]]:
        """Gradients of each network's MSE, per layer: ``[(dW, db), ...]``.

        dW has shape (S, fan_out, fan_in), db has shape (S, fan_out), as in
        :attr:`layers`.  Computed by backpropagation over all points at once.

        >>> model = MLP((5,), seeds=2)
        >>> [(dW.shape, db.shape) for dW, db in model.gradients([0.0, 1.0], [1.0, 0.0])]
        [((2, 5, 1), (2, 5)), ((2, 1, 5), (2, 1))]
        """
        xc = self._inputs(x)
        yc = self._targets(y, xc.shape[1])
        grad = np.zeros_like(self.params)
        grad_blocks = _block_views(grad, [B.shape[1:] for B in self._blocks])
        _Stepper(self, xc, yc).gradient(grad_blocks)
        return [(G[:, :, :-1].copy(), G[:, :, -1].copy()) for G in grad_blocks]

    def dead_fraction(self, x: Any) -> np.ndarray:
        """Fraction of hidden units of each network that output 0 on every point of x.

        A dead unit passes no gradient to its own weights. In the first layer
        it stays dead; in later layers it can revive when the layers below
        change its inputs.

        >>> x = np.linspace(0.0, 1.0, 101)
        >>> float(MLP((64,), bias_init="zero").dead_fraction(x)[0])  # kinks all at x = 0
        0.484375
        >>> float(MLP((64,), bias_init="spread").dead_fraction(x)[0])
        0.0
        """
        xc = self._inputs(x)
        alive = [np.zeros((self.n_seeds, w), bool) for w in self.widths]
        for i in range(0, xc.shape[1], _CHUNK):
            acts = self._forward(xc[:, i : i + _CHUNK], keep=True)[1][1:]
            for seen, a in zip(alive, acts):
                seen |= np.any(a[:, :-1] > 0, axis=2)
        return 1.0 - sum(a.sum(axis=1) for a in alive) / sum(self.widths)

    def _rows(self, rows: slice) -> MLP:
        """The networks ``rows`` of the stack as an MLP that shares their parameters."""
        part = object.__new__(MLP)
        part.__dict__.update(self.__dict__)
        part.seeds = self.seeds[rows]
        part.params = self.params[rows]
        part._blocks = _block_views(part.params, [B.shape[1:] for B in self._blocks])
        return part

    def network(self, i: int = 0) -> ReLUNetwork:
        """The ``i``-th network of the stack (seed ``self.seeds[i]``) as a ``ReLUNetwork``.

        The copy is independent of the stack: it no longer changes when the
        stack is trained, and it supports the exact tools (breakpoints, pieces).

        >>> model = MLP((3,), seeds=(7, 8))
        >>> net = model.network(1)
        >>> bool(np.allclose(net(np.array([0.2, 0.9])), model([0.2, 0.9])[1]))
        True
        """
        i = check_int("i", i, 0)
        if i >= self.n_seeds:
            raise ValueError(f"i must be < {self.n_seeds} (the number of seeds), got {i}")
        return ReLUNetwork([(W[i].astype(np.float64), b[i].astype(np.float64)) for W, b in self.layers])


def _block_views(flat: np.ndarray, shapes: Sequence[tuple[int, int]]) -> list[np.ndarray]:
    """Views (S, rows, cols) into consecutive column blocks of a (S, P) array."""
    views, start = [], 0
    for rows, cols in shapes:
        views.append(flat[:, start : start + rows * cols].reshape(flat.shape[0], rows, cols))
        start += rows * cols
    # training writes through these views: a copy would silently train nothing
    if not all(np.shares_memory(v, flat) for v in views):
        raise RuntimeError("parameter blocks must be views of the parameter array")
    return views


class _Stepper:
    """Forward and backward passes with preallocated buffers for inputs ``xc`` (n_in + 1, n).

    Training allocates nothing per step: large temporaries would be returned
    to the operating system and fetched again every step, which slows small
    networks down a lot.  The caller may overwrite ``xc`` and ``yc`` in place
    (minibatches) between calls.
    """

    def __init__(self, model: MLP, xc: np.ndarray, yc: np.ndarray) -> None:
        S, dt, n = model.n_seeds, model.dtype, xc.shape[1]
        blocks = model._blocks
        self.xc, self.yc = xc, yc
        # hidden activations, each with a constant last row of ones (for the bias)
        acts = [np.ones((S, w + 1, n), dt) for w in model.widths]
        # np.maximum against an array of zeros is much faster than against
        # the scalar 0 (numpy 2 on x86)
        zeros = np.zeros((S, max(model.widths), n), dt)
        self.forward_plan = [  # (W|b, input, output view without the ones row, zeros)
            (B, a_in, z[:, :-1], zeros[:, : z.shape[1] - 1])
            for B, a_in, z in zip(blocks[:-1], [xc, *acts], acts)
        ]
        self.last = (blocks[-1], acts[-1])
        self.out = np.empty((S, model.n_out, n), dt)
        self.delta_out = np.empty((S, model.n_out, n), dt)
        self.scale = 2.0 / yc.size  # d(mean of squares)/d(output) = 2 * residual / size
        # One hidden layer and one output, the "fat" networks: the gradient of
        # the hidden layer is w * (mask @ (delta * x)), with w the output
        # weights, so the (S, width, n) product delta * w * mask is never formed.
        self.shallow = None
        if len(blocks) == 2 and model.n_out == 1:
            w = model.widths[0]
            self.shallow = (
                blocks[1][:, :, :-1].transpose(0, 2, 1),  # output weights (S, width, 1)
                acts[0][:, :-1],  # hidden activations (S, width, n)
                np.empty((S, w, n), dt),  # ReLU'(z) as 0.0 / 1.0
                np.empty((S, n, xc.shape[0]), dt),  # delta * x, per point
                np.empty((S, w, xc.shape[0]), dt),
            )
        self.back_plan = []  # per layer, top down: (prev^T, W^T, d, hidden, mask)
        for layer in range(len(blocks) - 1, -1, -1):
            prev_t = xc.T if layer == 0 else acts[layer - 1].transpose(0, 2, 1)
            if layer == 0:
                self.back_plan.append((prev_t, None, None, None, None))
                continue
            w = model.widths[layer - 1]
            self.back_plan.append(
                (
                    prev_t,
                    blocks[layer][:, :, :-1].transpose(0, 2, 1),  # no bias column: (S, fan_in, fan_out)
                    np.empty((S, w, n), dt),
                    acts[layer - 1][:, :-1],
                    np.empty((S, w, n), bool),
                )
            )

    def gradient(self, grad_blocks: list[np.ndarray]) -> np.ndarray:
        """Write the gradient of each seed's MSE into grad_blocks; return the residuals (S, n_out, n)."""
        for B, a_in, h, zeros in self.forward_plan:
            np.matmul(B, a_in, out=h)
            np.maximum(h, zeros, out=h)
        diff = self.out
        np.matmul(self.last[0], self.last[1], out=diff)
        diff -= self.yc
        delta = np.multiply(diff, self.scale, out=self.delta_out)
        if self.shallow is not None:
            w, hidden, active, delta_x, sums = self.shallow
            top, bottom = reversed(grad_blocks)
            np.matmul(delta, self.back_plan[0][0], out=top)
            np.greater(hidden, 0, out=active, casting="unsafe")
            np.multiply(delta.transpose(0, 2, 1), self.xc.T, out=delta_x)
            np.matmul(active, delta_x, out=sums)
            np.multiply(sums, w, out=bottom)
            return diff
        for (prev_t, w_t, d, hidden, mask), grad in zip(self.back_plan, reversed(grad_blocks)):
            np.matmul(delta, prev_t, out=grad)
            if w_t is None:
                break
            if w_t.shape[2] == 1:  # one output: an outer product, faster as a broadcast
                np.multiply(w_t, delta, out=d)
            else:
                np.matmul(w_t, delta, out=d)
            np.greater(hidden, 0, out=mask)  # ReLU'(z) = 1 where the unit is active
            np.multiply(d, mask, out=d)
            delta = d
        return diff


# ---------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainResult:
    """What :func:`train` measured.

    Attributes
    ----------
    steps:
        The step counts at which the loss was recorded, shape (R,): the loss
        after that many updates, from 0 up to the last step.
    history:
        MSE on all training points at those steps, shape (R, S): one column
        per seed.
    final_loss:
        MSE on all training points after the last step, shape (S,).
    seeds:
        The seeds of the networks, in column order.
    seconds:
        Wall-clock time of the training loop.

    >>> result = train(MLP((4,), seeds=2), [0.0, 0.5, 1.0], [0.0, 1.0, 0.0], steps=10, record_every=5)
    >>> result.steps.tolist(), result.history.shape, result.final_loss.shape
    ([0, 5, 10], (3, 2), (2,))
    """

    steps: np.ndarray
    history: np.ndarray
    final_loss: np.ndarray
    seeds: tuple[int, ...]
    seconds: float

    def __repr__(self) -> str:
        losses = ", ".join(f"{v:.1e}" for v in self.final_loss)
        return f"TrainResult(steps={int(self.steps[-1])}, seeds={self.seeds}, final_loss=[{losses}])"


def _train_rows(
    model: MLP,
    xc: np.ndarray,
    yc: np.ndarray,
    steps: int,
    lr: float,
    batch_size: int | None,
    seed: int,
    recorded: list[int],
    history: np.ndarray,
) -> None:
    """Adam on every network of ``model``; losses at the ``recorded`` steps go into ``history``."""
    n = xc.shape[1]
    params = model.params
    grad = np.zeros_like(params)
    grad_blocks = _block_views(grad, [B.shape[1:] for B in model._blocks])
    m1, m2, tmp = np.zeros_like(params), np.zeros_like(params), np.empty_like(params)
    k = 0

    if batch_size is None:
        stepper = full = _Stepper(model, xc, yc)
    else:
        rng = np.random.default_rng(seed)
        xb = np.empty((xc.shape[0], batch_size), xc.dtype)
        yb = np.empty((yc.shape[0], batch_size), yc.dtype)
        order, pos = rng.permutation(n), 0
        stepper, full = _Stepper(model, xb, yb), None

    def full_loss() -> np.ndarray:
        if full is None:  # minibatch: one more forward pass over all points
            return model.loss(xc[:-1].T, yc.T)
        diff = full.out  # residuals of the last full-batch forward pass
        return np.einsum("soi,soi->s", diff, diff, dtype=np.float64) / yc.size

    for t in range(steps):
        if batch_size is None:
            stepper.gradient(grad_blocks)
            if t == recorded[k]:
                history[k] = full_loss()
                k += 1
        else:
            if t == recorded[k]:
                history[k] = full_loss()
                k += 1
            if pos + batch_size > n:
                order, pos = rng.permutation(n), 0
            idx = order[pos : pos + batch_size]
            pos += batch_size
            np.take(xc, idx, axis=1, out=xb)
            np.take(yc, idx, axis=1, out=yb)
            stepper.gradient(grad_blocks)
        # Adam, on all layers of all seeds at once, without temporaries:
        #   m1 <- m1 + (1 - b1) (g - m1);  m2 <- m2 + (1 - b2) (g^2 - m2)
        #   p  <- p - lr * m1_hat / (sqrt(m2_hat) + eps)   (bias-corrected)
        c1, c2 = 1.0 - _BETA1 ** (t + 1), math.sqrt(1.0 - _BETA2 ** (t + 1))
        np.subtract(grad, m1, out=tmp)
        tmp *= 1.0 - _BETA1
        m1 += tmp
        np.multiply(grad, grad, out=tmp)
        tmp -= m2
        tmp *= 1.0 - _BETA2
        m2 += tmp
        np.sqrt(m2, out=tmp)
        tmp += _EPS * c2
        np.divide(m1, tmp, out=tmp)
        tmp *= lr * c2 / c1
        params -= tmp


def train(
    model: MLP,
    x: Any,
    y: Any,
    steps: int = 3000,
    lr: float = 3e-3,
    batch_size: int | None = None,
    seed: int = 0,
    record_every: int | None = None,
) -> TrainResult:
    """Train every network of ``model`` on (x, y) with Adam; update it in place.

    Each step computes the gradient of each network's MSE by backpropagation
    and takes one Adam step (beta1 = 0.9, beta2 = 0.999, eps = 1e-8, fresh
    moments at every call).  ``batch_size=None`` uses all points every step
    (full batch); otherwise each step uses ``batch_size`` points drawn without
    replacement from a shuffle of the data seeded by ``seed`` (a new shuffle
    once too few points are left).  All networks of the stack see the same
    batches, so a network trains exactly as it would alone.

    The loss on all points is recorded every ``record_every`` steps (default:
    about 100 records) and after the last step.

    >>> x = np.linspace(0.0, 1.0, 32)
    >>> model = MLP((16,), seeds=(0, 1, 2))
    >>> result = train(model, x, np.abs(x - 0.5), steps=500, lr=1e-2, record_every=100)
    >>> result.steps.tolist(), result.history.shape
    ([0, 100, 200, 300, 400, 500], (6, 3))
    >>> bool(np.all(result.final_loss < 1e-3))
    True
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an MLP, got {type(model).__name__}")
    xc = model._inputs(x)
    n = xc.shape[1]
    yc = model._targets(y, n)
    steps = check_int("steps", steps, 1)
    lr = check_positive("lr", lr)
    seed = check_int("seed", seed, 0)
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, 1)
        if batch_size > n:
            raise ValueError(f"batch_size must be <= the number of points ({n}), got {batch_size}")
        if batch_size == n:
            batch_size = None  # the same thing, without the shuffling
    if record_every is None:
        record_every = max(1, steps // 100)
    record_every = check_int("record_every", record_every, 1)

    recorded = [*range(0, steps, record_every), steps]
    history = np.empty((len(recorded), model.n_seeds))
    start = time.perf_counter()
    # The networks of a stack are independent, so they train in groups small
    # enough for the activations to stay in the processor's cache; each group
    # trains exactly as every one of its networks would alone.
    group = max(1, _GROUP_BYTES // (max(model.widths) * (batch_size or n) * model.dtype.itemsize))
    for first in range(0, model.n_seeds, group):
        rows = slice(first, min(first + group, model.n_seeds))
        _train_rows(model._rows(rows), xc, yc, steps, lr, batch_size, seed, recorded, history[:, rows])
    seconds = time.perf_counter() - start
    final = model.loss(xc[:-1].T, yc.T)
    history[-1] = final
    return TrainResult(np.array(recorded), history, final, model.seeds, seconds)
