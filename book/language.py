"""The editions: which ones there are, which edition a page is in, and the words the build adds to pages.

The editions are the languages of mkdocs.yml's i18n plugin, the default
(English) first. A page of another edition carries its locale in its name
(``x.zh.md``, ``x.zh-TW.md``) and is built under ``LOCALE/``. The words the
build adds are written here for the hand-written editions; the generated
edition (``book.traditional``) gets the Simplified ones, converted.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from book.cache import PROJECT

# Pages that exist in English only, on purpose, in every edition (folders of the docs). A page of an
# edition that falls back to English and is not listed here stops the build (``hooks/editions.py``).
ENGLISH_ONLY = ("contributing/",)

TEXT = {
    "en": {
        "download_chapter": "Download this chapter as a notebook",
        "download_lab": "Download this lab as a notebook",
        "zip": "(.zip, with the book's package)",
        "ipynb": "the .ipynb alone",
        "colab": "Open in Colab",
        "intro": "*This notebook is the chapter with its code: run the cells from top to bottom.*",
        "expected": "The page checks that this prints:",
        "figure": "Figure.",
        "not_run": "Not run",
        "not_tested": "This block is not run by the tests: ",
        "answer": "Answer",
        "pdf": "The whole book as one PDF",
        "pdf_size": "({pages} pages, {mb:.1f} MB)",
    },
    "zh": {
        "download_chapter": "下载本章的 Jupyter 笔记本",
        "download_lab": "下载本实验的 Jupyter 笔记本",
        "zip": "（.zip，附带本书的程序包）",
        "ipynb": "仅下载 .ipynb 文件",
        "colab": "在 Colab 中打开",
        "intro": "*本笔记本即本章及其代码：请从上到下依次运行。*",
        "expected": "页面检查这段代码的输出为：",
        "figure": "图。",
        "not_run": "不运行",
        "not_tested": "测试不运行这段代码：",
        "answer": "答案",
        "pdf": "全书 PDF",
        "pdf_size": "（{pages} 页，{mb:.1f} MB）",
    },
}

_SUFFIX = re.compile(r"\.(?P<locale>[a-z]{2}(?:-[A-Za-z]{2,4})?)\.(?P<ext>md|ipynb)$")


@functools.cache
def editions(mkdocs_yml: Path = PROJECT / "mkdocs.yml") -> tuple[str, ...]:
    """The locales of the book's editions as mkdocs.yml's i18n plugin lists them, the default first.

    >>> editions()[0]
    'en'
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV values: not needed here
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=Loader)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = [lang for lang in plugin["i18n"]["languages"] if lang.get("build", True)]
            return tuple(lang["locale"] for lang in sorted(languages, key=lambda lang: not lang.get("default")))
    return ("en",)


def default_language() -> str:
    return editions()[0]


def language(src_uri: str) -> str:
    """The edition a page's file belongs to: the locale in its name, else the default.

    >>> language("fat-vs-tall.zh.md"), language("labs/relu-curves.zh-TW.ipynb"), language("labs/relu-curves.ipynb")
    ('zh', 'zh-TW', 'en')
    """
    m = _SUFFIX.search(src_uri)
    return m["locale"] if m else default_language()


def untranslated(src_uri: str) -> str:
    """The page a translation translates (``x.zh.md`` -> ``x.md``, ``labs/x.zh-TW.ipynb`` ->
    ``labs/x.ipynb``); any other page is its own.

    >>> untranslated("labs/relu-curves.zh-TW.ipynb"), untranslated("why-deep.zh.md"), untranslated("index.md")
    ('labs/relu-curves.ipynb', 'why-deep.md', 'index.md')
    """
    m = _SUFFIX.search(src_uri)
    return src_uri[: m.start()] + "." + m["ext"] if m else src_uri


def edition_prefix(lang: str) -> str:
    """Where an edition is built, relative to the site: ``""`` for the default, else ``LOCALE/``.

    >>> edition_prefix("en"), edition_prefix("zh-TW")
    ('', 'zh-TW/')
    """
    return "" if lang == default_language() else f"{lang}/"


def page_language(src_uri: str, url: str) -> str:
    """The edition of a built page: its file's, or the edition its URL is built under (a page that
    exists in English only is built into every edition)."""
    own = language(src_uri)
    if own != default_language():
        return own
    first = url.split("/", 1)[0]
    return first if first in editions() else own


def fallbacks(edition: str, pages: list[tuple[str, str]]) -> list[str]:
    """What is wrong with an edition's pages, given as (file name, the edition of the file chosen for it):
    a page shown in English that is not one of ``ENGLISH_ONLY`` (a missing translation), or one of
    them that has a translation after all (the list is out of date).

    >>> fallbacks("zh", [("why-deep.md", "en"), ("contributing/a.md", "en"), ("contributing/a.zh.md", "zh")])
    ['why-deep.md has no zh page: it would be shown in English', 'contributing/a.zh.md is a zh page, but book/language.py lists contributing/ as English only']
    """
    found = []
    for name, lang in pages:
        listed = next((folder for folder in ENGLISH_ONLY if untranslated(name).startswith(folder)), None)
        if lang != edition and not listed:
            found.append(f"{name} has no {edition} page: it would be shown in English")
        elif lang == edition and listed:
            found.append(f"{name} is a {edition} page, but book/language.py lists {listed} as English only")
    return found


def words(lang: str) -> dict[str, str]:
    """The words the build adds to the pages of edition ``lang``.

    >>> words("zh-TW")["download_chapter"]
    '下載本章的 Jupyter 筆記本'
    """
    return localized(TEXT, lang)


def localized(table: dict, lang: str):
    """``table[lang]``; for the generated edition, the entry of the one it is made from, converted."""
    from book import traditional

    if lang in table:
        return table[lang]
    if lang == traditional.LOCALE and traditional.SOURCE in table:
        return _convert(table[traditional.SOURCE], traditional.converter().text)
    raise KeyError(f"no words for the edition {lang!r}")


def _convert(value, text):
    """``value`` (text, or a dict, list or tuple of them) with every text passed through ``text``."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {k: _convert(v, text) for k, v in value.items()}
    return type(value)(_convert(v, text) for v in value)


def edition_dir(i18n) -> str:
    """``LOCALE/`` while mkdocs-static-i18n (the plugin object, or None) builds a language other than
    the default, else ``""``."""
    current, default = getattr(i18n, "current_language", None), getattr(i18n, "default_language", None)
    return f"{current}/" if current and default and current != default else ""


def nav_title(nav, src_uri: str) -> str | None:
    """The title mkdocs.yml's ``nav`` gives the page ``src_uri``, or None.

    >>> nav_title([{"Labs": [{"Build any curve": "labs/relu-curves.ipynb"}]}], "labs/relu-curves.ipynb")
    'Build any curve'
    """
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                found = title if value == src_uri else nav_title(value, src_uri) if isinstance(value, list) else None
                if found:
                    return found
    return None


def translated_title(i18n, nav, src_uri: str) -> str | None:
    """A page's title in the edition mkdocs-static-i18n (the plugin, or None) is building, from its
    ``nav_translations``; None in the default edition or without a translation."""
    if not edition_dir(i18n):
        return None
    translations = getattr(i18n.current_language_config, "nav_translations", None) or {}
    return translations.get(nav_title(nav, untranslated(src_uri)))
