#!/usr/bin/env python3
"""List every external URL in the built site, with the pages that use it.

    python tools/check_external_links.py [SITE_DIR]            # list them
    python tools/check_external_links.py --check [SITE_DIR]    # and try each one

With ``--check`` every URL gets a HEAD request (a GET when the server refuses
HEAD) with a short timeout; the exit status is 1 if any failed. The network
makes this slow and flaky, so the tests never run it: run it by hand
(``make links``) before a release. SITE_DIR defaults to ``site``.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project root, for `book`

from book.site_html import PageHtml  # noqa: E402 - after the path is set

EXTERNAL = ("http://", "https://", "//")
NOT_A_LINK = {"canonical", "alternate"}  # <link rel> naming this site itself
USER_AGENT = "Mozilla/5.0 (compatible; link check of a static textbook)"


def external_urls(site: Path) -> dict[str, list[str]]:
    """URL -> the pages (site-relative paths) that use it, both sorted."""
    pages = defaultdict(set)
    for page in sorted(site.rglob("*.html")):
        for tag, _, rel, url in PageHtml(page.read_text(encoding="utf-8")).urls:
            if tag == "link" and NOT_A_LINK & set(rel.split()):
                continue
            if url.lower().startswith(EXTERNAL):
                pages[url].add(page.relative_to(site).as_posix())
    return {url: sorted(pages[url]) for url in sorted(pages)}


def check(url: str, timeout: float) -> str | None:
    """None if the URL answers, else what went wrong."""
    if url.startswith("//"):
        url = "https:" + url
    last = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if response.status < 400:
                    return None
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as err:
            last = f"HTTP {err.code}"
            if err.code not in (403, 405, 501):  # only these may mean "no HEAD here"
                return last
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            return str(getattr(err, "reason", err))
    return last


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path, help="the built site (default: site)")
    parser.add_argument("--check", action="store_true", help="request every URL (needs the network)")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per request (default: 5)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        parser.error(f"{args.site} holds no built site: run `make site` first")

    urls = external_urls(args.site)
    if not args.check:
        for url, pages in urls.items():
            print(url)
            for page in pages:
                print(f"    {page}")
        print(f"{len(urls)} external URL(s)", file=sys.stderr)
        return 0

    with ThreadPoolExecutor(8) as pool:
        results = dict(zip(urls, pool.map(lambda u: check(u, args.timeout), urls)))
    failed = {url: why for url, why in results.items() if why}
    for url, why in results.items():
        print(f"{'ok  ' if why is None else 'FAIL'} {url}" + (f"  ({why})" if why else ""))
        if why:
            for page in urls[url]:
                print(f"       on {page}")
    print(f"{len(urls)} external URL(s), {len(failed)} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
