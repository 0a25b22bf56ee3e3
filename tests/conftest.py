"""Fixtures shared by the site and browser tests."""

from __future__ import annotations

import pytest
from filelock import FileLock

from tests.helpers import ROOT, SUBPATH_SITE_URL, mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id):
    """The whole book built once with --strict from an empty cache, under a sub-path (as GitHub Pages
    serves it: ``SUBPATH_SITE_URL``).

    Under pytest-xdist the workers share one build: the first to get here
    builds, the others wait for it and read it.
    """
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the run's folder, common to all workers
    out = shared / "build"
    with FileLock(str(shared / "build.lock")):
        log = out / "build.log"
        if not log.exists():
            proc = mkdocs_build(ROOT / "mkdocs.yml", out / "site", out / "cache", site_url=SUBPATH_SITE_URL)
            assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stderr[-6000:]}"
            log.write_text(proc.stderr, encoding="utf-8")
    return out / "site", out / "cache", log.read_text(encoding="utf-8")
