"""Making Data Count XmR charts: the variation engine (see shared SPC.md and docs/spc.md).

This follows the R package NHSRplotthedots v0.2.2 point for point: mean and moving-range limits
per rebase group (2.66 x mean MR, moving-range outliers screened once), runs of 7, trends of 7,
two-in-three near the limits, the variation icon from the latest point and the target assurance
from the latest limits. ``analyse`` takes one series; ``analyse_many`` takes thousands in one
vectorised pass and gives each exactly the result ``analyse`` would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from digests.spc.inputs import (
    check_fix_after,
    check_screen,
    check_target,
    date_list,
    direction_of,
    ratio_inputs,
    to_float,
    to_ns,
)
from digests.spc.model import Improvement, SpcInputError, SpcResult
from digests.spc.run import run_series


def analyse(
    dates: Iterable[Any],
    values: Iterable[Any],
    improvement: Improvement | str = "increase",
    target: float | None = None,
    rebase: Iterable[Any] = (),
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
    numerators: Iterable[Any] | None = None,
    denominators: Iterable[Any] | None = None,
) -> SpcResult:
    """Analyse one series: one row per point, sorted by date, and the summary verdict.

    ``rebase`` dates start a new group (a date not in the data does nothing). Missing values are
    kept as points but left out of the mean and limits. With ``numerators`` and
    ``denominators`` the points also carry Wilson 95% intervals on the scale of the values.
    """
    direction_of(improvement)
    target_value = check_target(target)
    fix_after = check_fix_after(fix_after_n_points)
    screen = check_screen(screen_outliers)
    day = to_ns(dates, "dates")
    value = to_float(values, "values")
    if day.size != value.size:
        raise SpcInputError(f"{day.size} dates but {value.size} values: give one date per value")
    if value.size == 0:
        raise SpcInputError("there are no values to analyse")
    starts = np.isin(day, to_ns(date_list(rebase), "rebase dates"))
    ratio = ratio_inputs(numerators, denominators, value.size)
    size = value.size
    options = {
        "improvement": np.full(size, improvement, dtype=object),
        "target": np.full(size, target_value),
        "fix_after_n_points": np.full(size, float(fix_after) if fix_after else np.nan),
        "screen_outliers": np.full(size, screen),
    }
    codes = np.zeros(size, dtype=np.int64)
    many = run_series(pd.Index([0]), codes, day, value, starts, options, ratio, single=True)
    return many.result(0)
