"""The report's sections on the site: builds, page code, tests and page weight."""

from __future__ import annotations

import statistics

from budgets import (CLEAN_MAX, EDIT_MAX, PAGE_KB_MAX, TEST_MAX, WARM_FLOOR_RATIO_MAX, WARM_MAX, Report, fmt_s,
                     median, scrub, spread, stages)

BUILD_NOTES = """CPU is user + system time of the build and the page processes it started (median); \
it varies less than wall-clock on a loaded machine. "Inside MkDocs" is MkDocs' own "built in" time; \
the rest of the wall-clock is starting Python and loading the configuration, theme and plugins. \
Hook stages are the times the hooks log, summed over the languages: `figures` runs from reading \
the pages until the stale ones have drawn their figures (they run while MkDocs converts the \
Markdown, so a warm build shows that time too); `notebooks` runs the labs. Stages can overlap \
(the labs run in the background while the figures are drawn), so they need not add up. Every \
build runs in a temporary copy of the project with its own cache root."""


def builds(rep: Report, b: dict) -> None:
    rep.add("### Builds", "")
    if "error" in b:
        rep.failure("`build.py`", b["error"])
        b = {"builds": {}, "page": None, "coded": 0}
    s = {k: b["builds"].get(k, {"runs": [], "note": "not run"}) for k in
         ("clean", "warm", "floor", "prose", "code", "fresh")}
    page = f"`{b['page']}`" if b.get("page") else ""
    rows = (("clean", "clean (empty caches)", f"{b['coded']} page(s) with code"),
            ("warm", "warm (nothing changed)", ""), ("floor", "`FIGURES=off` (floor)", "no page code runs"),
            ("prose", "one chapter's prose edited", page),
            ("code", "one chapter's code edited", page + " re-runs; its slow calls' results are kept"),
            ("fresh", "one chapter's code edited, `RESULTS=off`", page + " re-runs, training every network "
             "again (what changing an experiment's arguments costs; not a budget)"))
    rep.add("| build | wall-clock | CPU | inside MkDocs | hook stages | notes |",
            "| --- | --- | --- | --- | --- | --- |")
    for key, label, note in rows:
        runs = s[key]["runs"]
        rep.add(f"| {label} | {spread(runs)} | {fmt_s(median(runs, 'cpu'))} | {fmt_s(median(runs, 'built_in'))} "
                f"| {stages(runs)} | {s[key].get('note') or note} |")
    rep.add("", BUILD_NOTES, "")
    for key, label, _ in rows:
        bad = next((r for r in s[key]["runs"] if r["rc"] != 0), None)
        if bad:
            rep.failure(f"The {label} build", bad.get("failure", ""), bad["rc"])
    if b.get("problems"):
        rep.add("Pages the parser rejects:", "", *[f"- {scrub(p)}" for p in b["problems"]], "")
    build_budgets(rep, {k: median(v["runs"]) for k, v in s.items()})


def build_budgets(rep: Report, m: dict[str, float | None]) -> None:
    rep.seconds_budget("clean build", m["clean"], CLEAN_MAX)
    rep.seconds_budget("warm build", m["warm"], WARM_MAX)
    ratio = m["warm"] / m["floor"] if m["warm"] and m["floor"] else None
    rep.budget("warm build ÷ FIGURES=off build",
               "–" if ratio is None else f"{ratio:.2f}× ({fmt_s(m['warm'])} ÷ {fmt_s(m['floor'])})",
               f"≤ {WARM_FLOOR_RATIO_MAX:g}×", None if ratio is None else ratio <= WARM_FLOOR_RATIO_MAX)
    rep.seconds_budget("rebuild after a prose edit", m["prose"], EDIT_MAX)
    rep.seconds_budget("rebuild after a code edit", m["code"], EDIT_MAX)


def page_code(rep: Report, b: dict) -> None:
    rep.add("### Figure rendering per page", "")
    codes = [{**c, "median": statistics.median(c["seconds"])} for c in b.get("page_code", [])]
    if not codes:
        rep.add("No manifests: " + ("no page has code." if not b.get("coded") else "the clean build drew nothing."), "")
        return
    total = sum(c["median"] for c in codes) or 1e-9
    rep.add("| page | figures | page code (s) | share | cumulative |", "| --- | --- | --- | --- | --- |")
    cum, dominant = 0.0, []
    for c in sorted(codes, key=lambda c: -c["median"]):
        name = f"`{c['page']}`" if c.get("page") else f"(cache key `{c['key']}`)"
        if cum < 0.8 * total:
            dominant.append(name)
        cum += c["median"]
        rep.add(f"| {name} | {c['figures']} | {c['median']:.2f} | {100 * c['median'] / total:.0f} % "
                f"| {100 * cum / total:.0f} % |")
    startup = median(b.get("startup", []))
    rep.add("", f"Sum of page code: {total:.2f} s over {len(codes)} distinct page codes (a translation with the "
            f"same code is drawn once); {', '.join(dominant)} {'account' if len(dominant) > 1 else 'accounts'} "
            "for 80 % of it. Times are the `seconds` in each page's `manifest.json` (the page's code inside its "
            "subprocess, median over the clean builds)"
            + (f"; each subprocess also pays {startup:.2f} s to start Python and import matplotlib and `lessons` "
               "before the first block runs" if startup else "")
            + f". The hook runs up to {b.get('cpus')} pages at once."
            + ("" if any(c.get("page") for c in codes) else
               " The manifests do not name their page, so a row shows the page's cache key."), "")
    bad = next((r for r in b.get("startup", []) if r["rc"] != 0), None)
    if bad:
        rep.failure("Importing matplotlib and lessons", bad.get("failure", ""), bad["rc"])


def tests(rep: Report, t: dict) -> None:
    rep.add("### Tests", "")
    limit = f"≤ {TEST_MAX:g} s"
    if "skipped" in t or "error" in t:
        if "error" in t:
            rep.failure("`suite.py`", t["error"])
        why = t.get("skipped") or "the script failed"
        rep.add(f"`make test`: {why}.", "")
        rep.budget("`make test`", why, limit, None)
        return
    cpu = f", {t['cpu']:.1f} s CPU" if t.get("cpu") is not None else ""
    summary = f" ({t['summary']})" if t.get("summary") else ""
    rep.add(f"`make test`: {t['seconds']:.1f} s wall-clock{cpu}, exit status {t['rc']}{summary}, "
            "in a temporary copy of the project with empty caches.", "")
    if t["rc"] != 0:
        rep.failure("`make test`", t.get("failure", ""), t["rc"])
    passed = t.get("counts", {}).get("passed")
    measured = f"{t['seconds']:.1f} s" + (f", {passed} passed" if passed is not None else "")
    rep.budget("`make test`", measured + ("" if t["rc"] == 0 else " (tests failed)"), limit, t["seconds"] <= TEST_MAX)


def serve(rep: Report, s: dict) -> None:
    rep.add("### Editing under `make serve`", "")
    if "skipped" in s or "error" in s:
        if "error" in s:
            rep.failure("`serve.py`", s["error"])
        why = s.get("skipped") or "the script failed"
        rep.add(f"Not measured: {why}.", "")
        for kind in ("prose", "code"):
            rep.budget(f"{kind} edit to screen", why, f"≤ {EDIT_MAX:g} s", None)
        return
    rep.add(f"From saving `{s['page']}` to Chromium showing the change (MkDocs' live reload), "
            f"{s['runs']} edits of each kind, on the build's warm caches:", "",
            "| edit | median | runs |", "| --- | --- | --- |")
    alone = s.get("alone") or {}
    for kind, what in (("prose", "prose (a new paragraph)"), ("code", "code (a comment in the first block: the page runs again)")):
        for served, where in ((s, "every edition"), (alone, f"{alone.get('edition')} alone")):
            runs = served.get(f"{kind}_seconds") or []
            if runs:
                rep.add(f"| {what}, {where} | {fmt_s(served.get(f'{kind}_median'))} | "
                        f"{', '.join(f'{x:.1f}' for x in runs)} |")
        rep.seconds_budget(f"{kind} edit to screen (`make serve`)", s.get(f"{kind}_median"), EDIT_MAX)
    rep.add("")


def weight(rep: Report, w: dict) -> None:
    rep.add("### Page weight", "")
    limit = f"≤ {PAGE_KB_MAX:g} KB"
    pages = w.get("pages") or []
    if not pages:
        if "error" in w:
            rep.failure("`weight.py`", w["error"])
        rep.add("Not measured: no successful build with figures.", "")
        rep.budget("every page (HTML + its SVGs)", "no site", limit, None)
        return
    lab_css = (f" and the labs' Jupyter stylesheet ({w['lab_css_kb']:.0f} KB, one file for all labs)"
               if w.get("lab_css_kb") else "")
    rep.add("Each page's HTML plus the figure SVGs it references (one file per figure holds both themes); "
            f"what all pages share is not counted: the theme's CSS, JavaScript and fonts, KaTeX{lab_css}.", "",
            "| page | HTML KB | SVGs | SVG KB | total KB | budget |", "| --- | --- | --- | --- | --- | --- |")
    for p in sorted(pages, key=lambda p: -(p["html_kb"] + p["svg_kb"])):
        total = p["html_kb"] + p["svg_kb"]
        rep.add(f"| `{p['url']}` | {p['html_kb']:.0f} | {p['svgs']} | {p['svg_kb']:.0f} | {total:.0f} | "
                f"{'PASS' if total <= PAGE_KB_MAX else '**FAIL**'} |")
    rep.add("")
    heaviest = max(pages, key=lambda p: p["html_kb"] + p["svg_kb"])
    over = sum(1 for p in pages if p["html_kb"] + p["svg_kb"] > PAGE_KB_MAX)
    rep.budget("every page (HTML + its SVGs)", f"heaviest `{heaviest['url']}` "
               f"{heaviest['html_kb'] + heaviest['svg_kb']:.0f} KB" + (f"; {over} over" if over else ""),
               limit, over == 0)
