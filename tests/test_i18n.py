"""The editions: the Chinese one is complete and carries exactly the English code, in its chapters and
its labs; in the built site every page of the navigation exists in every edition, written in that
edition's language (or in English where ``book.language.ENGLISH_ONLY`` says so), with the English
page's anchors and code."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from html import unescape

import nbformat
import pytest

from book import traditional
from book.language import ENGLISH_ONLY, default_language, edition_prefix, editions, localized, words
from book.pages import parse_page
from tests.helpers import DOCS, ROOT, book_config, mkdocs_build

OTHERS = editions()[1:]  # every edition but the default (English)
HAN = re.compile(r"[\u4e00-\u9fff]")

# The book's pages; the contributors' pages (docs/contributing/) are English only.
ENGLISH = sorted(p for p in DOCS.rglob("*.md")
                 if not p.name.endswith(".zh.md") and "contributing" not in p.relative_to(DOCS).parts)
ENGLISH_LABS = sorted(p for p in (DOCS / "labs").glob("*.ipynb") if not p.name.endswith(".zh.ipynb"))


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


@pytest.mark.parametrize("lab", ENGLISH_LABS, ids=lambda p: p.name)
def test_every_lab_has_a_chinese_lab_with_the_same_code(lab):
    """Cell for cell: the same code, ids and tags (so the build shows the English lab's outputs);
    the Markdown and the alt texts in Chinese."""
    zh = lab.with_name(lab.stem + ".zh.ipynb")
    assert zh.exists(), f"{zh.relative_to(DOCS)} is missing"
    en_cells, zh_cells = nbformat.read(lab, as_version=4).cells, nbformat.read(zh, as_version=4).cells
    assert [c.cell_type for c in en_cells] == [c.cell_type for c in zh_cells], f"{zh.name}: the cells differ"
    for n, (en, cn) in enumerate(zip(en_cells, zh_cells), start=1):
        assert en.id == cn.id and en.metadata.get("tags") == cn.metadata.get("tags"), f"{zh.name}: cell {n}"
        if en.cell_type == "code":
            assert cn.source == en.source, f"{zh.name}: code cell {n} differs from {lab.name}"
            assert ("alt" in en.metadata) == ("alt" in cn.metadata) and HAN.search(cn.metadata.get("alt", "图"))
        else:
            assert HAN.search(cn.source), f"{zh.name}: cell {n} is not translated"


def _built_html(site, page):
    """The built HTML of a docs page (a path under docs/, or its name in the navigation) under ``site``."""
    stem = (page if isinstance(page, str) else page.relative_to(DOCS).as_posix()).rsplit(".", 1)[0]
    return site / ("" if stem == "index" else stem) / "index.html"


def nav_pages(nav=None) -> list[str]:
    """Every page mkdocs.yml's navigation lists, in order."""
    found = []
    for item in book_config()["nav"] if nav is None else nav:
        for value in (item.values() if isinstance(item, dict) else [item]):
            found += nav_pages(value) if isinstance(value, list) else [value]
    return found


@cache
def _scripts():
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


def written_in(page_html: str) -> str:
    """The language a built page's prose (paragraphs, list items, headings, table cells, captions) is
    written in, code and math left out: the default when it has fewer Han characters than Latin words,
    else zh-TW (Traditional) when more of its characters are ones only Traditional writes than ones
    only Simplified writes, else zh."""
    article = re.search(r"<article.*?</article>", page_html, re.S)[0]
    article = re.sub(r"<(pre|code|script|style|svg)\b.*?</\1>", " ", article, flags=re.S)
    article = re.sub(r'<span class="katex">.*?</span></span></span>', " ", article, flags=re.S)  # typeset math
    prose = re.findall(r"<(p|li|h[1-6]|td|th|dt|dd|figcaption|summary)\b[^>]*>(.*?)</\1>", article, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", " ".join(inner for _, inner in prose))
    han = HAN.findall(text)
    if len(han) < len(re.findall(r"[A-Za-z]+", text)):
        return default_language()
    t2s, s2t = _scripts()
    traditional = sum(1 for c in han if t2s.convert(c) != c)
    simplified = sum(1 for c in han if s2t.convert(c) != c)
    return "zh-TW" if traditional > simplified else "zh"


def test_the_language_of_a_page_is_read_from_its_article():
    page = "<html><nav>导航 導覽</nav><article><p>{}</p><pre><code>{}</code></pre></article></html>"
    assert written_in(page.format("Why do we need a deep network? 魚與熊掌", "为什么" * 50)) == "en"
    assert written_in(page.format("为什么要深度网络？这一讲的回答", "x")) == "zh"
    assert written_in(page.format("為什麼要深度網路？這一講的回答", "为什么" * 50)) == "zh-TW"


@pytest.mark.site
@pytest.mark.parametrize("edition", editions())
def test_every_page_of_the_navigation_is_in_every_edition_in_its_language(edition, built_site):
    """No page falls back silently to another language: each nav page, built under its edition, is
    written in that edition's language, unless it is one of the pages kept in English on purpose."""
    site = built_site[0] / edition_prefix(edition)
    wrong = []
    for page in nav_pages():
        html_path = _built_html(site, page)
        if not html_path.exists():
            wrong.append(f"{page}: not built as {edition_prefix(edition)}{html_path.relative_to(site).as_posix()}")
            continue
        html = html_path.read_text(encoding="utf-8")
        expected = default_language() if page.startswith(ENGLISH_ONLY) else edition
        lang, written = re.search(r'<html lang="([^"]+)"', html)[1], written_in(html)
        if (lang, written) != (edition, expected):
            wrong.append(f"{page}: <html lang={lang}>, written in {written} (expected {edition}, {expected})")
    assert not wrong, f"edition {edition}:\n" + "\n".join(wrong)


@pytest.mark.site
@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_edition_keeps_the_english_heading_anchors(page, built_site):
    """Same heading ids in every language, so every cross-link works in every edition."""
    site = built_site[0]
    if not chinese(page).exists():
        pytest.skip("no Chinese page")
    heading_ids = re.compile(r'<h[2-6] id="([^"]+)"')
    en = heading_ids.findall(_built_html(site, page).read_text(encoding="utf-8"))
    for edition in OTHERS:
        other = heading_ids.findall(_built_html(site / edition, page).read_text(encoding="utf-8"))
        assert other == en, f"{edition}: {page.name}'s heading anchors differ from English"


@pytest.mark.site
@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_edition_shows_the_english_code(page, built_site):
    """The code as the built pages show it (highlighted) is the English page's, in every edition."""
    site = built_site[0]
    if not chinese(page).exists():
        pytest.skip("no Chinese page")
    code = re.compile(r'<div class="language-[^"]*highlight">.*?</div>', re.S)
    en = code.findall(_built_html(site, page).read_text(encoding="utf-8"))
    for edition in OTHERS:
        other = code.findall(_built_html(site / edition, page).read_text(encoding="utf-8"))
        assert other == en, f"{edition}: {page.name}'s code blocks differ from English"


@pytest.mark.site
@pytest.mark.parametrize("edition", OTHERS)
@pytest.mark.parametrize("lab", [p.stem for p in ENGLISH_LABS])
def test_lab_pages_are_paired_and_each_edition_shows_its_own(lab, edition, built_site):
    site, _, _ = built_site
    en = (site / "labs" / lab / "index.html").read_text(encoding="utf-8")
    other = (site / edition / "labs" / lab / "index.html").read_text(encoding="utf-8")
    for menu in editions():  # the language menu leads to this lab in every edition
        link = re.search(rf'<a href="([^"]*)" hreflang="{menu}"', other)
        want = "./" if menu == edition else f"../../../{edition_prefix(menu)}labs/{lab}/"
        assert link and link[1] == want, (edition, lab, menu, link and link[1])
    link = re.search(rf'<a href="([^"]*)" hreflang="{edition}"', en)
    assert link and link[1] == f"../../{edition}/labs/{lab}/", (lab, link and link[1])
    title = re.search(r"<title>([^<]*?) - ", other)[1]
    assert HAN.search(title), f"{edition}/labs/{lab}: title {title!r} is not the translated one"
    # the edition's own words, the English lab's outputs
    goal = localized({"zh": "目标"}, edition)
    assert f">{goal}<" in other and "Goal" not in other and ">Goal<" in en, f"{edition}/labs/{lab}: not its own lab"
    assert f'href="../../../notebooks/labs/{lab}.{edition}.ipynb"' in other
    assert f"<summary>{words(edition)['answer']}</summary>" in other
    alts = re.compile(r'<img (?=[^>]*class="nb-figure")[^>]*alt="([^"]*)"')
    assert alts.findall(other) and all(HAN.search(alt) for alt in alts.findall(other)), f"{edition}/labs/{lab}"
    if edition == traditional.LOCALE:  # the generated lab's alt texts are the Simplified lab's, converted
        source = (site / traditional.SOURCE / "labs" / lab / "index.html").read_text(encoding="utf-8")
        assert [unescape(a) for a in alts.findall(other)] == \
            [traditional.converter().markdown(unescape(a)) for a in alts.findall(source)]
    heading_ids = re.compile(r'<h[1-6] id="([^"]+)"')
    assert heading_ids.findall(other) == heading_ids.findall(en), f"{edition}/labs/{lab}: anchors differ from English"
    shown = re.compile(r'class="nb-figure" src="([^"#]+)')
    assert [posixpath.basename(s) for s in shown.findall(other)] == [posixpath.basename(s) for s in shown.findall(en)]


@pytest.mark.parametrize("edition", OTHERS)
def test_only_the_default_edition_can_be_served_alone(edition, tmp_path, monkeypatch):
    """``make serve EDITION=zh`` stops at once, naming the argument: mkdocs-static-i18n would build that
    edition as the default, at the site's root, where none of its links point."""
    monkeypatch.setenv("BOOK_ONLY_EDITION", edition)
    proc = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site", tmp_path / "cache")
    assert proc.returncode != 0 and f"EDITION={edition}: only the default edition" in proc.stderr, proc.stderr[-3000:]
    assert not (tmp_path / "site").exists(), "nothing is built"

