"""A change's verdict in plain words, the same wherever the bot says it.

The three verdicts people act on are fixed phrases (tests and readers may match them): "it
worked", "it made things worse", "no clear effect yet". The sentence after them says why, in
the method's terms but without its jargon, and how big the difference is with its range.
"""

from __future__ import annotations

import math

from digests.learning.evaluate import (
    MIN_BASELINE,
    NO_BASELINE,
    NO_EFFECT,
    TOO_SOON,
    WORKED,
    WORSE,
    Evaluation,
)
from digests.words import numbers

VERDICT_WORDS = {
    WORKED: "it worked",
    WORSE: "it made things worse",
    NO_EFFECT: "no clear effect yet",
    TOO_SOON: "too soon to judge",
    NO_BASELINE: "cannot be judged yet",
}

_RULES = {
    "Above UCL": "a point above the old usual range",
    "Below LCL": "a point below the old usual range",
    "7 Point Trend (Increasing)": "seven points rising in a row",
    "7 Point Trend (Decreasing)": "seven points falling in a row",
    "2 in 3 Above CL": "two of three points near the top of the old usual range",
    "2 in 3 Below CL": "two of three points near the bottom of the old usual range",
    "7 Points Above CL": "seven points in a row above the old average",
    "7 Points Below CL": "seven points in a row below the old average",
}


def verdict_words(verdict: str) -> str:
    return VERDICT_WORDS[verdict]


def reason(evaluation: Evaluation, frequency: str) -> str:
    """Why the verdict is what it is, in one sentence."""
    e = evaluation
    if e.verdict == NO_BASELINE:
        return (f"There are {e.points_before} figures from before the change; at least "
                f"{MIN_BASELINE} are needed to know the usual range it is judged against.")
    if e.verdict == TOO_SOON:
        return "There are no figures from after the change yet."
    if e.verdict in (WORKED, WORSE):
        rule = _RULES.get(e.signal or "", "a signal the method recognises")
        when = numbers.format_period(e.signal_period, frequency) if e.signal_period else ""
        return f"Since the change: {rule}" + (f" (latest in {when})." if when else ".")
    side = "above" if e.expected == "increase" else "below"
    count = e.more_points or 0
    return (f"{numbers.number_word(e.points_after).capitalize()} "
            f"{numbers.period_word(frequency, e.points_after)} since, within the old usual "
            f"range; {numbers.number_word(count)} more {side} the old average in a row would "
            "show it worked.")


def effect_words(evaluation: Evaluation, unit: str) -> str | None:
    """"up 4.6 points (95% range 3.6 to 5.6)"; None when there is no effect to state."""
    effect = evaluation.effect
    if math.isnan(effect.estimate):
        return None
    text = numbers.format_change(effect.estimate, unit)
    if math.isnan(effect.low):
        return text
    return f"{text} (95% range {signed(effect.low, unit)} to {signed(effect.high, unit)})"


def signed(value: float, unit: str) -> str:
    """A difference with its sign: "+3.6", "-0.4" (in the unit's own way of writing it)."""
    sign = "+" if value > 0 else "-" if value < 0 else ""
    body = numbers.format_value(abs(value), unit)
    return f"{sign}{body.removesuffix('%')}" if unit == "%" else f"{sign}{body}"


def summary(evaluation: Evaluation, unit: str, frequency: str) -> str:
    """"it worked: up 4.6 points (95% range +3.6 to +5.6). Since the change: ..."."""
    said = verdict_words(evaluation.verdict)
    size = effect_words(evaluation, unit) if evaluation.points_after else None
    head = f"{said}: {size}." if size and evaluation.verdict != TOO_SOON else f"{said}."
    return f"{head} {reason(evaluation, frequency)}"
