"""Exact linear regions of a ReLU network with two inputs.

On two inputs a ReLU network cuts the plane into convex polygons. Inside
each one every unit is either on or off, so the network is one affine map
there. The polygons are found without sampling, layer by layer: on a
region the pre-activation of each unit of the next layer is an affine
function of (x, y), which is zero along a line, so a line cuts the convex
region into at most two convex parts, one where the unit is on and one
where it is off. After the layer, each part composes its affine map with
the layer's units that are on.

What is counted: **activation regions**, the parts of the box on which the
pattern of on and off units is constant. Neighbouring regions whose affine
maps happen to agree (a unit whose outgoing weights are zero, say) are not
merged, so a network's function may have fewer pieces than it has regions.

Floating-point tolerance: a vertex whose value for a unit is within 1e-9
of the unit's scale (the sum of the absolute terms that make it up) lies
on that unit's line, so a line through a vertex adds no sliver; a unit that
is zero on a whole region counts as off; and a cut that would leave a piece
smaller than 1e-12 of the box's area is not made (the piece stays with the
larger side). Regions thinner than that are not resolved.

>>> from lessons.network import ReLUNetwork
>>> corner = ReLUNetwork([([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])
>>> count_regions(corner, box=(-1, 1, -1, 1))   # relu(x) + relu(y): four quadrants
4
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import check_finite_array
from .network import ReLUNetwork

__all__ = ["Region", "linear_regions", "count_regions"]

_VALUE_RTOL = 1e-9  # a vertex this close to a line (relative to the unit's scale) lies on it
_AREA_RTOL = 1e-12  # a cut leaving a piece smaller than this (relative to the box) is not made


@dataclass(frozen=True, eq=False)
class Region:
    """One activation region: a convex polygon and the affine map of the network on it.

    ``vertices`` has shape ``(m, 2)``, counter-clockwise; ``pattern`` holds
    one bool per hidden unit, layer after layer (True: on); on the region
    ``net(p) == slope @ p + intercept``, with ``slope`` of shape
    ``(d_out, 2)`` and ``intercept`` of shape ``(d_out,)``.

    >>> Region(np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 1.0]]), np.array([True]),
    ...        np.ones((1, 2)), np.zeros(1)).area
    1.0
    """

    vertices: np.ndarray
    pattern: np.ndarray
    slope: np.ndarray
    intercept: np.ndarray

    @property
    def area(self) -> float:
        """The polygon's area (shoelace formula)."""
        return _area(self.vertices)

    @property
    def centroid(self) -> np.ndarray:
        """The mean of the vertices: a point inside the region."""
        return self.vertices.mean(axis=0)

    def __repr__(self) -> str:
        bits = "".join("1" if on else "0" for on in self.pattern)
        return f"Region({len(self.vertices)} vertices, area {self.area:.3g}, pattern {bits or '-'})"


def _area(P: np.ndarray) -> float:
    x, y = P[:, 0], P[:, 1]
    return 0.5 * float(x[:-1] @ y[1:] - y[:-1] @ x[1:] + x[-1] * y[0] - y[-1] * x[0])


def _check_net(net: Any) -> ReLUNetwork:
    if not isinstance(net, ReLUNetwork):
        raise TypeError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if net.widths[0] != 2:
        raise ValueError(f"net must take 2 inputs (a point of the plane), got widths {net.widths}")
    if not all(np.isfinite(W).all() and np.isfinite(b).all() for W, b in net.layers):
        raise ValueError("net must have finite weights and biases (no nan or inf)")
    return net


def _check_box(box: Any) -> tuple[float, float, float, float]:
    arr = check_finite_array("box", box, ndim=1)
    if arr.shape != (4,):
        raise ValueError(f"box must be (x_lo, x_hi, y_lo, y_hi), got {arr.size} numbers")
    x0, x1, y0, y1 = (float(v) for v in arr)
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"box must have x_lo < x_hi and y_lo < y_hi, got {tuple(arr.tolist())}")
    return x0, x1, y0, y1


def _cut(P: np.ndarray, v: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """The parts of the convex polygon P where v >= 0 and where v <= 0 (v: values at its vertices)."""
    s = (v > tol).astype(int) - (v < -tol)  # vertices within tol lie on the line: 0
    nxt = np.arange(1, len(v) + 1) % len(v)
    cross = s * s[nxt] < 0  # edges crossing the line: one new vertex each, shared by both parts
    t = v / np.where(cross, v - v[nxt], 1.0)
    points = np.empty((2 * len(v), 2))
    points[0::2], points[1::2] = P, P + t[:, None] * (P[nxt] - P)
    keep = np.empty((2, 2 * len(v)), bool)
    keep[:, 1::2] = cross
    keep[0, 0::2], keep[1, 0::2] = s >= 0, s <= 0
    return points[keep[0]], points[keep[1]]


def _split(P: np.ndarray, A: np.ndarray, c: np.ndarray, g: np.ndarray, W: np.ndarray, b: np.ndarray,
           min_area: float) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Split the region P, on which the layer's input is A p + c, by every unit of the layer (W, b).

    ``g`` bounds the size of each input's terms; it sets the tolerance.
    Returns one ``(polygon, on, A', c', g')`` per part, with the next
    layer's input ``A' p + c'`` on it.
    """
    Az, cz, gz = W @ A, W @ c + b, np.abs(W) @ g + np.abs(b)
    tol = _VALUE_RTOL * gz
    values = P @ Az.T + cz  # (vertices, units): one matrix product tests every unit at once
    up, down = (values > tol).any(axis=0), (values < -tol).any(axis=0)
    parts = [(P, up.copy())]  # units that do not cut P: on iff above their line somewhere
    for j in np.flatnonzero(up & down):  # only these lines cross P
        cut_parts = []
        for Q, on in parts:
            v = Q @ Az[j] + cz[j]
            above, below = bool((v > tol[j]).any()), bool((v < -tol[j]).any())
            if above and below:
                Q_on, Q_off = _cut(Q, v, tol[j])
                a_on, a_off = _area(Q_on), _area(Q_off)
                if min(a_on, a_off) > min_area:
                    on_off = on.copy()
                    on[j], on_off[j] = True, False
                    cut_parts += [(Q_on, on), (Q_off, on_off)]
                    continue
                above = a_on >= a_off  # a sliver: the whole part goes with the larger side
            on = on.copy()
            on[j] = above
            cut_parts.append((Q, on))
        parts = cut_parts
    return [(Q, on, Az * on[:, None], cz * on, gz * on) for Q, on in parts]


def linear_regions(net: ReLUNetwork, box: tuple[float, float, float, float] = (-1, 1, -1, 1)) -> list[Region]:
    """The activation regions of a two-input ReLU network inside ``box = (x_lo, x_hi, y_lo, y_hi)``, exactly.

    Regions are convex polygons covering the box; adjacent regions with the
    same affine map are not merged (see the module's docstring, also for
    the tolerance).

    >>> from lessons.network import ReLUNetwork
    >>> cross = ReLUNetwork([([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0]), ([[1.0, -1.0]], [0.0])])
    >>> regions = linear_regions(cross, box=(-1, 1, -1, 1))
    >>> [(r.pattern.tolist(), r.slope.tolist(), r.area) for r in regions]
    [([True, True], [[1.0, -1.0]], 1.0), ([True, False], [[1.0, 0.0]], 1.0), ([False, True], [[0.0, -1.0]], 1.0), ([False, False], [[0.0, 0.0]], 1.0)]
    """
    _check_net(net)
    x0, x1, y0, y1 = _check_box(box)
    min_area = _AREA_RTOL * (x1 - x0) * (y1 - y0)
    square = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    reach = np.array([max(abs(x0), abs(x1), x1 - x0), max(abs(y0), abs(y1), y1 - y0)])
    # Per region: polygon, pattern so far, the layer input as A p + c, and the size of its terms.
    regions = [(square, np.zeros(0, bool), np.eye(2), np.zeros(2), reach)]
    *hidden, (W_out, b_out) = net.layers
    for W, b in hidden:
        regions = [(Q, np.concatenate((pattern, on)), A, c, g)
                   for P, pattern, *affine in regions
                   for Q, on, A, c, g in _split(P, *affine, W, b, min_area)]
    return [Region(P, pattern, W_out @ A, W_out @ c + b_out) for P, pattern, A, c, _ in regions]


def count_regions(net: ReLUNetwork, box: tuple[float, float, float, float] = (-1, 1, -1, 1)) -> int:
    """The number of activation regions of a two-input ReLU network inside ``box``.

    >>> from lessons.network import ReLUNetwork
    >>> lines = ReLUNetwork([([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0.0, 0.0, -0.5]), ([[1.0, 1.0, 1.0]], [0.0])])
    >>> count_regions(lines)        # three lines in general position: 1 + 3 + 3
    7
    >>> count_regions(lines, box=(-1, 0, -1, 0))
    1
    """
    return len(linear_regions(net, box))
