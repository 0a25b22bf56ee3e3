"""The code on a page: find its Python blocks and run them.

One parser serves the build (``book.render``), the tests (sybil) and the
chapter notebooks, so all three agree on what a page's code is. A block is any
fenced block whose language is ``python``, ``py`` or ``pycon``, written plainly
(```` ```python ````) or in the brace form that carries attributes::

    ```{ .python .figure #sigmoid-steps alt="..." caption="..." }
    ```

A block whose first line starts with ``>>>`` is a doctest: its printed output
is checked. ``.figure`` blocks must leave a matplotlib figure open; ``.norun``
blocks are skipped and must give a ``reason``, which the page shows.
"""

from __future__ import annotations

import doctest
import io
import re
import shlex
import textwrap
from dataclasses import dataclass, field

PYTHON_LANGS = {"python", "py", "pycon", "python3"}
# The opening line of a fence, shared with the notebook export.
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
_BAD_OPEN = re.compile(r"^[ \t]*`{3,}[ \t]*\{[^\n]*`")
_FIGURE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DOCTEST_FLAGS = doctest.ELLIPSIS


class PageError(Exception):
    """A page's code is malformed or failed; the message names page and line."""


@dataclass(frozen=True)
class Block:
    """One fenced Python block of a page."""

    path: str  # the page, as given to parse_page
    line: int  # 1-based line of the opening fence
    end_line: int  # 1-based line of the closing fence
    start: int  # character offsets of the whole fence, for sybil
    end: int
    indent: str
    fence: str
    code: str  # dedented source
    classes: tuple[str, ...] = ()
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def figure(self) -> str | None:
        """The figure's id if this block draws a figure, else None."""
        return self.attrs.get("id") if "figure" in self.classes else None

    @property
    def figure_file(self) -> str:
        """The name of the SVG the renderer saves for this figure block."""
        return f"{self.figure}.svg"

    @property
    def skip_reason(self) -> str | None:
        return self.attrs.get("reason", "") if "norun" in self.classes else None

    @property
    def is_doctest(self) -> bool:
        return self.code.lstrip().startswith(">>>")

    def where(self) -> str:
        return f"{self.path}:{self.line}"


def parse_info(info: str) -> tuple[str, tuple[str, ...], dict[str, str]]:
    """Split a fence's info string into (language, classes, attributes).

    >>> parse_info('python')
    ('python', (), {})
    >>> parse_info('{ .python .figure #relu-sum alt="Two ReLUs" }')
    ('python', ('figure',), {'alt': 'Two ReLUs', 'id': 'relu-sum'})
    """
    info = info.strip()
    if not (info.startswith("{") and info.endswith("}")):
        lang = info.split()[0].lower() if info else ""
        return lang, (), {}
    lang, classes, attrs = "", [], {}
    for token in shlex.split(info[1:-1]):
        if token.startswith("."):
            if lang:
                classes.append(token[1:])
            else:
                lang = token[1:].lower()
        elif token.startswith("#"):
            attrs["id"] = token[1:]
        elif "=" in token:
            key, value = token.split("=", 1)
            attrs[key] = value
        else:
            raise ValueError(f"unexpected token {token!r} in fence {info!r}")
    return lang, tuple(classes), dict(sorted(attrs.items()))


def parse_page(text: str, path: str = "<page>") -> list[Block]:
    """Return the Python blocks of a Markdown page in order.

    Fences may be indented (inside admonitions, tabs or collapsed solutions).
    A malformed figure block raises PageError naming the page and line.

    >>> page = "Intro\\n\\n```python\\nx = 1\\n```\\n"
    >>> [(b.line, b.code) for b in parse_page(page)]
    [(3, 'x = 1\\n')]
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln))
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i].rstrip("\n"))
        if not m:
            if _BAD_OPEN.match(lines[i]):
                raise PageError(f"{path}:{i + 1}: a backtick fence's attributes may not contain backticks "
                                "(Markdown would show it as text); use quotes or *emphasis* instead")
            i += 1
            continue
        indent, fence, info = m["indent"], m["fence"], m["info"]
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j].rstrip("\n")):
            j += 1
        if j == len(lines):
            raise PageError(f"{path}:{i + 1}: code fence is never closed")
        try:
            lang, classes, attrs = parse_info(info)
        except ValueError as err:
            raise PageError(f"{path}:{i + 1}: {err}") from None
        if lang in PYTHON_LANGS:
            body = "".join(ln[len(indent):] if ln.startswith(indent) else ln.lstrip() for ln in lines[i + 1 : j])
            block = Block(path, i + 1, j + 1, offsets[i], offsets[j + 1], indent, fence,
                          textwrap.dedent(body), classes, attrs)
            _check(block)
            blocks.append(block)
        i = j + 1
    ids = [b.figure for b in blocks if b.figure]
    dupes = sorted({x for x in ids if ids.count(x) > 1})
    if dupes:
        raise PageError(f"{path}: figure ids used twice: {', '.join(dupes)}")
    return blocks


def _check(block: Block) -> None:
    where = block.where()
    if "figure" in block.classes:
        fig = block.attrs.get("id", "")
        if not _FIGURE_ID.match(fig):
            raise PageError(f"{where}: a figure block needs an id like #relu-sum (lowercase, digits, dashes), got {fig!r}")
        if not block.attrs.get("alt", "").strip():
            raise PageError(f"{where}: figure #{fig} has no alt text (add alt=\"...\" to the fence)")
        if not block.attrs.get("caption", "").strip():
            raise PageError(f"{where}: figure #{fig} has no caption (add caption=\"...\" to the fence)")
    if "norun" in block.classes and not block.attrs.get("reason", "").strip():
        raise PageError(f"{where}: a .norun block must say why (add reason=\"...\")")


def drawn_figure(block: Block):
    """The matplotlib figure a figure block left open; PageError naming page and line if it drew none."""
    import matplotlib.pyplot as plt

    if not plt.get_fignums():
        raise PageError(f"{block.where()}: figure #{block.figure} block drew no figure")
    return plt.gcf()


def run_block(block: Block, namespace: dict) -> None:
    """Run one block in ``namespace``; raise PageError with page, line and traceback.

    Code is compiled under the page's own file name, padded so that traceback
    line numbers are line numbers of the Markdown file.
    """
    if block.is_doctest:
        _run_doctest(block, namespace)
        return
    source = "\n" * block.line + block.code
    try:
        exec(compile(source, block.path, "exec"), namespace)
    except Exception as err:  # any failure of page code is the page's error
        import traceback

        tb = "".join(traceback.format_exception(type(err), err, err.__traceback__.tb_next))
        raise PageError(f"{block.where()}: this block raised\n{tb}") from None


def _run_doctest(block: Block, namespace: dict) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.code, {}, block.where(), block.path, block.line)
    test.globs = namespace  # share the page's namespace both ways
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS)
    result = runner.run(test, out=out.write, clear_globs=False)
    if result.failed:
        raise PageError(f"{block.where()}: example output differs\n{out.getvalue()}")
