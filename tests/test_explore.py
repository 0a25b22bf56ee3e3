"""Explorable figures: one frame per value, drawn at build, picked by a control on the page."""

from __future__ import annotations

import json
import re

import pytest

from book.pages import MAX_FRAMES, PageError, parse_explore, parse_page, run_frames
from tests.helpers import mkdocs_build, scratch_book

PAGE = """\
# Explore

```python
import matplotlib.pyplot as plt
```

```{ .python .figure #steps alt="a line" caption="c" explore="k=1..3" start="2" label="layers" }
plt.plot([0, 1], [0, k])
```

```python
>>> k
2
```
"""


@pytest.mark.parametrize("spec, start, values, frames", [
    ("k=1..4", None, ("1", "2", "3", "4"), ["2", "3", "4", "1"]),
    ("w = 1, 2.5, 10", "10", ("1", "2.5", "10"), ["1", "2.5", "10"]),
    ("m=-1..1", "0", ("-1", "0", "1"), ["-1", "1", "0"]),
])
def test_declarations_give_values_and_the_default_last(spec, start, values, frames):
    explore = parse_explore(spec, start)
    assert explore.values == values and explore.frames() == frames


@pytest.mark.parametrize("spec, start, message", [
    ("k 1..4", None, "write NAME=A..B"),
    ("k=", None, "write NAME=A..B"),
    ("k=4..1", None, "is empty"),
    ("k=1,x", None, "must be a number"),
    ("k=1,1", None, "listed twice"),
    ("k=3", None, "give 2 to"),
    (f"k=1..{MAX_FRAMES + 1}", None, "give 2 to"),
    ("k=1..3", "7", "start='7' is not one of"),
])
def test_bad_declarations_are_refused(spec, start, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_explore(spec, start)


def test_a_page_error_names_page_and_line():
    page = '# t\n\n```{ .python .figure #f alt="a" caption="c" explore="k=1..99" }\nx\n```\n'
    with pytest.raises(PageError, match=r"^p.md:3: figure #f: explore='k=1..99': give 2 to 16"):
        parse_page(page, "p.md")
    with pytest.raises(PageError, match=r"^p.md:1: explore= needs a figure block"):
        parse_page('```{ .python explore="k=1..3" }\nx\n```\n', "p.md")


def test_every_frame_runs_with_its_value_bound_and_the_default_last():
    block = parse_page(PAGE)[1]
    seen, namespace = [], {"plt": type("P", (), {"plot": staticmethod(lambda *a: seen.append(a[1][1]))})}
    assert list(run_frames(block, namespace)) == ["1", "3", "2"]
    assert seen == [1, 3, 2] and namespace["k"] == 2


def test_the_build_draws_every_frame_and_the_page_offers_them(tmp_path):
    proc = mkdocs_build(scratch_book(tmp_path, PAGE), tmp_path / "site", tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    assert "figures: 3 drawn" in proc.stderr
    folder = tmp_path / "site" / "figures" / "index"
    svgs = {p.name: p.read_bytes() for p in folder.glob("*.svg")}
    assert set(svgs) == {"steps.svg", "steps--k-1.svg", "steps--k-3.svg"}
    assert len(set(svgs.values())) == 3, "each frame is its own drawing"
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<img alt="a line" loading="lazy" src="figures/index/steps.svg#only-light"', html)
    control = re.search(r"<div class=\"explore-control\" data-figure=\"fig-steps\"[^>]*data-values='([^']*)' "
                        r"data-files='([^']*)' hidden>", html)
    assert control and json.loads(control[1]) == ["1", "2", "3"]
    assert json.loads(control[2]) == ["steps--k-1.svg", "steps.svg", "steps--k-3.svg"]
    assert '<label for="explore-steps">layers</label>' in html
    assert 'value="1" aria-valuetext="k = 2"' in html and '<output for="explore-steps">k = 2</output>' in html


@pytest.mark.parametrize("fence, body, message", [
    ('{ .python .figure #f alt="a" caption="c" explore="k=1..x" }', "plt.plot([0, k])",
     "docs/index.md:3: figure #f: explore='k=1..x'"),
    ('{ .python .figure #f alt="a" caption="c" explore="k=1..3" }', "if k < 3:\n    plt.plot([0, k])",
     "docs/index.md:3: figure #f block drew no figure"),
], ids=["unparsable", "a-frame-draws-nothing"])
def test_a_broken_explorable_fails_the_build(tmp_path, fence, body, message):
    page = f"# Broken\n\n```{fence}\nimport matplotlib.pyplot as plt\n{body}\n```\n"
    proc = mkdocs_build(scratch_book(tmp_path, page), tmp_path / "site", tmp_path / "cache")
    assert proc.returncode != 0 and message in proc.stderr, proc.stderr[-2000:]
