"""The Chinese edition is complete and carries exactly the English code, in its chapters and its labs."""

from __future__ import annotations

import posixpath
import re

import nbformat
import pytest

from book.pages import parse_page
from tests.helpers import DOCS

# The book's pages; the contributors' pages (docs/contributing/) are English only.
ENGLISH = sorted(p for p in DOCS.rglob("*.md")
                 if not p.name.endswith(".zh.md") and "contributing" not in p.relative_to(DOCS).parts)
ENGLISH_LABS = sorted(p for p in (DOCS / "labs").glob("*.ipynb") if not p.name.endswith(".zh.ipynb"))
HAN = re.compile(r"[\u4e00-\u9fff]")


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
@pytest.mark.parametrize("lab", [p.stem for p in ENGLISH_LABS])
def test_lab_pages_are_paired_and_the_chinese_one_is_in_chinese(lab, built_site):
    site, _, _ = built_site
    en = (site / "labs" / lab / "index.html").read_text(encoding="utf-8")
    zh = (site / "zh" / "labs" / lab / "index.html").read_text(encoding="utf-8")
    en_link = re.search(r'<a href="([^"]*)" hreflang="en"', zh)
    assert en_link and en_link[1] == f"../../../labs/{lab}/", (lab, en_link and en_link[1])
    zh_link = re.search(r'<a href="([^"]*)" hreflang="zh"', en)
    assert zh_link and zh_link[1] == f"../../zh/labs/{lab}/", (lab, zh_link and zh_link[1])
    title = re.search(r"<title>([^<]*?) - ", zh)[1]
    assert HAN.search(title), f"zh/labs/{lab}: title {title!r} is not the translated one"
    # the Chinese lab's own words, the English lab's outputs
    assert ">目标<" in zh and "Goal" not in zh and ">Goal<" in en, f"zh/labs/{lab}: not the Chinese lab"
    assert f'href="../../../notebooks/labs/{lab}.zh.ipynb"' in zh and "<summary>答案</summary>" in zh
    assert all(HAN.search(alt) for alt in re.findall(r'class="nb-figure"[^>]*alt="([^"]*)"', zh))
    heading_ids = re.compile(r'<h[1-6] id="([^"]+)"')
    assert heading_ids.findall(zh) == heading_ids.findall(en), f"zh/labs/{lab}: anchors differ from the English lab"
    shown = re.compile(r'class="nb-figure" src="([^"#]+)')
    assert [posixpath.basename(s) for s in shown.findall(zh)] == [posixpath.basename(s) for s in shown.findall(en)]
