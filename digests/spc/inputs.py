"""Checking and converting the inputs of the variation engine, with messages a person can act on.

The reference package rejects what it cannot analyse (non-numeric values, duplicate dates,
``fix_after_n_points`` under 12); so do we, before any arithmetic, so that a bad upload is
reported as such rather than as a strange chart.
"""

from __future__ import annotations

import datetime as dt
import numbers
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from digests.spc.core import DIRECTIONS
from digests.spc.model import SpcInputError

_NUMERIC_KINDS = {"floating", "integer", "mixed-integer-float", "decimal", "empty"}
_SCALAR_DATES = (str, dt.date, np.datetime64)


def date_list(rebase: Any) -> list[Any]:
    """Rebase dates as a list; a single date (or date string) is accepted on its own."""
    if rebase is None:
        return []
    if isinstance(rebase, _SCALAR_DATES):
        return [rebase]
    return list(rebase)


def to_ns(obj: Any, what: str) -> np.ndarray:
    """Dates as int64 nanoseconds (naive; time-zone-aware dates are converted to UTC)."""
    probe = obj if isinstance(obj, pd.Series | pd.Index | np.ndarray) else np.asarray(obj)
    if probe.dtype.kind in "biuf" and len(probe):
        raise SpcInputError(f"{what} must be dates, not numbers")
    try:
        with warnings.catch_warnings():  # "could not infer format": we report failures ourselves
            warnings.simplefilter("ignore", UserWarning)
            idx = pd.DatetimeIndex(pd.to_datetime(obj))
        if idx.tz is not None:
            idx = idx.tz_convert(None)
        ns = np.asarray(idx.as_unit("ns").asi8, dtype=np.int64)
    except (ValueError, TypeError, OverflowError) as exc:
        raise SpcInputError(f"{what} could not be read as dates: {exc}") from None
    if idx.hasnans:
        where = int(np.flatnonzero(idx.isna())[0])
        raise SpcInputError(f"{what} has a missing date at position {where}")
    return ns


def to_float(obj: Any, what: str) -> np.ndarray:
    """Numbers as float64; missing values become NaN; text, booleans and infinities are refused."""
    if isinstance(obj, pd.Series | pd.Index):
        if pd.api.types.is_bool_dtype(obj.dtype):
            raise SpcInputError(f"{what} must be numbers, not true/false")
        if pd.api.types.is_numeric_dtype(obj.dtype):
            arr = obj.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            arr = obj.to_numpy(dtype=object)
    else:
        arr = np.asarray(obj)
    if arr.ndim != 1:
        raise SpcInputError(f"{what} must be a one-dimensional sequence of numbers")
    if arr.dtype.kind == "b":
        raise SpcInputError(f"{what} must be numbers, not true/false")
    if arr.dtype.kind in "iuf":
        out = arr.astype(np.float64)
    elif arr.dtype.kind == "O" and pd.api.types.infer_dtype(arr, skipna=True) in _NUMERIC_KINDS:
        out = pd.to_numeric(pd.Series(arr, dtype=object)).to_numpy(np.float64, na_value=np.nan)
    elif arr.dtype.kind in "mM":
        raise SpcInputError(f"{what} must be numbers, not dates or durations")
    else:
        items = arr.tolist()
        for i, item in enumerate(items):
            is_number = isinstance(item, numbers.Real) and not isinstance(item, bool)
            if not (is_number or item is None or item is pd.NA):
                raise SpcInputError(f"{what} must be numbers: {item!r} at position {i} is not")
        out = np.array([np.nan if v is None or v is pd.NA else float(v) for v in items])
    if np.isinf(out).any():
        where = int(np.flatnonzero(np.isinf(out))[0])
        raise SpcInputError(f"{what} has an infinite value at position {where}")
    return out


def direction_of(improvement: Any, where: str = "") -> int:
    """+1 / 0 / -1 for increase / neutral / decrease."""
    if not isinstance(improvement, str) or improvement not in DIRECTIONS:
        raise SpcInputError(
            f"improvement{where} must be 'increase', 'decrease' or 'neutral', not {improvement!r}"
        )
    return DIRECTIONS[improvement]


def check_target(target: Any, where: str = "") -> float:
    """The target as a float; None or NaN mean no target and give NaN."""
    if target is None:
        return float("nan")
    if isinstance(target, bool) or not isinstance(target, numbers.Real):
        raise SpcInputError(f"target{where} must be a number, not {target!r}")
    value = float(target)
    if np.isinf(value):
        raise SpcInputError(f"target{where} must be finite")
    return value


def check_fix_after(fix_after: Any, where: str = "") -> int:
    """fix_after_n_points as an int (0 when unset); the reference requires at least 12."""
    if fix_after is None or (isinstance(fix_after, float) and np.isnan(fix_after)):
        return 0
    if isinstance(fix_after, bool) or not isinstance(fix_after, numbers.Real):
        raise SpcInputError(f"fix_after_n_points{where} must be a whole number, not {fix_after!r}")
    if not float(fix_after).is_integer():
        raise SpcInputError(f"fix_after_n_points{where} must be a whole number, not {fix_after!r}")
    if fix_after < 12:
        raise SpcInputError(f"fix_after_n_points{where} must be at least 12, not {fix_after!r}")
    return int(float(fix_after))


def check_screen(screen: Any, where: str = "") -> bool:
    """screen_outliers must be a real true/false, so that a string like "no" is not truthy."""
    if not isinstance(screen, bool | np.bool_):
        raise SpcInputError(f"screen_outliers{where} must be True or False, not {screen!r}")
    return bool(screen)


def ratio_inputs(
    numerators: Iterable[Any] | None, denominators: Iterable[Any] | None, size: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """Numerators and denominators, both or neither, as checked float arrays."""
    if numerators is None and denominators is None:
        return None
    if numerators is None or denominators is None:
        raise SpcInputError("give both numerators and denominators, or neither")
    num = to_float(numerators, "numerators")
    den = to_float(denominators, "denominators")
    if num.size != size or den.size != size:
        raise SpcInputError("numerators and denominators must have one entry per value")
    with np.errstate(invalid="ignore"):
        if (num < 0).any() or (den < 0).any():
            raise SpcInputError("numerators and denominators must not be negative")
        if (num > den).any():
            raise SpcInputError("a numerator is larger than its denominator")
    return num, den
