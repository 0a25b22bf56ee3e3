"""The Simplified Chinese edition speaks with one term list (``book/terms/zh_hans.toml``).

Every Chinese page and lab avoids the words the list rules out, and both
glossaries show exactly the list's Chinese terms.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from book.terms import load_terms, misuses, notebook_prose, prose
from tests.helpers import DOCS

TERMS = load_terms()
PAGES = sorted(DOCS.glob("*.zh.md"))
LABS = sorted((DOCS / "labs").glob("*.zh.ipynb"))
# **中文** · English {#id} on the Chinese glossary, **English** · 中文 { #id } on the English one
ENTRY = re.compile(r"^\*\*(?P<head>.+?)\*\* · (?P<gloss>.+?) \{ ?#(?P<id>[\w-]+) ?\}$", re.M)


def glossary(name: str) -> dict[str, tuple[str, str]]:
    """Anchor -> (headword, gloss) of every entry of a glossary page."""
    return {m["id"]: (m["head"], m["gloss"]) for m in ENTRY.finditer((DOCS / name).read_text(encoding="utf-8"))}


def test_the_list_is_well_formed():
    assert len(TERMS) > 80
    ens = [t.en for t in TERMS]
    assert len(set(ens)) == len(ens), "an English term listed twice"
    anchors = [t.glossary for t in TERMS if t.glossary]
    assert len(set(anchors)) == len(anchors), "a glossary entry listed twice"
    assert all(set(t.also).isdisjoint({t.zh}) for t in TERMS)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_chinese_page_uses_the_terms_of_the_list(page):
    lines = prose(page.read_text(encoding="utf-8"))
    if page.name == "glossary.zh.md":  # the headwords show the other names on purpose (checked below)
        lines = [(n, text) for n, text in lines if not ENTRY.match(text)]
    found = misuses(lines, TERMS)
    assert not found, f"{page.name}:\n" + "\n".join(map(str, found))


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_chinese_lab_uses_the_terms_of_the_list(lab):
    found = misuses(notebook_prose(nbformat.read(lab, as_version=4).cells), TERMS)
    assert not found, f"{lab.name}:\n" + "\n".join(map(str, found))





def test_the_chinese_labs_are_checked():
    assert len(LABS) >= 3, "no Chinese lab found under docs/labs/ (x.zh.ipynb)"


@pytest.mark.parametrize("name", ["glossary.zh.md", "glossary.md"])
def test_glossary_shows_the_terms_of_the_list(name):
    entries = glossary(name)
    listed = {t.glossary: t for t in TERMS if t.glossary}
    assert sorted(entries) == sorted(listed), f"{name}: entries and list differ: " \
        f"{sorted(set(entries) ^ set(listed))}"
    for anchor, term in listed.items():
        head, gloss = entries[anchor]
        chinese, english = (head, gloss) if name.endswith(".zh.md") else (gloss, head)
        assert chinese == term.heading, f"{name} #{anchor}: {chinese!r}, the list says {term.heading!r}"
        if name.endswith(".zh.md"):
            assert english == term.en, f"{name} #{anchor}: {english!r}, the list says {term.en!r}"
