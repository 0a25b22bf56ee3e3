"""Collect the book's code as tests, and build the site once for every test that reads it.

- every Python block and ``>>>`` example in ``docs/**/*.md``, in page order,
  one namespace per page, parsed by the same code the build uses; each
  figure compared, byte for byte, with the one the build drew; the slow
  experiments' results taken from that build (it ran them, from an empty
  cache, in this same test run); a translation whose code is its English
  page's runs once, with that page;
- the examples of the package's own README (``lessons/README.md``, what PyPI shows);
- every docstring example in ``lessons/`` and in the build's tooling, ``book/``.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import matplotlib  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from sybil import Region, Sybil  # noqa: E402
from sybil.sybil import SybilCollection  # noqa: E402
from sybil.parsers.rest import DocTestParser  # noqa: E402

import pytest  # noqa: E402

from book.cache import LESSONS, source_digest  # noqa: E402
from book.pages import DOCTEST_FLAGS, PageError, drawn_figure, parse_page, run_frames  # noqa: E402
from book.page_runs import page_key  # noqa: E402
from book.results import keep_results  # noqa: E402
from lessons.style import themed_svg, use_style  # noqa: E402
from tests import site_build  # noqa: E402


def _build_folder(config) -> Path:
    """Where the test run's build goes: in the run's temporary folder, common to all workers."""
    base = config._tmp_path_factory.getbasetemp()
    return (base.parent if hasattr(config, "workerinput") else base) / "build"


def _needs_site(item) -> bool:
    return "built_site" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected: a run without site tests starts no build
def pytest_collection_modifyitems(config, items):
    """Tests that need no built site first, while the build (started now) runs."""
    items.sort(key=_needs_site)  # stable: each group keeps its order
    if any(_needs_site(item) for item in items) and not config.option.collectonly:
        site_build.start(_build_folder(config))


@pytest.fixture(scope="session")
def built_site(request):
    """The whole book built once with --strict from an empty cache, under a sub-path (as GitHub Pages
    serves it: ``SUBPATH_SITE_URL``): (site, cache root, build log).

    One build per test run, shared by the workers, started in the background
    at collection (``tests/site_build.py``).
    """
    return site_build.wait(_build_folder(request.config))


def runnable(text: str, label: str) -> list:
    return [b for b in parse_page(text, label) if b.skip_reason is None]


def same_code(blocks) -> list:
    """What must match between a page and its translation: code, classes, figure ids, explored values."""
    return [(b.code, b.classes, b.figure, b.attrs.get("explore"), b.attrs.get("start")) for b in blocks]


def runs_with_english_page(path: Path, blocks) -> bool:
    """A translation whose code is its English page's runs once, with that page.

    ``tests/test_i18n.py`` checks that every translation carries its English
    page's code; a translation whose code differs runs on its own.
    """
    english = path.with_name(path.name.removesuffix(".zh.md") + ".md")
    return path.name.endswith(".zh.md") and english.exists() and same_code(
        runnable(english.read_text(encoding="utf-8"), str(english))) == same_code(blocks)


def page_blocks(document):
    """Sybil parser: one region per runnable Python block of a page."""
    blocks = runnable(document.text, os.path.relpath(document.path))
    if runs_with_english_page(Path(document.path), blocks):
        return
    for block in blocks:
        yield Region(block.start, block.end, (block, page_key(blocks)), evaluate_block)


_restore_calls: list = []  # while a page runs: puts lessons' slow calls back when it ends


def evaluate_block(example):
    """Run one block; a returned string is sybil's short failure report.

    A figure must be the one the build drew, byte for byte: two runs of the
    same code (the build's, in a fresh process, and this one) agree.
    """
    block, key = example.parsed
    built = example.namespace.get("built_site")
    if built is not None and not _restore_calls:  # the page's first block: use what the build computed
        _restore_calls.append(keep_results(built[1] / "results", source_digest(LESSONS)))
    try:
        for value in run_frames(block, example.namespace):  # every frame of an explorable figure
            if block.figure:
                svg = themed_svg(drawn_figure(block))
                plt.close("all")
                name = block.figure_file if value is None else block.frame_file(value)
                if built is not None and (built[1] / "pages" / key / name).read_bytes() != svg:
                    return f"{block.where()}: figure #{block.figure} ({name}) differs from the one the build drew"
    except PageError as err:
        return str(err)
    return None


def _page_setup(namespace):
    matplotlib.rcdefaults()  # a page that changed rcParams does not change the next page's figures
    use_style()
    namespace["__name__"] = "__main__"


def _page_teardown(namespace):
    plt.close("all")
    while _restore_calls:
        _restore_calls.pop()()


pages = Sybil(parsers=[page_blocks], path="docs", patterns=["*.md"], fixtures=["built_site"],
              setup=_page_setup, teardown=_page_teardown, name="pages")
docstrings = Sybil(parsers=[DocTestParser(optionflags=DOCTEST_FLAGS)], path="lessons",
                   patterns=["*.py"], name="docstrings")
package_readme = Sybil(parsers=[page_blocks], path="lessons", patterns=["README.md"],
                       setup=_page_setup, teardown=_page_teardown, name="package-readme")
tooling = Sybil(parsers=[DocTestParser(optionflags=DOCTEST_FLAGS)], path="book",
                patterns=["*.py"], name="tooling")
pytest_collect_file = SybilCollection([pages, package_readme, docstrings, tooling]).pytest()
