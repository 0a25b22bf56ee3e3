"""Lighthouse on every page of the navigation, every edition, as a reader's phone sees them; print JSON.

    python benchmarks/lighthouse.py [--site DIR] [--runs 3] [--page PATH ...] [--keep DIR] [--out FILE]

Lighthouse's default mobile profile: a mid-range phone on slow 4G, simulated
(150 ms round trips, 1.6 Mbit/s, the CPU slowed 4×), a fresh browser profile
for every run, so every run is a first visit. The site is served by
``gzip_server.py``, compressed as GitHub Pages serves it. Runs go one at a
time: Lighthouse measures the main thread, and total blocking time grows with
whatever else the machine's cores are doing, so each run records the load
average and Lighthouse's own CPU benchmark index.

Without ``--site`` the project is built first, in a temporary copy with its
own empty caches. The pages are those of the built navigation
(``book.site_html.nav_pages``); ``--page zh/fat-vs-tall/`` measures only
some. Lighthouse is the version pinned in ``benchmarks/lighthouse/``
(``npm ci`` there; ``make bench`` does it) and the browser is Debian's
Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from gzip_server import serve
from lighthouse_result import diagnostics, metrics, versions
from timing import ROOT, arguments, clean_env, copy_project, emit, progress, timed

sys.path.insert(0, str(ROOT))
from book.site_html import nav_pages  # noqa: E402

CLI = Path(__file__).resolve().parent / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run")
RUN_TIMEOUT = 300
NUMBERS = ("performance", "accessibility", "tbt_ms", "lcp_ms", "fcp_ms", "cls", "bytes", "benchmark_index", "load")


def missing() -> str | None:
    """Why Lighthouse cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not CLI.is_file():
        return "Lighthouse is not installed: run `npm ci` in benchmarks/lighthouse (make bench does)"
    if not Path(CHROME).is_file():
        return f"no browser at {CHROME} (apt-get install chromium, or set CHROME_PATH)"
    return None


def chromium_version() -> str | None:
    """"Chromium 156.0.8078.114" (the user agent of headless Chromium hides the minor numbers)."""
    try:
        out = subprocess.run([CHROME, "--version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return " ".join(out.split()[:2]) or None


def load() -> float | None:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def run_once(url: str, out: Path) -> tuple[dict, dict | None]:
    """One Lighthouse run: (its record, the report or None)."""
    cmd = [shutil.which("node"), str(CLI), url, "--output=json", f"--output-path={out}",
           "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}",
           "--disable-full-page-screenshot", "--no-enable-error-reporting", "--quiet"]
    before = load()
    record, text = timed(cmd, ROOT, {**clean_env(), "CHROME_PATH": CHROME}, RUN_TIMEOUT)
    record["load"] = before
    try:
        report = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record.setdefault("failure", text[-2000:] or "no report")
        return record, None
    return {**record, **metrics(report)}, report


def representative(runs: list[tuple[dict, dict]]) -> dict:
    """The run whose total blocking time is the median one (the lower of two middles)."""
    ordered = sorted(runs, key=lambda r: r[0]["tbt_ms"])
    return ordered[(len(ordered) - 1) // 2][1]


def measure_page(base: str, path: str, runs: int, work: Path, keep: Path | None) -> dict:
    done, records = [], []
    for i in range(runs):
        out = work / f"{path.strip('/').replace('/', '_') or 'index'}.{i}.json"
        record, report = run_once(base + path, out)
        records.append(record)
        if report is not None and record["tbt_ms"] is not None and not record["runtime_error"]:
            done.append((record, report))
        if keep is not None and out.exists():
            shutil.copy2(out, keep / out.name)
        out.unlink(missing_ok=True)
        progress(f"  /{path} run {i + 1}/{runs}: " + (
            f"perf {record['performance']}, a11y {record['accessibility']}, TBT {record['tbt_ms']:.0f} ms, "
            f"LCP {record['lcp_ms']:.0f} ms, {record['bytes'] / 1024:.0f} KB, load {record['load']:.2f}"
            if report is not None and record["tbt_ms"] is not None
            else f"FAILED {record.get('runtime_error') or record.get('failure', '')[-300:]}"))
    page = {"path": "/" + path, "runs": records}
    if done:
        page["median"] = {k: statistics.median(r[k] for r, _ in done if r.get(k) is not None)
                          for k in NUMBERS if any(r.get(k) is not None for r, _ in done)}
        page["a11y_failed"] = sorted({a for r, _ in done for a in r["a11y_failed"]})
        page["diagnostics"] = diagnostics(representative(done))
        page["versions"] = versions(done[0][1])
    return page


def measure(site: Path, runs: int, wanted: list[str], keep: Path | None) -> dict:
    pages = nav_pages(site)
    if wanted:
        names = {w.strip("/") for w in wanted}
        pages = [p for p in pages if p.strip("/") in names]
    progress(f"Lighthouse: {len(pages)} page(s) x {runs} run(s), one at a time")
    result = {"available": True, "runs": runs, "cpus": os.cpu_count(), "load_start": load(),
              "chromium": chromium_version(), "pages": []}
    with serve(site) as base, tempfile.TemporaryDirectory(prefix="lighthouse-") as work:
        for path in pages:
            result["pages"].append(measure_page(base, path, runs, Path(work), keep))
    result["load_end"] = load()
    result["versions"] = next((p["versions"] for p in result["pages"] if "versions" in p), {})
    return result


def build(tmp: Path) -> tuple[Path | None, str]:
    """The project built once with ``--strict``, in a copy with its own caches: (site or None, why not)."""
    from build import mkdocs  # the bench's one way to build

    import book.cache

    copy = copy_project(tmp / "project")
    os.environ[book.cache.ENV] = str(copy / ".cache")
    progress("building the site (a temporary copy, empty caches)")
    record = mkdocs(copy, tmp / "site")
    return (tmp / "site", "") if record["rc"] == 0 else (None, record.get("failure", ""))


def main(argv: list[str] | None = None) -> int:
    ap = arguments(__doc__)
    ap.add_argument("--site", type=Path, help="a built site (default: build the project first)")
    ap.add_argument("--runs", type=int, default=3, help="runs per page (medians are reported)")
    ap.add_argument("--page", action="append", default=[], help="only this page, e.g. zh/fat-vs-tall/ (repeatable)")
    ap.add_argument("--keep", type=Path, help="also keep Lighthouse's own JSON reports here")
    args = ap.parse_args(argv)
    why = missing()
    if why:
        emit({"available": False, "reason": why}, args.out)
        return 0
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        site, failure = (args.site.resolve(), "") if args.site else build(Path(tmp))
        if site is None:
            emit({"error": "the build failed:\n" + failure}, args.out)
            return 0
        emit(measure(site, max(1, args.runs), args.page, args.keep), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
