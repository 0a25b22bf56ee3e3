"""MkDocs hook: the book's notebooks, the labs and the chapters.

Labs. Every ``docs/labs/*.ipynb`` is executed at build in a Jupyter kernel
(``python3``) whose working directory is the repository, and its page shows
the executed copy. Executed copies are cached under ``.cache/notebooks/`` by
a hash of the notebook's bytes, the sources of ``lessons`` and this hook: a
change to ``lessons`` runs the labs again (mkdocs-jupyter's own cache only
looks at a notebook's bytes), an unchanged lab is not run again. Stale labs
start in ``on_pre_build`` and run in the background, one kernel per core,
while the figures are drawn; ``on_files`` waits for them. A cell error stops
the build with the notebook, the cell number and the traceback. The lab's
page is set up last in ``on_files`` (after mkdocs-jupyter, and after
mkdocs-static-i18n, which would otherwise turn notebooks back into plain
files), so it works with or without a translated edition.

Figures leave the kernel as SVG and are shown like the chapters' figures:
one file for both themes (``lessons.style.theme_svg``), served from
``figures/labs/`` and shown as ``#only-light`` and ``#only-dark``, with the
alt text the drawing cell gives in its metadata (``"alt"``); a figure
without alt text fails the build. The executed copy keeps each figure as a
data URI, so it stays one self-contained file. mkdocs-jupyter puts the same
Jupyter stylesheet (about 0.6 MB) into every lab page; it is moved into one
file that all labs share, ``assets/stylesheets/jupyter-HASH.css``. On the
page, cells tagged ``answer`` fold into an "Answer" block, ``$...$`` math is typeset like the chapters' math, and links to
chapters (``../page.md``) point to the chapter pages.

Chapters. Every page with Python blocks is offered as a notebook,
``notebooks/PAGE.ipynb``, generated from the page: its prose as Markdown
cells and each runnable block as one code cell, found by
``book.pages.parse_page`` (so the notebook, the build and the tests agree
on what a page's code is), after a setup cell that imports ``lessons``. The
page gets a download link under its title, and an "Open in Colab" link when
``repo_url`` is a GitHub repository (the site is taken to be deployed on the
repository's ``gh-pages`` branch). Each lab gets the same two links, to its
copy without outputs under ``notebooks/labs/``.

``NOTEBOOKS=off`` skips executing the labs (their pages show no outputs);
``NOTEBOOK_CACHE`` moves the cache.
"""

from __future__ import annotations

import base64
import copy
import doctest
import fnmatch
import hashlib
import html
import importlib.util
import logging
import os
import posixpath
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from book.pages import FENCE_OPEN, Block, PageError, parse_page, source_digest, write_atomically  # noqa: E402

log = logging.getLogger("mkdocs.book.notebooks")

LABS = "labs/*.ipynb"  # src_uri pattern of the labs
KERNEL = "python3"
CELL_TIMEOUT = 300  # seconds per cell
ANSWER_TAG = "answer"  # cells holding a reference solution
SETUP_TAG = "setup"  # the cell that imports lessons (rewritten for downloads)
ICONS = Path(__import__("material").__file__).parent / "templates" / ".icons"

# page src_uri -> generated notebook uri (chapters and labs)
_NOTEBOOK_OF: dict[str, str] = {}
_LAB_PAGES: set[str] = set()
# the labs running in the background between on_pre_build and on_files
_RUN: dict = {}

TEXT = {
    "en": {
        "download_chapter": "Download this chapter as a notebook",
        "download_lab": "Download this lab as a notebook",
        "colab": "Open in Colab",
        "intro": "*This notebook is the chapter with its code: run the cells from top to bottom.*",
        "expected": "The page checks that this prints:",
        "figure": "Figure.",
        "not_run": "Not run",
        "answer": "Answer",
    },
    "zh": {
        "download_chapter": "下载本章的 Jupyter 笔记本",
        "download_lab": "下载本实验的 Jupyter 笔记本",
        "colab": "在 Colab 中打开",
        "intro": "*本笔记本即本章及其代码：请从上到下依次运行。*",
        "expected": "页面检查这段代码的输出为：",
        "figure": "图。",
        "not_run": "不运行",
        "answer": "答案",
    },
}


# ---------------------------------------------------------------- small helpers


def cache_root() -> Path:
    return Path(os.environ.get("NOTEBOOK_CACHE", ROOT / ".cache" / "notebooks"))


def enabled() -> bool:
    return os.environ.get("NOTEBOOKS", "on") != "off"


def language(src_uri: str) -> str:
    """``zh`` for the Chinese edition's pages (``x.zh.md`` or ``zh/x.md``), else ``en``."""
    return "zh" if re.search(r"\.zh\.(md|ipynb)$", src_uri) or src_uri.startswith("zh/") else "en"


def page_language(page) -> str:
    """The language of a built page: its file's, or the language its URL is built under."""
    return "zh" if language(page.file.src_uri) == "zh" or page.url.startswith("zh/") else "en"


def github_repo(repo_url: str | None) -> str | None:
    """``OWNER/REPO`` when ``repo_url`` is a GitHub repository, else None.

    >>> github_repo("https://github.com/someone/why-deep.git"), github_repo("https://gitlab.com/a/b")
    ('someone/why-deep', None)
    """
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    path = [p for p in parts.path.split("/") if p]
    if parts.netloc.lower() not in ("github.com", "www.github.com") or len(path) < 2:
        return None
    return f"{path[0]}/{path[1].removesuffix('.git')}"


def colab_url(repo: str, notebook_uri: str) -> str:
    """Colab opens a notebook from a GitHub path; the site lives on ``gh-pages``."""
    return f"https://colab.research.google.com/github/{repo}/blob/gh-pages/{notebook_uri}"


def setup_source(repo_url: str | None) -> str:
    """The first code cell of every notebook: make ``import lessons`` work."""
    return _setup_source(repo_url).rstrip("\n")


def _setup_source(repo_url: str | None) -> str:
    head = "# Setup: the code calls the book's small package `lessons` (numpy and matplotlib only).\n"
    if repo_url:
        url = repo_url.rstrip("/")
        return (head + "try:\n    import lessons\nexcept ImportError:  # not installed here (e.g. on Colab)\n"
                f'    %pip install --quiet "git+{url}"\n    import lessons\n')
    return (head + "# If the import fails, install the package from the book's source folder\n"
            "# with `pip install -e .` and restart the kernel.\n"
            "try:\n    import lessons\nexcept ImportError as err:\n"
            "    raise ImportError(\"install the book's package first: \"\n"
            "                      \"run `pip install -e .` in the book's source folder\") from err\n")


def _cell_id(n: int) -> str:
    return f"cell-{n}"


def new_notebook(cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"name": KERNEL, "display_name": "Python 3 (ipykernel)", "language": "python"},
                   "language_info": {"name": "python"}}
    for n, cell in enumerate(nb.cells, start=1):
        cell.id = _cell_id(n)
    return nb


def notebook_bytes(nb: nbformat.NotebookNode) -> bytes:
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def generated_notebook(config, uri: str, nb: nbformat.NotebookNode) -> File:
    """A notebook for readers to download, added to the site as ``uri``.

    Backed by a file in the cache (plugins such as mkdocs-static-i18n expect a
    source path) whose name does not end in ``.ipynb``, so mkdocs-jupyter does
    not turn the download into a page.
    """
    data = notebook_bytes(nb)
    path = cache_root() / "downloads" / f"{hashlib.sha256(data).hexdigest()[:20]}.ipynb-download"
    if not path.exists():
        write_atomically(path, data)
    return File.generated(config, uri, abs_src_path=str(path))


# ---------------------------------------------------------------- chapters as notebooks

_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?|===[+!]?)[ \t]*(?P<kind>[\w-]*)[ \t]*(?:"(?P<title>[^"]*)")?[ \t]*$')
_LINK = re.compile(r'(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<href>[^)\s]+)(?:\s+"[^"]*")?\)')
_ATTRS = re.compile(r'(?<![\\$])\{:?[ \t]*[.#][^}\n]*\}|(?<![\\$])\{:?[ \t]*[\w-]+=(?:"[^"\n]*"|\'[^\'\n]*\')[^}\n]*\}')
_ABBR = re.compile(r"^\*\[[^\]]+\]:")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _page_url(target: str, use_directory_urls: bool) -> str:
    """Site URL (relative to the site root) of a docs page ``target`` (a ``.md`` path)."""
    stem = target[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _rewrite_links(text: str, page_uri: str, site_url: str | None, use_directory_urls: bool) -> str:
    """Links between pages work on the site, not in a notebook: make them absolute or plain."""

    def fix(m: re.Match) -> str:
        href = m["href"]
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            return m[0]  # http:, https:, mailto: ...
        path, _, anchor = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), path)) if path else page_uri
        if not site_url or not target.endswith(".md"):
            return m["text"]
        target = re.sub(r"\.zh\.md$", ".md", target)  # the Chinese edition lives under zh/
        prefix = "zh/" if language(page_uri) == "zh" and not target.startswith("zh/") else ""
        url = site_url.rstrip("/") + "/" + prefix + _page_url(target, use_directory_urls)
        return f"[{m['text']}]({url}{'#' + anchor if anchor else ''})"

    return _LINK.sub(fix, text)


def _markdown_segments(text: str, blocks: list[Block]) -> list[tuple[str, object]]:
    """Split a page into ``("md", text)`` and ``("code", Block)`` items, in order.

    Admonitions, collapsed blocks and content tabs become a bold title with
    their content dedented; a Markdown segment that starts inside a list item
    or an admonition (after a code block) is dedented so it does not read as
    an indented code block.
    """
    lines = text.splitlines()
    starts = {b.line - 1: b for b in blocks}
    out: list[tuple[str, object]] = []
    current: list[str] = []
    stack: list[int] = []  # indents of the admonition markers we are inside

    def flush() -> None:
        if not any(ln.strip() for ln in current):
            current.clear()
            return
        body = list(current)
        first_flat = next((i for i, ln in enumerate(body) if ln.strip() and _indent(ln) == 0), len(body))
        lead = [ln for ln in body[:first_flat] if ln.strip()]
        if lead:
            cut = min(_indent(ln) for ln in lead)
            body[:first_flat] = [ln[cut:] if ln.strip() else "" for ln in body[:first_flat]]
        out.append(("md", "\n".join(body).strip("\n")))
        current.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip():
            while stack and _indent(line) <= stack[-1]:
                stack.pop()
        cut = 4 * len(stack)
        shown = line[min(cut, _indent(line)):] if line.strip() else ""
        if i in starts:
            block = starts[i]
            flush()
            out.append(("code", block))
            i = block.end_line
            continue
        m = FENCE_OPEN.match(line)
        if m:  # a fence that is not Python: keep it as it is
            fence = m["fence"]
            close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            current.append(shown)
            i += 1
            while i < len(lines):
                current.append(lines[i][min(cut, _indent(lines[i])):])
                if close.match(lines[i]):
                    break
                i += 1
            i += 1
            continue
        a = _ADMONITION.match(line)
        if a and (a["kind"] or a["title"] is not None):
            title = a["title"] if a["title"] is not None else a["kind"].replace("-", " ").capitalize()
            if title.strip():
                current.append(" " * (_indent(line) - cut) + f"**{title.strip()}**")
                current.append("")
            stack.append(_indent(line))
        elif not _ABBR.match(shown):
            current.append(shown)
        i += 1
    flush()
    return out


def _doctest_cell(block: Block) -> tuple[str, str | None, bool]:
    """A doctest as code without prompts; the expected output when a notebook would hide part of it."""
    examples = doctest.DocTestParser().get_examples(block.code, block.where())
    source, wants, raises = [], [], False
    for ex in examples:
        if ex.options.get(doctest.SKIP):
            source.append("".join(f"# {ln}\n" for ln in ex.source.splitlines()))
            continue
        source.append(ex.source)
        if ex.exc_msg is not None:
            raises = True
        if ex.want:
            wants.append(ex)
    shown = [ex for ex in wants if ex is not examples[-1]]  # a notebook displays only the last value
    expected = "".join(ex.want for ex in wants) if shown else None
    return "".join(source).rstrip("\n"), expected, raises


def chapter_notebook(text: str, page_uri: str, *, repo_url: str | None = None, site_url: str | None = None,
                     use_directory_urls: bool = True) -> nbformat.NotebookNode | None:
    """The notebook of one chapter page, or None when the page has no runnable block.

    One code cell per runnable block (in page order), plus the setup cell
    before the first one.

    >>> page = "# T\\n\\nSome prose.\\n\\n```python\\n>>> 1 + 1\\n2\\n```\\n"
    >>> nb = chapter_notebook(page, "t.md")
    >>> [(c.cell_type, c.source.splitlines()[0]) for c in nb.cells]
    [('markdown', '# T'), ('code', "# Setup: the code calls the book's small package `lessons` (numpy and matplotlib only)."), ('code', '1 + 1')]
    """
    label = f"docs/{page_uri}"
    blocks = parse_page(text, label)
    if not any(b.skip_reason is None for b in blocks):
        return None
    words = TEXT[language(page_uri)]
    if text.startswith("---\n"):  # front matter: not for the notebook
        end = text.find("\n---\n", 4)
        if end > 0:
            blanks = "\n" * text.count("\n", 0, end + 5)
            text = blanks + text[end + 5 :]  # keep line numbers
    cells: list = []
    setup_done = False
    for kind, item in _markdown_segments(text, blocks):
        if kind == "md":
            md = _rewrite_links(item, page_uri, site_url, use_directory_urls)
            md = _ATTRS.sub("", md)
            if not cells and md.startswith("# "):
                title, _, rest = md.partition("\n")
                md = title + "\n\n" + words["intro"] + ("\n" + rest if rest.strip() else "")
            cells.append(nbformat.v4.new_markdown_cell(md))
            continue
        block: Block = item
        if block.skip_reason is not None:
            cells.append(nbformat.v4.new_markdown_cell(
                f"```python\n{block.code.rstrip()}\n```\n\n*{words['not_run']}: {block.skip_reason}*"))
            continue
        if not setup_done:
            cells.append(nbformat.v4.new_code_cell(setup_source(repo_url), metadata={"tags": [SETUP_TAG]}))
            setup_done = True
        if block.is_doctest:
            source, expected, raises = _doctest_cell(block)
            cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": ["raises-exception"]} if raises else {}))
            if expected:
                cells.append(nbformat.v4.new_markdown_cell(f"{words['expected']}\n\n```text\n{expected.rstrip()}\n```"))
        else:
            cells.append(nbformat.v4.new_code_cell(block.code.rstrip("\n")))
        if block.figure:
            cells.append(nbformat.v4.new_markdown_cell(f"**{words['figure']}** {block.attrs['caption']}"))
    return new_notebook(cells)


# ---------------------------------------------------------------- running notebooks


class NotebookError(Exception):
    """A notebook's cell failed; the message names the notebook and the cell."""


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def kernel_env() -> dict[str, str]:
    """The kernel's environment: inline figures, repeatable hashing, one BLAS thread."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": path,
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def execute(nb: nbformat.NotebookNode, label: str, *, timeout: int = CELL_TIMEOUT,
            cwd: Path = ROOT, svg: bool = False) -> nbformat.NotebookNode:
    """Run every cell of ``nb`` in place in a fresh kernel; raise NotebookError on a failing cell.

    ``svg=True`` makes matplotlib figures SVG instead of PNG.
    """
    from jupyter_client import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    with tempfile.TemporaryDirectory(prefix="kernel.") as tmp:
        kwargs = {"transport": "ipc", "ip": os.path.join(tmp, "k")} if os.name == "posix" else {}
        km = KernelManager(kernel_name=nb.metadata.get("kernelspec", {}).get("name", KERNEL), **kwargs)
        client = NotebookClient(nb, km=km, timeout=timeout, allow_errors=False, record_timing=False,
                                shutdown_kernel="immediate", resources={"metadata": {"path": str(cwd)}},
                                extra_arguments=["--InlineBackend.figure_formats=svg"] if svg else [])
        current = {"index": -1}
        client.on_cell_start = lambda cell, cell_index: current.update(index=cell_index)
        try:
            client.execute(cleanup_kc=True, env=kernel_env())  # cleanup_kc: stop the kernel we passed
        except CellExecutionError as err:
            raise NotebookError(f"{label}: cell {current['index'] + 1} raised\n{_ANSI.sub('', str(err)).strip()}") from None
        except CellTimeoutError:
            raise NotebookError(f"{label}: cell {current['index'] + 1} ran longer than {timeout} s") from None
        except DeadKernelError as err:
            raise NotebookError(f"{label}: the kernel died in cell {current['index'] + 1}: {err}") from None
    return nb


def _style_module():
    """``lessons/style.py`` loaded afresh (``mkdocs serve`` never reloads hook modules)."""
    spec = importlib.util.spec_from_file_location("_why_deep_style", ROOT / "lessons" / "style.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def themed_figures(nb: nbformat.NotebookNode, label: str) -> nbformat.NotebookNode:
    """Replace each SVG figure output by a light and a dark image (palette swapped), with alt text."""
    style = None
    for index, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            svg = output.get("data", {}).get("image/svg+xml")
            if svg is None:
                continue
            alt = (cell.metadata.get("alt") or "").strip()
            if not alt:
                raise NotebookError(f"{label}: cell {index} draws a figure but has no alt text "
                                    "(add \"alt\": \"...\" to the cell's metadata)")
            style = style or _style_module()
            svg = style.theme_svg(svg if isinstance(svg, str) else "".join(svg))
            data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            imgs = [f'<img class="nb-figure" src="data:image/svg+xml;base64,{data}#only-{theme}" '
                    f'alt="{html.escape(alt, quote=True)}">' for theme in ("light", "dark")]
            output["data"] = {"text/html": "\n".join(imgs), "text/plain": output["data"].get("text/plain", "")}
            output["metadata"] = {}
    return nb


def _run_lab(source: Path, label: str, target: Path) -> str | None:
    """Execute one lab into ``target`` (a file, written atomically); return an error message or None."""
    try:
        nb = nbformat.read(source, as_version=4)
        execute(nb, label, svg=True)
        themed_figures(nb, label)
    except NotebookError as err:
        return str(err)
    except Exception as err:  # a broken notebook file or kernel: still name the notebook
        return f"{label}: {type(err).__name__}: {err}"
    write_atomically(target, notebook_bytes(nb))
    return None


def download_copy(nb: nbformat.NotebookNode, repo_url: str | None) -> nbformat.NotebookNode:
    """A lab as readers download it: no outputs, setup cell for this site's repository."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if SETUP_TAG in cell.metadata.get("tags", []):
                cell.source = setup_source(repo_url)
    return nb


# ---------------------------------------------------------------- the hook


def _links_html(href: str, name: str, words: dict, kind: str, repo: str | None, uri: str) -> str:
    icon = (ICONS / "material" / "download.svg").read_text(encoding="utf-8").strip()
    parts = [f'<a href="{href}" download="{name}"><span class="twemoji">{icon}</span> {words[kind]}</a>']
    if repo:
        colab = (ICONS / "simple" / "googlecolab.svg").read_text(encoding="utf-8").strip()
        parts.append(f'<a href="{colab_url(repo, uri)}"><span class="twemoji">{colab}</span> {words["colab"]}</a>')
    return " · ".join(parts)


I18N_ATTRS = ("alternates", "locale", "locale_alternate_of", "localization", "norm_src_uri")


class LabPage(File):
    """A lab's page: the executed copy in the cache, rendered by mkdocs-jupyter."""

    def is_documentation_page(self) -> bool:
        return True


def renders_notebooks(config) -> bool:
    """Whether mkdocs-jupyter is configured: without it, labs are not pages (nor run)."""
    return any(name.split(" #")[0] == "mkdocs-jupyter" for name in config.plugins)


def _language_dir(config) -> str:
    """``zh/`` while mkdocs-static-i18n builds a language other than the default, else ``""``."""
    i18n = config.plugins.get("i18n")
    current, default = getattr(i18n, "current_language", None), getattr(i18n, "default_language", None)
    return f"{current}/" if current and default and current != default else ""


def _lab_sources(docs_dir: str) -> list[tuple[str, Path]]:
    """``(src_uri, path)`` of every lab under ``docs_dir``."""
    docs = Path(docs_dir)
    return sorted((p.relative_to(docs).as_posix(), p) for p in docs.glob("**/*.ipynb")
                  if fnmatch.fnmatch(p.relative_to(docs).as_posix(), LABS))


def on_pre_build(config):
    """Start running the stale labs, in the background, before anything else is built.

    They run while the other hooks (the figures) do their work; on_files
    waits for them, before any page is read.
    """
    _RUN.clear()
    _RUN.update(start=time.perf_counter(), jobs=0, folders={}, futures=[], pages=renders_notebooks(config))
    if not enabled() or not _RUN["pages"]:
        return
    lessons = source_digest(ROOT / "lessons")
    tooling = Path(__file__).read_bytes()
    jobs: dict[Path, tuple[Path, str]] = {}
    for src_uri, path in _lab_sources(config["docs_dir"]):
        key = hashlib.sha256(path.read_bytes() + lessons + tooling).hexdigest()[:20]
        folder = cache_root() / key  # holds <src_uri>: the page's file is found from folder and src_uri
        _RUN["folders"][src_uri] = folder
        if not (folder / src_uri).exists():
            jobs.setdefault(folder / src_uri, (path, f"docs/{src_uri}"))
    _RUN["jobs"] = len(jobs)
    if jobs:
        pool = ThreadPoolExecutor(max_workers=max(1, min(len(jobs), os.cpu_count() or 1)),
                                  thread_name_prefix="lab")
        _RUN["futures"] = [pool.submit(_run_lab, source, label, target) for target, (source, label) in jobs.items()]
        pool.shutdown(wait=False)


@event_priority(-110)  # last: after mkdocs-jupyter (and mkdocs-static-i18n) set up the files
def on_files(files, config):
    _NOTEBOOK_OF.clear()
    _LAB_PAGES.clear()
    repo_url, site_url = config.get("repo_url"), config.get("site_url")
    use_dirs = config.get("use_directory_urls", True)

    n_chapters = 0
    for file in list(files):
        if not file.src_uri.endswith(".md") or file.abs_src_path is None:
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        try:
            nb = chapter_notebook(text, file.src_uri, repo_url=repo_url, site_url=site_url,
                                  use_directory_urls=use_dirs)
        except PageError as err:
            raise PluginError(str(err)) from None
        if nb is None:
            continue
        uri = "notebooks/" + file.src_uri[: -len(".md")] + ".ipynb"
        files.append(generated_notebook(config, uri, nb))
        _NOTEBOOK_OF[file.src_uri] = uri
        n_chapters += 1
    _RUN["chapters"] = n_chapters

    folders = _RUN.get("folders", {})
    labs = [f for f in files if fnmatch.fnmatch(f.src_uri, LABS)] if renders_notebooks(config) else []
    for file in labs:
        # each lab: a clean copy to download, and a page that shows the executed copy
        source = Path(config["docs_dir"]) / file.src_uri
        clean = nbformat.read(source, as_version=4)
        uri = "notebooks/" + file.src_uri
        files.append(generated_notebook(config, uri, download_copy(clean, repo_url)))
        _NOTEBOOK_OF[file.src_uri] = uri
        _LAB_PAGES.add(file.src_uri)
        stem = file.src_uri[: -len(".ipynb")]
        dest = _language_dir(config) + stem + (
            "/index.html" if use_dirs and posixpath.basename(stem) != "index" else ".html")
        folder = folders.get(file.src_uri, Path(config["docs_dir"]))
        page = LabPage(file.src_uri, str(folder), config["site_dir"], use_dirs, dest_uri=dest)
        for attr in I18N_ATTRS:  # what mkdocs-static-i18n keeps on its files
            if attr in getattr(file, "__dict__", {}):
                setattr(page, attr, getattr(file, attr))
        if isinstance(getattr(page, "alternates", None), dict):
            page.alternates = {k: page if v is file else v for k, v in page.alternates.items()}
        files.remove(file)
        files.append(page)
    _wait_for_labs()
    for page in [f for f in files if f.src_uri in _LAB_PAGES]:
        for uri, path in lab_figures(Path(page.abs_src_path)).items():
            if files.get_file_from_path(uri) is None:  # labs may share a figure
                files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


_DATA_SVG = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)(#only-(?:light|dark))"')


def _figure_uri(data: str) -> str:
    return f"figures/labs/{hashlib.sha256(data.encode('ascii')).hexdigest()[:16]}.svg"


def lab_figures(executed: Path) -> dict[str, Path]:
    """The figures of an executed lab: site uri -> an SVG file in the cache (written once)."""
    found = {}
    if executed.suffix != ".ipynb" or not executed.exists():
        return found
    nb = nbformat.read(executed, as_version=4)
    shown = "".join("".join(out.get("data", {}).get("text/html", ""))
                    for cell in nb.cells for out in cell.get("outputs", []))
    for m in _DATA_SVG.finditer(shown):
        uri = _figure_uri(m[1])
        path = cache_root() / uri
        if not path.exists():
            write_atomically(path, base64.b64decode(m[1]))
        found[uri] = path
    return found


def _wait_for_labs() -> None:
    """Wait for the labs started in on_pre_build; a failed lab stops the build here."""
    if "start" not in _RUN:
        return
    errors = [e for e in (f.result() for f in _RUN["futures"]) if e]
    if errors:
        _RUN.clear()
        raise PluginError("a lab failed:\n\n" + "\n\n".join(errors))
    cached = len(_RUN["folders"]) - _RUN["jobs"]
    if not _RUN["pages"]:
        log.info(f"notebooks: {_RUN['chapters']} chapter notebook(s); labs are not pages "
                 "(mkdocs-jupyter is not configured)")
    elif enabled():
        log.info(f"notebooks: {_RUN['jobs']} executed, {cached} from cache, "
                 f"{_RUN['chapters']} chapter notebook(s), {time.perf_counter() - _RUN['start']:.1f} s")
    else:
        log.info(f"notebooks: labs not executed (NOTEBOOKS=off), {_RUN['chapters']} chapter notebook(s)")
    _RUN.clear()  # a second build (another language) starts afresh in on_pre_build


def on_page_markdown(markdown, page, config, files):
    """Put the download (and Colab) links right under a chapter's title."""
    src = page.file.src_uri
    if src not in _NOTEBOOK_OF or src in _LAB_PAGES:
        return markdown
    uri = _NOTEBOOK_OF[src]
    href = posixpath.relpath(uri, posixpath.dirname(src) or ".")
    words = TEXT[page_language(page)]
    name = posixpath.basename(uri)
    icon = (ICONS / "material" / "download.svg").read_text(encoding="utf-8").strip()
    links = [f'[<span class="twemoji">{icon}</span> {words["download_chapter"]}]({href}){{ download="{name}" }}']
    repo = github_repo(config.get("repo_url"))
    if repo:
        colab = (ICONS / "simple" / "googlecolab.svg").read_text(encoding="utf-8").strip()
        links.append(f'[<span class="twemoji">{colab}</span> {words["colab"]}]({colab_url(repo, uri)})')
    line = " · ".join(links) + "\n{ .nb-links }"
    lines = markdown.split("\n")
    at = 0
    for n, ln in enumerate(lines):
        if FENCE_OPEN.match(ln):
            break
        if ln.startswith("# "):
            at = n + 1
            break
    lines[at:at] = ["", line, ""]
    return "\n".join(lines)


_CELL_START = re.compile(r'<div class="jp-Cell [^"]*\bcelltag_' + ANSWER_TAG + r'\b[^"]*">')
_INPUT_START = re.compile(r'<div class="jp-Cell-inputWrapper[^"]*"[^>]*>')
_TAG = re.compile(r"<(/?)div\b[^>]*>")
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
# nbconvert's Mermaid loader (from a CDN, only for Mermaid diagrams, which the labs do not use)
_MERMAID = re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => \{\s*'
                      r'const diagrams = document\.querySelectorAll\("\.jp-Mermaid.*?</script>', re.S)
_TOOLBAR = re.compile(r'<div class="celltoolbar">')
_MD_CELL = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
_DISPLAY_MATH = re.compile(r"(<p>\s*)?\$\$(.+?)\$\$(\s*</p>)?", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])")
_CODE_DIV = re.compile(r'<div class="highlight-ipynb')
_OUTPUT_PRE = re.compile(r'(<div class="jp-RenderedText[^"]*"[^>]*>\s*)<pre>')
# pygments token classes -> the theme's code colour variables (as Material maps them); the
# page's stylesheet tunes those for WCAG AA contrast in both themes.
_TOKENS = {
    "operator": "o ow", "punctuation": "p", "string": "cpf l s s1 s2 sb sc si ss",
    "special": "cp se sh sr sx", "number": "il m mb mf mh mi mo", "keyword": "k kd kn kp kr kt nd ni nl nt",
    "name": "kc n", "constant": "bp nb no", "function": "nc ne nf nn", "comment": "c c1 ch cm cs sd",
    "variable": "na nv vc vg vi", "generic": "ge gh go gp gr gs gt gu",
}
_SCOPE = ".md-typeset .jupyter-wrapper .highlight-ipynb"
NOTEBOOK_CSS = "\n".join([
    "<style>",
    "/* Notebook code in the colours of the book's own code blocks. */",
    f"{_SCOPE}, {_SCOPE} pre {{ background-color: var(--md-code-bg-color); color: var(--md-code-fg-color); }}",
    *(f"{', '.join(f'{_SCOPE} .{t}' for t in tokens.split())} {{ color: var(--md-code-hl-{kind}-color); }}"
      for kind, tokens in _TOKENS.items()),
    ".md-typeset .jupyter-wrapper .jp-Notebook { --jp-cell-editor-background: var(--md-code-bg-color); }",
    "</style>",
])
_HREF = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#|/)([^"#]+\.md)(#[^"]*)?"', re.I)


def _div_end(text: str, start: int) -> int:
    """Index just past the ``</div>`` closing the ``<div`` that opens at ``start``."""
    depth = 0
    for m in _TAG.finditer(text, start):
        depth += -1 if m[1] else 1
        if depth == 0:
            return m.end()
    raise ValueError("unbalanced <div>")


def drop_divs(text: str, start: re.Pattern) -> str:
    """Remove every ``<div>`` (with its content) whose opening tag matches ``start``."""
    out, pos = [], 0
    for m in start.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos : m.start()])
        pos = _div_end(text, m.start())
    out.append(text[pos:])
    return "".join(out)


def fold_answers(text: str, summary: str) -> str:
    """Fold the input of every answer cell into a collapsed ``<details>`` block."""
    out, pos = [], 0
    for m in _CELL_START.finditer(text):
        if m.start() < pos:
            continue
        cell_end = _div_end(text, m.start())
        inp = _INPUT_START.search(text, m.end(), cell_end)
        if not inp:
            continue
        inp_end = _div_end(text, inp.start())
        out.append(text[pos : inp.start()])
        out.append(f'<details class="success nb-answer"><summary>{summary}</summary>\n')
        out.append(text[inp.start() : inp_end])
        out.append("\n</details>")
        pos = inp_end
    out.append(text[pos:])
    return "".join(out)


def typeset_math(text: str) -> str:
    """``$...$`` and ``$$...$$`` in Markdown cells, marked up like pymdownx.arithmatex does."""

    def cell(m: re.Match) -> str:
        body = _DISPLAY_MATH.sub(lambda d: f'<div class="arithmatex" tabindex="0">\\[{d[2]}\\]</div>' if d[1] and d[3]
                                 else f'{d[1] or ""}<span class="arithmatex">\\[{d[2]}\\]</span>{d[3] or ""}', m[2])
        body = _INLINE_MATH.sub(lambda i: f'<span class="arithmatex">\\({i[1]}\\)</span>', body)
        return m[1] + body + m[3]

    return _MD_CELL.sub(cell, text)


_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)


def shared_stylesheet(html_text: str, page, config) -> str:
    """Move the page's ``<style>`` blocks into one stylesheet file all labs share; link it in their place."""
    styles = list(_STYLE.finditer(html_text))
    if not styles:
        return html_text
    css = "\n".join(m[1] for m in styles).encode("utf-8")
    uri = f"assets/stylesheets/jupyter-{hashlib.sha256(css).hexdigest()[:12]}.css"
    path = Path(config["site_dir"]) / uri
    if not path.exists():  # the same stylesheet for every lab: written once per build
        write_atomically(path, css)
    href = posixpath.relpath(uri, posixpath.dirname(page.file.dest_uri) or ".")
    at = styles[0].start()  # the link goes where the first <style> was, so the cascade order stays
    return html_text[:at] + f'<link rel="stylesheet" href="{href}">\n' + _STYLE.sub("", html_text[at:])


def on_page_content(html_text, page, config, files):
    """Labs: links under the title, folded answers, typeset math, links to chapters."""
    src = page.file.src_uri
    if src not in _LAB_PAGES:
        return html_text
    words = TEXT[page_language(page)]
    html_text = _MERMAID.sub("", _MATHJAX.sub("", html_text))
    html_text = drop_divs(html_text, _TOOLBAR)  # cell tags are for Jupyter, not for readers
    html_text = fold_answers(html_text, words["answer"])
    html_text = typeset_math(html_text)

    def link(m: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), m[1]))
        file = files.get_file_from_path(target)
        if file is None:  # a warning, as mkdocs gives for Markdown pages (--strict makes it fatal)
            log.warning(f"Doc file '{src}' contains a link '{m[1]}', but the target is not found "
                        "among documentation files.")
            return m[0]
        return f'href="{file.url_relative_to(page.file)}{m[2] or ""}"'

    html_text = _HREF.sub(link, html_text)
    html_text = _DATA_SVG.sub(lambda m: f'src="{files.get_file_from_path(_figure_uri(m[1])).url_relative_to(page.file)}'
                              f'{m[2]}" loading="lazy"', html_text)
    html_text = shared_stylesheet(html_text, page, config)
    # scrollable code and output must be reachable with the keyboard (WCAG 2.1.1)
    html_text = _CODE_DIV.sub('<div tabindex="0" class="highlight-ipynb', html_text)
    html_text = _OUTPUT_PRE.sub(r'\1<pre tabindex="0">', html_text) + NOTEBOOK_CSS
    uri = _NOTEBOOK_OF[src]
    nb_file = files.get_file_from_path(uri)
    links = _links_html(nb_file.url_relative_to(page.file), posixpath.basename(uri), words, "download_lab",
                        github_repo(config.get("repo_url")), uri)
    para = f'<p class="nb-links">{links}</p>'
    end = html_text.find("</h1>")
    if end < 0:
        return para + html_text
    # after the title's Markdown cell, so the links sit between cells
    cell = html_text.rfind('<div class="jp-Cell ', 0, end)
    cut = _div_end(html_text, cell) if cell >= 0 else end + len("</h1>")
    return html_text[:cut] + para + html_text[cut:]
