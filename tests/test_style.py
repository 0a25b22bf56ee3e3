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
    """The points of a polyline's path data, absolute (``M``, ``L``) or relative (``l``), added up in
    hundredths (what slim_path writes) so a point is exactly where the steps lead."""
    points, command, numbers = [], "M", []
    for token in re.findall(r"[MLlz]|-?\d+(?:\.\d+)?", d):
        if token in "MLlz":
            command = token
            continue
        numbers.append(round(float(token) * 100))
        if len(numbers) == 2:
            relative = command == "l" and points
            points.append((points[-1][0] + numbers[0], points[-1][1] + numbers[1]) if relative else tuple(numbers))
            numbers = []
    return np.array(points).reshape(-1, 2) / 100


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
    assert slim.endswith("z") == closed
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
    assert slim_path(run) == "M0 2l9.9 0 0 3"
    glyph = "M 1.123456 2 Q 3 4 5 6 L 7 8 L 9 10 z"
    assert slim_path(glyph) == "M1.12 2Q3 4 5 6L7 8L9 10z"


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


def test_a_style_many_elements_share_is_one_class_with_its_dark_rules():
    use_style()
    fig, ax = plt.subplots()
    ax.bar(range(20), range(1, 21), color=PALETTE["blue"])
    svg = themed_svg(fig).decode()
    plt.close(fig)
    ours = re.search(r"<style>\n(.*?)</style>", svg, re.S)  # matplotlib's own is <style type="text/css">
    css, figure = ours[1], svg[ours.end():]
    used = re.findall(r' class="(s\d+)"', svg)
    rules = dict(re.findall(r"^\.(s\d+)\{([^}]*)\}$", css, re.M))
    assert set(used) == set(rules) and all(used.count(name) > 1 for name in rules), (used, rules)
    bars = [name for name, style in rules.items() if f"fill: {PALETTE['blue']}" in style]
    assert len(bars) == 1 and used.count(bars[0]) == 20, rules
    assert f"#only-dark:target .{bars[0]}{{fill:{DARK['blue']}!important}}" in css
    assert f'fill: {PALETTE["blue"]}' not in figure, "no bar keeps its own style"
