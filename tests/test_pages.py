"""Every Python block in the book is collected and run, or says why not."""

from __future__ import annotations

import re

import pytest

from book.pages import PageError, parse_info, parse_page
from tests.helpers import DOCS, ROOT

PAGES = sorted(DOCS.rglob("*.md"))
# Deliberately simpler than the parser under test: any fence line naming python.
FENCE = re.compile(r"^\s*(```+|~~~+)\s*(\{[^}]*\.(python|py|pycon)\b[^}]*\}|(python|py|pycon|python3)\b)")


def test_there_are_pages():
    assert any(p.name == "index.md" for p in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_python_fence_is_collected(page):
    """Every runnable fence is a test, or (a translation with its English page's code) runs with that page."""
    from conftest import pages, runnable, runs_with_english_page

    text = page.read_text(encoding="utf-8")
    fences = sum(1 for line in text.splitlines() if FENCE.match(line))
    blocks = parse_page(text, str(page))
    skipped = [b for b in blocks if b.skip_reason is not None]
    document = pages.parse(page)
    collected = len(list(document))
    assert len(blocks) == fences, f"{page}: {fences} python fences, parser found {len(blocks)}"
    if runs_with_english_page(page, runnable(text, str(page))):
        english = page.with_name(page.name.removesuffix(".zh.md") + ".md")
        assert collected == 0 and len(list(pages.parse(english))) == fences - len(skipped), page
        return
    assert collected == fences - len(skipped), f"{page}: {collected} collected of {fences - len(skipped)}"
    for b in skipped:
        assert b.skip_reason.strip(), f"{b.where()}: skipped without a reason"


def test_parse_info_forms():
    assert parse_info("py") == ("py", (), {})
    assert parse_info("") == ("", (), {})
    lang, classes, attrs = parse_info('{ .python .figure #a-b alt="x y" caption="c" }')
    assert (lang, classes, attrs["id"], attrs["alt"]) == ("python", ("figure",), "a-b", "x y")
    with pytest.raises(ValueError, match="unexpected token"):
        parse_info("{ .python stray }")


def test_indented_blocks_and_line_numbers():
    page = 'Text\n\n??? success "Solution"\n\n    ```python\n    x = 1\n      y = 2\n    ```\n'
    (block,) = parse_page(page, "p.md")
    assert block.line == 5 and block.end_line == 8
    assert block.code == "x = 1\n  y = 2\n"
    assert page[block.start:block.end].strip().endswith("```")


@pytest.mark.parametrize(
    "fence, message",
    [
        ('{ .python .figure #f caption="c" }', "no alt text"),
        ('{ .python .figure #f alt="a" }', "no caption"),
        ('{ .python .figure alt="a" caption="c" }', "needs an id"),
        ('{ .python .figure #Bad_Id alt="a" caption="c" }', "needs an id"),
        ("{ .python .norun }", "must say why"),
    ],
)
def test_malformed_blocks_name_page_and_line(fence, message):
    page = f"# T\n\n```{fence}\npass\n```\n"
    with pytest.raises(PageError, match=rf"^p\.md:3: .*{message}"):
        parse_page(page, "p.md")


def test_unclosed_fence_and_duplicate_ids():
    with pytest.raises(PageError, match="p.md:1: code fence is never closed"):
        parse_page("```python\nx = 1\n", "p.md")
    fig = '```{ .python .figure #same alt="a" caption="c" }\npass\n```\n'
    with pytest.raises(PageError, match="figure ids used twice: same"):
        parse_page(fig + fig, "p.md")


def test_failing_block_reports_page_line_and_traceback():
    from book.pages import run_block

    (block,) = parse_page("# T\n\n```python\nx = 1\n1 / 0\n```\n", str(ROOT / "p.md"))
    with pytest.raises(PageError) as err:
        run_block(block, {})
    assert f"{ROOT / 'p.md'}:3: this block raised" in str(err.value)
    assert "line 5" in str(err.value) and "ZeroDivisionError" in str(err.value)


def test_doctest_block_checks_output_and_shares_namespace():
    from book.pages import run_block

    ok, bad = parse_page("```python\n>>> a = 2\n>>> a + 1\n3\n```\n\n```python\n>>> a\n5\n```\n", "p.md")
    ns: dict = {}
    run_block(ok, ns)
    assert ns["a"] == 2
    with pytest.raises(PageError, match=r"p.md:7: example output differs"):
        run_block(bad, ns)


def test_backticks_in_fence_attributes_are_an_error():
    page = '# T\n\n```{ .python .figure #f alt="a" caption="uses `code`" }\npass\n```\n'
    with pytest.raises(PageError, match=r"p\.md:3: a backtick fence's attributes may not contain backticks"):
        parse_page(page, "p.md")
