"""Answer charts, drawn once per (indicator, latest period, data) and kept in a small LRU.

An XmR chart takes 100-200 ms to draw, most of a chat answer's budget; but the figures behind it
only change when new data arrives, so twenty people asking about delayed discharges this week
can share one drawing. The key digests the plotted numbers too, because figures get revised
without a new period. Pure: no I/O, no project imports beyond the chart code.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from digests.cards import Image
from digests.indicators.status import Status
from digests.lru import Lru

STYLE = "answer-v1"  # bump when the chart's look changes, so kept drawings are redrawn


def chart_key(status: Status, title: str, unit: str, frequency: str,
              target: float | None) -> str:
    digest = hashlib.sha256(repr((STYLE, title, unit, frequency, target)).encode())
    points = status.result.points if status.result is not None else None
    if points is not None:
        for column in ("value", "mean", "lpl", "upl"):
            digest.update(points[column].to_numpy(dtype="float64").tobytes())
        digest.update("|".join(points["point_type"].astype(str)).encode())
        digest.update(points["date"].to_numpy(dtype="datetime64[ns]").tobytes())
    return f"{status.spec.key}:{status.latest_period}:{digest.hexdigest()[:24]}"


class ChartShelf(Protocol):
    """Where drawn charts are kept beyond this process (the database), by key."""

    def get(self, cache_key: str) -> tuple[bytes, str] | None: ...

    def put(self, cache_key: str, png: bytes, alt: str) -> None: ...


class AnswerCharts:
    """In memory first, then the shelf (when there is one), and only then drawn: matplotlib is
    imported only by the process that has to draw."""

    def __init__(self, keep: int = 128, shelf: ChartShelf | None = None) -> None:
        self._images: Lru[str, Image] = Lru(keep)
        self._shelf = shelf

    def chart(self, status: Status, *, title: str, unit: str, frequency: str,
              target: float | None) -> Image | None:
        """The indicator's XmR chart, from the LRU when its numbers have not changed."""
        if status.result is None:
            return None
        result = status.result
        key = chart_key(status, title, unit, frequency, target)

        def make() -> Image:
            kept = self._shelf.get(key) if self._shelf is not None else None
            if kept is not None:
                return Image(png=kept[0], alt=kept[1], title=title)
            from digests.charts.xmr import xmr_chart

            drawn = xmr_chart(result, title=title, unit=unit, frequency=frequency,
                              target=target)
            if self._shelf is not None:
                self._shelf.put(key, drawn.png, drawn.alt)
            return drawn

        return self._images.get_or_make(key, make)
