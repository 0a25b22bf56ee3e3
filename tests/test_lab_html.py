"""The lab page rewrite (``book.lab_html``) on a page saved from mkdocs-jupyter.

``tests/fixtures/lab-page.html`` is what mkdocs-jupyter gave a small executed
lab (``tests/fixtures/make_lab_page.py`` saves it again). Each rewrite must
find its pattern in it: after an nbconvert upgrade that changes the HTML, a
test here fails instead of the rewrite silently doing nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from book import lab_html
from book.labs import DATA_SVG, figure_uri

PAGE = (Path(__file__).parent / "fixtures" / "lab-page.html").read_text(encoding="utf-8")
LINKS = '<p class="nb-links">download</p>'


def urls(uri: str) -> str | None:
    """Every docs uri but a missing one resolves, as the hook's file lookup does."""
    return None if uri.endswith("missing.md") else f"../../{uri}"


@pytest.fixture
def page(tmp_path):
    return lab_html.lab_page(PAGE, src_uri="labs/lab.ipynb", dest_uri="labs/lab/index.html", site_dir=tmp_path,
                             answer="Answer", url_of=urls, links=LINKS)


def test_the_saved_page_still_holds_what_the_rewrites_look_for():
    for pattern in (lab_html._MATHJAX, lab_html._MERMAID, lab_html._TOOLBAR, lab_html._CELL_START,
                    lab_html._INPUT_START, lab_html._MD_CELL, lab_html._CODE_DIV, lab_html._OUTPUT_PRE,
                    lab_html._HREF, lab_html._STYLE, lab_html._HEADING, lab_html._FIGURE_IMG):
        assert pattern.search(PAGE), f"mkdocs-jupyter's page no longer matches {pattern.pattern[:60]!r}"


def test_loaders_and_toolbars_are_dropped(page):
    assert "Load mathjax" in PAGE and "mathjax" not in page.lower()
    assert "jp-Mermaid" in PAGE and "querySelectorAll(\".jp-Mermaid" not in page
    assert '<div class="celltoolbar">' not in page


def test_the_answer_cell_folds_its_input_only(page):
    folded = re.findall(r'<details class="success nb-answer"><summary>Answer</summary>\n(.*?)\n</details>', page, re.S)
    assert len(folded) == 1 and "matplotlib.pyplot" in folded[0]
    assert "jp-OutputArea" not in folded[0], "the figure stays visible below the folded code"
    assert page.count("<details") == 1, "only the cell tagged answer folds"


def test_math_is_marked_like_the_chapters(page):
    assert '<span class="arithmatex">\\(y = 2x\\)</span>' in page
    assert '<span class="arithmatex">\\[\\sum_i x_i\\]</span>' in page
    assert "$y = 2x$" not in page and "$$" not in page.split("jp-Notebook", 1)[1]


def test_links_to_chapters_point_to_pages_and_figures_to_files(page):
    assert 'href="../../chapter.md#ramp"' in page and 'href="../chapter.md#ramp"' not in page
    uri = figure_uri(DATA_SVG.search(PAGE)[1])
    for theme in ("#only-light", "#only-dark"):
        shown = re.search(f'<a href="../../{uri}{theme}"><img [^>]*src="../../{uri}{theme}" loading="lazy"[^>]*></a>', page)
        assert shown, f"the {theme} figure is a link to its own file"
    assert "data:image/svg+xml;base64" not in page


def test_a_missing_chapter_is_left_for_the_strict_build_to_report():
    html = 'x <a href="../missing.md">gone</a>'
    assert lab_html.relink(html, "labs/lab.ipynb", urls) == html


def test_styles_move_into_one_shared_file_linked_where_the_first_was(page, tmp_path):
    sheets = list((tmp_path / "assets" / "stylesheets").glob("jupyter-*.css"))
    css = sheets[0].read_text(encoding="utf-8") if len(sheets) == 1 else ""
    assert "--jp-shadow-base-lightness" in css and "linenos" not in css, "the page's rules kept, no others"
    link = f'<link rel="stylesheet" href="../../assets/stylesheets/{sheets[0].name}">'
    assert link in page
    assert page.count("<style>") == 1 and page.rstrip().endswith("</style>"), "only the book's code colours stay"
    assert page.index(link) < page.index("jp-Cell"), "the shared sheet comes before the cells, as the first style did"


def test_code_and_output_are_reachable_with_the_keyboard(page):
    assert page.count('<div tabindex="0" class="highlight-ipynb') == 2
    assert re.search(r'<div class="jp-RenderedText[^"]*"[^>]*>\s*<pre tabindex="0">', page)


def test_links_sit_between_the_title_cell_and_the_next_cell(page):
    at = page.index(LINKS)
    assert page.index("</h1>") < at < page.index("two ReLUs")
    assert page[at + len(LINKS):].lstrip().startswith('<div class="jp-Cell')


def test_a_translated_lab_takes_the_anchors_it_is_given():
    count = len(lab_html._HEADING.findall(PAGE))
    anchors = [f"part-{n}" for n in range(count)]
    html = lab_html.with_anchors(PAGE, anchors)
    assert re.findall(r'<h[1-6] id="([^"]*)"', html) == anchors
    assert re.findall(r'class="anchor-link" href="#([^"]*)"', html) == anchors
    with pytest.raises(ValueError, match=f"{count} headings, but {count + 1} anchors"):
        lab_html.with_anchors(PAGE, anchors + ["one-more"])
