"""From per-row arrays to result frames: sorting, checks, rebase groups, rules, summary.

``analyse`` and ``analyse_many`` both end here, so a series gets the same result alone or among
thousands by construction rather than by keeping two copies in step. Nothing here loops over
points or series; the only Python loops run over the few distinct values of an option.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from digests.spc.core import (
    POINT_TYPES,
    SHORT_GROUP,
    SPECIAL_CAUSE_TYPES,
    VARIATION_ICONS,
    assurance_icons,
    run_rules,
)
from digests.spc.inputs import check_fix_after, check_screen, direction_of
from digests.spc.model import SpcInputError, SpcManyResult
from digests.spc.rates import wilson_interval

WARN_SHORT = (
    "Some groups have 12 or fewer points: their limits are trial limits and will settle as "
    "more data arrive."
)
WARN_MISSING = "Some values are missing; they are left out of the mean and the limits."
WARN_NO_LIMITS = "The latest group has no process limits: it has one point, or no variation."
WARN_EARLY = "The latest group has fewer than 7 points, too few to show a run or a trend."
_WARNINGS = (WARN_SHORT, WARN_MISSING, WARN_NO_LIMITS, WARN_EARLY)
_WARNING_SETS = np.empty(16, dtype=object)
_WARNING_SETS[:] = [tuple(w for b, w in enumerate(_WARNINGS) if c >> b & 1) for c in range(16)]
_IMPROVEMENTS = np.array(["decrease", "neutral", "increase"], dtype=object)
_CAUSES = np.array(SPECIAL_CAUSE_TYPES, dtype=object)
_TYPES = np.array(POINT_TYPES, dtype=object)
_NO_FIX = np.iinfo(np.int64).max


class _Where:
    """Names the series in a message, unless there is only the one."""

    def __init__(self, keys: pd.Index, single: bool) -> None:
        self.keys = keys
        self.single = single

    def __call__(self, series_index: int) -> str:
        return "" if self.single else f" (series {self.keys[series_index]!r})"


def _per_series(
    name: str,
    rows: np.ndarray,
    starts: np.ndarray,
    counts: np.ndarray,
    where: _Where,
    codes: np.ndarray,
) -> np.ndarray:
    """The value of an option for each series, after checking it is the same on every row."""
    first = rows[starts]
    repeated = np.repeat(first, counts)
    differ = np.flatnonzero(rows != repeated)
    if differ.size:  # NaN != NaN: only a real difference counts
        both_missing = pd.isna(rows[differ]) & pd.isna(repeated[differ])
        differ = differ[~both_missing]
    if differ.size:
        series_index = int(codes[differ[0]])
        raise SpcInputError(f"{name} must be the same on every row{where(series_index)}")
    return first


def _checked(
    values: np.ndarray | None,
    check: Callable[[Any], Any],
    default: Any,
    dtype: Any,
    size: int,
    where: _Where,
) -> np.ndarray:
    """Check each distinct value once (missing means the default), then map every series."""
    if values is None:
        return np.full(size, check(default), dtype=dtype)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = []
    for j, unique in enumerate(uniques):
        try:
            table.append(check(unique))
        except SpcInputError as exc:
            raise SpcInputError(f"{exc}{where(int(np.flatnonzero(codes == j)[0]))}") from None
    return np.array([*table, check(default)], dtype=dtype)[codes]


def _fix_after(values: np.ndarray | None, size: int, where: _Where) -> np.ndarray:
    if values is None:
        return np.full(size, _NO_FIX, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(values) & ((values < 12) | (values != np.floor(values)))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        check_fix_after(float(values[i]), where(i))
    out = np.full(size, _NO_FIX, dtype=np.int64)
    given = ~np.isnan(values)
    out[given] = values[given].astype(np.int64)
    return out


def _intervals(
    values: np.ndarray, ratio: tuple[np.ndarray, np.ndarray], codes: np.ndarray, nseries: int
) -> dict[str, np.ndarray]:
    """Wilson 95% intervals on the scale of ``value``: per cent if that fits the values better.

    A series is taken to be in per cent when its values sit closer (median absolute difference)
    to ``100 * numerator / denominator`` than to ``numerator / denominator``.
    """
    num, den = ratio
    low, high = wilson_interval(num, den)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = num / den
    gaps = pd.DataFrame({"one": np.abs(values - share), "hundred": np.abs(values - 100 * share)})
    medians = gaps.groupby(codes).median().reindex(range(nseries))
    percent = (medians["hundred"] < medians["one"]).to_numpy()
    scale = np.where(percent, 100.0, 1.0)[codes]
    return {"numerator": num, "denominator": den, "ci_low": low * scale, "ci_high": high * scale}


def run_series(
    keys: pd.Index,
    codes: np.ndarray,
    dates: np.ndarray,
    values: np.ndarray,
    rebase: np.ndarray,
    options: dict[str, np.ndarray],
    ratio: tuple[np.ndarray, np.ndarray] | None,
    single: bool = False,
) -> SpcManyResult:
    """Analyse series given as per-row arrays; see ``analyse_many`` for the meaning.

    ``codes`` index ``keys``; ``dates`` are int64 nanoseconds; ``rebase`` is True on a row that
    starts a new group; ``options`` may hold per-row ``improvement``, ``target``,
    ``fix_after_n_points`` (float, NaN for none) and ``screen_outliers``.
    """
    size = values.size
    where = _Where(keys, single)
    step_code = np.diff(codes)
    step_date = np.diff(dates)
    if not ((step_code > 0) | ((step_code == 0) & (step_date > 0))).all():
        order = np.lexsort((dates, codes))
        codes, dates, values, rebase = codes[order], dates[order], values[order], rebase[order]
        options = {k: v[order] for k, v in options.items()}
        ratio = None if ratio is None else (ratio[0][order], ratio[1][order])
        step_code = np.diff(codes)
        step_date = np.diff(dates)
    dup = np.flatnonzero((step_code == 0) & (step_date == 0))
    if dup.size:
        day = pd.Timestamp(int(dates[dup[0]])).isoformat()
        raise SpcInputError(f"more than one value dated {day}{where(int(codes[dup[0]]))}")

    series_starts = np.flatnonzero(np.r_[True, step_code != 0])
    series_counts = np.diff(np.append(series_starts, size))
    per = {
        k: _per_series(k, v, series_starts, series_counts, where, codes) for k, v in options.items()
    }
    nseries = keys.size
    direction = _checked(per.get("improvement"), direction_of, "increase", np.int8, nseries, where)
    screen = _checked(per.get("screen_outliers"), check_screen, True, bool, nseries, where)
    fix_after = _fix_after(per.get("fix_after_n_points"), nseries, where)
    target = per.get("target", np.full(nseries, np.nan)).astype(np.float64)

    flags = rebase.astype(bool)
    running = np.cumsum(flags)
    base = running[series_starts] - flags[series_starts]
    rebase_group = running - np.repeat(base, series_counts)
    starts_mask = flags.copy()
    starts_mask[series_starts] = True
    starts = np.flatnonzero(starts_mask)
    seg_series = codes[starts]
    rules = run_rules(
        values, starts, fix_after[seg_series], screen[seg_series], direction[seg_series]
    )
    counts = rules.counts

    columns: dict[str, Any] = {} if single else {"series": keys.take(codes)}
    columns |= {
        "date": dates.view("datetime64[ns]"),
        "value": values,
        "rebase_group": rebase_group.astype(np.int64),
        "mean": rules.point_mean,
        "lpl": rules.point_lpl,
        "upl": rules.point_upl,
        "outside_limits": rules.outside,
        "close_to_limits": rules.close,
        "relative_to_mean": rules.rtm.astype(np.int64),
        "special_cause_type": _CAUSES[rules.cause],
        "point_type": _TYPES[rules.point_type],
        "short_group_warning": np.repeat(counts < SHORT_GROUP, counts),
    }
    if ratio is not None:
        columns |= _intervals(values, ratio, codes, nseries)
    points = pd.DataFrame(columns, copy=False)

    last = series_starts + series_counts - 1
    last_seg = np.searchsorted(starts, last, side="right") - 1
    lpl, upl = rules.lpl[last_seg], rules.upl[last_seg]
    point_type = rules.point_type[last]
    first_seg = np.searchsorted(starts, series_starts)
    short_any = np.logical_or.reduceat(counts < SHORT_GROUP, first_seg)
    missing_any = np.logical_or.reduceat(np.isnan(values), series_starts)
    n_latest = counts[last_seg]
    no_limits = np.isnan(lpl) | np.isnan(upl)
    warn = short_any + 2 * missing_any + 4 * no_limits + 8 * (n_latest < 7)
    side = direction.astype(np.intp) + 1
    summary = pd.DataFrame(
        {
            "variation_icon": VARIATION_ICONS[side, point_type],
            "assurance_icon": pd.Series(
                assurance_icons(direction, target, lpl, upl), index=keys, dtype=object
            ),
            "mean": rules.mean[last_seg],
            "lpl": lpl,
            "upl": upl,
            "n_latest_group": n_latest.astype(np.int64),
            "latest_special_cause_type": _CAUSES[rules.cause[last]],
            "latest_point_type": _TYPES[point_type],
            "improvement": _IMPROVEMENTS[side],
            "target": target,
            "warnings": pd.Series(_WARNING_SETS[warn.astype(np.intp)], index=keys, dtype=object),
        },
        index=pd.Index(keys, name="series"),
    )
    return SpcManyResult(points, summary, np.append(series_starts, size))
