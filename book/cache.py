"""The build's caches: one root, one key function, atomic writes.

Everything the build keeps between runs lives under one folder,
``$BOOK_CACHE`` (default ``.cache/`` in the project):

- ``pages/KEY/``: what running one page's code produced (its SVG figures and
  ``manifest.json``), keyed by the page's code;
- ``results/``: the kept results of the slow calls (``book.results``);
- ``labs/KEY/``: executed labs; ``labs/figures/``: their SVGs;
- ``downloads/``: the notebooks offered for download;
- ``dist/KEY/``: ``lessons`` as a wheel and an sdist (``book.package``);
- ``jieba.json``: how the search plugin segmented Chinese text;
- ``katex.json``: what KaTeX wrote for each formula (``book.math``);
- ``search/``: each page's entries in the search index (``book.search_index``);
- ``sections/``: each page's HTML cut into sections (``hooks/sections.py``);
- ``lab-css/``: each lab's Jupyter stylesheet, cut to the rules it uses (``book.lab_html``);
- ``mkdocs-jupyter/KEY/``: the labs' pages as mkdocs-jupyter rendered them,
  one folder per edition and version of nbconvert (``hooks/notebooks.py``);
- ``templates/``: the theme's templates compiled by Jinja (``hooks/shared_work.py``);
- ``pdf/``: the book's PDFs from ``make pdf`` (``book.pdf_cache``).

A fresh root is a clean build. Every key mixes in the versions of Python,
numpy and matplotlib, so an upgrade draws everything again instead of
serving figures drawn by the old versions.
"""

from __future__ import annotations

import functools
import hashlib
import os
import platform
import threading
import zlib
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LESSONS = PROJECT / "lessons"
ENV = "BOOK_CACHE"

PAGES, RESULTS, LABS, DOWNLOADS, DIST, SEARCH, PDF = "pages", "results", "labs", "downloads", "dist", "jieba.json", "pdf"
JUPYTER, TEMPLATES, ENTRIES, SECTIONS, LAB_CSS = "mkdocs-jupyter", "templates", "search", "sections", "lab-css"
MATH, NOTEBOOKS = "katex.json", "notebooks"
CACHES = (PAGES, RESULTS, LABS, DOWNLOADS, DIST, SEARCH, PDF, JUPYTER, TEMPLATES, ENTRIES, SECTIONS, LAB_CSS, MATH,
          NOTEBOOKS)


def root() -> Path:
    """The folder that holds every cache of the build."""
    return Path(os.environ.get(ENV) or PROJECT / ".cache")


def path(name: str) -> Path:
    """One cache under the root, named by one of ``CACHES``."""
    if name not in CACHES:
        raise ValueError(f"name: expected one of the caches {', '.join(CACHES)}, got {name!r}")
    return root() / name


@functools.cache  # read once: importlib.metadata looks through every installed package
def versions() -> str:
    """The versions that change what the same code draws or prints."""
    return f"python {platform.python_version()}, numpy {version('numpy')}, matplotlib {version('matplotlib')}"


def key(*parts: str | bytes) -> str:
    """A short, stable key for ``parts`` and the library versions.

    >>> key("a", b"b") == key("a", b"b"), key("a", "b") == key("ab")
    (True, False)
    """
    h = hashlib.sha256(versions().encode())
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode()
        h.update(len(data).to_bytes(8, "little") + data)  # length first: ("a", "b") is not ("ab",)
    return h.hexdigest()[:20]


def source_digest(*paths: Path) -> bytes:
    """A digest of the Python sources at ``paths`` (files, or folders read whole), names and bytes."""
    h = hashlib.sha256()
    for path in paths:
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for p in files:
            name = p.relative_to(path).as_posix() if path.is_dir() else p.name
            h.update(name.encode() + b"\0" + p.read_bytes())
    return h.digest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no reader (another build, a thread) sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def kept(name: str, make: Callable[[], bytes], *parts: str | bytes) -> bytes:
    """What ``make()`` returns for ``parts`` (all it depends on), made once and then read from the cache
    ``name``, compressed.

    >>> import tempfile; from unittest import mock; made = []
    >>> with mock.patch.dict(os.environ, {ENV: tempfile.mkdtemp()}):
    ...     [kept(SECTIONS, lambda: made.append(1) or b"html", "page") for _ in "ab"], made
    ([b'html', b'html'], [1])
    """
    file = path(name) / key(*parts)
    try:
        return zlib.decompress(file.read_bytes())
    except (OSError, zlib.error):  # not made yet (or a file cut short): make it
        data = make()
        write_atomically(file, zlib.compress(data, 1))
        return data
