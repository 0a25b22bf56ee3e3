"""MkDocs hook: a page's sections rendered only when they come near the screen (``book.sections``).

``on_page_content``, after the other hooks have changed the page (a lab's
rewrite, the math): the text between headings wrapped for
``content-visibility``, and every code block focusable until Material mounts it.
Kept in the cache (``book.cache.kept``) by the page's HTML and this code's
sources: an unchanged page is not parsed again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book import cache  # noqa: E402
from book.sections import focusable_code, wrap  # noqa: E402

_SOURCES = cache.source_digest(*(Path(PROJECT) / "book" / name for name in ("sections.py", "math.py")))


@event_priority(-100)  # after the math (-50): the sections hold the typeset formulas
def on_page_content(html, page, config, files):
    return cache.kept(cache.SECTIONS, lambda: wrap(focusable_code(html)).encode(), _SOURCES, html).decode()
