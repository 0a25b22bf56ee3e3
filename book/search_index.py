"""One search index per language, so a reader downloads only the edition they read.

Material's search plugin, under mkdocs-static-i18n, writes one index at
``search/search_index.json`` that holds every language; each page's
``__config`` points its search at the site root. :func:`split` writes the
default language's entries back there and each other language's entries to
``LANG/search/search_index.json`` (locations relative to ``LANG/``), and
:func:`language_base` points that edition's pages at their own index.
:func:`without_outputs` keeps what no one searches for, the printed outputs
of examples, out of the index; :class:`Formulas` spares the search reading
the typeset formulas it skips.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from book.cache import write_atomically
from book.math import FORMULA

INDEX = "search/search_index.json"
_OUTPUT = re.compile(r'<span class="go">')
_BASE = re.compile(r'("base":\s*")([^"]*)(")')


def split(site: Path, others: list[str]) -> dict[str, int]:
    """Split the site's index by language (``others``: the non-default ones); entries per index.

    >>> import tempfile; site = Path(tempfile.mkdtemp())
    >>> docs = [{"location": "", "text": "a"}, {"location": "zh/#x", "text": "b"}, {"location": "zh/", "text": "c"},
    ...         {"location": "zh-TW/", "text": "d"}]
    >>> write_atomically(site / INDEX, json.dumps({"config": {"lang": ["en", "zh"]}, "docs": docs}).encode())
    >>> split(site, ["zh", "zh-TW"]), json.loads((site / "zh" / INDEX).read_text())["docs"][0]["location"]
    ({'': 1, 'zh': 2, 'zh-TW': 1}, '#x')
    >>> json.loads((site / "zh-TW" / INDEX).read_text())["config"]["lang"]
    ['en', 'zh']
    """
    index = json.loads((site / INDEX).read_text(encoding="utf-8"))
    counts = {}
    for lang in ["", *others]:
        prefix = f"{lang}/" if lang else ""
        if lang:
            mine = [d for d in index["docs"] if d["location"].startswith(prefix)]
        else:
            mine = [d for d in index["docs"] if not any(d["location"].startswith(f"{o}/") for o in others)]
        docs = [{**d, "location": d["location"][len(prefix):]} for d in mine]
        lunr = {"en", lang, lang.split("-")[0]}  # lunr.js knows zh, not zh-TW: the generated edition searches as zh
        config = {**index["config"], "lang": [x for x in index["config"]["lang"] if x in lunr]}
        write_atomically(site / prefix / INDEX,
                         json.dumps({**index, "config": config, "docs": docs}, ensure_ascii=False,
                                    separators=(",", ":")).encode("utf-8"))
        counts[lang] = len(docs)
    return counts


def language_base(page_html: str, lang: str) -> str:
    """A page of edition ``lang`` with its ``__config`` base (where search looks) at ``lang/``.

    The base ends in a slash: Material resolves ``search/search_index.json``
    against it, and against ``../zh`` that would be ``../search/...``.

    >>> language_base('<script id="__config">{"base": "../.."}</script>', "zh")
    '<script id="__config">{"base": "../../zh/"}</script>'
    """
    head, found, rest = page_html.partition('<script id="__config"')
    if not found:
        return page_html
    return head + found + _BASE.sub(lambda m: f"{m[1]}{m[2].rstrip('/') or '.'}/{lang}/{m[3]}", rest, count=1)


def without_outputs(page_html: str) -> str:
    """Printed outputs of ``>>>`` examples (pygments' ``go`` spans) left out of the index.

    Material's search skips an element marked ``data-search-exclude`` and then
    drops the mark from the page; an output span holds no other span, so the
    skip ends with it.

    >>> without_outputs('<span class="gp">&gt;&gt;&gt; </span>f() <span class="go">42</span>')
    '<span class="gp">&gt;&gt;&gt; </span>f() <span class="go" data-search-exclude="output">42</span>'
    """
    return _OUTPUT.sub('<span class="go" data-search-exclude="output">', page_html)


class Formulas:
    """A page's typeset formulas taken out while Material's search reads it, and put back after.

    The search skips every formula (``book.math`` marks each one excluded), but
    its parser still reads each tag KaTeX wrote: a third of a chapter's tags,
    and about a tenth of a warm build's CPU time. :meth:`take` leaves each formula's
    element empty (still marked, so the index is the same); :meth:`put_back`
    fills the elements again, in order, in what the search left of the page
    (it drops the marks).

    >>> f = Formulas()
    >>> page = f.take('a <katex-formula data-search-exclude="math"><span>x</span></katex-formula> b')
    >>> page
    'a <katex-formula data-search-exclude="math"></katex-formula> b'
    >>> f.put_back(page.replace(' data-search-exclude="math"', ''))
    'a <katex-formula><span>x</span></katex-formula> b'
    >>> Formulas().put_back(page)
    Traceback (most recent call last):
    ...
    ValueError: 0 formulas taken out, but the page now has 1
    """

    def __init__(self):
        self._bodies: list[str] = []

    def take(self, page_html: str) -> str:
        self._bodies = [m[2] for m in FORMULA.finditer(page_html)]
        return FORMULA.sub(r"\1\3", page_html) if self._bodies else page_html

    def put_back(self, page_html: str) -> str:
        bodies, self._bodies = self._bodies, []
        if (now := len(FORMULA.findall(page_html))) != len(bodies):
            raise ValueError(f"{len(bodies)} formulas taken out, but the page now has {now}")
        found = iter(bodies)
        return FORMULA.sub(lambda m: m[1] + next(found) + m[3], page_html)
