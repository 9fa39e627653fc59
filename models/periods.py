"""Periods are named by the day they start: Monday weeks, months, calendar quarters.

Pure date arithmetic shared by the importer (has this period ended?), the late-data rules and
the chat command that records a figure (which period is due?).
"""

from __future__ import annotations

from datetime import date, timedelta

FREQUENCIES = ("week", "month", "quarter")


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_start(day: date, frequency: str) -> date:
    """The start of the period that contains `day`."""
    if frequency == "week":
        return day - timedelta(days=day.weekday())
    if frequency == "month":
        return day.replace(day=1)
    return day.replace(day=1, month=3 * ((day.month - 1) // 3) + 1)


def next_period(period: date, frequency: str) -> date:
    if frequency == "week":
        return period + timedelta(weeks=1)
    return add_months(period, 1 if frequency == "month" else 3)


def previous_period(period: date, frequency: str) -> date:
    if frequency == "week":
        return period - timedelta(weeks=1)
    return add_months(period, -1 if frequency == "month" else -3)


def period_end(period: date, frequency: str) -> date:
    """The last day of the period starting on `period`."""
    return next_period(period, frequency) - timedelta(days=1)


def last_ended(today: date, frequency: str) -> date:
    """The most recent period that has ended by `today` (the one before today's period)."""
    return previous_period(period_start(today, frequency), frequency)
