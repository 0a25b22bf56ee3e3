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
