"""What every phrase the bot uses about data means, precisely: one place for the words.

The narrative, the digests and the charts only say a phrase when its definition here holds
(a property test checks thousands of generated series against these definitions), "what does
no real change mean?" is answered from here, and docs/spc.md quotes every definition (a test
compares them). The numbers in the definitions are the constants the narrative uses.
"""

from __future__ import annotations

from dataclasses import dataclass

RECENT = 3  # "back within the usual range": outside it in one of the three figures before
FAR_SIGMA = 1.0  # "far outside": at least one sigma beyond the limit
NOTABLE_SPAN = 6  # "the highest since P": only when P is at least six periods back
GAP_WINDOW = 12  # missing periods among the last twelve are said ("no figure for ...")
MIN_POINTS = 7  # fewer than this since the last rebase: "too early to tell"
SETTLING_POINTS = 12  # up to this many: "(early days: the usual range is still settling)"


@dataclass(frozen=True)
class Term:
    key: str
    phrase: str  # as the bot says it
    meaning: str  # the precise definition, in plain words
    asked_as: tuple[str, ...] = ()  # other ways people name it when they ask


TERMS: tuple[Term, ...] = (
    Term("no-real-change", "no real change",
         "The latest figure is within the usual range, and the recent figures show none of "
         "the four signs of real change: a figure beyond a limit, seven in a row on one side "
         "of the usual level, seven rising or seven falling in a row, or two of three near a "
         "limit on the same side. The ups and downs are the ones this work always has "
         "(Making Data Count calls it common cause variation).",
         ("common cause", "common cause variation", "no change", "no significant change")),
    Term("improving", "improving",
         "The latest figure is part of a sign of real change in the better direction: it is "
         "beyond the limit on the better side, or one of seven or more in a row on the better "
         "side of the usual level, or one of seven or more in a row each better than the one "
         "before, or one of two of three near the limit on the better side (special cause "
         "improvement).",
         ("special cause improvement", "improvement", "blue")),
    Term("getting-worse", "getting worse",
         "The same signs of real change as \"improving\", in the worse direction (special "
         "cause concern). It says the work has changed, not whose fault it is.",
         ("special cause concern", "concern", "worse", "deteriorating", "orange", "red",
          "amber")),
    Term("changed", "changed",
         "A sign of real change in a measure that has no better direction (its framework "
         "entry says improvement = \"neutral\"), so the bot cannot say better or worse.",
         ("special cause", "purple", "neutral")),
    Term("too-early", "too early to tell",
         f"There are fewer than {MIN_POINTS} figures since the measure started or was last "
         "rebased: too few for a run or a trend, so no verdict is given.",
         ("too early", "not enough data")),
    Term("early-days", "early days: the usual range is still settling",
         f"There are {MIN_POINTS} to {SETTLING_POINTS} figures since the start or the last "
         "rebase. The verdict stands, but the usual range will still move as figures arrive.",
         ("early days", "settling", "trial limits")),
    Term("usual-range", "the usual range",
         "The range a figure falls in when nothing has changed: the usual level plus or "
         "minus 2.66 times the average move from one figure to the next (moves of more than "
         "3.267 times the average are left out first), worked out from the figures since the "
         "last rebase. Making Data Count calls its ends the process limits. A figure outside "
         "it is unusual.",
         ("usual ranges", "range", "process limits", "control limits", "limits",
          "upper limit", "lower limit")),
    Term("usual-level", "the usual level",
         "The average of the figures since the measure started or was last rebased (the "
         "middle line on the chart).",
         ("average", "mean", "the mean", "the average", "centre line")),
    Term("sigma", "sigma",
         "A third of the distance from the usual level to either end of the usual range. "
         "\"Near the top of the usual range\" is more than two sigma above the usual level; "
         "\"far outside\" is at least one sigma beyond a limit.",
         ("one sigma", "standard deviation")),
    Term("outside", "above (or below) the usual range",
         "The latest figure is beyond an end of the usual range (strictly: a figure on a "
         "limit is inside).",
         ("outside the usual range", "above the usual range", "below the usual range")),
    Term("far-outside", "far outside the usual range",
         f"Beyond an end of the usual range by at least {FAR_SIGMA:g} sigma (a third of the "
         "distance from the usual level to that end). A figure just past a limit is only "
         "\"above\" or \"below\" the usual range.",
         ("far outside",)),
    Term("near-limit", "near the top (or bottom) of the usual range",
         "Between two sigma and the limit, on one side of the usual level.",
         ("near the top", "near the bottom")),
    Term("on-record", "the highest (or lowest) on record",
         "Higher (lower) than every earlier figure this measure has.",
         ("highest on record", "lowest on record", "on record")),
    Term("highest-since", "the highest (or lowest) since a period",
         "Higher (lower) than every figure after that period, whose own figure was at least "
         f"as high (low). Said only when that period is {NOTABLE_SPAN} or more periods back.",
         ("highest since", "lowest since")),
    Term("back-within", "back within the usual range",
         "The latest figure is within the usual range and at least one of the "
         f"{RECENT} figures before it was outside. An excursion longer ago is not called "
         "\"back\".",
         ("back within",)),
    Term("in-a-row", "above (or below) the usual level for N periods in a row",
         f"Each of the last N figures is above (below) the usual level, N at least "
         f"{MIN_POINTS}. A figure exactly on the usual level ends the run.",
         ("in a row", "run", "shift")),
    Term("rising", "rising (or falling) for N periods in a row",
         f"Each of the last N figures is higher (lower) than the one before it, N at least "
         f"{MIN_POINTS - 1} (the rule needs {MIN_POINTS} figures). An equal figure ends it.",
         ("trend", "rising", "falling")),
    Term("reliably-meeting", "reliably meeting the target",
         "The whole usual range is on the good side of the target: if nothing changes, every "
         "figure will meet it (consistently passing, in Making Data Count's words).",
         ("reliably meeting", "consistently passing", "pass")),
    Term("will-not-meet", "will not meet the target without a change",
         "The whole usual range is on the wrong side of the target: if nothing changes, no "
         "figure will meet it (consistently failing). When the latest figures meet the "
         "target all the same, the bot says so too, and suggests a rebase.",
         ("will not meet the target", "consistently failing", "fail")),
    Term("sometimes-meeting", "will sometimes meet the target and sometimes miss it",
         "The target is within the usual range: with nothing changed, some figures will "
         "meet it and some will not (hit and miss).",
         ("will sometimes meet the target", "sometimes meet the target", "hit and miss",
          "hit or miss")),
    Term("rebase", "a rebase",
         "Working out the usual level and range again from the date a process changed, "
         "recorded in the framework file with its reason. The bot suggests one, with the "
         "reason it sees in the numbers, but never rebases by itself.",
         ("rebase", "rebasing", "recalculate the limits")),
    Term("change-on-before", "up (or down) on the period before",
         "The latest figure minus the figure of the period just before it. When that period "
         "has no figure, the bot names the last period that has one instead.",
         ("on the month before", "on the week before", "up on the month before")),
    Term("no-figure", "no figure for a period",
         f"A period among the last {GAP_WINDOW} that has no figure. The chart leaves a gap "
         "there, and the missing period counts as a break in runs and trends.",
         ("no figure", "missing", "gap", "gaps")),
    Term("colours", "the colours on the chart",
         "Orange points (what some call red) are signs of concern, blue ones of improvement, "
         "purple ones of change in a measure with no better direction, grey ones ordinary "
         "ups and downs. The dashed red line is the target; the grey dashed lines are the "
         "ends of the usual range.",
         ("red", "colours", "colors", "orange points", "blue points", "grey points",
          "this red", "red points")),
)

BY_KEY = {term.key: term for term in TERMS}


def term_for(words: str) -> Term | None:
    """The term these words name ("no real change", "the usual range", "common cause")."""
    wanted = _norm(words)
    for term in TERMS:
        if wanted in {_norm(term.phrase), *(_norm(a) for a in term.asked_as)}:
            return term
    return None


def _norm(words: str) -> str:
    text = "".join(ch if ch.isalnum() or ch == " " else " " for ch in words.lower())
    parts = text.split()
    while parts and parts[0] in ("the", "a", "an"):
        parts = parts[1:]
    return " ".join(parts)
