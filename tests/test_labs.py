"""Lab figures: themed, with alt text, and the same bytes on every build."""

from __future__ import annotations

import base64
import re

import nbformat
import pytest

from book.labs import NotebookError, themed_figures

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
