"""When is data late? Each frequency allows one full period for the figures to arrive.

A monthly figure for October is expected by the end of November; on 1 December it is late.
"""

from __future__ import annotations

from datetime import date, timedelta


def expected_period(frequency: str, as_of: date) -> date:
    """The most recent period whose data should have arrived by `as_of`."""
    if frequency == "week":
        this_week = as_of - timedelta(days=as_of.weekday())
        return this_week - timedelta(weeks=2)
    if frequency == "month":
        return _add_months(as_of.replace(day=1), -2)
    quarter_start = as_of.replace(day=1, month=3 * ((as_of.month - 1) // 3) + 1)
    return _add_months(quarter_start, -6)


def is_late(latest: date | None, frequency: str, as_of: date) -> bool:
    return latest is None or latest < expected_period(frequency, as_of)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
