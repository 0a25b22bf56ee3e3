"""The links under a chapter's or a lab's title: download the notebook (.zip with the book's
package, or the .ipynb alone), open it in Colab."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import material

from book.pages import FENCE_OPEN

ICONS = Path(material.__file__).parent / "templates" / ".icons"


def github_repo(repo_url: str | None) -> str | None:
    """``OWNER/REPO`` when ``repo_url`` is a GitHub repository, else None.

    >>> github_repo("https://github.com/someone/why-deep.git"), github_repo("https://gitlab.com/a/b")
    ('someone/why-deep', None)
    """
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    path = [p for p in parts.path.split("/") if p]
    if parts.netloc.lower() not in ("github.com", "www.github.com") or len(path) < 2:
        return None
    return f"{path[0]}/{path[1].removesuffix('.git')}"


def colab_url(repo: str, notebook_uri: str) -> str:
    """Colab opens a notebook from a GitHub path; the site lives on ``gh-pages``."""
    return f"https://colab.research.google.com/github/{repo}/blob/gh-pages/{notebook_uri}"


def icon(name: str) -> str:
    return f'<span class="twemoji">{(ICONS / name).read_text(encoding="utf-8").strip()}</span>'


def _zip(notebook: str) -> str:
    return notebook[: -len(".ipynb")] + ".zip"  # as book.notebook_files.download_files names it


def _links(href: str, uri: str, words: dict, kind: str, repo_url: str | None, link) -> str:
    """The links as ``link(text, href, download name or None)`` makes them, joined by dots."""
    name = posixpath.basename(uri)
    parts = [link(f'{icon("material/download.svg")} {words[kind]} {words["zip"]}', _zip(href), _zip(name)),
             link(words["ipynb"], href, name)]
    repo = github_repo(repo_url)
    if repo:
        parts.append(link(f'{icon("simple/googlecolab.svg")} {words["colab"]}', colab_url(repo, uri), None))
    return " · ".join(parts)


def links_markdown(href: str, uri: str, words: dict, repo_url: str | None) -> str:
    """A chapter's links (``href``: its notebook from the page), as a paragraph placed under its title."""

    def link(text, to, name):
        return f"[{text}]({to})" + (f'{{ download="{name}" }}' if name else "")

    return _links(href, uri, words, "download_chapter", repo_url, link) + "\n{ .nb-links }"


def links_html(href: str, uri: str, words: dict, repo_url: str | None) -> str:
    """A lab's links, as the HTML paragraph placed under its title."""

    def link(text, to, name):
        return f'<a href="{to}"' + (f' download="{name}"' if name else "") + f">{text}</a>"

    return f'<p class="nb-links">{_links(href, uri, words, "download_lab", repo_url, link)}</p>'


def under_title(markdown: str, line: str) -> str:
    """``markdown`` with ``line`` as its own paragraph right under the ``# `` title (or at the top)."""
    lines = markdown.split("\n")
    at = 0
    for n, ln in enumerate(lines):
        if FENCE_OPEN.match(ln):
            break
        if ln.startswith("# "):
            at = n + 1
            break
    lines[at:at] = ["", line, ""]
    return "\n".join(lines)
