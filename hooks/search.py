"""MkDocs hook: Material's search, per language and with Chinese segmentation kept.

``on_config``: the search plugin segments Chinese with a cached jieba
(``book.jieba_cache``) and keeps each page's entries between builds
(``book.search_index.remembered``). ``on_page_content``: printed outputs are left out
of the index. ``on_page_context``: the search reads each page without the
typeset formulas it skips (``book.search_index.Formulas``).
``on_post_page``: the pages of an edition other than the default look for
their own index. ``on_post_build``: once every edition is built, the one
index is split into one per language (``book.search_index``).
"""

from __future__ import annotations

import logging
import sys
from importlib.metadata import version
from pathlib import Path

import material.plugins.search.plugin as search
from mkdocs.plugins import CombinedEvent, event_priority

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book import cache  # noqa: E402
from book.jieba_cache import CachedJieba  # noqa: E402
from book.search_index import Formulas, language_base, remembered, split, without_outputs  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")


def on_config(config):
    if search.jieba is not None and not isinstance(search.jieba, CachedJieba):
        search.jieba = CachedJieba(search.jieba, cache.path(cache.SEARCH))
    if not getattr(search.SearchIndex.add_entry_from_context, "remembered", False):
        reader = "\n".join([version("mkdocs-material"), version("jieba") if search.jieba else ""]).encode()
        segmenter = cache.source_digest(Path(PROJECT) / "book" / "jieba_cache.py")
        search.SearchIndex.add_entry_from_context = remembered(search.SearchIndex.add_entry_from_context,
                                                               reader + segmenter)
    return config


def _editions(config) -> tuple[str | None, list[str], bool]:
    """The language being built, the non-default languages, and whether every edition is done."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return None, [], True
    others = [lang.locale for lang in i18n.config.languages if not lang.default and lang.build]
    current = i18n.current_language if i18n.current_language != i18n.default_language else None
    return current, others, not i18n.building


def on_page_content(html, page, config, files):
    return without_outputs(html)


_formulas = Formulas()


@event_priority(50)  # before Material's search reads the page (its on_page_context)
def _take_formulas(context, page, config, nav):
    page.content = _formulas.take(page.content)
    return context


@event_priority(-50)  # after it, before the page's template is rendered
def _put_back_formulas(context, page, config, nav):
    page.content = _formulas.put_back(page.content)
    return context


on_page_context = CombinedEvent(_take_formulas, _put_back_formulas)


def on_post_page(output, page, config):
    current, _, _ = _editions(config)
    return language_base(output, current) if current else output


@event_priority(-110)  # after mkdocs-static-i18n has built every edition and written the one index
def on_post_build(config):
    if isinstance(search.jieba, CachedJieba):
        search.jieba.save()
    _, others, done = _editions(config)
    if done and others and (Path(config["site_dir"]) / "search" / "search_index.json").exists():
        counts = split(Path(config["site_dir"]), others)
        log.info("search: one index per language, " + ", ".join(f"{k or 'default'} {v} entries"
                                                                for k, v in counts.items()))
