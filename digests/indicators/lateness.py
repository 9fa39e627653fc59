"""When is data late, and how do we say so? Pure: dates in, words out.

A period's figure is due `late_after_days` (default 10) days after the period ends: October's
monthly figure by 10 November. From the day after, it is late, and the bot says so plainly
("the October figure is 12 days late") rather than presenting the September figure as current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from models.periods import last_ended, next_period, period_end, previous_period

DEFAULT_LATE_AFTER_DAYS = 10


def due_on(period: date, frequency: str, late_after_days: int | None = None) -> date:
    """The last day the period's figure is on time."""
    days = DEFAULT_LATE_AFTER_DAYS if late_after_days is None else late_after_days
    return period_end(period, frequency) + timedelta(days=days)


def expected_period(frequency: str, as_of: date, late_after_days: int | None = None) -> date:
    """The most recent period whose figure should have arrived by `as_of`."""
    period = last_ended(as_of, frequency)
    while due_on(period, frequency, late_after_days) >= as_of:
        period = previous_period(period, frequency)
    return period


@dataclass(frozen=True)
class Lateness:
    """The figures that are late: from `period` (the oldest missing) to `expected`."""

    period: date
    expected: date
    frequency: str
    days: int  # how late the oldest missing figure is
    latest: date | None  # the latest figure there is, if any

    @property
    def missing(self) -> int:
        count, period = 1, self.period
        while period < self.expected:
            period, count = next_period(period, self.frequency), count + 1
        return count

    def words(self, as_of: date) -> str:
        """ "the October figure is 12 days late" (lower case: it goes inside sentences)."""
        days = f"{self.days} day{'s' if self.days != 1 else ''}"
        figure = figure_name(self.period, self.frequency, as_of)
        if self.latest is None:
            return f"no figures have arrived yet: {figure} is {days} late"
        if self.missing == 1:
            return f"{figure} is {days} late"
        return (f"{self.missing} figures are late, from "
                f"{period_name(self.period, self.frequency, as_of)} on ({days} for the first)")

    def sentence(self, as_of: date) -> str:
        text = self.words(as_of)
        return f"{text[0].upper()}{text[1:]}."


def lateness(latest: date | None, frequency: str, as_of: date,
             late_after_days: int | None = None) -> Lateness | None:
    """How late the figures are on `as_of`, or None when they are on time."""
    expected = expected_period(frequency, as_of, late_after_days)
    if latest is not None and latest >= expected:
        return None
    first = expected if latest is None else next_period(latest, frequency)
    days = (as_of - due_on(first, frequency, late_after_days)).days
    return Lateness(first, expected, frequency, days, latest)


def is_late(latest: date | None, frequency: str, as_of: date,
            late_after_days: int | None = None) -> bool:
    return lateness(latest, frequency, as_of, late_after_days) is not None


def figure_name(period: date, frequency: str, as_of: date) -> str:
    """ "the October figure", "the figure for the week of 16 Nov", "the Jul to Sep figure"."""
    name = period_name(period, frequency, as_of)
    return f"the figure for the {name}" if frequency == "week" else f"the {name} figure"


def period_name(period: date, frequency: str, as_of: date) -> str:
    """ "October", "October 2025" (a year or more back), "week of 16 Nov", "Jul to Sep"."""
    recent = (as_of - period).days < 300
    if frequency == "month":
        return f"{period:%B}" if recent else f"{period:%B %Y}"
    if frequency == "week":
        return f"week of {period.day} {period:%b}" + ("" if recent else f" {period:%Y}")
    end = period_end(period, frequency)
    return f"{period:%b} to {end:%b}" + ("" if recent else f" {period:%Y}")
