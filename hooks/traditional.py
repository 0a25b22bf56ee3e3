"""MkDocs hook: the 繁體中文 (Taiwan) edition, generated from the Simplified one (``book.traditional``).

Nothing of it is written by hand or kept in ``docs/``:

- ``on_config`` (before mkdocs-static-i18n reads it): the zh-TW language's
  site name, description and navigation titles, converted from the zh ones.
- ``on_files``, twice around mkdocs-static-i18n (priority -100):
  before it, every ``x.zh.md`` (and lab ``labs/x.zh.ipynb``) gets a sibling
  ``x.zh-TW.md``, so the plugin files it under ``zh-TW/`` with its
  alternates like any translation; the plugin remakes each file from its
  name, so after it, while zh-TW is built, each generated file gets its
  content: the Simplified page, converted. Its edit link points at the
  Simplified page, where a wording is fixed.

Figures are the Simplified page's (``hooks/page_code.py`` looks them up by
``book.traditional.source_uri``); a generated lab's executed copy is made in
``book.labs``. The edition costs no page run and no kernel.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book import traditional  # noqa: E402
from book.notebook_files import notebook_bytes  # noqa: E402

# What the generated language takes from the one it is made from, converted.
CONVERTED = ("site_name", "site_description", "site_author", "copyright", "nav_translations",
             "admonition_translations")


def _languages(config) -> tuple[object, object] | None:
    """The i18n configs of the generated edition and of its source, when mkdocs.yml has both."""
    i18n = config.plugins.get("i18n")
    found = {lang.locale: lang for lang in i18n.config.languages} if i18n else {}
    return (found[traditional.LOCALE], found[traditional.SOURCE]) \
        if traditional.LOCALE in found and traditional.SOURCE in found else None


def on_config(config):
    languages = _languages(config)
    if languages is None:
        return config
    made, source = languages
    convert = traditional.converter().text
    for key in CONVERTED:
        value = source.get(key)
        if isinstance(value, str):
            made[key] = convert(value)
        elif isinstance(value, dict):
            made[key] = {k: convert(v) for k, v in value.items()}
    return config


@event_priority(-50)  # after mkdocs-jupyter and the page code, before mkdocs-static-i18n
def _add_generated(files, config):
    if _languages(config) is None:
        return files
    for file in list(files):
        made = traditional.generated_uri(file.src_uri)
        if made and file.abs_src_path and files.get_file_from_path(made) is None:
            files.append(File(made, config["docs_dir"], config["site_dir"], config["use_directory_urls"]))
    return files


@event_priority(-105)  # after mkdocs-static-i18n kept this edition's files, before the notebooks
def _fill_generated(files, config):
    for file in files:
        source = traditional.source_uri(file.src_uri)
        if source is None:
            continue
        text = (Path(config["docs_dir"]) / source).read_text(encoding="utf-8")
        try:
            if source.endswith(".md"):
                file.content_string = traditional.converter().markdown(text, source)
            else:  # a lab, as readers download it; its page is the executed copy (book.labs)
                nb = traditional.converter().notebook(nbformat.reads(text, as_version=4), source)
                file.content_bytes = notebook_bytes(nb)
        except traditional.TermError as err:
            raise PluginError(f"docs/{file.src_uri}: {err}") from None
        file.edit_uri = source  # wording is fixed in the Simplified page (or the term files)
    return files


on_files = CombinedEvent(_add_generated, _fill_generated)
