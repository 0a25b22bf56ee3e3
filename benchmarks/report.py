"""The bench report: Markdown from the bench scripts' JSON and the budgets.

    python benchmarks/report.py RESULTS.json

``run.py`` gathers one JSON object with a key per script (``build``,
``suite``, ``pieces``, ``training``, ``weight``) and ``meta`` (date, git
state, machine, versions, how long each script took) and renders it with
:func:`render`. Nothing here measures, so the wording of the report can
change without running a bench. A script that failed appears as
``{"error": ...}`` and its budgets as "not measured".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import report_numerics
import report_site
from budgets import Report


def head(meta: dict) -> str:
    return (f"Measured {meta['date']} at {meta['git']}; {meta['cpus']} CPUs, load average "
            f"{meta['load_start']:.2f} at the start; {meta['versions']}. Wall-clock medians of {meta['runs']} "
            f"run{'s' if meta['runs'] != 1 else ''} (min–max in brackets); compare ratios rather than seconds "
            "across machines.")


def footer(meta: dict) -> str:
    return (f"The benchmark took {meta['seconds']:.0f} s; load average {meta['load_end']:.2f} at the end. "
            f"A load average above {meta['cpus']} means other work shared the CPUs: wall-clock numbers "
            "are then pessimistic, CPU numbers less so.")


def render(results: dict) -> str:
    """The whole report: head, budget table, one section per measurement, summary."""
    meta = results["meta"]
    missing = {"error": "not run"}
    rep = Report()
    build = results.get("build", missing)
    report_site.builds(rep, build)
    report_site.page_code(rep, build)
    report_site.serve(rep, results.get("serve", missing))
    report_site.tests(rep, results.get("suite", missing))
    report_numerics.pieces(rep, results.get("pieces", missing))
    report_numerics.training(rep, results.get("training", missing), meta["script_seconds"].get("training"))
    report_site.weight(rep, results.get("weight", missing))
    rep.add(footer(meta), "")
    return rep.render(head(meta))


if __name__ == "__main__":
    print(render(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))), end="")
