"""The labs: executed at build in a Jupyter kernel, cached, their figures themed.

Every ``docs/labs/*.ipynb`` runs in a kernel (``python3``) whose working
directory is the project, and its page shows the executed copy. Executed
copies are cached under ``labs/KEY/`` in the cache root, by a key of the
notebook's bytes, the sources of ``lessons`` and of this module: a change to
``lessons`` runs the labs again (mkdocs-jupyter's own cache only looks at a
notebook's bytes). Stale labs run in the background, one kernel per core. A
cell error names the notebook, the cell number and the traceback.

A translated lab (``labs/x.zh.ipynb``) carries its English lab's code, cell
for cell: it is not run on its own. The English lab's executed copy, with the
translation's Markdown and alt texts, is the translation's executed copy, so
one kernel serves both editions. A translation whose code differs runs on
its own.

Figures leave the kernel as SVG and are shown like the chapters' figures:
one file for both themes (``lessons.style.theme_svg``), shown as
``#only-light`` and ``#only-dark``, with the alt text the drawing cell gives
in its metadata (``"alt"``); a figure without alt text fails. The executed
copy keeps each figure as a data URI, so it stays one self-contained file;
:func:`lab_figures` writes them out as files for the site.
"""

from __future__ import annotations

import base64
import copy
import fnmatch
import hashlib
import html
import importlib.util
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from book import cache, traditional
from book.background import Background
from book.language import untranslated
from book.notebook_files import KERNEL, notebook_bytes

LABS = "labs/*.ipynb"  # src_uri pattern of the labs
CELL_TIMEOUT = 300  # seconds per cell
FIGURES = "figures/labs"  # where the labs' SVGs are served


class NotebookError(Exception):
    """A notebook's cell failed; the message names the notebook and the cell."""


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# The inline backend stamps each SVG with the time it was drawn: dropped, so a lab's figures
# have the same bytes (and names, which are their hash) on every build.
_DATE = re.compile(r"\s*<dc:date>[^<]*</dc:date>")


def kernel_env() -> dict[str, str]:
    """The kernel's environment: inline figures, repeatable hashing, one BLAS thread."""
    path = os.pathsep.join(p for p in (str(cache.PROJECT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": path,
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def execute(nb: nbformat.NotebookNode, label: str, *, timeout: int = CELL_TIMEOUT,
            cwd: Path = cache.PROJECT, svg: bool = False) -> nbformat.NotebookNode:
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
    spec = importlib.util.spec_from_file_location("_why_deep_style", cache.LESSONS / "style.py")
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
            svg = style.theme_svg(_DATE.sub("", svg if isinstance(svg, str) else "".join(svg)))
            data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            imgs = [f'<img class="nb-figure" src="data:image/svg+xml;base64,{data}#only-{theme}" '
                    f'alt="{html.escape(alt, quote=True)}">' for theme in ("light", "dark")]
            output["data"] = {"text/html": "\n".join(imgs), "text/plain": output["data"].get("text/plain", "")}
            output["metadata"] = {}
    return nb


def layout(nb: nbformat.NotebookNode) -> list[tuple[str, str | None]]:
    """What a translation keeps of its lab: the kind of every cell, and the code of the code cells."""
    return [(c.cell_type, c.source if c.cell_type == "code" else None) for c in nb.cells]


def with_prose_of(executed: nbformat.NotebookNode, translation: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of an executed lab with the Markdown cells and the cell metadata (alt texts) of its translation."""
    out = copy.deepcopy(executed)
    for cell, words in zip(out.cells, translation.cells):
        cell.metadata = copy.deepcopy(words.metadata)
        if cell.cell_type == "markdown":
            cell.source = words.source
    return out


def run_lab(source: Path, label: str, targets: dict[Path, tuple[Path, str]]) -> str | None:
    """Execute one lab and write each target (a file, written atomically) from it: the lab
    itself, or a translation with the same layout (``targets``: file -> the notebook it shows
    and its label). Return an error message or None."""
    try:
        nb = nbformat.read(source, as_version=4)
        execute(nb, label, svg=True)
        for target, (shown, shown_label) in targets.items():
            words = nb if shown == source else nbformat.read(shown, as_version=4)
            cache.write_atomically(target, notebook_bytes(themed_figures(with_prose_of(nb, words), shown_label)))
    except NotebookError as err:
        return str(err)
    except Exception as err:  # a broken notebook file or kernel: still name the notebook
        return f"{label}: {type(err).__name__}: {err}"
    return None



DATA_SVG = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)(#only-(?:light|dark))"')


def figure_uri(data: str) -> str:
    """The site uri of a lab figure, named by its bytes (labs may share a figure)."""
    return f"{FIGURES}/{hashlib.sha256(data.encode('ascii')).hexdigest()[:16]}.svg"


def lab_figures(executed: Path) -> dict[str, Path]:
    """The figures of an executed lab: site uri -> an SVG file in the cache (written once)."""
    found = {}
    if executed.suffix != ".ipynb" or not executed.exists():
        return found
    nb = nbformat.read(executed, as_version=4)
    shown = "".join("".join(out.get("data", {}).get("text/html", ""))
                    for cell in nb.cells for out in cell.get("outputs", []))
    for m in DATA_SVG.finditer(shown):
        uri = figure_uri(m[1])
        path = cache.path(cache.LABS) / "figures" / posixpath.basename(uri)
        if not path.exists():
            cache.write_atomically(path, base64.b64decode(m[1]))
        found[uri] = path
    return found


def lab_sources(docs: Path) -> list[tuple[str, Path]]:
    """``(src_uri, path)`` of every lab under the docs folder ``docs``."""
    found = ((p.relative_to(docs).as_posix(), p) for p in docs.glob("**/*.ipynb"))
    return sorted((uri, p) for uri, p in found if fnmatch.fnmatch(uri, LABS))


def runs_with(sources: dict[str, Path]) -> dict[str, str]:
    """The lab each lab is executed with: its English lab if it is a translation with the same
    layout, else itself; a generated lab runs with the lab it is made from."""
    def nb(uri):
        return nbformat.read(sources[uri], as_version=4)

    def lead(uri, other):
        return other if other != uri and other in sources and layout(nb(other)) == layout(nb(uri)) else uri

    leads = {uri: lead(uri, untranslated(uri)) for uri in sources if not traditional.source_uri(uri)}
    made = {uri: traditional.source_uri(uri) for uri in sources if traditional.source_uri(uri)}
    return {**leads, **{uri: leads[lead(uri, src)] if lead(uri, src) in leads else uri for uri, src in made.items()}}


def generated_labs(sources: dict[str, Path]) -> dict[str, Path]:
    """The generated edition's labs (``book.traditional``): for each Simplified lab among ``sources``
    (``src_uri`` -> file), the folder that holds its converted copy as ``folder/src_uri``, written once.
    They run like any translation, with their English lab."""
    found = {}
    for src_uri, path in sources.items():
        made = traditional.generated_uri(src_uri)
        if made:
            folder = cache.path(cache.LABS) / "generated" / cache.key(path.read_bytes(), traditional.digest())
            if not (folder / made).exists():
                nb = traditional.converter().notebook(nbformat.read(path, as_version=4), src_uri)
                cache.write_atomically(folder / made, notebook_bytes(nb))
            found[made] = folder
    return found


@dataclass
class LabRuns:
    """One build's labs: the folder holding each executed copy (as ``folder/src_uri``)."""

    folders: dict[str, Path] = field(default_factory=dict)
    running: Background | None = None
    written: int = 0  # executed copies this build writes

    @classmethod
    def start(cls, docs: Path, execute: bool = True) -> LabRuns:
        """Start executing the labs that are not in the cache, in the background; a lab and its
        translations (the generated edition's too) run in one kernel.

        Without ``execute`` nothing runs: a lab's page shows the notebook as
        written; only the generated labs get a folder, holding their converted copy.
        """
        runs, jobs = cls(), {}
        tooling = cache.source_digest(cache.LESSONS, Path(__file__))
        sources = dict(lab_sources(docs))
        generated = generated_labs(sources)
        sources.update({made: folder / made for made, folder in generated.items()})
        if not execute:
            runs.folders.update(generated)
            return runs
        for src_uri, lead in runs_with(sources).items():
            folder = cache.path(cache.LABS) / cache.key(sources[src_uri].read_bytes(), tooling)
            runs.folders[src_uri] = folder
            if not (folder / src_uri).exists():
                jobs.setdefault(lead, {})[folder / src_uri] = (sources[src_uri], f"docs/{src_uri}")
                runs.written += 1
        runs.running = Background({lead: (lambda p=sources[lead], lbl=f"docs/{lead}", t=targets: run_lab(p, lbl, t))
                                   for lead, targets in jobs.items()}, "lab")
        return runs

    def wait(self) -> list[str]:
        """Wait for the labs that run; the error of each that failed."""
        return self.running.errors() if self.running else []

    def counts(self) -> tuple[int, int, float]:
        """How many labs ran, how many came from the cache, and the seconds since they started."""
        return self.written, len(self.folders) - self.written, self.running.seconds() if self.running else 0.0


def lab_dest(src_uri: str, language_dir: str, use_directory_urls: bool) -> str:
    """Where a lab's page is written: ``labs/x/index.html`` (under ``LOCALE/`` in that edition).

    >>> lab_dest("labs/relu-curves.zh-TW.ipynb", "zh-TW/", True), lab_dest("labs/a.ipynb", "", False)
    ('zh-TW/labs/relu-curves/index.html', 'labs/a.html')
    """
    stem = untranslated(src_uri)[: -len(".ipynb")]
    return language_dir + stem + ("/index.html" if use_directory_urls and posixpath.basename(stem) != "index"
                                  else ".html")
