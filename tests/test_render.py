"""The page renderer's results cache: kept only for calls it can key safely."""

from __future__ import annotations

import numpy as np

import lessons
from book.results import remember


def counting(fn):
    """``fn`` and a list that grows by one at each real call."""
    calls = []

    def wrapped(*args, **kwargs):
        calls.append(args)
        return fn(*args, **kwargs)

    wrapped.__module__, wrapped.__qualname__, wrapped.__name__ = fn.__module__, fn.__qualname__, fn.__name__
    return wrapped, calls


def test_a_call_on_plain_data_is_computed_once(tmp_path):
    fn, calls = counting(lessons.count_pieces)
    kept = remember(fn, tmp_path, b"salt")
    first = kept(lessons.sawtooth(5), 0, 1)
    again = kept(lessons.sawtooth(5), 0, 1)
    assert first == again == 32 and len(calls) == 1
    assert kept(lessons.sawtooth(6), 0, 1) == 64 and len(calls) == 2, "another argument computes afresh"
    assert remember(fn, tmp_path, b"other lessons")(lessons.sawtooth(5), 0, 1) == 32 and len(calls) == 3


def test_keyword_arguments_are_part_of_the_key(tmp_path):
    fn, calls = counting(lessons.compare_depths)
    kept = remember(fn, tmp_path, b"salt")
    args = dict(budget=100, depths=(1, 4), seeds=2, steps=20, n_points=16)
    a = kept(lessons.sawtooth8, **args)
    b = kept(lessons.sawtooth8, **args)
    assert len(calls) == 1 and np.array_equal(a.row(4).test_mse, b.row(4).test_mse)
    kept(lessons.sawtooth8, **{**args, "steps": 21})
    assert len(calls) == 2


def test_a_page_function_is_never_kept(tmp_path):
    """A function defined on the page can change without changing the key: always run it."""
    fn, calls = counting(lessons.compare_depths)
    kept = remember(fn, tmp_path, b"salt")
    args = dict(budget=100, depths=(1,), seeds=1, steps=5, n_points=8)
    for _ in range(2):
        kept(lambda x: x * x, **args)
    assert len(calls) == 2 and not list(tmp_path.iterdir())
