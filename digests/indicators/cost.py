"""What measuring costs, and whether the measure is used (ingredient 6).

Each indicator's `cost_hours` (staff hours a period) times its periods a year gives hours a
year. Use is counted three ways: asked about (in chat), shown (in a digest that went out), and
acted on (changes and actions linked to it). A measure that costs much and was neither asked
about nor acted on is a candidate to retire: being shown in a digest is automatic, so on its
own it is no sign that anyone needs the measure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PERIODS_A_YEAR = {"week": 52, "month": 12, "quarter": 4}
MIN_HOURS = 24.0
"""Hours a year from which a measure nobody uses is worth a second look (two hours a month)."""


def hours_a_year(cost_hours: float | None, frequency: str) -> float | None:
    if cost_hours is None:
        return None
    return cost_hours * PERIODS_A_YEAR[frequency]


@dataclass(frozen=True)
class Usage:
    asked: int = 0
    shown: int = 0
    acted: int = 0

    @property
    def used(self) -> bool:
        """Someone needed it: asked about it, or did something about it."""
        return self.asked > 0 or self.acted > 0


@dataclass(frozen=True)
class CostRecord:
    key: str
    name: str
    frequency: str
    cost_hours: float | None
    usage: Usage

    @property
    def hours(self) -> float | None:
        return hours_a_year(self.cost_hours, self.frequency)


def total_hours(records: Iterable[CostRecord]) -> float:
    return sum(r.hours or 0.0 for r in records)


def retire_candidates(records: Iterable[CostRecord],
                      min_hours: float = MIN_HOURS) -> list[CostRecord]:
    """Measures costing at least `min_hours` a year that nobody asked about or acted on,
    costliest first."""
    found = [r for r in records if (r.hours or 0) >= min_hours and not r.usage.used]
    return sorted(found, key=lambda r: (-(r.hours or 0), r.name))
