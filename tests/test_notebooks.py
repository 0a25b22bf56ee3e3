"""The book's notebooks: the labs, and every chapter offered as a notebook.

- a chapter's notebook has one code cell per runnable block of the page,
  holding exactly the code the page runs (a doctest's examples without
  prompts, in order), plus the setup cell. The page tests run that code
  (sybil), so this file does not run it a second time; the reader's path
  (the setup cell in a clean environment, a chapter and a lab run from top
  to bottom) is ``tests/test_downloads.py``;
- labs are committed without outputs and keep the lab conventions;
- the build executes the labs (a failing cell fails it, with notebook and
  cell), caches them, and links every notebook from its page.
"""

from __future__ import annotations

import doctest
import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from book.chapter_notebook import chapter_downloads, chapter_notebook, explored
from book.download_links import colab_url, github_repo
from book.notebook_files import ANSWER_TAG, SETUP_TAG, setup_source
from book.language import edition_prefix, language, untranslated
from book.pages import parse_page
from book.traditional import generated_uri, source_uri
from tests.helpers import DOCS, book_config, listed_hook, mkdocs_build

PAGES = sorted(p for p in DOCS.rglob("*.md") if not p.relative_to(DOCS).parts[0] == "assets")
LABS = sorted((DOCS / "labs").glob("*.ipynb"))  # the English labs and their translations (x.zh.ipynb)
# What each lab's committed cells say in its language: the title, the goal, the predictions.
LAB_WORDS = {"en": ("# Lab: ", "## Goal", "**Predict first.**"), "zh": ("# 实验：", "## 目标", "**先预测。**")}


def page_uri(page) -> str:
    return page.relative_to(DOCS).as_posix()


def page_notebook(page, **kwargs):
    return chapter_notebook(page.read_text(encoding="utf-8"), page_uri(page), **kwargs)


CHAPTERS = [p for p in PAGES if any(b.skip_reason is None for b in
                                    parse_page(p.read_text(encoding="utf-8"), str(p)))]
TRANSLATION = re.compile(r"\.(?P<lang>[a-z]{2})\.md$")


def original(page):
    """The English page a translation (``x.zh.md``) translates, or None."""
    return page.with_name(TRANSLATION.sub(".md", page.name)) if TRANSLATION.search(page.name) else None


def code_cells(page) -> list[str]:
    """The page's code, without the setup cell (whose messages are in the page's language)."""
    return [c.source for c in page_notebook(page).cells
            if c.cell_type == "code" and SETUP_TAG not in c.metadata.get("tags", [])]


def english_lab(lab):
    """The English lab a translated lab (``x.zh.ipynb``) translates, or None."""
    name = re.sub(r"\.[a-z]{2}\.ipynb$", ".ipynb", lab.name)
    return lab.with_name(name) if name != lab.name else None


def test_there_are_labs_and_chapter_notebooks():
    assert len(LABS) >= 3, "the book promises at least three labs"
    assert CHAPTERS, "no page with Python blocks"


# ---------------------------------------------------------------- chapter notebooks


def _uncommented(source: str) -> str:
    """Code without its comment lines (a notebook writes a skipped example as comments)."""
    return "".join(ln for ln in source.splitlines(keepends=True) if not ln.startswith("# ")).rstrip("\n")


@pytest.mark.parametrize("page", CHAPTERS, ids=page_uri)
def test_chapter_notebook_has_the_pages_code(page):
    blocks = [b for b in parse_page(page.read_text(encoding="utf-8"), str(page)) if b.skip_reason is None]
    nb = page_notebook(page)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == len(blocks) + 1, f"{page}: {len(code)} code cells for {len(blocks)} runnable blocks"
    assert SETUP_TAG in code[0].metadata["tags"]
    for block, cell in zip(blocks, code[1:]):
        if block.is_doctest:  # the examples sybil runs, in order; skipped ones as comments
            examples = doctest.DocTestParser().get_examples(block.code, block.where())
            ran = "".join(ex.source for ex in examples if not ex.options.get(doctest.SKIP))
            assert _uncommented(cell.source) == _uncommented(ran), f"{block.where()}: notebook code differs"
            raising = [i for i, ex in enumerate(examples) if ex.exc_msg is not None]
            assert raising in ([], [len(examples) - 1]), \
                f"{block.where()}: only a block's last example may raise (a notebook cell stops there)"
        else:
            assert cell.source == explored(block) + block.code.rstrip("\n"), f"{block.where()}: notebook code differs"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert page_notebook(page) == nb, "generating twice gives a different notebook"


@pytest.mark.parametrize("page", [p for p in CHAPTERS if original(p)], ids=page_uri)
def test_translated_notebook_has_the_same_code(page):
    """What lets the tests run only the English notebook of a translated page."""
    en = original(page)
    assert en in CHAPTERS, f"{page}: no English page {en.name} with code"
    assert code_cells(page) == code_cells(en), f"{page}: code differs from {en.name}"


def test_a_chapters_downloads_are_kept_until_the_page_or_a_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_CACHE", str(tmp_path))
    page = "# T\n\nProse.\n\n```python\n>>> 1 + 1\n2\n```\n"
    made = chapter_downloads(page, "t.md", "notebooks/t.ipynb")
    assert sorted(made) == ["notebooks/t.ipynb", "notebooks/t.zip"]
    notebook = json.loads(made["notebooks/t.ipynb"].read_text(encoding="utf-8"))
    assert "1 + 1" in "".join(map("".join, (c["source"] for c in notebook["cells"])))
    kept = list((tmp_path / "notebooks").iterdir())
    assert len(kept) == 1 and chapter_downloads(page, "t.md", "notebooks/t.ipynb") == made
    assert chapter_downloads("# T\n\nNo code.\n", "u.md", "notebooks/u.ipynb") is None

    edited = chapter_downloads(page.replace("1 + 1\n2", "2 + 2\n4"), "t.md", "notebooks/t.ipynb")
    assert edited["notebooks/t.ipynb"] != made["notebooks/t.ipynb"]
    assert "2 + 2" in edited["notebooks/t.ipynb"].read_text(encoding="utf-8")

    made["notebooks/t.zip"].unlink()  # a file gone from the cache is saved again, the same
    assert chapter_downloads(page, "t.md", "notebooks/t.ipynb") == made and made["notebooks/t.zip"].exists()


def test_pages_without_code_get_no_notebook():
    assert chapter_notebook("# Title\n\nOnly prose.\n\n```text\nnot python\n```\n", "p.md") is None
    assert chapter_notebook('# T\n\n```{ .python .norun reason="needs a GPU" }\nx = 1\n```\n', "p.md") is None


def test_conversion_of_a_page():
    page = textwrap.dedent('''\
        # Title

        !!! abstract "What you will be able to do"
            Count things.

        Prose with [a link](other.md#part) and [an outside link](https://example.org).

        ```python
        >>> a = 1
        >>> a + 1
        2
        >>> a + 2
        3
        ```

        ```{ .python .figure #f alt="A line" caption="A caption with $n$." }
        import matplotlib.pyplot as plt
        plt.plot([0, 1])
        ```

        ```{ .python .norun reason="slow" }
        train_for_a_day()
        ```

        1. An exercise.

            ??? success "Solution"
                Text before.

                ```python
                assert a == 1
                ```

                Text after the code.

        ## Next
        ''')
    nb = chapter_notebook(page, "ch.md")
    cells = [(c.cell_type, c.source) for c in nb.cells]
    md = [s for t, s in cells if t == "markdown"]
    code = [s for t, s in cells if t == "code"]
    assert code[1:] == ["a = 1\na + 1\na + 2", "import matplotlib.pyplot as plt\nplt.plot([0, 1])", "assert a == 1"]
    assert "**What you will be able to do**\n\nCount things." in md[0]
    assert "[a link]" not in md[0] and "a link" in md[0] and "[an outside link](https://example.org)" in md[0]
    assert any("```text\n2\n3\n```" in s for s in md), "hidden doctest output not shown"
    assert "**Figure.** A caption with $n$." in md
    assert any("train_for_a_day()" in s and "*Not run: slow*" in s for s in md)
    assert any(s.startswith("1. An exercise.") and "    **Solution**\n\n    Text before." in s for s in md)
    assert md[-1].startswith("Text after the code.\n\n## Next"), md[-1]
    absolute = chapter_notebook(page, "ch.md", site_url="https://book.example/")
    assert "[a link](https://book.example/other/#part)" in absolute.cells[0].source


def test_a_doctest_that_raises_is_tagged():
    nb = chapter_notebook("```python\n>>> 1 / 0\nTraceback (most recent call last):\nZeroDivisionError: division by zero\n```\n",
                          "p.md")
    assert nb.cells[-1].metadata["tags"] == ["raises-exception"]


def test_setup_cell_and_colab_links():
    from IPython.core.inputtransformer2 import TransformerManager

    assert github_repo(None) is None and github_repo("https://gitlab.com/a/b") is None
    assert github_repo("https://github.com/owner/book/") == "owner/book"
    assert colab_url("owner/book", "notebooks/ch.ipynb") == (
        "https://colab.research.google.com/github/owner/book/blob/gh-pages/notebooks/ch.ipynb")
    for lang, site_url in [("en", None), ("zh", "https://owner.github.io/book/"), ("zh-TW", None)]:
        cell = setup_source(lang, site_url)
        compile(TransformerManager().transform_cell(cell), "setup", "exec")  # valid IPython
        assert "pip install -e ." not in cell, "a reader has no source folder"
    assert '"why-deep-lessons==' in setup_source("en")
    assert '"https://owner.github.io/book/downloads/why_deep_lessons-' in setup_source("zh", "https://owner.github.io/book")
    assert re.search(r"[\u4e00-\u9fff]", setup_source("zh")) and not re.search(r"[\u4e00-\u9fff]", setup_source("en"))
    assert "程式碼" in setup_source("zh-TW") and "代码" in setup_source("zh"), "the generated edition's setup cell"


# ---------------------------------------------------------------- labs as committed


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_is_committed_clean_and_follows_the_conventions(lab):
    raw = lab.read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code, start=1):
        assert cell.outputs == [] and cell.execution_count is None, f"{lab.name}: code cell {i} has outputs"
    title, goal, predict = LAB_WORDS["zh" if english_lab(lab) else "en"]
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(title)
    assert goal in nb.cells[1].source, f"{lab.name}: the second cell states the goal"
    assert re.search(r"\]\(\.\./[\w-]+\.md\)", nb.cells[1].source), f"{lab.name}: the goal links its chapter"
    assert code[0].source == setup_source("en") and SETUP_TAG in code[0].metadata["tags"]  # rewritten for downloads
    assert "lessons.use_style()" in code[1].source
    assert predict in raw
    todo = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "# TODO" in c.source]
    assert todo, f"{lab.name}: no # TODO cell"
    for i in todo:
        answer = nb.cells[i + 1]
        assert ANSWER_TAG in answer.metadata.get("tags", []), f"{lab.name}: cell {i + 2} should be the answer"
        assert answer.source.startswith("# @title Answer") and answer.metadata["jupyter"]["source_hidden"]
    figures = [c for c in code if "plt.subplots" in c.source]
    assert figures and all(c.metadata.get("alt", "").strip() for c in figures), f"{lab.name}: figure without alt"


# ---------------------------------------------------------------- the build


def notebook_hook() -> Path:
    """The hook that runs the notebooks: the one ``notebooks.py`` that mkdocs.yml lists."""
    return listed_hook("notebooks.py")


def _scratch_book(tmp_path, lab_cells):
    docs = tmp_path / "docs"
    (docs / "labs").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\n```python\nx = 1\n```\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lab")] + [
        nbformat.v4.new_code_cell(src, metadata=meta) for src, meta in lab_cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for n, cell in enumerate(nb.cells):
        cell.id = f"c{n}"
    (docs / "labs" / "lab.ipynb").write_text(nbformat.writes(nb))
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\ndocs_dir: {docs}\nrepo_url: https://github.com/owner/book\n"
                      "plugins:\n  - mkdocs-jupyter:\n      include: ['*.ipynb']\n      execute: false\n"
                      "      cache: false\n"
                      f"hooks:\n  - {notebook_hook()}\n"
                      "markdown_extensions:\n  - attr_list\n  - md_in_html\n")
    return config


def test_labs_are_executed_cached_and_linked(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_CACHE", str(tmp_path / "cache"))
    figure = ("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([0, 1], color='#1f5fbf');",
              {"alt": "A rising line"})
    config = _scratch_book(tmp_path, [("print('hello from the kernel')", {}), figure])
    cold = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    warm = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert cold.returncode == warm.returncode == 0, cold.stderr + warm.stderr
    assert "notebooks: 1 executed, 0 from cache, 1 chapter notebook(s)" in cold.stderr
    assert "notebooks: 0 executed, 1 from cache, 1 chapter notebook(s)" in warm.stderr
    html = (tmp_path / "site" / "labs" / "lab" / "index.html").read_text(encoding="utf-8")
    assert "hello from the kernel" in html
    assert html.count('alt="A rising line"') == 2 and "data:image" not in html
    shown = re.findall(r'src="([^"#]+\.svg)#(only-light|only-dark)"', html)
    assert [theme for _, theme in shown] == ["only-light", "only-dark"] and shown[0][0] == shown[1][0], shown
    svg = (tmp_path / "site" / "labs" / "lab" / shown[0][0]).resolve().read_text(encoding="utf-8")
    assert "#only-dark:target" in svg and "#7cb1ff" in svg, "the figure carries the dark palette"
    # mkdocs-jupyter's stylesheet: one shared file, not inlined in the page
    sheet = re.search(r'<link rel="stylesheet" href="([^"]*jupyter-[0-9a-f]+\.css)">', html)
    inline = sum(map(len, re.findall(r"<style.*?</style>", html, re.S)))
    assert sheet and inline < 10_000, f"{inline} bytes of CSS inlined in the lab's page"
    css = (tmp_path / "site" / "labs" / "lab" / sheet[1]).resolve().read_text(encoding="utf-8")
    assert ".jp-OutputArea" in css and "bp3-" not in css and len(css) < 100_000, "cut to the rules the lab can use"
    assert 'href="../../notebooks/labs/lab.ipynb"' in html
    assert "colab.research.google.com/github/owner/book/blob/gh-pages/notebooks/labs/lab.ipynb" in html
    download = nbformat.read(tmp_path / "site" / "notebooks" / "labs" / "lab.ipynb", as_version=4)
    assert all(c.outputs == [] for c in download.cells if c.cell_type == "code")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="notebooks/index.ipynb"' in home
    assert "colab.research.google.com/github/owner/book/blob/gh-pages/notebooks/index.ipynb" in home


def test_a_failing_lab_fails_the_build_with_notebook_and_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_CACHE", str(tmp_path / "cache"))
    config = _scratch_book(tmp_path, [("x = 1", {}), ("y = x / 0", {})])
    proc = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert proc.returncode != 0
    assert "docs/labs/lab.ipynb: cell 3 raised" in proc.stderr, proc.stderr[-3000:]
    assert "ZeroDivisionError" in proc.stderr
    assert not (tmp_path / "site" / "labs" / "lab" / "index.html").exists()


def test_the_book_builds_its_notebooks():
    """mkdocs.yml turns on mkdocs-jupyter and the notebooks hook (which the build tests below use)."""
    config = book_config()
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config.get("plugins", [])]
    assert "mkdocs-jupyter" in plugins, f"mkdocs.yml does not configure mkdocs-jupyter: {plugins}"
    assert notebook_hook().is_file()


@pytest.mark.site
def test_built_site_has_executed_labs_and_download_links(built_site):
    site, _, log = built_site
    generated = [made for made in (generated_uri(page_uri(lab)) for lab in LABS) if made]
    assert generated, "no Simplified lab to generate a 繁體中文 lab from"
    for match in re.finditer(r"notebooks: (\d+) executed, (\d+) from cache", log):  # once per edition
        assert int(match[1]) + int(match[2]) == len(LABS) + len(generated), log
    for src in [page_uri(lab) for lab in LABS] + generated:  # labs/x.zh.ipynb is built as zh/labs/x/
        nb = nbformat.read(DOCS / (source_uri(src) or src), as_version=4)
        edition = edition_prefix(language(src))
        html = (site / edition / untranslated(src).removesuffix(".ipynb") / "index.html").read_text(encoding="utf-8")
        figures = sum(1 for c in nb.cells if c.metadata.get("alt"))
        assert html.count('class="nb-figure"') == 2 * figures, f"{src}: figures missing on the page"
        assert "jp-OutputArea-output" in html, f"{src}: no outputs on the page"
        assert f'href="../../{"../" if edition else ""}notebooks/{src}"' in html
        assert (site / "notebooks" / src).exists()
    pages = [page.relative_to(DOCS).as_posix() for page in CHAPTERS]
    for src in pages + [made for made in map(generated_uri, pages) if made]:  # and the generated pages
        target = f"notebooks/{src.removesuffix('.md')}.ipynb"
        rel = Path(edition_prefix(language(src))) / untranslated(src).removesuffix(".md")  # x.zh.md: zh/x/
        html_path = site / (rel.parent if rel.name == "index" else rel) / "index.html"
        assert html_path.exists(), f"{src}: not built as {html_path.relative_to(site)}"
        html = html_path.read_text(encoding="utf-8")
        assert re.search(rf'href="(\.\./)*{re.escape(target)}"', html), f"{src}: no download link"
        downloaded = json.loads((site / target).read_text(encoding="utf-8"))
        assert downloaded["metadata"]["kernelspec"]["name"] == "python3"
        if language(src) == "zh-TW":  # the generated notebook reads in Traditional: its prose and setup cell
            text = json.dumps(downloaded, ensure_ascii=False)
            setup = next(c for c in downloaded["cells"] if SETUP_TAG in c["metadata"].get("tags", []))
            assert "程式碼" in text and "代码" not in text and "程式碼" in "".join(setup["source"]), src
