"""Printing a page, in Chromium, from the light and the dark theme.

The page is loaded on screen in the reader's theme, then the print media is
emulated and ``beforeprint`` dispatched, as a browser does before printing.
Then: every figure appears once, as its light copy, loaded (figures are lazy
and were never scrolled to); the code has the light theme's colours; the
text is dark on white; navigation, header, footer, sidebars, copy buttons,
download links, explorable controls and the edit button are gone. And
``page.pdf()`` makes a PDF of it.

The pages: the chapter with the most figures and a lab with figures.
"""

from __future__ import annotations

import os
import re

import pytest

from book.language import editions

from tests.browser.conftest import CHROMIUM, SCHEMES, TIMEOUT_MS, VIEWPORT, Watch, built_pages, goto, page_url

if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian package `chromium`)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the `playwright` package (the `test` extra)")

pytestmark = pytest.mark.browser

# What must not print (Material's chrome and the book's screen-only controls).
SCREEN_ONLY = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-top", ".md-code__nav",
               ".md-content__button", ".nb-links", ".explore-control", ".headerlink"]

# Every figure: how many of its copies print, which, loaded or not. A figure is a <figure>
# (chapters) or a lab's output area; it waits up to 5 s for each image that prints.
_FIGURES_JS = """async () => {
  const figures = new Map();
  for (const img of document.querySelectorAll("img[src$='#only-light'], img[src$='#only-dark']")) {
    const box = img.closest("figure, .jp-OutputArea-output");
    if (!figures.has(box)) figures.set(box, []);
    figures.get(box).push(img);
  }
  const out = [];
  for (const imgs of figures.values()) {
    const shown = imgs.filter((img) => img.checkVisibility());
    for (const img of shown) {  // at most 5 s each: a lazy image that never starts loading never decodes
      const loaded = img.complete ? Promise.resolve() : new Promise((done) => {
        img.addEventListener("load", done, {once: true});
        img.addEventListener("error", done, {once: true});
      });
      await Promise.race([loaded.then(() => img.decode()).catch(() => {}),
                          new Promise((done) => setTimeout(done, 5000))]);
    }
    out.push({src: imgs[0].getAttribute("src").split("#")[0],
              shown: shown.map((img) => ({fragment: img.getAttribute("src").split("#")[1] || "",
                                           width: img.naturalWidth}))});
  }
  return out;
}"""

# The colour of the first token of each class in the code blocks, and the page's own colours.
_COLOURS_JS = """() => {
  const tokens = {};
  for (const span of document.querySelectorAll(".highlight pre span[class], .highlight-ipynb pre span[class]")) {
    const name = span.className;
    if (!(name in tokens) && span.textContent.trim()) tokens[name] = getComputedStyle(span).color;
  }
  const code = document.querySelector(".highlight pre > code, .highlight-ipynb pre");
  const article = document.querySelector("article");
  const bg = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
                          if (c !== "rgba(0, 0, 0, 0)") return c; } return "transparent"; };
  return {tokens, codeBackground: code && bg(code), text: getComputedStyle(article).color,
          background: bg(article)};
}"""

_HIDDEN_JS = """(selectors) => selectors.flatMap((s) => [...document.querySelectorAll(s)]
  .filter((el) => el.checkVisibility()).map((el) => s))"""


def _print_pages(site_dir) -> list[str]:
    """The chapter with the most figures, and the first lab with a figure."""
    counts = {}
    for rel in built_pages(site_dir):
        html = (site_dir / rel).read_text(encoding="utf-8")
        counts[rel] = len(re.findall(r'<img [^>]*src="[^"]*#only-dark"', html))
    chapters = [p for p in counts if counts[p] and "labs/" not in p and p.split("/")[0] not in editions()]
    labs = [p for p in counts if counts[p] and p.startswith("labs/")]
    assert chapters and labs, "no chapter or no lab with figures"
    return [max(chapters, key=counts.get), labs[0]]


@pytest.fixture(scope="module")
def printed(chromium_browser, site_dir, site_url):
    """``printed(theme, which)`` -> the page (chapter or lab) loaded in ``theme``, emulating print, its Watch."""
    opened = []

    def load(theme: str, which: int):
        rel = _print_pages(site_dir)[which]
        context = chromium_browser.new_context(color_scheme=theme, viewport=VIEWPORT, service_workers="block")
        opened.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        watch = Watch(page, site_url)
        goto(page, site_url + page_url(rel))
        page.wait_for_load_state("networkidle")
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == SCHEMES[theme], f"{rel}: colour scheme {scheme!r} in the {theme} theme"
        on_screen = page.evaluate(_COLOURS_JS)
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        return rel, page, watch, on_screen

    yield load
    for context in opened:
        context.close()


@pytest.mark.parametrize("which", [0, 1], ids=["chapter", "lab"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_print(theme, which, printed):
    rel, page, watch, on_screen = printed(theme, which)
    problems = []

    figures = page.evaluate(_FIGURES_JS)
    if not figures:
        problems.append("no figure found")
    for fig in figures:
        shown = fig["shown"]
        if [s["fragment"] for s in shown] != ["only-light"]:
            problems.append(f"{fig['src']}: prints {[s['fragment'] for s in shown]}, expected the light copy once")
        elif shown[0]["width"] == 0:
            problems.append(f"{fig['src']}: the printed copy is not loaded")

    # the light theme's colours, whatever the theme on screen: compare with the light theme on screen
    colours = page.evaluate(_COLOURS_JS)
    if theme == "light":
        light = on_screen
    else:
        light = printed("light", which)[3]
    if not colours["tokens"]:
        problems.append("no highlighted code found")
    for name, colour in colours["tokens"].items():
        if colour != light["tokens"].get(name, colour):
            problems.append(f"code token .{name} prints {colour}, the light theme's is {light['tokens'][name]}")
    for what in ("codeBackground", "text", "background"):
        if colours[what] != light[what]:
            problems.append(f"{what} prints {colours[what]}, the light theme's is {light[what]}")
    if colours["background"] not in ("rgb(255, 255, 255)", "transparent"):
        problems.append(f"the page prints on {colours['background']}, not white")

    visible = page.evaluate(_HIDDEN_JS, SCREEN_ONLY)
    if visible:
        problems.append(f"prints what only works on a screen: {sorted(set(visible))}")

    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    if not pdf.startswith(b"%PDF-") or pages < 1:
        problems.append(f"page.pdf() made no PDF pages ({len(pdf)} bytes)")

    problems[:0] = watch.problems()
    if problems:
        pytest.fail(f"{rel}, printed from the {theme} theme:\n" + "\n".join(problems), pytrace=False)
