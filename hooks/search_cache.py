"""MkDocs hook: Material's search segments Chinese with a cached jieba (``book.jieba_cache``)."""

from __future__ import annotations

import sys
from pathlib import Path

import material.plugins.search.plugin as search

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book import cache  # noqa: E402
from book.jieba_cache import CachedJieba  # noqa: E402


def on_config(config):
    if search.jieba is not None and not isinstance(search.jieba, CachedJieba):
        search.jieba = CachedJieba(search.jieba, cache.path(cache.SEARCH))
    return config


def on_post_build(config):
    if isinstance(search.jieba, CachedJieba):
        search.jieba.save()
