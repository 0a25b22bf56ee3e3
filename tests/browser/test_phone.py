"""The book on a phone (390 x 844 CSS px), in Chromium, in the dark theme.

Every page: the dark theme's checks of ``test_browser.py`` (palette,
images, formulas); each figure's smallest label renders at 9 px or more, and each
figure (a chapter's or a lab's) is a link to its own SVG (same URL, theme fragment
kept) that only the shown copy puts in the tab order; every ``>>>`` block
copies as code that compiles, without prompts or output; no axe-core
violation at this width. One page: the figure link is reached and scrolled
with the keyboard and opens the SVG in the reader's theme; the copy button
puts exactly that code on the clipboard.

A figure's smallest label is the smallest font size of its texts, in pt,
read from its SVG: matplotlib draws each text as glyph paths in a group
scaled by font size / 100. (Mathtext shrinks exponents and indices inside a
text further, to 0.7 of it; as with a Text artist's font size, they are not
counted.) The size on screen is pt x 4/3 x the figure's displayed width / its
natural width.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import (AXE, CHROMIUM, TIMEOUT_MS, Watch, built_pages, discover_pages, goto, page_id,
                                    page_url)
from tests.browser.test_browser import fail_on, theme_problems

if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian package `chromium`)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the `playwright` package (the `test` extra)")

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MIN_LABEL_PX = 9.0  # the smallest label of any figure, rendered on the phone

# A text of matplotlib's SVG: a group translate(x y) [rotate(a)] scale(s -s), s = font size / 100.
_TEXT_SCALE = re.compile(r'<g [^>]*transform="translate\([^)]*\)(?: rotate\([^)]*\))? scale\(([\d.e-]+) -\1\)"')


def smallest_label_pt(svg: str) -> float:
    """The smallest font size (pt) of the texts drawn in a matplotlib SVG.

    >>> smallest_label_pt('<g transform="translate(1 2) scale(0.1 -0.1)"><use xlink:href="#a"/></g>'
    ...                   '<g transform="translate(3 4) rotate(-90) scale(0.09 -0.09)"><use xlink:href="#b"/></g>')
    9.0
    """
    sizes = [100 * float(s) for s in _TEXT_SCALE.findall(svg)]
    if not sizes:
        raise ValueError("no text in this SVG")
    return round(min(sizes), 3)


def doctest_code(text: str) -> str:
    """The code of a ``>>>`` block's text: prompted lines without their prompts, no output.

    >>> print(doctest_code(">>> for i in range(2):\\n...     i\\n...\\n0\\n1\\n>>> x = 1"))
    for i in range(2):
        i
    <BLANKLINE>
    x = 1
    """
    out = []
    for line in text.split("\n"):
        if line.startswith((">>> ", "... ")):
            out.append(line[4:])
        elif line in (">>>", "..."):
            out.append("")
    return "\n".join(out)


def pytest_generate_tests(metafunc):
    if "phone_page" in metafunc.fixturenames:
        pages, error = discover_pages()
        if error:
            metafunc.parametrize("phone_page", [pytest.param(error, id="page-list")])
        else:
            metafunc.parametrize("phone_page", pages, ids=[page_id(p) for p in pages])


@pytest.fixture(scope="module")
def phone(chromium_browser, site_url):
    """One dark-theme tab at phone size with axe-core loaded, reused; its Watch is reset per use.
    (The light theme's axe check is at desktop width, in ``test_browser.py``.)

    No touch emulation: keyboard access is what axe checks here, and Material
    takes wide code blocks out of the tab order on devices without hover.
    """
    context = chromium_browser.new_context(viewport=PHONE, color_scheme="dark", service_workers="block")
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    watch = Watch(page, site_url)
    yield page, watch
    context.close()


# Every figure copy the theme shows, brought into view and decoded; the link around each copy.
_FIGURES_JS = """async () => {
  const out = [];
  for (const img of document.querySelectorAll("img[src$='#only-light'], img[src$='#only-dark']")) {
    const shown = getComputedStyle(img).display !== "none";
    if (shown) {
      img.scrollIntoView({block: "center"});
      await Promise.race([img.decode().catch(() => {}), new Promise((done) => setTimeout(done, 5000))]);
    }
    const link = img.parentElement.closest("a");
    out.push({src: img.getAttribute("src"), url: img.src, shown, natural: img.naturalWidth, width: img.clientWidth,
              link: link && {href: link.href, shown: getComputedStyle(link).display !== "none",
                             focusable: link.tabIndex >= 0}});
  }
  window.scrollTo(0, 0);
  return out;
}"""

# Every >>> block: its text, and what its copy button will copy (Material copies the nearest [data-copy]).
_DOCTESTS_JS = """() => [...document.querySelectorAll(".highlight pre > code")]
  .filter((code) => code.querySelector(".gp"))
  .map((code) => ({text: code.textContent, copy: code.closest("[data-copy]")?.getAttribute("data-copy") ?? null}))"""


def test_phone_page(phone_page, site_dir, site_url, phone):
    """One page at 390 px in the dark theme: figure labels, figure links, what the copy buttons copy, the
    dark theme's checks (``test_browser.theme_problems``), axe."""
    if phone_page.startswith("the build that lists the pages failed"):
        pytest.fail(phone_page, pytrace=False)
    page, watch = phone
    watch.reset()
    path = page_url(phone_page)
    goto(page, site_url + path)
    problems = theme_problems(page, "dark")

    prefix = urlsplit(site_url).path
    for fig in page.evaluate(_FIGURES_JS):
        if not fig["shown"]:
            if fig["link"] and fig["link"]["shown"]:
                problems.append(f"the link of a hidden figure copy is shown (an empty tab stop): {fig['src']}")
            continue
        if fig["natural"] == 0:
            problems.append(f"figure not decoded: {fig['src']}")
            continue
        file = site_dir / urlsplit(fig["url"]).path[len(prefix):].lstrip("/")
        pt = smallest_label_pt(file.read_text(encoding="utf-8"))
        px = pt * 4 / 3 * fig["width"] / fig["natural"]
        if px < MIN_LABEL_PX:
            problems.append(f"smallest label {px:.1f} px < {MIN_LABEL_PX} px ({pt:g} pt, shown {fig['width']} of "
                            f"{fig['natural']} px wide): {fig['src']}")
        link = fig["link"]  # a chapter's figure, and a lab's
        if not link or link["href"] != fig["url"]:
            problems.append(f"figure is not a link to itself: {fig['src']} -> {link and link['href']}")
        elif not link["focusable"]:
            problems.append(f"figure link not focusable: {fig['src']}")

    for i, block in enumerate(page.evaluate(_DOCTESTS_JS)):
        expected = doctest_code(block["text"])
        if block["copy"] != expected:
            problems.append(f">>> block #{i} copies {block['copy']!r}, expected {expected!r}")
            continue
        try:
            compile(block["copy"], f"{path} >>> block #{i}", "exec")
        except SyntaxError as err:
            problems.append(f">>> block #{i} copies code that does not compile: {err}")

    fail_on(page, watch, problems, f"{path} at {PHONE['width']} px")


def _pages_with(site_dir: Path, pattern: str) -> list[str]:
    return [p for p in built_pages(site_dir) if re.search(pattern, (site_dir / p).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figure_link_by_keyboard(theme, chromium_browser, site_dir, site_url):
    """Focus a figure's link, scroll the figure with the arrow keys, press Enter: its SVG opens, in the theme."""
    pages = _pages_with(site_dir, r'<a href="[^"]*\.svg#only-dark"><img ')
    assert pages, "no page with a linked figure"
    context = chromium_browser.new_context(viewport=PHONE, color_scheme=theme)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        watch = Watch(page, site_url)
        goto(page, site_url + page_url(pages[0]))
        fragment = "#only-dark" if theme == "dark" else "#only-light"
        link = page.locator(f"figure > a[href$='{fragment}']").first
        link.scroll_into_view_if_needed()
        link.locator("img").evaluate("(img) => Promise.race([img.decode().catch(() => {}), "
                                     "new Promise((done) => setTimeout(done, 5000))])")
        link.focus()
        assert link.evaluate("(a) => document.activeElement === a"), "the figure's link does not take focus"
        wide = link.evaluate("(a) => a.scrollWidth > a.clientWidth")
        assert wide, "the figure fits the phone: nothing to scroll (the test needs a wider one)"
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(a) => a.scrollLeft > 0", arg=link.element_handle())
        href = link.evaluate("(a) => a.href")
        page.keyboard.press("Enter")
        # (not expect_navigation: Material's scroll tracking also rewrites the URL's #heading)
        page.wait_for_url(href, wait_until="load")
        assert page.evaluate("document.contentType") == "image/svg+xml", "the figure's file did not open"
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        if theme == "dark":  # the file's dark palette applies when #only-dark is the target, on a dark ground
            assert page.evaluate("document.querySelector(':target')?.id") == "only-dark"
            assert background == "rgb(30, 33, 41)", f"the dark figure opened alone sits on {background}"
        else:
            assert background == "rgba(0, 0, 0, 0)", f"the light figure opened alone sits on {background}"
        assert not watch.problems(), "\n".join(watch.problems())
    finally:
        context.close()


def test_copy_button_copies_code_only(chromium_browser, site_dir, site_url):
    """Click the copy button of a >>> block: the clipboard holds its code, no prompts, no output; it compiles."""
    pages = _pages_with(site_dir, r'class="go"')
    assert pages, "no page with a >>> block and its output"
    context = chromium_browser.new_context(viewport=PHONE, color_scheme="light",
                                           permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        goto(page, site_url + page_url(pages[0]))
        page.wait_for_load_state("networkidle")
        assert page.locator(".highlight:has(.gp) .go").count() > 0, "no >>> block with output on the page"
        blocks = [(b, "doctest") for b in page.locator(".highlight:has(.gp)").all()]
        blocks.append((page.locator(".highlight:not(:has(.gp))").first, "plain"))
        for block, kind in blocks:
            text = block.locator("pre > code").evaluate("(c) => c.textContent")
            block.scroll_into_view_if_needed()  # a block gets its button when it comes into view
            button = block.locator("button[data-md-type='copy']")
            button.click()
            copied = page.evaluate("navigator.clipboard.readText()")
            if kind == "plain":  # other blocks copy as before: their text
                assert copied == text.rstrip(), (copied, text)
                continue
            assert copied == doctest_code(text), (copied, text)
            assert copied.strip() and not re.search(r"^(>>>|\.\.\.)( |$)", copied, re.M), copied
            compile(copied, "copied", "exec")
    finally:
        context.close()
