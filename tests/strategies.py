"""Hypothesis strategies shared by the tests of lessons."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from lessons import ReLUNetwork

# Weights are multiples of 1/4, so slopes and kinks are exact in floating point.
QUARTERS = st.integers(-8, 8).map(lambda k: k / 4)


def draw_network(draw, widths: list[int]) -> ReLUNetwork:
    """A ReLUNetwork with the given layer widths and random quarter weights."""
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        W = draw(st.lists(QUARTERS, min_size=fan_in * fan_out, max_size=fan_in * fan_out))
        b = draw(st.lists(QUARTERS, min_size=fan_out, max_size=fan_out))
        layers.append((np.reshape(W, (fan_out, fan_in)), b))
    return ReLUNetwork(layers)
