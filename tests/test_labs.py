"""Lab figures: themed, with alt text, and the same bytes on every build; a translated lab shown
with its English lab's outputs."""

from __future__ import annotations

import base64
import re

import nbformat
import pytest

from book.labs import LabRuns, NotebookError, themed_figures

SVG = ('<svg xmlns="http://www.w3.org/2000/svg"><metadata><rdf:RDF><cc:Work>'
       "<dc:date>{when}</dc:date></cc:Work></rdf:RDF></metadata>"
       '<g id="figure_1"><path style="stroke: #1f5fbf"/></g></svg>')


def figure_notebook(when: str, alt: str = "A line") -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("plot()", metadata={"alt": alt})
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/svg+xml": SVG.format(when=when),
                                                                  "text/plain": "<Figure>"})]
    return nbformat.v4.new_notebook(cells=[cell])


def shown(nb) -> str:
    return nb.cells[0].outputs[0]["data"]["text/html"]


def test_a_figure_drawn_at_another_time_has_the_same_bytes():
    early, late = (shown(themed_figures(figure_notebook(t), "lab")) for t in ("2026-01-01T10:00", "2026-06-30T23:59"))
    assert early == late
    svg = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)#only-light", early)[1]).decode()
    assert "dc:date" not in svg and "#only-dark:target" in svg


def test_both_themes_and_the_alt_text_are_shown():
    html = shown(themed_figures(figure_notebook("now", alt='Two "ramps"'), "lab"))
    assert html.count('alt="Two &quot;ramps&quot;"') == 2
    assert "#only-light" in html and "#only-dark" in html


def test_a_figure_without_alt_text_names_the_notebook_and_cell():
    with pytest.raises(NotebookError, match=r"docs/labs/x.ipynb: cell 1 draws a figure but has no alt text"):
        themed_figures(figure_notebook("now", alt=" "), "docs/labs/x.ipynb")


def write_lab(path, title: str, code: str) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(title), nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for n, cell in enumerate(nb.cells):
        cell.id = f"c{n}"
    nbformat.write(nb, path)


def executed(runs: LabRuns, uri: str):
    return nbformat.read(runs.folders[uri] / uri, as_version=4)


def test_a_translated_lab_is_shown_with_its_english_labs_outputs(tmp_path, monkeypatch):
    """One kernel serves a lab and its translations (the generated one too): all show the same random
    number. A translation whose code differs runs its own code, with the lab generated from it."""
    monkeypatch.setenv("BOOK_CACHE", str(tmp_path / "cache"))
    labs = tmp_path / "docs" / "labs"
    labs.mkdir(parents=True)
    random = "import os\nprint(os.urandom(8).hex())"
    write_lab(labs / "a.ipynb", "# Lab: a", random)
    write_lab(labs / "a.zh.ipynb", "# 实验：a", random)
    write_lab(labs / "b.ipynb", "# Lab: b", "print('english')")
    write_lab(labs / "b.zh.ipynb", "# 实验：b", "print('中文')")
    runs = LabRuns.start(tmp_path / "docs")
    assert runs.wait() == [] and runs.counts()[:2] == (6, 0)
    assert runs.running.count == 3, "a, b and b.zh: the generated labs run with the labs they are made from"
    en, zh, tw = (executed(runs, f"labs/a{lang}.ipynb") for lang in ("", ".zh", ".zh-TW"))
    assert zh.cells[0].source == "# 实验：a" and en.cells[0].source == "# Lab: a" and tw.cells[0].source == "# 實驗：a"
    assert zh.cells[1].outputs == en.cells[1].outputs == tw.cells[1].outputs and en.cells[1].outputs[0]["text"].strip()
    assert executed(runs, "labs/b.zh.ipynb").cells[1].outputs[0]["text"] == "中文\n"
    assert executed(runs, "labs/b.zh-TW.ipynb").cells[1].outputs == executed(runs, "labs/b.zh.ipynb").cells[1].outputs
    again = LabRuns.start(tmp_path / "docs")
    assert again.wait() == [] and again.counts()[:2] == (0, 6)
