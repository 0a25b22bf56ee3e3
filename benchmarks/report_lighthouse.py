"""The Lighthouse report: each page of every edition as a phone on slow 4G sees it.

    python benchmarks/report_lighthouse.py RESULTS.json

Rendered from the JSON of ``lighthouse.py`` (under ``lighthouse`` in what
``run.py`` gathers, with ``meta``) into its own file,
``docs/contributing/lighthouse-latest.md``, so that it can be measured and
updated without the rest of the bench.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from pathlib import Path

from budgets import LH_A11Y_MIN, LH_KB_MAX, LH_PERF_MIN, LH_TBT_MAX_MS, Report, scrub

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from book.language import edition_prefix, editions  # noqa: E402

INTRO = ("Lighthouse {lighthouse} with {browser}, its default mobile profile: {device}, the network simulated "
         "at {rtt:g} ms round trip and {kbps:.1f} Mbit/s, the CPU slowed {cpu:g}×; a fresh profile for every run, "
         "so every run is a first visit. The site is served compressed (gzip, as GitHub Pages serves it) by "
         "`benchmarks/gzip_server.py`. Each page of the navigation, every edition, one run at a time; medians "
         "of {runs} run{s} (min–max in brackets). Transfer is every byte the page fetched before the network "
         "went quiet: HTML, the theme's CSS, JavaScript and fonts, KaTeX's fonts, the figures near the top, "
         "and the search index.")


def _kb(b: float) -> float:
    return b / 1024


def _range(page: dict, key: str, fmt: str) -> str:
    vals = [r[key] for r in page["runs"] if r.get(key) is not None]
    mid = page["median"][key]
    return fmt.format(mid) + (f" ({fmt.format(min(vals))}–{fmt.format(max(vals))})" if len(vals) > 1 else "")


def misses(m: dict) -> list[str]:
    """What one page's medians miss of the targets."""
    out = []
    if m["performance"] < LH_PERF_MIN:
        out.append("performance")
    if m["accessibility"] < LH_A11Y_MIN:
        out.append("accessibility")
    if m["tbt_ms"] > LH_TBT_MAX_MS:
        out.append("TBT")
    if _kb(m["bytes"]) > LH_KB_MAX:
        out.append("transfer")
    return out


def _machine(lh: dict, pages: list[dict]) -> str:
    loads = [r["load"] for p in pages for r in p["runs"] if r.get("load") is not None]
    bench = [r["benchmark_index"] for p in pages for r in p["runs"] if r.get("benchmark_index")]
    text = f"The machine has {lh['cpus']} CPUs"
    if loads:
        text += (f"; its load average over the runs was {statistics.median(loads):.2f} "
                 f"({min(loads):.2f}–{max(loads):.2f})")
    if bench:
        text += (f", and Lighthouse's CPU benchmark index {statistics.median(bench):.0f} "
                 f"({min(bench):.0f}–{max(bench):.0f}; Lighthouse calibrates its 4× slowdown for about 1000–1500)")
    return text + (". Total blocking time is measured on this machine's main thread and then scaled: other work "
                   "on the cores inflates it, so compare pages within one run, and read a load above the number "
                   "of CPUs as a pessimistic run.")


def _table(rep: Report, pages: list[dict]) -> None:
    rep.add("| page | performance | accessibility | TBT (ms) | LCP (s) | transfer (KB) | load | result |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |")
    for p in pages:
        if "median" not in p:
            why = next((r.get("runtime_error") or r.get("failure", "") for r in p["runs"]), "")
            rep.add(f"| `{p['path']}` | failed: {scrub(why).splitlines()[-1] if why else '?'} | | | | | | **FAIL** |")
            continue
        m = p["median"]
        bad = misses(m)
        rep.add(f"| `{p['path']}` | {_range(p, 'performance', '{:.0f}')} | {m['accessibility']:.0f} "
                f"| {_range(p, 'tbt_ms', '{:.0f}')} | {m['lcp_ms'] / 1000:.1f} | {_kb(m['bytes']):.0f} "
                f"| {m.get('load', float('nan')):.1f} | {'PASS' if not bad else '**FAIL**: ' + ', '.join(bad)} |")
    rep.add("")


def _budgets(rep: Report, pages: list[dict]) -> None:
    done = [p for p in pages if "median" in p]
    failed = len(pages) - len(done)
    extra = f"; {failed} page(s) not measured" if failed else ""
    for name, key, limit, ok, fmt, worst in (
            ("performance", "performance", f"≥ {LH_PERF_MIN}", lambda v: v >= LH_PERF_MIN, "{:.0f}", min),
            ("accessibility", "accessibility", f"{LH_A11Y_MIN}", lambda v: v >= LH_A11Y_MIN, "{:.0f}", min),
            ("total blocking time", "tbt_ms", f"≤ {LH_TBT_MAX_MS} ms", lambda v: v <= LH_TBT_MAX_MS, "{:.0f} ms", max),
            ("transfer on first load", "bytes", f"≤ {LH_KB_MAX:g} KB", lambda v: _kb(v) <= LH_KB_MAX, None, max)):
        if not done:
            rep.budget(f"Lighthouse {name}, every page", "not measured", limit, None)
            continue
        page = worst(done, key=lambda p: p["median"][key])
        value = page["median"][key]
        shown = f"{_kb(value):.0f} KB" if fmt is None else fmt.format(value)
        over = sum(1 for p in done if not ok(p["median"][key]))
        rep.budget(f"Lighthouse {name}, every page",
                   f"worst `{page['path']}` {shown}" + (f"; {over} of {len(done)} pages miss" if over else "") + extra,
                   limit, None if failed else over == 0)


def _accessibility(rep: Report, pages: list[dict]) -> None:
    failing: dict[str, list[str]] = {}
    for p in pages:
        for audit in p.get("a11y_failed", []):
            failing.setdefault(audit, []).append(f"`{p['path']}`")
    if failing:
        rep.add("Accessibility checks failed in at least one run: " + "; ".join(
            f"`{a}` on {len(where)} page(s) ({', '.join(where[:4])}{', …' if len(where) > 4 else ''})"
            for a, where in sorted(failing.items())) + ".", "")


def _edition(path: str) -> str:
    """The edition a page's path is under: ``/`` or ``zh-TW/``, ...

    >>> _edition("/zh-TW/labs/fat-vs-tall/"), _edition("/zh/"), _edition("/summary/")
    ('zh-TW/', 'zh/', '/')
    """
    prefixes = [edition_prefix(lang) for lang in editions() if edition_prefix(lang)]
    return next((e for e in prefixes if path.lstrip("/").startswith(e)), "/")


def _bytes(rep: Report, pages: list[dict]) -> None:
    """What every page fetches: by type, the search index of its edition, the scripts."""
    diag = [p for p in pages if "diagnostics" in p]
    if not diag:
        return
    kinds = sorted({k for p in diag for k in p["diagnostics"]["by_type"] if k != "total"})
    cells = []
    for k in kinds:
        kb = [_kb(p["diagnostics"]["by_type"].get(k, [0, 0])[1]) for p in diag]
        cells.append(f"{k} {statistics.median(kb):.0f} KB ({min(kb):.0f}–{max(kb):.0f})")
    rep.add("Transfer by type, median over the pages (min–max): " + "; ".join(cells) + ".", "")
    indexes: dict[str, set[str]] = {}
    for p in diag:
        edition = _edition(p["path"])
        for url, _kind, size in p["diagnostics"]["largest"]:
            if url.endswith("search_index.json"):
                indexes.setdefault(edition, set()).add(f"`{url}` {_kb(size):.0f} KB")
    if indexes:
        rep.add("Search index each edition's pages fetch: " + "; ".join(
            f"{'/' if e == '/' else '/' + e} pages: {', '.join(sorted(v))}" for e, v in sorted(indexes.items()))
            + ".", "")
    scripts = sorted({s for p in diag for s in p["diagnostics"]["scripts"]})
    rep.add(f"Scripts fetched (any page): {', '.join(f'`{s}`' for s in scripts)}.", "")


def _time(rep: Report, pages: list[dict], n: int = 3) -> None:
    """Where the main thread's time goes on the pages with the most blocking time."""
    diag = sorted((p for p in pages if "diagnostics" in p), key=lambda p: -p["median"]["tbt_ms"])[:n]
    if not diag:
        return
    rep.add(f"The {len(diag)} pages with the most blocking time, from their median run (main-thread times "
            "as Lighthouse scales them to the phone):", "")
    for p in diag:
        d = p["diagnostics"]
        work = ", ".join(f"{k} {v} ms" for k, v in sorted(d["main_thread"].items(), key=lambda kv: -kv[1])[:4])
        boot = ", ".join(f"`{u}` {t} ms" for u, t, _s in d["bootup"][:3])
        lcp = d.get("lcp_phases") or {}
        rep.add(f"- `{p['path']}`: {d['dom_size']:.0f} DOM elements; main thread {work}; by resource {boot}; "
                f"largest paint `{d['lcp_element']}`" + (f" (render delay {lcp['Render Delay']} ms)"
                                                         if "Render Delay" in lcp else ""))
    rep.add("")


def section(rep: Report, lh: dict) -> None:
    rep.add("### Lighthouse: every page on a phone", "")
    if "error" in lh or not lh.get("available", True):
        if "error" in lh:
            rep.failure("`lighthouse.py`", lh["error"])
        else:
            rep.add(f"Not measured: {scrub(lh['reason'])}.", "")
        for name, limit in (("performance", f"≥ {LH_PERF_MIN}"), ("accessibility", f"{LH_A11Y_MIN}"),
                            ("total blocking time", f"≤ {LH_TBT_MAX_MS} ms"),
                            ("transfer on first load", f"≤ {LH_KB_MAX:g} KB")):
            rep.budget(f"Lighthouse {name}, every page", "not measured", limit, None)
        return
    v, pages = lh.get("versions", {}), lh["pages"]
    t = v.get("throttling") or {}
    device = re.search(r"Android [\d.]+; (.+?)\) AppleWebKit", v.get("emulated") or "")
    rep.add(INTRO.format(lighthouse=v.get("lighthouse"), browser=lh.get("chromium") or "Chromium",
                         device=f"an emulated {device[1]}" if device else "a mid-range phone",
                         rtt=t.get("rttMs", 150), kbps=t.get("throughputKbps", 1638.4) / 1000,
                         cpu=t.get("cpuSlowdownMultiplier", 4), runs=lh["runs"], s="s" if lh["runs"] != 1 else ""),
            "", _machine(lh, pages), "")
    _table(rep, pages)
    _budgets(rep, pages)
    _accessibility(rep, pages)
    _bytes(rep, pages)
    _time(rep, pages)


def render(results: dict) -> str:
    meta = results["meta"]
    rep = Report()
    section(rep, results.get("lighthouse", {"error": "not run"}))
    head = f"Measured {meta['date']} at {meta['git']}; {meta['versions']}."
    return rep.render(head)


if __name__ == "__main__":
    print(render(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))), end="")
