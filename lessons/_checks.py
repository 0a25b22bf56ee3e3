"""Input validation shared by every module.

Each helper returns the cleaned value (a Python ``int``/``float`` or a
float64 array) or raises ``TypeError`` (wrong kind of object) or
``ValueError`` (right kind, bad value) with a message that names the
argument and says what was expected.

>>> check_int("k", 3, minimum=0)
3
>>> check_int("k", -1, minimum=0)
Traceback (most recent call last):
...
ValueError: k must be a non-negative integer, got -1
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

__all__: list[str] = []  # private: nothing is re-exported


def _describe(value: Any) -> str:
    """A short description of ``value`` for error messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    text = repr(value)
    return text if len(text) <= 60 else type(value).__name__


def _int_kind(minimum: int | None, maximum: int | None) -> str:
    if maximum is not None:
        low = "" if minimum is None else f"{minimum} <= "
        return f"an integer with {low}value <= {maximum}"
    if minimum == 0:
        return "a non-negative integer"
    if minimum == 1:
        return "a positive integer"
    if minimum is not None:
        return f"an integer >= {minimum}"
    return "an integer"


def check_int(name: str, value: Any, minimum: int | None = None,
              maximum: int | None = None, hint: str = "") -> int:
    """Return ``value`` as a Python int; reject bools, floats and out-of-range values.

    ``hint`` is appended to the message, e.g. to say why there is a maximum.

    >>> check_int("n", np.int64(5), minimum=1)
    5
    >>> check_int("k", 2.0)
    Traceback (most recent call last):
    ...
    TypeError: k must be an integer, got 2.0
    """
    kind = _int_kind(minimum, maximum)
    suffix = f" ({hint})" if hint else ""
    # bool is an int subclass, but k=True is always a mistake.
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {kind}{suffix}, got {_describe(value)}")
    value = int(value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be {kind}{suffix}, got {value}")
    return value


def check_real(name: str, value: Any) -> float:
    """Return ``value`` as a finite Python float.

    >>> check_real("height", 2)
    2.0
    >>> check_real("height", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: height must be a finite real number, got nan
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a finite real number, got {_describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite real number, got {value}")
    return value


def check_positive(name: str, value: Any) -> float:
    """Return ``value`` as a float that is finite and > 0.

    >>> check_positive("eps", 0.5)
    0.5
    """
    value = check_real(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value}")
    return value


def check_open_unit(name: str, value: Any) -> float:
    """Return ``value`` as a float strictly between 0 and 1 (an eps or a delta).

    >>> check_open_unit("delta", 0.1)
    0.1
    >>> check_open_unit("delta", 1)
    Traceback (most recent call last):
    ...
    ValueError: delta must be a number strictly between 0 and 1, got 1.0
    """
    value = check_real(name, value)
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must be a number strictly between 0 and 1, got {value}")
    return value


def check_interval(lo: Any, hi: Any, names: tuple[str, str] = ("lo", "hi")) -> tuple[float, float]:
    """Return ``(lo, hi)`` as floats, both finite and ``lo < hi``.

    >>> check_interval(0, 1)
    (0.0, 1.0)
    >>> check_interval(1, 1)
    Traceback (most recent call last):
    ...
    ValueError: hi must be greater than lo, got lo=1.0, hi=1.0
    """
    lo = check_real(names[0], lo)
    hi = check_real(names[1], hi)
    if not lo < hi:
        raise ValueError(f"{names[1]} must be greater than {names[0]}, "
                         f"got {names[0]}={lo}, {names[1]}={hi}")
    return lo, hi


def check_finite_array(name: str, x: Any, ndim: int | tuple[int, ...] | None = None,
                       min_size: int = 0) -> np.ndarray:
    """Return ``x`` as a new float64 array of finite numbers.

    ``ndim`` (one number or a tuple of allowed numbers) fixes the number of
    axes; ``min_size`` the least number of elements.

    >>> check_finite_array("xs", [0, 1], ndim=1)
    array([0., 1.])
    >>> check_finite_array("xs", [[0.0, 1.0]], ndim=1)
    Traceback (most recent call last):
    ...
    ValueError: xs must be a 1-D array, got shape (1, 2)
    """
    try:
        arr = np.array(x)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of real numbers ({exc})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be a {want} array, got shape {arr.shape}")
    if arr.size < min_size:
        raise ValueError(f"{name} must have at least {min_size} elements, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no nan or inf)")
    return arr


def check_callable(name: str, f: Any) -> Callable[..., Any]:
    """Return ``f`` if it can be called.

    >>> check_callable("f", abs) is abs
    True
    """
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {_describe(f)}")
    return f


def scalar_or_array(result: np.ndarray, scalar: bool) -> float | np.ndarray:
    """Return a Python float when the input was a scalar, else the array.

    Doctests then print ``0.0`` rather than ``np.float64(0.0)``.

    >>> scalar_or_array(np.array(2.0), True)
    2.0
    """
    return float(result) if scalar else result
