"""Time builds of the book in a temporary copy of the project; print JSON.

    python benchmarks/build.py [--runs 3] [--page docs/PAGE.md] [--site DIR] [--out FILE]

Each build is a fresh ``mkdocs build --strict`` process, timed by wall clock
and CPU:

- clean: the copy's cache root (``book.cache``) and the site emptied first;
- warm (nothing changed), alternating with ``FIGURES=off`` (the floor that
  page code can never beat) so that both see the same noise;
- after a prose edit and after a code edit of one page (the page runs
  again; its slow calls' results are kept), and the code edit again with
  ``RESULTS=off`` (every slow call runs: what changing an experiment costs);
- and, not a build, starting Python with matplotlib and ``lessons``: what
  every page's subprocess pays before its code runs.

Each distinct page code's run time comes from the ``manifest.json`` files
the clean builds leave in the page cache. The edited page is the one whose
code ran longest, unless ``--page`` names one. Edits change only the copy.
``--site`` keeps the last clean build's site (``weight.py`` weighs it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from timing import ROOT, arguments, clean_env, copy_project, emit, logged, progress, repeat, timed

sys.path.insert(0, str(ROOT))
import book.cache  # noqa: E402
from book.pages import PageError, parse_page  # noqa: E402

BUILD_TIMEOUT = 900
REPORT = "docs/contributing/bench-latest.md"  # a page includes it: the build needs the file
_STAGE = re.compile(r"^INFO\s+-\s+([a-z_]+): [^\n]*?([\d.]+) s\s*$", re.M)
_BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")


@dataclass
class Page:
    label: str  # docs/NAME.md, as the build names pages
    blocks: list  # the runnable book.pages.Block
    figures: int


def read_pages(copy: Path) -> tuple[list[Page], list[str]]:
    """Every Markdown page with its runnable blocks; and the pages the parser rejects."""
    pages, problems = [], []
    for path in sorted((copy / "docs").rglob("*.md")):
        label = path.relative_to(copy).as_posix()
        try:
            blocks = [b for b in parse_page(path.read_text(encoding="utf-8"), label) if b.skip_reason is None]
        except PageError as err:
            problems.append(str(err))
            blocks = []
        pages.append(Page(label, blocks, sum(1 for b in blocks if b.figure)))
    return pages, problems


def mkdocs(copy: Path, site: Path, figures: bool = True, results: bool = True) -> dict:
    """One build of the copy into ``site``: its run record, MkDocs' own time and the hooks' stages."""
    env = {**clean_env(copy), book.cache.ENV: str(book.cache.root())}
    if not figures:
        env["FIGURES"] = "off"
    if not results:
        env["RESULTS"] = "off"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    record, out = timed(cmd, copy, env, BUILD_TIMEOUT)
    built_in = _BUILT_IN.search(out)
    record["built_in"] = float(built_in[1]) if built_in else None
    stages: dict[str, float] = {}  # a stage logged once per language is summed
    for name, secs in _STAGE.findall(out):
        stages[name] = stages.get(name, 0.0) + float(secs)
    record["stages"] = stages
    return record


def manifests() -> dict[str, dict]:
    """Cache key -> the page (if the manifest names it), figure count and seconds of each page code run."""
    found = {}
    for m in sorted(book.cache.path(book.cache.PAGES).glob("*/manifest.json")):
        try:
            data = json.loads(m.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found[m.parent.name] = {"page": data.get("page"), "figures": len(data.get("figures", {})),
                                "seconds": float(data.get("seconds", 0.0))}
    return found


def clean_builds(copy: Path, site: Path, n: int) -> tuple[list[dict], list[dict]]:
    """``n`` builds from an empty cache root and site; and each page code's seconds in them."""
    codes: dict[str, dict] = {}

    def once(i: int) -> dict:
        shutil.rmtree(book.cache.root(), ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        record = mkdocs(copy, site)
        for key, m in manifests().items():
            codes.setdefault(key, {**m, "key": key, "seconds": []})["seconds"].append(m["seconds"])
        return record

    progress(f"clean build (empty {book.cache.ENV} and site)")
    runs = repeat(n, once, "clean build")
    return runs, sorted(codes.values(), key=lambda c: -statistics.median(c["seconds"]))


def warm_builds(copy: Path, tmp: Path, n: int) -> tuple[list[dict], list[dict]]:
    """Warm builds and FIGURES=off builds, alternately, on the caches the clean build left."""
    progress("warm build and FIGURES=off floor, alternately")
    warm: list[dict] = []
    floor: list[dict] = []
    for i in range(n):  # interleaved, so a burst of load hits both alike
        for runs, label, figures in ((warm, "warm build", True), (floor, "FIGURES=off build", False)):
            if all(r["rc"] == 0 for r in runs):
                runs.append(logged(mkdocs(copy, tmp / "site-warm", figures=figures), f"{label} {i + 1}/{n}"))
    return warm, floor


def choose_page(pages: list[Page], codes: list[dict], wanted: str | None) -> Page | None:
    """The page named by ``--page``, else the one whose code ran longest: the worst case for a contributor."""
    if wanted:
        names = {wanted, f"docs/{wanted}", wanted.removeprefix("./")}
        return next((p for p in pages if p.label in names), None)
    seconds = {c["page"]: statistics.median(c["seconds"]) for c in codes if c["page"]}
    coded = [p for p in pages if p.blocks]
    return max(coded, key=lambda p: (seconds.get(p.label, -1.0), p.figures, len(p.blocks)), default=None)


def prose_edit(text: str, _label: str, tag: str) -> str:
    return text + ("" if text.endswith("\n") else "\n") + f"\n<!-- bench-edit {tag} -->\n"


def code_edit(text: str, label: str, tag: str) -> str:
    """A comment line at the top of the page's first block that runs: its code, so its cache key, changes."""
    block = next(b for b in parse_page(text, label) if b.skip_reason is None)
    lines = text.splitlines(keepends=True)
    comment = f">>> # bench-edit {tag}" if block.is_doctest else f"# bench-edit {tag}"
    lines.insert(block.line, f"{block.indent}{comment}\n")  # block.line is the 1-based fence line
    return "".join(lines)


def edit_builds(copy: Path, tmp: Path, page: Page, n: int) -> dict[str, dict]:
    """Rebuilds after editing ``page`` in the copy: prose, code, and code with RESULTS=off."""
    path = copy / page.label
    original = path.read_text(encoding="utf-8")

    def builds(kind: str, change, label: str, results: bool = True) -> dict:
        def once(i: int) -> dict:
            path.write_text(change(original, page.label, f"{kind}-{i}"), encoding="utf-8")
            return mkdocs(copy, tmp / "site-edit", results=results)
        return {"runs": repeat(n, once, label)}

    progress(f"edits of {page.label}")
    series = {"prose": builds("prose", prose_edit, "prose edit")}
    if page.blocks:
        series["code"] = builds("code", code_edit, "code edit")
        series["fresh"] = builds("fresh", code_edit, "code edit, RESULTS=off", results=False)
    else:
        series["code"] = series["fresh"] = {"runs": [], "note": f"{page.label} has no Python code"}
    path.write_text(original, encoding="utf-8")
    return series


def render_startup(copy: Path, n: int) -> list[dict]:
    """What every page's subprocess pays before its code runs."""
    env = {**clean_env(copy), "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1"}
    cmd = [sys.executable, "-c", "import matplotlib.pyplot, book.pages, lessons.style"]
    return repeat(n, lambda _: timed(cmd, copy, env, 120)[0], "python + matplotlib + lessons import")


def measure(copy: Path, tmp: Path, site: Path, runs: int, wanted: str | None) -> dict:
    pages, problems = read_pages(copy)
    coded = [p for p in pages if p.blocks]
    progress(f"{len(pages)} pages, {len(coded)} with code, {sum(p.figures for p in pages)} figure blocks")
    result = {"pages": len(pages), "coded": len(coded), "problems": problems, "cpus": os.cpu_count()}
    clean, codes = clean_builds(copy, site, runs)
    page = choose_page(pages, codes, wanted)
    builds = {"clean": {"runs": clean}}
    if not clean or clean[-1]["rc"] != 0:
        builds.update(dict.fromkeys(("warm", "floor", "prose", "code", "fresh"),
                                    {"runs": [], "note": "the clean build failed"}))
    else:
        warm, floor = warm_builds(copy, tmp, runs)
        builds.update(warm={"runs": warm}, floor={"runs": floor})
        if page is not None:
            builds.update(edit_builds(copy, tmp, page, runs))
        else:
            why = "no page to edit" if wanted is None else f"{wanted} is not a page under docs/"
            builds.update(dict.fromkeys(("prose", "code", "fresh"), {"runs": [], "note": why}))
    return {**result, "page": page and page.label, "builds": builds, "page_code": codes,
            "startup": render_startup(copy, runs)}


def main(argv: list[str] | None = None) -> int:
    ap = arguments(__doc__)
    ap.add_argument("--runs", type=int, default=3, help="runs of each build")
    ap.add_argument("--page", help="the page to edit (default: the one whose code runs longest)")
    ap.add_argument("--site", type=Path, help="leave the last clean build's site here")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        copy = copy_project(tmp / "project")
        if not (copy / REPORT).exists():  # until the first report is committed
            (copy / REPORT).parent.mkdir(parents=True, exist_ok=True)
            (copy / REPORT).write_text("No benchmark has been run yet: run `make bench`.\n", encoding="utf-8")
        os.environ[book.cache.ENV] = str(copy / ".cache")  # the copy's own root: empty, and only ours
        result = measure(copy, tmp, (args.site or tmp / "site").resolve(), max(1, args.runs), args.page)
    emit(result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
