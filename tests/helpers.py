"""Shared pieces of the site tests: paths and a mkdocs runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


# The site as GitHub Pages serves a project: under a sub-path. The tests build it so, and the
# link and browser checks then show that nothing assumes the site sits at a host's root.
SUBPATH_SITE_URL = "http://127.0.0.1/why-deep/"


def mkdocs_build(config: Path, site: Path, cache: Path, *extra: str,
                 site_url: str | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` with its own cache root (and ``site_url``, if given); never raises."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL", "EDIT_URI")}
    env.update(BOOK_CACHE=str(cache), NO_MKDOCS_2_WARNING="1", **({"SITE_URL": site_url} if site_url else {}))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )


def book_config() -> dict:
    """mkdocs.yml as data; its ``!ENV`` values read as unset."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def listed_hook(name: str) -> Path:
    """The hook file ``name`` (e.g. ``page_code.py``) that mkdocs.yml lists, wherever it lives."""
    hooks = book_config().get("hooks", [])
    found = [ROOT / hook for hook in hooks if Path(hook).name == name]
    assert len(found) == 1, f"mkdocs.yml lists no single {name} hook: {hooks}"
    return found[0]


def scratch_book(tmp_path: Path, page: str, hooks: tuple[str, ...] = ("page_code.py",)) -> Path:
    """A one-page book in ``tmp_path`` with the book's ``hooks`` (the page hook only, by default);
    returns its mkdocs.yml."""
    import textwrap

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(textwrap.dedent(page))
    config = tmp_path / "mkdocs.yml"
    listed = "".join(f"  - {listed_hook(name)}\n" for name in hooks)
    config.write_text(f"site_name: t\ndocs_dir: {docs}\nhooks:\n{listed}"
                      "markdown_extensions:\n  - attr_list\n  - md_in_html\n")
    return config
