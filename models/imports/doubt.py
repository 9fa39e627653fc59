"""Doubtful data, caught at the door: the commonest way wrong figures reach decision makers.

Three rules, each with a message that says what is wrong and the likely fix:
- a period that has not ended (or is in the future) cannot have its figure yet;
- a value that disagrees with its own numerator and denominator is refused, and when it is the
  fraction of the right percentage (an Excel cell formatted as a percentage holds 0.27 for 27%)
  the message asks "did you mean 27%?";
- a value far outside everything seen before for that indicator is held back until someone
  confirms it (`--confirm` on the command line, a button in chat): it may be right, a real
  change, but it is far more often a typo, a wrong unit or a column shifted by one.
Pure: numbers and dates in, sentences out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from models.periods import next_period, period_end

# A published percentage is rounded, at worst to a whole number: within half a point of its own
# numerator over denominator is consistent. Only percentages are checked: a rate may be per
# 1,000 or per 100,000 and annualised, a count or a cost has no fixed relation to its counts.
TOLERANCE = 0.5 + 1e-9
SCALE = {"%": 100.0}
# "Everything seen before" needs a few figures to mean anything.
MIN_HISTORY = 6


def not_ended(period: date, frequency: str, today: date) -> str | None:
    """Why a period cannot have a figure yet on `today`, or None when it has ended."""
    end = period_end(period, frequency)
    if end < today:
        return None
    if period > today:
        return (f"period {period.isoformat()} is in the future; a figure can only be given "
                "for a period that has ended")
    return (f"period {period.isoformat()} has not ended yet (the {frequency} ends on "
            f"{_day(end)}); its figure can be given from {_day(next_period(period, frequency))}")


def fraction_mismatch(value: float, numerator: float, denominator: float,
                      unit: str) -> str | None:
    """Why the value disagrees with numerator/denominator, or None (also for units where the
    value is not simply their ratio)."""
    scale = SCALE.get(unit)
    if scale is None or denominator <= 0:
        return None
    exact = scale * numerator / denominator
    if abs(value - exact) <= TOLERANCE:
        return None
    said = _unit(exact, unit)
    fraction = f"{numerator:g}/{denominator:g}"
    if unit == "%" and abs(value * 100 - exact) <= TOLERANCE:
        return (f"value {value:g} does not match {fraction}, which is {said}: did you mean "
                f"{_unit(value * 100, unit)}? (a cell formatted as a percentage holds 0.27 "
                "for 27%; give the percentage itself)")
    return (f"value {value:g} does not match {fraction}, which is {said}; check the value, "
            "the numerator and the denominator")


@dataclass(frozen=True)
class Usual:
    """The figures seen before for one indicator (and area): the range a new one is held to."""

    low: float
    high: float
    count: int

    @property
    def width(self) -> float:
        """How far beyond the range is "far": the range's own width, at least a tenth of the
        largest size seen (a series that never moved) and at least 1."""
        return max(self.high - self.low, 0.1 * max(abs(self.low), abs(self.high)), 1.0)

    def far_outside(self, value: float) -> bool:
        return value < self.low - self.width or value > self.high + self.width


def usual(values: Sequence[float]) -> Usual | None:
    """The range of the values seen before, or None when there are too few to judge by."""
    if len(values) < MIN_HISTORY:
        return None
    return Usual(min(values), max(values), len(values))


def far_outside_reason(value: float, seen: Usual, unit: str, how_to_confirm: str) -> str:
    """Why the value is held back; a percentage given as its fraction (0.84 where the figures
    run 55% to 90%, the Excel cell again) gets the likely fix first."""
    said = (f"value {value:g} is far outside everything seen before for this indicator "
            f"({_unit(seen.low, unit)} to {_unit(seen.high, unit)} in {seen.count} earlier "
            "figures)")
    if unit == "%" and 0 < abs(value) <= 1 and not seen.far_outside(value * 100):
        said += (f": did you mean {_unit(value * 100, unit)}? (a cell formatted as a "
                 "percentage holds 0.84 for 84%; give the percentage itself)")
    return f"{said}; if it is right, {how_to_confirm}"


def _unit(value: float, unit: str) -> str:
    shown = f"{value:.1f}".removesuffix(".0")
    return {"%": f"{shown}%", "rate": f"{shown} per 1,000", "pounds": f"£{value:,.2f}"
            .removesuffix(".00")}.get(unit, f"{value:g}")


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
