"""Explorable figures in Chromium: the keyboard moves the control, the frame and the announced value follow.

Every page with an explorable figure, in every edition, the editions taking
the two themes in turn (the controls are the same script and markup in
every edition; a theme decides which copy of a figure shows): the
control is revealed (it is hidden without JavaScript), labelled, and focusable;
ArrowLeft/ArrowRight/Home/End change the shown frame (both theme copies), the
input's ``aria-valuetext`` and the ``<output>`` text; each new frame is
fetched only when chosen and decodes. axe-core (loaded in every page of
``theme_page``) reports no violation with the control in use.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from book.language import edition_prefix, editions

from tests.browser.conftest import CHROMIUM, built_pages, goto
from tests.browser.test_browser import AXE_JS, AXE_OPTIONS, format_violations

if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian package `chromium`)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the `playwright` package (the `test` extra)")

pytestmark = pytest.mark.browser
CONTROL = re.compile(r'<div class="explore-control" data-figure="([^"]+)"')
MIN_EXPLORABLES = 6  # per edition: what the lecture varies (n ReLUs, w, |H| and N, layers, folds, levels of x^2)


def explorable_pages(site_dir) -> dict[str, list[str]]:
    """Built page -> the figure ids of its explorable figures."""
    found = {}
    for rel in built_pages(site_dir):
        ids = CONTROL.findall((site_dir / rel).read_text(encoding="utf-8"))
        if ids:
            found[rel] = ids
    return found


_LANG = re.compile(r'<html lang="([^"]+)"')


def tried_in(site_dir, theme: str) -> dict[str, list[str]]:
    """The explorable pages tried in ``theme``: the editions (by language) take light and dark in turn."""
    pages = explorable_pages(site_dir)
    lang = {rel: _LANG.search((site_dir / rel).read_text(encoding="utf-8"))[1] for rel in pages}
    order = sorted(set(lang.values()))
    return {rel: ids for rel, ids in pages.items() if ("light", "dark")[order.index(lang[rel]) % 2] == theme}


def shown(page, fig: str) -> list[str]:
    return page.eval_on_selector_all(f"#{fig} img", "(imgs) => imgs.map((i) => i.getAttribute('src'))")


def test_every_edition_has_the_explorables(site_dir):
    pages = explorable_pages(site_dir)
    for edition in editions():
        prefix = edition_prefix(edition)
        mine = [ids for rel, ids in pages.items()
                if (rel.startswith(prefix) if prefix else rel.split("/")[0] not in editions())]
        count = sum(map(len, mine))
        assert count >= MIN_EXPLORABLES, f"{edition}: {count} explorable figures, {pages}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_keyboard_moves_every_control(site_dir, site_url, theme_page, theme):
    problems = []
    tried = tried_in(site_dir, theme)
    assert tried, f"no edition is tried in the {theme} theme"
    for rel, figures in sorted(tried.items()):
        page, watch = theme_page(theme)
        goto(page, f"{site_url}/{rel.removesuffix('index.html')}")
        for fig in figures:
            control = page.locator(f'.explore-control[data-figure="{fig}"]')
            slider, output = control.locator("input[type=range]"), control.locator("output")
            values = json.loads(control.get_attribute("data-values"))
            if not control.is_visible():
                problems.append(f"{rel} #{fig}: the control stays hidden")
                continue
            # its text, not as rendered: a section far down is rendered when it nears the screen (book/sections.py)
            label = page.locator(f'label[for="{slider.get_attribute("id")}"]').text_content().strip()
            before, start = shown(page, fig), int(slider.input_value())
            slider.focus()
            slider.press("End" if start == 0 else "Home")
            at = int(slider.input_value())
            after = shown(page, fig)
            text = f"{control.get_attribute('data-name')} = {values[at]}"
            img = page.locator(f"#{fig} img[src$='#only-{theme}']")
            img.scroll_into_view_if_needed()
            page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=img.element_handle())
            checks = {
                "a label": bool(label),
                "the value moved": at != start,
                "both theme copies show the new frame": all(a != b for a, b in zip(after, before)) and len(after) == 2,
                "each copy keeps its theme": [s.split("#")[1] for s in after] == ["only-light", "only-dark"],
                "the announced value": slider.get_attribute("aria-valuetext") == text and output.inner_text() == text,
            }
            problems += [f"{rel} #{fig} ({theme}): no {what}" for what, ok in checks.items() if not ok]
            slider.press("ArrowRight" if at == 0 else "ArrowLeft")
            if shown(page, fig) == after:
                problems.append(f"{rel} #{fig} ({theme}): an arrow key changed nothing")
        violations = page.evaluate(AXE_JS, AXE_OPTIONS)
        if violations:
            problems.append(f"{rel} ({theme}) axe:\n{format_violations(violations)}")
        problems += [f"{rel} ({theme}): {p}" for p in watch.problems()]
    assert not problems, "\n".join(problems)


def test_a_reader_without_javascript_sees_the_default_frame_and_no_control(chromium_browser, site_dir, site_url):
    rel, figures = sorted(explorable_pages(site_dir).items())[0]
    context = chromium_browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{rel.removesuffix('index.html')}")
        for fig in figures:
            assert not page.locator(f'.explore-control[data-figure="{fig}"]').is_visible()
            img = page.locator(f"#{fig} img").first
            img.scroll_into_view_if_needed()
            assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", img.element_handle())
    finally:
        context.close()


def test_frames_are_fetched_only_when_chosen(theme_page, site_dir, site_url):
    rel, figures = sorted(explorable_pages(site_dir).items())[0]
    page, _ = theme_page("light")
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "--" in r.url and r.url.split("#")[0].endswith(".svg") else None)
    goto(page, f"{site_url}/{rel.removesuffix('index.html')}")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    assert fetched == [], f"frames loaded before any was chosen: {fetched}"
