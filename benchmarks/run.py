"""Time the book's build, its tests and its numerics; print one Markdown report.

    python benchmarks/run.py [--quick] [--runs N] [--page docs/PAGE.md] [--no-write]

``make bench`` runs this. What it measures (wall-clock; each build is a fresh
``mkdocs build --strict`` process; medians with min and max over ``--runs``):

- clean build: empty caches, empty site directory (``make clean && make site``);
- warm build: nothing changed, and the same site with ``FIGURES=off`` (the floor
  that page code can never beat), run alternately so both see the same noise;
- rebuild after a prose edit and after a code edit of one chapter (the page
  runs again; its slow calls' results are kept), and the code edit again
  with ``RESULTS=off`` (every slow call runs: what changing an experiment costs);
- ``make test`` once (skipped with ``--quick``);
- figure rendering time per page, from the ``seconds`` in each page's
  ``manifest.json`` in the figure cache of the clean builds;
- ``count_pieces(sawtooth(k), 0, 1)`` for k = 10..22 (``bench_pieces.py``);
- the numpy-vs-PyTorch training table (``bench_training.py``, if present);
- the weight of each page: its HTML plus the SVG figures it references.

Every benchmark build goes to a temporary site directory with temporary
caches: each ``NAME_CACHE`` variable the hooks read (``FIGURE_CACHE``,
``NOTEBOOK_CACHE``, ...) or mkdocs.yml reads with ``!ENV`` points into a
temporary folder, so ``site/`` and the caches in ``.cache/`` are left alone.
(A plugin cache that only a relative path in mkdocs.yml can move, such as
mkdocs-jupyter's ``cache_dir``, is shared with ordinary builds.)
The edit benchmarks change one page under ``docs/`` for the length of one
build and always put it back (also on an error, Ctrl-C or SIGTERM); a page
that someone else saved in the meantime is left alone. The report is printed
and written to ``docs/contributing/bench-latest.md``. The exit status is 0
even when a budget fails: this is a report, not a gate.

Numbers from one run are comparable with each other (same machine, same
load); compare ratios, not seconds, across machines or days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BENCH = ROOT / "benchmarks"
REPORT = DOCS / "contributing" / "bench-latest.md"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Budgets (seconds unless said otherwise).
CLEAN_MAX = 60.0
WARM_MAX = 6.0
WARM_FLOOR_RATIO_MAX = 1.3
EDIT_MAX = 8.0
TEST_MAX = 240.0
PIECES_K, PIECES_MAX = 20, 1.0
PAGE_KB_MAX = 500.0

BUILD_TIMEOUT = 900
TEST_TIMEOUT = 3600
NUMERIC_TIMEOUT = 1800
# A line the edit benchmarks add; a leftover one (from a run that was killed) is removed.
MARK = "bench-edit"
_LEFTOVER = re.compile(rf"^[ \t]*(<!-- {MARK} \S+ -->|# {MARK} \S+|>>> # {MARK} \S+)\n", re.M)


# --------------------------------------------------------------------------- runs

@dataclass
class Run:
    seconds: float
    rc: int
    out: str  # stdout + stderr
    cpu: float | None = None  # user + system seconds of the process and everything it waited for

    @property
    def ok(self) -> bool:
        return self.rc == 0


@dataclass
class Series:
    """Repeated timings of one measurement; stops at the first failure."""

    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""  # why it was not measured, or what was measured

    @property
    def times(self) -> list[float]:
        return [r.seconds for r in self.runs if r.ok]

    @property
    def failed(self) -> Run | None:
        return next((r for r in self.runs if not r.ok), None)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def cpu(self) -> float | None:
        vals = [r.cpu for r in self.runs if r.ok and r.cpu is not None]
        return statistics.median(vals) if vals else None

    def field_median(self, pattern: str) -> float | None:
        """Median of a number printed in each successful run's output."""
        vals = [float(m[1]) for r in self.runs if r.ok and (m := re.search(pattern, r.out))]
        return statistics.median(vals) if vals else None

    def stages(self) -> dict[str, float]:
        """Median seconds of each hook stage a build logs ("INFO - figures: ..., 1.2 s").

        A stage logged more than once in a build (once per language) is summed.
        """
        per_run = []
        for r in self.runs:
            if r.ok:
                totals: dict[str, float] = {}
                for name, secs in _STAGE.findall(r.out):
                    totals[name] = totals.get(name, 0.0) + float(secs)
                per_run.append(totals)
        names = sorted({k for t in per_run for k in t})
        return {k: statistics.median(t.get(k, 0.0) for t in per_run) for k in names}


_STAGE = re.compile(r"^INFO\s+-\s+([a-z_]+): [^\n]*?([\d.]+) s\s*$", re.M)


def progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FIGURES", "NOTEBOOKS") and not k.endswith("_CACHE")}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return env


def numeric_env() -> dict[str, str]:
    return {**base_env(), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}


def _child_cpu() -> float | None:
    try:
        import resource
    except ImportError:  # not on this platform
        return None
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run(cmd: list[str], env: dict[str, str], timeout: float) -> Run:
    """Run one command from the project root; wall-clock and CPU time; never raises on failure."""
    cpu0, start = _child_cpu(), time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as err:
        out = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
        return Run(time.perf_counter() - start, -1, out + f"\ntimed out after {timeout:g} s")
    wall, cpu1 = time.perf_counter() - start, _child_cpu()
    cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
    return Run(wall, proc.returncode, proc.stdout + proc.stderr, cpu)


_CACHE_GET = re.compile(r"""environ\.get\(\s*["']([A-Z][A-Z0-9_]*CACHE[A-Z0-9_]*)["']\s*,([^\n]*)""")
_CACHE_TAG = re.compile(r"!ENV\s*\[?\s*([A-Z][A-Z0-9_]*CACHE[A-Z0-9_]*)")
_FILE_DEFAULT = re.compile(r"""["']([\w-]+\.\w+)["']\s*\)*\s*$""")


def cache_vars() -> dict[str, str | None]:
    """The environment variables that move the build's caches.

    Found in the hooks (``os.environ.get("NAME_CACHE", default)``) and in
    mkdocs.yml (``!ENV [NAME_CACHE, default]``); maps each name to a file name
    if its default names a file (``jieba.json``), else None (a folder).
    """
    found: dict[str, str | None] = {"FIGURE_CACHE": None}
    for src in [*sorted((ROOT / "hooks").glob("*.py")), ROOT / "mkdocs.yml"]:
        try:
            text = src.read_text(encoding="utf-8")
        except OSError:
            continue
        for m in _CACHE_GET.finditer(text):
            f = _FILE_DEFAULT.search(m[2].strip())
            found[m[1]] = f[1] if f else None
        for m in _CACHE_TAG.finditer(text):
            found.setdefault(m[1], None)
    return found


def cache_env(root: Path) -> dict[str, str]:
    """Every build cache moved under ``root``: a fresh ``root`` is a clean build."""
    return {name: str(root / name.lower() / file) if file else str(root / name.lower())
            for name, file in cache_vars().items()}


def build(site: Path, caches: Path, figures: bool = True, results: bool = True) -> Run:
    env = {**base_env(), **cache_env(caches)}
    if not figures:
        env["FIGURES"] = "off"
    if not results:
        env["RESULTS"] = "off"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    return run(cmd, env, BUILD_TIMEOUT)


def record(series: Series, r: Run, label: str) -> Run:
    series.runs.append(r)
    progress(f"  {label}: {r.seconds:.2f} s" + ("" if r.ok else " FAILED"))
    return r


def repeat(series: Series, n: int, once, label: str) -> Series:
    for i in range(n):
        if not record(series, once(i), f"{label} {i + 1}/{n}").ok:
            break
    return series


# --------------------------------------------------------------------------- pages

@dataclass
class Page:
    path: Path  # under docs/
    blocks: list  # runnable book.pages.Block
    figures: int

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


def discover_pages() -> tuple[list[Page], list[str]]:
    """Every Markdown page under docs/ with its runnable blocks; and parse problems."""
    from book.pages import parse_page

    pages, problems = [], []
    for path in sorted(DOCS.rglob("*.md")):
        if path == REPORT:
            continue
        label = path.relative_to(ROOT).as_posix()
        try:
            blocks = [b for b in parse_page(path.read_text(encoding="utf-8"), label) if b.skip_reason is None]
        except Exception as err:  # noqa: BLE001 - a broken page is reported, not fatal
            problems.append(f"{label}: {err}")
            blocks = []
        pages.append(Page(path, blocks, sum(1 for b in blocks if b.figure)))
    return pages, problems


def remove_leftovers() -> list[str]:
    """Drop lines a killed earlier run left in pages; name the pages."""
    fixed = []
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if MARK not in text:
            continue
        new = _LEFTOVER.sub("", text)
        new = re.sub(r"\n\n\Z", "\n", new) if new != text and text.endswith(" -->\n") else new
        if new != text:
            path.write_text(new, encoding="utf-8")
            fixed.append(path.relative_to(ROOT).as_posix())
    return fixed


@contextmanager
def edited(path: Path, change):
    """Hold ``change(text)`` in ``path`` for the body of the ``with``; always restore.

    The original bytes and modification time come back on leaving, also on an
    error, Ctrl-C or SIGTERM. If the file holds neither our text nor part of
    it when we restore (someone saved it meanwhile), it is left as it is.
    """
    original = path.read_bytes()
    st = path.stat()
    mine = change(original.decode("utf-8")).encode("utf-8")
    try:
        path.write_bytes(mine)
        yield
    finally:
        try:
            now = path.read_bytes()
            if now != original and mine.startswith(now):  # ours, or ours half-written
                path.write_bytes(original)
                os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
            elif now != original:
                progress(f"warning: {path.relative_to(ROOT)} changed during the benchmark; left as it is")
        except OSError as err:
            progress(f"warning: could not restore {path.relative_to(ROOT)}: {err}")


def prose_edit(text: str, tag: str) -> str:
    return text + ("" if text.endswith("\n") else "\n") + f"\n<!-- {MARK} {tag} -->\n"


def code_edit(text: str, label: str, tag: str) -> str:
    """Add a comment line at the top of the page's first block that runs, so its code hash changes."""
    from book.pages import parse_page

    block = next(b for b in parse_page(text, label) if b.skip_reason is None)
    lines = text.splitlines(keepends=True)
    comment = f">>> # {MARK} {tag}" if block.is_doctest else f"# {MARK} {tag}"
    lines.insert(block.line, f"{block.indent}{comment}\n")  # block.line is the 1-based fence line
    return "".join(lines)


# --------------------------------------------------------------------------- figures

def manifests(caches: list[Path]) -> dict[str, list[dict]]:
    """cache key -> the manifests found under that key in each cache."""
    found: dict[str, list[dict]] = {}
    for cache in caches:
        for m in sorted(cache.glob("*/manifest.json")):
            try:
                found.setdefault(m.parent.name, []).append(json.loads(m.read_text()))
            except (OSError, ValueError):
                continue
    return found


def cache_keys(pages: list[Page]) -> dict[str, list[str]]:
    """cache key -> the pages with that key, computed the way the figure hook computes it.

    Pages with the same code (a chapter and its translation) share one key
    and are drawn once. If the hook's recipe changes, keys stop matching and
    the report shows the bare key instead (a manifest's "page" entry wins).
    """
    try:
        from book.pages import code_hash, source_digest

        lessons = source_digest(ROOT / "lessons")
        tooling = b"".join((ROOT / "book" / n).read_bytes() for n in ("pages.py", "render.py"))
    except Exception:  # noqa: BLE001
        return {}
    keys: dict[str, list[str]] = {}
    for p in pages:
        if p.blocks:
            keys.setdefault(code_hash(p.blocks, lessons, tooling), []).append(p.rel)
    return keys


def render_startup(n: int) -> Series:
    """What every page's subprocess pays before its code runs."""
    code = "import matplotlib.pyplot, book.pages, lessons.style"
    env = {**numeric_env(), "MPLBACKEND": "Agg"}
    return repeat(Series("render start-up"), n, lambda i: run([sys.executable, "-c", code], env, 120),
                  "python + matplotlib + lessons import")


# --------------------------------------------------------------------------- page weight

class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.src: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            src = dict(attrs).get("src") or ""
            if src:
                self.src.append(src)


def page_weights(site: Path) -> list[tuple[str, float, int, float]]:
    """(url, html KB, number of SVGs, SVG KB) for every HTML page of the site."""
    rows = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel == "404.html" or rel.startswith("assets/"):
            continue
        parser = _Images()
        parser.feed(html.read_text(encoding="utf-8", errors="replace"))
        svgs = set()
        for src in parser.src:
            src = src.split("#", 1)[0].split("?", 1)[0]
            if not src.endswith(".svg") or "://" in src or src.startswith(("data:", "/")):
                continue
            target = normpath((html.parent.relative_to(site) / src).as_posix())
            if (site / target).is_file():
                svgs.add(target)
        svg_kb = sum((site / s).stat().st_size for s in svgs) / 1024
        url = rel[: -len("index.html")] or "/" if rel.endswith("index.html") else rel
        rows.append((url if url.startswith("/") else "/" + url, html.stat().st_size / 1024, len(svgs), svg_kb))
    return rows


# --------------------------------------------------------------------------- training table

def training_verdict(out: str) -> tuple[bool | None, str]:
    """Is numpy at least as fast as PyTorch on every row of the training table?

    Reads the first table in ``out`` (Markdown pipes, or columns separated by
    spaces) whose header names both numpy and torch. If the header has a
    ``numpy/torch`` column, that ratio is used (in a space-separated table it
    must be the last column); otherwise the numpy column is compared with the
    best torch column. The numbers are rates (higher is better) if the output
    says "higher is better" or a header says "/s", else times.
    Returns (verdict or None if unreadable, explanation).
    """
    lines = out.splitlines()
    rates = "higher is better" in out.lower()
    num = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
    ratio_head = re.compile(r"numpy\s*/\s*(py)?torch", re.I)
    head_at = next((i for i, ln in enumerate(lines) if re.search(r"numpy", ln, re.I)
                    and re.search(r"torch", ln, re.I) and not num.match(ln.strip().strip("|").strip())
                    and not re.search(r"\d+\.\d+", ln)), None)
    if head_at is None:
        return None, "no table with numpy and torch columns in its output"
    header = lines[head_at]
    pipes = header.strip().startswith("|")
    cells = [c.strip().lower() for c in header.strip().strip("|").split("|")] if pipes else []
    rates = rates or "/s" in header.lower()
    rows = []
    for ln in lines[head_at + 1:]:
        if not ln.strip():
            if rows:
                break
            continue
        if set(ln.strip()) <= set("-|: "):
            continue
        rows.append(ln)
    results = []  # (label, numpy ÷ torch speed)
    for ln in rows:
        if pipes:
            r = [c.strip() for c in ln.strip().strip("|").split("|")]
            first = min((i for i, c in enumerate(cells) if "numpy" in c or "torch" in c), default=1)
            label = " ".join(r[:max(first, 1)])
            if any(ratio_head.search(c) for c in cells):
                i = next(i for i, c in enumerate(cells) if ratio_head.search(c))
                m = num.search(r[i]) if i < len(r) else None
                if m:
                    v = float(m[0])
                    results.append((label, v if rates else 1 / v if v else float("inf")))
                continue
            i_np = next((i for i, c in enumerate(cells) if "numpy" in c), None)
            i_pt = [i for i, c in enumerate(cells) if "torch" in c]
            vals = [num.search(r[i]) if i is not None and i < len(r) else None for i in [i_np, *i_pt]]
            if i_np is None or not i_pt or not all(vals):
                continue
            t_np, t_pt = float(vals[0][0]), [float(v[0]) for v in vals[1:]]
            best = max(t_pt) if rates else min(t_pt)
            results.append((label, t_np / best if rates else best / t_np if t_np else float("inf")))
        elif ratio_head.search(header.split()[-1]):
            tokens = ln.split()
            m = num.fullmatch(tokens[-1].rstrip("x×")) if tokens else None
            if m:
                v = float(m[0])
                results.append((" ".join(tokens[:3]), v if rates else 1 / v if v else float("inf")))
    if not results:
        return None, "could not read numpy and torch numbers from its table"
    slow = [r for r in results if r[1] < 1.0]
    worst = min(results, key=lambda r: r[1])
    text = (f"numpy at least as fast on {len(results) - len(slow)} of {len(results)} rows; "
            f"lowest numpy ÷ torch speed {worst[1]:.2f}× on `{worst[0]}`")
    return not slow, text


# --------------------------------------------------------------------------- report

def fmt_s(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f} s"


def spread(s: Series) -> str:
    t = s.times
    if not t:
        return "–"
    return f"{statistics.median(t):.2f} s ({min(t):.2f}–{max(t):.2f}, n={len(t)})"


def scrub(text: str, tmp: Path) -> str:
    """Keep machine paths out of the report."""
    text = text.replace(str(tmp), "<tmp>").replace(str(ROOT) + os.sep, "").replace(str(ROOT), ".")
    text = re.sub(r"(?<![\w.])/[^\s:'\"]*/(site-packages|lib/python3\.\d+)/", r".../\1/", text)
    return text.replace(str(Path.home()), "~")


_NOISE = re.compile(r"^(INFO\b|DEBUG\b|Building prefix dict|Loading model|Prefix dict|Dumping model)")
_TROUBLE = re.compile(r"^(ERROR|WARNING)\b|Traceback|Error\b|error:|failed|Aborted")


def excerpt(text: str, n: int = 30) -> str:
    """The part of a failed run's output that says what went wrong."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip() and not _NOISE.match(ln)]
    summary = next((i for i, ln in enumerate(lines) if "short test summary info" in ln), None)
    if summary is not None:  # pytest: its list of failures says it best
        return "\n".join(lines[summary:summary + n])
    first = next((i for i, ln in enumerate(lines) if _TROUBLE.search(ln)), None)
    if first is None:
        return "\n".join(lines[-n:])
    picked = lines[first:first + n]
    return "\n".join(picked + (["..."] if len(lines) > first + n else []))


class Report:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.lines: list[str] = []
        self.budgets: list[tuple[str, str, str, bool | None]] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def budget(self, name: str, measured: str, limit: str, ok: bool | None) -> None:
        self.budgets.append((name, measured, limit, ok))

    def failure(self, what: str, r: Run) -> None:
        self.add(f"{what} failed (exit status {r.rc}); the end of its output:", "",
                 "```text", scrub(excerpt(r.out), self.tmp), "```", "")

    def render(self, head: list[str]) -> str:
        mark = {True: "PASS", False: "**FAIL**", None: "not measured"}
        table = ["| budget | measured | limit | result |", "| --- | --- | --- | --- |"]
        table += [f"| {n} | {m} | {lim} | {mark[ok]} |" for n, m, lim, ok in self.budgets]
        failed = sum(1 for b in self.budgets if b[3] is False)
        unmeasured = [b[0] for b in self.budgets if b[3] is None]
        summary = f"**{failed} of {len(self.budgets)} budgets failed**"
        if unmeasured:
            summary += f"; {len(unmeasured)} not measured ({'; '.join(unmeasured)})"
        return "\n".join([*head, "", *table, "", *self.lines, summary + ".", ""])


# --------------------------------------------------------------------------- main

def choose_page(pages: list[Page], seconds: dict[str, float], wanted: str | None) -> Page | None:
    coded = [p for p in pages if p.blocks]
    if wanted:
        target = (ROOT / wanted).resolve() if (ROOT / wanted).exists() else (DOCS / wanted).resolve()
        return next((p for p in pages if p.path.resolve() == target), None)
    if not coded:
        return None
    # The chapter whose code is slowest to run: the worst case for a contributor.
    return max(coded, key=lambda p: (seconds.get(p.rel, -1.0), p.figures, len(p.blocks)))


def git_state() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return f"commit `{head}`" + (" with uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "no git commit"


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"Python {platform.python_version()}"]
    for dist, name in (("mkdocs", "MkDocs"), ("mkdocs-material", "Material"), ("numpy", "numpy"),
                       ("matplotlib", "matplotlib")):
        try:
            parts.append(f"{name} {version(dist)}")
        except PackageNotFoundError:
            pass
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time the build, the tests and the numerics; print a Markdown report.")
    ap.add_argument("--quick", action="store_true", help="skip `make test`")
    ap.add_argument("--runs", type=int, default=3, help="runs per build measurement (3 or more)")
    ap.add_argument("--page", help="the page to edit for the edit benchmarks (default: the slowest to render)")
    ap.add_argument("--no-write", action="store_true", help=f"print only; do not write {REPORT.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    n = max(3, args.runs)  # a median needs at least three

    # SIGTERM and SIGHUP unwind like Ctrl-C, so every edited page is restored.
    def _stop(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, _stop)

    # A page includes the report; until the first run writes it, a stand-in
    # keeps the build (which checks snippet paths) from failing.
    placeholder = not REPORT.exists() and any(
        REPORT.name in p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    if placeholder:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text("No benchmark has been run yet: run `make bench`.\n", encoding="utf-8")
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        text = measure(args, n, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if placeholder and args.no_write:
            REPORT.unlink(missing_ok=True)
    print(text)
    if not args.no_write:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(text, encoding="utf-8")
        progress(f"written to {REPORT.relative_to(ROOT)}")
    return 0


def measure(args, n: int, tmp: Path) -> str:
    rep = Report(tmp)
    started = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    head = [
        f"Measured {dt.date.today().isoformat()} at {git_state()}; {os.cpu_count()} CPUs, "
        f"load average {load:.2f} at the start; {versions()}. Wall-clock medians of {n} runs "
        f"(min–max in brackets); compare ratios rather than seconds across machines.",
    ]

    fixed = remove_leftovers()
    if fixed:
        rep.add(f"Removed lines an interrupted earlier benchmark had left in: {', '.join(fixed)}.", "")
    pages, problems = discover_pages()
    coded = [p for p in pages if p.blocks]
    progress(f"{len(pages)} pages, {len(coded)} with code, {sum(p.figures for p in pages)} figure blocks")

    # ---- clean builds
    progress(f"clean build (empty caches: {', '.join(cache_vars())}; empty site)")
    caches = [tmp / f"clean{i}" / "caches" for i in range(n)]
    clean = repeat(Series("clean"), n, lambda i: build(tmp / f"clean{i}" / "site", caches[i]), "clean build")
    good = [i for i, r in enumerate(clean.runs) if r.ok]
    cache = caches[good[-1]] if good else None
    site = tmp / f"clean{good[-1]}" / "site" if good else None

    # ---- figure render times, from the clean builds' manifests
    found = manifests([Path(cache_env(c)["FIGURE_CACHE"]) for c in caches])
    keys = cache_keys(pages)
    per_page: dict[str, dict] = {}  # one row per distinct page code
    seconds: dict[str, float] = {}  # page -> seconds its code took
    for key, ms in found.items():
        named = next(([m["page"]] for m in ms if "page" in m), None) or keys.get(key) or [f"(cache key {key})"]
        secs = statistics.median(float(m.get("seconds", 0.0)) for m in ms)
        label = f"`{named[0]}`" + (f" (+{len(named) - 1} with the same code)" if len(named) > 1 else "")
        per_page[label] = {"seconds": secs, "figures": len(ms[0].get("figures", {}))}
        seconds.update(dict.fromkeys(named, secs))

    # ---- warm builds, alternating with the FIGURES=off floor
    progress("warm build and FIGURES=off floor, alternately")
    # The floor shares the warm caches (the figure cache goes unused), so the
    # two differ only in the figure hook's work.
    warm, floor = Series("warm"), Series("floor")
    if cache is None:
        warm.note = "the clean build failed"
    for i in range(n):
        if cache is not None and not warm.failed:
            record(warm, build(tmp / "warm-site", cache), f"warm build {i + 1}/{n}")
        if not floor.failed:
            record(floor, build(tmp / "floor-site", cache or tmp / "floor-caches", figures=False),
                   f"FIGURES=off build {i + 1}/{n}")

    # ---- one-chapter edits
    page = choose_page(pages, seconds, args.page)
    prose, code, fresh = Series("prose edit"), Series("code edit"), Series("code edit, results not kept")
    if page is None:
        prose.note = code.note = fresh.note = ("no page to edit" if args.page is None
                                               else f"{args.page} is not a page under docs/")
    elif cache is None:
        prose.note = code.note = fresh.note = "the clean build failed"
    else:
        nonce = f"{os.getpid()}"
        progress(f"edits of {page.rel}")

        def prose_once(i):
            with edited(page.path, lambda text: prose_edit(text, f"{nonce}-{i}")):
                return build(tmp / "edit-site", cache)

        def code_once(i, results=True):
            with edited(page.path, lambda text: code_edit(text, page.rel, f"{nonce}-{i}")):
                return build(tmp / "edit-site", cache, results=results)

        repeat(prose, n, prose_once, "prose edit")

        if page.blocks:
            repeat(code, n, code_once, "code edit")
            # what an edit that changes an experiment costs: every slow call runs again
            repeat(fresh, n, lambda i: code_once(f"fresh-{i}", results=False), "code edit, RESULTS=off")
        else:
            code.note = fresh.note = f"{page.rel} has no Python code"

    # ---- render start-up cost, make test, numerics
    startup = render_startup(n)
    test = Series("make test")
    if args.quick:
        test.note = "skipped (--quick)"
    else:
        progress("make test")
        make = shutil.which("make")
        cmd = [make, "--no-print-directory", "test"] if make else [sys.executable, "-m", "pytest"]
        repeat(test, 1, lambda _: run(cmd, base_env(), TEST_TIMEOUT), "make test")

    progress("count_pieces(sawtooth(k), 0, 1)")
    pieces_run = run([sys.executable, str(BENCH / "bench_pieces.py"), "--kmin", "10", "--kmax", "22",
                      "--runs", str(max(3, n))], numeric_env(), NUMERIC_TIMEOUT)
    training_script = BENCH / "bench_training.py"
    training_run = None
    if training_script.exists():
        progress("training speed (bench_training.py)")
        training_run = run([sys.executable, str(training_script)], numeric_env(), NUMERIC_TIMEOUT)

    weights = page_weights(site) if site is not None and site.exists() else []

    # ================================================================ report
    # Builds
    rep.add("### Builds", "",
            "| build | wall-clock | CPU | inside MkDocs | hook stages | notes |",
            "| --- | --- | --- | --- | --- | --- |")
    built_in = r"Documentation built in ([\d.]+) seconds"
    edit_note = f"`{page.rel}`" if page else ""
    for s, label, note in (
        (clean, "clean (empty caches)", f"{len(coded)} page(s) with code"),
        (warm, "warm (nothing changed)", ""),
        (floor, "`FIGURES=off` (floor)", "no page code runs"),
        (prose, "one chapter's prose edited", edit_note),
        (code, "one chapter's code edited", edit_note + " re-runs; its slow calls' results are kept"),
        (fresh, "one chapter's code edited, `RESULTS=off`", edit_note + " re-runs, training every network again"
         " (what changing an experiment's arguments costs; not a budget)"),
    ):
        note = s.note or note
        stages = "; ".join(f"{k} {v:.2f} s" for k, v in s.stages().items()) or "–"
        rep.add(f"| {label} | {spread(s)} | {fmt_s(s.cpu)} | {fmt_s(s.field_median(built_in))} | "
                f"{stages} | {note} |")
    rep.add("", "CPU is user + system time of the build and the page processes it started (median); "
            "it varies less than wall-clock on a loaded machine. \"Inside MkDocs\" is MkDocs' own "
            "\"built in\" time; the rest of the wall-clock is starting Python and loading the "
            "configuration, theme and plugins. Hook stages are the times the hooks log, summed over "
            "the languages: `figures` runs from reading the pages until the stale ones have drawn their "
            "figures (they run while MkDocs converts the Markdown, so a warm build shows that time too); "
            "`notebooks` runs the labs. Stages can overlap (the labs run in the background while the "
            "figures are drawn), so they need not add up.", "")
    for s, what in ((clean, "The clean build"), (warm, "The warm build"), (floor, "The FIGURES=off build"),
                    (prose, "The prose-edit build"), (code, "The code-edit build"),
                    (fresh, "The code-edit build with RESULTS=off")):
        if s.failed:
            rep.failure(what, s.failed)
    if problems:
        rep.add("Pages the parser rejects:", "", *[f"- {scrub(p, tmp)}" for p in problems], "")

    # Budgets for builds
    rep.budget("clean build", fmt_s(clean.median), f"≤ {CLEAN_MAX:g} s",
               None if clean.median is None else clean.median <= CLEAN_MAX)
    rep.budget("warm build", fmt_s(warm.median), f"≤ {WARM_MAX:g} s",
               None if warm.median is None else warm.median <= WARM_MAX)
    ratio = warm.median / floor.median if warm.median and floor.median else None
    rep.budget("warm build ÷ FIGURES=off build", "–" if ratio is None else
               f"{ratio:.2f}× ({fmt_s(warm.median)} ÷ {fmt_s(floor.median)})",
               f"≤ {WARM_FLOOR_RATIO_MAX:g}×", None if ratio is None else ratio <= WARM_FLOOR_RATIO_MAX)
    for s, what in ((prose, "prose"), (code, "code")):
        rep.budget(f"rebuild after a {what} edit", fmt_s(s.median), f"≤ {EDIT_MAX:g} s",
                   None if s.median is None else s.median <= EDIT_MAX)

    # Figures per page
    rep.add("### Figure rendering per page", "")
    if per_page:
        total = sum(v["seconds"] for v in per_page.values()) or 1e-9
        rows = sorted(per_page.items(), key=lambda kv: -kv[1]["seconds"])
        rep.add("| page | figures | page code (s) | share | cumulative |", "| --- | --- | --- | --- | --- |")
        cum = 0.0
        dominant = []
        for name, v in rows:
            cum += v["seconds"]
            if cum - v["seconds"] < 0.8 * total:
                dominant.append(name)
            rep.add(f"| {name} | {v['figures']} | {v['seconds']:.2f} | {100 * v['seconds'] / total:.0f} % "
                    f"| {100 * cum / total:.0f} % |")
        su = startup.median
        rep.add("", f"Sum of page code: {total:.2f} s over {len(rows)} distinct page codes (a translation "
                "with the same code is drawn once); "
                f"{', '.join(dominant)} {'account' if len(dominant) > 1 else 'accounts'} "
                "for 80 % of it. "
                "Times are the `seconds` in each page's `manifest.json` (the page's code inside its "
                "subprocess, median over the clean builds)"
                + (f"; each subprocess also pays {su:.2f} s to start Python and import matplotlib "
                   f"and `lessons` before the first block runs" if su else "")
                + f". The hook runs up to {os.cpu_count()} pages at once.", "")
    else:
        rep.add("No manifests: " + ("no page has code." if not coded else "the clean build drew nothing."), "")
    if startup.failed:
        rep.failure("Importing matplotlib and lessons", startup.failed)

    # Tests
    rep.add("### Tests", "")
    if test.runs:
        r = test.runs[0]
        summary = next((ln.strip("= ") for ln in reversed(r.out.splitlines())
                        if re.search(r"\d+ (passed|failed|error)", ln)), "")
        cpu = f", {r.cpu:.1f} s CPU" if r.cpu is not None else ""
        rep.add(f"`make test`: {r.seconds:.1f} s wall-clock{cpu}, exit status {r.rc}"
                + (f" ({summary})." if summary else "."), "")
        if not r.ok:
            rep.failure("`make test`", r)
        rep.budget("`make test`", f"{r.seconds:.1f} s" + ("" if r.ok else " (tests failed)"),
                   f"≤ {TEST_MAX:g} s", r.seconds <= TEST_MAX)
    else:
        rep.add(f"`make test`: {test.note}.", "")
        rep.budget("`make test`", test.note, f"≤ {TEST_MAX:g} s", None)

    # count_pieces
    rep.add("### `count_pieces(sawtooth(k), 0, 1)`", "")
    pieces_ok = None
    pieces_measured = "not available"
    try:
        data = json.loads(pieces_run.out.strip().splitlines()[0]) if pieces_run.ok else None
    except (ValueError, IndexError):
        data = None
    if data is None:
        rep.failure("`bench_pieces.py`", pieces_run)
    elif not data["available"]:
        rep.add(f"Not available: {scrub(data['reason'], tmp)}", "")
    else:
        rep.add("Only the count is timed (the network is built first), with OPENBLAS_NUM_THREADS=1; "
                "CPU is the median process time. Seconds per million pieces use the median "
                "wall-clock time; a constant value means the cost grows linearly with 2**k.", "",
                "| k | pieces | wall-clock | CPU | s per million pieces |",
                "| --- | --- | --- | --- | --- |")
        for row in data["rows"]:
            k = row["k"]
            if "count" not in row:
                why = scrub(row.get("error") or "skipped: " + row.get("skipped", ""), tmp)
                rep.add(f"| {k} | {why} | | | |")
                if k == PIECES_K:
                    pieces_measured = why
                continue
            right = row["count"] == row["expected"]
            per_m = row["median"] / (row["expected"] / 1e6)
            count = f"{row['count']}" if right else f"{row['count']}, **wrong**: 2**k = {row['expected']}"
            rep.add(f"| {k} | {count} | {row['median']:.4f} s ({row['min']:.4f}–{row['max']:.4f}) | "
                    f"{row.get('cpu', float('nan')):.4f} s | {per_m:.3f} |")
            if k == PIECES_K:
                pieces_ok = right and row["median"] <= PIECES_MAX
                pieces_measured = f"{row['median']:.3f} s" + ("" if right else f", wrong count {row['count']}")
        rep.add("")
    rep.budget(f"`count_pieces(sawtooth({PIECES_K}), 0, 1)`", pieces_measured, f"≤ {PIECES_MAX:g} s", pieces_ok)

    # Training
    rep.add("### Training speed: numpy against PyTorch", "")
    if training_run is None:
        rep.add("Skipped: `benchmarks/bench_training.py` is not there yet.", "")
        rep.budget("numpy training vs PyTorch", "no benchmark script", "numpy at least as fast", None)
    elif not training_run.ok:
        rep.failure("`bench_training.py`", training_run)
        rep.budget("numpy training vs PyTorch", "the script failed", "numpy at least as fast", None)
    else:
        out = scrub(training_run.out.strip(), tmp)
        if sum(ln.lstrip().startswith("|") for ln in out.splitlines()) >= 3:
            rep.add(out, "")
        else:
            rep.add("```text", out, "```", "")
        ok, why = training_verdict(out)
        rep.add(f"`bench_training.py` took {training_run.seconds:.1f} s.", "")
        rep.budget("numpy training vs PyTorch", why, "numpy at least as fast", ok)

    # Page weight
    rep.add("### Page weight", "")
    if weights:
        shared = sorted(site.glob("assets/stylesheets/jupyter-*.css")) if site is not None else []
        lab_css = (f" and the labs' Jupyter stylesheet ({sum(p.stat().st_size for p in shared) / 1024:.0f} KB, "
                   "one file for all labs)") if shared else ""
        rep.add("Each page's HTML plus the figure SVGs it references (one file per figure holds both themes); "
                f"what all pages share is not counted: the theme's CSS, JavaScript and fonts, KaTeX{lab_css}.", "",
                "| page | HTML KB | SVGs | SVG KB | total KB | budget |", "| --- | --- | --- | --- | --- | --- |")
        for url, h, k, s in sorted(weights, key=lambda w: -(w[1] + w[3])):
            tot = h + s
            rep.add(f"| `{url}` | {h:.0f} | {k} | {s:.0f} | {tot:.0f} | "
                    f"{'PASS' if tot <= PAGE_KB_MAX else '**FAIL**'} |")
        rep.add("")
        url, h, _, s = max(weights, key=lambda w: w[1] + w[3])
        over = sum(1 for w in weights if w[1] + w[3] > PAGE_KB_MAX)
        rep.budget("every page (HTML + its SVGs)", f"heaviest `{url}` {h + s:.0f} KB"
                   + (f"; {over} over" if over else ""), f"≤ {PAGE_KB_MAX:g} KB", over == 0)
    else:
        rep.add("Not measured: no successful build with figures.", "")
        rep.budget("every page (HTML + its SVGs)", "no site", f"≤ {PAGE_KB_MAX:g} KB", None)

    end_load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rep.add(f"The benchmark took {time.perf_counter() - started:.0f} s; load average {end_load:.2f} "
            f"at the end. A load average above {os.cpu_count()} means other work shared the CPUs: "
            "wall-clock numbers are then pessimistic, CPU numbers less so.", "")
    return rep.render(head)


if __name__ == "__main__":
    sys.exit(main())
