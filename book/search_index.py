"""One search index per language, so a reader downloads only the edition they read.

Material's search plugin, under mkdocs-static-i18n, writes one index at
``search/search_index.json`` that holds every language; each page's
``__config`` points its search at the site root. :func:`split` writes the
default language's entries back there and each other language's entries to
``LANG/search/search_index.json`` (locations relative to ``LANG/``), and
:func:`language_base` points that edition's pages at their own index.
:func:`without_outputs` keeps what no one searches for, the printed outputs
of examples, out of the index; :class:`Formulas` spares the search reading
the typeset formulas it skips, and :func:`remembered` reading again a page
it has read in an earlier build.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path

from book.cache import ENTRIES, kept, write_atomically
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


def remembered(add_entry, salt: bytes):
    """Material's ``SearchIndex.add_entry_from_context`` with each page's entries kept in the cache.

    Reading a page for the search, its HTML parser and then jieba for Chinese
    text, is a fifth of a warm build. Its entries depend on nothing but the
    page's content, address, title, metadata and table of contents, with the
    code that reads them (``salt``: its versions and sources): a page seen
    before with all of these the same gets its entries back from the file.

    >>> import os, tempfile; from types import SimpleNamespace as N; from unittest import mock
    >>> reads = []
    >>> def add(index, page): index.entries.append({"text": page.content}); reads.append(page.url)
    >>> add_kept, index = remembered(add, b"v1"), N(entries=[])
    >>> page = N(content="a", url="x/", title="X", meta={}, toc=[])
    >>> with mock.patch.dict(os.environ, {"BOOK_CACHE": tempfile.mkdtemp()}):
    ...     add_kept(index, page); add_kept(index, page)
    >>> index.entries, reads
    ([{'text': 'a'}, {'text': 'a'}], ['x/'])
    """

    @functools.wraps(add_entry)
    def add(index, page) -> None:
        def read() -> bytes:  # the page read into an empty index like this one
            scratch = copy.copy(index)
            scratch.entries = []
            add_entry(scratch, page)
            return json.dumps(scratch.entries, ensure_ascii=False).encode("utf-8")

        made_of = json.dumps([page.url, str(page.title), page.meta, _toc(page.toc)], sort_keys=True, default=str)
        index.entries.extend(json.loads(kept(ENTRIES, read, salt, made_of, page.content)))

    add.remembered = True
    return add


def _toc(items) -> list:
    """A table of contents as the search uses it: each heading's id and URL, nested."""
    return [[item.id, item.url, _toc(item.children)] for item in items]
