"""What a chart says in words: its alt text, its latest figure and its icons.

The alt text stands in for the picture (a screen reader, a platform that drops the image, a
search), so it carries every figure the chart shows, in the measure's one style. No matplotlib
here: the board report and the answers need the words and icons without drawing anything.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from digests.words.narrative import MIN_POINTS, Narrative, style_of
from digests.words.numbers import Style, format_period, frequency_adjective

if TYPE_CHECKING:
    from digests.spc import SpcResult


def hollow_alt(hollow: Sequence[date], frequency: str) -> str:
    if not hollow:
        return ""
    periods = ", ".join(format_period(day, frequency) for day in sorted(hollow)[-3:])
    return f" Provisional figures, drawn hollow: {periods}."


def icons_for(result: SpcResult) -> tuple[str, str | None] | None:
    """The MDC icons, or none while it is too early to tell: an icon would claim a verdict."""
    summary = result.summary
    if summary.n_latest_group < MIN_POINTS:
        return None
    return summary.variation_icon, summary.assurance_icon


def alt_text(
    result: SpcResult, said: Narrative, title: str, unit: str, frequency: str,
    target: float | None,
) -> str:
    """The chart in words, every figure in the measure's one style (numbers.Style)."""
    style = style_of(result, unit)
    points = result.points
    first, last = (format_period(points["date"].iloc[i], frequency) for i in (0, -1))
    span = first if first == last else f"{first} to {last}"
    parts = [f"Chart of {title}, {frequency_adjective(frequency)}, {span}."]
    if math.isfinite(points["value"].iloc[-1]):  # else the reason says the value is missing
        latest = latest_words(result, unit, frequency, style)
        parts.append(f"{latest[0].upper()}{latest[1:]}.")
    reason = said.reason[0].lower() + said.reason[1:]
    parts.append(f"{said.verdict.capitalize()}: {reason}")
    summary = result.summary
    if math.isfinite(summary.lpl) and math.isfinite(summary.upl):
        usual = style.range(summary.lpl, summary.upl)
        settling = f" {said.provisional}" if said.provisional else ""
        if usual not in reason:  # the common-cause reason already gives the range
            parts.append(f"Usual range {usual}{settling}.")
        elif said.settling_sentence:
            parts.append(said.settling_sentence)
    for sentence in (said.target_sentence, said.rebase_sentence, said.gap_sentence):
        if sentence:
            parts.append(sentence)
    if not said.target_sentence and target is not None:
        parts.append(f"The target is {style.target(target)}.")
    return " ".join(parts)


def latest_words(result: SpcResult, unit: str, frequency: str,
                 style: Style | None = None) -> str:
    """ "latest 86.0% (Oct 2026)", or "no value yet for Oct 2026" when the latest is missing."""
    latest = result.points.iloc[-1]
    period = format_period(latest["date"], frequency)
    if not math.isfinite(latest["value"]):
        return f"no value yet for {period}"
    style = style or style_of(result, unit)
    return f"latest {style.value(latest['value'])} ({period})"


def require_points(result: SpcResult) -> None:
    """A chart needs points: say so plainly rather than fail inside matplotlib."""
    if len(result.points) == 0:
        raise ValueError("there is nothing to chart: the series has no points")
