"""An SPC result as the numbers of its chart (`cards.Series`), for platforms that draw
charts natively. Pure: the last points of the series, their period labels, and the centre
line and limits, with NaN (no limits yet) as None so the numbers can go into JSON."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from digests import cards
from digests.words.numbers import format_period

if TYPE_CHECKING:
    from digests.spc import SpcResult

POINTS = 24  # what fits a small chart and tells a story


def series_of(result: SpcResult, *, name: str, unit: str, frequency: str,
              words: str = "") -> cards.Series:
    points = result.points.tail(POINTS)
    return cards.Series(
        name=name, unit=unit,
        labels=tuple(format_period(d.date(), frequency) for d in points["date"]),
        values=tuple(float(v) for v in points["value"]),
        mean=_numbers(points["mean"]), lower=_numbers(points["lpl"]),
        upper=_numbers(points["upl"]), words=words)


def _numbers(column: object) -> tuple[float | None, ...]:
    return tuple(None if not math.isfinite(float(v)) else round(float(v), 6)
                 for v in column)  # type: ignore[attr-defined]
