"""``make pdf``'s tool on the test build: the English edition as one PDF.

Title page, contents and every page of the navigation but the contributors'
(at least one PDF page each), with bookmarks and a tagged structure; every
figure loaded (``book.pdf`` stops otherwise); links between chapters stay
inside the PDF and none points at the local server that served the site.
"""

from __future__ import annotations

import os
import re
import time

import pytest

from tests.browser.conftest import CHROMIUM

if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian package `chromium`)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the `playwright` package (the `test` extra)")

pytestmark = pytest.mark.browser


def test_english_pdf(chromium_browser, site_dir, tmp_path):
    from book import pdf

    server, base = pdf.serve(site_dir)
    try:
        start = time.perf_counter()
        out = tmp_path / "why-deep.pdf"
        chapters, pages = pdf.make_pdf(chromium_browser, base, site_dir, "", out, pdf.editions()[0][2],
                                       pdf.public_root(site_dir))
        seconds = time.perf_counter() - start
    finally:
        server.shutdown()
        server.server_close()
    data = out.read_bytes()
    nav = re.findall(r'<a href="([^"#]*)" class="md-nav__link', (site_dir / "index.html").read_text(encoding="utf-8"))
    listed = {h for h in nav if "contributing/" not in h}
    assert data.startswith(b"%PDF-")
    assert chapters == len(listed) >= 10, (chapters, sorted(listed))
    assert pages >= chapters + 2, f"{pages} PDF pages for {chapters} chapters, a title page and the contents"
    assert b"/Outlines" in data and b"/StructTreeRoot" in data, "no bookmarks or no tagged structure"
    assert len(re.findall(rb"/Subtype\s*/Link", data)) > len(re.findall(rb"/S\s*/URI", data)), "no internal links"
    port = base.rsplit(":", 1)[1].rstrip("/")
    assert f"127.0.0.1:{port}".encode() not in data, "a link points at the server that served the site"
    print(f"English PDF: {pages} pages in {seconds:.0f} s")
