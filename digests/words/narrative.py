"""Plain-language verdicts on a variation analysis.

The variation engine speaks in icons and rule labels ("7 Points Above CL"); people in a team
channel need a few everyday words they can trust. The verdict words are fixed by DESIGN.md and
used everywhere the bot speaks, so tests and templates can rely on them. The reason sentence says
*why* in terms of what the reader can see on the chart, and it never calls an ordinary wobble a
trend: only a rule that fired is news. Pure functions: a result in, words out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from digests.words.numbers import (
    count_periods,
    format_period,
    format_range,
    format_target,
    number_word,
    period_word,
    span_words,
)

if TYPE_CHECKING:
    from digests.spc import SpcResult, SpcSummary

MIN_POINTS = 7  # fewer than this since the last rebase and no rule can judge a run or trend
SETTLING_POINTS = 12  # up to this many, the limits are trial limits (SPC.md section 9)
NOTABLE_SPAN = 6  # "the highest in three months" is not worth saying; fall back to the range

_VERDICTS = {
    "common_cause": "no real change",
    "improvement_high": "improving",
    "improvement_low": "improving",
    "concern_high": "getting worse",
    "concern_low": "getting worse",
    "neutral_high": "changed",
    "neutral_low": "changed",
}
_ASSURANCE = {
    "pass": "reliably meeting the target",
    "fail": "will not meet the target without a change",
    "inconsistent": "will sometimes meet the target and sometimes miss it",
}
TOO_EARLY = "too early to tell"
PROVISIONAL = "(early days: the usual range is still settling)"


@dataclass(frozen=True)
class Narrative:
    """The words for one indicator: each part on its own so templates can place them."""

    verdict: str
    assurance: str | None
    reason: str
    provisional: str | None
    headline: str
    target_sentence: str | None = None
    rebase_sentence: str | None = None

    @property
    def settling_sentence(self) -> str | None:
        """The provisional note as a sentence of its own, for where brackets would read oddly."""
        return f"{self.provisional[1:-1].capitalize()}." if self.provisional else None

    @property
    def text(self) -> str:
        """Everything in reading order, for a reply or an alt text."""
        parts = [self.headline, self.settling_sentence, self.reason, self.target_sentence]
        return " ".join(p for p in parts if p)


def verdict(summary: SpcSummary) -> str:
    """The DESIGN.md verdict for the latest point, or "too early to tell" on a short group."""
    if summary.n_latest_group < MIN_POINTS:
        return TOO_EARLY
    try:
        return _VERDICTS[summary.variation_icon]
    except KeyError:
        raise ValueError(f"unknown variation icon {summary.variation_icon!r}") from None


def assurance_words(summary: SpcSummary) -> str | None:
    """What the limits say about the target, in DESIGN.md's words; None when there is no target."""
    if summary.target is None or summary.assurance_icon is None:
        return None
    try:
        return _ASSURANCE[summary.assurance_icon]
    except KeyError:
        raise ValueError(f"unknown assurance icon {summary.assurance_icon!r}") from None


def provisional_note(summary: SpcSummary) -> str | None:
    """A caution while the limits rest on 7 to 12 points and will still move as data arrives."""
    if MIN_POINTS <= summary.n_latest_group <= SETTLING_POINTS:
        return PROVISIONAL
    return None


def reason(result: SpcResult, frequency: str, unit: str) -> str:
    """One plain sentence saying why the verdict is what it is, in everyday terms."""
    points = result.points
    if len(points) == 0:
        return "There is no data yet."
    summary = result.summary
    group = points[points["rebase_group"] == points["rebase_group"].iloc[-1]]
    latest = points.iloc[-1]
    if _is_nan(latest["value"]):
        return f"There is no value yet for {_period_words(latest['date'], frequency)}."
    since = _change_start(points, group, frequency)
    if summary.n_latest_group < MIN_POINTS:
        return _too_early(len(group), since, frequency)
    kind = str(latest["special_cause_type"])
    values = [float(v) for v in group["value"]]
    if kind in ("Above UCL", "Below LCL"):
        return _beyond_limits(points, kind == "Above UCL", frequency, unit, summary)
    if kind.startswith("7 Point Trend"):
        rising = kind.endswith("(Increasing)")
        n = _trend_length(values, rising)
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
        signs = [0 if _is_nan(s) else int(s) for s in group["relative_to_mean"]]
        n = _run_length(signs, side)
        where = "above" if side == 1 else "below"
        run = count_periods(n, frequency)
        if run[0].isdigit():  # a sentence should not start with a figure
            return f"{where.capitalize()} the usual level for {run} in a row."
        return f"{run.capitalize()} in a row {where} the usual level."
    if kind == "Common Cause":
        return _common_cause(group, unit, summary, since)
    raise ValueError(f"unknown special cause type {kind!r}")


def describe(result: SpcResult, *, name: str, unit: str, frequency: str) -> Narrative:
    """All the words for one indicator, from its variation analysis."""
    summary = result.summary
    said = verdict(summary)
    assurance = assurance_words(summary)
    target_sentence = None
    if assurance is not None and summary.target is not None:
        # "reliably meeting" needs "is"; the other two phrases are already verbs ("will ...").
        subject = "it is" if summary.assurance_icon == "pass" else "it"
        target = format_target(summary.target, unit)
        target_sentence = f"The target is {target}, and {subject} {assurance}."
    return Narrative(
        verdict=said,
        assurance=assurance,
        reason=reason(result, frequency, unit),
        provisional=provisional_note(summary),
        headline=f"{name}: {said}.",
        target_sentence=target_sentence,
    )


def _change_start(points: Any, group: Any, frequency: str) -> str | None:
    """When the latest rebase group began, in words; None if the series was never rebased."""
    if len(group) == len(points):
        return None
    return _period_words(group["date"].iloc[0], frequency)


def _too_early(n: int, since: str | None, frequency: str) -> str:
    when = f"since the change in {since}" if since else "so far"
    needed = number_word(MIN_POINTS)
    return f"Only {count_periods(n, frequency)} of data {when}; {needed} are needed."


def _beyond_limits(
    points: Any, above: bool, frequency: str, unit: str, summary: SpcSummary
) -> str:
    """Name how unusual the point is by how far back a value as extreme was last seen."""
    values = [float(v) for v in points["value"]]
    latest = values[-1]
    word = "highest" if above else "lowest"
    for j in range(len(values) - 2, -1, -1):
        earlier = values[j]
        if not _is_nan(earlier) and (earlier >= latest if above else earlier <= latest):
            span = _periods_between(_day(points["date"].iloc[j]), _day(points["date"].iloc[-1]),
                                    frequency)
            if span >= NOTABLE_SPAN:
                return f"The {word} in {span_words(span, frequency)}, far outside the usual range."
            side = "Above" if above else "Below"
            usual = format_range(summary.lpl, summary.upl, unit)
            return f"{side} the usual range of {usual}: more than normal ups and downs."
    return f"The {word} on record here, far outside the usual range."


def _common_cause(group: Any, unit: str, summary: SpcSummary, since: str | None) -> str:
    if _is_nan(summary.lpl) or _is_nan(summary.upl):
        known = group["value"].dropna()
        if len(known) > 1 and known.nunique() == 1:
            return "Every value has been the same, so there is no usual range yet."
        return "There is too little data to set a usual range yet."
    usual = format_range(summary.lpl, summary.upl, unit)
    if (group["special_cause_type"] == "Common Cause").all():
        if since:  # after a recorded change, the range is the new one: say so
            return f"Since the change in {since}, the ups and downs are within {usual}."
        return f"The ups and downs are within the usual range of {usual}."
    return f"The latest value is back within the usual range of {usual}."


def _run_length(signs: list[int], side: int) -> int:
    """How many points at the end sit on `side` of the mean (the run may be longer than 7)."""
    n = 0
    while n < len(signs) and signs[-1 - n] == side:
        n += 1
    return n


def _trend_length(values: list[float], rising: bool) -> int:
    """How many points at the end rise (or fall) one after another, counting the first of them."""
    n = 1
    while n < len(values):
        before, after = values[-1 - n], values[-n]
        if not (after > before if rising else after < before):
            break
        n += 1
    return n


def _periods_between(start: date, end: date, frequency: str) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if frequency == "week":
        return (end - start).days // 7
    return months if frequency == "month" else months // 3


def _period_words(day: date, frequency: str) -> str:
    """A period as it sits mid-sentence: "Oct 2026", "the week of 3 Nov 2026"."""
    name = format_period(_day(day), frequency)
    return f"the {name}" if frequency == "week" else name


def _day(value: date) -> date:
    """A plain date from a pandas Timestamp (a datetime) or a date, so weeks count in days."""
    return value.date() if isinstance(value, datetime) else value


def _is_nan(value: Any) -> bool:
    return value is None or value != value
