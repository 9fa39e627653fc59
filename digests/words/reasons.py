"""The "why" sentences of a verdict, each said only when its definition holds.

Every phrase here is defined in `digests.words.definitions` (and docs/spc.md), with the
constants it uses; `tests/digests/words/test_sentences_are_true.py` checks thousands of
generated series against those definitions. Pure functions: a result in, words out.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from digests.words.definitions import FAR_SIGMA, GAP_WINDOW, MIN_POINTS, NOTABLE_SPAN, RECENT
from digests.words.grammar import join_and
from digests.words.numbers import (
    Style,
    count_periods,
    format_period,
    number_word,
    period_word,
    span_words,
)

if TYPE_CHECKING:
    from digests.spc import SpcResult


def latest_group(points: Any) -> Any:
    return points[points["rebase_group"] == points["rebase_group"].iloc[-1]]


def figures(frame: Any) -> int:
    """How many periods of `frame` have a figure (a missing period is a row with no value)."""
    return int(frame["value"].notna().sum())


def reason(result: SpcResult, frequency: str, style: Style) -> str:
    """One plain sentence saying why the verdict is what it is, in everyday terms."""
    points = result.points
    if len(points) == 0:
        return "There is no data yet."
    group = latest_group(points)
    latest = points.iloc[-1]
    if is_nan(latest["value"]):
        return f"There is no value yet for {period_words(latest['date'], frequency)}."
    since = _change_start(points, group, frequency)
    if figures(group) < MIN_POINTS:
        return _too_early(figures(group), since, frequency)
    kind = str(latest["special_cause_type"])
    values = [float(v) for v in group["value"]]
    if kind in ("Above UCL", "Below LCL"):
        return _beyond_limits(points, kind == "Above UCL", frequency, style, result)
    if kind.startswith("7 Point Trend"):
        rising = kind.endswith("(Increasing)")
        n = trend_length(values, rising)
        return f"{'Rising' if rising else 'Falling'} for {count_periods(n, frequency)} in a row."
    if kind.startswith("2 in 3"):
        above = "Above" in kind
        near = int(group["close_to_limits"].iloc[-3:].sum())
        edge = "top" if above else "bottom"
        last_three = f"last three {period_word(frequency)}"
        if near < 3:
            return f"Two of the {last_three} near the {edge} of the usual range."
        return f"The {last_three} were all near the {edge} of the usual range."
    if kind.startswith("7 Points"):
        side = 1 if "Above" in kind else -1
        n = run_length(signs(group), side)
        where = "above" if side == 1 else "below"
        run = count_periods(n, frequency)
        if run[0].isdigit():  # a sentence should not start with a figure
            return f"{where.capitalize()} the usual level for {run} in a row."
        return f"{run.capitalize()} in a row {where} the usual level."
    if kind == "Common Cause":
        return _common_cause(group, style, result, since, frequency)
    raise ValueError(f"unknown special cause type {kind!r}")


def _change_start(points: Any, group: Any, frequency: str) -> str | None:
    """When the latest rebase group began, in words; None if the series was never rebased."""
    if len(group) == len(points):
        return None
    return period_words(group["date"].iloc[0], frequency)


def _too_early(n: int, since: str | None, frequency: str) -> str:
    when = f"since the change in {since}" if since else "so far"
    needed = number_word(MIN_POINTS)
    return f"Only {count_periods(n, frequency)} of data {when}; {needed} are needed."


def is_far(value: float, above: bool, result: SpcResult) -> bool:
    """At least FAR_SIGMA sigma beyond the limit (sigma: a third of mean-to-limit)."""
    summary = result.summary
    limit = summary.upl if above else summary.lpl
    sigma = abs(summary.upl - summary.mean) / 3
    return math.isfinite(sigma) and sigma > 0 and abs(value - limit) >= FAR_SIGMA * sigma


def _beyond_limits(points: Any, above: bool, frequency: str, style: Style,
                   result: SpcResult) -> str:
    """How unusual the point is: by how far back a value as extreme was last seen, and by how
    far it is past the limit ("far outside" only a sigma or more beyond it)."""
    values = [float(v) for v in points["value"]]
    latest = values[-1]
    word = "highest" if above else "lowest"
    summary = result.summary
    far = is_far(latest, above, result)
    usual = style.range(summary.lpl, summary.upl)
    how = "far outside the usual range" if far else \
        f"{'above' if above else 'below'} the usual range of {usual}"
    for j in range(len(values) - 2, -1, -1):
        earlier = values[j]
        if not is_nan(earlier) and (earlier >= latest if above else earlier <= latest):
            span = periods_between(day_of(points["date"].iloc[j]),
                                   day_of(points["date"].iloc[-1]), frequency)
            if span >= NOTABLE_SPAN:
                return f"The {word} in {span_words(span, frequency)}, {how}."
            side = "Above" if above else "Below"
            return f"{side} the usual range of {usual}: more than normal ups and downs."
    return f"The {word} on record here, {how}."


def _common_cause(group: Any, style: Style, result: SpcResult, since: str | None,
                  frequency: str) -> str:
    summary = result.summary
    if is_nan(summary.lpl) or is_nan(summary.upl):
        known = group["value"].dropna()
        if len(known) > 1 and known.nunique() == 1:
            return "Every value has been the same, so there is no usual range yet."
        return "There is too little data to set a usual range yet."
    usual = style.range(summary.lpl, summary.upl)
    if (group["special_cause_type"] == "Common Cause").all():
        if since:  # after a recorded change, the range is the new one: say so
            return f"Since the change in {since}, the ups and downs are within {usual}."
        return f"The ups and downs are within the usual range of {usual}."
    if recently_outside(group):
        return f"The latest value is back within the usual range of {usual}."
    return f"The latest value is within the usual range of {usual}."


def recently_outside(group: Any) -> bool:
    """One of the RECENT figures before the latest was beyond a limit."""
    before = group.iloc[-1 - RECENT:-1]
    return bool(before["outside_limits"].fillna(False).astype(bool).any())


def gap_sentence(points: Any, frequency: str) -> str | None:
    """ "No figure for Jan or Feb 2026.": periods among the last GAP_WINDOW with no figure."""
    recent = points.iloc[-GAP_WINDOW:]
    missing = [day_of(d) for d, v in zip(recent["date"], recent["value"], strict=True)
               if is_nan(v)]
    if not missing:
        return None
    if frequency == "week":
        named = [f"the week of {d.day} {d:%b %Y}" for d in missing]
    elif frequency == "month":  # "Jan or Feb 2026": the year once, after its last month
        named = [f"{d:%b}" if i + 1 < len(missing) and missing[i + 1].year == d.year
                 else f"{d:%b %Y}" for i, d in enumerate(missing)]
    else:
        named = [format_period(d, frequency) for d in missing]
    return f"No figure for {join_and(named, 'or')}."


def signs(group: Any) -> list[int]:
    return [0 if is_nan(s) else int(s) for s in group["relative_to_mean"]]


def run_length(values: list[int], side: int) -> int:
    """How many points at the end sit on `side` of the mean (the run may be longer than 7)."""
    n = 0
    while n < len(values) and values[-1 - n] == side:
        n += 1
    return n


def trend_length(values: list[float], rising: bool) -> int:
    """How many points at the end rise (or fall) one after another, counting the first of them."""
    n = 1
    while n < len(values):
        before, after = values[-1 - n], values[-n]
        if not (after > before if rising else after < before):
            break
        n += 1
    return n


def periods_between(start: date, end: date, frequency: str) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if frequency == "week":
        return (end - start).days // 7
    return months if frequency == "month" else months // 3


def period_words(day: date, frequency: str) -> str:
    """A period as it sits mid-sentence: "Oct 2026", "the week of 3 Nov 2026"."""
    name = format_period(day_of(day), frequency)
    return f"the {name}" if frequency == "week" else name


def day_of(value: date) -> date:
    """A plain date from a pandas Timestamp (a datetime) or a date, so weeks count in days."""
    return value.date() if isinstance(value, datetime) else value


def is_nan(value: Any) -> bool:
    return value is None or value != value
