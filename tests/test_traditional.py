"""The 繁體中文 edition as the build generates it from the Simplified pages (``book.traditional``).

Every generated page holds none of the forms the term list rules out, and
exactly the English page's code and figures and its Simplified page's
anchors and fenced blocks: only prose changes. (The built pages' heading ids
are compared with the English ones in ``tests/test_i18n.py``.)
"""

from __future__ import annotations

import re

import nbformat
import pytest

from book.pages import FENCE_OPEN, parse_page
from book.traditional import Converter, Rewrite, TermError, converter, generated_uri, load_rewrites, load_terms
from tests.helpers import DOCS

SIMPLIFIED = sorted(DOCS.rglob("*.zh.md"))
SIMPLIFIED_LABS = sorted(DOCS.rglob("*.zh.ipynb"))
HAN = re.compile(r"[\u4e00-\u9fff]")
# A figure block's attributes that are prose (converted); every other attribute is code.
PROSE_ATTRS = ("alt", "caption", "label", "reason")
ANCHOR = re.compile(r"\{[^}\n]*#([\w-]+)[^}\n]*\}|\bid=\"([^\"]+)\"")


def name(page) -> str:
    return page.relative_to(DOCS).as_posix()


def generated(page) -> str:
    return converter().markdown(page.read_text(encoding="utf-8"), name(page))


def english(page):
    return page.with_name(page.name.removesuffix(".zh.md") + ".md")


def fences(text: str) -> list[str]:
    """Every fenced block (any language), whole, but for its opening line's prose attributes."""
    lines, found, i = text.split("\n"), [], 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        close = re.compile(rf"^[ \t]*{re.escape(m['fence'][0])}{{{len(m['fence'])},}}[ \t]*$")
        end = next((j for j in range(i + 1, len(lines)) if close.match(lines[j])), len(lines) - 1)
        opening = re.sub(rf'\b({"|".join(PROSE_ATTRS)})="(?:\\.|[^"\\])*"', r'\1="…"', lines[i])
        found.append("\n".join([opening, *lines[i + 1:end + 1]]))
        i = end + 1
    return found


def code_of(text: str, label: str) -> list[tuple]:
    """The blocks as the build runs them: code, classes, figure, and every attribute that is not prose."""
    return [(b.code, b.classes, b.figure, {k: v for k, v in b.attrs.items() if k not in PROSE_ATTRS})
            for b in parse_page(text, label)]


def test_there_are_pages_to_generate():
    assert len(SIMPLIFIED) >= 10, SIMPLIFIED


@pytest.mark.parametrize("page", SIMPLIFIED, ids=name)
def test_a_generated_page_has_the_english_code_figures_and_anchors(page):
    made, simplified, source = generated(page), page.read_text(encoding="utf-8"), english(page)
    assert code_of(made, f"{name(page)} (generated)") == code_of(source.read_text(encoding="utf-8"), str(source)), \
        f"{generated_uri(name(page))}: code blocks differ from {name(source)}'s"
    assert fences(made) == fences(simplified), f"{generated_uri(name(page))}: a fenced block changed"
    assert ANCHOR.findall(made) == ANCHOR.findall(simplified), f"{generated_uri(name(page))}: anchors changed"
    assert len(HAN.findall(made)) > 0.9 * len(HAN.findall(simplified)), "prose went missing"


@pytest.mark.parametrize("page", SIMPLIFIED, ids=name)
def test_a_generated_page_holds_no_ruled_out_form(page):
    made = generated(page)
    forms = converter().ruled_out() | set(load_terms()[1])
    found = {form: made[max(0, i - 12): i + len(form) + 12].replace("\n", " ")
             for form in forms for i in [made.find(form)] if i >= 0}
    assert not found, f"{generated_uri(name(page))}: ruled-out forms (fix the term list or add a rewrite): {found}"


def test_the_term_list_rules_out_what_the_edition_must_never_say():
    forms = converter().ruled_out() | set(load_terms()[1])
    for form in ("引數", "參數列示", "更復雜", "映象", "語音識別", "幻燈片", "“", "”", "函式", "方差", "噪聲"):
        assert form in forms, form


def test_every_rewrite_names_a_page_that_holds_its_text():
    rewrites = load_rewrites()
    assert rewrites, "the override file is empty"
    for rewrite in rewrites:
        page = DOCS / rewrite.page
        assert page.exists() and rewrite.page.endswith(".zh.md"), f"{rewrite.page}: no such Simplified page"
        assert rewrite.simplified in page.read_text(encoding="utf-8"), f"{rewrite.page}: {rewrite.simplified!r}"
        assert rewrite.traditional in generated(page)


def small_lab():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 参数\n\n```python\nx = 1  # 参数\n```\n\n`网络` 与网络 $\\text{网络}$"),
        nbformat.v4.new_code_cell("print('参数')  # 参数", outputs=[nbformat.v4.new_output("stream", text="参数\n")],
                                  metadata={"alt": "一条网络曲线"})])
    return nbformat.writes(nb)


@pytest.mark.parametrize("lab", [*SIMPLIFIED_LABS, "small"], ids=lambda lab: lab if lab == "small" else name(lab))
def test_a_generated_lab_changes_only_its_markdown_cells(lab):
    nb = nbformat.reads(small_lab(), as_version=4) if lab == "small" else nbformat.read(lab, as_version=4)
    made = converter().notebook(nb, None if lab == "small" else name(lab))
    assert any(a.source != b.source for a, b in zip(made.cells, nb.cells) if b.cell_type == "markdown"), "nothing converted"
    alts = [(b.metadata["alt"], a.metadata["alt"]) for a, b in zip(made.cells, nb.cells) if "alt" in b.metadata]
    assert all(HAN.search(before) is None or before != after for before, after in alts), "an alt text not converted"
    for before, after in zip(nb.cells, made.cells, strict=True):
        assert {k: v for k, v in after.metadata.items() if k != "alt"} == \
            {k: v for k, v in before.metadata.items() if k != "alt"}
        assert ("alt" in after.metadata) == ("alt" in before.metadata)
        if before.cell_type == "markdown":
            assert fences(after.source) == fences(before.source)
        else:
            assert {**after, "metadata": {}} == {**before, "metadata": {}}, "a code cell changed"


# ---------------------------------------------------------------- the converter on small inputs

def test_code_math_links_and_attributes_are_set_aside():
    c = Converter({"参数": "參數"}, [])
    page = ('# 参数 {#params .wide}\n\n见 `参数` 与[参数](why-deep.md#参数) <span title="参数">参数</span>\n\n'
            '$$\n\\text{参数} + \\frac{参数}{2}\n$$\n\n    ```python\n    x = "参数"\n    ```\n')
    assert c.markdown(page) == ('# 參數 {#params .wide}\n\n見 `参数` 與[參數](why-deep.md#参数) <span title="参数">參數</span>\n\n'
                                '$$\n\\text{參數} + \\frac{参数}{2}\n$$\n\n    ```python\n    x = "参数"\n    ```\n')


def test_a_figure_block_converts_only_its_prose_attributes():
    c = Converter({}, [])
    line = '```{ .python .figure #网络 alt="网络" caption="网络 $\\text{网络}$" label="层数 k" explore="网络=1,2" }'
    assert c.markdown(line + "\nx\n```").split("\n")[0] == \
        '```{ .python .figure #网络 alt="網路" caption="網路 $\\text{網路}$" label="層數 k" explore="网络=1,2" }'


def test_terms_come_before_opencc_and_the_longest_wins():
    c = Converter({"参数": "參數", "激活": "激活", "激活它": "啟用它"}, [])
    assert c.text("参数表示") == "參數表示"  # s2twp alone: 參數列示
    assert Converter({}, []).text("参数表示") == "參數列示"
    assert c.text("激活函数，激活它") == "激活函式，啟用它"


def test_a_rewrite_replaces_a_sentence_whole_and_must_still_match():
    rewrite = Rewrite("a.zh.md", "这里的窗口", "這裡的時間窗")
    c = Converter({}, [rewrite])
    assert c.markdown("看这里的窗口。", "a.zh.md") == "看這裡的時間窗。"
    assert c.markdown("看这里的窗口。", "b.zh.md") == "看這裡的視窗。"  # another page: not rewritten
    with pytest.raises(TermError, match="no longer matches"):
        c.markdown("看那里的窗口。", "a.zh.md")


def test_generated_names():
    assert generated_uri("labs/x.zh.ipynb") == "labs/x.zh-TW.ipynb" and generated_uri("x.zh-TW.md") is None
