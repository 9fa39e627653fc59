"""Many series at once, from one long frame, in one vectorised pass (see ``analyse_many``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from digests.spc.inputs import ratio_inputs, to_float, to_ns
from digests.spc.model import SpcInputError, SpcManyResult
from digests.spc.run import run_series


def _series_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Sorted series names and each row's index into them.

    Frames usually arrive grouped by series; then only the first row of each block needs
    hashing, which is several times faster than factorising every row.
    """
    raw = column.to_numpy()
    size = raw.size
    change = np.ones(size, dtype=bool)
    change[1:] = raw[1:] != raw[:-1]
    heads = np.flatnonzero(change)
    if pd.isna(raw[heads]).any():
        raise SpcInputError("the series column has a missing name")
    head_codes, uniques = pd.factorize(raw[heads], sort=True)
    if len(uniques) == heads.size:
        codes = np.repeat(head_codes, np.diff(np.append(heads, size)))
        return codes.astype(np.int64), pd.Index(uniques)
    all_codes, all_uniques = pd.factorize(column, sort=True)
    return all_codes.astype(np.int64), pd.Index(all_uniques)


def _flags(column: pd.Series) -> np.ndarray:
    """The rebase column: True on a row that starts a new group (missing means False)."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return column.to_numpy(dtype=bool, na_value=False)
    raw = column.to_numpy(dtype=object)
    missing = pd.isna(raw)
    ok = np.array([isinstance(v, bool | np.bool_) for v in raw[~missing]], dtype=bool)
    if not ok.all():
        bad = raw[~missing][~ok][0]
        raise SpcInputError(f"rebase must be True or False, not {bad!r}")
    out = np.zeros(raw.size, dtype=bool)
    out[~missing] = raw[~missing].astype(bool)
    return out


def analyse_many(frame: pd.DataFrame) -> SpcManyResult:
    """Analyse every series of a long frame at once; each gets exactly what ``analyse`` gives.

    Columns: ``series``, ``date``, ``value``; optional and constant within a series:
    ``improvement``, ``target``, ``fix_after_n_points``, ``screen_outliers`` (missing values
    mean the defaults); optional per row: ``rebase`` (True on the first row of a new group),
    ``numerator`` and ``denominator`` (for Wilson intervals).
    """
    if not isinstance(frame, pd.DataFrame):
        raise SpcInputError("analyse_many needs a pandas DataFrame")
    missing = [c for c in ("series", "date", "value") if c not in frame.columns]
    if missing:
        raise SpcInputError(f"the frame has no column {', '.join(map(repr, missing))}")
    if len(frame) == 0:
        raise SpcInputError("the frame has no rows")
    codes, keys = _series_codes(frame["series"])
    values = to_float(frame["value"], "value")
    dates = to_ns(frame["date"], "date")
    options: dict[str, np.ndarray] = {}
    for name in ("improvement", "screen_outliers"):
        if name in frame.columns:
            column = frame[name]
            as_bool = pd.api.types.is_bool_dtype(column.dtype) and not column.hasnans
            options[name] = column.to_numpy(dtype=bool if as_bool else object)
    for name in ("target", "fix_after_n_points"):
        if name in frame.columns:
            options[name] = to_float(frame[name], name)
    rebase = _flags(frame["rebase"]) if "rebase" in frame.columns else np.zeros(len(frame), bool)
    ratio = None
    if "numerator" in frame.columns or "denominator" in frame.columns:
        ratio = ratio_inputs(frame.get("numerator"), frame.get("denominator"), len(frame))
    return run_series(keys, codes, dates, values, rebase, options, ratio)
