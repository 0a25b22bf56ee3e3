"""Run one page's code and save its figures: ``python -m book.render PAGE LABEL OUTDIR [RESULTS]``.

Runs in a fresh process for every page (``mkdocs serve`` never reloads hook
modules, so an imported ``lessons`` would go stale). Writes ``ID.svg`` (both
themes in one file, ``lessons.style.themed_svg``) for each figure block, one
more SVG per other frame of an explorable figure, and ``manifest.json`` (the
page, the files of each figure, the text each figure draws in any frame, the
seconds it took); on failure
prints the page, the line and the traceback and exits with status 1. With
RESULTS, the slow calls keep their results in that folder (``book.results``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib.pyplot as plt  # noqa: E402

from book.cache import LESSONS, source_digest  # noqa: E402
from book.figure_text import drawn_text  # noqa: E402
from book.pages import PageError, drawn_figure, parse_page, run_frames  # noqa: E402
from book.results import keep_results  # noqa: E402
from lessons.style import themed_svg, use_style  # noqa: E402


def render(page: Path, label: str, outdir: Path) -> dict:
    """Run every block of ``page`` in one namespace; return the manifest."""
    start = time.perf_counter()
    blocks = parse_page(page.read_text(encoding="utf-8"), label)
    namespace: dict = {"__name__": "__main__"}
    use_style()
    figures: dict[str, list[str]] = {}
    texts: dict[str, set[str]] = {}
    for block in blocks:
        if block.skip_reason is not None:
            continue
        for value in run_frames(block, namespace):  # once, or once per frame of an explorable figure
            if block.figure:
                name = block.figure_file if value is None else block.frame_file(value)
                fig = drawn_figure(block)
                (outdir / name).write_bytes(themed_svg(fig))
                texts.setdefault(block.figure, set()).update(drawn_text(fig))  # after saving: ticks are drawn
                plt.close("all")
                figures.setdefault(block.figure, []).append(name)
    return {"page": label, "figures": figures, "texts": {f: sorted(t) for f, t in texts.items()},
            "seconds": round(time.perf_counter() - start, 3)}


def main(argv: list[str]) -> int:
    page, label, outdir = Path(argv[0]), argv[1], Path(argv[2])
    outdir.mkdir(parents=True, exist_ok=True)
    if len(argv) > 3:
        keep_results(Path(argv[3]), source_digest(LESSONS))
    try:
        manifest = render(page, label, outdir)
    except PageError as err:
        print(err, file=sys.stderr)
        return 1
    (outdir / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
