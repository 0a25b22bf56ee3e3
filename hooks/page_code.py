"""MkDocs hook: run each page's code, draw its figures, put them on the page.

``on_files`` starts every page whose code (or ``lessons``) changed, each in
its own subprocess and several at once, caching the outputs under a hash of
the code, and adds the SVGs to the site as generated files. The pages run
while MkDocs turns the Markdown into HTML; ``on_env``, the last event before
MkDocs copies files into the site, waits for them. ``on_page_markdown``
then places a ``<figure>`` right below each figure block: alt text, caption
and the SVG twice, as ``#only-light`` and ``#only-dark`` (Material shows the
one of the current theme; the dark one is the same file in its dark palette,
see ``lessons.style``). Any failure stops the build with page, line and
traceback. ``FIGURES=off`` skips all of it (to measure the build without it).
The slow calls of a page keep their results in the cache too (see
``book.render``); ``RESULTS=off`` runs them afresh.
"""

from __future__ import annotations

import logging
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from book.pages import Block, PageError, code_hash, parse_page, source_digest  # noqa: E402

log = logging.getLogger("mkdocs.hooks.figures")

# page src_uri -> {figure id: SVG uri}
_FIGURES: dict[str, dict[str, str]] = {}
# the renders on_files started, for on_env to wait for
_PENDING: dict = {}


def cache_root() -> Path:
    return Path(os.environ.get("FIGURE_CACHE", ROOT / ".cache" / "figures"))


def enabled() -> bool:
    return os.environ.get("FIGURES", "on") != "off"


def _render(page: Path, label: str, target: Path) -> str | None:
    """Run one page in a subprocess into ``target``; return an error or None."""
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
           "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    results = [str(target.parent / "results")] if os.environ.get("RESULTS", "on") != "off" else []
    proc = subprocess.run([sys.executable, "-m", "book.render", str(page), label, str(tmp), *results],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        return proc.stderr.strip() or f"{label}: page code exited with status {proc.returncode}"
    if target.exists():  # another build got there first; its bytes are the same
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        tmp.rename(target)
    return None


def on_files(files, config):
    _FIGURES.clear()
    _PENDING.clear()
    if not enabled():
        return files
    start = time.perf_counter()
    lessons = source_digest(ROOT / "lessons")
    tooling = b"".join((ROOT / "book" / n).read_bytes() for n in ("pages.py", "render.py"))
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)

    jobs: dict[Path, tuple[Path, str]] = {}  # cache dir -> (page, label)
    placed: list[tuple[File, list[Block], Path]] = []
    for file in list(files):
        if not file.src_uri.endswith(".md") or file.abs_src_path is None:
            continue
        label = f"docs/{file.src_uri}"
        try:
            blocks = parse_page(Path(file.abs_src_path).read_text(encoding="utf-8"), label)
        except PageError as err:
            raise PluginError(str(err)) from None
        runnable = [b for b in blocks if b.skip_reason is None]
        if not runnable:
            continue
        target = root / code_hash(runnable, lessons, tooling)
        if not (target / "manifest.json").exists():
            jobs.setdefault(target, (Path(file.abs_src_path), label))
        placed.append((file, runnable, target))

    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="figures")
    futures = [pool.submit(_render, page, label, target) for target, (page, label) in jobs.items()]
    pool.shutdown(wait=False)

    n_figures = n_cached = 0
    for file, blocks, target in placed:
        folder = "figures/" + file.src_uri[: -len(".md")]
        uris = {}
        for block in (b for b in blocks if b.figure):  # the SVG may not exist yet: it is copied after on_env
            uris[block.figure] = f"{folder}/{block.figure_file}"
            files.append(File.generated(config, uris[block.figure], abs_src_path=str(target / block.figure_file)))
            n_figures += 1
            n_cached += target not in jobs
        _FIGURES[file.src_uri] = uris
    _PENDING.update(start=start, futures=futures, drawn=n_figures - n_cached, cached=n_cached, jobs=len(jobs))
    return files


@event_priority(100)  # first: nothing may read the SVGs before they exist
def on_env(env, config, files):
    """Wait for the pages on_files started; a failing page stops the build here, before any page is written."""
    if not _PENDING:
        return env
    errors = [e for e in (f.result() for f in _PENDING["futures"]) if e]
    if errors:
        _PENDING.clear()
        raise PluginError("page code failed:\n\n" + "\n\n".join(errors))
    log.info(f"figures: {_PENDING['drawn']} drawn, {_PENDING['cached']} from cache, "
             f"{_PENDING['jobs']} page(s) run, {time.perf_counter() - _PENDING['start']:.1f} s")
    _PENDING.clear()
    return env


def figure_html(block: Block, page_uri: str, uri: str) -> str:
    """The ``<figure>`` placed below a figure block (Markdown inside HTML)."""
    src = posixpath.relpath(uri, posixpath.dirname(page_uri) or ".")
    alt = block.attrs["alt"].replace("[", "\\[").replace("]", "\\]")
    pad = block.indent
    return (f"\n{pad}<figure markdown=\"span\" id=\"fig-{block.figure}\">\n"
            f"{pad}  ![{alt}]({src}#only-light){{ loading=lazy }} ![{alt}]({src}#only-dark){{ loading=lazy }}\n"
            f"{pad}  <figcaption markdown=\"span\">{block.attrs['caption']}</figcaption>\n"
            f"{pad}</figure>\n")


def on_page_markdown(markdown, page, config, files):
    """Strip fence attributes the renderer needs no more; add figures and skip notes."""
    label = f"docs/{page.file.src_uri}"
    try:
        blocks = parse_page(markdown, label)
    except PageError as err:
        raise PluginError(str(err)) from None
    lines = markdown.splitlines()
    figures = _FIGURES.get(page.file.src_uri, {})
    for block in reversed(blocks):  # back to front keeps earlier line numbers valid
        after = ""
        if block.figure and block.figure in figures:
            after = figure_html(block, page.file.src_uri, figures[block.figure])
        elif block.skip_reason is not None:
            after = f"\n{block.indent}*This block is not run by the tests: {block.skip_reason}*\n"
        elif block.figure and enabled():
            raise PluginError(f"{block.where()}: figure #{block.figure} was not drawn")
        lang = "pycon" if block.is_doctest else "python"
        lines[block.line - 1] = f"{block.indent}{block.fence}{lang}"
        if after:
            lines.insert(block.end_line, after)
    return "\n".join(lines) + "\n"
