"""The Simplified Chinese edition's term list, and the prose it governs.

``book/terms/zh_hans.toml`` gives one Chinese word for each English term
(``zh``), the other names a reader meets elsewhere (``also``, shown in the
glossary) and what the prose must not say instead (``avoid``, regular
expressions). :func:`prose` keeps the words of a Markdown page a reader
reads, code left out; :func:`misuses` finds every avoided word in them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from book.pages import FENCE_OPEN, parse_info

TERMS = Path(__file__).parent / "terms" / "zh_hans.toml"
SHOWN_ATTRS = ("alt", "caption", "label", "reason")  # fence attributes a reader sees
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    also: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    glossary: str | None = None
    note: str = ""

    @property
    def heading(self) -> str:
        """The Chinese the glossaries show: the term, then its other names in brackets.

        >>> Term("hidden layer", "隐藏层", also=("隐层",)).heading
        '隐藏层（隐层）'
        """
        return self.zh + (f"（{'、'.join(self.also)}）" if self.also else "")


@dataclass(frozen=True)
class Misuse:
    where: int | str  # a line number, or a place in a notebook
    found: str
    term: Term

    def __str__(self) -> str:
        where = f"line {self.where}" if isinstance(self.where, int) else self.where
        return f"{where}: {self.found!r} (say {self.term.zh!r} for {self.term.en!r})"


def load_terms(path: Path = TERMS) -> list[Term]:
    """The term list; ValueError if an entry lacks a field, has a bad pattern or avoids its own word."""
    terms = []
    for n, entry in enumerate(tomllib.loads(path.read_text(encoding="utf-8"))["term"], start=1):
        if not entry.get("en") or not entry.get("zh"):
            raise ValueError(f"{path.name}: entry {n} needs en and zh")
        term = Term(entry["en"], entry["zh"], tuple(entry.get("also", ())), tuple(entry.get("avoid", ())),
                    entry.get("glossary"), entry.get("note", ""))
        for pattern in term.avoid:
            try:
                own = re.search(pattern, term.zh)
            except re.error as err:
                raise ValueError(f"{path.name}: {term.en}: bad pattern {pattern!r}: {err}") from None
            if own:
                raise ValueError(f"{path.name}: {term.en}: {pattern!r} rules out the chosen word {term.zh!r}")
        terms.append(term)
    return terms


def _shown_text(line: str) -> str:
    """A line as read: inline code and link targets removed."""
    return _LINK_TARGET.sub("]", _INLINE_CODE.sub(" ", line))


def prose(markdown: str) -> list[tuple[int, str]]:
    """``(line number, text)`` of what a reader reads: code blocks left out, but the alt text,
    caption and label a block's opening fence gives kept; inline code and link targets left out.

    >>> prose('讲\\n\\n```{ .python .figure #f alt="图" caption="说明" }\\nx = "讲座"\\n```\\n`讲座` 后')
    [(1, '讲'), (3, '图'), (3, '说明'), (6, '  后')]
    """
    found, fence = [], None
    for number, line in enumerate(markdown.splitlines(), start=1):
        if fence:
            if re.match(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", line):
                fence = None
            continue
        opening = FENCE_OPEN.match(line)
        if opening:
            fence = opening["fence"]
            try:
                attrs = parse_info(opening["info"])[2]
            except ValueError:
                attrs = {}
            found += [(number, attrs[a]) for a in SHOWN_ATTRS if a in attrs]
            continue
        if line.strip():
            found.append((number, _shown_text(line)))
    return found


def notebook_prose(cells: list[dict]) -> list[tuple[str, str]]:
    """``(place, text)`` of the Markdown cells of a notebook (its ``cells``), as :func:`prose` reads them.

    >>> notebook_prose([{"cell_type": "code", "source": "x"}, {"cell_type": "markdown", "source": "a\\n\\nb"}])
    [('cell 2, line 1', 'a'), ('cell 2, line 3', 'b')]
    """
    return [(f"cell {n}, line {line}", text) for n, cell in enumerate(cells, start=1)
            if cell["cell_type"] == "markdown" for line, text in prose(cell["source"])]


def misuses(lines: list[tuple[int | str, str]], terms: list[Term]) -> list[Misuse]:
    """Every avoided word in ``lines``; a match inside another term's chosen word does not count
    (``折点`` inside ``转折点`` is not ``折点``'s misuse, but ``转折点`` is one).

    >>> terms = [Term("the lecture", "这一讲", avoid=("讲座",)), Term("knot", "折点", avoid=("转折点",))]
    >>> [str(m) for m in misuses([(4, "讲座里的转折点和折点")], terms)]
    ["line 4: '讲座' (say '这一讲' for 'the lecture')", "line 4: '转折点' (say '折点' for 'knot')"]
    """
    found = []
    for where, text in lines:
        chosen = [(m.start(), m.end()) for t in terms for m in re.finditer(re.escape(t.zh), text)]
        for term in terms:
            for pattern in term.avoid:
                for m in re.finditer(pattern, text):
                    inside = any(a <= m.start() and m.end() <= b and (a, b) != m.span() for a, b in chosen)
                    if not inside:
                        found.append(Misuse(where, m[0], term))
    return found
