"""How jieba segmented each run of Chinese text, kept between builds.

Material's search plugin segments every run of Han characters with jieba,
and jieba spends about a second loading its dictionary on first use. With
the segmentations kept in the cache (``jieba.json``), a build whose Chinese
text did not change never loads jieba at all.

jieba's dictionary is Simplified Chinese: Traditional text is cut where its
Simplified form (OpenCC ``t2s``, character for character) would be, so that
the 繁體中文 edition's index holds words (執行, 程式碼), not 執 + 行程 + 式碼.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from book.cache import write_atomically


def segment(jieba, text: str) -> list[str]:
    """``text`` cut by ``jieba`` as its Simplified form would be.

    >>> import jieba; segment(jieba, "執行程式碼")
    ['執行', '程式碼']
    """
    simplified = _t2s().convert(text)
    if len(simplified) != len(text):  # not character for character: cut the text as it is
        return list(jieba.cut(text))
    pieces, start = [], 0
    for piece in jieba.cut(simplified):
        pieces.append(text[start:start + len(piece)])
        start += len(piece)
    return pieces


@functools.cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


class CachedJieba:
    """Stands in for the ``jieba`` module: ``cut`` answers from the file when it can."""

    def __init__(self, real, path: Path):
        self.real, self.path, self.dirty = real, path, False
        try:
            self.cuts: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.cuts = {}

    def cut(self, value, *args, **kwargs):
        text = value.decode("utf-8") if isinstance(value, bytes) else value
        if args or kwargs:  # other modes are not cached
            return self.real.cut(value, *args, **kwargs)
        if text not in self.cuts:
            self.cuts[text] = segment(self.real, text)
            self.dirty = True
        return self.cuts[text]

    def save(self) -> None:
        if self.dirty:
            write_atomically(self.path, json.dumps(self.cuts, ensure_ascii=False, sort_keys=True).encode("utf-8"))
            self.dirty = False

    def __getattr__(self, name):  # set_dictionary, load_userdict, ...
        return getattr(self.real, name)
