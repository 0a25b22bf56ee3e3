"""MkDocs hook: the book's PDFs, when ``make pdf`` printed them from these sources (``book.pdf_cache``).

Each current PDF becomes a file of the site (``pdf/why-deep.pdf``, …), and
the preface of its edition links it under the title. A PDF printed from
other sources is left out, never offered stale.
"""

from __future__ import annotations

import posixpath
import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book import download_links, pdf_cache  # noqa: E402
from book.language import edition_dir, page_language, words  # noqa: E402
from book.pdf import editions  # noqa: E402

_current: dict[str, tuple[Path, dict]] = {}  # edition folder -> (kept PDF, its note)


@event_priority(-100)  # after mkdocs-static-i18n has placed the edition's files: the PDFs stay at pdf/
def on_files(files, config):
    digest = pdf_cache.sources_digest(Path(config.config_file_path), Path(config.docs_dir))
    _current.clear()
    for folder, name, _ in editions():
        kept = pdf_cache.current(name, digest)
        if kept:
            _current[folder] = kept
            files.append(File.generated(config, f"pdf/{name}", abs_src_path=str(kept[0])))
    return files


def on_page_markdown(markdown, page, config, files):
    """The edition's PDF, linked under the title of its home page (the preface)."""
    edition = edition_dir(config.plugins.get("i18n"))
    if page.url != edition or edition not in _current:
        return markdown
    path, note = _current[edition]
    added = words(page_language(page.file.src_uri, page.url))
    href = posixpath.relpath(f"pdf/{path.name}", posixpath.dirname(page.file.src_uri) or ".")
    size = added["pdf_size"].format(pages=note["pages"], mb=note["bytes"] / 1e6)
    icon = download_links.icon("material/file-pdf-box.svg")
    return download_links.under_title(markdown, f"[{icon} {added['pdf']}]({href}){{ download }} {size}\n{{ .nb-links }}")
