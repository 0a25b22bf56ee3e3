"""A lab's page: mkdocs-jupyter's HTML made to read like the book's own pages.

What nbconvert writes is rewritten with patterns, each tested against a saved
page (``tests/fixtures/``), so that an nbconvert change that breaks one fails
a test instead of silently doing nothing:

- MathJax and Mermaid loaders dropped (the site typesets math itself, and
  fetches nothing from other hosts); Jupyter's cell toolbars dropped;
- cells tagged ``answer`` folded into a collapsed "Answer" block;
- ``$...$`` math marked up as pymdownx.arithmatex does for the chapters;
- links to chapters (``../page.md``) pointed at the chapter pages, figures
  (data URIs) pointed at their files, loaded lazily, each a link to its file;
- the Jupyter stylesheet (about 0.6 MB per page) cut to the rules the page
  can use (about 50 KB, ``book.lab_css``) and moved into a file; code coloured like the book's code blocks; scrollable code and
  output reachable with the keyboard (WCAG 2.1.1);
- the download (and Colab) links placed under the title;
- a translated lab's headings given its English lab's anchors, so that a link
  to a part of a lab works in both editions (as the chapters' ``{#id}`` do).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path
from typing import Callable

from book import cache, lab_css
from book.cache import write_atomically
from book.lab_css import page_classes, prune
from book.labs import DATA_SVG, figure_uri
from book.notebook_files import ANSWER_TAG

_CELL_START = re.compile(r'<div class="jp-Cell [^"]*\bcelltag_' + ANSWER_TAG + r'\b[^"]*">')
_INPUT_START = re.compile(r'<div class="jp-Cell-inputWrapper[^"]*"[^>]*>')
_TAG = re.compile(r"<(/?)div\b[^>]*>")
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
# nbconvert's Mermaid loader (from a CDN, only for Mermaid diagrams, which the labs do not use)
_MERMAID = re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => \{\s*'
                      r'const diagrams = document\.querySelectorAll\("\.jp-Mermaid.*?</script>', re.S)
_TOOLBAR = re.compile(r'<div class="celltoolbar">')
_MD_CELL = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
_DISPLAY_MATH = re.compile(r"(<p>\s*)?\$\$(.+?)\$\$(\s*</p>)?", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])")
_CODE_DIV = re.compile(r'<div class="highlight-ipynb')
_OUTPUT_PRE = re.compile(r'(<div class="jp-RenderedText[^"]*"[^>]*>\s*)<pre>')
# pygments token classes -> the theme's code colour variables (as Material maps them); the
# page's stylesheet tunes those for WCAG AA contrast in both themes.
_TOKENS = {
    "operator": "o ow", "punctuation": "p", "string": "cpf l s s1 s2 sb sc si ss",
    "special": "cp se sh sr sx", "number": "il m mb mf mh mi mo", "keyword": "k kd kn kp kr kt nd ni nl nt",
    "name": "kc n", "constant": "bp nb no", "function": "nc ne nf nn", "comment": "c c1 ch cm cs sd",
    "variable": "na nv vc vg vi", "generic": "ge gh go gp gr gs gt gu",
}
_SCOPE = ".md-typeset .jupyter-wrapper .highlight-ipynb"
NOTEBOOK_CSS = "\n".join([
    "<style>",
    "/* Notebook code in the colours of the book's own code blocks. */",
    f"{_SCOPE}, {_SCOPE} pre {{ background-color: var(--md-code-bg-color); color: var(--md-code-fg-color); }}",
    *(f"{', '.join(f'{_SCOPE} .{t}' for t in tokens.split())} {{ color: var(--md-code-hl-{kind}-color); }}"
      for kind, tokens in _TOKENS.items()),
    ".md-typeset .jupyter-wrapper .jp-Notebook { --jp-cell-editor-background: var(--md-code-bg-color); }",
    "</style>",
])
# A figure's <img>: its data URI becomes a file, and the image a link to that file (as the
# chapters' figures are), to open alone and zoom on a phone.
_FIGURE_IMG = re.compile(r"<img\b[^>]*?" + DATA_SVG.pattern + r"[^>]*>")
_HREF = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#|/)([^"#]+\.md)(#[^"]*)?"', re.I)
_HEADING = re.compile(r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">', re.S)


def heading_anchors(nb) -> list[str]:
    """The anchors of a notebook's headings, in order, as Python-Markdown's toc makes them (which
    is how a lab's page and its table of contents name them).

    >>> import nbformat
    >>> heading_anchors(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lab: a\\n\\n## Goal")]))
    ['lab-a', 'goal']
    """
    import markdown

    md = markdown.Markdown(extensions=["toc"])
    md.convert("\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))

    def walk(tokens):
        for token in tokens:
            yield token["id"]
            yield from walk(token["children"])

    return list(walk(md.toc_tokens))


def with_anchors(html_text: str, anchors: list[str]) -> str:
    """The page's headings (and their ¶ links) with ``anchors``, in order; ValueError if the
    page has a different number of headings."""
    found = len(_HEADING.findall(html_text))
    if found != len(anchors):
        raise ValueError(f"{found} headings, but {len(anchors)} anchors to give them")
    given = iter(anchors)

    def heading(m: re.Match) -> str:
        anchor = next(given)
        return f'<h{m[1]} id="{anchor}">{m[2]}<a class="anchor-link" href="#{anchor}">'

    return _HEADING.sub(heading, html_text)


def _linked_figure(m: re.Match, url_of: Callable[[str], str]) -> str:
    src = url_of(figure_uri(m[1])) + m[2]
    img = DATA_SVG.sub(lambda _: f'src="{src}" loading="lazy"', m[0])
    return f'<a href="{src}">{img}</a>'


def _div_end(text: str, start: int) -> int:
    """Index just past the ``</div>`` closing the ``<div`` that opens at ``start``."""
    depth = 0
    for m in _TAG.finditer(text, start):
        depth += -1 if m[1] else 1
        if depth == 0:
            return m.end()
    raise ValueError("unbalanced <div>")


def drop_divs(text: str, start: re.Pattern) -> str:
    """Remove every ``<div>`` (with its content) whose opening tag matches ``start``."""
    out, pos = [], 0
    for m in start.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos : m.start()])
        pos = _div_end(text, m.start())
    out.append(text[pos:])
    return "".join(out)


def fold_answers(text: str, summary: str) -> str:
    """Fold the input of every answer cell into a collapsed ``<details>`` block."""
    out, pos = [], 0
    for m in _CELL_START.finditer(text):
        if m.start() < pos:
            continue
        cell_end = _div_end(text, m.start())
        inp = _INPUT_START.search(text, m.end(), cell_end)
        if not inp:
            continue
        inp_end = _div_end(text, inp.start())
        out.append(text[pos : inp.start()])
        out.append(f'<details class="success nb-answer"><summary>{summary}</summary>\n')
        out.append(text[inp.start() : inp_end])
        out.append("\n</details>")
        pos = inp_end
    out.append(text[pos:])
    return "".join(out)


def typeset_math(text: str) -> str:
    """``$...$`` and ``$$...$$`` in Markdown cells, marked up like pymdownx.arithmatex does."""

    def cell(m: re.Match) -> str:
        body = _DISPLAY_MATH.sub(lambda d: f'<div class="arithmatex" tabindex="0">\\[{d[2]}\\]</div>' if d[1] and d[3]
                                 else f'{d[1] or ""}<span class="arithmatex">\\[{d[2]}\\]</span>{d[3] or ""}', m[2])
        body = _INLINE_MATH.sub(lambda i: f'<span class="arithmatex">\\({i[1]}\\)</span>', body)
        return m[1] + body + m[3]

    return _MD_CELL.sub(cell, text)


_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
_LAB_CSS_SOURCE = cache.source_digest(Path(lab_css.__file__))


def shared_stylesheet(html_text: str, dest_uri: str, site_dir: Path) -> str:
    """Move the page's ``<style>`` blocks, cut to the rules the page can use (``book.lab_css``), into a
    stylesheet file named by its content (labs with the same classes share it); link it in their place."""
    styles = list(_STYLE.finditer(html_text))
    if not styles:
        return html_text
    classes = page_classes(html_text)

    def pruned() -> bytes:  # one block at a time: one cut short stays alone
        return "\n".join(prune(m[1], classes) for m in styles).encode("utf-8")

    # kept between builds: parsing the 0.6 MB sheet is a tenth of a warm build
    css = cache.kept(cache.LAB_CSS, pruned, _LAB_CSS_SOURCE, " ".join(sorted(classes)), *(m[1] for m in styles))
    uri = f"assets/stylesheets/jupyter-{hashlib.sha256(css).hexdigest()[:12]}.css"
    path = site_dir / uri
    if not path.exists():  # written once per build for the labs that share it
        write_atomically(path, css)
    href = posixpath.relpath(uri, posixpath.dirname(dest_uri) or ".")
    at = styles[0].start()  # the link goes where the first <style> was, so the cascade order stays
    return html_text[:at] + f'<link rel="stylesheet" href="{href}">\n' + _STYLE.sub("", html_text[at:])


def relink(html_text: str, src_uri: str, url_of: Callable[[str], str | None]) -> str:
    """Links to chapters (``../page.md#x``) through ``url_of(docs uri)``; an unknown target is left as it is."""

    def link(m: re.Match) -> str:
        url = url_of(posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), m[1])))
        return m[0] if url is None else f'href="{url}{m[2] or ""}"'

    return _HREF.sub(link, html_text)


def under_title(html_text: str, para: str) -> str:
    """``para`` after the cell that holds the page's ``<h1>`` (between cells), or first."""
    end = html_text.find("</h1>")
    if end < 0:
        return para + html_text
    cell = html_text.rfind('<div class="jp-Cell ', 0, end)
    cut = _div_end(html_text, cell) if cell >= 0 else end + len("</h1>")
    return html_text[:cut] + para + html_text[cut:]


def lab_page(html_text: str, *, src_uri: str, dest_uri: str, site_dir: Path, answer: str,
             url_of: Callable[[str], str | None], links: str, anchors: list[str] | None = None) -> str:
    """The whole rewrite of one lab page; ``url_of`` gives a docs uri's URL from this page, or None;
    ``anchors``, the ids its headings take (a translation's: its English lab's)."""
    html_text = _MERMAID.sub("", _MATHJAX.sub("", html_text))
    if anchors is not None:
        html_text = with_anchors(html_text, anchors)
    html_text = drop_divs(html_text, _TOOLBAR)  # cell tags are for Jupyter, not for readers
    html_text = fold_answers(html_text, answer)
    html_text = typeset_math(html_text)
    html_text = relink(html_text, src_uri, url_of)
    html_text = _FIGURE_IMG.sub(lambda m: _linked_figure(m, url_of), html_text)
    html_text = shared_stylesheet(html_text, dest_uri, site_dir)
    html_text = _CODE_DIV.sub('<div tabindex="0" class="highlight-ipynb', html_text)
    html_text = _OUTPUT_PRE.sub(r'\1<pre tabindex="0">', html_text) + NOTEBOOK_CSS
    return under_title(html_text, links)
