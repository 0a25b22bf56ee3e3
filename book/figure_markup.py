"""What a page shows of its blocks: plain fences, each figure below its code, skip notes.

A figure becomes a ``<figure>`` right below the block that drew it: alt
text, caption and the SVG twice, as ``#only-light`` and ``#only-dark``
(Material shows the one of the current theme; the dark one is the same file
in its dark palette, see ``lessons.style``), each a link to the file itself.

An explorable figure (``explore="k=1..8"``) shows its default frame the same
way, followed by a control: a labelled range input over the frames, with the
current value announced, that ``assets/javascripts/explore.js`` reveals and
wires up. Without JavaScript the control stays hidden and the default frame
shows; the other frames are fetched only when the reader picks them.
"""

from __future__ import annotations

import html
import json
import posixpath

from book.language import language, words
from book.pages import Block, parse_page


def figure_html(block: Block, page_uri: str, uri: str) -> str:
    """The ``<figure>`` placed below a figure block (Markdown inside HTML).

    Each copy is a link to itself (the same URL, fragment kept), so a reader
    can open the figure alone, at full size, in the theme it is shown in.

    >>> b = parse_page('```{ .python .figure #f alt="A [b]" caption="C" }\\nx\\n```')[0]
    >>> print(figure_html(b, "ch/index.md", "figures/ch/f.svg"))
    <BLANKLINE>
    <figure markdown="span" id="fig-f">
      [![A \\[b\\]](../figures/ch/f.svg#only-light){ loading=lazy }](../figures/ch/f.svg#only-light) [![A \\[b\\]](../figures/ch/f.svg#only-dark){ loading=lazy }](../figures/ch/f.svg#only-dark)
      <figcaption markdown="span">C</figcaption>
    </figure>
    <BLANKLINE>
    """
    src = posixpath.relpath(uri, posixpath.dirname(page_uri) or ".")
    alt = block.attrs["alt"].replace("[", "\\[").replace("]", "\\]")
    pad = block.indent
    light, dark = f"{src}#only-light", f"{src}#only-dark"
    return (f"\n{pad}<figure markdown=\"span\" id=\"fig-{block.figure}\">\n"
            f"{pad}  [![{alt}]({light}){{ loading=lazy }}]({light}) [![{alt}]({dark}){{ loading=lazy }}]({dark})\n"
            f"{pad}  <figcaption markdown=\"span\">{block.attrs['caption']}</figcaption>\n"
            f"{pad}</figure>\n")


def control_html(block: Block) -> str:
    """The range input of an explorable figure; the frames' file names travel in data attributes.

    >>> b = parse_page('```{ .python .figure #f alt="A" caption="C" explore="k=1..3" label="layers" }\\nx\\n```')[0]
    >>> print(control_html(b))
    <BLANKLINE>
    <div class="explore-control" data-figure="fig-f" data-name="k" data-values='["1", "2", "3"]' data-files='["f.svg", "f--k-2.svg", "f--k-3.svg"]' hidden>
      <label for="explore-f">layers</label>
      <input type="range" id="explore-f" min="0" max="2" step="1" value="0" aria-valuetext="k = 1">
      <output for="explore-f">k = 1</output>
    </div>
    <BLANKLINE>
    """
    explore, pad, fig = block.explore, block.indent, block.figure
    values = list(explore.values)
    files = [block.frame_file(v) for v in values]
    at, label = values.index(explore.default), html.escape(block.attrs.get("label", explore.name))
    now = f"{explore.name} = {explore.default}"

    def data(items: list[str]) -> str:
        return html.escape(json.dumps(items), quote=False).replace("'", "&#x27;")

    return (f"\n{pad}<div class=\"explore-control\" data-figure=\"fig-{fig}\" data-name=\"{explore.name}\" "
            f"data-values='{data(values)}' data-files='{data(files)}' hidden>\n"
            f"{pad}  <label for=\"explore-{fig}\">{label}</label>\n"
            f"{pad}  <input type=\"range\" id=\"explore-{fig}\" min=\"0\" max=\"{len(values) - 1}\" step=\"1\" "
            f"value=\"{at}\" aria-valuetext=\"{now}\">\n"
            f"{pad}  <output for=\"explore-{fig}\">{now}</output>\n"
            f"{pad}</div>\n")


def mark_up(markdown: str, page_uri: str, folder: str | None) -> str:
    """``markdown`` with fence attributes stripped, skip notes and, when ``folder`` holds them, figures.

    >>> print(mark_up('```{ .python .norun reason="needs a GPU" }\\ntrain()\\n```\\n', "ch.zh.md", None))
    ```python
    train()
    ```
    <BLANKLINE>
    *测试不运行这段代码：needs a GPU*
    <BLANKLINE>
    <BLANKLINE>
    >>> page = '```{ .python .figure #f alt="A" caption="C" }\\nplot()\\n```\\n'
    >>> print(mark_up(page, "ch.md", "figures/ch"))
    ```python
    plot()
    ```
    <BLANKLINE>
    <figure markdown="span" id="fig-f">
      [![A](figures/ch/f.svg#only-light){ loading=lazy }](figures/ch/f.svg#only-light) [![A](figures/ch/f.svg#only-dark){ loading=lazy }](figures/ch/f.svg#only-dark)
      <figcaption markdown="span">C</figcaption>
    </figure>
    <BLANKLINE>
    <BLANKLINE>
    """
    blocks = parse_page(markdown, f"docs/{page_uri}")
    lines = markdown.splitlines()
    not_tested = words(language(page_uri))["not_tested"]
    for block in reversed(blocks):  # back to front keeps earlier line numbers valid
        after = ""
        if block.skip_reason is not None:
            after = f"\n{block.indent}*{not_tested}{block.skip_reason}*\n"
        elif block.figure and folder is not None:
            after = figure_html(block, page_uri, f"{folder}/{block.figure_file}")
            if block.explore:
                after += control_html(block)
        lang = "pycon" if block.is_doctest else "python"
        lines[block.line - 1] = f"{block.indent}{block.fence}{lang}"
        if after:
            lines.insert(block.end_line, after)
    return "\n".join(lines) + "\n"
