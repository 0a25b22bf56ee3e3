"""What a page shows of its blocks: plain fences, each figure below its code, skip notes.

A figure becomes a ``<figure>`` right below the block that drew it: alt
text, caption and the SVG twice, as ``#only-light`` and ``#only-dark``
(Material shows the one of the current theme; the dark one is the same file
in its dark palette, see ``lessons.style``).
"""

from __future__ import annotations

import posixpath

from book.pages import Block, PageError, parse_page


def figure_html(block: Block, page_uri: str, uri: str) -> str:
    """The ``<figure>`` placed below a figure block (Markdown inside HTML)."""
    src = posixpath.relpath(uri, posixpath.dirname(page_uri) or ".")
    alt = block.attrs["alt"].replace("[", "\\[").replace("]", "\\]")
    pad = block.indent
    return (f"\n{pad}<figure markdown=\"span\" id=\"fig-{block.figure}\">\n"
            f"{pad}  ![{alt}]({src}#only-light){{ loading=lazy }} ![{alt}]({src}#only-dark){{ loading=lazy }}\n"
            f"{pad}  <figcaption markdown=\"span\">{block.attrs['caption']}</figcaption>\n"
            f"{pad}</figure>\n")


def mark_up(markdown: str, page_uri: str, figures: dict[str, str], drawn: bool = True) -> str:
    """``markdown`` with fence attributes stripped, figures (id -> site uri) and skip notes added.

    With ``drawn``, a figure block whose figure is missing raises PageError.

    >>> page = '```{ .python .figure #f alt="A" caption="C" }\\nplot()\\n```\\n'
    >>> print(mark_up(page, "ch.md", {"f": "figures/ch/f.svg"}))
    ```python
    plot()
    ```
    <BLANKLINE>
    <figure markdown="span" id="fig-f">
      ![A](figures/ch/f.svg#only-light){ loading=lazy } ![A](figures/ch/f.svg#only-dark){ loading=lazy }
      <figcaption markdown="span">C</figcaption>
    </figure>
    <BLANKLINE>
    <BLANKLINE>
    """
    blocks = parse_page(markdown, f"docs/{page_uri}")
    lines = markdown.splitlines()
    for block in reversed(blocks):  # back to front keeps earlier line numbers valid
        after = ""
        if block.figure and block.figure in figures:
            after = figure_html(block, page_uri, figures[block.figure])
        elif block.skip_reason is not None:
            after = f"\n{block.indent}*This block is not run by the tests: {block.skip_reason}*\n"
        elif block.figure and drawn:
            raise PageError(f"{block.where()}: figure #{block.figure} was not drawn")
        lang = "pycon" if block.is_doctest else "python"
        lines[block.line - 1] = f"{block.indent}{block.fence}{lang}"
        if after:
            lines.insert(block.end_line, after)
    return "\n".join(lines) + "\n"
