"""Answer charts, drawn once per (indicator, latest period, data) and kept in a small LRU.

An XmR chart takes 100-200 ms to draw, most of a chat answer's budget; but the figures behind it
only change when new data arrives, so twenty people asking about delayed discharges this week
can share one drawing. The key digests the plotted numbers too, because figures get revised
without a new period. Pure: no I/O, no project imports beyond the chart code.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from digests.cards import Image
from digests.charts import xmr as charts
from digests.indicators.status import Status

STYLE = "answer-v2"  # bump when the chart's look changes, so kept drawings are redrawn


def chart_key(status: Status, title: str, unit: str, frequency: str,
              target: float | None) -> str:
    digest = hashlib.sha256(repr((STYLE, title, unit, frequency, target)).encode())
    points = status.result.points if status.result is not None else None
    if points is not None:
        for column in ("value", "mean", "lpl", "upl"):
            digest.update(points[column].to_numpy(dtype="float64").tobytes())
        digest.update("|".join(points["point_type"].astype(str)).encode())
        digest.update(points["date"].to_numpy(dtype="datetime64[ns]").tobytes())
    digest.update(repr(status.provisional).encode())
    return f"{status.spec.key}:{status.latest_period}:{digest.hexdigest()[:24]}"


class AnswerCharts:
    def __init__(self, keep: int = 128) -> None:
        self._keep = keep
        self._images: OrderedDict[str, Image] = OrderedDict()
        self._lock = threading.Lock()

    def chart(self, status: Status, *, title: str, unit: str, frequency: str,
              target: float | None) -> Image | None:
        """The indicator's XmR chart, from the LRU when its numbers have not changed."""
        if status.result is None:
            return None
        key = chart_key(status, title, unit, frequency, target)
        with self._lock:
            found = self._images.get(key)
            if found is not None:
                self._images.move_to_end(key)
                return found
        image = charts.xmr_chart(status.result, title=title, unit=unit, frequency=frequency,
                                 target=target, hollow=status.provisional)
        with self._lock:
            self._images[key] = image
            while len(self._images) > self._keep:
                self._images.popitem(last=False)
        return image
