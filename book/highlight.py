"""Pygments' ``highlight`` remembered, for code that every edition of the book shows.

A block's colouring depends only on its source, the lexer (its class and
options) and the formatter (its class and options): :func:`remembered` answers
a call it has seen with the same string. A lexer with filters is not
remembered (a filter is an object, not an option), nor is anything once the
memory holds ``LIMIT`` blocks (a long ``make serve`` session starts again).
"""

from __future__ import annotations

import functools

LIMIT = 4096


def remembered(highlight):
    """``highlight(code, lexer, formatter)``, answering from memory a call made before.

    >>> from pygments import highlight
    >>> from pygments.formatters import HtmlFormatter
    >>> from pygments.lexers import PythonLexer
    >>> calls = []
    >>> def counted(*args): calls.append(1); return highlight(*args)
    >>> colour = remembered(counted)
    >>> a = colour("x = 1", PythonLexer(), HtmlFormatter(cssclass="h"))
    >>> b = colour("x = 1", PythonLexer(), HtmlFormatter(cssclass="h"))
    >>> c = colour("x = 1", PythonLexer(), HtmlFormatter(cssclass="other"))
    >>> a == b == highlight("x = 1", PythonLexer(), HtmlFormatter(cssclass="h")), a == c, len(calls)
    (True, False, 2)
    """
    memory: dict[tuple, str] = {}

    @functools.wraps(highlight)
    def colour(code, lexer, formatter, outfile=None):
        if outfile is not None or getattr(lexer, "filters", None):
            return highlight(code, lexer, formatter, outfile)
        key = (code, type(lexer), repr(sorted(lexer.options.items())),
               type(formatter), repr(sorted(formatter.options.items())))
        if key not in memory:
            if len(memory) >= LIMIT:
                memory.clear()
            memory[key] = highlight(code, lexer, formatter)
        return memory[key]

    colour.remembered = True
    return colour
