"""Search: one index per language, without TeX or printed outputs."""

from __future__ import annotations

import json
import re

import pytest

from book.language import editions

pytestmark = pytest.mark.site
HAN = re.compile(r"[\u4e00-\u9fff]")
OTHERS = editions()[1:]


def index(site, lang=""):
    return json.loads((site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_each_edition_has_an_index_of_its_own_pages(built_site):
    site, _, _ = built_site
    en = index(site)
    assert en["docs"] and en["config"]["lang"] == ["en"]
    assert not [d["location"] for d in en["docs"] if d["location"].split("/")[0] in OTHERS]
    english = {d["location"].split("#")[0] for d in en["docs"]}
    assert "fat-vs-tall/" in english
    for edition in OTHERS:
        other = index(site, edition)
        assert other["docs"], edition
        assert not [d["location"] for d in other["docs"] if d["location"].split("/")[0] in OTHERS], \
            f"{edition}: locations are relative to {edition}/"
        assert {d["location"].split("#")[0] for d in other["docs"]} >= {"fat-vs-tall/", "why-deep/"}
        assert sum(bool(HAN.search(d["text"])) for d in other["docs"]) > 0.9 * len(other["docs"]), edition
        assert other["config"]["lang"] == ["en", "zh"], f"{edition}: lunr.js searches Chinese as zh"
    traditional = " ".join(d["text"] for d in index(site, "zh-TW")["docs"])
    assert "\u200b參數\u200b" in traditional and "\u200b程式碼\u200b" in traditional, "Traditional words not segmented"
    assert "程式碼" not in " ".join(d["text"] for d in index(site, "zh")["docs"]), "the zh index holds Traditional text"


def test_each_edition_looks_for_its_own_index(built_site):
    site, _, _ = built_site
    base = re.compile(r'<script id="__config"[^>]*>\{[^<]*?"base": "([^"]*)"')
    pages = [("fat-vs-tall/index.html", site)] + [
        (f"{edition}/{page}", site / edition) for edition in OTHERS
        for page in ("fat-vs-tall/index.html", "labs/relu-curves/index.html")]
    for page, home in pages:
        found = base.search((site / page).read_text(encoding="utf-8"))
        assert found, page
        assert ((site / page).parent / found[1]).resolve() == home.resolve(), (page, found[1])


def test_previews_show_no_tex_and_no_printed_output(built_site):
    site, _, _ = built_site
    for lang in ("", *OTHERS):
        texts = [d["text"] for d in index(site, lang)["docs"]]
        tex = [t[:80] for t in texts if re.search(r"\\\(|\\\[|\\frac|\\tfrac", t)]
        assert not tex, f"TeX in the {lang or 'en'} index: {tex[:3]}"
        assert not [t for t in texts if re.search(r'class="katex|katex-(?:html|mathml)', t)], "KaTeX's markup"
    # a printed result of fat-vs-tall is on the page but not in the index
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "(20, 1024)" in page
    assert not [t for t in (d["text"] for d in index(site)["docs"]) if "(20, 1024)" in t]


def test_the_search_dialog_has_a_name_in_each_edition(built_site):
    site, _, _ = built_site
    for page, name in (("index.html", "Search"), ("zh/index.html", "查找"), ("zh-TW/index.html", "搜尋")):
        dialog = re.search(r'<div class="md-search" data-md-component="search" role="dialog"([^>]*)>',
                           (site / page).read_text(encoding="utf-8"))
        assert dialog and f'aria-label="{name}"' in dialog[1], (page, dialog and dialog[1])
