"""MkDocs hook: typeset every formula at build (``book.math``); pages load no KaTeX JavaScript.

``on_post_build``: the formulas typeset are kept for the next build.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book.math import MathError, close, save, typeset  # noqa: E402


@event_priority(-50)  # after the lab pages' rewrite has marked their math
def on_page_content(html, page, config, files):
    try:
        return typeset(html, f"docs/{page.file.src_uri}")
    except MathError as err:
        raise PluginError(str(err)) from None


def on_post_build(config):
    save()
    close()


def on_build_error(error):
    close()


def on_shutdown():
    close()
