"""A page's sections, rendered by the browser only when they come near the screen.

While a page starts, Material's script switches the palette and measures the
page several times, and each time the browser restyles every element: on a
chapter, thousands of them, most in formulas and highlighted code, far below
the screen. :func:`wrap` puts the text between two headings in a
``div.section-body``, which ``extra.css`` gives ``content-visibility: auto``:
the browser skips styling and laying out what it holds until it nears the
screen. Headings stay outside, so the table of contents, links to them and
Material's scroll tracking find them where they are. A lab's sections are
runs of notebook cells between the cells that hold a heading. A long run is
cut into several sections, so that what nears the screen is drawn a few
screens at a time, not a whole lab part at once.

The top of a page is left as it is, up to about two screens of a large
monitor (:data:`EAGER`; a Chinese character is as wide as two letters): the
browser decides what is near the screen only when it first draws the page,
and Material's script measures the page before that; a section skipped then
and drawn after would count as a layout shift of everything below it.

Material then mounts a code block (its copy button, and whether it scrolls)
when the block comes into view (the ``content.lazy`` feature), not all at
once while the page starts. Until then a code block must still be reachable
with the keyboard if it scrolls sideways: :func:`focusable_code` makes every
one focusable, and Material takes the ones that fit out of the tab order
when it mounts them, as it always did.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from book.math import FORMULA

SECTION = '<div class="section-body">'
EAGER = 5000  # characters of text at the top of a page that are never skipped (a Chinese one counts 2, a figure 1500)
_FIGURE = 750  # each of a figure's two images (light and dark)
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]*>", re.S)  # and what scripts and styles hold
_HEADING = re.compile(r"h[1-6]")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uff60]")  # CJK characters and punctuation, full width
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_NOTEBOOK = 'class="jp-Notebook"'
_CODE = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code>")


class _Children(HTMLParser):
    """The children of the container: the page itself, or a lab's ``div.jp-Notebook``.

    ``children``: [start offset, whether it is or holds a heading]; ``end``:
    where the container's content ends; ``balanced``: whether every element
    closed where it should (if not, the page is left as it is).
    """

    def __init__(self, text: str, notebook: bool):
        super().__init__(convert_charrefs=False)
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self._open_tags: list[str] = []
        self._level = None if notebook else 0  # the depth of the container's children, once known
        self._open = not notebook  # inside the container
        self.children: list[list] = []
        self.end = len(text)
        self.balanced = True
        # A typeset formula is a third of a chapter's tags, and none is a child of the page: read each as blank
        # text of the same length and lines, so that every offset reported stays true.
        self.feed(FORMULA.sub(_blank, text))
        self.close()
        self.balanced &= not self._open_tags

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        self.handle_startendtag(tag, attrs)
        if self._level is None and tag == "div" and ("class", "jp-Notebook") in attrs:
            self._level, self._open = len(self._open_tags) + 1, True
        if tag not in _VOID:
            self._open_tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        if not self._open:
            return
        if len(self._open_tags) == self._level:
            self.children.append([self._offset(), False])
        if _HEADING.fullmatch(tag):
            self.children[-1][1] = True

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if not self._open_tags or self._open_tags.pop() != tag:
            self.balanced = False
        if self._open and self._level and len(self._open_tags) == self._level - 1:
            self.end, self._open = self._offset(), False  # the notebook's closing tag


def _blank(formula: re.Match) -> str:
    return formula[1] + re.sub(r"[^\n]", " ", formula[2]) + formula[3]


def weight(html: str) -> int:
    """About how much room ``html`` takes: its characters of text (a Chinese one as wide as two letters), and its
    images.

    >>> weight('<p>two  words</p><img src="a.svg"><script>let x = 1;</script>'), weight('<p>深度，x</p>')
    (759, 7)
    """
    text = " ".join(_TAGS.sub(" ", html).split())
    return len(text) + len(_WIDE.findall(text)) + _FIGURE * html.count("<img")


def wrap(html: str, eager: int = EAGER, longest: int = EAGER) -> str:
    """Each run of children between two headings, after the first ``eager`` characters, in a section; a run
    split where the top ends, and where it grows past ``longest`` (a long lab is drawn a few cells at a time).

    >>> wrap('<h1>T</h1>\\n<p>a</p>\\n<ul><li>b</li></ul>\\n<h2>S</h2>\\n<p>c <img src="x.svg"></p>\\n', eager=0)
    '<h1>T</h1>\\n<div class="section-body"><p>a</p>\\n<ul><li>b</li></ul>\\n</div><h2>S</h2>\\n<div class="section-body"><p>c <img src="x.svg"></p>\\n</div>'
    >>> wrap('<h1>T</h1><p>a</p><h2>S</h2><p>c</p>', eager=3)
    '<h1>T</h1><p>a</p><h2>S</h2><div class="section-body"><p>c</p></div>'
    >>> wrap('<h1>T</h1><p>ab</p><p>cd</p><p>ef</p><p>gh</p><p>ij</p>', eager=3, longest=4)
    '<h1>T</h1><p>ab</p><div class="section-body"><p>cd</p><p>ef</p></div><div class="section-body"><p>gh</p><p>ij</p></div>'

    In a lab, the children of the notebook; a cell that holds a heading is
    one. A page whose tags do not balance is left as it is:

    >>> wrap('<div class="jupyter-wrapper"><div class="jp-Notebook"><div><h2>A</h2></div><div>x</div></div></div>', 0)
    '<div class="jupyter-wrapper"><div class="jp-Notebook"><div><h2>A</h2></div><div class="section-body"><div>x</div></div></div></div>'
    >>> wrap('<p>a</div><h2>b</h2><p>c</p>', 0)
    '<p>a</div><h2>b</h2><p>c</p>'
    """
    found = _Children(html, _NOTEBOOK in html)
    if not found.balanced or not found.children:
        return html
    starts = [start for start, _ in found.children] + [found.end]
    out, run, above, top = [html[: starts[0]]], [], weight(html[: starts[0]]), 0

    def section() -> str:  # the run so far, in a section if it starts below the page's top
        return SECTION + "".join(run) + "</div>" if run and top >= eager else "".join(run)

    for (start, heading), end in zip(found.children, starts[1:]):
        piece = html[start:end]
        if heading:
            out += [section(), piece]
            run = []
        else:
            if run and (top < eager <= above or above - top >= longest):  # the top ends here, or a long run
                out.append(section())
                run = []
            top = top if run else above
            run.append(piece)
        above += weight(piece)
    out.append(section())
    return "".join(out) + html[found.end:]


def focusable_code(html: str) -> str:
    """Every highlighted code block focusable until Material mounts it.

    >>> focusable_code('<div class="highlight"><pre><span></span><code>x = 1\\n</code></pre></div>')
    '<div class="highlight"><pre><span></span><code tabindex="0">x = 1\\n</code></pre></div>'
    """
    return _CODE.sub(r'\1<code tabindex="0">', html)
