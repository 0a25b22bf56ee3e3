"""Reading the built site: the URLs and ids of its pages, and where it is served.

One parser for every tool that reads built HTML: the link tests, the
external link check (``tools/check_external_links.py``), the page weights of
the benchmarks and the browser tests' server.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# (tag, attribute) pairs whose URL the browser fetches or the reader follows.
URL_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("img", "srcset"),
             ("source", "src"), ("source", "srcset"), ("iframe", "src"), ("video", "src"),
             ("video", "poster"), ("audio", "src"), ("track", "src"), ("embed", "src"),
             ("object", "data"), ("input", "src")}
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


class PageHtml(HTMLParser):
    """The ids, the URLs (with their tag, attribute and rel) and the CSS of one HTML page.

    >>> page = PageHtml('<a id="top" href="b/#x">b</a><img srcset="a.svg 1x, b.svg 2x">')
    >>> sorted(page.ids), page.urls
    (['top'], [('a', 'href', '', 'b/#x'), ('img', 'srcset', '', 'a.svg'), ('img', 'srcset', '', 'b.svg')])
    """

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, str, str]] = []  # (tag, attribute, rel, url)
        self.styles: list[str] = []  # style attributes and <style> contents
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        rel = (attrs.get("rel") or "").lower()
        for attr, value in attrs.items():
            if (tag, attr) in URL_ATTRS and value:
                for url in (srcset_urls(value) if attr == "srcset" else [value.strip()]):
                    self.urls.append((tag, attr, rel, url))
        if attrs.get("style"):
            self.styles.append(attrs["style"])
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` attribute.

    >>> srcset_urls("a.png 1x, b.png 2x")
    ['a.png', 'b.png']
    """
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class NavLinks(HTMLParser):
    """The page links of the theme's main navigation (``nav.md-nav--primary``), in its order.

    >>> NavLinks('<nav class="md-nav md-nav--primary"><a href="./" class="md-nav__link">Home</a>'
    ...          '<nav class="md-nav"><a href="#x" class="md-nav__link">x</a></nav>'
    ...          '<a href="b/" class="md-nav__link">b</a></nav><a href="c/" class="md-nav__link">c</a>').links
    ['./', 'b/']
    """

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._depth = 0  # nav elements open inside the primary one, itself included
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "nav" and (self._depth or "md-nav--primary" in classes):
            self._depth += 1
        href = attrs.get("href") or ""
        if self._depth and tag == "a" and "md-nav__link" in classes and href and not href.startswith("#"):
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag == "nav" and self._depth:
            self._depth -= 1


def nav_pages(site: Path) -> list[str]:
    """The pages of every edition's navigation, as paths relative to the site (``""``, ``zh/labs/x/``).

    Read from the built pages themselves, so a page left out of the navigation
    (a 404 page, an included snippet) is not listed. Navigation order,
    editions in the order their pages sort.
    """
    found: dict[str, None] = {}
    for html in html_pages(site):
        folder = posixpath.dirname(page_path(site, html))  # "a/b/" -> "a/b", "zh/404.html" -> "zh"
        for href in NavLinks(html.read_text(encoding="utf-8", errors="replace")).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or parts.path.startswith("/"):
                continue  # the 404 pages link from the host's root
            target = posixpath.normpath(posixpath.join(folder, parts.path))
            target = "" if target == "." else target
            if (site / target / "index.html").is_file():
                found.setdefault(target + "/" if target else "")
            elif (site / target).is_file():
                found.setdefault(target)
    return list(found)


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site, without the theme's own files under ``assets/``."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "assets")


def site_prefix(site: Path) -> str:
    """The path the site is served under: "/", or ``site_url``'s path (read from the canonical link)."""
    match = _CANONICAL.search((site / "index.html").read_text(encoding="utf-8"))
    return urlsplit(match.group(1)).path if match else "/"


def page_path(site: Path, page: Path) -> str:
    """A page's path relative to the site's address: ``a/index.html`` -> ``a/``, ``index.html`` -> ``""``."""
    rel = page.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel
