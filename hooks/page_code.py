"""MkDocs hook: run each page's code, put its figures on the page (``book.page_runs``).

``on_files`` starts every page whose code (or ``lessons``) changed, each in a
subprocess, and adds the SVGs to the site as generated files. The pages run
while MkDocs converts the Markdown; ``on_env``, the last event before MkDocs
copies files into the site, waits for them. ``on_page_markdown`` places each
figure below its block (``book.figure_markup``). A failure stops the build
with page, line and traceback; under ``mkdocs serve`` it is shown on the
failing page instead (``book.error_box``), so the browser does not keep a
stale page. ``FIGURES=off`` skips all of it (to measure the build without
it); ``RESULTS=off`` runs the slow calls afresh.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book.error_box import with_error  # noqa: E402
from book.figure_markup import mark_up  # noqa: E402
from book.page_runs import PageRuns, figure_folder  # noqa: E402
from book.pages import PageError  # noqa: E402
from book.traditional import source_uri  # noqa: E402

log = logging.getLogger("mkdocs.hooks.page_code")
enabled = os.environ.get("FIGURES", "on") != "off"
serving = False  # under mkdocs serve, errors go on the page
runs, failed = PageRuns(), {}  # this build's, set anew by on_files and on_env


def on_startup(command, dirty):
    global serving
    serving = command == "serve"


def on_files(files, config):
    global runs
    if not enabled:
        return files
    pages = [(f.src_uri, Path(f.abs_src_path)) for f in files if f.src_uri.endswith(".md") and f.abs_src_path]
    try:
        runs = PageRuns.start(pages, results=os.environ.get("RESULTS", "on") != "off", keep_going=serving)
    except PageError as err:
        raise PluginError(str(err)) from None
    for src_uri, paths in runs.figures.items():  # SVGs not yet drawn exist before on_env returns
        for path in paths:
            files.append(File.generated(config, f"{figure_folder(src_uri)}/{path.name}", abs_src_path=str(path)))
    return files


@event_priority(100)  # first: nothing may read the SVGs before they exist
def on_env(env, config, files):
    global failed
    failed = runs.wait()
    if failed and not serving:
        raise PluginError("page code failed:\n\n" + "\n\n".join(sorted(set(failed.values()))))
    for message in sorted(set(failed.values())):
        log.error(message)
    for src_uri in failed:  # serving: the failed pages' SVGs were never drawn, so nothing to copy
        for path in runs.figures.get(src_uri, []):
            files.remove(files.get_file_from_path(f"{figure_folder(src_uri)}/{path.name}"))
    if enabled:
        log.info(f"figures: {runs.summary()}")
    return env


def drawn_by(src_uri: str) -> str:
    """The page whose code drew a page's figures: a generated page shows its Simplified page's."""
    return source_uri(src_uri) or src_uri


def on_page_markdown(markdown, page, config, files):
    src = drawn_by(page.file.src_uri)
    if src in runs.broken:
        return markdown
    try:
        return mark_up(markdown, src, figure_folder(src) if src in runs.figures else None)
    except PageError as err:
        raise PluginError(str(err)) from None


def on_post_page(output, page, config):
    message = failed.get(drawn_by(page.file.src_uri))
    return with_error(output, message) if message else output
