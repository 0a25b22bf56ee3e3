"""Run every bench script in its own process and write one Markdown report.

    python benchmarks/run.py [--quick] [--only lighthouse] [--runs N] [--page docs/PAGE.md] [--no-write] [--json FILE]

``make bench`` runs this. Each script measures one thing and writes JSON;
this only runs them and hands their JSON to ``report.py``:

- ``build.py``: clean, warm, ``FIGURES=off``, prose-edit, code-edit and
  ``RESULTS=off`` code-edit builds, and each page's code run time;
- ``weight.py``: each page of the clean build's site, HTML plus its SVGs;
- ``serve.py``: seconds from saving an edit under ``mkdocs serve`` to the
  browser showing it;
- ``suite.py``: ``make test`` (skipped with ``--quick``);
- ``pieces.py``: ``count_pieces(sawtooth(k), 0, 1)`` for k = 10..22;
- ``training.py``: numpy training against PyTorch;
- ``lighthouse.py``: Lighthouse on every page of the clean build's site, as
  a phone on slow 4G (``--only lighthouse`` runs this alone, on a build of
  its own).

Builds and tests run in temporary copies of the project, so the working
tree is never written, except for the reports at the end (unless
``--no-write``): ``docs/contributing/bench-latest.md`` and, rendered by
``report_lighthouse.py``, ``docs/contributing/lighthouse-latest.md``. The exit
status is 0 even when a budget fails: this is a report, not a gate.
Numbers from one run are comparable with each other; compare ratios, not
seconds, across machines or days.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import report_lighthouse
from report import render
from timing import ROOT, clean_env, progress

BENCH = Path(__file__).resolve().parent
REPORT = ROOT / "docs" / "contributing" / "bench-latest.md"
LIGHTHOUSE_REPORT = ROOT / "docs" / "contributing" / "lighthouse-latest.md"
LIGHTHOUSE_TIMEOUT = 3 * 3600  # 36 pages, one run at a time, about 25 s a run


def run_script(name: str, args: list[str], out: Path, timeout: float) -> dict:
    """Run ``benchmarks/NAME.py`` with ``--out``; its JSON, or ``{"error": the end of its stderr}``.

    Its progress lines go on to our stderr as they come.
    """
    cmd = [sys.executable, str(BENCH / f"{name}.py"), *args, "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=clean_env(), stdout=sys.stderr, stderr=subprocess.PIPE, text=True)
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    tail: collections.deque[str] = collections.deque(maxlen=30)
    for line in proc.stderr:
        sys.stderr.write(line)
        tail.append(line.rstrip("\n"))
    rc = proc.wait()
    killer.cancel()
    try:
        return json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        why = f"killed after {timeout:g} s" if rc == -9 else f"exit status {rc}"
        return {"error": "\n".join([*tail, f"({name}.py: {why}, no JSON)"])}


def git_state() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
        return f"commit `{head}`" + (" with uncommitted changes" if dirty.strip() else "")
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


def load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def plan(args: argparse.Namespace, tmp: Path) -> list[tuple[str, list[str], float]]:
    """(script, its arguments, timeout in seconds), in the order they run."""
    if args.only == "lighthouse":
        return [("lighthouse", ["--runs", str(args.runs)], LIGHTHOUSE_TIMEOUT)]
    build = ["--runs", str(args.runs), "--site", str(tmp / "site")] + (["--page", args.page] if args.page else [])
    steps = [("build", build, 7200), ("weight", [str(tmp / "site")], 600), ("serve", [], 1800),
             ("lighthouse", ["--site", str(tmp / "site"), "--runs", str(args.runs)], LIGHTHOUSE_TIMEOUT)]
    if not args.quick:
        steps.append(("suite", [], 3600))
    steps += [("pieces", ["--kmin", "10", "--kmax", "22", "--runs", str(max(3, args.runs))], 1800),
              ("training", [], 1800)]
    return steps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip `make test`")
    ap.add_argument("--only", choices=["lighthouse"], help="run this part alone and write only its report")
    ap.add_argument("--runs", type=int, default=3, help="runs of each build measurement (default 3)")
    ap.add_argument("--page", help="the page to edit for the edit builds (default: the slowest to run)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not write the reports")
    ap.add_argument("--json", type=Path, help="also save the scripts' JSON here (report.py renders it again)")
    args = ap.parse_args(argv)
    args.runs = max(1, args.runs)
    started = time.perf_counter()
    meta = {"date": dt.date.today().isoformat(), "git": git_state(), "cpus": os.cpu_count(),
            "load_start": load(), "versions": versions(), "runs": args.runs, "script_seconds": {}}
    results: dict = {"suite": {"skipped": "skipped (--quick)"}} if args.quick else {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for name, script_args, timeout in plan(args, Path(tmp)):
            progress(f"== {name}.py")
            t0 = time.perf_counter()
            results[name] = run_script(name, script_args, Path(tmp) / f"{name}.json", timeout)
            meta["script_seconds"][name] = time.perf_counter() - t0
    results["meta"] = {**meta, "seconds": time.perf_counter() - started, "load_end": load()}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    reports = {LIGHTHOUSE_REPORT: report_lighthouse.render(results)}
    if not args.only:
        reports[REPORT] = render(results)
    for path, text in reports.items():
        print(text, end="")
        if not args.no_write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            progress(f"written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
