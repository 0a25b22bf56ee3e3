"""A build links the book's PDF from the preface only while it shows the sources being built."""

from __future__ import annotations

import pytest

from book import pdf_cache
from tests.helpers import mkdocs_build, scratch_book

pytestmark = pytest.mark.site


def test_a_current_pdf_is_served_and_linked_a_stale_one_left_out(tmp_path, monkeypatch):
    config = scratch_book(tmp_path, "# Preface\n\nThe book.\n", hooks=("page_code.py", "pdf.py"))
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    monkeypatch.setenv("BOOK_CACHE", str(cache))
    printed = tmp_path / "why-deep.pdf"
    printed.write_bytes(b"%PDF-1.7 a printed book")
    pdf_cache.keep(printed, pdf_cache.sources_digest(config, docs), pages=3)

    proc = mkdocs_build(config, tmp_path / "site", cache)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "pdf" / "why-deep.pdf").read_bytes() == printed.read_bytes()
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<a download href="pdf/why-deep.pdf">' in home and "(3 pages, 0.0 MB)" in home

    (docs / "index.md").write_text("# Preface\n\nThe book, edited.\n")
    proc = mkdocs_build(config, tmp_path / "site", cache)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "site" / "pdf").exists(), "a PDF of other sources is served"
    assert "why-deep.pdf" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
