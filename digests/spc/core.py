"""The XmR rules over many segments at once (SPC.md §4-§8), as flat numpy arrays.

A *segment* is one rebase group of one series: a contiguous, date-ordered run of the input.
Everything is computed per segment with whole-array operations (segment starts, ``reduceat``,
run-length tricks), so ten thousand series cost about as much as one long one. Comparisons with
NaN are False here, which is what R's ``case_when`` makes of its NA.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digests.spc.mean import segment_means

LIMIT = 2.66
LIMIT_CLOSE = 2 * (LIMIT / 3)  # the 2-sigma line, computed exactly as the reference does
SCREEN = 3.267  # a moving range at or above SCREEN * mean MR is an outlier (Nelson 1982)
SHORT_GROUP = 13  # groups with fewer points than this have trial limits
RUN = 7
TREND = 7

SPECIAL_CAUSE_TYPES = (
    "Common Cause",
    "Above UCL",
    "Below LCL",
    "7 Point Trend (Increasing)",
    "7 Point Trend (Decreasing)",
    "2 in 3 Above CL",
    "2 in 3 Below CL",
    "7 Points Above CL",
    "7 Points Below CL",
)
_SIDE = np.array([0, 1, -1, 1, -1, 1, -1, 1, -1], dtype=np.int8)  # "Above"/"Increasing" = +1


def _cause_table() -> np.ndarray:
    """The label code for every combination of (outside, trend, 2-in-3, run, rising, above)."""
    table = np.zeros(64, dtype=np.int8)
    for key in range(64):
        outside, trend, two, run, up, above = (bool(key >> b & 1) for b in range(5, -1, -1))
        if outside:
            table[key] = 1 if above else 2
        elif trend:
            table[key] = 3 if up else 4
        elif two:
            table[key] = 5 if above else 6
        elif run:
            table[key] = 7 if above else 8
    return table


_CAUSE_OF_KEY = _cause_table()

POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
DIRECTIONS = {"increase": 1, "neutral": 0, "decrease": -1}


def _type_table() -> np.ndarray:
    """Point type code for each (label code, direction): neutral high/low, or oriented."""
    table = np.zeros((len(SPECIAL_CAUSE_TYPES), 3), dtype=np.int8)
    for cause, side in enumerate(_SIDE):
        for direction in (-1, 0, 1):
            oriented = side * direction
            if direction == 0:
                code = 3 if side > 0 else 4 if side < 0 else 0
            else:
                code = 1 if oriented > 0 else 2 if oriented < 0 else 0
            table[cause, direction + 1] = code
    return table.ravel()


_TYPE_OF_CAUSE = _type_table()

# VARIATION_ICONS[direction + 1][point type code]; "" cannot occur (SPC.md §7).
VARIATION_ICONS = np.array(
    [
        ["common_cause", "improvement_low", "concern_high", "", ""],
        ["common_cause", "", "", "neutral_high", "neutral_low"],
        ["common_cause", "improvement_high", "concern_low", "", ""],
    ],
    dtype=object,
)


@dataclass(frozen=True)
class Rules:
    """Per-point results of the rules; ``mean``, ``lpl`` and ``upl`` are per segment."""

    mean: np.ndarray
    lpl: np.ndarray
    upl: np.ndarray
    point_mean: np.ndarray
    point_lpl: np.ndarray
    point_upl: np.ndarray
    outside: np.ndarray
    close: np.ndarray
    rtm: np.ndarray
    cause: np.ndarray  # index into SPECIAL_CAUSE_TYPES
    point_type: np.ndarray  # index into POINT_TYPES
    counts: np.ndarray  # points per segment


def _masked_means(values: np.ndarray, keep: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Correctly rounded mean per segment of the kept values (R's ``mean(x, na.rm = TRUE)``)."""
    if keep.all():
        return segment_means(values, starts)
    running = np.concatenate(([0], np.cumsum(keep)))
    kept = np.diff(np.append(running[starts], running[-1]))
    return segment_means(np.where(keep, values, 0.0), starts, kept)


def _run_lengths(same_as_previous: np.ndarray) -> np.ndarray:
    """Length of the maximal run each element belongs to, runs broken where the flag is False."""
    run_starts = np.flatnonzero(~same_as_previous)
    lengths = np.diff(np.append(run_starts, same_as_previous.size))
    return np.repeat(lengths, lengths)


def run_rules(
    y: np.ndarray,
    starts: np.ndarray,
    fix_after: np.ndarray,
    screen: np.ndarray,
    direction: np.ndarray,
) -> Rules:
    """Mean, limits, flags, labels and point types for date-ordered segments of ``y``.

    ``starts`` are the segment start indices (the first is 0); ``fix_after`` (int, a huge value
    when unset), ``screen`` (bool) and ``direction`` (+1/0/-1) are given per segment.
    """
    size = y.size
    nseg = starts.size
    counts = np.diff(np.append(starts, size))
    seg = np.repeat(np.arange(nseg), counts)
    pos = np.arange(size) - np.repeat(starts, counts)
    first = np.zeros(size, dtype=bool)
    first[starts] = True

    # §4.1-4.6: only the first fix_after points of a group set its mean and limits.
    fix_y = np.where(pos < np.repeat(fix_after, counts), y, np.nan)
    mean = _masked_means(fix_y, ~np.isnan(fix_y), starts)
    mr = np.empty(size)
    mr[0] = np.nan
    np.abs(np.diff(fix_y), out=mr[1:])
    mr[first] = np.nan
    has_mr = ~np.isnan(mr)
    amr = _masked_means(mr, has_mr, starts)
    # One pass of screening, then the mean of the moving ranges that are left.
    with np.errstate(invalid="ignore"):
        kept = has_mr & ((mr < SCREEN * amr[seg]) | ~np.repeat(screen, counts))
    if (has_mr & ~kept).any():
        amr = _masked_means(mr, kept, starts)
    lpl = mean - LIMIT * amr
    upl = mean + LIMIT * amr
    nlpl = mean - LIMIT_CLOSE * amr
    nupl = mean + LIMIT_CLOSE * amr

    # §4.8: per-point flags. A missing value has rtm 0 and is never outside or close.
    m_pt = np.repeat(mean, counts)
    lpl_pt = np.repeat(lpl, counts)
    upl_pt = np.repeat(upl, counts)
    with np.errstate(invalid="ignore"):
        outside = (y > upl_pt) | (y < lpl_pt)
        close = ~outside & ((y < np.repeat(nlpl, counts)) | (y > np.repeat(nupl, counts)))
        rtm = np.nan_to_num(np.sign(y - m_pt)).astype(np.int8)
    step = steps(y, first)
    in_trend, trend_up = trend_rule(step, first)
    cause = special_causes(
        outside,
        rtm,
        in_trend,
        trend_up,
        close & two_in_three_windows(close, rtm, seg),
        run_rule(rtm, first),
    )
    point_type = point_types(cause, np.repeat(direction, counts))
    return Rules(
        mean, lpl, upl, m_pt, lpl_pt, upl_pt, outside, close, rtm, cause, point_type, counts
    )


def steps(y: np.ndarray, first: np.ndarray) -> np.ndarray:
    """sign(y[i] - y[i-1]) as int8; 0 on the first point of a group and next to a missing value."""
    step = np.zeros(y.size, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        step[1:] = np.nan_to_num(np.sign(np.diff(y)))
    step[first] = 0
    return step


def run_rule(rtm: np.ndarray, first: np.ndarray) -> np.ndarray:
    """§5 run: part of 7 or more consecutive points strictly on one side of the mean."""
    same_side = np.zeros(rtm.size, dtype=bool)
    same_side[1:] = rtm[1:] == rtm[:-1]
    same_side &= ~first & (rtm != 0)
    return (rtm != 0) & (_run_lengths(same_side) >= RUN)


def trend_rule(step: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """§5 trend: part of 7 points with 6 equal non-zero steps; and whether labelled Increasing.

    A tie or a missing value breaks a trend (where R would stop with an error on the missing
    value). A point belongs to a trend when the step into it or the step out of it does.
    """
    same_step = np.zeros(step.size, dtype=bool)
    same_step[1:] = step[1:] == step[:-1]
    same_step &= step != 0
    long_step = (step != 0) & (_run_lengths(same_step) >= TREND - 1)
    in_trend = long_step.copy()
    in_trend[:-1] |= long_step[1:]
    # The step out of the point if the next point is in a trend too, else the step into it:
    # so a shared peak reads Decreasing, and so does a rising end followed by a tie (SPC.md §5).
    next_too = np.zeros(step.size, dtype=bool)
    next_too[:-1] = in_trend[:-1] & in_trend[1:] & ~first[1:]
    step_out = np.zeros(step.size, dtype=np.int8)
    step_out[:-1] = step[1:]
    return in_trend, np.where(next_too, step_out, step) == 1


def two_in_three_windows(close: np.ndarray, rtm: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """§5: the point lies in a window of 3 (inside its group) with >= 2 close to a limit and
    all 3 strictly on one side of the mean. Only close points of such windows are flagged."""
    size = close.size
    window = np.zeros(size, dtype=bool)
    if size >= 3:
        c = close.astype(np.int8)
        n_close = c[:-2] + c[1:-1] + c[2:]
        side = rtm[:-2].astype(np.int16) + rtm[1:-1] + rtm[2:]
        window[:-2] = (seg[2:] == seg[:-2]) & (n_close >= 2) & (np.abs(side) == 3)
    covered = window.copy()
    covered[1:] |= window[:-1]
    covered[2:] |= window[:-2]
    return covered


def special_causes(
    outside: np.ndarray,
    rtm: np.ndarray,
    in_trend: np.ndarray,
    trend_up: np.ndarray,
    in_two_of_three: np.ndarray,
    in_run: np.ndarray,
) -> np.ndarray:
    """§5 precedence: limit, then trend, then two in three, then run; codes of the labels."""
    key = (
        outside.view(np.uint8) << 5
        | in_trend.view(np.uint8) << 4
        | in_two_of_three.view(np.uint8) << 3
        | in_run.view(np.uint8) << 2
        | trend_up.view(np.uint8) << 1
        | (rtm > 0).view(np.uint8)
    )
    return _CAUSE_OF_KEY[key]


def point_types(cause: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """§6: the side of each special cause, oriented by the improvement direction (per point)."""
    return _TYPE_OF_CAUSE[cause.astype(np.intp) * 3 + direction + 1]


def assurance_icons(
    direction: np.ndarray, target: np.ndarray, lpl: np.ndarray, upl: np.ndarray
) -> np.ndarray:
    """§8: pass / fail / inconsistent from the latest limits, or None (no target, or neutral).

    Strict comparisons, and NaN limits compare False, so they give "inconsistent".
    """
    with np.errstate(invalid="ignore"):
        above = target > upl
        below = target < lpl
    rising = direction > 0
    icon = np.where(
        above,
        np.where(rising, "fail", "pass"),
        np.where(below, np.where(rising, "pass", "fail"), "inconsistent"),
    ).astype(object)
    icon[np.isnan(target) | (direction == 0)] = None
    return icon
