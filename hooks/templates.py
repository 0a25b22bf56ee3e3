"""MkDocs hook: the theme's templates compiled once, not once per edition and build.

Each edition's build makes a new Jinja environment, which compiles again
every template it renders: Material's ``main.html`` pulls in some eighty
partials. ``on_env`` gives each environment one bytecode cache, under the
build's cache root (``book.cache``), so a template is compiled the first time
it is used and then loaded. Jinja checks each template's source against the
cached code, so an edited override is compiled again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book import cache  # noqa: E402


def on_env(env, config, files):
    folder = cache.path(cache.TEMPLATES)
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
