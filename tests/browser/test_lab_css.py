"""A lab's Jupyter stylesheet, cut at build (``book/lab_css.py``), keeps every rule the page uses.

The whole stylesheet nbconvert writes comes from mkdocs-jupyter, as the build
gets it. In Chromium, on every built lab page of every edition, each of its
selectors is tried against the page (hover, focus and pseudo-elements set
aside, so a selector counts as matching if the element it styles is there):
every one that matches an element must be in the page's stylesheet, and the
stylesheet must be a fraction of the whole.
"""

from __future__ import annotations

import os
import re

import pytest
import tinycss2

from book.lab_css import split_selectors
from tests.browser.conftest import CHROMIUM, built_pages, goto
from tests.helpers import DOCS, book_config

if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian package `chromium`)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the `playwright` package (the `test` extra)")

pytestmark = pytest.mark.browser

# What a selector needs beyond the element being there: a pointer, focus, a pseudo-element.
_STATE = re.compile(r"::?(?:before|after|marker|placeholder|selection|first-line|first-letter|-webkit-[\w-]+|-moz-[\w-]+)"
                    r"|:(?:hover|focus|focus-visible|focus-within|active|visited|link)\b")
_SHEET = re.compile(r'<link rel="stylesheet" href="([^"]*jupyter-[0-9a-f]+\.css)">')

_MATCHING_JS = """(selectors) => selectors.filter((s) => {
  try { return document.querySelector(s.probe) !== null; } catch (e) { return false; }  // not CSS Chromium reads
}).map((s) => s.selector)"""


def selectors(css: str) -> set[str]:
    """Every selector of ``css``, in ``@media`` and ``@supports`` too, as ``book.lab_css`` writes them."""
    found = set()
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            found |= {s.strip() for s in split_selectors(tinycss2.serialize(rule.prelude))}
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            found |= selectors(tinycss2.serialize(rule.content))
    return found


@pytest.fixture(scope="module")
def whole_stylesheet() -> str:
    from mkdocs_jupyter.nbconvert2 import nb2html

    plugin = next(p["mkdocs-jupyter"] for p in book_config()["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p)
    html = nb2html(str(sorted((DOCS / "labs").glob("*.ipynb"))[0]), theme=plugin.get("theme", ""))
    return "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.S))


def test_every_rule_a_lab_page_uses_is_kept(chromium_browser, site_dir, site_url, whole_stylesheet):
    whole = selectors(whole_stylesheet)
    probes = [{"selector": s, "probe": _STATE.sub("", s) or "*"} for s in sorted(whole)]
    labs = [p for p in built_pages(site_dir) if "/labs/" in f"/{p}"]
    assert len(labs) >= 3, f"too few lab pages: {labs}"
    context = chromium_browser.new_context()
    try:
        page = context.new_page()
        problems = []
        for rel in labs:
            html = (site_dir / rel).read_text(encoding="utf-8")
            sheet = _SHEET.search(html)
            if sheet is None:
                problems.append(f"{rel}: no Jupyter stylesheet linked")
                continue
            kept = selectors((site_dir / rel).parent.joinpath(sheet[1]).resolve().read_text(encoding="utf-8"))
            goto(page, f"{site_url}/{rel.removesuffix('index.html')}")
            used = set(page.evaluate(_MATCHING_JS, probes))
            if used - kept:
                problems.append(f"{rel}: rules that match the page were dropped: {sorted(used - kept)[:10]}")
            if len(kept) * 4 > len(whole):
                problems.append(f"{rel}: {len(kept)} of {len(whole)} selectors kept, not cut")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
