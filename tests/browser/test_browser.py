"""Every built page in Chromium, in the light and the dark theme.

For each page x theme: no console error, no uncaught error, no failed request
and no request to any host but the local server; every image decoded, with
alt text, the theme's copy of each figure shown and the other's hidden;
every formula typeset by KaTeX; no axe-core WCAG 2.1 A/AA violation. The
light theme is checked here at desktop width, the dark theme at phone width
(``test_phone.py`` calls :func:`theme_problems`): every page in both themes
and at both widths, loaded twice, not three times. Plus: search finds the
right page, and the palette toggle works and recolours the figures.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from book.language import editions
from tests.browser.conftest import (CHROMIUM, SCHEMES, VIEWPORT, built_pages, discover_pages, goto,
                                    open_page, page_id, page_url)

if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian package `chromium`, "
                "or set CHROMIUM to its path)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the `playwright` package (the `test` extra)")

pytestmark = pytest.mark.browser

# Search: (query typed into the search box, the page expected as first result).
# The page must be built and its text in the search index must hold the query.
SEARCHES = [
    ("hard sigmoid", "why-hidden-layer/"),
    ("隐藏层", "zh/why-hidden-layer/"),
    ("隱藏層", "zh-TW/why-hidden-layer/"),
]

# The figures' ink (text, axes) in each theme: lessons.style.PALETTE["ink"] and DARK["ink"].
INK = {"light": (0x22, 0x22, 0x22), "dark": (0xE8, 0xE8, 0xE8)}


def ink_pixels(png: bytes, rgb: tuple[int, int, int]) -> int:
    """How many pixels of a screenshot are within 6 levels of ``rgb`` in every channel (the light grid, #d9d9d9, is 15 from the dark ink)."""
    import matplotlib.image
    import numpy as np

    pixels = (matplotlib.image.imread(io.BytesIO(png))[..., :3] * 255).astype(int)
    return int(np.all(np.abs(pixels - np.array(rgb)) <= 6, axis=-1).sum())


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
RAW_MATH = ("\\(", "\\)", "\\[", "\\]", "$$")


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        pages, error = discover_pages()
        if error:
            metafunc.parametrize("page_path", [pytest.param(error, id="page-list")])
        else:
            metafunc.parametrize("page_path", pages, ids=[page_id(p) for p in pages])


# ---------------------------------------------------------------- in the page

_IMAGES_JS = """async (dark) => {
  const out = [];
  for (const img of document.querySelectorAll("img")) {
    const src = img.getAttribute("src") || "";
    const other = dark ? "#only-light" : "#only-dark";
    const shown = !src.endsWith(other);   // the other theme's twin is hidden on purpose
    if (shown) {
      img.scrollIntoView({block: "center"});
      if (!img.complete) {
        await new Promise((done) => {
          img.addEventListener("load", done, {once: true});
          img.addEventListener("error", done, {once: true});
          setTimeout(done, 5000);
        });
      }
      try { await img.decode(); } catch (e) { /* naturalWidth tells */ }
    }
    out.push({src, alt: img.getAttribute("alt"), shown, width: img.naturalWidth,
              display: getComputedStyle(img).display});
  }
  window.scrollTo(0, 0);
  return out;
}"""

_MATH_JS = """() => [...document.querySelectorAll(".arithmatex")].map((el) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll(".katex-mathml").forEach((n) => n.remove());  // the MathML, for screen readers
  return {text: copy.textContent.trim(), katex: el.querySelector(".katex") !== null};
})"""

AXE_JS = """async (options) => {
  // Every section drawn, as it is once a reader scrolls to it: axe leaves out what the browser skips
  // (book/sections.py), and would check the contrast of only part of a long page.
  const drawn = document.createElement("style");
  drawn.textContent = ".section-body { content-visibility: visible !important; }";
  document.head.append(drawn);
  await document.fonts.ready;
  axe.configure({noHtml: true});  // the report below names elements by selector
  const result = await axe.run(document, options);
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}"""


def format_violations(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]")
        for node in v["nodes"][:6]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    - {node['target']}\n      {summary[:300]}")
        if len(v["nodes"]) > 6:
            lines.append(f"    ... and {len(v['nodes']) - 6} more")
    return "\n".join(lines)


# ---------------------------------------------------------------- the tests

def test_every_built_page_is_checked(request, site_dir):
    """The page list the ids came from is the page list of the real build."""
    listed, error = discover_pages()
    assert error is None, error
    real = built_pages(site_dir)
    assert set(real) == set(listed), (
        f"pages built but not checked: {sorted(set(real) - set(listed))}; "
        f"checked but not built: {sorted(set(listed) - set(real))}")


def test_page(page_path, site_url, theme_page):
    """One page in the light theme at desktop width (the dark theme: at 390 px, in ``test_phone.py``)."""
    if page_path.startswith("the build that lists the pages failed"):
        pytest.fail(page_path, pytrace=False)
    path = page_url(page_path)
    page, watch = theme_page("light")
    goto(page, site_url + path)
    fail_on(page, watch, theme_problems(page, "light"), f"{path} (light theme)")


def fail_on(page, watch, problems: list[str], where: str) -> None:
    """Run axe-core on the loaded page, then fail with the watch's problems, ``problems`` and axe's."""
    violations = page.evaluate(AXE_JS, AXE_OPTIONS)
    if violations:
        problems = problems + ["axe-core WCAG 2.1 A/AA violations:\n" + format_violations(violations)]
    problems = watch.problems() + problems
    if problems:
        pytest.fail(f"{where}:\n" + "\n".join(problems), pytrace=False)


def theme_problems(page, theme: str) -> list[str]:
    """What is wrong on a loaded page in ``theme``: the palette, each image (alt text, decoded, the
    theme's copy shown and the other's hidden), each formula (typeset)."""
    problems = []
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    if scheme != SCHEMES[theme]:
        problems.append(f"color scheme is {scheme!r}, expected {SCHEMES[theme]!r}")

    for img in page.evaluate(_IMAGES_JS, theme == "dark"):
        if not (img["alt"] or "").strip():
            problems.append(f"image without alt text: {img['src'][:120]}")
        if img["shown"] and img["width"] == 0:
            problems.append(f"image not decoded: {img['src'][:120]}")
        if re.search(r"#only-(light|dark)$", img["src"]) and (img["display"] == "none") == img["shown"]:
            problems.append(f"image {'hidden' if img['shown'] else 'shown'} in the {theme} theme: "
                            f"{img['src'][:120]}")

    for i, math in enumerate(page.evaluate(_MATH_JS)):
        raw = [d for d in RAW_MATH if d in math["text"]]
        if raw or not math["katex"]:
            why = f"raw {' '.join(raw)} left" if raw else "no .katex inside"
            problems.append(f"math #{i} not typeset ({why}): {math['text'][:120]!r}")
    return problems


def edition_of(path: str) -> str:
    """The edition folder a site path is in (``zh-TW/``), or ``""`` for the default edition."""
    first = path.split("/", 1)[0]
    return f"{first}/" if first in editions()[1:] else ""


def _squash(text: str) -> str:
    """Lower case without spaces (the index splits Chinese words with zero-width spaces)."""
    return re.sub(r"[\s\u200b]+", "", text.lower())


def _search_index_text(site: Path, expected: str) -> str | None:
    """The text the search index holds for a page, or None without an index."""
    prefix = edition_of(expected)
    for index in (site / prefix / "search" / "search_index.json", site / "search" / "search_index.json"):
        if index.exists():
            docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
            return " ".join(f"{d.get('title', '')} {d.get('text', '')}" for d in docs
                            if d["location"].split("#")[0] in (expected, expected.removeprefix(prefix)))
    return None


@pytest.mark.parametrize(("query", "expected"), SEARCHES,
                         ids=[q if q.isascii() else e.rstrip("/") for q, e in SEARCHES])
def test_search_finds_the_page(query, expected, site_dir, site_url, theme_page):
    home = "/" + edition_of(expected)
    assert (site_dir / home.strip("/") / "index.html").exists(), f"no {home} edition in the built site"
    assert (site_dir / expected / "index.html").exists(), f"page {expected} is not in the built site"
    text = _search_index_text(site_dir, expected)
    assert text, f"the search index holds no text for {expected}"
    missing = [w for w in query.split() if _squash(w) not in _squash(text)]
    assert not missing, f"{missing} not in the search index's text of {expected}"

    page, watch = theme_page("light")
    goto(page, site_url + home)
    page.wait_for_load_state("networkidle")
    watch.reset()  # what the page does while loading is test_page's business; here: the search
    box = page.locator("input[data-md-component='search-query']")
    box.click()
    box.press_sequentially(query, delay=20)
    box.press("End")  # a key up: characters typed through an input method send none
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    first.wait_for(state="attached")
    href = urlsplit(urljoin(page.url, first.get_attribute("href"))).path
    found = page.locator(".md-search-result__item a.md-search-result__link").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))")
    top = found[:5]
    problems = watch.problems()
    want = urlsplit(site_url).path + "/" + expected
    assert href == want, f"search for {query!r}: first result {href}, expected {want}; top 5: {top}"
    other = [h for h in found if edition_of(urlsplit(urljoin(page.url, h)).path
                                            .removeprefix(urlsplit(site_url).path + "/")) != edition_of(expected)]
    assert not other, f"search in {home} found pages of another edition: {other[:5]}"
    assert not problems, f"while searching for {query!r}:\n" + "\n".join(problems)


def test_theme_toggle_switches_scheme_and_figures(chromium_browser, site_dir, site_url):
    """Click the palette toggle: the scheme flips, the dark figure shows, and it sticks."""
    with_figure = [p for p in built_pages(site_dir)
                   if re.search(r'<img [^>]*src="[^"]*#only-dark"', (site_dir / p).read_text(encoding="utf-8"))]
    assert with_figure, "no built page shows a figure as light and dark twins (#only-dark)"
    path = page_url(with_figure[0])
    context = chromium_browser.new_context(color_scheme="light", viewport=VIEWPORT)
    try:
        page, watch = open_page(context, site_url, path)
        page.wait_for_load_state("networkidle")
        watch.reset()  # loading is test_page's business; here: the toggle
        visible = """() => [...document.querySelectorAll("img[src$='#only-light'], img[src$='#only-dark']")]
            .filter((i) => getComputedStyle(i).display !== "none")
            .map((i) => ({src: i.getAttribute("src"), width: i.naturalWidth}))"""
        scheme = "document.body.getAttribute('data-md-color-scheme')"

        assert page.evaluate(scheme) == "default"
        shown = page.evaluate(visible)
        assert shown and all(s["src"].endswith("#only-light") for s in shown), shown

        page.locator("form[data-md-component='palette'] label:not([hidden])").click()
        page.wait_for_function(f"{scheme} === 'slate'")
        page.evaluate("""async () => {  // figures load lazily: bring each into view, wait for it
            for (const i of document.querySelectorAll("img[src$='#only-dark']")) {
              i.scrollIntoView({block: "center"});
              try { await i.decode(); } catch (e) { /* naturalWidth tells */ }
            }
            window.scrollTo(0, 0);
        }""")
        shown = page.evaluate(visible)
        assert shown and all(s["src"].endswith("#only-dark") and s["width"] > 0 for s in shown), shown
        # the same SVG file, drawn in its dark palette: light ink on the dark page, no dark ink
        dark_png = page.locator(f"img[src='{shown[0]['src']}']").screenshot()
        assert ink_pixels(dark_png, INK["dark"]) > 100, f"{shown[0]['src']}: no dark-theme ink"

        assert not watch.problems(), "while toggling:\n" + "\n".join(watch.problems())
        page.reload(wait_until="networkidle")  # the choice is remembered
        watch.reset()
        assert page.evaluate(scheme) == "slate"

        page.locator("form[data-md-component='palette'] label:not([hidden])").click()
        page.wait_for_function(f"{scheme} === 'default'")
        shown = page.evaluate(visible)
        assert all(s["src"].endswith("#only-light") for s in shown)
        light_png = page.locator(f"img[src='{shown[0]['src']}']").screenshot()
        assert ink_pixels(light_png, INK["light"]) > 100, f"{shown[0]['src']}: no light-theme ink"
        assert not watch.problems(), "while toggling:\n" + "\n".join(watch.problems())
    finally:
        context.close()


def test_a_link_to_a_heading_far_down_lands_on_it(chromium_browser, site_dir, site_url):
    """A link to a heading below sections the browser has not rendered yet (book/sections.py) still brings
    that heading to the top of the window, and it stays there while the sections around it render."""
    def sections(page: str) -> int:
        return (site_dir / page).read_text(encoding="utf-8").count('class="section-body"')

    chapter = max((p for p in built_pages(site_dir) if "/labs/" not in p), key=sections)
    ids = re.findall(r'<h2 id="([^"]+)"', (site_dir / chapter).read_text(encoding="utf-8"))
    assert len(ids) >= 3, f"{chapter}: too few headings to link far down"
    target = ids[len(ids) * 2 // 3]
    context = chromium_browser.new_context(viewport=VIEWPORT)
    try:
        page, watch = open_page(context, site_url, f"{page_url(chapter)}#{target}")
        top = f"document.getElementById({target!r}).getBoundingClientRect().top"
        first = page.evaluate(top)
        page.wait_for_timeout(500)
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        assert header <= first <= header + 60 and page.evaluate(top) == first, (
            f"{page_url(chapter)}#{target}: the heading is at {first} px, then {page.evaluate(top)} px "
            f"(the header ends at {header} px)")
        assert not watch.problems(), "\n".join(watch.problems())
    finally:
        context.close()


# Every time an element gets or loses data-md-color-switching, from the page's first script on.
_SWITCHING_LOG = """(() => {
  window.__switching = [];
  new MutationObserver((records) => {
    for (const r of records) window.__switching.push(r.oldValue === null ? "set" : "removed");
  }).observe(document, {subtree: true, attributeFilter: ["data-md-color-switching"], attributeOldValue: true});
  window.__schemes = [];  // each value a color-scheme meta takes as it is added to the page or changed
  new MutationObserver((records) => {
    for (const r of records)
      for (const node of r.type === "childList" ? r.addedNodes : [r.target])
        if (node.nodeName === "META" && node.name === "color-scheme") window.__schemes.push(node.content);
  }).observe(document, {subtree: true, childList: true, attributeFilter: ["content"]});
})()"""
_SCHEME_METAS = "[...document.querySelectorAll('meta[name=color-scheme]')].map((m) => m.content)"


def test_the_page_is_restyled_for_a_palette_switch_only_when_a_colour_changes(chromium_browser, site_dir, site_url):
    """Material's palette switch (``data-md-color-switching`` on ``<body>``: every element restyled, no transition)
    happens when the colours change: a first visit in the dark, a click on the toggle; not on a page load that
    keeps them (``book/templates/partials/palette-switch.html``).

    The same for the page's color-scheme meta, which the browser answers by restyling every element: the one
    in ``<head>`` names the first palette's scheme (light) and changes only with the scheme; Material's own
    copy never enters the page.
    """
    path = page_url(next(p for p in built_pages(site_dir) if p.count("/") == 1 and p.endswith("/index.html")))
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    for theme, first_visit in (("light", []), ("dark", ["set", "removed"])):
        other = "dark" if theme == "light" else "light"  # the meta names the theme: light, dark
        context = chromium_browser.new_context(color_scheme=theme, viewport=VIEWPORT)
        context.add_init_script(_SWITCHING_LOG)
        try:
            page, watch = open_page(context, site_url, path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate(scheme) == SCHEMES[theme]
            assert page.evaluate("window.__switching") == first_visit, f"first visit in the {theme} theme"
            metas = ["light"] + (["dark"] if theme == "dark" else [])
            assert page.evaluate("window.__schemes") == metas, f"first visit in the {theme} theme"
            page.reload(wait_until="networkidle")  # the palette is stored now: nothing changes
            assert page.evaluate("window.__switching") == [], f"second visit in the {theme} theme"
            assert page.evaluate("window.__schemes") == metas, f"second visit in the {theme} theme"
            page.locator("form[data-md-component='palette'] label:not([hidden])").click()
            page.wait_for_function("window.__switching.length >= 2")
            assert page.evaluate(scheme) != SCHEMES[theme]
            assert page.evaluate("window.__switching") == ["set", "removed"], f"a click in the {theme} theme"
            assert page.evaluate("window.__schemes") == metas + [other], f"a click in the {theme} theme"
            assert page.evaluate(_SCHEME_METAS) == [other], "one color-scheme meta, naming the scheme shown"
            assert not watch.problems(), "\n".join(watch.problems())
        finally:
            context.close()
