"""Fixtures shared by the site and browser tests."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT, mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The whole book built once with --strict from an empty figure cache."""
    out = tmp_path_factory.mktemp("build")
    proc = mkdocs_build(ROOT / "mkdocs.yml", out / "site", out / "cache")
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stderr[-6000:]}"
    return out / "site", out / "cache", proc.stderr
