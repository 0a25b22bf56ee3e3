"""Shared pieces of the site tests: paths and a mkdocs runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def mkdocs_build(config: Path, site: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` with its own cache root; never raises."""
    env = {**os.environ, "BOOK_CACHE": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )


def scratch_book(tmp_path: Path, page: str) -> Path:
    """A one-page book in ``tmp_path`` with the page hook only; returns its mkdocs.yml."""
    import textwrap

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(textwrap.dedent(page))
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\ndocs_dir: {docs}\nhooks:\n  - {ROOT / 'hooks' / 'page_code.py'}\n"
                      "markdown_extensions:\n  - attr_list\n  - md_in_html\n")
    return config
