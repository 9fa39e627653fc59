"""Plain-language verdicts on a variation analysis.

The variation engine speaks in icons and rule labels ("7 Points Above CL"); people in a team
channel need a few everyday words they can trust. The verdict words are fixed by DESIGN.md and
used everywhere the bot speaks, so tests and templates can rely on them. The reason sentence says
*why* in terms of what the reader can see on the chart (`digests.words.reasons`), and it never
calls an ordinary wobble a trend: only a rule that fired is news. Every phrase has a precise
definition (`digests.words.definitions`, docs/spc.md) that it is only said when true.

When the target assurance (read from the usual range) and the latest figures disagree, because
the work has improved or worsened since the range was set, both are said and a rebase is
suggested with the reason seen in the numbers; the bot never rebases by itself.
Pure functions: a result in, words out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from digests.words.definitions import MIN_POINTS, RECENT, SETTLING_POINTS
from digests.words.numbers import Style, count_periods, number_word, style_for
from digests.words.reasons import (
    figures,
    gap_sentence,
    is_nan,
    latest_group,
    period_words,
    run_length,
    signs,
    trend_length,
)
from digests.words.reasons import reason as _reason

if TYPE_CHECKING:
    from digests.spc import SpcResult, SpcSummary

GETTING_WORSE = "getting worse"  # a special cause of concern
WILL_MISS = "will not meet the target without a change"  # the target assurance that fails
_VERDICTS = {
    "common_cause": "no real change",
    "improvement_high": "improving",
    "improvement_low": "improving",
    "concern_high": GETTING_WORSE,
    "concern_low": GETTING_WORSE,
    "neutral_high": "changed",
    "neutral_low": "changed",
}
_ASSURANCE = {
    "pass": "reliably meeting the target",
    "fail": WILL_MISS,
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
    rebase_sentence: str | None = None  # the range and the latest figures disagree
    gap_sentence: str | None = None  # "No figure for Jan or Feb 2026."
    assurance_note: str | None = None  # "but the last three figures met it"

    @property
    def settling_sentence(self) -> str | None:
        """The provisional note as a sentence of its own, for where brackets would read oddly."""
        return f"{self.provisional[1:-1].capitalize()}." if self.provisional else None

    @property
    def assurance_said(self) -> str | None:
        """The assurance with what the latest figures say when they disagree with it."""
        if self.assurance is None:
            return None
        return f"{self.assurance}, {self.assurance_note}" if self.assurance_note else \
            self.assurance

    @property
    def text(self) -> str:
        """Everything in reading order, for a reply or an alt text."""
        parts = [self.headline, self.settling_sentence, self.reason, self.target_sentence,
                 self.rebase_sentence, self.gap_sentence]
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


def style_of(result: SpcResult, unit: str) -> Style:
    """The one way every figure of this measure is written (see numbers.Style)."""
    summary = result.summary
    return style_for(unit, result.points["value"],
                     (summary.lpl, summary.upl, summary.mean, summary.target))


def reason(result: SpcResult, frequency: str, unit: str, style: Style | None = None) -> str:
    """One plain sentence saying why the verdict is what it is, in everyday terms."""
    return _reason(_counted(result), frequency, style or style_of(result, unit))


def describe(result: SpcResult, *, name: str, unit: str, frequency: str,
             style: Style | None = None) -> Narrative:
    """All the words for one indicator, from its variation analysis."""
    style = style or style_of(result, unit)
    counted = _counted(result)
    summary = counted.summary
    said = verdict(summary)
    assurance = assurance_words(summary)
    target_sentence = rebase_sentence = note = None
    if assurance is not None and summary.target is not None:
        target = style.target(summary.target)
        note = _disagreement(counted)
        if note is not None:
            target_sentence = (f"The target is {target}. On the usual range so far, it "
                               f"{_verb(summary.assurance_icon)}{assurance}; {note}.")
            rebase_sentence = _rebase(counted, frequency)
        else:
            target_sentence = f"The target is {target}, and it {_verb(summary.assurance_icon)}" \
                              f"{assurance}."
    return Narrative(
        verdict=said,
        assurance=assurance,
        reason=_reason(counted, frequency, style),
        provisional=provisional_note(summary),
        headline=f"{name}: {said}.",
        target_sentence=target_sentence,
        rebase_sentence=rebase_sentence,
        gap_sentence=gap_sentence(result.points, frequency) if len(result.points) else None,
        assurance_note=note,
    )


def _verb(icon: str | None) -> str:
    # "reliably meeting" needs "is"; the other two phrases are already verbs ("will ...").
    return "is " if icon == "pass" else ""


def _counted(result: SpcResult) -> SpcResult:
    """The result with the latest group's size counted in figures: a missing period is a
    row with no value, and it is not a point the rules can use."""
    if len(result.points) == 0:
        return result
    n = figures(latest_group(result.points))
    if n == result.summary.n_latest_group:
        return result
    return type(result)(result.points, replace(result.summary, n_latest_group=n))


def _disagreement(result: SpcResult) -> str | None:
    """What the latest figures say when they contradict the assurance: every one of the last
    RECENT figures meets a target the range says it will never meet, or misses one it says it
    will always meet."""
    summary = result.summary
    if summary.assurance_icon not in ("pass", "fail") or summary.target is None:
        return None
    values = [float(v) for v in result.points["value"].iloc[-RECENT:]]
    if len(values) < RECENT or any(is_nan(v) for v in values):
        return None
    higher_is_better = summary.improvement == "increase"
    meets = [(v >= summary.target) == higher_is_better or v == summary.target for v in values]
    last = f"the last {number_word(RECENT)} figures"
    if summary.assurance_icon == "fail" and all(meets):
        return f"but {last} met it"
    if summary.assurance_icon == "pass" and not any(meets):
        return f"but {last} missed it"
    return None


def _rebase(result: SpcResult, frequency: str) -> str:
    """Suggest a rebase from when the latest signal began, with what the numbers show."""
    group = latest_group(result.points)
    kind = result.summary.latest_special_cause_type
    values = [float(v) for v in group["value"]]
    dates = list(group["date"])
    if kind.startswith("7 Points"):
        side = 1 if "Above" in kind else -1
        n = run_length(signs(group), side)
        seen = (f"the last {count_periods(n, frequency)} were all "
                f"{'above' if side == 1 else 'below'} the usual level")
    elif kind.startswith("7 Point Trend"):
        rising = kind.endswith("(Increasing)")
        n = trend_length(values, rising)
        seen = f"it has {'risen' if rising else 'fallen'} for {count_periods(n, frequency)}"
    else:
        flags = [bool(f) for f in group["outside_limits"].fillna(False)]
        n = run_length([1 if f else 0 for f in flags], 1) or RECENT
        seen = f"the last {count_periods(n, frequency)} were outside the usual range" \
            if n > 1 else "the latest figure is outside the usual range"
    start = period_words(dates[max(0, len(dates) - n)], frequency)
    return (f"The work may have changed: {seen}. If it changed in {start}, add a rebase from "
            "then, with its reason, to the framework file. The usual range will then come "
            "from the new figures only.")
