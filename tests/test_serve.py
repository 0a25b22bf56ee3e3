"""Under ``mkdocs serve``, a block that raises shows on the page, and fixing it brings the page back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.helpers import scratch_book

BROKEN = """\
# Served

```{ .python .figure #f alt="a line" caption="c" }
import matplotlib.pyplot as plt
plt.plot([0, 1])
1 / 0
```
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_when(url: str, wanted: str, timeout: float = 120, without: str | None = None) -> str:
    """The page at ``url`` once it holds ``wanted`` and not ``without`` (the server rebuilds in the background)."""
    deadline, last = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                last = answer.read().decode("utf-8")
            if wanted in last and (without is None or without not in last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {wanted!r} without {without!r}; last:\n{last[-1500:]}")


def test_a_failing_block_shows_on_the_page_and_the_fix_reloads_it(tmp_path):
    config = scratch_book(tmp_path, BROKEN)
    port = free_port()
    env = {**os.environ, "BOOK_CACHE": str(tmp_path / "cache"), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config),
                               "--dev-addr", f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        page = page_when(f"http://127.0.0.1:{port}/", "This page's code failed")
        assert "Fix docs/index.md at line 3" in page and "ZeroDivisionError: division by zero" in page
        assert 'role="alert"' in page
        (tmp_path / "docs" / "index.md").write_text(BROKEN.replace("1 / 0\n", ""))
        page = page_when(f"http://127.0.0.1:{port}/", 'src="figures/index/f.svg#only-light"', without="code failed")
        assert "ZeroDivisionError" not in page
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "docs/index.md:3: this block raised" in err, "the terminal says it too"


def test_a_build_still_fails_hard(tmp_path):
    config = scratch_book(tmp_path, BROKEN)
    env = {**os.environ, "BOOK_CACHE": str(tmp_path / "cache"), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d",
                           str(tmp_path / "site")], env=env, capture_output=True, text=True)
    assert proc.returncode != 0 and "docs/index.md:3: this block raised" in proc.stderr
    assert not (tmp_path / "site" / "index.html").exists()
