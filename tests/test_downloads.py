"""What a reader with only the website gets: lessons as a wheel, notebooks that install it.

The slow test here is the reader's path itself: a fresh virtual environment
with nothing but numpy, matplotlib, nbclient and ipykernel, a chapter and a
lab downloaded over HTTP from a served copy of the built site, unzipped in a
folder outside the project and executed from top to bottom.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import urllib.request
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import nbformat
import pytest

from book.notebook_files import missing, saved_zip
from book.package import distributions, metadata, wheel_name
from tests.helpers import ROOT

RUN = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
nbformat.write(nb, sys.argv[1])
"""
READER = ["numpy", "matplotlib", "nbclient", "ipykernel"]


def test_the_package_builds_as_a_wheel_and_an_sdist():
    dists = distributions()
    assert sorted(p.name for p in dists) == sorted([wheel_name(), f"why_deep_lessons-{metadata()['version']}.tar.gz"])
    names = zipfile.ZipFile(next(p for p in dists if p.suffix == ".whl")).namelist()
    assert "lessons/__init__.py" in names and "lessons/sawtooth.py" in names
    assert not [n for n in names if n.startswith(("book/", "hooks/", "tests/", "docs/"))], "only lessons ships"
    assert distributions() == dists, "built once, then taken from the cache"


def test_a_download_that_imports_what_the_reader_lacks_fails():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import lessons, numpy\n%matplotlib inline"),
                                         nbformat.v4.new_code_cell("from torch import nn\nimport os.path")])
    assert missing(nb) == ["torch"]
    with pytest.raises(ValueError, match=r"docs/notebooks/x.ipynb: the download would not run: it imports torch"):
        saved_zip(nb, "x.ipynb", "docs/notebooks/x.ipynb")


@pytest.fixture(scope="module")
def served(built_site):
    site, _, _ = built_site
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.site
@pytest.mark.parametrize("download", ["notebooks/why-hidden-layer.zh.zip", "notebooks/why-hidden-layer.zh-TW.zip",
                                      "notebooks/labs/counting-pieces.zip", "notebooks/labs/counting-pieces.zh.zip",
                                      "notebooks/labs/counting-pieces.zh-TW.zip"])
def test_a_reader_runs_a_download_in_a_clean_environment(served, download, tmp_path_factory):
    venv = tmp_path_factory.getbasetemp() / "reader-venv"
    python = venv / "bin" / "python"
    if not python.exists():  # one environment for every download (module scope would need its own fixture)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
                              "-c", str(ROOT / "requirements.lock"), *READER], capture_output=True, text=True)
        assert pip.returncode == 0, pip.stderr[-3000:]
    folder = tmp_path_factory.mktemp("reader")
    with urllib.request.urlopen(f"{served}/{download}") as answer:
        zipfile.ZipFile(io.BytesIO(answer.read())).extractall(folder)
    notebook = next(folder.glob("*.ipynb"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run([str(python), "-c", RUN, notebook.name], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    where = subprocess.run([str(python), "-c", "import lessons; print(lessons.__file__)"], cwd=tmp_path_factory.mktemp("x"),
                           capture_output=True, text=True, env=env)
    assert str(venv) in where.stdout and str(ROOT) not in where.stdout, "lessons came from the wheel"
    ran = nbformat.read(notebook, as_version=4)
    assert all(c.get("outputs") is not None for c in ran.cells if c.cell_type == "code")


def test_the_package_is_ready_for_the_package_index(tmp_path):
    """``python -m build`` on what the package is made of, then ``twine check``, both clean."""
    from book.package import copy_sources

    src = tmp_path / "src"
    src.mkdir()
    copy_sources(src)
    out = tmp_path / "dist"
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    dists = sorted(str(p) for p in out.iterdir())
    assert len(dists) == 2
    check = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *dists], capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count("PASSED") == 2, check.stdout + check.stderr
