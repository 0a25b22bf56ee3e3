"""The 繁體中文 (Taiwan) edition, generated from the Simplified pages, never edited by hand.

A Simplified page ``x.zh.md`` becomes ``x.zh-TW.md`` (a lab ``labs/x.zh.ipynb``,
``labs/x.zh-TW.ipynb``) in four steps:

1. the page's rewrites (``book/terms/zh_tw_overrides.toml``) replace whole
   sentences that need rewording rather than converting;
2. what is not prose is set aside and comes back unchanged: code blocks (of a
   figure block's opening line only the alt text, caption, control label and
   skip reason are prose), inline code, math (but the words of ``\\text{...}``),
   link targets and URLs, HTML tags, attribute lists such as heading anchors;
3. the term list (``book/terms/zh_tw.toml``) puts the book's Taiwan words in
   place of Simplified ones, before OpenCC can read them wrongly (``参数表示``
   split as ``参数表`` + ``示``, ``更复杂`` as ``更复`` + ``杂``);
4. OpenCC's ``s2twp`` converts the rest: characters, Taiwan variants, phrases.

Code, figures and anchors are therefore the same as in the other editions.

>>> c = Converter({"参数": "參數", "“": "「", "”": "」"}, [])
>>> print(c.markdown('## 参数表示 {#params}\\n\\n“网络”的 `参数` 与 $\\\\text{参数} x$ 见[视频](https://a.b/c).\\n'))
## 參數表示 {#params}
<BLANKLINE>
「網路」的 `参数` 與 $\\text{參數} x$ 見[影片](https://a.b/c).
<BLANKLINE>
>>> print(c.markdown('```{ .python .figure #f alt="网络" caption="看 $x$" }\\nprint("参数")\\n```'))
```{ .python .figure #f alt="網路" caption="看 $x$" }
print("参数")
```
"""

from __future__ import annotations

import copy
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from book import cache
from book.cache import PROJECT
from book.pages import FENCE_OPEN

SOURCE, LOCALE = "zh", "zh-TW"  # the edition generated, and the one it is generated from
TERMS = PROJECT / "book" / "terms" / "zh_tw.toml"
OVERRIDES = PROJECT / "book" / "terms" / "zh_tw_overrides.toml"
OPENCC_CONFIG = "s2twp"

_SLOT = 0xF0000  # Supplementary Private Use Area-A: one character stands for one piece set aside
_SLOTS = re.compile("[\U000F0000-\U000FFFFD]")
_SUFFIX = re.compile(rf"\.{re.escape(SOURCE)}\.(md|ipynb)$")
_GENERATED = re.compile(rf"\.{re.escape(LOCALE)}\.(md|ipynb)$")

# Not prose, within a page (fenced blocks are found line by line first).
_ASIDE = re.compile(r"""
    (?P<code>(?P<ticks>`+)[^\n]*?(?P=ticks))                  # inline code
  | (?P<math>\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)              # math: display, \[ \], \( \)
      |(?<![\\$])\$(?![\s$])(?:\\.|[^\\$\n])+?(?<![\s\\])\$)  #   and inline $...$
  | <!--.*?-->                                                # comments
  | </?[A-Za-z][^<>\n]*>                                      # HTML tags and <https://...> links, whole
  | \]\([^)\s]*(?:[ \t]+"[^"\n]*")?\)                          # a link's target
  | \]\[[^\]\n]*\]                                            # a reference link's label
  | ^[ \t]*\[[^\]\n]+\]:[^\n]*                                # reference definitions
  | \[\^[^\]\n]+\]                                            # footnote labels
  | \{:?[ \t]*(?:[#.]|[\w-]+=)[^}\n]*\}                       # attribute lists: {#anchor}, { download=... }
  | https?://[\x21-\x7e]+                                     # bare URLs (ASCII: a Han character ends one)
  | ^[ \t]*--8<--[^\n]*                                       # snippets
""", re.X | re.S | re.M)
# Inside math only the words of these commands are prose.
_MATH_WORDS = re.compile(r"(\\(?:text|textrm|textbf|textit|mbox)\{)([^{}]*)(\})")
# Of a fence's opening line, these attributes are prose; the rest (id, classes, explore...) is code.
_FENCE_PROSE = re.compile(r'(\b(?:alt|caption|label|reason)=")((?:\\.|[^"\\])*)(")')


class TermError(ValueError):
    """The term list or the override file is malformed, or an override no longer matches its page."""


@dataclass(frozen=True)
class Rewrite:
    """One sentence of a Simplified page that is rewritten rather than converted."""

    page: str  # the Simplified page, e.g. ``why-deep.zh.md``
    simplified: str
    traditional: str


class _Aside:
    """Pieces set aside while the prose around them is converted, each replaced by one character."""

    def __init__(self, text: str):
        if _SLOTS.search(text):
            raise TermError("the text already holds characters of the Supplementary Private Use Area-A")
        self.pieces: list[str] = []

    def keep(self, piece: str) -> str:
        self.pieces.append(piece)
        return chr(_SLOT + len(self.pieces) - 1)

    def restore(self, text: str) -> str:
        return _SLOTS.sub(lambda m: self.pieces[ord(m[0]) - _SLOT], text)


class Converter:
    """Simplified to Taiwan Traditional: the book's terms first, then OpenCC (``s2twp``)."""

    def __init__(self, terms: dict[str, str], rewrites: list[Rewrite], config: str = OPENCC_CONFIG):
        import opencc

        self.terms, self.rewrites = dict(terms), list(rewrites)
        self.opencc = opencc.OpenCC(config)
        keys = sorted(self.terms, key=len, reverse=True)  # the longest term wins where terms overlap
        self._terms = re.compile("|".join(map(re.escape, keys))) if keys else None

    def _convert(self, text: str, aside: _Aside) -> str:
        """Terms set aside in their Taiwan form, then OpenCC on the rest (set-aside pieces stay put)."""
        if self._terms is not None:
            text = self._terms.sub(lambda m: aside.keep(self.terms[m[0]]), text)
        return self.opencc.convert(text)

    def text(self, text: str) -> str:
        """Plain text (a title, a sentence the build adds): terms, then OpenCC.

        >>> Converter({"参数": "參數"}, []).text("参数表示更复杂")
        '參數表示更復雜'
        """
        aside = _Aside(text)
        return aside.restore(self._convert(text, aside))

    def markdown(self, text: str, page: str | None = None) -> str:
        """A Markdown page; ``page`` (its Simplified name) selects its rewrites, each of which must match."""
        aside = _Aside(text)
        for rewrite in self.rewrites:
            if rewrite.page != page:
                continue
            if rewrite.simplified not in text:
                raise TermError(f"{OVERRIDES.name}: the rewrite for docs/{page} no longer matches the page: "
                                f"{rewrite.simplified!r}")
            text = text.replace(rewrite.simplified, aside.keep(rewrite.traditional))
        skeleton = self._fences_aside(text, aside)
        skeleton = _ASIDE.sub(lambda m: self._math_aside(m[0], aside) if m["math"] else aside.keep(m[0]), skeleton)
        return aside.restore(aside.restore(self._convert(skeleton, aside)))  # twice: a piece may hold a rewrite

    def _fences_aside(self, text: str, aside: _Aside) -> str:
        """Each fenced block set aside whole, its opening line's prose attributes converted."""
        lines, out, i = text.split("\n"), [], 0
        while i < len(lines):
            m = FENCE_OPEN.match(lines[i])
            if not m:
                out.append(lines[i])
                i += 1
                continue
            fence = m["fence"]
            close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            end = next((j for j in range(i + 1, len(lines)) if close.match(lines[j])), len(lines) - 1)
            opening = _FENCE_PROSE.sub(lambda a: a[1] + self.markdown(a[2]) + a[3], lines[i])
            out.append(aside.keep("\n".join([opening, *lines[i + 1:end + 1]])))
            i = end + 1
        return "\n".join(out)

    @staticmethod
    def _math_aside(math: str, aside: _Aside) -> str:
        """Math set aside but for the words of ``\\text{...}``, which stay to be converted."""
        parts = _MATH_WORDS.split(math)  # outside, command, words, brace, outside, ...
        return "".join(part if i % 4 == 2 else aside.keep(part) for i, part in enumerate(parts) if part)

    def notebook(self, nb, page: str | None = None):
        """A copy of a notebook with its Markdown cells and its figures' alt texts (cell metadata
        ``alt``) converted; code and outputs as they are."""
        nb = copy.deepcopy(nb)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = self.markdown(cell.source, page)
            if isinstance(cell.metadata.get("alt"), str):
                cell.metadata["alt"] = self.markdown(cell.metadata["alt"])
        return nb

    def ruled_out(self) -> set[str]:
        """What OpenCC alone makes of each term where the term list says otherwise (and that no term or
        rewrite uses): none of these may appear in a generated page.

        >>> sorted(Converter({"参数": "參數", "镜像": "鏡像"}, []).ruled_out())
        ['引數', '映象']
        """
        wanted = [*self.terms.values(), *(r.traditional for r in self.rewrites)]
        found = {self.opencc.convert(k) for k, v in self.terms.items()} - set(self.terms.values())
        return {form for form in found if not any(form in w for w in wanted)}


def load_terms(path: Path = TERMS) -> tuple[dict[str, str], list[str]]:
    """The term list: ``[terms]`` (Simplified -> Taiwan) and ``[ruled_out] forms``."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    terms, forms = data.get("terms", {}), data.get("ruled_out", {}).get("forms", [])
    bad = [k for k, v in terms.items() if not k or not isinstance(v, str) or not v]
    if bad or not all(isinstance(f, str) and f for f in forms):
        raise TermError(f"{path.name}: every term needs a Simplified key and a Taiwan value; "
                        f"ruled_out.forms is a list of strings (check {bad or 'ruled_out'})")
    return terms, forms


def load_rewrites(path: Path = OVERRIDES) -> list[Rewrite]:
    """The override file: ``[[rewrite]]`` tables with ``page``, ``simplified`` and ``traditional``."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rewrites = []
    for n, item in enumerate(data.get("rewrite", []), start=1):
        try:
            rewrites.append(Rewrite(item["page"], item["simplified"], item["traditional"]))
        except (KeyError, TypeError):
            raise TermError(f"{path.name}: rewrite {n} needs page, simplified and traditional") from None
    return rewrites


@functools.lru_cache(maxsize=4)
def _converter(terms: bytes, overrides: bytes) -> Converter:
    return Converter(load_terms()[0], load_rewrites())


def digest() -> bytes:
    """What a conversion depends on: the term files, this module and OpenCC's version (a cache key)."""
    from importlib.metadata import version

    return cache.source_digest(Path(__file__)) + TERMS.read_bytes() + OVERRIDES.read_bytes() + \
        version("opencc").encode()


def converter() -> Converter:
    """The book's converter, made again when a term file changes (``mkdocs serve`` keeps this module)."""
    return _converter(TERMS.read_bytes(), OVERRIDES.read_bytes())


def generated_uri(src_uri: str) -> str | None:
    """The generated page of a Simplified page, or None for any other file.

    >>> generated_uri("why-deep.zh.md"), generated_uri("labs/relu-curves.zh.ipynb"), generated_uri("why-deep.md")
    ('why-deep.zh-TW.md', 'labs/relu-curves.zh-TW.ipynb', None)
    """
    m = _SUFFIX.search(src_uri)
    return src_uri[: m.start()] + f".{LOCALE}.{m[1]}" if m else None


def source_uri(src_uri: str) -> str | None:
    """The Simplified page a generated page is made from, or None for any other file.

    >>> source_uri("why-deep.zh-TW.md"), source_uri("why-deep.zh.md")
    ('why-deep.zh.md', None)
    """
    m = _GENERATED.search(src_uri)
    return src_uri[: m.start()] + f".{SOURCE}.{m[1]}" if m else None
