"""The build: strict, reproducible, and loud about broken page code."""

from __future__ import annotations

import re

import pytest

from lessons.style import DARK, PALETTE
from tests.helpers import DOCS, ROOT, SUBPATH_SITE_URL, mkdocs_build, scratch_book

pytestmark = pytest.mark.site


def test_strict_build_has_no_warnings(built_site):
    site, _, log = built_site
    assert (site / "index.html").exists()
    assert "WARNING" not in log, log
    assert re.search(r"figures: \d+ drawn, 0 from cache, \d+ page\(s\) run", log), log


def test_an_edition_costs_no_page_run(built_site):
    """The first edition built runs the pages; every other edition, the generated one too, takes their figures."""
    from book.language import editions

    _, _, log = built_site
    runs = re.findall(r"figures: (\d+) drawn, (\d+) from cache, (\d+) page\(s\) run", log)
    assert len(runs) == len(editions()), log
    drawn = int(runs[0][0])
    assert drawn > 100 and all(later == ("0", str(drawn), "0") for later in runs[1:]), runs


def test_every_figure_block_has_a_figure_on_its_page(built_site):
    """On its page, and on the page generated from it (which shows the same SVG files)."""
    from book.language import edition_prefix, language, untranslated
    from book.pages import parse_page
    from book.traditional import generated_uri

    site, _, _ = built_site
    for page in sorted(DOCS.rglob("*.md")):
        figures = [b for b in parse_page(page.read_text(encoding="utf-8"), str(page)) if b.figure]
        if not figures:  # (a page may not be built on its own: an included snippet)
            continue
        src = page.relative_to(DOCS).as_posix()  # e.g. deep-network.md or deep-network.zh.md
        for shown in filter(None, (src, generated_uri(src))):
            name = untranslated(shown).removesuffix(".md")
            html_path = site / edition_prefix(language(shown)) / ("" if name == "index" else name) / "index.html"
            html = html_path.read_text(encoding="utf-8")
            for b in figures:
                assert f'id="fig-{b.figure}"' in html, f"{b.where()}: no <figure> on {shown}"
                assert f'figures/{src.removesuffix(".md")}/{b.figure}.svg#only-light' in html, \
                    f"{b.where()}: {shown} does not show the figure drawn for {src}"
                svg = (site / "figures" / src.removesuffix(".md") / f"{b.figure}.svg").read_text(encoding="utf-8")
                assert '<g id="only-dark">' in svg and "#only-dark:target" in svg, f"{b.where()}: no dark theme"
    assert not [p.name for p in (site / "figures").iterdir() if p.name.endswith(".zh-TW")], \
        "the generated edition has figures of its own"


def test_a_raising_block_fails_the_build_with_page_and_line(tmp_path):
    config = scratch_book(tmp_path, """\
        # Broken

        ```python
        x = 1
        ```

        ```{ .python .figure #f alt="a" caption="c" }
        import matplotlib.pyplot as plt
        plt.plot([0, 1])
        raise RuntimeError("boom")
        ```
        """)
    proc = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert proc.returncode != 0
    assert "docs/index.md:7: this block raised" in proc.stderr
    assert 'line 10' in proc.stderr and "RuntimeError: boom" in proc.stderr
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.parametrize(
    "fence, body, message",
    [
        ('{ .python .figure #f caption="c" }', "import matplotlib.pyplot as plt\nplt.plot([0, 1])",
         "docs/index.md:3: figure #f has no alt text"),
        ('{ .python .figure #f alt="a" caption="c" }', "x = 1",
         "docs/index.md:3: figure #f block drew no figure"),
    ],
    ids=["no-alt-text", "draws-nothing"],
)
def test_a_broken_figure_block_fails_the_build(tmp_path, fence, body, message):
    config = scratch_book(tmp_path, f"# Broken\n\n```{fence}\n{body}\n```\n")
    proc = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert proc.returncode != 0
    assert message in proc.stderr


def test_a_warm_build_runs_no_page(tmp_path):
    config = scratch_book(tmp_path, """\
        # Warm

        ```{ .python .figure #f alt="a line" caption="c" }
        import matplotlib.pyplot as plt
        plt.plot([0, 1])
        ```
        """)
    cold = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    warm = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert cold.returncode == warm.returncode == 0, cold.stderr + warm.stderr
    assert "figures: 1 drawn, 0 from cache, 1 page(s) run" in cold.stderr
    assert "figures: 0 drawn, 1 from cache, 0 page(s) run" in warm.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    # One file, shown in the light and (by its fragment) the dark palette; lazy, so a hidden one is not drawn.
    assert re.search(r'<img alt="a line" loading="lazy" src="figures/index/f.svg#only-light"', html), html
    assert re.search(r'<img alt="a line" loading="lazy" src="figures/index/f.svg#only-dark"', html), html
    # and that one file holds both palettes: drawn in the light one, a stylesheet swaps each colour for the dark
    assert sorted(p.name for p in (tmp_path / "site" / "figures" / "index").iterdir()) == ["f.svg"]
    svg = (tmp_path / "site" / "figures" / "index" / "f.svg").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", svg, re.S)
    assert style and re.search(r'<g id="only-dark">', svg[style.end():]), svg[:2000]
    for name, light in PALETTE.items():
        for prop in ("fill", "stroke"):
            rule = f'#only-dark:target [style*="{prop}: {light}"]{{{prop}:{DARK[name]}!important}}'
            assert rule in style[1], f"no dark {prop} for {name} ({light}) in f.svg"
    drawn = set(re.findall(r"(?:fill|stroke): (#[0-9a-f]{6})", svg[style.end():]))
    assert drawn & set(PALETTE.values()), f"f.svg draws in no palette colour: {drawn}"


def test_a_warm_build_of_the_book_makes_the_same_site(built_site, tmp_path):
    """What the caches hand back (figures, labs, their rendered pages, sections, search entries, compiled
    templates) builds the site the empty cache built, byte for byte."""
    site, cache, _ = built_site
    warm = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site", cache, site_url=SUBPATH_SITE_URL)
    assert warm.returncode == 0, warm.stderr
    assert "figures: 0 drawn" in warm.stderr and "notebooks: 0 executed" in warm.stderr, warm.stderr
    files = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    assert {p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*") if p.is_file()} == files
    differ = sorted(str(p) for p in files if (site / p).read_bytes() != (tmp_path / "site" / p).read_bytes())
    assert not differ, f"{len(differ)} file(s) differ from the cold build: {differ[:10]}"


def test_every_page_describes_itself_with_its_editions_description(built_site):
    """The <meta name="description"> is the edition's whole site_description (a stray quote in it would cut it)."""
    from html.parser import HTMLParser

    from book import traditional
    from book.site_html import html_pages
    from tests.helpers import book_config

    class Description(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "meta" and attrs.get("name") == "description":
                self.found.append(attrs.get("content"))

    config = book_config()
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    described = {f"{lang['locale']}/": lang["site_description"] for lang in i18n["languages"]
                 if not lang.get("default") and lang.get("site_description")}
    # the generated edition's is its source's, converted (hooks/traditional.py)
    described[f"{traditional.LOCALE}/"] = traditional.converter().text(described[f"{traditional.SOURCE}/"])
    site, _, _ = built_site
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        edition = next((d for d in described if rel.startswith(d)), None)
        parser = Description()
        parser.found = []
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [described.get(edition, config["site_description"])], rel


def test_text_between_headings_is_in_sections_the_browser_may_skip(built_site):
    """Every page of the navigation: its top drawn at once, and the text below it in ``div.section-body``
    (rendered when near the screen); every heading outside them (where the table of contents and links
    find it), every code block focusable."""
    from html.parser import HTMLParser

    from book.sections import EAGER, SECTION, weight
    from book.site_html import nav_pages

    class Sections(HTMLParser):
        def __init__(self, text):
            super().__init__()
            self.open: list[bool] = []  # for each open div: is it a section?
            self.sections, self.headings_inside = 0, []
            self.feed(text)

        def handle_starttag(self, tag, attrs):
            if tag == "div":
                section = ("class", "section-body") in attrs
                self.sections += section
                self.open.append(section)
            elif re.fullmatch(r"h[1-6]", tag) and any(self.open):
                self.headings_inside.append(dict(attrs).get("id"))

        def handle_endtag(self, tag):
            if tag == "div" and self.open:
                self.open.pop()

    site, _, _ = built_site
    long_pages = 0
    for path in nav_pages(site):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        article = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', html, re.S)[1]
        found = Sections(article)
        top = article.split(SECTION)[0]
        assert weight(top) >= EAGER or not found.sections, f"/{path}: the top of the page is skipped"
        if weight(article) > 3 * EAGER:  # a long page: most of it below the top, in sections
            long_pages += 1
            assert found.sections, f"/{path}: no section below the top"
        assert not found.headings_inside, f"/{path}: headings inside a section: {found.headings_inside}"
        assert not re.search(r"<pre><span></span><code>", article), f"/{path}: a code block not focusable"
    assert long_pages >= 10, f"only {long_pages} long pages: is the text still found?"


def test_every_page_defers_its_scripts_with_materials_bundle_first(built_site):
    """Scripts run once the page is parsed (book/templates/main.html), Material's bundle before the
    book's scripts that use it."""
    from book.site_html import html_pages

    site, _, _ = built_site
    problems = []
    for page in html_pages(site):
        tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text(encoding="utf-8"))
        if not tags or "/bundle." not in tags[0] or any(" defer " not in tag for tag in tags):
            problems.append(f"{page.relative_to(site)}: {tags}")
    assert not problems, "\n".join(problems[:5])
