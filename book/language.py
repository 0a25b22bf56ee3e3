"""The editions: which language a page is in, and the words the build adds to pages."""

from __future__ import annotations

import re

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
        "answer": "答案",
        "pdf": "全书 PDF",
        "pdf_size": "（{pages} 页，{mb:.1f} MB）",
    },
}


def language(src_uri: str) -> str:
    """``zh`` for the Chinese edition's pages (``x.zh.md``, ``labs/x.zh.ipynb`` or ``zh/x.md``), else ``en``.

    >>> language("fat-vs-tall.zh.md"), language("labs/relu-curves.zh.ipynb"), language("labs/relu-curves.ipynb")
    ('zh', 'zh', 'en')
    """
    return "zh" if re.search(r"\.zh\.(md|ipynb)$", src_uri) or src_uri.startswith("zh/") else "en"


def untranslated(src_uri: str) -> str:
    """The page a translation translates (``x.zh.md`` -> ``x.md``, ``labs/x.zh.ipynb`` ->
    ``labs/x.ipynb``); any other page is its own.

    >>> untranslated("labs/relu-curves.zh.ipynb"), untranslated("why-deep.zh.md"), untranslated("index.md")
    ('labs/relu-curves.ipynb', 'why-deep.md', 'index.md')
    """
    return re.sub(r"\.zh(\.(?:md|ipynb))$", r"\1", src_uri)


def page_language(src_uri: str, url: str) -> str:
    """The language of a built page: its file's, or the language its URL is built under."""
    return "zh" if language(src_uri) == "zh" or url.startswith("zh/") else "en"


def edition_dir(i18n) -> str:
    """``zh/`` while mkdocs-static-i18n (the plugin object, or None) builds a language other than
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
