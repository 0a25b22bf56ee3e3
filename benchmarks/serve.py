"""Time an edit under ``make serve`` until the browser shows it; print JSON.

    python benchmarks/serve.py [--page docs/PAGE.md] [--runs 3] [--out FILE]

Starts ``mkdocs serve`` in a temporary copy of the project (with a copy of
the build's caches, so its first build is the warm build a contributor
starts from), opens the page in Chromium and, ``--runs`` times each:

- a prose edit: a new paragraph at the end of the page;
- a code edit: a comment at the top of the page's first block, so the page's
  code runs again before the page is shown (``build.code_edit``);

and measures the seconds from saving the file to the page in the browser
showing the new text (MkDocs' live reload reloads it). It does so twice:
serving every edition (``make serve``), then the default edition alone
(``make serve EDITION=en``). Medians and every run are printed. The page
defaults to a small chapter (``programming.md``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build import code_edit
from timing import ROOT, arguments, clean_env, copy_project, emit, progress

sys.path.insert(0, str(ROOT))
import book.cache  # noqa: E402
from book.language import default_language  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
START_TIMEOUT = 900  # the first build, warm or not
SHOW_TIMEOUT = 300  # one edit until it shows
_SERVING = re.compile(r"Serving on (http://\S+)")
EDITION_ENV = "BOOK_ONLY_EDITION"  # mkdocs.yml's build_only_locale, which `make serve EDITION=en` sets


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(copy: Path, cache: Path, edition: str | None) -> tuple[subprocess.Popen, str, Path]:
    """``mkdocs serve`` in the copy (``edition`` alone, as ``make serve EDITION=`` does, or every
    edition); (process, its address, its log file) once it serves."""
    log = copy / "serve.log"
    env = {**clean_env(copy), book.cache.ENV: str(cache), **({EDITION_ENV: edition} if edition else {})}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{free_port()}"],
                            cwd=copy, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = _SERVING.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return proc, found[1].rstrip("/") + "/", log
        if proc.poll() is not None:
            raise SystemExit("mkdocs serve stopped:\n" + log.read_text(encoding="utf-8", errors="replace")[-3000:])
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"mkdocs serve did not start in {START_TIMEOUT} s")


def page_address(base: str, label: str) -> str:
    """docs/programming.md -> BASE/programming/ (docs/index.md -> BASE)."""
    name = label.removeprefix("docs/").removesuffix(".md")
    return base if name == "index" else f"{base}{name}/"


def paragraph_edit(text: str, _label: str, marker: str) -> str:
    """A prose edit the page shows: a new last paragraph."""
    return text.rstrip("\n") + f"\n\n{marker}\n"


def edit_until_shown(page, path: Path, edit, marker: str) -> float:
    """Apply ``edit`` to the file; seconds until the browser's page contains ``marker`` (in its text, not as
    drawn: the end of a page is in a section the browser draws only when it nears the screen)."""
    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    path.write_text(edit(text, path.as_posix(), marker), encoding="utf-8")
    page.wait_for_function("(m) => document.body && document.body.textContent.includes(m)", arg=marker,
                           timeout=SHOW_TIMEOUT * 1000, polling=50)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = arguments(__doc__)
    ap.add_argument("--page", default="docs/programming.md", help="the page to edit (default: docs/programming.md)")
    ap.add_argument("--runs", type=int, default=3, help="edits of each kind (default 3)")
    args = ap.parse_args(argv)
    if not os.access(CHROMIUM, os.X_OK):
        emit({"skipped": f"needs Chromium at {CHROMIUM}"}, args.out)
        return 0
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="serve-") as tmp:
        copy = copy_project(Path(tmp) / "book")
        cache = Path(tmp) / "cache"
        if book.cache.root().is_dir():
            shutil.copytree(book.cache.root(), cache)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            every = measure(browser, copy, cache, args.page, args.runs, None)
            alone = measure(browser, copy, cache, args.page, args.runs, default_language())
            browser.close()
    emit({"page": args.page, "runs": args.runs, **every, "alone": {"edition": default_language(), **alone}}, args.out)
    return 0


def measure(browser, copy: Path, cache: Path, label: str, runs: int, edition: str | None) -> dict:
    """Prose and code edits of ``label`` under one ``mkdocs serve``: medians and every run."""
    progress(f"mkdocs serve in a copy ({edition or 'every edition'}); editing {label}")
    proc, base, log = start_serve(copy, cache, edition)
    times: dict[str, list[float]] = {"prose": [], "code": []}
    try:
        page = browser.new_page()
        page.goto(page_address(base, label), wait_until="load")
        for i in range(runs):
            for kind, edit in (("prose", paragraph_edit), ("code", code_edit)):
                marker = f"bench-{kind}-{i}-{time.time_ns()}"
                seconds = edit_until_shown(page, copy / label, edit, marker)
                times[kind].append(seconds)
                progress(f"  {kind} edit {i + 1}/{runs}: {seconds:.2f} s")
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return {**{f"{kind}_median": statistics.median(v) for kind, v in times.items() if v},
            **{f"{kind}_seconds": v for kind, v in times.items()}}


if __name__ == "__main__":
    sys.exit(main())
