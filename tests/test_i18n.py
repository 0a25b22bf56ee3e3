"""The Chinese edition is complete and carries exactly the English code."""

from __future__ import annotations

import re

import pytest

from book.pages import parse_page
from tests.helpers import DOCS

# The book's pages; the contributors' pages (docs/contributing/) are English only.
ENGLISH = sorted(p for p in DOCS.rglob("*.md")
                 if not p.name.endswith(".zh.md") and "contributing" not in p.relative_to(DOCS).parts)


def chinese(page):
    return page.with_name(page.name[: -len(".md")] + ".zh.md")


def code_of(page):
    return [(b.code, b.classes, b.figure, b.skip_reason is not None)
            for b in parse_page(page.read_text(encoding="utf-8"), str(page))]


@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_english_page_has_a_chinese_page(page):
    assert chinese(page).exists(), f"{chinese(page).relative_to(DOCS)} is missing"


@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_chinese_page_carries_the_same_code(page):
    zh = chinese(page)
    if not zh.exists():
        pytest.skip("no Chinese page (reported by the test above)")
    en_blocks, zh_blocks = code_of(page), code_of(zh)
    assert len(en_blocks) == len(zh_blocks), f"{len(en_blocks)} code blocks in English, {len(zh_blocks)} in Chinese"
    for i, (en, cn) in enumerate(zip(en_blocks, zh_blocks), start=1):
        assert en == cn, f"code block {i} differs between {page.name} and {zh.name}"


def _built_html(site, page):
    rel = page.relative_to(DOCS).with_suffix("").as_posix()
    return site / ("" if rel == "index" else rel) / "index.html"


@pytest.mark.site
@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_chinese_headings_keep_the_english_anchors(page, built_site):
    """Same heading ids in both languages, so every cross-link works in both."""
    site = built_site[0]
    if not chinese(page).exists():
        pytest.skip("no Chinese page")
    heading_ids = re.compile(r'<h[2-6] id="([^"]+)"')
    en = heading_ids.findall(_built_html(site, page).read_text(encoding="utf-8"))
    zh = heading_ids.findall(_built_html(site / "zh", page).read_text(encoding="utf-8"))
    assert zh == en, f"{chinese(page).name}: heading anchors differ from {page.name}"


@pytest.mark.site
def test_lab_pages_switch_language_and_take_the_translated_title(built_site):
    site, _, _ = built_site
    for lab in ("relu-curves", "counting-pieces", "fat-vs-tall"):
        zh = (site / "zh" / "labs" / lab / "index.html").read_text(encoding="utf-8")
        en_link = re.search(r'<a href="([^"]*)" hreflang="en"', zh)
        assert en_link and en_link[1] == f"../../../labs/{lab}/", (lab, en_link and en_link[1])
        title = re.search(r"<title>([^<]*?) - ", zh)[1]
        assert re.search(r"[\u4e00-\u9fff]", title), f"zh/labs/{lab}: title {title!r} is not the translated one"
