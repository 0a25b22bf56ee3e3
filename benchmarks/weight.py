"""Weigh every page of a built site: its HTML plus the SVG figures it shows; print JSON.

    python benchmarks/weight.py SITE [--out FILE]

What all pages share (the theme's CSS, JavaScript and fonts, KaTeX) is a
one-time cost and not counted; the labs' Jupyter stylesheet, one file for
every lab, is weighed apart. The built HTML is read with ``book.site_html``,
the parser every tool that reads the site uses.
"""

from __future__ import annotations

import posixpath
import sys
from pathlib import Path
from urllib.parse import urlsplit

from timing import ROOT, arguments, emit

sys.path.insert(0, str(ROOT))
from book.site_html import PageHtml, html_pages, page_path  # noqa: E402


def figures(site: Path, html: Path) -> set[str]:
    """The site's SVG files (relative to ``site``) that the page's images show."""
    page = PageHtml(html.read_text(encoding="utf-8", errors="replace"))
    folder = html.parent.relative_to(site).as_posix()
    found = set()
    for tag, _attr, _rel, url in page.urls:
        parts = urlsplit(url)
        if tag != "img" or parts.scheme or parts.netloc or parts.path.startswith("/"):
            continue
        if parts.path.endswith(".svg"):
            target = posixpath.normpath(posixpath.join(folder, parts.path))
            if (site / target).is_file():
                found.add(target)
    return found


def weigh(site: Path) -> dict:
    rows = []
    for html in html_pages(site):
        if html.relative_to(site).as_posix() == "404.html":
            continue
        svgs = figures(site, html)
        rows.append({"url": "/" + page_path(site, html), "html_kb": html.stat().st_size / 1024,
                     "svgs": len(svgs), "svg_kb": sum((site / s).stat().st_size for s in svgs) / 1024})
    lab_css = sorted(site.glob("assets/stylesheets/jupyter-*.css"))
    return {"pages": rows, "lab_css_kb": sum(p.stat().st_size for p in lab_css) / 1024 if lab_css else None}


def main(argv: list[str] | None = None) -> int:
    ap = arguments(__doc__)
    ap.add_argument("site", type=Path, help="a built site")
    args = ap.parse_args(argv)
    emit(weigh(args.site) if (args.site / "index.html").is_file() else {"pages": [], "reason": "no site"}, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
