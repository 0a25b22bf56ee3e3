"""Serve a built site the way GitHub Pages does: text compressed with gzip, cached for ten minutes.

    python benchmarks/gzip_server.py SITE [--port 8000]

``serve(site)`` runs the server on a free local port in a thread for as long
as its ``with`` block lasts. Each file is compressed once and kept, so the
server spends no CPU while a page is being measured.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import functools
import gzip
import io
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from book.serving import QuietHandler, QuietServer  # noqa: E402

# What GitHub Pages compresses: text, JSON, JavaScript and SVG; fonts and images are already compressed.
COMPRESSED = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")
MAX_AGE = 600  # GitHub Pages' Cache-Control: max-age=600


@functools.lru_cache(maxsize=4096)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)  # 6: zlib's default


class GzipHandler(QuietHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real host

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if (not path.is_file() or not ctype.startswith(COMPRESSED)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()  # directories without a slash, 404s, binary files
        stat = path.stat()
        body = _gzipped(str(path), stat.st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        super().end_headers()


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """The site served on 127.0.0.1 (a free port unless given) from a thread: its base URL, with a slash."""
    server = QuietServer(("127.0.0.1", port), functools.partial(GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="gzip-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args()
    with serve(args.site.resolve(), args.port) as url:
        print(f"serving {args.site} at {url} (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
