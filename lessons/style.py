"""The house style: one palette, one set of matplotlib settings, two themes.

Every figure in the book is drawn once, in the light palette, and saved as
one SVG that carries both themes: loaded as ``figure.svg`` it shows the
light palette, loaded as ``figure.svg#only-dark`` (the fragment the book's
dark-theme images use) a small stylesheet inside it swaps each palette
colour for its dark partner. So the two themes can never drift apart, the
page code runs once, and a reader downloads each figure once. Colours
outside the palette are left alone, so draw with ``COLORS`` (or
``PALETTE[...]``) to get a figure that reads in both themes.

>>> print(dark_css().splitlines()[4])
#only-dark:target [style*="fill: #1f5fbf"]{fill:#7cb1ff!important}
"""

from __future__ import annotations

import collections
import io
import re

import matplotlib
import numpy as np

__all__ = ["PALETTE", "DARK", "COLORS", "DARK_TARGET", "use_style", "dark_css", "theme_svg", "themed_svg"]

# Light colours reach WCAG AA contrast (>= 4.5:1) on white; their dark
# partners reach it on Material's slate background.
#: Material's slate (dark theme) background: behind a dark figure opened on its own.
DARK_BACKGROUND = "#1e2129"
PALETTE: dict[str, str] = {
    "ink": "#222222",  # text, spines, ticks
    "grid": "#d9d9d9",
    "blue": "#1f5fbf",
    "orange": "#b35900",
    "green": "#2a7a3b",
    "red": "#b8322a",
    "purple": "#7247a0",
    "gray": "#666666",
    "paper": "#fbe7c6",  # fills: paper, shaded areas
}
DARK: dict[str, str] = {
    "ink": "#e8e8e8",
    "grid": "#474b55",
    "blue": "#7cb1ff",
    "orange": "#ffa94d",
    "green": "#6fd08c",
    "red": "#ff8078",
    "purple": "#c6a0f6",
    "gray": "#a8a8a8",
    "paper": "#5a4a2e",
}
#: The order in which series take colours.
COLORS: list[str] = [PALETTE[k] for k in ("blue", "orange", "green", "red", "purple", "gray")]

_SWAP = {PALETTE[k]: DARK[k] for k in PALETTE}
# Path data: matplotlib writes six decimals of a point; two (1/100 pt) are
# far below what a screen shows and make dense figures a third lighter.
_PATH_DATA = re.compile(r' d="([^"]*)"')
_DIGITS = re.compile(r"(\.\d\d)\d+")
# Straight runs: contours of piecewise-linear functions (every ReLU network)
# come out of matplotlib as one vertex per grid cell along straight edges.
# A vertex within this distance (pt) of the line through its kept neighbours
# is dropped; 0.05 pt is well under a pixel even at 4x zoom.
_TOLERANCE = 0.05
_POLYLINE = re.compile(r"[MLz\s\d.-]*")
# Written short: no trailing zeros, no space around a command or before a minus sign.
_NUMBER = re.compile(r"-?\d+\.\d*")
_SPACE = re.compile(r"\s*([A-Za-z])\s*|\s+(?=-)")
_WHITESPACE = re.compile(r">\s+<")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A style that repeats (every region of a map, every tick) is written once, as a class.
_STYLE_ATTR = re.compile(r' style="([^"]*)"')

_RC = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",  # ships with matplotlib: same glyphs everywhere
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "text.color": PALETTE["ink"],
    "axes.labelcolor": PALETTE["ink"],
    "axes.edgecolor": PALETTE["ink"],
    "xtick.color": PALETTE["ink"],
    "ytick.color": PALETTE["ink"],
    "grid.color": PALETTE["grid"],
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    "lines.linewidth": 2.0,
    "image.cmap": "cividis",
    # Reproducible bytes: fixed ids, text as paths (no font needed to view).
    "svg.hashsalt": "why-deep",
    "svg.fonttype": "path",
    "path.simplify": True,
}


def use_style() -> None:
    """Apply the house style to matplotlib (idempotent; call before plotting)."""
    matplotlib.rcParams.update(_RC)


def _keep(points: np.ndarray, tol: float) -> np.ndarray:
    """Ramer-Douglas-Peucker: a mask of the points to keep so none dropped is farther than ``tol`` from the result."""
    keep = np.zeros(len(points), bool)
    keep[[0, -1]] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue
        ab = points[j] - points[i]
        rel = points[i + 1 : j] - points[i]
        # distance to the segment, not to its line: a path may double back along a straight line
        t = np.clip(rel @ ab / (ab @ ab), 0.0, 1.0) if ab.any() else np.zeros(len(rel))
        dist = np.hypot(*(rel - t[:, None] * ab).T)
        k = int(np.argmax(dist))
        if dist[k] > tol:
            keep[i + 1 + k] = True
            stack += [(i, i + 1 + k), (i + 1 + k, j)]
    return keep


def slim_path(d: str, tol: float = _TOLERANCE) -> str:
    """SVG path data with two decimals, written short; a straight-line path with no vertex that adds nothing,
    each vertex after the first given from the one before.

    Paths with curves (glyphs, markers) keep every vertex, where they are.

    >>> slim_path("M 0 0 L 1.004 0 L 2 0.001 L 3 0 L 3 -3.10 z")
    'M0 0l3 0 0-3.1z'
    >>> slim_path("M 0 0 Q 1.23456 2 3 0")
    'M0 0Q1.23 2 3 0'
    """
    d = _DIGITS.sub(r"\1", d).replace("\n", " ")
    if not _POLYLINE.fullmatch(d) or d.count("L") < 2:
        return _short(d)
    out = []
    for sub in re.findall(r"M[^M]*", d):
        closed = sub.rstrip().endswith("z")
        if sub.count("z") > closed:
            return _short(d)  # drawing on after a close without a move: leave it
        values = sub.replace("M", " ").replace("L", " ").replace("z", " ").split()
        if len(values) % 2:
            return _short(d)  # not a plain polyline after all: leave it
        points = np.array(values, float).reshape(-1, 2)
        kept = np.rint(points[_keep(points, tol)] * 100).astype(int)  # in hundredths: the steps add up exactly
        steps = " ".join(f"{_hundredths(dx)} {_hundredths(dy)}" for dx, dy in np.diff(kept, axis=0))
        out.append(f"M{_hundredths(kept[0, 0])} {_hundredths(kept[0, 1])}" + (f"l{steps}" if steps else "")
                   + ("z" if closed else ""))
    return _short("".join(out))


def _hundredths(n: int) -> str:
    """``n`` hundredths as a short decimal: 250 -> '2.5', -7 -> '-0.07'."""
    whole, frac = divmod(abs(int(n)), 100)
    return ("-" if n < 0 else "") + str(whole) + (f".{frac:02d}".rstrip("0") if frac else "")


def _short(d: str) -> str:
    """Path data in fewer characters, the same path."""
    number = _NUMBER.sub(lambda m: m[0].rstrip("0").rstrip(".") or "0", d)
    return _SPACE.sub(r"\1", number).strip()


#: The URL fragment (and element id) that shows a figure in the dark palette.
DARK_TARGET = "only-dark"
_TOP_GROUP = re.compile(r'<g id="figure_\d+">')


def dark_css(target: str = DARK_TARGET) -> str:
    """The stylesheet that swaps the palette inside the element with id ``target`` when it is the URL's target.

    matplotlib writes colours as ``style="fill: #...; stroke: #..."``; an
    ``!important`` rule outranks such an inline style. The figure itself is
    transparent, to sit on the page; opened on its own (a figure is a link to
    its file) the dark copy gets the dark theme's background, not the
    browser's white.

    >>> dark_css().splitlines()[0]
    '#only-dark:target [style*="fill: #222222"]{fill:#e8e8e8!important}'
    >>> dark_css().splitlines()[-1]
    ':root:has(#only-dark:target){background:#1e2129}'
    """
    swaps = [f'#{target}:target [style*="{prop}: {light}"]{{{prop}:{dark}!important}}'
             for light, dark in _SWAP.items() for prop in ("fill", "stroke")]
    return "\n".join([*swaps, f":root:has(#{target}:target){{background:{DARK_BACKGROUND}}}"])


def theme_svg(svg: str) -> str:
    """Make a matplotlib SVG carry both themes: add the dark stylesheet and its target.

    >>> svg = theme_svg('<svg><g id="figure_1"><path style="fill: #222222"/></g></svg>')
    >>> svg.startswith("<svg><style>"), '<g id="only-dark"><path style="fill: #222222"/>' in svg
    (True, True)

    A style that several elements share becomes a class, with its dark rules:

    >>> svg = theme_svg('<svg><g id="figure_1"><path style="fill: #222222"/><path style="fill: #222222"/></g></svg>')
    >>> print(svg[svg.index("<style>"):svg.index("#only-dark:target [")]); print(svg[svg.index("</style>"):])
    <style>
    .s0{fill: #222222}
    <BLANKLINE>
    </style>
    <g id="only-dark"><path class="s0"/><path class="s0"/></g></svg>
    >>> "#only-dark:target .s0{fill:#e8e8e8!important}" in svg
    True
    """
    if not isinstance(svg, str):
        raise TypeError(f"svg must be a str, got {type(svg).__name__}")
    svg, classes = _classes(svg)
    rules = [f".{name}{{{style}}}" for name, style in classes.items()]
    darks = [f"#{DARK_TARGET}:target .{name}{{{prop}:{dark}!important}}"
             for name, style in classes.items() for light, dark in _SWAP.items() for prop in ("fill", "stroke")
             if f"{prop}: {light}" in style]  # as [style*="fill: #..."] matches an inline style
    css = "\n".join([*rules, dark_css(DARK_TARGET), *darks])
    # the figure's top group becomes the target; the stylesheet goes right before it
    svg, found = _TOP_GROUP.subn(f'<style>\n{css}\n</style>\n<g id="{DARK_TARGET}">', svg, count=1)
    if not found:
        raise ValueError("svg has no matplotlib figure group (<g id=\"figure_1\">) to theme")
    return svg


def _classes(svg: str) -> tuple[str, dict[str, str]]:
    """``svg`` with each inline style that more than one element has given as a class; and
    ``{class: style}``. An SVG that already uses classes is left as it is."""
    if ' class="' in svg:
        return svg, {}
    counts = collections.Counter(_STYLE_ATTR.findall(svg))  # in the order they first appear
    names = {style: f"s{i}" for i, style in enumerate(style for style, n in counts.items() if n > 1)}
    svg = _STYLE_ATTR.sub(lambda m: f' class="{names[m[1]]}"' if m[1] in names else m[0], svg)
    return svg, {name: style for style, name in names.items()}


def themed_svg(fig: "matplotlib.figure.Figure") -> bytes:
    """Save ``fig`` as one SVG for both themes (see the module's docstring), reproducibly.

    >>> import matplotlib.pyplot as plt
    >>> use_style()
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> svg = themed_svg(fig)
    >>> svg == themed_svg(fig), b'<g id="only-dark">' in svg, b"#7cb1ff" in svg
    (True, True, True)
    >>> plt.close(fig)
    """
    if not isinstance(fig, matplotlib.figure.Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": _RC["svg.hashsalt"]}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = _PATH_DATA.sub(lambda m: f' d="{slim_path(m[1])}"', buf.getvalue())
    # comments repeat each text's string; text is drawn as paths, so whitespace between tags is not content
    svg = _WHITESPACE.sub("><", _COMMENT.sub("", svg))
    return theme_svg(svg).encode()
