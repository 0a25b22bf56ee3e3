"""Run the pages whose code changed, each in a subprocess, several at once.

Every page with runnable blocks gets a folder in the page cache named by
:func:`page_key`: its code, its figure ids, the sources of ``lessons`` and
of the renderer, and the library versions. A page whose folder holds a
``manifest.json`` is not run again; pages with the same code (a chapter and
its translation) share one folder and run once. The others run in the
background (``python -m book.render``) while the build goes on; the build
waits in :meth:`PageRuns.wait` before it copies any file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from book import cache
from book.background import Background
from book.pages import Block, PageError, parse_page

# What a page's outputs depend on besides its own code.
RENDERER = [cache.PROJECT / "book" / n for n in ("pages.py", "render.py", "results.py", "figure_text.py")]


def page_key(blocks: list[Block]) -> str:
    """The cache folder of a page's outputs: its code, figure ids, ``lessons`` and the renderer."""
    code = repr([(b.classes, b.figure, b.attrs.get("explore"), b.attrs.get("start"), b.code) for b in blocks])
    return cache.key(code, cache.source_digest(cache.LESSONS, *RENDERER))


def figure_folder(src_uri: str) -> str:
    """Where a page's figures are served: ``figures/PAGE/``."""
    return "figures/" + src_uri[: -len(".md")]


def figure_files(block: Block) -> list[str]:
    """The SVG files a figure block makes: one, or one per frame of an explorable figure."""
    explore = block.explore
    return [block.figure_file] if explore is None else [block.frame_file(v) for v in explore.values]


def render(page: Path, label: str, target: Path, results: bool) -> str | None:
    """Run one page in a subprocess into ``target``; return an error or None."""
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
           "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(cache.PROJECT)}
    kept = [str(cache.path(cache.RESULTS))] if results else []
    proc = subprocess.run([sys.executable, "-m", "book.render", str(page), label, str(tmp), *kept],
                          cwd=cache.PROJECT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        return proc.stderr.strip() or f"{label}: page code exited with status {proc.returncode}"
    if target.exists():  # another build got there first; its bytes are the same
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        tmp.rename(target)
    return None


@dataclass
class PageRuns:
    """One build's page runs: which pages run, and the SVG files of each page's figures."""

    figures: dict[str, list[Path]] = field(default_factory=dict)
    folders: dict[str, Path] = field(default_factory=dict)  # page -> its cache folder
    broken: dict[str, str] = field(default_factory=dict)  # page -> why its code could not be read
    drawn: int = 0
    cached: int = 0
    running: Background | None = None

    @classmethod
    def start(cls, pages: list[tuple[str, Path]], results: bool = True, keep_going: bool = False) -> PageRuns:
        """Plan ``(src_uri, path)`` Markdown pages and start those not in the cache.

        A page whose blocks cannot be read raises PageError, or with
        ``keep_going`` is noted in ``broken`` and left out.
        """
        runs, jobs = cls(), {}
        root = cache.path(cache.PAGES)
        root.mkdir(parents=True, exist_ok=True)
        for src_uri, path in pages:
            label = f"docs/{src_uri}"
            try:
                blocks = [b for b in parse_page(path.read_text(encoding="utf-8"), label) if b.skip_reason is None]
            except PageError as err:
                if not keep_going:
                    raise
                runs.broken[src_uri] = str(err)
                continue
            if not blocks:
                continue
            target = runs.folders[src_uri] = root / page_key(blocks)
            stale = not (target / "manifest.json").exists()
            if stale:
                jobs.setdefault(target, (path, label))
            runs.figures[src_uri] = [target / name for b in blocks if b.figure for name in figure_files(b)]
            n = len(runs.figures[src_uri])
            runs.drawn, runs.cached = runs.drawn + n * stale, runs.cached + n * (not stale)
        runs.running = Background({t: (lambda t=t, p=p, lbl=lbl: render(p, lbl, t, results))
                                   for t, (p, lbl) in jobs.items()}, "pages")
        return runs

    def wait(self) -> dict[str, str]:
        """Wait for the pages that run; the error (page, line, traceback) of each page that failed.

        A chapter and its translation share a run, so they fail together.
        """
        failed = self.running.failures() if self.running else {}
        return {**self.broken, **{src: failed[t] for src, t in self.folders.items() if t in failed}}

    def summary(self) -> str:
        seconds = self.running.seconds() if self.running else 0.0
        runs = self.running.count if self.running else 0
        return f"{self.drawn} drawn, {self.cached} from cache, {runs} page(s) run, {seconds:.1f} s"
