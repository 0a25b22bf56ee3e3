"""MkDocs hook: the book's notebooks, the labs (``book.labs``) and the chapters (``book.chapter_notebook``).

``on_pre_build`` starts the stale labs. ``on_files`` (last, after
mkdocs-jupyter and mkdocs-static-i18n) adds the ``lessons`` wheel and sdist
and every notebook download (chapters and labs, .ipynb and .zip), makes each
lab a page showing its executed copy, waits for the labs, adds their
figures. A translated lab (``labs/x.zh.ipynb``) is its edition's page of the
lab, paired with the English one in the language menu. ``on_page_markdown``:
download links under a chapter's title; ``on_page_content``: a lab's HTML
(``book.lab_html``), a translation with its English lab's anchors.
``NOTEBOOKS=off`` skips executing the labs.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import posixpath
import sys
from dataclasses import dataclass, field
from importlib.metadata import version
from types import SimpleNamespace
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book import cache, download_links, lab_html  # noqa: E402
from book.chapter_notebook import chapter_downloads, notebook_sources  # noqa: E402
from book.labs import LABS, LabRuns, lab_dest, lab_figures  # noqa: E402
from book.language import (edition_dir, edition_prefix, language, page_language, translated_title,  # noqa: E402
                           untranslated, words)
from book.notebook_files import download_copy, download_files  # noqa: E402
from book.package import distributions  # noqa: E402
from book.pages import PageError  # noqa: E402
from book.traditional import TermError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.notebooks")
I18N_ATTRS = ("alternates", "locale", "locale_alternate_of", "localization", "norm_src_uri")


class LabPage(File):
    """A lab's page: the executed copy in the cache, rendered by mkdocs-jupyter."""

    def is_documentation_page(self) -> bool:
        return True


@dataclass
class Build:
    """What one build (one language) knows about its notebooks."""

    labs: LabRuns = field(default_factory=LabRuns)
    notebook_of: dict[str, str] = field(default_factory=dict)  # page src_uri -> download uri
    lab_pages: set[str] = field(default_factory=set)


build = Build()


def renders_notebooks(config) -> bool:
    """Whether mkdocs-jupyter is configured: without it, labs are not pages (nor run)."""
    return any(name.split(" #")[0] == "mkdocs-jupyter" for name in config.plugins)


def on_pre_build(config):
    global build
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:  # its cache drops what the build did not render: one folder per edition, or
        # each edition's build would empty the others'; nbconvert's version too, which its key leaves out
        i18n = config.plugins.get("i18n")
        edition = getattr(i18n, "current_language", None) or "default"
        jupyter.config["cache_dir"] = str(cache.path(cache.JUPYTER) / cache.key(
            edition, version("nbconvert"), version("mkdocs-jupyter")))
    run = os.environ.get("NOTEBOOKS", "on") != "off"
    try:
        build = Build(labs=LabRuns.start(Path(config["docs_dir"]), execute=run) if renders_notebooks(config) else LabRuns())
    except TermError as err:  # a generated lab could not be converted
        raise PluginError(str(err)) from None


def offer(files, config, make) -> dict | None:
    """Add the downloads ``make()`` returns (site uri -> file: a notebook's .ipynb, and its .zip that also
    holds the ``lessons`` wheel) to the site; a page or download that cannot be made fails the build."""
    try:
        made = make()
    except (PageError, ValueError) as err:
        raise PluginError(str(err)) from None
    for site_uri, path in (made or {}).items():
        files.append(File.generated(config, site_uri, abs_src_path=str(path)))
    return made


@event_priority(-110)  # last: after mkdocs-jupyter (and mkdocs-static-i18n) set up the files
def on_files(files, config):
    site_url, use_dirs = config.get("site_url"), config.get("use_directory_urls", True)
    for dist in distributions():  # lessons as the wheel every download installs, and its sdist
        files.append(File.generated(config, f"downloads/{dist.name}", abs_src_path=str(dist)))
    sources = notebook_sources()  # read once for this build: a page's notebook is kept by them
    for file in [f for f in files if f.src_uri.endswith(".md")]:  # a generated page has its content only
        uri = "notebooks/" + file.src_uri[: -len(".md")] + ".ipynb"
        if offer(files, config, lambda: chapter_downloads(file.content_string, file.src_uri, uri, site_url=site_url,
                                                          use_directory_urls=use_dirs, sources=sources)):
            build.notebook_of[file.src_uri] = uri
    labs = [f for f in files if fnmatch.fnmatch(f.src_uri, LABS)] if renders_notebooks(config) else []
    for file in labs:  # a clean copy to download, and a page that shows the executed copy
        build.notebook_of[file.src_uri] = "notebooks/" + file.src_uri
        clean = nbformat.reads(file.content_string, as_version=4)
        offer(files, config, lambda: download_files(download_copy(clean, language(file.src_uri), site_url),
                                                    build.notebook_of[file.src_uri]))
        build.lab_pages.add(file.src_uri)
        folder = build.labs.folders.get(file.src_uri, Path(config["docs_dir"]))
        page = LabPage(file.src_uri, str(folder), config["site_dir"], use_dirs,
                       dest_uri=lab_dest(file.src_uri, edition_dir(config.plugins.get("i18n")), use_dirs))
        for attr in I18N_ATTRS:  # what mkdocs-static-i18n keeps on its files
            if attr in getattr(file, "__dict__", {}):
                setattr(page, attr, getattr(file, attr))
        if isinstance(getattr(page, "alternates", None), dict):  # the language menu: this lab in each edition
            i18n = config.plugins.get("i18n")
            page.alternates = {lang: page if lang == i18n.current_language else SimpleNamespace(
                url=lab_dest(file.src_uri, edition_prefix(lang), use_dirs).removesuffix("index.html"))
                for lang in i18n.build_languages}
        files.remove(file)
        files.append(page)
    errors = build.labs.wait()
    if errors:
        raise PluginError("a lab failed:\n\n" + "\n\n".join(errors))
    ran, cached, seconds = build.labs.counts()
    log.info(f"notebooks: {ran} executed, {cached} from cache, {len(build.notebook_of) - len(labs)} "
             f"chapter notebook(s), {seconds:.1f} s")
    for page in [f for f in files if f.src_uri in build.lab_pages]:
        for uri, path in lab_figures(Path(page.abs_src_path)).items():
            if files.get_file_from_path(uri) is None:  # labs may share a figure
                files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown, page, config, files):
    """Put the download (and Colab) links right under a chapter's title."""
    src = page.file.src_uri
    if src not in build.notebook_of or src in build.lab_pages:
        return markdown
    uri = build.notebook_of[src]
    line = download_links.links_markdown(posixpath.relpath(uri, posixpath.dirname(src) or "."), uri,
                                         words(page_language(src, page.url)),
                                         config.get("repo_url"))
    return download_links.under_title(markdown, line)


def on_page_content(html_text, page, config, files):
    src = page.file.src_uri
    if src not in build.lab_pages:
        return html_text
    page.title = translated_title(config.plugins.get("i18n"), config["nav"], src) or page.title

    def url_of(uri: str) -> str | None:
        file = files.get_file_from_path(uri)
        if file is None:  # a warning, as mkdocs gives for Markdown pages (--strict makes it fatal)
            log.warning(f"Doc file '{src}' contains a link '{uri}', but the target is not found "
                        "among documentation files.")
            return None
        return file.url_relative_to(page.file)

    page.meta["search"] = {**(page.meta.get("search") or {}), "boost": 0.5}  # the chapter explains, ranks first
    uri = build.notebook_of[src]
    added = words(page_language(src, page.url))
    links = download_links.links_html(url_of(uri), uri, added, config.get("repo_url"))
    anchors, english = None, Path(config["docs_dir"]) / untranslated(src)
    if untranslated(src) != src and english.exists():  # a translation keeps its English lab's anchors
        anchors = lab_html.heading_anchors(nbformat.read(english, as_version=4))
        for item, anchor in zip(toc_items(page.toc), anchors):
            item.id = anchor
    try:
        return lab_html.lab_page(html_text, src_uri=src, dest_uri=page.file.dest_uri,
                                 site_dir=Path(config["site_dir"]), answer=added["answer"], url_of=url_of,
                                 links=links, anchors=anchors)
    except ValueError as err:
        raise PluginError(f"docs/{src}: {err} (a translated lab has its English lab's headings)") from None


def toc_items(items):
    """A page's table of contents, in reading order."""
    for item in items:
        yield item
        yield from toc_items(item.children)

