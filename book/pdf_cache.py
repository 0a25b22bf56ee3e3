"""The book's PDFs between builds: kept with the digest of the sources they were printed from.

``make pdf`` prints the PDFs from a built site and keeps each here (``pdf/``
in the cache root) with a note of the sources and its page count. A later
build of the same sources puts the PDFs into the site and links them from
the preface (``hooks/pdf.py``); once a chapter, ``lessons`` or the build
changes, the kept PDF no longer shows what the site shows, and the build
leaves it out rather than offer a stale book.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from book import cache


def sources_digest(config_file: Path, docs: Path) -> str:
    """A digest of everything a PDF shows: the pages (every file under ``docs``), the config, and the
    Python of ``lessons``, the build and its hooks."""
    h = hashlib.sha256(cache.source_digest(cache.LESSONS, cache.PROJECT / "book", cache.PROJECT / "hooks"))
    for path in [config_file, *sorted(p for p in docs.rglob("*") if p.is_file())]:
        name = path.relative_to(docs).as_posix() if path != config_file else "mkdocs.yml"
        h.update(name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:20]


def keep(pdf: Path, digest: str, pages: int) -> Path:
    """Keep the printed ``pdf`` (named as the site serves it) for builds of the sources ``digest``."""
    kept = cache.path(cache.PDF) / pdf.name
    cache.write_atomically(kept, pdf.read_bytes())
    note = {"sources": digest, "pages": pages, "bytes": kept.stat().st_size}
    cache.write_atomically(kept.with_name(kept.name + ".json"), json.dumps(note).encode())
    return kept


def current(name: str, digest: str) -> tuple[Path, dict] | None:
    """The kept PDF ``name`` and its note, if it was printed from the sources ``digest``; else None."""
    kept = cache.path(cache.PDF) / name
    try:
        note = json.loads(kept.with_name(name + ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (kept, note) if note.get("sources") == digest and kept.exists() else None
