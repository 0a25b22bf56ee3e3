"""What the bench keeps of one Lighthouse report: the scores and metrics, and what explains them.

Lighthouse's JSON is large (about 1 MB a page); :func:`metrics` keeps the
numbers the budgets judge, :func:`diagnostics` what the report needs to say
where a page's time and bytes go. URLs are kept as paths on the server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

TOP = 6  # rows kept of each diagnostic table


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path if parts.scheme in ("http", "https") else url


def _score(report: dict, category: str) -> int | None:
    score = report["categories"].get(category, {}).get("score")
    return None if score is None else round(100 * score)


def _value(report: dict, audit: str) -> float | None:
    return report["audits"].get(audit, {}).get("numericValue")


def _items(report: dict, audit: str) -> list[dict]:
    return ((report["audits"].get(audit) or {}).get("details") or {}).get("items") or []


def metrics(report: dict) -> dict:
    """Scores (0–100), times (ms), transfer (bytes) and the failed accessibility checks of one run."""
    failed = [ref["id"] for ref in report["categories"].get("accessibility", {}).get("auditRefs", [])
              if ref.get("weight") and report["audits"][ref["id"]].get("score") not in (None, 1)]
    return {
        "performance": _score(report, "performance"),
        "accessibility": _score(report, "accessibility"),
        "tbt_ms": _value(report, "total-blocking-time"),
        "lcp_ms": _value(report, "largest-contentful-paint"),
        "fcp_ms": _value(report, "first-contentful-paint"),
        "cls": _value(report, "cumulative-layout-shift"),
        "bytes": _value(report, "total-byte-weight"),
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "a11y_failed": failed,
        "runtime_error": (report.get("runtimeError") or {}).get("message"),
    }


def diagnostics(report: dict) -> dict:
    """Where the page's bytes and main-thread time go, and what its largest paint waits for."""
    requests = [r for r in _items(report, "network-requests") if r["url"].startswith(("http:", "https:"))]
    lcp_tables = _items(report, "largest-contentful-paint-element")
    element = next((t["items"][0]["node"] for t in lcp_tables if t.get("items") and "node" in t["items"][0]), {})
    phases = next(({i["phase"]: round(i["timing"]) for i in t["items"]} for t in lcp_tables
                   if t.get("items") and "phase" in t["items"][0]), {})
    return {
        "by_type": {i["resourceType"]: [i["requestCount"], i["transferSize"]]
                    for i in _items(report, "resource-summary") if i["requestCount"]},
        "largest": [[_path(r["url"]), r.get("resourceType"), r.get("transferSize", 0)]
                    for r in sorted(requests, key=lambda r: -r.get("transferSize", 0))[:TOP]],
        "scripts": [_path(r["url"]) for r in requests if r.get("resourceType") == "Script"],
        "images": [sum(1 for r in requests if r.get("resourceType") == "Image"),
                   sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Image")],
        "main_thread": {i["groupLabel"]: round(i["duration"]) for i in _items(report, "mainthread-work-breakdown")},
        "bootup": [[_path(i["url"]), round(i["total"]), round(i.get("scripting", 0))]
                   for i in _items(report, "bootup-time")[:TOP]],
        "render_blocking": [[_path(i["url"]), round(i.get("wastedMs", 0))]
                            for i in _items(report, "render-blocking-resources")],
        "dom_size": _value(report, "dom-size"),
        "lcp_element": element.get("selector") or element.get("snippet"),
        "lcp_phases": phases,
    }


def versions(report: dict) -> dict:
    env = report.get("environment", {})
    return {"lighthouse": report.get("lighthouseVersion"), "browser": env.get("hostUserAgent"),
            "emulated": env.get("networkUserAgent"), "throttling": report.get("configSettings", {}).get("throttling"),
            "form_factor": report.get("configSettings", {}).get("formFactor")}
