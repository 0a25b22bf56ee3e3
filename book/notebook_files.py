"""Notebooks as files: a new notebook, its bytes, the setup cell, the copies readers download.

Every notebook is offered twice: as a plain ``.ipynb`` and as a ``.zip`` that
also holds the wheel of ``lessons``, so that a reader with only the website,
Python, numpy, matplotlib and Jupyter runs it offline. The setup cell
installs the package from that wheel when ``import lessons`` fails.
"""

from __future__ import annotations

import ast
import copy
import io
import sys
import zipfile
from pathlib import Path

import nbformat

from book import cache
from book.language import localized

KERNEL = "python3"
ANSWER_TAG = "answer"  # cells holding a reference solution
SETUP_TAG = "setup"  # the cell that imports lessons (rewritten for downloads)
READER_HAS = {"numpy", "matplotlib", "lessons", "IPython"}  # what a reader of a download needs besides Python


SETUP = {
    "en": ("# Setup: the code calls the book's small package `lessons` (numpy and matplotlib only).\n"
           "# If it is missing, this cell installs it: from the wheel that comes with the notebook\n"
           "# in the book's .zip download, or else from {where}.\n",
           "could not install the book's package `lessons`. Download this notebook from the book as a .zip "
           "(it carries the package), unzip it and open the notebook in that folder; or run: pip install {name}"),
    "zh": ("# 准备：本笔记本的代码调用本书的小程序包 `lessons`（只依赖 numpy 和 matplotlib）。\n"
           "# 如果还没有安装，这个单元格会自动安装：优先使用本书 .zip 下载中随笔记本附带的 wheel 文件，\n"
           "# 否则从{where}安装。\n",
           "无法安装本书的程序包 lessons。请在书中下载本笔记本的 .zip 版本（其中附带程序包），"
           "解压后在那个文件夹里打开笔记本；或者运行：pip install {name}"),
}
WHERE = {"en": ("the book's website", "the package index (PyPI)"), "zh": ("本书网站", " PyPI ")}


def setup_source(lang: str = "en", site_url: str | None = None) -> str:
    """The first code cell of every notebook: make ``import lessons`` work, with messages in ``lang``.

    ``lessons`` comes from a wheel beside the notebook (the .zip download, which
    works offline), else from the site (when its URL is known), else from PyPI.
    """
    from book.package import metadata, wheel_name

    name, version = metadata()["name"], metadata()["version"]
    source = f"{site_url.rstrip('/')}/downloads/{wheel_name()}" if site_url else f"{name}=={version}"
    head, error = localized(SETUP, lang)
    where = localized(WHERE, lang)[0 if site_url else 1]
    return (head.format(where=where) + "try:\n    import lessons\nexcept ImportError:\n"
            "    import glob, subprocess, sys\n"
            f'    wheels = sorted(glob.glob("{name.replace("-", "_")}-*.whl"))\n'
            f'    source = wheels[-1] if wheels else "{source}"\n'
            '    if subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", source]).returncode:\n'
            f"        raise ImportError({error.format(name=name)!r}) from None\n"
            "    import lessons")


def new_notebook(cells: list) -> nbformat.NotebookNode:
    """A Python 3 notebook holding ``cells``, with stable cell ids."""
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"name": KERNEL, "display_name": "Python 3 (ipykernel)", "language": "python"},
                   "language_info": {"name": "python"}}
    for n, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{n}"
    return nb


def notebook_bytes(nb: nbformat.NotebookNode) -> bytes:
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def download_copy(nb: nbformat.NotebookNode, lang: str, site_url: str | None) -> nbformat.NotebookNode:
    """A lab as readers download it: no outputs, the setup cell for this site and language."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if SETUP_TAG in cell.metadata.get("tags", []):
                cell.source = setup_source(lang, site_url)
    return nb


def imports(nb: nbformat.NotebookNode) -> set[str]:
    """The top-level modules the code cells import (IPython's ``%`` and ``!`` lines skipped)."""
    found = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code = "\n".join(ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def missing(nb: nbformat.NotebookNode) -> list[str]:
    """What a notebook imports that neither Python, nor numpy and matplotlib, nor its .zip provides."""
    return sorted(imports(nb) - set(sys.stdlib_module_names) - READER_HAS)


def saved_download(nb: nbformat.NotebookNode) -> Path:
    """A file in the cache holding ``nb``, to be served as a download.

    Its name does not end in ``.ipynb``, so mkdocs-jupyter does not turn the
    download into a page.
    """
    data = notebook_bytes(nb)
    path = cache.path(cache.DOWNLOADS) / f"{cache.key(data)}.ipynb-download"
    if not path.exists():
        cache.write_atomically(path, data)
    return path


def saved_zip(nb: nbformat.NotebookNode, name: str, label: str) -> Path:
    """A .zip in the cache holding ``name`` (the notebook) and the ``lessons`` wheel; the build
    stops (naming the notebook) if the notebook imports what neither holds."""
    from book.package import distributions

    gone = missing(nb)
    if gone:
        raise ValueError(f"{label}: the download would not run: it imports {', '.join(gone)}, which a reader "
                         "with numpy, matplotlib and the book's package does not have")
    wheel = next(p for p in distributions() if p.suffix == ".whl")
    data = notebook_bytes(nb)
    path = cache.path(cache.DOWNLOADS) / f"{cache.key(data, wheel.read_bytes(), name)}.zip"
    if not path.exists():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for arcname, content in ((name, data), (wheel.name, wheel.read_bytes())):
                z.writestr(zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0)), content)
        cache.write_atomically(path, buffer.getvalue())
    return path


def download_files(nb: nbformat.NotebookNode, uri: str) -> dict[str, Path]:
    """The site uris of a notebook's downloads (``uri``, the .ipynb, and the .zip) and their files."""
    zipped = uri[: -len(".ipynb")] + ".zip"
    return {uri: saved_download(nb), zipped: saved_zip(nb, uri.rsplit("/", 1)[-1], f"docs/{uri}")}
