"""Collect the book's code as tests.

- every Python block and ``>>>`` example in ``docs/**/*.md``, in page order,
  one namespace per page, parsed by the same code the build uses;
- the examples of the package's own README (``lessons/README.md``, what PyPI shows);
- every docstring example in ``lessons/`` and in the build's tooling, ``book/``.
"""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import matplotlib.pyplot as plt  # noqa: E402
from sybil import Region, Sybil  # noqa: E402
from sybil.sybil import SybilCollection  # noqa: E402
from sybil.parsers.rest import DocTestParser  # noqa: E402

from book.pages import DOCTEST_FLAGS, PageError, drawn_figure, parse_page, run_frames  # noqa: E402
from lessons.style import use_style  # noqa: E402


def page_blocks(document):
    """Sybil parser: one region per runnable Python block of a page."""
    for block in parse_page(document.text, os.path.relpath(document.path)):
        if block.skip_reason is None:
            yield Region(block.start, block.end, block, evaluate_block)


def evaluate_block(example):
    """Run one block; a returned string is sybil's short failure report."""
    block = example.parsed
    try:
        for _ in run_frames(block, example.namespace):  # every frame of an explorable figure
            if block.figure:
                drawn_figure(block)
                plt.close("all")
    except PageError as err:
        return str(err)
    return None


def _page_setup(namespace):
    use_style()
    namespace["__name__"] = "__main__"


def _page_teardown(namespace):
    plt.close("all")


pages = Sybil(parsers=[page_blocks], path="docs", patterns=["*.md"],
              setup=_page_setup, teardown=_page_teardown, name="pages")
docstrings = Sybil(parsers=[DocTestParser(optionflags=DOCTEST_FLAGS)], path="lessons",
                   patterns=["*.py"], name="docstrings")
package_readme = Sybil(parsers=[page_blocks], path="lessons", patterns=["README.md"],
                       setup=_page_setup, teardown=_page_teardown, name="package-readme")
tooling = Sybil(parsers=[DocTestParser(optionflags=DOCTEST_FLAGS)], path="book",
                patterns=["*.py"], name="tooling")
pytest_collect_file = SybilCollection([pages, package_readme, docstrings, tooling]).pytest()
