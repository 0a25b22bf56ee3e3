"""While ``mkdocs serve`` runs, a page whose code fails says so on the page itself.

The terminal shows the error too, but a contributor looks at the browser:
without this, the build stops, the browser keeps the old page, and a reload
waits until the error is fixed. ``make site`` and the tests never use it:
there a failing block fails the build.
"""

from __future__ import annotations

import html
import re

_LINE = re.compile(r"^(docs/[^\s:]+):(\d+):")
_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)')


def error_box(message: str) -> str:
    """An admonition with the error, and where to fix it.

    >>> box = error_box("docs/p.md:7: this block raised\\nZeroDivisionError: division by zero")
    >>> "Fix docs/p.md at line 7" in box, "ZeroDivisionError" in box
    (True, True)
    """
    where = _LINE.match(message)
    fix = (f"Fix {where[1]} at line {where[2]} and save: this page reloads by itself."
           if where else "Fix the page and save: this page reloads by itself.")
    return ('<div class="admonition failure" role="alert"><p class="admonition-title">'
            "This page's code failed: the figures and numbers below may be missing or stale</p>"
            f"<p>{html.escape(fix)}</p><pre><code>{html.escape(message)}</code></pre></div>")


def with_error(page_html: str, message: str) -> str:
    """``page_html`` with :func:`error_box` at the top of its article (or of its body)."""
    box = error_box(message)
    if _ARTICLE.search(page_html):
        return _ARTICLE.sub(lambda m: m[1] + box, page_html, count=1)
    return page_html.replace("<body>", "<body>" + box, 1) if "<body>" in page_html else box + page_html
