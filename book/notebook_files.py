"""Notebooks as files: a new notebook, its bytes, the setup cell, the copy readers download."""

from __future__ import annotations

import copy

import nbformat

from book import cache

KERNEL = "python3"
ANSWER_TAG = "answer"  # cells holding a reference solution
SETUP_TAG = "setup"  # the cell that imports lessons (rewritten for downloads)


def setup_source(repo_url: str | None) -> str:
    """The first code cell of every notebook: make ``import lessons`` work."""
    head = "# Setup: the code calls the book's small package `lessons` (numpy and matplotlib only).\n"
    if repo_url:
        url = repo_url.rstrip("/")
        return (head + "try:\n    import lessons\nexcept ImportError:  # not installed here (e.g. on Colab)\n"
                f'    %pip install --quiet "git+{url}"\n    import lessons')
    return (head + "# If the import fails, install the package from the book's source folder\n"
            "# with `pip install -e .` and restart the kernel.\n"
            "try:\n    import lessons\nexcept ImportError as err:\n"
            "    raise ImportError(\"install the book's package first: \"\n"
            "                      \"run `pip install -e .` in the book's source folder\") from err")


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


def download_copy(nb: nbformat.NotebookNode, repo_url: str | None) -> nbformat.NotebookNode:
    """A lab as readers download it: no outputs, setup cell for this site's repository."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if SETUP_TAG in cell.metadata.get("tags", []):
                cell.source = setup_source(repo_url)
    return nb


def saved_download(nb: nbformat.NotebookNode):
    """A file in the cache holding ``nb``, to be served as a download.

    Its name does not end in ``.ipynb``, so mkdocs-jupyter does not turn the
    download into a page.
    """
    data = notebook_bytes(nb)
    path = cache.path(cache.DOWNLOADS) / f"{cache.key(data)}.ipynb-download"
    if not path.exists():
        cache.write_atomically(path, data)
    return path
