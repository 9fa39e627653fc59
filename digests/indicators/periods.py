"""Periods as the data know them: the next one, when one has ended, and the gaps in a series.

A monthly figure is for a month that starts on its first day; a weekly one for the seven days
from its date; a quarterly one for three months. A period has *ended* by a day when its last
day is on or before it, so a digest or `--as-of` day never uses a month still under way. A
missing period is kept as a row with no value, so the variation engine leaves it out of the
mean and limits, the chart breaks its line there, and the words say it ("no figure for Jan").
Pure functions; pandas is imported by `with_gaps` alone, so the period arithmetic costs a chat
command nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

STEP_MONTHS = {"month": 1, "quarter": 3}


def next_period(start: date, frequency: str) -> date:
    """The start of the period after the one starting on `start`."""
    if frequency == "week":
        return start + timedelta(days=7)
    index = start.year * 12 + start.month - 1 + STEP_MONTHS[frequency]
    return date(index // 12, index % 12 + 1, min(start.day, 28))


def last_day(start: date, frequency: str) -> date:
    return next_period(start, frequency) - timedelta(days=1)


def has_ended(start: date, frequency: str, as_of: date) -> bool:
    """The period starting on `start` had ended by the end of `as_of`."""
    return last_day(start, frequency) <= as_of


def with_gaps(series: pd.DataFrame, frequency: str) -> pd.DataFrame:
    """`series` (columns period, value, ...; one row per period with a figure, sorted) with a
    row of no value for every period missing between its first and its last."""
    import pandas as pd

    if series.empty:
        return series
    days = [day_of(p) for p in series["period"]]
    have = set(days)
    missing = []
    current = next_period(days[0], frequency)
    while current < days[-1]:
        if current not in have:
            missing.append(current)
        current = next_period(current, frequency)
    if not missing:
        return series
    blank = pd.DataFrame({"period": missing})
    for column in series.columns:
        if column != "period":
            blank[column] = float("nan")
    like = series["period"].iloc[0]
    if isinstance(like, pd.Timestamp):
        blank["period"] = pd.to_datetime(blank["period"])
    joined = pd.concat([series, blank[series.columns]], ignore_index=True)
    return joined.sort_values("period", key=lambda s: s.map(day_of)).reset_index(drop=True)


def day_of(value: object) -> date:
    """A period as a date, whether it came as a date or as a datetime (a pandas Timestamp)."""
    if isinstance(value, datetime):  # a pandas Timestamp is one
        return value.date()
    assert isinstance(value, date)
    return value
