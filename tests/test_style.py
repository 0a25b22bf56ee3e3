"""The house style's SVG: lighter path data that draws the same, and both themes in one file."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.style import DARK, PALETTE, dark_css, slim_path, theme_svg, themed_svg, use_style

# Vertices on a 1/100 pt grid, as slim_path writes them; runs of collinear ones are common.
COORD = st.integers(-5000, 5000).map(lambda k: k / 100)
POLYLINE = st.lists(st.tuples(COORD, COORD), min_size=2, max_size=40)


def path_data(points, closed=False) -> str:
    return "M " + " L ".join(f"{x:g} {y:g}" for x, y in points) + (" z" if closed else "")


def vertices(d: str) -> np.ndarray:
    return np.array(re.sub(r"[MLz]", " ", d).split(), float).reshape(-1, 2)


def distance_to_segment(p, a, b) -> float:
    ab, ap = b - a, p - a
    t = 0.0 if not ab.any() else float(np.clip(ap @ ab / (ab @ ab), 0, 1))
    return float(np.hypot(*(ap - t * ab)))


@given(POLYLINE, st.booleans())
def test_slimming_keeps_the_ends_and_moves_no_vertex_by_more_than_the_tolerance(points, closed):
    tol = 0.05
    before = vertices(path_data(points, closed))
    slim = slim_path(path_data(points, closed), tol)
    after = vertices(slim)
    assert slim.endswith(" z") == closed
    assert np.array_equal(after[0], before[0]) and np.array_equal(after[-1], before[-1])
    # the kept vertices are a subsequence of the original ones
    j = 0
    for v in after:
        while not np.array_equal(before[j], v):
            j += 1
    # every original vertex lies within tol of the slimmed polyline
    for p in before:
        assert min(distance_to_segment(p, a, b) for a, b in zip(after[:-1], after[1:])) <= tol + 1e-9


def test_straight_runs_collapse_and_curves_are_left_alone():
    run = path_data([(x / 10, 2.0) for x in range(100)] + [(9.9, 5.0)])
    assert slim_path(run) == "M 0 2 L 9.9 2 L 9.9 5"
    glyph = "M 1.123456 2 Q 3 4 5 6 L 7 8 L 9 10 z"
    assert slim_path(glyph) == "M 1.12 2 Q 3 4 5 6 L 7 8 L 9 10 z"


def test_every_palette_colour_has_a_dark_rule_for_fill_and_stroke():
    css = dark_css()
    for name, light in PALETTE.items():
        for prop in ("fill", "stroke"):
            assert f'#only-dark:target [style*="{prop}: {light}"]{{{prop}:{DARK[name]}!important}}' in css


def test_a_figure_is_one_svg_with_the_dark_palette_behind_its_target():
    use_style()
    fig, ax = plt.subplots()
    ax.plot(np.linspace(0, 1, 500), np.linspace(0, 1, 500))  # 500 collinear points
    ax.set_title("a line")
    svg = themed_svg(fig).decode()
    plt.close(fig)
    assert svg.count('<g id="only-dark">') == 1 and "<!--" not in svg
    line = re.search(r'<g id="line2d_\d+">\s*<path d="([^"]*)"[^>]*style="[^"]*stroke: #1f5fbf', svg)
    assert line and len(vertices(line[1])) == 2, "a straight line needs two vertices"


def test_theming_a_foreign_svg_names_what_is_missing():
    with pytest.raises(ValueError, match="figure group"):
        theme_svg("<svg><g id='axes'/></svg>")
    with pytest.raises(TypeError, match="svg must be a str"):
        theme_svg(b"<svg/>")
