"""MkDocs hook: work that every edition's build would do again, done once.

- The theme's templates, compiled once: each edition's build makes a new
  Jinja environment, which would compile every template it renders again
  (Material's ``main.html`` pulls in some eighty partials). ``on_env`` gives
  each environment one bytecode cache, under the build's cache root
  (``book.cache``); Jinja checks each template's source against the cached
  code, so an edited override is compiled again.
- Each code block highlighted once: the editions share their code, and
  Pygments took a sixth of a warm build colouring the same blocks three
  times. ``on_config`` puts :func:`book.highlight.remembered` in front of the
  Pygments call that pymdownx's highlighter makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pymdownx.highlight
from jinja2 import FileSystemBytecodeCache

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book import cache  # noqa: E402
from book.highlight import remembered  # noqa: E402


def on_config(config):
    if not getattr(pymdownx.highlight.highlight, "remembered", False):
        pymdownx.highlight.highlight = remembered(pymdownx.highlight.highlight)
    return config


def on_env(env, config, files):
    folder = cache.path(cache.TEMPLATES)
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
