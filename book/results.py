"""The results memo: the slow calls of the book's experiments, kept between builds.

A page's figures are drawn again whenever its code changes; its networks
need not be trained again when only the plotting or the prose changed. In a
build, ``lessons.compare_depths`` and ``lessons.count_pieces`` keep their
results under a key of the call's arguments, the sources of ``lessons`` and
the library versions (``book.cache.key``): a changed argument or a changed
``lessons`` computes afresh. Only calls whose arguments are plain data are
kept. The page tests use what the test run's own build (from an empty cache)
kept, so each experiment of a page runs once per test run.
"""

from __future__ import annotations

import functools
import pickle
import sys
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np

from book.cache import key, write_atomically

SLOW_CALLS = ("compare_depths", "count_pieces")


def plain(value) -> bool:
    """Whether ``value`` is made only of data and ``lessons`` (whose sources are in the key).

    >>> plain((1, "a", np.zeros(2), {"k": None})), plain(lambda: 1)
    (True, False)
    """
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes, np.generic, np.dtype)):
        return True
    if isinstance(value, (tuple, list, frozenset, set)):
        return all(plain(v) for v in value)
    if isinstance(value, dict):
        return all(plain(k) and plain(v) for k, v in value.items())
    if isinstance(value, np.ndarray):
        return value.dtype != object
    if isinstance(value, type):
        return value.__module__.split(".")[0] in ("numpy", "builtins", "lessons")
    if isinstance(value, types.FunctionType):  # a page's own function could change without a trace
        return value.__module__.split(".")[0] == "lessons" and "<" not in value.__qualname__
    if type(value).__module__.split(".")[0] == "lessons" and hasattr(value, "__dict__"):
        return plain(vars(value))
    return False


def remember(fn, folder: Path, salt: bytes):
    """``fn`` with its results kept in ``folder``, for calls whose arguments are plain data."""

    @functools.wraps(fn)
    def call(*args, **kwargs):
        if not plain((args, kwargs)):
            return fn(*args, **kwargs)
        name = (fn.__module__, fn.__qualname__, args, sorted(kwargs.items()))
        path = folder / f"{fn.__name__}-{key(salt, pickle.dumps(name, protocol=5))}.pickle"
        if path.exists():
            return pickle.loads(path.read_bytes())
        result = fn(*args, **kwargs)
        write_atomically(path, pickle.dumps(result, protocol=5))
        return result

    return call


def keep_results(folder: Path, salt: bytes) -> Callable[[], None]:
    """Route the slow calls through :func:`remember`, for ``lessons.NAME`` and its home module alike;
    returns the function that puts the plain calls back."""
    import lessons

    undo = []
    for name in SLOW_CALLS:
        fn = getattr(lessons, name)
        kept = remember(fn, folder, salt)
        for owner in (lessons, sys.modules[fn.__module__]):
            undo.append((owner, name, getattr(owner, name)))
            setattr(owner, name, kept)

    def restore() -> None:
        for owner, name, fn in reversed(undo):
            setattr(owner, name, fn)

    return restore
