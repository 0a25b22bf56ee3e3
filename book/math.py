"""Math typeset at build: KaTeX's HTML (and MathML, for screen readers) in place of the TeX.

pymdownx.arithmatex (``generic: true``) leaves each formula as TeX in a
``span.arithmatex`` (``\\(...\\)``) or a ``div.arithmatex`` (``\\[...\\]``); the
lab pages get the same markup (``book.lab_html``). Here the vendored
``book/vendor/katex.min.js`` runs in an embedded V8 (``mini-racer``, a wheel from the
package index: no Node.js, nothing fetched) and each formula is replaced by
what ``katex.renderToString`` gives, so the reader's browser typesets
nothing and needs only KaTeX's stylesheet and fonts. A formula KaTeX cannot
parse raises :class:`MathError` naming the page and the TeX. Rendered
formulas sit in an element marked ``data-search-exclude``, so search previews
never show TeX or KaTeX's markup. It is an element of its own name because
Material's search parser tells elements apart by tag alone: an excluded
``<span>`` would end at the first inner ``</span>`` KaTeX writes.

What KaTeX wrote for each formula is kept in the cache (``katex.json``,
keyed by KaTeX's and this module's sources; :func:`save` writes it), so a
build whose formulas did not change never starts V8.
"""

from __future__ import annotations

import atexit
import hashlib
import html
import json
import re

from book import cache
from book.cache import PROJECT

KATEX = PROJECT / "book" / "vendor" / "katex.min.js"  # the version docs/assets/katex/VERSION.txt names
_MATH = re.compile(r'<(span|div) class="arithmatex"( tabindex="0")?>(.*?)</\1>', re.S)
SEARCH_EXCLUDED = "katex-formula"  # an unknown element: inline, styled by nothing
# A typeset formula as it stands in a page: (opening tag, what KaTeX wrote, closing tag).
FORMULA = re.compile(rf"(<{SEARCH_EXCLUDED}\b[^>]*>)(.*?)(</{SEARCH_EXCLUDED}>)", re.S)
_DELIMITED = re.compile(r"^\s*\\([(\[])(.*)\\([)\]])\s*$", re.S)
# The TeX again, inside the MathML: for KaTeX's copy-as-TeX script, which the book does not load;
# screen readers read the MathML itself. A tenth of a formula's markup.
_TEX_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">.*?</annotation>', re.S)


class MathError(Exception):
    """A formula KaTeX cannot typeset; the message names the page and the TeX."""


_context = []  # the one V8 context with KaTeX loaded, while a build runs


def _katex():
    if not _context:
        from py_mini_racer import MiniRacer

        _context.append(MiniRacer())
        _context[0].eval(KATEX.read_text(encoding="utf-8"))
    return _context[0]


@atexit.register
def close() -> None:
    """Free the V8 context. Call it before the process exits: freed during interpreter
    shutdown (garbage collection), mini-racer can wait forever for its own, already stopped,
    event loop thread."""
    while _context:
        _context.pop().close()


_typeset: dict[str, str] = {}  # what KaTeX wrote for each formula ("I" or "D" for inline or display, then the TeX)
_loaded, _dirty = False, False


def _sources() -> str:
    return hashlib.sha256(KATEX.read_bytes() + cache.source_digest(PROJECT / "book" / "math.py")).hexdigest()


def _kept() -> dict[str, str]:
    global _loaded
    if not _loaded:
        _loaded = True
        try:
            data = json.loads(cache.path(cache.MATH).read_text(encoding="utf-8"))
            if data["sources"] == _sources():
                _typeset.update(data["formulas"])
        except (OSError, ValueError, KeyError):  # none kept yet, or kept by other sources
            pass
    return _typeset


def save() -> None:
    """Keep the formulas typeset so far for the next build."""
    global _dirty
    if _dirty:
        data = {"sources": _sources(), "formulas": _typeset}
        cache.write_atomically(cache.path(cache.MATH), json.dumps(data, ensure_ascii=False).encode("utf-8"))
        _dirty = False


def render(tex: str, display: bool) -> str:
    """KaTeX's HTML and MathML (without the TeX annotation) for ``tex``; raises ValueError with KaTeX's message.

    >>> shown = render("x^2", False)
    >>> shown.startswith('<span class="katex"><span class="katex-mathml"><math'), "x^2" in shown
    (True, False)
    """
    global _dirty
    key = ("D" if display else "I") + tex
    if key not in _kept():
        try:
            shown = _katex().call("katex.renderToString", tex, {"displayMode": display, "throwOnError": True,
                                                               "output": "htmlAndMathml", "strict": "error"})
        except Exception as err:  # py_mini_racer's JSEvalException carries KaTeX's ParseError text
            message = str(err).splitlines()[0]
            raise ValueError(message.split("ParseError: ", 1)[-1]) from None
        _typeset[key], _dirty = _TEX_ANNOTATION.sub("", shown), True
    return _typeset[key]


def typeset(page_html: str, where: str) -> str:
    """Every arithmatex formula of a page typeset; ``where`` names the page in errors.

    >>> typeset('<p>a <span class="arithmatex">\\\\(x &lt; 1\\\\)</span></p>', "p.md").count("katex-mathml")
    1
    """

    def one(m: re.Match) -> str:
        tag, extra, body = m[1], m[2] or "", m[3]
        parts = _DELIMITED.match(html.unescape(body))
        if not parts:
            raise MathError(f"{where}: math without \\( \\) or \\[ \\] delimiters: {body.strip()[:80]!r}")
        try:
            shown = render(parts[2], parts[1] == "[")
        except ValueError as err:
            raise MathError(f"{where}: KaTeX cannot typeset {parts[2].strip()!r}: {err}") from None
        return f'<{tag} class="arithmatex"{extra}><{SEARCH_EXCLUDED} data-search-exclude="math">{shown}</{SEARCH_EXCLUDED}></{tag}>'

    return _MATH.sub(one, page_html)
