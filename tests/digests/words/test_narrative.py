"""Plain-language verdicts: DESIGN.md's exact words, reasons that name the rule, easy reading."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from digests.spc import SpcResult, SpcSummary, analyse
from digests.words.narrative import (
    PROVISIONAL,
    Narrative,
    assurance_words,
    describe,
    provisional_note,
    reason,
    verdict,
)

UNITS = ("%", "count", "days", "pounds", "rate")
FREQUENCIES = ("week", "month", "quarter")
_STEP = {"week": "W-MON", "month": "MS", "quarter": "QS-APR"}


_TYPICAL = SpcSummary(
    variation_icon="common_cause", assurance_icon=None, mean=80.0, lpl=70.0, upl=90.0,
    n_latest_group=24, latest_special_cause_type="Common Cause",
    latest_point_type="common_cause", improvement="increase", target=None, warnings=(),
)


def summary_of(**fields: Any) -> SpcSummary:
    """An engine summary with only the fields a wording case cares about set."""
    return replace(_TYPICAL, **fields)


def hand_built(
    values: Sequence[float],
    *,
    types: Sequence[str] | None = None,
    close: Sequence[bool] | None = None,
    frequency: str = "month",
    mean: float | None = None,
    lpl: float = 70.0,
    upl: float = 90.0,
    rebase_at: int | None = None,
    **summary: Any,
) -> SpcResult:
    """A result with exactly the labels a wording case needs, independent of the engine."""
    n = len(values)
    centre = float(np.mean(values)) if mean is None else mean
    dates = pd.date_range("2024-04-01", periods=n, freq=_STEP[frequency])
    group = [0 if rebase_at is None or i < rebase_at else 1 for i in range(n)]
    points = pd.DataFrame(
        {
            "date": dates,
            "value": np.asarray(values, dtype=float),
            "rebase_group": group,
            "mean": centre,
            "lpl": lpl,
            "upl": upl,
            "outside_limits": [v > upl or v < lpl for v in values],
            "close_to_limits": list(close) if close is not None else [False] * n,
            "relative_to_mean": np.nan_to_num(np.sign(np.asarray(values, dtype=float) - centre))
            .astype(int),
            "special_cause_type": list(types) if types is not None else ["Common Cause"] * n,
            "point_type": "common_cause",
            "short_group_warning": False,
        }
    )
    in_group = n - (rebase_at or 0)
    summary.setdefault("n_latest_group", in_group)
    summary.setdefault("latest_special_cause_type", points["special_cause_type"].iloc[-1])
    return SpcResult(points, summary_of(mean=centre, lpl=lpl, upl=upl, **summary))


# --- verdicts: the exact DESIGN.md words -------------------------------------------------------


@pytest.mark.parametrize(
    ("icon", "words"),
    [
        ("common_cause", "no real change"),
        ("improvement_high", "improving"),
        ("improvement_low", "improving"),
        ("concern_high", "getting worse"),
        ("concern_low", "getting worse"),
        ("neutral_high", "changed"),
        ("neutral_low", "changed"),
    ],
)
def test_verdict_words(icon: str, words: str) -> None:
    assert verdict(summary_of(variation_icon=icon)) == words


@pytest.mark.parametrize("n", [1, 6])
def test_too_early_to_tell_under_seven_points(n: int) -> None:
    assert verdict(summary_of(variation_icon="improvement_high", n_latest_group=n)) == (
        "too early to tell"
    )


def test_unknown_icon_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown variation icon"):
        verdict(summary_of(variation_icon="sideways"))


@pytest.mark.parametrize(
    ("icon", "words"),
    [
        ("pass", "reliably meeting the target"),
        ("fail", "will not meet the target without a change"),
        ("inconsistent", "will sometimes meet the target and sometimes miss it"),
    ],
)
def test_assurance_words(icon: str, words: str) -> None:
    assert assurance_words(summary_of(assurance_icon=icon, target=85)) == words


def test_no_assurance_without_target_or_icon() -> None:
    assert assurance_words(summary_of(assurance_icon=None, target=85)) is None
    assert assurance_words(summary_of(assurance_icon="pass", target=None)) is None


@pytest.mark.parametrize(
    ("n", "note"), [(6, None), (7, PROVISIONAL), (12, PROVISIONAL), (13, None)]
)
def test_provisional_note_while_limits_settle(n: int, note: str | None) -> None:
    assert provisional_note(summary_of(n_latest_group=n)) == note
    assert PROVISIONAL == "(early days: the usual range is still settling)"


# --- reasons: the rule in everyday words ------------------------------------------------------


def test_run_counts_the_actual_length() -> None:
    values = [80, 78, 79, 77, 81, 76, 79, 78] + [86] * 9
    types = ["Common Cause"] * 8 + ["7 Points Above CL"] * 9
    result = hand_built(values, types=types, frequency="week", mean=80.0)
    assert reason(result, "week", "%") == "Nine weeks in a row above the usual level."
    longer = hand_built([80, 78] + [86] * 14, types=["Common Cause"] * 2 + ["7 Points Above CL"]
                        * 14, mean=80.0)
    assert reason(longer, "month", "%") == "Above the usual level for 14 months in a row."


def test_run_below() -> None:
    values = [80, 82] * 5 + [75] * 7
    types = ["Common Cause"] * 10 + ["7 Points Below CL"] * 7
    result = hand_built(values, types=types, mean=80.0)
    assert reason(result, "month", "%") == "Seven months in a row below the usual level."


def test_trend_rising_and_falling() -> None:
    up = [80, 79, 81, 80, 79, 80, 81, 82, 83, 84, 85, 86]
    result = hand_built(up, types=["Common Cause"] * 5 + ["7 Point Trend (Increasing)"] * 7)
    # 79 -> 86 is eight points each higher than the last
    assert reason(result, "week", "count") == "Rising for eight weeks in a row."
    down = [80, 81, 79, 82, 80, 81, 88, 87, 86, 85, 84, 83, 82]
    result = hand_built(down, types=["Common Cause"] * 6 + ["7 Point Trend (Decreasing)"] * 7)
    assert reason(result, "quarter", "days") == "Falling for seven quarters in a row."


def test_two_in_three() -> None:
    values = [80, 79, 81, 80, 79, 80, 81, 80, 79, 81, 87, 82, 88]
    close = [False] * 10 + [True, False, True]
    types = ["Common Cause"] * 10 + ["2 in 3 Above CL", "Common Cause", "2 in 3 Above CL"]
    result = hand_built(values, types=types, close=close, mean=80.0)
    assert reason(result, "month", "%") == (
        "Two of the last three months near the top of the usual range."
    )
    close3 = [False] * 10 + [True, True, True]
    below = hand_built(
        [80] * 10 + [72, 73, 72], types=["Common Cause"] * 10 + ["2 in 3 Below CL"] * 3,
        close=close3, mean=79.0,
    )
    assert reason(below, "week", "%") == (
        "The last three weeks were all near the bottom of the usual range."
    )


def test_astronomical_point_says_how_far_back() -> None:
    history = [95.0, *([80, 81, 79, 80, 82, 78] * 4)[:23]]  # higher, 24 months before the latest
    values = [*history, 94.0]
    result = hand_built(values, types=["Common Cause"] * 24 + ["Above UCL"], mean=80.0)
    assert reason(result, "month", "%") == "The highest in two years, far outside the usual range."
    record = hand_built(values[1:], types=["Common Cause"] * 23 + ["Above UCL"], mean=80.0)
    assert reason(record, "month", "%") == (
        "The highest on record here, far outside the usual range."
    )
    low = hand_built([80, 81, 79] * 4 + [60], types=["Common Cause"] * 12 + ["Below LCL"])
    assert reason(low, "week", "count") == "The lowest on record here, far outside the usual range."


def test_astronomical_point_soon_after_a_higher_one_names_the_range() -> None:
    values = [80, 81, 79, 80, 82, 78, 80, 81, 96, 94]
    types = ["Common Cause"] * 8 + ["Above UCL"] * 2
    result = hand_built(values, types=types, lpl=72.05, upl=88.0)
    assert reason(result, "month", "%") == (
        "Above the usual range of 72.0% to 88.0%: more than normal ups and downs."
    )


def test_common_cause_names_the_usual_range() -> None:
    result = hand_built([80, 82, 79, 85, 81, 78, 84, 83], lpl=78.1, upl=88.04)
    assert reason(result, "month", "%") == (
        "The ups and downs are within the usual range of 78.1% to 88.0%."
    )
    rate = hand_built([13, 14, 12.5, 15, 14, 13, 14], lpl=12.0, upl=15.62)
    assert reason(rate, "month", "rate") == (
        "The ups and downs are within the usual range of 12.0 to 15.6 per 1,000."
    )


def test_common_cause_after_an_earlier_signal_speaks_of_the_latest_value() -> None:
    # The excursion was nine months ago: "back within" would claim it was just outside.
    # (This assertion used to expect "back within": issue 11's second named falsehood.)
    types = ["Above UCL"] + ["Common Cause"] * 9
    result = hand_built([95, 80, 81, 79, 80, 82, 78, 80, 81, 80], types=types)
    assert reason(result, "month", "%") == (
        "The latest value is within the usual range of 70.0% to 90.0%.")
    # Outside two months ago: now it is back.
    types = ["Common Cause"] * 7 + ["Above UCL", "Common Cause", "Common Cause"]
    recent = hand_built([80, 81, 79, 80, 82, 78, 80, 95, 81, 80], types=types)
    assert reason(recent, "month", "%") == (
        "The latest value is back within the usual range of 70.0% to 90.0%.")


def test_no_limits_yet() -> None:
    flat = hand_built([5.0] * 8, lpl=float("nan"), upl=float("nan"))
    assert reason(flat, "month", "count") == (
        "Every value has been the same, so there is no usual range yet."
    )


def test_too_early_counts_points_since_the_change() -> None:
    short = hand_built([80, 81, 79, 83])
    assert reason(short, "month", "%") == "Only four months of data so far; seven are needed."
    rebased = hand_built([80, 81, 79, 80, 82, 78, 80, 81, 90, 91, 89], rebase_at=8)
    assert reason(rebased, "month", "%") == (
        "Only three months of data since the change in Dec 2024; seven are needed."
    )


def test_missing_latest_value() -> None:
    result = hand_built([80, 81, 79, 80, 82, 78, 80, float("nan")])
    assert reason(result, "month", "%") == "There is no value yet for Nov 2024."


def test_unknown_rule_is_an_error() -> None:
    result = hand_built([80] * 8, types=["Common Cause"] * 7 + ["Moon Phase"])
    with pytest.raises(ValueError, match="unknown special cause type"):
        reason(result, "month", "%")


# --- the same, on the real variation engine ---------------------------------------------------


def _calm(n: int, seed: int = 3) -> list[float]:
    return list(80 + np.random.default_rng(seed).normal(0, 2, n))


def analysed(values: Sequence[float], frequency: str = "month", **options: Any) -> SpcResult:
    dates = pd.date_range("2023-11-01", periods=len(values), freq=_STEP[frequency])
    return analyse(dates, values, **options)


@pytest.mark.parametrize(
    ("values", "options", "said"),
    [
        ([*_calm(27), 83.0, 82.6, 83.4, 82.5, 83.1, 82.8, 83.2, 82.9, 83.0], {"target": 85.0},
         "Still at home: improving. Above the usual level for 11 months in a row. The target is "
         "85%, and it will sometimes meet the target and sometimes miss it."),
        ([*_calm(27), 83.0, 82.6, 83.4, 82.5, 83.1, 82.8, 83.2, 82.9, 83.0],
         {"improvement": "decrease", "target": 75.0},
         "Still at home: getting worse. Above the usual level for 11 months in a row. The target "
         "is 75%, and it will not meet the target without a change."),
        ([*_calm(27), 78.0, 78.6, 77.4, 78.5, 78.1, 77.8, 78.2], {"improvement": "neutral"},
         "Still at home: changed. Seven months in a row below the usual level."),
        ([*_calm(20), 77.5, 78, 78.5, 79, 79.5, 80, 80.5, 81], {},
         "Still at home: improving. Rising for eight months in a row."),
        ([*_calm(20), 83, 82.5, 82, 81.5, 81, 80.5, 80, 79.5], {"improvement": "decrease"},
         "Still at home: improving. Falling for eight months in a row."),
        ([*_calm(30), 95.0], {}, "Still at home: improving. The highest on record here, far "
         "outside the usual range."),
        # 72.0 is 0.2 below a limit of 72.2: outside, but not "far" (issue 11's first falsehood;
        # this case used to expect "far outside the usual range").
        ([70.0, *_calm(30), 72.0], {}, "Still at home: getting worse. The lowest in over two "
         "years, below the usual range of 72.2% to 86.8%."),
        ([*_calm(30), 85.5, 81, 85.8], {}, "Still at home: improving. Two of the last three "
         "months near the top of the usual range."),
        ([80, 82, 79, 81, 80, 78, 81, 80, 82, 79, 80, 81, 80], {"target": 70.0},
         "Still at home: no real change. The ups and downs are within the usual range of 75.4% "
         "to 85.1%. The target is 70%, and it is reliably meeting the target."),
        ([12.0, 14, 13], {}, "Still at home: too early to tell. Only three months of data so "
         "far; seven are needed."),
    ],
)
def test_describe_on_analysed_series(
    values: list[float], options: dict[str, Any], said: str
) -> None:
    result = analysed(values, **options)
    assert describe(result, name="Still at home", unit="%", frequency="month").text == said


def test_rebased_series_speaks_of_the_latest_group_only() -> None:
    values = [*_calm(15), *(v + 8 for v in _calm(9, seed=4))]
    result = analysed(values, rebase=[pd.Timestamp("2025-02-01")])
    said = describe(result, name="Falls", unit="%", frequency="month")
    assert said.verdict == "no real change"
    assert said.provisional == PROVISIONAL
    assert said.reason == (
        "Since the change in Feb 2025, the ups and downs are within 80.6% to 94.4%."
    )


# --- describe ---------------------------------------------------------------------------------


def test_describe_builds_every_part() -> None:
    values = [80, 78, 79, 77, 81, 76, 79, 78] + [86] * 7
    types = ["Common Cause"] * 8 + ["7 Points Above CL"] * 7
    result = hand_built(
        values, types=types, mean=80.0, variation_icon="improvement_high",
        assurance_icon="inconsistent", target=85.0,
    )
    said = describe(result, name="Still at home 91 days after reablement", unit="%",
                    frequency="month")
    assert said == Narrative(
        verdict="improving",
        assurance="will sometimes meet the target and sometimes miss it",
        reason="Seven months in a row above the usual level.",
        provisional=None,
        headline="Still at home 91 days after reablement: improving.",
        target_sentence=(
            "The target is 85%, and it will sometimes meet the target and sometimes miss it."
        ),
    )
    assert said.text.startswith("Still at home 91 days after reablement: improving. Seven")


def test_describe_settling_and_no_target() -> None:
    result = hand_built([80, 82, 79, 85, 81, 78, 84, 83])
    said = describe(result, name="Falls", unit="%", frequency="month")
    assert said.headline == "Falls: no real change."
    assert said.assurance is None and said.target_sentence is None
    assert said.provisional == PROVISIONAL
    assert "Early days: the usual range is still settling." in said.text


def test_never_says_trend_unless_the_trend_rule_fired() -> None:
    wobble = [80, 81, 82, 83, 84, 85, 84, 85, 86, 87, 86, 88]  # rises, but no 7-point trend
    said = describe(hand_built(wobble), name="Falls", unit="%", frequency="week")
    for text in (said.text, said.verdict, said.reason):
        assert "trend" not in text.lower()
        assert "rising" not in text.lower()


# --- reading ease: every template, every unit, every rule -------------------------------------

_SCALE = {"%": 1.0, "count": 37.0, "days": 0.13, "pounds": 15_013.0, "rate": 0.17}
NAMES = ("Still at home 91 days after reablement", "Falls at home", "Days to first visit")


@pytest.fixture(scope="module")
def reading_ease() -> Any:
    """textstat's Flesch reading ease, made to work offline.

    textstat looks syllables up in NLTK's CMU dictionary and downloads it on first use; where no
    copy is installed and there is no network (CI here), it would fail. Then we count syllables
    with its own fallback (Pyphen hyphenation, as textstat did before it used the dictionary).
    """
    import nltk
    import textstat
    import textstat.backend.counts._count_syllables as counts

    with pytest.MonkeyPatch.context() as patch:
        try:
            nltk.data.find("corpora/cmudict")
        except LookupError:
            patch.setattr(counts, "get_cmudict", lambda _lang: None)
        yield textstat.flesch_reading_ease


def _cases(unit: str, frequency: str) -> list[SpcResult]:
    k = _SCALE[unit]
    calm = [80.0, 82, 79, 85, 81, 78, 84, 83, 80, 81, 79, 82, 80, 81]

    def scaled(values: Sequence[float], **kw: Any) -> SpcResult:
        kw.setdefault("lpl", 71.3 * k)
        kw.setdefault("upl", 88.9 * k)
        return hand_built([v * k for v in values], frequency=frequency, **kw)

    n = len(calm)
    return [
        scaled(calm),
        scaled(calm[:8]),  # settling
        scaled(calm[:3]),  # too early
        scaled([*calm, 95, 96, 97], rebase_at=n),  # too early, since a change
        scaled([*calm, *calm[:8]], rebase_at=n),  # settled since a change
        scaled([*calm[:-1], float("nan")]),
        scaled([97.0, *calm[1:]], types=["Above UCL"] + ["Common Cause"] * (n - 1)),
        scaled([*calm, 95], types=["Common Cause"] * n + ["Above UCL"]),
        scaled([99.0, *calm, 95], types=["Common Cause"] * (n + 1) + ["Above UCL"]),
        scaled([*calm, 97, 95], types=["Common Cause"] * n + ["Above UCL"] * 2),
        scaled([*calm, 60], types=["Common Cause"] * n + ["Below LCL"]),
        scaled(calm + [86] * 8, types=["Common Cause"] * n + ["7 Points Above CL"] * 8),
        scaled(calm + [75] * 7, types=["Common Cause"] * n + ["7 Points Below CL"] * 7),
        scaled([*calm, 80, 81, 82, 83, 84, 85, 86],
               types=["Common Cause"] * n + ["7 Point Trend (Increasing)"] * 7),
        scaled([*calm, 86, 85, 84, 83, 82, 81, 80],
               types=["Common Cause"] * n + ["7 Point Trend (Decreasing)"] * 7),
        scaled([*calm, 87, 82, 88], types=["Common Cause"] * (n + 2) + ["2 in 3 Above CL"],
               close=[False] * n + [True, False, True], mean=81.0),
        scaled([*calm, 72, 73, 72], types=["Common Cause"] * (n + 2) + ["2 in 3 Below CL"],
               close=[False] * n + [True] * 3, mean=81.0),
        scaled([5.0] * 8, lpl=float("nan"), upl=float("nan")),
    ]


@pytest.mark.parametrize("frequency", FREQUENCIES)
@pytest.mark.parametrize("unit", UNITS)
def test_every_sentence_reads_easily(reading_ease: Any, unit: str, frequency: str) -> None:
    sentences: set[str] = set()
    for case in _cases(unit, frequency):
        for name in NAMES:
            for icon in ("pass", "fail", "inconsistent"):
                summary = replace(case.summary, assurance_icon=icon, target=85.0 * _SCALE[unit])
                said = describe(SpcResult(case.points, summary), name=name, unit=unit,
                                frequency=frequency)
                sentences |= {said.headline, said.reason, said.target_sentence or ""}
                sentences.add(said.provisional or "")
    for icon in ("common_cause", "improvement_high", "concern_low", "neutral_high"):
        for name in NAMES:
            sentences.add(f"{name}: {verdict(summary_of(variation_icon=icon))}.")
    sentences.discard("")
    # The DESIGN.md assurance phrases are fragments; they are read inside target_sentence.
    assert len(sentences) > 20
    hard = {s: reading_ease(s) for s in sentences if reading_ease(s) < 60}
    assert not hard, hard
