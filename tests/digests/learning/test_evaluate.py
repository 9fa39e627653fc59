"""Changes judged the Making Data Count way: the limits from before extended over the points
after, the engine's rules read on the points after."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from digests.learning import (
    MIN_BASELINE,
    NO_BASELINE,
    NO_EFFECT,
    TOO_SOON,
    WORKED,
    WORSE,
    evaluate,
)
from digests.learning.words import VERDICT_WORDS, summary
from digests.spc import analyse

START = date(2026, 3, 1)


def months(n: int, first: date = date(2024, 3, 1)) -> list[date]:
    index = first.year * 12 + first.month - 1
    return [date((index + k) // 12, (index + k) % 12 + 1, 1) for k in range(n)]


def noise(n: int, seed: int = 3) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, 1.5, n).round(1)


def series(after_shift: float, *, before: int = 24, after: int = 12) -> tuple[list[date],
                                                                          np.ndarray]:
    periods = months(before + after)
    values = 80 + noise(before + after)
    values[before:] += after_shift
    return periods, values


def test_a_real_step_up_worked() -> None:
    periods, values = series(+6.0)
    found = evaluate(periods, values, START, "increase", frequency="month")
    assert found.verdict == WORKED
    assert VERDICT_WORDS[found.verdict] == "it worked"
    assert (found.points_before, found.points_after) == (24, 12)
    assert found.signal is not None
    assert found.effect.low < 6.0 < found.effect.high and found.effect.clear


def test_no_change_is_no_clear_effect_yet_with_the_points_a_run_needs() -> None:
    periods = months(36)
    values = 80 + noise(36)
    # after the change: alternately either side of the old average, never near a limit
    base_mean = float(analyse(periods[:24], values[:24]).summary.mean)
    values[24:] = [base_mean + (0.6 if k % 2 else -0.6) for k in range(12)]
    found = evaluate(periods, values, START, "increase", frequency="month")
    assert found.verdict == NO_EFFECT
    assert VERDICT_WORDS[found.verdict] == "no clear effect yet"
    # the last point is above the old average: a run of one, six more needed
    assert found.more_points == 6
    assert "six more above the old average in a row" in summary(found, "%", "month")
    assert not found.effect.clear


def test_a_change_the_wrong_way_made_things_worse() -> None:
    periods, values = series(-6.0)
    found = evaluate(periods, values, START, "increase", frequency="month")
    assert found.verdict == WORSE
    assert VERDICT_WORDS[found.verdict] == "it made things worse"


def test_direction_is_the_changes_expectation() -> None:
    periods, values = series(-6.0)
    assert evaluate(periods, values, START, "decrease").verdict == WORKED
    periods, values = series(+6.0)
    assert evaluate(periods, values, START, "decrease").verdict == WORSE


def test_limits_are_the_baselines_own_extended() -> None:
    periods, values = series(+6.0)
    found = evaluate(periods, values, START, "increase")
    alone = analyse(periods[:24], values[:24]).summary
    assert (found.baseline_mean, found.lpl, found.upl) == (alone.mean, alone.lpl, alone.upl)


def test_a_run_that_began_before_the_change_is_not_the_changes_doing() -> None:
    """Four points above the old average before the change and three after make seven in a
    row, but only three of them came after it."""
    periods = months(27)
    values = 80 + noise(27)
    mean = float(analyse(periods[:20], values[:20]).summary.mean)
    values[20:24] = mean + 0.5  # the last four before the change, just above the mean
    values[24:] = mean + 0.5  # three after it
    found = evaluate(periods, values, START, "increase")
    assert found.points_after == 3
    assert found.verdict == NO_EFFECT
    assert found.more_points == 4
    # the engine on the whole series would have seen a run of seven ending in the after spell
    whole = analyse(periods, values, fix_after_n_points=24)
    assert whole.points["special_cause_type"].iloc[-1] == "7 Points Above CL"


def test_a_period_that_straddles_the_start_belongs_to_neither_spell() -> None:
    periods, values = series(+6.0)
    mid_month = date(2026, 3, 9)  # the March figure is half before, half after
    found = evaluate(periods, values, mid_month, "increase", frequency="month")
    assert (found.points_before, found.points_after) == (24, 11)
    # with no frequency, a period counts by its start date only
    assert evaluate(periods, values, mid_month, "increase").points_before == 25


def test_too_soon_and_no_baseline() -> None:
    periods, values = series(0.0, after=0)
    assert evaluate(periods, values, START, "increase").verdict == TOO_SOON
    periods, values = series(+6.0, before=MIN_BASELINE - 1)
    found = evaluate(periods, values, periods[MIN_BASELINE - 1], "increase")
    assert (found.verdict, found.points_before) == (NO_BASELINE, MIN_BASELINE - 1)
    assert "at least 12 are needed" in summary(found, "%", "month")


def test_baseline_starts_at_the_last_rebase_before_the_change() -> None:
    periods, values = series(+6.0)
    found = evaluate(periods, values, START, "increase", rebases=[date(2025, 3, 1)])
    assert found.points_before == 12
    # and a rebase after the change ends the after spell
    found = evaluate(periods, values, START, "increase", rebases=[date(2026, 9, 1)])
    assert found.points_after == 6


def test_missing_values_are_left_out() -> None:
    periods, values = series(+6.0)
    values[3] = np.nan
    assert evaluate(periods, values, START, "increase").points_before == 23


def test_expected_must_be_a_direction() -> None:
    periods, values = series(0.0)
    with pytest.raises(ValueError, match="increase or decrease"):
        evaluate(periods, values, START, "neutral")
