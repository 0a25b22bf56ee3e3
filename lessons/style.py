"""The house style: one palette, one set of matplotlib settings, two themes.

Every figure in the book is drawn once, in the light palette, and saved as
SVG. The dark variant is the same SVG with each palette colour swapped for
its dark partner, so the two can never drift apart and the page code runs
only once. Colours outside the palette are left alone, so draw with
``COLORS`` (or ``PALETTE[...]``) to get a figure that reads in both themes.

>>> use_style()
>>> to_dark('<path style="stroke: #1f5fbf"/>')
'<path style="stroke: #7cb1ff"/>'
"""

from __future__ import annotations

import io
import re

import matplotlib

__all__ = ["PALETTE", "DARK", "COLORS", "use_style", "to_dark", "svg_variants"]

# Light colours reach WCAG AA contrast (>= 4.5:1) on white; their dark
# partners reach it on Material's slate background (#1e2129).
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


def to_dark(svg: str) -> str:
    """Return ``svg`` with every palette colour replaced by its dark partner.

    >>> to_dark('fill="#222222"')
    'fill="#e8e8e8"'
    """
    if not isinstance(svg, str):
        raise TypeError(f"svg must be a str, got {type(svg).__name__}")
    out = []
    i = 0
    # One pass so a swapped colour is never swapped again.
    while True:
        j = svg.find("#", i)
        if j < 0:
            out.append(svg[i:])
            return "".join(out)
        key = svg[j : j + 7].lower()
        out.append(svg[i:j])
        if key in _SWAP:
            out.append(_SWAP[key])
            i = j + 7
        else:
            out.append("#")
            i = j + 1


def svg_variants(fig: "matplotlib.figure.Figure") -> tuple[bytes, bytes]:
    """Save ``fig`` as SVG and return ``(light, dark)`` bytes, reproducibly.

    >>> import matplotlib.pyplot as plt
    >>> use_style()
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> light, dark = svg_variants(fig)
    >>> light == svg_variants(fig)[0] and b"#7cb1ff" in dark
    True
    >>> plt.close(fig)
    """
    if not isinstance(fig, matplotlib.figure.Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": _RC["svg.hashsalt"]}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    light = _PATH_DATA.sub(lambda m: ' d="' + _DIGITS.sub(r"\1", m[1]).replace("\n", "") + '"', buf.getvalue())
    return light.encode(), to_dark(light).encode()
