"""Math typeset at build (``book.math``): KaTeX's HTML and MathML, no script on the page."""

from __future__ import annotations

import re

import pytest

from book.math import MathError, render, typeset
from tests.helpers import ROOT, mkdocs_build


def test_inline_and_display_math_become_katex_html_with_mathml():
    page = ('<p><span class="arithmatex">\\(a &lt; b\\)</span></p>\n'
            '<div class="arithmatex" tabindex="0">\\[\\sum_i x_i\\]</div>')
    out = typeset(page, "p.md")
    assert "arithmatex" in out and "\\(" not in out and "\\[" not in out
    assert '<div class="arithmatex" tabindex="0"><katex-formula data-search-exclude="math">' \
           '<span class="katex-display">' in out
    assert out.count('<math xmlns="http://www.w3.org/1998/Math/MathML"') == 2
    assert "<mo>&lt;</mo>" in out, "the TeX was unescaped before KaTeX read it"


def test_a_formula_typeset_once_is_kept_for_the_next_build(tmp_path, monkeypatch):
    import book.math as math

    monkeypatch.setenv("BOOK_CACHE", str(tmp_path))
    monkeypatch.setattr(math, "_typeset", {})
    monkeypatch.setattr(math, "_loaded", False)
    shown = render("\\sqrt{2}", True)
    math.save()
    assert (tmp_path / "katex.json").exists()
    monkeypatch.setattr(math, "_typeset", {})  # the next build: a new process, and no V8 to call
    monkeypatch.setattr(math, "_loaded", False)

    def no_katex():
        raise RuntimeError("KaTeX ran")

    monkeypatch.setattr(math, "_katex", no_katex)
    assert render("\\sqrt{2}", True) == shown
    with pytest.raises(ValueError, match="KaTeX ran"):  # inline and display are kept apart
        render("\\sqrt{2}", False)


def test_a_formula_katex_cannot_parse_names_page_and_tex():
    with pytest.raises(MathError, match=r"^docs/p.md: KaTeX cannot typeset '\\\\frac\{a': .*end of input"):
        typeset('<span class="arithmatex">\\(\\frac{a\\)</span>', "docs/p.md")
    with pytest.raises(ValueError, match="Undefined control sequence"):
        render("\\nosuchmacro", False)


def test_math_without_delimiters_is_refused():
    with pytest.raises(MathError, match="without"):
        typeset('<span class="arithmatex">x</span>', "p.md")


def test_a_bad_formula_fails_the_build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# T\n\nA formula: $\\frac{1$ and more.\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\ndocs_dir: {docs}\nhooks:\n  - {ROOT / 'hooks' / 'math.py'}\n"
                      "markdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n")
    proc = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert proc.returncode != 0
    assert re.search(r"docs/index.md: KaTeX cannot typeset '\\\\frac\{1'", proc.stderr), proc.stderr[-2000:]


@pytest.mark.site
def test_no_page_loads_katex_script_and_every_formula_is_typeset(built_site):
    from book.site_html import PageHtml, html_pages

    site, _, _ = built_site
    typeset_pages, problems = 0, []
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        scripts = [url for tag, _, _, url in PageHtml(text).urls if tag == "script"]
        if any("katex" in url or "auto-render" in url for url in scripts):
            problems.append(f"{page.relative_to(site)} loads {scripts}")
        raw = re.findall(r'class="arithmatex"[^>]*>\s*\\[(\[]', text)
        if raw:
            problems.append(f"{page.relative_to(site)}: {len(raw)} formula(s) left as TeX")
        typeset_pages += 'class="katex-mathml"' in text
    assert not problems, "\n".join(problems)
    assert typeset_pages >= 20, "the chapters' formulas were typeset"
