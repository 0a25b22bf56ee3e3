"""A built site served on 127.0.0.1, quietly: for the tests, ``make pdf`` and the benchmarks."""

from __future__ import annotations

from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class QuietServer(ThreadingHTTPServer):
    """A threading server whose threads never keep the process alive, and that logs no dropped connection."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser closing a connection early is not an error of the site
