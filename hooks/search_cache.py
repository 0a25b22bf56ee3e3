"""MkDocs hook: remember how jieba segmented each run of Chinese text.

Material's search plugin segments every run of Han characters with jieba,
and jieba spends about a second loading its dictionary on first use. With
the segmentations kept in ``.cache/jieba.json``, a build whose Chinese text
did not change never loads jieba at all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import material.plugins.search.plugin as search

ROOT = Path(__file__).resolve().parent.parent


class CachedJieba:
    """Stands in for the ``jieba`` module inside Material's search plugin."""

    def __init__(self, real, path: Path):
        self.real, self.path, self.dirty = real, path, False
        try:
            self.cuts: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.cuts = {}

    def cut(self, value, *args, **kwargs):
        text = value.decode("utf-8") if isinstance(value, bytes) else value
        if args or kwargs:  # other modes are not cached
            return self.real.cut(value, *args, **kwargs)
        if text not in self.cuts:
            self.cuts[text] = list(self.real.cut(text))
            self.dirty = True
        return self.cuts[text]

    def save(self) -> None:
        if self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.cuts, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            self.dirty = False

    def __getattr__(self, name):  # set_dictionary, load_userdict, ...
        return getattr(self.real, name)


def on_config(config):
    if search.jieba is not None and not isinstance(search.jieba, CachedJieba):
        cache = Path(os.environ.get("SEARCH_CACHE", ROOT / ".cache" / "jieba.json"))
        search.jieba = CachedJieba(search.jieba, cache)
    return config


def on_post_build(config):
    if isinstance(search.jieba, CachedJieba):
        search.jieba.save()
