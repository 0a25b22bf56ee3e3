"""A chapter as a notebook: its prose as Markdown cells, each runnable block as a code cell.

The blocks are found by ``book.pages.parse_page``, so the notebook, the build
and the tests agree on what a page's code is. A setup cell that imports
``lessons`` comes before the first code cell. Admonitions, collapsed blocks
and tabs become bold titles; links to other chapters become absolute links
to the site (when its URL is known) or plain text. :func:`chapter_downloads`
keeps what a page's notebook came to (its download files) in the cache: an
unchanged page is not converted again.
"""

from __future__ import annotations

import doctest
import json
import posixpath
import re
from pathlib import Path

import nbformat

from book import cache
from book.language import edition_prefix, language, untranslated, words
from book.notebook_files import SETUP_TAG, download_files, new_notebook, setup_source
from book.pages import FENCE_OPEN, Block, parse_page

_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?|===[+!]?)[ \t]*(?P<kind>[\w-]*)[ \t]*(?:"(?P<title>[^"]*)")?[ \t]*$')
_LINK = re.compile(r'(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<href>[^)\s]+)(?:\s+"[^"]*")?\)')
_ATTRS = re.compile(r'(?<![\\$])\{:?[ \t]*[.#][^}\n]*\}|(?<![\\$])\{:?[ \t]*[\w-]+=(?:"[^"\n]*"|\'[^\'\n]*\')[^}\n]*\}')
_ABBR = re.compile(r"^\*\[[^\]]+\]:")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _page_url(target: str, use_directory_urls: bool) -> str:
    """Site URL (relative to the site root) of a docs page ``target`` (a ``.md`` path)."""
    stem = target[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _rewrite_links(text: str, page_uri: str, site_url: str | None, use_directory_urls: bool) -> str:
    """Links between pages work on the site, not in a notebook: make them absolute or plain."""

    def fix(m: re.Match) -> str:
        href = m["href"]
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            return m[0]  # http:, https:, mailto: ...
        path, _, anchor = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), path)) if path else page_uri
        if not site_url or not target.endswith(".md"):
            return m["text"]
        url = site_url.rstrip("/") + "/" + edition_prefix(language(page_uri)) + \
            _page_url(untranslated(target), use_directory_urls)  # an edition lives under LOCALE/
        return f"[{m['text']}]({url}{'#' + anchor if anchor else ''})"

    return _LINK.sub(fix, text)


def _markdown_segments(text: str, blocks: list[Block]) -> list[tuple[str, object]]:
    """Split a page into ``("md", text)`` and ``("code", Block)`` items, in order.

    Admonitions, collapsed blocks and content tabs become a bold title with
    their content dedented; a Markdown segment that starts inside a list item
    or an admonition (after a code block) is dedented so it does not read as
    an indented code block.
    """
    lines = text.splitlines()
    starts = {b.line - 1: b for b in blocks}
    out: list[tuple[str, object]] = []
    current: list[str] = []
    stack: list[int] = []  # indents of the admonition markers we are inside

    def flush() -> None:
        if not any(ln.strip() for ln in current):
            current.clear()
            return
        body = list(current)
        first_flat = next((i for i, ln in enumerate(body) if ln.strip() and _indent(ln) == 0), len(body))
        lead = [ln for ln in body[:first_flat] if ln.strip()]
        if lead:
            cut = min(_indent(ln) for ln in lead)
            body[:first_flat] = [ln[cut:] if ln.strip() else "" for ln in body[:first_flat]]
        out.append(("md", "\n".join(body).strip("\n")))
        current.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip():
            while stack and _indent(line) <= stack[-1]:
                stack.pop()
        cut = 4 * len(stack)
        shown = line[min(cut, _indent(line)):] if line.strip() else ""
        if i in starts:
            block = starts[i]
            flush()
            out.append(("code", block))
            i = block.end_line
            continue
        m = FENCE_OPEN.match(line)
        if m:  # a fence that is not Python: keep it as it is
            fence = m["fence"]
            close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            current.append(shown)
            i += 1
            while i < len(lines):
                current.append(lines[i][min(cut, _indent(lines[i])):])
                if close.match(lines[i]):
                    break
                i += 1
            i += 1
            continue
        a = _ADMONITION.match(line)
        if a and (a["kind"] or a["title"] is not None):
            title = a["title"] if a["title"] is not None else a["kind"].replace("-", " ").capitalize()
            if title.strip():
                current.append(" " * (_indent(line) - cut) + f"**{title.strip()}**")
                current.append("")
            stack.append(_indent(line))
        elif not _ABBR.match(shown):
            current.append(shown)
        i += 1
    flush()
    return out


def _doctest_cell(block: Block) -> tuple[str, str | None, bool]:
    """A doctest as code without prompts; the expected output when a notebook would hide part of it."""
    examples = doctest.DocTestParser().get_examples(block.code, block.where())
    source, wants, raises = [], [], False
    for ex in examples:
        if ex.options.get(doctest.SKIP):
            source.append("".join(f"# {ln}\n" for ln in ex.source.splitlines()))
            continue
        source.append(ex.source)
        if ex.exc_msg is not None:
            raises = True
        if ex.want:
            wants.append(ex)
    shown = [ex for ex in wants if ex is not examples[-1]]  # a notebook displays only the last value
    expected = "".join(ex.want for ex in wants) if shown else None
    return "".join(source).rstrip("\n"), expected, raises


def explored(block: Block) -> str:
    """For an explorable figure, the line that sets its parameter (the page's first frame); else ``""``.

    On the page a control picks the value; in a notebook the reader edits it.

    >>> explored(parse_page('```{ .python .figure #f alt="a" caption="c" explore="k=1..3" start="2" }\\nx\\n```')[0])
    'k = 2  # k in (1, 2, 3): change it and run the cell again\\n'
    """
    explore = block.explore
    if explore is None:
        return ""
    return f"{explore.name} = {explore.default}  # {explore.name} in ({', '.join(explore.values)}): " \
           "change it and run the cell again\n"


def chapter_notebook(text: str, page_uri: str, *, site_url: str | None = None,
                     use_directory_urls: bool = True) -> nbformat.NotebookNode | None:
    """The notebook of one chapter page, or None when the page has no runnable block.

    One code cell per runnable block (in page order), plus the setup cell
    before the first one.

    >>> page = "# T\\n\\nSome prose.\\n\\n```python\\n>>> 1 + 1\\n2\\n```\\n"
    >>> nb = chapter_notebook(page, "t.md")
    >>> [(c.cell_type, c.source.splitlines()[0]) for c in nb.cells]
    [('markdown', '# T'), ('code', "# Setup: the code calls the book's small package `lessons` (numpy and matplotlib only)."), ('code', '1 + 1')]
    """
    label = f"docs/{page_uri}"
    blocks = parse_page(text, label)
    if not any(b.skip_reason is None for b in blocks):
        return None
    added = words(language(page_uri))
    if text.startswith("---\n"):  # front matter: not for the notebook
        end = text.find("\n---\n", 4)
        if end > 0:
            blanks = "\n" * text.count("\n", 0, end + 5)
            text = blanks + text[end + 5 :]  # keep line numbers
    cells: list = []
    setup_done = False
    for kind, item in _markdown_segments(text, blocks):
        if kind == "md":
            md = _rewrite_links(item, page_uri, site_url, use_directory_urls)
            md = _ATTRS.sub("", md)
            if not cells and md.startswith("# "):
                title, _, rest = md.partition("\n")
                md = title + "\n\n" + added["intro"] + ("\n" + rest if rest.strip() else "")
            cells.append(nbformat.v4.new_markdown_cell(md))
            continue
        block: Block = item
        if block.skip_reason is not None:
            cells.append(nbformat.v4.new_markdown_cell(
                f"```python\n{block.code.rstrip()}\n```\n\n*{added['not_run']}: {block.skip_reason}*"))
            continue
        if not setup_done:
            cells.append(nbformat.v4.new_code_cell(setup_source(language(page_uri), site_url),
                                                   metadata={"tags": [SETUP_TAG]}))
            setup_done = True
        if block.is_doctest:
            source, expected, raises = _doctest_cell(block)
            cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": ["raises-exception"]} if raises else {}))
            if expected:
                cells.append(nbformat.v4.new_markdown_cell(f"{added['expected']}\n\n```text\n{expected.rstrip()}\n```"))
        else:
            cells.append(nbformat.v4.new_code_cell(explored(block) + block.code.rstrip("\n")))
        if block.figure:
            cells.append(nbformat.v4.new_markdown_cell(f"**{added['figure']}** {block.attrs['caption']}"))
    return new_notebook(cells)


def chapter_downloads(text: str, page_uri: str, uri: str, *, site_url: str | None = None,
                      use_directory_urls: bool = True, sources: bytes | None = None) -> dict[str, Path] | None:
    """The downloads of a chapter page's notebook, offered as ``uri`` (``download_files``: site uri -> file in
    the cache), or None when the page has no runnable block.

    Kept in the cache (``book.cache.kept``) by the page, ``uri``, the site's URL settings and all the
    notebook's sources (``notebook_sources()``, or ``sources`` if a build has read them already); made
    again when a file it names has left the cache.
    """
    parts = (sources or notebook_sources(), text, page_uri, uri, str(site_url), str(use_directory_urls))

    def make() -> bytes:
        nb = chapter_notebook(text, page_uri, site_url=site_url, use_directory_urls=use_directory_urls)
        return json.dumps(None if nb is None else {k: str(v) for k, v in download_files(nb, uri).items()}).encode()

    made = json.loads(cache.kept(cache.NOTEBOOKS, make, *parts))
    if made is not None and not all(Path(f).exists() for f in made.values()):
        made = json.loads(make())  # the same content-named files, saved again
    return None if made is None else {k: Path(f) for k, f in made.items()}


def notebook_sources() -> bytes:
    """What a chapter's notebook depends on besides its page: the build's tooling and words (``book/``),
    the editions (``mkdocs.yml``), nbformat, which writes it, and the ``lessons`` wheel each .zip holds
    (named by its folder in the cache, which is keyed by its sources)."""
    from book.package import distributions

    book = cache.PROJECT / "book"
    words_files = sorted((book / "terms").glob("*.toml"))
    return cache.source_digest(book) + b"".join(p.read_bytes() for p in words_files) + \
        (cache.PROJECT / "mkdocs.yml").read_bytes() + nbformat.__version__.encode() + b"".join(
            f"{p.parent.name}/{p.name}".encode() for p in distributions())
