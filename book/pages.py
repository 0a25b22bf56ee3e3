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
MAX_FRAMES = 16  # frames of one explorable figure: each is an SVG a reader may load
_EXPLORE = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\s*=\s*(?:(?P<first>-?\d+)\s*\.\.\s*(?P<last>-?\d+)|(?P<list>[^=]+))\s*$")
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$")


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
    def explore(self) -> Explore | None:
        """The parameter an explorable figure block varies, or None."""
        return parse_explore(self.attrs["explore"], self.attrs.get("start")) if "explore" in self.attrs else None

    def frame_file(self, value: str) -> str:
        """The SVG of one frame: the default frame is the figure's own file."""
        explore = self.explore
        return self.figure_file if value == explore.default else f"{self.figure}--{explore.name}-{value}.svg"

    @property
    def skip_reason(self) -> str | None:
        return self.attrs.get("reason", "") if "norun" in self.classes else None

    @property
    def is_doctest(self) -> bool:
        return self.code.lstrip().startswith(">>>")

    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Explore:
    """One parameter of an explorable figure: its name, its values (as written) and the default."""

    name: str
    values: tuple[str, ...]
    default: str

    def frames(self) -> list[str]:
        """The values in the order they are drawn: the default last, so later blocks see its state."""
        return [v for v in self.values if v != self.default] + [self.default]


def parse_explore(spec: str, start: str | None = None) -> Explore:
    """Parse ``NAME=A..B`` (integers, both ends included) or ``NAME=V1,V2,...`` (numbers).

    >>> parse_explore("k=1..4"), parse_explore("w=1,2.5,10", start="10").frames()
    (Explore(name='k', values=('1', '2', '3', '4'), default='1'), ['1', '2.5', '10'])
    """
    m = _EXPLORE.match(spec)
    if not m:
        raise ValueError(f"explore={spec!r}: write NAME=A..B (integers) or NAME=V1,V2,... (numbers)")
    name, first, last, listed = m["name"], m["first"], m["last"], m["list"]
    if listed is not None:
        values = tuple(v.strip() for v in listed.split(","))
        if not all(_NUMBER.match(v) for v in values):
            raise ValueError(f"explore={spec!r}: every value must be a number")
    else:
        if int(last) < int(first):
            raise ValueError(f"explore={spec!r}: the range {first}..{last} is empty")
        values = tuple(str(v) for v in range(int(first), int(last) + 1))
    if len(set(values)) != len(values):
        raise ValueError(f"explore={spec!r}: a value is listed twice")
    if len(values) < 2 or len(values) > MAX_FRAMES:
        raise ValueError(f"explore={spec!r}: give 2 to {MAX_FRAMES} values (each is one SVG the reader "
                         f"may load), got {len(values)}")
    default = values[0] if start is None else start.strip()
    if default not in values:
        raise ValueError(f"start={start!r} is not one of the values of explore={spec!r}")
    return Explore(name, values, default)


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
        if "explore" in block.attrs:
            try:
                block.explore
            except ValueError as err:
                raise PageError(f"{where}: figure #{fig}: {err}") from None
    elif "explore" in block.attrs:
        raise PageError(f"{where}: explore= needs a figure block (add .figure, an id, alt and caption)")
    if "norun" in block.classes and not block.attrs.get("reason", "").strip():
        raise PageError(f"{where}: a .norun block must say why (add reason=\"...\")")


def drawn_figure(block: Block):
    """The matplotlib figure a figure block left open; PageError naming page and line if it drew none."""
    import matplotlib.pyplot as plt

    if not plt.get_fignums():
        raise PageError(f"{block.where()}: figure #{block.figure} block drew no figure")
    return plt.gcf()


def run_frames(block: Block, namespace: dict):
    """Run a block once per frame (once if it explores nothing); yield each frame's value, or None.

    The parameter is bound in ``namespace`` (as an int or a float) before each
    run; the default frame runs last, so the blocks after it see its state.
    """
    explore = block.explore
    if explore is None:
        run_block(block, namespace)
        yield None
        return
    for value in explore.frames():
        namespace[explore.name] = int(value) if re.fullmatch(r"-?\d+", value) else float(value)
        run_block(block, namespace)
        yield value


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
