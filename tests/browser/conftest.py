"""Fixtures of the browser tests: the built site on a local port, one Chromium.

The pages are never listed by hand. Test ids must be known before any
fixture runs, so collection lists them from ``docs/`` and mkdocs.yml's
editions (``discover_pages``); ``test_every_built_page_is_checked`` then
holds that list against the real build the tests run on.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import time
from pathlib import Path

import pytest

from book.serving import QuietHandler, QuietServer
from book.site_html import html_pages, site_prefix
from tests.helpers import DOCS, book_config

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
THEMES = {"light": "light", "dark": "dark"}  # test id -> prefers-color-scheme
SCHEMES = {"light": "default", "dark": "slate"}  # test id -> Material's data-md-color-scheme
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 15_000
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


# ---------------------------------------------------------------- the pages

def built_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to it (sorted)."""
    return sorted(p.relative_to(site).as_posix() for p in html_pages(site))


def page_url(rel: str) -> str:
    """The URL path a page is served under: ``a/index.html`` -> ``/a/``."""
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def page_id(rel: str) -> str:
    """A short test id: ``index``, ``why-hidden-layer``, ``zh/labs/x``, ``404``."""
    stem = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel[: -len(".html")]
    return stem or "index"


def discover_pages() -> tuple[list[str], str | None]:
    """The pages a build makes, listed without building: every page of the default language
    (``docs/x.md``, ``docs/labs/x.ipynb``, not a translation ``x.zh.md``) in every edition of
    mkdocs.yml (a translation, or a generated or fallback page, takes its English page's place),
    and each edition's 404 page.

    Returns (pages, error); ``test_every_built_page_is_checked`` holds the
    list against the real build.
    """
    cfg = book_config()
    i18n = next(p["i18n"] for p in cfg["plugins"] if isinstance(p, dict) and "i18n" in p)
    default = next(lang["locale"] for lang in i18n["languages"] if lang.get("default"))
    editions = [lang["locale"] for lang in i18n["languages"] if lang.get("build", True)]
    excluded = [line.strip().lstrip("/") for line in (cfg.get("exclude_docs") or "").splitlines() if line.strip()]
    pages = []
    for path in sorted(DOCS.rglob("*")):
        rel = path.relative_to(DOCS)
        if path.suffix not in (".md", ".ipynb") or rel.parts[0] == "assets" or \
                Path(rel.stem).suffix.lstrip(".") in editions or any(rel.match(x) for x in excluded):
            continue
        stem = rel.with_suffix("").as_posix()
        html = "index.html" if stem == "index" else f"{stem}/index.html"
        pages += [html if lang == default else f"{lang}/{html}" for lang in editions]
    pages += [f"{lang}/404.html" if lang != default else "404.html" for lang in editions]
    return (sorted(pages), None) if pages else ([], "the build that lists the pages failed: no page in docs/")


# ---------------------------------------------------------------- the server

class _QuietHandler(QuietHandler):
    """Serves the site under ``prefix`` (as a host would), quietly."""

    prefix = "/"

    def send_head(self):
        if not self.path.startswith(self.prefix):
            self.send_error(404, "outside the site")
            return None
        return super().send_head()

    def translate_path(self, path):
        return super().translate_path("/" + path[len(self.prefix):] if path.startswith(self.prefix) else path)


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    return built_site[0]


@pytest.fixture(scope="session")
def site_url(site_dir):
    """The built site served on 127.0.0.1 at a free port, from a thread; no trailing slash.

    Served under the path of ``site_url`` (if mkdocs.yml sets one), like the
    deployed site, so that the theme's root-relative links (404 page) resolve.
    """
    prefix = site_prefix(site_dir)
    handler = type("Handler", (_QuietHandler,), {"prefix": prefix})
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}"
    server.shutdown()
    server.server_close()


# ---------------------------------------------------------------- the browser

class Watch:
    """What a page did: console errors, uncaught errors, failed and foreign requests.

    Every request to a host other than the local server is aborted and listed.
    """

    def __init__(self, page, origin: str):
        self.origin = origin
        self.reset()
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.errors.append(str(err)))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("crash", lambda _: self.errors.append("the page crashed"))
        # Only requests that leave the local server reach Python (the regex runs in the driver).
        page.route(re.compile("^(?!" + re.escape(origin) + "(/|$))"), self._route)

    def reset(self):
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []

    def local(self, url: str) -> bool:
        return url == self.origin or url.startswith(self.origin + "/")

    def _route(self, route):
        self.foreign.append(route.request.url)
        route.abort("blockedbyclient")

    def _console(self, msg):
        if msg.type == "error":
            where = msg.location or {}
            url = where.get("url", "?")
            self.console.append((url, f"{msg.text} ({url}:{where.get('lineNumber', '?')})"))

    def _failed(self, request):
        # ERR_ABORTED: a request of the previous page, cut short by the next navigation.
        if self.local(request.url) and request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def problems(self) -> list[str]:
        out = []
        console = [text for url, text in self.console if url not in self.foreign]  # blocked: listed below
        for title, items in (("console errors", console), ("uncaught errors", self.errors),
                             ("failed requests", self.failed),
                             ("requests to other hosts (blocked)", self.foreign)):
            if items:
                out.append(f"{title}:\n" + "\n".join(f"  {i}" for i in dict.fromkeys(items)))
        return out


def open_page(context, site_url: str, path: str):
    """A new page of ``context`` at ``path``, loaded, with its Watch."""
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    watch = Watch(page, site_url)
    goto(page, site_url + path)
    return page, watch


# The checks scroll (to load lazy figures); without this, axe can measure the
# header title half-way through Material's fade and report its contrast.
_NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def goto(page, url: str):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    page.add_style_tag(content=_NO_MOTION)


_TIMING = {"start": None, "end": None, "pages": 0, "seconds": 0.0}


@pytest.fixture(scope="session")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    _TIMING["start"] = time.perf_counter()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    _TIMING["end"] = time.perf_counter()


@pytest.fixture(scope="session")
def theme_page(chromium_browser, site_url):
    """``theme_page("dark")`` -> (page, watch): one context and one tab per theme, reused.

    The colour scheme is the reader's system preference (prefers-color-scheme),
    which Material follows while no choice is stored. axe-core is loaded into
    every page of these contexts (as ``window.axe``). The watch is reset on
    every call; a crashed tab is replaced.
    """
    contexts, tabs = {}, {}

    def get(theme: str):
        if theme not in contexts:
            contexts[theme] = chromium_browser.new_context(
                color_scheme=THEMES[theme], viewport=VIEWPORT, service_workers="block")
            contexts[theme].add_init_script(path=AXE)
        tab = tabs.get(theme)
        if tab is None or tab[0].is_closed() or "the page crashed" in tab[1].errors:
            if tab is not None and not tab[0].is_closed():
                tab[0].close()
            page = contexts[theme].new_page()
            page.set_default_timeout(TIMEOUT_MS)
            tab = tabs[theme] = (page, Watch(page, site_url))
        tab[1].reset()
        return tab

    yield get
    for context in contexts.values():
        context.close()


def pytest_runtest_logreport(report):
    if report.when == "call" and "test_browser.py::" in report.nodeid and "::test_page[" in report.nodeid:
        _TIMING["pages"] += 1
        _TIMING["seconds"] += report.duration


def pytest_terminal_summary(terminalreporter):
    # under pytest-xdist the browser runs in the workers: only the reports reach this process
    if _TIMING["pages"]:
        opened = ("" if _TIMING["start"] is None or _TIMING["end"] is None
                  else f"; Chromium open {_TIMING['end'] - _TIMING['start']:.1f} s")
        terminalreporter.write_line(
            f"browser: {_TIMING['pages']} page x theme checks, {_TIMING['seconds']:.1f} s of checking{opened}")
