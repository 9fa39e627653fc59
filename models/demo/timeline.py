"""When things happen in the demo, always counted back from the day it runs.

The demo must tell the same story whether it is shown today or next spring: the weekend reablement
change is always about nine months old, the home-care market shock always ten weeks old. So every
date here is a function of `today`, and the history always ends with the last *complete* period,
as a real performance report would (nobody reports a half-finished week).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Literal

Frequency = Literal["week", "month"]

HISTORY = {"week": 156, "month": 36}
"""Three years of data: long enough for stable limits and to show three winters."""

_EPOCH = date(2000, 1, 3)
"""A Monday. Noise is keyed on periods counted from here, so a given week keeps its noise."""


def week_start(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after the month containing `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_complete_period(frequency: Frequency, today: date) -> date:
    """The start of the latest period that has fully ended before `today`."""
    if frequency == "week":
        return week_start(today) - timedelta(weeks=1)
    if frequency == "month":
        return add_months(today, -1)
    raise ValueError(f"the demo has no {frequency!r} indicators")


def periods(frequency: Frequency, today: date) -> list[date]:
    """The period starts of three years of history, oldest first."""
    last = last_complete_period(frequency, today)
    count = HISTORY[frequency]
    if frequency == "week":
        return [last - timedelta(weeks=count - 1 - i) for i in range(count)]
    return [add_months(last, i - (count - 1)) for i in range(count)]


def period_index(frequency: Frequency, period: date) -> int:
    """A period's position on a fixed calendar, so its random draws do not depend on `today`."""
    if frequency == "week":
        index = (period - _EPOCH).days // 7
    else:
        index = (period.year - _EPOCH.year) * 12 + period.month - 1
    if index < 0:
        raise ValueError(f"the demo calendar starts in {_EPOCH.year}; got {period}")
    return index


def period_middle(frequency: Frequency, period: date) -> date:
    """The middle of a period, where seasonal effects are evaluated."""
    return period + timedelta(days=3 if frequency == "week" else 14)


def winter_pressure(day: date) -> float:
    """0 in summer, 1 in mid-January: the shape of winter pressure on hospitals.

    A bell around 15 January with a 30-day spread rises through December and falls away by March,
    which is how bed occupancy, A&E waits and delayed discharges move in a typical English winter.
    """
    peaks = (date(day.year + k, 1, 15) for k in (-1, 0, 1))
    distance = min(abs((day - peak).days) for peak in peaks)
    return math.exp(-0.5 * (distance / 30.0) ** 2)


def first_monday(day: date) -> date:
    """The first Monday on or after `day`."""
    return day + timedelta(days=(7 - day.weekday()) % 7)


def reablement_change(today: date) -> date:
    """Weekend reablement slots started: the first Monday of the month nine months back."""
    return first_monday(add_months(today, -9))


def care_market_shock(today: date) -> date:
    """The week a home-care provider handed back its contract: ten complete weeks ago."""
    return last_complete_period("week", today) - timedelta(weeks=9)


def link_workers(today: date) -> date:
    """Link workers moved into every GP practice: twenty weeks ago, long enough to judge."""
    return week_start(today) - timedelta(weeks=20)


def directory_relaunch(today: date) -> date:
    """The online directory of support was relaunched: three weeks ago, too soon to judge."""
    return week_start(today) - timedelta(weeks=3)
