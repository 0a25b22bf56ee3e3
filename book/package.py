"""``lessons`` as the files the site offers: a wheel and an sdist, built offline, cached.

A reader with only the website installs ``lessons`` from the wheel that comes
with each notebook (``book.downloads``). The distributions are built from a
copy of what they contain (``pyproject.toml``, ``LICENSE``, ``lessons/``) with
setuptools' own build backend and no network, and kept in the cache under a
key of those files; ``SOURCE_DATE_EPOCH`` is fixed so the same sources give
the same bytes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from book import cache

SOURCES = ["pyproject.toml", "LICENSE", "lessons"]
_BUILD = ("from setuptools import build_meta as b; import sys; out = sys.argv[1]; "
          "b.build_sdist(out); b.build_wheel(out)")  # the backend rewrites sys.argv


def metadata() -> dict:
    """The ``[project]`` table of ``pyproject.toml``: name, version, ..."""
    return tomllib.loads((cache.PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def wheel_name() -> str:
    """The wheel's file name, as pip expects it.

    >>> wheel_name().startswith("why_deep_lessons-") and wheel_name().endswith("-py3-none-any.whl")
    True
    """
    meta = metadata()
    return f"{meta['name'].replace('-', '_')}-{meta['version']}-py3-none-any.whl"


def copy_sources(into: Path) -> None:
    """Copy what the distributions are built from (``SOURCES``) into the folder ``into``."""
    for name in SOURCES:
        src = cache.PROJECT / name
        if src.is_dir():
            shutil.copytree(src, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, into / name)


def distributions() -> list[Path]:
    """The sdist and the wheel of ``lessons`` (built once per version of their sources)."""
    digest = cache.source_digest(cache.LESSONS) + b"".join(
        (cache.PROJECT / n).read_bytes() for n in SOURCES if n != "lessons")
    folder = cache.path(cache.DIST) / cache.key(digest, (cache.LESSONS / "README.md").read_bytes())
    if not folder.exists():
        with tempfile.TemporaryDirectory(prefix="dist.") as tmp:
            work, out = Path(tmp) / "src", Path(tmp) / "out"
            work.mkdir()
            copy_sources(work)
            proc = subprocess.run([sys.executable, "-c", _BUILD, str(out)], cwd=work, capture_output=True,
                                  text=True, env={"PATH": "", "SOURCE_DATE_EPOCH": "1767225600", "HOME": tmp})
            if proc.returncode != 0:
                raise RuntimeError(f"building the lessons wheel failed:\n{proc.stderr[-3000:]}")
            shutil.copytree(out, folder, dirs_exist_ok=True)  # another build's copy has the same bytes
    found = sorted(folder.glob("*.tar.gz")) + sorted(folder.glob("*.whl"))
    if [p.name for p in found if p.suffix == ".whl"] != [wheel_name()]:
        raise RuntimeError(f"expected {wheel_name()} from the build, found {[p.name for p in found]}")
    return found
