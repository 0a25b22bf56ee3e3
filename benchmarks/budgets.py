"""The budgets, and the pieces every report section uses: the Report, number formats, path scrubbing.

A budget that fails is a line of the report, not an exit status; one that
could not be measured says so.
"""

from __future__ import annotations

import os
import re
import statistics
import tempfile
from pathlib import Path

from timing import ROOT

# Budgets (seconds unless said otherwise).
CLEAN_MAX = 60.0
WARM_MAX = 6.0
WARM_FLOOR_RATIO_MAX = 1.3
EDIT_MAX = 8.0
TEST_MAX = 150.0
PIECES_K, PIECES_MAX = 20, 1.0
PAGE_KB_MAX = 500.0
# Lighthouse on every page of the navigation, mobile profile (medians of the runs).
LH_PERF_MIN = 90  # performance score
LH_A11Y_MIN = 100  # accessibility score
LH_TBT_MAX_MS = 150  # total blocking time
LH_KB_MAX = 500.0  # transfer on first load

_TMP = re.compile(re.escape(tempfile.gettempdir()) + r"/[^/\s'\"]+")


def scrub(text: str) -> str:
    """Keep machine paths out of the report: the copy's files by their project path."""
    text = _TMP.sub("<tmp>", text).replace("<tmp>/project/", "")
    text = text.replace(str(ROOT) + os.sep, "").replace(str(ROOT), ".")
    text = re.sub(r"(?<![\w.])/[^\s:'\"]*/(site-packages|lib/python3\.\d+)/", r".../\1/", text)
    return text.replace(str(Path.home()), "~")


def fmt_s(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f} s"


def ok_runs(runs: list[dict]) -> list[dict]:
    return [r for r in runs if r["rc"] == 0]


def median(runs: list[dict], key: str = "seconds") -> float | None:
    vals = [r[key] for r in ok_runs(runs) if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def spread(runs: list[dict]) -> str:
    t = [r["seconds"] for r in ok_runs(runs)]
    return f"{statistics.median(t):.2f} s ({min(t):.2f}–{max(t):.2f}, n={len(t)})" if t else "–"


def stages(runs: list[dict]) -> str:
    """Median seconds of each hook stage over the successful builds."""
    per_run = [r["stages"] for r in ok_runs(runs)]
    names = sorted({k for s in per_run for k in s})
    return "; ".join(f"{k} {statistics.median(s.get(k, 0.0) for s in per_run):.2f} s" for k in names) or "–"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.budgets: list[tuple[str, str, str, bool | None]] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def budget(self, name: str, measured: str, limit: str, ok: bool | None) -> None:
        self.budgets.append((name, measured, limit, ok))

    def seconds_budget(self, name: str, value: float | None, limit: float) -> None:
        self.budget(name, fmt_s(value), f"≤ {limit:g} s", None if value is None else value <= limit)

    def failure(self, what: str, text: str, rc: int | None = None) -> None:
        status = "" if rc is None else f" (exit status {rc})"
        self.add(f"{what} failed{status}; the end of its output:", "", "```text", scrub(text), "```", "")

    def render(self, head: str) -> str:
        mark = {True: "PASS", False: "**FAIL**", None: "not measured"}
        table = ["| budget | measured | limit | result |", "| --- | --- | --- | --- |"]
        table += [f"| {n} | {m} | {lim} | {mark[ok]} |" for n, m, lim, ok in self.budgets]
        failed = sum(1 for b in self.budgets if b[3] is False)
        unmeasured = [b[0] for b in self.budgets if b[3] is None]
        summary = f"**{failed} of {len(self.budgets)} budgets failed**"
        if unmeasured:
            summary += f"; {len(unmeasured)} not measured ({'; '.join(unmeasured)})"
        return "\n".join([head, "", *table, "", *self.lines, summary + ".", ""])
