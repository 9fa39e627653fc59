"""Answer charts, drawn once per (indicator, latest period, data) and kept in a small LRU.

An XmR chart takes 100-200 ms to draw, most of a chat answer's budget; but the figures behind it
only change when new data arrives, so twenty people asking about delayed discharges this week
can share one drawing. The key digests the plotted numbers too, because figures get revised
without a new period. Pure: no I/O, no project imports beyond the chart code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Protocol

from digests.cards import Image
from digests.indicators.status import Status
from digests.lru import Lru

STYLE = "answer-v3"  # bump when the chart's look changes, so kept drawings are redrawn


def chart_key(status: Status, title: str, unit: str, frequency: str,
              target: float | None) -> str:
    """The same for a Status fresh from the engine and for one kept without its points."""
    digest = hashlib.sha256(repr((STYLE, title, unit, frequency, target)).encode())
    digest.update((status.points_digest or "").encode())
    digest.update(repr(status.provisional).encode())
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
              target: float | None,
              analysed: Callable[[], Status] | None = None) -> Image | None:
        """The indicator's XmR chart, from the LRU when its numbers have not changed.

        A Status kept without its points (`digests.indicators.kept`) finds its chart by the
        same key; only when no drawing is kept is `analysed` asked for the points to draw."""
        if status.summary is None or status.points_digest is None:
            return None  # no verdict, nothing to plot
        key = chart_key(status, title, unit, frequency, target)
        kept_here = self._images.get(key)
        if kept_here is not None:
            return kept_here
        kept = self._shelf.get(key) if self._shelf is not None else None
        if kept is not None:
            return self._images.put(key, Image(png=kept[0], alt=kept[1], title=title))
        full = status if status.result is not None else analysed() if analysed else None
        if full is None or full.result is None:
            return None
        from digests.charts.xmr import xmr_chart

        drawn = xmr_chart(full.result, title=title, unit=unit, frequency=frequency,
                          target=target, hollow=full.provisional)
        if self._shelf is not None:
            self._shelf.put(key, drawn.png, drawn.alt)
        return self._images.put(key, drawn)
