"""Judge a change the Making Data Count way: did the indicator move as expected, beyond noise?

The limits come from the points *before* the change (since the last rebase before it) and are
extended over the points after it; the engine's special-cause rules (SPC.md §5) are then read
on the points after. A signal in the expected direction means "it worked", one in the other
direction "it made things worse", none "no clear effect yet". The latest signal after the change
decides, as the variation icon is decided by the latest point.

The before and after spells are kept apart, so no run, trend or two-in-three window can mix
them: a run that began before the change is not the change's doing. A period that straddles
the change date (a month in which a weekly change started) belongs to neither spell.

The rules are the engine's own (`digests.spc.core.run_rules`, given the baseline's length as
`fix_after`), with one missing point between the spells, which the engine already treats as
breaking every run, trend and window.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from digests.learning.effect import Effect, mean_difference
from digests.spc.core import RUN, SPECIAL_CAUSE_TYPES, run_rules

WORKED = "worked"
WORSE = "worse"
NO_EFFECT = "no_effect"
TOO_SOON = "too_soon"
NO_BASELINE = "no_baseline"
VERDICTS = (WORKED, WORSE, NO_EFFECT, TOO_SOON, NO_BASELINE)
CONCLUSIVE = (WORKED, WORSE)

MIN_BASELINE = 12
"""Points before a change needed to judge it: fewer make limits too unsettled to extend."""

_IMPROVEMENT, _CONCERN = 1, 2  # point type codes of the engine (digests.spc.core.POINT_TYPES)
_DIRECTION = {"increase": 1, "decrease": -1}


@dataclass(frozen=True)
class Evaluation:
    """One change judged on one indicator's series."""

    verdict: str  # one of VERDICTS
    started: date
    expected: str  # increase | decrease
    points_before: int
    points_after: int
    baseline_mean: float
    lpl: float
    upl: float
    after_mean: float
    effect: Effect
    signal: str | None = None  # the rule that fired last after the change ("7 Points Above CL")
    signal_period: date | None = None
    more_points: int | None = None  # for no clear effect: how many more a run would need
    through: date | None = None  # the latest period looked at

    @property
    def conclusive(self) -> bool:
        return self.verdict in CONCLUSIVE


def evaluate(periods: Sequence[date], values: Iterable[float], started: date, expected: str,
             *, frequency: str | None = None, rebases: Iterable[date] = (),
             screen_outliers: bool = True) -> Evaluation:
    """Judge a change that started on `started`, expected to `expected` ("increase" or
    "decrease") the values. `periods` are period starts; with `frequency` a period that
    straddles the start date is left out of both spells. Missing values are left out."""
    direction = _DIRECTION.get(expected)
    if direction is None:
        raise ValueError(f"expected must be increase or decrease, not {expected!r}")
    points = sorted((p, float(v)) for p, v in zip(periods, values, strict=True)
                    if not math.isnan(float(v)))
    cuts = sorted(set(rebases))
    since = max((r for r in cuts if r < started), default=date.min)
    until = min((r for r in cuts if r > started), default=date.max)
    before = [(p, v) for p, v in points
              if since <= p < started and _end(p, frequency) <= started]
    after = [(p, v) for p, v in points if started <= p < until]
    y_before = np.array([v for _, v in before], dtype=float)
    y_after = np.array([v for _, v in after], dtype=float)
    effect = mean_difference(y_before, y_after)
    after_mean = float(y_after.mean()) if y_after.size else math.nan
    through = after[-1][0] if after else None
    empty = Evaluation(NO_BASELINE, started, expected, len(before), len(after), math.nan,
                       math.nan, math.nan, after_mean, effect, through=through)
    if len(before) < MIN_BASELINE:
        return empty
    y = np.concatenate([y_before, [math.nan], y_after])
    rules = run_rules(y, np.array([0]), np.array([len(before)]),
                      np.array([screen_outliers]), np.array([direction], dtype=np.int8))
    mean, lpl, upl = float(rules.mean[0]), float(rules.lpl[0]), float(rules.upl[0])
    judged = Evaluation(TOO_SOON, started, expected, len(before), len(after), mean, lpl, upl,
                        after_mean, effect, through=through)
    if not after:
        return judged
    offset = len(before) + 1
    types = rules.point_type[offset:]
    signals = np.flatnonzero((types == _IMPROVEMENT) | (types == _CONCERN))
    if signals.size:
        last = int(signals[-1])
        return replace(judged, verdict=WORKED if types[last] == _IMPROVEMENT else WORSE,
                     signal=SPECIAL_CAUSE_TYPES[int(rules.cause[offset + last])],
                     signal_period=after[last][0])
    side = rules.rtm[offset:] * direction
    trailing = 0
    for s in side[::-1]:
        if s <= 0:
            break
        trailing += 1
    return replace(judged, verdict=NO_EFFECT, more_points=max(1, RUN - trailing))


def _end(start: date, frequency: str | None) -> date:
    """The day after a period ends (its start when the frequency is not known)."""
    if frequency is None:
        return start
    if frequency == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3}[frequency]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
