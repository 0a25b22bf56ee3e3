"""Both editions show the same figures, drawn with English labels: every Chinese caption glosses them.

The build records the text each figure draws (``texts`` in the page's
``manifest.json``, from the drawn figure: titles, axis labels, ticks, legends,
annotations, every frame of an explorable figure); a caption glosses a figure
when it names each English word drawn in it (``book.figure_text.unglossed``).
"""

from __future__ import annotations

import json

import pytest

from book.figure_text import unglossed
from book.page_runs import page_key
from book.pages import parse_page
from tests.helpers import DOCS

pytestmark = pytest.mark.site


def figure_blocks(page):
    return [b for b in parse_page(page.read_text(encoding="utf-8"), str(page)) if b.skip_reason is None]


PAGES = [p for p in sorted(DOCS.glob("*.zh.md")) if any(b.figure for b in figure_blocks(p))]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_chinese_captions_gloss_the_english_drawn_in_the_figures(page, built_site):
    blocks = figure_blocks(page)
    manifest = json.loads((built_site[1] / "pages" / page_key(blocks) / "manifest.json").read_text(encoding="utf-8"))
    missing = {}
    for block in (b for b in blocks if b.figure):
        drawn = manifest["texts"][block.figure]
        words = unglossed(block.attrs["caption"], drawn)
        if words:
            missing[block.figure] = words
    assert not missing, f"{page.name}: captions that do not name these English words drawn in their figure " \
                        f"(gloss them, e.g. 横轴 threshold t 为阈值): {missing}"


def test_a_figure_with_english_labels_needs_a_gloss():
    drawn = ["threshold t", "loss of $h_t$", "a good set: largest gap 0.092"]
    assert unglossed("两个训练集上的损失。", drawn) == ["gap", "good", "largest", "loss", "set", "threshold"]
    assert unglossed("横轴 threshold t 为阈值，纵轴 loss 为损失；标题 a good set: largest gap 指好的训练集及其最大差距。",
                     drawn) == []
