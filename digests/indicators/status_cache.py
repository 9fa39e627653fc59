"""Indicator statuses kept between questions, until the indicator's data or settings change.

A busy channel asks about the same few measures all day; the SPC result only changes when a
figure is imported or revised, which the fingerprint (count, last update, last period) notices.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from digests.indicators.status import IndicatorSpec, Status

MAX_ENTRIES = 512


class StatusCache:
    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[Hashable, ...], Status] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, spec: IndicatorSpec, fingerprint: Hashable,
            make: Callable[[], Status]) -> Status:
        key = (spec, fingerprint)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        made = make()
        with self._lock:
            self._entries[key] = made
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return made

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
