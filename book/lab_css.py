"""A lab's Jupyter stylesheet cut down to the rules its page can use.

nbconvert's template inlines all of JupyterLab's CSS (about 0.6 MB, 3,300
rules): Blueprint buttons and drawers, file browsers, command palettes,
widgets. A lab page uses a few dozen of its classes, and no script of
Jupyter's runs on it to add others. Yet a phone parses every rule and
matches every selector against the page while it starts: on the labs, that
was most of Lighthouse's total blocking time.

:func:`prune` keeps a selector when every class it requires is on the page,
and a rule when any of its selectors is kept; at-rules other than ``@media``
and ``@supports`` (fonts, keyframes) are kept as they are. A class inside
``:not()`` is not required; a selector that names a class this module cannot
read (an escaped character) is kept. A selector with ``:root`` below another
element is dropped: mkdocs-jupyter scopes every selector under
``.jupyter-wrapper``, which leaves nbconvert's ``:root`` rules (88 KB, mostly
icons as data URIs) matching nothing. So a
rule is dropped only when it cannot match any element of the page.
"""

from __future__ import annotations

import re
from functools import lru_cache

import tinycss2

_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)(\\)?")
_NOT = re.compile(r":not\(")
_INNER_ROOT = re.compile(r"\S.*:root\b")  # :root below another element: the page's root is below nothing


def page_classes(html: str) -> frozenset[str]:
    """Every class named in ``html``'s ``class`` attributes.

    >>> sorted(page_classes('<div class="jp-Cell jp-CodeCell"><pre class="x">'))
    ['jp-Cell', 'jp-CodeCell', 'x']
    """
    return frozenset(name for value in _CLASS_ATTR.findall(html) for name in value.split())


def split_selectors(selectors: str) -> list[str]:
    """A selector list split at its top-level commas.

    >>> split_selectors(".a, .b:is(.c, .d) > e")
    ['.a', ' .b:is(.c, .d) > e']
    """
    out, depth, start = [], 0, 0
    for i, ch in enumerate(selectors):
        depth += (ch in "([") - (ch in ")]")
        if ch == "," and depth == 0:
            out.append(selectors[start:i])
            start = i + 1
    return out + [selectors[start:]]


def _without_not(selector: str) -> str:
    """``selector`` with every ``:not(...)`` taken out (what it excludes is not required)."""
    while (m := _NOT.search(selector)) is not None:
        depth, i = 1, m.end()
        while i < len(selector) and depth:
            depth += (selector[i] == "(") - (selector[i] == ")")
            i += 1
        selector = selector[:m.start()] + selector[i:]
    return selector


def needed(selector: str, classes: set[str]) -> bool:
    """Whether ``selector`` may match an element of a page that uses ``classes``.

    >>> needed(".jupyter-wrapper .jp-Cell:not(.jp-mod-active) pre", {"jupyter-wrapper", "jp-Cell"})
    True
    >>> needed(".jupyter-wrapper .bp3-button", {"jupyter-wrapper", "jp-Cell"})
    False
    >>> needed("[data-md-color-scheme=slate] .jupyter-wrapper", {"jupyter-wrapper"}), needed(".a\\\\:b", set())
    (True, True)

    nbconvert's variables, scoped below ``.jupyter-wrapper`` by mkdocs-jupyter, can match nothing:

    >>> needed(".jupyter-wrapper :root", {"jupyter-wrapper"}), needed(":root", set())
    (False, True)
    """
    if _INNER_ROOT.match(selector.strip()):
        return False
    found = _CLASS.findall(_without_not(selector))
    return any(escaped for _, escaped in found) or all(name in classes for name, _ in found)


@lru_cache(maxsize=32)  # every lab of every edition brings the same sheet, and most the same classes
def prune(css: str, classes: frozenset[str]) -> str:
    """``css`` without the rules no element with ``classes`` can match.

    >>> prune("@font-face{font-family:X}.a,.b{color:red}@media print{.b{color:blue}.a{margin:0}}.c:hover{x:y}",
    ...       frozenset({"a"}))
    '@font-face{font-family:X}.a{color:red}@media print{.a{margin:0}}'
    """
    return "".join(_kept(_rules(css), classes))


@lru_cache(maxsize=8)  # parsed once: the labs differ in their classes, not in their sheet
def _rules(css: str) -> tuple:
    """``css`` parsed: ``(selectors, body)`` for a rule, ``(at-rule's head, rules)`` for ``@media`` and
    ``@supports``, the text of any other at-rule."""
    return tuple(_parsed(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


def _parsed(rules):
    for rule in rules:
        if rule.type == "qualified-rule":
            yield split_selectors(tinycss2.serialize(rule.prelude)), "{" + tinycss2.serialize(rule.content) + "}"
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            yield f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", tuple(_parsed(
                tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)))
        elif rule.type == "at-rule":
            yield rule.serialize()


def _kept(rules: tuple, classes: set[str]):
    for rule in rules:
        if isinstance(rule, str):
            yield rule
        elif isinstance(rule[1], tuple):
            inner = "".join(_kept(rule[1], classes))
            if inner:
                yield f"{rule[0]}{{{inner}}}"
        else:
            selectors = [s.strip() for s in rule[0] if needed(s, classes)]
            if selectors:
                yield ",".join(selectors) + rule[1]
