"""Gaps and periods (issue 11, item 6): a missing period is said, the chart breaks its line
across it, a change is never "on the month before" across a gap, and only ended periods
count."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from digests.charts.xmr import _build_figure
from digests.indicators.periods import has_ended, next_period, with_gaps
from digests.indicators.status import IndicatorSpec, assess

SPEC = IndicatorSpec("waits", "Waiting list", "count", "month", "decrease")


def months(n: int, start: date = date(2024, 1, 1)) -> list[date]:
    days = [start]
    while len(days) < n:
        days.append(next_period(days[-1], "month"))
    return days


def series(skip: tuple[date, ...], last: float | None = None) -> pd.DataFrame:
    days = months(26)
    values = [800.0 + (i % 4) * 10 for i in range(len(days))]
    if last is not None:
        values[-1] = last
    frame = pd.DataFrame({"period": days, "value": values})
    return frame[~frame["period"].isin(skip)].reset_index(drop=True)


def test_a_missing_period_is_said_and_the_change_names_what_it_compares_with() -> None:
    # Jan 2026 is the month before the latest (Feb 2026): it has no figure
    status = assess(SPEC, series((date(2025, 12, 1), date(2026, 1, 1)), last=1603.0))
    assert status.gap_sentence == "No figure for Dec 2025 or Jan 2026."
    assert status.change_text == "up 783 on Nov 2025, the last month with a figure"
    assert "on the month before" not in (status.change_text or "")
    assert status.words is not None and "No figure for Dec 2025 or Jan 2026." in \
        status.words.text
    whole = assess(SPEC, series(()))
    assert whole.gap_sentence is None and whole.change_text is not None
    assert whole.change_text.endswith("on the month before")


def test_the_chart_breaks_its_line_across_a_gap() -> None:
    status = assess(SPEC, series((date(2025, 6, 1),)))
    assert status.result is not None
    joined = _build_figure(status.result, title="Waits", unit="count", frequency="month")
    line = joined.axes[0].lines[0]  # the grey line joining the points
    ys = [float(y) for y in line.get_ydata()]
    assert len(ys) == 26 and sum(math.isnan(y) for y in ys) == 1
    assert math.isnan(ys[17])  # Jun 2025 is the 18th month from Jan 2024


def test_with_gaps_keeps_every_period_once_in_order() -> None:
    frame = with_gaps(series((date(2024, 3, 1), date(2024, 4, 1))), "month")
    assert list(frame["period"]) == months(26)
    assert frame["value"].isna().sum() == 2


def test_only_periods_that_had_ended() -> None:
    assert not has_ended(date(2026, 11, 1), "month", date(2026, 11, 27))
    assert has_ended(date(2026, 11, 1), "month", date(2026, 11, 30))
    assert has_ended(date(2026, 11, 16), "week", date(2026, 11, 22))
    assert not has_ended(date(2026, 11, 16), "week", date(2026, 11, 21))
    assert not has_ended(date(2026, 10, 1), "quarter", date(2026, 12, 30))
    assert has_ended(date(2026, 10, 1), "quarter", date(2026, 12, 31))
