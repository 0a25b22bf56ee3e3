"""Links in the built site: every internal target exists, and nothing is fetched from outside.

mkdocs already validates the Markdown's links and anchors (``validation:`` in
mkdocs.yml, strict build). These tests read what was actually written: every
page's ``<a href>``, ``<link href>`` and ``src`` that point inside the site
(theme, plugins and generated figures included) must name a file that exists,
and a ``#fragment`` must name an id on the target page. External links are
listed and checked by hand only: ``tools/check_external_links.py``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from book.site_html import PageHtml, html_pages, page_path, site_prefix

pytestmark = pytest.mark.site

# <link rel> values that name a page without loading anything.
LINK_NOT_FETCHED = {"canonical", "alternate", "author", "license", "help", "next", "prev", "me", "search"}
THEME_IDS = re.compile(r"^__")  # Material's own ids (#__codelineno-…, #__search, …)
OTHER_SCHEMES = re.compile(r"^(mailto|tel|javascript|data|blob):", re.I)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)
EXTERNAL = re.compile(r"^(https?:)?//", re.I)


@cache
def parse(path: Path) -> PageHtml:
    return PageHtml(path.read_text(encoding="utf-8"))


def target_file(site: Path, url_path: str, prefix: str) -> Path | None:
    """The file a URL path names in the built site, or None if it leaves the site."""
    if not url_path.startswith(prefix):
        return None
    target = site / unquote(url_path[len(prefix):])
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def test_every_internal_link_and_anchor_resolves(built_site):
    site, _, _ = built_site
    prefix = site_prefix(site)
    broken = []
    for page in html_pages(site):
        here = prefix + page_path(site, page)
        where = page.relative_to(site).as_posix()
        for tag, attr, _, url in parse(page).urls:
            if OTHER_SCHEMES.match(url) or EXTERNAL.match(url) or url.startswith("#__"):
                continue
            split = urlsplit(urljoin("http://site" + here, url))
            target = target_file(site, split.path, prefix)
            if target is None:
                broken.append(f"{where}: <{tag} {attr}={url!r}> leaves the site (served under {prefix})")
                continue
            if not target.is_file():
                broken.append(f"{where}: <{tag} {attr}={url!r}> -> {target.relative_to(site)} does not exist")
                continue
            fragment = unquote(split.fragment)
            if fragment and not THEME_IDS.match(fragment) and target.suffix == ".html":
                if fragment not in parse(target).ids:
                    broken.append(f"{where}: <{tag} {attr}={url!r}> -> no id {fragment!r} "
                                  f"on {target.relative_to(site)}")
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(broken)


def _external_in_css(text: str) -> list[str]:
    found = []
    for m in CSS_URL.finditer(text):
        url = (m.group(2) or m.group(4) or "").strip()
        if EXTERNAL.match(url):
            found.append(url)
    return found


def test_nothing_is_fetched_from_another_host(built_site):
    """Scripts, styles, fonts, images: all served by the site itself.

    Plain ``<a href>`` to other sites are fine (the reader chooses to follow
    them), and so are ``<link rel=canonical|alternate>`` (nothing is loaded).
    """
    site, _, _ = built_site
    found = []
    for page in html_pages(site):
        where = page.relative_to(site).as_posix()
        parsed = parse(page)
        for tag, attr, rel, url in parsed.urls:
            if tag == "a" or (tag == "link" and set(rel.split()) <= LINK_NOT_FETCHED and rel):
                continue
            if EXTERNAL.match(url):
                found.append(f"{where}: <{tag} {attr}={url!r}>")
        for style in parsed.styles:
            found += [f"{where}: inline style url({url})" for url in _external_in_css(style)]
    for css in sorted(site.rglob("*.css")):
        where = css.relative_to(site).as_posix()
        found += [f"{where}: url({url})" for url in _external_in_css(css.read_text(encoding="utf-8"))]
    for svg in sorted(site.rglob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        where = svg.relative_to(site).as_posix()
        found += [f"{where}: href {url!r}" for url in re.findall(r'\bhref="((?:https?:)?//[^"]*)"', text)]
        found += [f"{where}: url({url})" for url in _external_in_css(text)]
    assert not found, "the site loads from other hosts:\n" + "\n".join(found)
