"""The words a figure draws, and whether a caption glosses them.

Figures are drawn once, by the same code, for both editions, so their labels
are English. The renderer records the text each figure draws
(:func:`drawn_text`, kept in the page's ``manifest.json``); a Chinese caption
glosses a figure when it names every English word drawn in it
(:func:`unglossed`), e.g. ``横轴 threshold t 为阈值 t``.
"""

from __future__ import annotations

import re

# Words a gloss need not repeat: articles and the like, and what the Chinese text writes as is.
PLAIN = {"a", "an", "and", "as", "at", "by", "for", "in", "is", "of", "on", "or", "per", "the", "to", "vs",
         "with", "relu", "relus", "mse", "max", "min", "log", "sin"}
_MATH = re.compile(r"\$[^$]*\$")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]")


def drawn_text(fig) -> list[str]:
    """Every text a drawn matplotlib figure shows (titles, labels, ticks, legends, annotations).

    Call it after the figure was drawn (saved): tick labels are set while drawing.
    """
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    found: set[str] = set()

    def walk(artist) -> None:
        if not artist.get_visible():
            return
        if isinstance(artist, Text) and artist.get_text().strip():
            found.add(artist.get_text())
        hidden_axes = isinstance(artist, Axes) and not artist.axison  # ax.axis("off") hides its axes
        for child in artist.get_children():
            if not (hidden_axes and isinstance(child, Axis)):
                walk(child)

    walk(fig)
    return sorted(found)


def english_words(texts: list[str]) -> list[str]:
    """The English words in ``texts`` that a reader may need glossed (math and short words left out).

    >>> english_words(["loss of $h_t$", "threshold t", "10^4", "4 hidden layers, median"])
    ['hidden', 'layers', 'loss', 'median', 'threshold']
    """
    words = {w.lower() for text in texts for w in _WORD.findall(_MATH.sub(" ", text))}
    return sorted(words - PLAIN)


def unglossed(caption: str, texts: list[str]) -> list[str]:
    """The English words drawn in a figure that its caption does not name (a plural may be named
    in the singular).

    >>> unglossed("横轴 threshold t 为阈值；图例 hidden layer(s) 指隐藏层", ["threshold t", "2 hidden layers", "median"])
    ['median']
    """
    def named(word: str) -> bool:
        forms = {word, word[:-1]} if word.endswith("s") else {word}
        return any(re.search(rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])", caption, re.I) for f in forms)

    return [w for w in english_words(texts) if not named(w)]
