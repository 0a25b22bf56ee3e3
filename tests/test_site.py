"""The build: strict, reproducible, and loud about broken page code."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from lessons.style import DARK, PALETTE
from tests.helpers import DOCS, ROOT, mkdocs_build

pytestmark = pytest.mark.site


def test_strict_build_has_no_warnings(built_site):
    site, _, log = built_site
    assert (site / "index.html").exists()
    assert "WARNING" not in log, log
    assert re.search(r"figures: \d+ drawn, 0 from cache, \d+ page\(s\) run", log), log


def test_every_figure_block_has_a_figure_on_its_page(built_site):
    from book.pages import parse_page

    site, _, _ = built_site
    for page in sorted(DOCS.rglob("*.md")):
        figures = [b for b in parse_page(page.read_text(encoding="utf-8"), str(page)) if b.figure]
        src = page.relative_to(DOCS).with_suffix("")  # e.g. deep-network or deep-network.zh
        name = src.as_posix().removesuffix(".zh")
        root = site / "zh" if src.suffix == ".zh" else site
        html_path = root / ("" if name == "index" else name) / "index.html"
        html = html_path.read_text(encoding="utf-8")
        for b in figures:
            assert f'id="fig-{b.figure}"' in html, f"{b.where()}: no <figure> on the page"
            svg = (site / "figures" / src.as_posix() / f"{b.figure}.svg").read_text(encoding="utf-8")
            assert '<g id="only-dark">' in svg and "#only-dark:target" in svg, f"{b.where()}: no dark theme"


def test_two_clean_renders_give_identical_bytes(built_site, tmp_path):
    """Render every page again from scratch and compare every SVG byte."""
    _, cache, _ = built_site
    first = sorted(p for p in cache.rglob("*.svg"))
    assert first, "the build drew no figures"
    from book.pages import code_hash, parse_page

    # One page per distinct code: a translation carries the same code (test_i18n) and figures.
    pages, seen = [], set()
    for page in sorted(DOCS.rglob("*.md")):
        key = code_hash(parse_page(page.read_text(encoding="utf-8"), str(page)))
        if key not in seen:
            seen.add(key)
            pages.append(page)

    def render(page):
        out = tmp_path / page.relative_to(DOCS).as_posix().replace("/", "__")
        proc = subprocess.run([sys.executable, "-m", "book.render", str(page), page.name, str(out)],
                              cwd=ROOT, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return {p.name: p.read_bytes() for p in out.glob("*.svg")}

    with ThreadPoolExecutor(2) as pool:
        second = {}
        for files in pool.map(render, pages):
            second.update(files)
    by_name: dict[str, bytes] = {}
    for p in first:
        by_name.setdefault(p.name, p.read_bytes())
    assert set(by_name) <= set(second)
    changed = [name for name, data in by_name.items() if second[name] != data]
    assert not changed, f"figures whose bytes differ between clean renders: {changed}"


def page_code_hook() -> Path:
    """The hook that runs each page's code and draws its figures: the ``page_code.py`` mkdocs.yml lists."""
    hooks = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")).get("hooks", [])
    found = [ROOT / hook for hook in hooks if Path(hook).name == "page_code.py"]
    assert len(found) == 1, f"mkdocs.yml lists no single page code hook: {hooks}"
    return found[0]


def _scratch_book(tmp_path, page: str):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(textwrap.dedent(page))
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\ndocs_dir: {docs}\nhooks:\n  - {page_code_hook()}\n"
                      "markdown_extensions:\n  - attr_list\n  - md_in_html\n")
    return config


def test_a_raising_block_fails_the_build_with_page_and_line(tmp_path):
    config = _scratch_book(tmp_path, """\
        # Broken

        ```python
        x = 1
        ```

        ```{ .python .figure #f alt="a" caption="c" }
        import matplotlib.pyplot as plt
        plt.plot([0, 1])
        raise RuntimeError("boom")
        ```
        """)
    proc = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert proc.returncode != 0
    assert "docs/index.md:7: this block raised" in proc.stderr
    assert 'line 10' in proc.stderr and "RuntimeError: boom" in proc.stderr
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.parametrize(
    "fence, body, message",
    [
        ('{ .python .figure #f caption="c" }', "import matplotlib.pyplot as plt\nplt.plot([0, 1])",
         "docs/index.md:3: figure #f has no alt text"),
        ('{ .python .figure #f alt="a" caption="c" }', "x = 1",
         "docs/index.md:3: figure #f block drew no figure"),
    ],
    ids=["no-alt-text", "draws-nothing"],
)
def test_a_broken_figure_block_fails_the_build(tmp_path, fence, body, message):
    config = _scratch_book(tmp_path, f"# Broken\n\n```{fence}\n{body}\n```\n")
    proc = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert proc.returncode != 0
    assert message in proc.stderr


def test_a_warm_build_runs_no_page(tmp_path):
    config = _scratch_book(tmp_path, """\
        # Warm

        ```{ .python .figure #f alt="a line" caption="c" }
        import matplotlib.pyplot as plt
        plt.plot([0, 1])
        ```
        """)
    cold = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    warm = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert cold.returncode == warm.returncode == 0, cold.stderr + warm.stderr
    assert "figures: 1 drawn, 0 from cache, 1 page(s) run" in cold.stderr
    assert "figures: 0 drawn, 1 from cache, 0 page(s) run" in warm.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    # One file, shown in the light and (by its fragment) the dark palette; lazy, so a hidden one is not drawn.
    assert re.search(r'<img alt="a line" loading="lazy" src="figures/index/f.svg#only-light"', html), html
    assert re.search(r'<img alt="a line" loading="lazy" src="figures/index/f.svg#only-dark"', html), html
    # and that one file holds both palettes: drawn in the light one, a stylesheet swaps each colour for the dark
    assert sorted(p.name for p in (tmp_path / "site" / "figures" / "index").iterdir()) == ["f.svg"]
    svg = (tmp_path / "site" / "figures" / "index" / "f.svg").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", svg, re.S)
    assert style and re.search(r'<g id="only-dark">', svg[style.end():]), svg[:2000]
    for name, light in PALETTE.items():
        for prop in ("fill", "stroke"):
            rule = f'#only-dark:target [style*="{prop}: {light}"]{{{prop}:{DARK[name]}!important}}'
            assert rule in style[1], f"no dark {prop} for {name} ({light}) in f.svg"
    drawn = set(re.findall(r"(?:fill|stroke): (#[0-9a-f]{6})", svg[style.end():]))
    assert drawn & set(PALETTE.values()), f"f.svg draws in no palette colour: {drawn}"
