"""Run one page's code and save its figures: ``python -m book.render PAGE LABEL OUTDIR [RESULTS]``.

Runs in a fresh process for every page (``mkdocs serve`` never reloads hook
modules, so an imported ``lessons`` would go stale). Writes ``ID.svg`` (both
themes in one file, ``lessons.style.themed_svg``) for each figure block plus
``manifest.json``; on failure prints the page, the line and the traceback
and exits with status 1. With RESULTS, the slow calls keep their results
there (see ``SLOW_CALLS``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import sys
import time
import types
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import lessons  # noqa: E402
from book.pages import PageError, parse_page, run_block, source_digest, write_atomically  # noqa: E402
from lessons.style import themed_svg, use_style  # noqa: E402


# The slow calls of the book's experiments. With a results folder, their
# results are kept under a hash of the call and of lessons' sources, so
# editing a page's plotting or prose code does not train its networks again;
# a changed argument (or a changed ``lessons``) computes afresh. The tests
# never use this: they run every call.
SLOW_CALLS = ("compare_depths", "count_pieces")


def _plain(value) -> bool:
    """Whether ``value`` is made only of data and ``lessons`` (whose sources are in the key)."""
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes, np.generic, np.dtype)):
        return True
    if isinstance(value, (tuple, list, frozenset, set)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, np.ndarray):
        return value.dtype != object
    if isinstance(value, type):
        return value.__module__.split(".")[0] in ("numpy", "builtins", "lessons")
    if isinstance(value, types.FunctionType):  # a page's own function could change without a trace
        return value.__module__.split(".")[0] == "lessons" and "<" not in value.__qualname__
    if type(value).__module__.split(".")[0] == "lessons" and hasattr(value, "__dict__"):
        return _plain(vars(value))
    return False


def remember(fn, folder: Path, salt: bytes):
    """``fn`` with its results kept in ``folder``, for calls whose arguments are plain data."""

    @functools.wraps(fn)
    def call(*args, **kwargs):
        if not _plain((args, kwargs)):
            return fn(*args, **kwargs)
        key = hashlib.sha256(salt + pickle.dumps((fn.__module__, fn.__qualname__, args, sorted(kwargs.items())),
                                                 protocol=5)).hexdigest()[:24]
        path = folder / f"{fn.__name__}-{key}.pickle"
        if path.exists():
            return pickle.loads(path.read_bytes())
        result = fn(*args, **kwargs)
        write_atomically(path, pickle.dumps(result, protocol=5))
        return result

    return call


def keep_results(folder: Path) -> None:
    """Route the slow calls through :func:`remember`, for ``lessons.NAME`` and its home module alike."""
    salt = source_digest(Path(lessons.__file__).parent)
    for name in SLOW_CALLS:
        fn = getattr(lessons, name)
        kept = remember(fn, folder, salt)
        setattr(lessons, name, kept)
        setattr(sys.modules[fn.__module__], name, kept)


def render(page: Path, label: str, outdir: Path) -> dict:
    """Run every block of ``page`` in one namespace; return the manifest."""
    start = time.perf_counter()
    blocks = parse_page(page.read_text(encoding="utf-8"), label)
    namespace: dict = {"__name__": "__main__"}
    use_style()
    figures = {}
    for block in blocks:
        if block.skip_reason is not None:
            continue
        run_block(block, namespace)
        if block.figure:
            if not plt.get_fignums():
                raise PageError(f"{block.where()}: figure #{block.figure} block drew no figure")
            svg = themed_svg(plt.gcf())
            plt.close("all")
            (outdir / block.figure_file).write_bytes(svg)
            figures[block.figure] = block.figure_file
    return {"figures": figures, "seconds": round(time.perf_counter() - start, 3)}


def main(argv: list[str]) -> int:
    page, label, outdir = Path(argv[0]), argv[1], Path(argv[2])
    outdir.mkdir(parents=True, exist_ok=True)
    if len(argv) > 3:
        keep_results(Path(argv[3]))
    try:
        manifest = render(page, label, outdir)
    except PageError as err:
        print(err, file=sys.stderr)
        return 1
    (outdir / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
